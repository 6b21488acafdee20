/*
 * The registry's prose that an index leaves out: each entry's description
 * and its RFC references, in a text file beside the index (and beside a
 * registry snapshot), which only the tool reads.  The NSS module never
 * opens it, so what a lookup maps and touches does not grow with it.
 *
 *     # nss-iana registry descriptions 1
 *     # (comment lines)
 *     # updated: 2026-08-17
 *     # source: service-names-port-numbers.xml
 *     # format: XML
 *     # sha256: 4bbf00ef4dd194ea3098d090b42a832c0f8aef704699956a4a7e24576a49631b
 *     # entries: 11176
 *     kerberos 88/tcp<TAB>Kerberos<TAB>RFC4120
 *     postgresql 5432/tcp<TAB>PostgreSQL Database
 *     x11 6000-6063/tcp<TAB>X Window System
 *
 * The header is that of a snapshot (snapshot.h): the registry file the
 * descriptions come from, so that a file is used only beside an index or
 * a snapshot made from the same registry.  Then one line per entry that
 * has a description or a reference, in registry order: the entry's key
 * (NAME PORT/PROTOCOL or NAME FIRST-LAST/PROTOCOL, as in a snapshot), a
 * tab, the description on one line (may be empty), and, when there are
 * any, a tab and the RFC references as "RFCnnnn" separated by spaces.
 * People's names and addresses (the registry's assignees and contacts)
 * are never stored.  The same entries always give the same bytes.
 */
#ifndef NSS_IANA_DESCRIPTIONS_H
#define NSS_IANA_DESCRIPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "service_list.h"
#include "snapshot.h"
#include "source_error.h"
#include "strmap.h"

#define DESCRIPTIONS_MAGIC "# nss-iana registry descriptions "
#define DESCRIPTIONS_VERSION 1

/* The writer cuts a description longer than DESCRIPTIONS_MAX_TEXT bytes
 * (at a character's start) and keeps the references that fit in
 * DESCRIPTIONS_MAX_REFERENCES, so that every line it writes is shorter
 * than DESCRIPTIONS_MAX_LINE, which the parser refuses to exceed. */
#define DESCRIPTIONS_MAX_TEXT 2048
#define DESCRIPTIONS_MAX_REFERENCES 512
#define DESCRIPTIONS_MAX_LINE 4096

struct description {
	const char *name;
	const char *proto;
	uint16_t port;
	uint16_t last_port;
	const char *text;       /* "" when the entry has references only */
	const char *references; /* "RFC4120 RFC6335", or "" */
};

/* A descriptions file read into memory: its header and its lines, found
 * by (name, ports, protocol). */
struct description_table {
	char updated[16];       /* "" when unknown */
	char source[256];
	char format[16];
	char sha256[65];
	struct description *items;
	size_t count;
	struct strmap keys;     /* "name port-last/proto" -> position */
	char *text;             /* the file's bytes, which items point into */
};

/* Appends the descriptions file of list, compiled entries in index order,
 * with header as a snapshot would carry it. */
void descriptions_write(struct buf *out, const struct snapshot_header *header,
			const struct service_list *list);

/* Reads a descriptions file; takes data (allocated, NUL-terminated, size
 * bytes before the NUL) and frees it with the table.  Returns 0, or -1
 * with err naming the line and the table empty (data already freed).
 * Refused: another magic or version, a header key missing or malformed,
 * a line longer than DESCRIPTIONS_MAX_LINE, a control character, a line
 * that is not KEY<TAB>TEXT[<TAB>REFERENCES], an entry given twice, more or
 * fewer entry lines than the header announces. */
int descriptions_parse(char *data, size_t size, struct description_table *out,
		       struct source_error *err);

/* The description of an entry, or NULL. */
const struct description *descriptions_find(const struct description_table *table,
					     const char *name, uint16_t port, uint16_t last_port,
					     const char *proto);

void descriptions_free(struct description_table *table);

/* The descriptions file that goes with an index or a snapshot: path with
 * the extension of its file name (".idx", ".snapshot") replaced by
 * ".descriptions", or with ".descriptions" added when it has none.
 * Returns an allocated string. */
char *descriptions_path_beside(const char *path);

#endif
