/*
 * The index writer: each section is assembled in its own buffer, then the
 * header and the sections are laid out in the order index_format.h gives.
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

struct writer {
	const struct service_list *list;
	const struct index_options *options;
	unsigned slot_width;
	struct buf section[SECTION_COUNT];
	struct strmap strings;    /* string -> offset in STRINGS */
	struct strmap protocols;  /* protocol -> id */
	char *error;
	size_t error_size;
};

static int fail(struct writer *w, const char *message)
{
	snprintf(w->error, w->error_size, "%s", message);
	return -1;
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
		append_u32(&w->section[SECTION_PROTOCOLS], intern(w, proto));
	}
	*id = (uint8_t)value;
	return 0;
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
	snprintf(w->error, w->error_size, "line %lu: \"%.64s\" %u/%.32s: %s", s->line, s->name,
		 s->port, s->proto, problem);
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
	size_t ranges = 0;
	for (size_t i = 0; i < w->list->count; i++) {
		const struct service *s = &w->list->items[i];
		if (longer_than(s->name, INDEX_MAX_NAME))
			return fail_at(w, s, "the name is longer than %d bytes", INDEX_MAX_NAME);
		if (longer_than(s->proto, INDEX_MAX_PROTOCOL_NAME))
			return fail_at(w, s, "the protocol is longer than %d bytes",
				       INDEX_MAX_PROTOCOL_NAME);
		if (s->alias_count > INDEX_MAX_ALIASES)
			return fail_at(w, s, "%zu aliases; the limit is %d",
				       s->alias_count, INDEX_MAX_ALIASES);
		for (size_t a = 0; a < s->alias_count; a++)
			if (longer_than(s->aliases[a], INDEX_MAX_NAME))
				return fail_at(w, s, "an alias is longer than %d bytes", INDEX_MAX_NAME);
		ranges += s->port != s->last_port;
	}
	if (ranges > INDEX_MAX_RANGES) {
		snprintf(w->error, w->error_size, "%zu port ranges; the limit is %d",
			 ranges, INDEX_MAX_RANGES);
		return -1;
	}
	return 0;
}

static int write_entries(struct writer *w)
{
	for (size_t i = 0; i < w->list->count; i++) {
		const struct service *s = &w->list->items[i];
		uint8_t proto;
		if (protocol_id(w, s->proto, &proto) != 0)
			return -1;
		uint8_t *e = buf_append_zeros(&w->section[SECTION_ENTRIES], ENTRY_SIZE);
		put_u32(e + ENTRY_OFF_NAME, intern(w, s->name));
		put_u16(e + ENTRY_OFF_PORT, s->port);
		e[ENTRY_OFF_PROTO] = proto;
		e[ENTRY_OFF_FLAGS] = (uint8_t)((s->alias_count ? ENTRY_HAS_ALIASES : 0) |
					       (s->last_port != s->port ? ENTRY_IS_RANGE : 0));
		for (size_t a = 0; a < s->alias_count; a++) {
			append_u32(&w->section[SECTION_ALIASES], (uint32_t)i);
			append_u32(&w->section[SECTION_ALIASES], intern(w, s->aliases[a]));
		}
		if (s->last_port != s->port) {
			uint8_t *r = buf_append_zeros(&w->section[SECTION_RANGES], RANGE_SIZE);
			put_u32(r, (uint32_t)i);
			put_u16(r + 4, s->last_port);
		}
	}
	return 0;
}

/* Load factor at most 0.8.  A miss then walks about 13 slots, 40 bytes:
 * with tags in the slots that is a cache line or two and nothing else,
 * where a sparser table would cost the index 12 KiB. */
static uint32_t slot_count_for(size_t pairs)
{
	return (uint32_t)(pairs * 5 / 4 + 1);
}

/* A hash table being filled: its slots, in the section's own buffer. */
struct table {
	uint8_t *slots;
	uint32_t count;
	unsigned width;
};

static uint32_t slot_ref(const struct table *t, uint32_t i)
{
	const uint8_t *p = t->slots + (size_t)i * SLOT_SIZE(t->width);
	return t->width == 2 ? get_u16(p) : get_u32(p);
}

/* Puts entry in the first empty slot of the key's probe walk (hash.h);
 * false when the walk ends before it meets one. */
static bool put_slot(struct table *t, uint32_t hash, size_t entry)
{
	struct probe_walk walk = probe_walk_start(hash, t->count);
	uint32_t i;
	while (probe_walk_next(&walk, &i)) {
		uint8_t *p = t->slots + (size_t)i * SLOT_SIZE(t->width);
		if (slot_ref(t, i) != 0)
			continue;
		if (t->width == 2)
			put_u16(p, (uint16_t)(entry + 1));
		else
			put_u32(p, (uint32_t)(entry + 1));
		p[t->width] = hash_tag(hash);
		return true;
	}
	return false;
}

static bool slot_used(const void *table, uint32_t i)
{
	return slot_ref(table, i) != 0;
}

typedef bool (*fill_table)(const struct writer *w, struct table *t);

/*
 * Builds a table of the section, starting from a load factor of 0.8 and
 * growing it while a run of used slots would be as long as a walk may be
 * (INDEX_MAX_PROBES): clusters that long are rare at this load, and a
 * reader then meets an empty slot within every walk.
 */
static int write_table(struct writer *w, enum index_section s, size_t keys, fill_table fill)
{
	struct buf *b = &w->section[s];
	struct table t = { .count = slot_count_for(keys), .width = w->slot_width };
	for (;;) {
		b->length = 0;
		t.slots = buf_append_zeros(b, (size_t)t.count * SLOT_SIZE(t.width));
		if (fill(w, &t) && probe_longest_run(slot_used, &t, t.count) < INDEX_MAX_PROBES)
			return 0;
		if (t.count > UINT32_MAX / 2)
			return fail(w, "a hash table would exceed the format's size");
		t.count += t.count / 8 + 1;
	}
}

/* Pairs go in in registry order: see "NAME_SLOTS" in index_format.h. */
static bool fill_name_slots(const struct writer *w, struct table *t)
{
	for (size_t i = 0; i < w->list->count; i++) {
		const struct service *s = &w->list->items[i];
		if (!put_slot(t, hash_name(s->name), i))
			return false;
		for (size_t a = 0; a < s->alias_count; a++)
			if (!put_slot(t, hash_name(s->aliases[a]), i))
				return false;
	}
	return true;
}

static bool fill_port_slots(const struct writer *w, struct table *t)
{
	for (size_t i = 0; i < w->list->count; i++) {
		const struct service *s = &w->list->items[i];
		if (s->port == s->last_port && !put_slot(t, hash_port(s->port), i))
			return false;
	}
	return true;
}

static int write_slots(struct writer *w)
{
	size_t pairs = 0, singles = 0;
	for (size_t i = 0; i < w->list->count; i++) {
		const struct service *s = &w->list->items[i];
		pairs += 1 + s->alias_count;
		singles += s->port == s->last_port;
	}
	if (write_table(w, SECTION_NAME_SLOTS, pairs, fill_name_slots) != 0)
		return -1;
	return write_table(w, SECTION_PORT_SLOTS, singles, fill_port_slots);
}

static void write_meta_and_descriptions(struct writer *w)
{
	for (size_t i = 0; i < w->options->meta_count; i++) {
		const struct index_meta_item *m = &w->options->meta[i];
		struct buf *b = &w->section[SECTION_META];
		buf_append(b, m->key, strlen(m->key));
		buf_append_byte(b, '=');
		buf_append(b, m->value, strlen(m->value) + 1);
	}
	if (!w->options->descriptions)
		return;
	for (size_t i = 0; i < w->list->count; i++) {
		const char *d = w->list->items[i].description;
		append_u32(&w->section[SECTION_DESCRIPTIONS], intern(w, d ? d : ""));
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
		buf_pad_to(out, 4);
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

static int choose_slot_width(struct writer *w)
{
	size_t entries = w->list->count;
	w->slot_width = w->options->slot_width;
	if (w->slot_width == 0)
		w->slot_width = entries < UINT16_MAX ? 2 : 4;
	if (w->slot_width != 2 && w->slot_width != 4)
		return fail(w, "slot width must be 2 or 4");
	if ((w->slot_width == 2 && entries >= UINT16_MAX) || entries >= UINT32_MAX / 2)
		return fail(w, "too many entries for the index format");
	return 0;
}

int index_serialize(const struct service_list *list, const struct index_options *options,
		    struct buf *out, char *error, size_t error_size)
{
	struct writer w = {
		.list = list, .options = options, .error = error, .error_size = error_size,
	};
	int result = choose_slot_width(&w);
	if (result == 0)
		result = check_limits(&w);
	if (result == 0) {
		buf_append_byte(&w.section[SECTION_STRINGS], '\0');
		result = write_entries(&w);
	}
	if (result == 0)
		result = write_slots(&w);
	if (result == 0) {
		write_meta_and_descriptions(&w);
		result = lay_out(&w, out);
	}
	for (int s = 0; s < SECTION_COUNT; s++)
		buf_free(&w.section[s]);
	strmap_free(&w.strings);
	strmap_free(&w.protocols);
	return result;
}
