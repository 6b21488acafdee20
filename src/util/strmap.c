#include "strmap.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

struct strmap_slot {
	char *key; /* owned copy; NULL when the slot is empty */
	uint32_t hash;
	uint32_t value;
};

static uint32_t hash_key(const char *key)
{
	uint32_t h = 2166136261u;
	for (const unsigned char *p = (const unsigned char *)key; *p; p++) {
		h ^= *p;
		h *= 16777619u;
	}
	return h;
}

static struct strmap_slot *find_slot(const struct strmap *m, const char *key, uint32_t hash)
{
	size_t mask = m->capacity - 1;
	for (size_t i = hash & mask;; i = (i + 1) & mask) {
		struct strmap_slot *s = &m->slots[i];
		if (s->key == NULL || (s->hash == hash && strcmp(s->key, key) == 0))
			return s;
	}
}

static void grow(struct strmap *m)
{
	struct strmap old = *m;
	m->capacity = old.capacity ? old.capacity * 2 : 64;
	m->slots = xcalloc(m->capacity, sizeof(*m->slots));
	for (size_t i = 0; i < old.capacity; i++) {
		if (old.slots[i].key != NULL)
			*find_slot(m, old.slots[i].key, old.slots[i].hash) = old.slots[i];
	}
	free(old.slots);
}

bool strmap_get(const struct strmap *m, const char *key, uint32_t *value)
{
	if (m->count == 0)
		return false;
	const struct strmap_slot *s = find_slot(m, key, hash_key(key));
	if (s->key == NULL)
		return false;
	*value = s->value;
	return true;
}

bool strmap_add(struct strmap *m, const char *key, uint32_t value)
{
	if ((m->count + 1) * 4 > m->capacity * 3)
		grow(m);
	uint32_t hash = hash_key(key);
	struct strmap_slot *s = find_slot(m, key, hash);
	if (s->key != NULL)
		return false;
	s->key = xstrdup(key);
	s->hash = hash;
	s->value = value;
	m->count++;
	return true;
}

void strmap_free(struct strmap *m)
{
	for (size_t i = 0; i < m->capacity; i++)
		free(m->slots[i].key);
	free(m->slots);
	m->slots = NULL;
	m->capacity = m->count = 0;
}
