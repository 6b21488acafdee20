#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "text_escape.h"
#include "tool.h"
#include "xalloc.h"

const char program_name[] = "iana-services";

bool option_stops(const struct command *command, int option, int *status)
{
	if (option == 'h') {
		print_command_help(command, stdout);
		*status = EXIT_OK;
	} else {
		/* getopt_long has said what is wrong. */
		fprintf(stderr, "Try '%s %s --help'.\n", program_name, command->name);
		*status = EXIT_USAGE;
	}
	return false;
}

static char *formatted(const char *format, va_list args)
{
	va_list again;
	va_copy(again, args);
	int length = vsnprintf(NULL, 0, format, args);
	char *text = xmalloc(length > 0 ? (size_t)length + 1 : 1);
	vsnprintf(text, length > 0 ? (size_t)length + 1 : 1, format, again);
	va_end(again);
	return text;
}

static void print_escaped_line(const char *text)
{
	char *escaped = text_escaped(text);
	fprintf(stderr, "%s\n", escaped);
	free(escaped);
}

void tool_error(const char *format, ...)
{
	va_list args;
	va_start(args, format);
	char *text = formatted(format, args);
	va_end(args);
	print_escaped_line(text);
	free(text);
}

bool usage_error(const struct command *command, int *status, const char *format, ...)
{
	va_list args;
	va_start(args, format);
	char *message = formatted(format, args);
	va_end(args);
	tool_error("%s %s: %s", program_name, command->name, message);
	fprintf(stderr, "Try '%s %s --help'.\n", program_name, command->name);
	free(message);
	*status = EXIT_USAGE;
	return false;
}

void report_source_error(const char *file, const struct source_error *err)
{
	if (err->line == 0)
		tool_error("%s: %s", file, err->message);
	else
		tool_error("%s:%lu: %s", file, err->line, err->message);
}

void report_file_error(const char *file, const struct source_error *err)
{
	tool_error("%s: %s: %s", program_name, file, err->message);
}

void report_errno(const char *file, int error)
{
	struct source_error err;
	source_error_set(&err, 0, "%s", strerror(error));
	report_file_error(file, &err);
}

void print_service_line(FILE *out, const struct index *ix, const struct index_entry *e,
			unsigned port)
{
	fprintf(out, "%-21s %u/%s", e->name, port, e->proto);
	for (uint32_t a = 0; a < e->alias_count; a++) {
		const char *alias = index_alias(ix, e->alias_first + a);
		fprintf(out, " %s", alias ? alias : "?");
	}
}

void format_registry_date(uint32_t date, char text[16])
{
	if (date == 0)
		snprintf(text, 16, "unknown");
	else
		snprintf(text, 16, "%04u-%02u-%02u", date / 10000 % 10000, date / 100 % 100, date % 100);
}
