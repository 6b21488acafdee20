#include "entry_source.h"

#include <stdlib.h>
#include <string.h>

#include "compile.h"
#include "descriptions_load.h"
#include "index_entries.h"
#include "file_read.h"
#include "registry.h"
#include "tool.h"

static int load_index(const char *data, size_t size, struct entry_source *out)
{
	struct index ix;
	enum index_status status = index_open_entries(&ix, data, size, &out->list);
	if (status != INDEX_OK) {
		tool_error("%s: %s: %s", program_name, out->path, index_status_text(status));
		return EXIT_BAD_DATA;
	}
	/* The prose of its entries, as lookup shows it. */
	if (strcmp(out->path, "-") != 0)
		descriptions_load_for_index(out->path, &ix, &out->descriptions);
	snprintf(out->kind, sizeof(out->kind), "index");
	format_registry_date(ix.registry_date, out->updated);
	return EXIT_OK;
}

/* Compiled as `build` would, without its warnings: a comparison is about
 * the entries, and building reports what is odd in a registry. */
static int load_registry(const char *data, size_t size, struct entry_source *out)
{
	struct compiler compiler = { .list = &out->list };
	struct registry_info info = { 0 };
	struct source_error err = { 0 };
	if (registry_parse(data, size, compile_record, &compiler, &info, &err) != 0) {
		report_source_error(out->path, &err);
		return EXIT_BAD_DATA;
	}
	compile_finish(&compiler);
	if (info.format == REGISTRY_SNAPSHOT || info.format == REGISTRY_PAGE)
		snprintf(out->kind, sizeof(out->kind), "registry %s", registry_format_name(info.format));
	else
		snprintf(out->kind, sizeof(out->kind), "%s registry", registry_format_name(info.format));
	snprintf(out->updated, sizeof(out->updated), "%s", info.updated[0] ? info.updated : "unknown");
	return EXIT_OK;
}

static bool is_index(const char *data, size_t size)
{
	return size >= INDEX_MAGIC_SIZE && memcmp(data, INDEX_MAGIC, INDEX_MAGIC_SIZE) == 0;
}

int entry_source_load(const char *path, struct entry_source *out)
{
	char *data;
	size_t size;
	memset(out, 0, sizeof(*out));
	out->path = path;
	struct source_error err;
	if (file_read_all(path, &data, &size, &err) != 0) {
		report_file_error(path, &err);
		return EXIT_SYSTEM;
	}
	int status = is_index(data, size) ? load_index(data, size, out)
					  : load_registry(data, size, out);
	free(data);
	/* A source that fails part way holds the entries before the fault. */
	if (status != EXIT_OK)
		entry_source_free(out);
	return status;
}

void entry_source_free(struct entry_source *source)
{
	service_list_free(&source->list);
	descriptions_free(&source->descriptions);
}
