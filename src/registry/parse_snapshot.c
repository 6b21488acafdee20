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
#include "file_header.h"
#include "snapshot.h"
#include "text_lines.h"

struct snapshot_reader {
	struct text_lines lines;
	record_handler handler;
	void *context;
	struct registry_info *info;
	struct source_error *err;
	struct file_header header;
	unsigned long declared;     /* the header's entry count */
	unsigned long entries;      /* entry lines read */
	struct buf text;            /* the current line, split in place */
	struct words words;
};

bool registry_sniff_snapshot(const char *data, size_t size, size_t text_start)
{
	(void)text_start;
	return size >= strlen(SNAPSHOT_MAGIC) && memcmp(data, SNAPSHOT_MAGIC, strlen(SNAPSHOT_MAGIC)) == 0;
}

/* Fills info from a complete header; line is where it ended. */
static int finish_header(struct snapshot_reader *r, unsigned long line)
{
	if (file_header_complete(&r->header, line, r->err) != 0)
		return -1;
	struct registry_info *info = r->info;
	const char *updated = file_header_updated(&r->header);
	const char *source = r->header.value[HEADER_SOURCE];
	const char *format = r->header.value[HEADER_FORMAT];
	/* The header's checks bound the lengths: a date, a short format name. */
	memcpy(info->updated, updated, strlen(updated) + 1);
	memcpy(info->origin.file, source, strlen(source) + 1);
	memcpy(info->origin.format, format, strlen(format) + 1);
	memcpy(info->origin.sha256, r->header.value[HEADER_SHA256], sizeof(info->origin.sha256));
	r->declared = file_header_entries(&r->header);
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
		.description = "", .note = "", .references = "", .line = r->lines.number,
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
	if (file_header_first_line(&r->lines, SNAPSHOT_MAGIC, SNAPSHOT_VERSION,
				   "registry snapshot", r->err) != 0)
		return -1;
	while (text_lines_next(&r->lines, &line, &length)) {
		bool comment = length > 0 && line[0] == '#';
		if (in_header && comment) {
			if (file_header_read_line(&r->header, line, length, r->lines.number,
						  r->err) != 0)
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
		source_error_set(r->err, r->header.value_line[HEADER_ENTRIES], "a registry snapshot without entries");
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
