#include "text_lines.h"

#include <stdlib.h>
#include <string.h>

#include "utf8.h"
#include "xalloc.h"

void text_lines_init(struct text_lines *t, const char *data, size_t size)
{
	t->next = data;
	t->end = data + size;
	t->number = 0;
}

bool text_lines_next(struct text_lines *t, const char **line, size_t *length)
{
	size_t rest = t->next < t->end ? (size_t)(t->end - t->next) : 0;
	if (rest == 0)
		return false;
	const char *newline = memchr(t->next, '\n', rest);
	size_t n = newline ? (size_t)(newline - t->next) : rest;
	*line = t->next;
	*length = n > 0 && t->next[n - 1] == '\r' ? n - 1 : n;
	t->next += newline ? n + 1 : n;
	t->number++;
	return true;
}

void words_split(char *line, struct words *w)
{
	static const char blanks[] = " \t\r\f\v";
	w->count = 0;
	for (char *p = line;;) {
		p += strspn(p, blanks);
		if (*p == '\0')
			return;
		w->word = xgrow(w->word, &w->capacity, w->count + 1, sizeof(*w->word));
		w->word[w->count++] = p;
		p += strcspn(p, blanks);
		if (*p != '\0')
			*p++ = '\0';
	}
}

void words_free(struct words *w)
{
	free(w->word);
	w->word = NULL;
	w->count = w->capacity = 0;
}

int text_check(const char *data, size_t size, struct source_error *err)
{
	size_t bad = size, invalid;
	const char *nul = memchr(data, '\0', size);
	if (nul != NULL)
		bad = (size_t)(nul - data);
	if (!utf8_valid(data, size, &invalid) && invalid < bad)
		bad = invalid;
	if (bad == size)
		return 0;
	unsigned long line = 1;
	for (size_t i = 0; i < bad; i++)
		line += data[i] == '\n';
	source_error_set(err, line, "not a text file: invalid UTF-8 or a NUL byte");
	return -1;
}
