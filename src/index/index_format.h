/*
 * The services index: an on-disk, memory-mappable, read-only image of the
 * IANA service name and port number registry.  The format is described in
 * prose once, field by field and with a picture of the layout, in
 * man/nss-iana-index.5.in (installed as nss-iana-index(5)); the hash
 * functions and the probe walk are coded in hash.h.  This header holds
 * the format's constants, each with a one-line comment.  The writer
 * (src/index_build/index_writer.c) produces exactly this, and the reader
 * (index_reader.c) trusts nothing of it without a check.  Integers are
 * little-endian, read through bytes.h, never through a structure cast over
 * the map.
 */
#ifndef NSS_IANA_INDEX_FORMAT_H
#define NSS_IANA_INDEX_FORMAT_H

#define INDEX_MAGIC "NSSIANA"  /* 8 bytes with its terminating NUL */
#define INDEX_MAGIC_SIZE 8
/* 4: hash tables probed sixteen slots at a time.  3 had groups of eight
 * probed slot by slot; 2, tagged slots over 8-byte entries and a string
 * pool.  Older indexes are refused: rebuild them. */
#define INDEX_VERSION 4

/* The sections, in file order; the header's section table has one u32
 * offset and one u32 element count per section, in this order. */
enum index_section {
	SECTION_PROTOCOLS,
	SECTION_RANGES,
	SECTION_META,
	SECTION_STRINGS,
	SECTION_NAME_SLOTS,
	SECTION_PORT_SLOTS,
	SECTION_RECORDS,
	SECTION_ENTRIES,
	SECTION_DESCRIPTIONS,
	SECTION_COUNT
};

/* Header: byte offsets of its fields. */
#define HEADER_OFF_MAGIC 0
#define HEADER_OFF_VERSION 8
#define HEADER_OFF_HEADER_SIZE 10
#define HEADER_OFF_FLAGS 12
#define HEADER_OFF_FILE_SIZE 16
#define HEADER_OFF_DATE 20
#define HEADER_OFF_CHECKSUM 24
#define HEADER_OFF_SLOT_WIDTH 32
#define HEADER_OFF_SECTIONS 40
#define SECTION_DESCRIPTOR_SIZE 8
#define INDEX_HEADER_SIZE (HEADER_OFF_SECTIONS + SECTION_DESCRIPTOR_SIZE * SECTION_COUNT)

/* Header flags: the file holds DESCRIPTIONS; other bits are refused. */
#define INDEX_FLAG_DESCRIPTIONS 0x1u
#define INDEX_KNOWN_FLAGS INDEX_FLAG_DESCRIPTIONS

/* PROTOCOLS: u8 length (1 to INDEX_MAX_PROTOCOL_NAME), name, NULs. */
#define PROTOCOL_SIZE 36
#define PROTOCOL_OFF_LENGTH 0
#define PROTOCOL_OFF_NAME 1

/* RANGES: one per range record, in registry order. */
#define RANGE_SIZE 8
#define RANGE_OFF_FIRST 0
#define RANGE_OFF_LAST 2
#define RANGE_OFF_RECORD 4

/* NAME_SLOTS and PORT_SLOTS: open-addressing tables of groups of
 * SLOT_GROUP slots, probed a group at a time (hash.h).  Keys go in in
 * registry order and a group's used slots come before its empty ones, so
 * the first match a walk finds is the first in the registry. */
#define SLOT_GROUP 16
#define GROUP_OFF_TAGS 0    /* u8 tags: 0 empty, else the hash's low byte (1 for 0) */
#define GROUP_OFF_REFS SLOT_GROUP  /* record references of the header's slot width */
/* u8 name numbers: 0 the record's official name, a its a-th alias */
#define GROUP_OFF_NAMES(width) (SLOT_GROUP + SLOT_GROUP * (width))
/* Bytes per group of hash slots, for the reference width in the header. */
#define GROUP_SIZE(width) (2 * SLOT_GROUP + SLOT_GROUP * (width))

/* The line the writer aligns the slot tables to. */
#define CACHE_LINE 64

/* RECORDS: the services, in registry order, one per run of entries that
 * differ only in protocol; a reference is a record's offset / RECORD_ALIGN.
 * After the name and its NUL: one protocol id per entry, the u16 last port
 * if a range, then if it has aliases a u8 count and each alias as u8
 * length, bytes, NUL. */
#define RECORD_ALIGN 4
#define RECORD_OFF_PORT 0         /* u16: the port, the first of a range */
#define RECORD_OFF_NAME_LENGTH 2  /* u8: 1 to INDEX_MAX_NAME */
#define RECORD_OFF_SHAPE 3        /* u8: protocol count less one, RECORD_IS_* flags */
#define RECORD_OFF_NAME 4         /* the official name, then a NUL */
#define RECORD_HEAD_SIZE RECORD_OFF_NAME
#define RECORD_PROTOCOL_COUNT_MASK 0x07u  /* the number of protocols less one */
#define RECORD_IS_RANGE 0x08u
#define RECORD_HAS_ALIASES 0x10u
#define RECORD_KNOWN_SHAPE (RECORD_PROTOCOL_COUNT_MASK | RECORD_IS_RANGE | RECORD_HAS_ALIASES)
#define RECORD_MAX_PROTOCOLS (RECORD_PROTOCOL_COUNT_MASK + 1)

/* ENTRIES: one record reference (slot width bytes) per entry, in registry
 * order, the getservent order; lookups do not read it.  DESCRIPTIONS: a
 * u32 offset into STRINGS per entry.  STRINGS starts and ends with a NUL;
 * META holds NUL-terminated "key=value" provenance strings. */
#define DESCRIPTION_SIZE 4

/* Bytes per element of a section.  ENTRIES' and the slot tables' depend
 * on the slot width the header gives; every section's length is count *
 * this. */
static inline unsigned index_element_size(enum index_section s, unsigned slot_width)
{
	switch (s) {
	case SECTION_PROTOCOLS:
		return PROTOCOL_SIZE;
	case SECTION_RANGES:
		return RANGE_SIZE;
	case SECTION_NAME_SLOTS:
	case SECTION_PORT_SLOTS:
		return GROUP_SIZE(slot_width);
	case SECTION_ENTRIES:
		return slot_width;
	case SECTION_DESCRIPTIONS:
		return DESCRIPTION_SIZE;
	case SECTION_RECORDS:
	case SECTION_STRINGS:
	case SECTION_META:
	case SECTION_COUNT:
		break;
	}
	return 1;
}

/* Limits: the compiler refuses input beyond them, the writer never writes
 * past them, the reader refuses a file that goes past (nss-iana-index(5),
 * LIMITS).  Together they bound the work of any lookup in any file. */
#define INDEX_MAX_NAME 255
#define INDEX_MAX_PROTOCOL_NAME 32
#define INDEX_MAX_ALIASES 16
#define INDEX_MAX_PROTOCOLS 255
#define INDEX_MAX_RANGES 1024
#define INDEX_MAX_PROBE_GROUPS 32
/* The slots a walk may pass. */
#define INDEX_MAX_PROBES (INDEX_MAX_PROBE_GROUPS * SLOT_GROUP)
/* The reader refuses larger files: a bound on what a hostile file can make
 * the module map, far above the full registry's index (under 256 KiB,
 * test_index). */
#define INDEX_MAX_FILE_SIZE (64u * 1024u * 1024u)

#endif
