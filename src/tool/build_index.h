/*
 * The build pipeline shared by `build` and `update`: registry and local
 * services(5) files in, a verified index renamed into place out.
 */
#ifndef NSS_IANA_BUILD_INDEX_H
#define NSS_IANA_BUILD_INDEX_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "compile.h"
#include "http_validators.h"
#include "registry.h"
#include "service_list.h"
#include "services_file.h"
#include "sha256.h"
#include "snapshot.h"

struct build_request {
	const char *registry;        /* the registry file, "-" for standard input */
	const char *registry_data;   /* or its contents, already in memory */
	size_t registry_size;
	const char *source_url;      /* where it was fetched from, if it was */
	const struct http_validators *validators; /* of that download, or NULL */
	const char *const *locals;   /* services(5) overlays, in order */
	size_t local_count;
	const char *output;
	bool descriptions;
};

struct build_result {
	struct registry_info info;
	struct compile_stats stats;
	struct overlay_stats overlay;
	struct service_list list;    /* the entries, in index order */
	struct buf image;            /* the index written */
	struct buf descriptions;     /* the descriptions file written beside it */
	char sha256[SHA256_HEX_SIZE];
	double milliseconds;
};

/* Where the entries came from, as the index and a snapshot record it: the
 * registry file, or for a snapshot the registry file it was made from. */
struct build_origin {
	struct snapshot_header registry;
	const char *snapshot;   /* the snapshot's file name, or NULL */
};

/* Reads and compiles request->registry alone into list, filling
 * result->info, ->stats and ->sha256; prints what is wrong to stderr.
 * Returns an exit code. */
int build_read_registry(const struct build_request *request, struct build_result *result,
			struct service_list *list);
void build_origin_of(const struct build_request *request, const struct build_result *result,
		     struct build_origin *origin);
/* The local files' names, ", "-separated, as the index records them
 * ("local"); to be freed. */
char *build_local_names(const struct build_request *request);
/* A path's file name ("(standard input)" for "-"). */
const char *build_file_name(const char *path);

/* Compiles and serializes the index into result->image, and the
 * descriptions file into result->descriptions, printing what is wrong to
 * stderr.  Returns an exit code (EXIT_OK, EXIT_BAD_DATA, ...). */
int build_compile(const struct build_request *request, struct build_result *result);
/* The descriptions file of result->list (descriptions.h), from the
 * registry's prose or, for a snapshot, from the descriptions file beside
 * it when that was made from the same registry; with no lines when there
 * is none. */
void build_descriptions(const struct build_request *request, struct build_result *result);
/* Puts result's descriptions file in place beside path (the index or the
 * snapshot just written), atomically. */
int build_install_descriptions(const char *path, const struct build_result *result);
/* Puts content in place at path, atomically (index_write_file), printing
 * what went wrong; returns EXIT_OK or EXIT_SYSTEM. */
int build_write_file(const char *path, const struct buf *content);
/* Puts result->image in place at request->output, atomically, then the
 * descriptions file beside it. */
int build_install(const struct build_request *request, const struct build_result *result);
void build_print_summary(const struct build_request *request, const struct build_result *result);
void build_result_free(struct build_result *result);

#endif
