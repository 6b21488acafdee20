/*
 * Bad registry input, as `iana-services build` meets it.  For every class
 * of malformed input the contract is the same: exit status 3, an error on
 * standard error that starts "FILE:LINE: " with the line at fault (or
 * "FILE: " when the whole file is), and the index already at the output
 * path left byte for byte as it was, with no temporary file beside it.
 * Lines are counted from the input each test writes, not written down.
 * (A disk that fills up while writing: tests/hostile/disk_full.sh.)
 */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "compile.h"
#include "index_format.h"
#include "index_map.h"
#include "registry.h"
#include "test_support.h"

#define CSV_HEADER "Service Name,Port Number,Transport Protocol,Description,Assignment Notes\n"

static const char good_csv[] = CSV_HEADER "ssh,22,tcp,Secure Shell,\ndomain,53,udp,DNS,\n";

static char *dir;
static char *index_path;
static char *previous;       /* the index as it was before the failed build */
static size_t previous_size;


static void write_text(const char *path, const char *text)
{
	write_file(path, text, strlen(text));
}

/* Every test starts with a sound index at the output path. */
static void setup(void)
{
	dir = make_temp_dir();
	index_path = path_join(dir, "services.idx");
	char *good = path_join(dir, "good.csv");
	write_text(good, good_csv);
	struct tool_result r = RUN("build", "--quiet", "--output", index_path, good);
	ck_assert_msg(r.status == 0, "%s", r.err);
	tool_result_free(&r);
	previous = slurp(index_path, &previous_size);
	free(good);
}

static void teardown(void)
{
	remove_tree(dir);
	free(index_path);
	free(dir);
	free(previous);
}

static unsigned files_in(const char *path)
{
	unsigned count = 0;
	DIR *d = opendir(path);
	ck_assert_ptr_nonnull(d);
	for (struct dirent *e; (e = readdir(d)) != NULL;)
		count += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
	closedir(d);
	return count;
}

static void assert_previous_index_intact(void)
{
	size_t size;
	char *now = slurp(index_path, &size);
	ck_assert_uint_eq(size, previous_size);
	ck_assert_mem_eq(now, previous, size);
	free(now);
}

/* The 1-based line of the byte at offset. */
static unsigned long line_at(const char *text, size_t offset)
{
	unsigned long line = 1;
	for (size_t i = 0; i < offset; i++)
		line += text[i] == '\n';
	return line;
}

/* The line on which marker first appears in text. */
static unsigned long line_of(const char *text, const char *marker)
{
	const char *at = strstr(text, marker);
	ck_assert_msg(at != NULL, "\"%s\" is not in the input", marker);
	return line_at(text, (size_t)(at - text));
}

/*
 * Builds from size bytes of content, written to a file called name, and
 * asserts the refusal: status 3, "FILE:LINE: " (line 0: "FILE: ") then
 * message somewhere after it, and the previous index untouched.
 */
static void assert_refused(const char *name, const char *content, size_t size,
			   unsigned long line, const char *message)
{
	char *input = path_join(dir, name);
	char prefix[4200];
	write_file(input, content, size);
	unsigned files = files_in(dir);
	struct tool_result r = RUN("build", "--quiet", "--output", index_path, input);
	if (line > 0)
		snprintf(prefix, sizeof(prefix), "%s:%lu: ", input, line);
	else
		snprintf(prefix, sizeof(prefix), "%s: ", input);
	ck_assert_msg(r.status == 3, "%s: exit status %d, stderr:\n%s", name, r.status, r.err);
	ck_assert_msg(strncmp(r.err, prefix, strlen(prefix)) == 0 &&
			      strstr(r.err + strlen(prefix), message) != NULL,
		      "%s: expected \"%s...%s\" on stderr, got:\n%s", name, prefix, message, r.err);
	ck_assert_str_eq(r.out, "");
	assert_previous_index_intact();
	ck_assert_uint_eq(files_in(dir), files); /* no temporary file left behind */
	tool_result_free(&r);
	remove(input);
	free(input);
}

static void assert_text_refused(const char *name, const char *content, unsigned long line,
				const char *message)
{
	assert_refused(name, content, strlen(content), line, message);
}

/* A CSV registry: the header, good rows, then row; and the line row is on. */
static char *csv_with_row(const char *row, unsigned long *line)
{
	size_t size = strlen(good_csv) + strlen(row) + 2;
	char *text = malloc(size);
	snprintf(text, size, "%s%s\n", good_csv, row);
	*line = line_at(text, strlen(good_csv));
	return text;
}

static void assert_csv_row_refused(const char *row, const char *message)
{
	unsigned long line;
	char *text = csv_with_row(row, &line);
	assert_text_refused("bad.csv", text, line, message);
	free(text);
}

static const char good_xml[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<registry xmlns=\"http://www.iana.org/assignments\" id=\"service-names-port-numbers\">\n"
	"  <title>Service Name and Transport Protocol Port Number Registry</title>\n"
	"  <updated>2026-08-17</updated>\n"
	"  <record>\n"
	"    <name>ssh</name>\n"
	"    <protocol>tcp</protocol>\n"
	"    <description>Secure<br/>Shell</description>\n"
	"    <number>22</number>\n"
	"  </record>\n"
	"  <record>\n"
	"    <name>domain</name>\n"
	"    <protocol>udp</protocol>\n"
	"    <number>53</number>\n"
	"  </record>\n"
	"</registry>\n";

/* text with the first occurrence of from replaced by to, newly allocated. */
static char *replaced(const char *text, const char *from, const char *to)
{
	const char *at = strstr(text, from);
	ck_assert_msg(at != NULL, "\"%s\" is not in the input", from);
	size_t size = strlen(text) + strlen(to) + 1;
	char *result = malloc(size);
	snprintf(result, size, "%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
	return result;
}

/* The line of the <record> that holds marker: the compiler's errors name
 * the record; expat's name the very line. */
static unsigned long record_line(const char *text, const char *marker)
{
	const char *at = strstr(text, marker), *record = NULL;
	ck_assert_ptr_nonnull(at);
	for (const char *p = strstr(text, "<record>"); p != NULL && p < at; p = strstr(p + 1, "<record>"))
		record = p;
	ck_assert_ptr_nonnull(record);
	return line_at(text, (size_t)(record - text));
}

/* good_xml with from replaced by to, refused by expat on marker's line. */
static void assert_xml_refused(const char *from, const char *to, const char *marker,
			       const char *message)
{
	char *text = replaced(good_xml, from, to);
	assert_text_refused("bad.xml", text, line_of(text, marker), message);
	free(text);
}

/* good_xml with from replaced by to, refused by the compiler at the line
 * of the record holding marker. */
static void assert_xml_record_refused(const char *from, const char *to, const char *marker,
				      const char *message)
{
	char *text = replaced(good_xml, from, to);
	assert_text_refused("bad.xml", text, record_line(text, marker), message);
	free(text);
}

/* --- XML --------------------------------------------------------------- */

/* Where the root element of good_xml has closed: every shorter prefix is
 * a truncated file. */
static size_t xml_complete_length(void)
{
	return (size_t)(strstr(good_xml, "</registry>") - good_xml) + strlen("</registry>");
}

/* Cut anywhere before the root element closes, the parser refuses the file
 * at the line where it ends: every length, in process. */
START_TEST(xml_cut_at_any_length_is_refused_at_the_line_where_it_ends)
{
	for (size_t length = 0; length < xml_complete_length(); length++) {
		struct service_list list = { 0 };
		struct compiler c = { .list = &list };
		struct registry_info info;
		struct source_error err = { 0 };
		char *copy = malloc(length + 1);
		memcpy(copy, good_xml, length);
		ck_assert_msg(registry_parse(copy, length, compile_record, &c, &info, &err) != 0,
			      "a cut at %zu bytes is accepted", length);
		/* Nothing but white space: the whole file is at fault. */
		unsigned long line = strspn(good_xml, " \n") >= length ? 0 : line_at(good_xml, length);
		ck_assert_msg(err.line == line, "a cut at %zu bytes is refused at line %lu, not %lu",
			      length, err.line, line);
		service_list_free(&list);
		free(copy);
	}
}
END_TEST

/* And the tool, cut at the start, middle and end of every line. */
START_TEST(truncated_xml_is_refused_at_the_line_where_it_ends)
{
	size_t end = xml_complete_length();
	for (size_t start = 0; start < end;) {
		size_t line_length = strcspn(good_xml + start, "\n");
		size_t cuts[] = { start + 1, start + line_length / 2, start + line_length };
		for (size_t i = 0; i < sizeof(cuts) / sizeof(cuts[0]); i++)
			if (cuts[i] > 0 && cuts[i] < end)
				assert_refused("truncated.xml", good_xml, cuts[i], line_at(good_xml, cuts[i]),
					       "XML error");
		start += line_length + 1;
	}
}
END_TEST

START_TEST(xml_with_invalid_utf8_is_refused_at_its_line)
{
	static const char *const bad[] = {
		"\xff",             /* never valid */
		"\x80",             /* a continuation byte alone */
		"\xc0\xaf",         /* overlong "/" */
		"\xed\xa0\x80",     /* a UTF-16 surrogate */
		"\xf4\x90\x80\x80", /* above U+10FFFF */
		"\xe2\x82",         /* a sequence cut short */
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char name[64];
		snprintf(name, sizeof(name), "<name>do%smain</name>", bad[i]);
		assert_xml_refused("<name>domain</name>", name, "main</name>", "XML error");
	}
}
END_TEST

/* Entity declarations are refused where they stand, before any of them is
 * expanded: the registry has none, and that disarms every expansion bomb. */
START_TEST(xml_entity_declarations_are_refused)
{
	static const char *const doctypes[] = {
		/* billion laughs */
		"<!DOCTYPE registry [\n"
		"  <!ENTITY lol \"lol\">\n"
		"  <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
		"  <!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">\n"
		"  <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n"
		"]>\n",
		/* through a parameter entity */
		"<!DOCTYPE registry [\n\n  <!ENTITY % p \"<!ENTITY lol 'lol'>\">\n  %p;\n]>\n",
		/* an external entity: a file of this machine read into a name */
		"<!DOCTYPE registry [\n  <!ENTITY lol SYSTEM \"file:///etc/passwd\">\n]>\n",
	};
	for (size_t i = 0; i < sizeof(doctypes) / sizeof(doctypes[0]); i++) {
		char root[4096];
		snprintf(root, sizeof(root), "%s<registry ", doctypes[i]);
		char *declared = replaced(good_xml, "<registry ", root);
		char *text = replaced(declared, "<name>ssh</name>", "<name>&lol3;</name>");
		assert_text_refused("bomb.xml", text, line_of(text, "<!DOCTYPE"),
				    "document type declarations (<!DOCTYPE>) are not accepted");
		free(text);
		free(declared);
	}
}
END_TEST

/* A document type whose declarations live in an external file: the file
 * is never read (no file, no network), and the document is refused at its
 * <!DOCTYPE>, rather than built with the unknown entity dropped from the
 * name it stood in. */
START_TEST(xml_external_dtd_is_never_read)
{
	char *dtd = path_join(dir, "external.dtd");
	write_text(dtd, "<!ENTITY lol \"FROM-THE-EXTERNAL-DTD\">\n");
	char doctype[4300];
	snprintf(doctype, sizeof(doctype), "<!DOCTYPE registry SYSTEM \"file://%s\">\n<registry ", dtd);
	char *declared = replaced(good_xml, "<registry ", doctype);
	char *text = replaced(declared, "<name>ssh</name>", "<name>s&lol;sh</name>");
	char *input = path_join(dir, "external.xml"), *output = path_join(dir, "external.idx");
	write_text(input, text);
	struct tool_result r = RUN("build", "--quiet", "--output", output, input);
	ck_assert_msg(r.status == 3, "exit status %d: %s", r.status, r.err);
	ck_assert_ptr_null(strstr(r.err, "FROM-THE-EXTERNAL-DTD"));
	ck_assert_msg(strstr(r.err, "external.xml:2: document type declarations") != NULL, "%s", r.err);
	ck_assert_int_eq(access(output, F_OK), -1);
	tool_result_free(&r);
	free(input);
	free(output);
	free(text);
	free(declared);
	free(dtd);
}
END_TEST

/* Nesting 200,000 elements deep inside the registry: no recursion to
 * overflow; the records around it are read as usual. */
START_TEST(xml_nested_very_deep_is_read_without_trouble)
{
	size_t depth = 200000;
	size_t size = strlen(good_xml) + depth * 7 + 2;
	char *nested = malloc(size), *p = nested;
	for (size_t i = 0; i < depth; i++, p += 3)
		memcpy(p, "<a>", 3);
	for (size_t i = 0; i < depth; i++, p += 4)
		memcpy(p, "</a>", 4);
	*p = '\0';
	char *text = replaced(good_xml, "</registry>", nested);
	char *with_end = malloc(strlen(text) + sizeof("</registry>\n"));
	sprintf(with_end, "%s</registry>\n", text);
	char *input = path_join(dir, "deep.xml");
	write_text(input, with_end);
	struct tool_result r = RUN("build", "--quiet", "--output", index_path, input);
	ck_assert_msg(r.status == 0, "exit status %d: %s", r.status, r.err);
	tool_result_free(&r);
	r = RUN("lookup", "--index", index_path, "ssh", "domain");
	ck_assert_int_eq(r.status, 0);
	tool_result_free(&r);
	free(input);
	free(with_end);
	free(text);
	free(nested);
}
END_TEST

START_TEST(xml_names_with_control_characters_are_refused_at_the_record)
{
	/* By reference, the only way XML lets a tab or DEL into a name. */
	assert_xml_record_refused("<name>domain</name>", "<name>do&#9;main</name>", "<name>do",
				  "white space or a control character");
	assert_xml_record_refused("<name>domain</name>", "<name>do&#127;main</name>", "<name>do",
				  "white space or a control character");
	/* Other control characters are not XML at all. */
	assert_xml_refused("<name>domain</name>", "<name>do&#1;main</name>", "<name>do", "XML error");
	assert_xml_refused("<name>domain</name>", "<name>do\x1bmain</name>", "<name>do", "XML error");
}
END_TEST

/* --- CSV ---------------------------------------------------------------- */

START_TEST(csv_with_invalid_utf8_is_refused_at_its_line)
{
	static const char *const bad[] = {
		"\xff", "\x80", "\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xe2\x82",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char row[64];
		snprintf(row, sizeof(row), "na%sme,80,tcp,,", bad[i]);
		assert_csv_row_refused(row, "invalid UTF-8");
	}
}
END_TEST

START_TEST(csv_unbalanced_quotes_are_refused_at_their_line)
{
	unsigned long line;
	/* A quote never closed: the line where it opens, however far the
	 * field then runs. */
	char *text = csv_with_row("open,80,tcp,\"never closed,\nmore,1,tcp,,\nand more", &line);
	assert_text_refused("unclosed.csv", text, line, "quoted field is never closed");
	free(text);
	assert_csv_row_refused("qu\"ote,80,tcp,,", "quote inside an unquoted field");
	assert_csv_row_refused("name,80,\"tcp\"x,,", "unexpected text after a closing quote");
}
END_TEST

START_TEST(csv_rows_with_the_wrong_field_count_are_refused_at_their_line)
{
	assert_csv_row_refused("name,80,tcp,,,extra", "row has 6 fields; the header has 5");
	assert_csv_row_refused("name,80,tcp", "row has 3 fields; the header has 5");
	/* After a row whose quoted note spans lines, the count goes on right. */
	unsigned long line;
	char *text = csv_with_row("note,7,tcp,,\"one\ntwo\nthree\"\nname,80,tcp,,,extra", &line);
	assert_text_refused("fields.csv", text, line_of(text, "name,80"), "row has 6 fields");
	free(text);
	/* Far too many: refused as quickly, at its line. */
	size_t commas = 100000;
	char *wide = malloc(commas + 32);
	snprintf(wide, commas + 32, "name,80,tcp");
	memset(wide + strlen(wide), ',', commas);
	wide[11 + commas] = '\0';
	assert_csv_row_refused(wide, "row has 100003 fields; the header has 5");
	free(wide);
}
END_TEST

/* --- fields, in either format ------------------------------------------ */

START_TEST(ports_out_of_range_or_malformed_are_refused_at_their_line)
{
	static const char *const ports[] = {
		"65536", "99999999999999999999", "-1", "80-79", "x", "1-", "0x50", "+1", "1 2", "6000-70000",
	};
	for (size_t i = 0; i < sizeof(ports) / sizeof(ports[0]); i++) {
		char row[128], number[128];
		snprintf(row, sizeof(row), "name,%s,tcp,,", ports[i]);
		assert_csv_row_refused(row, "port");
		snprintf(number, sizeof(number), "<number>%s</number>", ports[i]);
		assert_xml_record_refused("<number>53</number>", number, "<name>domain", "port");
	}
}
END_TEST

START_TEST(names_over_255_bytes_are_refused_and_255_are_taken)
{
	char name[257], row[300];
	memset(name, 'n', 256);
	name[256] = '\0';
	snprintf(row, sizeof(row), "%s,80,tcp,,", name);
	assert_csv_row_refused(row, "service name is 256 bytes long; the limit is 255");

	char xml_name[sizeof(name) + 16];
	snprintf(xml_name, sizeof(xml_name), "<name>%s</name>", name);
	assert_xml_record_refused("<name>domain</name>", xml_name, "<name>nnn", "256 bytes long");

	/* One byte less is a name like any other. */
	name[255] = '\0';
	unsigned long line;
	snprintf(row, sizeof(row), "%s,80,tcp,,", name);
	char *text = csv_with_row(row, &line);
	char *input = path_join(dir, "long.csv"), *output = path_join(dir, "long.idx");
	write_text(input, text);
	struct tool_result r = RUN("build", "--quiet", "--output", output, input);
	ck_assert_msg(r.status == 0, "%s", r.err);
	tool_result_free(&r);
	r = RUN("lookup", "--index", output, name);
	ck_assert_int_eq(r.status, 0);
	ck_assert_ptr_nonnull(strstr(r.out, name));
	tool_result_free(&r);
	free(text);
	free(input);
	free(output);
}
END_TEST

START_TEST(names_with_control_characters_are_refused_at_their_line)
{
	static const char *const names[] = { "na\x01me", "na\x1b[2Jme", "na\x7fme", "na\tme", "na#me" };
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char row[128];
		snprintf(row, sizeof(row), "%s,80,tcp,,", names[i]);
		assert_csv_row_refused(row, "service name");
	}
	assert_csv_row_refused("name,80,t\x02p,,", "protocol");
	char row[64], protocol[34];
	memset(protocol, 'p', 33);
	protocol[33] = '\0';
	snprintf(row, sizeof(row), "name,80,%s,,", protocol);
	assert_csv_row_refused(row, "protocol is 33 bytes long; the limit is 32");
}
END_TEST

/* --- what error messages show of the input -------------------------------- */

static void assert_escaped_on_stderr(const struct tool_result *r, const char *escaped)
{
	ck_assert_msg(strstr(r->err, escaped) != NULL, "\"%s\" not on stderr:\n%s", escaped, r->err);
	ck_assert_msg(strchr(r->err, '\x1b') == NULL, "a raw ESC on stderr");
	ck_assert_msg(strchr(r->err, '\xff') == NULL, "a raw 0xff byte on stderr");
}

/* A service name holding ESC [ 3 1 m is quoted as text, never sent to the
 * terminal as a colour change. */
START_TEST(an_escape_sequence_in_a_name_is_shown_escaped)
{
	unsigned long line;
	char *text = csv_with_row("evil\x1b[31mred,80,tcp,,", &line);
	char *input = path_join(dir, "evil.csv");
	write_text(input, text);
	struct tool_result r = RUN("build", "--quiet", "--output", index_path, input);
	ck_assert_int_eq(r.status, 3);
	assert_escaped_on_stderr(&r, "service name \"evil\\x1b[31mred\" contains white space");
	tool_result_free(&r);
	free(input);
	free(text);
}
END_TEST

/* The readers refuse bytes that are not UTF-8 before they could be quoted;
 * what reaches a message raw is the command line: file names and queries. */
START_TEST(bytes_that_are_not_utf8_on_the_command_line_are_shown_escaped)
{
	char *missing = path_join(dir, "bad\xff\x1b[2J.csv");
	struct tool_result r = RUN("build", "--quiet", "--output", index_path, missing);
	ck_assert_int_eq(r.status, 4);
	assert_escaped_on_stderr(&r, "bad\\xff\\x1b[2J.csv: No such file or directory");
	tool_result_free(&r);

	r = RUN("lookup", "--index", index_path, "caf\xc3\xa9\xff\x1b[31m");
	ck_assert_int_eq(r.status, 1);
	ck_assert_str_eq(r.err, "iana-services: caf\xc3\xa9\\xff\\x1b[31m: not found\n");
	tool_result_free(&r);
	free(missing);
}
END_TEST

/* --- the index format's limits ------------------------------------------- */

/* good_csv followed by count records noted as aliases of ssh. */
static char *csv_with_ssh_aliases(int count)
{
	size_t size = sizeof(good_csv) + (size_t)count * 64;
	char *text = malloc(size);
	size_t n = (size_t)snprintf(text, size, "%s", good_csv);
	for (int i = 0; i < count; i++)
		n += (size_t)snprintf(text + n, size - n,
				      "ssh-%02d,22,tcp,,\"This entry is an alias to \"\"ssh\"\".\"\n", i);
	return text;
}

/* The writer refuses an entry with more aliases than the index format
 * holds, naming the entry's line; as many as it holds are taken. */
START_TEST(more_aliases_than_the_index_holds_are_refused)
{
	char message[96];
	char *text = csv_with_ssh_aliases(INDEX_MAX_ALIASES + 1);
	snprintf(message, sizeof(message), "line %lu: \"ssh\" 22/tcp: %d aliases; the limit is %d",
		 line_of(text, "ssh,22"), INDEX_MAX_ALIASES + 1, INDEX_MAX_ALIASES);
	assert_text_refused("aliases.csv", text, 0, message);
	free(text);

	text = csv_with_ssh_aliases(INDEX_MAX_ALIASES);
	char *input = path_join(dir, "aliases.csv");
	write_text(input, text);
	struct tool_result r = RUN("build", "--quiet", "--output", index_path, input);
	ck_assert_msg(r.status == 0, "%s", r.err);
	tool_result_free(&r);
	char expected[INDEX_MAX_ALIASES * 8 + 16];
	size_t n = (size_t)snprintf(expected, sizeof(expected), "ssh 22/tcp");
	for (int i = 0; i < INDEX_MAX_ALIASES; i++)
		n += (size_t)snprintf(expected + n, sizeof(expected) - n, " ssh-%02d", i);
	snprintf(expected + n, sizeof(expected) - n, "\n");
	char last_alias[16];
	snprintf(last_alias, sizeof(last_alias), "ssh-%02d", INDEX_MAX_ALIASES - 1);
	r = RUN("lookup", "--index", index_path, last_alias);
	ck_assert_int_eq(r.status, 0);
	assert_normalized_eq(r.out, expected);
	tool_result_free(&r);
	free(input);
	free(text);
}
END_TEST

/* A local services(5) line with more aliases than the index holds is
 * refused at its line, before anything is compiled. */
START_TEST(local_line_with_more_aliases_than_the_index_holds_is_refused_at_its_line)
{
	char line[1024] = "many 7000/tcp", prefix[4200], message[64];
	for (int i = 0; i <= INDEX_MAX_ALIASES; i++)
		snprintf(line + strlen(line), sizeof(line) - strlen(line), " alias-%02d", i);
	char *local = path_join(dir, "local.services"), *registry = path_join(dir, "good.csv");
	char text[1200];
	snprintf(text, sizeof(text), "# two lines of comment\n\n%s\n", line);
	write_text(local, text);
	write_text(registry, good_csv);
	struct tool_result r = RUN("build", "--quiet", "--output", index_path, "--local", local, registry);
	snprintf(prefix, sizeof(prefix), "%s:3: ", local);
	snprintf(message, sizeof(message), "has %d aliases; the limit is %d", INDEX_MAX_ALIASES + 1,
		 INDEX_MAX_ALIASES);
	ck_assert_msg(r.status == 3, "exit status %d, stderr:\n%s", r.status, r.err);
	ck_assert_msg(strncmp(r.err, prefix, strlen(prefix)) == 0 && strstr(r.err, message) != NULL,
		      "expected \"%s...%s\", got:\n%s", prefix, message, r.err);
	assert_previous_index_intact();
	tool_result_free(&r);
	free(local);
	free(registry);
}
END_TEST

START_TEST(more_port_ranges_than_the_index_holds_are_refused)
{
	size_t size = sizeof(CSV_HEADER) + (INDEX_MAX_RANGES + 1) * 32;
	char *text = malloc(size), message[64];
	size_t n = (size_t)snprintf(text, size, "%s", CSV_HEADER);
	for (int i = 0; i <= INDEX_MAX_RANGES; i++)
		n += (size_t)snprintf(text + n, size - n, "range-%04d,%d-%d,tcp,,\n", i, 2 * i + 1,
				      2 * i + 2);
	snprintf(message, sizeof(message), "%d port ranges; the limit is %d", INDEX_MAX_RANGES + 1,
		 INDEX_MAX_RANGES);
	assert_text_refused("ranges.csv", text, 0, message);
	free(text);
}
END_TEST

/* --- whole files ---------------------------------------------------------- */

START_TEST(empty_files_are_refused)
{
	assert_refused("empty.csv", "", 0, 0, "empty file");
	assert_text_refused("blank.xml", "\n  \n\t\r\n", 0, "empty file");
	assert_text_refused("bom-only.csv", "\xef\xbb\xbf", 0, "empty file");
}
END_TEST

START_TEST(files_that_are_no_registry_are_refused_at_their_first_line)
{
	assert_text_refused("hello.txt", "\n\nhello, world\n", 3, "not an IANA registry");
	/* No line is at fault: the whole file is. */
	assert_text_refused("header-only.csv", CSV_HEADER, 0, "no records after the header");
}
END_TEST

/* Not an error: exact duplicates are dropped, and counted. */
START_TEST(exact_duplicates_are_dropped_and_counted)
{
	static const char *const repeats[] = { "ssh,22,tcp,Secure Shell,", "domain,53,udp,DNS,",
					       "ssh,22,tcp,Secure Shell,"};
	char text[1024], expected[64];
	size_t count = sizeof(repeats) / sizeof(repeats[0]);
	snprintf(text, sizeof(text), "%s", good_csv);
	for (size_t i = 0; i < count; i++)
		snprintf(text + strlen(text), sizeof(text) - strlen(text), "%s\n", repeats[i]);
	char *input = path_join(dir, "duplicates.csv");
	write_text(input, text);
	struct tool_result r = RUN("build", "--output", index_path, input);
	ck_assert_msg(r.status == 0, "%s", r.err);
	snprintf(expected, sizeof(expected), "duplicates dropped  %zu\n", count);
	ck_assert_msg(strstr(r.out, expected) != NULL, "no \"%s\" in:\n%s", expected, r.out);
	tool_result_free(&r);
	r = RUN("dump", "--index", index_path);
	ck_assert_int_eq(r.status, 0);
	/* One line each for ssh and domain, as in the good file alone. */
	ck_assert_ptr_nonnull(strstr(r.out, "ssh "));
	ck_assert_ptr_null(strstr(strstr(r.out, "ssh ") + 1, "\nssh "));
	tool_result_free(&r);
	free(input);
}
END_TEST

/*
 * A program that has the index mapped must never see it change under it
 * (a mapped file cut short kills the reader with SIGBUS): a rebuild puts a
 * new file in place by rename and leaves the old one whole.
 */
START_TEST(rebuild_replaces_the_index_and_leaves_the_mapped_one_whole)
{
	struct mapped_file old;
	ck_assert_int_eq(file_map(index_path, &old), 0);
	char *input = path_join(dir, "other.csv");
	write_text(input, CSV_HEADER "ntp,123,udp,Network Time Protocol,\n");
	struct tool_result r = RUN("build", "--quiet", "--output", index_path, input);
	ck_assert_msg(r.status == 0, "%s", r.err);
	tool_result_free(&r);

	struct file_identity now;
	ck_assert_int_eq(file_identity_of(index_path, &now), 0);
	ck_assert(now.inode != old.identity.inode);
	ck_assert_uint_eq(old.size, previous_size);
	ck_assert_mem_eq(old.data, previous, previous_size);
	file_unmap(&old);
	free(input);
}
END_TEST

static Suite *badinput_suite(void)
{
	Suite *s = suite_create("bad registry input");
	TCase *xml = tcase_create("xml");
	tcase_add_checked_fixture(xml, setup, teardown);
	tcase_set_timeout(xml, 120); /* hundreds of builds */
	tcase_add_test(xml, xml_cut_at_any_length_is_refused_at_the_line_where_it_ends);
	tcase_add_test(xml, truncated_xml_is_refused_at_the_line_where_it_ends);
	tcase_add_test(xml, xml_with_invalid_utf8_is_refused_at_its_line);
	tcase_add_test(xml, xml_entity_declarations_are_refused);
	tcase_add_test(xml, xml_external_dtd_is_never_read);
	tcase_add_test(xml, xml_nested_very_deep_is_read_without_trouble);
	tcase_add_test(xml, xml_names_with_control_characters_are_refused_at_the_record);
	suite_add_tcase(s, xml);

	TCase *csv = tcase_create("csv");
	tcase_add_checked_fixture(csv, setup, teardown);
	tcase_add_test(csv, csv_with_invalid_utf8_is_refused_at_its_line);
	tcase_add_test(csv, csv_unbalanced_quotes_are_refused_at_their_line);
	tcase_add_test(csv, csv_rows_with_the_wrong_field_count_are_refused_at_their_line);
	suite_add_tcase(s, csv);

	TCase *fields = tcase_create("fields");
	tcase_add_checked_fixture(fields, setup, teardown);
	tcase_set_timeout(fields, 60);
	tcase_add_test(fields, ports_out_of_range_or_malformed_are_refused_at_their_line);
	tcase_add_test(fields, names_over_255_bytes_are_refused_and_255_are_taken);
	tcase_add_test(fields, names_with_control_characters_are_refused_at_their_line);
	tcase_add_test(fields, an_escape_sequence_in_a_name_is_shown_escaped);
	tcase_add_test(fields, bytes_that_are_not_utf8_on_the_command_line_are_shown_escaped);
	suite_add_tcase(s, fields);

	TCase *limits = tcase_create("index limits");
	tcase_add_checked_fixture(limits, setup, teardown);
	tcase_add_test(limits, more_aliases_than_the_index_holds_are_refused);
	tcase_add_test(limits, local_line_with_more_aliases_than_the_index_holds_is_refused_at_its_line);
	tcase_add_test(limits, more_port_ranges_than_the_index_holds_are_refused);
	suite_add_tcase(s, limits);

	TCase *files = tcase_create("whole files");
	tcase_add_checked_fixture(files, setup, teardown);
	tcase_add_test(files, empty_files_are_refused);
	tcase_add_test(files, files_that_are_no_registry_are_refused_at_their_first_line);
	tcase_add_test(files, exact_duplicates_are_dropped_and_counted);
	tcase_add_test(files, rebuild_replaces_the_index_and_leaves_the_mapped_one_whole);
	suite_add_tcase(s, files);
	return s;
}

int main(void)
{
	SRunner *runner = srunner_create(badinput_suite());
	srunner_run_all(runner, CK_NORMAL);
	int failed = srunner_ntests_failed(runner);
	srunner_free(runner);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
