#include "servent.h"

#include <arpa/inet.h>
#include <stdalign.h>
#include <stdbool.h>
#include <string.h>

/* Bytes from buffer to the next address aligned for a char pointer. */
static size_t alignment_gap(const char *buffer)
{
	return (size_t)(-(uintptr_t)buffer & (alignof(char *) - 1));
}

static size_t needed_size(const struct index *ix, const struct index_entry *e, size_t gap,
			  bool *corrupt)
{
	size_t size = gap + (e->alias_count + 1) * sizeof(char *) + strlen(e->name) + 1 +
		      strlen(e->proto) + 1;
	for (uint32_t a = 0; a < e->alias_count; a++) {
		const char *alias = index_alias(ix, e->alias_first + a);
		if (alias == NULL) {
			*corrupt = true;
			return 0;
		}
		size += strlen(alias) + 1;
	}
	return size;
}

static char *put_string(char **cursor, const char *s)
{
	size_t length = strlen(s) + 1;
	char *start = *cursor;
	memcpy(start, s, length);
	*cursor += length;
	return start;
}

enum fill_result servent_fill(const struct index *ix, const struct index_entry *e,
			      uint16_t port, struct servent *result, char *buffer,
			      size_t buffer_size)
{
	bool corrupt = false;
	size_t gap = buffer_size > 0 ? alignment_gap(buffer) : 0;
	size_t needed = needed_size(ix, e, gap, &corrupt);
	if (corrupt)
		return FILL_CORRUPT;
	if (buffer_size < needed)
		return FILL_TOO_SMALL;

	char **aliases = (char **)(void *)(buffer + gap);
	char *cursor = (char *)(aliases + e->alias_count + 1);
	result->s_name = put_string(&cursor, e->name);
	result->s_proto = put_string(&cursor, e->proto);
	for (uint32_t a = 0; a < e->alias_count; a++)
		aliases[a] = put_string(&cursor, index_alias(ix, e->alias_first + a));
	aliases[e->alias_count] = NULL;
	result->s_aliases = aliases;
	result->s_port = (int)htons(port);
	return FILL_DONE;
}
