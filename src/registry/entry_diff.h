/*
 * Comparing two sets of service entries -- two registries, two indexes or
 * one of each -- as what a program can look up: which entries were added,
 * which removed, which changed.
 *
 * Identity: an entry is known by its name, its protocol and which
 * occurrence of that name and protocol it is in list order.  A name the
 * registry lists on two ports (msp on 18 and 2438) is two entries, the
 * first and the second msp/tcp, so neither is reported as changed; but
 * when a registry moves a name to another port, it is the same entry with
 * a different port.  Names are compared exactly, as the index stores them.
 *
 * Changed: the same identity with a different port or range, or different
 * aliases (in order).  Descriptions are not compared: no lookup returns
 * them.
 */
#ifndef NSS_IANA_ENTRY_DIFF_H
#define NSS_IANA_ENTRY_DIFF_H

#include <stdbool.h>
#include <stddef.h>

#include "service_list.h"

enum entry_change {
	ENTRY_ADDED,
	ENTRY_REMOVED,
	ENTRY_CHANGED,
};

struct entry_difference {
	enum entry_change kind;
	const struct service *old_entry; /* NULL when added */
	const struct service *new_entry; /* NULL when removed */
};

/*
 * The differences point into the two lists, which must outlive them.
 * Order: the added and changed entries in the new list's order, then the
 * removed ones in the old list's order.
 */
struct entry_diff {
	struct entry_difference *items;
	size_t count;
	size_t capacity;
	size_t added, removed, changed, unchanged;
};

void entry_diff_compute(const struct service_list *old_list, const struct service_list *new_list,
			struct entry_diff *diff);
bool entry_diff_is_empty(const struct entry_diff *diff);
void entry_diff_free(struct entry_diff *diff);
/* "added", "removed" or "changed". */
const char *entry_change_name(enum entry_change kind);

#endif
