/* The header shared by snapshots and descriptions files (file_header.h). */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "file_header.h"
#include "registry.h"

static const char *const key_name[HEADER_KEY_COUNT] = {
	[HEADER_UPDATED] = "updated",
	[HEADER_SOURCE] = "source",
	[HEADER_FORMAT] = "format",
	[HEADER_SHA256] = "sha256",
	[HEADER_ENTRIES] = "entries",
};

static void append_text(struct buf *out, const char *text)
{
	buf_append(out, text, strlen(text));
}

static void append_field(struct buf *out, const char *key, const char *value)
{
	append_text(out, "# ");
	append_text(out, key);
	append_text(out, ": ");
	append_text(out, value);
	append_text(out, "\n");
}

void file_header_write(struct buf *out, const char *magic, int version,
		       const char *explanation, const struct snapshot_header *header,
		       size_t entries)
{
	char version_line[16], count[32];
	snprintf(version_line, sizeof(version_line), "%d\n", version);
	append_text(out, magic);
	append_text(out, version_line);
	append_text(out, explanation);
	append_field(out, key_name[HEADER_UPDATED], header->updated[0] ? header->updated : "unknown");
	append_field(out, key_name[HEADER_SOURCE], header->source);
	append_field(out, key_name[HEADER_FORMAT], header->format);
	append_field(out, key_name[HEADER_SHA256], header->sha256);
	snprintf(count, sizeof(count), "%zu", entries);
	append_field(out, key_name[HEADER_ENTRIES], count);
}

int file_header_first_line(struct text_lines *lines, const char *magic, int version,
			   const char *what, struct source_error *err)
{
	const char *line;
	size_t length, magic_length = strlen(magic);
	char expected[16];
	snprintf(expected, sizeof(expected), "%d", version);
	if (!text_lines_next(lines, &line, &length) || length < magic_length ||
	    memcmp(line, magic, magic_length) != 0) {
		source_error_set(err, 1, "not a %s: the first line is not \"%s%d\"", what, magic,
				 version);
		return -1;
	}
	size_t rest = length - magic_length;
	if (rest != strlen(expected) || memcmp(line + magic_length, expected, rest) != 0) {
		source_error_set(err, 1, "%s format \"%.*s\"; this iana-services reads format %d",
				 what, (int)(rest > 20 ? 20 : rest), line + magic_length, version);
		return -1;
	}
	return 0;
}

static bool all_of(const char *text, size_t length, const char *allowed)
{
	for (size_t i = 0; i < length; i++)
		if (text[i] == '\0' || strchr(allowed, text[i]) == NULL)
			return false;
	return true;
}

static bool is_file_name(const char *text)
{
	if (text[0] == '\0' || strchr(text, '/') != NULL)
		return false;
	for (const unsigned char *p = (const unsigned char *)text; *p; p++)
		if (*p < ' ' || *p == 0x7f)
			return false;
	return true;
}

/* Why the value of key is unacceptable, or NULL. */
static const char *bad_value(enum file_header_key key, const char *value)
{
	switch (key) {
	case HEADER_UPDATED:
		return strcmp(value, "unknown") == 0 || registry_is_date(value, strlen(value)) ? NULL
			: "is not a date YYYY-MM-DD or \"unknown\"";
	case HEADER_SOURCE:
		return is_file_name(value) ? NULL : "is not a file name";
	case HEADER_FORMAT:
		return strcmp(value, "XML") == 0 || strcmp(value, "CSV") == 0 ||
				       strcmp(value, "page") == 0
			? NULL : "is not XML, CSV or page";
	case HEADER_SHA256:
		return strlen(value) == 64 && all_of(value, 64, "0123456789abcdef") ? NULL
			: "is not a SHA-256 in lowercase hex";
	case HEADER_ENTRIES:
		return strlen(value) >= 1 && strlen(value) <= 9 && all_of(value, strlen(value), "0123456789")
			? NULL : "is not a number of entries";
	default:
		return NULL;
	}
}

int file_header_read_line(struct file_header *h, const char *line, size_t length,
			  unsigned long number, struct source_error *err)
{
	for (int key = 0; key < HEADER_KEY_COUNT; key++) {
		size_t name = strlen(key_name[key]);
		if (length < name + 4 || memcmp(line, "# ", 2) != 0 ||
		    memcmp(line + 2, key_name[key], name) != 0 || memcmp(line + 2 + name, ": ", 2) != 0)
			continue;
		size_t value_length = length - name - 4;
		if (h->value_line[key] != 0) {
			source_error_set(err, number, "the header gives \"%s\" twice", key_name[key]);
			return -1;
		}
		if (value_length >= FILE_HEADER_VALUE_MAX) {
			source_error_set(err, number, "the header's \"%s\" is too long", key_name[key]);
			return -1;
		}
		memcpy(h->value[key], line + name + 4, value_length);
		h->value[key][value_length] = '\0';
		h->value_line[key] = number;
		const char *problem = bad_value((enum file_header_key)key, h->value[key]);
		if (problem != NULL) {
			source_error_set(err, number, "the header's %s \"%.64s\" %s", key_name[key],
					 h->value[key], problem);
			return -1;
		}
	}
	return 0;
}

int file_header_complete(const struct file_header *h, unsigned long line,
			 struct source_error *err)
{
	for (int key = 0; key < HEADER_KEY_COUNT; key++) {
		if (h->value_line[key] == 0) {
			source_error_set(err, line, "the header has no \"# %s: \" line", key_name[key]);
			return -1;
		}
	}
	return 0;
}

unsigned long file_header_entries(const struct file_header *h)
{
	return strtoul(h->value[HEADER_ENTRIES], NULL, 10);
}

const char *file_header_updated(const struct file_header *h)
{
	return strcmp(h->value[HEADER_UPDATED], "unknown") == 0 ? "" : h->value[HEADER_UPDATED];
}
