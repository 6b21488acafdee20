/*
 * Where the module maps index files: a few address ranges that it reserves
 * and never gives back, so that a lookup that still reads an index the
 * loader has since replaced reads zeros, never unmapped memory.
 *
 * A region is reserved as anonymous read-only zero pages (no memory is
 * committed for them).  An index file is mapped over its start with
 * MAP_FIXED; a retired file is covered again by zero pages the same way,
 * which also lets go of the file.  So every byte of a region can be read
 * at any time, whatever it holds, and a lookup whose snapshot of an index
 * says "this many bytes from the region's start" stays inside it.
 *
 * A file too large for its region's reservation gets a new reservation at
 * least twice as large, and the old one stays, zero pages forever (a late
 * reader may still be inside it): the address space given up that way is
 * bounded by doubling up to the format's size limit.
 *
 * Only the loader (index_cache.c, under its lock) calls these.
 */
#ifndef NSS_IANA_INDEX_REGIONS_H
#define NSS_IANA_INDEX_REGIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "index_map.h"

struct index_region {
	uint8_t *base;       /* NULL until first used */
	size_t reserved;     /* readable bytes from base, zero pages past the file */
	size_t file_bytes;   /* of them, how many map a file now (page-rounded); 0: none */
};

/* Maps the index file that path names at the start of region, replacing
 * what the region held.  On success out->data is region->base (NULL for an
 * empty file), and out->identity says which file it was.  Returns 0 or an
 * errno value; on failure the region holds zero pages only. */
int region_place_file(struct index_region *region, const char *path, struct mapped_file *out);

/* Covers the file the region holds, if any, with zero pages.  False when
 * that failed (the file stays mapped; the caller tries again later). */
bool region_clear(struct index_region *region);

#endif
