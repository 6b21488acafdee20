/* iana-services diff: what changed between two registries or indexes. */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "diff_report.h"
#include "entry_diff.h"
#include "entry_source.h"
#include "entry_view.h"
#include "json_out.h"
#include "tool.h"

enum diff_format { DIFF_HUMAN, DIFF_TSV, DIFF_JSON };

static bool parse_options(int argc, char **argv, enum diff_format *format, int *status)
{
	static const struct option options[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static const char *const names[] = { [DIFF_HUMAN] = "human", [DIFF_TSV] = "tsv",
					     [DIFF_JSON] = "json" };
	int option;
	while ((option = getopt_long(argc, argv, "f:jh", options, NULL)) != -1) {
		if (option == 'j') {
			*format = DIFF_JSON;
			continue;
		}
		if (option != 'f')
			return option_stops(&diff_command, option, status);
		size_t f = 0;
		while (f < sizeof(names) / sizeof(names[0]) && strcmp(optarg, names[f]) != 0)
			f++;
		if (f == sizeof(names) / sizeof(names[0]))
			return usage_error(&diff_command, status,
					   "unknown format '%s' (human, tsv or json)", optarg);
		*format = (enum diff_format)f;
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

static const char *side_date(const struct entry_source *s)
{
	return strcmp(s->updated, "unknown") != 0 ? s->updated : NULL;
}

static void side_json(struct json_out *j, const char *key, const struct entry_source *s)
{
	json_object_begin(j, key);
	json_string(j, "path", s->path);
	json_string(j, "kind", s->kind);
	json_string(j, "registry_date", side_date(s));
	json_number(j, "entries", s->list.count);
	json_object_end(j);
}

static void entry_json(struct json_out *j, const char *key, const struct service *s,
		       const struct entry_source *side)
{
	struct entry_view view;
	entry_view_of_service(s, &side->descriptions, &view);
	entry_view_json(j, key, &view, side_date(side));
}

/* The differences of one kind, as an array of entries, or for changed
 * ones of {"old": ENTRY, "new": ENTRY}. */
static void differences_json(struct json_out *j, const struct entry_diff *diff,
			     enum entry_change kind, const struct entry_source *old_side,
			     const struct entry_source *new_side)
{
	json_array_begin(j, entry_change_name(kind));
	for (size_t i = 0; i < diff->count; i++) {
		const struct entry_difference *d = &diff->items[i];
		if (d->kind != kind)
			continue;
		if (kind == ENTRY_CHANGED)
			json_object_begin(j, NULL);
		if (d->old_entry != NULL)
			entry_json(j, kind == ENTRY_CHANGED ? "old" : NULL, d->old_entry, old_side);
		if (d->new_entry != NULL)
			entry_json(j, kind == ENTRY_CHANGED ? "new" : NULL, d->new_entry, new_side);
		if (kind == ENTRY_CHANGED)
			json_object_end(j);
	}
	json_array_end(j);
}

static void print_json(const struct entry_source *old_side, const struct entry_source *new_side,
		       const struct entry_diff *diff)
{
	struct json_out j;
	json_start(&j, stdout);
	json_object_begin(&j, NULL);
	side_json(&j, "old", old_side);
	side_json(&j, "new", new_side);
	differences_json(&j, diff, ENTRY_ADDED, old_side, new_side);
	differences_json(&j, diff, ENTRY_REMOVED, old_side, new_side);
	differences_json(&j, diff, ENTRY_CHANGED, old_side, new_side);
	json_number(&j, "unchanged", diff->unchanged);
	json_object_end(&j);
	json_finish(&j);
}

static int cmd_diff(int argc, char **argv)
{
	enum diff_format format = DIFF_HUMAN;
	int status = EXIT_OK;
	if (!parse_options(argc, argv, &format, &status))
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
	if (format == DIFF_TSV)
		diff_report_tsv(stdout, &diff);
	else if (format == DIFF_JSON)
		print_json(&old_side, &new_side, &diff);
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
	.synopsis = "[--format=human|tsv|json] [--json] OLD NEW",
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
		"  -f, --format=json   one JSON object (JSON OUTPUT in iana-services(1)):\n"
		"                        {\"old\": SIDE, \"new\": SIDE, \"added\": [ENTRY...],\n"
		"                         \"removed\": [ENTRY...], \"changed\": [{\"old\": ENTRY,\n"
		"                         \"new\": ENTRY}...], \"unchanged\": COUNT}\n"
		"  -j, --json          the same as --format=json\n"
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
