/* The saved registry page: each shape of its two renderings, the records
 * it delivers, its date, its contact tables, and the pages it refuses. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "record_capture.h"
#include "registry.h"
#include "test_support.h"

static const char title[] = "Service Name and Transport Protocol Port Number Registry\n";
static const char plain_header[] =
	"Service Name Port Number Transport Protocol Description Assignee Contact Registration "
	"Date Modification Date Reference Service Code Unauthorized Use Reported Assignment Notes\n";
static const char pipe_header[] =
	"| Service Name | Port Number | Transport Protocol | Description | Assignee | Contact | "
	"Registration Date | Modification Date | Reference | Service Code | Unauthorized Use "
	"Reported | Assignment Notes |\n|---|---|---|---|---|---|---|---|---|---|---|---|\n";

static struct captured c;
static struct registry_info info;
static char text[100000];

static void teardown(void)
{
	captured_release(&c);
}

/* Reads a page of title, "Last Updated" 2026-02-03, header row and rows. */
static void read_page(const char *header, const char *rows)
{
	struct source_error err;
	snprintf(text, sizeof(text), "%sLast Updated\n2026-02-03\n\n%s%s", title, header, rows);
	ck_assert_msg(capture_text(text, &c, &info, &err) == 0, "%lu: %s", err.line, err.message);
	ck_assert_int_eq(info.format, REGISTRY_PAGE);
}

static unsigned long first_row_line(const char *header)
{
	return header == plain_header ? 6 : 7;
}

static void assert_record(size_t i, const char *name, const char *number, const char *protocol)
{
	ck_assert_uint_lt(i, c.count);
	ck_assert_str_eq(c.r[i].name, name);
	ck_assert_str_eq(c.r[i].number, number);
	ck_assert_str_eq(c.r[i].protocol, protocol);
}

START_TEST(plain_cells_are_separated_by_single_spaces)
{
	read_page(plain_header,
		  "cl-1 172 tcp Network Innovations CL/1 [Kevin_DeVault] [Kevin_DeVault]\n"
		  "cl/1 172 tcp Network Innovations CL/1 [Kevin_DeVault] This entry is an alias to \"cl-1\".\n"
		  "914c/g 211 tcp Texas Instruments 914C/G Terminal [Bill_Harrell]\n"
		  "9pfs 564 tcp plan 9 file service [Eric_Van_Hensbergen]\n"
		  "802-11-iapp 3517 udp IEEE 802.11 WLANs WG IAPP [Stuart_Kerry]\n");
	ck_assert_uint_eq(c.count, 5);
	assert_record(0, "cl-1", "172", "tcp");
	assert_record(1, "cl/1", "172", "tcp");
	assert_record(2, "914c/g", "211", "tcp");
	assert_record(3, "9pfs", "564", "tcp");
	assert_record(4, "802-11-iapp", "3517", "udp");
	ck_assert_str_eq(c.r[0].description, "Network Innovations CL/1");
	ck_assert_ptr_nonnull(strstr(c.r[1].note, "This entry is an alias to \"cl-1\"."));
	ck_assert_uint_eq(c.r[0].line, first_row_line(plain_header));
	ck_assert_uint_eq(c.r[4].line, first_row_line(plain_header) + 4);
}
END_TEST

/* The RFCs among the bracketed cells after the description (the Reference
 * cell's); a bracket in the notes after them is prose. */
START_TEST(references_are_the_reference_cell_s_rfcs)
{
	read_page(plain_header,
		  "dlep 854 tcp Dynamic Link Exchange Protocol (DLEP) [IESG] [IETF_Chair] 2017-04-03 "
		  "[RFC8175]\n"
		  "kerberos 88 tcp Kerberos [B_Clifford_Neuman] 2022-02-18 [RFC4120][RFC6335] see also "
		  "[RFC1510]\n"
		  "a 1 tcp A [Someone]\n");
	ck_assert_str_eq(c.r[0].description, "Dynamic Link Exchange Protocol (DLEP)");
	ck_assert_str_eq(c.r[0].references, "RFC8175");
	ck_assert_str_eq(c.r[1].references, "RFC4120 RFC6335");
	ck_assert_str_eq(c.r[2].references, "");
	read_page(pipe_header,
		  "| bgp | 179 | sctp | BGP | [Randall_Stewart] | [Randall_Stewart] | 2022-02-07 | | "
		  "[RFC9260] | ||| a note [RFC1] |\n");
	ck_assert_str_eq(c.r[0].description, "BGP");
	ck_assert_str_eq(c.r[0].references, "RFC9260");
}
END_TEST

START_TEST(plain_rows_without_a_name_port_or_protocol)
{
	read_page(plain_header,
		  "47 tcp Reserved 2017-05-18 This entry has been removed on 2017-05-18.\n"
		  "717-728 Unassigned\n"
		  "compressnet tcp Management Utility/Compression Process Defined TXT keys: None\n"
		  "boe-cms 6400 Business Objects CMS contact port [SAP_2]\n");
	ck_assert_uint_eq(c.count, 4);
	assert_record(0, "", "47", "tcp");
	assert_record(1, "", "717-728", "");
	assert_record(2, "compressnet", "", "tcp");
	assert_record(3, "boe-cms", "6400", "");
}
END_TEST

/* A cell with line breaks wraps; the row goes on until a line starts one. */
START_TEST(plain_cells_wrap_over_lines_blank_ones_included)
{
	read_page(plain_header,
		  "interhdl-elmd 1454 tcp interHDL License Manager\n"
		  "\n"
		  "\n"
		  "IANA assigned this well-formed service name as a replacement for \"interhdl_elmd\".\n"
		  "[Eli_Sternheim] [Eli_Sternheim]\n"
		  "interhdl_elmd 1454 tcp interHDL License Manager [Eli_Sternheim]\n"
		  "\n"
		  "This entry is an alias to \"interhdl-elmd\".\n");
	ck_assert_uint_eq(c.count, 2);
	ck_assert_str_eq(c.r[0].description, "interHDL License Manager IANA assigned this "
			 "well-formed service name as a replacement for \"interhdl_elmd\".");
	ck_assert_uint_eq(c.r[1].line, first_row_line(plain_header) + 5);
	ck_assert_ptr_nonnull(strstr(c.r[1].note, "This entry is an alias to \"interhdl-elmd\"."));
}
END_TEST

/* Wrapped prose can look like a name and a port; with no protocol after
 * it and a capital letter, it is prose. */
START_TEST(plain_prose_that_looks_like_a_row_continues_the_row)
{
	read_page(plain_header,
		  "icq 4000 tcp Terabase\n"
		  "PORT 4000 also used by ICQ <www.icq.com>\n"
		  "Port 126 Previously assigned to application above\n"
		  "active-net 3322-3325 Active Networks\n");
	ck_assert_uint_eq(c.count, 2);
	assert_record(0, "icq", "4000", "tcp");
	ck_assert_ptr_nonnull(strstr(c.r[0].note, "PORT 4000 also used by ICQ"));
	ck_assert_ptr_nonnull(strstr(c.r[0].note, "Port 126 Previously"));
	assert_record(1, "active-net", "3322-3325", "");
}
END_TEST

START_TEST(pipes_with_outer_pipes_and_empty_cells_dropped)
{
	read_page(pipe_header,
		  "| snmptrap | 162 | tcp | SNMPTRAP | [Marshall_Rose] | [Marshall_Rose] | ||||||\n"
		  "| 5162 | udp | Reserved | Known Unauthorized Use on port 5162 | ||||||||\n"
		  "| boe-cms | 6400 | Business Objects CMS contact port | [SAP_2] | ||||||||\n"
		  "| 11601-11622 | Unassigned | ||||||||||\n"
		  "| xmpp | tcp | XMPP | [Peter_Saint-Andre] | |||||||||\n");
	ck_assert_uint_eq(c.count, 5);
	assert_record(0, "snmptrap", "162", "tcp");
	assert_record(1, "", "5162", "udp");
	assert_record(2, "boe-cms", "6400", "");
	assert_record(3, "", "11601-11622", "");
	assert_record(4, "xmpp", "", "tcp");
	ck_assert_str_eq(c.r[0].description, "SNMPTRAP");
	ck_assert_str_eq(c.r[2].description, "Business Objects CMS contact port");
	ck_assert_uint_eq(c.r[4].line, first_row_line(pipe_header) + 4);
}
END_TEST

START_TEST(pipes_without_outer_pipes)
{
	read_page("Service Name | Port Number | Transport Protocol | Description | Assignee | "
		  "Contact | Registration Date | Modification Date | Reference | Service Code | "
		  "Unauthorized Use Reported | Assignment Notes |\n---|---|---|---|---|---|---|---|---|---|---|---|\n",
		  "http-rpc-epmap | 593 | tcp | HTTP RPC Ep Map | [Edward_Reus] | [Edward_Reus] | ||||||\n"
		  "bpmd | 3593 | udp | BP Model Debugger | [Keith_Fligg] | [Keith_Fligg] | 2002-09 | |||||\n");
	ck_assert_uint_eq(c.count, 2);
	assert_record(0, "http-rpc-epmap", "593", "tcp");
	assert_record(1, "bpmd", "3593", "udp");
	ck_assert_str_eq(c.r[1].description, "BP Model Debugger");
}
END_TEST

/* A row wraps onto lines indented more than the table's header row. */
START_TEST(pipes_rows_wrap_onto_indented_lines)
{
	read_page(pipe_header,
		  "| bmc-ctd-ldap | 6301 | tcp | BMC CONTROL-D LDAP SERVER IANA assigned this "
		  "well-formed service name as a replacement for \"bmc_ctd_ldap\".  | \n"
		  "            [Portnoy_Boxman_2] | [Portnoy_Boxman_2] | 2006-09 | |||||\n"
		  "| bmc_ctd_ldap | 6301 | tcp | BMC CONTROL-D LDAP SERVER | \n"
		  "            This entry is an alias to \"bmc-ctd-ldap\". | ||||||||\n"
		  "| ufmp | 6306 | tcp | Unified Fabric Management Protocol | ||||||||\n");
	ck_assert_uint_eq(c.count, 3);
	assert_record(1, "bmc_ctd_ldap", "6301", "tcp");
	ck_assert_ptr_nonnull(strstr(c.r[1].note, "This entry is an alias to \"bmc-ctd-ldap\"."));
	ck_assert_ptr_null(strstr(c.r[0].note, "alias to"));
	ck_assert_uint_eq(c.r[1].line, first_row_line(pipe_header) + 2);
	assert_record(2, "ufmp", "6306", "tcp");
}
END_TEST

START_TEST(pipes_an_escaped_pipe_stays_in_its_cell)
{
	read_page(pipe_header, "| iax | 4569 | tcp | Inter-Asterisk \\| eXchange | [Mark_Spencer] | |||||||\n");
	ck_assert_uint_eq(c.count, 1);
	assert_record(0, "iax", "4569", "tcp");
	ck_assert_str_eq(c.r[0].description, "Inter-Asterisk | eXchange");
}
END_TEST

/* tcp, udp, sctp and dccp; any other text there is not a protocol. */
START_TEST(a_protocol_cell_holds_a_transport_protocol_or_nothing)
{
	read_page(pipe_header, "| a | 1 | TCP | Upper case |\n| b | 2 | tcp/udp | Both |\n"
			       "| c | 3 | Reserved |\n| d | 4 | sctp | SCTP |\n| e | 5 | dccp |\n");
	ck_assert_uint_eq(c.count, 5);
	assert_record(0, "a", "1", "");
	assert_record(1, "b", "2", "");
	assert_record(2, "c", "3", "");
	assert_record(3, "d", "4", "sctp");
	assert_record(4, "e", "5", "dccp");
}
END_TEST

static void read_dated(const char *head)
{
	struct source_error err;
	snprintf(text, sizeof(text), "%s%s%sssh 22 tcp The Secure Shell Protocol\n", title, head,
		 plain_header);
	ck_assert_msg(capture_text(text, &c, &info, &err) == 0, "%lu: %s", err.line, err.message);
}

START_TEST(the_date_is_the_header_s_last_updated)
{
	read_dated("- Last Updated\n - 2025-10-30\n - Expert(s)\n - \n          \nTCP/UDP: Someone\n");
	ck_assert_str_eq(info.updated, "2025-10-30");
	read_dated("Last Updated\n\n2025-08-26\nExpert(s)\n");
	ck_assert_str_eq(info.updated, "2025-08-26");
	read_dated("  - Last Updated: 2026-05-29\n");
	ck_assert_str_eq(info.updated, "2026-05-29");
	read_dated("Expert(s)\nSomeone\n");
	ck_assert_str_eq(info.updated, "");
}
END_TEST

START_TEST(a_date_that_is_not_one_is_an_error_naming_its_line)
{
	char page[1000];
	snprintf(page, sizeof(page), "%s- Last Updated\n- 29 May 2026\n%sssh 22 tcp SSH\n", title, plain_header);
	assert_refused(page, 3, "\"Last Updated\" is followed by \"29 May 2026\", not a date YYYY-MM-DD");
	snprintf(page, sizeof(page), "%sLast Updated 2026-13-01\n%sssh 22 tcp SSH\n", title, plain_header);
	assert_refused(page, 2, "not a date");
}
END_TEST

START_TEST(contact_tables_are_counted_and_skipped)
{
	read_page(plain_header, "ssh 22 tcp The Secure Shell Protocol [Tatu_Ylonen]\n\n"
				"Contact Information\n\n"
				"ID Name Contact URI Last Updated\n"
				"[Tatu_Ylonen] Tatu Ylonen mailto:ylo&ssh.fi\n"
				"[Someone] Someone 22 tcp mailto:someone&example.org 2020-01-01\n");
	ck_assert_uint_eq(c.count, 1);
	ck_assert_uint_eq(info.other_rows, 2);
	ck_assert_ptr_null(strstr(c.r[0].note, "Tatu Ylonen"));
	read_page(pipe_header, "| ssh | 22 | tcp | The Secure Shell Protocol | ||||||||\n"
			       "| ID | Name | Contact URI | Last Updated |\n|---|---|---|---|\n"
			       "| [Tatu_Ylonen] | Tatu Ylonen | mailto:ylo&ssh.fi | |\n"
			       "| [Someone] | Someone | \n            mailto:someone&example.org | 2020-01-01 |\n");
	ck_assert_uint_eq(c.count, 1);
	ck_assert_uint_eq(info.other_rows, 2);
}
END_TEST

START_TEST(line_endings_crlf_and_lf_read_alike)
{
	struct source_error err;
	struct captured crlf = { 0 };
	read_page(plain_header, "ssh 22 tcp SSH\nssh 22 udp SSH\n");
	snprintf(text, sizeof(text), "%sLast Updated\r\n2026-02-03\r\n\r\n%sssh 22 tcp SSH\r\nssh 22 udp SSH\r\n",
		 title, plain_header);
	ck_assert_int_eq(capture_text(text, &crlf, &info, &err), 0);
	ck_assert_uint_eq(crlf.count, 2);
	ck_assert_str_eq(crlf.r[1].protocol, "udp");
	ck_assert_str_eq(crlf.r[1].description, c.r[1].description);
	ck_assert_str_eq(info.updated, "2026-02-03");
	captured_release(&crlf);
}
END_TEST

START_TEST(a_page_without_the_registry_table_is_refused_at_its_title)
{
	assert_refused("Internet Assigned Numbers Authority\n\n"
		       "Service Name and Transport Protocol Port Number Registry\n- Last Updated\n"
		       "- 2026-05-29\n\nThis page failed to load.\n",
		       3, "a registry page without the registry table");
}
END_TEST

START_TEST(a_table_without_rows_is_refused_at_its_header)
{
	char page[1000];
	snprintf(page, sizeof(page), "%s\n%s\nContact Information\n", title, pipe_header);
	assert_refused(page, 3, "the registry table has no rows");
}
END_TEST

/* The table's header names the columns as the CSV's does, without commas. */
START_TEST(a_page_is_told_apart_from_csv_by_its_content)
{
	struct source_error err;
	snprintf(text, sizeof(text), "%sssh 22 tcp Secure Shell, the protocol\n", plain_header);
	ck_assert_int_eq(capture_text(text, &c, &info, &err), 0);
	ck_assert_int_eq(info.format, REGISTRY_PAGE);
	assert_record(0, "ssh", "22", "tcp");
}
END_TEST

START_TEST(invalid_text_and_overlong_rows_are_refused)
{
	char page[1000];
	snprintf(page, sizeof(page), "%s\n%sssh 22 tcp S\xC3\x28H\n", title, plain_header);
	assert_refused(page, 4, "invalid UTF-8");
	size_t used = (size_t)snprintf(text, sizeof(text), "%s\n%sssh 22 tcp SSH\n", title, plain_header);
	while (used + 100 < sizeof(text))
		used += (size_t)snprintf(text + used, sizeof(text) - used, "%s\n",
					 "wrapped text of a cell that goes on and on and on and on and on");
	assert_refused(text, 4, "a row of the registry table longer than");
}
END_TEST

int main(void)
{
	Suite *suite = suite_create("page");
	TCase *t = tcase_create("reader");
	tcase_add_checked_fixture(t, NULL, teardown);
	tcase_add_test(t, plain_cells_are_separated_by_single_spaces);
	tcase_add_test(t, references_are_the_reference_cell_s_rfcs);
	tcase_add_test(t, plain_rows_without_a_name_port_or_protocol);
	tcase_add_test(t, plain_cells_wrap_over_lines_blank_ones_included);
	tcase_add_test(t, plain_prose_that_looks_like_a_row_continues_the_row);
	tcase_add_test(t, pipes_with_outer_pipes_and_empty_cells_dropped);
	tcase_add_test(t, pipes_without_outer_pipes);
	tcase_add_test(t, pipes_rows_wrap_onto_indented_lines);
	tcase_add_test(t, pipes_an_escaped_pipe_stays_in_its_cell);
	tcase_add_test(t, a_protocol_cell_holds_a_transport_protocol_or_nothing);
	tcase_add_test(t, the_date_is_the_header_s_last_updated);
	tcase_add_test(t, a_date_that_is_not_one_is_an_error_naming_its_line);
	tcase_add_test(t, contact_tables_are_counted_and_skipped);
	tcase_add_test(t, line_endings_crlf_and_lf_read_alike);
	tcase_add_test(t, a_page_without_the_registry_table_is_refused_at_its_title);
	tcase_add_test(t, a_table_without_rows_is_refused_at_its_header);
	tcase_add_test(t, a_page_is_told_apart_from_csv_by_its_content);
	tcase_add_test(t, invalid_text_and_overlong_rows_are_refused);
	suite_add_tcase(suite, t);
	return run_suite(suite);
}
