/* iana-services lookup: answers queries exactly as the NSS module does. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "tool.h"
#include "xalloc.h"

static bool is_port(const char *text, uint16_t *port)
{
	unsigned long value = 0;
	if (*text == '\0')
		return false;
	for (const char *p = text; *p; p++) {
		if (*p < '0' || *p > '9')
			return false;
		value = value * 10 + (unsigned long)(*p - '0');
		if (value > 65535)
			return false;
	}
	*port = (uint16_t)value;
	return true;
}

static bool is_protocol(const struct index *ix, const char *proto)
{
	for (uint32_t i = 0; i < index_protocol_count(ix); i++) {
		const char *known = index_protocol(ix, i);
		if (known && strcmp(known, proto) == 0)
			return true;
	}
	return false;
}

static enum index_lookup answer(const struct index *ix, const char *query,
				struct index_entry *e, unsigned *port_shown)
{
	char *text = xstrdup(query);
	char *proto = strrchr(text, '/');
	uint16_t port;
	if (proto != NULL && is_protocol(ix, proto + 1))
		*proto++ = '\0';
	else
		proto = NULL;
	bool by_port = is_port(text, &port);
	enum index_lookup result = by_port ? index_find_port(ix, port, proto, e)
					   : index_find_name(ix, text, proto, e);
	free(text);
	/* e is the answer only when one was found.  By port, a range
	 * answers with the port asked for. */
	if (result == LOOKUP_FOUND)
		*port_shown = by_port ? port : e->port;
	return result;
}

static int cmd_lookup(int argc, char **argv)
{
	struct opened_index opened;
	int status = EXIT_OK;
	if (!index_command_start(&lookup_command, argc, argv, SOME_QUERIES, &opened, &status))
		return status;
	for (int i = 0; i < opened.query_count && status != EXIT_BAD_DATA; i++) {
		const char *query = opened.queries[i];
		struct index_entry e;
		unsigned port;
		switch (answer(&opened.ix, query, &e, &port)) {
		case LOOKUP_FOUND: {
			uint32_t id = index_entry_id(&opened.ix, &e);
			const char *description = index_description(&opened.ix, id);
			print_service_line(stdout, &opened.ix, &e, port);
			if (description != NULL && description[0] != '\0')
				printf("  # %s", description);
			putchar('\n');
			break;
		}
		case LOOKUP_ABSENT:
			tool_error("%s: %s: not found", program_name, query);
			status = EXIT_NOT_FOUND;
			break;
		case LOOKUP_CORRUPT:
			tool_error("%s: %s: index is corrupt", program_name, opened.path);
			status = EXIT_BAD_DATA;
			break;
		}
	}
	index_unload(&opened);
	return status;
}

const struct command lookup_command = {
	.name = "lookup",
	.run = cmd_lookup,
	.synopsis = "[--index FILE] QUERY...",
	.summary =
		"Answer each QUERY as the NSS module does: NAME, NAME/PROTOCOL, PORT\n"
		"or PORT/PROTOCOL.  Prints a services(5) line per answer.\n",
	.description =
		"Answer each QUERY from the index with the rules of the NSS module:\n"
		"  NAME             the first entry in registry order named NAME (or with\n"
		"                   NAME as an alias), any protocol; failing an exact match,\n"
		"                   the first that matches ignoring case\n"
		"  NAME/PROTOCOL    the same, on that protocol only\n"
		"  PORT             the first entry on PORT, any protocol; a port range\n"
		"                   answers only when no single-port entry does\n"
		"  PORT/PROTOCOL    the same, on that protocol only\n"
		"A name that itself contains '/' (like the historic \"914c/g\") is taken whole\n"
		"unless what follows the last '/' is a protocol of the index.\n"
		"\n"
		"Each answer is printed as a services(5) line -- name, port/protocol,\n"
		"aliases -- followed by the description when the index holds them.\n",
	.options = index_options_help,
	.details =
		"Exit status: 0 when every QUERY was answered, 1 when some was not, 2 for a\n"
		"usage error, 3 for an unsound index, 4 when it cannot be read.\n",
};
