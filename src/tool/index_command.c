/* Opening the index for the commands that read it: lookup, dump, info,
 * verify. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "tool.h"

const char index_options_help[] =
	"  -i, --index FILE  the index to read (default: $NSS_IANA_INDEX, else\n"
	"                    " NSS_IANA_DEFAULT_INDEX ")\n"
	"  -h, --help        show this help\n";

const char *index_path(const char *option)
{
	if (option != NULL)
		return option;
	const char *environment = getenv("NSS_IANA_INDEX");
	if (environment != NULL && environment[0] != '\0')
		return environment;
	return NSS_IANA_DEFAULT_INDEX;
}

static bool parse_index_options(const struct command *command, int argc, char **argv,
				const char **path, int *status)
{
	static const struct option options[] = {
		{ "index", required_argument, NULL, 'i' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int option;
	*path = NULL;
	while ((option = getopt_long(argc, argv, "i:h", options, NULL)) != -1) {
		if (option != 'i')
			return option_stops(command, option, status);
		*path = optarg;
	}
	return true;
}

static bool check_arguments(const struct command *command, int count, char **arguments,
			    enum index_arguments wanted, int *status)
{
	if (wanted == NO_ARGUMENTS && count > 0)
		return usage_error(command, status, "unexpected argument '%s'", arguments[0]);
	if (wanted == SOME_QUERIES && count == 0)
		return usage_error(command, status, "no QUERY given");
	return true;
}

static bool index_load(struct opened_index *out, int *status)
{
	int error = file_map(out->path, &out->file);
	if (error != 0) {
		report_errno(out->path, error);
		*status = EXIT_SYSTEM;
		return false;
	}
	enum index_status opened = index_open(&out->ix, out->file.data, out->file.size);
	if (opened != INDEX_OK) {
		tool_error("%s: %s: %s", program_name, out->path, index_status_text(opened));
		file_unmap(&out->file);
		*status = EXIT_BAD_DATA;
		return false;
	}
	return true;
}

bool index_command_start(const struct command *command, int argc, char **argv,
			 enum index_arguments wanted, struct opened_index *out, int *status)
{
	const char *path;
	memset(out, 0, sizeof(*out));
	if (!parse_index_options(command, argc, argv, &path, status))
		return false;
	out->queries = argv + optind;
	out->query_count = argc - optind;
	if (!check_arguments(command, out->query_count, out->queries, wanted, status))
		return false;
	out->path = index_path(path);
	return index_load(out, status);
}

void index_unload(struct opened_index *opened)
{
	file_unmap(&opened->file);
}
