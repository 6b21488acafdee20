/*
 * An entry as lookup, search and diff show it: the services(5) line with
 * the registry's description (and, asked for, its RFC references) in a
 * comment, or the same as a JSON object.
 *
 * The prose comes from the descriptions file beside the index
 * (descriptions.h), found by the entry's own name, ports and protocol, so
 * that a local entry standing for a registry entry (postgresql 5432/tcp
 * from data/traditional-services) shows the registry's description; an
 * entry the file has no line for shows the description the index itself
 * holds when it was built with --descriptions, else none.
 *
 * The JSON object, the one schema of every --json output:
 *   {"name": "kerberos", "port": 88, "last_port": 88, "protocol": "tcp",
 *    "aliases": [], "description": "Kerberos", "references": ["RFC4120"],
 *    "registry_date": "2026-08-17"}
 * with last_port equal to port unless the entry is a range, description
 * "" when there is none, and registry_date null when it is not known.
 */
#ifndef NSS_IANA_ENTRY_VIEW_H
#define NSS_IANA_ENTRY_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "descriptions.h"
#include "index_reader.h"
#include "json_out.h"
#include "service_list.h"

/* Where the prose of an index's entries comes from. */
struct entry_prose {
	const struct index *ix;
	const struct description_table *table; /* empty (count 0) when there is no file */
	size_t next;  /* the line after the last one found: the file lists the
		       * entries in index order, so a walk over the index finds
		       * each there without a search */
};

struct entry_view {
	const char *name;
	const char *proto;
	unsigned port;
	unsigned last_port;         /* == port unless a range */
	const char *const *aliases;
	size_t alias_count;
	const char *description;    /* "" when none */
	const char *references;     /* "RFC4120 RFC6335", "" when none */
	const char *alias_store[INDEX_MAX_ALIASES];
};

/* The view of an entry of the index (id its position); false when one
 * of its aliases cannot be read. */
bool entry_view_of_index(struct entry_prose *prose, const struct index_entry *e, uint32_t id,
			 struct entry_view *out);
/* The view of a compiled entry, with the prose table has for it, else
 * the prose it carries. */
void entry_view_of_service(const struct service *s, const struct description_table *table,
			   struct entry_view *out);

/* The services(5) line on port shown, then "  # DESCRIPTION", with
 * " [RFC4120]" when references is set and "(ports A-B)" for a range. */
void entry_view_print(FILE *out, const struct entry_view *v, unsigned shown, bool references);
/* The JSON object; date is "YYYY-MM-DD", or NULL when not known. */
void entry_view_json(struct json_out *j, const char *key, const struct entry_view *v,
		     const char *date);

/* The JSON registry date of a registry_date field: NULL for 0. */
const char *entry_view_date(uint32_t registry_date, char text[16]);

#endif
