/*
 * The index reader.  index_open() owns the checks of the header and of the
 * section bounds; the element accessors below own every other offset.
 * Nothing else does arithmetic on the mapped bytes.
 */
#include "index_reader.h"

#include <string.h>

#include "bytes.h"

#define ANY_PROTOCOL UINT32_MAX

static const uint8_t *section_data(const struct index *ix, enum index_section s)
{
	return ix->base + ix->private_sections[s].offset;
}

static uint32_t section_count(const struct index *ix, enum index_section s)
{
	return ix->private_sections[s].count;
}

const char *index_status_text(enum index_status status)
{
	switch (status) {
	case INDEX_OK:
		return "sound";
	case INDEX_NOT_INDEX:
		return "not a services index (bad magic)";
	case INDEX_BAD_VERSION:
		return "unsupported index format version";
	case INDEX_CORRUPT:
		return "index is corrupt or truncated";
	}
	return "unknown index status";
}

/* --- opening -------------------------------------------------------------- */

static bool header_is_sane(const struct index *ix)
{
	const uint8_t *h = ix->base;
	if (get_u16(h + HEADER_OFF_HEADER_SIZE) != INDEX_HEADER_SIZE)
		return false;
	if (get_u32(h + HEADER_OFF_FILE_SIZE) != ix->size)
		return false;
	if (ix->flags & ~INDEX_KNOWN_FLAGS)
		return false;
	if (ix->slot_width != 2 && ix->slot_width != 4)
		return false;
	for (unsigned off = HEADER_OFF_SLOT_WIDTH + 1; off < HEADER_OFF_SECTIONS; off++)
		if (h[off] != 0)
			return false;
	return true;
}

/* Sections must lie inside the file, in order, without overlapping. */
static bool load_sections(struct index *ix)
{
	uint64_t previous_end = INDEX_HEADER_SIZE;
	for (unsigned s = 0; s < SECTION_COUNT; s++) {
		const uint8_t *d = ix->base + HEADER_OFF_SECTIONS + (size_t)s * SECTION_DESCRIPTOR_SIZE;
		uint64_t offset = get_u32(d);
		uint64_t count = get_u32(d + 4);
		/* cannot overflow: both factors are below 2^32 */
		uint64_t bytes = count * index_element_size((enum index_section)s, ix->slot_width);
		if (offset % 4 != 0 || offset < previous_end || offset > ix->size ||
		    bytes > ix->size - offset)
			return false;
		ix->private_sections[s].offset = (uint32_t)offset;
		ix->private_sections[s].count = (uint32_t)count;
		previous_end = offset + bytes;
	}
	return true;
}

static bool sections_are_consistent(const struct index *ix)
{
	const uint8_t *strings = section_data(ix, SECTION_STRINGS);
	const uint8_t *meta = section_data(ix, SECTION_META);
	uint32_t string_bytes = section_count(ix, SECTION_STRINGS);
	uint32_t meta_bytes = section_count(ix, SECTION_META);
	uint32_t entries = section_count(ix, SECTION_ENTRIES);
	uint32_t descriptions = (ix->flags & INDEX_FLAG_DESCRIPTIONS) ? entries : 0;

	/* The pool starts with the empty string and ends with a NUL.  Strings
	 * are still measured where they are read, up to the pool's end: the
	 * file may change after this check. */
	if (string_bytes == 0 || strings[0] != '\0' || strings[string_bytes - 1] != '\0')
		return false;
	if (meta_bytes > 0 && meta[meta_bytes - 1] != '\0')
		return false;
	return section_count(ix, SECTION_PROTOCOLS) <= INDEX_MAX_PROTOCOLS &&
	       section_count(ix, SECTION_RANGES) <= INDEX_MAX_RANGES &&
	       section_count(ix, SECTION_NAME_SLOTS) > 0 &&
	       section_count(ix, SECTION_PORT_SLOTS) > 0 &&
	       section_count(ix, SECTION_DESCRIPTIONS) == descriptions;
}

enum index_status index_open(struct index *ix, const void *base, size_t size)
{
	memset(ix, 0, sizeof(*ix));
	ix->base = base;
	/* Larger files are refused below. */
	ix->size = size <= INDEX_MAX_FILE_SIZE ? (uint32_t)size : 0;
	if (base == NULL || size < INDEX_MAGIC_SIZE ||
	    memcmp(base, INDEX_MAGIC, INDEX_MAGIC_SIZE) != 0)
		return INDEX_NOT_INDEX;
	if (size < HEADER_OFF_HEADER_SIZE)
		return INDEX_CORRUPT;
	ix->version = get_u16(ix->base + HEADER_OFF_VERSION);
	if (ix->version != INDEX_VERSION)
		return INDEX_BAD_VERSION;
	if (size < INDEX_HEADER_SIZE || size > INDEX_MAX_FILE_SIZE)
		return INDEX_CORRUPT;
	ix->flags = get_u32(ix->base + HEADER_OFF_FLAGS);
	ix->registry_date = get_u32(ix->base + HEADER_OFF_DATE);
	ix->slot_width = ix->base[HEADER_OFF_SLOT_WIDTH];
	if (!header_is_sane(ix) || !load_sections(ix) || !sections_are_consistent(ix))
		return INDEX_CORRUPT;
	for (uint32_t i = 0; i < INDEX_PROTOCOL_KEYS && i < section_count(ix, SECTION_PROTOCOLS); i++)
		ix->private_protocol_keys[i] = get_u32(section_data(ix, SECTION_PROTOCOLS) +
						       (size_t)i * PROTOCOL_SIZE);
	return INDEX_OK;
}

/* --- elements ------------------------------------------------------------- */

uint32_t index_section_count(const struct index *ix, enum index_section s)
{
	return section_count(ix, s);
}

uint32_t index_entry_count(const struct index *ix)
{
	return section_count(ix, SECTION_ENTRIES);
}

uint32_t index_protocol_count(const struct index *ix)
{
	return section_count(ix, SECTION_PROTOCOLS);
}

size_t index_section_bytes(const struct index *ix, enum index_section s)
{
	return (size_t)section_count(ix, s) * index_element_size(s, ix->slot_width);
}

/* The element at position i of a section, or NULL when out of range. */
static const uint8_t *element(const struct index *ix, enum index_section s, uint32_t i)
{
	if (i >= section_count(ix, s))
		return NULL;
	return section_data(ix, s) + (size_t)i * index_element_size(s, ix->slot_width);
}

/* A slot's record reference, or an ENTRIES element, of the slot width. */
static uint32_t get_ref(const struct index *ix, const uint8_t *p)
{
	return ix->slot_width == 2 ? get_u16(p) : get_u32(p);
}

/* The NUL-terminated string of the pool (STRINGS or META) at offset,
 * measured within it; false when it does not end inside the section. */
static bool pool_string(const struct index *ix, enum index_section s, uint32_t offset,
			struct index_text *out)
{
	uint32_t count = section_count(ix, s);
	if (offset >= count)
		return false;
	out->text = (const char *)section_data(ix, s) + offset;
	out->length = strnlen(out->text, count - offset);
	out->readable = count - offset;
	return out->length < count - offset;
}

/* Whether the bytes a[0..length) equal b[0..length) (length at least
 * one), a word at a time. */
static bool bytes_equal(const unsigned char *a, const unsigned char *b, size_t length)
{
	for (size_t i = 0; i < name_words(length); i++)
		if (name_word(a, length, i) != name_word(b, length, i))
			return false;
	return true;
}

/* A protocol's name: its length (read once) within the format's limit,
 * and the NUL after it. */
bool index_protocol_text(const struct index *ix, uint32_t proto_id, struct index_text *out)
{
	const uint8_t *p = element(ix, SECTION_PROTOCOLS, proto_id);
	if (p == NULL)
		return false;
	size_t length = p[PROTOCOL_OFF_LENGTH];
	if (length == 0 || length > INDEX_MAX_PROTOCOL_NAME || p[PROTOCOL_OFF_NAME + length] != '\0')
		return false;
	out->text = (const char *)p + PROTOCOL_OFF_NAME;
	out->length = length;
	out->readable = INDEX_PROTOCOL_READABLE;
	return true;
}

bool index_protocol_padded(const struct index *ix, uint32_t proto_id)
{
	struct index_text text;
	if (!index_protocol_text(ix, proto_id, &text))
		return false;
	const uint8_t *p = element(ix, SECTION_PROTOCOLS, proto_id);
	for (size_t i = PROTOCOL_OFF_NAME + text.length; i < PROTOCOL_SIZE; i++)
		if (p[i] != 0)
			return false;
	return true;
}

const char *index_protocol(const struct index *ix, uint32_t proto_id)
{
	struct index_text text;
	return index_protocol_text(ix, proto_id, &text) ? text.text : NULL;
}

const char *index_description(const struct index *ix, uint32_t id)
{
	const uint8_t *d = element(ix, SECTION_DESCRIPTIONS, id);
	struct index_text text;
	return d && pool_string(ix, SECTION_STRINGS, get_u32(d), &text) ? text.text : NULL;
}

const char *index_meta_next(const struct index *ix, uint32_t *position)
{
	struct index_text item;
	if (!pool_string(ix, SECTION_META, *position, &item))
		return NULL; /* past the last, or the NUL index_open saw at the end is gone */
	/* The length as measured: the file may have changed since. */
	*position += (uint32_t)item.length + 1;
	return item.text;
}

const char *index_meta(const struct index *ix, const char *key)
{
	size_t key_length = strlen(key);
	uint32_t position = 0;
	const char *item;
	while ((item = index_meta_next(ix, &position)) != NULL)
		if (strncmp(item, key, key_length) == 0 && item[key_length] == '=')
			return item + key_length + 1;
	return NULL;
}

bool index_range(const struct index *ix, uint32_t i, uint16_t *first, uint16_t *last,
		 uint32_t *record)
{
	const uint8_t *r = element(ix, SECTION_RANGES, i);
	if (r == NULL)
		return false;
	*first = get_u16(r + RANGE_OFF_FIRST);
	*last = get_u16(r + RANGE_OFF_LAST);
	*record = get_u32(r + RANGE_OFF_RECORD);
	return true;
}

/* --- hash tables ---------------------------------------------------------- */

static bool is_slot_table(enum index_section table)
{
	return table == SECTION_NAME_SLOTS || table == SECTION_PORT_SLOTS;
}

uint32_t index_slot_count(const struct index *ix, enum index_section table)
{
	/* Below 2^32: a group takes at least 64 bytes of a file of at most
	 * 64 MiB. */
	return is_slot_table(table) ? section_count(ix, table) * SLOT_GROUP : 0;
}

/* The reference slot `lane` of a group of a table holds. */
static uint32_t slot_ref(const struct index *ix, const uint8_t *group, uint32_t lane)
{
	return get_ref(ix, group + GROUP_OFF_REFS + (size_t)lane * ix->slot_width);
}

bool index_slot(const struct index *ix, enum index_section table, uint32_t i,
		struct index_slot *out)
{
	if (!is_slot_table(table))
		return false;
	const uint8_t *group = element(ix, table, i / SLOT_GROUP);
	if (group == NULL)
		return false;
	out->tag = group[GROUP_OFF_TAGS + i % SLOT_GROUP];
	out->ref = slot_ref(ix, group, i % SLOT_GROUP);
	out->name = group[GROUP_OFF_NAMES(ix->slot_width) + i % SLOT_GROUP];
	return true;
}

void index_probe_start(const struct index *ix, enum index_section table, uint32_t hash,
		       struct index_probe *probe)
{
	probe->table = table;
	/* Not a slot table: a walk that ends at once, as on a damaged one. */
	probe->walk = probe_walk_start(hash, is_slot_table(table) ? section_count(ix, table) : 0);
}

/* The lookups' inner loop, inlined into them.  The walk reads only the
 * groups below the table's count (hash.h), which index_open() found
 * inside the section.  The reference found is checked where its
 * record is read.  A walk that runs out without an empty slot was on a
 * damaged table: every run of used slots is shorter than a walk may be,
 * and "absent" would be a guess. */
static inline enum probe_step probe_next(const struct index *ix, struct index_probe *probe,
					 struct index_slot *found)
{
	const uint8_t *table = section_data(ix, probe->table);
	size_t group_size = GROUP_SIZE(ix->slot_width);
	uint32_t slot;
	enum probe_step step = probe_walk_next(&probe->walk, table, group_size, &slot);
	if (step == PROBE_CANDIDATE) {
		const uint8_t *group = table + (size_t)(slot / SLOT_GROUP) * group_size;
		found->tag = probe->walk.tag;
		found->ref = slot_ref(ix, group, slot % SLOT_GROUP);
		found->name = group[GROUP_OFF_NAMES(ix->slot_width) + slot % SLOT_GROUP];
	}
	return step;
}

enum probe_step index_probe_next(const struct index *ix, struct index_probe *probe,
				 struct index_slot *found)
{
	return probe_next(ix, probe, found);
}

/* --- records -------------------------------------------------------------- */

/*
 * A record's head as read once: the fixed fields, and where the parts
 * after the name lie.  Everything up to the end of its protocols is inside
 * RECORDS; what follows is checked where it is read.
 */
struct record {
	const uint8_t *at;       /* its first byte */
	uint32_t offset;         /* of at, in RECORDS */
	uint32_t room;           /* bytes from at to the end of RECORDS */
	uint16_t port;
	uint8_t name_length;
	uint8_t shape;
	uint8_t protocols;       /* how many */
	uint32_t tail;           /* offset from at of what follows the protocols */
};

static inline bool record_at(const struct index *ix, uint32_t ref, struct record *r)
{
	uint32_t bytes = section_count(ix, SECTION_RECORDS);
	uint64_t offset = (uint64_t)ref * RECORD_ALIGN;
	if (offset + RECORD_HEAD_SIZE > bytes)
		return false;
	const uint8_t *at = section_data(ix, SECTION_RECORDS) + offset;
	r->at = at;
	r->offset = (uint32_t)offset;
	r->room = bytes - (uint32_t)offset;
	r->port = get_u16(at + RECORD_OFF_PORT);
	r->name_length = at[RECORD_OFF_NAME_LENGTH];
	r->shape = at[RECORD_OFF_SHAPE];
	r->protocols = (uint8_t)((r->shape & RECORD_PROTOCOL_COUNT_MASK) + 1);
	r->tail = RECORD_OFF_NAME + r->name_length + 1u + r->protocols;
	return r->name_length > 0 && (r->shape & ~RECORD_KNOWN_SHAPE) == 0 && r->tail <= r->room;
}

static const uint8_t *record_protocols(const struct record *r)
{
	return r->at + RECORD_OFF_NAME + r->name_length + 1;
}

/* Which of the record's protocols is want (its first for ANY_PROTOCOL), or
 * the protocol count when none is.  With eight bytes of room, all of them
 * are compared at once: which one a query names does not steer a branch. */
static inline unsigned protocol_position(const struct record *r, uint32_t want)
{
	const uint8_t *ids = record_protocols(r);
	if (want == ANY_PROTOCOL)
		return 0;
	if (r->tail + 8 - r->protocols <= r->room) {
		const uint64_t ones = 0x0101010101010101u;
		uint64_t same = get_u64(ids) ^ (want * ones);
		uint64_t lanes = (0x8080808080808080u >> (8 * (8 - r->protocols)));
		uint64_t match = (same - ones) & ~same & lanes;
		return match != 0 ? (unsigned)__builtin_ctzll(match) / 8 : r->protocols;
	}
	for (unsigned k = 0; k < r->protocols; k++)
		if (ids[k] == want)
			return k;
	return r->protocols;
}

/* Where the range's last port lies, and the aliases' count, relative to
 * the record's start. */
static uint32_t range_at(const struct record *r)
{
	return r->tail;
}

static uint32_t aliases_at(const struct record *r)
{
	return r->tail + (r->shape & RECORD_IS_RANGE ? 2u : 0u);
}

static bool record_last_port(const struct record *r, uint16_t *last)
{
	*last = r->port;
	if (!(r->shape & RECORD_IS_RANGE))
		return true;
	if (range_at(r) + 2 > r->room)
		return false;
	*last = get_u16(r->at + range_at(r));
	return *last >= r->port;
}

/* The alias count, read once: at least one and within the format's limit;
 * *first is where the first alias starts, from the record's start. */
static bool record_alias_count(const struct record *r, uint32_t *count, uint32_t *first)
{
	*count = 0;
	*first = 0;
	if (!(r->shape & RECORD_HAS_ALIASES))
		return true;
	uint32_t at = aliases_at(r);
	if (at >= r->room)
		return false;
	*count = r->at[at];
	*first = at + 1;
	return *count > 0 && *count <= INDEX_MAX_ALIASES;
}

/* The alias at *at (from the start of RECORDS), its length read once, and
 * *at moved past it; false when it does not lie whole inside RECORDS. */
static bool next_alias(const struct index *ix, uint32_t *at, struct index_text *out)
{
	uint32_t bytes = section_count(ix, SECTION_RECORDS);
	const uint8_t *records = section_data(ix, SECTION_RECORDS);
	if (*at >= bytes)
		return false;
	size_t length = records[*at];
	if (length == 0 || length + 2 > bytes - *at || records[*at + 1 + length] != '\0')
		return false;
	out->text = (const char *)records + *at + 1;
	out->length = length;
	out->readable = bytes - *at - 1;
	*at += (uint32_t)length + 2;
	return true;
}

/* The entry of protocol position k of the record at ref, decoded. */
static inline enum index_status decode(const struct index *ix, const struct record *r, uint32_t ref,
				unsigned k, struct index_entry *out)
{
	struct index_text proto;
	uint32_t first_alias;
	if (k >= r->protocols)
		return INDEX_CORRUPT;
	out->id = INDEX_NO_ID;
	out->record = ref;
	out->position = k;
	out->proto_id = record_protocols(r)[k];
	out->port = r->port;
	if (r->at[RECORD_OFF_NAME + r->name_length] != '\0' ||
	    !index_protocol_text(ix, out->proto_id, &proto) || !record_last_port(r, &out->last_port) ||
	    !record_alias_count(r, &out->alias_count, &first_alias))
		return INDEX_CORRUPT;
	out->name = (const char *)r->at + RECORD_OFF_NAME;
	out->name_length = r->name_length;
	out->name_readable = r->room - RECORD_OFF_NAME;
	out->proto = proto.text;
	out->proto_length = proto.length;
	/* ref is below 2^24 (RECORDS lies inside a file of at most 64 MiB),
	 * so the handles of its aliases cannot wrap. */
	out->alias_first = ref * INDEX_MAX_ALIASES;
	out->private_aliases_at = r->offset + first_alias;
	return INDEX_OK;
}

bool index_entry_aliases(const struct index *ix, const struct index_entry *e,
			 struct index_text out[INDEX_MAX_ALIASES])
{
	uint32_t at = e->private_aliases_at;
	if (e->alias_count > INDEX_MAX_ALIASES)
		return false;
	for (uint32_t a = 0; a < e->alias_count; a++)
		if (!next_alias(ix, &at, &out[a]))
			return false;
	return true;
}

bool index_alias_text(const struct index *ix, uint32_t alias, struct index_text *out)
{
	struct record r;
	uint32_t count, first;
	uint32_t k = alias % INDEX_MAX_ALIASES;
	if (!record_at(ix, alias / INDEX_MAX_ALIASES, &r) || !record_alias_count(&r, &count, &first) ||
	    k >= count)
		return false;
	uint32_t at = r.offset + first;
	for (uint32_t a = 0; a <= k; a++)
		if (!next_alias(ix, &at, out))
			return false;
	return true;
}

const char *index_alias(const struct index *ix, uint32_t alias)
{
	struct index_text text;
	return index_alias_text(ix, alias, &text) ? text.text : NULL;
}

uint32_t index_record_end(const struct index *ix)
{
	return (section_count(ix, SECTION_RECORDS) + RECORD_ALIGN - 1) / RECORD_ALIGN;
}

static bool zeros_up_to(const struct record *r, uint32_t from, uint32_t to)
{
	for (uint32_t i = from; i < to && i < r->room; i++)
		if (r->at[i] != 0)
			return false;
	return true;
}

enum index_status index_record(const struct index *ix, uint32_t ref, struct index_record *out)
{
	struct record r;
	uint32_t first;
	memset(out, 0, sizeof(*out));
	if (!record_at(ix, ref, &r) || r.at[RECORD_OFF_NAME + r.name_length] != '\0' ||
	    !record_last_port(&r, &out->last_port) || !record_alias_count(&r, &out->alias_count, &first))
		return INDEX_CORRUPT;
	out->port = r.port;
	out->is_range = (r.shape & RECORD_IS_RANGE) != 0;
	out->name.text = (const char *)r.at + RECORD_OFF_NAME;
	out->name.readable = r.room - RECORD_OFF_NAME;
	out->name.length = r.name_length;
	out->protocol_count = r.protocols;
	memcpy(out->protocol, record_protocols(&r), r.protocols);
	uint32_t end = out->alias_count ? r.offset + first : r.offset + aliases_at(&r);
	for (uint32_t a = 0; a < out->alias_count; a++)
		if (!next_alias(ix, &end, &out->alias[a]))
			return INDEX_CORRUPT;
	uint32_t length = end - r.offset;
	uint32_t padded = (length + RECORD_ALIGN - 1) / RECORD_ALIGN * RECORD_ALIGN;
	out->next = ref + padded / RECORD_ALIGN;
	out->zero_padded = zeros_up_to(&r, length, padded);
	return INDEX_OK;
}

/* --- entries -------------------------------------------------------------- */

bool index_entry_record(const struct index *ix, uint32_t id, uint32_t *record)
{
	const uint8_t *e = element(ix, SECTION_ENTRIES, id);
	if (e == NULL)
		return false;
	*record = get_ref(ix, e);
	return true;
}

enum index_status index_entry(const struct index *ix, uint32_t id, struct index_entry *out)
{
	uint32_t ref, before;
	struct record r;
	if (!index_entry_record(ix, id, &ref))
		return INDEX_CORRUPT;
	/* The entries of one record are consecutive: this one is the k-th. */
	unsigned k = 0;
	while (k < RECORD_MAX_PROTOCOLS && k < id && index_entry_record(ix, id - k - 1, &before) &&
	       before == ref)
		k++;
	if (!record_at(ix, ref, &r) || decode(ix, &r, ref, k, out) != INDEX_OK)
		return INDEX_CORRUPT;
	out->id = id;
	return INDEX_OK;
}

uint32_t index_entry_id(const struct index *ix, const struct index_entry *e)
{
	uint32_t low = 0, high = index_entry_count(ix), ref;
	if (e->id != INDEX_NO_ID)
		return e->id;
	/* ENTRIES lists records in the order of RECORDS: ascending. */
	while (low < high) {
		uint32_t mid = low + (high - low) / 2;
		if (index_entry_record(ix, mid, &ref) && ref < e->record)
			low = mid + 1;
		else
			high = mid;
	}
	uint32_t id = low + e->position;
	return index_entry_record(ix, id, &ref) && ref == e->record ? id : INDEX_NO_ID;
}

static uint32_t entries_summed(const struct index *ix, bool ranges)
{
	uint32_t total = 0;
	for (uint32_t id = 0; id < index_entry_count(ix); id++) {
		struct index_entry e;
		if (index_entry(ix, id, &e) == INDEX_OK)
			total += ranges ? e.last_port != e.port : e.alias_count;
	}
	return total;
}

uint32_t index_alias_total(const struct index *ix)
{
	return entries_summed(ix, false);
}

uint32_t index_range_total(const struct index *ix)
{
	return entries_summed(ix, true);
}

/* --- lookups -------------------------------------------------------------- */

enum match { MATCH_NONE, MATCH_FOLDED, MATCH_EXACT, MATCH_CORRUPT };

/* The bit that tells an ASCII capital from its small letter, in each byte. */
#define CASE_BITS UINT64_C(0x2020202020202020)

/* How stored bytes compare with a query of the same length (at least
 * one): equal, equal ignoring ASCII case, or not; a word at a time. */
static enum match match_bytes(const unsigned char *stored, const unsigned char *query,
			      size_t length)
{
	enum match m = MATCH_EXACT;
	for (size_t i = 0; i < name_words(length); i++) {
		uint64_t a = name_word(stored, length, i), b = name_word(query, length, i);
		if (a == b)
			continue;
		if (ascii_lower_word(a) != ascii_lower_word(b))
			return MATCH_NONE;
		m = MATCH_FOLDED;
	}
	return m;
}

/* A queried name, measured and its first and last words read once: the
 * hash and the comparisons share them. */
struct name_query {
	const unsigned char *bytes;
	size_t length;          /* 1 to INDEX_MAX_NAME */
	struct name_ends ends;
};

static void name_query_start(struct name_query *q, const char *name, size_t length)
{
	q->bytes = (const unsigned char *)name;
	q->length = length;
	q->ends = name_ends_of(q->bytes, length);
}

/* How the stored name of the query's length (16 bytes at most) at stored
 * compares with it, given 16 bytes of room after stored in RECORDS: two
 * words read whole, masked to the name's length -- without a branch on
 * that length. */
static inline enum match match_short_stored(const uint8_t *stored, const struct name_query *q)
{
	size_t length = q->length;
	size_t head = length < 8 ? length : 8;
	size_t end = length > 8 ? length : 8;
	uint64_t first = get_u64(stored) & (~UINT64_C(0) >> (8 * (8 - head)));
	uint64_t last = get_u64(stored + end - 8);
	last = length > 8 ? last : 0;
	uint64_t differ = (first ^ q->ends.first) | (last ^ q->ends.last);
	if (differ == 0)
		return MATCH_EXACT;
	/* Case can only differ in bit 5 of a byte. */
	if ((differ & ~CASE_BITS) != 0)
		return MATCH_NONE;
	return ascii_lower_word(first) == ascii_lower_word(q->ends.first) &&
	       ascii_lower_word(last) == ascii_lower_word(q->ends.last) ? MATCH_FOLDED : MATCH_NONE;
}

/* How the stored name of the query's length at stored compares with it;
 * room is how many bytes lie between stored and the end of RECORDS. */
static inline enum match match_stored(const uint8_t *stored, size_t room, const struct name_query *q)
{
	if (q->length <= 16 && room >= 16)
		return match_short_stored(stored, q);
	return match_bytes(stored, q->bytes, q->length);
}

/* How the record's alias number `name` (1 for the first) compares with
 * the query: the aliases before it are passed over by their lengths. */
static enum match match_alias(const struct index *ix, const struct record *r, uint8_t name,
			      const struct name_query *q)
{
	uint32_t count, first;
	struct index_text alias = { 0 };
	if (!record_alias_count(r, &count, &first) || name > count)
		return MATCH_CORRUPT;
	uint32_t at = r->offset + first;
	for (uint32_t a = 0; a < name; a++)
		if (!next_alias(ix, &at, &alias))
			return MATCH_CORRUPT;
	if (alias.length != q->length)
		return MATCH_NONE;
	return match_stored((const uint8_t *)alias.text, alias.readable, q);
}

/* How the name of the record a slot is for (its name number, see
 * index_format.h) compares with the queried name. */
static enum match match_slot_name(const struct index *ix, const struct record *r, uint8_t name,
				  const struct name_query *q)
{
	if (name != 0)
		return match_alias(ix, r, name, q);
	if (r->name_length != q->length)
		return MATCH_NONE;
	return match_stored(r->at + RECORD_OFF_NAME, r->room - RECORD_OFF_NAME, q);
}

enum resolved { RESOLVED, NO_SUCH_PROTOCOL };

/*
 * A query's protocol as the first eight bytes of a PROTOCOLS element hold
 * a name of at most 7 bytes: its length, then its bytes and NULs.  Read a
 * byte at a time, up to its NUL and never past it.  False for a longer
 * name (or an empty one, which no element has).
 */
static inline bool short_protocol_key(const char *proto, uint64_t *key)
{
	const unsigned char *p = (const unsigned char *)proto;
	uint64_t name = 0;
	unsigned length = 0;
	while (length < 7 && p[length] != '\0') {
		name |= (uint64_t)p[length] << (8 * length);
		length++;
	}
	/* Seven bytes read, none of them the NUL: the eighth may be it. */
	if (length == 0 || (length == 7 && p[7] != '\0'))
		return false;
	*key = length | name << 8;
	return true;
}

/* The protocol id of a longer query's protocol, by length and bytes. */
static enum resolved resolve_long_protocol(const struct index *ix, const char *proto, uint32_t *id)
{
	size_t length = strnlen(proto, INDEX_MAX_PROTOCOL_NAME + 1);
	const uint8_t *p = section_data(ix, SECTION_PROTOCOLS);
	uint32_t count = section_count(ix, SECTION_PROTOCOLS);
	if (length > INDEX_MAX_PROTOCOL_NAME)
		return NO_SUCH_PROTOCOL;
	for (uint32_t i = 0; i < count; i++, p += PROTOCOL_SIZE)
		if (p[PROTOCOL_OFF_LENGTH] == length &&
		    length > 0 && bytes_equal(p + PROTOCOL_OFF_NAME, (const unsigned char *)proto, length)) {
			*id = i;
			return RESOLVED;
		}
	return NO_SUCH_PROTOCOL;
}

/* Whether a query's protocol has three bytes, as "tcp" and "udp" do:
 * read up to its NUL and never past it. */
static inline bool is_three_bytes(const char *proto)
{
	return proto[0] != '\0' && proto[1] != '\0' && proto[2] != '\0' && proto[3] == '\0';
}

/* Which of the INDEX_PROTOCOL_KEYS keys equal key, as the low bits of a
 * mask: one SSE2 comparison of all four, elsewhere a loop. */
#ifdef __SSE2__
static inline unsigned protocol_keys_equal(const uint32_t keys[INDEX_PROTOCOL_KEYS], uint32_t key)
{
	__m128i all;
	memcpy(&all, keys, sizeof(all)); /* an unaligned 16-byte load */
	__m128i same = _mm_cmpeq_epi32(all, _mm_set1_epi32((int)key));
	return (unsigned)_mm_movemask_ps(_mm_castsi128_ps(same));
}
#else
static inline unsigned protocol_keys_equal(const uint32_t keys[INDEX_PROTOCOL_KEYS], uint32_t key)
{
	unsigned matches = 0;
	for (uint32_t i = 0; i < INDEX_PROTOCOL_KEYS; i++)
		matches |= (unsigned)(keys[i] == key) << i;
	return matches;
}
#endif

/* The id of a three-byte protocol among the first INDEX_PROTOCOL_KEYS
 * (index_open() kept their first four bytes): its length and bytes
 * compared with each of theirs at once.  NO_SUCH_PROTOCOL when none of
 * them is it. */
static inline enum resolved resolve_three_bytes(const struct index *ix, const char *proto,
						uint32_t *id)
{
	/* Its three bytes and the NUL (is_three_bytes() saw them), read at
	 * once: an element's key is its length, 3, then those bytes. */
	uint32_t key = 3u | get_u32((const uint8_t *)proto) << 8;
	unsigned matches = protocol_keys_equal(ix->private_protocol_keys, key);
	if (matches == 0)
		return NO_SUCH_PROTOCOL;
	*id = (uint32_t)__builtin_ctz(matches);
	return RESOLVED;
}

/* The protocol id of a query's protocol (ANY_PROTOCOL for NULL): for the
 * names of up to 7 bytes the registry has, one comparison of eight bytes
 * per protocol.  Every element read lies inside its 36 bytes. */
static inline __attribute__((always_inline)) enum resolved
resolve_protocol(const struct index *ix, const char *proto, uint32_t *id)
{
	uint64_t key;
	*id = ANY_PROTOCOL;
	if (proto == NULL)
		return RESOLVED;
	if (is_three_bytes(proto) && resolve_three_bytes(ix, proto, id) == RESOLVED)
		return RESOLVED;
	const uint8_t *p = section_data(ix, SECTION_PROTOCOLS);
	uint32_t count = section_count(ix, SECTION_PROTOCOLS);
	if (!short_protocol_key(proto, &key))
		return proto[0] == '\0' ? NO_SUCH_PROTOCOL : resolve_long_protocol(ix, proto, id);
	/* A few protocols (the registry has five) are compared all at once,
	 * without a branch that depends on which one the query names. */
	if (count <= 8) {
		unsigned matches = 0;
		for (uint32_t i = 0; i < count; i++)
			matches |= (unsigned)(get_u64(p + (size_t)i * PROTOCOL_SIZE) == key) << i;
		if (matches == 0)
			return NO_SUCH_PROTOCOL;
		*id = (uint32_t)__builtin_ctz(matches);
		return RESOLVED;
	}
	for (uint32_t i = 0; i < count; i++, p += PROTOCOL_SIZE)
		if (get_u64(p) == key) {
			*id = i;
			return RESOLVED;
		}
	return NO_SUCH_PROTOCOL;
}

/* The answer a lookup found: the entry of protocol position k of the
 * record at ref. */
static enum index_lookup decoded(const struct index *ix, const struct record *r, uint32_t ref,
				 unsigned k, struct index_entry *out)
{
	return decode(ix, r, ref, k, out) == INDEX_OK ? LOOKUP_FOUND : LOOKUP_CORRUPT;
}

static enum index_lookup found(const struct index *ix, uint32_t ref, uint32_t want,
			       struct index_entry *out)
{
	struct record r;
	if (!record_at(ix, ref, &r))
		return LOOKUP_CORRUPT;
	return decoded(ix, &r, ref, protocol_position(&r, want), out);
}

/* The walk's next record that has the query's protocol: PROBE_CANDIDATE
 * with the record in *r, its reference in *ref and the protocol's
 * position in *k; PROBE_END; or PROBE_CORRUPT, also for a slot that
 * refers to no sound record. */
static inline enum probe_step next_record(const struct index *ix, struct index_probe *probe,
					  uint32_t want, struct record *r, struct index_slot *slot,
					  unsigned *k)
{
	for (;;) {
		enum probe_step step = probe_next(ix, probe, slot);
		if (step != PROBE_CANDIDATE)
			return step;
		if (!record_at(ix, slot->ref, r))
			return PROBE_CORRUPT;
		*k = protocol_position(r, want);
		if (*k < r->protocols)
			return PROBE_CANDIDATE;
	}
}

#define NO_RECORD UINT32_MAX

enum index_lookup index_find_name(const struct index *ix, const char *name,
				  const char *proto, struct index_entry *out)
{
	uint32_t want, folded = NO_RECORD;
	size_t length = strnlen(name, INDEX_MAX_NAME + 1);
	unsigned k;
	struct name_query q;
	struct index_probe probe;
	struct index_slot slot = { 0 };
	struct record r = { 0 };
	enum probe_step step;
	/* No record has an empty or longer name, nor a protocol the index
	 * lacks. */
	if (length == 0 || length > INDEX_MAX_NAME ||
	    resolve_protocol(ix, proto, &want) != RESOLVED)
		return LOOKUP_ABSENT;
	name_query_start(&q, name, length);
	index_probe_start(ix, SECTION_NAME_SLOTS, hash_name_from(q.bytes, length, q.ends), &probe);
	while ((step = next_record(ix, &probe, want, &r, &slot, &k)) == PROBE_CANDIDATE) {
		switch (match_slot_name(ix, &r, slot.name, &q)) {
		case MATCH_EXACT:
			return decoded(ix, &r, slot.ref, k, out);
		case MATCH_FOLDED:
			if (folded == NO_RECORD)
				folded = slot.ref;
			break;
		case MATCH_CORRUPT:
			return LOOKUP_CORRUPT;
		case MATCH_NONE:
			break;
		}
	}
	if (step == PROBE_CORRUPT)
		return LOOKUP_CORRUPT;
	return folded == NO_RECORD ? LOOKUP_ABSENT : found(ix, folded, want, out);
}

static enum index_lookup find_single_port(const struct index *ix, uint16_t port, uint32_t want,
					  struct index_entry *out)
{
	struct index_probe probe;
	struct index_slot slot = { 0 };
	struct record r = { 0 };
	unsigned k;
	enum probe_step step;
	index_probe_start(ix, SECTION_PORT_SLOTS, hash_port(port), &probe);
	while ((step = next_record(ix, &probe, want, &r, &slot, &k)) == PROBE_CANDIDATE)
		if (r.port == port && !(r.shape & RECORD_IS_RANGE))
			return decoded(ix, &r, slot.ref, k, out);
	return step == PROBE_END ? LOOKUP_ABSENT : LOOKUP_CORRUPT;
}

/* At most INDEX_MAX_RANGES of them (checked at open). */
static enum index_lookup find_covering_range(const struct index *ix, uint16_t port,
					     uint32_t want, struct index_entry *out)
{
	uint32_t ranges = section_count(ix, SECTION_RANGES), ref;
	uint16_t first, last;
	for (uint32_t i = 0; i < ranges; i++) {
		struct record r;
		if (!index_range(ix, i, &first, &last, &ref))
			return LOOKUP_CORRUPT;
		if (port < first || port > last)
			continue;
		if (!record_at(ix, ref, &r))
			return LOOKUP_CORRUPT;
		unsigned k = protocol_position(&r, want);
		if (k == r.protocols)
			continue;
		/* The record's own range must agree with the table's. */
		if (decode(ix, &r, ref, k, out) != INDEX_OK || !(r.shape & RECORD_IS_RANGE) ||
		    out->port != first || out->last_port != last)
			return LOOKUP_CORRUPT;
		return LOOKUP_FOUND;
	}
	return LOOKUP_ABSENT;
}

enum index_lookup index_find_port(const struct index *ix, uint16_t port,
				  const char *proto, struct index_entry *out)
{
	uint32_t want;
	if (resolve_protocol(ix, proto, &want) != RESOLVED)
		return LOOKUP_ABSENT;
	enum index_lookup result = find_single_port(ix, port, want, out);
	if (result != LOOKUP_ABSENT)
		return result;
	return find_covering_range(ix, port, want, out);
}
