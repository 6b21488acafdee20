#include "index_entries.h"

#include "xalloc.h"

static enum index_status copy_entry(const struct index *ix, uint32_t id, struct service_list *out)
{
	struct index_entry e;
	if (index_entry(ix, id, &e) != INDEX_OK)
		return INDEX_CORRUPT;
	struct service *s = service_list_push(out);
	s->name = xstrdup(e.name);
	s->proto = xstrdup(e.proto);
	s->port = e.port;
	s->last_port = e.last_port;
	for (uint32_t a = 0; a < e.alias_count; a++) {
		const char *alias = index_alias(ix, e.alias_first + a);
		if (alias == NULL)
			return INDEX_CORRUPT;
		/* Kept as stored, even an alias repeating the name: the copy
		 * must compare as the index answers. */
		s->aliases = xgrow(s->aliases, &s->alias_capacity, s->alias_count + 1,
				   sizeof(*s->aliases));
		s->aliases[s->alias_count++] = xstrdup(alias);
	}
	return INDEX_OK;
}

enum index_status index_entries_to_list(const struct index *ix, struct service_list *out)
{
	for (uint32_t id = 0; id < index_entry_count(ix); id++)
		if (copy_entry(ix, id, out) != INDEX_OK)
			return INDEX_CORRUPT;
	return INDEX_OK;
}

enum index_status index_open_entries(struct index *ix, const void *image, size_t size,
				     struct service_list *out)
{
	enum index_status status = index_open(ix, image, size);
	return status == INDEX_OK ? index_entries_to_list(ix, out) : status;
}
