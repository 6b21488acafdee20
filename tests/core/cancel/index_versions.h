/*
 * Small indexes told apart by one query: in version v, the service
 * "cancel-version" is on TCP port 41000 + v.  Each is put in place by
 * rename, as `iana-services build` does, so that the module sees a new
 * file each time; the module is pointed at it through NSS_IANA_INDEX.
 */
#ifndef NSS_IANA_INDEX_VERSIONS_H
#define NSS_IANA_INDEX_VERSIONS_H

#include <stddef.h>

#define INDEX_VERSIONS 3

/* The query that tells the versions apart, and its answer in each. */
#define TELLING_NAME "cancel-version"
#define TELLING_PROTO "tcp"
const char *telling_answer(int version);

/* Builds every version in a new temporary directory and points
 * NSS_IANA_INDEX at the path they are installed at. */
void versions_create(void);
void versions_remove(void);

/* The path the module reads. */
const char *installed_index(void);

/* Puts a fresh copy of version in place, by rename. */
void install_version(int version);

/* Every entry of version, in registry order, as the routes describe
 * them (routes.h). */
size_t version_entry_count(int version);
const char *version_entry(int version, size_t i);

#endif
