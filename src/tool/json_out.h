/*
 * Writing JSON (RFC 8259) for the tool's --json output: objects, arrays,
 * strings, numbers, true, false and null, indented two spaces a level.
 * The writer puts in the commas itself, so a command only says what comes
 * next.  Every string is written as valid UTF-8 whatever its bytes: '"',
 * '\' and the control characters (C0 and DEL) are escaped (\", \\,
 * \u00XX), and a byte that is not part of well-formed UTF-8 is written as
 * \uFFFD, the replacement character; no byte of an input reaches the
 * output raw unless it is well-formed, printable UTF-8.
 */
#ifndef NSS_IANA_JSON_OUT_H
#define NSS_IANA_JSON_OUT_H

#include <stdbool.h>
#include <stdio.h>

struct json_out {
	FILE *out;
	unsigned depth;     /* containers open */
	bool after_value;   /* a comma is due before the next member */
};

void json_start(struct json_out *j, FILE *out);
/* Ends the document with a newline. */
void json_finish(struct json_out *j);

/* key is the member's name inside an object, NULL inside an array and
 * for the document itself. */
void json_object_begin(struct json_out *j, const char *key);
void json_object_end(struct json_out *j);
void json_array_begin(struct json_out *j, const char *key);
void json_array_end(struct json_out *j);
/* A string; NULL writes null. */
void json_string(struct json_out *j, const char *key, const char *value);
/* The first length bytes of value. */
void json_string_part(struct json_out *j, const char *key, const char *value, size_t length);
void json_number(struct json_out *j, const char *key, unsigned long value);
void json_bool(struct json_out *j, const char *key, bool value);

#endif
