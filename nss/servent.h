/*
 * Writing an answer into the caller's struct servent and buffer, the way
 * glibc expects: the size is computed first, and when the buffer is too
 * small nothing at all is written.
 */
#ifndef NSS_IANA_SERVENT_H
#define NSS_IANA_SERVENT_H

#include <arpa/inet.h>
#include <netdb.h>
#include <stdalign.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "index_reader.h"

enum fill_result {
	FILL_DONE,
	FILL_TOO_SMALL,
	FILL_CORRUPT,  /* an alias of the entry is not a sound string of the index */
};

/* Bytes from buffer to the next address aligned for a char pointer. */
static inline size_t servent_alignment_gap(const char *buffer)
{
	return (size_t)(-(uintptr_t)buffer & (alignof(char *) - 1));
}

/*
 * Most answers have no alias, a name of at most 15 bytes and a protocol
 * of at most 7.  When the caller's buffer has room past the answer for
 * whole moves (glibc's has a kilobyte), those are copied with one 16-byte
 * and one 8-byte move and two terminators: fewer writes than byte counts
 * would take.  What the moves carry past a terminator is the index's own
 * bytes (e->name_readable and INDEX_PROTOCOL_READABLE say they lie inside
 * it), written inside the buffer, and never part of the answer.  Inline,
 * so that a lookup makes no call to answer.
 */
#define SHORT_NAME 16
#define SHORT_PROTOCOL 8
#define SHORT_ANSWER_ROOM (sizeof(char *) + SHORT_NAME + SHORT_PROTOCOL)

/* Fills result with e on port (host byte order) when it is such an
 * answer and the buffer has the room; false, writing nothing, if not. */
static inline bool servent_fill_short(const struct index_entry *e, uint16_t port,
				      struct servent *result, char *buffer, size_t buffer_size)
{
	if (e->alias_count != 0)
		return false;
	size_t gap = servent_alignment_gap(buffer);
	if (e->name_length >= SHORT_NAME || e->name_readable < SHORT_NAME ||
	    e->proto_length >= SHORT_PROTOCOL || buffer_size < gap + SHORT_ANSWER_ROOM)
		return false;
	char *aligned = buffer + gap;
	char **aliases = (char **)(void *)aligned; /* NOLINT(bugprone-casting-through-void) */
	char *name = aligned + sizeof(char *);
	char *proto = name + e->name_length + 1;
	aliases[0] = NULL;
	memcpy(name, e->name, SHORT_NAME);
	name[e->name_length] = '\0';
	memcpy(proto, e->proto, SHORT_PROTOCOL);
	proto[e->proto_length] = '\0';
	result->s_name = name;
	result->s_proto = proto;
	result->s_aliases = aliases;
	result->s_port = (int)htons(port);
	return true;
}

/* Fills result with entry e answering for port (host byte order). */
enum fill_result servent_fill(const struct index *ix, const struct index_entry *e,
			      uint16_t port, struct servent *result, char *buffer,
			      size_t buffer_size);

#endif
