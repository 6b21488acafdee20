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

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

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

/* The current index, the one an enumeration holds, and one to load into. */
#define INDEX_CACHE_REGIONS 3

/*
 * What a lookup reads, which only the loader writes: the publication, the
 * second of the last check and each region's reader state (the protocol
 * is at the top of index_cache.c).  Lookups read it through the inline
 * functions below, which make no call on their way but the clock's and,
 * once a second, index_cache_check().
 */
struct index_cache_shared {
	atomic_uint published;     /* generation << 2 | region + 1; region 0: none */
	atomic_long checked_at;    /* the second of the last check */
	_Atomic uintptr_t descriptor[INDEX_CACHE_REGIONS][INDEX_VIEW_WORDS];
};
extern struct index_cache_shared index_cache_shared;

/* Checks whether the file was replaced, unless another thread is at it;
 * now is the current second.  Out of line: at most once a second. */
void index_cache_check(long now);

/* Sets *error to why there is no index: an errno value. */
void index_cache_why_none(int *error);

static inline int index_cache_region(unsigned published)
{
	return (int)(published & 3u) - 1;
}

/* Whether the index of view is still the current one: only then may what
 * was read from it be trusted. */
static inline bool index_view_still_current(const struct index_view *view)
{
	atomic_thread_fence(memory_order_acquire);
	return atomic_load_explicit(&index_cache_shared.published, memory_order_relaxed) ==
	       view->published;
}

/* Copies the reader state of the index that published names; true when
 * no other index was published meanwhile.  Unrolled: fourteen moves that
 * every lookup makes. */
static inline bool index_view_snapshot(struct index_view *view, unsigned published)
{
	const _Atomic uintptr_t *from = index_cache_shared.descriptor[index_cache_region(published)];
#pragma GCC unroll 16
	for (size_t i = 0; i < INDEX_VIEW_WORDS; i++)
		view->words[i] = atomic_load_explicit(&from[i], memory_order_relaxed);
	view->published = published;
	return index_view_still_current(view);
}

/* Checks the file when a check is due: whenever the second of the clock
 * -- time(), which the vDSO answers without a system call -- is not that
 * of the last check.  So within about a second of a rebuild, never more
 * than once a second, and a clock set back or forward merely brings the
 * check sooner. */
static inline void index_cache_check_if_due(void)
{
	long now = (long)time(NULL);
	if (now != atomic_load_explicit(&index_cache_shared.checked_at, memory_order_relaxed))
		index_cache_check(now);
}

/* Takes a snapshot of the current index, or returns false with *error set
 * to why there is none (an errno value: ENOENT, EACCES, EINVAL for a file
 * that is not a sound index, ...). */
static inline bool index_view_begin(struct index_view *view, int *error)
{
	index_cache_check_if_due();
	for (;;) {
		unsigned published =
			atomic_load_explicit(&index_cache_shared.published, memory_order_acquire);
		if (index_cache_region(published) < 0) {
			index_cache_why_none(error);
			return false;
		}
		if (index_view_snapshot(view, published))
			return true;
	}
}

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
