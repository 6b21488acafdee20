/*
 * Line by line through a text input held in memory (a registry snapshot, a
 * saved registry page, a services(5) file), word by word through a line,
 * and the check that it is text.
 */
#ifndef NSS_IANA_TEXT_LINES_H
#define NSS_IANA_TEXT_LINES_H

#include <stdbool.h>
#include <stddef.h>

#include "source_error.h"

struct text_lines {
	const char *next;
	const char *end;
	unsigned long number;   /* of the line last returned; 0 before the first */
};

void text_lines_init(struct text_lines *t, const char *data, size_t size);
/* The next line, without its "\n" or "\r\n"; false after the last one. */
bool text_lines_next(struct text_lines *t, const char **line, size_t *length);

/* The white-space separated words of a line, split in place. */
struct words {
	char **word;
	size_t count;
	size_t capacity;
};

/* Splits line (NUL-terminated, modified) into w, replacing what it held. */
void words_split(char *line, struct words *w);
void words_free(struct words *w);

/* Whether data is text: UTF-8 without NUL bytes.  Returns 0, or -1 with
 * err naming the first line that is not. */
int text_check(const char *data, size_t size, struct source_error *err);

#endif
