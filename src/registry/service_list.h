/*
 * Service entries as the compiler produces them and the writer stores
 * them: in registry order, each with its aliases.  Owned strings.
 */
#ifndef NSS_IANA_SERVICE_LIST_H
#define NSS_IANA_SERVICE_LIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "strmap.h"

struct service {
	char *name;
	char *proto;
	uint16_t port;
	uint16_t last_port;   /* == port unless a range */
	char **aliases;
	size_t alias_count;
	size_t alias_capacity;
	char *description;    /* may be NULL */
	char *references;     /* "RFC4120 RFC6335"; may be NULL */
	unsigned long line;   /* where it came from, for messages */
	char *alias_target;   /* set while it waits to become an alias of that name */
	bool removed;         /* dropped; squeezed out by service_list_compact */
};

struct service_list {
	struct service *items;
	size_t count;
	size_t capacity;
	struct strmap keys;   /* service_key() -> position, of entries only */
};

/* Appends a copy-free entry (the list takes the strings). */
struct service *service_list_push(struct service_list *list);
/* The position of the entry with this name, ports and protocol, if any. */
bool service_list_find(const struct service_list *list, const char *name, uint16_t port,
		       uint16_t last_port, const char *proto, size_t *position);
/* Records an entry's key; false when an entry with that key exists. */
bool service_list_index(struct service_list *list, size_t position);
/* Adds an alias unless the entry already answers to that name. */
bool service_add_alias(struct service *s, const char *alias);
/* The entry's key as a snapshot writes it: "NAME PORT/PROTOCOL" or
 * "NAME FIRST-LAST/PROTOCOL". */
void service_key_text(struct buf *out, const char *name, uint16_t port, uint16_t last_port,
		      const char *proto);
void service_list_compact(struct service_list *list);
void service_list_free(struct service_list *list);

#endif
