/* Writing a registry snapshot (the format is described in snapshot.h). */
#include <string.h>

#include "file_header.h"
#include "snapshot.h"

static const char explanation[] =
	"# The entries of IANA's Service Name and Transport Protocol Port Number\n"
	"# Registry as nss-iana compiles them, in registry order, one a line:\n"
	"#   NAME PORT/PROTOCOL [ALIAS]...  or  NAME FIRST-LAST/PROTOCOL [ALIAS]...\n"
	"# Made by `iana-services snapshot REGISTRY`; make it again, do not edit.\n";

static void append_text(struct buf *out, const char *text)
{
	buf_append(out, text, strlen(text));
}

static void append_entry(struct buf *out, const struct service *s)
{
	service_key_text(out, s->name, s->port, s->last_port, s->proto);
	for (size_t a = 0; a < s->alias_count; a++) {
		append_text(out, " ");
		append_text(out, s->aliases[a]);
	}
	append_text(out, "\n");
}

void snapshot_write(struct buf *out, const struct snapshot_header *header,
		    const struct service_list *list)
{
	file_header_write(out, SNAPSHOT_MAGIC, SNAPSHOT_VERSION, explanation, header, list->count);
	for (size_t i = 0; i < list->count; i++)
		append_entry(out, &list->items[i]);
}
