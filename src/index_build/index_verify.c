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
#include <stdlib.h>
#include <string.h>

#include "bytes.h"
#include "hash.h"
#include "index_format.h"
#include "index_reader.h"
#include "index_writer.h"
#include "xalloc.h"

struct verifier {
	struct index ix;
	uint32_t *records;        /* the references of the records, in order */
	uint32_t record_count;
	uint32_t name_keys;       /* names and aliases of the records */
	uint32_t single_records;  /* records that are not ranges */
	uint32_t range_records;
	struct source_error *err;
};

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static int fail(struct verifier *v, const char *format, ...)
{
	va_list args;
	va_start(args, format);
	source_error_vset(v->err, 0, format, args);
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

/* A name as the format stores it: a token, its stored length its own. */
static bool is_stored_token(const struct index_text *t)
{
	return is_token(t->text) && strlen(t->text) == t->length;
}

static int check_protocols(struct verifier *v)
{
	uint32_t count = index_protocol_count(&v->ix);
	for (uint32_t i = 0; i < count; i++) {
		struct index_text proto;
		if (!index_protocol_text(&v->ix, i, &proto) || !is_stored_token(&proto) ||
		    !index_protocol_padded(&v->ix, i))
			return fail(v, "protocol %u has a bad name", i);
		for (uint32_t j = 0; j < i; j++)
			if (strcmp(proto.text, index_protocol(&v->ix, j)) == 0)
				return fail(v, "protocol \"%s\" is listed twice", proto.text);
	}
	return 0;
}

static int check_record(struct verifier *v, uint32_t ref, const struct index_record *r)
{
	if (!is_stored_token(&r->name))
		return fail(v, "record %u has a bad name", ref);
	for (uint32_t k = 0; k < r->protocol_count; k++) {
		if (r->protocol[k] >= index_protocol_count(&v->ix))
			return fail(v, "record %u (%s) has an unknown protocol", ref, r->name.text);
		for (uint32_t j = 0; j < k; j++)
			if (r->protocol[j] == r->protocol[k])
				return fail(v, "record %u (%s) lists a protocol twice", ref, r->name.text);
	}
	if (r->is_range && r->last_port <= r->port)
		return fail(v, "record %u (%s) has a range that ends where it starts", ref, r->name.text);
	for (uint32_t a = 0; a < r->alias_count; a++)
		if (!is_stored_token(&r->alias[a]))
			return fail(v, "record %u (%s) has a bad alias", ref, r->name.text);
	if (!r->zero_padded)
		return fail(v, "record %u (%s) is not padded with zeros", ref, r->name.text);
	return 0;
}

/* RECORDS is a sequence of sound records, each starting where the one
 * before it ends, up to the section's end. */
static int check_records(struct verifier *v)
{
	uint32_t end = index_record_end(&v->ix), ref = 0;
	if (index_section_bytes(&v->ix, SECTION_RECORDS) % RECORD_ALIGN != 0)
		return fail(v, "the records do not end on a %d-byte boundary", RECORD_ALIGN);
	v->records = xcalloc(end ? end : 1, sizeof(*v->records));
	while (ref < end) {
		struct index_record r;
		if (index_record(&v->ix, ref, &r) != INDEX_OK)
			return fail(v, "record %u is malformed", ref);
		if (check_record(v, ref, &r) != 0)
			return -1;
		v->records[v->record_count++] = ref;
		v->name_keys += 1 + r.alias_count;
		v->single_records += !r.is_range;
		v->range_records += r.is_range;
		ref = r.next;
	}
	return 0;
}

/* ENTRIES lists each record once per protocol, in order, and every entry
 * reads. */
static int check_entries(struct verifier *v)
{
	uint32_t id = 0, count = index_entry_count(&v->ix);
	for (uint32_t i = 0; i < v->record_count; i++) {
		struct index_record r;
		index_record(&v->ix, v->records[i], &r);
		for (uint32_t k = 0; k < r.protocol_count; k++, id++) {
			uint32_t ref;
			struct index_entry e;
			if (!index_entry_record(&v->ix, id, &ref) || ref != v->records[i])
				return fail(v, "entry %u is not the next entry of record %u (%s)", id,
					    v->records[i], r.name.text);
			if (index_entry(&v->ix, id, &e) != INDEX_OK || e.position != k)
				return fail(v, "entry %u is malformed", id);
			if (v->ix.flags & INDEX_FLAG_DESCRIPTIONS && index_description(&v->ix, id) == NULL)
				return fail(v, "entry %u (%s) has a bad description", id, e.name);
		}
	}
	if (id != count)
		return fail(v, "%u entries listed; the records have %u", count, id);
	return 0;
}

/* RANGES holds every range record, in order, with its ports. */
static int check_ranges(struct verifier *v)
{
	uint32_t position = 0;
	if (index_section_count(&v->ix, SECTION_RANGES) != v->range_records)
		return fail(v, "%u records are ranges but the range table has %u", v->range_records,
			    index_section_count(&v->ix, SECTION_RANGES));
	for (uint32_t i = 0; i < v->record_count; i++) {
		struct index_record r;
		uint16_t first, last;
		uint32_t ref;
		index_record(&v->ix, v->records[i], &r);
		if (!r.is_range)
			continue;
		if (!index_range(&v->ix, position++, &first, &last, &ref) || ref != v->records[i] ||
		    first != r.port || last != r.last_port)
			return fail(v, "range %u is not that of record %u (%s)", position - 1,
				    v->records[i], r.name.text);
	}
	return 0;
}

static int by_reference(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return (x > y) - (x < y);
}

static bool is_record(const struct verifier *v, uint32_t ref)
{
	return bsearch(&ref, v->records, v->record_count, sizeof(*v->records), by_reference) != NULL;
}

struct slot_table {
	const struct index *ix;
	enum index_section s;
};

static bool group_full(const void *table, uint32_t group)
{
	const struct slot_table *t = table;
	struct index_slot slot;
	for (uint32_t lane = 0; lane < SLOT_GROUP; lane++)
		if (!index_slot(t->ix, t->s, group * SLOT_GROUP + lane, &slot) || slot.tag == 0)
			return false;
	return true;
}

/* A group's used slots come before its empty ones (index_format.h), so
 * that the walk, which stops at the first empty one, sees them all. */
static bool group_packed(const struct index *ix, enum index_section s, uint32_t group)
{
	bool seen_empty = false;
	struct index_slot slot;
	for (uint32_t lane = 0; lane < SLOT_GROUP; lane++) {
		if (!index_slot(ix, s, group * SLOT_GROUP + lane, &slot))
			return false;
		if (slot.tag != 0 && seen_empty)
			return false;
		seen_empty = seen_empty || slot.tag == 0;
	}
	return true;
}

static int check_slot_values(struct verifier *v, enum index_section s, uint32_t expected_used)
{
	const char *table = s == SECTION_NAME_SLOTS ? "name" : "port";
	uint32_t count = index_slot_count(&v->ix, s), used = 0;
	for (uint32_t i = 0; i < count; i++) {
		struct index_slot slot;
		if (!index_slot(&v->ix, s, i, &slot))
			return fail(v, "%s hash slot %u cannot be read", table, i);
		if (slot.tag != 0 && !is_record(v, slot.ref))
			return fail(v, "%s hash slot %u points at no record", table, i);
		if (slot.tag == 0 && slot.ref != 0)
			return fail(v, "empty %s hash slot %u holds a reference", table, i);
		if ((slot.tag == 0 || s == SECTION_PORT_SLOTS) && slot.name != 0)
			return fail(v, "%s hash slot %u names a name of its record", table, i);
		used += slot.tag != 0;
	}
	if (used != expected_used || used == count)
		return fail(v, "%s hash table holds %u of %u slots; expected %u and one empty", table,
			    used, count, expected_used);
	uint32_t groups = count / SLOT_GROUP;
	for (uint32_t g = 0; g < groups; g++)
		if (!group_packed(&v->ix, s, g))
			return fail(v, "%s hash group %u has a used slot after an empty one", table, g);
	struct slot_table t = { &v->ix, s };
	uint32_t longest = probe_longest_full_run(group_full, &t, groups);
	if (longest >= INDEX_MAX_PROBE_GROUPS)
		return fail(v, "%s hash table has a run of %u full groups; the limit is %d", table,
			    longest, INDEX_MAX_PROBE_GROUPS - 1);
	return 0;
}

typedef bool (*same_key)(const struct index *ix, uint32_t record, const void *key);

/* Walks key's probe sequence as a lookup does: the record's slot for its
 * name number `name` must be on it, and no later record with the same key
 * may come before it (that would break registry order). */
static bool slot_reachable(const struct index *ix, enum index_section s, uint32_t hash,
			   uint32_t ref, uint8_t name, same_key has_key, const void *key)
{
	struct index_probe probe;
	struct index_slot candidate;
	index_probe_start(ix, s, hash, &probe);
	while (index_probe_next(ix, &probe, &candidate) == PROBE_CANDIDATE) {
		/* The record's other names have slots of their own. */
		if (candidate.ref == ref && candidate.name == name)
			return true;
		if (candidate.ref > ref && has_key(ix, candidate.ref, key))
			return false;
	}
	return false;
}

static bool record_has_name(const struct index *ix, uint32_t other, const void *key)
{
	struct index_record r;
	if (index_record(ix, other, &r) != INDEX_OK)
		return false;
	if (ascii_equal_folded(r.name.text, key))
		return true;
	for (uint32_t a = 0; a < r.alias_count; a++)
		if (ascii_equal_folded(r.alias[a].text, key))
			return true;
	return false;
}

static bool record_has_port(const struct index *ix, uint32_t other, const void *key)
{
	struct index_record r;
	return index_record(ix, other, &r) == INDEX_OK && !r.is_range &&
	       r.port == *(const uint16_t *)key;
}

static bool name_reachable(const struct index *ix, uint32_t ref, uint8_t number,
			   const struct index_text *name)
{
	return slot_reachable(ix, SECTION_NAME_SLOTS, hash_name(name->text, name->length), ref,
			      number, record_has_name, name->text);
}

static int check_reachable(struct verifier *v)
{
	const struct index *ix = &v->ix;
	for (uint32_t i = 0; i < v->record_count; i++) {
		struct index_record r;
		uint32_t ref = v->records[i];
		index_record(ix, ref, &r);
		if (!name_reachable(ix, ref, 0, &r.name))
			return fail(v, "record %u (%s) is not where a lookup by name looks", ref,
				    r.name.text);
		for (uint32_t a = 0; a < r.alias_count; a++)
			if (!name_reachable(ix, ref, (uint8_t)(a + 1), &r.alias[a]))
				return fail(v, "alias %s of record %u is not where a lookup looks",
					    r.alias[a].text, ref);
		if (!r.is_range && !slot_reachable(ix, SECTION_PORT_SLOTS, hash_port(r.port), ref, 0,
						   record_has_port, &r.port))
			return fail(v, "record %u (%s) is not where a lookup by port looks", ref,
				    r.name.text);
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

static int check_sections(struct verifier *v)
{
	if (check_protocols(v) || check_records(v) || check_entries(v) || check_ranges(v) ||
	    check_slot_values(v, SECTION_NAME_SLOTS, v->name_keys) ||
	    check_slot_values(v, SECTION_PORT_SLOTS, v->single_records) ||
	    check_reachable(v) || check_meta(v))
		return -1;
	return 0;
}

int index_verify(const void *data, size_t size, struct source_error *err)
{
	struct verifier v = { .err = err };
	enum index_status status = index_open(&v.ix, data, size);
	if (status != INDEX_OK)
		return fail(&v, "%s", index_status_text(status));
	if (get_u64(v.ix.base + HEADER_OFF_CHECKSUM) != index_checksum(v.ix.base, v.ix.size))
		return fail(&v, "checksum mismatch: the file was changed after it was built");
	int result = check_sections(&v);
	free(v.records);
	return result;
}
