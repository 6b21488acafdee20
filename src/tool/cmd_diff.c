/* iana-services diff: what changed between two registries or indexes. */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "diff_report.h"
#include "entry_diff.h"
#include "entry_source.h"
#include "tool.h"

static bool parse_options(int argc, char **argv, bool *tsv, int *status)
{
	static const struct option options[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int option;
	while ((option = getopt_long(argc, argv, "f:h", options, NULL)) != -1) {
		if (option != 'f')
			return option_stops(&diff_command, option, status);
		if (strcmp(optarg, "human") != 0 && strcmp(optarg, "tsv") != 0)
			return usage_error(&diff_command, status, "unknown format '%s' (human or tsv)",
					   optarg);
		*tsv = strcmp(optarg, "tsv") == 0;
	}
	if (optind != argc - 2)
		return usage_error(&diff_command, status, "expected two files, OLD and NEW");
	return true;
}

static void print_side(const char *marker, const struct entry_source *s)
{
	printf("%s %s (%s, updated %s, %zu entries)\n", marker, s->path, s->kind, s->updated,
	       s->list.count);
}

static void print_human(const struct entry_source *old_side, const struct entry_source *new_side,
			const struct entry_diff *diff)
{
	print_side("---", old_side);
	print_side("+++", new_side);
	diff_report_summary(stdout, diff);
	diff_report_sections(stdout, diff, 0);
}

static int cmd_diff(int argc, char **argv)
{
	bool tsv = false;
	int status = EXIT_OK;
	if (!parse_options(argc, argv, &tsv, &status))
		return status;
	struct entry_source old_side, new_side;
	struct entry_diff diff;
	status = entry_source_load(argv[optind], &old_side);
	if (status == EXIT_OK) {
		status = entry_source_load(argv[optind + 1], &new_side);
		if (status != EXIT_OK)
			entry_source_free(&old_side);
	}
	if (status != EXIT_OK)
		return status;
	entry_diff_compute(&old_side.list, &new_side.list, &diff);
	if (tsv)
		diff_report_tsv(stdout, &diff);
	else
		print_human(&old_side, &new_side, &diff);
	status = entry_diff_is_empty(&diff) ? EXIT_OK : EXIT_DIFFERENT;
	entry_diff_free(&diff);
	entry_source_free(&old_side);
	entry_source_free(&new_side);
	return status;
}

const struct command diff_command = {
	.name = "diff",
	.run = cmd_diff,
	.synopsis = "[--format=human|tsv] OLD NEW",
	.summary =
		"Compare the entries of two registries (in any form build reads) or\n"
		"indexes, in any mix: added, removed and changed entries.\n",
	.description =
		"Compare the service entries of OLD and NEW, each a services index or a\n"
		"registry -- IANA's XML or CSV, a registry snapshot, a saved registry page --\n"
		"told apart by content; \"-\" reads standard input.  A registry is compiled\n"
		"as `build` would, without local files; an index is compared as it is,\n"
		"local entries included.\n",
	.options =
		"  -f, --format=human  a summary, then the added, removed and changed\n"
		"                      entries as services(5) lines (the default)\n"
		"  -f, --format=tsv    one tab-separated line per difference, for programs:\n"
		"                        KIND  NAME  PROTOCOL  OLD  NEW\n"
		"                      KIND is added, removed or changed; OLD and NEW are\n"
		"                      \"PORT\" or \"FIRST-LAST\" followed by the aliases, separated\n"
		"                      by spaces, or \"-\" on the side without the entry\n"
		"  -h, --help          show this help\n",
	.details =
		"An entry is known by its name, its protocol and which occurrence of that\n"
		"pair it is: a name on two ports (msp, 18 and 2438) is two entries, and one\n"
		"moved to another port is changed, not removed and added.  Changed means a\n"
		"different port, range or list of aliases.  Names compare exactly;\n"
		"descriptions are not compared.  Added and changed entries are listed in\n"
		"NEW's order, removed ones in OLD's.\n"
		"\n"
		"Exit status, as diff(1): 0 the entries are the same, 1 they differ, 2 usage\n"
		"error, 3 a file is not a sound index or registry, 4 a file cannot be read.\n",
};
