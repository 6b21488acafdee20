#include "build_index.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "file_read.h"
#include "index_verify.h"
#include "index_writer.h"
#include "tool.h"
#include "xalloc.h"

static void print_warning(void *context, unsigned long line, const char *message)
{
	fprintf(stderr, "%s:%lu: warning: %s\n", (const char *)context, line, message);
}

/* YYYYMMDD from "YYYY-MM-DD"; 0 for anything else. */
static uint32_t date_number(const char *text)
{
	unsigned year, month, day;
	char rest;
	if (sscanf(text, "%4u-%2u-%2u%c", &year, &month, &day, &rest) != 3 || month < 1 ||
	    month > 12 || day < 1 || day > 31)
		return 0;
	return year * 10000 + month * 100 + day;
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return strcmp(path, "-") == 0 ? "(standard input)" : slash ? slash + 1 : path;
}

static int read_input(const char *path, char **data, size_t *size)
{
	int error = file_read_all(path, data, size);
	if (error != 0)
		fprintf(stderr, "%s: %s: %s\n", program_name, path, strerror(error));
	return error ? EXIT_SYSTEM : EXIT_OK;
}

static int read_locals(const struct build_request *request, struct build_result *result)
{
	for (size_t i = 0; i < request->local_count; i++) {
		char *data;
		size_t size;
		struct source_error err = { 0 };
		int status = read_input(request->locals[i], &data, &size);
		if (status != EXIT_OK)
			return status;
		status = overlay_read(&result->list, data, size, &result->overlay, &err);
		free(data);
		if (status != 0) {
			report_source_error(request->locals[i], &err);
			return EXIT_BAD_DATA;
		}
	}
	return EXIT_OK;
}

static int compile_registry(const struct build_request *request, struct build_result *result,
			    struct service_list *registry)
{
	char *owned = NULL;
	const char *data = request->registry_data;
	size_t size = request->registry_size;
	struct source_error err = { 0 };
	if (data == NULL) {
		int status = read_input(request->registry, &owned, &size);
		if (status != EXIT_OK)
			return status;
		data = owned;
	}
	sha256_hex(data, size, result->sha256);
	struct compiler compiler = {
		.list = registry, .warn = print_warning, .warn_context = (void *)request->registry,
	};
	int parsed = registry_parse(data, size, compile_record, &compiler, &result->info, &err);
	free(owned);
	if (parsed != 0) {
		report_source_error(request->registry, &err);
		return EXIT_BAD_DATA;
	}
	compile_finish(&compiler);
	result->stats = compiler.stats;
	return EXIT_OK;
}

/* The overlays' file names, for the index's provenance. */
static char *local_names(const struct build_request *request)
{
	size_t size = 1;
	for (size_t i = 0; i < request->local_count; i++)
		size += strlen(base_name(request->locals[i])) + 2;
	char *names = xcalloc(1, size);
	for (size_t i = 0; i < request->local_count; i++) {
		if (i > 0)
			strcat(names, ", ");
		strcat(names, base_name(request->locals[i]));
	}
	return names;
}

static int serialize(const struct build_request *request, struct build_result *result)
{
	char generator[64], problem[256];
	char *locals = local_names(request);
	snprintf(generator, sizeof(generator), "%s %s", program_name, NSS_IANA_VERSION);
	struct index_meta_item meta[7] = {
		{ "source", base_name(request->registry) },
		{ "format", registry_format_name(result->info.format) },
		{ "sha256", result->sha256 },
		{ "updated", result->info.updated[0] ? result->info.updated : "unknown" },
		{ "generator", generator },
	};
	size_t meta_count = 5;
	if (request->local_count > 0)
		meta[meta_count++] = (struct index_meta_item){ "local", locals };
	if (request->source_url != NULL)
		meta[meta_count++] = (struct index_meta_item){ "url", request->source_url };
	struct index_options options = {
		.descriptions = request->descriptions,
		.registry_date = date_number(result->info.updated),
		.meta = meta,
		.meta_count = meta_count,
	};
	int status = EXIT_OK;
	if (index_serialize(&result->list, &options, &result->image, problem, sizeof(problem)) != 0) {
		fprintf(stderr, "%s: %s\n", request->registry, problem);
		status = EXIT_BAD_DATA;
	} else if (index_verify(result->image.data, result->image.length, problem, sizeof(problem)) != 0) {
		/* Never put an index in place that the module would refuse. */
		fprintf(stderr, "%s: internal error: the new index is unsound: %s\n", program_name, problem);
		status = EXIT_BAD_DATA;
	}
	free(locals);
	return status;
}

static double elapsed_ms(const struct timespec *start)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - start->tv_sec) * 1e3 + (double)(now.tv_nsec - start->tv_nsec) / 1e6;
}

int build_compile(const struct build_request *request, struct build_result *result)
{
	struct service_list registry = { 0 };
	struct timespec start;
	clock_gettime(CLOCK_MONOTONIC, &start);
	int status = read_locals(request, result);
	if (status == EXIT_OK)
		status = compile_registry(request, result, &registry);
	if (status == EXIT_OK) {
		overlay_merge(&result->list, &registry, &result->overlay);
		status = serialize(request, result);
	}
	service_list_free(&registry);
	result->milliseconds = elapsed_ms(&start);
	return status;
}

int build_install(const struct build_request *request, const struct build_result *result)
{
	char problem[512];
	if (index_write_file(request->output, result->image.data, result->image.length, problem,
			     sizeof(problem)) != 0) {
		fprintf(stderr, "%s: %s\n", program_name, problem);
		return EXIT_SYSTEM;
	}
	return EXIT_OK;
}

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

void build_print_summary(const struct build_request *request, const struct build_result *r)
{
	const struct compile_stats *s = &r->stats;
	printf("%s: wrote %s\n", program_name, request->output);
	printf("  registry            %s (%s, updated %s)\n", base_name(request->registry),
	       registry_format_name(r->info.format),
	       r->info.updated[0] ? r->info.updated
				  : r->info.format == REGISTRY_CSV ? "unknown: CSV carries no date"
								   : "unknown: no <updated> element");
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
	printf("  duplicates dropped  %lu\n", s->duplicates);
	if (s->orphan_aliases)
		printf("  aliases kept as entries (no target) %lu\n", s->orphan_aliases);
	print_local_summary(request, r);
	printf("  index size          %zu bytes\n", r->image.length);
	printf("  time                %.1f ms\n", r->milliseconds);
}

void build_result_free(struct build_result *result)
{
	service_list_free(&result->list);
	buf_free(&result->image);
}
