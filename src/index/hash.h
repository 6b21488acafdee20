/*
 * The hash functions and the probe sequence of the index format (see
 * index_format.h).  They are part of the file format: changing one changes
 * where the writer puts every slot, so it needs a new format version.
 */
#ifndef NSS_IANA_HASH_H
#define NSS_IANA_HASH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "bytes.h"
#include "index_format.h"

/* ASCII-only folding: service names are ASCII and case-insensitive
 * (RFC 6335, section 5.1); the C library's tolower() follows the locale,
 * which must not change what a name matches. */
static inline unsigned char ascii_lower(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + ('a' - 'A')) : c;
}

/* The eight bytes of a word folded to lowercase at once: a byte from 'A'
 * to 'Z' gains 0x20, every other byte (those above 0x7f included) is kept.
 * The additions stay inside each byte, so no carry crosses into the next. */
static inline uint64_t ascii_lower_word(uint64_t w)
{
	const uint64_t high = 0x8080808080808080u;
	uint64_t low7 = w & ~high;
	uint64_t at_least_a = low7 + 0x3f3f3f3f3f3f3f3fu;   /* 0x80 - 'A' */
	uint64_t past_z = low7 + 0x2525252525252525u;       /* 0x80 - 'Z' - 1 */
	uint64_t upper = at_least_a & ~past_z & ~w & high;
	return w | upper >> 2;
}

/* Up to eight bytes of a string as a little-endian word, zero-extended:
 * count (1 to 8) bytes from p, and not one byte more, however they lie. */
static inline uint64_t load_word(const unsigned char *p, size_t count)
{
	if (count >= 4) {
		/* Two 4-byte reads that overlap when count < 8: the bytes
		 * they share land in the same place from both. */
		uint64_t low = get_u32(p), high = get_u32(p + count - 4);
		return low | high << (8 * (count - 4));
	}
	return (uint64_t)p[0] | (uint64_t)p[count / 2] << (8 * (count / 2)) |
	       (uint64_t)p[count - 1] << (8 * (count - 1));
}

/*
 * The words a name of length bytes (at least one) is taken as, to hash it
 * and to compare it: for up to 8 bytes, one word, zero-extended; for more,
 * the 8-byte words at 0, 8, 16, ... and, last, the word of its last 8
 * bytes, which may overlap the one before.  Each read lies inside the name.
 */
static inline size_t name_words(size_t length)
{
	return length <= 8 ? 1 : (length + 7) / 8;
}

static inline uint64_t name_word(const unsigned char *name, size_t length, size_t i)
{
	if (length <= 8)
		return load_word(name, length);
	size_t at = 8 * i;
	return get_u64(name + (at + 8 < length ? at : length - 8));
}

#define HASH_WORD_MULTIPLIER 0x9e3779b97f4a7c15u

/* A word of a name as its hash takes it: bit 5 set in every byte, which
 * makes each ASCII capital its lowercase letter -- so that names differing
 * only in case hash alike -- in one operation.  Other bytes it pairs
 * (an underscore with DEL, say) only make a comparison find them apart. */
static inline uint64_t hash_lower(uint64_t word)
{
	return word | 0x2020202020202020u;
}

/* One word mixed into a name's hash. */
static inline uint64_t hash_step(uint64_t h, uint64_t word)
{
	h = (h ^ hash_lower(word)) * HASH_WORD_MULTIPLIER;
	return h ^ h >> 29;
}

/* The 32 bits of a hash state that a table uses: the high half of one
 * more multiplication, where every bit of the state counts. */
static inline uint32_t hash_final(uint64_t h)
{
	return (uint32_t)(((h ^ h >> 32) * HASH_WORD_MULTIPLIER) >> 32);
}

/*
 * The first and the last word of a name (name_word), read together.  Names
 * are from 1 to 16 bytes long but for a few, and a name of 8 bytes or
 * fewer is as likely as a longer one: so from 4 bytes on, both are read
 * without a branch on the length, which the processor could only guess.
 * Every read lies inside the name.
 */
struct name_ends {
	uint64_t first;     /* the first word */
	uint64_t last;      /* the last word of a name of more than 8 bytes, else 0 */
};

static inline struct name_ends name_ends_of(const unsigned char *name, size_t length)
{
	struct name_ends w;
	if (length < 4) {
		w.first = load_word(name, length);
		w.last = 0;
		return w;
	}
	size_t head = length < 8 ? length : 8;  /* bytes of the first word */
	size_t end = length > 8 ? length : 8;   /* where the last word ends */
	w.first = (uint64_t)get_u32(name) | (uint64_t)get_u32(name + head - 4) << (8 * (head - 4));
	uint64_t last = (uint64_t)get_u32(name + end - 8) | (uint64_t)get_u32(name + length - 4) << 32;
	w.last = length > 8 ? last : 0;
	return w;
}

/* Hash of a name of length bytes (at least one), folded to lowercase: its
 * words (name_word) mixed in one at a time after its length; ends are its
 * first and last, which a caller may have read already. */
static inline uint32_t hash_name_from(const unsigned char *name, size_t length,
				      struct name_ends ends)
{
	uint64_t h = hash_step(length * HASH_WORD_MULTIPLIER, ends.first);
	for (size_t i = 1; i + 1 < name_words(length); i++)
		h = hash_step(h, name_word(name, length, i));
	uint64_t with_last = hash_step(h, ends.last);
	return hash_final(length > 8 ? with_last : h);
}

static inline uint32_t hash_name(const char *name, size_t length)
{
	const unsigned char *p = (const unsigned char *)name;
	return hash_name_from(p, length, name_ends_of(p, length));
}

static inline uint32_t hash_port(uint16_t port)
{
	return hash_final(port);
}

/* The tag stored beside a slot's record: the low byte of the key's hash,
 * never 0, which marks an empty slot.  The home slot comes from the high
 * bits of the hash, the tag from the low ones, so keys that share a
 * neighbourhood still differ in their tags. */
static inline uint8_t hash_tag(uint32_t hash)
{
	uint8_t tag = (uint8_t)hash;
	return tag != 0 ? tag : 1;
}

/* The group where a key's probe sequence starts, for any table size. */
static inline uint32_t hash_home(uint32_t hash, uint32_t group_count)
{
	return (uint32_t)(((uint64_t)hash * group_count) >> 32);
}

/*
 * The lanes of a group of SLOT_GROUP tags that hold value, as the low
 * SLOT_GROUP bits of a mask: with SSE2 one comparison of the sixteen
 * bytes at once, elsewhere a loop the compiler may turn into one.
 */
#ifdef __SSE2__
#include <emmintrin.h>

static inline uint32_t group_lanes_equal(const uint8_t *tags, uint8_t value)
{
	__m128i t;
	memcpy(&t, tags, sizeof(t)); /* an unaligned 16-byte load */
	return (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(t, _mm_set1_epi8((char)value)));
}
#else
static inline uint32_t group_lanes_equal(const uint8_t *tags, uint8_t value)
{
	uint32_t lanes = 0;
	for (uint32_t i = 0; i < SLOT_GROUP; i++)
		lanes |= (uint32_t)(tags[i] == value) << i;
	return lanes;
}
#endif

/*
 * A key's probe sequence, the one walk over a hash table that the writer
 * places keys by and the reader and the verifier look them up by: the
 * home group, then each following group, wrapping at the end of the
 * table; each group at most once and never more than INDEX_MAX_PROBE_GROUPS
 * of them.  In each group it shows, in lane order, the slots that carry
 * the key's tag before the group's first empty slot; it stops at that
 * empty slot.  A group's sixteen tags are read at once.
 */
struct probe_walk {
	uint32_t next;      /* the group the walk enters next */
	uint32_t groups;    /* of the table */
	uint32_t left;      /* groups the walk may still enter */
	uint32_t group;     /* the group it is in */
	uint32_t matches;   /* lanes of that group with the key's tag, not yet shown */
	uint32_t end;       /* that group's first empty lane, as a bit; 0: none */
	uint8_t tag;        /* the key's */
};

enum probe_step {
	PROBE_CANDIDATE,  /* a slot with the key's tag */
	PROBE_END,        /* the first empty slot: no more slots of the key */
	PROBE_CORRUPT,    /* no empty slot in reach: a damaged table */
};

static inline struct probe_walk probe_walk_start(uint32_t hash, uint32_t group_count)
{
	struct probe_walk w = {
		.next = hash_home(hash, group_count),
		.groups = group_count,
		.left = group_count < INDEX_MAX_PROBE_GROUPS ? group_count : INDEX_MAX_PROBE_GROUPS,
		.tag = hash_tag(hash),
	};
	return w;
}

/*
 * The walk's next stop in a table of w->groups groups of group_size bytes
 * from table (every group the walk reaches must lie there): the next slot
 * with the key's tag, or the first empty slot, as *slot (group * SLOT_GROUP
 * + lane).  PROBE_CORRUPT when the walk has gone as far as the format lets
 * it without meeting an empty slot.
 */
static inline enum probe_step probe_walk_next(struct probe_walk *w, const uint8_t *table,
					      size_t group_size, uint32_t *slot)
{
	for (;;) {
		if (w->matches != 0) {
			*slot = w->group * SLOT_GROUP + (uint32_t)__builtin_ctz(w->matches);
			w->matches &= w->matches - 1;
			return PROBE_CANDIDATE;
		}
		if (w->end != 0) {
			*slot = w->group * SLOT_GROUP + (uint32_t)__builtin_ctz(w->end);
			return PROBE_END;
		}
		if (w->left == 0)
			return PROBE_CORRUPT;
		w->left--;
		w->group = w->next;
		w->next = w->next + 1 == w->groups ? 0 : w->next + 1;
		const uint8_t *tags = table + (size_t)w->group * group_size + GROUP_OFF_TAGS;
		uint32_t empty = group_lanes_equal(tags, 0);
		w->end = empty & (0 - empty);
		/* end - 1: the lanes before it, or every lane when none is empty. */
		w->matches = group_lanes_equal(tags, w->tag) & (w->end - 1);
	}
}

/* The longest run of full groups in a table of group_count, wrapping at
 * its end: a walk from any group meets one with an empty slot within this
 * many groups plus one.  full(table, g) tells whether group g is full. */
static inline uint32_t probe_longest_full_run(bool (*full)(const void *table, uint32_t group),
					      const void *table, uint32_t group_count)
{
	uint32_t longest = 0, run = 0;
	/* Twice round, so that a run across the end of the table counts whole. */
	for (int round = 0; round < 2; round++)
		for (uint32_t g = 0; g < group_count && run < group_count; g++) {
			run = full(table, g) ? run + 1 : 0;
			if (run > longest)
				longest = run;
		}
	return longest;
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
