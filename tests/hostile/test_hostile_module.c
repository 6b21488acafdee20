/*
 * Hostile index files, faced by the real module: libnss_iana.so.2 of the
 * build tree, loaded with dlopen and called through its entry points, as
 * glibc calls them.  The contract (nss/nss_iana.c):
 *   - a file that is missing, not a regular file, or not a sound index:
 *     UNAVAIL from every entry point, with errno saying why;
 *   - a lookup that walks into damage the open could not see: UNAVAIL,
 *     EINVAL; lookups elsewhere in the file still answer;
 *   - a sound file without the entry asked for: NOTFOUND, ENOENT;
 *   - never a crash, never a hang (the test's timeout), never a read
 *     outside the mapping (ASan in the sanitizer build).
 * The module reads NSS_IANA_INDEX once, at its first lookup.  Check runs
 * each test (each loop iteration) in a child process of its own, and this
 * process never calls the module, so each test points a fresh module at
 * its own file.
 */
#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <netdb.h>
#include <nss.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bytes.h"
#include "damage.h"
#include "image.h"
#include "test_support.h"

/* A value no entry point sets: errno left alone shows as this. */
#define UNTOUCHED_ERRNO 12345
/* More than any damaged file can make an enumeration last. */
#define ENUMERATION_LIMIT 100000

struct answer {
	enum nss_status status;
	int error;
	struct servent s;
	char buffer[1024];
};

/* Loads the module and points it at path (it reads the variable at its
 * first lookup, which is still to come). */
static void load_module(struct nss_module *m, const char *path)
{
	ck_assert_int_eq(setenv("NSS_IANA_INDEX", path, 1), 0);
	nss_module_load(m);
}

static void ask(const struct nss_module *m, const struct service_query *q, struct answer *a)
{
	a->error = UNTOUCHED_ERRNO;
	if (q->name != NULL)
		a->status = m->by_name(q->name, q->proto, &a->s, a->buffer, sizeof(a->buffer), &a->error);
	else
		a->status = m->by_port(htons(q->port), q->proto, &a->s, a->buffer, sizeof(a->buffer),
				       &a->error);
}

static const char *query_text(const struct service_query *q)
{
	static char text[128];
	if (q->name != NULL)
		snprintf(text, sizeof(text), "%s/%s", q->name, q->proto ? q->proto : "any");
	else
		snprintf(text, sizeof(text), "port %u/%s", q->port, q->proto ? q->proto : "any");
	return text;
}

static void assert_answer(const struct nss_module *m, const struct service_query *q,
			  enum nss_status status, int error)
{
	struct answer a;
	ask(m, q, &a);
	ck_assert_msg(a.status == status && a.error == error,
		      "%s answers status %d errno %d (%s); expected %d errno %d", query_text(q),
		      a.status, a.error, strerror(a.error), status, error);
}

/* Runs getservent to its end: how many entries it gave, and how it ended. */
static uint32_t enumerate(const struct nss_module *m, struct answer *last, const struct buf *names_of)
{
	struct index ix;
	uint32_t count = 0;
	ck_assert_int_eq(m->set(1), NSS_STATUS_SUCCESS);
	if (names_of != NULL)
		ck_assert_int_eq(index_open(&ix, names_of->data, names_of->length), INDEX_OK);
	for (;;) {
		last->error = UNTOUCHED_ERRNO;
		last->status = m->get(&last->s, last->buffer, sizeof(last->buffer), &last->error);
		if (last->status != NSS_STATUS_SUCCESS)
			break;
		ck_assert_uint_lt(count, ENUMERATION_LIMIT);
		if (names_of != NULL) {
			struct index_entry e;
			ck_assert_int_eq(index_entry(&ix, count, &e), INDEX_OK);
			ck_assert_str_eq(last->s.s_name, e.name);
			ck_assert_str_eq(last->s.s_proto, e.proto);
		}
		count++;
	}
	ck_assert_int_eq(m->end(), NSS_STATUS_SUCCESS);
	return count;
}

/* Every entry point refuses, with this errno. */
static void assert_unavailable_everywhere(const struct nss_module *m, int error)
{
	static const struct service_query by_name = { "http", 0, "tcp" };
	static const struct service_query by_port = { NULL, 80, "tcp" };
	struct answer last;
	assert_answer(m, &by_name, NSS_STATUS_UNAVAIL, error);
	assert_answer(m, &by_port, NSS_STATUS_UNAVAIL, error);
	ck_assert_int_eq(m->set(0), NSS_STATUS_UNAVAIL);
	last.error = UNTOUCHED_ERRNO;
	last.status = m->get(&last.s, last.buffer, sizeof(last.buffer), &last.error);
	ck_assert_int_eq(last.status, NSS_STATUS_UNAVAIL);
	ck_assert_int_eq(last.error, error);
	ck_assert_int_eq(m->end(), NSS_STATUS_SUCCESS);
}

struct scratch {
	char *dir;
	char *index;
};

static void scratch_start(struct scratch *s)
{
	s->dir = make_temp_dir();
	s->index = path_join(s->dir, "services.idx");
}

static void scratch_end(struct scratch *s)
{
	remove_tree(s->dir);
	free(s->dir);
	free(s->index);
}

static void write_image(const struct scratch *s, const struct buf *image)
{
	write_file(s->index, image->data, image->length);
}

/* --- sound files --------------------------------------------------------- */

START_TEST(sound_index_answers_and_enumerates_every_entry)
{
	struct scratch s;
	struct nss_module m;
	struct buf image = { 0 };
	struct answer a, last;
	scratch_start(&s);
	image_build(&image, false, 2);
	write_image(&s, &image);
	load_module(&m, s.index);
	ask(&m, &(struct service_query){ "http", 0, "tcp" }, &a);
	ck_assert_int_eq(a.status, NSS_STATUS_SUCCESS);
	ck_assert_int_eq(a.error, UNTOUCHED_ERRNO);
	ck_assert_str_eq(a.s.s_name, "http");
	ck_assert_int_eq(ntohs((uint16_t)a.s.s_port), 80);
	ck_assert_str_eq(a.s.s_aliases[0], "www");
	ck_assert_ptr_null(a.s.s_aliases[1]);
	ck_assert_uint_eq(enumerate(&m, &last, &image), image_section_count(&image, SECTION_ENTRIES));
	ck_assert_int_eq(last.status, NSS_STATUS_NOTFOUND);
	ck_assert_int_eq(last.error, ENOENT);
	buf_free(&image);
	scratch_end(&s);
}
END_TEST

START_TEST(sound_index_without_the_entry_answers_not_found)
{
	static const struct service_query absent[] = {
		{ "no-such-service", 0, NULL },
		{ "http", 0, "ddp" },
		{ "sctp-only", 0, "tcp" },
		{ NULL, 4242, NULL },
		{ NULL, 6064, "tcp" },
		{ NULL, 9900, "udp" },
	};
	struct scratch s;
	struct nss_module m;
	struct buf image = { 0 };
	scratch_start(&s);
	image_build(&image, true, 4);
	write_image(&s, &image);
	load_module(&m, s.index);
	for (size_t i = 0; i < sizeof(absent) / sizeof(absent[0]); i++)
		assert_answer(&m, &absent[i], NSS_STATUS_NOTFOUND, ENOENT);
	buf_free(&image);
	scratch_end(&s);
}
END_TEST

/* --- files that are not index files -------------------------------------- */

START_TEST(missing_file_is_unavailable_with_enoent)
{
	struct scratch s;
	struct nss_module m;
	scratch_start(&s);
	load_module(&m, s.index);
	assert_unavailable_everywhere(&m, ENOENT);
	scratch_end(&s);
}
END_TEST

START_TEST(empty_file_is_unavailable_with_einval)
{
	struct scratch s;
	struct nss_module m;
	scratch_start(&s);
	write_file(s.index, "", 0);
	load_module(&m, s.index);
	assert_unavailable_everywhere(&m, EINVAL);
	scratch_end(&s);
}
END_TEST

START_TEST(directory_is_unavailable_with_eisdir)
{
	struct scratch s;
	struct nss_module m;
	scratch_start(&s);
	ck_assert_int_eq(mkdir(s.index, 0755), 0);
	load_module(&m, s.index);
	assert_unavailable_everywhere(&m, EISDIR);
	scratch_end(&s);
}
END_TEST

/* Opening a FIFO for reading waits for a writer, unless the module takes
 * care not to: the test's timeout catches a wait. */
START_TEST(fifo_is_unavailable_without_waiting)
{
	struct scratch s;
	struct nss_module m;
	scratch_start(&s);
	ck_assert_int_eq(mkfifo(s.index, 0644), 0);
	load_module(&m, s.index);
	assert_unavailable_everywhere(&m, EINVAL);
	scratch_end(&s);
}
END_TEST

START_TEST(dev_null_is_unavailable_with_einval)
{
	struct nss_module m;
	load_module(&m, "/dev/null");
	assert_unavailable_everywhere(&m, EINVAL);
}
END_TEST

START_TEST(symlink_loop_is_unavailable_with_eloop)
{
	struct scratch s;
	struct nss_module m;
	scratch_start(&s);
	ck_assert_int_eq(symlink(s.index, s.index), 0);
	load_module(&m, s.index);
	assert_unavailable_everywhere(&m, ELOOP);
	scratch_end(&s);
}
END_TEST

/* A root test process first becomes nobody (in its effective user id, so
 * that it can clean up after), for whom the file is closed.  The module is
 * loaded before, while the file is not there yet (the build tree may be
 * closed to nobody), and reads the file at its next check. */
START_TEST(unreadable_file_is_unavailable_with_eacces)
{
	struct scratch s;
	struct nss_module m;
	struct buf image = { 0 };
	scratch_start(&s);
	load_module(&m, s.index);
	image_build(&image, false, 2);
	write_image(&s, &image);
	ck_assert_int_eq(chmod(s.dir, 0755), 0);
	ck_assert_int_eq(chmod(s.index, 0), 0);
	bool was_root = geteuid() == 0;
	if (was_root)
		ck_assert_int_eq(seteuid(65534), 0);
	sleep_ms(AFTER_THE_NEXT_CHECK_MS);
	assert_unavailable_everywhere(&m, EACCES);
	if (was_root)
		ck_assert_int_eq(seteuid(0), 0);
	buf_free(&image);
	scratch_end(&s);
}
END_TEST

/* Sparse: the size is all there is to it. */
START_TEST(file_beyond_the_size_limit_is_unavailable_with_efbig)
{
	struct scratch s;
	struct nss_module m;
	scratch_start(&s);
	write_file(s.index, "", 0);
	ck_assert_int_eq(truncate(s.index, (off_t)INDEX_MAX_FILE_SIZE + 1), 0);
	load_module(&m, s.index);
	assert_unavailable_everywhere(&m, EFBIG);
	scratch_end(&s);
}
END_TEST

/* --- damaged index files -------------------------------------------------- */

START_TEST(open_damage_is_unavailable_everywhere)
{
	const struct open_damage *d = &open_damages[_i];
	struct scratch s;
	struct nss_module m;
	struct buf image = { 0 };
	scratch_start(&s);
	image_build(&image, d->descriptions, 2);
	d->apply(&image);
	image_reseal(&image);
	write_image(&s, &image);
	load_module(&m, s.index);
	printf("%s\n", d->name);
	assert_unavailable_everywhere(&m, d->error);
	buf_free(&image);
	scratch_end(&s);
}
END_TEST

/* The lengths to cut the file at: every length of the header, then the
 * first, middle and last byte of each section. */
#define TRUNCATION_COUNT (INDEX_HEADER_SIZE + 3 * SECTION_COUNT)

static size_t truncation_length(const struct buf *image, int i)
{
	if (i < INDEX_HEADER_SIZE)
		return (size_t)i;
	int section = (i - INDEX_HEADER_SIZE) / 3;
	size_t start = image_section_offset(image, (enum index_section)section);
	size_t end = section + 1 == SECTION_COUNT
			     ? image->length
			     : image_section_offset(image, (enum index_section)(section + 1));
	size_t cuts[3] = { start + 1, start + (end - start) / 2, end - 1 };
	return cuts[(i - INDEX_HEADER_SIZE) % 3];
}

START_TEST(truncated_file_is_unavailable_everywhere)
{
	struct scratch s;
	struct nss_module m;
	struct buf image = { 0 };
	scratch_start(&s);
	/* With descriptions, so that no section is empty. */
	image_build(&image, true, 2);
	size_t length = truncation_length(&image, _i);
	ck_assert_uint_lt(length, image.length);
	image_truncate(&image, length);
	write_image(&s, &image);
	load_module(&m, s.index);
	printf("truncated to %zu bytes\n", length);
	assert_unavailable_everywhere(&m, EINVAL);
	buf_free(&image);
	scratch_end(&s);
}
END_TEST

/* The answer the undamaged file gives to a query, from the reader. */
static void assert_same_as_undamaged(const struct nss_module *m, const struct service_query *q,
				     const struct buf *undamaged)
{
	struct index ix;
	struct index_entry e;
	struct answer a;
	ck_assert_int_eq(index_open(&ix, undamaged->data, undamaged->length), INDEX_OK);
	enum index_lookup want = q->name ? index_find_name(&ix, q->name, q->proto, &e)
					 : index_find_port(&ix, q->port, q->proto, &e);
	ck_assert_int_eq(want, LOOKUP_FOUND);
	ask(m, q, &a);
	ck_assert_msg(a.status == NSS_STATUS_SUCCESS, "%s answers %d errno %d", query_text(q),
		      a.status, a.error);
	ck_assert_str_eq(a.s.s_name, e.name);
	ck_assert_str_eq(a.s.s_proto, e.proto);
}

START_TEST(lookup_damage_is_unavailable_where_met)
{
	const struct lookup_damage *d = &lookup_damages[_i];
	struct scratch s;
	struct nss_module m;
	struct buf undamaged = { 0 }, image = { 0 };
	struct answer last;
	scratch_start(&s);
	image_build(&undamaged, false, 2);
	buf_append(&image, undamaged.data, undamaged.length);
	d->apply(&image);
	image_reseal(&image);
	write_image(&s, &image);
	load_module(&m, s.index);
	printf("%s\n", d->name);
	if (!d->enumeration_only)
		assert_answer(&m, &d->meets, NSS_STATUS_UNAVAIL, EINVAL);
	assert_same_as_undamaged(&m, &d->misses, &undamaged);
	uint32_t readable = d->first_unreadable ? fixture_entry(&undamaged, d->first_unreadable)
						: image_section_count(&undamaged, SECTION_ENTRIES);
	ck_assert_uint_eq(enumerate(&m, &last, &undamaged), readable);
	ck_assert_int_eq(last.status, d->first_unreadable ? NSS_STATUS_UNAVAIL : NSS_STATUS_NOTFOUND);
	ck_assert_int_eq(last.error, d->first_unreadable ? EINVAL : ENOENT);
	buf_free(&undamaged);
	buf_free(&image);
	scratch_end(&s);
}
END_TEST

/* --- a file changed in place while mapped ---------------------------------- */

/*
 * The tool and the install never do this (they rename a new file into
 * place), but someone may: cut the mapped file short in place, with
 * truncate(1) or a `cp` over it.  Pages of the mapping past the new end
 * then raise SIGBUS when read.  The module's guard: at its next look at the
 * file (within a second) it sees another size and time, maps what is there
 * now, refuses it, and drops the old mapping without reading it again.
 * From then on every entry point answers UNAVAIL, without a signal (Check
 * reports a signal as a failure); once a sound file is back -- written in
 * place again -- it answers again.  What remains (a lookup within that
 * second, or an enumeration begun before the cut, reading pages past the
 * new end) is the risk README.md's "Safety" describes.
 */
START_TEST(file_truncated_in_place_is_dropped_at_the_next_check)
{
	static const struct service_query http = { "http", 0, "tcp" };
	struct scratch s;
	struct nss_module m;
	struct buf image = { 0 };
	scratch_start(&s);
	image_build(&image, true, 2);
	size_t cuts[] = { 0, INDEX_HEADER_SIZE, image.length / 2, image.length - 1 };
	write_image(&s, &image);
	load_module(&m, s.index);
	assert_answer(&m, &http, NSS_STATUS_SUCCESS, UNTOUCHED_ERRNO);
	for (size_t i = 0; i < sizeof(cuts) / sizeof(cuts[0]); i++) {
		printf("cut in place to %zu bytes while mapped\n", cuts[i]);
		fflush(stdout);
		ck_assert_int_eq(truncate(s.index, (off_t)cuts[i]), 0);
		sleep_ms(AFTER_THE_NEXT_CHECK_MS);
		assert_unavailable_everywhere(&m, EINVAL);
		/* Written back in place (same inode), as `cp` would. */
		write_image(&s, &image);
		sleep_ms(AFTER_THE_NEXT_CHECK_MS);
		assert_answer(&m, &http, NSS_STATUS_SUCCESS, UNTOUCHED_ERRNO);
	}
	buf_free(&image);
	scratch_end(&s);
}
END_TEST

/* Gives http/tcp's record count aliases, each as long as the format
 * allows. */
static void alias_list_of_long_names(struct buf *image, unsigned count)
{
	static char name[INDEX_MAX_NAME + 1];
	const char *aliases[INDEX_MAX_ALIASES + 1];
	struct buf record = { 0 };
	uint32_t http = image_record_ref(image, "http/tcp");
	uint8_t tcp = *image_record_protocols(image, http);
	memset(name, 'a', INDEX_MAX_NAME);
	for (unsigned a = 0; a < count; a++)
		aliases[a] = name;
	image_encode_record(&record, 80, "http", &tcp, 1, 80, aliases, count);
	image_replace_record(image, http, &record);
	image_reseal(image);
	buf_free(&record);
}

/* As many aliases as the format allows, each as long as it allows: the
 * answer does not fit in a small buffer (ERANGE, nothing written; glibc
 * then retries with a larger one) and comes out whole in one that holds
 * it. */
START_TEST(longest_alias_list_needs_a_larger_buffer)
{
	struct scratch s;
	struct nss_module m;
	struct buf image = { 0 };
	struct answer small;
	struct servent big;
	char big_buffer[(INDEX_MAX_ALIASES + 1) * (INDEX_MAX_NAME + 1 + sizeof(char *)) + 64];
	int error = UNTOUCHED_ERRNO;
	scratch_start(&s);
	image_build(&image, false, 2);
	alias_list_of_long_names(&image, INDEX_MAX_ALIASES);
	write_image(&s, &image);
	load_module(&m, s.index);

	memset(small.buffer, 0x5a, sizeof(small.buffer));
	ask(&m, &(struct service_query){ "http", 0, "tcp" }, &small);
	ck_assert_int_eq(small.status, NSS_STATUS_TRYAGAIN);
	ck_assert_int_eq(small.error, ERANGE);
	for (size_t i = 0; i < sizeof(small.buffer); i++)
		ck_assert_int_eq((unsigned char)small.buffer[i], 0x5a);

	ck_assert_int_eq(m.by_name("http", "tcp", &big, big_buffer, sizeof(big_buffer), &error),
			 NSS_STATUS_SUCCESS);
	ck_assert_int_eq(error, UNTOUCHED_ERRNO);
	ck_assert_str_eq(big.s_name, "http");
	for (int i = 0; i < INDEX_MAX_ALIASES; i++) {
		ck_assert_uint_eq(strlen(big.s_aliases[i]), INDEX_MAX_NAME);
		ck_assert_uint_eq(strspn(big.s_aliases[i], "a"), INDEX_MAX_NAME);
	}
	ck_assert_ptr_null(big.s_aliases[INDEX_MAX_ALIASES]);
	buf_free(&image);
	scratch_end(&s);
}
END_TEST

/* One alias more than the format allows: that entry is unavailable, the
 * others answer. */
START_TEST(alias_list_past_the_limit_is_unavailable)
{
	struct scratch s;
	struct nss_module m;
	struct buf undamaged = { 0 }, image = { 0 };
	scratch_start(&s);
	image_build(&undamaged, false, 2);
	image_build(&image, false, 2);
	alias_list_of_long_names(&image, INDEX_MAX_ALIASES + 1);
	write_image(&s, &image);
	load_module(&m, s.index);
	assert_answer(&m, &(struct service_query){ "http", 0, "tcp" }, NSS_STATUS_UNAVAIL, EINVAL);
	assert_answer(&m, &(struct service_query){ NULL, 80, "tcp" }, NSS_STATUS_UNAVAIL, EINVAL);
	assert_same_as_undamaged(&m, &(struct service_query){ "http", 0, "udp" }, &undamaged);
	buf_free(&undamaged);
	buf_free(&image);
	scratch_end(&s);
}
END_TEST

static Suite *hostile_module_suite(void)
{
	Suite *s = suite_create("hostile index, through the module");
	TCase *sound = tcase_create("sound files");
	tcase_add_test(sound, sound_index_answers_and_enumerates_every_entry);
	tcase_add_test(sound, sound_index_without_the_entry_answers_not_found);
	tcase_add_test(sound, longest_alias_list_needs_a_larger_buffer);
	tcase_add_test(sound, alias_list_past_the_limit_is_unavailable);
	suite_add_tcase(s, sound);

	TCase *files = tcase_create("not index files");
	tcase_add_test(files, missing_file_is_unavailable_with_enoent);
	tcase_add_test(files, empty_file_is_unavailable_with_einval);
	tcase_add_test(files, directory_is_unavailable_with_eisdir);
	tcase_add_test(files, fifo_is_unavailable_without_waiting);
	tcase_add_test(files, dev_null_is_unavailable_with_einval);
	tcase_add_test(files, symlink_loop_is_unavailable_with_eloop);
	tcase_add_test(files, unreadable_file_is_unavailable_with_eacces);
	tcase_add_test(files, file_beyond_the_size_limit_is_unavailable_with_efbig);
	suite_add_tcase(s, files);

	TCase *damaged = tcase_create("damaged files");
	tcase_add_loop_test(damaged, open_damage_is_unavailable_everywhere, 0, (int)open_damage_count);
	tcase_add_loop_test(damaged, truncated_file_is_unavailable_everywhere, 0, TRUNCATION_COUNT);
	tcase_add_loop_test(damaged, lookup_damage_is_unavailable_where_met, 0, (int)lookup_damage_count);
	suite_add_tcase(s, damaged);

	TCase *changed = tcase_create("changed in place while mapped");
	tcase_set_timeout(changed, 60); /* a dozen seconds of waiting for the module's checks */
	tcase_add_test(changed, file_truncated_in_place_is_dropped_at_the_next_check);
	suite_add_tcase(s, changed);
	return s;
}

int main(void)
{
	SRunner *runner = srunner_create(hostile_module_suite());
	/* A fresh module per test needs a process per test, whatever CK_FORK says. */
	srunner_set_fork_status(runner, CK_FORK);
	srunner_run_all(runner, CK_NORMAL);
	int failed = srunner_ntests_failed(runner);
	srunner_free(runner);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
