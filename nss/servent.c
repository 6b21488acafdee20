#include "servent.h"

#include <arpa/inet.h>
#include <assert.h>
#include <stdalign.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

/*
 * The file may be rewritten in place while it is mapped, so a length may
 * change between two reads of it.  Each length is therefore read once, by
 * the reader, which checks that the string lies inside the file; the size
 * is added up from those lengths, and the copy copies exactly those lengths
 * and writes its own terminators.  Whatever the file does meanwhile, the
 * answer ends exactly where the size said.
 */

/* The strings of one answer, as read. */
struct answer_strings {
	struct index_text alias[INDEX_MAX_ALIASES];
	uint32_t alias_count;
};

static bool measure_aliases(const struct index *ix, const struct index_entry *e,
			    struct answer_strings *s)
{
	if (e->alias_count > INDEX_MAX_ALIASES ||
	    (e->alias_count > 0 && !index_entry_aliases(ix, e, s->alias)))
		return false;
	s->alias_count = e->alias_count;
	return true;
}

/* The padding, the NULL-terminated alias pointers, then each string and
 * its NUL.  No sum can overflow: at most 17 strings of at most 255 bytes. */
static size_t needed_size(const struct index_entry *e, const struct answer_strings *s, size_t gap)
{
	size_t size = gap + ((size_t)s->alias_count + 1) * sizeof(char *) + e->name_length + 1 +
		      e->proto_length + 1;
	for (uint32_t a = 0; a < s->alias_count; a++)
		size += s->alias[a].length + 1;
	return size;
}

/* Copies length bytes (at most INDEX_MAX_NAME), reading and writing none
 * outside them.  From 4 to 16 bytes -- most names and protocols -- four
 * 4-byte moves that overlap as needed, at 0, min(4, length - 4),
 * max(length - 8, 0) and length - 4: no branch on the length, which varies
 * from one answer to the next, and no call. */
static inline __attribute__((always_inline)) void copy_text(char *to, const char *from,
							      size_t length)
{
	if (length >= 4 && length <= 16) {
		size_t at[4] = { 0, length < 8 ? length - 4 : 4, length > 8 ? length - 8 : 0,
				 length - 4 };
		uint32_t piece[4];
		for (int i = 0; i < 4; i++)
			memcpy(&piece[i], from + at[i], 4);
		for (int i = 0; i < 4; i++)
			memcpy(to + at[i], &piece[i], 4);
	} else if (length > 16) {
		memcpy(to, from, length);
	} else if (length > 0) {
		/* 1 to 3 bytes: the first, the middle and the last cover them. */
		to[0] = from[0];
		to[length / 2] = from[length / 2];
		to[length - 1] = from[length - 1];
	}
}

/* Puts text at the cursor, with its NUL.  With room in the buffer past the
 * answer (roomy), a string of under 16 bytes with 16 readable ones moves
 * whole, as in servent_fill_short(); the bytes it carries past the NUL are
 * the index's, and the next string or the room covers them. */
static inline __attribute__((always_inline)) char *put_text(char **cursor, const struct index_text *t,
							     bool roomy)
{
	char *start = *cursor;
	if (roomy && t->length < SHORT_NAME && t->readable >= SHORT_NAME)
		memcpy(start, t->text, SHORT_NAME);
	else
		copy_text(start, t->text, t->length);
	start[t->length] = '\0';
	*cursor += t->length + 1;
	return start;
}

enum fill_result servent_fill(const struct index *ix, const struct index_entry *e,
			      uint16_t port, struct servent *result, char *buffer,
			      size_t buffer_size)
{
	struct answer_strings strings;
	if (servent_fill_short(e, port, result, buffer, buffer_size))
		return FILL_DONE;
	size_t gap = buffer_size > 0 ? servent_alignment_gap(buffer) : 0;
	if (e->name_length > INDEX_MAX_NAME || e->proto_length > INDEX_MAX_PROTOCOL_NAME ||
	    !measure_aliases(ix, e, &strings))
		return FILL_CORRUPT;
	size_t needed = needed_size(e, &strings, gap);
	if (buffer_size < needed)
		return FILL_TOO_SMALL;

	/* Through void *: buffer + gap is aligned for a pointer (-Wcast-align
	 * cannot know). */
	char **aliases = (char **)(void *)(buffer + gap); /* NOLINT(bugprone-casting-through-void) */
	char *cursor = (char *)(aliases + strings.alias_count + 1);
	bool roomy = buffer_size - needed >= SHORT_NAME;
	struct index_text name = { e->name, e->name_length, e->name_readable };
	struct index_text proto = { e->proto, e->proto_length, INDEX_PROTOCOL_READABLE };
	result->s_name = put_text(&cursor, &name, roomy);
	result->s_proto = put_text(&cursor, &proto, roomy);
	for (uint32_t a = 0; a < strings.alias_count; a++)
		aliases[a] = put_text(&cursor, &strings.alias[a], roomy);
	aliases[strings.alias_count] = NULL;
	assert(cursor == buffer + needed);
	result->s_aliases = aliases;
	result->s_port = (int)htons(port);
	return FILL_DONE;
}
