#include "damage.h"

#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "bytes.h"
#include "image.h"

uint32_t fixture_entry(const struct buf *image, const char *name_and_proto)
{
	struct index ix;
	ck_assert_int_eq(index_open(&ix, image->data, image->length), INDEX_OK);
	for (uint32_t id = 0; id < index_entry_count(&ix); id++) {
		struct index_entry e;
		char key[600];
		ck_assert_int_eq(index_entry(&ix, id, &e), INDEX_OK);
		snprintf(key, sizeof(key), "%s/%s", e.name, e.proto);
		if (strcmp(key, name_and_proto) == 0)
			return id;
	}
	ck_abort_msg("the fixture has no entry %s", name_and_proto);
	return 0;
}

/* The record of a fixture entry, in the image. */
static uint8_t *record_of(struct buf *b, const char *name_and_proto)
{
	return image_record(b, image_record_ref(b, name_and_proto));
}

static uint32_t string_count(const struct buf *b)
{
	return image_section_count(b, SECTION_STRINGS);
}

/* --- open damages: the header --------------------------------------- */

static void truncate_to_nothing(struct buf *b)
{
	image_truncate(b, 0);
}

static void truncate_inside_magic(struct buf *b)
{
	image_truncate(b, INDEX_MAGIC_SIZE - 3);
}

static void truncate_after_magic(struct buf *b)
{
	image_truncate(b, INDEX_MAGIC_SIZE);
}

static void truncate_inside_header(struct buf *b)
{
	image_truncate(b, INDEX_HEADER_SIZE / 2);
}

static void truncate_header_short_by_one(struct buf *b)
{
	image_truncate(b, INDEX_HEADER_SIZE - 1);
}

static void truncate_after_header(struct buf *b)
{
	image_truncate(b, INDEX_HEADER_SIZE);
}

static void truncate_inside_records(struct buf *b)
{
	image_truncate(b, image_section_offset(b, SECTION_RECORDS) + RECORD_ALIGN / 2);
}

/* The dangerous truncation: the header agrees with the new size, so only
 * the section bounds can tell. */
static void truncate_inside_records_claiming_new_size(struct buf *b)
{
	truncate_inside_records(b);
	image_set_u32(b, HEADER_OFF_FILE_SIZE, (uint32_t)b->length);
}

static void truncate_last_byte_claiming_new_size(struct buf *b)
{
	image_truncate(b, b->length - 1);
	image_set_u32(b, HEADER_OFF_FILE_SIZE, (uint32_t)b->length);
}

static void wrong_magic(struct buf *b)
{
	b->data[HEADER_OFF_MAGIC] ^= 0x20; /* "nSSIANA" */
}

static void newer_version(struct buf *b)
{
	put_u16(b->data + HEADER_OFF_VERSION, INDEX_VERSION + 1);
}

static void older_version(struct buf *b)
{
	put_u16(b->data + HEADER_OFF_VERSION, INDEX_VERSION - 1);
}

static void version_zero(struct buf *b)
{
	put_u16(b->data + HEADER_OFF_VERSION, 0);
}

static void header_size_wrong(struct buf *b)
{
	put_u16(b->data + HEADER_OFF_HEADER_SIZE, INDEX_HEADER_SIZE + SECTION_DESCRIPTOR_SIZE);
}

static void file_size_beyond_file(struct buf *b)
{
	image_set_u32(b, HEADER_OFF_FILE_SIZE, (uint32_t)b->length + 1);
}

static void file_size_short_of_file(struct buf *b)
{
	image_set_u32(b, HEADER_OFF_FILE_SIZE, (uint32_t)b->length - 1);
}

static void unknown_flag(struct buf *b)
{
	image_set_u32(b, HEADER_OFF_FLAGS, image_u32(b, HEADER_OFF_FLAGS) | 0x80000000u);
}

static void slot_width_three(struct buf *b)
{
	b->data[HEADER_OFF_SLOT_WIDTH] = 3;
}

static void slot_width_zero(struct buf *b)
{
	b->data[HEADER_OFF_SLOT_WIDTH] = 0;
}

static void reserved_byte_set(struct buf *b)
{
	b->data[HEADER_OFF_SECTIONS - 1] = 1;
}

/* --- open damages: section bounds ----------------------------------- */

static void section_starts_past_end(struct buf *b)
{
	image_set_section(b, SECTION_RECORDS, (uint32_t)b->length + 4,
			  image_section_count(b, SECTION_RECORDS));
}

static void empty_section_starts_past_end(struct buf *b)
{
	ck_assert_uint_eq(image_section_count(b, SECTION_DESCRIPTIONS), 0);
	image_set_section(b, SECTION_DESCRIPTIONS, (uint32_t)b->length + 4, 0);
}

static void section_offset_near_4_gib(struct buf *b)
{
	image_set_section(b, SECTION_RECORDS, 0xfffffffcu, image_section_count(b, SECTION_RECORDS));
}

static void section_count_past_end(struct buf *b)
{
	image_set_section(b, SECTION_ENTRIES, image_section_offset(b, SECTION_ENTRIES),
			  image_section_count(b, SECTION_ENTRIES) + (uint32_t)b->length);
}

/* offset + count wraps to 0 in 32-bit arithmetic. */
static void section_end_wraps_at_4_gib(struct buf *b)
{
	uint32_t offset = image_section_offset(b, SECTION_META);
	image_set_section(b, SECTION_META, offset, 0u - offset);
}

/* count * the element size (the slot width) wraps to 0 in 32-bit
 * arithmetic. */
static void section_bytes_wrap_at_4_gib(struct buf *b)
{
	image_set_section(b, SECTION_ENTRIES, image_section_offset(b, SECTION_ENTRIES),
			  (uint32_t)(0x100000000ull / image_slot_width(b)));
}

/* META a byte later and a byte shorter: it still ends where it did, with
 * its NUL, overlapping nothing; only its alignment is wrong. */
static void section_misaligned(struct buf *b)
{
	image_set_section(b, SECTION_META, image_section_offset(b, SECTION_META) + 1,
			  image_section_count(b, SECTION_META) - 1);
}

static void section_inside_header(struct buf *b)
{
	image_set_section(b, SECTION_PROTOCOLS, 0, image_section_count(b, SECTION_PROTOCOLS));
}

static void sections_overlap(struct buf *b)
{
	image_set_section(b, SECTION_ENTRIES, image_section_offset(b, SECTION_RECORDS),
			  image_section_count(b, SECTION_ENTRIES));
}

static void sections_out_of_order(struct buf *b)
{
	uint32_t records = image_section_offset(b, SECTION_RECORDS);
	uint32_t entries = image_section_offset(b, SECTION_ENTRIES);
	image_set_section(b, SECTION_RECORDS, entries, image_section_count(b, SECTION_RECORDS));
	image_set_section(b, SECTION_ENTRIES, records, image_section_count(b, SECTION_ENTRIES));
}

/* --- open damages: strings and limits -------------------------------- */

static void strings_unterminated(struct buf *b)
{
	*image_element(b, SECTION_STRINGS, 1, string_count(b) - 1) = 'x';
}

static void strings_start_without_nul(struct buf *b)
{
	*image_element(b, SECTION_STRINGS, 1, 0) = 'x';
}

static void strings_empty(struct buf *b)
{
	image_resize_section(b, SECTION_STRINGS, 1, 0);
}

static void meta_unterminated(struct buf *b)
{
	*image_element(b, SECTION_META, 1, image_section_count(b, SECTION_META) - 1) = 'x';
}

static void too_many_protocols(struct buf *b)
{
	image_resize_section(b, SECTION_PROTOCOLS, PROTOCOL_SIZE, INDEX_MAX_PROTOCOLS + 1);
}

static void too_many_ranges(struct buf *b)
{
	image_resize_section(b, SECTION_RANGES, RANGE_SIZE, INDEX_MAX_RANGES + 1);
}

static void no_name_slots(struct buf *b)
{
	image_resize_section(b, SECTION_NAME_SLOTS, GROUP_SIZE(image_slot_width(b)), 0);
}

static void no_port_slots(struct buf *b)
{
	image_resize_section(b, SECTION_PORT_SLOTS, GROUP_SIZE(image_slot_width(b)), 0);
}

static void descriptions_missing_one(struct buf *b)
{
	image_resize_section(b, SECTION_DESCRIPTIONS, DESCRIPTION_SIZE,
			     image_section_count(b, SECTION_DESCRIPTIONS) - 1);
}

static void descriptions_without_flag(struct buf *b)
{
	image_set_u32(b, HEADER_OFF_FLAGS, image_u32(b, HEADER_OFF_FLAGS) & ~INDEX_FLAG_DESCRIPTIONS);
}

static void flag_without_descriptions(struct buf *b)
{
	image_set_u32(b, HEADER_OFF_FLAGS, image_u32(b, HEADER_OFF_FLAGS) | INDEX_FLAG_DESCRIPTIONS);
}

const struct open_damage open_damages[] = {
	{ "truncated to nothing", false, truncate_to_nothing, INDEX_NOT_INDEX, EINVAL },
	{ "truncated inside the magic", false, truncate_inside_magic, INDEX_NOT_INDEX, EINVAL },
	{ "truncated after the magic", false, truncate_after_magic, INDEX_CORRUPT, EINVAL },
	{ "truncated inside the header", false, truncate_inside_header, INDEX_CORRUPT, EINVAL },
	{ "truncated a byte short of the header", false, truncate_header_short_by_one, INDEX_CORRUPT, EINVAL },
	{ "truncated after the header", false, truncate_after_header, INDEX_CORRUPT, EINVAL },
	{ "truncated inside RECORDS", false, truncate_inside_records, INDEX_CORRUPT, EINVAL },
	{ "truncated inside RECORDS, file_size agreeing", false,
	  truncate_inside_records_claiming_new_size, INDEX_CORRUPT, EINVAL },
	{ "last byte cut, file_size agreeing", true, truncate_last_byte_claiming_new_size,
	  INDEX_CORRUPT, EINVAL },
	{ "wrong magic", false, wrong_magic, INDEX_NOT_INDEX, EINVAL },
	{ "newer format version", false, newer_version, INDEX_BAD_VERSION, EPROTONOSUPPORT },
	{ "older format version", false, older_version, INDEX_BAD_VERSION, EPROTONOSUPPORT },
	{ "format version 0", false, version_zero, INDEX_BAD_VERSION, EPROTONOSUPPORT },
	{ "wrong header size", false, header_size_wrong, INDEX_CORRUPT, EINVAL },
	{ "file_size beyond the file", false, file_size_beyond_file, INDEX_CORRUPT, EINVAL },
	{ "file_size short of the file", false, file_size_short_of_file, INDEX_CORRUPT, EINVAL },
	{ "unknown flag", false, unknown_flag, INDEX_CORRUPT, EINVAL },
	{ "slot width 3", false, slot_width_three, INDEX_CORRUPT, EINVAL },
	{ "slot width 0", false, slot_width_zero, INDEX_CORRUPT, EINVAL },
	{ "reserved header byte set", false, reserved_byte_set, INDEX_CORRUPT, EINVAL },
	{ "section starting past the end", false, section_starts_past_end, INDEX_CORRUPT, EINVAL },
	{ "empty section starting past the end", false, empty_section_starts_past_end, INDEX_CORRUPT, EINVAL },
	{ "section offset near 4 GiB", false, section_offset_near_4_gib, INDEX_CORRUPT, EINVAL },
	{ "section count past the end", false, section_count_past_end, INDEX_CORRUPT, EINVAL },
	{ "section end wrapping at 4 GiB", false, section_end_wraps_at_4_gib, INDEX_CORRUPT, EINVAL },
	{ "section byte length wrapping at 4 GiB", false, section_bytes_wrap_at_4_gib, INDEX_CORRUPT, EINVAL },
	{ "misaligned section", false, section_misaligned, INDEX_CORRUPT, EINVAL },
	{ "section inside the header", false, section_inside_header, INDEX_CORRUPT, EINVAL },
	{ "overlapping sections", false, sections_overlap, INDEX_CORRUPT, EINVAL },
	{ "sections out of order", false, sections_out_of_order, INDEX_CORRUPT, EINVAL },
	{ "string pool without final NUL", true, strings_unterminated, INDEX_CORRUPT, EINVAL },
	{ "string pool without leading NUL", true, strings_start_without_nul, INDEX_CORRUPT, EINVAL },
	{ "empty string pool", false, strings_empty, INDEX_CORRUPT, EINVAL },
	{ "META without final NUL", false, meta_unterminated, INDEX_CORRUPT, EINVAL },
	{ "256 protocols", false, too_many_protocols, INDEX_CORRUPT, EINVAL },
	{ "1025 port ranges", false, too_many_ranges, INDEX_CORRUPT, EINVAL },
	{ "no name slots", false, no_name_slots, INDEX_CORRUPT, EINVAL },
	{ "no port slots", false, no_port_slots, INDEX_CORRUPT, EINVAL },
	{ "one description missing", true, descriptions_missing_one, INDEX_CORRUPT, EINVAL },
	{ "descriptions without their flag", true, descriptions_without_flag, INDEX_CORRUPT, EINVAL },
	{ "descriptions flag without descriptions", false, flag_without_descriptions, INDEX_CORRUPT, EINVAL },
};
const size_t open_damage_count = sizeof(open_damages) / sizeof(open_damages[0]);

/* --- lookup damages: hash tables --------------------------------------- */

/* Every used slot (or every slot) of a table made to hold ref, keeping
 * its tag (or giving it the tag 1). */
static void fill_slots(struct buf *b, enum index_section s, uint32_t ref, bool used_only)
{
	for (uint32_t i = 0; i < image_slot_count(b, s); i++) {
		uint8_t tag = *image_slot_tag(b, s, i);
		if (used_only && tag == 0)
			continue;
		image_set_slot(b, s, i, tag ? tag : 1, ref);
	}
}

/* A reference past the end of RECORDS. */
static uint32_t past_the_records(const struct buf *b)
{
	return image_section_count(b, SECTION_RECORDS) / RECORD_ALIGN + 1;
}

static void name_slots_past_records(struct buf *b)
{
	fill_slots(b, SECTION_NAME_SLOTS, past_the_records(b), true);
}

static void port_slots_past_records(struct buf *b)
{
	fill_slots(b, SECTION_PORT_SLOTS, past_the_records(b), true);
}

/* Every slot taken by the first record: a probe for anything else finds no
 * empty slot to stop at. */
static void name_table_without_empty_slot(struct buf *b)
{
	fill_slots(b, SECTION_NAME_SLOTS, 0, false);
}

static void port_table_without_empty_slot(struct buf *b)
{
	fill_slots(b, SECTION_PORT_SLOTS, 0, false);
}

/* --- lookup damages: records ----------------------------------------- */

/* sctp-only/sctp's is the last record: a name as long as a length byte
 * allows runs past the end of RECORDS. */
static void name_running_past_the_records(struct buf *b)
{
	record_of(b, "sctp-only/sctp")[RECORD_OFF_NAME_LENGTH] = INDEX_MAX_NAME;
}

static void name_of_length_zero(struct buf *b)
{
	record_of(b, "http/tcp")[RECORD_OFF_NAME_LENGTH] = 0;
}

static void name_without_its_nul(struct buf *b)
{
	uint8_t *r = record_of(b, "http/tcp");
	r[RECORD_OFF_NAME + r[RECORD_OFF_NAME_LENGTH]] = 'x';
}

/* One more protocol than the index has. */
static void record_protocol_unknown(struct buf *b)
{
	*image_record_protocols(b, image_record_ref(b, "http/tcp")) =
		(uint8_t)image_section_count(b, SECTION_PROTOCOLS);
}

static void record_shape_unknown(struct buf *b)
{
	record_of(b, "x11/tcp")[RECORD_OFF_SHAPE] |= 0x80;
}

/* xsingle/tcp's record is followed by zeros: as a range, it would end on
 * port 0, before it starts. */
static void range_flag_without_a_range(struct buf *b)
{
	record_of(b, "xsingle/tcp")[RECORD_OFF_SHAPE] |= RECORD_IS_RANGE;
}

static void range_ending_before_start(struct buf *b)
{
	uint32_t x11 = image_record_ref(b, "x11/tcp");
	put_u16(image_record_tail(b, x11), (uint16_t)(get_u16(image_record(b, x11) + RECORD_OFF_PORT) - 1));
}

/* echo/tcp and echo/udp share a record, followed by zeros: as the count
 * of aliases it would claim to have, one of 0. */
static void alias_flag_without_aliases(struct buf *b)
{
	record_of(b, "echo/tcp")[RECORD_OFF_SHAPE] |= RECORD_HAS_ALIASES;
}

/* http/tcp's record: its one alias, www. */
static uint8_t *alias_count_of_http(struct buf *b)
{
	return image_record_tail(b, image_record_ref(b, "http/tcp"));
}

static void aliases_past_the_limit(struct buf *b)
{
	*alias_count_of_http(b) = INDEX_MAX_ALIASES + 1;
}

/* Counted as 16: the 15 after www are read from the records that follow,
 * until one does not parse as an alias or RECORDS ends. */
static void alias_count_past_the_record(struct buf *b)
{
	*alias_count_of_http(b) = INDEX_MAX_ALIASES;
}

static void alias_of_length_zero(struct buf *b)
{
	alias_count_of_http(b)[1] = 0;
}

static void alias_without_its_nul(struct buf *b)
{
	uint8_t *count = alias_count_of_http(b);
	count[2 + count[1]] = 'x';
}

/* sctp, the last protocol of the fixture, only sctp-only/sctp has. */
static uint8_t *sctp_protocol(struct buf *b)
{
	uint8_t id = *image_record_protocols(b, image_record_ref(b, "sctp-only/sctp"));
	return image_element(b, SECTION_PROTOCOLS, PROTOCOL_SIZE, id);
}

static void protocol_longer_than_the_limit(struct buf *b)
{
	sctp_protocol(b)[PROTOCOL_OFF_LENGTH] = INDEX_MAX_PROTOCOL_NAME + 1;
}

static void protocol_without_its_nul(struct buf *b)
{
	uint8_t *p = sctp_protocol(b);
	p[PROTOCOL_OFF_NAME + p[PROTOCOL_OFF_LENGTH]] = 'x';
}

/* --- lookup damages: what only enumeration reads ----------------------- */

/* The entry after echo's two claims echo's record too: a third entry of
 * a record with two protocols. */
static void entries_claiming_a_protocol_too_many(struct buf *b)
{
	image_set_entry_record(b, fixture_entry(b, "discard/dccp"), image_record_ref(b, "echo/tcp"));
}

static void entry_past_the_records(struct buf *b)
{
	image_set_entry_record(b, fixture_entry(b, "xsingle/tcp"), past_the_records(b));
}

static void range_past_the_records(struct buf *b)
{
	put_u32(image_element(b, SECTION_RANGES, RANGE_SIZE, 0) + RANGE_OFF_RECORD, past_the_records(b));
}

const struct lookup_damage lookup_damages[] = {
	{ "name slots pointing past the records", name_slots_past_records,
	  { "http", 0, "tcp" }, { NULL, 80, "tcp" }, NULL, false },
	{ "port slots pointing past the records", port_slots_past_records,
	  { NULL, 80, "tcp" }, { "http", 0, "tcp" }, NULL, false },
	{ "name table without an empty slot", name_table_without_empty_slot,
	  { "no-such-service", 0, NULL }, { NULL, 80, "tcp" }, NULL, false },
	{ "port table without an empty slot", port_table_without_empty_slot,
	  { NULL, 4242, "tcp" }, { "http", 0, "tcp" }, NULL, false },
	{ "name running past the records", name_running_past_the_records,
	  { "sctp-only", 0, NULL }, { "http", 0, "tcp" }, "sctp-only/sctp", false },
	{ "name of length 0", name_of_length_zero,
	  { NULL, 80, "tcp" }, { "echo", 0, "udp" }, "http/tcp", false },
	{ "name without its NUL", name_without_its_nul,
	  { NULL, 80, "tcp" }, { "http", 0, "udp" }, "http/tcp", false },
	{ "record with an unknown protocol", record_protocol_unknown,
	  { "http", 0, NULL }, { "http", 0, "udp" }, "http/tcp", false },
	{ "record with an unknown shape bit", record_shape_unknown,
	  { "x11", 0, "tcp" }, { "xsingle", 0, "tcp" }, "x11/tcp", false },
	{ "range flag without a range", range_flag_without_a_range,
	  { "xsingle", 0, NULL }, { "x11", 0, "tcp" }, "xsingle/tcp", false },
	{ "range ending before it starts", range_ending_before_start,
	  { "x11", 0, "udp" }, { "xsingle", 0, "tcp" }, "x11/tcp", false },
	{ "alias flag without aliases", alias_flag_without_aliases,
	  { "echo", 0, "udp" }, { "discard", 0, NULL }, "echo/tcp", false },
	{ "17 aliases on one record", aliases_past_the_limit,
	  { "www", 0, NULL }, { "http", 0, "udp" }, "http/tcp", false },
	{ "alias count running past the record", alias_count_past_the_record,
	  { "http", 0, "tcp" }, { "http", 0, "udp" }, "http/tcp", false },
	{ "alias of length 0", alias_of_length_zero,
	  { "www", 0, "tcp" }, { "http", 0, "udp" }, "http/tcp", false },
	{ "alias without its NUL", alias_without_its_nul,
	  { "www", 0, NULL }, { "http", 0, "udp" }, "http/tcp", false },
	{ "protocol name longer than 32 bytes", protocol_longer_than_the_limit,
	  { "sctp-only", 0, NULL }, { "http", 0, "tcp" }, "sctp-only/sctp", false },
	{ "protocol name without its NUL", protocol_without_its_nul,
	  { NULL, 9900, NULL }, { "http", 0, "tcp" }, "sctp-only/sctp", false },
	{ "entry claiming a protocol its record lacks", entries_claiming_a_protocol_too_many,
	  { NULL, 0, NULL }, { "http", 0, "tcp" }, "discard/dccp", true },
	{ "entry past the records", entry_past_the_records,
	  { NULL, 0, NULL }, { "http", 0, "tcp" }, "xsingle/tcp", true },
	{ "range past the records", range_past_the_records,
	  { NULL, 6005, "udp" }, { "x11", 0, "udp" }, NULL, false },
};
const size_t lookup_damage_count = sizeof(lookup_damages) / sizeof(lookup_damages[0]);
