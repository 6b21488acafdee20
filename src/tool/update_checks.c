#include "update_checks.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "http_validators.h"
#include "index_entries.h"
#include "tool.h"

static const char prefix[] = "update";

int update_open_current(const char *path, struct index_side *out)
{
	memset(out, 0, sizeof(*out));
	int error = file_map(path, &out->file);
	if (error == ENOENT)
		return EXIT_OK;
	if (error != 0) {
		tool_error("%s %s: %s: %s", program_name, prefix, path, strerror(error));
		return EXIT_SYSTEM;
	}
	enum index_status status =
		index_open_entries(&out->ix, out->file.data, out->file.size, &out->list);
	if (status != INDEX_OK) {
		tool_error("%s %s: warning: the index in place, %s, is unusable (%s): it is "
			"replaced without the checks against it", program_name, prefix, path,
			index_status_text(status));
		update_close(out);
		return EXIT_OK;
	}
	out->present = true;
	return EXIT_OK;
}

int update_open_candidate(const void *image, size_t size, struct index_side *out)
{
	memset(out, 0, sizeof(*out));
	enum index_status status = index_open_entries(&out->ix, image, size, &out->list);
	if (status != INDEX_OK) {
		tool_error("%s %s: internal error: the new index does not read back: %s",
			program_name, prefix, index_status_text(status));
		service_list_free(&out->list);
		return EXIT_BAD_DATA;
	}
	out->present = true;
	return EXIT_OK;
}

void update_close(struct index_side *side)
{
	service_list_free(&side->list);
	file_unmap(&side->file);
	memset(side, 0, sizeof(*side));
}

static int check_entry_count(const struct index_side *current, unsigned long registry_entries)
{
	unsigned long minimum = UPDATE_MIN_ENTRIES;
	unsigned long current_entries = current->present ? index_entry_count(&current->ix) : 0;
	if (current_entries / 2 > minimum)
		minimum = current_entries / 2;
	if (registry_entries >= minimum)
		return EXIT_OK;
	tool_error("%s %s: the new registry has only %lu entries, fewer than the %lu "
		"required (at least %d, and half of the %lu of the index in place): it looks "
		"truncated or is not the service registry; --force installs it anyway",
		program_name, prefix, registry_entries, minimum, UPDATE_MIN_ENTRIES, current_entries);
	return EXIT_BAD_DATA;
}

static int check_date(const struct index_side *current, const struct index_side *candidate)
{
	char now[16], then[16];
	uint32_t current_date = current->ix.registry_date, new_date = candidate->ix.registry_date;
	if (!current->present || current_date == 0 || new_date >= current_date)
		return EXIT_OK;
	format_registry_date(current_date, now);
	format_registry_date(new_date, then);
	if (new_date == 0)
		tool_error("%s %s: the new registry carries no date (a CSV file), so it cannot "
			"be told whether it is older than the one in place (updated %s); --force "
			"installs it anyway", program_name, prefix, now);
	else
		tool_error("%s %s: the new registry (updated %s) is older than the one in "
			"place (updated %s): refusing to go back; --force installs it anyway",
			program_name, prefix, then, now);
	return EXIT_BAD_DATA;
}

/* The next name of a ", "-separated list (the "local" provenance item):
 * its start, with its length in *length, and *list moved past it; NULL at
 * the end of the list. */
static const char *next_name(const char **list, size_t *length)
{
	const char *name = *list;
	if (name == NULL || *name == '\0')
		return NULL;
	const char *end = strstr(name, ", ");
	*length = end ? (size_t)(end - name) : strlen(name);
	*list = end ? end + 2 : NULL;
	return name;
}

static bool listed(const char *list, const char *name, size_t length)
{
	const char *item;
	size_t item_length;
	while ((item = next_name(&list, &item_length)) != NULL)
		if (item_length == length && memcmp(item, name, length) == 0)
			return true;
	return false;
}

/* A cron job that forgets --local would silently drop the local names. */
static int check_locals(const struct index_side *current, const struct index_side *candidate)
{
	const char *had = current->present ? index_meta(&current->ix, "local") : NULL;
	const char *has = index_meta(&candidate->ix, "local");
	const char *name;
	size_t length;
	while ((name = next_name(&had, &length)) != NULL) {
		if (!listed(has, name, length)) {
			tool_error("%s %s: the index in place includes the local file '%.*s', "
				"which this update does not name: give it with --local FILE, or "
				"--force to leave it out", program_name, prefix, (int)length, name);
			return EXIT_USAGE;
		}
	}
	return EXIT_OK;
}

int update_check_candidate(const struct index_side *current, const struct index_side *candidate,
			   unsigned long registry_entries)
{
	int status = check_entry_count(current, registry_entries);
	if (status == EXIT_OK)
		status = check_date(current, candidate);
	if (status == EXIT_OK)
		status = check_locals(current, candidate);
	return status;
}

static bool same_meta(const struct index_side *a, const struct index_side *b, const char *key)
{
	const char *x = index_meta(&a->ix, key), *y = index_meta(&b->ix, key);
	return x != NULL && y != NULL ? strcmp(x, y) == 0 : x == y;
}

bool update_is_current(const struct index_side *current, const struct index_side *candidate,
		       bool entries_equal)
{
	if (!current->present)
		return false;
	if (current->ix.size == candidate->ix.size &&
	    memcmp(current->ix.base, candidate->ix.base, current->ix.size) == 0)
		return true;
	return entries_equal && same_meta(current, candidate, "sha256") &&
	       index_meta(&current->ix, "sha256") != NULL &&
	       (current->ix.flags & INDEX_FLAG_DESCRIPTIONS) ==
		       (candidate->ix.flags & INDEX_FLAG_DESCRIPTIONS);
}

bool update_renews_validators(const struct index_side *current, const struct index_side *candidate)
{
	struct http_validators fresh;
	http_validators_of_index(&candidate->ix, &fresh);
	return http_validators_any(&fresh) &&
	       !(same_meta(current, candidate, "etag") &&
		 same_meta(current, candidate, "last-modified") &&
		 same_meta(current, candidate, "url"));
}
