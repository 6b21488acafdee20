/*
 * The index as the module holds it: mapped once and shared by every thread,
 * replaced when a rebuilt index is renamed over the file.
 *
 * A lookup pins the current index (index_cache_acquire), answers from it
 * and unpins it (index_cache_release).  Pinning is two atomic operations,
 * no lock and no allocation.  At most once a second a lookup also checks
 * whether the file was replaced; if so it maps the new one, publishes it
 * for the lookups that follow, and unmaps the old one once no lookup has it
 * pinned.  A lookup therefore sees one index from start to end, never a mix.
 */
#ifndef NSS_IANA_INDEX_CACHE_H
#define NSS_IANA_INDEX_CACHE_H

#include <stdatomic.h>
#include <stdbool.h>

#include "index_file.h"
#include "index_reader.h"

struct cached_index {
	struct index ix;
	struct mapped_file file;
	atomic_uint pins;  /* lookups using it now */
	bool mapped;       /* holds a mapping, current or retired (loader only) */
};

/* The current index, pinned; or NULL with *error set to why there is none
 * (an errno value: ENOENT, EACCES, EINVAL for a file that is not a sound
 * index, ...). */
struct cached_index *index_cache_acquire(int *error);
void index_cache_release(struct cached_index *cached);

#endif
