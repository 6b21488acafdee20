/*
 * The descriptions file beside an index or a snapshot (descriptions.h),
 * as the tool loads it: an untrusted file, whose problems are warnings --
 * what it would add is left out, and the command goes on without it.
 */
#ifndef NSS_IANA_DESCRIPTIONS_LOAD_H
#define NSS_IANA_DESCRIPTIONS_LOAD_H

#include "descriptions.h"
#include "index_reader.h"

/* A descriptions file larger than this is refused unread: the registry's
 * is well under a megabyte. */
#define DESCRIPTIONS_MAX_FILE (64L * 1024 * 1024)

enum descriptions_loaded {
	DESCRIPTIONS_LOADED,
	DESCRIPTIONS_ABSENT,    /* no file at that path */
	DESCRIPTIONS_UNUSABLE,  /* unreadable, too large or malformed: warned about */
};

/* Reads and parses the descriptions file at path into out; out is empty
 * unless DESCRIPTIONS_LOADED. */
enum descriptions_loaded descriptions_load_file(const char *path, struct description_table *out);

/* The descriptions of the index at index_path (opened as ix): the file
 * beside it (descriptions_path_beside), if it was made from the registry
 * the index was (its "sha256" is the index's provenance "sha256").
 * Returns 0, with out empty (count 0, sha256 "") when there is no such
 * file, when it belongs to another registry, or when it is unusable (a
 * warning on standard error then).  Free out with descriptions_free. */
int descriptions_load_for_index(const char *index_path, const struct index *ix,
				struct description_table *out);

#endif
