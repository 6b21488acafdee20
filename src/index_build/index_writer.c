/*
 * The index writer: the entries are grouped into records, each section is
 * assembled in its own buffer, then the header and the sections are laid
 * out in the order index_format.h gives.
 */
#include "index_writer.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bytes.h"
#include "hash.h"
#include "index_format.h"
#include "strmap.h"
#include "xalloc.h"

/* A run of consecutive entries that differ only in protocol: one record. */
struct group {
	size_t first;      /* its first entry in the list */
	size_t count;      /* its entries, at most RECORD_MAX_PROTOCOLS */
	uint32_t ref;      /* its record's reference */
};

struct writer {
	const struct service_list *list;
	const struct index_options *options;
	unsigned slot_width;
	struct buf section[SECTION_COUNT];
	struct strmap strings;    /* description -> offset in STRINGS */
	struct strmap protocols;  /* protocol -> id */
	uint8_t *proto_ids;       /* per entry */
	struct group *groups;
	size_t group_count;
	struct source_error *err;
};

static int fail(struct writer *w, const char *message)
{
	source_error_set(w->err, 0, "%s", message);
	return -1;
}

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static int fail_at(struct writer *w, const struct service *s, const char *format, ...)
{
	char problem[160];
	va_list args;
	va_start(args, format);
	vsnprintf(problem, sizeof(problem), format, args);
	va_end(args);
	source_error_set(w->err, 0, "line %lu: \"%.64s\" %u/%.32s: %s", s->line, s->name, s->port,
			 s->proto, problem);
	return -1;
}

static bool longer_than(const char *text, size_t limit)
{
	return strnlen(text, limit + 1) > limit;
}

/*
 * The format's limits (index_format.h).  The compiler refuses input beyond
 * them where it reads it, naming the line; this is the writer's own guard,
 * so that nothing it is given can make an index that a reader refuses.
 */
static int check_limits(struct writer *w)
{
	for (size_t i = 0; i < w->list->count; i++) {
		const struct service *s = &w->list->items[i];
		if (s->name[0] == '\0' || longer_than(s->name, INDEX_MAX_NAME))
			return fail_at(w, s, "the name is empty or longer than %d bytes", INDEX_MAX_NAME);
		if (s->proto[0] == '\0' || longer_than(s->proto, INDEX_MAX_PROTOCOL_NAME))
			return fail_at(w, s, "the protocol is empty or longer than %d bytes",
				       INDEX_MAX_PROTOCOL_NAME);
		if (s->last_port < s->port)
			return fail_at(w, s, "the range ends before it starts");
		if (s->alias_count > INDEX_MAX_ALIASES)
			return fail_at(w, s, "%zu aliases; the limit is %d",
				       s->alias_count, INDEX_MAX_ALIASES);
		for (size_t a = 0; a < s->alias_count; a++)
			if (s->aliases[a][0] == '\0' || longer_than(s->aliases[a], INDEX_MAX_NAME))
				return fail_at(w, s, "an alias is empty or longer than %d bytes",
					       INDEX_MAX_NAME);
	}
	return 0;
}

static void append_u32(struct buf *b, uint32_t v)
{
	put_u32(buf_append_zeros(b, 4), v);
}

static int protocol_id(struct writer *w, const char *proto, uint8_t *id)
{
	uint32_t value;
	if (!strmap_get(&w->protocols, proto, &value)) {
		value = (uint32_t)w->protocols.count;
		if (value >= INDEX_MAX_PROTOCOLS)
			return fail(w, "more than 255 different protocols");
		strmap_add(&w->protocols, proto, value);
		size_t length = strlen(proto);
		uint8_t *p = buf_append_zeros(&w->section[SECTION_PROTOCOLS], PROTOCOL_SIZE);
		p[PROTOCOL_OFF_LENGTH] = (uint8_t)length;
		memcpy(p + PROTOCOL_OFF_NAME, proto, length + 1);
	}
	*id = (uint8_t)value;
	return 0;
}

static int write_protocols(struct writer *w)
{
	w->proto_ids = xcalloc(w->list->count + 1, 1);
	for (size_t i = 0; i < w->list->count; i++)
		if (protocol_id(w, w->list->items[i].proto, &w->proto_ids[i]) != 0)
			return -1;
	return 0;
}

static bool same_but_protocol(const struct service *a, const struct service *b)
{
	if (strcmp(a->name, b->name) != 0 || a->port != b->port || a->last_port != b->last_port ||
	    a->alias_count != b->alias_count)
		return false;
	for (size_t i = 0; i < a->alias_count; i++)
		if (strcmp(a->aliases[i], b->aliases[i]) != 0)
			return false;
	return true;
}

/* Whether entry i can join group g: the same but for a protocol the group
 * does not have yet, and room for one more. */
static bool joins(const struct writer *w, const struct group *g, size_t i)
{
	if (g->count == RECORD_MAX_PROTOCOLS ||
	    !same_but_protocol(&w->list->items[g->first], &w->list->items[i]))
		return false;
	for (size_t k = 0; k < g->count; k++)
		if (w->proto_ids[g->first + k] == w->proto_ids[i])
			return false;
	return true;
}

static void group_entries(struct writer *w)
{
	struct group *last = NULL;
	w->groups = xcalloc(w->list->count + 1, sizeof(*w->groups));
	for (size_t i = 0; i < w->list->count; i++) {
		if (last != NULL && joins(w, last, i)) {
			last->count++;
			continue;
		}
		last = &w->groups[w->group_count++];
		*last = (struct group){ .first = i, .count = 1 };
	}
}

static void append_text(struct buf *b, const char *text)
{
	size_t length = strlen(text);
	buf_append_byte(b, (uint8_t)length);
	buf_append(b, text, length + 1);
}

/* One record per group (index_format.h, RECORDS). */
static void write_records(struct writer *w)
{
	struct buf *b = &w->section[SECTION_RECORDS];
	for (size_t g = 0; g < w->group_count; g++) {
		struct group *group = &w->groups[g];
		const struct service *s = &w->list->items[group->first];
		bool range = s->last_port != s->port;
		size_t name_length = strlen(s->name);
		group->ref = (uint32_t)(b->length / RECORD_ALIGN);
		uint8_t *head = buf_append_zeros(b, RECORD_HEAD_SIZE);
		put_u16(head + RECORD_OFF_PORT, s->port);
		head[RECORD_OFF_NAME_LENGTH] = (uint8_t)name_length;
		head[RECORD_OFF_SHAPE] = (uint8_t)((group->count - 1) | (range ? RECORD_IS_RANGE : 0) |
						   (s->alias_count ? RECORD_HAS_ALIASES : 0));
		buf_append(b, s->name, name_length + 1);
		buf_append(b, &w->proto_ids[group->first], group->count);
		if (range)
			put_u16(buf_append_zeros(b, 2), s->last_port);
		if (s->alias_count)
			buf_append_byte(b, (uint8_t)s->alias_count);
		for (size_t a = 0; a < s->alias_count; a++)
			append_text(b, s->aliases[a]);
		buf_pad_to(b, RECORD_ALIGN);
	}
}

static int choose_slot_width(struct writer *w)
{
	uint64_t refs = w->section[SECTION_RECORDS].length / RECORD_ALIGN;
	w->slot_width = w->options->slot_width;
	if (w->slot_width == 0)
		w->slot_width = refs <= UINT16_MAX ? 2 : 4;
	if (w->slot_width != 2 && w->slot_width != 4)
		return fail(w, "slot width must be 2 or 4");
	if (w->slot_width == 2 && refs > UINT16_MAX)
		return fail(w, "too many records for 2-byte slots");
	return 0;
}

/* A record reference, slot_width bytes (ENTRIES and the hash slots). */
static void put_ref(uint8_t *p, unsigned width, uint32_t ref)
{
	if (width == 2)
		put_u16(p, (uint16_t)ref);
	else
		put_u32(p, ref);
}

/* RANGES holds a record's range once, however many protocols share it. */
static int check_range_count(struct writer *w)
{
	size_t ranges = 0;
	for (size_t g = 0; g < w->group_count; g++) {
		const struct service *s = &w->list->items[w->groups[g].first];
		ranges += s->last_port != s->port;
	}
	if (ranges <= INDEX_MAX_RANGES)
		return 0;
	source_error_set(w->err, 0, "%zu port ranges; the limit is %d", ranges, INDEX_MAX_RANGES);
	return -1;
}

static int write_entries_and_ranges(struct writer *w)
{
	if (check_range_count(w) != 0)
		return -1;
	for (size_t g = 0; g < w->group_count; g++) {
		const struct group *group = &w->groups[g];
		const struct service *s = &w->list->items[group->first];
		for (size_t k = 0; k < group->count; k++)
			put_ref(buf_append_zeros(&w->section[SECTION_ENTRIES], w->slot_width), w->slot_width,
				group->ref);
		if (s->last_port == s->port)
			continue;
		uint8_t *r = buf_append_zeros(&w->section[SECTION_RANGES], RANGE_SIZE);
		put_u16(r + RANGE_OFF_FIRST, s->port);
		put_u16(r + RANGE_OFF_LAST, s->last_port);
		put_u32(r + RANGE_OFF_RECORD, group->ref);
	}
	return 0;
}

/* Load factor at most 0.7, in whole groups.  A miss then reads the tags
 * of one group, rarely two: a cache line, and nothing else. */
static uint32_t group_count_for(size_t keys)
{
	return (uint32_t)((keys * 10 / 7 + 1 + SLOT_GROUP - 1) / SLOT_GROUP);
}

/* A hash table being filled: its groups, in the section's own buffer. */
struct table {
	uint8_t *groups;
	uint32_t count;     /* of groups */
	unsigned width;
};

static uint8_t *group_of(const struct table *t, uint32_t slot)
{
	return t->groups + (size_t)(slot / SLOT_GROUP) * GROUP_SIZE(t->width);
}

/* Puts the record, for its name number name (index_format.h), in the
 * empty slot the key's probe walk ends at (hash.h); false when the walk
 * fails before it meets one. */
static bool put_slot(struct table *t, uint32_t hash, uint32_t ref, uint8_t name)
{
	struct probe_walk walk = probe_walk_start(hash, t->count);
	uint32_t slot;
	enum probe_step step;
	do
		step = probe_walk_next(&walk, t->groups, GROUP_SIZE(t->width), &slot);
	while (step == PROBE_CANDIDATE);
	if (step != PROBE_END)
		return false;
	uint8_t *group = group_of(t, slot);
	put_ref(group + GROUP_OFF_REFS + (size_t)(slot % SLOT_GROUP) * t->width, t->width, ref);
	group[GROUP_OFF_TAGS + slot % SLOT_GROUP] = hash_tag(hash);
	group[GROUP_OFF_NAMES(t->width) + slot % SLOT_GROUP] = name;
	return true;
}

static bool group_full(const void *table, uint32_t group)
{
	const struct table *t = table;
	const uint8_t *tags = t->groups + (size_t)group * GROUP_SIZE(t->width) + GROUP_OFF_TAGS;
	return memchr(tags, 0, SLOT_GROUP) == NULL;
}

typedef bool (*fill_table)(const struct writer *w, struct table *t);

/*
 * Builds a table of the section, starting from a load factor of 0.7 and
 * growing it while a run of full groups would be as long as a walk may be
 * (INDEX_MAX_PROBE_GROUPS): runs that long are rare at this load, and a
 * reader then meets an empty slot within every walk.
 */
static int write_table(struct writer *w, enum index_section s, size_t keys, fill_table fill)
{
	struct buf *b = &w->section[s];
	struct table t = { .count = group_count_for(keys), .width = w->slot_width };
	for (;;) {
		b->length = 0;
		t.groups = buf_append_zeros(b, (size_t)t.count * GROUP_SIZE(t.width));
		if (fill(w, &t) &&
		    probe_longest_full_run(group_full, &t, t.count) < INDEX_MAX_PROBE_GROUPS)
			return 0;
		if (t.count > UINT32_MAX / SLOT_GROUP / 2)
			return fail(w, "a hash table would exceed the format's size");
		t.count += t.count / 8 + 1;
	}
}

static uint32_t hash_of(const char *name)
{
	return hash_name(name, strlen(name));
}

/* Keys go in in registry order: see "NAME_SLOTS" in index_format.h. */
static bool fill_name_slots(const struct writer *w, struct table *t)
{
	for (size_t g = 0; g < w->group_count; g++) {
		const struct service *s = &w->list->items[w->groups[g].first];
		if (!put_slot(t, hash_of(s->name), w->groups[g].ref, 0))
			return false;
		for (size_t a = 0; a < s->alias_count; a++)
			if (!put_slot(t, hash_of(s->aliases[a]), w->groups[g].ref, (uint8_t)(a + 1)))
				return false;
	}
	return true;
}

static bool fill_port_slots(const struct writer *w, struct table *t)
{
	for (size_t g = 0; g < w->group_count; g++) {
		const struct service *s = &w->list->items[w->groups[g].first];
		if (s->port == s->last_port && !put_slot(t, hash_port(s->port), w->groups[g].ref, 0))
			return false;
	}
	return true;
}

static int write_slots(struct writer *w)
{
	size_t names = 0, singles = 0;
	for (size_t g = 0; g < w->group_count; g++) {
		const struct service *s = &w->list->items[w->groups[g].first];
		names += 1 + s->alias_count;
		singles += s->port == s->last_port;
	}
	if (write_table(w, SECTION_NAME_SLOTS, names, fill_name_slots) != 0)
		return -1;
	return write_table(w, SECTION_PORT_SLOTS, singles, fill_port_slots);
}

static uint32_t intern(struct writer *w, const char *s)
{
	uint32_t offset;
	if (s[0] == '\0')
		return 0;
	if (strmap_get(&w->strings, s, &offset))
		return offset;
	offset = (uint32_t)w->section[SECTION_STRINGS].length;
	buf_append(&w->section[SECTION_STRINGS], s, strlen(s) + 1);
	strmap_add(&w->strings, s, offset);
	return offset;
}

static void write_descriptions_and_meta(struct writer *w)
{
	buf_append_byte(&w->section[SECTION_STRINGS], '\0');
	for (size_t i = 0; w->options->descriptions && i < w->list->count; i++) {
		const char *d = w->list->items[i].description;
		append_u32(&w->section[SECTION_DESCRIPTIONS], intern(w, d ? d : ""));
	}
	for (size_t i = 0; i < w->options->meta_count; i++) {
		const struct index_meta_item *m = &w->options->meta[i];
		struct buf *b = &w->section[SECTION_META];
		buf_append(b, m->key, strlen(m->key));
		buf_append_byte(b, '=');
		buf_append(b, m->value, strlen(m->value) + 1);
	}
}

static uint32_t element_count(const struct writer *w, enum index_section s)
{
	return (uint32_t)(w->section[s].length / index_element_size(s, w->slot_width));
}

static int lay_out(struct writer *w, struct buf *out)
{
	out->length = 0;
	uint8_t *header = buf_append_zeros(out, INDEX_HEADER_SIZE);
	memcpy(header + HEADER_OFF_MAGIC, INDEX_MAGIC, INDEX_MAGIC_SIZE);
	uint32_t offsets[SECTION_COUNT];
	for (int s = 0; s < SECTION_COUNT; s++) {
		/* Each group of slots in one cache line of the mapping. */
		bool lines = s == SECTION_NAME_SLOTS || s == SECTION_PORT_SLOTS;
		buf_pad_to(out, lines ? CACHE_LINE : 4);
		offsets[s] = (uint32_t)out->length;
		buf_append(out, w->section[s].data, w->section[s].length);
	}
	if (out->length > INDEX_MAX_FILE_SIZE)
		return fail(w, "the index would exceed the format's size limit");
	header = out->data; /* the appends may have moved it */
	put_u16(header + HEADER_OFF_VERSION, INDEX_VERSION);
	put_u16(header + HEADER_OFF_HEADER_SIZE, INDEX_HEADER_SIZE);
	put_u32(header + HEADER_OFF_FLAGS, w->options->descriptions ? INDEX_FLAG_DESCRIPTIONS : 0);
	put_u32(header + HEADER_OFF_FILE_SIZE, (uint32_t)out->length);
	put_u32(header + HEADER_OFF_DATE, w->options->registry_date);
	header[HEADER_OFF_SLOT_WIDTH] = (uint8_t)w->slot_width;
	for (int s = 0; s < SECTION_COUNT; s++) {
		uint8_t *d = header + HEADER_OFF_SECTIONS + (size_t)s * SECTION_DESCRIPTOR_SIZE;
		put_u32(d, offsets[s]);
		put_u32(d + 4, element_count(w, s));
	}
	put_u64(header + HEADER_OFF_CHECKSUM, index_checksum(out->data, out->length));
	return 0;
}

static void writer_free(struct writer *w)
{
	for (int s = 0; s < SECTION_COUNT; s++)
		buf_free(&w->section[s]);
	strmap_free(&w->strings);
	strmap_free(&w->protocols);
	free(w->proto_ids);
	free(w->groups);
}

int index_serialize(const struct service_list *list, const struct index_options *options,
		    struct buf *out, struct source_error *err)
{
	struct writer w = { .list = list, .options = options, .err = err };
	int result = check_limits(&w);
	if (result == 0)
		result = write_protocols(&w);
	if (result == 0) {
		group_entries(&w);
		write_records(&w);
		result = choose_slot_width(&w);
	}
	if (result == 0)
		result = write_entries_and_ranges(&w);
	if (result == 0)
		result = write_slots(&w);
	if (result == 0) {
		write_descriptions_and_meta(&w);
		result = lay_out(&w, out);
	}
	writer_free(&w);
	return result;
}
