/*
 * Each thread's own pin on an index: a slot the thread alone writes, so
 * that a lookup pins and unpins with two plain stores.  The one that
 * frees indexes calls reader_pins_hold(), which first runs membarrier(2):
 * every thread of the process passes a full memory barrier before the
 * slots are read, which orders each lookup's pin before its reads of the
 * index as a fence in the lookup itself would (see index_cache.h).
 *
 * The slots are few and fixed (no allocation); a thread claims one at its
 * first lookup and gives it back when it ends (a pthread key's destructor).
 * A thread without one -- all taken, or membarrier missing -- pins the
 * other way (index_cache.c).
 */
#ifndef NSS_IANA_READER_PINS_H
#define NSS_IANA_READER_PINS_H

#include <stdalign.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#define READER_SLOTS 64
#define READER_SLOT_BYTES 64

struct reader_slot {
	alignas(READER_SLOT_BYTES) _Atomic(const void *) pinned; /* NULL between lookups */
	atomic_bool taken;
};

/* Registers the process for membarrier and creates the key whose
 * destructor frees a thread's slot; once, by the loader (from its second
 * check on: until then lookups pin in stripes).  Without membarrier, no
 * thread gets a slot. */
void reader_pins_start(void);

/* This thread's slot, claimed at its first call; NULL when it has none, or
 * when its slot is in use (a lookup inside a lookup). */
struct reader_slot *reader_slot_of_this_thread(void);

/* Stores the pin.  The caller then reads the current index again, and
 * keeps the pin only if it is still the same (index_cache.c). */
static inline void reader_slot_pin(struct reader_slot *slot, const void *index)
{
	atomic_store_explicit(&slot->pinned, index, memory_order_relaxed);
	/* Keeps the compiler from moving the caller's next load above the
	 * store; the processor is held to it by reader_pins_fence(). */
	atomic_signal_fence(memory_order_seq_cst);
}

static inline void reader_slot_unpin(struct reader_slot *slot)
{
	/* Release: the lookup's reads of the index come before it. */
	atomic_store_explicit(&slot->pinned, NULL, memory_order_release);
}

/* Runs the barrier on every thread of the process, before the slots are
 * read; false when it failed, and then no slot may be trusted to be up to
 * date.  True at once when no thread can have a slot. */
bool reader_pins_fence(void);

/* Whether a thread's slot holds index, which is no longer current: after
 * reader_pins_fence(), a thread that read it as current before it was
 * replaced has its pin visible here. */
bool reader_pins_hold(const void *index);

/* In a child after fork(): only the forking thread's slot stays taken, and
 * no slot is pinned. */
void reader_pins_after_fork_in_child(void);

#endif
