/*
 * Reading a services index that is already in memory (mapped by the NSS
 * module or by the tool).  index_open() checks the header and the bounds of
 * every section once; every access after that checks each offset it reads
 * against those bounds, so a damaged file yields INDEX_CORRUPT or
 * LOOKUP_CORRUPT, never a read outside the mapping.
 *
 * The file may change under a reader (someone writing it in place): then
 * answers may be wrong, but every read stays inside its section.  Each
 * length and count is read once, and what it measures is checked to lie
 * inside the section where it is read; a caller that copies a string copies
 * the length it was given, never what strlen() says later.
 *
 * Nothing here allocates or copies: answers point into the mapping.
 */
#ifndef NSS_IANA_INDEX_READER_H
#define NSS_IANA_INDEX_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hash.h"
#include "index_format.h"

enum index_status {
	INDEX_OK,
	INDEX_NOT_INDEX,   /* no magic: not a services index at all */
	INDEX_BAD_VERSION, /* an index, but of a format this reader does not know */
	INDEX_CORRUPT,     /* our format, but inconsistent or truncated */
};

enum index_lookup {
	LOOKUP_FOUND,
	LOOKUP_ABSENT,
	LOOKUP_CORRUPT,
};

#define INDEX_PROTOCOL_KEYS 4

struct index {
	const uint8_t *base;
	uint32_t size;
	uint16_t version;
	uint8_t slot_width;
	uint32_t flags;
	uint32_t registry_date;
	/* Where index_open() found each section, from base.  The reader's
	 * alone: the rest of the program reads the index through the
	 * functions below, which check every offset (tests/lint holds
	 * everything else to it).  Offsets rather than pointers keep the
	 * whole structure at twelve words, which the module copies for every
	 * lookup (nss/index_cache.h). */
	struct {
		uint32_t offset;
		uint32_t count;
	} private_sections[SECTION_COUNT];
	/* The first four bytes of the first INDEX_PROTOCOL_KEYS protocols'
	 * elements -- length and name -- as index_open() read them, 0 where
	 * there is none: a query's three-byte protocol is looked for among
	 * them in one comparison.  A key only picks an id; what is answered
	 * is read from the element, with its checks. */
	uint32_t private_protocol_keys[INDEX_PROTOCOL_KEYS];
};

/* A string of the index, with the length read from the index: the bytes
 * text[0..length) lie inside the file, and text[length] was a NUL when it
 * was read. */
struct index_text {
	const char *text;
	size_t length;
	size_t readable;  /* bytes from text that lie inside the file, at least
			   * length + 1: a copy may read whole words up to there */
};

/* Bytes that can be read from a protocol's name: the rest of its element. */
#define INDEX_PROTOCOL_READABLE (PROTOCOL_SIZE - PROTOCOL_OFF_NAME)

/* An entry's id when it is not known (see index_entry_id). */
#define INDEX_NO_ID UINT32_MAX

/* One entry, decoded.  Strings point into the mapping. */
struct index_entry {
	uint32_t id;          /* position in registry order; INDEX_NO_ID from a lookup */
	uint32_t record;      /* the reference of its record (index_format.h) */
	uint32_t position;    /* which of the record's protocols it is, from 0 */
	const char *name;
	size_t name_length;   /* at most INDEX_MAX_NAME */
	size_t name_readable; /* bytes from name that lie inside the file, at
			       * least name_length + 1: a copy may read whole
			       * words up to there */
	const char *proto;    /* in its PROTOCOLS element: INDEX_PROTOCOL_READABLE
			       * bytes from it lie inside the file */
	size_t proto_length;  /* at most INDEX_MAX_PROTOCOL_NAME */
	uint32_t proto_id;    /* index into PROTOCOLS */
	uint16_t port;        /* the port, or the first port of a range */
	uint16_t last_port;   /* == port unless the entry is a range */
	/* The a-th alias (a < alias_count) is alias_first + a, for
	 * index_alias(); index_entry_aliases() reads them all at once. */
	uint32_t alias_first;
	uint32_t alias_count; /* at most INDEX_MAX_ALIASES */
	uint32_t private_aliases_at; /* the reader's: where they start in RECORDS */
};

enum index_status index_open(struct index *ix, const void *base, size_t size);
const char *index_status_text(enum index_status status);

/* Elements in a section. */
uint32_t index_section_count(const struct index *ix, enum index_section s);
uint32_t index_entry_count(const struct index *ix);
uint32_t index_protocol_count(const struct index *ix);
/* Bytes a section occupies in the file. */
size_t index_section_bytes(const struct index *ix, enum index_section s);
/* Aliases and port ranges summed over the entries: a pass over them all,
 * for the tool's reports.  Entries that cannot be read count nothing. */
uint32_t index_alias_total(const struct index *ix);
uint32_t index_range_total(const struct index *ix);

/* A hash table slot (NAME_SLOTS or PORT_SLOTS): tag 0 when the slot is
 * empty, else its key's tag, the record reference it holds and which of
 * the record's names it is for (0: the official name, a: the a-th alias). */
struct index_slot {
	uint32_t ref;
	uint8_t tag;
	uint8_t name;
};
/* Slots in a table: SLOT_GROUP per group. */
uint32_t index_slot_count(const struct index *ix, enum index_section table);
/* Slot i of a table; false when there is no such slot. */
bool index_slot(const struct index *ix, enum index_section table, uint32_t i,
		struct index_slot *out);

/* A walk along a key's probe sequence (hash.h), visiting the records
 * whose slots carry the key's tag. */
struct index_probe {
	enum index_section table;
	struct probe_walk walk;
};
void index_probe_start(const struct index *ix, enum index_section table, uint32_t hash,
		       struct index_probe *probe);
/* PROBE_CANDIDATE with *found, the next slot with the key's tag;
 * PROBE_END at the empty slot that ends the walk; PROBE_CORRUPT when there
 * is none in reach. */
enum probe_step index_probe_next(const struct index *ix, struct index_probe *probe,
				 struct index_slot *found);

/* A protocol's name, or NULL (false) when it is not a sound one. */
const char *index_protocol(const struct index *ix, uint32_t proto_id);
bool index_protocol_text(const struct index *ix, uint32_t proto_id, struct index_text *out);
/* Whether the protocol's element is padded with NULs after its name, as
 * the lookups' comparison of its first eight bytes takes it to be. */
bool index_protocol_padded(const struct index *ix, uint32_t proto_id);
enum index_status index_entry(const struct index *ix, uint32_t id, struct index_entry *out);
/* An entry's id: e->id, or for an entry a lookup found, its position in
 * ENTRIES (a binary search); INDEX_NO_ID when ENTRIES does not list it. */
uint32_t index_entry_id(const struct index *ix, const struct index_entry *e);
/* The record an entry belongs to, as ENTRIES gives it; false when there is
 * no such entry. */
bool index_entry_record(const struct index *ix, uint32_t id, uint32_t *record);
/* Every alias of e, read once each; false when one is not sound. */
bool index_entry_aliases(const struct index *ix, const struct index_entry *e,
			 struct index_text out[INDEX_MAX_ALIASES]);
/* The alias alias_first + a of an entry (see index_entry): false, or
 * NULL, when it is not a sound string of the index. */
bool index_alias_text(const struct index *ix, uint32_t alias, struct index_text *out);
const char *index_alias(const struct index *ix, uint32_t alias);

/* A record as a whole, for the verifier. */
struct index_record {
	uint32_t next;        /* the reference where the record after it starts */
	uint16_t port;
	uint16_t last_port;   /* == port unless a range */
	bool is_range;
	struct index_text name;
	uint32_t protocol_count;
	uint8_t protocol[RECORD_MAX_PROTOCOLS];
	uint32_t alias_count;
	struct index_text alias[INDEX_MAX_ALIASES];
	bool zero_padded;     /* the bytes up to next are zeros */
};
/* The record at reference ref; INDEX_CORRUPT when it does not lie whole
 * inside RECORDS or breaks the format's rules. */
enum index_status index_record(const struct index *ix, uint32_t ref, struct index_record *out);
/* The references RECORDS has room for: the end of a walk over them. */
uint32_t index_record_end(const struct index *ix);
/* Range i of RANGES; false when there is no such range. */
bool index_range(const struct index *ix, uint32_t i, uint16_t *first, uint16_t *last,
		 uint32_t *record);

/* The entry's description, or NULL when the index was built without them. */
const char *index_description(const struct index *ix, uint32_t id);
/* A provenance value from META, or NULL. */
const char *index_meta(const struct index *ix, const char *key);
/* The META item ("key=value") at *position, which then moves to the next
 * one; NULL after the last. */
const char *index_meta_next(const struct index *ix, uint32_t *position);

/*
 * The first entry in registry order whose name or alias equals name (and
 * whose protocol is proto, unless proto is NULL); failing that, the first
 * whose name or alias equals it ignoring ASCII case.  Its id is left
 * INDEX_NO_ID: finding it costs a search that lookups do not need.
 */
enum index_lookup index_find_name(const struct index *ix, const char *name,
				  const char *proto, struct index_entry *out);

/*
 * The first single-port entry in registry order on port (and proto, unless
 * NULL); failing that, the first port range that covers it.  Its id is
 * left INDEX_NO_ID.
 */
enum index_lookup index_find_port(const struct index *ix, uint16_t port,
				  const char *proto, struct index_entry *out);

#endif
