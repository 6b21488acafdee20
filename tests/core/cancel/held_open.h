/*
 * open() as the module calls it.  The test program defines and exports its
 * own open() (ENABLE_EXPORTS in CMakeLists.txt), which the module's
 * reference resolves to ahead of libc's: it can hold the opening of the
 * index file for a while, as slow storage would, and lets every other
 * open() through to the real one at once.
 *
 * A held open() waits in nanosleep(), a cancellation point, before it
 * opens: a pthread_cancel() of the thread takes effect there if the
 * module left cancellation enabled, and only later if it did not.
 */
#ifndef NSS_IANA_HELD_OPEN_H
#define NSS_IANA_HELD_OPEN_H

#include <pthread.h>
#include <stdbool.h>

/* The next count calls of open() on path (the very string, compared)
 * each wait hold_ms first. */
void hold_opens_of(const char *path, int count, long hold_ms);

/* Waits up to timeout_ms for a held open() to start; true, with the
 * thread that called the first one in *holder, once one has. */
bool wait_for_a_held_open(long timeout_ms, pthread_t *holder);

/* How many held open() calls have started; how many of them are still
 * waiting (one the cancel ended inside it counts as waiting for good). */
int held_opens_started(void);
int held_opens_waiting(void);

#endif
