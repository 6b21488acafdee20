/*
 * The index cut short in place (the same inode, truncated) while the
 * process has no descriptor to spare.  The pages of the old mapping past
 * the new end would fault (SIGBUS) if read; the check that sees the file
 * changed must stop reading them whether or not the file can be mapped
 * anew.  Then, with descriptors back, the cut file is refused as not an
 * index, and a sound one renamed over it is taken.
 */
#include <check.h>
#include <errno.h>
#include <netdb.h>
#include <nss.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <unistd.h>

#include "test_support.h"

static struct nss_module nss;
static char *dir, *index_path;

/* "name port/proto" of a lookup by name, or "unavailable errno N". */
static const char *ask(const char *name)
{
	static char answer[256];
	static char buffer[1024];
	struct servent s;
	int error = 0;
	enum nss_status status = nss.by_name(name, "tcp", &s, buffer, sizeof(buffer), &error);
	if (status == NSS_STATUS_SUCCESS)
		snprintf(answer, sizeof(answer), "%s %d/%s", s.s_name, ntohs((uint16_t)s.s_port), s.s_proto);
	else
		snprintf(answer, sizeof(answer), "status %d errno %d", (int)status, error);
	return answer;
}

static const char *unavailable(int error)
{
	static char text[64];
	snprintf(text, sizeof(text), "status %d errno %d", (int)NSS_STATUS_UNAVAIL, error);
	return text;
}

/* The lowest descriptor a new open() would get. */
static int lowest_free_descriptor(void)
{
	int fd = dup(0);
	ck_assert_int_ge(fd, 0);
	close(fd);
	return fd;
}

START_TEST(a_file_cut_in_place_is_never_read_again_even_out_of_descriptors)
{
	struct rlimit was, none;
	dir = make_temp_dir();
	index_path = path_join(dir, "services.idx");
	build_index(fixture("rules.xml"), index_path, NULL);
	setenv("NSS_IANA_INDEX", index_path, 1);
	nss_module_load(&nss);
	ck_assert_str_eq(ask("http"), "http 80/tcp");

	ck_assert_int_eq(truncate(index_path, 0), 0);
	ck_assert_int_eq(getrlimit(RLIMIT_NOFILE, &was), 0);
	none = was;
	none.rlim_cur = (rlim_t)lowest_free_descriptor();
	ck_assert_int_eq(setrlimit(RLIMIT_NOFILE, &none), 0);
	sleep_ms(AFTER_THE_NEXT_CHECK_MS);
	/* The check comes first in this lookup: it must not read the cut
	 * pages, and cannot map the file again. */
	ck_assert_str_eq(ask("http"), unavailable(EMFILE));
	ck_assert_str_eq(ask("http"), unavailable(EMFILE));

	ck_assert_int_eq(setrlimit(RLIMIT_NOFILE, &was), 0);
	sleep_ms(AFTER_THE_NEXT_CHECK_MS);
	ck_assert_str_eq(ask("http"), unavailable(EINVAL));

	char *next = path_join(dir, "next.idx");
	build_index(fixture("rules.xml"), next, NULL);
	ck_assert_int_eq(rename(next, index_path), 0);
	sleep_ms(AFTER_THE_NEXT_CHECK_MS);
	ck_assert_str_eq(ask("http"), "http 80/tcp");
	free(next);
	remove_tree(dir);
	free(index_path);
	free(dir);
}
END_TEST

int main(void)
{
	Suite *suite = suite_create("cut in place");
	TCase *cut = tcase_create("cut");
	tcase_set_timeout(cut, 30);
	tcase_add_test(cut, a_file_cut_in_place_is_never_read_again_even_out_of_descriptors);
	suite_add_tcase(suite, cut);
	return run_suite(suite);
}
