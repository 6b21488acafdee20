#include "json_out.h"

#include <string.h>

#include "utf8.h"

void json_start(struct json_out *j, FILE *out)
{
	*j = (struct json_out){ .out = out };
}

void json_finish(struct json_out *j)
{
	fputc('\n', j->out);
}

static void write_text(FILE *out, const char *text, size_t left)
{
	fputc('"', out);
	while (left > 0) {
		unsigned char c = (unsigned char)*text;
		size_t length = utf8_sequence_length(text, left);
		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			fprintf(out, "\\u%04x", c);
		else if (length == 0)
			fputs("\\ufffd", out);
		else
			fwrite(text, 1, length, out);
		if (length == 0)
			length = 1;
		text += length;
		left -= length;
	}
	fputc('"', out);
}

/* The comma, the line break and indentation before a value, and its key. */
static void member(struct json_out *j, const char *key)
{
	if (j->after_value)
		fputc(',', j->out);
	if (j->depth > 0)
		fprintf(j->out, "\n%*s", (int)(2 * j->depth), "");
	if (key != NULL) {
		write_text(j->out, key, strlen(key));
		fputs(": ", j->out);
	}
	j->after_value = true;
}

static void open_container(struct json_out *j, const char *key, char bracket)
{
	member(j, key);
	fputc(bracket, j->out);
	j->depth++;
	j->after_value = false;
}

/* An empty container closes on its own line's bracket: "[]". */
static void close_container(struct json_out *j, char bracket)
{
	j->depth--;
	if (j->after_value)
		fprintf(j->out, "\n%*s", (int)(2 * j->depth), "");
	fputc(bracket, j->out);
	j->after_value = true;
}

void json_object_begin(struct json_out *j, const char *key)
{
	open_container(j, key, '{');
}

void json_object_end(struct json_out *j)
{
	close_container(j, '}');
}

void json_array_begin(struct json_out *j, const char *key)
{
	open_container(j, key, '[');
}

void json_array_end(struct json_out *j)
{
	close_container(j, ']');
}

void json_string(struct json_out *j, const char *key, const char *value)
{
	member(j, key);
	if (value == NULL)
		fputs("null", j->out);
	else
		write_text(j->out, value, strlen(value));
}

void json_string_part(struct json_out *j, const char *key, const char *value, size_t length)
{
	member(j, key);
	write_text(j->out, value, length);
}

void json_number(struct json_out *j, const char *key, unsigned long value)
{
	member(j, key);
	fprintf(j->out, "%lu", value);
}

void json_bool(struct json_out *j, const char *key, bool value)
{
	member(j, key);
	fputs(value ? "true" : "false", j->out);
}
