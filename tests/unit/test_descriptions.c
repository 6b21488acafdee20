/* The descriptions file (descriptions.h): the writer's exact bytes, the
 * parser's table and its refusals, each naming the line, the file's name
 * beside an index or a snapshot, loading it for an index, and the commands
 * that write it (snapshot, build). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "descriptions.h"
#include "descriptions_load.h"
#include "index_map.h"
#include "sha256.h"
#include "tool.h"
#include "test_support.h"
#include "xalloc.h"

static const struct snapshot_header provenance = {
	.updated = "2026-01-15",
	.source = "rules.xml",
	.format = "XML",
	.sha256 = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
};

static const char header[] =
	"# nss-iana registry descriptions 1\n"
	"# The descriptions and RFC references of IANA's Service Name and Transport\n"
	"# Protocol Port Number Registry, for the entries nss-iana compiles, in\n"
	"# registry order, one a line:  KEY<TAB>DESCRIPTION[<TAB>RFC...]\n"
	"# Made by `iana-services snapshot` and `build`; make it again, do not edit.\n"
	"# updated: 2026-01-15\n"
	"# source: rules.xml\n"
	"# format: XML\n"
	"# sha256: 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n";

static void push(struct service_list *list, const char *name, uint16_t port, uint16_t last_port,
		 const char *proto, const char *description, const char *references)
{
	struct service *s = service_list_push(list);
	s->name = xstrdup(name);
	s->proto = xstrdup(proto);
	s->port = port;
	s->last_port = last_port;
	s->description = description != NULL ? xstrdup(description) : NULL;
	s->references = references != NULL ? xstrdup(references) : NULL;
}

/* The file descriptions_write makes of list, NUL-terminated. */
static char *written(const struct service_list *list)
{
	struct buf out = { 0 };
	descriptions_write(&out, &provenance, list);
	buf_append_byte(&out, '\0');
	return (char *)out.data;
}

/* The header above, "# entries: N" and lines, in an allocated copy. */
static char *file_text(unsigned entries, const char *lines)
{
	size_t size = sizeof(header) + strlen(lines) + 32;
	char *text = xmalloc(size);
	snprintf(text, size, "%s# entries: %u\n%s", header, entries, lines);
	return text;
}

static int parse(char *text, struct description_table *table, struct source_error *err)
{
	return descriptions_parse(text, strlen(text), table, err);
}

static void assert_refused(char *text, unsigned long line, const char *message)
{
	struct description_table table;
	struct source_error err = { 0 };
	ck_assert_int_eq(parse(text, &table, &err), -1);
	ck_assert_uint_eq(err.line, line);
	ck_assert_str_eq(err.message, message);
	ck_assert_ptr_null(table.items);
	ck_assert_ptr_null(table.text);
}

START_TEST(the_writer_gives_one_line_per_entry_with_something_to_say)
{
	struct service_list list = { 0 };
	push(&list, "kerberos", 88, 88, "tcp", "Kerberos", "RFC4120");
	push(&list, "silent", 7, 7, "udp", "", NULL);
	push(&list, "x11", 6000, 6063, "tcp", "X Window System", "");
	push(&list, "nodesc", 9, 9, "sctp", NULL, "RFC4960 RFC6335");
	char *text = written(&list);
	char *expected = file_text(3, "kerberos 88/tcp\tKerberos\tRFC4120\n"
				      "x11 6000-6063/tcp\tX Window System\n"
				      "nodesc 9/sctp\t\tRFC4960 RFC6335\n");
	ck_assert_str_eq(text, expected);
	free(text);
	free(expected);
	service_list_free(&list);
}
END_TEST

START_TEST(the_writer_replaces_controls_and_drops_what_is_not_an_rfc)
{
	struct service_list list = { 0 };
	push(&list, "a", 1, 1, "tcp", "one\ttwo\x01three\x7f" "four\xc2\x85" "five \xc3\xa9",
	     "RFC1 rfc2 RFC RFCx3 RFC123456789 RFC4");
	char *text = written(&list);
	char *expected = file_text(1, "a 1/tcp\tone two three four five \xc3\xa9\tRFC1 RFC4\n");
	ck_assert_str_eq(text, expected);
	free(text);
	free(expected);
	service_list_free(&list);
}
END_TEST

START_TEST(the_writer_cuts_a_long_description_at_a_character)
{
	struct service_list list = { 0 };
	char long_text[DESCRIPTIONS_MAX_TEXT + 8];
	memset(long_text, 'x', sizeof(long_text) - 1);
	long_text[sizeof(long_text) - 1] = '\0';
	/* a two-byte character across the limit */
	long_text[DESCRIPTIONS_MAX_TEXT - 1] = '\xc3';
	long_text[DESCRIPTIONS_MAX_TEXT] = '\xa9';
	push(&list, "a", 1, 1, "tcp", long_text, NULL);
	char *text = written(&list);
	const char *line = strstr(text, "a 1/tcp\t");
	ck_assert_ptr_nonnull(line);
	ck_assert_uint_eq(strlen(line), strlen("a 1/tcp\t") + DESCRIPTIONS_MAX_TEXT - 1 + 1);
	struct description_table table;
	struct source_error err = { 0 };
	ck_assert_int_eq(parse(text, &table, &err), 0);
	descriptions_free(&table);
	service_list_free(&list);
}
END_TEST

START_TEST(the_parser_reads_back_what_the_writer_wrote)
{
	char *text = file_text(3, "kerberos 88/tcp\tKerberos\tRFC4120\n"
				  "x11 6000-6063/tcp\tX Window System\n"
				  "nodesc 9/sctp\t\tRFC4960 RFC6335\n");
	struct description_table table;
	struct source_error err = { 0 };
	ck_assert_int_eq(parse(text, &table, &err), 0);
	ck_assert_str_eq(table.updated, "2026-01-15");
	ck_assert_str_eq(table.source, "rules.xml");
	ck_assert_str_eq(table.format, "XML");
	ck_assert_str_eq(table.sha256,
			 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
	ck_assert_uint_eq(table.count, 3);
	const struct description *d = descriptions_find(&table, "kerberos", 88, 88, "tcp");
	ck_assert_ptr_nonnull(d);
	ck_assert_str_eq(d->name, "kerberos");
	ck_assert_str_eq(d->proto, "tcp");
	ck_assert_uint_eq(d->port, 88);
	ck_assert_str_eq(d->text, "Kerberos");
	ck_assert_str_eq(d->references, "RFC4120");
	d = descriptions_find(&table, "x11", 6000, 6063, "tcp");
	ck_assert_ptr_nonnull(d);
	ck_assert_uint_eq(d->last_port, 6063);
	ck_assert_str_eq(d->text, "X Window System");
	ck_assert_str_eq(d->references, "");
	d = descriptions_find(&table, "nodesc", 9, 9, "sctp");
	ck_assert_ptr_nonnull(d);
	ck_assert_str_eq(d->text, "");
	ck_assert_str_eq(d->references, "RFC4960 RFC6335");
	ck_assert_ptr_null(descriptions_find(&table, "kerberos", 88, 88, "udp"));
	ck_assert_ptr_null(descriptions_find(&table, "x11", 6000, 6000, "tcp"));
	descriptions_free(&table);
}
END_TEST

START_TEST(an_unknown_date_reads_as_empty_and_no_entries_is_a_file)
{
	struct service_list list = { 0 };
	struct snapshot_header undated = provenance;
	undated.updated = "";
	struct buf out = { 0 };
	descriptions_write(&out, &undated, &list);
	buf_append_byte(&out, '\0');
	ck_assert_ptr_nonnull(strstr((char *)out.data, "# updated: unknown\n"));
	ck_assert_ptr_nonnull(strstr((char *)out.data, "# entries: 0\n"));
	struct description_table table;
	struct source_error err = { 0 };
	ck_assert_int_eq(parse((char *)out.data, &table, &err), 0);
	ck_assert_str_eq(table.updated, "");
	ck_assert_uint_eq(table.count, 0);
	descriptions_free(&table);
}
END_TEST

START_TEST(a_bad_header_is_refused_naming_its_line)
{
	char *text = file_text(1, "a 1/tcp\tA\n");
	text[strlen("# nss-iana registry descriptions ")] = '2';
	assert_refused(text, 1, "descriptions file format \"2\"; this iana-services reads format 1");
	assert_refused(xstrdup("# nss-iana registry snapshot 1\n"), 1,
		       "not a descriptions file: the first line is not "
		       "\"# nss-iana registry descriptions 1\"");
	text = file_text(1, "a 1/tcp\tA\n");
	memcpy(strstr(text, "format: XML"), "format: XYZ", 11);
	assert_refused(text, 8, "the header's format \"XYZ\" is not XML, CSV or page");
	text = file_text(1, "a 1/tcp\tA\n");
	memcpy(strstr(text, "# sha256"), "# sha257", 8);
	assert_refused(text, 11, "the header has no \"# sha256: \" line");
}
END_TEST

START_TEST(a_bad_entry_line_is_refused_naming_it)
{
	assert_refused(file_text(1, "a 1/tcp A\n"), 11, "not KEY<TAB>DESCRIPTION[<TAB>REFERENCES]");
	assert_refused(file_text(1, "a1/tcp\tA\n"), 11, "\"a1/tcp\" is not NAME PORT/PROTOCOL");
	assert_refused(file_text(1, "a 1 /tcp\tA\n"), 11, "\"a 1 /tcp\" is not NAME PORT/PROTOCOL");
	assert_refused(file_text(1, "a 70000/tcp\tA\n"), 11, "port \"70000\" is out of range 0-65535");
	assert_refused(file_text(1, "a 1/tcp\t\n"), 11, "an entry without a description or references");
	assert_refused(file_text(1, "a 1/tcp\tA\t\n"), 11,
		       "\"\" is not a list of RFCnnnn separated by spaces");
	assert_refused(file_text(1, "a 1/tcp\tA\tRFC1  RFC2\n"), 11,
		       "\"RFC1  RFC2\" is not a list of RFCnnnn separated by spaces");
	assert_refused(file_text(1, "a 1/tcp\tA\tRFC1\tRFC2\n"), 11,
		       "\"RFC1\tRFC2\" is not a list of RFCnnnn separated by spaces");
	assert_refused(file_text(2, "a 1/tcp\tA\na 1/tcp\tB\n"), 12, "\"a\" is given a second time");
}
END_TEST

START_TEST(control_characters_and_long_lines_are_refused)
{
	assert_refused(file_text(1, "a 1/tcp\tA\x1b[31m\n"), 11, "a control character in column 10");
	assert_refused(file_text(1, "a 1/tcp\tA\xc2\x9b" "31m\n"), 11,
		       "a control character in column 10");
	assert_refused(file_text(1, "a 1/tcp\tA\rB\n"), 11, "a control character in column 10");
	char long_line[DESCRIPTIONS_MAX_LINE + 16];
	memset(long_line, 'x', sizeof(long_line));
	memcpy(long_line, "a 1/tcp\t", 8);
	memcpy(long_line + DESCRIPTIONS_MAX_LINE + 1, "\n", 2);
	assert_refused(file_text(1, long_line), 11, "a line longer than 4096 bytes");
	char *text = file_text(1, "a 1/tcp\tA_B\n");
	*strchr(text, '_') = '\0';
	struct description_table table;
	struct source_error err = { 0 };
	ck_assert_int_eq(descriptions_parse(text, strlen(text) + 3, &table, &err), -1);
	ck_assert_uint_eq(err.line, 11);
	ck_assert_str_eq(err.message, "not a text file: invalid UTF-8 or a NUL byte");
}
END_TEST

START_TEST(a_file_cut_short_or_padded_is_refused)
{
	assert_refused(file_text(2, "a 1/tcp\tA\n"), 11,
		       "the header announces 2 entries, but 1 follow: the file is cut short or "
		       "was edited");
	assert_refused(file_text(1, "a 1/tcp\tA\nb 2/tcp\tB\n"), 12,
		       "the header announces 1 entries, but 2 follow: the file is cut short or "
		       "was edited");
}
END_TEST

START_TEST(the_file_beside_an_index_or_a_snapshot)
{
	const char *cases[][2] = {
		{ "data/service-names-port-numbers.snapshot",
		  "data/service-names-port-numbers.descriptions" },
		{ "/var/lib/nss-iana/services.idx", "/var/lib/nss-iana/services.descriptions" },
		{ "services", "services.descriptions" },
		{ "dir.d/services", "dir.d/services.descriptions" },
		{ ".hidden", ".hidden.descriptions" },
		{ "a.descriptions", "a.descriptions.descriptions" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *beside = descriptions_path_beside(cases[i][0]);
		ck_assert_str_eq(beside, cases[i][1]);
		free(beside);
	}
}
END_TEST

/* The tool's common.c comes along for its error reporting; its help
 * screens, which it would also print, are not part of this test. */
void print_command_help(const struct command *command, FILE *out)
{
	(void)command;
	(void)out;
}

static char *dir;

static void setup(void)
{
	dir = make_temp_dir();
}

static void teardown(void)
{
	remove_tree(dir);
	free(dir);
}

/* Builds rules.xml into dir/services.idx, puts text beside it (unless
 * NULL) and loads it as descriptions_load_for_index does for a command. */
static void load_beside_index(const char *text, struct description_table *table)
{
	char *index = path_join(dir, "services.idx");
	char *beside = path_join(dir, "services.descriptions");
	struct tool_result r = run_tool((const char *const[]){ "build", "--output", index,
							      fixture("rules.xml"), NULL });
	ck_assert_int_eq(r.status, 0);
	tool_result_free(&r);
	if (text != NULL)
		write_file(beside, text, strlen(text));
	else
		unlink(beside);
	struct mapped_file file;
	struct index ix;
	ck_assert_int_eq(file_map(index, &file), 0);
	ck_assert_int_eq(index_open(&ix, file.data, file.size), INDEX_OK);
	ck_assert_int_eq(descriptions_load_for_index(index, &ix, table), 0);
	file_unmap(&file);
	free(index);
	free(beside);
}

/* A descriptions file of the fixture registry (its SHA-256) or another. */
static char *file_of(const char *registry_sha256, const char *lines)
{
	char *text = file_text(1, lines);
	memcpy(strstr(text, "# sha256: ") + 10, registry_sha256, 64);
	return text;
}

static const char *fixture_sha256(void)
{
	static char hex[SHA256_HEX_SIZE];
	size_t size;
	char *data = slurp(fixture("rules.xml"), &size);
	sha256_hex(data, size, hex);
	free(data);
	return hex;
}

START_TEST(the_file_beside_an_index_of_the_same_registry_is_loaded)
{
	struct description_table table;
	char *text = file_of(fixture_sha256(), "a 1/tcp\tA\n");
	load_beside_index(text, &table);
	free(text);
	ck_assert_uint_eq(table.count, 1);
	ck_assert_str_eq(descriptions_find(&table, "a", 1, 1, "tcp")->text, "A");
	descriptions_free(&table);
}
END_TEST

START_TEST(no_file_another_registry_s_or_a_bad_one_loads_nothing)
{
	struct description_table table;
	load_beside_index(NULL, &table);
	ck_assert_uint_eq(table.count, 0);
	ck_assert_str_eq(table.sha256, "");
	char *text = file_of(provenance.sha256, "a 1/tcp\tA\n");
	load_beside_index(text, &table);
	free(text);
	ck_assert_uint_eq(table.count, 0);
	ck_assert_str_eq(table.sha256, "");
	text = file_of(fixture_sha256(), "a 1/tcp\n");
	load_beside_index(text, &table);
	free(text);
	ck_assert_uint_eq(table.count, 0);
	ck_assert_str_eq(table.sha256, "");
}
END_TEST


/* Runs the tool, which must succeed; returns its standard error. */
static char *run_ok(const char *const *arguments)
{
	struct tool_result r = run_tool(arguments);
	ck_assert_msg(r.status == 0, "%s", r.err);
	char *err = r.err;
	r.err = NULL;
	tool_result_free(&r);
	return err;
}
#define RUN_OK(...) run_ok((const char *const[]){ __VA_ARGS__, NULL })

/* The file at dir/name, or NULL when there is none. */
static char *read_beside(const char *name)
{
	char *path = path_join(dir, name);
	char *text = access(path, F_OK) == 0 ? slurp(path, NULL) : NULL;
	free(path);
	return text;
}

START_TEST(snapshot_writes_the_descriptions_file_beside_its_output)
{
	char *output = path_join(dir, "rules.snapshot");
	free(RUN_OK("snapshot", "--output", output, fixture("rules.xml")));
	char *text = read_beside("rules.descriptions");
	ck_assert_ptr_nonnull(text);
	assert_contains(text, "\n# source: rules.xml\n# format: XML\n");
	assert_contains(text, "\ntcpmux 1/tcp\tTCP Port Service Multiplexer\tRFC1078\n"
			      "tcpmux 1/udp\tTCP Port Service Multiplexer\n");
	/* the people of the fixture's records are nowhere */
	ck_assert_ptr_null(strstr(text, "Mark_Lottor"));
	free(text);
	/* standard output takes the snapshot alone */
	struct tool_result r = RUN("snapshot", fixture("rules.xml"));
	ck_assert_int_eq(r.status, 0);
	ck_assert_ptr_null(strstr(r.out, "# nss-iana registry descriptions"));
	tool_result_free(&r);
	free(output);
}
END_TEST

START_TEST(build_writes_the_registry_s_descriptions_beside_the_index)
{
	char *index = path_join(dir, "services.idx"), *snapshot = path_join(dir, "rules.snapshot");
	free(RUN_OK("snapshot", "-o", snapshot, fixture("rules.xml")));
	free(RUN_OK("build", "--output", index, fixture("rules.xml")));
	char *from_snapshot_command = read_beside("rules.descriptions");
	char *from_build = read_beside("services.descriptions");
	ck_assert_ptr_nonnull(from_build);
	ck_assert_str_eq(from_build, from_snapshot_command);
	free(from_build);
	/* from the snapshot, the same file, taken from beside it */
	free(RUN_OK("build", "--output", index, snapshot));
	from_build = read_beside("services.descriptions");
	ck_assert_str_eq(from_build, from_snapshot_command);
	free(from_build);
	free(from_snapshot_command);
	free(index);
	free(snapshot);
}
END_TEST

/* local.services has "tcpmux 1/tcp", which the registry's entry gives way
 * to: its description and references stay, as the local entry's. */
START_TEST(a_local_entry_for_a_registry_entry_keeps_its_description)
{
	char *index = path_join(dir, "services.idx"), *snapshot = path_join(dir, "rules.snapshot");
	free(RUN_OK("snapshot", "-o", snapshot, fixture("rules.xml")));
	free(RUN_OK("build", "--local", fixture("local.services"), "--output", index,
		    fixture("rules.xml")));
	char *from_xml = read_beside("services.descriptions");
	char *first_tcpmux = strstr(from_xml, "\ntcpmux 1/tcp\t");
	ck_assert_ptr_nonnull(first_tcpmux);
	static const char expected[] = "\ntcpmux 1/tcp\tTCP Port Service Multiplexer\tRFC1078\n";
	ck_assert(strncmp(first_tcpmux, expected, strlen(expected)) == 0);
	ck_assert_ptr_null(strstr(first_tcpmux + 1, "\ntcpmux 1/tcp\t"));
	free(RUN_OK("build", "--local", fixture("local.services"), "--output", index, snapshot));
	char *from_snapshot = read_beside("services.descriptions");
	ck_assert_str_eq(from_snapshot, from_xml);
	free(from_xml);
	free(from_snapshot);
	free(index);
	free(snapshot);
}
END_TEST

/* Without the right file beside the snapshot: a file with no lines beside
 * the index, naming the index's registry, so that no older one is taken
 * for it; another registry's file beside the snapshot is warned about. */
static void assert_no_lines_beside(const char *beside_index)
{
	char *text = slurp(beside_index, NULL);
	assert_contains(text, "\n# entries: 0\n");
	ck_assert_int_eq(text[strlen(text) - 1], '\n');
	ck_assert_ptr_null(strchr(text, '\t'));
	free(text);
}

START_TEST(a_snapshot_without_its_descriptions_gives_a_file_without_lines)
{
	char *index = path_join(dir, "services.idx"), *snapshot = path_join(dir, "rules.snapshot");
	char *beside_snapshot = path_join(dir, "rules.descriptions");
	char *beside_index = path_join(dir, "services.descriptions");
	free(RUN_OK("snapshot", "-o", snapshot, fixture("rules.csv")));
	/* another registry's descriptions beside the snapshot */
	char *other = file_of(provenance.sha256, "a 1/tcp\tA\n");
	write_file(beside_snapshot, other, strlen(other));
	free(other);
	char *err = RUN_OK("build", "--output", index, snapshot);
	char expected[1024];
	snprintf(expected, sizeof(expected), "%s: warning: %s was made from another registry file "
		 "than the snapshot: its descriptions are left out\n", snapshot, beside_snapshot);
	ck_assert_str_eq(err, expected);
	free(err);
	assert_no_lines_beside(beside_index);
	/* none at all, where an index of the CSV left its descriptions: no
	 * warning, and those are replaced */
	free(RUN_OK("build", "--output", index, fixture("rules.csv")));
	char *described = slurp(beside_index, NULL);
	ck_assert_ptr_nonnull(strchr(described, '\t'));
	free(described);
	unlink(beside_snapshot);
	err = RUN_OK("build", "--output", index, snapshot);
	ck_assert_str_eq(err, "");
	free(err);
	assert_no_lines_beside(beside_index);
	free(index);
	free(snapshot);
	free(beside_snapshot);
	free(beside_index);
}
END_TEST

int main(void)
{
	Suite *suite = suite_create("descriptions");
	TCase *writer = tcase_create("writer");
	tcase_add_test(writer, the_writer_gives_one_line_per_entry_with_something_to_say);
	tcase_add_test(writer, the_writer_replaces_controls_and_drops_what_is_not_an_rfc);
	tcase_add_test(writer, the_writer_cuts_a_long_description_at_a_character);
	suite_add_tcase(suite, writer);
	TCase *parser = tcase_create("parser");
	tcase_add_test(parser, the_parser_reads_back_what_the_writer_wrote);
	tcase_add_test(parser, an_unknown_date_reads_as_empty_and_no_entries_is_a_file);
	tcase_add_test(parser, a_bad_header_is_refused_naming_its_line);
	tcase_add_test(parser, a_bad_entry_line_is_refused_naming_it);
	tcase_add_test(parser, control_characters_and_long_lines_are_refused);
	tcase_add_test(parser, a_file_cut_short_or_padded_is_refused);
	tcase_add_test(parser, the_file_beside_an_index_or_a_snapshot);
	suite_add_tcase(suite, parser);
	TCase *beside = tcase_create("beside an index");
	tcase_add_checked_fixture(beside, setup, teardown);
	tcase_set_timeout(beside, 60);
	tcase_add_test(beside, the_file_beside_an_index_of_the_same_registry_is_loaded);
	tcase_add_test(beside, no_file_another_registry_s_or_a_bad_one_loads_nothing);
	suite_add_tcase(suite, beside);
	TCase *tool = tcase_create("tool");
	tcase_add_checked_fixture(tool, setup, teardown);
	tcase_set_timeout(tool, 60);
	tcase_add_test(tool, snapshot_writes_the_descriptions_file_beside_its_output);
	tcase_add_test(tool, build_writes_the_registry_s_descriptions_beside_the_index);
	tcase_add_test(tool, a_local_entry_for_a_registry_entry_keeps_its_description);
	tcase_add_test(tool, a_snapshot_without_its_descriptions_gives_a_file_without_lines);
	suite_add_tcase(suite, tool);
	return run_suite(suite);
}
