#include "queries.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int read_file(const char *path, char **text)
{
	FILE *f = fopen(path, "r");
	if (f == NULL)
		return errno;
	size_t capacity = 1 << 16, length = 0;
	char *buffer = malloc(capacity + 1);
	size_t got;
	while (buffer != NULL && (got = fread(buffer + length, 1, capacity - length, f)) > 0) {
		length += got;
		if (length == capacity) {
			capacity *= 2;
			char *bigger = realloc(buffer, capacity + 1);
			if (bigger == NULL)
				free(buffer);
			buffer = bigger;
		}
	}
	int error = buffer == NULL ? ENOMEM : ferror(f) ? EIO : 0;
	fclose(f);
	if (error != 0) {
		free(buffer);
		return error;
	}
	buffer[length] = '\0';
	*text = buffer;
	return 0;
}

static size_t count_lines(const char *text)
{
	size_t lines = 0;
	for (const char *p = text; *p; p++)
		lines += *p == '\n';
	return lines;
}

static int port_of(const char *key)
{
	char *end;
	unsigned long port = strtoul(key, &end, 10);
	if (end == key || *end != '\0' || port > 65535)
		return -1;
	return (int)htons((uint16_t)port);
}

/* Splits "KEY<TAB>PROTO" in place. */
static int parse_line(char *line, struct query *q)
{
	char *tab = strchr(line, '\t');
	if (tab == NULL || tab == line || tab[1] == '\0')
		return EINVAL;
	*tab = '\0';
	q->name = line;
	q->port = port_of(line);
	q->proto = strcmp(tab + 1, "*") == 0 ? NULL : tab + 1;
	return 0;
}

int query_set_load(const char *path, struct query_set *out)
{
	char *text = NULL;
	int error = read_file(path, &text);
	if (error != 0)
		return error;
	struct query *items = calloc(count_lines(text) + 1, sizeof(*items));
	if (items == NULL) {
		free(text);
		return ENOMEM;
	}
	size_t count = 0;
	for (char *line = text, *next; error == 0 && *line; line = next) {
		char *newline = strchr(line, '\n');
		next = newline != NULL ? newline + 1 : line + strlen(line);
		if (newline != NULL)
			*newline = '\0';
		error = parse_line(line, &items[count++]);
	}
	if (error == 0 && count == 0)
		error = EINVAL;
	if (error != 0) {
		free(items);
		free(text);
		return error;
	}
	*out = (struct query_set){ .items = items, .count = count, .text = text };
	return 0;
}

void query_set_free(struct query_set *set)
{
	free(set->items);
	free(set->text);
	*set = (struct query_set){ 0 };
}
