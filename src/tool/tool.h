/* What the commands of iana-services share. */
#ifndef NSS_IANA_TOOL_H
#define NSS_IANA_TOOL_H

#include <stdbool.h>
#include <stdio.h>

#include "descriptions.h"
#include "index_map.h"
#include "index_reader.h"
#include "source_error.h"

enum exit_code {
	EXIT_OK = 0,
	EXIT_NOT_FOUND = 1,  /* lookup: some query has no answer */
	EXIT_ALREADY_CURRENT = 1, /* update: nothing to change, index untouched */
	EXIT_DIFFERENT = 1,  /* diff: the two sets of entries differ */
	EXIT_USAGE = 2,
	EXIT_BAD_DATA = 3,   /* malformed registry or overlay; unsound index */
	EXIT_SYSTEM = 4,     /* a file could not be read or written */
	EXIT_FETCH_FAILED = 5, /* update: the download failed; worth retrying */
};

extern const char program_name[];

/*
 * A command, as `iana-services --help` lists it and `iana-services NAME
 * --help` explains it (help.c prints both from here, so the two never
 * disagree).  Each command defines its own beside its code.
 */
struct command {
	const char *name;
	int (*run)(int argc, char **argv);  /* argv[0] is the command's name */
	const char *synopsis;     /* what follows "iana-services NAME"; '\n' wraps it */
	const char *summary;      /* a few lines for the list of commands */
	const char *description;  /* what it does, at the top of its own help */
	const char *options;      /* its options, one "  -x, --long ARG  text" each */
	const char *details;      /* what follows the options, or NULL */
};

extern const struct command build_command, snapshot_command, lookup_command, search_command,
	dump_command, info_command, verify_command, update_command, diff_command;

/* Every command, in the order --help lists them; NULL-terminated. */
extern const struct command *const commands[];

void print_overview_help(FILE *out);
void print_command_help(const struct command *command, FILE *out);

/*
 * Option parsing: every parser returns true to go on with the command, or
 * false when the command is over before it starts -- after --help
 * (*status EXIT_OK) or a usage error (*status EXIT_USAGE, the reason on
 * standard error).
 */

/* Ends the parsing at an option the command does not take itself: --help
 * prints its help, anything else is a usage error.  Returns false. */
bool option_stops(const struct command *command, int option, int *status);
/* Prints "iana-services NAME: MESSAGE" and where to find help; sets
 * *status to EXIT_USAGE and returns false. */
#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
bool usage_error(const struct command *command, int *status, const char *format, ...);

/*
 * Errors.  Everything the tool prints on standard error goes through
 * tool_error, which escapes what came from input or the command line
 * (text_escape.h) so that no byte of it reaches the terminal raw.
 */
#if defined(__GNUC__)
__attribute__((format(printf, 1, 2)))
#endif
void tool_error(const char *format, ...);
/* "FILE:LINE: MESSAGE", or "FILE: MESSAGE" for a whole-file error. */
void report_source_error(const char *file, const struct source_error *err);
/* "iana-services: FILE: MESSAGE", for a file that could not be used at all. */
void report_file_error(const char *file, const struct source_error *err);
/* The same for a system call's errno value, converted at this boundary:
 * the libc-only code below the tool (index_map.h) speaks errno. */
void report_errno(const char *file, int error);

/* The options a command that reads the index may take besides --index
 * and --help (a mask of them), and whether it reads the descriptions
 * file beside the index. */
enum index_option {
	INDEX_OPTION_JSON = 1,      /* -j, --json */
	INDEX_OPTION_DESCRIBE = 2,  /* -d, --describe */
	INDEX_OPTION_PROTOCOL = 4,  /* -p, --protocol PROTO */
	INDEX_OPTION_LIMIT = 8,     /* -n, --limit N: a positive integer */
	INDEX_DESCRIPTIONS = 16,    /* load the descriptions file */
};

struct opened_index {
	const char *path;
	struct mapped_file file;
	struct index ix;
	char **queries;     /* the arguments after the options (lookup's) */
	int query_count;
	bool json;
	bool describe;
	const char *protocol;     /* NULL: any */
	unsigned long limit;      /* 0: no limit */
	struct description_table descriptions; /* empty unless asked for and found */
};

/* The index path: the option's value, else $NSS_IANA_INDEX, else the
 * compiled-in default the NSS module uses. */
const char *index_path(const char *option);

/* What a command that reads the index takes besides its options. */
enum index_arguments {
	NO_ARGUMENTS,
	SOME_QUERIES,
	SOME_WORDS,  /* search's: each one checked by search_word_problem() */
};

/* The options of every command that reads the index, as its help shows
 * them, and those some of them take. */
#define INDEX_HELP_INDEX                                                    \
	"  -i, --index FILE  the index to read (default: $NSS_IANA_INDEX, else\n" \
	"                    " NSS_IANA_DEFAULT_INDEX ")\n"
#define INDEX_HELP_JSON "  -j, --json        print JSON (see JSON OUTPUT in iana-services(1))\n"
#define INDEX_HELP_HELP "  -h, --help        show this help\n"
extern const char index_options_help[];

/*
 * The start of every command that reads the index: --index and --help,
 * the arguments checked against wanted, then the index mapped and opened,
 * with what is wrong reported.  Returns true with the index open (close
 * it with index_unload), else false with *status the exit code.
 */
bool index_command_start(const struct command *command, int argc, char **argv,
			 enum index_arguments wanted, struct opened_index *out, int *status);
/* The same, with the options in the mask options (enum index_option). */
bool index_command_start_with(const struct command *command, int argc, char **argv,
			      enum index_arguments wanted, unsigned options,
			      struct opened_index *out, int *status);
void index_unload(struct opened_index *opened);

/* A services(5) line: name, port/protocol, aliases. */
void print_service_line(FILE *out, const struct index *ix, const struct index_entry *e,
			unsigned port);

/* "2026-08-17" for 20260817; "unknown" for 0. */
void format_registry_date(uint32_t date, char text[16]);

#endif
