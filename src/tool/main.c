/* iana-services: builds, inspects and checks the services index. */
#include <stdio.h>
#include <string.h>

#include "tool.h"

static const struct command *command_named(const char *name)
{
	for (size_t i = 0; commands[i] != NULL; i++)
		if (strcmp(name, commands[i]->name) == 0)
			return commands[i];
	return NULL;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "%s: no command given\nTry '%s --help'.\n", program_name, program_name);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		print_overview_help(stdout);
		return EXIT_OK;
	}
	if (strcmp(argv[1], "-V") == 0 || strcmp(argv[1], "--version") == 0) {
		printf("%s %s\n", program_name, NSS_IANA_VERSION);
		return EXIT_OK;
	}
	const struct command *command = command_named(argv[1]);
	if (command != NULL)
		return command->run(argc - 1, argv + 1);
	tool_error("%s: unknown command '%s'", program_name, argv[1]);
	fprintf(stderr, "Try '%s --help'.\n", program_name);
	return EXIT_USAGE;
}
