/*
 * Fuzz target: the services(5) overlay parser (build --local).  Beyond not
 * crashing or reading outside the input: each line it hands over names a
 * line inside the input and carries a name, a protocol and its aliases; a
 * refusal says why; and the overlay, merged in front of a small registry
 * as the tool merges it, serializes into an index that index_verify
 * accepts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compile.h"
#include "fuzz_target.h"
#include "registry_check.h"
#include "services_file.h"

static const char registry_csv[] =
	"Service Name,Port Number,Transport Protocol,Description,Assignment Notes\n"
	"echo,7,tcp,Echo,\n"
	"http,80,tcp,HTTP,\n"
	"www,80,tcp,HTTP,\"This entry is an alias to \"\"http\"\".\"\n"
	"x11,6000-6063,tcp,X,\n";

static void give_up(const char *what, unsigned long line)
{
	fprintf(stderr, "fuzz_services: %s (line %lu)\n", what, line);
	abort();
}

struct line_check {
	unsigned long last_line;
};

static int check_line(void *context, const struct services_line *line, struct source_error *err)
{
	const struct line_check *c = context;
	(void)err;
	if (line->line == 0 || line->line > c->last_line)
		give_up("a line number outside the input", line->line);
	if (line->name == NULL || line->name[0] == '\0' || line->proto == NULL ||
	    line->proto[0] == '\0')
		give_up("a line without a name or a protocol", line->line);
	for (size_t i = 0; i < line->alias_count; i++)
		if (line->aliases[i] == NULL || line->aliases[i][0] == '\0')
			give_up("an empty alias", line->line);
	return 0;
}

static void compile_registry(struct service_list *registry)
{
	struct compiler c = { .list = registry };
	struct registry_info info;
	struct source_error err = { 0 };
	if (registry_parse_csv(registry_csv, sizeof(registry_csv) - 1, compile_record, &c, &info,
			       &err) != 0)
		give_up(err.message, err.line);
	compile_finish(&c);
}

static void check_overlay(const uint8_t *data, size_t size, unsigned long last_line)
{
	struct service_list overlay = { 0 }, registry = { 0 };
	struct overlay_stats stats = { 0 };
	struct source_error err = { 0 };
	if (overlay_read(&overlay, (const char *)data, size, &stats, &err) == 0) {
		compile_registry(&registry);
		overlay_merge(&overlay, &registry, &stats);
		check_list_serializes("fuzz_services", &overlay);
	} else if (err.message[0] == '\0' || err.line == 0 || err.line > last_line) {
		give_up("a refusal names no line inside the input, or says nothing", err.line);
	}
	service_list_free(&overlay);
	service_list_free(&registry);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct line_check c = { .last_line = input_line_bound(data, size) };
	struct source_error err = { 0 };
	services_parse((const char *)data, size, check_line, &c, &err);
	check_overlay(data, size, c.last_line);
	return 0;
}
