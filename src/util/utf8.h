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

#endif
