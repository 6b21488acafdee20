/*
 * The HTTP validators of a download (its ETag and Last-Modified), kept in
 * the index's provenance as "etag" and "last-modified" so that the next
 * update can ask the server for the registry only if it has changed.
 *
 * They are server input, stored in a file and later sent back in request
 * headers: only values of printable ASCII, at most HTTP_VALIDATOR_MAX
 * characters, are ever kept or sent.  Anything else is dropped whole, not
 * trimmed: a shortened validator would never match, and a CR or LF in one
 * would let the server write our next request's headers.
 */
#ifndef NSS_IANA_HTTP_VALIDATORS_H
#define NSS_IANA_HTTP_VALIDATORS_H

#include <stdbool.h>
#include <stddef.h>

#include "index_reader.h"

/* Far above real ones: an ETag is a quoted hash, a date 29 characters. */
#define HTTP_VALIDATOR_MAX 255

struct http_validators {
	char etag[HTTP_VALIDATOR_MAX + 1];          /* "" when none */
	char last_modified[HTTP_VALIDATOR_MAX + 1]; /* "" when none */
};

/* Whether value may be kept and sent back (see above). */
bool http_validator_acceptable(const char *value);
/* Copies value into out when acceptable; else out is "".  Returns
 * whether it was copied. */
bool http_validator_copy(char out[HTTP_VALIDATOR_MAX + 1], const char *value);
bool http_validators_any(const struct http_validators *v);

/* The validators an index records, those that are acceptable. */
void http_validators_of_index(const struct index *ix, struct http_validators *out);

#endif
