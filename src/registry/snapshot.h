/*
 * A registry snapshot: the facts of the registry that an index is built
 * from -- each entry's name, port or range, protocol and aliases, in
 * registry order, as the compiler leaves them (aliases attached to their
 * entries, duplicates and unusable records dropped) -- in a text file that
 * a registry update changes line by line.  It holds none of the registry's
 * prose: no descriptions, assignees or contacts.  The project keeps one in
 * data/, so that a machine without the registry and without a network still
 * builds the whole index.
 *
 *     # nss-iana registry snapshot 1
 *     # (comment lines)
 *     # updated: 2026-08-17
 *     # source: service-names-port-numbers.xml
 *     # format: XML
 *     # sha256: 4bbf00ef4dd194ea3098d090b42a832c0f8aef704699956a4a7e24576a49631b
 *     # entries: 11539
 *     tcpmux 1/tcp
 *     x11 6000-6063/tcp
 *     interhdl-elmd 1454/tcp interhdl_elmd
 *
 * The first line names the format and its version.  The header is the
 * comment lines after it; among them, "# KEY: VALUE" lines give the
 * registry's date ("unknown" when its source carries none), the name,
 * format (XML, CSV or page) and SHA-256 of the registry file the snapshot
 * was made from, and how many entry lines follow, so that a truncated
 * snapshot is refused.  Then one entry per line: NAME PORT/PROTOCOL or
 * NAME FIRST-LAST/PROTOCOL, then its aliases, separated by spaces.  After
 * the header, blank lines and lines starting with '#' are ignored.
 *
 * The text depends on the entries and the header alone: the same registry
 * always gives the same bytes, and a snapshot of a snapshot is the same
 * file (its header passes on the original source).
 */
#ifndef NSS_IANA_SNAPSHOT_H
#define NSS_IANA_SNAPSHOT_H

#include "buf.h"
#include "registry.h"
#include "service_list.h"

#define SNAPSHOT_MAGIC "# nss-iana registry snapshot "
#define SNAPSHOT_VERSION 1

/* The provenance of a snapshot is that of the registry it was made from:
 * a snapshot's own origin, or the file itself for XML, CSV and pages. */
struct snapshot_header {
	const char *updated;  /* "YYYY-MM-DD", or "" when unknown */
	const char *source;   /* the registry's file name, without directories */
	const char *format;   /* "XML", "CSV" or "page" */
	const char *sha256;   /* of that file, lowercase hex */
};

/* Appends the snapshot text of list, compiled entries in index order. */
void snapshot_write(struct buf *out, const struct snapshot_header *header,
		    const struct service_list *list);

#endif
