#include "build_index.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "descriptions_load.h"
#include "file_read.h"
#include "index_verify.h"
#include "index_writer.h"
#include "tool.h"
#include "xalloc.h"

/* cppcheck-suppress constParameterCallback ; the type is registry_options' warn */
static void print_warning(void *context, unsigned long line, const char *message)
{
	tool_error("%s:%lu: warning: %s", (const char *)context, line, message);
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

const char *build_file_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return strcmp(path, "-") == 0 ? "(standard input)" : slash ? slash + 1 : path;
}

static int read_input(const char *path, char **data, size_t *size)
{
	struct source_error err;
	if (file_read_all(path, data, size, &err) == 0)
		return EXIT_OK;
	report_file_error(path, &err);
	return EXIT_SYSTEM;
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

int build_read_registry(const struct build_request *request, struct build_result *result,
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

char *build_local_names(const struct build_request *request)
{
	size_t size = 1;
	for (size_t i = 0; i < request->local_count; i++)
		size += strlen(build_file_name(request->locals[i])) + 2;
	char *names = xcalloc(1, size);
	for (size_t i = 0; i < request->local_count; i++) {
		if (i > 0)
			strcat(names, ", ");
		strcat(names, build_file_name(request->locals[i]));
	}
	return names;
}

void build_origin_of(const struct build_request *request, const struct build_result *result,
		     struct build_origin *origin)
{
	const struct registry_info *info = &result->info;
	bool snapshot = info->format == REGISTRY_SNAPSHOT;
	origin->registry = (struct snapshot_header){
		.source = snapshot ? info->origin.file : build_file_name(request->registry),
		.format = snapshot ? info->origin.format : registry_format_name(info->format),
		.sha256 = snapshot ? info->origin.sha256 : result->sha256,
		.updated = info->updated,
	};
	origin->snapshot = snapshot ? build_file_name(request->registry) : NULL;
}

/* Only those fit to send back: see http_validators.h.  Returns the count. */
static size_t validator_items(const struct http_validators *v, struct index_meta_item *out)
{
	size_t count = 0;
	if (v != NULL && http_validator_acceptable(v->etag))
		out[count++] = (struct index_meta_item){ "etag", v->etag };
	if (v != NULL && http_validator_acceptable(v->last_modified))
		out[count++] = (struct index_meta_item){ "last-modified", v->last_modified };
	return count;
}

static int serialize(const struct build_request *request, struct build_result *result)
{
	char generator[64];
	struct source_error err;
	char *locals = build_local_names(request);
	struct build_origin origin;
	build_origin_of(request, result, &origin);
	const struct snapshot_header *registry = &origin.registry;
	snprintf(generator, sizeof(generator), "%s %s", program_name, NSS_IANA_VERSION);
	struct index_meta_item meta[10] = {
		{ "source", registry->source },
		{ "format", registry->format },
		{ "sha256", registry->sha256 },
		{ "updated", registry->updated[0] ? registry->updated : "unknown" },
		{ "generator", generator },
	};
	size_t meta_count = 5;
	if (origin.snapshot != NULL)
		meta[meta_count++] = (struct index_meta_item){ "snapshot", origin.snapshot };
	if (request->local_count > 0)
		meta[meta_count++] = (struct index_meta_item){ "local", locals };
	if (request->source_url != NULL)
		meta[meta_count++] = (struct index_meta_item){ "url", request->source_url };
	meta_count += validator_items(request->validators, meta + meta_count);
	struct index_options options = {
		.descriptions = request->descriptions,
		.registry_date = date_number(result->info.updated),
		.meta = meta,
		.meta_count = meta_count,
	};
	int status = EXIT_OK;
	if (index_serialize(&result->list, &options, &result->image, &err) != 0) {
		report_source_error(request->registry, &err);
		status = EXIT_BAD_DATA;
	} else if (index_verify(result->image.data, result->image.length, &err) != 0) {
		/* Never put an index in place that the module would refuse. */
		tool_error("%s: internal error: the new index is unsound: %s", program_name,
			   err.message);
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
		status = build_read_registry(request, result, &registry);
	if (status == EXIT_OK && request->descriptions && result->info.format == REGISTRY_SNAPSHOT)
		tool_error("%s: warning: a registry snapshot holds no descriptions: the index "
			"has none to show", request->registry);
	if (status == EXIT_OK) {
		overlay_merge(&result->list, &registry, &result->overlay);
		status = serialize(request, result);
	}
	if (status == EXIT_OK)
		build_descriptions(request, result);
	service_list_free(&registry);
	result->milliseconds = elapsed_ms(&start);
	return status;
}

int build_write_file(const char *path, const struct buf *content)
{
	struct source_error err;
	if (index_write_file(path, content->data, content->length, &err) != 0) {
		tool_error("%s: %s", program_name, err.message);
		return EXIT_SYSTEM;
	}
	return EXIT_OK;
}

/* Copies what the table says of each entry into the list; a local entry
 * with a registry entry's name, ports and protocol gets that entry's. */
static void attach_descriptions(const struct description_table *table, struct service_list *list)
{
	for (size_t i = 0; i < list->count; i++) {
		struct service *s = &list->items[i];
		const struct description *d =
			descriptions_find(table, s->name, s->port, s->last_port, s->proto);
		if (d == NULL)
			continue;
		free(s->description);
		free(s->references);
		s->description = xstrdup(d->text);
		s->references = xstrdup(d->references);
	}
}

/* A snapshot holds no prose; the descriptions file beside it, when it was
 * made from the same registry file, gives the entries theirs. */
static void snapshot_descriptions(const struct build_request *request,
				  const struct snapshot_header *origin, struct service_list *list)
{
	char *path = descriptions_path_beside(request->registry);
	struct description_table table;
	enum descriptions_loaded loaded = descriptions_load_file(path, &table);
	bool same = loaded == DESCRIPTIONS_LOADED && strcmp(table.sha256, origin->sha256) == 0 &&
		    strcmp(table.source, origin->source) == 0;
	if (loaded == DESCRIPTIONS_LOADED && !same)
		tool_error("%s: warning: %s was made from another registry file than the "
			   "snapshot: its descriptions are left out", request->registry, path);
	if (same)
		attach_descriptions(&table, list);
	descriptions_free(&table);
	free(path);
}

/* Every index gets its descriptions file, with no lines when its source
 * has no prose (a snapshot alone): the file always names the registry of
 * the index beside it, so an older one is never taken for it. */
void build_descriptions(const struct build_request *request, struct build_result *result)
{
	struct build_origin origin;
	build_origin_of(request, result, &origin);
	if (result->info.format == REGISTRY_SNAPSHOT)
		snapshot_descriptions(request, &origin.registry, &result->list);
	result->descriptions.length = 0;
	descriptions_write(&result->descriptions, &origin.registry, &result->list);
}

int build_install_descriptions(const char *path, const struct build_result *result)
{
	char *beside = descriptions_path_beside(path);
	int status = build_write_file(beside, &result->descriptions);
	free(beside);
	return status;
}

int build_install(const struct build_request *request, const struct build_result *result)
{
	int status = build_write_file(request->output, &result->image);
	if (status == EXIT_OK)
		status = build_install_descriptions(request->output, result);
	return status;
}

void build_result_free(struct build_result *result)
{
	service_list_free(&result->list);
	buf_free(&result->image);
	buf_free(&result->descriptions);
}
