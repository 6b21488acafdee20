/* The services(5) reader: one line at a time, split into white-space
 * separated words up to a '#'. */
#include <stdlib.h>
#include <string.h>

#include "compile.h"
#include "services_file.h"
#include "text_lines.h"
#include "xalloc.h"

/* Splits line (modified in place) into words, ending at a '#'. */
static void split(char *line, struct words *w)
{
	char *hash = strchr(line, '#');
	if (hash != NULL)
		*hash = '\0';
	words_split(line, w);
}

static int parse_port_and_protocol(char *text, struct services_line *out, struct source_error *err)
{
	char *slash = strchr(text, '/');
	uint16_t last;
	if (slash == NULL) {
		source_error_set(err, out->line, "\"%s\" is not PORT/PROTOCOL", text);
		return -1;
	}
	*slash = '\0';
	out->proto = slash + 1;
	if (parse_port_range(text, &out->port, &last, out->line, err) != 0)
		return -1;
	if (last != out->port) {
		source_error_set(err, out->line, "services(5) has no port ranges: \"%s\"", text);
		return -1;
	}
	if (out->proto[0] == '\0' || strchr(out->proto, '/') != NULL) {
		source_error_set(err, out->line, "\"%s\" is not a protocol name", out->proto);
		return -1;
	}
	return check_token(out->proto, "protocol", PROTOCOL_NAME_MAX, out->line, err);
}

static int parse_line(char *text, unsigned long number, struct words *w,
		      struct services_line *out, struct source_error *err)
{
	split(text, w);
	out->line = number;
	out->alias_count = 0;
	if (w->count == 0)
		return 1;
	if (w->count < 2) {
		source_error_set(err, number, "\"%s\" has no PORT/PROTOCOL after it", w->word[0]);
		return -1;
	}
	out->name = w->word[0];
	if (check_token(out->name, "service name", SERVICE_NAME_MAX, number, err) != 0 ||
	    parse_port_and_protocol(w->word[1], out, err) != 0)
		return -1;
	out->aliases = (const char *const *)w->word + 2;
	out->alias_count = w->count - 2;
	for (size_t i = 0; i < out->alias_count; i++)
		if (check_token(out->aliases[i], "alias", SERVICE_NAME_MAX, number, err) != 0)
			return -1;
	return 0;
}

int services_parse(const char *data, size_t size, services_handler handler, void *context,
		   struct source_error *err)
{
	struct words w = { 0 };
	struct text_lines lines;
	const char *line;
	size_t length;
	char *copy = xstrndup(data, size);
	int result = text_check(data, size, err);
	text_lines_init(&lines, copy, size);
	while (result == 0 && text_lines_next(&lines, &line, &length)) {
		/* The line is split in place: its end is a "\r", a "\n" or the
		 * copy's own NUL. */
		char *text = copy + (line - copy);
		text[length] = '\0';
		struct services_line parsed;
		int status = parse_line(text, lines.number, &w, &parsed, err);
		if (status < 0 || (status == 0 && handler(context, &parsed, err) != 0))
			result = -1;
	}
	words_free(&w);
	free(copy);
	return result;
}
