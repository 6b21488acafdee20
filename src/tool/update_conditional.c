#include "update_conditional.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "descriptions_load.h"
#include "tool.h"

static bool later(const struct timespec *a, const struct timespec *b)
{
	return a->tv_sec != b->tv_sec ? a->tv_sec > b->tv_sec : a->tv_nsec > b->tv_nsec;
}

/* The change time as well as the modification time: a file copied in with
 * its old mtime kept (cp -p, a package) still counts as changed. */
static bool changed_since(const char *path, const struct timespec *built)
{
	struct stat st;
	if (stat(path, &st) != 0)
		return true; /* the build says what is wrong with it */
	return later(&st.st_mtim, built) || later(&st.st_ctim, built);
}

static bool same_locals(const struct build_request *request, const struct index_side *current)
{
	const char *had = index_meta(&current->ix, "local");
	char *has = build_local_names(request);
	bool same = strcmp(had ? had : "", has) == 0;
	free(has);
	for (size_t i = 0; same && i < request->local_count; i++)
		same = !changed_since(request->locals[i], &current->file.identity.modified);
	return same;
}

static bool same_inputs(const struct build_request *request, const char *url,
			const struct index_side *current)
{
	const char *fetched_from = index_meta(&current->ix, "url");
	bool descriptions = (current->ix.flags & INDEX_FLAG_DESCRIPTIONS) != 0;
	return fetched_from != NULL && strcmp(fetched_from, url) == 0 &&
	       descriptions == request->descriptions && same_locals(request, current) &&
	       update_descriptions_current(request->output, &current->ix);
}

bool update_descriptions_current(const char *output, const struct index *ix)
{
	struct description_table table;
	descriptions_load_for_index(output, ix, &table);
	bool current = table.sha256[0] != '\0';
	descriptions_free(&table);
	return current;
}

void update_conditions(const struct build_request *request, const char *url,
		       const struct index_side *current, struct http_validators *out)
{
	memset(out, 0, sizeof(*out));
	if (current->present && same_inputs(request, url, current))
		http_validators_of_index(&current->ix, out);
}

void update_print_not_modified(const char *output, const char *url,
			       const struct http_validators *sent)
{
	const char *date = sent->last_modified, *etag = sent->etag;
	printf("%s: %s is already current: %s has not changed%s%s%s%s%s; left as it is\n",
	       program_name, output, url, date[0] ? " since " : "", date,
	       etag[0] ? " (ETag " : "", etag, etag[0] ? ")" : "");
}
