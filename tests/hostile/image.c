#include "image.h"

#include <check.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "bytes.h"
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
	out->length = 0;
	ck_assert_msg(index_serialize(&list, &options, out, error, sizeof(error)) == 0, "%s", error);
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
