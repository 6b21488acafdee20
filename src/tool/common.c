#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "tool.h"

const char program_name[] = "iana-services";

const char *index_path(const char *option)
{
	if (option != NULL)
		return option;
	const char *environment = getenv("NSS_IANA_INDEX");
	if (environment != NULL && environment[0] != '\0')
		return environment;
	return NSS_IANA_DEFAULT_INDEX;
}

int index_load(const char *option, struct opened_index *out)
{
	out->path = index_path(option);
	int error = file_map(out->path, &out->file);
	if (error != 0) {
		fprintf(stderr, "%s: %s: %s\n", program_name, out->path, strerror(error));
		return EXIT_SYSTEM;
	}
	enum index_status status = index_open(&out->ix, out->file.data, out->file.size);
	if (status != INDEX_OK) {
		fprintf(stderr, "%s: %s: %s\n", program_name, out->path, index_status_text(status));
		file_unmap(&out->file);
		return EXIT_BAD_DATA;
	}
	return EXIT_OK;
}

void index_unload(struct opened_index *opened)
{
	file_unmap(&opened->file);
}

int parse_index_options(int argc, char **argv, const char *usage, const char **path,
			int *first_argument)
{
	static const struct option options[] = {
		{ "index", required_argument, NULL, 'i' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int option;
	*path = NULL;
	while ((option = getopt_long(argc, argv, "i:h", options, NULL)) != -1) {
		switch (option) {
		case 'i':
			*path = optarg;
			break;
		case 'h':
			fputs(usage, stdout);
			return EXIT_OK;
		default:
			fprintf(stderr, "Try '%s %s --help'.\n", program_name, argv[0]);
			return EXIT_USAGE;
		}
	}
	*first_argument = optind;
	return -1;
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

void report_source_error(const char *file, const struct source_error *err)
{
	if (err->line == 0)
		fprintf(stderr, "%s: %s\n", file, err->message);
	else
		fprintf(stderr, "%s:%lu: %s\n", file, err->line, err->message);
}

void format_registry_date(uint32_t date, char text[16])
{
	if (date == 0)
		snprintf(text, 16, "unknown");
	else
		snprintf(text, 16, "%04u-%02u-%02u", date / 10000 % 10000, date / 100 % 100, date % 100);
}
