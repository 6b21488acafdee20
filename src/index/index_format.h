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
 *   - A lookup that finds its answer reads two places: the hash slot and
 *     the record, which holds the name's bytes and length, the protocols,
 *     the range and the aliases.  Nothing is measured or searched for.
 *
 * Layout (offsets in bytes from the start of the file)
 *
 *   +-------------------------+ 0
 *   | header                  |  fixed fields, then the section table
 *   +-------------------------+ INDEX_HEADER_SIZE
 *   | PROTOCOLS               |  36 bytes per protocol: length, name
 *   | RANGES                  |  8 bytes per port-range record
 *   | META                    |  "key=value" NUL-terminated strings
 *   | STRINGS                 |  NUL-terminated descriptions
 *   | NAME_SLOTS              |  hash table: name -> record, in groups
 *   | PORT_SLOTS              |  hash table: port -> record, in groups
 *   | RECORDS                 |  the services, one record per group
 *   | ENTRIES                 |  record of each entry, in registry order
 *   | DESCRIPTIONS (optional) |  u32 string offset per entry
 *   +-------------------------+ file_size
 *
 * Sections follow each other in this order, each starting on a 4-byte
 * boundary (padding bytes are zero); the writer starts NAME_SLOTS and
 * PORT_SLOTS on a CACHE_LINE boundary, so that with 2-byte references a
 * group of slots is one cache line of the mapping (a reader needs only
 * the 4-byte one).  What opening the file reads -- the
 * header, and the first and last bytes of META and STRINGS -- comes first,
 * in the file's first page when there are no descriptions: a process that
 * makes one lookup touches that page, a page of hash slots and one of
 * records.  The section table gives each one's
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
 *    32     1  slot_width       bytes of a record reference in a hash slot
 *                               and in ENTRIES: 2 or 4 (2 when RECORDS
 *                               has fewer than 65536 references)
 *    33     3  reserved         zero
 *    36     4  reserved         zero
 *    40  9*8   section table    per section: u32 offset, u32 count
 *
 * An entry is one (name, port or range, protocol, aliases) line of the
 * registry.  Most names come as a tcp and a udp entry that differ in
 * nothing else, one after the other; such a run of entries shares one
 * record, which lists their protocols in registry order.
 *
 * PROTOCOLS (element: 36 bytes)
 *     0  u8       length    of the name: 1 to INDEX_MAX_PROTOCOL_NAME
 *     1  length   name      ("tcp", "udp", ...), then NULs to the end of
 *                           the element (at least 3)
 *   In order of first appearance; a record's protocol ids index this
 *   table.  At most INDEX_MAX_PROTOCOLS.  A query's protocol is resolved
 *   to an id once, by length and bytes, before any record is read.
 *
 * RANGES (element: 8 bytes), one per record whose shape has
 * RECORD_IS_RANGE, in registry order:
 *     0  u16  first     the range's first port (the record's port)
 *     2  u16  last      its last port (the record's last port)
 *     4  u32  record    the record's reference
 *   A lookup by port that no single port answers scans this table, at
 *   most INDEX_MAX_RANGES elements, and reads only a record that covers
 *   the port.
 *
 * NAME_SLOTS and PORT_SLOTS (element: a group of SLOT_GROUP slots,
 * 32 + 16 * slot_width bytes: 64 with 2-byte references, a cache line)
 *     0  16 x u8       tags     slot j's tag at byte j: 0 when the slot is
 *                               empty, else the low byte of its key's hash
 *                               (1 for a low byte of 0)
 *    16  16 x u16/u32  records  slot j's record reference at 16 + j *
 *                               slot_width; 0 in empty slots
 *    N   16 x u8       names    (N = 16 + 16 * slot_width) slot j's name
 *                               number at N + j: which name of the record
 *                               the slot is for, 0 for its official name,
 *                               a for its a-th alias; 0 in PORT_SLOTS and
 *                               in empty slots
 *   Open-addressing hash tables probed a group at a time.  A walk reads
 *   the sixteen tags of a group at once (one SSE2 comparison), so it
 *   passes over the slots of other keys, and finds the empty slot that
 *   ends it, without reading their records.  NAME_SLOTS holds one slot
 *   per name of a record -- its official name and each alias -- keyed by
 *   the ASCII case-folded name, and names which one it is, so that a
 *   lookup compares the query with that name alone; PORT_SLOTS holds one
 *   slot per record that is not a range, keyed by its port.
 *     walk       the home group, then each following group, wrapping at
 *                the end of the table: in each, the slots with the key's
 *                tag that come before the group's first empty slot, in
 *                lane order; the walk ends at that empty slot, or fails
 *                after INDEX_MAX_PROBE_GROUPS groups without one
 *     insertion  a key goes in the empty slot its walk ends at; keys are
 *                inserted in registry order, and a group's used slots
 *                come before its empty ones, so along any walk the
 *                records sharing a key appear in registry order: the
 *                first match found is the first in the registry
 *   Both tables have at least one empty slot, and no run of full groups
 *   as long as INDEX_MAX_PROBE_GROUPS, so every walk meets an empty slot.
 *     home group = (hash * group_count) >> 32       (64-bit product)
 *     name hash  = final(h) after, from h = length * K, each of the
 *                  name's words w in turn: h = (h ^ lower(w)) * K;
 *                  h ^= h >> 29.  The words are little-endian u64: the
 *                  whole name, zero-extended, when it has 8 bytes or
 *                  fewer; else those at 0, 8, 16, ... and, last, that of
 *                  its last 8 bytes.  lower(w) = w | 0x2020202020202020,
 *                  which makes each ASCII capital lowercase
 *     port hash  = final(port)
 *     final(h)   = ((h ^ h >> 32) * K) >> 64 - 32, K = 0x9e3779b97f4a7c15
 *                  (products modulo 2^64)
 *   One table serves both exact and case-insensitive lookups: names that
 *   differ only in case share a key, so one walk finds both kinds of match.
 *
 * RECORDS (element: 1 byte), in registry order, each starting on a
 * RECORD_ALIGN boundary of the section and padded with zeros to the next.
 * A record's reference is its offset in the section divided by
 * RECORD_ALIGN.
 *     0  u16      port       the port, or the first port of a range
 *     2  u8       length     of the name, 1 to INDEX_MAX_NAME
 *     3  u8       shape      bits 0-2: the number of protocols less one;
 *                            RECORD_IS_RANGE, RECORD_HAS_ALIASES; the
 *                            other bits zero
 *     4  length   name       the official name, then a NUL
 *        P        protocols  P bytes, each an index into PROTOCOLS, all
 *                            different: the entries of the record, in
 *                            registry order
 *   then, when the shape has RECORD_IS_RANGE:
 *        u16      last       the last port of the range (> port)
 *   then, when the shape has RECORD_HAS_ALIASES:
 *        u8       count      1 to INDEX_MAX_ALIASES
 *        count times: u8 length (1 to INDEX_MAX_NAME), the alias, a NUL
 *   A record holds at most RECORD_MAX_PROTOCOLS protocols: the writer
 *   starts another record for the rest of a longer run.
 *
 * ENTRIES (element: slot_width bytes), one per entry, in registry order,
 * which is also the getservent enumeration order: the reference of the
 * entry's record.  The entries of a record are consecutive, one per
 * protocol of the record and in its order, so an entry's protocol is the
 * k-th of its record, where k counts the entries before it with the same
 * record.  Lookups do not read this section; enumeration does.
 *
 * STRINGS (element: 1 byte)
 *   Starts with a NUL (offset 0 is the empty string) and ends with a NUL,
 *   so any offset inside the section starts a string that ends inside it.
 *   It holds the descriptions, and is one NUL byte without them.
 *
 * DESCRIPTIONS (element: u32 string offset), present when INDEX_FLAG_-
 *   DESCRIPTIONS is set: one per entry, for the tool's human output only.
 *
 * META (element: 1 byte)
 *   Provenance as NUL-terminated "key=value" strings: source (file name),
 *   sha256 (of the registry file), updated (the registry date as given),
 *   generator (tool name and version), local (each overlay file), url
 *   (where update fetched it), etag and last-modified (that download's
 *   HTTP validators: printable ASCII, at most 255 characters).  Readers
 *   look keys up by name and the verifier asks only for "key=value", so
 *   a new key needs no new INDEX_VERSION: readers of this version skip it.
 *
 * Limits
 *   The compiler refuses input beyond these, the writer never produces a
 *   file beyond them, and the reader answers INDEX_CORRUPT (at open) or
 *   LOOKUP_CORRUPT (where a lookup meets it) for a file that goes beyond:
 *     a name or alias         at most INDEX_MAX_NAME bytes (a u8 length)
 *     a protocol name         at most INDEX_MAX_PROTOCOL_NAME bytes
 *     aliases of one record   at most INDEX_MAX_ALIASES
 *     protocols               at most INDEX_MAX_PROTOCOLS       (at open)
 *     port-range records      at most INDEX_MAX_RANGES          (at open)
 *     a hash walk             at most INDEX_MAX_PROBE_GROUPS groups: every
 *                             run of full groups is shorter, so that a
 *                             walk from any group meets an empty slot
 *                             within it
 *     the file                at most INDEX_MAX_FILE_SIZE bytes (at open)
 *   The counts are checked at open, where they cost nothing; the others
 *   where a lookup meets them, by reads that the lengths themselves bound,
 *   so that no check reads the whole file.  Together they bound the work
 *   of any lookup in any file a reader accepts: a walk of INDEX_MAX_PROBES
 *   slots, each candidate's name and aliases compared over at most
 *   INDEX_MAX_NAME bytes each, a scan of INDEX_MAX_RANGES ranges, and an
 *   answer of at most 1 + INDEX_MAX_ALIASES strings.  The registry and the
 *   traditional names need far less: names of 16 bytes and 3 aliases at
 *   most, 3 ranges, runs of full groups of a few at most.
 */
#ifndef NSS_IANA_INDEX_FORMAT_H
#define NSS_IANA_INDEX_FORMAT_H

#define INDEX_MAGIC "NSSIANA"  /* 8 bytes with its terminating NUL */
#define INDEX_MAGIC_SIZE 8
/* 4: hash tables probed sixteen slots at a time.  3 had groups of eight
 * probed slot by slot; 2, tagged slots over 8-byte entries and a string
 * pool.  Older indexes are refused: rebuild them. */
#define INDEX_VERSION 4

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

#define INDEX_FLAG_DESCRIPTIONS 0x1u
#define INDEX_KNOWN_FLAGS INDEX_FLAG_DESCRIPTIONS

#define PROTOCOL_SIZE 36
#define PROTOCOL_OFF_LENGTH 0
#define PROTOCOL_OFF_NAME 1

#define RANGE_SIZE 8
#define RANGE_OFF_FIRST 0
#define RANGE_OFF_LAST 2
#define RANGE_OFF_RECORD 4

#define SLOT_GROUP 16
#define GROUP_OFF_TAGS 0
#define GROUP_OFF_REFS SLOT_GROUP
#define GROUP_OFF_NAMES(width) (SLOT_GROUP + SLOT_GROUP * (width))
/* Bytes per group of hash slots, for the reference width in the header. */
#define GROUP_SIZE(width) (2 * SLOT_GROUP + SLOT_GROUP * (width))

/* The line the writer aligns the slot tables to. */
#define CACHE_LINE 64

#define RECORD_ALIGN 4
#define RECORD_OFF_PORT 0
#define RECORD_OFF_NAME_LENGTH 2
#define RECORD_OFF_SHAPE 3
#define RECORD_OFF_NAME 4
#define RECORD_HEAD_SIZE RECORD_OFF_NAME
#define RECORD_PROTOCOL_COUNT_MASK 0x07u  /* the number of protocols less one */
#define RECORD_IS_RANGE 0x08u
#define RECORD_HAS_ALIASES 0x10u
#define RECORD_KNOWN_SHAPE (RECORD_PROTOCOL_COUNT_MASK | RECORD_IS_RANGE | RECORD_HAS_ALIASES)
#define RECORD_MAX_PROTOCOLS (RECORD_PROTOCOL_COUNT_MASK + 1)

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

/* The limits (see "Limits" above). */
#define INDEX_MAX_NAME 255
#define INDEX_MAX_PROTOCOL_NAME 32
#define INDEX_MAX_ALIASES 16
#define INDEX_MAX_PROTOCOLS 255
#define INDEX_MAX_RANGES 1024
#define INDEX_MAX_PROBE_GROUPS 32
/* The slots a walk may pass. */
#define INDEX_MAX_PROBES (INDEX_MAX_PROBE_GROUPS * SLOT_GROUP)
/* The reader refuses larger files: a bound on what a hostile file can make
 * the module map, far above the ~190 KiB of the full registry. */
#define INDEX_MAX_FILE_SIZE (64u * 1024u * 1024u)

#endif
