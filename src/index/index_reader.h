/*
 * Reading a services index that is already in memory (mapped by the NSS
 * module or by the tool).  index_open() checks the header and the bounds of
 * every section once; every access after that checks each offset it reads
 * against those bounds, so a damaged file yields INDEX_CORRUPT or
 * LOOKUP_CORRUPT, never a read outside the mapping.  Nothing here
 * allocates or copies: answers point into the mapping.
 */
#ifndef NSS_IANA_INDEX_READER_H
#define NSS_IANA_INDEX_READER_H

#include <stddef.h>
#include <stdint.h>

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

struct index_section_view {
	const uint8_t *data;
	uint32_t count;
};

struct index {
	const uint8_t *base;
	size_t size;
	uint16_t version;
	uint32_t flags;
	uint32_t registry_date;
	unsigned slot_width;
	struct index_section_view section[SECTION_COUNT];
};

/* One entry, decoded.  Strings point into the mapping. */
struct index_entry {
	uint32_t id;          /* position in registry order */
	const char *name;
	const char *proto;
	uint32_t proto_id;    /* index into PROTOCOLS */
	uint16_t port;        /* the port, or the first port of a range */
	uint16_t last_port;   /* == port unless the entry is a range */
	uint32_t alias_first; /* position of the first alias in ALIASES */
	uint32_t alias_count;
};

enum index_status index_open(struct index *ix, const void *base, size_t size);
const char *index_status_text(enum index_status status);

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
/* Slot i of a table; i must be below the section's count. */
struct index_slot index_slot(const struct index *ix, enum index_section table, uint32_t i);

/* A string of the pool, or NULL when the offset lies outside it. */
const char *index_string(const struct index *ix, uint32_t offset);
const char *index_protocol(const struct index *ix, uint32_t proto_id);
enum index_status index_entry(const struct index *ix, uint32_t id, struct index_entry *out);
/* The alias at a position in ALIASES (see index_entry.alias_first). */
const char *index_alias(const struct index *ix, uint32_t position);
/* The entry's description, or NULL when the index was built without them. */
const char *index_description(const struct index *ix, uint32_t id);
/* A provenance value from META, or NULL. */
const char *index_meta(const struct index *ix, const char *key);

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
