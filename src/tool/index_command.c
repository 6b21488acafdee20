/* Opening the index for the commands that read it: lookup, search, dump,
 * info, verify. */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "descriptions_load.h"
#include "search_rank.h"
#include "tool.h"

const char index_options_help[] = INDEX_HELP_INDEX INDEX_HELP_HELP;

const char *index_path(const char *option)
{
	if (option != NULL)
		return option;
	const char *environment = getenv("NSS_IANA_INDEX");
	if (environment != NULL && environment[0] != '\0')
		return environment;
	return NSS_IANA_DEFAULT_INDEX;
}

/* Every option of the commands that read the index; each command takes
 * --index, --help and those of its mask. */
static const struct {
	struct option option;
	unsigned mask;
} known_options[] = {
	{ { "index", required_argument, NULL, 'i' }, 0 },
	{ { "help", no_argument, NULL, 'h' }, 0 },
	{ { "json", no_argument, NULL, 'j' }, INDEX_OPTION_JSON },
	{ { "describe", no_argument, NULL, 'd' }, INDEX_OPTION_DESCRIBE },
	{ { "protocol", required_argument, NULL, 'p' }, INDEX_OPTION_PROTOCOL },
	{ { "limit", required_argument, NULL, 'n' }, INDEX_OPTION_LIMIT },
};
#define KNOWN_OPTIONS (sizeof(known_options) / sizeof(known_options[0]))

static bool parse_limit(const struct command *command, const char *text, unsigned long *limit,
			int *status)
{
	char *end;
	errno = 0;
	unsigned long value = strtoul(text, &end, 10);
	if (text[0] < '0' || text[0] > '9' || *end != '\0' || errno != 0 || value == 0)
		return usage_error(command, status, "--limit takes a positive integer, not '%s'", text);
	*limit = value;
	return true;
}

static bool parse_index_options(const struct command *command, int argc, char **argv,
				unsigned mask, const char **path, struct opened_index *out,
				int *status)
{
	struct option options[KNOWN_OPTIONS + 1] = { { NULL, 0, NULL, 0 } };
	char letters[2 * KNOWN_OPTIONS + 1] = "";
	size_t count = 0;
	for (size_t i = 0; i < KNOWN_OPTIONS; i++) {
		if (known_options[i].mask != 0 && !(mask & known_options[i].mask))
			continue;
		options[count++] = known_options[i].option;
		char letter[3] = { (char)known_options[i].option.val, 0, 0 };
		if (known_options[i].option.has_arg == required_argument)
			letter[1] = ':';
		strcat(letters, letter);
	}
	int option;
	*path = NULL;
	while ((option = getopt_long(argc, argv, letters, options, NULL)) != -1) {
		switch (option) {
		case 'i':
			*path = optarg;
			break;
		case 'j':
			out->json = true;
			break;
		case 'd':
			out->describe = true;
			break;
		case 'p':
			if (optarg[0] == '\0')
				return usage_error(command, status, "--protocol takes a protocol name");
			out->protocol = optarg;
			break;
		case 'n':
			if (!parse_limit(command, optarg, &out->limit, status))
				return false;
			break;
		default:
			return option_stops(command, option, status);
		}
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
	if (wanted == SOME_WORDS && count == 0)
		return usage_error(command, status, "no WORD given");
	for (int i = 0; wanted == SOME_WORDS && i < count; i++) {
		const char *problem = search_word_problem(arguments[i]);
		if (problem != NULL)
			return usage_error(command, status, "%s: '%s'", problem, arguments[i]);
	}
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

/* The descriptions file beside the index, when there is one that goes
 * with it; the table stays empty otherwise (a warning when it is
 * unusable). */
static void load_descriptions(struct opened_index *out)
{
	(void)descriptions_load_for_index(out->path, &out->ix, &out->descriptions);
}

bool index_command_start_with(const struct command *command, int argc, char **argv,
			      enum index_arguments wanted, unsigned options,
			      struct opened_index *out, int *status)
{
	const char *path;
	memset(out, 0, sizeof(*out));
	if (!parse_index_options(command, argc, argv, options, &path, out, status))
		return false;
	out->queries = argv + optind;
	out->query_count = argc - optind;
	if (!check_arguments(command, out->query_count, out->queries, wanted, status))
		return false;
	out->path = index_path(path);
	if (!index_load(out, status))
		return false;
	if (options & INDEX_DESCRIPTIONS)
		load_descriptions(out);
	return true;
}

bool index_command_start(const struct command *command, int argc, char **argv,
			 enum index_arguments wanted, struct opened_index *out, int *status)
{
	return index_command_start_with(command, argc, argv, wanted, 0, out, status);
}

void index_unload(struct opened_index *opened)
{
	descriptions_free(&opened->descriptions);
	file_unmap(&opened->file);
}
