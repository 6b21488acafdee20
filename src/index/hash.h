/*
 * The hash functions and the probe sequence of the index format (see
 * index_format.h).  They are part of the file format: changing one changes
 * where the writer puts every slot, so it needs a new format version.
 */
#ifndef NSS_IANA_HASH_H
#define NSS_IANA_HASH_H

#include <stdbool.h>
#include <stdint.h>

#include "index_format.h"

/* ASCII-only folding: service names are ASCII and case-insensitive
 * (RFC 6335, section 5.1); the C library's tolower() follows the locale,
 * which must not change what a name matches. */
static inline unsigned char ascii_lower(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + ('a' - 'A')) : c;
}

static inline uint32_t hash_mix32(uint32_t h)
{
	h ^= h >> 16;
	h *= 0x85ebca6bu;
	h ^= h >> 13;
	h *= 0xc2b2ae35u;
	h ^= h >> 16;
	return h;
}

/* Hash of a NUL-terminated name, folded to lowercase. */
static inline uint32_t hash_name(const char *name)
{
	uint32_t h = 2166136261u;
	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		h ^= ascii_lower(*p);
		h *= 16777619u;
	}
	return hash_mix32(h);
}

static inline uint32_t hash_port(uint16_t port)
{
	return hash_mix32(port);
}

/* The tag stored beside a slot's entry.  The home slot comes from the
 * high bits of the hash, the tag from the low ones, so keys that share a
 * neighbourhood still differ in their tags. */
static inline uint8_t hash_tag(uint32_t hash)
{
	return (uint8_t)hash;
}

/* The slot where a key's probe sequence starts, for any table size. */
static inline uint32_t hash_home(uint32_t hash, uint32_t slot_count)
{
	return (uint32_t)(((uint64_t)hash * slot_count) >> 32);
}

/*
 * A key's probe sequence, the one walk over a hash table that the writer
 * places keys by and the reader and the verifier look them up by: the home
 * slot, then each following slot, wrapping at the end of the table; each
 * slot at most once and never more than INDEX_MAX_PROBES of them.
 */
struct probe_walk {
	uint32_t next;      /* the slot the walk visits next */
	uint32_t slots;     /* of the table */
	uint32_t left;      /* slots the walk may still visit */
};

static inline struct probe_walk probe_walk_start(uint32_t hash, uint32_t slot_count)
{
	struct probe_walk w = {
		.next = hash_home(hash, slot_count),
		.slots = slot_count,
		.left = slot_count < INDEX_MAX_PROBES ? slot_count : INDEX_MAX_PROBES,
	};
	return w;
}

/* The longest run of used slots in a table of slot_count, wrapping at its
 * end: a walk from any slot meets an empty one within this many slots plus
 * one.  used(table, i) tells whether slot i is used. */
static inline uint32_t probe_longest_run(bool (*used)(const void *table, uint32_t slot),
					 const void *table, uint32_t slot_count)
{
	uint32_t longest = 0, run = 0;
	/* Twice round, so that a run across the end of the table counts whole. */
	for (int round = 0; round < 2; round++)
		for (uint32_t i = 0; i < slot_count && run < slot_count; i++) {
			run = used(table, i) ? run + 1 : 0;
			if (run > longest)
				longest = run;
		}
	return longest;
}

/* The next slot to visit; false when the walk has gone as far as the
 * format lets it. */
static inline bool probe_walk_next(struct probe_walk *w, uint32_t *slot)
{
	if (w->left == 0)
		return false;
	*slot = w->next;
	w->left--;
	w->next = w->next + 1 == w->slots ? 0 : w->next + 1;
	return true;
}

static inline bool ascii_equal_folded(const char *a, const char *b)
{
	for (;; a++, b++) {
		if (ascii_lower((unsigned char)*a) != ascii_lower((unsigned char)*b))
			return false;
		if (*a == '\0')
			return true;
	}
}

#endif
