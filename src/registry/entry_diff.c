#include "entry_diff.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strmap.h"
#include "xalloc.h"

/*
 * Each entry's identity as a string: name, protocol and occurrence number
 * separated by tabs, which no name or protocol holds (the compiler and
 * the services(5) parser refuse them).
 */
struct identities {
	char **keys;           /* one per entry of the list */
	size_t count;
};

static char *joined_key(const char *name, const char *proto, const char *occurrence)
{
	size_t size = strlen(name) + strlen(proto) + strlen(occurrence) + 3;
	char *key = xmalloc(size);
	snprintf(key, size, "%s\t%s\t%s", name, proto, occurrence);
	return key;
}

static void identify(const struct service_list *list, struct identities *out)
{
	struct strmap seen = { 0 };   /* "name\tproto\t" -> slot in occurrences */
	uint32_t *occurrences = xcalloc(list->count ? list->count : 1, sizeof(*occurrences));
	uint32_t pairs = 0;
	out->keys = xcalloc(list->count ? list->count : 1, sizeof(*out->keys));
	out->count = list->count;
	for (size_t i = 0; i < list->count; i++) {
		const struct service *s = &list->items[i];
		char *pair = joined_key(s->name, s->proto, "");
		uint32_t slot;
		if (!strmap_get(&seen, pair, &slot)) {
			slot = pairs++;
			strmap_add(&seen, pair, slot);
		}
		free(pair);
		char number[16];
		snprintf(number, sizeof(number), "%u", occurrences[slot]++);
		out->keys[i] = joined_key(s->name, s->proto, number);
	}
	strmap_free(&seen);
	free(occurrences);
}

static void identities_free(struct identities *ids)
{
	for (size_t i = 0; i < ids->count; i++)
		free(ids->keys[i]);
	free(ids->keys);
}

static bool same_lookups(const struct service *a, const struct service *b)
{
	if (a->port != b->port || a->last_port != b->last_port || a->alias_count != b->alias_count)
		return false;
	for (size_t i = 0; i < a->alias_count; i++)
		if (strcmp(a->aliases[i], b->aliases[i]) != 0)
			return false;
	return true;
}

static void record(struct entry_diff *diff, enum entry_change kind, const struct service *old_entry,
		   const struct service *new_entry)
{
	diff->items = xgrow(diff->items, &diff->capacity, diff->count + 1, sizeof(*diff->items));
	diff->items[diff->count++] = (struct entry_difference){ kind, old_entry, new_entry };
	if (kind == ENTRY_ADDED)
		diff->added++;
	else if (kind == ENTRY_REMOVED)
		diff->removed++;
	else
		diff->changed++;
}

void entry_diff_compute(const struct service_list *old_list, const struct service_list *new_list,
			struct entry_diff *diff)
{
	struct identities old_ids, new_ids;
	struct strmap old_by_key = { 0 };
	bool *matched = xcalloc(old_list->count ? old_list->count : 1, sizeof(*matched));
	memset(diff, 0, sizeof(*diff));
	identify(old_list, &old_ids);
	identify(new_list, &new_ids);
	for (size_t i = 0; i < old_list->count; i++)
		strmap_add(&old_by_key, old_ids.keys[i], (uint32_t)i);
	for (size_t i = 0; i < new_list->count; i++) {
		const struct service *now = &new_list->items[i];
		uint32_t position;
		if (!strmap_get(&old_by_key, new_ids.keys[i], &position)) {
			record(diff, ENTRY_ADDED, NULL, now);
			continue;
		}
		matched[position] = true;
		if (same_lookups(&old_list->items[position], now))
			diff->unchanged++;
		else
			record(diff, ENTRY_CHANGED, &old_list->items[position], now);
	}
	for (size_t i = 0; i < old_list->count; i++)
		if (!matched[i])
			record(diff, ENTRY_REMOVED, &old_list->items[i], NULL);
	strmap_free(&old_by_key);
	identities_free(&old_ids);
	identities_free(&new_ids);
	free(matched);
}

bool entry_diff_is_empty(const struct entry_diff *diff)
{
	return diff->count == 0;
}

void entry_diff_free(struct entry_diff *diff)
{
	free(diff->items);
	memset(diff, 0, sizeof(*diff));
}

const char *entry_change_name(enum entry_change kind)
{
	static const char *const names[] = {
		[ENTRY_ADDED] = "added", [ENTRY_REMOVED] = "removed", [ENTRY_CHANGED] = "changed",
	};
	return names[kind];
}
