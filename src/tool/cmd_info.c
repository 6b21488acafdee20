/* iana-services info: provenance, contents and size of the index. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "entry_view.h"
#include "index_format.h"
#include "json_out.h"
#include "tool.h"

/* By name, so that the format's section order is not repeated here. */
static const char *const section_name[SECTION_COUNT] = {
	[SECTION_PROTOCOLS] = "protocols",   [SECTION_RANGES] = "ranges",
	[SECTION_META] = "provenance",       [SECTION_STRINGS] = "strings",
	[SECTION_NAME_SLOTS] = "name slots", [SECTION_PORT_SLOTS] = "port slots",
	[SECTION_RECORDS] = "records",       [SECTION_ENTRIES] = "entries",
	[SECTION_DESCRIPTIONS] = "descriptions",
};

static const char *meta_or(const struct index *ix, const char *key, const char *otherwise)
{
	const char *value = index_meta(ix, key);
	return value ? value : otherwise;
}

/* The entries on each protocol, by protocol id. */
static void count_by_protocol(const struct index *ix, unsigned long count[INDEX_MAX_PROTOCOLS + 1])
{
	for (uint32_t id = 0; id < index_entry_count(ix); id++) {
		struct index_entry e;
		if (index_entry(ix, id, &e) == INDEX_OK)
			count[e.proto_id]++;
	}
}

static void print_protocols(const struct index *ix)
{
	unsigned long count[INDEX_MAX_PROTOCOLS + 1] = { 0 };
	count_by_protocol(ix, count);
	printf("Entries:       %u", index_entry_count(ix));
	for (uint32_t p = 0; p < index_protocol_count(ix); p++)
		printf("%s%s %lu", p ? ", " : " (", index_protocol(ix, p), count[p]);
	printf("%s\n", index_protocol_count(ix) ? ")" : "");
}

/* Where the descriptions lookup and search show come from. */
static void print_descriptions(const struct opened_index *opened)
{
	char *beside = descriptions_path_beside(opened->path);
	if (opened->descriptions.count > 0)
		printf("Descriptions:  %s, %zu entries\n", beside, opened->descriptions.count);
	else if (opened->ix.flags & INDEX_FLAG_DESCRIPTIONS)
		printf("Descriptions:  in the index\n");
	else
		printf("Descriptions:  none\n");
	free(beside);
}

static void print_sections(const struct index *ix)
{
	printf("Sections:     ");
	for (int s = 0; s < SECTION_COUNT; s++)
		printf("%s %s %zu", s ? "," : "", section_name[s], index_section_bytes(ix, s));
	printf(" bytes\n");
}

/* The local files' names, as the index lists them ("a, b"). */
static void local_files_json(struct json_out *j, const char *names)
{
	json_array_begin(j, "local_files");
	while (names != NULL && *names != '\0') {
		size_t length = strcspn(names, ",");
		json_string_part(j, NULL, names, length);
		names += length;
		names += strspn(names, ", ");
	}
	json_array_end(j);
}

static void provenance_json(struct json_out *j, const struct opened_index *opened)
{
	const struct index *ix = &opened->ix;
	char date[16], built[32];
	time_t modified = opened->file.identity.modified.tv_sec;
	strftime(built, sizeof(built), "%Y-%m-%dT%H:%M:%SZ", gmtime(&modified));
	json_object_begin(j, "provenance");
	json_string(j, "registry_date", entry_view_date(ix->registry_date, date));
	json_string(j, "source", index_meta(ix, "source"));
	json_string(j, "format", index_meta(ix, "format"));
	json_string(j, "sha256", index_meta(ix, "sha256"));
	json_string(j, "snapshot", index_meta(ix, "snapshot"));
	json_string(j, "url", index_meta(ix, "url"));
	json_string(j, "etag", index_meta(ix, "etag"));
	json_string(j, "last_modified", index_meta(ix, "last-modified"));
	local_files_json(j, index_meta(ix, "local"));
	json_string(j, "generator", index_meta(ix, "generator"));
	json_string(j, "built", built);
	json_object_end(j);
}

static void counts_json(struct json_out *j, const struct index *ix)
{
	unsigned long count[INDEX_MAX_PROTOCOLS + 1] = { 0 };
	count_by_protocol(ix, count);
	json_object_begin(j, "counts");
	json_number(j, "entries", index_entry_count(ix));
	json_object_begin(j, "protocols");
	for (uint32_t p = 0; p < index_protocol_count(ix); p++)
		if (index_protocol(ix, p) != NULL)
			json_number(j, index_protocol(ix, p), count[p]);
	json_object_end(j);
	json_number(j, "aliases", index_alias_total(ix));
	json_number(j, "port_ranges", index_range_total(ix));
	json_object_end(j);
}

/* Where the descriptions lookup and search show come from. */
static void descriptions_json(struct json_out *j, const struct opened_index *opened)
{
	char *beside = descriptions_path_beside(opened->path);
	bool used = opened->descriptions.count > 0;
	json_object_begin(j, "descriptions");
	json_bool(j, "in_index", opened->ix.flags & INDEX_FLAG_DESCRIPTIONS);
	json_string(j, "file", used ? beside : NULL);
	json_number(j, "file_entries", opened->descriptions.count);
	json_object_end(j);
	free(beside);
}

static void sections_json(struct json_out *j, const struct index *ix)
{
	json_object_begin(j, "sections");
	for (int s = 0; s < SECTION_COUNT; s++) {
		char key[32];
		snprintf(key, sizeof(key), "%s", section_name[s]);
		for (char *c = key; *c != '\0'; c++)
			*c = *c == ' ' ? '_' : *c;
		json_number(j, key, index_section_bytes(ix, s));
	}
	json_object_end(j);
}

static void print_json(const struct opened_index *opened)
{
	struct json_out j;
	json_start(&j, stdout);
	json_object_begin(&j, NULL);
	json_string(&j, "index", opened->path);
	json_number(&j, "format_version", opened->ix.version);
	json_number(&j, "size", opened->file.size);
	provenance_json(&j, opened);
	counts_json(&j, &opened->ix);
	descriptions_json(&j, opened);
	sections_json(&j, &opened->ix);
	json_object_end(&j);
	json_finish(&j);
}

static int cmd_info(int argc, char **argv)
{
	struct opened_index opened;
	int status = EXIT_OK;
	if (!index_command_start_with(&info_command, argc, argv, NO_ARGUMENTS,
				      INDEX_OPTION_JSON | INDEX_DESCRIPTIONS, &opened, &status))
		return status;
	if (opened.json) {
		print_json(&opened);
		index_unload(&opened);
		return EXIT_OK;
	}
	const struct index *ix = &opened.ix;
	char date[16], built[32];
	format_registry_date(ix->registry_date, date);
	time_t modified = opened.file.identity.modified.tv_sec;
	strftime(built, sizeof(built), "%Y-%m-%d %H:%M:%S %Z", localtime(&modified));
	printf("Index:         %s\n", opened.path);
	printf("Format:        version %u, %zu bytes, %u-byte record references\n", ix->version,
	       opened.file.size, ix->slot_width);
	printf("Built:         %s (file time), by %s\n", built, meta_or(ix, "generator", "unknown"));
	printf("Registry:      updated %s%s\n", date,
	       ix->registry_date ? "" : " (the source carries no date)");
	printf("Source:        %s (%s)\n", meta_or(ix, "source", "unknown"), meta_or(ix, "format", "?"));
	printf("SHA-256:       %s\n", meta_or(ix, "sha256", "unknown"));
	if (index_meta(ix, "snapshot") != NULL)
		printf("Snapshot:      %s, made from that file (no descriptions)\n",
		       index_meta(ix, "snapshot"));
	if (index_meta(ix, "url") != NULL)
		printf("Fetched from:  %s\n", index_meta(ix, "url"));
	if (index_meta(ix, "etag") != NULL)
		printf("ETag:          %s\n", index_meta(ix, "etag"));
	if (index_meta(ix, "last-modified") != NULL)
		printf("Last-Modified: %s\n", index_meta(ix, "last-modified"));
	printf("Local files:   %s\n", meta_or(ix, "local", "none"));
	print_protocols(ix);
	printf("Aliases:       %u\n", index_alias_total(ix));
	printf("Port ranges:   %u\n", index_range_total(ix));
	print_descriptions(&opened);
	print_sections(ix);
	index_unload(&opened);
	return EXIT_OK;
}

const struct command info_command = {
	.name = "info",
	.run = cmd_info,
	.synopsis = "[--index FILE] [--json]",
	.summary =
		"Show where the index came from (registry date, source file, its\n"
		"SHA-256), what it holds and how large it is.\n",
	.description =
		"Show where the index came from -- the registry's date and file, that file's\n"
		"SHA-256 (compare with sha256sum), the tool that built it and when -- and\n"
		"what it holds: entries by protocol, aliases, port ranges, section sizes.\n"
		"For an index built from a registry snapshot, the registry file and SHA-256\n"
		"are those of the file the snapshot was made from, and a Snapshot line names\n"
		"the snapshot.\n",
	.options =
		INDEX_HELP_INDEX
		INDEX_HELP_JSON
		"                    {\"index\", \"format_version\", \"size\", \"provenance\",\n"
		"                    \"counts\", \"descriptions\", \"sections\"}\n"
		INDEX_HELP_HELP,
};
