/*
 * The header that a registry snapshot (snapshot.h) and a descriptions file
 * (descriptions.h) share: a first line naming the format and its version,
 * then comment lines, among which "# KEY: VALUE" lines name the registry
 * file the facts come from and count the entry lines that follow.
 */
#ifndef NSS_IANA_FILE_HEADER_H
#define NSS_IANA_FILE_HEADER_H

#include <stddef.h>

#include "buf.h"
#include "snapshot.h"
#include "source_error.h"
#include "text_lines.h"

enum file_header_key {
	HEADER_UPDATED,
	HEADER_SOURCE,
	HEADER_FORMAT,
	HEADER_SHA256,
	HEADER_ENTRIES,
	HEADER_KEY_COUNT
};

#define FILE_HEADER_VALUE_MAX 256

struct file_header {
	char value[HEADER_KEY_COUNT][FILE_HEADER_VALUE_MAX];
	unsigned long value_line[HEADER_KEY_COUNT]; /* 0 while the key is missing */
};

/* Appends the first line (magic and version), the explanation (comment
 * lines) and the keys, entries counting the lines that will follow. */
void file_header_write(struct buf *out, const char *magic, int version,
		       const char *explanation, const struct snapshot_header *header,
		       size_t entries);

/* Reads the first line; what names the kind of file in messages ("registry
 * snapshot").  Returns 0, or -1 with err naming line 1. */
int file_header_first_line(struct text_lines *lines, const char *magic, int version,
			   const char *what, struct source_error *err);

/* Takes in a comment line of the header (line number); a "# KEY: VALUE"
 * line of a known key is checked and kept, others say nothing. */
int file_header_read_line(struct file_header *h, const char *line, size_t length,
			  unsigned long number, struct source_error *err);

/* Checks that every key was given; line is where the header ended. */
int file_header_complete(const struct file_header *h, unsigned long line,
			 struct source_error *err);

/* The values of a complete header. */
unsigned long file_header_entries(const struct file_header *h);
/* "" when the header says "unknown". */
const char *file_header_updated(const struct file_header *h);

#endif
