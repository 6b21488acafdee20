/* Rebuilding the index under load: while threads resolve names and ports
 * through glibc in a loop, the tool rebuilds the index twenty times in
 * place, alternating two registries: IANA's 2026 XML and 2024 CSV when
 * they are beside the project, else the project's snapshot of the 2026
 * registry and a version of it with a quarter of its entries (tacacss
 * among them) left out.  Every answer must be the one of either registry
 * -- never a wrong or torn one -- and after the last rebuild the new data
 * must answer within about a second, without a restart. */
#include <arpa/inet.h>
#include <check.h>
#include <netdb.h>
#include <nss.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "index_map.h"
#include "index_reader.h"
#include "test_support.h"

#define THREADS 4
#define REBUILDS 20

struct query {
	char *name;           /* NULL for a port query */
	unsigned port;
	const char *proto;    /* NULL for any */
	char *answer[2];      /* under the newer index, under the older one */
};

static struct query *queries;
static size_t query_count;
static atomic_bool stop;
static atomic_ulong wrong, seen_only[2], asked;
static char *dir, *index_path, *registry[2];

static char *format_answer(const struct index *ix, enum index_lookup result,
			   const struct index_entry *e, unsigned port)
{
	char text[4096];
	if (result != LOOKUP_FOUND)
		return strdup("-");
	int n = snprintf(text, sizeof(text), "%s %u %s", e->name, port, e->proto);
	for (uint32_t a = 0; a < e->alias_count; a++)
		n += snprintf(text + n, sizeof(text) - (size_t)n, " %s", index_alias(ix, e->alias_first + a));
	return strdup(text);
}

static void expect_answers(struct query *q, const struct index ix[2])
{
	for (int v = 0; v < 2; v++) {
		struct index_entry e;
		if (q->name != NULL) {
			enum index_lookup r = index_find_name(&ix[v], q->name, q->proto, &e);
			q->answer[v] = format_answer(&ix[v], r, &e, r == LOOKUP_FOUND ? e.port : 0);
		} else {
			enum index_lookup r = index_find_port(&ix[v], (uint16_t)q->port, q->proto, &e);
			q->answer[v] = format_answer(&ix[v], r, &e, q->port);
		}
	}
}

static struct query *add_query(void)
{
	static size_t capacity;
	if (query_count == capacity) {
		capacity = capacity ? capacity * 2 : 1024;
		queries = realloc(queries, capacity * sizeof(*queries));
	}
	struct query *q = &queries[query_count++];
	memset(q, 0, sizeof(*q));
	return q;
}

/* Every name of both indexes (with its protocol and with none), and every
 * TCP port, each with what either index answers. */
static void make_queries(const struct index ix[2])
{
	for (int v = 0; v < 2; v++) {
		for (uint32_t id = 0; id < index_entry_count(&ix[v]); id++) {
			struct index_entry e;
			ck_assert_int_eq(index_entry(&ix[v], id, &e), INDEX_OK);
			struct query *q = add_query();
			q->name = strdup(e.name);
			q->proto = id % 2 ? NULL : e.proto;
			expect_answers(q, ix);
		}
	}
	for (unsigned port = 0; port < 65536; port++) {
		struct query *q = add_query();
		q->port = port;
		q->proto = port % 3 ? "tcp" : NULL;
		expect_answers(q, ix);
	}
}

static void ask(const struct query *q, char *answer, size_t size)
{
	struct servent entry, *found = NULL;
	char buffer[2048];
	if (q->name != NULL)
		getservbyname_r(q->name, q->proto, &entry, buffer, sizeof(buffer), &found);
	else
		getservbyport_r((int)htons((uint16_t)q->port), q->proto, &entry, buffer, sizeof(buffer), &found);
	if (found == NULL) {
		snprintf(answer, size, "-");
		return;
	}
	int n = snprintf(answer, size, "%s %u %s", found->s_name, ntohs((uint16_t)found->s_port), found->s_proto);
	for (char **a = found->s_aliases; *a != NULL; a++)
		n += snprintf(answer + n, size - (size_t)n, " %s", *a);
}

static void *resolve_in_a_loop(void *start)
{
	char answer[4096];
	for (size_t i = (size_t)start; !atomic_load(&stop); i = (i + 7919) % query_count) {
		const struct query *q = &queries[i];
		ask(q, answer, sizeof(answer));
		bool a = strcmp(answer, q->answer[0]) == 0, b = strcmp(answer, q->answer[1]) == 0;
		if (!a && !b && atomic_fetch_add(&wrong, 1) < 10)
			printf("torn or wrong: %s/%u/%s answered \"%s\"; expected \"%s\" or \"%s\"\n",
			       q->name ? q->name : "(port)", q->port, q->proto ? q->proto : "*", answer,
			       q->answer[0], q->answer[1]);
		if (a != b)
			atomic_fetch_add(&seen_only[a ? 0 : 1], 1);
		atomic_fetch_add(&asked, 1);
	}
	return NULL;
}

static void rebuild(const char *source)
{
	struct tool_result r = run_tool((const char *const[]){ "build", "-q", "-o", index_path, source, NULL });
	ck_assert_msg(r.status == 0, "%s", r.err);
	tool_result_free(&r);
}

static void load_both(struct mapped_file file[2], struct index ix[2])
{
	for (int v = 0; v < 2; v++) {
		char *path = path_join(dir, v ? "older.idx" : "newer.idx");
		struct tool_result r = run_tool((const char *const[]){ "build", "-q", "-o", path, registry[v], NULL });
		ck_assert_msg(r.status == 0, "%s", r.err);
		tool_result_free(&r);
		ck_assert_int_eq(file_map(path, &file[v]), 0);
		ck_assert_int_eq(index_open(&ix[v], file[v].data, file[v].size), INDEX_OK);
		free(path);
	}
}

static double seconds_since(const struct timespec *start)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

/* A line of the snapshot the older version leaves out. */
static bool left_out(const char *line, size_t entry_number)
{
	return entry_number % 4 == 3 || strncmp(line, "tacacss ", 8) == 0;
}

/* The snapshot with some entries left out, and its entry count made right. */
static char *older_snapshot(const char *snapshot)
{
	char *text = slurp(snapshot, NULL);
	char *path = path_join(dir, "older.snapshot");
	size_t kept = 0, entry = 0;
	for (char *line = text; *line != '\0'; line = strchr(line, '\n') + 1)
		kept += line[0] != '#' && !left_out(line, entry++);
	FILE *out = fopen(path, "w");
	ck_assert_ptr_nonnull(out);
	entry = 0;
	for (char *line = text; *line != '\0'; line = strchr(line, '\n') + 1) {
		int length = (int)(strchr(line, '\n') - line) + 1;
		if (strncmp(line, "# entries: ", 11) == 0)
			fprintf(out, "# entries: %zu\n", kept);
		else if (line[0] == '#' || !left_out(line, entry++))
			fprintf(out, "%.*s", length, line);
	}
	ck_assert_int_eq(fclose(out), 0);
	free(text);
	return path;
}

static void choose_registries(void)
{
	char *xml = path_join(SHARED_REGISTRY_DIR, "service-names-port-numbers.xml");
	char *csv = path_join(SHARED_REGISTRY_DIR, "service-names-port-numbers-2024-06.csv");
	if (access(xml, R_OK) == 0 && access(csv, R_OK) == 0) {
		registry[0] = xml;
		registry[1] = csv;
		return;
	}
	free(xml);
	free(csv);
	registry[0] = strdup(full_registry());
	registry[1] = older_snapshot(registry[0]);
}

START_TEST(lookups_stay_whole_while_the_index_is_rebuilt)
{
	dir = make_temp_dir();
	choose_registries();
	printf("rebuilding from %s and %s\n", registry[0], registry[1]);
	index_path = path_join(dir, "services.idx");
	struct mapped_file file[2];
	struct index ix[2];
	load_both(file, ix);
	make_queries(ix);

	rebuild(registry[0]);
	setenv("NSS_IANA_INDEX", index_path, 1);
	ck_assert_int_eq(__nss_configure_lookup("services", "iana"), 0);
	pthread_t threads[THREADS];
	for (size_t t = 0; t < THREADS; t++)
		ck_assert_int_eq(pthread_create(&threads[t], NULL, resolve_in_a_loop,
						(void *)(t * query_count / THREADS)), 0);
	/* odd rebuilds from the older registry, even ones from the newer: the
	 * last is the newer */
	for (int i = 1; i <= REBUILDS; i++) {
		sleep_ms(150);
		if (i == REBUILDS)
			sleep_ms(1200); /* the CSV's data is surely being answered by now */
		rebuild(registry[i % 2 ? 1 : 0]);
	}
	struct timespec rebuilt;
	clock_gettime(CLOCK_MONOTONIC, &rebuilt);
	struct servent entry, *found = NULL;
	char buffer[1024];
	while (found == NULL && seconds_since(&rebuilt) < 5) {
		getservbyname_r("tacacss", "tcp", &entry, buffer, sizeof(buffer), &found);
		if (found == NULL)
			sleep_ms(10);
	}
	double delay = seconds_since(&rebuilt);
	atomic_store(&stop, true);
	for (size_t t = 0; t < THREADS; t++)
		pthread_join(threads[t], NULL);

	printf("%lu lookups, %lu wrong; answers only the newer registry gives: %lu, "
	       "only the older: %lu; "
	       "tacacss/tcp answered %.2f s after the last rebuild\n",
	       atomic_load(&asked), atomic_load(&wrong), atomic_load(&seen_only[0]),
	       atomic_load(&seen_only[1]), delay);
	fflush(stdout);
	ck_assert_uint_eq(atomic_load(&wrong), 0);
	/* both indexes were really answered from during the run */
	ck_assert_uint_gt(atomic_load(&seen_only[0]), 0);
	ck_assert_uint_gt(atomic_load(&seen_only[1]), 0);
	ck_assert_ptr_nonnull(found);
	struct index_entry tacacss;
	ck_assert_int_eq(index_find_name(&ix[1], "tacacss", "tcp", &tacacss), LOOKUP_ABSENT);
	ck_assert_int_eq(index_find_name(&ix[0], "tacacss", "tcp", &tacacss), LOOKUP_FOUND);
	ck_assert_uint_eq(ntohs((uint16_t)found->s_port), tacacss.port);
	ck_assert_msg(delay < 2.5, "the new index took %.2f s to be answered", delay);
	for (int v = 0; v < 2; v++)
		file_unmap(&file[v]);
	remove_tree(dir);
}
END_TEST

int main(void)
{
	Suite *suite = suite_create("live rebuild");
	TCase *c = tcase_create("rebuild under load");
	tcase_set_timeout(c, 300);
	tcase_add_test(c, lookups_stay_whole_while_the_index_is_rebuilt);
	suite_add_tcase(suite, c);
	return run_suite(suite);
}
