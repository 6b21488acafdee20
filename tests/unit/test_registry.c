/* The registry readers: fields as delivered, format detection, and an error
 * naming the line for each kind of malformed input. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "record_capture.h"
#include "registry.h"
#include "test_support.h"

/* What the tests capture; freed after each test. */
static struct captured c, other;

static void teardown(void)
{
	captured_release(&c);
	captured_release(&other);
}

static void parse_fixture(const char *name, struct registry_info *info)
{
	size_t size;
	char *data = slurp(fixture(name), &size);
	struct source_error err = { 0 };
	captured_release(&c);
	ck_assert_msg(registry_parse(data, size, capture_record, &c, info, &err) == 0, "%s:%lu: %s", name,
		      err.line, err.message);
	free(data);
}

START_TEST(xml_record_fields_as_given)
{
	struct registry_info info;
	parse_fixture("rules.xml", &info);
	ck_assert_int_eq(info.format, REGISTRY_XML);
	ck_assert_uint_eq(c.count, 38);
	ck_assert_uint_eq(info.records, 38);
	/* the reserved row: a protocol and a number, no name */
	ck_assert_str_eq(c.r[0].name, "");
	ck_assert_str_eq(c.r[0].number, "0");
	ck_assert_str_eq(c.r[0].protocol, "tcp");
	ck_assert_str_eq(c.r[1].name, "tcpmux");
	ck_assert_uint_eq(c.r[1].line, 16);
	/* the unassigned range: neither name nor protocol */
	ck_assert_str_eq(c.r[3].number, "4-6");
	ck_assert_str_eq(c.r[3].protocol, "");
	/* <br/> becomes a space; entities are decoded; text around kept */
	ck_assert_str_eq(c.r[11].description,
			 "World Wide Web HTTP  \nDefined TXT keys: u=<username> p=<password> path=<path>");
	ck_assert_str_eq(c.r[20].note, "This entry is an alias to \"interhdl-elmd\".\n"
				       "This entry is now historic, not usable for use with many\n"
				       "common service discovery mechanisms.");
}
END_TEST

/* A record's <xref type="rfc"> children, never its people's. */
START_TEST(xml_references_are_the_record_s_rfcs)
{
	struct registry_info info;
	parse_fixture("rules.xml", &info);
	ck_assert_str_eq(c.r[1].name, "tcpmux");
	ck_assert_str_eq(c.r[1].references, "RFC1078");
	ck_assert_str_eq(c.r[2].references, "");
	struct source_error err;
	ck_assert_int_eq(capture_text("<registry><record><name>kerberos</name>\n"
				      "<xref type=\"rfc\" data=\"rfc4120\"/><xref type=\"person\" "
				      "data=\"B_Clifford_Neuman\"/><xref type=\"draft\" data=\"rfc-x\"/>"
				      "<xref type=\"rfc\" data=\"RFC6335\"/><xref type=\"rfc\" "
				      "data=\"rfc4120\"/><xref type=\"rfc\" data=\"rfc12x\"/>"
				      "<note>see <xref type=\"rfc\" data=\"rfc9999\"/></note>"
				      "</record></registry>\n", &c, &info, &err), 0);
	ck_assert_str_eq(c.r[0].references, "RFC4120 RFC6335");
}
END_TEST

START_TEST(xml_date_is_the_registry_s_own)
{
	struct registry_info info;
	parse_fixture("rules.xml", &info);
	/* records and people carry <updated> too; only the registry's counts */
	ck_assert_str_eq(info.updated, "2026-01-15");
}
END_TEST

/* The date goes on into snapshots and the index, whose readers take only
 * YYYY-MM-DD: anything else is refused where it is read. */
START_TEST(xml_date_that_is_not_yyyy_mm_dd_is_refused)
{
	assert_refused("<registry>\n<updated>2026-1-15</updated>\n<record/></registry>\n", 2,
		       "<updated> date is not a date YYYY-MM-DD");
	assert_refused("<registry>\n\n<updated>2026-13-15</updated>\n<record/></registry>\n", 3,
		       "<updated> date is not a date YYYY-MM-DD");
}
END_TEST

START_TEST(csv_quoted_fields_with_commas_quotes_and_line_breaks)
{
	struct registry_info info;
	parse_fixture("rules.csv", &info);
	ck_assert_int_eq(info.format, REGISTRY_CSV);
	ck_assert_str_eq(info.updated, "");
	ck_assert_uint_eq(c.count, 38);
	ck_assert_str_eq(c.r[11].description,
			 "World Wide Web HTTP\n\nDefined TXT keys: u=<username> p=<password>, path=<path>");
	ck_assert_str_eq(c.r[19].description, "interHDL License Manager\n\nIANA assigned this "
					      "well-formed service name as a replacement for \"interhdl_elmd\".");
	ck_assert_str_eq(c.r[20].note, "This entry is an alias to \"interhdl-elmd\".\n"
				       "This entry is now historic, not usable for use with many\n"
				       "common service discovery mechanisms.");
	/* a record's line is where it starts, counting the lines inside quotes */
	ck_assert_uint_eq(c.r[0].line, 2);
	ck_assert_uint_eq(c.r[12].line, 16);
}
END_TEST

/* The RFCs of the Reference column; its people and pages are left out. */
START_TEST(csv_references_are_the_reference_column_s_rfcs)
{
	struct registry_info info;
	parse_fixture("rules.csv", &info);
	ck_assert_str_eq(c.r[1].references, "RFC1078");
	ck_assert_str_eq(c.r[2].references, "");
	struct source_error err;
	ck_assert_int_eq(capture_text("Service Name,Port Number,Transport Protocol,Assignee,Reference\n"
				      "kerberos,88,tcp,[RFC9999],[RFC4120][Someone][RFC6335]\n"
				      "a,1,tcp,,[http://example.org/]\n", &c, &info, &err), 0);
	ck_assert_str_eq(c.r[0].references, "RFC4120 RFC6335");
	ck_assert_str_eq(c.r[1].references, "");
	ck_assert_int_eq(capture_text("Service Name,Port Number,Transport Protocol\na,1,tcp\n", &c,
				      &info, &err), 0);
	ck_assert_str_eq(c.r[0].references, "");
}
END_TEST

START_TEST(csv_lf_and_crlf_read_alike)
{
	const char *lf = "Service Name,Port Number,Transport Protocol\nssh,22,tcp\n\"a,b\",1,udp\n";
	const char *crlf = "Service Name,Port Number,Transport Protocol\r\nssh,22,tcp\r\n\"a,b\",1,udp\r\n";
	struct registry_info info;
	struct source_error err;
	ck_assert_int_eq(capture_text(lf, &c, &info, &err), 0);
	ck_assert_int_eq(capture_text(crlf, &other, &info, &err), 0);
	ck_assert_uint_eq(c.count, 2);
	ck_assert_uint_eq(other.count, 2);
	for (size_t i = 0; i < 2; i++) {
		ck_assert_str_eq(c.r[i].name, other.r[i].name);
		ck_assert_str_eq(c.r[i].protocol, other.r[i].protocol);
	}
	ck_assert_str_eq(c.r[1].name, "a,b");
	ck_assert_str_eq(c.r[0].protocol, "tcp");
}
END_TEST

START_TEST(csv_columns_found_by_header_name)
{
	const char *text = "Transport Protocol,Port Number,Service Name\nudp,53,domain\n";
	struct registry_info info;
	struct source_error err;
	ck_assert_int_eq(capture_text(text, &c, &info, &err), 0);
	ck_assert_str_eq(c.r[0].name, "domain");
	ck_assert_str_eq(c.r[0].number, "53");
	ck_assert_str_eq(c.r[0].protocol, "udp");
}
END_TEST

START_TEST(empty_file_is_an_error)
{
	assert_refused("", 0, "empty");
	assert_refused("\xEF\xBB\xBF \n\n", 0, "empty");
}
END_TEST

START_TEST(unknown_content_is_an_error)
{
	assert_refused("\n\nhello world\n", 3, "not an IANA registry");
}
END_TEST

START_TEST(truncated_xml_names_its_line)
{
	assert_refused("<registry>\n<record>\n<name>x</name>\n", 4, "XML error");
}
END_TEST

/* Entity declarations live in a document type declaration, refused at
 * its first line: no entity is ever expanded. */
START_TEST(xml_entity_declarations_are_refused)
{
	assert_refused("<?xml version=\"1.0\"?>\n<!DOCTYPE registry [\n<!ENTITY a \"aaaaaaaa\">\n"
		     "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">\n]>\n<registry>&b;</registry>\n",
		     2, "document type declarations (<!DOCTYPE>) are not accepted");
}
END_TEST

START_TEST(xml_of_another_registry_is_refused)
{
	assert_refused("<registry id=\"protocol-numbers\">\n<record/></registry>", 1,
		     "not the service name and port number registry");
	assert_refused("<html>\n<body/></html>", 1, "root element is not <registry>");
	assert_refused("<registry>\n</registry>\n", 0, "no <record> elements");
}
END_TEST

START_TEST(csv_unclosed_quote_names_where_it_opened)
{
	assert_refused("Service Name,Port Number,Transport Protocol\nssh,22,tcp\n"
		     "x,1,\"tcp\nand on\nand on\n", 3, "never closed");
}
END_TEST

START_TEST(csv_quote_misuse_is_an_error)
{
	assert_refused("Service Name,Port Number,Transport Protocol\nss\"h,22,tcp\n", 2,
		     "quote inside an unquoted field");
	assert_refused("Service Name,Port Number,Transport Protocol\n\"ssh\"x,22,tcp\n", 2,
		     "after a closing quote");
}
END_TEST

START_TEST(csv_row_with_too_many_fields_is_an_error)
{
	assert_refused("Service Name,Port Number,Transport Protocol\nssh,22,tcp\nssh,22,tcp,extra\n", 3,
		     "row has 4 fields; the header has 3");
}
END_TEST

START_TEST(csv_without_required_column_is_an_error)
{
	assert_refused("Service Name,Port Number,Protocol\nssh,22,tcp\n", 1,
		     "no \"Transport Protocol\" column");
}
END_TEST

START_TEST(csv_invalid_utf8_names_its_line)
{
	assert_refused("Service Name,Port Number,Transport Protocol\nssh,22,tcp\ncaf\xC3(,1,tcp\n", 3,
		     "invalid UTF-8");
}
END_TEST

START_TEST(xml_invalid_utf8_names_its_line)
{
	assert_refused("<registry>\n<record><name>caf\xC3(</name></record>\n</registry>\n", 2, "XML error");
}
END_TEST

int main(void)
{
	Suite *suite = suite_create("registry");
	TCase *t = tcase_create("readers");
	tcase_add_checked_fixture(t, NULL, teardown);
	tcase_add_test(t, xml_record_fields_as_given);
	tcase_add_test(t, xml_references_are_the_record_s_rfcs);
	tcase_add_test(t, csv_references_are_the_reference_column_s_rfcs);
	tcase_add_test(t, xml_date_is_the_registry_s_own);
	tcase_add_test(t, xml_date_that_is_not_yyyy_mm_dd_is_refused);
	tcase_add_test(t, csv_quoted_fields_with_commas_quotes_and_line_breaks);
	tcase_add_test(t, csv_lf_and_crlf_read_alike);
	tcase_add_test(t, csv_columns_found_by_header_name);
	tcase_add_test(t, empty_file_is_an_error);
	tcase_add_test(t, unknown_content_is_an_error);
	tcase_add_test(t, truncated_xml_names_its_line);
	tcase_add_test(t, xml_entity_declarations_are_refused);
	tcase_add_test(t, xml_of_another_registry_is_refused);
	tcase_add_test(t, csv_unclosed_quote_names_where_it_opened);
	tcase_add_test(t, csv_quote_misuse_is_an_error);
	tcase_add_test(t, csv_row_with_too_many_fields_is_an_error);
	tcase_add_test(t, csv_without_required_column_is_an_error);
	tcase_add_test(t, csv_invalid_utf8_names_its_line);
	tcase_add_test(t, xml_invalid_utf8_names_its_line);
	suite_add_tcase(suite, t);
	return run_suite(suite);
}
