/* iana-services as a user runs it: help, exit codes, errors on stderr as
 * FILE:LINE, atomic builds, and output checked against the Python model
 * of the registry (tests/oracle). */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_support.h"

static char *dir;
static char *index_path;

static void setup(void)
{
	scratch_make(&dir, &index_path);
}

static void teardown(void)
{
	scratch_remove(&dir, &index_path);
}

/* dump of an index built from registry (and a local file) equals the
 * model's entries. */
static void assert_dump_matches_oracle(const char *registry, const char *local)
{
	tool_build(index_path, registry, local);
	struct tool_result r = RUN("dump", "--index", index_path);
	ck_assert_int_eq(r.status, 0);
	char *ours = services_normalized(r.out), *model = oracle_output(registry, local, "dump");
	ck_assert_str_eq(ours, model);
	free(ours);
	free(model);
	tool_result_free(&r);
}

START_TEST(help_describes_every_command_and_exit_status)
{
	struct tool_result r = RUN("--help");
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.err, "");
	const char *parts[] = { "Usage: iana-services COMMAND", "  build ", "  snapshot ", "  lookup ",
				"  search ", "  dump ", "  info ", "  verify ", "  update ", "  diff ", "NSS_IANA_INDEX",
				"Exit status:", "FILE:LINE" };
	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
		assert_contains(r.out, parts[i]);
	tool_result_free(&r);
}
END_TEST

START_TEST(each_command_has_its_help)
{
	const char *commands[] = { "build", "snapshot", "lookup", "search", "dump", "info", "verify", "update", "diff" };
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		char usage[64];
		struct tool_result r = RUN(commands[i], "--help");
		snprintf(usage, sizeof(usage), "Usage: iana-services %s", commands[i]);
		ck_assert_int_eq(r.status, 0);
		assert_contains(r.out, usage);
		tool_result_free(&r);
	}
}
END_TEST

START_TEST(version)
{
	struct tool_result r = RUN("--version");
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.out, "iana-services " NSS_IANA_VERSION "\n");
	tool_result_free(&r);
}
END_TEST

START_TEST(usage_errors_exit_2_with_a_message_on_stderr)
{
	struct tool_result runs[] = {
		run_tool((const char *const[]){ NULL }),
		RUN("frobnicate"),
		RUN("build"),
		RUN("build", "a", "b"),
		RUN("lookup", "--index", "x"),
		RUN("dump", "--no-such-option"),
		RUN("verify", "extra"),
		RUN("snapshot"),
		RUN("snapshot", "a", "b"),
		RUN("snapshot", "--no-such-option", "a"),
	};
	for (size_t i = 0; i < sizeof(runs) / sizeof(runs[0]); i++) {
		ck_assert_msg(runs[i].status == 2, "case %zu: status %d", i, runs[i].status);
		ck_assert_str_eq(runs[i].out, "");
		ck_assert_msg(runs[i].err[0] != '\0', "case %zu: nothing on stderr", i);
		tool_result_free(&runs[i]);
	}
}
END_TEST

START_TEST(build_prints_a_summary_and_warnings)
{
	struct tool_result r = RUN("build", "--output", index_path, fixture("rules.xml"));
	ck_assert_msg(r.status == 0, "%s", r.err);
	assert_contains(r.out, "records read        38\n");
	assert_contains(r.out, "entries             29 (tcp 16, udp 10, sctp 2, dccp 1)\n");
	assert_contains(r.out, "aliases             3\n");
	assert_contains(r.out, "port ranges         3\n");
	assert_contains(r.out, "skipped             5\n");
	assert_contains(r.out, "no service name   2 (reserved or unassigned)\n");
	assert_contains(r.out, "duplicates dropped  1\n");
	assert_contains(r.out, "(XML, updated 2026-01-15)");
	assert_contains(r.err, "rules.xml:170: warning: \"lost_alias\" is an alias to \"nowhere\"");
	assert_contains(r.err, "rules.xml:243: warning: service name \"Apple Remote Desktop");
	tool_result_free(&r);
}
END_TEST

static unsigned files_in(const char *path)
{
	unsigned count = 0;
	DIR *d = opendir(path);
	struct dirent *e;
	while ((e = readdir(d)) != NULL)
		count += e->d_name[0] != '.' || strncmp(e->d_name, ".services", 9) == 0;
	closedir(d);
	return count;
}

START_TEST(failed_build_names_file_and_line_and_keeps_the_old_index)
{
	struct tool_result r = RUN("build", "--quiet", "--output", index_path, fixture("rules.xml"));
	ck_assert_int_eq(r.status, 0);
	tool_result_free(&r);
	size_t before_size, after_size;
	char *before = slurp(index_path, &before_size);
	char *bad = path_join(dir, "bad.csv");
	const char text[] = "Service Name,Port Number,Transport Protocol\nssh,22,tcp\nbig,99999,tcp\n";
	write_file(bad, text, sizeof(text) - 1);
	unsigned files = files_in(dir);

	r = RUN("build", "--output", index_path, bad);
	ck_assert_int_eq(r.status, 3);
	char expected[4200];
	snprintf(expected, sizeof(expected), "%s:3: port \"99999\" is out of range 0-65535\n", bad);
	ck_assert_str_eq(r.err, expected);
	ck_assert_str_eq(r.out, "");
	char *after = slurp(index_path, &after_size);
	ck_assert_uint_eq(after_size, before_size);
	ck_assert_mem_eq(after, before, before_size);
	ck_assert_uint_eq(files_in(dir), files); /* no temporary left behind */
	tool_result_free(&r);
	free(before);
	free(after);
	free(bad);
}
END_TEST

START_TEST(whole_file_errors_name_the_file_alone)
{
	char *empty = path_join(dir, "empty.xml");
	write_file(empty, "", 0);
	struct tool_result r = RUN("build", "--output", index_path, empty);
	ck_assert_int_eq(r.status, 3);
	char expected[4200];
	snprintf(expected, sizeof(expected), "%s: empty file: no registry records\n", empty);
	ck_assert_str_eq(r.err, expected);
	tool_result_free(&r);
	free(empty);
}
END_TEST

START_TEST(unwritable_or_unreadable_files_exit_4)
{
	char *nowhere = path_join(dir, "no/such/dir/services.idx");
	struct tool_result r = RUN("build", "--output", nowhere, fixture("rules.xml"));
	ck_assert_int_eq(r.status, 4);
	assert_contains(r.err, "no/such/dir/services.idx");
	tool_result_free(&r);
	r = RUN("build", "--output", index_path, "/no/such/registry.xml");
	ck_assert_int_eq(r.status, 4);
	ck_assert_str_eq(r.err, "iana-services: /no/such/registry.xml: No such file or directory\n");
	tool_result_free(&r);
	r = RUN("info", "--index", "/no/such/index");
	ck_assert_int_eq(r.status, 4);
	tool_result_free(&r);
	free(nowhere);
}
END_TEST

START_TEST(lookup_answers_each_query_and_reports_misses)
{
	struct tool_result r = RUN("build", "-q", "-o", index_path, fixture("rules.xml"));
	tool_result_free(&r);
	r = RUN("lookup", "--index", index_path, "interhdl_elmd", "http", "6005/tcp", "whois++/tcp",
		"missing", "1701", "HELLO-WORLD/udp");
	ck_assert_int_eq(r.status, 1);
	assert_normalized_eq(r.out, "interhdl-elmd 1454/tcp interhdl_elmd\n"
					    "http 80/tcp\n"
					    "x11 6005/tcp\n"
					    "whoispp 63/tcp whois++\n"
					    "l2f 1701/tcp\n"
					    "hello-world 7778/udp\n");
	ck_assert_str_eq(r.err, "iana-services: missing: not found\n");
	tool_result_free(&r);
}
END_TEST

START_TEST(lookup_takes_a_name_with_a_slash_whole)
{
	char *csv = path_join(dir, "slash.csv");
	const char text[] = "Service Name,Port Number,Transport Protocol,Assignment Notes\n"
			    "914c-g,211,tcp,\n914c/g,211,tcp,\"This entry is an alias to \"\"914c-g\"\".\"\n";
	write_file(csv, text, sizeof(text) - 1);
	struct tool_result r = RUN("build", "-q", "-o", index_path, csv);
	ck_assert_msg(r.status == 0, "%s", r.err);
	tool_result_free(&r);
	r = RUN("lookup", "-i", index_path, "914c/g", "914c/g/tcp", "914c/g/udp");
	ck_assert_int_eq(r.status, 1);
	assert_normalized_eq(r.out, "914c-g 211/tcp 914c/g\n914c-g 211/tcp 914c/g\n");
	ck_assert_str_eq(r.err, "iana-services: 914c/g/udp: not found\n");
	tool_result_free(&r);
	free(csv);
}
END_TEST

START_TEST(lookup_shows_descriptions_when_stored)
{
	struct tool_result r = RUN("build", "-q", "--descriptions", "-o", index_path, fixture("rules.xml"));
	tool_result_free(&r);
	r = RUN("lookup", "-i", index_path, "xsingle");
	ck_assert_int_eq(r.status, 0);
	assert_contains(r.out, "6010/tcp  # A single port inside a range, later in the registry\n");
	tool_result_free(&r);
}
END_TEST

START_TEST(index_path_comes_from_the_environment)
{
	struct tool_result r = RUN("build", "-q", "-o", index_path, fixture("rules.xml"));
	tool_result_free(&r);
	setenv("NSS_IANA_INDEX", index_path, 1);
	r = RUN("lookup", "msp");
	ck_assert_int_eq(r.status, 0);
	assert_normalized_eq(r.out, "msp 18/tcp\n");
	tool_result_free(&r);
}
END_TEST

START_TEST(dump_lists_every_entry_once_in_registry_order)
{
	assert_dump_matches_oracle(fixture("rules.xml"), NULL);
	assert_dump_matches_oracle(fixture("rules.csv"), NULL);
}
END_TEST

START_TEST(dump_marks_ranges_in_a_comment)
{
	struct tool_result r = RUN("build", "-q", "-o", index_path, fixture("rules.xml"));
	tool_result_free(&r);
	r = RUN("dump", "-i", index_path);
	assert_contains(r.out, "x11                   6000/tcp  # ports 6000-6063\n");
	assert_contains(r.out, "# Registry: rules.xml, updated 2026-01-15.\n");
	tool_result_free(&r);
}
END_TEST

START_TEST(local_entries_come_first)
{
	char local[4096];
	snprintf(local, sizeof(local), "%s", fixture("local.services"));
	struct tool_result r = RUN("build", "-o", index_path, "--local", local, fixture("rules.xml"));
	ck_assert_msg(r.status == 0, "%s", r.err);
	assert_contains(r.out, "local files         1: 7 lines, 1 repeating an earlier line\n");
	assert_contains(r.out, "registry entries they cover (dropped) 3\n");
	assert_contains(r.out, "entries             32 (tcp 18, ddp 1, udp 10, sctp 2, dccp 1)\n");
	tool_result_free(&r);
	r = RUN("lookup", "-i", index_path, "http/tcp", "80/tcp", "tcpmux", "interhdl_elmd/tcp",
		"my-alias", "alias-15-on-one-long-line", "http-alias", "www");
	ck_assert_int_eq(r.status, 0);
	assert_normalized_eq(r.out, "http 8080/tcp www-alt webcache\n"
				    "www 80/tcp http-alias\n"
				    "tcpmux 1/tcp\n"
				    "interhdl-elmd 1454/tcp interhdl_elmd extra-alias\n"
				    "myservice 9999/ddp my-alias\n"
				    "many-aliases 7000/tcp"
				    " alias-00-on-one-long-line alias-01-on-one-long-line alias-02-on-one-long-line"
				    " alias-03-on-one-long-line alias-04-on-one-long-line alias-05-on-one-long-line"
				    " alias-06-on-one-long-line alias-07-on-one-long-line alias-08-on-one-long-line"
				    " alias-09-on-one-long-line alias-10-on-one-long-line alias-11-on-one-long-line"
				    " alias-12-on-one-long-line alias-13-on-one-long-line alias-14-on-one-long-line"
				    " alias-15-on-one-long-line\n"
				    "www 80/tcp http-alias\n"
				    "www 80/tcp http-alias\n");
	tool_result_free(&r);
	r = RUN("info", "-i", index_path);
	assert_contains(r.out, "Local files:   local.services\n");
	tool_result_free(&r);
	assert_dump_matches_oracle(fixture("rules.xml"), local);
}
END_TEST

START_TEST(malformed_local_lines_name_file_and_line)
{
	static const struct {
		const char *text;
		const char *error;
	} cases[] = {
		{ "# fine\nssh 22/tcp\nlonely\n", ":3: \"lonely\" has no PORT/PROTOCOL after it\n" },
		{ "ssh 22\n", ":1: \"22\" is not PORT/PROTOCOL\n" },
		{ "\n\nssh 70000/tcp\n", ":3: port \"70000\" is out of range 0-65535\n" },
		{ "x11 6000-6063/tcp\n", ":1: services(5) has no port ranges: \"6000-6063\"\n" },
		{ "ssh 22/\n", ":1: \"\" is not a protocol name\n" },
		/* The control character quoted as text (text_escape.h). */
		{ "ssh 22/tcp a\x1b\n", ":1: alias \"a\\x1b\" contains white space or a control character\n" },
		{ "ok 1/tcp\nbad\xff 2/tcp\n", ":2: not a text file: invalid UTF-8 or a NUL byte\n" },
	};
	char *local = path_join(dir, "local.services");
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char expected[4200];
		write_file(local, cases[i].text, strlen(cases[i].text));
		struct tool_result r = RUN("build", "-o", index_path, "--local", local, fixture("rules.xml"));
		snprintf(expected, sizeof(expected), "%s%s", local, cases[i].error);
		ck_assert_int_eq(r.status, 3);
		ck_assert_str_eq(r.err, expected);
		tool_result_free(&r);
	}
	free(local);
}
END_TEST

START_TEST(verify_accepts_sound_and_refuses_damaged_indexes)
{
	struct tool_result r = RUN("build", "-q", "-o", index_path, fixture("rules.xml"));
	tool_result_free(&r);
	r = RUN("verify", "-i", index_path);
	ck_assert_int_eq(r.status, 0);
	assert_contains(r.out, "sound: 29 entries, 3 aliases");
	tool_result_free(&r);

	size_t size;
	char *data = slurp(index_path, &size);
	data[size - 3] ^= 1;
	write_file(index_path, data, size);
	r = RUN("verify", "-i", index_path);
	ck_assert_int_eq(r.status, 3);
	assert_contains(r.err, "checksum mismatch");
	tool_result_free(&r);
	write_file(index_path, "hello", 5);
	r = RUN("verify", "-i", index_path);
	ck_assert_int_eq(r.status, 3);
	assert_contains(r.err, "not a services index");
	tool_result_free(&r);
	free(data);
}
END_TEST

/* registry builds into an index that dumps the model's entries, verifies,
 * and whose info states what the model does. */
static void assert_builds_dumps_and_verifies(const char *registry)
{
	assert_dump_matches_oracle(registry, NULL);
	struct tool_result r = RUN("verify", "-i", index_path);
	ck_assert_msg(r.status == 0, "%s", r.err);
	tool_result_free(&r);
	assert_info_matches_oracle(index_path, registry);
}

/* IANA's XML when it is beside the project, else the snapshot of it. */
START_TEST(full_registry_builds_dumps_and_verifies)
{
	assert_builds_dumps_and_verifies(full_registry());
}
END_TEST

START_TEST(iana_xml_registry_builds_dumps_and_verifies)
{
	const char *xml = shared_registry("service-names-port-numbers.xml");
	if (xml == NULL)
		return; /* recorded as skipped */
	assert_builds_dumps_and_verifies(xml);
}
END_TEST

START_TEST(iana_csv_registry_builds_dumps_and_verifies)
{
	const char *csv = shared_registry("service-names-port-numbers-2024-06.csv");
	if (csv == NULL)
		return; /* recorded as skipped */
	assert_builds_dumps_and_verifies(csv);
}
END_TEST

int main(void)
{
	Suite *suite = suite_create("tool");
	TCase *cli = tcase_create("command line");
	tcase_add_checked_fixture(cli, setup, teardown);
	tcase_set_timeout(cli, 60);
	tcase_add_test(cli, help_describes_every_command_and_exit_status);
	tcase_add_test(cli, each_command_has_its_help);
	tcase_add_test(cli, version);
	tcase_add_test(cli, usage_errors_exit_2_with_a_message_on_stderr);
	tcase_add_test(cli, build_prints_a_summary_and_warnings);
	tcase_add_test(cli, failed_build_names_file_and_line_and_keeps_the_old_index);
	tcase_add_test(cli, whole_file_errors_name_the_file_alone);
	tcase_add_test(cli, unwritable_or_unreadable_files_exit_4);
	tcase_add_test(cli, lookup_answers_each_query_and_reports_misses);
	tcase_add_test(cli, lookup_takes_a_name_with_a_slash_whole);
	tcase_add_test(cli, lookup_shows_descriptions_when_stored);
	tcase_add_test(cli, index_path_comes_from_the_environment);
	tcase_add_test(cli, dump_lists_every_entry_once_in_registry_order);
	tcase_add_test(cli, dump_marks_ranges_in_a_comment);
	tcase_add_test(cli, local_entries_come_first);
	tcase_add_test(cli, malformed_local_lines_name_file_and_line);
	tcase_add_test(cli, verify_accepts_sound_and_refuses_damaged_indexes);
	tcase_add_test(cli, full_registry_builds_dumps_and_verifies);
	suite_add_tcase(suite, cli);
	/* IANA's own files: their own test in CTest (test_tool_iana_files) */
	TCase *iana = tcase_create("IANA files");
	tcase_set_tags(iana, "iana-files");
	tcase_add_checked_fixture(iana, setup, teardown);
	tcase_set_timeout(iana, 60);
	tcase_add_test(iana, iana_xml_registry_builds_dumps_and_verifies);
	tcase_add_test(iana, iana_csv_registry_builds_dumps_and_verifies);
	suite_add_tcase(suite, iana);
	return run_suite(suite);
}
