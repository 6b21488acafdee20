#include "index_versions.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "index_map.h"
#include "index_reader.h"
#include "test_support.h"

#define MAX_ENTRIES 8
#define LINE 400

static char *dir, *index_path, *version_path[INDEX_VERSIONS];
static char entries[INDEX_VERSIONS][MAX_ENTRIES][LINE];
static size_t entry_count[INDEX_VERSIONS];
static char answers[INDEX_VERSIONS][64];

/* IANA's CSV: http, the telling entry, and one entry only this version
 * has, so that enumerations of two versions differ. */
static void write_registry(const char *path, int version)
{
	char text[1024];
	int n = snprintf(text, sizeof(text),
		"Service Name,Port Number,Transport Protocol,Description,Assignee,Contact,"
		"Registration Date,Modification Date,Reference,Service Code,"
		"Unauthorized Use Reported,Assignment Notes\n"
		"http,80,tcp,World Wide Web HTTP,,,,,,,,\n"
		"http,80,udp,World Wide Web HTTP,,,,,,,,\n"
		"%s,%d,%s,Which version of the index this is,,,,,,,,\n"
		"only-in-%d,%d,udp,In this version alone,,,,,,,,\n",
		TELLING_NAME, 41000 + version, TELLING_PROTO, version, 50000 + version);
	write_file(path, text, (size_t)n);
}

static void describe_entry(const struct index *ix, const struct index_entry *e, char *text)
{
	int n = snprintf(text, LINE, "%.*s %u/%.*s", (int)e->name_length, e->name, e->port,
			 (int)e->proto_length, e->proto);
	for (uint32_t a = 0; a < e->alias_count && n > 0 && n < LINE; a++) {
		const char *alias = index_alias(ix, e->alias_first + a);
		n += snprintf(text + n, LINE - (size_t)n, " %s", alias);
	}
}

/* The entries of a built version, read back with the project's reader. */
static void note_entries(int version)
{
	struct mapped_file file;
	struct index ix;
	ck_assert_int_eq(file_map(version_path[version], &file), 0);
	ck_assert_int_eq(index_open(&ix, file.data, file.size), INDEX_OK);
	entry_count[version] = index_entry_count(&ix);
	ck_assert_uint_le(entry_count[version], MAX_ENTRIES);
	for (uint32_t i = 0; i < entry_count[version]; i++) {
		struct index_entry e;
		ck_assert_int_eq(index_entry(&ix, i, &e), INDEX_OK);
		describe_entry(&ix, &e, entries[version][i]);
	}
	file_unmap(&file);
}

void versions_create(void)
{
	dir = make_temp_dir();
	index_path = path_join(dir, "services.idx");
	char *registry = path_join(dir, "registry.csv");
	for (int v = 0; v < INDEX_VERSIONS; v++) {
		char name[32];
		snprintf(name, sizeof(name), "version-%d.idx", v);
		version_path[v] = path_join(dir, name);
		write_registry(registry, v);
		build_index(registry, version_path[v], NULL);
		note_entries(v);
		snprintf(answers[v], sizeof(answers[v]), "%s %d/%s", TELLING_NAME, 41000 + v,
			 TELLING_PROTO);
	}
	free(registry);
	setenv("NSS_IANA_INDEX", index_path, 1);
}

void versions_remove(void)
{
	remove_tree(dir);
	for (int v = 0; v < INDEX_VERSIONS; v++)
		free(version_path[v]);
	free(index_path);
	free(dir);
}

const char *installed_index(void)
{
	return index_path;
}

void install_version(int version)
{
	install_copy(version_path[version], index_path);
}

const char *telling_answer(int version)
{
	return answers[version];
}

size_t version_entry_count(int version)
{
	return entry_count[version];
}

const char *version_entry(int version, size_t i)
{
	return entries[version][i];
}
