/*
 * Threads cancelled inside the module, and threads waiting for its first
 * load.
 *
 * pthread_cancel() may land in any cancellation point the module reaches,
 * and open() is one: a thread cancelled while the module opens the index
 * -- at the first load, at a reload, inside setservent or getservent_r --
 * must leave nothing taken behind it.  Afterwards the other threads
 * answer, the enumeration can be ended and started again, a replaced
 * index is picked up and fork() returns (see assert_module_works()).
 * Storage is made slow by this program's own open() (held_open.h), which
 * holds the index's opening in nanosleep(), itself a cancellation point,
 * so that the cancel lands there if the module let it.
 *
 * And when the first load is slow, the lookups that start meanwhile wait
 * for it and answer, as they would for nss_files' file; none gives up.
 *
 * Each rule is tried through the module's entry points and through glibc
 * (routes.h).  A hang is a failure with a message, not a stuck run: every
 * step that could wait forever runs in a thread of its own, given a
 * deadline.
 */
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "held_open.h"
#include "index_versions.h"
#include "routes.h"
#include "test_support.h"

#define LINE 400
/* How long the module's open() of the index is held: long enough for the
 * cancel to land inside it. */
#define HOLD_MS 300
/* How long a step may take before it counts as hung: ample for one that
 * should return at once, and for one that waits for the module's next
 * check of the file, at most a second away. */
#define DEADLINE_MS 3000
/* How long the first load takes in the test of lookups that race it:
 * longer than any bounded wait a lookup could make for another thread's
 * load before giving up.  Eight threads yielding to each other on two
 * cores stretch a spin of 100000 sched_yield() calls, 20-60 ms alone, to
 * 300-500 ms; the load must clearly outlast that. */
#define SLOW_FIRST_LOAD_MS 1500
/* A replaced index must be answered within this. */
#define PICK_UP_MS 3000
#define OTHER_THREADS 4
#define FIRST_LOOKUPS 8
#define HTTP_ANSWER "http 80/tcp"

/* Joins thread, giving up after timeout_ms: whether it ended. */
static bool joined_within(pthread_t thread, long timeout_ms, void **result)
{
	struct timespec deadline;
	clock_gettime(CLOCK_REALTIME, &deadline);
	deadline.tv_sec += timeout_ms / 1000;
	deadline.tv_nsec += timeout_ms % 1000 * 1000000;
	if (deadline.tv_nsec >= 1000000000) {
		deadline.tv_sec++;
		deadline.tv_nsec -= 1000000000;
	}
	return pthread_timedjoin_np(thread, result, &deadline) == 0;
}

/* Runs fn(arg) in a thread of its own, failing the test when it has not
 * returned within timeout_ms (the thread is left to the end of the test
 * process). */
static void within(void *(*fn)(void *), void *arg, long timeout_ms, const char *what)
{
	pthread_t thread;
	ck_assert_int_eq(pthread_create(&thread, NULL, fn, arg), 0);
	ck_assert_msg(joined_within(thread, timeout_ms, NULL), "%s did not return within %ld ms",
		      what, timeout_ms);
}

static void assert_answer(const struct route *route, const char *name, const char *proto,
			  const char *expected, const char *who)
{
	char text[LINE];
	route->by_name(name, proto, text, sizeof(text));
	ck_assert_msg(strcmp(text, expected) == 0, "%s, %s/%s through %s: \"%s\", expected \"%s\"",
		      who, name, proto, route->name, text, expected);
}

/* What a thread asks the module over and over until it is cancelled: a
 * lookup, or the start of an enumeration. */
struct cancelled_work {
	const struct route *route;
	void (*step)(const struct route *route);
};

static void look_up(const struct route *route)
{
	char text[LINE];
	route->by_name("http", "tcp", text, sizeof(text));
}

static void enumerate_from_setservent(const struct route *route)
{
	route->set();
	route->end();
}

/* getservent_r with no enumeration in progress starts one itself. */
static void enumerate_from_getservent_r(const struct route *route)
{
	char text[LINE];
	route->end();
	route->get(text, sizeof(text));
}

/* Bounded, so that a thread the cancel never reaches ends anyway.  The
 * pause is static: a cancel landing in it unwinds no frame of this
 * program with a local in it, whose ASan redzones would stay poisoned
 * (google/sanitizers#1399). */
static void *work_until_cancelled(void *argument)
{
	static const struct timespec between_steps = { 0, 5 * 1000000 };
	const struct cancelled_work *work = argument;
	for (long waited = 0; waited < 10 * DEADLINE_MS; waited += 5) {
		work->step(work->route);
		pthread_testcancel();
		nanosleep(&between_steps, NULL);
	}
	return NULL;
}

/* Holds the module's next open() of the index, made by a thread doing
 * work, and cancels that thread inside it. */
static void cancel_inside_the_modules_open(const struct cancelled_work *work)
{
	pthread_t thread, holder;
	hold_opens_of(installed_index(), 1, HOLD_MS);
	ck_assert_int_eq(pthread_create(&thread, NULL, work_until_cancelled, (void *)work), 0);
	bool held = wait_for_a_held_open(DEADLINE_MS, &holder);
	ck_assert_msg(held, "through %s, the module did not open %s within %d ms, or not "
		      "through this program's open()", work->route->name, installed_index(),
		      DEADLINE_MS);
	ck_assert_msg(pthread_equal(holder, thread), "another thread opened the index");
	ck_assert_int_eq(pthread_cancel(thread), 0);
	ck_assert_msg(held_opens_waiting() > 0, "the cancel was sent only after the held open() "
		      "had returned (%d ms): the test did not cancel inside the module's open()",
		      HOLD_MS);
	void *result = NULL;
	ck_assert_msg(joined_within(thread, DEADLINE_MS, &result),
		      "the cancelled thread did not end within %d ms", DEADLINE_MS);
	ck_assert_msg(result == PTHREAD_CANCELED, "the thread ended without being cancelled");
}

/* A whole enumeration, as many entries as there are and one more. */
struct listing {
	const struct route *route;
	char line[16][LINE];
	size_t count;
	char after[LINE];  /* what the call after the last entry said */
};

static void *list_everything(void *argument)
{
	struct listing *l = argument;
	l->route->set();
	while (l->count < 16 && l->route->get(l->line[l->count], LINE))
		l->count++;
	l->route->get(l->after, sizeof(l->after));
	l->route->end();
	return NULL;
}

static void *end_enumeration(void *argument)
{
	((const struct route *)argument)->end();
	return NULL;
}

static void assert_enumeration_lists(const struct route *route, int version)
{
	static struct listing l;
	memset(&l, 0, sizeof(l));
	l.route = route;
	within(end_enumeration, (void *)route, DEADLINE_MS, "endservent()");
	within(list_everything, &l, DEADLINE_MS, "an enumeration (setservent, getservent_r)");
	size_t expected = version_entry_count(version);
	for (size_t i = 0; i < l.count && i < expected; i++)
		ck_assert_msg(strcmp(l.line[i], version_entry(version, i)) == 0,
			      "entry %zu through %s: \"%s\", expected \"%s\"", i, route->name,
			      l.line[i], version_entry(version, i));
	ck_assert_msg(l.count == expected, "through %s an enumeration listed %zu entries, "
		      "expected the %zu of version %d; after the last: \"%s\"", route->name,
		      l.count, expected, version, l.after);
}

/* Lookups from threads that never touched the module before. */
struct other_thread {
	const struct route *route;
	char http[LINE], telling[LINE];
};

static void *ask_both(void *argument)
{
	struct other_thread *t = argument;
	t->route->by_name("http", "tcp", t->http, sizeof(t->http));
	t->route->by_name(TELLING_NAME, TELLING_PROTO, t->telling, sizeof(t->telling));
	return NULL;
}

static void *ask_from_other_threads(void *argument)
{
	struct other_thread *t = argument;
	pthread_t threads[OTHER_THREADS];
	for (int i = 0; i < OTHER_THREADS; i++)
		if (pthread_create(&threads[i], NULL, ask_both, &t[i]) != 0)
			abort();
	for (int i = 0; i < OTHER_THREADS; i++)
		pthread_join(threads[i], NULL);
	return NULL;
}

static void assert_other_threads_answer(const struct route *route, int version)
{
	static struct other_thread t[OTHER_THREADS];
	memset(t, 0, sizeof(t));
	for (int i = 0; i < OTHER_THREADS; i++)
		t[i].route = route;
	within(ask_from_other_threads, t, DEADLINE_MS, "lookups from other threads");
	for (int i = 0; i < OTHER_THREADS; i++) {
		ck_assert_msg(strcmp(t[i].http, HTTP_ANSWER) == 0,
			      "thread %d, http/tcp through %s: \"%s\", expected \"%s\"", i,
			      route->name, t[i].http, HTTP_ANSWER);
		ck_assert_msg(strcmp(t[i].telling, telling_answer(version)) == 0,
			      "thread %d, %s/%s through %s: \"%s\", expected \"%s\" (version %d)",
			      i, TELLING_NAME, TELLING_PROTO, route->name, t[i].telling,
			      telling_answer(version), version);
	}
}

/* Installs version and waits for this thread's lookups to answer from it. */
static void assert_replacement_picked_up(const struct route *route, int version)
{
	char text[LINE];
	install_version(version);
	for (long waited = 0;; waited += 20) {
		route->by_name(TELLING_NAME, TELLING_PROTO, text, sizeof(text));
		if (strcmp(text, telling_answer(version)) == 0)
			return;
		ck_assert_msg(waited < PICK_UP_MS, "through %s, version %d of the index, put in "
			      "place by rename, was not picked up within %d ms: \"%s\", expected "
			      "\"%s\"", route->name, version, PICK_UP_MS, text,
			      telling_answer(version));
		sleep_ms(20);
	}
}

#define NO_FORK_UNDER_TSAN                                                           \
	"fork() step: ThreadSanitizer does not support fork() in a threaded process; " \
	"the plain and ASan builds run it"

struct forking {
	const struct route *route;
	int version;
	atomic_bool returned;  /* fork() returned in the parent */
	int status;            /* the child's, from waitpid() */
};

static int child_answers(const struct route *route, int version)
{
	char text[LINE];
	alarm(5);
	route->by_name("http", "tcp", text, sizeof(text));
	if (strcmp(text, HTTP_ANSWER) != 0) {
		printf("child: http/tcp: \"%s\"\n", text);
		return 1;
	}
	route->by_name(TELLING_NAME, TELLING_PROTO, text, sizeof(text));
	if (strcmp(text, telling_answer(version)) != 0) {
		printf("child: %s/%s: \"%s\"\n", TELLING_NAME, TELLING_PROTO, text);
		return 2;
	}
	return 0;
}

static void *fork_and_wait(void *argument)
{
	struct forking *f = argument;
	fflush(stdout);
	pid_t child = fork();
	if (child == 0) {
		int code = child_answers(f->route, f->version);
		fflush(stdout);
		_exit(code);
	}
	atomic_store(&f->returned, true);
	f->status = -1;
	if (child > 0)
		waitpid(child, &f->status, 0);
	return NULL;
}

/* fork() returns (no handler of the module waits for what a cancelled
 * thread left taken), and the child answers from version. */
static void assert_a_forked_child_answers(const struct route *route, int version)
{
#ifdef THREAD_SANITIZED_BUILD
	test_skip_record(NO_FORK_UNDER_TSAN);
	return;
#endif
	static struct forking f;
	f.route = route;
	f.version = version;
	atomic_store(&f.returned, false);
	pthread_t thread;
	ck_assert_int_eq(pthread_create(&thread, NULL, fork_and_wait, &f), 0);
	for (long waited = 0; !atomic_load(&f.returned); waited += 5) {
		ck_assert_msg(waited < DEADLINE_MS, "fork() did not return within %d ms: a fork "
			      "handler waits for a lock that nobody will release", DEADLINE_MS);
		sleep_ms(5);
	}
	pthread_join(thread, NULL);
	ck_assert_msg(f.status != -1, "fork() failed");
	ck_assert_msg(WIFEXITED(f.status) && WEXITSTATUS(f.status) == 0,
		      "the child, through %s: %s %d (1: wrong http, 2: wrong version)",
		      route->name, WIFEXITED(f.status) ? "exit" : "signal",
		      WIFEXITED(f.status) ? WEXITSTATUS(f.status) : WTERMSIG(f.status));
}

/*
 * What "the module works" means after a thread was cancelled in it, with
 * version the index it must answer from: endservent() returns and a new
 * enumeration lists every entry; other threads answer exactly; the next
 * version put in place is picked up within PICK_UP_MS; fork() returns and
 * the child answers from it.
 */
static void assert_module_works(const struct route *route, int version)
{
	assert_enumeration_lists(route, version);
	assert_other_threads_answer(route, version);
	assert_replacement_picked_up(route, version + 1);
	assert_a_forked_child_answers(route, version + 1);
}

static const struct route *const routes[] = { &module_route, &glibc_route };

static void start(const struct route *route)
{
	versions_create();
	install_version(0);
	if (route == &glibc_route)
		route_glibc_to_the_module();
}

/* The module loaded on version 0 by this thread, and version 1 put in
 * place: the next check of the file reloads. */
static void start_with_a_reload_due(const struct route *route)
{
	start(route);
	assert_answer(route, TELLING_NAME, TELLING_PROTO, telling_answer(0), "the first lookup");
	install_version(1);
}

START_TEST(a_lookup_cancelled_in_the_first_load_leaves_the_module_working)
{
	const struct route *route = routes[_i];
	start(route);
	struct cancelled_work work = { route, look_up };
	cancel_inside_the_modules_open(&work);
	assert_module_works(route, 0);
	versions_remove();
}
END_TEST

START_TEST(a_lookup_cancelled_in_a_reload_leaves_the_module_working)
{
	const struct route *route = routes[_i];
	start_with_a_reload_due(route);
	struct cancelled_work work = { route, look_up };
	cancel_inside_the_modules_open(&work);
	assert_module_works(route, 1);
	versions_remove();
}
END_TEST

static const struct cancelled_work enumerations[] = {
	{ &module_route, enumerate_from_setservent },
	{ &module_route, enumerate_from_getservent_r },
	{ &glibc_route, enumerate_from_setservent },
};

START_TEST(an_enumeration_cancelled_in_a_reload_leaves_the_module_working)
{
	const struct cancelled_work *work = &enumerations[_i];
	start_with_a_reload_due(work->route);
	cancel_inside_the_modules_open(work);
	assert_module_works(work->route, 1);
	versions_remove();
}
END_TEST

struct first_lookup {
	const struct route *route;
	pthread_barrier_t *barrier;
	char answer[LINE];
};

static void *first_lookup(void *argument)
{
	struct first_lookup *f = argument;
	pthread_barrier_wait(f->barrier);
	f->route->by_name("http", "tcp", f->answer, sizeof(f->answer));
	return NULL;
}

static void *first_lookups_at_once(void *argument)
{
	struct first_lookup *f = argument;
	pthread_t threads[FIRST_LOOKUPS];
	for (int i = 0; i < FIRST_LOOKUPS; i++)
		if (pthread_create(&threads[i], NULL, first_lookup, &f[i]) != 0)
			abort();
	for (int i = 0; i < FIRST_LOOKUPS; i++)
		pthread_join(threads[i], NULL);
	return NULL;
}

START_TEST(first_lookups_racing_a_slow_first_load_wait_for_it_and_answer)
{
	const struct route *route = routes[_i];
	static struct first_lookup lookups[FIRST_LOOKUPS];
	pthread_barrier_t barrier;
	start(route);
	hold_opens_of(installed_index(), INT_MAX, SLOW_FIRST_LOAD_MS);
	ck_assert_int_eq(pthread_barrier_init(&barrier, NULL, FIRST_LOOKUPS), 0);
	for (int i = 0; i < FIRST_LOOKUPS; i++)
		lookups[i] = (struct first_lookup){ .route = route, .barrier = &barrier };
	within(first_lookups_at_once, lookups, SLOW_FIRST_LOAD_MS + DEADLINE_MS,
	       "the first lookups");
	ck_assert_msg(held_opens_started() >= 1, "the module did not open %s through this "
		      "program's open(): the first load was not slow", installed_index());
	for (int i = 0; i < FIRST_LOOKUPS; i++)
		ck_assert_msg(strcmp(lookups[i].answer, HTTP_ANSWER) == 0,
			      "first lookup %d of %d through %s, while the first load took %d ms: "
			      "\"%s\", expected \"%s\"", i, FIRST_LOOKUPS, route->name,
			      SLOW_FIRST_LOAD_MS, lookups[i].answer, HTTP_ANSWER);
	pthread_barrier_destroy(&barrier);
	versions_remove();
}
END_TEST

static void *wait_to_be_cancelled(void *unused)
{
	(void)unused;
	for (;;)
		pause();
	return NULL;
}

/* pthread_cancel() loads libgcc_s, which unwinds the cancelled thread, at
 * its first call, with glibc's dlopen(): it would wait for a dlopen() in
 * progress -- the one whose constructor makes the module's first load --
 * and the cancel would come too late.  Loaded here, before the tests
 * (which run in children of this process), by cancelling once. */
static void load_the_unwinder(void)
{
	pthread_t thread;
	if (pthread_create(&thread, NULL, wait_to_be_cancelled, NULL) != 0 ||
	    pthread_cancel(thread) != 0 || pthread_join(thread, NULL) != 0) {
		perror("cancelling a thread");
		exit(EXIT_FAILURE);
	}
}

#define ROUTES ((int)(sizeof(routes) / sizeof(routes[0])))
#define ENUMERATIONS ((int)(sizeof(enumerations) / sizeof(enumerations[0])))

int main(void)
{
	load_the_unwinder();
	Suite *suite = suite_create("cancel");
	TCase *cancelled = tcase_create("cancelled");
	tcase_set_timeout(cancelled, 30);
	tcase_add_loop_test(cancelled,
			    a_lookup_cancelled_in_the_first_load_leaves_the_module_working, 0,
			    ROUTES);
	tcase_add_loop_test(cancelled, a_lookup_cancelled_in_a_reload_leaves_the_module_working,
			    0, ROUTES);
	tcase_add_loop_test(cancelled,
			    an_enumeration_cancelled_in_a_reload_leaves_the_module_working, 0,
			    ENUMERATIONS);
	suite_add_tcase(suite, cancelled);
	TCase *slow = tcase_create("slow first load");
	tcase_set_timeout(slow, 30);
	tcase_add_loop_test(slow, first_lookups_racing_a_slow_first_load_wait_for_it_and_answer,
			    0, ROUTES);
	suite_add_tcase(suite, slow);
	return run_suite(suite);
}
