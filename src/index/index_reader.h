/*
 * Reading a services index that is already in memory (mapped by the NSS
 * module or by the tool).  index_open() checks the header and the bounds of
 * every section once; every access after that checks each offset it reads
 * against those bounds, so a damaged file yields INDEX_CORRUPT or
 * LOOKUP_CORRUPT, never a read outside the mapping.
 *
 * The file may change under a reader (someone writing it in place): then
 * answers may be wrong, but every read stays inside its section, and each
 * string is measured once, by a scan that ends at the end of the string
 * pool or at the format's length limit.  A caller that copies a string
 * copies the length it was given, never what strlen() says later.
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

struct index {
	const uint8_t *base;
	size_t size;
	uint16_t version;
	uint32_t flags;
	uint32_t registry_date;
	unsigned slot_width;
	/* Where index_open() found each section.  The reader's alone: the
	 * rest of the program reads the index through the functions below,
	 * which check every offset (tests/lint holds everything else to it). */
	struct {
		const uint8_t *data;
		uint32_t count;
	} private_sections[SECTION_COUNT];
};

/* A string of the pool, measured once. */
struct index_text {
	const char *text;   /* NUL-terminated when it was measured */
	size_t length;      /* bytes before that NUL */
};

/* One entry, decoded.  Strings point into the mapping. */
struct index_entry {
	uint32_t id;          /* position in registry order */
	const char *name;
	size_t name_length;   /* measured once; at most INDEX_MAX_NAME */
	const char *proto;
	size_t proto_length;  /* at most INDEX_MAX_PROTOCOL_NAME */
	uint32_t proto_id;    /* index into PROTOCOLS */
	uint16_t port;        /* the port, or the first port of a range */
	uint16_t last_port;   /* == port unless the entry is a range */
	uint32_t alias_first; /* position of the first alias in ALIASES */
	uint32_t alias_count; /* at most INDEX_MAX_ALIASES */
};

enum index_status index_open(struct index *ix, const void *base, size_t size);
const char *index_status_text(enum index_status status);

/* Elements in a section. */
uint32_t index_section_count(const struct index *ix, enum index_section s);
uint32_t index_entry_count(const struct index *ix);
uint32_t index_alias_total(const struct index *ix);
uint32_t index_range_total(const struct index *ix);
uint32_t index_protocol_count(const struct index *ix);
/* Bytes a section occupies in the file. */
size_t index_section_bytes(const struct index *ix, enum index_section s);

/* A hash table slot (NAME_SLOTS or PORT_SLOTS): ref is the entry index
 * plus one, 0 when the slot is empty. */
struct index_slot {
	uint32_t ref;
	uint8_t tag;
};
/* Slot i of a table; false when there is no such slot. */
bool index_slot(const struct index *ix, enum index_section table, uint32_t i,
		struct index_slot *out);

/* A walk along a key's probe sequence, visiting the entries whose slots
 * carry the key's tag (see index_format.h). */
struct index_probe {
	enum index_section table;
	uint8_t tag;
	struct probe_walk walk;
};
enum index_probe_step {
	PROBE_CANDIDATE,  /* an entry to look at: *entry is below the entry count */
	PROBE_END,        /* an empty slot: no more entries with that key */
	PROBE_CORRUPT,    /* a slot past the entries, or no empty slot in reach */
};
void index_probe_start(const struct index *ix, enum index_section table, uint32_t hash,
		       struct index_probe *probe);
enum index_probe_step index_probe_next(const struct index *ix, struct index_probe *probe,
				       uint32_t *entry);

/* A string of the pool, or NULL when the offset lies outside it. */
const char *index_string(const struct index *ix, uint32_t offset);
/* A protocol's name, or NULL when it is not a sound one. */
const char *index_protocol(const struct index *ix, uint32_t proto_id);
enum index_status index_entry(const struct index *ix, uint32_t id, struct index_entry *out);
/* The alias at a position in ALIASES (see index_entry.alias_first):
 * false, or NULL, when it does not end inside the pool or is longer than
 * INDEX_MAX_NAME. */
bool index_alias_text(const struct index *ix, uint32_t position, struct index_text *out);
const char *index_alias(const struct index *ix, uint32_t position);
/* The entry an alias, or a port range, belongs to; false when there is no
 * such position. */
bool index_alias_owner(const struct index *ix, uint32_t position, uint32_t *entry);
bool index_range_owner(const struct index *ix, uint32_t position, uint32_t *entry);
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
 * whose name or alias equals it ignoring ASCII case.
 */
enum index_lookup index_find_name(const struct index *ix, const char *name,
				  const char *proto, struct index_entry *out);

/*
 * The first single-port entry in registry order on port (and proto, unless
 * NULL); failing that, the first port range that covers it.
 */
enum index_lookup index_find_port(const struct index *ix, uint16_t port,
				  const char *proto, struct index_entry *out);

#endif
