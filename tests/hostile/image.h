/*
 * Index images to damage: the index of tests/hostile/registry.csv, built in
 * memory, and the edits the hostile tests make to it field by field.  The
 * edits go through the format's own constants (index_format.h), so the
 * damage stays the damage named when the layout changes.
 */
#ifndef NSS_IANA_HOSTILE_IMAGE_H
#define NSS_IANA_HOSTILE_IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "index_format.h"

/* The fixture's index, with or without descriptions, 2- or 4-byte slots. */
void image_build(struct buf *out, bool descriptions, unsigned slot_width);

uint32_t image_u32(const struct buf *b, size_t offset);
void image_set_u32(struct buf *b, size_t offset, uint32_t value);
uint32_t image_section_offset(const struct buf *b, enum index_section s);
uint32_t image_section_count(const struct buf *b, enum index_section s);
void image_set_section(struct buf *b, enum index_section s, uint32_t offset, uint32_t count);
/* Where element i of a section starts, for an element of the given size. */
uint8_t *image_element(struct buf *b, enum index_section s, size_t element_size, uint32_t i);
/* The slot width the header declares. */
unsigned image_slot_width(const struct buf *b);

/* Slot i of a slot table (NAME_SLOTS or PORT_SLOTS): where its tag lies,
 * its record reference, and setting both. */
uint8_t *image_slot_tag(struct buf *b, enum index_section table, uint32_t i);
uint32_t image_slot_ref(struct buf *b, enum index_section table, uint32_t i);
/* Slot i's name number (index_format.h): which name of its record it is for. */
uint8_t *image_slot_name(struct buf *b, enum index_section table, uint32_t i);
/* Sets slot i's tag and reference; an empty slot's name number becomes 0,
 * a used slot's stays. */
void image_set_slot(struct buf *b, enum index_section table, uint32_t i, uint8_t tag,
		    uint32_t ref);
/* Slots in a table. */
uint32_t image_slot_count(const struct buf *b, enum index_section table);
/* Gives a slot table slot_count slots (a multiple of SLOT_GROUP), all empty. */
void image_clear_slots(struct buf *b, enum index_section table, uint32_t slot_count);

/* Makes entry id of ENTRIES refer to the record at ref. */
void image_set_entry_record(struct buf *b, uint32_t id, uint32_t ref);

/* The record of the fixture's entry "name/proto" (its reference, and where
 * it starts in the image), or of entry id. */
uint32_t image_record_ref(const struct buf *b, const char *name_and_proto);
uint8_t *image_record(struct buf *b, uint32_t ref);
/* Where the parts after a record's name lie: its protocol ids, and the
 * byte after them (the range's last port, or the alias count). */
uint8_t *image_record_protocols(struct buf *b, uint32_t ref);
uint8_t *image_record_tail(struct buf *b, uint32_t ref);

/* A record's bytes as the format lays them out (index_format.h), padded. */
void image_encode_record(struct buf *out, uint16_t port, const char *name,
			 const uint8_t *protocols, unsigned protocol_count, uint16_t last_port,
			 const char *const *aliases, unsigned alias_count);
/* Puts record in place of the record at ref, moving the records after it
 * and every reference to them (slots, ENTRIES, RANGES). */
void image_replace_record(struct buf *b, uint32_t ref, const struct buf *record);

/*
 * Gives a section count elements of element_size bytes: zeros are added
 * at its end, or its tail is cut, and every later section moves so that
 * the layout stays sound; file_size follows.
 */
void image_resize_section(struct buf *b, enum index_section s, size_t element_size,
			  uint32_t count);
/* Cuts the image to size bytes, leaving the header as it was. */
void image_truncate(struct buf *b, size_t size);
/* Rewrites the checksum to match the bytes, so that only the damage done
 * is wrong with the image. */
void image_reseal(struct buf *b);

/*
 * A read-only copy of an image that ends exactly where an inaccessible
 * page begins, so that any read past its end faults, as a read past the
 * end of a mapped file would.
 */
struct guarded {
	uint8_t *region;
	size_t region_size;
	size_t capacity;
};
/* A copy of data[0..size) at the end of g (reusing g when large enough). */
const uint8_t *guarded_copy(struct guarded *g, const uint8_t *data, size_t size);
void guarded_free(struct guarded *g);

#endif
