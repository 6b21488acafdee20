/* Helpers shared by the Check test programs. */
#ifndef NSS_IANA_TEST_SUPPORT_H
#define NSS_IANA_TEST_SUPPORT_H

#include <check.h>
#include <netdb.h>
#include <nss.h>
#include <stdbool.h>
#include <stddef.h>

#include "index_writer.h"
#include "service_list.h"

/* The entry points of the built module, as glibc finds them. */
struct nss_module {
	enum nss_status (*by_name)(const char *, const char *, struct servent *, char *, size_t,
				   int *);
	enum nss_status (*by_port)(int, const char *, struct servent *, char *, size_t, int *);
	enum nss_status (*set)(int);
	enum nss_status (*get)(struct servent *, char *, size_t, int *);
	enum nss_status (*end)(void);
};

/* dlopens MODULE_PATH (one copy per process, however often it is called)
 * and finds its entry points; a missing one fails the test. */
void nss_module_load(struct nss_module *m);

/* Longer than the interval at which the module looks at its file again
 * (CHECK_INTERVAL_SECONDS in nss/index_cache.c: one second). */
#define AFTER_THE_NEXT_CHECK_MS 1300

/* Sleeps that long, however often a signal interrupts. */
void sleep_ms(long milliseconds);

/* The exit code with which CTest counts a test as skipped. */
#define TEST_SKIPPED 77

/* Runs every test of the suite; the exit status for main(): failure if
 * any test failed, else TEST_SKIPPED if any test skipped, else success. */
int run_suite(Suite *suite);

/*
 * Ends the running test as skipped, saying why: a test that cannot run
 * (a missing input, a sanitizer that forbids it) must not count as
 * passed.  Check knows no skips, so the whole program then exits with
 * TEST_SKIPPED; keep such tests in a program (or a CK_RUN_CASE selection)
 * of their own when the rest should still count as passed.
 */
#define TEST_SKIP(...)                          \
	do {                                    \
		test_skip_record(__VA_ARGS__);  \
		return;                         \
	} while (0)
#if defined(__GNUC__)
__attribute__((format(printf, 1, 2)))
#endif
void test_skip_record(const char *format, ...);

/* A path under tests/fixtures (a static buffer, valid for the next seven
 * calls of fixture() and shared_registry()). */
const char *fixture(const char *name);
/* A path under ../shared/registry, or NULL when the registry copies are
 * not there: the test is then recorded as skipped (see TEST_SKIP), and
 * returns. */
const char *shared_registry(const char *name);

/* The full registry the tests check against the model: IANA's XML in
 * SHARED_REGISTRY_DIR when it is there, else the snapshot of it that the
 * project keeps (data/service-names-port-numbers.snapshot).  Never skips. */
const char *full_registry(void);
/* Debian netbase's /etc/services (NETBASE_SERVICES: this machine's own as
 * its netbase package installed it, else netbase 6.4's copy beside the
 * project), or NULL when there is none: the test is then recorded as
 * skipped. */
const char *netbase_services(void);

/* What the Python model of the registry (tests/oracle) prints for
 * `registry_oracle.py [--local LOCAL] REGISTRY COMMAND`; the test fails
 * when the model does. */
char *oracle_output(const char *registry, const char *local, const char *command);
/* One line of the model's `facts` ("entries", "aliases", "updated",
 * "source", "format", "sha256"): its value, newly allocated. */
char *oracle_fact(const char *registry, const char *local, const char *key);
unsigned long oracle_count(const char *registry, const char *local, const char *key);

/* A new empty directory, removed with everything in it by remove_tree(). */
char *make_temp_dir(void);
void remove_tree(const char *path);
/* A test's scratch directory and "services.idx" in it, with
 * NSS_IANA_INDEX unset so that the tool reads no other index; removed
 * with everything in it by scratch_remove(). */
void scratch_make(char **dir, char **index_path);
void scratch_remove(char **dir, char **index_path);
/* dir + "/" + name, newly allocated. */
char *path_join(const char *dir, const char *name);

/* Whole file contents, NUL-terminated; aborts the test when unreadable. */
char *slurp(const char *path, size_t *size);
void write_file(const char *path, const void *data, size_t size);
/* Puts a fresh copy of source at path by rename, as the tool puts a
 * rebuilt index in place: a new inode, never the old file rewritten. */
void install_copy(const char *source, const char *path);

/* Compiles a registry file into a service list; returns 0 or -1 with the
 * parser's "line: message" in error. */
int compile_file(const char *path, struct service_list *list, char *error, size_t error_size);
/* Compiles a registry file straight into an index file. */
void build_index(const char *registry, const char *output, const struct index_options *options);

/* A services(5) text (dump, lookup) reduced to "name port/proto aliases"
 * lines: comments dropped, white space single.  Newly allocated. */
char *services_normalized(const char *text);
void assert_normalized_eq(const char *text, const char *expected);
/* Fails the test, showing text, unless part is in it. */
void assert_contains(const char *text, const char *part);
/* `iana-services info` of index states what the model reads in registry:
 * its date, counts of entries and aliases, source file, format and SHA-256. */
void assert_info_matches_oracle(const char *index, const char *registry);

/* Runs iana-services with the given arguments (NULL-terminated), capturing
 * standard output and standard error; returns the exit status. */
struct tool_result {
	int status;
	char *out;
	char *err;
};
struct tool_result run_tool(const char *const *arguments);
void tool_result_free(struct tool_result *r);
#define RUN(...) run_tool((const char *const[]){ __VA_ARGS__, NULL })
/* `iana-services build --quiet [--local local] --output index registry`,
 * failing the test unless it succeeds. */
void tool_build(const char *index, const char *registry, const char *local);

#endif
