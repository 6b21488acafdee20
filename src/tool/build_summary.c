/* What `build` and `update` say about the index they made. */
#include <stdio.h>
#include <string.h>

#include "build_index.h"
#include "tool.h"

static void print_protocol_counts(const struct service_list *list)
{
	const char *seen[16];
	unsigned long counts[16];
	size_t kinds = 0;
	for (size_t i = 0; i < list->count; i++) {
		size_t k = 0;
		while (k < kinds && strcmp(seen[k], list->items[i].proto) != 0)
			k++;
		if (k == kinds && kinds < 16) {
			seen[kinds] = list->items[i].proto;
			counts[kinds++] = 0;
		}
		if (k < kinds)
			counts[k]++;
	}
	for (size_t k = 0; k < kinds; k++)
		printf("%s%s %lu", k ? ", " : " (", seen[k], counts[k]);
	printf("%s\n", kinds ? ")" : "");
}

static void print_local_summary(const struct build_request *request, const struct build_result *r)
{
	if (request->local_count == 0)
		return;
	printf("  local files         %zu: %lu lines, %lu repeating an earlier line\n",
	       request->local_count, r->overlay.lines, r->overlay.repeated);
	printf("  registry entries they cover (dropped) %lu\n", r->overlay.subsumed);
}

static const char *undated(enum registry_format format)
{
	switch (format) {
	case REGISTRY_XML:
		return "unknown: no <updated> element";
	case REGISTRY_CSV:
		return "unknown: CSV carries no date";
	case REGISTRY_PAGE:
		return "unknown: the page has no \"Last Updated\"";
	default:
		return "unknown: its source carried no date";
	}
}

static void print_registry(const struct build_request *request, const struct build_result *r)
{
	struct build_origin origin;
	build_origin_of(request, r, &origin);
	const struct snapshot_header *registry = &origin.registry;
	const char *date = registry->updated[0] ? registry->updated : undated(r->info.format);
	if (origin.snapshot != NULL)
		printf("  registry            %s (snapshot of %s, %s, updated %s)\n", origin.snapshot,
		       registry->source, registry->format, date);
	else
		printf("  registry            %s (%s, updated %s)\n", registry->source, registry->format,
		       date);
}

void build_print_summary(const struct build_request *request, const struct build_result *r)
{
	const struct compile_stats *s = &r->stats;
	printf("%s: wrote %s\n", program_name, request->output);
	print_registry(request, r);
	printf("  records read        %lu\n", s->records);
	printf("  entries             %zu", r->list.count);
	print_protocol_counts(&r->list);
	printf("  aliases             %lu\n", s->aliases);
	printf("  port ranges         %lu\n", s->ranges);
	printf("  skipped             %lu\n", s->no_name + s->no_port + s->no_protocol + s->spaced_name);
	printf("    no service name   %lu (reserved or unassigned)\n", s->no_name);
	printf("    no port number    %lu\n", s->no_port);
	printf("    no protocol       %lu\n", s->no_protocol);
	if (s->spaced_name)
		printf("    name with spaces  %lu\n", s->spaced_name);
	if (r->info.format == REGISTRY_PAGE)
		printf("  contact table rows  %lu (not registry records)\n", r->info.other_rows);
	printf("  duplicates dropped  %lu\n", s->duplicates);
	if (s->orphan_aliases)
		printf("  aliases kept as entries (no target) %lu\n", s->orphan_aliases);
	print_local_summary(request, r);
	printf("  index size          %zu bytes\n", r->image.length);
	printf("  time                %.1f ms\n", r->milliseconds);
}

