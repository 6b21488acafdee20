/*
 * Writing and reading the descriptions file (the format is described in
 * descriptions.h).  The file is untrusted input when read back: every line
 * is checked for its length and for control characters before anything in
 * it is used, and the entry keys are checked as the compiler checks a
 * registry's fields.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compile.h"
#include "descriptions.h"
#include "file_header.h"
#include "text_lines.h"
#include "xalloc.h"

static const char explanation[] =
	"# The descriptions and RFC references of IANA's Service Name and Transport\n"
	"# Protocol Port Number Registry, for the entries nss-iana compiles, in\n"
	"# registry order, one a line:  KEY<TAB>DESCRIPTION[<TAB>RFC...]\n"
	"# Made by `iana-services snapshot` and `build`; make it again, do not edit.\n";

/* What a terminal must not be sent raw: C0 controls (tab included, the
 * field separator), DEL, and C1 controls (U+0080 to U+009F, in UTF-8
 * 0xC2 0x80 to 0xC2 0x9F).  Returns the bytes such a character takes at
 * p, or 0. */
static size_t control_at(const unsigned char *p, const unsigned char *end)
{
	if (*p < 0x20 || *p == 0x7f)
		return 1;
	if (*p == 0xc2 && p + 1 < end && p[1] >= 0x80 && p[1] <= 0x9f)
		return 2;
	return 0;
}

/* The description as a line holds it: controls become spaces, and it is
 * cut at a character's start if too long. */
static void append_text(struct buf *out, const char *text)
{
	const unsigned char *p = (const unsigned char *)text;
	size_t length = strlen(text);
	if (length > DESCRIPTIONS_MAX_TEXT) {
		length = DESCRIPTIONS_MAX_TEXT;
		while (length > 0 && (p[length] & 0xc0) == 0x80)
			length--;
	}
	for (const unsigned char *end = p + length; p < end;) {
		size_t control = control_at(p, end);
		buf_append_byte(out, control ? ' ' : *p);
		p += control ? control : 1;
	}
}

/* Whether text[0..length) is a reference as the file holds it: RFCnnnn. */
static bool is_reference(const char *text, size_t length)
{
	if (length < 4 || length > 8 || memcmp(text, "RFC", 3) != 0)
		return false;
	for (size_t i = 3; i < length; i++)
		if (text[i] < '0' || text[i] > '9')
			return false;
	return true;
}

/* The well-formed references of the list, as many as fit. */
static void append_references(struct buf *out, const char *references)
{
	size_t written = 0;
	for (const char *p = references; *p;) {
		size_t length = strcspn(p, " ");
		if (is_reference(p, length) && written + length + 1 <= DESCRIPTIONS_MAX_REFERENCES) {
			if (written > 0)
				buf_append_byte(out, ' ');
			buf_append(out, p, length);
			written += length + (written > 0);
		}
		p += length;
		p += strspn(p, " ");
	}
}

/* Appends the line of s, if it has anything to say; returns whether. */
static bool append_line(struct buf *out, const struct service *s)
{
	size_t start = out->length;
	service_key_text(out, s->name, s->port, s->last_port, s->proto);
	buf_append_byte(out, '\t');
	size_t text_start = out->length;
	append_text(out, s->description != NULL ? s->description : "");
	size_t text_end = out->length;
	buf_append_byte(out, '\t');
	append_references(out, s->references != NULL ? s->references : "");
	bool has_references = out->length > text_end + 1;
	if (!has_references)
		out->length = text_end;
	if (!has_references && text_end == text_start) {
		out->length = start;
		return false;
	}
	buf_append_byte(out, '\n');
	return true;
}

void descriptions_write(struct buf *out, const struct snapshot_header *header,
			const struct service_list *list)
{
	struct buf lines = { 0 };
	size_t count = 0;
	for (size_t i = 0; i < list->count; i++)
		count += append_line(&lines, &list->items[i]);
	file_header_write(out, DESCRIPTIONS_MAGIC, DESCRIPTIONS_VERSION, explanation, header, count);
	buf_append(out, lines.data, lines.length);
	buf_free(&lines);
}

struct reader {
	struct text_lines lines;
	struct description_table *table;
	struct source_error *err;
	struct file_header header;
	struct buf key;
	size_t capacity;
};

/* The length and character checks every line passes first. */
static int check_line(struct reader *r, const char *line, size_t length)
{
	if (length > DESCRIPTIONS_MAX_LINE) {
		source_error_set(r->err, r->lines.number, "a line longer than %d bytes",
				 DESCRIPTIONS_MAX_LINE);
		return -1;
	}
	const unsigned char *p = (const unsigned char *)line, *end = p + length;
	for (; p < end; p++) {
		if (*p != '\t' && control_at(p, end) != 0) {
			source_error_set(r->err, r->lines.number, "a control character in column %zu",
					 (size_t)(p - (const unsigned char *)line) + 1);
			return -1;
		}
	}
	return 0;
}

/* NAME PORT/PROTOCOL or NAME FIRST-LAST/PROTOCOL, checked as the compiler
 * checks a registry's fields; key is split in place. */
static int read_key(struct reader *r, char *key, struct description *d)
{
	unsigned long number = r->lines.number;
	char *space = strchr(key, ' ');
	char *slash = space != NULL ? strchr(space, '/') : NULL;
	if (space == NULL || slash == NULL || strchr(space + 1, ' ') != NULL) {
		source_error_set(r->err, number, "\"%.64s\" is not NAME PORT/PROTOCOL", key);
		return -1;
	}
	*space = '\0';
	*slash = '\0';
	d->name = key;
	d->proto = slash + 1;
	return check_token(d->name, "service name", SERVICE_NAME_MAX, number, r->err) != 0 ||
			       parse_port_range(space + 1, &d->port, &d->last_port, number, r->err) != 0 ||
			       check_token(d->proto, "protocol", PROTOCOL_NAME_MAX, number, r->err) != 0
		? -1 : 0;
}

/* One or more RFCnnnn, separated by single spaces. */
static bool are_references(const char *text)
{
	if (*text == '\0')
		return false;
	for (;;) {
		size_t length = strcspn(text, " ");
		if (!is_reference(text, length))
			return false;
		text += length;
		if (*text == '\0')
			return true;
		text++;
	}
}

static void key_of(struct buf *key, const char *name, uint16_t port, uint16_t last_port,
		   const char *proto)
{
	char ports[32];
	snprintf(ports, sizeof(ports), " %u-%u/", (unsigned)port, (unsigned)last_port);
	key->length = 0;
	buf_append(key, name, strlen(name));
	buf_append(key, ports, strlen(ports));
	buf_append(key, proto, strlen(proto) + 1);
}

static int read_entry(struct reader *r, char *line)
{
	struct description_table *t = r->table;
	struct description d = { 0 };
	char *tab = strchr(line, '\t');
	if (tab == NULL) {
		source_error_set(r->err, r->lines.number, "not KEY<TAB>DESCRIPTION[<TAB>REFERENCES]");
		return -1;
	}
	*tab = '\0';
	if (read_key(r, line, &d) != 0)
		return -1;
	d.text = tab + 1;
	char *second = strchr(tab + 1, '\t');
	d.references = "";
	if (second != NULL) {
		*second = '\0';
		d.references = second + 1;
		if (!are_references(d.references)) {
			source_error_set(r->err, r->lines.number, "\"%.64s\" is not a list of RFCnnnn "
					 "separated by spaces", d.references);
			return -1;
		}
	} else if (d.text[0] == '\0') {
		source_error_set(r->err, r->lines.number, "an entry without a description or "
				 "references");
		return -1;
	}
	key_of(&r->key, d.name, d.port, d.last_port, d.proto);
	if (!strmap_add(&t->keys, (const char *)r->key.data, (uint32_t)t->count)) {
		source_error_set(r->err, r->lines.number, "\"%.64s\" is given a second time",
				 d.name);
		return -1;
	}
	t->items = xgrow(t->items, &r->capacity, t->count + 1, sizeof(*t->items));
	t->items[t->count++] = d;
	return 0;
}

/* The header's checks keep each value within its field (a date, a format
 * name, 64 hex digits); the bound is kept all the same. */
static void copy_value(char *to, size_t size, const char *value)
{
	size_t length = strnlen(value, size - 1);
	memcpy(to, value, length);
	to[length] = '\0';
}

static int finish_header(struct reader *r)
{
	if (file_header_complete(&r->header, r->lines.number, r->err) != 0)
		return -1;
	struct description_table *t = r->table;
	copy_value(t->updated, sizeof(t->updated), file_header_updated(&r->header));
	copy_value(t->source, sizeof(t->source), r->header.value[HEADER_SOURCE]);
	copy_value(t->format, sizeof(t->format), r->header.value[HEADER_FORMAT]);
	copy_value(t->sha256, sizeof(t->sha256), r->header.value[HEADER_SHA256]);
	return 0;
}

static int read_lines(struct reader *r)
{
	const char *line;
	size_t length;
	bool in_header = true;
	if (file_header_first_line(&r->lines, DESCRIPTIONS_MAGIC, DESCRIPTIONS_VERSION,
				   "descriptions file", r->err) != 0)
		return -1;
	while (text_lines_next(&r->lines, &line, &length)) {
		if (check_line(r, line, length) != 0)
			return -1;
		if (in_header && length > 0 && line[0] == '#') {
			if (file_header_read_line(&r->header, line, length, r->lines.number, r->err) != 0)
				return -1;
			continue;
		}
		if (in_header && finish_header(r) != 0)
			return -1;
		in_header = false;
		/* The table owns the text: the line ends where its newline was. */
		char *text = (char *)line;
		text[length] = '\0';
		if (read_entry(r, text) != 0)
			return -1;
	}
	if (in_header && finish_header(r) != 0)
		return -1;
	unsigned long declared = file_header_entries(&r->header);
	if (r->table->count != declared) {
		source_error_set(r->err, r->lines.number, "the header announces %lu entries, but %zu "
				 "follow: the file is cut short or was edited", declared,
				 r->table->count);
		return -1;
	}
	return 0;
}

int descriptions_parse(char *data, size_t size, struct description_table *out,
		       struct source_error *err)
{
	struct reader r = { .table = out, .err = err };
	memset(out, 0, sizeof(*out));
	out->text = data;
	text_lines_init(&r.lines, data, size);
	int result = text_check(data, size, err);
	if (result == 0)
		result = read_lines(&r);
	buf_free(&r.key);
	if (result != 0)
		descriptions_free(out);
	return result;
}

const struct description *descriptions_find(const struct description_table *table,
					     const char *name, uint16_t port, uint16_t last_port,
					     const char *proto)
{
	struct buf key = { 0 };
	uint32_t position;
	key_of(&key, name, port, last_port, proto);
	bool found = strmap_get(&table->keys, (const char *)key.data, &position);
	buf_free(&key);
	return found ? &table->items[position] : NULL;
}

void descriptions_free(struct description_table *table)
{
	free(table->items);
	strmap_free(&table->keys);
	free(table->text);
	memset(table, 0, sizeof(*table));
}

char *descriptions_path_beside(const char *path)
{
	static const char extension[] = ".descriptions";
	const char *slash = strrchr(path, '/');
	const char *base = slash != NULL ? slash + 1 : path;
	const char *dot = strrchr(base, '.');
	size_t keep = strlen(path);
	/* A name without an extension, a hidden file's, or one that already is
	 * a descriptions file's (never the file itself) gets it added. */
	if (dot != NULL && dot != base && strcmp(dot, extension) != 0)
		keep = (size_t)(dot - path);
	char *beside = xmalloc(keep + sizeof(extension));
	memcpy(beside, path, keep);
	memcpy(beside + keep, extension, sizeof(extension));
	return beside;
}
