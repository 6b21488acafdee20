/*
 * The index as the module holds it: mapped once and shared by every thread,
 * replaced when a rebuilt index is renamed over the file.
 *
 * A lookup takes a snapshot of the current index (index_view_begin),
 * answers from it, and then asks whether that index is still the current
 * one (index_view_still_current); if not, its answer may have been read
 * from an index the loader has since retired, and it asks again.  It takes
 * no lock, pins nothing, allocates nothing and makes no system call.
 *
 * The loader never unmaps: a retired index's pages become zero pages
 * (index_regions.h), so a lookup that is late reads zeros, which the
 * reader's bounds checks turn into "not found" or "corrupt", and the check
 * that follows sends it round again.  At most once a second a lookup also
 * checks whether the file was replaced, with a lock that it only tries:
 * nobody ever waits for it.  The first load is done when the module is
 * loaded (its constructor), so that lookups racing with a slow first load
 * wait for it in glibc's dlopen(), as they would for nss_files' file, and
 * then answer.
 *
 * The enumeration keeps the index it started on across calls, so that a
 * rebuild in the middle cannot make it skip or repeat entries: the loader
 * leaves that one region alone (index_cache_hold).
 */
#ifndef NSS_IANA_INDEX_CACHE_H
#define NSS_IANA_INDEX_CACHE_H

#include <stdbool.h>
#include <stdint.h>

#include "index_reader.h"

#define INDEX_VIEW_WORDS ((sizeof(struct index) + sizeof(uintptr_t) - 1) / sizeof(uintptr_t))

/* A snapshot of the current index: its reader state, copied word by word
 * out of the loader's, and which publication it came from. */
struct index_view {
	union {
		struct index ix;
		uintptr_t words[INDEX_VIEW_WORDS];
	};
	unsigned published;
};

/* Takes a snapshot of the current index, or returns false with *error set
 * to why there is none (an errno value: ENOENT, EACCES, EINVAL for a file
 * that is not a sound index, ...). */
bool index_view_begin(struct index_view *view, int *error);

/* Whether the index of view is still the current one: only then may what
 * was read from it be trusted. */
bool index_view_still_current(const struct index_view *view);

/* The enumeration's snapshot: like index_view_begin(), and the loader
 * leaves its pages alone until index_cache_unhold() -- unless the file is
 * changed in place under it, which no index survives.  Called under the
 * enumeration's lock: one hold at a time. */
bool index_cache_hold(struct index_view *view, int *error);
void index_cache_unhold(void);

/* The first load, from the module's constructor. */
void index_cache_start(void);

/* In a child after fork(): the thread that was loading, if any, is gone. */
void index_cache_after_fork_in_child(void);

#endif
