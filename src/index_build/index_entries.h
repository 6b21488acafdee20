/*
 * An index's entries read back into a service list (owned copies, in
 * index order), so that an index compares with a freshly compiled
 * registry (entry_diff.h).  Descriptions are not copied.
 */
#ifndef NSS_IANA_INDEX_ENTRIES_H
#define NSS_IANA_INDEX_ENTRIES_H

#include "index_reader.h"
#include "service_list.h"

/* Returns INDEX_OK, or INDEX_CORRUPT when an entry or alias cannot be
 * read (the list then holds the entries before it; free it either way). */
enum index_status index_entries_to_list(const struct index *ix, struct service_list *out);

/* index_open() of an image, then its entries into out: the first status
 * that is not INDEX_OK, or INDEX_OK.  Free the list either way. */
enum index_status index_open_entries(struct index *ix, const void *image, size_t size,
				     struct service_list *out);

#endif
