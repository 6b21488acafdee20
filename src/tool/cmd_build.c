/* iana-services build: registry file -> verified index, put in place atomically. */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>

#include "build_index.h"
#include "tool.h"

static const char usage[] =
	"Usage: iana-services build [--output FILE] [--local FILE]... [--descriptions]\n"
	"                           [--quiet] REGISTRY\n"
	"\n"
	"Compile REGISTRY into a services index.  REGISTRY is told apart by content\n"
	"(\"-\" reads standard input):\n"
	"  - IANA's service-names-port-numbers.xml (dated: its <updated>) or .csv;\n"
	"  - a registry snapshot, as `iana-services snapshot` writes it: the entries\n"
	"    and date of a registry, without descriptions;\n"
	"  - the registry's web page saved as text, its table in plain text or as a\n"
	"    pipe table; dated by its \"Last Updated\" line.  Its contact tables are\n"
	"    counted and skipped.\n"
	"\n"
	"  -o, --output FILE   write the index to FILE (default: $NSS_IANA_INDEX, else\n"
	"                      " NSS_IANA_DEFAULT_INDEX ")\n"
	"  -l, --local FILE    put the entries of a services(5) file first (repeatable)\n"
	"  -d, --descriptions  also store each entry's description, for lookup output\n"
	"  -q, --quiet         print nothing but errors and warnings\n"
	"  -h, --help          show this help\n"
	"\n"
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
	"FILE stays as it was.  Errors name FILE:LINE and exit with status 3 (bad\n"
	"input) or 4 (a file could not be read or written).\n";

#define MAX_LOCALS 64

struct build_options {
	struct build_request request;
	const char *locals[MAX_LOCALS];
	bool quiet;
};

static int parse_options(int argc, char **argv, struct build_options *o)
{
	static const struct option options[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "local", required_argument, NULL, 'l' },
		{ "descriptions", no_argument, NULL, 'd' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int option;
	while ((option = getopt_long(argc, argv, "o:l:dqh", options, NULL)) != -1) {
		switch (option) {
		case 'o':
			o->request.output = optarg;
			break;
		case 'l':
			if (o->request.local_count == MAX_LOCALS) {
				fprintf(stderr, "%s build: more than %d --local files\n", program_name, MAX_LOCALS);
				return EXIT_USAGE;
			}
			o->locals[o->request.local_count++] = optarg;
			break;
		case 'd':
			o->request.descriptions = true;
			break;
		case 'q':
			o->quiet = true;
			break;
		case 'h':
			fputs(usage, stdout);
			return EXIT_OK;
		default:
			fprintf(stderr, "Try '%s build --help'.\n", program_name);
			return EXIT_USAGE;
		}
	}
	if (optind != argc - 1) {
		fprintf(stderr, "%s build: expected one REGISTRY file\nTry '%s build --help'.\n",
			program_name, program_name);
		return EXIT_USAGE;
	}
	o->request.registry = argv[optind];
	o->request.output = index_path(o->request.output);
	o->request.locals = o->locals;
	return -1;
}

int cmd_build(int argc, char **argv)
{
	struct build_options o = { 0 };
	struct build_result result = { 0 };
	int status = parse_options(argc, argv, &o);
	if (status >= 0)
		return status;
	status = build_compile(&o.request, &result);
	if (status == EXIT_OK)
		status = build_install(&o.request, &result);
	if (status == EXIT_OK && !o.quiet)
		build_print_summary(&o.request, &result);
	build_result_free(&result);
	return status;
}
