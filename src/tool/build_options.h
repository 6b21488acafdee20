/*
 * The options `build` and `update` share: where the index goes, the local
 * services(5) files, descriptions, quiet.  Each command lists them in its
 * getopt tables through BUILD_SHORT_OPTIONS and BUILD_LONG_OPTIONS, and
 * hands every option it does not take itself to build_option().
 */
#ifndef NSS_IANA_BUILD_OPTIONS_H
#define NSS_IANA_BUILD_OPTIONS_H

#include <getopt.h>
#include <stdbool.h>

#include "build_index.h"
#include "tool.h"

#define MAX_LOCALS 64

struct build_options {
	struct build_request request;
	const char *locals[MAX_LOCALS];
	bool quiet;
};

#define BUILD_SHORT_OPTIONS "o:l:dqh"
#define BUILD_LONG_OPTIONS                                  \
	{ "output", required_argument, NULL, 'o' },         \
	{ "local", required_argument, NULL, 'l' },          \
	{ "descriptions", no_argument, NULL, 'd' },         \
	{ "quiet", no_argument, NULL, 'q' },                \
	{ "help", no_argument, NULL, 'h' }

/* Takes one of the shared options; any other ends the parsing as
 * option_stops() does.  Returns whether to go on (tool.h). */
bool build_option(const struct command *command, int option, struct build_options *o,
		  int *status);
/* Once the options are read: the index path settled (index_path) and the
 * local files in the request. */
void build_options_finish(struct build_options *o);

#endif
