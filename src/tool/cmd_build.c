/* iana-services build: registry file -> verified index, put in place atomically. */
#include "build_options.h"

static bool parse_options(int argc, char **argv, struct build_options *o, int *status)
{
	static const struct option options[] = { BUILD_LONG_OPTIONS, { NULL, 0, NULL, 0 } };
	int option;
	while ((option = getopt_long(argc, argv, BUILD_SHORT_OPTIONS, options, NULL)) != -1)
		if (!build_option(&build_command, option, o, status))
			return false;
	if (optind != argc - 1)
		return usage_error(&build_command, status, "expected one REGISTRY file");
	o->request.registry = argv[optind];
	build_options_finish(o);
	return true;
}

static int cmd_build(int argc, char **argv)
{
	struct build_options o = { 0 };
	struct build_result result = { 0 };
	int status = EXIT_OK;
	if (!parse_options(argc, argv, &o, &status))
		return status;
	status = build_compile(&o.request, &result);
	if (status == EXIT_OK)
		status = build_install(&o.request, &result);
	if (status == EXIT_OK && !o.quiet)
		build_print_summary(&o.request, &result);
	build_result_free(&result);
	return status;
}

const struct command build_command = {
	.name = "build",
	.run = cmd_build,
	.synopsis = "[--output FILE] [--local FILE]... [--descriptions]\n[--quiet] REGISTRY",
	.summary =
		"Compile REGISTRY into an index: the registry as IANA publishes it (XML\n"
		"or CSV), a registry snapshot, or the registry's web page saved as\n"
		"text, told apart by content (\"-\" reads standard input).  The new\n"
		"index replaces the old one atomically, and only once it is complete\n"
		"and verified: on any error the old index stays as it was.\n",
	.description =
		"Compile REGISTRY into a services index.  REGISTRY is told apart by content\n"
		"(\"-\" reads standard input):\n"
		"  - IANA's service-names-port-numbers.xml (dated: its <updated>) or .csv;\n"
		"  - a registry snapshot, as `iana-services snapshot` writes it: the entries\n"
		"    and date of a registry; descriptions from the file beside it;\n"
		"  - the registry's web page saved as text, its table in plain text or as a\n"
		"    pipe table; dated by its \"Last Updated\" line.  Its contact tables are\n"
		"    counted and skipped.\n",
	.options =
		"  -o, --output FILE   write the index to FILE (default: $NSS_IANA_INDEX, else\n"
		"                      " NSS_IANA_DEFAULT_INDEX ")\n"
		"  -l, --local FILE    put the entries of a services(5) file first (repeatable)\n"
		"  -d, --descriptions  also store each entry's description, for lookup output\n"
		"  -q, --quiet         print nothing but errors and warnings\n"
		"  -h, --help          show this help\n",
	.details =
		"A record becomes an entry when it has a service name, a port number or range,\n"
		"and a transport protocol; the others (reserved and unassigned rows) are\n"
		"skipped and counted.  Historic names noted 'This entry is an alias to \"X\"'\n"
		"become aliases of X.  Registry order is kept; exact duplicates are dropped.\n"
		"\n"
		"Local files (--local, services(5) syntax: name port/protocol aliases...) come\n"
		"first, in the order given, as if \"files\" were listed before \"iana\" in\n"
		"nsswitch.conf: every lookup answers the first match in that combined order.\n"
		"A registry entry with the same name, port and protocol as a local line, and\n"
		"no alias that line lacks, is left out, so it is not listed twice.\n"
		"\n"
		"The index is written to a temporary file beside FILE, verified, synced and\n"
		"renamed over FILE, so readers never see a partial index, and on any error\n"
		"FILE stays as it was.  Then the descriptions file beside FILE (.descriptions\n"
		"for .idx: each entry's description and RFC references, for iana-services\n"
		"only) is written the same way; from a snapshot, it comes from the file\n"
		"beside the snapshot, or with a warning there is none.  Errors name FILE:LINE\n"
		"and exit with status 3 (bad input) or 4 (a file could not be read or\n"
		"written).\n",
};
