#include "servent.h"

#include <arpa/inet.h>
#include <assert.h>
#include <stdalign.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

/*
 * The file may be rewritten in place while it is mapped, so a string may
 * change between two reads of it.  Each string is therefore measured once,
 * by the reader, within the string pool and the format's length limit;
 * the size is added up from those lengths, and the copy copies exactly
 * those lengths and writes its own terminators.  Whatever the file does
 * meanwhile, the answer ends exactly where the size said.
 */

/* The strings of one answer, measured. */
struct answer_strings {
	struct index_text alias[INDEX_MAX_ALIASES];
	uint32_t alias_count;
};

/* Bytes from buffer to the next address aligned for a char pointer. */
static size_t alignment_gap(const char *buffer)
{
	return (size_t)(-(uintptr_t)buffer & (alignof(char *) - 1));
}

static bool add_size(size_t *total, size_t more)
{
	if (more > SIZE_MAX - *total)
		return false;
	*total += more;
	return true;
}

static bool measure_aliases(const struct index *ix, const struct index_entry *e,
			    struct answer_strings *s)
{
	if (e->alias_count > INDEX_MAX_ALIASES)
		return false;
	for (uint32_t a = 0; a < e->alias_count; a++)
		if (!index_alias_text(ix, e->alias_first + a, &s->alias[a]))
			return false;
	s->alias_count = e->alias_count;
	return true;
}

/* The padding, the NULL-terminated alias pointers, then each string and
 * its NUL; false if the sum overflows (no legal index comes near). */
static bool needed_size(const struct index_entry *e, const struct answer_strings *s, size_t gap,
			size_t *size)
{
	*size = gap;
	bool fits = add_size(size, ((size_t)s->alias_count + 1) * sizeof(char *)) &&
		    add_size(size, e->name_length) && add_size(size, 1) &&
		    add_size(size, e->proto_length) && add_size(size, 1);
	for (uint32_t a = 0; fits && a < s->alias_count; a++)
		fits = add_size(size, s->alias[a].length) && add_size(size, 1);
	return fits;
}

static char *put_text(char **cursor, const char *text, size_t length)
{
	char *start = *cursor;
	memcpy(start, text, length);
	start[length] = '\0';
	*cursor += length + 1;
	return start;
}

enum fill_result servent_fill(const struct index *ix, const struct index_entry *e,
			      uint16_t port, struct servent *result, char *buffer,
			      size_t buffer_size)
{
	struct answer_strings strings;
	size_t gap = buffer_size > 0 ? alignment_gap(buffer) : 0;
	size_t needed;
	if (!measure_aliases(ix, e, &strings) || !needed_size(e, &strings, gap, &needed))
		return FILL_CORRUPT;
	if (buffer_size < needed)
		return FILL_TOO_SMALL;

	char **aliases = (char **)(void *)(buffer + gap);
	char *cursor = (char *)(aliases + strings.alias_count + 1);
	result->s_name = put_text(&cursor, e->name, e->name_length);
	result->s_proto = put_text(&cursor, e->proto, e->proto_length);
	for (uint32_t a = 0; a < strings.alias_count; a++)
		aliases[a] = put_text(&cursor, strings.alias[a].text, strings.alias[a].length);
	aliases[strings.alias_count] = NULL;
	assert(cursor == buffer + needed);
	result->s_aliases = aliases;
	result->s_port = (int)htons(port);
	return FILL_DONE;
}
