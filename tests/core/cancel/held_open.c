#include "held_open.h"

#include <dlfcn.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_support.h"

typedef int open_function(const char *, int, ...);

/* What to hold.  path is written before remaining is set (a release) and
 * left alone while remaining is above zero, so a reader that saw a count
 * reads a settled path. */
static struct {
	char path[PATH_MAX];
	atomic_int remaining;
	atomic_long hold_ms;
	atomic_int started;
	atomic_int waiting;
	pthread_t holder;          /* written by the first held open() ... */
	atomic_bool holder_known;  /* ... before this is set */
} hold;

/* libc's open(), or the sanitizer's in front of it: the next definition
 * after this program's.  Found at the first call, which may come before
 * main(). */
static open_function *real_open(void)
{
	static _Atomic(open_function *) found;
	open_function *f = atomic_load(&found);
	if (f == NULL) {
		*(void **)&f = dlsym(RTLD_NEXT, "open");
		if (f == NULL) {
			fprintf(stderr, "open: %s\n", dlerror());
			abort();
		}
		atomic_store(&found, f);
	}
	return f;
}

void hold_opens_of(const char *path, int count, long hold_ms)
{
	snprintf(hold.path, sizeof(hold.path), "%s", path);
	atomic_store(&hold.hold_ms, hold_ms);
	atomic_store(&hold.started, 0);
	atomic_store(&hold.waiting, 0);
	atomic_store(&hold.holder_known, false);
	atomic_store(&hold.remaining, count);
}

/* Takes one of the opens still to hold, if path is the one held. */
static bool take_a_hold(const char *path)
{
	int left = atomic_load(&hold.remaining);
	if (left <= 0 || strcmp(path, hold.path) != 0)
		return false;
	while (left > 0)
		if (atomic_compare_exchange_weak(&hold.remaining, &left, left - 1))
			return true;
	return false;
}

/* Counted as waiting before it is made known, so that whoever learns of
 * it sees it waiting. */
static void held(void)
{
	atomic_fetch_add(&hold.waiting, 1);
	if (atomic_fetch_add(&hold.started, 1) == 0) {
		hold.holder = pthread_self();
		atomic_store(&hold.holder_known, true);
	}
	sleep_ms(atomic_load(&hold.hold_ms));
	atomic_fetch_sub(&hold.waiting, 1);
}

int open(const char *path, int flags, ...)
{
	int mode = 0;
	if ((flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE) {
		va_list arguments;
		va_start(arguments, flags);
		mode = va_arg(arguments, int);
		va_end(arguments);
	}
	if (take_a_hold(path))
		held();
	return real_open()(path, flags, mode);
}

bool wait_for_a_held_open(long timeout_ms, pthread_t *holder)
{
	for (long waited = 0; !atomic_load(&hold.holder_known); waited += 2) {
		if (waited >= timeout_ms)
			return false;
		sleep_ms(2);
	}
	*holder = hold.holder;
	return true;
}

int held_opens_started(void)
{
	return atomic_load(&hold.started);
}

int held_opens_waiting(void)
{
	return atomic_load(&hold.waiting);
}
