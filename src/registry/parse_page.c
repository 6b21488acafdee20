/*
 * The registry's web page, saved as text -- what a browser's "save as
 * text" or a copy of the page gives, in either of two renderings of its
 * table:
 *   - plain text: cells separated by spaces; a cell that holds line breaks
 *     wraps over several lines, blank ones included, so a row goes on
 *     until the next line that starts a row ("NAME PORT", "NAME PROTOCOL"
 *     or a port or range);
 *   - a pipe table, with or without the outer pipes, empty cells possibly
 *     dropped; a row may wrap onto continuation lines indented more than
 *     the table's header row.
 * Before the table, the page's header (its lines possibly "- " bullets,
 * possibly indented) gives the registry's date: the line after "Last
 * Updated", or the rest of that line.  The table starts at its header row,
 * which names "Service Name", "Port Number" and "Transport Protocol", and
 * ends at the contact tables ("Contact Information", or a header row
 * starting with "ID"), whose rows are counted and skipped.  What each row
 * says is read by page_row.c.  A page without the registry table is an
 * error naming the line of the page's title.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "page_row.h"
#include "registry.h"
#include "text_lines.h"

static const char page_title[] = "Service Name and Transport Protocol Port Number Registry";
static const char date_label[] = "Last Updated";
static const char *const table_columns[] = { "Service Name", "Port Number", "Transport Protocol" };
static const char *const contact_titles[] = { "Contact Information", "People" };

enum page_part { BEFORE_TABLE, IN_TABLE, AFTER_TABLE };

struct text {
	const char *p;
	size_t n;
};

struct page_reader {
	struct text_lines lines;
	record_handler handler;
	void *context;
	struct registry_info *info;
	struct source_error *err;
	enum page_part part;
	enum page_rendering rendering;
	size_t table_indent;        /* of the table's header row */
	unsigned long table_line;
	unsigned long title_line;
	bool date_follows;          /* "Last Updated" seen alone on its line */
	bool dated;
	struct buf row;             /* the open row, its lines joined */
	unsigned long row_line;     /* where it starts; 0 when none is open */
	struct page_cells cells;
};

static bool is_space(char c)
{
	return c == ' ' || c == '\t';
}

static size_t indentation(const char *line, size_t length)
{
	size_t n = 0;
	while (n < length && is_space(line[n]))
		n++;
	return n;
}

static struct text trimmed(const char *line, size_t length)
{
	struct text t = { line, length };
	size_t indent = indentation(line, length);
	t.p += indent;
	t.n -= indent;
	while (t.n > 0 && is_space(t.p[t.n - 1]))
		t.n--;
	return t;
}

/* The text of a header line without its "- " bullet. */
static struct text unbulleted(struct text t)
{
	if (t.n > 0 && t.p[0] == '-' && (t.n == 1 || is_space(t.p[1])))
		return trimmed(t.p + 1, t.n - 1);
	return t;
}

static bool starts_with(struct text t, const char *prefix)
{
	size_t n = strlen(prefix);
	return t.n >= n && memcmp(t.p, prefix, n) == 0;
}

static bool contains(struct text t, const char *part)
{
	return memmem(t.p, t.n, part, strlen(part)) != NULL;
}

static bool is_table_header(struct text t)
{
	const char *at = t.p, *end = t.p + t.n;
	for (size_t c = 0; c < sizeof(table_columns) / sizeof(table_columns[0]); c++) {
		const char *found = memmem(at, (size_t)(end - at), table_columns[c],
					   strlen(table_columns[c]));
		if (found == NULL)
			return false;
		at = found + strlen(table_columns[c]);
	}
	return true;
}

/* "|---|---|": the line under a pipe table's header row. */
static bool is_separator(struct text t)
{
	size_t n = 0;
	while (n < t.n && strchr("|-: \t", t.p[n]) != NULL)
		n++;
	return n == t.n && memchr(t.p, '-', t.n) != NULL && memchr(t.p, '|', t.n) != NULL;
}

/* The first word (plain text) or cell (pipes) of a line. */
static struct text first_cell(struct text t, enum page_rendering rendering)
{
	const char *stops = rendering == PAGE_PIPES ? "|" : " \t";
	while (rendering == PAGE_PIPES && t.n > 0 && (t.p[0] == '|' || is_space(t.p[0])))
		t.p++, t.n--;
	size_t n = 0;
	while (n < t.n && strchr(stops, t.p[n]) == NULL)
		n++;
	return trimmed(t.p, n);
}

static bool is_contact_title(struct text t)
{
	while (t.n > 0 && (t.p[0] == '|' || is_space(t.p[0])))
		t.p++, t.n--;
	while (t.n > 0 && (t.p[t.n - 1] == '|' || is_space(t.p[t.n - 1])))
		t.n--;
	for (size_t i = 0; i < sizeof(contact_titles) / sizeof(contact_titles[0]); i++)
		if (t.n == strlen(contact_titles[i]) && strncasecmp(t.p, contact_titles[i], t.n) == 0)
			return true;
	return false;
}

/* The header row of a contact table: "ID Name ..." or "ID | Name | ...". */
static bool is_contact_header(struct text t, enum page_rendering rendering)
{
	struct text first = first_cell(t, rendering);
	return first.n == 2 && memcmp(first.p, "ID", 2) == 0 && contains(t, "Name");
}

static bool is_alnum(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* A word that can be a service name (the registry's have these characters). */
static bool is_name_like(struct text word)
{
	if (word.n == 0 || !is_alnum(word.p[0]))
		return false;
	for (size_t i = 0; i < word.n; i++)
		if (!is_alnum(word.p[i]) && strchr("-_./+*", word.p[i]) == NULL)
			return false;
	return true;
}

static bool has_capitals(struct text word)
{
	for (size_t i = 0; i < word.n; i++)
		if (word.p[i] >= 'A' && word.p[i] <= 'Z')
			return true;
	return false;
}

static struct text next_word(struct text t, struct text word)
{
	const char *end = word.p + word.n;
	return first_cell(trimmed(end, (size_t)(t.p + t.n - end)), PAGE_PLAIN);
}

/*
 * Whether a plain-text line starts a row, rather than continue one: a port
 * or range, or a name followed by a port or a protocol.  Wrapped prose can
 * look like a name and a port ("PORT 4000 also used by ...") where no
 * protocol follows; the registry's rows without a protocol have lowercase
 * names, so a capitalized word there is taken for prose.
 */
static bool starts_plain_row(struct text t)
{
	struct text first = first_cell(t, PAGE_PLAIN);
	struct text second = next_word(t, first), third = next_word(t, second);
	if (page_is_port(first.p, first.n))
		return true;
	if (!is_name_like(first))
		return false;
	if (page_is_protocol(second.p, second.n))
		return true;
	return page_is_port(second.p, second.n) &&
	       (page_is_protocol(third.p, third.n) || !has_capitals(first));
}

static int take_date(struct page_reader *r, struct text t)
{
	r->date_follows = false;
	if (!registry_is_date(t.p, t.n)) {
		source_error_set(r->err, r->lines.number, "\"%s\" is followed by \"%.*s\", not a "
				 "date YYYY-MM-DD", date_label, (int)(t.n > 40 ? 40 : t.n), t.p);
		return -1;
	}
	memcpy(r->info->updated, t.p, t.n);
	r->info->updated[t.n] = '\0';
	r->dated = true;
	return 0;
}

/* A line of the page before the table: its title, date, table header. */
static int read_page_header(struct page_reader *r, const char *line, size_t length)
{
	struct text t = trimmed(line, length), item = unbulleted(t);
	if (r->title_line == 0 && contains(t, page_title))
		r->title_line = r->lines.number;
	if (r->date_follows && item.n > 0)
		return take_date(r, item);
	if (!r->dated && starts_with(item, date_label)) {
		struct text rest = trimmed(item.p + strlen(date_label), item.n - strlen(date_label));
		if (rest.n > 0 && rest.p[0] == ':')
			rest = trimmed(rest.p + 1, rest.n - 1);
		r->date_follows = true;
		return rest.n > 0 ? take_date(r, rest) : 0;
	}
	if (is_table_header(t)) {
		r->part = IN_TABLE;
		r->rendering = memchr(t.p, '|', t.n) != NULL ? PAGE_PIPES : PAGE_PLAIN;
		r->table_indent = indentation(line, length);
		r->table_line = r->lines.number;
	}
	return 0;
}

static int close_row(struct page_reader *r)
{
	if (r->row_line == 0)
		return 0;
	unsigned long line = r->row_line;
	r->row_line = 0;
	page_cells_split(&r->cells, (const char *)r->row.data, r->row.length, r->rendering);
	if (r->cells.count == 0)
		return 0;
	r->info->records++;
	return page_cells_deliver(&r->cells, line, r->handler, r->context, r->err);
}

static int append_to_row(struct page_reader *r, struct text t)
{
	if (r->row.length + t.n + 1 > REGISTRY_MAX_FIELD) {
		source_error_set(r->err, r->row_line, "a row of the registry table longer than "
				 "%d bytes", REGISTRY_MAX_FIELD);
		return -1;
	}
	buf_append_byte(&r->row, ' ');
	buf_append(&r->row, t.p, t.n);
	return 0;
}

static int open_row(struct page_reader *r, struct text t)
{
	if (close_row(r) != 0)
		return -1;
	r->row.length = 0;
	r->row_line = r->lines.number;
	return append_to_row(r, t);
}

/* A pipe row goes on in lines indented more than the table header. */
static bool continues_row(const struct page_reader *r, const char *line, size_t length)
{
	if (r->row_line == 0)
		return false;
	if (r->rendering == PAGE_PIPES)
		return indentation(line, length) > r->table_indent;
	return !starts_plain_row(trimmed(line, length));
}

static int read_table_line(struct page_reader *r, const char *line, size_t length)
{
	struct text t = trimmed(line, length);
	if (t.n == 0 || is_separator(t))
		return 0;
	if (is_contact_title(t) || is_contact_header(t, r->rendering)) {
		r->part = AFTER_TABLE;
		return close_row(r);
	}
	if (continues_row(r, line, length))
		return append_to_row(r, t);
	if (r->rendering == PAGE_PLAIN && !starts_plain_row(t))
		return 0; /* text before the first row */
	return open_row(r, t);
}

/* The contact tables: each of their rows is counted, and skipped. */
static void count_other_row(struct page_reader *r, const char *line, size_t length)
{
	struct text t = trimmed(line, length);
	if (t.n == 0 || is_separator(t) || is_contact_title(t) || is_contact_header(t, r->rendering))
		return;
	if (r->rendering == PAGE_PIPES && indentation(line, length) > r->table_indent)
		return;
	r->info->other_rows++;
}

static int read_line(struct page_reader *r, const char *line, size_t length)
{
	switch (r->part) {
	case BEFORE_TABLE:
		return read_page_header(r, line, length);
	case IN_TABLE:
		return read_table_line(r, line, length);
	default:
		count_other_row(r, line, length);
		return 0;
	}
}

static int read_page(struct page_reader *r)
{
	const char *line;
	size_t length;
	while (text_lines_next(&r->lines, &line, &length))
		if (read_line(r, line, length) != 0)
			return -1;
	if (close_row(r) != 0)
		return -1;
	if (r->part == BEFORE_TABLE) {
		source_error_set(r->err, r->title_line ? r->title_line : r->lines.number,
				 "a registry page without the registry table: no line names the "
				 "columns \"Service Name\", \"Port Number\" and \"Transport Protocol\"");
		return -1;
	}
	if (r->info->records == 0) {
		source_error_set(r->err, r->table_line, "the registry table has no rows");
		return -1;
	}
	return 0;
}

/* A saved page has the registry's title, or at least its table's header. */
bool registry_sniff_page(const char *data, size_t size, size_t text_start)
{
	(void)text_start;
	struct text whole = { data, size };
	if (contains(whole, page_title))
		return true;
	for (size_t c = 0; c < sizeof(table_columns) / sizeof(table_columns[0]); c++)
		if (!contains(whole, table_columns[c]))
			return false;
	return true;
}

int registry_parse_page(const char *data, size_t size, record_handler handler, void *context,
			struct registry_info *info, struct source_error *err)
{
	struct page_reader r = {
		.handler = handler, .context = context, .info = info, .err = err,
	};
	memset(info, 0, sizeof(*info));
	info->format = REGISTRY_PAGE;
	if (text_check(data, size, err) != 0)
		return -1;
	if (size >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		data += 3, size -= 3;
	text_lines_init(&r.lines, data, size);
	int result = read_page(&r);
	buf_free(&r.row);
	page_cells_free(&r.cells);
	return result;
}
