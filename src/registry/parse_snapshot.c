/*
 * Reading a registry snapshot (the format is described in snapshot.h).
 * Each entry line becomes a record of its own, and each of its aliases a
 * record naming that entry in alias_of, so that the compiler rebuilds
 * exactly the entries the snapshot was made from.  Anything out of place
 * -- another format version, a header field missing or malformed, a line
 * that is not NAME PORT/PROTOCOL [ALIAS]..., fewer or more entry lines than
 * the header announces -- is an error naming the line.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "snapshot.h"
#include "text_lines.h"

enum header_key { KEY_UPDATED, KEY_SOURCE, KEY_FORMAT, KEY_SHA256, KEY_ENTRIES, KEY_COUNT };

static const char *const key_name[KEY_COUNT] = {
	[KEY_UPDATED] = "updated",
	[KEY_SOURCE] = "source",
	[KEY_FORMAT] = "format",
	[KEY_SHA256] = "sha256",
	[KEY_ENTRIES] = "entries",
};

#define HEADER_VALUE_MAX 256

struct snapshot_reader {
	struct text_lines lines;
	record_handler handler;
	void *context;
	struct registry_info *info;
	struct source_error *err;
	char value[KEY_COUNT][HEADER_VALUE_MAX];
	unsigned long value_line[KEY_COUNT]; /* 0 while the key is missing */
	unsigned long declared;     /* the header's entry count */
	unsigned long entries;      /* entry lines read */
	struct buf text;            /* the current line, split in place */
	struct words words;
};

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
static const char *bad_value(enum header_key key, const char *value)
{
	switch (key) {
	case KEY_UPDATED:
		return strcmp(value, "unknown") == 0 || registry_is_date(value, strlen(value)) ? NULL
			: "is not a date YYYY-MM-DD or \"unknown\"";
	case KEY_SOURCE:
		return is_file_name(value) ? NULL : "is not a file name";
	case KEY_FORMAT:
		return strcmp(value, "XML") == 0 || strcmp(value, "CSV") == 0 ||
				       strcmp(value, "page") == 0
			? NULL : "is not XML, CSV or page";
	case KEY_SHA256:
		return strlen(value) == 64 && all_of(value, 64, "0123456789abcdef") ? NULL
			: "is not a SHA-256 in lowercase hex";
	case KEY_ENTRIES:
		return strlen(value) >= 1 && strlen(value) <= 9 && all_of(value, strlen(value), "0123456789")
			? NULL : "is not a number of entries";
	default:
		return NULL;
	}
}

bool registry_sniff_snapshot(const char *data, size_t size, size_t text_start)
{
	(void)text_start;
	return size >= strlen(SNAPSHOT_MAGIC) && memcmp(data, SNAPSHOT_MAGIC, strlen(SNAPSHOT_MAGIC)) == 0;
}

static int check_first_line(struct snapshot_reader *r)
{
	const char *line;
	size_t length, magic = strlen(SNAPSHOT_MAGIC);
	if (!text_lines_next(&r->lines, &line, &length) || length < magic ||
	    memcmp(line, SNAPSHOT_MAGIC, magic) != 0) {
		source_error_set(r->err, 1, "not a registry snapshot: the first line is not "
				 "\"%s%d\"", SNAPSHOT_MAGIC, SNAPSHOT_VERSION);
		return -1;
	}
	if (length - magic != 1 || line[magic] != '0' + SNAPSHOT_VERSION) {
		source_error_set(r->err, 1, "registry snapshot format \"%.*s\"; this iana-services "
				 "reads format %d", (int)(length - magic > 20 ? 20 : length - magic),
				 line + magic, SNAPSHOT_VERSION);
		return -1;
	}
	return 0;
}

/* A "# KEY: VALUE" line of the header; other comment lines say nothing. */
static int read_header_line(struct snapshot_reader *r, const char *line, size_t length)
{
	for (int key = 0; key < KEY_COUNT; key++) {
		size_t name = strlen(key_name[key]);
		if (length < name + 4 || memcmp(line, "# ", 2) != 0 ||
		    memcmp(line + 2, key_name[key], name) != 0 || memcmp(line + 2 + name, ": ", 2) != 0)
			continue;
		size_t value_length = length - name - 4;
		if (r->value_line[key] != 0) {
			source_error_set(r->err, r->lines.number, "the header gives \"%s\" twice",
					 key_name[key]);
			return -1;
		}
		if (value_length >= HEADER_VALUE_MAX) {
			source_error_set(r->err, r->lines.number, "the header's \"%s\" is too long",
					 key_name[key]);
			return -1;
		}
		memcpy(r->value[key], line + name + 4, value_length);
		r->value[key][value_length] = '\0';
		r->value_line[key] = r->lines.number;
		const char *problem = bad_value((enum header_key)key, r->value[key]);
		if (problem != NULL) {
			source_error_set(r->err, r->lines.number, "the header's %s \"%.64s\" %s",
					 key_name[key], r->value[key], problem);
			return -1;
		}
	}
	return 0;
}

/* Fills info from a complete header; line is where it ended. */
static int finish_header(struct snapshot_reader *r, unsigned long line)
{
	for (int key = 0; key < KEY_COUNT; key++) {
		if (r->value_line[key] == 0) {
			source_error_set(r->err, line, "the snapshot header has no \"# %s: \" line",
					 key_name[key]);
			return -1;
		}
	}
	struct registry_info *info = r->info;
	/* bad_value() has checked the lengths: a date, a short format name. */
	if (strcmp(r->value[KEY_UPDATED], "unknown") != 0)
		memcpy(info->updated, r->value[KEY_UPDATED], strlen(r->value[KEY_UPDATED]) + 1);
	memcpy(info->origin.file, r->value[KEY_SOURCE], strlen(r->value[KEY_SOURCE]) + 1);
	memcpy(info->origin.format, r->value[KEY_FORMAT], strlen(r->value[KEY_FORMAT]) + 1);
	memcpy(info->origin.sha256, r->value[KEY_SHA256], sizeof(info->origin.sha256));
	r->declared = strtoul(r->value[KEY_ENTRIES], NULL, 10);
	return 0;
}

/* Splits the line into words, in a copy the records point into. */
static void split_words(struct snapshot_reader *r, const char *line, size_t length)
{
	r->text.length = 0;
	buf_append(&r->text, line, length);
	buf_append_byte(&r->text, '\0');
	words_split((char *)r->text.data, &r->words);
}

static int deliver(struct snapshot_reader *r, const struct registry_record *record)
{
	r->info->records++;
	return r->handler(r->context, record, r->err);
}

static int read_entry(struct snapshot_reader *r, const char *line, size_t length)
{
	split_words(r, line, length);
	if (r->words.count == 0)
		return 0;
	char *slash = r->words.count >= 2 ? strchr(r->words.word[1], '/') : NULL;
	if (slash == NULL || slash == r->words.word[1] || slash[1] == '\0') {
		source_error_set(r->err, r->lines.number, "\"%.64s\" is not NAME PORT/PROTOCOL "
				 "[ALIAS]...", r->words.word[0]);
		return -1;
	}
	*slash = '\0';
	r->entries++;
	struct registry_record record = {
		.name = r->words.word[0], .number = r->words.word[1], .protocol = slash + 1,
		.description = "", .note = "", .line = r->lines.number,
	};
	if (deliver(r, &record) != 0)
		return -1;
	for (size_t a = 2; a < r->words.count; a++) {
		struct registry_record alias = record;
		alias.name = r->words.word[a];
		alias.alias_of = r->words.word[0];
		if (deliver(r, &alias) != 0)
			return -1;
	}
	return 0;
}

static int read_lines(struct snapshot_reader *r)
{
	const char *line;
	size_t length;
	bool in_header = true;
	if (check_first_line(r) != 0)
		return -1;
	while (text_lines_next(&r->lines, &line, &length)) {
		bool comment = length > 0 && line[0] == '#';
		if (in_header && comment) {
			if (read_header_line(r, line, length) != 0)
				return -1;
			continue;
		}
		if (in_header && finish_header(r, r->lines.number) != 0)
			return -1;
		in_header = false;
		if (!comment && read_entry(r, line, length) != 0)
			return -1;
	}
	if (in_header)
		return finish_header(r, r->lines.number);
	return 0;
}

static int check_count(struct snapshot_reader *r)
{
	if (r->entries == r->declared && r->entries > 0)
		return 0;
	if (r->entries == r->declared)
		source_error_set(r->err, r->value_line[KEY_ENTRIES], "a registry snapshot without entries");
	else
		source_error_set(r->err, r->lines.number, "the header announces %lu entries, but %lu "
				 "follow: the snapshot is cut short or was edited",
				 r->declared, r->entries);
	return -1;
}

int registry_parse_snapshot(const char *data, size_t size, record_handler handler, void *context,
			    struct registry_info *info, struct source_error *err)
{
	struct snapshot_reader r = {
		.handler = handler, .context = context, .info = info, .err = err,
	};
	memset(info, 0, sizeof(*info));
	info->format = REGISTRY_SNAPSHOT;
	text_lines_init(&r.lines, data, size);
	int result = text_check(data, size, err);
	if (result == 0)
		result = read_lines(&r);
	if (result == 0)
		result = check_count(&r);
	buf_free(&r.text);
	words_free(&r.words);
	return result;
}
