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

static struct cached_index slots[CACHE_SLOTS];
static _Atomic(struct cached_index *) current;
static atomic_int current_error = ENOENT;
/* Seconds on the monotonic clock when the file is next looked at; 0 means
 * never loaded. */
static atomic_long next_check;
static atomic_bool first_load_done;

/* Held by the thread that loads, and across fork() (see the fork
 * handlers below), so that a child never inherits a load half done. */
static atomic_bool loader_busy;

/* Only the loader touches these. */
static char index_path[PATH_MAX];
static struct file_identity rejected;  /* the last file that failed to load */
static bool have_rejected;

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
	return !atomic_exchange(&loader_busy, true);
}

static void loader_unlock(void)
{
	atomic_store(&loader_busy, false);
}

/* Environment is trusted only outside setuid and setgid programs:
 * secure_getenv() returns NULL there. */
static void choose_path(void)
{
	const char *chosen = secure_getenv("NSS_IANA_INDEX");
	if (chosen == NULL || chosen[0] == '\0' || strlen(chosen) >= sizeof(index_path))
		chosen = NSS_IANA_DEFAULT_INDEX;
	memcpy(index_path, chosen, strlen(chosen) + 1);
}

static void publish(struct cached_index *next, int error)
{
	atomic_store(&current_error, error);
	atomic_exchange(&current, next);
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
	struct cached_index *now = atomic_load(&current);
	bool fenced = false, fence_failed = false;
	for (int i = 0; i < CACHE_SLOTS; i++) {
		struct cached_index *c = &slots[i];
		if (!c->mapped || c == now || pinned_in_stripes(c))
			continue;
		if (!fenced) {
			fence_failed = !reader_pins_fence();
			fenced = true;
		}
		if (fence_failed || reader_pins_hold(c))
			continue;
		file_unmap(&c->file);
		c->mapped = false;
	}
}

static struct cached_index *free_slot(void)
{
	for (int i = 0; i < CACHE_SLOTS; i++)
		if (!slots[i].mapped)
			return &slots[i];
	return NULL;
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
	if (is_transient(error) && atomic_load(&current) != NULL)
		return;
	publish(NULL, error);
}

/* Maps what the path names now, unless it is what is already loaded or
 * what was already refused. */
static void reload(void)
{
	struct cached_index *now = atomic_load(&current);
	struct file_identity seen;
	int error = file_identity_of(index_path, &seen);
	if (error != 0) {
		load_failed(error);
		return;
	}
	if ((now != NULL && file_identity_equal(&seen, &now->file.identity)) ||
	    (now == NULL && have_rejected && file_identity_equal(&seen, &rejected)))
		return;
	/* Every slot still pinned by a slow lookup: the next check retries. */
	struct cached_index *next = free_slot();
	if (next == NULL)
		return;
	error = file_map(index_path, &next->file);
	if (error != 0) {
		load_failed(error);
		return;
	}
	enum index_status status = index_open(&next->ix, next->file.data, next->file.size);
	if (status != INDEX_OK) {
		rejected = next->file.identity;
		have_rejected = true;
		file_unmap(&next->file);
		publish(NULL, index_error(status));
		return;
	}
	next->mapped = true;
	publish(next, 0);
}

static void wait_for_first_load(void)
{
	for (long i = 0; i < FIRST_LOAD_WAIT && !atomic_load(&first_load_done); i++) {
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
		if (!atomic_load(&first_load_done))
			wait_for_first_load();
		return;
	}
	if (now >= atomic_load(&next_check)) {
		int saved_errno = errno;
		if (index_path[0] == '\0') {
			choose_path();
			/* Before anything is published: a thread pins in its
			 * slot only once this is done. */
			reader_pins_start();
		}
		/* Retired indexes go first, so that their slots are free for a
		 * new one; and again after, so that the one just replaced goes
		 * at once when no lookup has it. */
		release_retired();
		reload();
		release_retired();
		atomic_store(&next_check, now + CHECK_INTERVAL_SECONDS);
		atomic_store(&first_load_done, true);
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
	if (now >= atomic_load_explicit(&next_check, memory_order_relaxed))
		check_file(now);
}

static bool no_index(int *error)
{
	*error = atomic_load(&current_error);
	return false;
}

/* A pin in the thread's own slot: two plain stores, no atomic
 * read-modify-write (see index_cache.h). */
static bool acquire_in_slot(struct reader_slot *reader, struct index_pin *pin, int *error)
{
	for (;;) {
		struct cached_index *c = atomic_load_explicit(&current, memory_order_acquire);
		if (c == NULL)
			return no_index(error);
		reader_slot_pin(reader, c);
		if (atomic_load_explicit(&current, memory_order_relaxed) == c) {
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
		struct cached_index *c = atomic_load(&current);
		if (c == NULL)
			return no_index(error);
		atomic_fetch_add(&c->pins[stripe].count, 1);
		/* Still current after pinning: the loader, which retires only
		 * after swapping, will see the pin before it unmaps. */
		if (atomic_load(&current) == c) {
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
	struct reader_slot *reader = reader_slot_of_this_thread();
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
			atomic_store(&slots[i].pins[s].count, 0);
	reader_pins_after_fork_in_child();
	if (kept != NULL && kept->cached != NULL)
		atomic_store(&kept->cached->pins[kept->stripe].count, 1);
	loader_unlock();
}
