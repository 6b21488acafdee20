/*
 * The module's entry points (dlopen'ed) raced against each other: lookup
 * threads, an enumerating thread and index replacements every few tens of
 * milliseconds.  Built with -DNSS_IANA_SANITIZE=thread, ThreadSanitizer
 * watches every access.
 *
 * fork() in the middle of it all is a case of its own ("fork", run as the
 * ctest test test_threads_fork): ThreadSanitizer does not support fork() in
 * a threaded process, so that case reports itself skipped there, and runs
 * in the plain and ASan builds.
 */
#include <arpa/inet.h>
#include <check.h>
#include <dlfcn.h>
#include <errno.h>
#include <netdb.h>
#include <nss.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "index_map.h"
#include "index_reader.h"
#include "test_support.h"

#define LOOKUP_THREADS 3
#define RUN_MS 4000
static struct nss_module nss;

struct query {
	const char *name;  /* NULL: by port */
	unsigned port;
	char *answer[2];   /* under index A, under index B */
};

static struct query queries[600];
static size_t query_count;
static uint32_t entry_count[2];
static char *dir, *index_path, *version_path[2];
static atomic_bool stop;
static atomic_ulong wrong, lookups, enumerations, seen_only[2];

static const char *const names[] = {
	"http", "www", "tcpmux", "interhdl_elmd", "whois++", "msp", "x11", "HELLO-WORLD",
	"hello-world", "l2tp", "myservice", "my-alias", "alias-07-on-one-long-line", "no-such-name", "sctp-only",
};

static char *format(const struct index *ix, enum index_lookup r, const struct index_entry *e,
		    unsigned port)
{
	char text[2048];
	if (r != LOOKUP_FOUND)
		return strdup("-");
	int n = snprintf(text, sizeof(text), "%s %u %s", e->name, port, e->proto);
	for (uint32_t a = 0; a < e->alias_count; a++)
		n += snprintf(text + n, sizeof(text) - (size_t)n, " %s", index_alias(ix, e->alias_first + a));
	return strdup(text);
}

static void expect(const struct index ix[2])
{
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		queries[query_count++].name = names[i];
	for (unsigned port = 0; port < 10000 && query_count < 600; port += 17)
		queries[query_count++].port = port;
	for (size_t i = 0; i < query_count; i++) {
		struct query *q = &queries[i];
		for (int v = 0; v < 2; v++) {
			struct index_entry e;
			enum index_lookup r = q->name ? index_find_name(&ix[v], q->name, NULL, &e)
						      : index_find_port(&ix[v], (uint16_t)q->port, NULL, &e);
			q->answer[v] = format(&ix[v], r, &e, q->name && r == LOOKUP_FOUND ? e.port : q->port);
		}
	}
}

/* Index A: the rules fixture; index B: the same behind a local file. */
static void make_versions(void)
{
	struct mapped_file file[2];
	struct index ix[2];
	dir = make_temp_dir();
	index_path = path_join(dir, "services.idx");
	for (int v = 0; v < 2; v++) {
		version_path[v] = path_join(dir, v ? "b.idx" : "a.idx");
		struct tool_result r = v ? run_tool((const char *const[]){ "build", "-q", "-o", version_path[v],
			"--local", fixture("local.services"), fixture("rules.xml"), NULL })
					 : run_tool((const char *const[]){ "build", "-q", "-o", version_path[v],
			fixture("rules.xml"), NULL });
		ck_assert_msg(r.status == 0, "%s", r.err);
		tool_result_free(&r);
		ck_assert_int_eq(file_map(version_path[v], &file[v]), 0);
		ck_assert_int_eq(index_open(&ix[v], file[v].data, file[v].size), INDEX_OK);
		entry_count[v] = index_entry_count(&ix[v]);
	}
	expect(ix);
	for (int v = 0; v < 2; v++)
		file_unmap(&file[v]);
}

/* Puts a fresh copy of version v in place by rename, as the tool does. */
static void install_version(int v)
{
	install_copy(version_path[v], index_path);
}

/* Points the module at index A, in place (it loads it at its first
 * lookup). */
static void start_on_index_a(void)
{
	make_versions();
	install_version(0);
	setenv("NSS_IANA_INDEX", index_path, 1);
	nss_module_load(&nss);
}

/* The module's answer to a query, as expect() writes answers down. */
static void answer_text(const struct query *q, char *text, size_t size)
{
	struct servent s;
	char buffer[2048];
	int error;
	enum nss_status status = q->name ? nss.by_name(q->name, NULL, &s, buffer, sizeof(buffer), &error)
					 : nss.by_port((int)htons((uint16_t)q->port), NULL, &s, buffer,
						       sizeof(buffer), &error);
	if (status == NSS_STATUS_NOTFOUND)
		snprintf(text, size, "-");
	else if (status != NSS_STATUS_SUCCESS)
		snprintf(text, size, "status %d errno %d", status, error);
	else {
		int n = snprintf(text, size, "%s %u %s", s.s_name, ntohs((uint16_t)s.s_port), s.s_proto);
		for (char **a = s.s_aliases; *a != NULL; a++)
			n += snprintf(text + n, size - (size_t)n, " %s", *a);
	}
}

/* Asks one query; returns whether the answer is one of the two allowed. */
static bool answered_right(const struct query *q)
{
	char text[2048];
	answer_text(q, text, sizeof(text));
	bool is[2] = { strcmp(text, q->answer[0]) == 0, strcmp(text, q->answer[1]) == 0 };
	if (is[0] != is[1])
		atomic_fetch_add(&seen_only[is[0] ? 0 : 1], 1);
	if (is[0] || is[1])
		return true;
	printf("wrong: %s/%u: \"%s\", expected \"%s\" or \"%s\"\n", q->name ? q->name : "port", q->port,
	       text, q->answer[0], q->answer[1]);
	fflush(stdout);
	return false;
}

static void *look_up(void *start)
{
	for (size_t i = (size_t)start; !atomic_load(&stop); i = (i + 1) % query_count) {
		if (!answered_right(&queries[i]))
			atomic_fetch_add(&wrong, 1);
		atomic_fetch_add(&lookups, 1);
	}
	return NULL;
}

/* Each full enumeration must list all of one version, whichever it is. */
static void *enumerate(void *unused)
{
	struct servent s;
	char buffer[2048];
	int error;
	(void)unused;
	while (!atomic_load(&stop)) {
		uint32_t listed = 0;
		nss.set(0);
		while (nss.get(&s, buffer, sizeof(buffer), &error) == NSS_STATUS_SUCCESS)
			listed++;
		nss.end();
		if (listed != entry_count[0] && listed != entry_count[1]) {
			printf("an enumeration listed %u entries: neither %u nor %u\n", listed,
			       entry_count[0], entry_count[1]);
			atomic_fetch_add(&wrong, 1);
		}
		atomic_fetch_add(&enumerations, 1);
	}
	return NULL;
}

static pthread_t threads[LOOKUP_THREADS + 1];

static void start_threads(void)
{
	for (size_t t = 0; t < LOOKUP_THREADS; t++)
		ck_assert_int_eq(pthread_create(&threads[t], NULL, look_up, (void *)(t * 97 % query_count)), 0);
	ck_assert_int_eq(pthread_create(&threads[LOOKUP_THREADS], NULL, enumerate, NULL), 0);
}

static void stop_threads(void)
{
	atomic_store(&stop, true);
	for (size_t t = 0; t <= LOOKUP_THREADS; t++)
		pthread_join(threads[t], NULL);
	printf("%lu lookups, %lu enumerations, %lu wrong; %lu answers only index A gives, %lu only B\n",
	       atomic_load(&lookups), atomic_load(&enumerations), atomic_load(&wrong),
	       atomic_load(&seen_only[0]), atomic_load(&seen_only[1]));
	fflush(stdout);
}

/* A query that the two versions answer differently. */
static const struct query *telling_query(void)
{
	for (size_t i = 0; i < query_count; i++)
		if (strcmp(queries[i].answer[0], queries[i].answer[1]) != 0)
			return &queries[i];
	ck_abort_msg("the two index versions answer every query alike");
	return NULL;
}

/* Whether this process answers as version v within timeout_ms. */
static bool answers_as(int v, long timeout_ms)
{
	const struct query *q = telling_query();
	char text[2048];
	for (long waited = 0;; waited += 50) {
		answer_text(q, text, sizeof(text));
		if (strcmp(text, q->answer[v]) == 0)
			return true;
		if (waited >= timeout_ms)
			return false;
		sleep_ms(50);
	}
}

START_TEST(lookups_enumeration_and_reloads_race_cleanly)
{
	start_on_index_a();
	start_threads();
	/* A replacement every 20 to 60 ms, at random, so that the module's
	 * checks (one a second) do not keep step with them and find the same
	 * version each time. */
	unsigned seed = 1;
	for (long t = 0, v = 0; t < RUN_MS; v++) {
		long pause = 20 + rand_r(&seed) % 41;
		install_version((int)(v % 2));
		sleep_ms(pause);
		t += pause;
	}
	/* B last: it must be answered within about a second, and the
	 * threads go on a while with it. */
	install_version(1);
	bool b_answered = answers_as(1, AFTER_THE_NEXT_CHECK_MS);
	sleep_ms(200);
	stop_threads();
	ck_assert_uint_eq(atomic_load(&wrong), 0);
	ck_assert_uint_gt(atomic_load(&enumerations), 0);
	ck_assert_msg(b_answered, "index B, put in place last, was not answered within %d ms",
		      AFTER_THE_NEXT_CHECK_MS);
	/* Index A came first: answers only A gives show that the race began
	 * on it, answers only B gives that reloads happened under the race. */
	ck_assert_uint_gt(atomic_load(&seen_only[0]), 0);
	ck_assert_uint_gt(atomic_load(&seen_only[1]), 0);
	remove_tree(dir);
}
END_TEST

#define NO_FORK_UNDER_TSAN                                                          \
	"ThreadSanitizer does not support fork() in a threaded process; the plain and " \
	"ASan builds run this test"

/* A child forked at any moment -- even while another thread of the parent
 * was loading an index -- resolves, and does not hang. */
static int child_resolves(void)
{
	alarm(20);
	for (int round = 0; round < 3; round++) {
		for (size_t i = 0; i < query_count; i++)
			if (!answered_right(&queries[i]))
				return 1;
		sleep_ms(400);
	}
	return 0;
}

START_TEST(forked_children_keep_resolving)
{
	enum { CHILDREN = 40 };
	pid_t children[CHILDREN];
#ifdef THREAD_SANITIZED_BUILD
	TEST_SKIP(NO_FORK_UNDER_TSAN);
#endif
	start_on_index_a();
	start_threads();
	for (int c = 0; c < CHILDREN; c++) {
		install_version(c % 2);
		children[c] = fork();
		ck_assert_int_ge(children[c], 0);
		if (children[c] == 0)
			_exit(child_resolves());
		sleep_ms(60);
	}
	stop_threads();
	for (int c = 0; c < CHILDREN; c++) {
		int status;
		ck_assert_int_eq(waitpid(children[c], &status, 0), children[c]);
		ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
			      "child %d: %s %d", c, WIFEXITED(status) ? "exit" : "signal",
			      WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
	}
	ck_assert_uint_eq(atomic_load(&wrong), 0);
	remove_tree(dir);
}
END_TEST

/*
 * mmap() as the module calls it: this program exports its own (see
 * CMakeLists.txt), which lets a test hold the module's loader in the
 * middle of a load, between mapping over one of its regions (a new index,
 * or zero pages over a retired one) and recording that it did.  Not under
 * ThreadSanitizer, whose runtime maps memory through it before main(); the
 * one test that uses it does not run there.
 */
static atomic_bool slow_fixed_maps;
static atomic_int fixed_maps_in_progress;
#ifndef THREAD_SANITIZED_BUILD
static void *(*real_mmap)(void *, size_t, int, int, int, off_t);

void *mmap(void *address, size_t length, int protection, int flags, int fd, off_t offset)
{
	/* Found at the first call, which may come before main() (from a
	 * sanitizer's runtime, for one). */
	if (real_mmap == NULL)
		*(void **)&real_mmap = dlsym(RTLD_NEXT, "mmap");
	void *result = real_mmap(address, length, protection, flags, fd, offset);
	if ((flags & MAP_FIXED) && atomic_load(&slow_fixed_maps)) {
		atomic_fetch_add(&fixed_maps_in_progress, 1);
		sleep_ms(300);
		atomic_fetch_sub(&fixed_maps_in_progress, 1);
	}
	return result;
}
#endif

static void *resolve_until_stopped(void *unused)
{
	(void)unused;
	while (!atomic_load(&stop))
		answered_right(&queries[0]);
	return NULL;
}

/*
 * fork() while another thread is loading an index: here, held inside one
 * of the loader's mmap() calls over its regions.  The child must inherit a
 * consistent cache -- no loader lock held by a thread it does not have --
 * and go on reloading.
 */
START_TEST(fork_while_another_thread_loads)
{
	pthread_t loader;
#ifdef THREAD_SANITIZED_BUILD
	TEST_SKIP(NO_FORK_UNDER_TSAN);
#endif
	start_on_index_a();
	ck_assert(answers_as(0, 0));
	install_version(1);
	atomic_store(&slow_fixed_maps, true);
	ck_assert_int_eq(pthread_create(&loader, NULL, resolve_until_stopped, NULL), 0);
	for (int waited = 0; atomic_load(&fixed_maps_in_progress) == 0; waited += 5) {
		ck_assert_msg(waited < 5000, "no thread reloaded the index within 5 s");
		sleep_ms(5);
	}
	pid_t child = fork();
	ck_assert_int_ge(child, 0);
	if (child == 0) {
		alarm(20);
		atomic_store(&slow_fixed_maps, false);
		/* Version 0 again, as a new file: the child must load it. */
		install_version(0);
		_exit(answers_as(0, 3000) ? 0 : 1);
	}
	atomic_store(&stop, true);
	pthread_join(loader, NULL);
	int status;
	ck_assert_int_eq(waitpid(child, &status, 0), child);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child: %s %d",
		      WIFEXITED(status) ? "exit" : "signal",
		      WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
	remove_tree(dir);
}
END_TEST

#define GENERATIONS 6

/*
 * One generation of a chain of processes: with lookup threads running,
 * fork; the child (the next generation, without those threads) must load a
 * new version of the index, start threads of its own, and fork again.
 * Each fork leaves pins of lookups that no thread will ever finish; a
 * child that kept them would soon have no room for a new index.  Returns
 * the exit status of the chain below.
 */
static int generation(int g)
{
	start_threads();
	sleep_ms(20);
	pid_t child = fork();
	if (child == 0) {
		alarm(30);
		atomic_store(&stop, false);
		install_version((g + 1) % 2);
		if (!answers_as((g + 1) % 2, 3000)) {
			printf("generation %d: the index was not reloaded\n", g + 1);
			fflush(stdout);
			_exit(1);
		}
		_exit(g + 1 < GENERATIONS ? generation(g + 1) : 0);
	}
	stop_threads();
	if (child < 0)
		return 2;
	int status;
	if (waitpid(child, &status, 0) != child || !WIFEXITED(status))
		return 3;
	return WEXITSTATUS(status);
}

START_TEST(reload_keeps_working_after_many_forks)
{
#ifdef THREAD_SANITIZED_BUILD
	TEST_SKIP(NO_FORK_UNDER_TSAN);
#endif
	start_on_index_a();
	ck_assert(answers_as(0, 0));
	ck_assert_int_eq(generation(0), 0);
	remove_tree(dir);
}
END_TEST

int main(void)
{
	Suite *suite = suite_create("threads");
	TCase *races = tcase_create("races");
	tcase_set_timeout(races, 300);
	tcase_add_test(races, lookups_enumeration_and_reloads_race_cleanly);
	suite_add_tcase(suite, races);
	TCase *forks = tcase_create("fork");
	tcase_set_timeout(forks, 300);
	tcase_add_test(forks, forked_children_keep_resolving);
	tcase_add_test(forks, fork_while_another_thread_loads);
	tcase_add_test(forks, reload_keeps_working_after_many_forks);
	suite_add_tcase(suite, forks);
	return run_suite(suite);
}
