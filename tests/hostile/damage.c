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

static uint8_t *entry_of(struct buf *b, const char *name_and_proto)
{
	return image_element(b, SECTION_ENTRIES, ENTRY_SIZE, fixture_entry(b, name_and_proto));
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

static void truncate_inside_entries(struct buf *b)
{
	image_truncate(b, image_section_offset(b, SECTION_ENTRIES) + ENTRY_SIZE / 2);
}

/* The dangerous truncation: the header agrees with the new size, so only
 * the section bounds can tell. */
static void truncate_inside_entries_claiming_new_size(struct buf *b)
{
	truncate_inside_entries(b);
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
	image_set_section(b, SECTION_ENTRIES, (uint32_t)b->length + 4,
			  image_section_count(b, SECTION_ENTRIES));
}

static void empty_section_starts_past_end(struct buf *b)
{
	ck_assert_uint_eq(image_section_count(b, SECTION_DESCRIPTIONS), 0);
	image_set_section(b, SECTION_DESCRIPTIONS, (uint32_t)b->length + 4, 0);
}

static void section_offset_near_4_gib(struct buf *b)
{
	image_set_section(b, SECTION_ENTRIES, 0xfffffffcu, image_section_count(b, SECTION_ENTRIES));
}

static void section_count_past_end(struct buf *b)
{
	uint32_t count = image_section_count(b, SECTION_ENTRIES);
	image_set_section(b, SECTION_ENTRIES, image_section_offset(b, SECTION_ENTRIES),
			  count + (uint32_t)(b->length / ENTRY_SIZE));
}

/* offset + count wraps to 0 in 32-bit arithmetic. */
static void section_end_wraps_at_4_gib(struct buf *b)
{
	uint32_t offset = image_section_offset(b, SECTION_META);
	image_set_section(b, SECTION_META, offset, 0u - offset);
}

/* count * ENTRY_SIZE wraps to 0 in 32-bit arithmetic. */
static void section_bytes_wrap_at_4_gib(struct buf *b)
{
	image_set_section(b, SECTION_ENTRIES, image_section_offset(b, SECTION_ENTRIES),
			  (uint32_t)(0x100000000ull / ENTRY_SIZE));
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
	image_set_section(b, SECTION_STRINGS, 0, image_section_count(b, SECTION_STRINGS));
}

static void sections_overlap(struct buf *b)
{
	image_set_section(b, SECTION_ALIASES, image_section_offset(b, SECTION_ENTRIES),
			  image_section_count(b, SECTION_ALIASES));
}

static void sections_out_of_order(struct buf *b)
{
	uint32_t entries = image_section_offset(b, SECTION_ENTRIES);
	uint32_t aliases = image_section_offset(b, SECTION_ALIASES);
	image_set_section(b, SECTION_ENTRIES, aliases, image_section_count(b, SECTION_ENTRIES));
	image_set_section(b, SECTION_ALIASES, entries, image_section_count(b, SECTION_ALIASES));
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

/* 2-byte slots hold entry + 1, so at most 65534 entries. */
static void too_many_entries_for_narrow_slots(struct buf *b)
{
	ck_assert_uint_eq(image_slot_width(b), 2);
	image_resize_section(b, SECTION_ENTRIES, ENTRY_SIZE, UINT16_MAX);
}

static void no_name_slots(struct buf *b)
{
	image_resize_section(b, SECTION_NAME_SLOTS, SLOT_SIZE(image_slot_width(b)), 0);
}

static void no_port_slots(struct buf *b)
{
	image_resize_section(b, SECTION_PORT_SLOTS, SLOT_SIZE(image_slot_width(b)), 0);
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
	{ "truncated inside ENTRIES", false, truncate_inside_entries, INDEX_CORRUPT, EINVAL },
	{ "truncated inside ENTRIES, file_size agreeing", false,
	  truncate_inside_entries_claiming_new_size, INDEX_CORRUPT, EINVAL },
	{ "last byte cut, file_size agreeing", true, truncate_last_byte_claiming_new_size,
	  INDEX_CORRUPT, EINVAL },
	{ "wrong magic", false, wrong_magic, INDEX_NOT_INDEX, EINVAL },
	{ "newer format version", false, newer_version, INDEX_BAD_VERSION, EPROTONOSUPPORT },
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
	{ "string pool without final NUL", false, strings_unterminated, INDEX_CORRUPT, EINVAL },
	{ "string pool without leading NUL", false, strings_start_without_nul, INDEX_CORRUPT, EINVAL },
	{ "empty string pool", false, strings_empty, INDEX_CORRUPT, EINVAL },
	{ "META without final NUL", false, meta_unterminated, INDEX_CORRUPT, EINVAL },
	{ "256 protocols", false, too_many_protocols, INDEX_CORRUPT, EINVAL },
	{ "1025 port ranges", false, too_many_ranges, INDEX_CORRUPT, EINVAL },
	{ "65535 entries with 2-byte slots", false, too_many_entries_for_narrow_slots, INDEX_CORRUPT, EINVAL },
	{ "no name slots", false, no_name_slots, INDEX_CORRUPT, EINVAL },
	{ "no port slots", false, no_port_slots, INDEX_CORRUPT, EINVAL },
	{ "one description missing", true, descriptions_missing_one, INDEX_CORRUPT, EINVAL },
	{ "descriptions without their flag", true, descriptions_without_flag, INDEX_CORRUPT, EINVAL },
	{ "descriptions flag without descriptions", false, flag_without_descriptions, INDEX_CORRUPT, EINVAL },
};
const size_t open_damage_count = sizeof(open_damages) / sizeof(open_damages[0]);

/* --- lookup damages ----------------------------------------------------- */

static void fill_slots(struct buf *b, enum index_section s, uint32_t value, bool used_only)
{
	unsigned width = image_slot_width(b);
	for (uint32_t i = 0; i < image_section_count(b, s); i++) {
		uint8_t *slot = image_element(b, s, SLOT_SIZE(width), i);
		uint32_t used = width == 2 ? get_u16(slot) : get_u32(slot);
		if (used_only && used == 0)
			continue;
		if (width == 2)
			put_u16(slot, (uint16_t)value);
		else
			put_u32(slot, value);
	}
}

static uint32_t entry_count(const struct buf *b)
{
	return image_section_count(b, SECTION_ENTRIES);
}

static void name_slots_past_entries(struct buf *b)
{
	fill_slots(b, SECTION_NAME_SLOTS, entry_count(b) + 1, true);
}

static void port_slots_past_entries(struct buf *b)
{
	fill_slots(b, SECTION_PORT_SLOTS, entry_count(b) + 1, true);
}

/* Every slot taken by the first entry: a probe for anything else finds no
 * empty slot to stop at. */
static void name_table_without_empty_slot(struct buf *b)
{
	fill_slots(b, SECTION_NAME_SLOTS, 1, false);
}

static void port_table_without_empty_slot(struct buf *b)
{
	fill_slots(b, SECTION_PORT_SLOTS, 1, false);
}

static void entry_name_outside_strings(struct buf *b)
{
	put_u32(entry_of(b, "http/tcp") + ENTRY_OFF_NAME, string_count(b));
}

static void entry_protocol_unknown(struct buf *b)
{
	entry_of(b, "http/tcp")[ENTRY_OFF_PROTO] = (uint8_t)image_section_count(b, SECTION_PROTOCOLS);
}

static void entry_flag_unknown(struct buf *b)
{
	entry_of(b, "x11/tcp")[ENTRY_OFF_FLAGS] |= 0x80;
}

static void alias_flag_without_aliases(struct buf *b)
{
	entry_of(b, "echo/tcp")[ENTRY_OFF_FLAGS] |= ENTRY_HAS_ALIASES;
}

static void range_flag_without_range(struct buf *b)
{
	entry_of(b, "echo/udp")[ENTRY_OFF_FLAGS] |= ENTRY_IS_RANGE;
}

static void range_ending_before_start(struct buf *b)
{
	uint32_t x11 = fixture_entry(b, "x11/tcp");
	uint8_t *range = image_element(b, SECTION_RANGES, RANGE_SIZE, 0);
	ck_assert_uint_eq(get_u32(range), x11);
	put_u16(range + 4, (uint16_t)(get_u16(entry_of(b, "x11/tcp") + ENTRY_OFF_PORT) - 1));
}

/* The alias of http/tcp (www) is the last alias of the fixture. */
static uint8_t *alias_of_http(struct buf *b)
{
	uint8_t *alias = image_element(b, SECTION_ALIASES, ALIAS_SIZE,
				       image_section_count(b, SECTION_ALIASES) - 1);
	ck_assert_uint_eq(get_u32(alias), fixture_entry(b, "http/tcp"));
	return alias;
}

static void alias_name_outside_strings(struct buf *b)
{
	put_u32(alias_of_http(b) + 4, string_count(b) + 100);
}

static void alias_of_missing_entry(struct buf *b)
{
	put_u32(alias_of_http(b), entry_count(b) + 5);
}

static void aliases_out_of_order(struct buf *b)
{
	uint32_t count = image_section_count(b, SECTION_ALIASES);
	for (uint32_t i = 0; i < count / 2; i++) {
		uint8_t swap[ALIAS_SIZE];
		uint8_t *low = image_element(b, SECTION_ALIASES, ALIAS_SIZE, i);
		uint8_t *high = image_element(b, SECTION_ALIASES, ALIAS_SIZE, count - 1 - i);
		memcpy(swap, low, ALIAS_SIZE);
		memcpy(low, high, ALIAS_SIZE);
		memcpy(high, swap, ALIAS_SIZE);
	}
}

/* One entry's alias list runs over the whole section: every alias claims
 * whoispp/tcp (still sorted, so the file opens), and http/tcp, flagged as
 * having aliases, has none left. */
static void every_alias_claimed_by_one_entry(struct buf *b)
{
	uint32_t whoispp = fixture_entry(b, "whoispp/tcp");
	for (uint32_t i = 0; i < image_section_count(b, SECTION_ALIASES); i++)
		put_u32(image_element(b, SECTION_ALIASES, ALIAS_SIZE, i), whoispp);
}

/* Appends to the pool a string of length bytes; returns its offset. */
static uint32_t add_string_of_length(struct buf *b, size_t length)
{
	uint32_t offset = string_count(b);
	image_resize_section(b, SECTION_STRINGS, 1, offset + (uint32_t)length + 1);
	memset(image_element(b, SECTION_STRINGS, 1, offset), 'x', length);
	return offset;
}

static void name_longer_than_the_limit(struct buf *b)
{
	uint32_t name = add_string_of_length(b, INDEX_MAX_NAME + 1);
	put_u32(entry_of(b, "http/tcp") + ENTRY_OFF_NAME, name);
}

static void alias_longer_than_the_limit(struct buf *b)
{
	uint32_t name = add_string_of_length(b, INDEX_MAX_NAME + 1);
	put_u32(alias_of_http(b) + 4, name);
}

/* sctp, the last protocol of the fixture, only sctp-only/sctp has. */
static void protocol_longer_than_the_limit(struct buf *b)
{
	uint32_t name = add_string_of_length(b, INDEX_MAX_PROTOCOL_NAME + 1);
	uint32_t sctp = entry_of(b, "sctp-only/sctp")[ENTRY_OFF_PROTO];
	put_u32(image_element(b, SECTION_PROTOCOLS, PROTOCOL_SIZE, sctp), name);
}

/* http/tcp's alias www, the last of the table, repeated past the limit. */
static void aliases_past_the_limit(struct buf *b)
{
	uint32_t count = image_section_count(b, SECTION_ALIASES);
	uint8_t www[ALIAS_SIZE];
	memcpy(www, alias_of_http(b), ALIAS_SIZE);
	image_resize_section(b, SECTION_ALIASES, ALIAS_SIZE, count + INDEX_MAX_ALIASES);
	for (uint32_t i = count; i < count + INDEX_MAX_ALIASES; i++)
		memcpy(image_element(b, SECTION_ALIASES, ALIAS_SIZE, i), www, ALIAS_SIZE);
}

const struct lookup_damage lookup_damages[] = {
	{ "name slots pointing past the entries", name_slots_past_entries,
	  { "http", 0, "tcp" }, { NULL, 80, "tcp" }, NULL },
	{ "port slots pointing past the entries", port_slots_past_entries,
	  { NULL, 80, "tcp" }, { "http", 0, "tcp" }, NULL },
	{ "name table without an empty slot", name_table_without_empty_slot,
	  { "no-such-service", 0, NULL }, { NULL, 80, "tcp" }, NULL },
	{ "port table without an empty slot", port_table_without_empty_slot,
	  { NULL, 4242, "tcp" }, { "http", 0, "tcp" }, NULL },
	{ "entry name outside the string pool", entry_name_outside_strings,
	  { NULL, 80, "tcp" }, { "http", 0, "udp" }, "http/tcp" },
	{ "entry with an unknown protocol", entry_protocol_unknown,
	  { "http", 0, NULL }, { "http", 0, "udp" }, "http/tcp" },
	{ "entry with an unknown flag", entry_flag_unknown,
	  { "x11", 0, "tcp" }, { "x11", 0, "udp" }, "x11/tcp" },
	{ "alias flag without aliases", alias_flag_without_aliases,
	  { "echo", 0, "tcp" }, { "echo", 0, "udp" }, "echo/tcp" },
	{ "range flag without a range", range_flag_without_range,
	  { NULL, 7, "udp" }, { NULL, 7, "tcp" }, "echo/udp" },
	{ "range ending before it starts", range_ending_before_start,
	  { "x11", 0, "tcp" }, { "x11", 0, "udp" }, "x11/tcp" },
	{ "alias name outside the string pool", alias_name_outside_strings,
	  { "http", 0, "tcp" }, { "http", 0, "udp" }, "http/tcp" },
	{ "alias of an entry past the end", alias_of_missing_entry,
	  { "www", 0, NULL }, { NULL, 7, "tcp" }, "http/tcp" },
	{ "aliases out of order", aliases_out_of_order,
	  { "whoispp", 0, "tcp" }, { NULL, 7, "tcp" }, "whoispp/tcp" },
	{ "every alias claimed by one entry", every_alias_claimed_by_one_entry,
	  { "www", 0, "tcp" }, { NULL, 7, "tcp" }, "http/tcp" },
	{ "name longer than 255 bytes", name_longer_than_the_limit,
	  { NULL, 80, "tcp" }, { "http", 0, "udp" }, "http/tcp" },
	{ "alias longer than 255 bytes", alias_longer_than_the_limit,
	  { "http", 0, "tcp" }, { "http", 0, "udp" }, "http/tcp" },
	{ "protocol name longer than 32 bytes", protocol_longer_than_the_limit,
	  { "sctp-only", 0, NULL }, { "http", 0, "tcp" }, "sctp-only/sctp" },
	{ "17 aliases on one entry", aliases_past_the_limit,
	  { "www", 0, NULL }, { "http", 0, "udp" }, "http/tcp" },
};
const size_t lookup_damage_count = sizeof(lookup_damages) / sizeof(lookup_damages[0]);
