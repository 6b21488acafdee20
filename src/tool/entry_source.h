/*
 * One side of a comparison (`diff`): a file holding service entries,
 * either a services index (known by its magic) or a registry in any form
 * build reads (XML, CSV, a snapshot, a saved page), read into a service
 * list.
 */
#ifndef NSS_IANA_ENTRY_SOURCE_H
#define NSS_IANA_ENTRY_SOURCE_H

#include "descriptions.h"
#include "service_list.h"

struct entry_source {
	const char *path;
	struct service_list list;
	char kind[24];     /* "index", "XML registry", "registry snapshot", ... */
	char updated[16];  /* the registry date, "unknown" when none is known */
	/* An index's: the descriptions file beside it, when it goes with it
	 * (empty otherwise, and for a registry, whose entries carry theirs). */
	struct description_table descriptions;
};

/* Reads path ("-" for standard input), printing what is wrong; returns an
 * exit code (EXIT_OK, EXIT_BAD_DATA, EXIT_SYSTEM).  Only after EXIT_OK is
 * there anything to free. */
int entry_source_load(const char *path, struct entry_source *out);
void entry_source_free(struct entry_source *source);

#endif
