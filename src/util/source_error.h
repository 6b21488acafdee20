/*
 * Where an input went wrong: the line (0 when the whole file is at fault)
 * and what is wrong.  The tool prints it as "file:line: message".
 */
#ifndef NSS_IANA_SOURCE_ERROR_H
#define NSS_IANA_SOURCE_ERROR_H

struct source_error {
	unsigned long line;
	char message[256];
};

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
void source_error_set(struct source_error *err, unsigned long line, const char *format, ...);

#endif
