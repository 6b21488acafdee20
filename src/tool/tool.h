/* What the commands of iana-services share. */
#ifndef NSS_IANA_TOOL_H
#define NSS_IANA_TOOL_H

#include <stdio.h>

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

int cmd_build(int argc, char **argv);
int cmd_snapshot(int argc, char **argv);
int cmd_lookup(int argc, char **argv);
int cmd_dump(int argc, char **argv);
int cmd_info(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_update(int argc, char **argv);
int cmd_diff(int argc, char **argv);

struct opened_index {
	const char *path;
	struct mapped_file file;
	struct index ix;
};

/* The index path: the option's value, else $NSS_IANA_INDEX, else the
 * compiled-in default the NSS module uses. */
const char *index_path(const char *option);
/* Maps and opens the index, printing what is wrong; returns an exit code. */
int index_load(const char *option, struct opened_index *out);
void index_unload(struct opened_index *opened);

/* Parses the options of a command that takes only --index and --help.
 * Returns -1 to go on (with *path and *first_argument set), else the code
 * to exit with. */
int parse_index_options(int argc, char **argv, const char *usage, const char **path,
			int *first_argument);

/* A services(5) line: name, port/protocol, aliases. */
void print_service_line(FILE *out, const struct index *ix, const struct index_entry *e,
			unsigned port);

/* Prints "file:line: message", or "file: message" for a whole-file error. */
void report_source_error(const char *file, const struct source_error *err);

/* "2026-08-17" for 20260817; "unknown" for 0. */
void format_registry_date(uint32_t date, char text[16]);

#endif
