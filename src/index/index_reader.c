/*
 * The index reader.  index_open() owns the checks of the header and of the
 * section bounds; the element accessors below own every other offset.
 * Nothing else does arithmetic on the mapped bytes.
 */
#include "index_reader.h"

#include <string.h>

#include "bytes.h"

#define NO_PROTOCOL UINT32_MAX

static const uint8_t *section_data(const struct index *ix, enum index_section s)
{
	return ix->private_sections[s].data;
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
		ix->private_sections[s].data = ix->base + offset;
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
	uint32_t max_entries = ix->slot_width == 2 ? UINT16_MAX - 1 : UINT32_MAX - 1;
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
	       entries <= max_entries &&
	       section_count(ix, SECTION_NAME_SLOTS) > 0 &&
	       section_count(ix, SECTION_PORT_SLOTS) > 0 &&
	       section_count(ix, SECTION_DESCRIPTIONS) == descriptions;
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

/* --- elements ------------------------------------------------------------- */

uint32_t index_section_count(const struct index *ix, enum index_section s)
{
	return section_count(ix, s);
}

uint32_t index_entry_count(const struct index *ix)
{
	return section_count(ix, SECTION_ENTRIES);
}

uint32_t index_alias_total(const struct index *ix)
{
	return section_count(ix, SECTION_ALIASES);
}

uint32_t index_range_total(const struct index *ix)
{
	return section_count(ix, SECTION_RANGES);
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

const char *index_string(const struct index *ix, uint32_t offset)
{
	if (offset >= section_count(ix, SECTION_STRINGS))
		return NULL;
	return (const char *)section_data(ix, SECTION_STRINGS) + offset;
}

/* The string at offset, measured once: it must end inside the pool and be
 * at most max bytes long.  Reads at most max + 1 bytes. */
static bool measure(const struct index *ix, uint32_t offset, size_t max, struct index_text *out)
{
	const char *text = index_string(ix, offset);
	if (text == NULL)
		return false;
	size_t room = section_count(ix, SECTION_STRINGS) - offset;
	size_t length = strnlen(text, room <= max ? room : max + 1);
	if (length > max || length == room)
		return false;
	out->text = text;
	out->length = length;
	return true;
}

static bool protocol_text(const struct index *ix, uint32_t proto_id, struct index_text *out)
{
	const uint8_t *p = element(ix, SECTION_PROTOCOLS, proto_id);
	return p != NULL && measure(ix, get_u32(p), INDEX_MAX_PROTOCOL_NAME, out);
}

const char *index_protocol(const struct index *ix, uint32_t proto_id)
{
	struct index_text text;
	return protocol_text(ix, proto_id, &text) ? text.text : NULL;
}

bool index_alias_text(const struct index *ix, uint32_t position, struct index_text *out)
{
	const uint8_t *a = element(ix, SECTION_ALIASES, position);
	return a != NULL && measure(ix, get_u32(a + 4), INDEX_MAX_NAME, out);
}

const char *index_alias(const struct index *ix, uint32_t position)
{
	struct index_text text;
	return index_alias_text(ix, position, &text) ? text.text : NULL;
}

/* ALIASES and RANGES start with the u32 entry they belong to. */
static bool owner(const struct index *ix, enum index_section s, uint32_t position,
		  uint32_t *entry)
{
	const uint8_t *p = element(ix, s, position);
	if (p == NULL)
		return false;
	*entry = get_u32(p);
	return true;
}

bool index_alias_owner(const struct index *ix, uint32_t position, uint32_t *entry)
{
	return owner(ix, SECTION_ALIASES, position, entry);
}

bool index_range_owner(const struct index *ix, uint32_t position, uint32_t *entry)
{
	return owner(ix, SECTION_RANGES, position, entry);
}

const char *index_description(const struct index *ix, uint32_t id)
{
	const uint8_t *d = element(ix, SECTION_DESCRIPTIONS, id);
	return d ? index_string(ix, get_u32(d)) : NULL;
}

const char *index_meta_next(const struct index *ix, uint32_t *position)
{
	uint32_t count = section_count(ix, SECTION_META);
	if (*position >= count)
		return NULL;
	const char *item = (const char *)section_data(ix, SECTION_META) + *position;
	size_t room = count - *position;
	size_t length = strnlen(item, room);
	if (length == room)
		return NULL; /* the NUL index_open saw at the end is gone */
	*position += (uint32_t)length + 1;
	return item;
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

static bool is_slot_table(enum index_section table)
{
	return table == SECTION_NAME_SLOTS || table == SECTION_PORT_SLOTS;
}

bool index_slot(const struct index *ix, enum index_section table, uint32_t i,
		struct index_slot *out)
{
	if (!is_slot_table(table))
		return false;
	const uint8_t *p = element(ix, table, i);
	if (p == NULL)
		return false;
	out->ref = ix->slot_width == 2 ? get_u16(p) : get_u32(p);
	out->tag = p[ix->slot_width];
	return true;
}

void index_probe_start(const struct index *ix, enum index_section table, uint32_t hash,
		       struct index_probe *probe)
{
	probe->table = table;
	probe->tag = hash_tag(hash);
	/* Not a slot table: a walk that ends at once, as on a damaged one. */
	probe->walk = probe_walk_start(hash, is_slot_table(table) ? section_count(ix, table) : 0);
}

/* The lookups' inner loop, inlined into them: the walk visits only slots
 * below the table's count (hash.h), so each is read without another check. */
static inline enum index_probe_step probe_next(const struct index *ix, struct index_probe *probe,
					       uint32_t *entry)
{
	const uint8_t *slots = section_data(ix, probe->table);
	const unsigned width = ix->slot_width;
	const uint32_t entries = section_count(ix, SECTION_ENTRIES);
	struct probe_walk walk = probe->walk;
	enum index_probe_step step = PROBE_CORRUPT;
	uint32_t i;
	while (probe_walk_next(&walk, &i)) {
		const uint8_t *p = slots + (size_t)i * SLOT_SIZE(width);
		uint32_t ref = width == 2 ? get_u16(p) : get_u32(p);
		if (ref == 0) {
			step = PROBE_END;
			break;
		}
		if (ref > entries)
			break;
		if (p[width] == probe->tag) {
			*entry = ref - 1;
			step = PROBE_CANDIDATE;
			break;
		}
	}
	/* A walk that ran out without an empty slot was on a damaged table:
	 * every run of used slots is shorter than a walk may be, and
	 * "absent" would be a guess. */
	probe->walk = walk;
	return step;
}

enum index_probe_step index_probe_next(const struct index *ix, struct index_probe *probe,
				       uint32_t *entry)
{
	return probe_next(ix, probe, entry);
}

/* --- entries -------------------------------------------------------------- */

/*
 * First position in a section sorted by the u32 entry field at offset 0
 * whose entry is >= id (binary search, so bounded by log2 of the count).
 */
static uint32_t lower_bound_by_entry(const struct index *ix, enum index_section s, uint32_t id)
{
	uint32_t low = 0, high = section_count(ix, s), entry;
	while (low < high) {
		uint32_t mid = low + (high - low) / 2;
		if (owner(ix, s, mid, &entry) && entry < id)
			low = mid + 1;
		else
			high = mid;
	}
	return low;
}

/* The run of an entry's aliases; false when it has none or more than the
 * format allows.  Bounded by the limit, however long the run. */
static bool alias_run(const struct index *ix, uint32_t id, uint32_t *first, uint32_t *count)
{
	uint32_t start = lower_bound_by_entry(ix, SECTION_ALIASES, id);
	uint32_t end = start, entry;
	while (end - start <= INDEX_MAX_ALIASES && owner(ix, SECTION_ALIASES, end, &entry) &&
	       entry == id)
		end++;
	*first = start;
	*count = end - start;
	return *count > 0 && *count <= INDEX_MAX_ALIASES;
}

static bool decode_range(const struct index *ix, struct index_entry *out)
{
	uint32_t position = lower_bound_by_entry(ix, SECTION_RANGES, out->id);
	const uint8_t *r = element(ix, SECTION_RANGES, position);
	if (r == NULL || get_u32(r) != out->id)
		return false;
	out->last_port = get_u16(r + 4);
	return out->last_port >= out->port;
}

enum index_status index_entry(const struct index *ix, uint32_t id, struct index_entry *out)
{
	const uint8_t *e = element(ix, SECTION_ENTRIES, id);
	struct index_text name, proto;
	if (e == NULL)
		return INDEX_CORRUPT;
	uint8_t flags = e[ENTRY_OFF_FLAGS];
	out->id = id;
	out->proto_id = e[ENTRY_OFF_PROTO];
	out->port = get_u16(e + ENTRY_OFF_PORT);
	out->last_port = out->port;
	out->alias_first = 0;
	out->alias_count = 0;
	if (!measure(ix, get_u32(e + ENTRY_OFF_NAME), INDEX_MAX_NAME, &name) ||
	    !protocol_text(ix, out->proto_id, &proto) || (flags & ~ENTRY_KNOWN_FLAGS))
		return INDEX_CORRUPT;
	out->name = name.text;
	out->name_length = name.length;
	out->proto = proto.text;
	out->proto_length = proto.length;
	if ((flags & ENTRY_HAS_ALIASES) && !alias_run(ix, id, &out->alias_first, &out->alias_count))
		return INDEX_CORRUPT;
	if ((flags & ENTRY_IS_RANGE) && !decode_range(ix, out))
		return INDEX_CORRUPT;
	return INDEX_OK;
}

/* --- lookups -------------------------------------------------------------- */

enum match { MATCH_NONE, MATCH_FOLDED, MATCH_EXACT, MATCH_CORRUPT };

/*
 * How the string at offset compares with a query of length bytes (at most
 * INDEX_MAX_NAME): equal, equal ignoring ASCII case, or not; corrupt when
 * it does not end inside the pool.  Reads at most length + 1 bytes of it,
 * each once.
 */
static enum match match_text(const struct index *ix, uint32_t offset, const char *query,
			     size_t length)
{
	const char *text = index_string(ix, offset);
	if (text == NULL)
		return MATCH_CORRUPT;
	size_t room = section_count(ix, SECTION_STRINGS) - offset;
	/* Up to the query's NUL, which must meet the string's end. */
	size_t end = length + 1 <= room ? length + 1 : room;
	bool exact = true;
	for (size_t i = 0; i < end; i++) {
		unsigned char c = (unsigned char)text[i], q = (unsigned char)query[i];
		if (c == q)
			continue;
		if (ascii_lower(c) != ascii_lower(q))
			return MATCH_NONE;
		exact = false;
	}
	if (end <= length)
		return MATCH_CORRUPT; /* the pool ends inside a match */
	return exact ? MATCH_EXACT : MATCH_FOLDED;
}

/* Whether the protocol name at offset is proto.  Reads no further than the
 * pool, the format's limit, or the first difference: protocol names are a
 * few bytes long, and this costs less than a call to a string function. */
static bool is_protocol(const struct index *ix, uint32_t offset, const char *proto)
{
	const char *text = index_string(ix, offset);
	size_t room = section_count(ix, SECTION_STRINGS) - offset;
	size_t end = room <= INDEX_MAX_PROTOCOL_NAME ? room : INDEX_MAX_PROTOCOL_NAME + 1;
	for (size_t i = 0; i < end; i++) {
		if (text[i] != proto[i])
			return false;
		if (proto[i] == '\0')
			return true;
	}
	return false;
}

/* The protocol id of a query's protocol: NO_PROTOCOL for "any", the
 * protocol count when the index has no such protocol (so nothing can
 * match). */
static uint32_t protocol_id(const struct index *ix, const char *proto, bool *corrupt)
{
	uint32_t count = section_count(ix, SECTION_PROTOCOLS);
	if (proto == NULL)
		return NO_PROTOCOL;
	for (uint32_t id = 0; id < count; id++) {
		uint32_t offset = get_u32(element(ix, SECTION_PROTOCOLS, id));
		if (offset >= section_count(ix, SECTION_STRINGS)) {
			*corrupt = true;
			return count;
		}
		if (is_protocol(ix, offset, proto))
			return id;
	}
	return count;
}

/* How well an entry's name and aliases match the queried name: an exact
 * match on any of them beats a case-insensitive one. */
static enum match match_entry(const struct index *ix, const uint8_t *e, uint32_t id,
			      const char *name, size_t length)
{
	enum match best = match_text(ix, get_u32(e + ENTRY_OFF_NAME), name, length);
	uint32_t first, count;
	if (best == MATCH_EXACT || best == MATCH_CORRUPT || !(e[ENTRY_OFF_FLAGS] & ENTRY_HAS_ALIASES))
		return best;
	if (!alias_run(ix, id, &first, &count))
		return MATCH_CORRUPT;
	for (uint32_t i = 0; i < count; i++) {
		const uint8_t *a = element(ix, SECTION_ALIASES, first + i);
		enum match m = a ? match_text(ix, get_u32(a + 4), name, length) : MATCH_CORRUPT;
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
	size_t length = strnlen(name, INDEX_MAX_NAME + 1);
	uint32_t folded = UINT32_MAX, id;
	struct index_probe probe;

	if (corrupt)
		return LOOKUP_CORRUPT;
	/* No entry can have a longer name, nor a protocol the index lacks. */
	if (length > INDEX_MAX_NAME || want == section_count(ix, SECTION_PROTOCOLS))
		return LOOKUP_ABSENT;
	index_probe_start(ix, SECTION_NAME_SLOTS, hash_name(name), &probe);
	for (;;) {
		switch (probe_next(ix, &probe, &id)) {
		case PROBE_END:
			return folded == UINT32_MAX ? LOOKUP_ABSENT : found(ix, folded, out);
		case PROBE_CORRUPT:
			return LOOKUP_CORRUPT;
		case PROBE_CANDIDATE:
			break;
		}
		const uint8_t *e = element(ix, SECTION_ENTRIES, id);
		if (want != NO_PROTOCOL && e[ENTRY_OFF_PROTO] != want)
			continue;
		switch (match_entry(ix, e, id, name, length)) {
		case MATCH_EXACT:
			return found(ix, id, out);
		case MATCH_FOLDED:
			if (folded == UINT32_MAX)
				folded = id;
			break;
		case MATCH_CORRUPT:
			return LOOKUP_CORRUPT;
		case MATCH_NONE:
			break;
		}
	}
}

static enum index_lookup find_single_port(const struct index *ix, uint16_t port,
					  uint32_t want, struct index_entry *out)
{
	struct index_probe probe;
	uint32_t id;
	index_probe_start(ix, SECTION_PORT_SLOTS, hash_port(port), &probe);
	for (;;) {
		switch (probe_next(ix, &probe, &id)) {
		case PROBE_END:
			return LOOKUP_ABSENT;
		case PROBE_CORRUPT:
			return LOOKUP_CORRUPT;
		case PROBE_CANDIDATE:
			break;
		}
		const uint8_t *e = element(ix, SECTION_ENTRIES, id);
		if (get_u16(e + ENTRY_OFF_PORT) == port &&
		    (want == NO_PROTOCOL || e[ENTRY_OFF_PROTO] == want))
			return found(ix, id, out);
	}
}

/* At most INDEX_MAX_RANGES of them (checked at open). */
static enum index_lookup find_covering_range(const struct index *ix, uint16_t port,
					     uint32_t want, struct index_entry *out)
{
	uint32_t ranges = section_count(ix, SECTION_RANGES);
	for (uint32_t r = 0; r < ranges; r++) {
		const uint8_t *range = element(ix, SECTION_RANGES, r);
		uint32_t id = get_u32(range);
		const uint8_t *e = element(ix, SECTION_ENTRIES, id);
		if (e == NULL)
			return LOOKUP_CORRUPT;
		if (port < get_u16(e + ENTRY_OFF_PORT) || port > get_u16(range + 4))
			continue;
		if (want == NO_PROTOCOL || e[ENTRY_OFF_PROTO] == want)
			return found(ix, id, out);
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
	if (want == section_count(ix, SECTION_PROTOCOLS))
		return LOOKUP_ABSENT;
	enum index_lookup result = find_single_port(ix, port, want, out);
	if (result != LOOKUP_ABSENT)
		return result;
	return find_covering_range(ix, port, want, out);
}
