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
#include "registry.h"
#include "service_list.h"
#include "services_file.h"
#include "sha256.h"

struct build_request {
	const char *registry;        /* the registry file, "-" for standard input */
	const char *registry_data;   /* or its contents, already in memory */
	size_t registry_size;
	const char *source_url;      /* where it was fetched from, if it was */
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
	char sha256[SHA256_HEX_SIZE];
	double milliseconds;
};

/* Compiles and serializes the index into result->image, printing what is
 * wrong to stderr.  Returns an exit code (EXIT_OK, EXIT_BAD_DATA, ...). */
int build_compile(const struct build_request *request, struct build_result *result);
/* Puts result->image in place at request->output, atomically. */
int build_install(const struct build_request *request, const struct build_result *result);
void build_print_summary(const struct build_request *request, const struct build_result *result);
void build_result_free(struct build_result *result);

#endif
