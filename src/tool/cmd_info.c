/* iana-services info: provenance, contents and size of the index. */
#include <string.h>
#include <time.h>

#include "index_format.h"
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

static void print_protocols(const struct index *ix)
{
	unsigned long count[INDEX_MAX_PROTOCOLS + 1] = { 0 };
	for (uint32_t id = 0; id < index_entry_count(ix); id++) {
		struct index_entry e;
		if (index_entry(ix, id, &e) == INDEX_OK)
			count[e.proto_id]++;
	}
	printf("Entries:       %u", index_entry_count(ix));
	for (uint32_t p = 0; p < index_protocol_count(ix); p++)
		printf("%s%s %lu", p ? ", " : " (", index_protocol(ix, p), count[p]);
	printf("%s\n", index_protocol_count(ix) ? ")" : "");
}

static void print_sections(const struct index *ix)
{
	printf("Sections:     ");
	for (int s = 0; s < SECTION_COUNT; s++)
		printf("%s %s %zu", s ? "," : "", section_name[s], index_section_bytes(ix, s));
	printf(" bytes\n");
}

static int cmd_info(int argc, char **argv)
{
	struct opened_index opened;
	int status = EXIT_OK;
	if (!index_command_start(&info_command, argc, argv, NO_ARGUMENTS, &opened, &status))
		return status;
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
	printf("Descriptions:  %s\n", ix->flags & INDEX_FLAG_DESCRIPTIONS ? "yes" : "no");
	print_sections(ix);
	index_unload(&opened);
	return EXIT_OK;
}

const struct command info_command = {
	.name = "info",
	.run = cmd_info,
	.synopsis = "[--index FILE]",
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
	.options = index_options_help,
};
