/*
 * The registry's CSV form, per RFC 4180: fields separated by commas,
 * records by CRLF or LF; a field in double quotes may hold commas, line
 * breaks and doubled quotes (the registry's notes span several lines).
 * Columns are found by their header names, so their order does not matter.
 * Anything malformed is an error naming the line: a quote inside an
 * unquoted field, text after a closing quote, a quote never closed, a row
 * whose field count differs from the header's.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "registry.h"
#include "utf8.h"
#include "xalloc.h"

enum column {
	COLUMN_NAME,
	COLUMN_NUMBER,
	COLUMN_PROTOCOL,
	COLUMN_DESCRIPTION,
	COLUMN_NOTE,
	COLUMN_REFERENCE,
	COLUMN_COUNT
};

static const char *const column_header[COLUMN_COUNT] = {
	[COLUMN_NAME] = "Service Name",
	[COLUMN_NUMBER] = "Port Number",
	[COLUMN_PROTOCOL] = "Transport Protocol",
	[COLUMN_DESCRIPTION] = "Description",
	[COLUMN_NOTE] = "Assignment Notes",
	[COLUMN_REFERENCE] = "Reference",
};

/* One row: its fields, NUL-terminated one after another in text. */
struct row {
	struct buf text;
	size_t *start;     /* offset of each field in text */
	size_t count;
	size_t capacity;
	unsigned long line; /* where the row starts */
	struct buf references; /* the RFCs of its Reference field */
};

struct cursor {
	const char *p;
	const char *end;
	unsigned long line;
};

static void end_field(struct row *row)
{
	buf_append_byte(&row->text, '\0');
}

static void begin_field(struct row *row)
{
	row->start = xgrow(row->start, &row->capacity, row->count + 1, sizeof(*row->start));
	row->start[row->count++] = row->text.length;
}

static bool at_line_end(const struct cursor *c)
{
	return c->p == c->end || *c->p == '\n' || (*c->p == '\r' && c->p + 1 < c->end && c->p[1] == '\n');
}

static void skip_line_end(struct cursor *c)
{
	if (c->p < c->end && *c->p == '\r')
		c->p++;
	if (c->p < c->end && *c->p == '\n') {
		c->p++;
		c->line++;
	}
}

static int read_quoted(struct cursor *c, struct row *row, struct source_error *err)
{
	unsigned long opened = c->line;
	c->p++; /* the opening quote */
	for (;;) {
		if (c->p == c->end) {
			source_error_set(err, opened, "quoted field is never closed");
			return -1;
		}
		if (*c->p == '"') {
			if (c->p + 1 < c->end && c->p[1] == '"') {
				buf_append_byte(&row->text, '"');
				c->p += 2;
				continue;
			}
			c->p++;
			break;
		}
		if (*c->p == '\n')
			c->line++;
		buf_append_byte(&row->text, (uint8_t)*c->p++);
	}
	if (!at_line_end(c) && *c->p != ',') {
		source_error_set(err, c->line, "unexpected text after a closing quote");
		return -1;
	}
	return 0;
}

static int read_unquoted(struct cursor *c, struct row *row, struct source_error *err)
{
	while (!at_line_end(c) && *c->p != ',') {
		if (*c->p == '"') {
			source_error_set(err, c->line, "quote inside an unquoted field");
			return -1;
		}
		buf_append_byte(&row->text, (uint8_t)*c->p++);
	}
	return 0;
}

/* Reads one row of fields; the cursor ends after its line break. */
static int read_row(struct cursor *c, struct row *row, struct source_error *err)
{
	row->text.length = 0;
	row->count = 0;
	row->line = c->line;
	for (;;) {
		begin_field(row);
		int status = (c->p < c->end && *c->p == '"') ? read_quoted(c, row, err)
							     : read_unquoted(c, row, err);
		if (status != 0)
			return -1;
		if (row->text.length - row->start[row->count - 1] > REGISTRY_MAX_FIELD) {
			source_error_set(err, row->line, "field too long");
			return -1;
		}
		end_field(row);
		if (at_line_end(c))
			break;
		c->p++; /* the comma */
	}
	skip_line_end(c);
	return 0;
}

static const char *field(const struct row *row, size_t i)
{
	return (const char *)row->text.data + row->start[i];
}

static bool row_is_blank(const struct row *row)
{
	return row->count == 1 && field(row, 0)[0] == '\0';
}

static int map_columns(const struct row *header, size_t position[COLUMN_COUNT],
		       struct source_error *err)
{
	for (int col = 0; col < COLUMN_COUNT; col++) {
		position[col] = SIZE_MAX;
		for (size_t i = 0; i < header->count; i++)
			if (strcmp(field(header, i), column_header[col]) == 0)
				position[col] = i;
		if (col <= COLUMN_PROTOCOL && position[col] == SIZE_MAX) {
			source_error_set(err, header->line, "the header has no \"%s\" column",
					 column_header[col]);
			return -1;
		}
	}
	return 0;
}

static const char *column(const struct row *row, const size_t position[COLUMN_COUNT],
			  enum column col)
{
	return position[col] == SIZE_MAX ? "" : field(row, position[col]);
}

/* Removes surrounding white space in place (fields are NUL-terminated). */
static const char *trimmed(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	char *end = (char *)s + strlen(s);
	while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
		*--end = '\0';
	return s;
}

static int deliver(struct row *row, const size_t position[COLUMN_COUNT],
		   record_handler handler, void *context, struct source_error *err)
{
	struct buf *references = &row->references;
	references->length = 0;
	registry_add_bracketed_references(references, column(row, position, COLUMN_REFERENCE));
	buf_append_byte(references, '\0');
	struct registry_record record = {
		.name = trimmed(column(row, position, COLUMN_NAME)),
		.number = trimmed(column(row, position, COLUMN_NUMBER)),
		.protocol = trimmed(column(row, position, COLUMN_PROTOCOL)),
		.description = trimmed(column(row, position, COLUMN_DESCRIPTION)),
		.note = trimmed(column(row, position, COLUMN_NOTE)),
		.references = (const char *)references->data,
		.line = row->line,
	};
	return handler(context, &record, err);
}

static unsigned long line_of_offset(const char *data, size_t offset)
{
	unsigned long line = 1;
	for (size_t i = 0; i < offset; i++)
		line += data[i] == '\n';
	return line;
}

static int parse_rows(struct cursor *c, struct row *row, record_handler handler,
		      void *context, struct registry_info *info, struct source_error *err)
{
	size_t position[COLUMN_COUNT];
	do {
		if (read_row(c, row, err) != 0)
			return -1;
	} while (row_is_blank(row) && c->p < c->end);
	if (map_columns(row, position, err) != 0)
		return -1;
	size_t columns = row->count;
	while (c->p < c->end) {
		if (read_row(c, row, err) != 0)
			return -1;
		if (row_is_blank(row))
			continue;
		if (row->count != columns) {
			source_error_set(err, row->line, "row has %zu fields; the header has %zu",
					 row->count, columns);
			return -1;
		}
		info->records++;
		if (deliver(row, position, handler, context, err) != 0)
			return -1;
	}
	if (info->records == 0) {
		source_error_set(err, 0, "no records after the header");
		return -1;
	}
	return 0;
}

/* The header line names the columns, separated by commas: a saved page's
 * table header names them too, but without commas.  The first two tell. */
bool registry_sniff_csv(const char *data, size_t size, size_t text_start)
{
	const char *line = data + text_start;
	const char *end = memchr(line, '\n', size - text_start);
	size_t length = end ? (size_t)(end - line) : size - text_start;
	return memchr(line, ',', length) != NULL &&
	       memmem(line, length, column_header[COLUMN_NAME], strlen(column_header[COLUMN_NAME])) &&
	       memmem(line, length, column_header[COLUMN_NUMBER],
		      strlen(column_header[COLUMN_NUMBER]));
}

int registry_parse_csv(const char *data, size_t size, record_handler handler, void *context,
		       struct registry_info *info, struct source_error *err)
{
	struct cursor c = { .p = data, .end = data + size, .line = 1 };
	struct row row = { 0 };
	size_t bad;

	memset(info, 0, sizeof(*info));
	info->format = REGISTRY_CSV;
	if (!utf8_valid(data, size, &bad)) {
		source_error_set(err, line_of_offset(data, bad), "invalid UTF-8");
		return -1;
	}
	if (size >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		c.p += 3;
	int result = parse_rows(&c, &row, handler, context, info, err);
	buf_free(&row.text);
	buf_free(&row.references);
	free(row.start);
	return result;
}
