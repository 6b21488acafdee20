/* The compiler's rules (src/registry/compile.h), one test each, on the hand-made
 * registry in tests/fixtures, in both of IANA's formats and as saved pages. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compile.h"
#include "registry.h"
#include "snapshot.h"
#include "test_support.h"

struct warnings {
	unsigned count;
	unsigned long line[8];
	char text[8][300];
};

static void collect_warning(void *context, unsigned long line, const char *message)
{
	struct warnings *w = context;
	if (w->count < 8) {
		w->line[w->count] = line;
		snprintf(w->text[w->count], sizeof(w->text[0]), "%s", message);
	}
	w->count++;
}

static struct service_list list;
static struct compiler compiler;
static struct warnings warnings;

static void compile_fixture(const char *name)
{
	size_t size;
	char *data = slurp(fixture(name), &size);
	struct registry_info info;
	struct source_error err = { 0 };
	memset(&list, 0, sizeof(list));
	memset(&warnings, 0, sizeof(warnings));
	compiler = (struct compiler){ .list = &list, .warn = collect_warning, .warn_context = &warnings };
	ck_assert_msg(registry_parse(data, size, compile_record, &compiler, &info, &err) == 0,
		      "%s:%lu: %s", name, err.line, err.message);
	compile_finish(&compiler);
	free(data);
}

/* Compiling text must fail on line with a message containing phrase. */
static void assert_compile_error(const char *rows, unsigned long line, const char *phrase)
{
	char text[1024];
	snprintf(text, sizeof(text), "Service Name,Port Number,Transport Protocol\n%s", rows);
	struct service_list l = { 0 };
	struct compiler c = { .list = &l };
	struct registry_info info;
	struct source_error err = { 0 };
	ck_assert_int_eq(registry_parse(text, strlen(text), compile_record, &c, &info, &err), -1);
	ck_assert_msg(err.line == line, "line %lu, expected %lu (%s)", err.line, line, err.message);
	ck_assert_msg(strstr(err.message, phrase) != NULL, "\"%s\" lacks \"%s\"", err.message, phrase);
	service_list_free(&l);
}

static const struct service *find(const char *name, unsigned port, const char *proto)
{
	for (size_t i = 0; i < list.count; i++)
		if (strcmp(list.items[i].name, name) == 0 && list.items[i].port == port &&
		    strcmp(list.items[i].proto, proto) == 0)
			return &list.items[i];
	return NULL;
}

/* The whole expected result, in registry order: "name port[-last]/proto aliases". */
static const char *const expected_entries[] = {
	"tcpmux 1/tcp", "tcpmux 1/udp", "msp 18/tcp", "msp 18/udp", "name 42/tcp",
	"nameserver 42/tcp", "name 42/udp", "http 80/tcp", "http 80/udp", "http 80/sctp",
	"www 80/tcp", "l2f 1701/tcp", "l2tp 1701/tcp", "l2f 1701/udp", "l2tp 1701/udp",
	"interhdl-elmd 1454/tcp interhdl_elmd", "interhdl-elmd 1454/udp interhdl_elmd",
	"whoispp 63/tcp whois++", "lost_alias 99/tcp", "msp 2438/tcp", "msp 2438/udp",
	"x11 6000-6063/tcp", "x11 6000-6063/udp", "xsingle 6010/tcp", "ircu 6665-6669/tcp",
	"Hello-World 7777/tcp", "hello-world 7778/udp", "discard 9/dccp", "sctp-only 9900/sctp",
};

static void describe(const struct service *s, char *out, size_t size)
{
	int n = s->last_port == s->port
			? snprintf(out, size, "%s %u/%s", s->name, s->port, s->proto)
			: snprintf(out, size, "%s %u-%u/%s", s->name, s->port, s->last_port, s->proto);
	for (size_t a = 0; a < s->alias_count; a++)
		n += snprintf(out + n, size - (size_t)n, " %s", s->aliases[a]);
}

static void assert_expected_entries(void)
{
	size_t expected = sizeof(expected_entries) / sizeof(expected_entries[0]);
	ck_assert_uint_eq(list.count, expected);
	for (size_t i = 0; i < expected; i++) {
		char text[200];
		describe(&list.items[i], text, sizeof(text));
		ck_assert_str_eq(text, expected_entries[i]);
	}
}

/* The same registry in each form the compiler reads: IANA's XML and CSV,
 * and the registry page saved as text, in plain text and as a pipe table. */
static const char *const forms[] = { "rules.xml", "rules.csv", "rules-page.txt", "rules-pipes.txt" };

START_TEST(rule3_registry_order_is_kept)
{
	compile_fixture(forms[_i]);
	assert_expected_entries();
}
END_TEST

START_TEST(every_form_skips_aliases_and_drops_alike)
{
	compile_fixture(forms[_i]);
	ck_assert_uint_eq(compiler.stats.no_name, 2);
	ck_assert_uint_eq(compiler.stats.no_port, 1);
	ck_assert_uint_eq(compiler.stats.no_protocol, 1);
	ck_assert_uint_eq(compiler.stats.aliases, 3);
	ck_assert_uint_eq(compiler.stats.duplicates, 1);
	ck_assert_uint_eq(compiler.stats.orphan_aliases, 1);
}
END_TEST

/* A snapshot of the compiled entries compiles into those very entries:
 * its aliases join their entries again, and nothing is dropped. */
START_TEST(a_snapshot_compiles_into_the_entries_it_was_made_from)
{
	compile_fixture("rules.xml");
	struct buf text = { 0 };
	const struct snapshot_header header = {
		.updated = "2026-01-15", .source = "rules.xml", .format = "XML",
		.sha256 = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
	};
	snapshot_write(&text, &header, &list);
	service_list_free(&list);
	struct registry_info info;
	struct source_error err = { 0 };
	compiler = (struct compiler){ .list = &list };
	ck_assert_msg(registry_parse((const char *)text.data, text.length, compile_record, &compiler,
				     &info, &err) == 0, "%lu: %s", err.line, err.message);
	compile_finish(&compiler);
	assert_expected_entries();
	ck_assert_int_eq(info.format, REGISTRY_SNAPSHOT);
	ck_assert_uint_eq(compiler.stats.aliases, 3);
	ck_assert_uint_eq(compiler.stats.duplicates + compiler.stats.orphan_aliases, 0);
	ck_assert_uint_eq(compiler.stats.records, 29 + 3);
	buf_free(&text);
}
END_TEST

START_TEST(rule1_records_without_name_port_or_protocol_are_skipped_by_reason)
{
	compile_fixture("rules.xml");
	ck_assert_uint_eq(compiler.stats.records, 38);
	ck_assert_uint_eq(compiler.stats.no_name, 2);     /* reserved 0/tcp, unassigned 4-6 */
	ck_assert_uint_eq(compiler.stats.no_port, 1);     /* compressnet */
	ck_assert_uint_eq(compiler.stats.no_protocol, 1); /* boe-cms */
	ck_assert_ptr_null(find("compressnet", 0, "tcp"));
	ck_assert_ptr_null(find("boe-cms", 6400, ""));
	ck_assert_uint_eq(compiler.stats.entries, 29);
}
END_TEST

START_TEST(rule1_names_with_spaces_are_skipped_with_a_warning)
{
	compile_fixture("rules.xml");
	ck_assert_uint_eq(compiler.stats.spaced_name, 1);
	ck_assert_uint_eq(warnings.count, 2);
	/* warned while reading, so before the alias warnings of the end */
	ck_assert_uint_eq(warnings.line[0], 243);
	ck_assert_ptr_nonnull(strstr(warnings.text[0], "\"Apple Remote Desktop (Net Assistant)\" contains spaces"));
}
END_TEST

START_TEST(rule2_historic_alias_joins_its_target)
{
	compile_fixture("rules.xml");
	const struct service *s = find("interhdl-elmd", 1454, "tcp");
	ck_assert_ptr_nonnull(s);
	ck_assert_uint_eq(s->alias_count, 1);
	ck_assert_str_eq(s->aliases[0], "interhdl_elmd");
	ck_assert_ptr_null(find("interhdl_elmd", 1454, "tcp"));
	ck_assert_uint_eq(compiler.stats.aliases, 3);
}
END_TEST

START_TEST(rule2_alias_may_come_before_its_target)
{
	compile_fixture("rules.xml");
	const struct service *s = find("whoispp", 63, "tcp");
	ck_assert_ptr_nonnull(s);
	ck_assert_uint_eq(s->alias_count, 1);
	ck_assert_str_eq(s->aliases[0], "whois++");
	ck_assert_ptr_null(find("whois++", 63, "tcp"));
}
END_TEST

START_TEST(rule2_alias_without_target_stays_an_entry_with_a_warning)
{
	compile_fixture("rules.xml");
	ck_assert_ptr_nonnull(find("lost_alias", 99, "tcp"));
	ck_assert_uint_eq(compiler.stats.orphan_aliases, 1);
	ck_assert_uint_eq(warnings.line[1], 170);
	ck_assert_ptr_nonnull(strstr(warnings.text[1], "\"lost_alias\" is an alias to \"nowhere\""));
}
END_TEST

START_TEST(rule4_exact_duplicates_are_dropped_and_counted)
{
	compile_fixture("rules.xml");
	ck_assert_uint_eq(compiler.stats.duplicates, 1);
	unsigned tcpmux_tcp = 0;
	for (size_t i = 0; i < list.count; i++)
		tcpmux_tcp += strcmp(list.items[i].name, "tcpmux") == 0 && strcmp(list.items[i].proto, "tcp") == 0;
	ck_assert_uint_eq(tcpmux_tcp, 1);
}
END_TEST

START_TEST(rule5_protocols_are_kept_as_given)
{
	compile_fixture("rules.csv");
	ck_assert_ptr_nonnull(find("discard", 9, "dccp"));
	ck_assert_ptr_nonnull(find("sctp-only", 9900, "sctp"));
	ck_assert_ptr_nonnull(find("http", 80, "sctp"));
}
END_TEST

START_TEST(rule1_ranges_keep_both_ends)
{
	compile_fixture("rules.xml");
	const struct service *s = find("x11", 6000, "tcp");
	ck_assert_ptr_nonnull(s);
	ck_assert_uint_eq(s->last_port, 6063);
	ck_assert_uint_eq(compiler.stats.ranges, 3);
}
END_TEST

START_TEST(descriptions_are_kept_on_one_line)
{
	compile_fixture("rules.csv");
	ck_assert_str_eq(find("http", 80, "tcp")->description,
			 "World Wide Web HTTP Defined TXT keys: u=<username> p=<password>, path=<path>");
}
END_TEST

START_TEST(rule6_bad_ports_are_errors_naming_the_line)
{
	assert_compile_error("ssh,22,tcp\nfoo,8o,tcp\n", 3, "port \"8o\" is not a number");
	assert_compile_error("foo,65536,tcp\n", 2, "port \"65536\" is out of range 0-65535");
	assert_compile_error("foo,99999999999999999999,udp\n", 2, "out of range");
	assert_compile_error("foo,10-5,tcp\n", 2, "ends before it starts");
	assert_compile_error("foo,10-,tcp\n", 2, "not a number");
	assert_compile_error("foo,-1,tcp\n", 2, "not a number");
}
END_TEST

START_TEST(rule6_bad_names_are_errors_naming_the_line)
{
	char long_name[400];
	memset(long_name, 'a', 256);
	snprintf(long_name + 256, sizeof(long_name) - 256, ",1,tcp\n");
	assert_compile_error(long_name, 2, "256 bytes long; the limit is 255");
	assert_compile_error("ssh,22,tcp\n\"fo\to\",1,tcp\n", 3, "white space or a control character");
	assert_compile_error("\"fo\x01o\",1,tcp\n", 2, "control character");
	assert_compile_error("foo#bar,1,tcp\n", 2, "contains '#'");
	assert_compile_error("foo,1,t cp\n", 2, "protocol \"t cp\"");
}
END_TEST

int main(void)
{
	Suite *suite = suite_create("compile");
	TCase *c = tcase_create("rules");
	tcase_add_loop_test(c, rule3_registry_order_is_kept, 0, sizeof(forms) / sizeof(forms[0]));
	tcase_add_loop_test(c, every_form_skips_aliases_and_drops_alike, 0, sizeof(forms) / sizeof(forms[0]));
	tcase_add_test(c, a_snapshot_compiles_into_the_entries_it_was_made_from);
	tcase_add_test(c, rule1_records_without_name_port_or_protocol_are_skipped_by_reason);
	tcase_add_test(c, rule1_names_with_spaces_are_skipped_with_a_warning);
	tcase_add_test(c, rule2_historic_alias_joins_its_target);
	tcase_add_test(c, rule2_alias_may_come_before_its_target);
	tcase_add_test(c, rule2_alias_without_target_stays_an_entry_with_a_warning);
	tcase_add_test(c, rule4_exact_duplicates_are_dropped_and_counted);
	tcase_add_test(c, rule5_protocols_are_kept_as_given);
	tcase_add_test(c, rule1_ranges_keep_both_ends);
	tcase_add_test(c, descriptions_are_kept_on_one_line);
	tcase_add_test(c, rule6_bad_ports_are_errors_naming_the_line);
	tcase_add_test(c, rule6_bad_names_are_errors_naming_the_line);
	suite_add_tcase(suite, c);
	return run_suite(suite);
}
