/*
 * The deep check behind `iana-services verify`: everything index_open()
 * checks, plus every element of every section, the checksum, and that
 * every name, alias and port is found where a lookup will look for it.
 * The NSS module does not run this (it costs a pass over the file); its
 * lookups check each offset as they go instead.
 */
#include "index_verify.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "bytes.h"
#include "hash.h"
#include "index_format.h"
#include "index_reader.h"
#include "index_writer.h"

struct verifier {
	struct index ix;
	char *problem;
	size_t problem_size;
};

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static int fail(struct verifier *v, const char *format, ...)
{
	va_list args;
	va_start(args, format);
	vsnprintf(v->problem, v->problem_size, format, args);
	va_end(args);
	return -1;
}

static bool is_token(const char *s)
{
	if (s == NULL || *s == '\0')
		return false;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p <= ' ' || *p == 0x7f || *p == '#')
			return false;
	return true;
}

static int check_protocols(struct verifier *v)
{
	uint32_t count = index_protocol_count(&v->ix);
	for (uint32_t i = 0; i < count; i++) {
		const char *proto = index_protocol(&v->ix, i);
		if (!is_token(proto))
			return fail(v, "protocol %u has a bad name", i);
		for (uint32_t j = 0; j < i; j++)
			if (strcmp(proto, index_protocol(&v->ix, j)) == 0)
				return fail(v, "protocol \"%s\" is listed twice", proto);
	}
	return 0;
}

static int check_entries(struct verifier *v)
{
	uint32_t count = index_entry_count(&v->ix);
	uint32_t ranges = 0;
	for (uint32_t id = 0; id < count; id++) {
		struct index_entry e;
		if (index_entry(&v->ix, id, &e) != INDEX_OK)
			return fail(v, "entry %u is malformed", id);
		if (!is_token(e.name))
			return fail(v, "entry %u has a bad name", id);
		for (uint32_t a = 0; a < e.alias_count; a++)
			if (!is_token(index_alias(&v->ix, e.alias_first + a)))
				return fail(v, "entry %u (%s) has a bad alias", id, e.name);
		ranges += e.last_port != e.port;
		if (v->ix.flags & INDEX_FLAG_DESCRIPTIONS && index_description(&v->ix, id) == NULL)
			return fail(v, "entry %u (%s) has a bad description", id, e.name);
	}
	if (ranges != index_range_total(&v->ix))
		return fail(v, "%u entries are ranges but the range table has %u", ranges,
			    index_range_total(&v->ix));
	return 0;
}

/* Sorted by entry, each entry valid and flagged: then the alias lists
 * that index_entry() finds are all of them. */
static int check_sorted_by_entry(struct verifier *v, enum index_section s, uint32_t size,
				 uint8_t flag, bool strictly)
{
	const struct index_section_view *view = &v->ix.section[s];
	const uint8_t *entries = v->ix.section[SECTION_ENTRIES].data;
	for (uint32_t i = 0; i < view->count; i++) {
		uint32_t entry = get_u32(view->data + (size_t)i * size);
		uint32_t previous = i ? get_u32(view->data + (size_t)(i - 1) * size) : 0;
		if (entry >= index_entry_count(&v->ix))
			return fail(v, "%s %u points past the entries", s == SECTION_ALIASES ? "alias" : "range", i);
		if (i > 0 && (entry < previous || (strictly && entry == previous)))
			return fail(v, "%s table is not sorted", s == SECTION_ALIASES ? "alias" : "range");
		if (!(entries[(size_t)entry * ENTRY_SIZE + ENTRY_OFF_FLAGS] & flag))
			return fail(v, "%s %u belongs to an entry not flagged for it",
				    s == SECTION_ALIASES ? "alias" : "range", i);
	}
	return 0;
}

static int check_slot_values(struct verifier *v, enum index_section s, uint32_t expected_used)
{
	uint32_t count = v->ix.section[s].count, used = 0;
	for (uint32_t i = 0; i < count; i++) {
		struct index_slot slot = index_slot(&v->ix, s, i);
		if (slot.ref > index_entry_count(&v->ix))
			return fail(v, "hash slot %u points past the entries", i);
		if (slot.ref == 0 && slot.tag != 0)
			return fail(v, "empty hash slot %u has a tag", i);
		used += slot.ref != 0;
	}
	if (used != expected_used || used == count)
		return fail(v, "%s hash table holds %u of %u slots; expected %u and one empty",
			    s == SECTION_NAME_SLOTS ? "name" : "port", used, count, expected_used);
	return 0;
}

/* Walks key's probe sequence: the entry must be on it with the key's tag,
 * and no later entry with the same key may come before it (that would break
 * registry order). */
static bool slot_reachable(const struct index *ix, enum index_section s, uint32_t hash,
			   uint32_t id, bool (*same_key)(const struct index *, uint32_t, uint32_t,
							 const void *), const void *key)
{
	uint32_t count = ix->section[s].count;
	uint32_t i = hash_home(hash, count);
	for (uint32_t probes = 0; probes < count; probes++, i = (i + 1 == count) ? 0 : i + 1) {
		struct index_slot slot = index_slot(ix, s, i);
		uint32_t value = slot.ref;
		if (value == 0)
			return false;
		/* The entry's other names have slots of their own, with
		 * their own tags. */
		if (value - 1 == id && slot.tag == hash_tag(hash))
			return true;
		if (value - 1 > id && same_key(ix, value - 1, id, key))
			return false;
	}
	return false;
}

static bool entry_has_name(const struct index *ix, uint32_t other, uint32_t id, const void *key)
{
	struct index_entry e;
	(void)id;
	if (index_entry(ix, other, &e) != INDEX_OK)
		return false;
	if (ascii_equal_folded(e.name, key))
		return true;
	for (uint32_t a = 0; a < e.alias_count; a++)
		if (ascii_equal_folded(index_alias(ix, e.alias_first + a), key))
			return true;
	return false;
}

static bool entry_has_port(const struct index *ix, uint32_t other, uint32_t id, const void *key)
{
	struct index_entry e;
	(void)id;
	return index_entry(ix, other, &e) == INDEX_OK && e.port == *(const uint16_t *)key &&
	       e.last_port == e.port;
}

static int check_reachable(struct verifier *v)
{
	const struct index *ix = &v->ix;
	for (uint32_t id = 0; id < index_entry_count(ix); id++) {
		struct index_entry e;
		index_entry(ix, id, &e);
		if (!slot_reachable(ix, SECTION_NAME_SLOTS, hash_name(e.name), id, entry_has_name, e.name))
			return fail(v, "entry %u (%s) is not where a lookup by name looks", id, e.name);
		for (uint32_t a = 0; a < e.alias_count; a++) {
			const char *alias = index_alias(ix, e.alias_first + a);
			if (!slot_reachable(ix, SECTION_NAME_SLOTS, hash_name(alias), id, entry_has_name, alias))
				return fail(v, "alias %s of entry %u is not where a lookup looks", alias, id);
		}
		if (e.port == e.last_port &&
		    !slot_reachable(ix, SECTION_PORT_SLOTS, hash_port(e.port), id, entry_has_port, &e.port))
			return fail(v, "entry %u (%s) is not where a lookup by port looks", id, e.name);
	}
	return 0;
}

static int check_meta(struct verifier *v)
{
	const struct index_section_view *meta = &v->ix.section[SECTION_META];
	for (uint32_t pos = 0; pos < meta->count;) {
		const char *item = (const char *)meta->data + pos;
		if (strchr(item, '=') == NULL)
			return fail(v, "provenance item \"%s\" is not key=value", item);
		pos += (uint32_t)strlen(item) + 1;
	}
	return 0;
}

int index_verify(const void *data, size_t size, char *problem, size_t problem_size)
{
	struct verifier v = { .problem = problem, .problem_size = problem_size };
	enum index_status status = index_open(&v.ix, data, size);
	if (status != INDEX_OK)
		return fail(&v, "%s", index_status_text(status));
	if (get_u64(v.ix.base + HEADER_OFF_CHECKSUM) != index_checksum(v.ix.base, v.ix.size))
		return fail(&v, "checksum mismatch: the file was changed after it was built");
	uint32_t singles = index_entry_count(&v.ix) - index_range_total(&v.ix);
	if (check_protocols(&v) || check_entries(&v) ||
	    check_sorted_by_entry(&v, SECTION_ALIASES, ALIAS_SIZE, ENTRY_HAS_ALIASES, false) ||
	    check_sorted_by_entry(&v, SECTION_RANGES, RANGE_SIZE, ENTRY_IS_RANGE, true) ||
	    check_slot_values(&v, SECTION_NAME_SLOTS, index_entry_count(&v.ix) + index_alias_total(&v.ix)) ||
	    check_slot_values(&v, SECTION_PORT_SLOTS, singles) ||
	    check_reachable(&v) || check_meta(&v))
		return -1;
	return 0;
}
