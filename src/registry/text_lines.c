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
	if (t->next >= t->end)
		return false;
	const char *newline = memchr(t->next, '\n', (size_t)(t->end - t->next));
	const char *stop = newline ? newline : t->end;
	*line = t->next;
	*length = (size_t)(stop - t->next);
	if (*length > 0 && (*line)[*length - 1] == '\r')
		(*length)--;
	t->next = newline ? newline + 1 : t->end;
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
