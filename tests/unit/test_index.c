/* The index: what the writer stores, the reader answers, by the lookup
 * rules of the contract.  Each rule runs on both slot widths. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "image.h"
#include "index_format.h"
#include "index_reader.h"
#include "index_verify.h"
#include "index_writer.h"
#include "sha256.h"
#include "test_support.h"

/* The SHA-256 of the index of fixtures/rules.xml with default options. */
#define GOLDEN_RULES_INDEX_SHA256 "1b6bee58b665d24868ec499e41fed1ce4caa16e46debf73256758bab76b71f93"

static struct buf image;
static struct index ix;

static void build_fixture_index(const char *name, const struct index_options *options)
{
	struct service_list list = { 0 };
	char error[300];
	struct source_error err = { 0 };
	ck_assert_msg(compile_file(fixture(name), &list, error, sizeof(error)) == 0, "%s", error);
	buf_free(&image);
	ck_assert_msg(index_serialize(&list, options, &image, &err) == 0, "%s", err.message);
	service_list_free(&list);
	ck_assert_int_eq(index_open(&ix, image.data, image.length), INDEX_OK);
}

/* Loop tests run with _i = 0 (2-byte slots) and 1 (4-byte slots). */
static void build_rules(int width_choice)
{
	struct index_options options = { .slot_width = width_choice ? 4 : 2 };
	build_fixture_index("rules.xml", &options);
	ck_assert_uint_eq(ix.slot_width, width_choice ? 4u : 2u);
}

/* "name port/proto aliases" of a lookup, or "-" when absent. */
static const char *show(enum index_lookup result, const struct index_entry *e)
{
	static char text[300];
	ck_assert_int_ne(result, LOOKUP_CORRUPT);
	if (result == LOOKUP_ABSENT)
		return "-";
	int n = snprintf(text, sizeof(text), "%s %u/%s", e->name, e->port, e->proto);
	for (uint32_t a = 0; a < e->alias_count; a++)
		n += snprintf(text + n, sizeof(text) - (size_t)n, " %s", index_alias(&ix, e->alias_first + a));
	return text;
}

static const char *by_name(const char *name, const char *proto)
{
	struct index_entry e;
	return show(index_find_name(&ix, name, proto, &e), &e);
}

static const char *by_port(unsigned port, const char *proto)
{
	struct index_entry e;
	return show(index_find_port(&ix, (uint16_t)port, proto, &e), &e);
}

START_TEST(by_name_with_protocol)
{
	build_rules(_i);
	ck_assert_str_eq(by_name("http", "udp"), "http 80/udp");
	ck_assert_str_eq(by_name("http", "sctp"), "http 80/sctp");
	ck_assert_str_eq(by_name("discard", "dccp"), "discard 9/dccp");
}
END_TEST

START_TEST(by_name_without_protocol_answers_first_in_registry_order)
{
	build_rules(_i);
	ck_assert_str_eq(by_name("http", NULL), "http 80/tcp");
	ck_assert_str_eq(by_name("sctp-only", NULL), "sctp-only 9900/sctp");
}
END_TEST

START_TEST(alias_answers_with_its_entry)
{
	build_rules(_i);
	ck_assert_str_eq(by_name("interhdl_elmd", "tcp"), "interhdl-elmd 1454/tcp interhdl_elmd");
	ck_assert_str_eq(by_name("interhdl_elmd", "udp"), "interhdl-elmd 1454/udp interhdl_elmd");
	ck_assert_str_eq(by_name("interhdl-elmd", NULL), "interhdl-elmd 1454/tcp interhdl_elmd");
	ck_assert_str_eq(by_name("whois++", NULL), "whoispp 63/tcp whois++");
}
END_TEST

START_TEST(case_insensitive_only_when_no_exact_match)
{
	build_rules(_i);
	ck_assert_str_eq(by_name("HTTP", "tcp"), "http 80/tcp");
	ck_assert_str_eq(by_name("Interhdl_ELMD", "udp"), "interhdl-elmd 1454/udp interhdl_elmd");
	/* exact beats an earlier entry that matches only ignoring case */
	ck_assert_str_eq(by_name("hello-world", NULL), "hello-world 7778/udp");
	ck_assert_str_eq(by_name("Hello-World", NULL), "Hello-World 7777/tcp");
	/* ignoring case, the first in registry order */
	ck_assert_str_eq(by_name("HELLO-WORLD", NULL), "Hello-World 7777/tcp");
	ck_assert_str_eq(by_name("HELLO-WORLD", "udp"), "hello-world 7778/udp");
}
END_TEST

START_TEST(same_name_on_two_ports_first_by_name_each_by_port)
{
	build_rules(_i);
	ck_assert_str_eq(by_name("msp", NULL), "msp 18/tcp");
	ck_assert_str_eq(by_name("msp", "udp"), "msp 18/udp");
	ck_assert_str_eq(by_port(18, "tcp"), "msp 18/tcp");
	ck_assert_str_eq(by_port(2438, "udp"), "msp 2438/udp");
}
END_TEST

START_TEST(by_port_answers_first_name_on_the_port)
{
	build_rules(_i);
	ck_assert_str_eq(by_port(1701, "tcp"), "l2f 1701/tcp");
	ck_assert_str_eq(by_port(1701, NULL), "l2f 1701/tcp");
	ck_assert_str_eq(by_port(42, "tcp"), "name 42/tcp");
	ck_assert_str_eq(by_port(80, NULL), "http 80/tcp");
	ck_assert_str_eq(by_port(80, "sctp"), "http 80/sctp");
	ck_assert_str_eq(by_port(9, NULL), "discard 9/dccp");
	ck_assert_str_eq(by_port(1454, "udp"), "interhdl-elmd 1454/udp interhdl_elmd");
}
END_TEST

START_TEST(range_answers_a_port_inside_it)
{
	build_rules(_i);
	ck_assert_str_eq(by_port(6005, "tcp"), "x11 6000/tcp");
	ck_assert_str_eq(by_port(6063, "udp"), "x11 6000/udp");
	ck_assert_str_eq(by_port(6000, NULL), "x11 6000/tcp");
	ck_assert_str_eq(by_port(6667, NULL), "ircu 6665/tcp");
	ck_assert_str_eq(by_port(6064, "tcp"), "-");
	ck_assert_str_eq(by_port(6667, "udp"), "-");
}
END_TEST

START_TEST(single_port_entry_beats_a_range_even_when_later)
{
	build_rules(_i);
	ck_assert_str_eq(by_port(6010, "tcp"), "xsingle 6010/tcp");
	ck_assert_str_eq(by_port(6010, "udp"), "x11 6000/udp");
}
END_TEST

START_TEST(by_name_a_range_answers_its_first_port)
{
	build_rules(_i);
	struct index_entry e;
	ck_assert_int_eq(index_find_name(&ix, "x11", "udp", &e), LOOKUP_FOUND);
	ck_assert_uint_eq(e.port, 6000);
	ck_assert_uint_eq(e.last_port, 6063);
}
END_TEST

START_TEST(misses)
{
	build_rules(_i);
	ck_assert_str_eq(by_name("no-such-service", NULL), "-");
	ck_assert_str_eq(by_name("sctp-only", "tcp"), "-");
	ck_assert_str_eq(by_name("http", "xyz"), "-");
	ck_assert_str_eq(by_name("", NULL), "-");
	ck_assert_str_eq(by_name("interhdl_elmd", "sctp"), "-");
	ck_assert_str_eq(by_port(4, NULL), "-");
	ck_assert_str_eq(by_port(18, "sctp"), "-");
	ck_assert_str_eq(by_port(65535, NULL), "-");
	/* skipped records answer nothing */
	ck_assert_str_eq(by_name("compressnet", NULL), "-");
	ck_assert_str_eq(by_port(0, "tcp"), "-");
	ck_assert_str_eq(by_port(6400, NULL), "-");
}
END_TEST

START_TEST(enumeration_is_registry_order)
{
	build_rules(_i);
	ck_assert_uint_eq(index_entry_count(&ix), 29);
	struct index_entry e;
	ck_assert_int_eq(index_entry(&ix, 0, &e), INDEX_OK);
	ck_assert_str_eq(show(LOOKUP_FOUND, &e), "tcpmux 1/tcp");
	ck_assert_int_eq(index_entry(&ix, 17, &e), INDEX_OK);
	ck_assert_str_eq(show(LOOKUP_FOUND, &e), "whoispp 63/tcp whois++");
	ck_assert_int_eq(index_entry(&ix, 28, &e), INDEX_OK);
	ck_assert_str_eq(show(LOOKUP_FOUND, &e), "sctp-only 9900/sctp");
	ck_assert_int_eq(index_entry(&ix, 29, &e), INDEX_CORRUPT);
}
END_TEST

START_TEST(written_index_verifies)
{
	struct source_error err = { 0 };
	build_rules(_i);
	ck_assert_msg(index_verify(image.data, image.length, &err) == 0, "%s", err.message);
}
END_TEST

START_TEST(verify_catches_a_changed_byte)
{
	struct source_error err = { 0 };
	build_rules(0);
	image.data[image.length / 2] ^= 0x20;
	ck_assert_int_eq(index_verify(image.data, image.length, &err), -1);
	ck_assert_str_eq(err.message, "checksum mismatch: the file was changed after it was built");
}
END_TEST

/* The tests below damage their own copy of the bytes, through the
 * helpers of the hostile tests (tests/hostile/image.h). */
static const enum index_section names = SECTION_NAME_SLOTS;

static bool slot_used(enum index_section table, uint32_t slot)
{
	return *image_slot_tag(&image, table, slot) != 0;
}

static bool is_last_used_of_group(enum index_section table, uint32_t slot)
{
	bool last_lane = slot % SLOT_GROUP == SLOT_GROUP - 1;
	return slot_used(table, slot) && (last_lane || !slot_used(table, slot + 1));
}

static bool is_first_empty_of_group(enum index_section table, uint32_t slot)
{
	return !slot_used(table, slot) && (slot % SLOT_GROUP == 0 || slot_used(table, slot - 1));
}

START_TEST(verify_catches_a_misplaced_slot_even_with_a_good_checksum)
{
	struct source_error err = { 0 };
	build_rules(0);
	/* Move a name slot far from its probe sequence: the table holds the
	 * same values, but a lookup would no longer find that record.  The
	 * slot moved is the last used one of its group, and it goes to the
	 * first empty one of another, so that each group still has its used
	 * slots first. */
	uint32_t count = image_slot_count(&image, names), from = 0;
	while (!is_last_used_of_group(names, from))
		from++;
	uint32_t to = (from + count / 2) / SLOT_GROUP * SLOT_GROUP % count;
	while (!is_first_empty_of_group(names, to))
		to = (to + 1) % count;
	image_set_slot(&image, names, to, *image_slot_tag(&image, names, from),
		       image_slot_ref(&image, names, from));
	*image_slot_name(&image, names, to) = *image_slot_name(&image, names, from);
	image_set_slot(&image, names, from, 0, 0);
	image_reseal(&image);
	ck_assert_int_eq(index_verify(image.data, image.length, &err), -1);
	ck_assert_msg(strstr(err.message, "is not where a lookup") != NULL, "%s", err.message);
}
END_TEST

/* A slot whose tag is not its key's hides the record from lookups, which
 * pass over other keys' slots by tag alone. */
START_TEST(verify_catches_a_slot_with_the_wrong_tag)
{
	struct source_error err = { 0 };
	struct index_entry e;
	build_rules(0);
	ck_assert_int_eq(index_find_name(&ix, "xsingle", "tcp", &e), LOOKUP_FOUND);
	uint32_t at = 0;
	while (*image_slot_tag(&image, names, at) == 0 || image_slot_ref(&image, names, at) != e.record)
		at++;
	uint8_t *tag = image_slot_tag(&image, names, at);
	*tag = *tag == 1 ? 2 : 1; /* another tag, and not an empty slot's */
	image_reseal(&image);
	ck_assert_int_ne(index_find_name(&ix, "xsingle", "tcp", &e), LOOKUP_FOUND);
	ck_assert_int_eq(index_verify(image.data, image.length, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.message, "(xsingle) is not where a lookup by name looks"));
}
END_TEST

/* The slot of an alias, with every byte of the slot's name number made
 * another: a lookup by the alias compares the query with the name the
 * slot now names, so it finds nothing, or finds the index corrupt where
 * that name does not exist; the verifier says which alias is lost. */
START_TEST(a_slot_is_for_the_one_name_its_name_number_says)
{
	struct source_error err = { 0 };
	struct index_entry e;
	build_rules(_i);
	ck_assert_int_eq(index_find_name(&ix, "interhdl_elmd", "tcp", &e), LOOKUP_FOUND);
	uint32_t at = 0;
	while (*image_slot_tag(&image, names, at) == 0 || image_slot_ref(&image, names, at) != e.record ||
	       *image_slot_name(&image, names, at) != 1)
		at++;
	*image_slot_name(&image, names, at) = 0; /* the official name, interhdl-elmd */
	image_reseal(&image);
	ck_assert_int_eq(index_find_name(&ix, "interhdl_elmd", "tcp", &e), LOOKUP_ABSENT);
	ck_assert_str_eq(by_name("interhdl-elmd", "tcp"), "interhdl-elmd 1454/tcp interhdl_elmd");
	ck_assert_int_eq(index_verify(image.data, image.length, &err), -1);
	ck_assert_msg(strstr(err.message, "alias interhdl_elmd of record") != NULL, "%s", err.message);
	*image_slot_name(&image, names, at) = 2; /* the record has one alias */
	image_reseal(&image);
	ck_assert_int_eq(index_find_name(&ix, "interhdl_elmd", "tcp", &e), LOOKUP_CORRUPT);
	ck_assert_int_eq(index_verify(image.data, image.length, &err), -1);
}
END_TEST

/* Three-byte protocols are looked for among the first four by the keys
 * index_open() keeps; those after them, and longer names, by the table. */
START_TEST(every_protocol_resolves_wherever_it_is_in_the_table)
{
	static const char *const protocols[] = { "ddp", "sctp", "abc", "p4", "udp", "tcp", "xyzzy" };
	struct service_list list = { 0 };
	struct index_options options = { 0 };
	struct source_error err = { 0 };
	for (size_t i = 0; i < sizeof(protocols) / sizeof(*protocols); i++) {
		struct service *s = service_list_push(&list);
		s->name = strdup("svc");
		s->proto = strdup(protocols[i]);
		s->port = s->last_port = 7;
	}
	buf_free(&image);
	ck_assert_msg(index_serialize(&list, &options, &image, &err) == 0, "%s", err.message);
	ck_assert_int_eq(index_open(&ix, image.data, image.length), INDEX_OK);
	for (size_t i = 0; i < sizeof(protocols) / sizeof(*protocols); i++) {
		struct index_entry e;
		ck_assert_int_eq(index_find_name(&ix, "svc", protocols[i], &e), LOOKUP_FOUND);
		ck_assert_str_eq(e.proto, protocols[i]);
		ck_assert_uint_eq(index_entry_id(&ix, &e), i);
		ck_assert_int_eq(index_find_port(&ix, 7, protocols[i], &e), LOOKUP_FOUND);
		ck_assert_str_eq(e.proto, protocols[i]);
	}
	struct index_entry e;
	ck_assert_int_eq(index_find_name(&ix, "svc", "dccp", &e), LOOKUP_ABSENT);
	ck_assert_int_eq(index_find_name(&ix, "svc", "ud", &e), LOOKUP_ABSENT);
	ck_assert_int_eq(index_find_name(&ix, "svc", "udpx", &e), LOOKUP_ABSENT);
	ck_assert_int_eq(index_find_port(&ix, 7, "abd", &e), LOOKUP_ABSENT);
	service_list_free(&list);
}
END_TEST

/* An empty slot that still holds a reference: no lookup reads it, but the
 * writer never makes one, so the verifier says so. */
START_TEST(verify_catches_an_empty_slot_with_a_reference)
{
	struct source_error err = { 0 };
	build_rules(0);
	uint32_t at = 0;
	while (*image_slot_tag(&image, names, at) != 0)
		at++;
	image_set_slot(&image, names, at, 0, 1);
	image_reseal(&image);
	ck_assert_int_eq(index_verify(image.data, image.length, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.message, "holds a reference"));
}
END_TEST

START_TEST(same_input_gives_identical_bytes)
{
	struct buf first = { 0 };
	build_rules(0);
	buf_append(&first, image.data, image.length);
	build_rules(0);
	ck_assert_uint_eq(first.length, image.length);
	ck_assert_mem_eq(first.data, image.data, image.length);
	buf_free(&first);
}
END_TEST

/* Pins the format: a change to the layout, the hashes or the writer's
 * order shows up here, and must come with a new format version. */
START_TEST(golden_checksum_of_the_fixture_index)
{
	char hex[SHA256_HEX_SIZE];
	build_rules(0);
	sha256_hex(image.data, image.length, hex);
	ck_assert_str_eq(hex, GOLDEN_RULES_INDEX_SHA256);
}
END_TEST

START_TEST(xml_and_csv_give_the_same_entries)
{
	struct buf xml = { 0 };
	struct index_options options = { 0 };
	build_fixture_index("rules.xml", &options);
	buf_append(&xml, image.data, image.length);
	build_fixture_index("rules.csv", &options);
	ck_assert_uint_eq(xml.length, image.length);
	ck_assert_mem_eq(xml.data, image.data, image.length);
	buf_free(&xml);
}
END_TEST

START_TEST(descriptions_and_provenance_are_stored_on_request)
{
	const struct index_meta_item meta[] = { { "source", "rules.xml" }, { "updated", "2026-01-15" } };
	struct index_options options = { .descriptions = true, .registry_date = 20260115,
					 .meta = meta, .meta_count = 2 };
	build_fixture_index("rules.xml", &options);
	struct index_entry e;
	ck_assert_int_eq(index_find_name(&ix, "xsingle", NULL, &e), LOOKUP_FOUND);
	ck_assert_str_eq(index_description(&ix, index_entry_id(&ix, &e)),
			 "A single port inside a range, later in the registry");
	ck_assert_str_eq(index_meta(&ix, "source"), "rules.xml");
	ck_assert_str_eq(index_meta(&ix, "updated"), "2026-01-15");
	ck_assert_ptr_null(index_meta(&ix, "sourc"));
	ck_assert_uint_eq(ix.registry_date, 20260115);
	build_rules(0);
	ck_assert_ptr_null(index_description(&ix, index_entry_id(&ix, &e)));
}
END_TEST

/*
 * Names that all start their probe walk at group 0 of the table the writer
 * first sizes for them: placed there they would make a run of full groups
 * longer than a walk may be (INDEX_MAX_PROBE_GROUPS).  The writer grows the table instead,
 * and every name is still found.
 */
START_TEST(writer_grows_a_table_rather_than_leave_a_run_longer_than_a_walk)
{
	enum { NAMES = INDEX_MAX_PROBES + 100 };
	/* The writer's load factor, 0.7, in whole groups of slots. */
	const uint32_t first_groups = (NAMES * 10 / 7 + 1 + SLOT_GROUP - 1) / SLOT_GROUP;
	struct service_list list = { 0 };
	struct index_options options = { 0 };
	char name[32];
	struct source_error err = { 0 };
	for (unsigned n = 0; list.count < NAMES; n++) {
		snprintf(name, sizeof(name), "k%u", n);
		if (hash_home(hash_name(name, strlen(name)), first_groups) != 0)
			continue;
		struct service *s = service_list_push(&list);
		s->name = strdup(name);
		s->proto = strdup("tcp");
		s->port = s->last_port = (uint16_t)list.count;
	}
	buf_free(&image);
	ck_assert_msg(index_serialize(&list, &options, &image, &err) == 0, "%s", err.message);
	ck_assert_int_eq(index_open(&ix, image.data, image.length), INDEX_OK);
	ck_assert_uint_gt(index_slot_count(&ix, SECTION_NAME_SLOTS), first_groups * SLOT_GROUP);
	ck_assert_msg(index_verify(image.data, image.length, &err) == 0, "%s", err.message);
	for (size_t i = 0; i < list.count; i++) {
		struct index_entry e;
		ck_assert_int_eq(index_find_name(&ix, list.items[i].name, NULL, &e), LOOKUP_FOUND);
		ck_assert_uint_eq(index_entry_id(&ix, &e), i);
	}
	service_list_free(&list);
}
END_TEST

/* The registry and the traditional names, as `cmake --build` and the
 * package install them: at most 256 KiB (index_format.h). */
START_TEST(full_registry_with_traditional_names_fits_in_256_kib)
{
	const char *registry = full_registry();
	char *dir = make_temp_dir(), *path = path_join(dir, "full.idx");
	const char *arguments[] = { "build", "--quiet", "--local",
				    FIXTURE_DIR "/../../data/traditional-services", "--output", path,
				    registry, NULL };
	struct tool_result r = run_tool(arguments);
	ck_assert_msg(r.status == 0, "%s", r.err);
	size_t size;
	free(slurp(path, &size));
	printf("full registry with traditional names: %zu bytes\n", size);
	ck_assert_uint_le(size, 256 * 1024);
	tool_result_free(&r);
	remove_tree(dir);
	free(path);
	free(dir);
}
END_TEST

/* Runs of entries that differ only in protocol share a record: the
 * fixture's http on tcp, udp and sctp is one, and each entry still reads
 * as its own, in registry order. */
START_TEST(entries_that_differ_only_in_protocol_share_a_record)
{
	struct index_entry tcp, udp, sctp;
	build_rules(_i);
	ck_assert_int_eq(index_find_name(&ix, "http", "tcp", &tcp), LOOKUP_FOUND);
	ck_assert_int_eq(index_find_name(&ix, "http", "udp", &udp), LOOKUP_FOUND);
	ck_assert_int_eq(index_find_name(&ix, "http", "sctp", &sctp), LOOKUP_FOUND);
	ck_assert_uint_eq(tcp.record, udp.record);
	ck_assert_uint_eq(tcp.record, sctp.record);
	ck_assert_uint_eq(index_entry_id(&ix, &udp), index_entry_id(&ix, &tcp) + 1);
	ck_assert_uint_eq(index_entry_id(&ix, &sctp), index_entry_id(&ix, &tcp) + 2);
	uint32_t records = 0;
	for (uint32_t ref = 0; ref < index_record_end(&ix); records++) {
		struct index_record r;
		ck_assert_int_eq(index_record(&ix, ref, &r), INDEX_OK);
		ref = r.next;
	}
	ck_assert_uint_eq(index_entry_count(&ix), 29);
	ck_assert_uint_eq(records, 22);
}
END_TEST

int main(void)
{
	Suite *suite = suite_create("index");
	TCase *rules = tcase_create("lookup rules");
	tcase_add_loop_test(rules, by_name_with_protocol, 0, 2);
	tcase_add_loop_test(rules, by_name_without_protocol_answers_first_in_registry_order, 0, 2);
	tcase_add_loop_test(rules, alias_answers_with_its_entry, 0, 2);
	tcase_add_loop_test(rules, case_insensitive_only_when_no_exact_match, 0, 2);
	tcase_add_loop_test(rules, same_name_on_two_ports_first_by_name_each_by_port, 0, 2);
	tcase_add_loop_test(rules, by_port_answers_first_name_on_the_port, 0, 2);
	tcase_add_loop_test(rules, range_answers_a_port_inside_it, 0, 2);
	tcase_add_loop_test(rules, single_port_entry_beats_a_range_even_when_later, 0, 2);
	tcase_add_loop_test(rules, by_name_a_range_answers_its_first_port, 0, 2);
	tcase_add_loop_test(rules, misses, 0, 2);
	tcase_add_loop_test(rules, enumeration_is_registry_order, 0, 2);
	tcase_add_loop_test(rules, written_index_verifies, 0, 2);
	tcase_add_loop_test(rules, entries_that_differ_only_in_protocol_share_a_record, 0, 2);
	tcase_add_loop_test(rules, a_slot_is_for_the_one_name_its_name_number_says, 0, 2);
	tcase_add_test(rules, every_protocol_resolves_wherever_it_is_in_the_table);
	suite_add_tcase(suite, rules);
	TCase *format = tcase_create("format");
	tcase_add_test(format, verify_catches_a_changed_byte);
	tcase_add_test(format, verify_catches_a_misplaced_slot_even_with_a_good_checksum);
	tcase_add_test(format, verify_catches_a_slot_with_the_wrong_tag);
	tcase_add_test(format, verify_catches_an_empty_slot_with_a_reference);
	tcase_add_test(format, same_input_gives_identical_bytes);
	tcase_add_test(format, golden_checksum_of_the_fixture_index);
	tcase_add_test(format, xml_and_csv_give_the_same_entries);
	tcase_add_test(format, descriptions_and_provenance_are_stored_on_request);
	tcase_add_test(format, writer_grows_a_table_rather_than_leave_a_run_longer_than_a_walk);
	tcase_add_test(format, full_registry_with_traditional_names_fits_in_256_kib);
	suite_add_tcase(suite, format);
	return run_suite(suite);
}
