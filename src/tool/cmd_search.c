/* iana-services search: the entries whose names, aliases, descriptions or
 * RFC references hold every WORD, best matches first (search_rank.h). */
#include <stdlib.h>
#include <string.h>

#include "entry_view.h"
#include "json_out.h"
#include "search_rank.h"
#include "tool.h"
#include "xalloc.h"

/* The found entries' ids, by rank, each list in registry order. */
struct found {
	uint32_t *ids[SEARCH_RANKS];
	size_t count[SEARCH_RANKS];
	size_t total;
};

static bool entry_view_at(struct entry_prose *prose, uint32_t id, struct index_entry *e,
			  struct entry_view *view)
{
	return index_entry(prose->ix, id, e) == INDEX_OK && entry_view_of_index(prose, e, id, view);
}

/* Ranks every entry; false when one cannot be read. */
static bool find(const struct opened_index *opened, struct entry_prose *prose,
		 const struct search_words *words, struct found *found)
{
	uint32_t entries = index_entry_count(&opened->ix);
	for (int r = 0; r < SEARCH_RANKS; r++)
		found->ids[r] = xcalloc(entries ? entries : 1, sizeof(uint32_t));
	for (uint32_t id = 0; id < entries; id++) {
		struct index_entry e;
		struct entry_view view;
		if (!entry_view_at(prose, id, &e, &view))
			return false;
		if (opened->protocol != NULL && strcmp(view.proto, opened->protocol) != 0)
			continue;
		enum search_rank rank = search_rank(words, &view);
		if (rank == SEARCH_NO_MATCH)
			continue;
		found->ids[rank][found->count[rank]++] = id;
		found->total++;
	}
	return true;
}

static void found_free(struct found *found)
{
	for (int r = 0; r < SEARCH_RANKS; r++)
		free(found->ids[r]);
}

static void print_found(const struct opened_index *opened, struct entry_prose *prose,
			const struct found *found)
{
	struct json_out json;
	char date_text[16];
	const char *date = entry_view_date(opened->ix.registry_date, date_text);
	size_t shown = 0;
	if (opened->json) {
		json_start(&json, stdout);
		json_object_begin(&json, NULL);
		json_array_begin(&json, "entries");
	}
	for (int r = 0; r < SEARCH_RANKS; r++) {
		for (size_t i = 0; i < found->count[r]; i++) {
			struct index_entry e;
			struct entry_view view;
			if (opened->limit != 0 && shown == opened->limit)
				break;
			if (!entry_view_at(prose, found->ids[r][i], &e, &view))
				continue; /* read once already */
			if (opened->json)
				entry_view_json(&json, NULL, &view, date);
			else
				entry_view_print(stdout, &view, view.port, opened->describe);
			shown++;
		}
	}
	if (opened->json) {
		json_array_end(&json);
		json_object_end(&json);
		json_finish(&json);
	}
}

static int cmd_search(int argc, char **argv)
{
	struct opened_index opened;
	int status = EXIT_OK;
	if (!index_command_start_with(&search_command, argc, argv, SOME_WORDS,
				      INDEX_OPTION_JSON | INDEX_OPTION_DESCRIBE | INDEX_OPTION_PROTOCOL |
					      INDEX_OPTION_LIMIT | INDEX_DESCRIPTIONS,
				      &opened, &status))
		return status;
	struct entry_prose prose = { &opened.ix, &opened.descriptions, 0 };
	struct search_words words;
	struct found found = { 0 };
	search_words_init(&words, opened.queries, (size_t)opened.query_count);
	if (!find(&opened, &prose, &words, &found)) {
		tool_error("%s: %s: index is corrupt", program_name, opened.path);
		status = EXIT_BAD_DATA;
	} else {
		print_found(&opened, &prose, &found);
		status = found.total > 0 ? EXIT_OK : EXIT_NOT_FOUND;
	}
	found_free(&found);
	search_words_free(&words);
	index_unload(&opened);
	return status;
}

const struct command search_command = {
	.name = "search",
	.run = cmd_search,
	.synopsis = "[--index FILE] [--protocol PROTO] [--limit N] [--describe] [--json]\nWORD...",
	.summary =
		"List the entries whose name, aliases, description or RFC references\n"
		"match every WORD, best matches first.\n",
	.description =
		"List the entries of the index that every WORD matches, one services(5)\n"
		"line each with its description, as lookup prints them.  A WORD matches\n"
		"an entry when it is part of its name, of an alias or of its description,\n"
		"ignoring ASCII case, or names one of its RFC references (\"4120\" or\n"
		"\"rfc4120\" for RFC4120); each WORD may match a different one.\n"
		"\n"
		"Best matches first: entries with a name or alias equal to a WORD, then\n"
		"those with one that starts with a WORD, then the others; each group in\n"
		"registry order.  Descriptions come from the descriptions file beside the\n"
		"index, else from the index when it was built with --descriptions.\n",
	.options =
		INDEX_HELP_INDEX
		"  -p, --protocol PROTO  only entries on PROTO (tcp, udp, sctp, ...)\n"
		"  -n, --limit N     print the first N entries only\n"
		"  -d, --describe    add each entry's RFC references: \"[RFC4120]\"\n"
		INDEX_HELP_JSON
		"                    {\"entries\": [ENTRY...]}\n"
		INDEX_HELP_HELP,
	.details =
		"A WORD may not be empty, longer than 255 bytes, hold a control character\n"
		"or be other than UTF-8.\n"
		"\n"
		"Exit status: 0 when some entry matched, 1 when none did, 2 for a usage\n"
		"error, 3 for an unsound index, 4 when it cannot be read.\n",
};
