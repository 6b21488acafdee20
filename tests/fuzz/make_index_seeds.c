/*
 * Writes the seed corpus of the index fuzz target: the index of a small
 * registry fixture in each shape the writer can give it (with and without
 * descriptions, 2- and 4-byte record references).  Generated at build time rather
 * than kept in the tree, so the seeds follow the format when it changes.
 *
 *   make_index_seeds REGISTRY OUTPUT_DIR
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compile.h"
#include "file_read.h"
#include "index_writer.h"
#include "registry.h"

static int compile(const char *path, struct service_list *list)
{
	char *data;
	size_t size;
	struct compiler c = { .list = list };
	struct registry_info info;
	struct source_error err = { 0 };
	if (file_read_all(path, &data, &size, &err) != 0) {
		fprintf(stderr, "%s: %s\n", path, err.message);
		return -1;
	}
	int result = registry_parse(data, size, compile_record, &c, &info, &err);
	if (result != 0)
		fprintf(stderr, "%s:%lu: %s\n", path, err.line, err.message);
	else
		compile_finish(&c);
	free(data);
	return result;
}

static int write_seed(const struct service_list *list, const char *directory, const char *name,
		      bool descriptions, unsigned slot_width)
{
	static const struct index_meta_item meta[] = {
		{ "source", "seed" },
		{ "generator", "make_index_seeds" },
	};
	struct index_options options = {
		.descriptions = descriptions,
		.slot_width = slot_width,
		.registry_date = 20260101,
		.meta = meta,
		.meta_count = sizeof(meta) / sizeof(meta[0]),
	};
	struct buf image = { 0 };
	char path[4096];
	struct source_error err = { 0 };
	snprintf(path, sizeof(path), "%s/%s", directory, name);
	int result = index_serialize(list, &options, &image, &err);
	if (result == 0)
		result = index_write_file(path, image.data, image.length, &err);
	if (result != 0)
		fprintf(stderr, "%s: %s\n", path, err.message);
	buf_free(&image);
	return result;
}

int main(int argc, char **argv)
{
	struct service_list list = { 0 };
	if (argc != 3) {
		fprintf(stderr, "usage: %s REGISTRY OUTPUT_DIR\n", argv[0]);
		return 2;
	}
	int failed = compile(argv[1], &list) != 0 ||
		     write_seed(&list, argv[2], "narrow.idx", false, 2) != 0 ||
		     write_seed(&list, argv[2], "narrow-descriptions.idx", true, 2) != 0 ||
		     write_seed(&list, argv[2], "wide.idx", false, 4) != 0 ||
		     write_seed(&list, argv[2], "wide-descriptions.idx", true, 4) != 0;
	service_list_free(&list);
	return failed ? 1 : 0;
}
