/*
 * What `update` checks before it replaces the index in place, so that a
 * broken, truncated or stale download never replaces a good index.
 */
#ifndef NSS_IANA_UPDATE_CHECKS_H
#define NSS_IANA_UPDATE_CHECKS_H

#include <stdbool.h>
#include <stddef.h>

#include "index_map.h"
#include "index_reader.h"
#include "service_list.h"

/* A registry with fewer entries than this is refused without --force,
 * as is one with fewer than half the entries of the current index. */
#define UPDATE_MIN_ENTRIES 1000

/* An index, the current one or the candidate, opened with its entries. */
struct index_side {
	bool present;
	struct mapped_file file;   /* the current index's mapping */
	struct index ix;
	struct service_list list;
};

/* Opens the index in place at path, if there is a sound one; prints what is
 * wrong.  Returns EXIT_OK (present or not: a missing or unsound index is
 * simply replaced) or EXIT_SYSTEM when it exists but cannot be read. */
int update_open_current(const char *path, struct index_side *out);
/* Opens the candidate image built in memory. */
int update_open_candidate(const void *image, size_t size, struct index_side *out);
void update_close(struct index_side *side);

/*
 * The refusals that --force overrides: too few registry entries, a
 * registry older than the current one (or undated when it is dated), a
 * local file of the current index left out.  Prints the reason; returns
 * EXIT_OK, EXIT_BAD_DATA, or EXIT_USAGE for a --local missing.
 */
int update_check_candidate(const struct index_side *current, const struct index_side *candidate,
			   unsigned long registry_entries);

/* Whether installing the candidate would change nothing: the same bytes,
 * or the same registry file, description setting and entries. */
bool update_is_current(const struct index_side *current, const struct index_side *candidate,
		       bool entries_equal);
/* Whether the candidate, current as it is, was downloaded with other HTTP
 * validators (or from another URL) than the index in place records: then
 * it is worth installing, so that the next update asks with fresh ones. */
bool update_renews_validators(const struct index_side *current, const struct index_side *candidate);

#endif
