/* Local services(5) files in front of the registry, as if "files" came
 * before "iana" on the services line of nsswitch.conf. */
#include <string.h>

#include "compile.h"
#include "services_file.h"
#include "xalloc.h"

/* Whether entry answers for every name of candidate (its name is the same
 * by construction, so: each of candidate's aliases is one of entry's). */
static bool covers(const struct service *entry, const struct service *candidate)
{
	for (size_t i = 0; i < candidate->alias_count; i++) {
		bool found = false;
		for (size_t j = 0; j < entry->alias_count && !found; j++)
			found = strcmp(entry->aliases[j], candidate->aliases[i]) == 0;
		if (!found)
			return false;
	}
	return true;
}

static bool covered_by(const struct service_list *list, const struct service *candidate)
{
	size_t position;
	return service_list_find(list, candidate->name, candidate->port, candidate->last_port,
				 candidate->proto, &position) &&
	       covers(&list->items[position], candidate);
}

struct overlay_reader {
	struct service_list *list;
	struct overlay_stats *stats;
};

static int add_line(void *context, const struct services_line *line, struct source_error *err)
{
	struct overlay_reader *r = context;
	struct service candidate = {
		.name = (char *)line->name, .proto = (char *)line->proto,
		.port = line->port, .last_port = line->port,
		.aliases = (char **)line->aliases, .alias_count = line->alias_count,
	};
	r->stats->lines++;
	if (line->alias_count > SERVICE_ALIASES_MAX) {
		source_error_set(err, line->line, "\"%s\" has %zu aliases; the limit is %d", line->name,
				 line->alias_count, SERVICE_ALIASES_MAX);
		return -1;
	}
	if (covered_by(r->list, &candidate)) {
		r->stats->repeated++;
		return 0;
	}
	struct service *s = service_list_push(r->list);
	s->name = xstrdup(line->name);
	s->proto = xstrdup(line->proto);
	s->port = s->last_port = line->port;
	s->line = line->line;
	/* Aliases as written, repeats included: nss_files answers them so. */
	s->aliases = xcalloc(line->alias_count ? line->alias_count : 1, sizeof(char *));
	s->alias_capacity = line->alias_count;
	for (size_t i = 0; i < line->alias_count; i++)
		s->aliases[s->alias_count++] = xstrdup(line->aliases[i]);
	service_list_index(r->list, r->list->count - 1);
	return 0;
}

int overlay_read(struct service_list *list, const char *data, size_t size,
		 struct overlay_stats *stats, struct source_error *err)
{
	struct overlay_reader reader = { .list = list, .stats = stats };
	return services_parse(data, size, add_line, &reader, err);
}

/* A local entry that stands for a registry entry (the same name, ports
 * and protocol: the traditional "postgresql 5432/tcp postgres") takes
 * what the registry says of it, whether the registry's entry stays or
 * not, so that its description outlives the entry the overlay covers. */
static void take_prose(struct service_list *overlay, const struct service *r)
{
	size_t position;
	if (!service_list_find(overlay, r->name, r->port, r->last_port, r->proto, &position))
		return;
	struct service *local = &overlay->items[position];
	if (local->description == NULL && r->description != NULL)
		local->description = xstrdup(r->description);
	if (local->references == NULL && r->references != NULL)
		local->references = xstrdup(r->references);
}

void overlay_merge(struct service_list *overlay, struct service_list *registry,
		   struct overlay_stats *stats)
{
	for (size_t i = 0; i < registry->count; i++) {
		struct service *r = &registry->items[i];
		take_prose(overlay, r);
		if (covered_by(overlay, r)) {
			stats->subsumed++;
			r->removed = true;
			continue;
		}
		*service_list_push(overlay) = *r;
		memset(r, 0, sizeof(*r));
		r->removed = true;
	}
	service_list_compact(registry);
	service_list_compact(overlay);
}
