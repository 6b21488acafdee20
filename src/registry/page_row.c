#include "page_row.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

static const char *const protocols[] = { "tcp", "udp", "sctp", "dccp" };

static bool is_space(char c)
{
	return c == ' ' || c == '\t';
}

static size_t digits(const char *word, size_t length)
{
	size_t n = 0;
	while (n < length && word[n] >= '0' && word[n] <= '9')
		n++;
	return n;
}

bool page_is_port(const char *word, size_t length)
{
	size_t first = digits(word, length);
	if (first == 0 || first == length)
		return first > 0;
	if (word[first] != '-')
		return false;
	size_t last = digits(word + first + 1, length - first - 1);
	return last > 0 && first + 1 + last == length;
}

bool page_is_protocol(const char *word, size_t length)
{
	for (size_t p = 0; p < sizeof(protocols) / sizeof(protocols[0]); p++)
		if (strlen(protocols[p]) == length && memcmp(word, protocols[p], length) == 0)
			return true;
	return false;
}

static void add_cell(struct page_cells *cells, const char *text, size_t length)
{
	while (length > 0 && is_space(*text))
		text++, length--;
	while (length > 0 && is_space(text[length - 1]))
		length--;
	if (length == 0)
		return;
	cells->start = xgrow(cells->start, &cells->capacity, cells->count + 1, sizeof(*cells->start));
	cells->start[cells->count++] = cells->text.length;
	buf_append(&cells->text, text, length);
	buf_append_byte(&cells->text, '\0');
}

static void split_words(struct page_cells *cells, const char *row, size_t length)
{
	size_t i = 0;
	while (i < length) {
		while (i < length && is_space(row[i]))
			i++;
		size_t start = i;
		while (i < length && !is_space(row[i]))
			i++;
		add_cell(cells, row + start, i - start);
	}
}

/* Cells between unescaped '|'; "\|" stands for a '|' inside a cell. */
static void split_pipes(struct page_cells *cells, const char *row, size_t length)
{
	struct buf current = { 0 };
	for (size_t i = 0; i <= length; i++) {
		if (i == length || row[i] == '|') {
			add_cell(cells, (const char *)current.data, current.length);
			current.length = 0;
		} else if (row[i] == '\\' && i + 1 < length && row[i + 1] == '|') {
			buf_append_byte(&current, '|');
			i++;
		} else {
			buf_append_byte(&current, (uint8_t)row[i]);
		}
	}
	buf_free(&current);
}

void page_cells_split(struct page_cells *cells, const char *row, size_t length,
		      enum page_rendering rendering)
{
	cells->text.length = 0;
	cells->count = 0;
	cells->rendering = rendering;
	if (rendering == PAGE_PIPES)
		split_pipes(cells, row, length);
	else
		split_words(cells, row, length);
}

static const char *cell(const struct page_cells *cells, size_t i)
{
	return (const char *)cells->text.data + cells->start[i];
}

/* Whether cell i exists and passes test. */
static bool cell_is(const struct page_cells *cells, size_t i, bool (*test)(const char *, size_t))
{
	return i < cells->count && test(cell(cells, i), strlen(cell(cells, i)));
}

/* Appends cells from..to-1, separated by spaces.  The description stops
 * before a bracketed reference, and after one cell of a pipe table. */
static void join_cells(struct page_cells *cells, size_t from, size_t to, bool description)
{
	for (size_t i = from; i < to; i++) {
		if (description && (cell(cells, i)[0] == '[' ||
				    (i > from && cells->rendering == PAGE_PIPES)))
			break;
		if (i > from)
			buf_append_byte(&cells->rest, ' ');
		buf_append(&cells->rest, cell(cells, i), strlen(cell(cells, i)));
	}
	buf_append_byte(&cells->rest, '\0');
}

/* The RFCs of the Reference cell: after the description come bracketed
 * cells (the assignee, the contact, the reference) and dates; the cells
 * after them (service code, notes) are prose, whose brackets are not. */
static void collect_references(struct page_cells *cells, size_t from)
{
	cells->references.length = 0;
	bool bracketed = false;
	for (size_t i = from; i < cells->count; i++) {
		const char *text = cell(cells, i);
		if (text[0] == '[') {
			bracketed = true;
			registry_add_bracketed_references(&cells->references, text);
		} else if (bracketed && !registry_is_date(text, strlen(text))) {
			break;
		}
	}
	buf_append_byte(&cells->references, '\0');
}

int page_cells_deliver(struct page_cells *cells, unsigned long line, record_handler handler,
		       void *context, struct source_error *err)
{
	size_t i = 0;
	const char *name = "", *number = "", *protocol = "";
	if (cells->count == 0)
		return 0;
	if (!cell_is(cells, i, page_is_port))
		name = cell(cells, i++);
	if (cell_is(cells, i, page_is_port))
		number = cell(cells, i++);
	if (cell_is(cells, i, page_is_protocol))
		protocol = cell(cells, i++);
	cells->rest.length = 0;
	join_cells(cells, i, cells->count, true);
	size_t note = cells->rest.length;
	join_cells(cells, i, cells->count, false);
	collect_references(cells, i);
	struct registry_record record = {
		.name = name, .number = number, .protocol = protocol,
		.description = (const char *)cells->rest.data,
		.note = (const char *)cells->rest.data + note,
		.references = (const char *)cells->references.data,
		.line = line,
	};
	return handler(context, &record, err);
}

void page_cells_free(struct page_cells *cells)
{
	buf_free(&cells->text);
	buf_free(&cells->rest);
	buf_free(&cells->references);
	free(cells->start);
}
