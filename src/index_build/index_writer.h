/*
 * Serializing service entries into the index format (index_format.h) and
 * putting the result in place atomically.
 */
#ifndef NSS_IANA_INDEX_WRITER_H
#define NSS_IANA_INDEX_WRITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "service_list.h"
#include "source_error.h"

struct index_meta_item {
	const char *key;
	const char *value;
};

struct index_options {
	bool descriptions;      /* store the DESCRIPTIONS section */
	unsigned slot_width;    /* 0: the narrowest that fits; 2 or 4 to force */
	uint32_t registry_date; /* YYYYMMDD, 0 when unknown */
	const struct index_meta_item *meta;
	size_t meta_count;
};

/* Builds the index image in out.  Returns 0, or -1 with err set: the
 * whole input is at fault (line 0); an entry's own line is named in the
 * message, since it may be that of a local file rather than the registry. */
int index_serialize(const struct service_list *list, const struct index_options *options,
		    struct buf *out, struct source_error *err);

/* FNV-1a 64 of an index image, its checksum field taken as zero. */
uint64_t index_checksum(const uint8_t *data, size_t size);

/*
 * Writes data to path the safe way: a temporary file in the same
 * directory, fsync, rename over path, fsync of the directory.  On failure
 * path is untouched and the temporary file is gone; returns -1 with err
 * set (line 0, the message naming path, the step and the system's reason).
 */
int index_write_file(const char *path, const uint8_t *data, size_t size,
		     struct source_error *err);

#endif
