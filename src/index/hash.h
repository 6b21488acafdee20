/*
 * The hash functions of the index format (see index_format.h).  They are
 * part of the file format: changing one changes where the writer puts every
 * slot, so it needs a new format version.
 */
#ifndef NSS_IANA_HASH_H
#define NSS_IANA_HASH_H

#include <stdbool.h>
#include <stdint.h>

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
