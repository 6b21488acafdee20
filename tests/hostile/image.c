#include "image.h"

#include <check.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "bytes.h"
#include "damage.h"
#include "index_reader.h"
#include "index_writer.h"
#include "test_support.h"

void image_build(struct buf *out, bool descriptions, unsigned slot_width)
{
	static const struct index_meta_item meta[] = {
		{ "source", "registry.csv" },
		{ "generator", "hostile tests" },
	};
	struct index_options options = {
		.descriptions = descriptions,
		.slot_width = slot_width,
		.registry_date = 20260817,
		.meta = meta,
		.meta_count = sizeof(meta) / sizeof(meta[0]),
	};
	struct service_list list = { 0 };
	char error[300];
	ck_assert_msg(compile_file(HOSTILE_REGISTRY, &list, error, sizeof(error)) == 0, "%s: %s",
		      HOSTILE_REGISTRY, error);
	struct source_error err = { 0 };
	out->length = 0;
	ck_assert_msg(index_serialize(&list, &options, out, &err) == 0, "%s", err.message);
	service_list_free(&list);
}

uint32_t image_u32(const struct buf *b, size_t offset)
{
	ck_assert_uint_le(offset + 4, b->length);
	return get_u32(b->data + offset);
}

void image_set_u32(struct buf *b, size_t offset, uint32_t value)
{
	ck_assert_uint_le(offset + 4, b->length);
	put_u32(b->data + offset, value);
}

static size_t descriptor(enum index_section s)
{
	return HEADER_OFF_SECTIONS + (size_t)s * SECTION_DESCRIPTOR_SIZE;
}

uint32_t image_section_offset(const struct buf *b, enum index_section s)
{
	return image_u32(b, descriptor(s));
}

uint32_t image_section_count(const struct buf *b, enum index_section s)
{
	return image_u32(b, descriptor(s) + 4);
}

void image_set_section(struct buf *b, enum index_section s, uint32_t offset, uint32_t count)
{
	image_set_u32(b, descriptor(s), offset);
	image_set_u32(b, descriptor(s) + 4, count);
}

uint8_t *image_element(struct buf *b, enum index_section s, size_t element_size, uint32_t i)
{
	size_t offset = image_section_offset(b, s) + (size_t)i * element_size;
	ck_assert_msg(i < image_section_count(b, s) && offset + element_size <= b->length,
		      "element %u of section %d is not in the image", i, (int)s);
	return b->data + offset;
}

unsigned image_slot_width(const struct buf *b)
{
	return b->data[HEADER_OFF_SLOT_WIDTH];
}

static size_t group_size(const struct buf *b)
{
	return GROUP_SIZE(image_slot_width(b));
}

uint32_t image_slot_count(const struct buf *b, enum index_section table)
{
	return image_section_count(b, table) * SLOT_GROUP;
}

static uint8_t *slot_group(struct buf *b, enum index_section table, uint32_t i)
{
	return image_element(b, table, group_size(b), i / SLOT_GROUP);
}

uint8_t *image_slot_tag(struct buf *b, enum index_section table, uint32_t i)
{
	return slot_group(b, table, i) + GROUP_OFF_TAGS + i % SLOT_GROUP;
}

static uint8_t *slot_ref_at(struct buf *b, enum index_section table, uint32_t i)
{
	return slot_group(b, table, i) + GROUP_OFF_REFS + (size_t)(i % SLOT_GROUP) * image_slot_width(b);
}

static uint32_t get_ref(const struct buf *b, const uint8_t *p)
{
	return image_slot_width(b) == 2 ? get_u16(p) : get_u32(p);
}

static void put_ref(const struct buf *b, uint8_t *p, uint32_t ref)
{
	if (image_slot_width(b) == 2)
		put_u16(p, (uint16_t)ref);
	else
		put_u32(p, ref);
}

uint32_t image_slot_ref(struct buf *b, enum index_section table, uint32_t i)
{
	return get_ref(b, slot_ref_at(b, table, i));
}

uint8_t *image_slot_name(struct buf *b, enum index_section table, uint32_t i)
{
	return slot_group(b, table, i) + GROUP_OFF_NAMES(image_slot_width(b)) + i % SLOT_GROUP;
}

void image_set_slot(struct buf *b, enum index_section table, uint32_t i, uint8_t tag,
		    uint32_t ref)
{
	*image_slot_tag(b, table, i) = tag;
	put_ref(b, slot_ref_at(b, table, i), ref);
	if (tag == 0)
		*image_slot_name(b, table, i) = 0; /* an empty slot names nothing */
}

void image_set_entry_record(struct buf *b, uint32_t id, uint32_t ref)
{
	put_ref(b, image_element(b, SECTION_ENTRIES, image_slot_width(b), id), ref);
}

void image_clear_slots(struct buf *b, enum index_section table, uint32_t slot_count)
{
	ck_assert_uint_eq(slot_count % SLOT_GROUP, 0);
	image_resize_section(b, table, group_size(b), slot_count / SLOT_GROUP);
	for (uint32_t g = 0; g < slot_count / SLOT_GROUP; g++)
		memset(image_element(b, table, group_size(b), g), 0, group_size(b));
}

uint32_t image_record_ref(const struct buf *b, const char *name_and_proto)
{
	struct index ix;
	struct index_entry e;
	ck_assert_int_eq(index_open(&ix, b->data, b->length), INDEX_OK);
	ck_assert_int_eq(index_entry(&ix, fixture_entry(b, name_and_proto), &e), INDEX_OK);
	return e.record;
}

uint8_t *image_record(struct buf *b, uint32_t ref)
{
	return image_element(b, SECTION_RECORDS, RECORD_ALIGN, ref);
}

uint8_t *image_record_protocols(struct buf *b, uint32_t ref)
{
	uint8_t *r = image_record(b, ref);
	return r + RECORD_OFF_NAME + r[RECORD_OFF_NAME_LENGTH] + 1;
}

uint8_t *image_record_tail(struct buf *b, uint32_t ref)
{
	uint8_t *r = image_record(b, ref);
	return image_record_protocols(b, ref) + (r[RECORD_OFF_SHAPE] & RECORD_PROTOCOL_COUNT_MASK) + 1;
}

static void append_text(struct buf *out, const char *text)
{
	size_t length = strlen(text);
	buf_append_byte(out, (uint8_t)length);
	buf_append(out, text, length + 1);
}

void image_encode_record(struct buf *out, uint16_t port, const char *name,
			 const uint8_t *protocols, unsigned protocol_count, uint16_t last_port,
			 const char *const *aliases, unsigned alias_count)
{
	out->length = 0;
	uint8_t *head = buf_append_zeros(out, RECORD_HEAD_SIZE);
	put_u16(head + RECORD_OFF_PORT, port);
	head[RECORD_OFF_NAME_LENGTH] = (uint8_t)strlen(name);
	head[RECORD_OFF_SHAPE] = (uint8_t)((protocol_count - 1) |
					   (last_port != port ? RECORD_IS_RANGE : 0) |
					   (alias_count ? RECORD_HAS_ALIASES : 0));
	buf_append(out, name, strlen(name) + 1);
	buf_append(out, protocols, protocol_count);
	if (last_port != port)
		put_u16(buf_append_zeros(out, 2), last_port);
	if (alias_count)
		buf_append_byte(out, (uint8_t)alias_count);
	for (unsigned a = 0; a < alias_count; a++)
		append_text(out, aliases[a]);
	buf_pad_to(out, RECORD_ALIGN);
}

/* Adds delta to every reference to a record after ref. */
static void move_references(struct buf *b, uint32_t ref, int64_t delta)
{
	for (int t = SECTION_NAME_SLOTS; t <= SECTION_PORT_SLOTS; t++)
		for (uint32_t i = 0; i < image_slot_count(b, t); i++)
			if (*image_slot_tag(b, t, i) != 0 && image_slot_ref(b, t, i) > ref)
				put_ref(b, slot_ref_at(b, t, i),
					(uint32_t)(image_slot_ref(b, t, i) + delta));
	unsigned width = image_slot_width(b);
	for (uint32_t i = 0; i < image_section_count(b, SECTION_ENTRIES); i++) {
		uint8_t *e = image_element(b, SECTION_ENTRIES, width, i);
		if (get_ref(b, e) > ref)
			put_ref(b, e, (uint32_t)(get_ref(b, e) + delta));
	}
	for (uint32_t i = 0; i < image_section_count(b, SECTION_RANGES); i++) {
		uint8_t *r = image_element(b, SECTION_RANGES, RANGE_SIZE, i);
		if (get_u32(r + RANGE_OFF_RECORD) > ref)
			put_u32(r + RANGE_OFF_RECORD, (uint32_t)(get_u32(r + RANGE_OFF_RECORD) + delta));
	}
}

void image_replace_record(struct buf *b, uint32_t ref, const struct buf *record)
{
	struct index ix;
	struct index_record old;
	ck_assert_int_eq(index_open(&ix, b->data, b->length), INDEX_OK);
	ck_assert_int_eq(index_record(&ix, ref, &old), INDEX_OK);
	ck_assert_uint_eq(record->length % RECORD_ALIGN, 0);
	size_t start = (size_t)ref * RECORD_ALIGN, old_end = (size_t)old.next * RECORD_ALIGN;
	size_t bytes = image_section_count(b, SECTION_RECORDS);
	struct buf records = { 0 };
	buf_append(&records, image_element(b, SECTION_RECORDS, 1, 0), start);
	buf_append(&records, record->data, record->length);
	buf_append(&records, b->data + image_section_offset(b, SECTION_RECORDS) + old_end,
		   bytes - old_end);
	image_resize_section(b, SECTION_RECORDS, 1, (uint32_t)records.length);
	memcpy(image_element(b, SECTION_RECORDS, 1, 0), records.data, records.length);
	move_references(b, ref, ((int64_t)record->length - (int64_t)(old_end - start)) / RECORD_ALIGN);
	buf_free(&records);
}

static size_t aligned(size_t offset)
{
	return (offset + 3) & ~(size_t)3;
}

void image_resize_section(struct buf *b, enum index_section s, size_t element_size,
			  uint32_t count)
{
	size_t start = image_section_offset(b, s);
	size_t old_bytes = (size_t)image_section_count(b, s) * element_size;
	size_t new_bytes = (size_t)count * element_size;
	size_t old_end = aligned(start + old_bytes);
	size_t new_end = aligned(start + new_bytes);
	size_t kept = start + (old_bytes < new_bytes ? old_bytes : new_bytes);
	size_t tail = old_end < b->length ? b->length - old_end : 0;
	struct buf resized = { 0 };

	buf_append(&resized, b->data, kept);
	buf_append_zeros(&resized, new_end - kept);
	buf_append(&resized, b->data + old_end, tail);
	buf_free(b);
	*b = resized;
	image_set_section(b, s, (uint32_t)start, count);
	for (int i = s + 1; i < SECTION_COUNT; i++) {
		enum index_section later = (enum index_section)i;
		image_set_section(b, later,
				  (uint32_t)(image_section_offset(b, later) - old_end + new_end),
				  image_section_count(b, later));
	}
	image_set_u32(b, HEADER_OFF_FILE_SIZE, (uint32_t)b->length);
}

void image_truncate(struct buf *b, size_t size)
{
	ck_assert_uint_le(size, b->length);
	b->length = size;
}

void image_reseal(struct buf *b)
{
	if (b->length >= HEADER_OFF_CHECKSUM + 8)
		put_u64(b->data + HEADER_OFF_CHECKSUM, index_checksum(b->data, b->length));
}

static size_t page_size(void)
{
	return (size_t)sysconf(_SC_PAGESIZE);
}

const uint8_t *guarded_copy(struct guarded *g, const uint8_t *data, size_t size)
{
	size_t page = page_size();
	if (g->region == NULL || g->capacity < size) {
		guarded_free(g);
		g->capacity = (size + page - 1) / page * page;
		if (g->capacity == 0)
			g->capacity = page;
		g->region_size = g->capacity + page;
		g->region = mmap(NULL, g->region_size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		ck_assert_ptr_ne(g->region, MAP_FAILED);
	}
	uint8_t *copy = g->region + g->capacity - size;
	ck_assert_int_eq(mprotect(g->region, g->capacity, PROT_READ | PROT_WRITE), 0);
	memset(g->region, 0, g->capacity - size);
	memcpy(copy, data, size);
	/* Read-only, as the module's mapping is: a write faults too. */
	ck_assert_int_eq(mprotect(g->region, g->capacity, PROT_READ), 0);
	return copy;
}

void guarded_free(struct guarded *g)
{
	if (g->region != NULL)
		munmap(g->region, g->region_size);
	memset(g, 0, sizeof(*g));
}
