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

static const char *section_noun(enum index_section s)
{
	return s == SECTION_ALIASES ? "alias" : "range";
}

/* Sorted by entry, and each one where a reader of its entry finds it:
 * then the aliases and ranges that index_entry() decodes are all of them. */
static int check_sorted_by_entry(struct verifier *v, enum index_section s, bool strictly)
{
	uint32_t count = index_section_count(&v->ix, s), previous = 0, entry;
	for (uint32_t i = 0; i < count; i++) {
		struct index_entry e;
		bool owned = s == SECTION_ALIASES ? index_alias_owner(&v->ix, i, &entry)
						  : index_range_owner(&v->ix, i, &entry);
		if (!owned || index_entry(&v->ix, entry, &e) != INDEX_OK)
			return fail(v, "%s %u points past the entries", section_noun(s), i);
		if (i > 0 && (entry < previous || (strictly && entry == previous)))
			return fail(v, "%s table is not sorted", section_noun(s));
		bool found = s == SECTION_ALIASES
				     ? e.alias_count > 0 && i >= e.alias_first && i - e.alias_first < e.alias_count
				     : e.last_port != e.port;
		if (!found)
			return fail(v, "%s %u belongs to an entry not flagged for it", section_noun(s), i);
		previous = entry;
	}
	return 0;
}

struct slot_table {
	const struct index *ix;
	enum index_section s;
};

static bool slot_used(const void *table, uint32_t i)
{
	const struct slot_table *t = table;
	struct index_slot slot;
	return index_slot(t->ix, t->s, i, &slot) && slot.ref != 0;
}

static int check_slot_values(struct verifier *v, enum index_section s, uint32_t expected_used)
{
	const char *table = s == SECTION_NAME_SLOTS ? "name" : "port";
	uint32_t count = index_section_count(&v->ix, s), used = 0;
	for (uint32_t i = 0; i < count; i++) {
		struct index_slot slot;
		if (!index_slot(&v->ix, s, i, &slot))
			return fail(v, "%s hash slot %u cannot be read", table, i);
		if (slot.ref > index_entry_count(&v->ix))
			return fail(v, "hash slot %u points past the entries", i);
		if (slot.ref == 0 && slot.tag != 0)
			return fail(v, "empty hash slot %u has a tag", i);
		used += slot.ref != 0;
	}
	if (used != expected_used || used == count)
		return fail(v, "%s hash table holds %u of %u slots; expected %u and one empty", table,
			    used, count, expected_used);
	struct slot_table t = { &v->ix, s };
	uint32_t longest = probe_longest_run(slot_used, &t, count);
	if (longest >= INDEX_MAX_PROBES)
		return fail(v, "%s hash table has a run of %u used slots; the limit is %d", table,
			    longest, INDEX_MAX_PROBES - 1);
	return 0;
}

/* Walks key's probe sequence as a lookup does: the entry must be on it,
 * and no later entry with the same key may come before it (that would
 * break registry order). */
static bool slot_reachable(const struct index *ix, enum index_section s, uint32_t hash,
			   uint32_t id, bool (*same_key)(const struct index *, uint32_t, const void *),
			   const void *key)
{
	struct index_probe probe;
	uint32_t candidate;
	index_probe_start(ix, s, hash, &probe);
	while (index_probe_next(ix, &probe, &candidate) == PROBE_CANDIDATE) {
		/* The entry's other names have slots of their own. */
		if (candidate == id)
			return true;
		if (candidate > id && same_key(ix, candidate, key))
			return false;
	}
	return false;
}

static bool entry_has_name(const struct index *ix, uint32_t other, const void *key)
{
	struct index_entry e;
	if (index_entry(ix, other, &e) != INDEX_OK)
		return false;
	if (ascii_equal_folded(e.name, key))
		return true;
	for (uint32_t a = 0; a < e.alias_count; a++)
		if (ascii_equal_folded(index_alias(ix, e.alias_first + a), key))
			return true;
	return false;
}

static bool entry_has_port(const struct index *ix, uint32_t other, const void *key)
{
	struct index_entry e;
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
	uint32_t position = 0;
	const char *item;
	while ((item = index_meta_next(&v->ix, &position)) != NULL)
		if (strchr(item, '=') == NULL)
			return fail(v, "provenance item \"%s\" is not key=value", item);
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
	    check_sorted_by_entry(&v, SECTION_ALIASES, false) ||
	    check_sorted_by_entry(&v, SECTION_RANGES, true) ||
	    check_slot_values(&v, SECTION_NAME_SLOTS, index_entry_count(&v.ix) + index_alias_total(&v.ix)) ||
	    check_slot_values(&v, SECTION_PORT_SLOTS, singles) ||
	    check_reachable(&v) || check_meta(&v))
		return -1;
	return 0;
}
