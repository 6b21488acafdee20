#include "index_cache.h"

#include "reader_pins.h"

#include <errno.h>
#include <limits.h>
#include <sched.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* One current index and up to three retired ones still pinned by slow
 * lookups; when all four are taken, a reload waits for the next check. */
#define CACHE_SLOTS 4
#define CHECK_INTERVAL_SECONDS 1
/* How long a lookup waits for another thread's first load, in yields. */
#define FIRST_LOAD_WAIT 100000

/*
 * The state a lookup and the loader share, in one page: a process's first
 * lookup touches it all, and a page fault apiece is much of what a
 * short-lived process pays for the module (a cold `getent`).
 */
static struct {
	alignas(4096) _Atomic(struct cached_index *) current;
	/* Why there is no current index: an errno value, 0 (ENOENT) before
	 * the first load. */
	atomic_int current_error;
	/* Seconds on the monotonic clock when the file is next looked at; 0
	 * until the first load is done (first_load_done()). */
	atomic_long next_check;
	/* Held by the thread that loads, and across fork() (see the fork
	 * handlers below), so that a child never inherits a load half done. */
	atomic_bool loader_busy;
	/* Set once threads may pin in slots of their own (reader_pins.h). */
	atomic_bool reader_pins_started;
	/* Only the loader touches the rest.  Which slots hold a mapping,
	 * current or retired, is kept here rather than in each slot, so that
	 * looking does not touch the pages of the slots. */
	bool mapped[CACHE_SLOTS];
	bool have_rejected;
	struct file_identity rejected;  /* the last file that failed to load */
	struct cached_index slots[CACHE_SLOTS];
	char index_path[PATH_MAX];      /* last: only its first bytes are used */
} state;

static long monotonic_seconds(void)
{
	struct timespec now;
	/* The coarse clock is read from the vDSO without a system call. */
	if (clock_gettime(CLOCK_MONOTONIC_COARSE, &now) != 0)
		return (long)time(NULL);
	return (long)now.tv_sec;
}

static bool loader_try_lock(void)
{
	return !atomic_exchange(&state.loader_busy, true);
}

static void loader_unlock(void)
{
	atomic_store(&state.loader_busy, false);
}

/* Environment is trusted only outside setuid and setgid programs:
 * secure_getenv() returns NULL there. */
static void choose_path(void)
{
	const char *chosen = secure_getenv("NSS_IANA_INDEX");
	if (chosen == NULL || chosen[0] == '\0' || strlen(chosen) >= sizeof(state.index_path))
		chosen = NSS_IANA_DEFAULT_INDEX;
	memcpy(state.index_path, chosen, strlen(chosen) + 1);
}

static void publish(struct cached_index *next, int error)
{
	atomic_store(&state.current_error, error);
	atomic_exchange(&state.current, next);
	/* The old index stays mapped until unpinned: see release_retired(). */
}

static bool pinned_in_stripes(struct cached_index *c)
{
	for (int s = 0; s < PIN_STRIPES; s++)
		if (atomic_load(&c->pins[s].count) != 0)
			return true;
	return false;
}

/* Unmaps the indexes that are no longer current and that no lookup has
 * pinned, in a stripe or in a thread's own slot.  A thread's pin is seen
 * only after the fence, which costs a system call: it is made only when
 * there is something to free. */
static void release_retired(void)
{
	const struct cached_index *now = atomic_load(&state.current);
	bool fenced = false, fence_failed = false;
	for (int i = 0; i < CACHE_SLOTS; i++) {
		struct cached_index *c = &state.slots[i];
		if (!state.mapped[i] || c == now || pinned_in_stripes(c))
			continue;
		if (!fenced) {
			fence_failed = !reader_pins_fence();
			fenced = true;
		}
		if (fence_failed || reader_pins_hold(c))
			continue;
		file_unmap(&c->file);
		state.mapped[i] = false;
	}
}

/* A slot that holds no mapping, or -1. */
static int free_slot(void)
{
	for (int i = 0; i < CACHE_SLOTS; i++)
		if (!state.mapped[i])
			return i;
	return -1;
}

static int index_error(enum index_status status)
{
	return status == INDEX_BAD_VERSION ? EPROTONOSUPPORT : EINVAL;
}

/* Errors that say nothing about the file: the process or the system is
 * short of descriptors or memory for now. */
static bool is_transient(int error)
{
	return error == EMFILE || error == ENFILE || error == ENOMEM || error == EAGAIN ||
	       error == EINTR || error == ENOBUFS;
}

/* A file that could not be mapped: the index in hand stays on a transient
 * error (the next check tries again); otherwise the path now names
 * nothing usable, and lookups answer UNAVAIL saying why. */
static void load_failed(int error)
{
	if (is_transient(error) && atomic_load(&state.current) != NULL)
		return;
	publish(NULL, error);
}

/* Maps what the path names now, unless it is what is already loaded or
 * what was already refused. */
static void reload(void)
{
	struct cached_index *now = atomic_load(&state.current);
	struct file_identity seen;
	int error;
	/* Whether the file changed matters only once something was loaded or
	 * refused: the first load maps at once, a system call sooner. */
	if (now != NULL || state.have_rejected) {
		error = file_identity_of(state.index_path, &seen);
		if (error != 0) {
			load_failed(error);
			return;
		}
		if ((now != NULL && file_identity_equal(&seen, &now->file.identity)) ||
		    (now == NULL && file_identity_equal(&seen, &state.rejected)))
			return;
	}
	/* Every slot still pinned by a slow lookup: the next check retries. */
	int slot = free_slot();
	if (slot < 0)
		return;
	struct cached_index *next = &state.slots[slot];
	error = file_map(state.index_path, &next->file);
	if (error != 0) {
		load_failed(error);
		return;
	}
	enum index_status status = index_open(&next->ix, next->file.data, next->file.size);
	if (status != INDEX_OK) {
		state.rejected = next->file.identity;
		state.have_rejected = true;
		file_unmap(&next->file);
		publish(NULL, index_error(status));
		return;
	}
	state.mapped[slot] = true;
	publish(next, 0);
}

/* The first check sets the next one, at least a second on. */
static bool first_load_done(void)
{
	return atomic_load(&state.next_check) != 0;
}

static void wait_for_first_load(void)
{
	for (long i = 0; i < FIRST_LOAD_WAIT && !first_load_done(); i++) {
		if (loader_try_lock()) {
			loader_unlock();
			return;
		}
		sched_yield();
	}
}

static void check_file(long now)
{
	if (!loader_try_lock()) {
		if (!first_load_done())
			wait_for_first_load();
		return;
	}
	if (now >= atomic_load(&state.next_check)) {
		int saved_errno = errno;
		if (state.index_path[0] == '\0') {
			choose_path();
		} else if (!atomic_load(&state.reader_pins_started)) {
			/* From the second check on, a second after the first
			 * lookup: a process that is done by then never pays for
			 * it.  Lookups pin in a stripe until it is done. */
			reader_pins_start();
			atomic_store(&state.reader_pins_started, true);
		}
		/* Retired indexes go first, so that their slots are free for a
		 * new one; and again after, so that the one just replaced goes
		 * at once when no lookup has it. */
		release_retired();
		reload();
		release_retired();
		atomic_store(&state.next_check, now + CHECK_INTERVAL_SECONDS);
		errno = saved_errno;
	}
	loader_unlock();
}

/* The stripe of the CPU this thread runs on now (read from the kernel's
 * restartable-sequences area by glibc, without a system call).  A thread
 * that migrates keeps the stripe it pinned with: the pin is undone on that
 * same stripe, so each stripe's count stays exact. */
static unsigned current_stripe(void)
{
	int cpu = sched_getcpu();
	return cpu > 0 ? (unsigned)cpu % PIN_STRIPES : 0;
}

static void check_if_due(void)
{
	long now = monotonic_seconds();
	if (now >= atomic_load_explicit(&state.next_check, memory_order_relaxed))
		check_file(now);
}

static bool no_index(int *error)
{
	int why = atomic_load(&state.current_error);
	*error = why != 0 ? why : ENOENT;
	return false;
}

/* A pin in the thread's own slot: two plain stores, no atomic
 * read-modify-write (see index_cache.h). */
static bool acquire_in_slot(struct reader_slot *reader, struct index_pin *pin, int *error)
{
	for (;;) {
		struct cached_index *c = atomic_load_explicit(&state.current, memory_order_acquire);
		if (c == NULL)
			return no_index(error);
		reader_slot_pin(reader, c);
		if (atomic_load_explicit(&state.current, memory_order_relaxed) == c) {
			pin->cached = c;
			pin->reader = reader;
			return true;
		}
	}
}

/* A pin counted in the stripe of the CPU this thread runs on now. */
static bool acquire_in_stripe(struct index_pin *pin, int *error)
{
	unsigned stripe = current_stripe();
	for (;;) {
		struct cached_index *c = atomic_load(&state.current);
		if (c == NULL)
			return no_index(error);
		atomic_fetch_add(&c->pins[stripe].count, 1);
		/* Still current after pinning: the loader, which retires only
		 * after swapping, will see the pin before it unmaps. */
		if (atomic_load(&state.current) == c) {
			pin->cached = c;
			pin->reader = NULL;
			pin->stripe = stripe;
			return true;
		}
		atomic_fetch_sub(&c->pins[stripe].count, 1);
	}
}

bool index_cache_acquire(struct index_pin *pin, int *error)
{
	check_if_due();
	struct reader_slot *reader = NULL;
	if (atomic_load_explicit(&state.reader_pins_started, memory_order_acquire))
		reader = reader_slot_of_this_thread();
	if (reader != NULL)
		return acquire_in_slot(reader, pin, error);
	return acquire_in_stripe(pin, error);
}

bool index_cache_acquire_shared(struct index_pin *pin, int *error)
{
	check_if_due();
	return acquire_in_stripe(pin, error);
}

void index_cache_release(struct index_pin *pin)
{
	if (pin->reader != NULL)
		reader_slot_unpin(pin->reader);
	else
		atomic_fetch_sub(&pin->cached->pins[pin->stripe].count, 1);
	pin->cached = NULL;
}

/*
 * fork().  The child has one thread, a copy of the one that forked; the
 * others, and the lookups they were making, are gone.  So before the fork
 * the loader lock is taken (waiting for a load in progress to finish), and
 * in the child the pins of the lookups that did not survive are dropped.
 */
void index_cache_before_fork(void)
{
	while (!loader_try_lock())
		sched_yield();
}

void index_cache_after_fork_in_parent(void)
{
	loader_unlock();
}

void index_cache_after_fork_in_child(const struct index_pin *kept)
{
	for (int i = 0; i < CACHE_SLOTS; i++)
		for (int s = 0; s < PIN_STRIPES; s++)
			atomic_store(&state.slots[i].pins[s].count, 0);
	reader_pins_after_fork_in_child();
	if (kept != NULL && kept->cached != NULL)
		atomic_store(&kept->cached->pins[kept->stripe].count, 1);
	loader_unlock();
}
