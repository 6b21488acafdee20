#include "index_exercise.h"

#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "index_verify.h"
#include "servent.h"

/* Bounds on the work one image can ask for, so that a large input costs
 * the fuzzer time linear in its size rather than quadratic. */
#define MAX_LOOKED_UP_ENTRIES 256
#define MAX_QUERY_TOKENS 64
#define MAX_QUERY_PORTS 64
#define MAX_TOKEN 300

struct run {
	struct index ix;
	struct exercise_result *result;
};

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void broken(struct run *r, const char *format, ...)
{
	if (r->result->broken[0] != '\0')
		return;
	va_list args;
	va_start(args, format);
	vsnprintf(r->result->broken, sizeof(r->result->broken), format, args);
	va_end(args);
}

/* Counts an answer; true when it reported corruption, which only an
 * image that index_verify refused may do. */
static bool counted(struct run *r, bool corrupt, const char *what)
{
	r->result->answers++;
	if (!corrupt)
		return false;
	r->result->corrupt++;
	if (r->result->sound)
		broken(r, "%s reports corruption in an index that index_verify accepts", what);
	return true;
}

static bool proto_matches(const struct index_entry *e, const char *proto)
{
	return proto == NULL || strcmp(e->proto, proto) == 0;
}

/* Whether the entry's name or one of its aliases is name (exactly, or
 * ignoring ASCII case). */
static bool answers_to(const struct index *ix, const struct index_entry *e, const char *name,
		       bool exactly)
{
	if (exactly ? strcmp(e->name, name) == 0 : ascii_equal_folded(e->name, name))
		return true;
	for (uint32_t a = 0; a < e->alias_count; a++) {
		const char *alias = index_alias(ix, e->alias_first + a);
		if (alias != NULL && (exactly ? strcmp(alias, name) == 0 : ascii_equal_folded(alias, name)))
			return true;
	}
	return false;
}

/* What index_find_name must answer in a sound index, by linear scan. */
static enum index_lookup expected_by_name(const struct index *ix, const char *name,
					  const char *proto, uint32_t *id)
{
	struct index_entry e;
	for (int exactly = 1; exactly >= 0; exactly--)
		for (uint32_t i = 0; i < index_entry_count(ix); i++)
			if (index_entry(ix, i, &e) == INDEX_OK && proto_matches(&e, proto) &&
			    answers_to(ix, &e, name, exactly)) {
				*id = i;
				return LOOKUP_FOUND;
			}
	return LOOKUP_ABSENT;
}

/* What index_find_port must answer in a sound index: the first single
 * port, else the first range that covers it. */
static enum index_lookup expected_by_port(const struct index *ix, uint16_t port,
					  const char *proto, uint32_t *id)
{
	struct index_entry e;
	for (int single = 1; single >= 0; single--)
		for (uint32_t i = 0; i < index_entry_count(ix); i++) {
			if (index_entry(ix, i, &e) != INDEX_OK || !proto_matches(&e, proto) ||
			    (e.port == e.last_port) != single)
				continue;
			if (e.port <= port && port <= e.last_port) {
				*id = i;
				return LOOKUP_FOUND;
			}
		}
	return LOOKUP_ABSENT;
}

static void compare_with_scan(struct run *r, const char *query, enum index_lookup got,
			      uint32_t got_id, enum index_lookup want, uint32_t want_id)
{
	if (got != want)
		broken(r, "lookup of %s answers %s; a scan of the entries says %s", query,
		       got == LOOKUP_FOUND ? "found" : "absent", want == LOOKUP_FOUND ? "found" : "absent");
	else if (got == LOOKUP_FOUND && got_id != want_id)
		broken(r, "lookup of %s answers entry %u; the first in registry order is %u", query,
		       got_id, want_id);
}

static void look_up_name(struct run *r, const char *name, const char *proto)
{
	struct index_entry e;
	enum index_lookup got = index_find_name(&r->ix, name, proto, &e);
	if (counted(r, got == LOOKUP_CORRUPT, "a lookup by name"))
		return;
	uint32_t got_id = got == LOOKUP_FOUND ? index_entry_id(&r->ix, &e) : INDEX_NO_ID;
	if (got == LOOKUP_FOUND && (!answers_to(&r->ix, &e, name, false) || !proto_matches(&e, proto)))
		broken(r, "lookup of name \"%s\" answers entry %u (%s/%s), which is not it", name,
		       got_id, e.name, e.proto);
	if (r->result->sound) {
		uint32_t want_id = 0;
		enum index_lookup want = expected_by_name(&r->ix, name, proto, &want_id);
		char query[MAX_TOKEN + 64];
		snprintf(query, sizeof(query), "name \"%s\"/%s", name, proto ? proto : "any");
		compare_with_scan(r, query, got, got_id, want, want_id);
	}
}

static void look_up_port(struct run *r, uint16_t port, const char *proto)
{
	struct index_entry e;
	enum index_lookup got = index_find_port(&r->ix, port, proto, &e);
	if (counted(r, got == LOOKUP_CORRUPT, "a lookup by port"))
		return;
	uint32_t got_id = got == LOOKUP_FOUND ? index_entry_id(&r->ix, &e) : INDEX_NO_ID;
	if (got == LOOKUP_FOUND && (e.port > port || !proto_matches(&e, proto)))
		broken(r, "lookup of port %u/%s answers entry %u (%u/%s)", port, proto ? proto : "any",
		       got_id, e.port, e.proto);
	if (r->result->sound) {
		uint32_t want_id = 0;
		enum index_lookup want = expected_by_port(&r->ix, port, proto, &want_id);
		char query[64];
		snprintf(query, sizeof(query), "port %u/%s", port, proto ? proto : "any");
		compare_with_scan(r, query, got, got_id, want, want_id);
	}
}

/* The bytes servent_fill needs for e in a pointer-aligned buffer; false
 * when an alias lies outside the string pool. */
static bool servent_size(const struct index *ix, const struct index_entry *e, size_t *size)
{
	*size = (e->alias_count + 1) * sizeof(char *) + e->name_length + 1 + e->proto_length + 1;
	for (uint32_t a = 0; a < e->alias_count; a++) {
		struct index_text alias;
		if (!index_alias_text(ix, e->alias_first + a, &alias))
			return false;
		*size += alias.length + 1;
	}
	return true;
}

static bool inside(const char *p, const char *buffer, size_t size)
{
	return p >= buffer && p < buffer + size;
}

static void check_servent_copy(struct run *r, const struct index_entry *e,
			       const struct servent *s, const char *buffer, size_t size)
{
	bool faithful = inside(s->s_name, buffer, size) && strcmp(s->s_name, e->name) == 0 &&
			inside(s->s_proto, buffer, size) && strcmp(s->s_proto, e->proto) == 0 &&
			s->s_port == (int)htons(e->port) && inside((const char *)s->s_aliases, buffer, size);
	for (uint32_t a = 0; faithful && a < e->alias_count; a++)
		faithful = inside(s->s_aliases[a], buffer, size) &&
			   strcmp(s->s_aliases[a], index_alias(&r->ix, e->alias_first + a)) == 0;
	if (!faithful || s->s_aliases[e->alias_count] != NULL)
		broken(r, "servent_fill of entry %u is not a copy of it", e->id);
}

/* Fills into an exact-size buffer (so ASan sees any overrun), then into
 * one a byte short, which must come back untouched. */
static void check_servent(struct run *r, const struct index_entry *e)
{
	size_t size;
	struct servent s;
	if (!servent_size(&r->ix, e, &size)) {
		char spare[64];
		counted(r, true, "an alias of an entry");
		if (servent_fill(&r->ix, e, e->port, &s, spare, sizeof(spare)) != FILL_CORRUPT)
			broken(r, "servent_fill of entry %u misses its bad alias", e->id);
		return;
	}
	/* glibc's kilobyte, where short answers are moved whole. */
	char roomy[1024];
	if (size <= sizeof(roomy)) {
		if (servent_fill(&r->ix, e, e->port, &s, roomy, sizeof(roomy)) != FILL_DONE)
			broken(r, "servent_fill of entry %u does not fit in a kilobyte", e->id);
		else
			check_servent_copy(r, e, &s, roomy, sizeof(roomy));
	}
	char *buffer = malloc(size);
	enum fill_result fill = servent_fill(&r->ix, e, e->port, &s, buffer, size);
	if (fill != FILL_DONE)
		broken(r, "servent_fill of entry %u does not fit in the %zu bytes it needs", e->id, size);
	else
		check_servent_copy(r, e, &s, buffer, size);
	memset(buffer, 0xa5, size);
	if (servent_fill(&r->ix, e, e->port, &s, buffer, size - 1) != FILL_TOO_SMALL)
		broken(r, "servent_fill of entry %u fits in %zu bytes, less than it needs", e->id, size - 1);
	for (size_t i = 0; i < size; i++)
		if ((unsigned char)buffer[i] != 0xa5) {
			broken(r, "servent_fill of entry %u wrote into a buffer too small for it", e->id);
			break;
		}
	free(buffer);
}

/* The same name with its ASCII letters' case swapped. */
static void swap_case(const char *name, char *out, size_t size)
{
	size_t i = 0;
	for (; name[i] != '\0' && i + 1 < size; i++) {
		unsigned char c = (unsigned char)name[i];
		out[i] = (char)(c >= 'a' && c <= 'z' ? c - 32 : c >= 'A' && c <= 'Z' ? c + 32 : c);
	}
	out[i] = '\0';
}

static void look_up_entry(struct run *r, const struct index_entry *e)
{
	char swapped[MAX_TOKEN];
	look_up_name(r, e->name, NULL);
	look_up_name(r, e->name, e->proto);
	swap_case(e->name, swapped, sizeof(swapped));
	look_up_name(r, swapped, e->proto);
	for (uint32_t a = 0; a < e->alias_count; a++) {
		const char *alias = index_alias(&r->ix, e->alias_first + a);
		if (alias != NULL)
			look_up_name(r, alias, e->proto);
	}
	look_up_port(r, e->port, NULL);
	look_up_port(r, e->port, e->proto);
	look_up_port(r, e->last_port, e->proto);
}

static void read_entries(struct run *r)
{
	uint32_t count = index_entry_count(&r->ix);
	for (uint32_t id = 0; id < count; id++) {
		struct index_entry e;
		if (counted(r, index_entry(&r->ix, id, &e) != INDEX_OK, "reading an entry"))
			continue;
		check_servent(r, &e);
		if (r->ix.flags & INDEX_FLAG_DESCRIPTIONS)
			counted(r, index_description(&r->ix, id) == NULL, "a description");
		if (id < MAX_LOOKED_UP_ENTRIES)
			look_up_entry(r, &e);
	}
}

static void look_up_queries(struct run *r, const uint8_t *queries, size_t size)
{
	static const char *const protocols[] = { NULL, "tcp", "udp" };
	char token[MAX_TOKEN];
	size_t length = 0, tokens = 0;
	for (size_t i = 0; i <= size && tokens < MAX_QUERY_TOKENS; i++) {
		if (i < size && queries[i] != '\0' && queries[i] != '\n') {
			if (length + 1 < sizeof(token))
				token[length++] = (char)queries[i];
			continue;
		}
		token[length] = '\0';
		for (size_t p = 0; p < sizeof(protocols) / sizeof(protocols[0]); p++)
			look_up_name(r, token, protocols[p]);
		length = 0;
		tokens++;
	}
	for (size_t i = 0; i + 1 < size && i / 2 < MAX_QUERY_PORTS; i += 2)
		look_up_port(r, (uint16_t)(queries[i] | queries[i + 1] << 8), i % 4 ? "udp" : NULL);
	look_up_port(r, 0, NULL);
	look_up_port(r, UINT16_MAX, "tcp");
}

static void read_header_items(struct run *r)
{
	index_meta(&r->ix, "source");
	index_meta(&r->ix, "no-such-key");
	for (uint32_t p = 0; p <= index_protocol_count(&r->ix); p++)
		index_protocol(&r->ix, p);
	for (int s = 0; s < SECTION_COUNT; s++)
		index_section_bytes(&r->ix, (enum index_section)s);
}

void exercise_index(const uint8_t *image, size_t size, const uint8_t *queries,
		    size_t query_size, struct exercise_result *out)
{
	struct source_error err = { 0 };
	struct run r = { .result = out };
	memset(out, 0, sizeof(*out));
	out->sound = index_verify(image, size, &err) == 0;
	out->open = index_open(&r.ix, image, size);
	if (out->open != INDEX_OK) {
		if (out->sound)
			broken(&r, "index_open refuses (%s) an index that index_verify accepts",
			       index_status_text(out->open));
		return;
	}
	read_header_items(&r);
	read_entries(&r);
	look_up_queries(&r, queries, query_size);
}
