/* The help of iana-services, printed from the commands' own descriptions
 * (struct command), so that the list and each command's page agree. */
#include <string.h>

#include "tool.h"

const struct command *const commands[] = {
	&build_command, &snapshot_command, &lookup_command, &search_command, &dump_command,
	&info_command, &verify_command, &update_command, &diff_command, NULL,
};

static const char overview_top[] =
	"Usage: iana-services COMMAND [OPTION]... [ARGUMENT]...\n"
	"\n"
	"Build and inspect the services index from which libnss_iana.so.2 answers\n"
	"getservbyname(3), getservbyport(3) and getservent(3) with the IANA Service\n"
	"Name and Transport Protocol Port Number Registry.\n"
	"\n"
	"Commands:\n";

static const char overview_bottom[] =
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
	"  1  lookup: some QUERY has no answer; search: no entry matched;\n"
	"     update: the index is already current; diff: the entries differ\n"
	"  2  usage error\n"
	"  3  bad data: a malformed registry or overlay file, or an unsound index;\n"
	"     update: a download that is not a registry, or one refused as too\n"
	"     small or older than the index\n"
	"  4  system error: a file could not be read or written\n"
	"  5  update: the download failed (network, TLS verification, HTTP error\n"
	"     status, timeout, size limit): a transient failure, worth retrying\n"
	"\n"
	"Errors go to standard error, as FILE:LINE: MESSAGE when a line is known.\n"
	"Control characters and bytes that are not UTF-8 are shown there as \\xHH,\n"
	"a backslash as \\\\.\n";

/* text, each line after a '\n' indented by indent columns. */
static void print_indented(FILE *out, const char *text, int indent)
{
	const char *end;
	while ((end = strchr(text, '\n')) != NULL && end[1] != '\0') {
		fprintf(out, "%.*s\n%*s", (int)(end - text), text, indent, "");
		text = end + 1;
	}
	fputs(text, out);
}

/* "NAME SYNOPSIS" printed at column, its continuation lines under SYNOPSIS. */
static void print_synopsis(FILE *out, const struct command *command, int column)
{
	fprintf(out, "%s ", command->name);
	print_indented(out, command->synopsis, column + (int)strlen(command->name) + 1);
	fputc('\n', out);
}

void print_overview_help(FILE *out)
{
	fputs(overview_top, out);
	for (size_t i = 0; commands[i] != NULL; i++) {
		fputs("  ", out);
		print_synopsis(out, commands[i], 2);
		fputs("        ", out);
		print_indented(out, commands[i]->summary, 8);
	}
	fputs(overview_bottom, out);
}

void print_command_help(const struct command *command, FILE *out)
{
	int column = fprintf(out, "Usage: %s ", program_name);
	print_synopsis(out, command, column);
	fprintf(out, "\n%s\n%s", command->description, command->options);
	if (command->details != NULL)
		fprintf(out, "\n%s", command->details);
}
