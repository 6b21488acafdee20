/*
 * The services index: an on-disk, memory-mappable, read-only image of the
 * IANA service name and port number registry.  This header is the one place
 * the format is described; the writer (index_writer.c) produces exactly this
 * and the reader (index_reader.c) trusts nothing of it without a check.
 *
 * Principles
 *   - Every integer is little-endian and is read through the helpers in
 *     bytes.h; no structure is ever cast over the mapped bytes, so the file
 *     needs no particular alignment and means the same on every host.
 *   - Every reference is an offset or an index, never a pointer, so the file
 *     works wherever it is mapped.
 *   - The same input produces byte-identical output (no timestamps, no
 *     unordered iteration), so a checksum pins the format in the tests.
 *
 * Layout (offsets in bytes from the start of the file)
 *
 *   +-------------------------+ 0
 *   | header                  |  fixed fields, then the section table
 *   +-------------------------+ INDEX_HEADER_SIZE
 *   | STRINGS                 |  NUL-terminated strings, deduplicated
 *   | PROTOCOLS               |  u32 string offset per protocol id
 *   | ENTRIES                 |  8 bytes per entry, in registry order
 *   | ALIASES                 |  8 bytes per alias, grouped by entry
 *   | RANGES                  |  8 bytes per port-range entry
 *   | NAME_SLOTS              |  hash table: name -> entry
 *   | PORT_SLOTS              |  hash table: port -> entry
 *   | META                    |  "key=value" NUL-terminated strings
 *   | DESCRIPTIONS (optional) |  u32 string offset per entry
 *   +-------------------------+ file_size
 *
 * Sections follow each other in this order, each starting on a 4-byte
 * boundary (padding bytes are zero).  The section table gives each one's
 * offset and element count; element sizes are fixed by this header
 * (index_element_size), so a section's byte length is count * element
 * size.
 *
 * Header
 *   off  size  field
 *     0     8  magic            "NSSIANA\0"
 *     8     2  version          INDEX_VERSION; a reader refuses others
 *    10     2  header_size      INDEX_HEADER_SIZE
 *    12     4  flags            INDEX_FLAG_*; unknown bits are refused
 *    16     4  file_size        must equal the size of the file
 *    20     4  registry_date    YYYYMMDD of the registry's "updated" date,
 *                               0 when the source carries none (CSV)
 *    24     8  checksum         FNV-1a 64 of the whole file, computed with
 *                               these 8 bytes taken as zero
 *    32     1  slot_width       bytes of an entry reference in a hash
 *                               slot: 2 or 4 (the slot adds a tag byte)
 *    33     3  reserved         zero
 *    36     4  reserved         zero
 *    40  9*8   section table    per section: u32 offset, u32 count
 *
 * STRINGS (element: 1 byte)
 *   Starts with a NUL (offset 0 is the empty string) and ends with a NUL,
 *   so any offset inside the section starts a string that ends inside it.
 *
 * PROTOCOLS (element: u32 string offset)
 *   The protocol names ("tcp", "udp", ...) in order of first appearance;
 *   an entry's proto field is an index into this table.  At most 255.
 *
 * ENTRIES (element: 8 bytes), one per service entry, in registry order,
 * which is also the getservent enumeration order:
 *     0  u32  name      string offset of the official name
 *     4  u16  port      the port, or the first port of a range
 *     6  u8   proto     index into PROTOCOLS
 *     7  u8   flags     ENTRY_HAS_ALIASES, ENTRY_IS_RANGE; others are zero
 *
 * ALIASES (element: 8 bytes), sorted by entry; one entry's aliases are
 * consecutive and in registry order:
 *     0  u32  entry     index into ENTRIES
 *     4  u32  name      string offset of the alias
 *
 * RANGES (element: 8 bytes), sorted by entry, one per entry whose flags
 * carry ENTRY_IS_RANGE:
 *     0  u32  entry     index into ENTRIES
 *     4  u16  last      the last port of the range (>= the entry's port)
 *     6  u16  reserved  zero
 *
 * NAME_SLOTS and PORT_SLOTS (element: slot_width + 1 bytes)
 *     0  u16/u32  entry  0 when the slot is empty, else an entry index plus
 *                        one (slot_width bytes)
 *     w  u8       tag    the low byte of the key's hash; 0 in empty slots
 *   Open-addressing hash tables with linear probing.  The tag lets a walk
 *   pass over the slots of other keys without reading their entries and
 *   strings, which live elsewhere in the file: a probe then costs a byte
 *   in a cache line the walk has already loaded.  NAME_SLOTS holds one slot per
 *   (name, entry) pair -- the entry's official name and each alias -- keyed
 *   by the ASCII case-folded name; PORT_SLOTS holds one slot per entry that
 *   is not a range, keyed by its port.  Pairs are inserted in registry
 *   order, so along any probe sequence the entries sharing a key appear in
 *   registry order: the first match found is the first in the registry.
 *   Both tables have at least one empty slot, and no run of used slots
 *   as long as INDEX_MAX_PROBES: a walk visits the home slot and those
 *   after it, wrapping at the end, and stops at the first empty slot.
 *     home slot  = (hash * slot_count) >> 32        (64-bit product)
 *     name hash  = mix32(FNV-1a 32 of the name, bytes folded to lowercase)
 *     port hash  = mix32(port)
 *     mix32(h)   = h ^= h >> 16; h *= 0x85ebca6b; h ^= h >> 13;
 *                  h *= 0xc2b2ae35; h ^= h >> 16
 *   One table serves both exact and case-insensitive lookups: names that
 *   differ only in case share a key, so one walk finds both kinds of match.
 *
 * META (element: 1 byte)
 *   Provenance as NUL-terminated "key=value" strings: source (file name),
 *   sha256 (of the registry file), updated (the registry date as given),
 *   generator (tool name and version), local (each overlay file).
 *
 * DESCRIPTIONS (element: u32 string offset), present when INDEX_FLAG_-
 *   DESCRIPTIONS is set: one per entry, for the tool's human output only.
 *
 * Limits
 *   The compiler refuses input beyond these, the writer never produces a
 *   file beyond them, and the reader answers INDEX_CORRUPT (at open) or
 *   LOOKUP_CORRUPT (where a lookup meets it) for a file that goes beyond:
 *     a name or alias         at most INDEX_MAX_NAME bytes
 *     a protocol name         at most INDEX_MAX_PROTOCOL_NAME bytes
 *     aliases of one entry    at most INDEX_MAX_ALIASES
 *     protocols               at most INDEX_MAX_PROTOCOLS       (at open)
 *     port-range entries      at most INDEX_MAX_RANGES          (at open)
 *     a hash walk             at most INDEX_MAX_PROBES slots: every run of
 *                             used slots is shorter, so that a walk from
 *                             any slot meets an empty one within it
 *     the file                at most INDEX_MAX_FILE_SIZE bytes (at open)
 *   The counts are checked at open, where they cost nothing; the others
 *   where a lookup meets them, with scans bounded by the limit itself, so
 *   that no check reads the whole file.  Together they bound the work of
 *   any lookup in any file a reader accepts: a walk of INDEX_MAX_PROBES
 *   slots, each candidate's name and aliases compared over at most
 *   INDEX_MAX_NAME + 1 bytes each, a scan of INDEX_MAX_RANGES ranges, and
 *   an answer of at most 1 + INDEX_MAX_ALIASES strings.  The registry and
 *   the traditional names need far less: names of 16 bytes and 3 aliases
 *   at most, 3 ranges, walks of about 260 slots.
 */
#ifndef NSS_IANA_INDEX_FORMAT_H
#define NSS_IANA_INDEX_FORMAT_H

#define INDEX_MAGIC "NSSIANA"  /* 8 bytes with its terminating NUL */
#define INDEX_MAGIC_SIZE 8
/* 2: hash slots carry a tag byte.  Version 1 indexes, without it, are
 * refused: rebuild them. */
#define INDEX_VERSION 2

enum index_section {
	SECTION_STRINGS,
	SECTION_PROTOCOLS,
	SECTION_ENTRIES,
	SECTION_ALIASES,
	SECTION_RANGES,
	SECTION_NAME_SLOTS,
	SECTION_PORT_SLOTS,
	SECTION_META,
	SECTION_DESCRIPTIONS,
	SECTION_COUNT
};

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
#define INDEX_HEADER_SIZE (HEADER_OFF_SECTIONS + SECTION_COUNT * SECTION_DESCRIPTOR_SIZE)

#define INDEX_FLAG_DESCRIPTIONS 0x1u
#define INDEX_KNOWN_FLAGS INDEX_FLAG_DESCRIPTIONS

#define ENTRY_SIZE 8
#define ENTRY_OFF_NAME 0
#define ENTRY_OFF_PORT 4
#define ENTRY_OFF_PROTO 6
#define ENTRY_OFF_FLAGS 7
#define ENTRY_HAS_ALIASES 0x1u
#define ENTRY_IS_RANGE 0x2u
#define ENTRY_KNOWN_FLAGS (ENTRY_HAS_ALIASES | ENTRY_IS_RANGE)

#define SLOT_TAG_SIZE 1
/* Bytes per hash slot, for the entry reference width in the header. */
#define SLOT_SIZE(width) ((width) + SLOT_TAG_SIZE)

#define ALIAS_SIZE 8
#define RANGE_SIZE 8
#define PROTOCOL_SIZE 4
#define DESCRIPTION_SIZE 4

/* Bytes per element of a section.  The slot tables' depend on the slot
 * width the header gives; every section's length is count * this. */
static inline unsigned index_element_size(enum index_section s, unsigned slot_width)
{
	switch (s) {
	case SECTION_PROTOCOLS:
		return PROTOCOL_SIZE;
	case SECTION_ENTRIES:
		return ENTRY_SIZE;
	case SECTION_ALIASES:
		return ALIAS_SIZE;
	case SECTION_RANGES:
		return RANGE_SIZE;
	case SECTION_NAME_SLOTS:
	case SECTION_PORT_SLOTS:
		return SLOT_SIZE(slot_width);
	case SECTION_DESCRIPTIONS:
		return DESCRIPTION_SIZE;
	case SECTION_STRINGS:
	case SECTION_META:
	case SECTION_COUNT:
		break;
	}
	return 1;
}

/* The limits (see "Limits" above). */
#define INDEX_MAX_NAME 255
#define INDEX_MAX_PROTOCOL_NAME 32
#define INDEX_MAX_ALIASES 16
#define INDEX_MAX_PROTOCOLS 255
#define INDEX_MAX_RANGES 1024
#define INDEX_MAX_PROBES 512
/* The reader refuses larger files: a bound on what a hostile file can make
 * the module map, far above the ~250 KiB of the full registry. */
#define INDEX_MAX_FILE_SIZE (64u * 1024u * 1024u)

#endif
