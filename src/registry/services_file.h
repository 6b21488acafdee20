/*
 * services(5) files -- "name port/protocol [alias...] [# comment]" lines --
 * read as overlays of the registry (iana-services build --local FILE).
 */
#ifndef NSS_IANA_SERVICES_FILE_H
#define NSS_IANA_SERVICES_FILE_H

#include <stddef.h>
#include <stdint.h>

#include "service_list.h"
#include "source_error.h"

struct services_line {
	const char *name;
	uint16_t port;
	const char *proto;
	const char *const *aliases;
	size_t alias_count;
	unsigned long line;
};

/* Receives each entry line; returns 0 to go on, or fills err and returns -1. */
typedef int (*services_handler)(void *context, const struct services_line *line,
				struct source_error *err);

/*
 * Parses a services(5) file held in memory.  Blank lines and comments are
 * skipped; a line that is not "name port/protocol [alias...]" with a
 * decimal port in 0-65535, or holds a control character, is an error
 * naming its line, as is text that is not UTF-8.  Returns 0 or -1.
 */
int services_parse(const char *data, size_t size, services_handler handler, void *context,
		   struct source_error *err);

struct overlay_stats {
	unsigned long lines;       /* entry lines read */
	unsigned long repeated;    /* lines another line already answers for */
	unsigned long subsumed;    /* registry entries the overlay answers for */
};

/* Appends a services(5) file's entries to list, in file order, dropping a
 * line whose name, port, protocol and aliases an earlier entry covers. */
int overlay_read(struct service_list *list, const char *data, size_t size,
		 struct overlay_stats *stats, struct source_error *err);

/*
 * Moves the registry's entries after the overlay's, in order, leaving out
 * each one that an overlay entry with the same name, port and protocol
 * covers with its aliases: every lookup it could answer, that overlay
 * entry answers first.  An overlay entry with the name, port and protocol
 * of a registry entry takes that entry's description and references.
 */
void overlay_merge(struct service_list *overlay, struct service_list *registry,
		   struct overlay_stats *stats);

#endif
