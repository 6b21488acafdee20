/*
 * The index reader.  index_open() owns the checks of the header and of the
 * section bounds; the element accessors below own every other offset.
 * Nothing else does arithmetic on the mapped bytes.
 */
#include "index_reader.h"

#include <stdbool.h>
#include <string.h>

#include "bytes.h"
#include "hash.h"

#define NO_PROTOCOL UINT32_MAX

static const uint32_t element_size[SECTION_COUNT] = {
	[SECTION_STRINGS] = 1,
	[SECTION_PROTOCOLS] = PROTOCOL_SIZE,
	[SECTION_ENTRIES] = ENTRY_SIZE,
	[SECTION_ALIASES] = ALIAS_SIZE,
	[SECTION_RANGES] = RANGE_SIZE,
	[SECTION_NAME_SLOTS] = 0, /* SLOT_SIZE(slot_width), known only from the header */
	[SECTION_PORT_SLOTS] = 0,
	[SECTION_META] = 1,
	[SECTION_DESCRIPTIONS] = DESCRIPTION_SIZE,
};

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
		uint64_t size = element_size[s] ? element_size[s] : SLOT_SIZE(ix->slot_width);
		uint64_t bytes = count * size; /* cannot overflow: both < 2^32 */
		if (offset % 4 != 0 || offset < previous_end || offset > ix->size ||
		    bytes > ix->size - offset)
			return false;
		ix->section[s].data = ix->base + offset;
		ix->section[s].count = (uint32_t)count;
		previous_end = offset + bytes;
	}
	return true;
}

static bool sections_are_consistent(const struct index *ix)
{
	const struct index_section_view *strings = &ix->section[SECTION_STRINGS];
	const struct index_section_view *meta = &ix->section[SECTION_META];
	uint32_t entries = ix->section[SECTION_ENTRIES].count;
	uint32_t max_entries = ix->slot_width == 2 ? UINT16_MAX - 1 : UINT32_MAX - 1;
	uint32_t descriptions = (ix->flags & INDEX_FLAG_DESCRIPTIONS) ? entries : 0;

	/* A pool that starts and ends with NUL lets any offset inside it be
	 * read as a string without searching for the terminator. */
	if (strings->count == 0 || strings->data[0] != '\0' ||
	    strings->data[strings->count - 1] != '\0')
		return false;
	if (meta->count > 0 && meta->data[meta->count - 1] != '\0')
		return false;
	return ix->section[SECTION_PROTOCOLS].count <= INDEX_MAX_PROTOCOLS &&
	       entries <= max_entries &&
	       ix->section[SECTION_NAME_SLOTS].count > 0 &&
	       ix->section[SECTION_PORT_SLOTS].count > 0 &&
	       ix->section[SECTION_DESCRIPTIONS].count == descriptions;
}

enum index_status index_open(struct index *ix, const void *base, size_t size)
{
	memset(ix, 0, sizeof(*ix));
	ix->base = base;
	ix->size = size;
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
	return INDEX_OK;
}

uint32_t index_entry_count(const struct index *ix)
{
	return ix->section[SECTION_ENTRIES].count;
}

uint32_t index_alias_total(const struct index *ix)
{
	return ix->section[SECTION_ALIASES].count;
}

uint32_t index_range_total(const struct index *ix)
{
	return ix->section[SECTION_RANGES].count;
}

uint32_t index_protocol_count(const struct index *ix)
{
	return ix->section[SECTION_PROTOCOLS].count;
}

size_t index_section_bytes(const struct index *ix, enum index_section s)
{
	size_t size = element_size[s] ? element_size[s] : SLOT_SIZE(ix->slot_width);
	return (size_t)ix->section[s].count * size;
}

const char *index_string(const struct index *ix, uint32_t offset)
{
	const struct index_section_view *strings = &ix->section[SECTION_STRINGS];
	if (offset >= strings->count)
		return NULL;
	return (const char *)strings->data + offset;
}

/* The element at position i of a section, or NULL when out of range. */
static const uint8_t *element(const struct index *ix, enum index_section s,
			      uint32_t size, uint32_t i)
{
	if (i >= ix->section[s].count)
		return NULL;
	return ix->section[s].data + (size_t)i * size;
}

const char *index_protocol(const struct index *ix, uint32_t proto_id)
{
	const uint8_t *p = element(ix, SECTION_PROTOCOLS, PROTOCOL_SIZE, proto_id);
	return p ? index_string(ix, get_u32(p)) : NULL;
}

const char *index_alias(const struct index *ix, uint32_t position)
{
	const uint8_t *a = element(ix, SECTION_ALIASES, ALIAS_SIZE, position);
	return a ? index_string(ix, get_u32(a + 4)) : NULL;
}

const char *index_description(const struct index *ix, uint32_t id)
{
	const uint8_t *d = element(ix, SECTION_DESCRIPTIONS, DESCRIPTION_SIZE, id);
	return d ? index_string(ix, get_u32(d)) : NULL;
}

const char *index_meta(const struct index *ix, const char *key)
{
	const struct index_section_view *meta = &ix->section[SECTION_META];
	size_t key_length = strlen(key);
	/* The section ends with NUL (checked at open), so each strlen stops
	 * inside it. */
	for (uint32_t pos = 0; pos < meta->count;) {
		const char *item = (const char *)meta->data + pos;
		size_t length = strlen(item);
		if (length > key_length && memcmp(item, key, key_length) == 0 &&
		    item[key_length] == '=')
			return item + key_length + 1;
		pos += (uint32_t)length + 1;
	}
	return NULL;
}

/*
 * First position in a section sorted by the u32 entry field at offset 0
 * whose entry is >= id (binary search, so bounded by log2 of the count).
 */
static uint32_t lower_bound_by_entry(const struct index *ix, enum index_section s,
				     uint32_t size, uint32_t id)
{
	uint32_t low = 0, high = ix->section[s].count;
	while (low < high) {
		uint32_t mid = low + (high - low) / 2;
		if (get_u32(element(ix, s, size, mid)) < id)
			low = mid + 1;
		else
			high = mid;
	}
	return low;
}

static bool decode_aliases(const struct index *ix, struct index_entry *out)
{
	uint32_t first = lower_bound_by_entry(ix, SECTION_ALIASES, ALIAS_SIZE, out->id);
	uint32_t total = ix->section[SECTION_ALIASES].count;
	uint32_t end = first;
	while (end < total && get_u32(element(ix, SECTION_ALIASES, ALIAS_SIZE, end)) == out->id)
		end++;
	out->alias_first = first;
	out->alias_count = end - first;
	return out->alias_count > 0;
}

static bool decode_range(const struct index *ix, struct index_entry *out)
{
	uint32_t pos = lower_bound_by_entry(ix, SECTION_RANGES, RANGE_SIZE, out->id);
	const uint8_t *r = element(ix, SECTION_RANGES, RANGE_SIZE, pos);
	if (r == NULL || get_u32(r) != out->id)
		return false;
	out->last_port = get_u16(r + 4);
	return out->last_port >= out->port;
}

enum index_status index_entry(const struct index *ix, uint32_t id, struct index_entry *out)
{
	const uint8_t *e = element(ix, SECTION_ENTRIES, ENTRY_SIZE, id);
	if (e == NULL)
		return INDEX_CORRUPT;
	uint8_t flags = e[ENTRY_OFF_FLAGS];
	out->id = id;
	out->name = index_string(ix, get_u32(e + ENTRY_OFF_NAME));
	out->proto_id = e[ENTRY_OFF_PROTO];
	out->proto = index_protocol(ix, out->proto_id);
	out->port = get_u16(e + ENTRY_OFF_PORT);
	out->last_port = out->port;
	out->alias_first = 0;
	out->alias_count = 0;
	if (out->name == NULL || out->proto == NULL || (flags & ~ENTRY_KNOWN_FLAGS))
		return INDEX_CORRUPT;
	if ((flags & ENTRY_HAS_ALIASES) && !decode_aliases(ix, out))
		return INDEX_CORRUPT;
	if ((flags & ENTRY_IS_RANGE) && !decode_range(ix, out))
		return INDEX_CORRUPT;
	return INDEX_OK;
}

/* Protocol names are a few bytes long: comparing them here costs less than
 * the call to strcmp() that every lookup would otherwise make. */
static bool same_short_string(const char *a, const char *b)
{
	while (*a != '\0' && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

/* The protocol id of a query's protocol: NO_PROTOCOL for "any", count when
 * the index has no such protocol (so nothing can match). */
static uint32_t protocol_id(const struct index *ix, const char *proto, bool *corrupt)
{
	if (proto == NULL)
		return NO_PROTOCOL;
	uint32_t count = ix->section[SECTION_PROTOCOLS].count;
	for (uint32_t id = 0; id < count; id++) {
		const char *known = index_protocol(ix, id);
		if (known == NULL) {
			*corrupt = true;
			return count;
		}
		if (same_short_string(known, proto))
			return id;
	}
	return count;
}

struct index_slot index_slot(const struct index *ix, enum index_section table, uint32_t i)
{
	const uint8_t *p = ix->section[table].data + (size_t)i * SLOT_SIZE(ix->slot_width);
	struct index_slot slot = {
		.ref = ix->slot_width == 2 ? get_u16(p) : get_u32(p),
		.tag = p[ix->slot_width],
	};
	return slot;
}

enum match { MATCH_NONE, MATCH_FOLDED, MATCH_EXACT, MATCH_CORRUPT };

static enum match match_one(const char *candidate, const char *name)
{
	if (candidate == NULL)
		return MATCH_CORRUPT;
	if (strcmp(candidate, name) == 0)
		return MATCH_EXACT;
	return ascii_equal_folded(candidate, name) ? MATCH_FOLDED : MATCH_NONE;
}

/* How well an entry's name and aliases match the queried name: an exact
 * match on any of them beats a case-insensitive one. */
static enum match match_entry(const struct index *ix, const uint8_t *e, uint32_t id,
			      const char *name)
{
	enum match best = match_one(index_string(ix, get_u32(e + ENTRY_OFF_NAME)), name);
	if (best == MATCH_EXACT || best == MATCH_CORRUPT || !(e[ENTRY_OFF_FLAGS] & ENTRY_HAS_ALIASES))
		return best;
	struct index_entry aliases = { .id = id };
	if (!decode_aliases(ix, &aliases))
		return MATCH_CORRUPT;
	for (uint32_t i = 0; i < aliases.alias_count; i++) {
		enum match m = match_one(index_alias(ix, aliases.alias_first + i), name);
		if (m == MATCH_EXACT || m == MATCH_CORRUPT)
			return m;
		if (m > best)
			best = m;
	}
	return best;
}

static enum index_lookup found(const struct index *ix, uint32_t id, struct index_entry *out)
{
	return index_entry(ix, id, out) == INDEX_OK ? LOOKUP_FOUND : LOOKUP_CORRUPT;
}

enum index_lookup index_find_name(const struct index *ix, const char *name,
				  const char *proto, struct index_entry *out)
{
	bool corrupt = false;
	uint32_t want = protocol_id(ix, proto, &corrupt);
	uint32_t entries = ix->section[SECTION_ENTRIES].count;
	uint32_t slots = ix->section[SECTION_NAME_SLOTS].count;
	uint32_t hash = hash_name(name);
	uint32_t i = hash_home(hash, slots);
	uint8_t tag = hash_tag(hash);
	uint32_t folded = UINT32_MAX;

	if (corrupt)
		return LOOKUP_CORRUPT;
	if (want == ix->section[SECTION_PROTOCOLS].count)
		return LOOKUP_ABSENT;
	uint32_t probes = 0;
	for (; probes < slots; probes++, i = (i + 1 == slots) ? 0 : i + 1) {
		struct index_slot slot = index_slot(ix, SECTION_NAME_SLOTS, i);
		uint32_t v = slot.ref;
		if (v == 0)
			break;
		if (v > entries)
			return LOOKUP_CORRUPT;
		if (slot.tag != tag)
			continue;
		const uint8_t *e = element(ix, SECTION_ENTRIES, ENTRY_SIZE, v - 1);
		if (want != NO_PROTOCOL && e[ENTRY_OFF_PROTO] != want)
			continue;
		switch (match_entry(ix, e, v - 1, name)) {
		case MATCH_EXACT:
			return found(ix, v - 1, out);
		case MATCH_FOLDED:
			if (folded == UINT32_MAX)
				folded = v - 1;
			break;
		case MATCH_CORRUPT:
			return LOOKUP_CORRUPT;
		case MATCH_NONE:
			break;
		}
	}
	/* Every table has an empty slot: a walk that met none was on a
	 * damaged one, and "absent" would be a guess. */
	if (probes == slots)
		return LOOKUP_CORRUPT;
	return folded == UINT32_MAX ? LOOKUP_ABSENT : found(ix, folded, out);
}

static enum index_lookup find_single_port(const struct index *ix, uint16_t port,
					  uint32_t want, struct index_entry *out)
{
	uint32_t entries = ix->section[SECTION_ENTRIES].count;
	uint32_t slots = ix->section[SECTION_PORT_SLOTS].count;
	uint32_t hash = hash_port(port);
	uint32_t i = hash_home(hash, slots);
	uint8_t tag = hash_tag(hash);
	uint32_t probes = 0;

	for (; probes < slots; probes++, i = (i + 1 == slots) ? 0 : i + 1) {
		struct index_slot slot = index_slot(ix, SECTION_PORT_SLOTS, i);
		uint32_t v = slot.ref;
		if (v == 0)
			break;
		if (v > entries)
			return LOOKUP_CORRUPT;
		if (slot.tag != tag)
			continue;
		const uint8_t *e = element(ix, SECTION_ENTRIES, ENTRY_SIZE, v - 1);
		if (get_u16(e + ENTRY_OFF_PORT) == port &&
		    (want == NO_PROTOCOL || e[ENTRY_OFF_PROTO] == want))
			return found(ix, v - 1, out);
	}
	return probes == slots ? LOOKUP_CORRUPT : LOOKUP_ABSENT;
}

static enum index_lookup find_covering_range(const struct index *ix, uint16_t port,
					     uint32_t want, struct index_entry *out)
{
	uint32_t ranges = ix->section[SECTION_RANGES].count;
	for (uint32_t r = 0; r < ranges; r++) {
		const uint8_t *range = element(ix, SECTION_RANGES, RANGE_SIZE, r);
		const uint8_t *e = element(ix, SECTION_ENTRIES, ENTRY_SIZE, get_u32(range));
		if (e == NULL)
			return LOOKUP_CORRUPT;
		if (port < get_u16(e + ENTRY_OFF_PORT) || port > get_u16(range + 4))
			continue;
		if (want == NO_PROTOCOL || e[ENTRY_OFF_PROTO] == want)
			return found(ix, get_u32(range), out);
	}
	return LOOKUP_ABSENT;
}

enum index_lookup index_find_port(const struct index *ix, uint16_t port,
				  const char *proto, struct index_entry *out)
{
	bool corrupt = false;
	uint32_t want = protocol_id(ix, proto, &corrupt);
	if (corrupt)
		return LOOKUP_CORRUPT;
	if (want == ix->section[SECTION_PROTOCOLS].count)
		return LOOKUP_ABSENT;
	enum index_lookup result = find_single_port(ix, port, want, out);
	if (result != LOOKUP_ABSENT)
		return result;
	return find_covering_range(ix, port, want, out);
}
