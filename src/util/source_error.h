/*
 * Where an input went wrong: the line (0 when the whole file is at fault)
 * and what is wrong.  The tool prints it as "file:line: message".  The
 * message holds what the input held, raw: the tool escapes what it prints
 * (text_escape.h), so nothing here needs to.
 */
#ifndef NSS_IANA_SOURCE_ERROR_H
#define NSS_IANA_SOURCE_ERROR_H

#include <stdarg.h>

struct source_error {
	unsigned long line;
	char message[256];
};

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
void source_error_set(struct source_error *err, unsigned long line, const char *format, ...);
#if defined(__GNUC__)
__attribute__((format(printf, 3, 0)))
#endif
void source_error_vset(struct source_error *err, unsigned long line, const char *format,
		       va_list args);

#endif
