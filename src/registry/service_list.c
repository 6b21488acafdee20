#include "service_list.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

struct service *service_list_push(struct service_list *list)
{
	list->items = xgrow(list->items, &list->capacity, list->count + 1, sizeof(*list->items));
	struct service *s = &list->items[list->count++];
	memset(s, 0, sizeof(*s));
	return s;
}

/* Names hold no control characters (the compiler checks), so the unit
 * separator cannot occur inside a field of the key. */
static void service_key(char *key, size_t size, const char *name, uint16_t port,
			uint16_t last_port, const char *proto)
{
	snprintf(key, size, "%s\x1f%u\x1f%u\x1f%s", name, port, last_port, proto);
}

enum { KEY_SIZE = 600 };

bool service_list_find(const struct service_list *list, const char *name, uint16_t port,
		       uint16_t last_port, const char *proto, size_t *position)
{
	char key[KEY_SIZE];
	uint32_t value;
	service_key(key, sizeof(key), name, port, last_port, proto);
	if (!strmap_get(&list->keys, key, &value))
		return false;
	*position = value;
	return true;
}

bool service_list_index(struct service_list *list, size_t position)
{
	const struct service *s = &list->items[position];
	char key[KEY_SIZE];
	service_key(key, sizeof(key), s->name, s->port, s->last_port, s->proto);
	return strmap_add(&list->keys, key, (uint32_t)position);
}

bool service_add_alias(struct service *s, const char *alias)
{
	if (strcmp(s->name, alias) == 0)
		return false;
	for (size_t i = 0; i < s->alias_count; i++)
		if (strcmp(s->aliases[i], alias) == 0)
			return false;
	s->aliases = xgrow(s->aliases, &s->alias_capacity, s->alias_count + 1, sizeof(*s->aliases));
	s->aliases[s->alias_count++] = xstrdup(alias);
	return true;
}

void service_key_text(struct buf *out, const char *name, uint16_t port, uint16_t last_port,
		      const char *proto)
{
	char ports[32];
	if (port == last_port)
		snprintf(ports, sizeof(ports), " %u/", (unsigned)port);
	else
		snprintf(ports, sizeof(ports), " %u-%u/", (unsigned)port, (unsigned)last_port);
	buf_append(out, name, strlen(name));
	buf_append(out, ports, strlen(ports));
	buf_append(out, proto, strlen(proto));
}

static void service_free(struct service *s)
{
	free(s->name);
	free(s->proto);
	for (size_t i = 0; i < s->alias_count; i++)
		free(s->aliases[i]);
	free(s->aliases);
	free(s->description);
	free(s->references);
	free(s->alias_target);
}

/* Drops removed entries; positions change, so the key index is rebuilt. */
void service_list_compact(struct service_list *list)
{
	size_t kept = 0;
	for (size_t i = 0; i < list->count; i++) {
		if (list->items[i].removed)
			service_free(&list->items[i]);
		else
			list->items[kept++] = list->items[i];
	}
	list->count = kept;
	strmap_free(&list->keys);
	for (size_t i = 0; i < list->count; i++)
		service_list_index(list, i);
}

void service_list_free(struct service_list *list)
{
	for (size_t i = 0; i < list->count; i++)
		service_free(&list->items[i]);
	free(list->items);
	strmap_free(&list->keys);
	memset(list, 0, sizeof(*list));
}
