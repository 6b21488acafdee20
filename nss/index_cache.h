/*
 * The index as the module holds it: mapped once and shared by every thread,
 * replaced when a rebuilt index is renamed over the file.
 *
 * A lookup pins the current index (index_cache_acquire), answers from it
 * and unpins it (index_cache_release), without a lock or an allocation.
 * At most once a second a lookup also checks whether the file was
 * replaced; if so it maps the new one, publishes it for the lookups that
 * follow, and unmaps the old one once no lookup has it pinned.  A lookup
 * therefore sees one index from start to end, never a mix.  When the new
 * file cannot be mapped for want of descriptors or memory, the index in
 * hand stays, and the next check tries again.
 *
 * Pins come in two kinds.  A thread's own pin is a pointer in a slot that
 * the thread alone writes, with plain stores and no fence: the loader, the
 * rare side, makes up for the missing fence with membarrier(2), which runs
 * a memory barrier on every thread of the process before it looks at the
 * slots (the asymmetric fence of userspace RCU's membarrier flavour).  A
 * lookup then costs no atomic read-modify-write, which would also hold
 * back the memory reads of the next lookup.  Where membarrier is missing,
 * until the second check (a short-lived process never registers for it),
 * when the slots are all taken, and for the enumeration, whose pin outlives
 * a call and may be released by another thread, a pin is a count in a
 * stripe of counters chosen by the CPU, taken and dropped with two atomic
 * operations.
 */
#ifndef NSS_IANA_INDEX_CACHE_H
#define NSS_IANA_INDEX_CACHE_H

#include <stdalign.h>
#include <stdatomic.h>
#include <stdbool.h>

#include "index_map.h"
#include "index_reader.h"

/* Pins are counted in stripes, chosen by the CPU a lookup runs on, so that
 * threads on different CPUs do not write the same cache line.  A stripe
 * takes a line (64 bytes); a thread's own pin slot too. */
#define PIN_STRIPES 16
#define PIN_STRIPE_BYTES 64

struct pin_stripe {
	alignas(PIN_STRIPE_BYTES) atomic_uint count;
};

struct cached_index {
	struct index ix;
	struct mapped_file file;
	struct pin_stripe pins[PIN_STRIPES]; /* lookups using it now */
};

struct reader_slot;

/* A pinned index, and where the pin is: the thread's slot, or a stripe. */
struct index_pin {
	struct cached_index *cached;
	struct reader_slot *reader;  /* NULL for a pin counted in a stripe */
	unsigned stripe;
};

/* Pins the current index for a lookup, which releases it on the same thread
 * before it returns; or returns false with *error set to why there is none
 * (an errno value: ENOENT, EACCES, EINVAL for a file that is not a sound
 * index, ...). */
bool index_cache_acquire(struct index_pin *pin, int *error);
/* The same for a pin that outlives the call and may be released by another
 * thread (the enumeration's). */
bool index_cache_acquire_shared(struct index_pin *pin, int *error);
void index_cache_release(struct index_pin *pin);

/* The cache's share of pthread_atfork() handlers: before the fork, waits
 * for a load in progress and holds off the next; after it, lets loads go
 * on; in the child, also forgets every pin but kept (NULL for none), which
 * the forking thread holds across the fork. */
void index_cache_before_fork(void);
void index_cache_after_fork_in_parent(void);
void index_cache_after_fork_in_child(const struct index_pin *kept);

#endif
