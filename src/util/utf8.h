#ifndef NSS_IANA_UTF8_H
#define NSS_IANA_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Whether data is well-formed UTF-8 (no overlong forms, no surrogates,
 * nothing above U+10FFFF).  On failure *bad is the offset of the first
 * byte of the offending sequence.
 */
bool utf8_valid(const char *data, size_t size, size_t *bad);

/* The length of the well-formed sequence data starts with (1 to 4, of at
 * most left bytes), or 0 when it is malformed. */
size_t utf8_sequence_length(const char *data, size_t left);

#endif
