/* Writing a registry snapshot (the format is described in snapshot.h). */
#include <stdio.h>
#include <string.h>

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

static void append_field(struct buf *out, const char *key, const char *value)
{
	append_text(out, "# ");
	append_text(out, key);
	append_text(out, ": ");
	append_text(out, value);
	append_text(out, "\n");
}

static void append_entry(struct buf *out, const struct service *s)
{
	char ports[32];
	if (s->port == s->last_port)
		snprintf(ports, sizeof(ports), " %u/", (unsigned)s->port);
	else
		snprintf(ports, sizeof(ports), " %u-%u/", (unsigned)s->port, (unsigned)s->last_port);
	append_text(out, s->name);
	append_text(out, ports);
	append_text(out, s->proto);
	for (size_t a = 0; a < s->alias_count; a++) {
		append_text(out, " ");
		append_text(out, s->aliases[a]);
	}
	append_text(out, "\n");
}

void snapshot_write(struct buf *out, const struct snapshot_header *header,
		    const struct service_list *list)
{
	char version[16], count[32];
	snprintf(version, sizeof(version), "%d\n", SNAPSHOT_VERSION);
	append_text(out, SNAPSHOT_MAGIC);
	append_text(out, version);
	append_text(out, explanation);
	append_field(out, "updated", header->updated[0] ? header->updated : "unknown");
	append_field(out, "source", header->source);
	append_field(out, "format", header->format);
	append_field(out, "sha256", header->sha256);
	snprintf(count, sizeof(count), "%zu", list->count);
	append_field(out, "entries", count);
	for (size_t i = 0; i < list->count; i++)
		append_entry(out, &list->items[i]);
}
