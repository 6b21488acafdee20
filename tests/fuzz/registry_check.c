#include "registry_check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compile.h"
#include "index_verify.h"
#include "index_writer.h"

struct checked_parse {
	const char *target;
	struct compiler compiler;
	unsigned long last_line; /* the number of lines the input has, at most */
};

static void give_up(const struct checked_parse *p, const char *what, unsigned long detail)
{
	fprintf(stderr, "%s: %s (%lu)\n", p->target, what, detail);
	abort();
}

/* A line break is LF, CR LF or, for XML, a lone CR: counting both bytes
 * gives a bound that holds for every parser. */
unsigned long input_line_bound(const uint8_t *data, size_t size)
{
	unsigned long lines = 1;
	for (size_t i = 0; i < size; i++)
		lines += data[i] == '\n' || data[i] == '\r';
	return lines;
}

static int check_record(void *context, const struct registry_record *record,
			struct source_error *err)
{
	struct checked_parse *p = context;
	if (record->name == NULL || record->number == NULL || record->protocol == NULL ||
	    record->description == NULL || record->note == NULL || record->references == NULL)
		give_up(p, "a record field is NULL; absent fields must be \"\"", record->line);
	if (record->line == 0 || record->line > p->last_line)
		give_up(p, "a record names a line outside the input", record->line);
	return compile_record(&p->compiler, record, err);
}

static void check_warning(void *context, unsigned long line, const char *message)
{
	const struct checked_parse *p = context;
	if (line == 0 || line > p->last_line || message[0] == '\0')
		give_up(p, "a warning names no line inside the input, or says nothing", line);
}

void check_list_serializes(const char *target, const struct service_list *list)
{
	struct index_options options = { .descriptions = true };
	struct buf image = { 0 };
	struct source_error err = { 0 };
	if (index_serialize(list, &options, &image, &err) == 0 &&
	    index_verify(image.data, image.length, &err) != 0) {
		fprintf(stderr, "%s: accepted input compiles to an unsound index: %s\n", target,
			err.message);
		abort();
	}
	buf_free(&image);
}

void check_registry_parser(registry_parser parse, const char *target, const uint8_t *data,
			   size_t size)
{
	struct service_list list = { 0 };
	struct checked_parse p = {
		.target = target,
		.compiler = { .list = &list, .warn = check_warning },
		.last_line = input_line_bound(data, size),
	};
	struct registry_info info;
	struct source_error err = { 0 };
	p.compiler.warn_context = &p;
	if (parse((const char *)data, size, check_record, &p, &info, &err) == 0) {
		compile_finish(&p.compiler);
		check_list_serializes(target, &list);
	}
	else if (err.message[0] == '\0' || err.line > p.last_line)
		give_up(&p, "a refusal names no line inside the input, or says nothing", err.line);
	service_list_free(&list);
}
