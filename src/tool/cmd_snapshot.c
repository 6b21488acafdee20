/* iana-services snapshot: the facts of a registry as a text file (snapshot.h). */
#include <getopt.h>
#include <stdio.h>

#include "build_index.h"
#include "snapshot.h"
#include "tool.h"

static bool parse_options(int argc, char **argv, const char **output, const char **registry,
			  int *status)
{
	static const struct option options[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int option;
	while ((option = getopt_long(argc, argv, "o:h", options, NULL)) != -1) {
		if (option != 'o')
			return option_stops(&snapshot_command, option, status);
		*output = optarg;
	}
	if (optind != argc - 1)
		return usage_error(&snapshot_command, status, "expected one REGISTRY file");
	*registry = argv[optind];
	return true;
}

static int write_out(const char *output, const struct buf *text)
{
	if (output != NULL)
		return build_write_file(output, text);
	if (fwrite(text->data, 1, text->length, stdout) != text->length || fflush(stdout) != 0) {
		tool_error("%s: write error on standard output", program_name);
		return EXIT_SYSTEM;
	}
	return EXIT_OK;
}

static int cmd_snapshot(int argc, char **argv)
{
	struct build_request request = { 0 };
	struct build_result result = { 0 };
	const char *output = NULL;
	int status = EXIT_OK;
	if (!parse_options(argc, argv, &output, &request.registry, &status))
		return status;
	status = build_read_registry(&request, &result, &result.list);
	if (status == EXIT_OK) {
		struct build_origin origin;
		struct buf text = { 0 };
		build_origin_of(&request, &result, &origin);
		snapshot_write(&text, &origin.registry, &result.list);
		status = write_out(output, &text);
		buf_free(&text);
	}
	/* Standard output takes the snapshot alone. */
	if (status == EXIT_OK && output != NULL) {
		build_descriptions(&request, &result);
		status = build_install_descriptions(output, &result);
	}
	build_result_free(&result);
	return status;
}

const struct command snapshot_command = {
	.name = "snapshot",
	.run = cmd_snapshot,
	.synopsis = "[--output FILE] REGISTRY",
	.summary =
		"Write the entries of REGISTRY, with its date and the SHA-256 of its\n"
		"file, as a registry snapshot: a text file, one entry a line, that\n"
		"build, diff and update --file read like the registry itself.\n",
	.description =
		"Write a registry snapshot of REGISTRY (IANA's XML or CSV, a saved registry\n"
		"page or a snapshot, told apart by content; \"-\" reads standard input): its\n"
		"entries as build compiles them -- aliases attached to their entries,\n"
		"duplicates and reserved rows left out -- one a line in registry order, as\n"
		"  NAME PORT/PROTOCOL [ALIAS]...   or   NAME FIRST-LAST/PROTOCOL [ALIAS]...\n"
		"after a header that gives the registry's date and the file name, format and\n"
		"SHA-256 of REGISTRY.  With --output FILE, the descriptions and RFC\n"
		"references go to the descriptions file beside FILE (.descriptions for\n"
		"its extension); assignees and contacts are never written.\n",
	.options =
		"  -o, --output FILE  write the snapshot to FILE, replacing it atomically and\n"
		"                     only once it is complete, and its descriptions file\n"
		"                     (default: the snapshot alone to standard output)\n"
		"  -h, --help         show this help\n",
	.details =
		"build, diff and update --file read a snapshot like the registry itself: an\n"
		"index built from it has the same entries, and info shows the registry's date\n"
		"and the SHA-256 of the file the snapshot was made from.  The output depends\n"
		"on the registry alone, so a registry update reads as a plain diff, and a\n"
		"snapshot of a snapshot is the same file.  The nss-iana source keeps one in\n"
		"data/, from which a machine without the registry builds the index:\n"
		"  iana-services snapshot -o data/service-names-port-numbers.snapshot \\\n"
		"      service-names-port-numbers.xml\n"
		"\n"
		"Exit status: 0 written, 2 usage error, 3 bad data (FILE:LINE: reason),\n"
		"4 a file could not be read or written.\n",
};
