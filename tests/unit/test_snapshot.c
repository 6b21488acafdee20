/* Registry snapshots: the reader's records and refusals, `iana-services
 * snapshot`, indexes built from snapshots and from saved pages (their
 * entries, date and provenance), and the snapshot the project keeps in
 * data/, with its descriptions file, against the registry it was made
 * from. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compile.h"
#include "descriptions.h"
#include "record_capture.h"
#include "registry.h"
#include "sha256.h"
#include "test_support.h"


static const char header[] =
	"# nss-iana registry snapshot 1\n"
	"# A comment line says nothing.\n"
	"# updated: 2026-01-15\n"
	"# source: rules.xml\n"
	"# format: XML\n"
	"# sha256: 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n";

static struct captured c;
static char *dir, *index_path;

static void setup(void)
{
	dir = make_temp_dir();
	index_path = path_join(dir, "services.idx");
	unsetenv("NSS_IANA_INDEX");
}

static void teardown(void)
{
	captured_release(&c);
	remove_tree(dir);
	free(index_path);
	free(dir);
}

/* A snapshot of the header above, "# entries: N" and the given lines. */
static const char *snapshot_text(unsigned entries, const char *lines)
{
	static char text[4096];
	snprintf(text, sizeof(text), "%s# entries: %u\n%s", header, entries, lines);
	return text;
}

START_TEST(each_entry_is_a_record_and_each_alias_one_naming_it)
{
	struct registry_info info;
	struct source_error err;
	ck_assert_int_eq(capture_text(snapshot_text(3, "tcpmux 1/tcp\n\n# a comment\n"
						     "x11 6000-6063/tcp\n"
						     "interhdl-elmd 1454/tcp interhdl_elmd other\n"),
				      &c, &info, &err), 0);
	ck_assert_int_eq(info.format, REGISTRY_SNAPSHOT);
	ck_assert_uint_eq(c.count, 5);
	ck_assert_str_eq(c.r[0].name, "tcpmux");
	ck_assert_str_eq(c.r[0].number, "1");
	ck_assert_str_eq(c.r[0].protocol, "tcp");
	ck_assert_ptr_null(c.r[0].alias_of);
	ck_assert_uint_eq(c.r[0].line, 8);
	ck_assert_str_eq(c.r[1].number, "6000-6063");
	ck_assert_uint_eq(c.r[1].line, 11);
	ck_assert_str_eq(c.r[3].name, "interhdl_elmd");
	ck_assert_str_eq(c.r[3].number, "1454");
	ck_assert_str_eq(c.r[3].alias_of, "interhdl-elmd");
	ck_assert_str_eq(c.r[4].name, "other");
	ck_assert_uint_eq(c.r[4].line, 12);
}
END_TEST

/* Replaces the first occurrence of from in a copy of text. */
static const char *edited(const char *text, const char *from, const char *to)
{
	static char out[4096];
	const char *at = strstr(text, from);
	ck_assert_ptr_nonnull(at);
	snprintf(out, sizeof(out), "%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
	return out;
}

START_TEST(the_header_gives_the_date_and_the_registry_file)
{
	struct registry_info info;
	struct source_error err;
	ck_assert_int_eq(capture_text(snapshot_text(1, "a 1/tcp\n"), &c, &info, &err), 0);
	ck_assert_str_eq(info.updated, "2026-01-15");
	ck_assert_str_eq(info.origin.file, "rules.xml");
	ck_assert_str_eq(info.origin.format, "XML");
	ck_assert_str_eq(info.origin.sha256,
			 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
	const char *undated = edited(snapshot_text(1, "a 1/tcp\n"), "2026-01-15", "unknown");
	ck_assert_int_eq(capture_text(undated, &c, &info, &err), 0);
	ck_assert_str_eq(info.updated, "");
}
END_TEST

START_TEST(a_bad_header_is_refused_naming_its_line)
{
	const char *good = snapshot_text(1, "a 1/tcp\n");
	assert_refused(edited(good, "snapshot 1\n", "snapshot 2\n"), 1,
		       "registry snapshot format \"2\"; this iana-services reads format 1");
	assert_refused(edited(good, "2026-01-15", "15/01/2026"), 3, "is not a date");
	assert_refused(edited(good, "rules.xml", "dir/rules.xml"), 4, "is not a file name");
	assert_refused(edited(good, "format: XML", "format: JSON"), 5, "is not XML, CSV or page");
	assert_refused(edited(good, "0123456789abcdef0", "0123456789ABCDEF0"), 6, "SHA-256");
	assert_refused(edited(good, "entries: 1", "entries: one"), 7, "not a number of entries");
	assert_refused(edited(good, "# source: rules.xml\n", ""), 7, "has no \"# source: \" line");
	assert_refused(edited(good, "# source: rules.xml\n", "# source: rules.xml\n# source: b\n"), 5,
		       "gives \"source\" twice");
}
END_TEST

START_TEST(a_bad_entry_line_is_refused_naming_it)
{
	assert_refused(snapshot_text(2, "a 1/tcp\nb 2\n"), 9, "\"b\" is not NAME PORT/PROTOCOL");
	assert_refused(snapshot_text(1, "a /tcp\n"), 8, "not NAME PORT/PROTOCOL");
	assert_refused(snapshot_text(1, "a 1/\n"), 8, "not NAME PORT/PROTOCOL");
	/* what the compiler checks, it checks as for any registry */
	struct service_list list = { 0 };
	struct compiler compiler = { .list = &list };
	struct registry_info info;
	struct source_error err = { 0 };
	const char *text = snapshot_text(1, "a 99999/tcp\n");
	ck_assert_int_eq(registry_parse(text, strlen(text), compile_record, &compiler, &info, &err), -1);
	ck_assert_uint_eq(err.line, 8);
	ck_assert_ptr_nonnull(strstr(err.message, "out of range"));
	service_list_free(&list);
}
END_TEST

/* The header counts the entries, so that a snapshot cut short is refused. */
START_TEST(a_snapshot_cut_short_or_padded_is_refused)
{
	assert_refused(snapshot_text(3, "a 1/tcp\nb 2/tcp\n"), 9, "announces 3 entries, but 2 follow");
	assert_refused(snapshot_text(1, "a 1/tcp\nb 2/tcp\n"), 9, "announces 1 entries, but 2 follow");
	assert_refused(snapshot_text(0, ""), 7, "a registry snapshot without entries");
	assert_refused("# nss-iana registry snapshot 1\n# updated: 2026-01-15\n", 2,
		       "has no \"# source: \" line");
}
END_TEST

/* The model's entries of registry, each range whole, as snapshot lines. */
static void assert_entry_lines_match_the_model(const char *snapshot, const char *registry)
{
	char *model = oracle_output(registry, NULL, "ranges"), *ours = strdup("");
	size_t length = 0;
	for (const char *line = snapshot; *line;) {
		size_t n = strcspn(line, "\n");
		if (line[0] != '#') {
			ours = realloc(ours, length + n + 2);
			memcpy(ours + length, line, n + 1);
			length += n + 1;
			ours[length] = '\0';
		}
		line += n + (line[n] == '\n');
	}
	ck_assert_str_eq(ours, model);
	free(ours);
	free(model);
}

START_TEST(snapshot_writes_the_registry_s_entries_date_and_file)
{
	struct tool_result r = RUN("snapshot", fixture("rules.xml"));
	ck_assert_msg(r.status == 0, "%s", r.err);
	ck_assert(strncmp(r.out, "# nss-iana registry snapshot 1\n", 31) == 0);
	size_t size;
	char *xml = slurp(fixture("rules.xml"), &size), hex[SHA256_HEX_SIZE], line[200];
	sha256_hex(xml, size, hex);
	snprintf(line, sizeof(line), "\n# sha256: %s\n", hex);
	assert_contains(r.out, line);
	assert_contains(r.out, "\n# updated: 2026-01-15\n# source: rules.xml\n# format: XML\n");
	snprintf(line, sizeof(line), "\n# entries: %lu\n", oracle_count(fixture("rules.xml"), NULL, "entries"));
	assert_contains(r.out, line);
	assert_entry_lines_match_the_model(r.out, fixture("rules.xml"));
	/* the build's warnings, as build gives them */
	assert_contains(r.err, "rules.xml:170: warning: \"lost_alias\" is an alias to \"nowhere\"");
	tool_result_free(&r);
	free(xml);
}
END_TEST

START_TEST(a_snapshot_of_a_snapshot_is_the_same_file)
{
	char *first = path_join(dir, "first.snapshot"), *second = path_join(dir, "second.snapshot");
	struct tool_result r = RUN("snapshot", "--output", first, fixture("rules.csv"));
	ck_assert_msg(r.status == 0, "%s", r.err);
	ck_assert_str_eq(r.out, "");
	tool_result_free(&r);
	r = RUN("snapshot", "-o", second, first);
	ck_assert_msg(r.status == 0, "%s", r.err);
	tool_result_free(&r);
	size_t a_size, b_size;
	char *a = slurp(first, &a_size), *b = slurp(second, &b_size);
	ck_assert_str_eq(a, b);
	assert_contains(a, "\n# updated: unknown\n# source: rules.csv\n# format: CSV\n");
	free(a);
	free(b);
	free(first);
	free(second);
}
END_TEST

START_TEST(a_failed_snapshot_leaves_the_output_as_it_was)
{
	char *output = path_join(dir, "kept.snapshot"), *bad = path_join(dir, "bad.csv");
	write_file(output, "before\n", 7);
	const char registry[] = "Service Name,Port Number,Transport Protocol\nssh,22,tcp\nx,1-,tcp\n";
	write_file(bad, registry, sizeof(registry) - 1);
	struct tool_result r = RUN("snapshot", "-o", output, bad);
	ck_assert_int_eq(r.status, 3);
	char expected[4200];
	snprintf(expected, sizeof(expected), "%s:3: port \"1-\" is not a number or a range N-M\n", bad);
	ck_assert_str_eq(r.err, expected);
	tool_result_free(&r);
	char *kept = slurp(output, NULL);
	ck_assert_str_eq(kept, "before\n");
	r = RUN("snapshot", "/no/such/registry.xml");
	ck_assert_int_eq(r.status, 4);
	ck_assert_str_eq(r.out, "");
	tool_result_free(&r);
	free(kept);
	free(output);
	free(bad);
}
END_TEST

/* `iana-services snapshot` of registry, written to name in the test's
 * directory; the path, newly allocated. */
static char *snapshot_of(const char *registry, const char *name)
{
	char *snapshot = path_join(dir, name);
	struct tool_result r = RUN("snapshot", "-o", snapshot, registry);
	ck_assert_msg(r.status == 0, "%s", r.err);
	tool_result_free(&r);
	return snapshot;
}

/* dump of an index built from path, normalized; the index stays for
 * index_info(). */
static char *built_dump(const char *path)
{
	struct tool_result r = RUN("build", "-q", "-o", index_path, path);
	ck_assert_msg(r.status == 0, "%s: %s", path, r.err);
	tool_result_free(&r);
	r = RUN("dump", "-i", index_path);
	ck_assert_int_eq(r.status, 0);
	char *dump = services_normalized(r.out);
	tool_result_free(&r);
	return dump;
}

/* info of the index built last. */
static char *index_info(void)
{
	struct tool_result r = RUN("info", "-i", index_path);
	ck_assert_int_eq(r.status, 0);
	free(r.err);
	return r.out;
}

START_TEST(an_index_from_a_snapshot_has_the_registry_s_entries_and_origin)
{
	char *snapshot = snapshot_of(fixture("rules.xml"), "rules.snapshot");
	char *ours = built_dump(snapshot), *model = oracle_output(fixture("rules.xml"), NULL, "dump");
	ck_assert_str_eq(ours, model);
	char *info = index_info(), *sha256 = oracle_fact(fixture("rules.xml"), NULL, "sha256");
	char line[200];
	assert_contains(info, "Registry:      updated 2026-01-15\n");
	assert_contains(info, "Source:        rules.xml (XML)\n");
	snprintf(line, sizeof(line), "SHA-256:       %s\n", sha256);
	assert_contains(info, line);
	assert_contains(info, "Snapshot:      rules.snapshot, made from that file (no descriptions)\n");
	/* and diff sees the same entries in both */
	struct tool_result r = RUN("diff", fixture("rules.xml"), snapshot);
	ck_assert_msg(r.status == 0, "%s%s", r.out, r.err);
	assert_contains(r.out, "(registry snapshot, updated 2026-01-15, 29 entries)");
	tool_result_free(&r);
	free(ours);
	free(model);
	free(info);
	free(sha256);
	free(snapshot);
}
END_TEST

START_TEST(a_snapshot_cut_short_is_refused_by_build_naming_file_and_line)
{
	char *snapshot = snapshot_of(fixture("rules.xml"), "cut.snapshot");
	size_t size;
	char *text = slurp(snapshot, &size);
	write_file(snapshot, text, size - strlen("sctp-only 9900/sctp\n"));
	struct tool_result r = RUN("build", "-o", index_path, snapshot);
	ck_assert_int_eq(r.status, 3);
	char expected[4200];
	snprintf(expected, sizeof(expected), "%s:38: the header announces 29 entries, but 28 follow: "
		 "the snapshot is cut short or was edited\n", snapshot);
	ck_assert_str_eq(r.err, expected);
	ck_assert_int_eq(access(index_path, F_OK), -1);
	tool_result_free(&r);
	free(text);
	free(snapshot);
}
END_TEST

START_TEST(descriptions_wanted_from_a_snapshot_are_warned_about)
{
	char *snapshot = snapshot_of(fixture("rules.xml"), "rules.snapshot");
	struct tool_result r = RUN("build", "-q", "--descriptions", "-o", index_path, snapshot);
	ck_assert_int_eq(r.status, 0);
	assert_contains(r.err, "warning: a registry snapshot holds no descriptions");
	tool_result_free(&r);
	free(snapshot);
}
END_TEST

/* The saved pages of tests/fixtures hold the records of rules.xml. */
START_TEST(a_saved_page_builds_into_its_registry_s_entries)
{
	const char *pages[] = { "rules-page.txt", "rules-pipes.txt" };
	char *model = oracle_output(fixture("rules.xml"), NULL, "dump");
	for (size_t i = 0; i < sizeof(pages) / sizeof(pages[0]); i++) {
		char *ours = built_dump(fixture(pages[i])), *info = index_info();
		char line[200];
		ck_assert_str_eq(ours, model);
		assert_contains(info, "Registry:      updated 2026-01-15\n");
		snprintf(line, sizeof(line), "Source:        %s (page)\n", pages[i]);
		assert_contains(info, line);
		free(ours);
		free(info);
	}
	struct tool_result r = RUN("build", "-o", index_path, fixture("rules-pipes.txt"));
	ck_assert_msg(r.status == 0, "%s", r.err);
	assert_contains(r.out, "(page, updated 2026-01-15)");
	assert_contains(r.out, "  contact table rows  1 (not registry records)\n");
	assert_contains(r.out, "    name with spaces  1\n");
	tool_result_free(&r);
	free(model);
}
END_TEST

START_TEST(a_page_without_the_registry_table_exits_3_naming_file_and_line)
{
	char *page = path_join(dir, "empty-page.txt");
	const char text[] = "Internet Assigned Numbers Authority\n\n"
			    "Service Name and Transport Protocol Port Number Registry\n"
			    "- Last Updated\n- 2026-05-29\n";
	write_file(page, text, sizeof(text) - 1);
	struct tool_result r = RUN("build", "-o", index_path, page);
	ck_assert_int_eq(r.status, 3);
	char expected[4200];
	snprintf(expected, sizeof(expected), "%s:3: a registry page without the registry table: no "
		 "line names the columns \"Service Name\", \"Port Number\" and \"Transport Protocol\"\n", page);
	ck_assert_str_eq(r.err, expected);
	tool_result_free(&r);
	r = RUN("diff", page, fixture("rules.xml"));
	ck_assert_int_eq(r.status, 3);
	tool_result_free(&r);
	free(page);
}
END_TEST

/* The snapshot the project keeps builds into what the model reads in it. */
START_TEST(the_project_s_snapshot_builds_the_model_s_entries)
{
	char *ours = built_dump(SNAPSHOT_FILE), *model = oracle_output(SNAPSHOT_FILE, NULL, "dump");
	ck_assert_str_eq(ours, model);
	assert_info_matches_oracle(index_path, SNAPSHOT_FILE);
	free(ours);
	free(model);
}
END_TEST

/* The snapshot in data/ is exactly what the tool makes of IANA's XML beside
 * the project: it cannot drift from the registry silently. */
START_TEST(the_project_s_snapshot_is_what_the_tool_makes_of_iana_s_xml)
{
	const char *xml = shared_registry("service-names-port-numbers.xml");
	if (xml == NULL)
		return;
	struct tool_result r = RUN("snapshot", xml);
	ck_assert_msg(r.status == 0, "%s", r.err);
	char *kept = slurp(SNAPSHOT_FILE, NULL);
	ck_assert_msg(strcmp(r.out, kept) == 0, "%s differs from `iana-services snapshot %s`: make it "
		      "again with iana-services snapshot -o %s %s", SNAPSHOT_FILE, xml, SNAPSHOT_FILE, xml);
	tool_result_free(&r);
	free(kept);
	/* and an index from either has the same entries */
	char *from_xml = built_dump(xml), *from_snapshot = built_dump(SNAPSHOT_FILE);
	ck_assert_str_eq(from_xml, from_snapshot);
	free(from_xml);
	free(from_snapshot);
}
END_TEST

int main(void)
{
	Suite *suite = suite_create("snapshot");
	TCase *reader = tcase_create("reader");
	tcase_add_checked_fixture(reader, setup, teardown);
	tcase_add_test(reader, each_entry_is_a_record_and_each_alias_one_naming_it);
	tcase_add_test(reader, the_header_gives_the_date_and_the_registry_file);
	tcase_add_test(reader, a_bad_header_is_refused_naming_its_line);
	tcase_add_test(reader, a_bad_entry_line_is_refused_naming_it);
	tcase_add_test(reader, a_snapshot_cut_short_or_padded_is_refused);
	suite_add_tcase(suite, reader);
	TCase *tool = tcase_create("tool");
	tcase_add_checked_fixture(tool, setup, teardown);
	tcase_set_timeout(tool, 120);
	tcase_add_test(tool, snapshot_writes_the_registry_s_entries_date_and_file);
	tcase_add_test(tool, a_snapshot_of_a_snapshot_is_the_same_file);
	tcase_add_test(tool, a_failed_snapshot_leaves_the_output_as_it_was);
	tcase_add_test(tool, an_index_from_a_snapshot_has_the_registry_s_entries_and_origin);
	tcase_add_test(tool, a_snapshot_cut_short_is_refused_by_build_naming_file_and_line);
	tcase_add_test(tool, descriptions_wanted_from_a_snapshot_are_warned_about);
	tcase_add_test(tool, a_saved_page_builds_into_its_registry_s_entries);
	tcase_add_test(tool, a_page_without_the_registry_table_exits_3_naming_file_and_line);
	tcase_add_test(tool, the_project_s_snapshot_builds_the_model_s_entries);
	suite_add_tcase(suite, tool);
	/* IANA's own files: their own test in CTest (test_snapshot_iana_files) */
	TCase *iana = tcase_create("IANA files");
	tcase_set_tags(iana, "iana-files");
	tcase_add_checked_fixture(iana, setup, teardown);
	tcase_set_timeout(iana, 120);
	tcase_add_test(iana, the_project_s_snapshot_is_what_the_tool_makes_of_iana_s_xml);
	suite_add_tcase(suite, iana);
	return run_suite(suite);
}
