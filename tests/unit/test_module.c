/* libnss_iana.so.2 as glibc sees it: the built module is dlopen'ed and its
 * entry points called directly.  Check runs each test in a child process,
 * so each starts with a module that has not yet read NSS_IANA_INDEX. */
#include <arpa/inet.h>
#include <check.h>
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netdb.h>
#include <nss.h>
#include <pthread.h>
#include <stdalign.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bytes.h"
#include "index_format.h"
#include "test_support.h"

static struct nss_module nss;

static char *dir;
static char *index_path;

/* Points the module at path (read at its first lookup) and loads it. */
static void use_index(const char *path)
{
	setenv("NSS_IANA_INDEX", path, 1);
	nss_module_load(&nss);
}

static void setup(void)
{
	dir = make_temp_dir();
	index_path = path_join(dir, "services.idx");
	build_index(fixture("rules.xml"), index_path, NULL);
}

static void teardown(void)
{
	remove_tree(dir);
	free(index_path);
	free(dir);
}

static struct servent result;
static char buffer[1024];
static int error;

/* "name port/proto aliases" of an answer; "-" when not found. */
static const char *show(const struct servent *s)
{
	static char text[400];
	int n = snprintf(text, sizeof(text), "%s %u/%s", s->s_name, ntohs((uint16_t)s->s_port), s->s_proto);
	for (char **a = s->s_aliases; *a != NULL; a++)
		n += snprintf(text + n, sizeof(text) - (size_t)n, " %s", *a);
	return text;
}

static const char *name_answer(const char *name, const char *proto)
{
	error = 0;
	enum nss_status status = nss.by_name(name, proto, &result, buffer, sizeof(buffer), &error);
	if (status == NSS_STATUS_NOTFOUND) {
		ck_assert_int_eq(error, ENOENT);
		return "-";
	}
	if (status == NSS_STATUS_UNAVAIL)
		return "unavailable";
	ck_assert_int_eq(status, NSS_STATUS_SUCCESS);
	return show(&result);
}

static const char *port_answer(unsigned port, const char *proto)
{
	error = 0;
	enum nss_status status = nss.by_port((int)htons((uint16_t)port), proto, &result, buffer,
					     sizeof(buffer), &error);
	if (status == NSS_STATUS_NOTFOUND) {
		ck_assert_int_eq(error, ENOENT);
		return "-";
	}
	ck_assert_int_eq(status, NSS_STATUS_SUCCESS);
	return show(&result);
}

START_TEST(answers_follow_the_contract)
{
	use_index(index_path);
	ck_assert_str_eq(name_answer("interhdl_elmd", "tcp"), "interhdl-elmd 1454/tcp interhdl_elmd");
	ck_assert_str_eq(name_answer("http", NULL), "http 80/tcp");
	ck_assert_str_eq(name_answer("HTTP", "udp"), "http 80/udp");
	ck_assert_str_eq(name_answer("hello-world", NULL), "hello-world 7778/udp");
	ck_assert_str_eq(name_answer("HELLO-WORLD", NULL), "Hello-World 7777/tcp");
	ck_assert_str_eq(name_answer("msp", NULL), "msp 18/tcp");
	ck_assert_str_eq(name_answer("x11", "udp"), "x11 6000/udp");
	ck_assert_str_eq(port_answer(2438, "tcp"), "msp 2438/tcp");
	ck_assert_str_eq(port_answer(1701, NULL), "l2f 1701/tcp");
	ck_assert_str_eq(port_answer(6010, "tcp"), "xsingle 6010/tcp");
	ck_assert_str_eq(port_answer(9, NULL), "discard 9/dccp");
}
END_TEST

START_TEST(a_range_answers_with_the_port_asked)
{
	use_index(index_path);
	ck_assert_str_eq(port_answer(6005, "tcp"), "x11 6005/tcp");
	ck_assert_str_eq(port_answer(6063, NULL), "x11 6063/tcp");
	ck_assert_str_eq(port_answer(6668, "tcp"), "ircu 6668/tcp");
}
END_TEST

START_TEST(not_found_is_notfound_with_enoent)
{
	use_index(index_path);
	ck_assert_str_eq(name_answer("no-such-service", NULL), "-");
	ck_assert_str_eq(name_answer("http", "xyz"), "-");
	ck_assert_str_eq(name_answer("sctp-only", "tcp"), "-");
	ck_assert_str_eq(port_answer(4, NULL), "-");
	ck_assert_str_eq(port_answer(6064, "tcp"), "-");
	error = 0;
	ck_assert_int_eq(nss.by_name(NULL, NULL, &result, buffer, sizeof(buffer), &error),
			 NSS_STATUS_NOTFOUND);
	ck_assert_int_eq(error, ENOENT);
}
END_TEST

START_TEST(errno_is_left_untouched_on_success)
{
	use_index(index_path);
	errno = EDOM;
	ck_assert_int_eq(nss.by_name("http", NULL, &result, buffer, sizeof(buffer), &error),
			 NSS_STATUS_SUCCESS);
	ck_assert_int_eq(nss.by_port((int)htons(80), NULL, &result, buffer, sizeof(buffer), &error),
			 NSS_STATUS_SUCCESS);
	ck_assert_int_eq(errno, EDOM);
}
END_TEST

/* Every buffer size below the need: TRYAGAIN, ERANGE, and not one byte of
 * the buffer or the result written.  At the need: SUCCESS, wholly inside
 * it.  The need, spelled out for this one answer from what glibc asks of a
 * module: padding from start up to pointer alignment, the alias pointers
 * (one alias and the terminating NULL), then "interhdl-elmd", "tcp" and
 * "interhdl_elmd", each with its NUL. */
static void assert_erange_below_need(int offset)
{
	alignas(8) static char big[512];
	char *start = big + offset;
	size_t padding = (alignof(char *) - (uintptr_t)start % alignof(char *)) % alignof(char *);
	size_t need = padding + 2 * sizeof(char *) + sizeof("interhdl-elmd") + sizeof("tcp") +
		      sizeof("interhdl_elmd");
	for (size_t size = 0; size <= need; size++) {
		struct servent untouched;
		memset(big, 0xA5, sizeof(big));
		memset(&result, 0x5A, sizeof(result));
		memset(&untouched, 0x5A, sizeof(untouched));
		error = 0;
		enum nss_status status = nss.by_name("interhdl_elmd", "tcp", &result, start, size, &error);
		if (size < need) {
			ck_assert_msg(status == NSS_STATUS_TRYAGAIN, "size %zu: status %d", size, status);
			ck_assert_int_eq(error, ERANGE);
			ck_assert_mem_eq(&result, &untouched, sizeof(result));
			for (size_t i = 0; i < sizeof(big); i++)
				ck_assert_msg((unsigned char)big[i] == 0xA5, "size %zu wrote byte %zu", size, i);
		} else {
			ck_assert_int_eq(status, NSS_STATUS_SUCCESS);
			ck_assert_str_eq(show(&result), "interhdl-elmd 1454/tcp interhdl_elmd");
			for (int i = 0; i < offset; i++)
				ck_assert((unsigned char)big[i] == 0xA5);
			ck_assert((unsigned char)big[offset + need] == 0xA5);
			ck_assert((char *)result.s_aliases >= start + padding);
			ck_assert(result.s_name + sizeof("interhdl-elmd") <= start + need);
			ck_assert(result.s_proto + sizeof("tcp") <= start + need);
			ck_assert(result.s_aliases[0] + sizeof("interhdl_elmd") <= start + need);
		}
	}
}

START_TEST(erange_at_every_buffer_size_writes_nothing)
{
	use_index(index_path);
	assert_erange_below_need(_i);
}
END_TEST

START_TEST(aliases_are_aligned_and_inside_the_buffer)
{
	use_index(index_path);
	ck_assert_int_eq(nss.by_name("whois++", NULL, &result, buffer + 3, sizeof(buffer) - 3, &error),
			 NSS_STATUS_SUCCESS);
	ck_assert_uint_eq((uintptr_t)result.s_aliases % alignof(char *), 0);
	ck_assert((char *)result.s_aliases >= buffer + 3 && (char *)result.s_aliases < buffer + sizeof(buffer));
	ck_assert(result.s_name > buffer && result.s_name < buffer + sizeof(buffer));
	ck_assert(result.s_proto > buffer && result.s_proto < buffer + sizeof(buffer));
	ck_assert_str_eq(result.s_aliases[0], "whois++");
	ck_assert_ptr_null(result.s_aliases[1]);
}
END_TEST

/* Every entry point reports UNAVAIL with the reason in *errnop. */
static void assert_unavailable(int expected_error)
{
	error = 0;
	ck_assert_int_eq(nss.by_name("http", NULL, &result, buffer, sizeof(buffer), &error), NSS_STATUS_UNAVAIL);
	ck_assert_int_eq(error, expected_error);
	error = 0;
	ck_assert_int_eq(nss.by_port((int)htons(80), "tcp", &result, buffer, sizeof(buffer), &error),
			 NSS_STATUS_UNAVAIL);
	ck_assert_int_eq(error, expected_error);
	ck_assert_int_eq(nss.set(0), NSS_STATUS_UNAVAIL);
	error = 0;
	ck_assert_int_eq(nss.get(&result, buffer, sizeof(buffer), &error), NSS_STATUS_UNAVAIL);
	ck_assert_int_eq(error, expected_error);
	ck_assert_int_eq(nss.end(), NSS_STATUS_SUCCESS);
}

START_TEST(missing_index_is_unavailable_enoent)
{
	char *missing = path_join(dir, "missing.idx");
	use_index(missing);
	assert_unavailable(ENOENT);
	free(missing);
}
END_TEST

START_TEST(empty_index_is_unavailable)
{
	char *empty = path_join(dir, "empty.idx");
	write_file(empty, "", 0);
	use_index(empty);
	assert_unavailable(EINVAL);
	free(empty);
}
END_TEST

START_TEST(directory_is_unavailable)
{
	use_index(dir);
	assert_unavailable(EISDIR);
}
END_TEST

START_TEST(truncated_index_is_unavailable)
{
	size_t size;
	char *data = slurp(index_path, &size);
	write_file(index_path, data, size - 100);
	use_index(index_path);
	assert_unavailable(EINVAL);
	free(data);
}
END_TEST

START_TEST(newer_format_version_is_unavailable)
{
	size_t size;
	char *data = slurp(index_path, &size);
	put_u16((uint8_t *)data + HEADER_OFF_VERSION, INDEX_VERSION + 1);
	write_file(index_path, data, size);
	use_index(index_path);
	assert_unavailable(EPROTONOSUPPORT);
	free(data);
}
END_TEST

START_TEST(not_an_index_is_unavailable)
{
	write_file(index_path, "services: files iana\n", 21);
	use_index(index_path);
	assert_unavailable(EINVAL);
}
END_TEST

static size_t enumerate(char lines[][400], size_t max)
{
	size_t count = 0;
	enum nss_status status;
	while ((status = nss.get(&result, buffer, sizeof(buffer), &error)) == NSS_STATUS_SUCCESS) {
		ck_assert_uint_lt(count, max);
		snprintf(lines[count++], 400, "%s", show(&result));
	}
	ck_assert_int_eq(status, NSS_STATUS_NOTFOUND);
	ck_assert_int_eq(error, ENOENT);
	return count;
}

START_TEST(getservent_lists_every_entry_once_in_registry_order)
{
	static char lines[64][400];
	use_index(index_path);
	ck_assert_int_eq(nss.set(1), NSS_STATUS_SUCCESS);
	ck_assert_uint_eq(enumerate(lines, 64), 29);
	ck_assert_str_eq(lines[0], "tcpmux 1/tcp");
	ck_assert_str_eq(lines[15], "interhdl-elmd 1454/tcp interhdl_elmd");
	ck_assert_str_eq(lines[21], "x11 6000/tcp");
	ck_assert_str_eq(lines[28], "sctp-only 9900/sctp");
	/* at the end it stays at the end until rewound */
	ck_assert_int_eq(nss.get(&result, buffer, sizeof(buffer), &error), NSS_STATUS_NOTFOUND);
	ck_assert_int_eq(nss.set(0), NSS_STATUS_SUCCESS);
	ck_assert_uint_eq(enumerate(lines, 64), 29);
	ck_assert_int_eq(nss.end(), NSS_STATUS_SUCCESS);
	/* without setservent, from the start */
	ck_assert_uint_eq(enumerate(lines, 64), 29);
	ck_assert_str_eq(lines[0], "tcpmux 1/tcp");
}
END_TEST

START_TEST(getservent_after_erange_returns_the_same_entry)
{
	use_index(index_path);
	ck_assert_int_eq(nss.set(0), NSS_STATUS_SUCCESS);
	ck_assert_int_eq(nss.get(&result, buffer, sizeof(buffer), &error), NSS_STATUS_SUCCESS);
	ck_assert_int_eq(nss.get(&result, buffer, 4, &error), NSS_STATUS_TRYAGAIN);
	ck_assert_int_eq(error, ERANGE);
	ck_assert_int_eq(nss.get(&result, buffer, sizeof(buffer), &error), NSS_STATUS_SUCCESS);
	ck_assert_str_eq(show(&result), "tcpmux 1/udp");
}
END_TEST

static unsigned open_descriptors(void)
{
	unsigned count = 0;
	DIR *d = opendir("/proc/self/fd");
	ck_assert_ptr_nonnull(d);
	while (readdir(d) != NULL)
		count++;
	closedir(d);
	return count;
}

START_TEST(no_descriptor_stays_open)
{
	use_index(index_path);
	unsigned before = open_descriptors();
	ck_assert_str_eq(name_answer("http", NULL), "http 80/tcp");
	ck_assert_str_eq(port_answer(6005, NULL), "x11 6005/tcp");
	ck_assert_int_eq(nss.set(0), NSS_STATUS_SUCCESS);
	ck_assert_int_eq(nss.get(&result, buffer, sizeof(buffer), &error), NSS_STATUS_SUCCESS);
	ck_assert_uint_eq(open_descriptors(), before);
}
END_TEST

/* Waits up to timeout for a name to answer as expected; returns ms taken. */
static long wait_for_answer(const char *name, const char *expected, long timeout_ms)
{
	for (long waited = 0; waited <= timeout_ms; waited += 50) {
		if (strcmp(name_answer(name, NULL), expected) == 0)
			return waited;
		sleep_ms(50);
	}
	ck_abort_msg("%s did not become \"%s\" within %ld ms", name, expected, timeout_ms);
	return -1;
}

/* Renames over the index a new one holding only fresh-service 4242/tcp,
 * the way the tool puts a rebuilt index in place. */
static void replace_index_with_fresh_service(void)
{
	char *csv = path_join(dir, "next.csv"), *next = path_join(dir, "next.idx");
	const char text[] = "Service Name,Port Number,Transport Protocol\nfresh-service,4242,tcp\n";
	write_file(csv, text, sizeof(text) - 1);
	build_index(csv, next, NULL);
	ck_assert_int_eq(rename(next, index_path), 0);
	free(csv);
	free(next);
}

START_TEST(a_rebuilt_index_is_picked_up_without_restart)
{
	use_index(index_path);
	ck_assert_str_eq(name_answer("http", NULL), "http 80/tcp");
	ck_assert_str_eq(name_answer("fresh-service", NULL), "-");

	replace_index_with_fresh_service();

	/* within about a second; the test allows three */
	wait_for_answer("fresh-service", "fresh-service 4242/tcp", 3000);
	ck_assert_str_eq(name_answer("http", NULL), "-");
}
END_TEST

START_TEST(an_index_that_appears_later_is_picked_up)
{
	char *later = path_join(dir, "later.idx");
	use_index(later);
	error = 0;
	ck_assert_int_eq(nss.by_name("http", NULL, &result, buffer, sizeof(buffer), &error), NSS_STATUS_UNAVAIL);
	ck_assert_int_eq(rename(index_path, later), 0);
	wait_for_answer("http", "http 80/tcp", 3000);
	free(later);
}
END_TEST

START_TEST(enumeration_keeps_its_index_across_a_rebuild)
{
	use_index(index_path);
	ck_assert_int_eq(nss.set(0), NSS_STATUS_SUCCESS);
	ck_assert_int_eq(nss.get(&result, buffer, sizeof(buffer), &error), NSS_STATUS_SUCCESS);
	replace_index_with_fresh_service();
	wait_for_answer("fresh-service", "fresh-service 4242/tcp", 3000);
	/* the enumeration started on the old index goes on through it */
	unsigned rest = 0;
	while (nss.get(&result, buffer, sizeof(buffer), &error) == NSS_STATUS_SUCCESS)
		rest++;
	ck_assert_uint_eq(rest, 28);
	nss.end();
}
END_TEST

/* Mappings of this process of the file path named, now deleted. */
static unsigned deleted_mappings_of(const char *path)
{
	char line[4096], wanted[PATH_MAX + 16];
	unsigned count = 0;
	snprintf(wanted, sizeof(wanted), " %s (deleted)\n", path);
	FILE *maps = fopen("/proc/self/maps", "r");
	ck_assert_ptr_nonnull(maps);
	while (fgets(line, sizeof(line), maps) != NULL) {
		size_t length = strlen(line);
		count += length >= strlen(wanted) && strcmp(line + length - strlen(wanted), wanted) == 0;
	}
	fclose(maps);
	return count;
}

/* An enumeration that has reached its end lets go of its index, so that a
 * program that never calls endservent does not keep a replaced index
 * mapped; it stays at its end until rewound. */
START_TEST(enumeration_at_its_end_lets_go_of_its_index)
{
	static char lines[64][400];
	use_index(index_path);
	ck_assert_uint_eq(enumerate(lines, 64), 29);
	replace_index_with_fresh_service();
	wait_for_answer("fresh-service", "fresh-service 4242/tcp", 3000);
	ck_assert_uint_eq(deleted_mappings_of(index_path), 0);
	ck_assert_int_eq(nss.get(&result, buffer, sizeof(buffer), &error), NSS_STATUS_NOTFOUND);
	ck_assert_int_eq(nss.set(0), NSS_STATUS_SUCCESS);
	ck_assert_uint_eq(enumerate(lines, 64), 1);
	ck_assert_str_eq(lines[0], "fresh-service 4242/tcp");
}
END_TEST

/*
 * A lookup held inside the module for as long as a test wants: strnlen,
 * which the module imports and calls once it has its index, is this
 * program's (exported, so the module's calls come here first); asked to
 * measure held_name while holding is set, it waits until released.
 */
static const char held_name[] = "http";
static pthread_mutex_t hold_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t hold_changed = PTHREAD_COND_INITIALIZER;
static bool holding, held, released;

size_t strnlen(const char *s, size_t max);
size_t strnlen(const char *s, size_t max)
{
	static size_t (*libc_strnlen)(const char *, size_t);
	if (libc_strnlen == NULL)
		*(void **)&libc_strnlen = dlsym(RTLD_NEXT, "strnlen");
	if (s == held_name) {
		pthread_mutex_lock(&hold_lock);
		if (holding) {
			held = true;
			pthread_cond_broadcast(&hold_changed);
			while (!released)
				pthread_cond_wait(&hold_changed, &hold_lock);
		}
		pthread_mutex_unlock(&hold_lock);
	}
	return libc_strnlen(s, max);
}

static char held_answer[400];

static void *held_lookup(void *unused)
{
	static struct servent s;
	static char space[1024];
	int e = 0;
	(void)unused;
	enum nss_status status = nss.by_name(held_name, "tcp", &s, space, sizeof(space), &e);
	snprintf(held_answer, sizeof(held_answer), "%s", status == NSS_STATUS_SUCCESS ? show(&s) : "-");
	return NULL;
}

/* Waits until the held lookup is inside the module, or lets it go on. */
static void hold_wait(void)
{
	pthread_mutex_lock(&hold_lock);
	while (!held)
		pthread_cond_wait(&hold_changed, &hold_lock);
	pthread_mutex_unlock(&hold_lock);
}

static void hold_release(void)
{
	pthread_mutex_lock(&hold_lock);
	released = true;
	pthread_cond_broadcast(&hold_changed);
	pthread_mutex_unlock(&hold_lock);
}

/* A lookup that stalls for seconds inside the module -- preempted, or
 * paged out -- while the index is replaced: nothing waits for it, so the
 * replaced file is let go at the check that replaced it; and the lookup,
 * finding when it is done that its index was replaced under it, asks the
 * new one ("http" is not in it). */
START_TEST(a_lookup_held_for_seconds_answers_from_the_index_current_at_its_end)
{
	pthread_t thread;
	use_index(index_path);
	ck_assert_str_eq(name_answer("http", NULL), "http 80/tcp");
	holding = true;
	ck_assert_int_eq(pthread_create(&thread, NULL, held_lookup, NULL), 0);
	hold_wait();
	replace_index_with_fresh_service();
	sleep_ms(AFTER_THE_NEXT_CHECK_MS);
	ck_assert_str_eq(name_answer("fresh-service", NULL), "fresh-service 4242/tcp");
	ck_assert_uint_eq(deleted_mappings_of(index_path), 0);
	hold_release();
	ck_assert_int_eq(pthread_join(thread, NULL), 0);
	ck_assert_str_eq(held_answer, "-");
}
END_TEST

/* The lowest descriptor a new open() would get. */
static int lowest_free_descriptor(void)
{
	int fd = dup(0);
	ck_assert_int_ge(fd, 0);
	close(fd);
	return fd;
}

/* Out of descriptors when the replacement is to be mapped: that says
 * nothing about the file, so the index in hand goes on answering, and the
 * replacement is taken once descriptors are back. */
START_TEST(a_transient_failure_keeps_the_index_in_hand)
{
	struct rlimit was, none;
	use_index(index_path);
	ck_assert_str_eq(name_answer("http", NULL), "http 80/tcp");
	replace_index_with_fresh_service();
	ck_assert_int_eq(getrlimit(RLIMIT_NOFILE, &was), 0);
	none = was;
	none.rlim_cur = (rlim_t)lowest_free_descriptor();
	ck_assert_int_eq(setrlimit(RLIMIT_NOFILE, &none), 0);
	ck_assert_int_eq(open(index_path, O_RDONLY), -1);
	ck_assert_int_eq(errno, EMFILE);
	sleep_ms(AFTER_THE_NEXT_CHECK_MS);
	ck_assert_str_eq(name_answer("http", NULL), "http 80/tcp");
	ck_assert_str_eq(name_answer("fresh-service", NULL), "-");
	ck_assert_int_eq(setrlimit(RLIMIT_NOFILE, &was), 0);
	wait_for_answer("fresh-service", "fresh-service 4242/tcp", 3000);
}
END_TEST

/* A replacement that cannot be read is what the path now names: every
 * entry point says so, rather than answer from a file that is gone. */
START_TEST(an_unreadable_replacement_is_unavailable_with_eacces)
{
	char *next = path_join(dir, "next.idx");
	use_index(index_path);
	ck_assert_str_eq(name_answer("http", NULL), "http 80/tcp");
	build_index(fixture("rules.xml"), next, NULL);
	ck_assert_int_eq(chmod(dir, 0755), 0);
	ck_assert_int_eq(chmod(next, 0), 0);
	ck_assert_int_eq(rename(next, index_path), 0);
	/* A root test process becomes nobody, for whom the file is closed. */
	bool was_root = geteuid() == 0;
	if (was_root)
		ck_assert_int_eq(seteuid(65534), 0);
	sleep_ms(AFTER_THE_NEXT_CHECK_MS);
	ck_assert_str_eq(name_answer("http", NULL), "unavailable");
	ck_assert_int_eq(error, EACCES);
	if (was_root)
		ck_assert_int_eq(seteuid(0), 0);
	free(next);
}
END_TEST

/* The words of a command's output lines that contain marker, sorted. */
static char *collect(const char *command, const char *marker, int word)
{
	static char joined[2048];
	char line[512];
	FILE *p = popen(command, "r");
	ck_assert_ptr_nonnull(p);
	joined[0] = '\0';
	while (fgets(line, sizeof(line), p) != NULL) {
		if (marker && strstr(line, marker) == NULL)
			continue;
		char *token = strtok(line, " \t\n");
		for (int i = 0; i < word && token != NULL; i++)
			token = strtok(NULL, " \t\n");
		if (token != NULL) {
			strncat(joined, token, sizeof(joined) - strlen(joined) - 2);
			strcat(joined, " ");
		}
	}
	ck_assert_int_eq(pclose(p), 0);
	return joined;
}

START_TEST(exports_exactly_the_services_entry_points)
{
	ck_assert_str_eq(collect("nm -D --defined-only " MODULE_PATH " | sort -k3", NULL, 2),
			 "_nss_iana_endservent _nss_iana_getservbyname_r _nss_iana_getservbyport_r "
			 "_nss_iana_getservent_r _nss_iana_setservent ");
}
END_TEST

/* The sanitizer runtimes a sanitizer build links into the module. */
static bool sanitizer_runtime(const char *needed)
{
	return strncmp(needed, "[libasan.", 9) == 0 || strncmp(needed, "[libubsan.", 10) == 0 ||
	       strncmp(needed, "[libtsan.", 9) == 0;
}

START_TEST(soname_and_libc_only)
{
	char libraries[2048] = "";
	ck_assert_str_eq(collect("readelf -d " MODULE_PATH, "(SONAME)", 4), "[libnss_iana.so.2] ");
	char *needed = collect("readelf -d " MODULE_PATH, "(NEEDED)", 4);
	for (char *word = strtok(needed, " "); word != NULL; word = strtok(NULL, " "))
		if (!sanitizer_runtime(word))
			snprintf(libraries + strlen(libraries), sizeof(libraries) - strlen(libraries),
				 "%s ", word);
	ck_assert_str_eq(libraries, "[libc.so.6] ");
}
END_TEST

/* What a module loaded into every process must not call: the allocator
 * (a lookup that allocates can fail, and fragments its host's heap) and
 * stdio (buffers, locks, and allocation behind them). */
static const char *const forbidden_imports[] = {
	"malloc", "calloc", "realloc", "reallocarray", "free", "posix_memalign", "aligned_alloc",
	"memalign", "valloc", "pvalloc", "strdup", "strndup", "asprintf", "vasprintf", "getline",
	"getdelim", "open_memstream", "fmemopen", "fopen", "fdopen", "freopen", "fclose", "fread",
	"fwrite", "fgets", "fgetc", "getc", "fputs", "fputc", "putc", "puts", "putchar", "printf",
	"fprintf", "vprintf", "vfprintf", "sprintf", "snprintf", "vsprintf", "vsnprintf", "dprintf",
	"scanf", "fscanf", "sscanf", "fflush", "setvbuf", "perror", "popen", "pclose",
};

START_TEST(imports_no_allocator_and_no_stdio)
{
	char *imports = collect("nm -D --undefined-only " MODULE_PATH, NULL, 1);
	printf("imports: %s\n", imports);
	ck_assert_ptr_nonnull(strstr(imports, "mmap"));  /* the list is really the module's */
	for (char *word = strtok(imports, " "); word != NULL; word = strtok(NULL, " ")) {
		char name[256];
		snprintf(name, sizeof(name), "%.*s", (int)strcspn(word, "@"), word);
		for (size_t i = 0; i < sizeof(forbidden_imports) / sizeof(forbidden_imports[0]); i++)
			ck_assert_msg(strcmp(name, forbidden_imports[i]) != 0,
				      "the module imports %s", name);
	}
}
END_TEST

int main(void)
{
	Suite *suite = suite_create("module");
	TCase *answers = tcase_create("answers");
	tcase_add_checked_fixture(answers, setup, teardown);
	tcase_add_test(answers, answers_follow_the_contract);
	tcase_add_test(answers, a_range_answers_with_the_port_asked);
	tcase_add_test(answers, not_found_is_notfound_with_enoent);
	tcase_add_test(answers, errno_is_left_untouched_on_success);
	tcase_add_loop_test(answers, erange_at_every_buffer_size_writes_nothing, 0, 8);
	tcase_add_test(answers, aliases_are_aligned_and_inside_the_buffer);
	tcase_add_test(answers, getservent_lists_every_entry_once_in_registry_order);
	tcase_add_test(answers, getservent_after_erange_returns_the_same_entry);
	tcase_add_test(answers, no_descriptor_stays_open);
	suite_add_tcase(suite, answers);
	TCase *shape = tcase_create("shape");
	tcase_add_test(shape, exports_exactly_the_services_entry_points);
	tcase_add_test(shape, soname_and_libc_only);
	tcase_add_test(shape, imports_no_allocator_and_no_stdio);
	suite_add_tcase(suite, shape);
	TCase *unavailable = tcase_create("unavailable");
	tcase_add_checked_fixture(unavailable, setup, teardown);
	tcase_add_test(unavailable, missing_index_is_unavailable_enoent);
	tcase_add_test(unavailable, empty_index_is_unavailable);
	tcase_add_test(unavailable, directory_is_unavailable);
	tcase_add_test(unavailable, truncated_index_is_unavailable);
	tcase_add_test(unavailable, newer_format_version_is_unavailable);
	tcase_add_test(unavailable, not_an_index_is_unavailable);
	suite_add_tcase(suite, unavailable);
	TCase *reload = tcase_create("reload");
	tcase_add_checked_fixture(reload, setup, teardown);
	tcase_set_timeout(reload, 20);
	tcase_add_test(reload, a_rebuilt_index_is_picked_up_without_restart);
	tcase_add_test(reload, an_index_that_appears_later_is_picked_up);
	tcase_add_test(reload, enumeration_keeps_its_index_across_a_rebuild);
	tcase_add_test(reload, enumeration_at_its_end_lets_go_of_its_index);
	tcase_add_test(reload, a_lookup_held_for_seconds_answers_from_the_index_current_at_its_end);
	tcase_add_test(reload, a_transient_failure_keeps_the_index_in_hand);
	tcase_add_test(reload, an_unreadable_replacement_is_unavailable_with_eacces);
	suite_add_tcase(suite, reload);
	return run_suite(suite);
}
