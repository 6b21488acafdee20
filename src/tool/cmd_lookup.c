/* iana-services lookup: answers queries exactly as the NSS module does. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "entry_view.h"
#include "json_out.h"
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

/* What lookup prints: a services(5) line per answer, or one JSON
 * document with an object per query. */
struct lookup_output {
	const struct opened_index *opened;
	struct entry_prose prose;
	struct json_out json;
	char date_text[16];
	const char *date;
};

static void output_start(struct lookup_output *o, const struct opened_index *opened)
{
	o->opened = opened;
	o->prose = (struct entry_prose){ &opened->ix, &opened->descriptions, 0 };
	o->date = entry_view_date(opened->ix.registry_date, o->date_text);
	if (!opened->json)
		return;
	json_start(&o->json, stdout);
	json_object_begin(&o->json, NULL);
	json_array_begin(&o->json, "queries");
}

static void output_query(struct lookup_output *o, const char *query)
{
	if (!o->opened->json)
		return;
	json_object_begin(&o->json, NULL);
	json_string(&o->json, "query", query);
	json_array_begin(&o->json, "entries");
}

/* The answer e on port, else none; false when it cannot be read. */
static bool output_answer(struct lookup_output *o, const struct index_entry *e, unsigned port)
{
	struct entry_view view;
	if (e != NULL) {
		uint32_t id = index_entry_id(&o->opened->ix, e);
		if (!entry_view_of_index(&o->prose, e, id, &view))
			return false;
		if (o->opened->json)
			entry_view_json(&o->json, NULL, &view, o->date);
		else
			entry_view_print(stdout, &view, port, o->opened->describe);
	}
	if (o->opened->json) {
		json_array_end(&o->json);
		json_object_end(&o->json);
	}
	return true;
}

static void output_finish(struct lookup_output *o)
{
	if (!o->opened->json)
		return;
	json_array_end(&o->json);
	json_object_end(&o->json);
	json_finish(&o->json);
}

static int cmd_lookup(int argc, char **argv)
{
	struct opened_index opened;
	struct lookup_output output;
	int status = EXIT_OK;
	if (!index_command_start_with(&lookup_command, argc, argv, SOME_QUERIES,
				      INDEX_OPTION_JSON | INDEX_OPTION_DESCRIBE | INDEX_DESCRIPTIONS,
				      &opened, &status))
		return status;
	output_start(&output, &opened);
	for (int i = 0; i < opened.query_count && status != EXIT_BAD_DATA; i++) {
		const char *query = opened.queries[i];
		struct index_entry e;
		unsigned port = 0;
		enum index_lookup result = answer(&opened.ix, query, &e, &port);
		output_query(&output, query);
		if (result == LOOKUP_FOUND && !output_answer(&output, &e, port))
			result = LOOKUP_CORRUPT;
		if (result != LOOKUP_FOUND)
			output_answer(&output, NULL, 0);
		if (result == LOOKUP_ABSENT) {
			tool_error("%s: %s: not found", program_name, query);
			status = EXIT_NOT_FOUND;
		} else if (result == LOOKUP_CORRUPT) {
			tool_error("%s: %s: index is corrupt", program_name, opened.path);
			status = EXIT_BAD_DATA;
		}
	}
	output_finish(&output);
	index_unload(&opened);
	return status;
}

const struct command lookup_command = {
	.name = "lookup",
	.run = cmd_lookup,
	.synopsis = "[--index FILE] [--describe] [--json] QUERY...",
	.summary =
		"Answer each QUERY as the NSS module does: NAME, NAME/PROTOCOL, PORT\n"
		"or PORT/PROTOCOL.  Prints a services(5) line per answer, with the\n"
		"registry's description.\n",
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
		"aliases -- followed by a comment with the registry's description, from\n"
		"the descriptions file beside the index (services.descriptions beside\n"
		"services.idx), else from the index when it was built with --descriptions:\n"
		"  postgresql            5432/tcp postgres  # PostgreSQL Database\n"
		"A port range is noted in the comment: \"(ports 6000-6063)\".\n",
	.options =
		INDEX_HELP_INDEX
		"  -d, --describe    add the entry's RFC references: \"# Kerberos [RFC4120]\"\n"
		INDEX_HELP_JSON
		"                    {\"queries\": [{\"query\": QUERY, \"entries\": [ENTRY]}]},\n"
		"                    \"entries\" empty for a QUERY without an answer\n"
		INDEX_HELP_HELP,
	.details =
		"Exit status: 0 when every QUERY was answered, 1 when some was not, 2 for a\n"
		"usage error, 3 for an unsound index, 4 when it cannot be read.\n",
};
