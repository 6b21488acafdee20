/*
 * No lookup allocates, on any thread, at its first lookup or later,
 * whatever the program did before: here it first makes 40 pthread keys,
 * past the 32 whose values glibc keeps in the thread itself (the next
 * ones' storage is allocated at a thread's first pthread_setspecific).
 * Every allocation of the process is counted (tests/bench/alloc_count.c)
 * while 8 new threads make their first lookups, after the module has
 * been loaded and has checked its file more than once.
 */
#include <arpa/inet.h>
#include <check.h>
#include <netdb.h>
#include <nss.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc_count.h"
#include "test_support.h"

#define KEYS 40
#define THREADS 8

static struct nss_module nss;
static pthread_barrier_t start, done;
static char answers[THREADS][64];

static void *first_lookups(void *which)
{
	char buffer[1024];
	struct servent s;
	int error = 0;
	char *answer = answers[(uintptr_t)which];
	pthread_barrier_wait(&start);
	enum nss_status by_name = nss.by_name("http", "tcp", &s, buffer, sizeof(buffer), &error);
	enum nss_status by_port = nss.by_port(htons(80), NULL, &s, buffer, sizeof(buffer), &error);
	pthread_barrier_wait(&done);
	snprintf(answer, sizeof(answers[0]), "%d %d %s %d", (int)by_name, (int)by_port, s.s_name,
		 ntohs((uint16_t)s.s_port));
	return NULL;
}

START_TEST(no_first_lookup_of_a_thread_allocates)
{
	pthread_key_t keys[KEYS];
	pthread_t threads[THREADS];
	char *dir = make_temp_dir(), *index_path = path_join(dir, "services.idx");
	build_index(fixture("rules.xml"), index_path, NULL);
	setenv("NSS_IANA_INDEX", index_path, 1);
	for (int k = 0; k < KEYS; k++) {
		ck_assert_int_eq(pthread_key_create(&keys[k], NULL), 0);
		ck_assert_int_eq(pthread_setspecific(keys[k], &keys[k]), 0);
	}
	nss_module_load(&nss);
	/* Past two checks of the file: whatever the module starts late has
	 * started. */
	for (int check = 0; check < 2; check++) {
		char buffer[1024];
		struct servent s;
		int error;
		ck_assert_int_eq(nss.by_name("http", NULL, &s, buffer, sizeof(buffer), &error),
				 NSS_STATUS_SUCCESS);
		sleep_ms(AFTER_THE_NEXT_CHECK_MS);
	}
	ck_assert_int_eq(pthread_barrier_init(&start, NULL, THREADS + 1), 0);
	ck_assert_int_eq(pthread_barrier_init(&done, NULL, THREADS + 1), 0);
	for (uintptr_t t = 0; t < THREADS; t++)
		ck_assert_int_eq(pthread_create(&threads[t], NULL, first_lookups, (void *)t), 0);
	pthread_barrier_wait(&start);
	uint64_t before = allocations_so_far();
	pthread_barrier_wait(&done);
	uint64_t during = allocations_so_far() - before;
	for (int t = 0; t < THREADS; t++) {
		ck_assert_int_eq(pthread_join(threads[t], NULL), 0);
		ck_assert_str_eq(answers[t], "1 1 http 80"); /* NSS_STATUS_SUCCESS, twice */
	}
	ck_assert_uint_eq(during, 0);
	remove_tree(dir);
	free(index_path);
	free(dir);
}
END_TEST

int main(void)
{
	Suite *suite = suite_create("allocation");
	TCase *first = tcase_create("first lookups");
	tcase_set_timeout(first, 30);
	tcase_add_test(first, no_first_lookup_of_a_thread_allocates);
	suite_add_tcase(suite, first);
	return run_suite(suite);
}
