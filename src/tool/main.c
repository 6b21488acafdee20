/* iana-services: builds, inspects and checks the services index. */
#include <stdio.h>
#include <string.h>

#include "tool.h"

static const char help[] =
	"Usage: iana-services COMMAND [OPTION]... [ARGUMENT]...\n"
	"\n"
	"Build and inspect the services index from which libnss_iana.so.2 answers\n"
	"getservbyname(3), getservbyport(3) and getservent(3) with the IANA Service\n"
	"Name and Transport Protocol Port Number Registry.\n"
	"\n"
	"Commands:\n"
	"  build [--output FILE] [--local FILE]... [--descriptions] [--quiet] REGISTRY\n"
	"        Compile REGISTRY into an index: the registry as IANA publishes it (XML\n"
	"        or CSV), a registry snapshot, or the registry's web page saved as\n"
	"        text, told apart by content (\"-\" reads standard input).  The new\n"
	"        index replaces the old one atomically, and only once it is complete\n"
	"        and verified: on any error the old index stays as it was.\n"
	"  snapshot [--output FILE] REGISTRY\n"
	"        Write the entries of REGISTRY, with its date and the SHA-256 of its\n"
	"        file, as a registry snapshot: a text file, one entry a line, that\n"
	"        build, diff and update --file read like the registry itself.\n"
	"  lookup [--index FILE] QUERY...\n"
	"        Answer each QUERY as the NSS module does: NAME, NAME/PROTOCOL, PORT\n"
	"        or PORT/PROTOCOL.  Prints a services(5) line per answer.\n"
	"  dump [--index FILE]\n"
	"        Print the whole index as a services(5) file, in registry order.\n"
	"  info [--index FILE]\n"
	"        Show where the index came from (registry date, source file, its\n"
	"        SHA-256), what it holds and how large it is.\n"
	"  verify [--index FILE]\n"
	"        Check every byte of the index; exit 0 only if it is sound.\n"
	"  update [--url URL | --file PATH] [--output FILE] [--local FILE]... [--force]\n"
	"        Fetch the registry (by default IANA's XML, over verified https),\n"
	"        check it -- it parses, has enough entries, is not older than the\n"
	"        index's -- then replace the index atomically and print what changed.\n"
	"        On any failure the index stays as it was.\n"
	"  diff [--format=human|tsv] OLD NEW\n"
	"        Compare the entries of two registries (in any form build reads) or\n"
	"        indexes, in any mix: added, removed and changed entries.\n"
	"\n"
	"Options:\n"
	"  -h, --help     show this help; after a command, that command's help\n"
	"  -V, --version  show the version\n"
	"\n"
	"Files:\n"
	"  The index is the FILE given with --index (--output for build), else the\n"
	"  file named by the NSS_IANA_INDEX environment variable, else\n"
	"  " NSS_IANA_DEFAULT_INDEX ", where the NSS module looks for it.\n"
	"\n"
	"Exit status:\n"
	"  0  success; update: the index was updated\n"
	"  1  lookup: some QUERY has no answer; update: the index is already\n"
	"     current; diff: the entries differ\n"
	"  2  usage error\n"
	"  3  bad data: a malformed registry or overlay file, or an unsound index;\n"
	"     update: a download that is not a registry, or one refused as too\n"
	"     small or older than the index\n"
	"  4  system error: a file could not be read or written\n"
	"  5  update: the download failed (network, TLS verification, HTTP error\n"
	"     status, timeout, size limit): a transient failure, worth retrying\n"
	"\n"
	"Errors go to standard error, as FILE:LINE: MESSAGE when a line is known.\n";

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
};

static const struct command commands[] = {
	{ "build", cmd_build },
	{ "snapshot", cmd_snapshot },
	{ "lookup", cmd_lookup },
	{ "dump", cmd_dump },
	{ "info", cmd_info },
	{ "verify", cmd_verify },
	{ "update", cmd_update },
	{ "diff", cmd_diff },
};

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "%s: no command given\nTry '%s --help'.\n", program_name, program_name);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		fputs(help, stdout);
		return EXIT_OK;
	}
	if (strcmp(argv[1], "-V") == 0 || strcmp(argv[1], "--version") == 0) {
		printf("%s %s\n", program_name, NSS_IANA_VERSION);
		return EXIT_OK;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "%s: unknown command '%s'\nTry '%s --help'.\n", program_name, argv[1],
		program_name);
	return EXIT_USAGE;
}
