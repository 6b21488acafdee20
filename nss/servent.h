/*
 * Writing an answer into the caller's struct servent and buffer, the way
 * glibc expects: the size is computed first, and when the buffer is too
 * small nothing at all is written.
 */
#ifndef NSS_IANA_SERVENT_H
#define NSS_IANA_SERVENT_H

#include <netdb.h>
#include <stddef.h>
#include <stdint.h>

#include "index_reader.h"

enum fill_result {
	FILL_DONE,
	FILL_TOO_SMALL,
	FILL_CORRUPT,  /* an alias of the entry is not a sound string of the index */
};

/* Fills result with entry e answering for port (host byte order). */
enum fill_result servent_fill(const struct index *ix, const struct index_entry *e,
			      uint16_t port, struct servent *result, char *buffer,
			      size_t buffer_size);

#endif
