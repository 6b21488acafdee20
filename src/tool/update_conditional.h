/*
 * The conditional download of `update`: it asks for the registry only if
 * it changed since the index in place was fetched, with the validators
 * that index records (http_validators.h).
 */
#ifndef NSS_IANA_UPDATE_CONDITIONAL_H
#define NSS_IANA_UPDATE_CONDITIONAL_H

#include "build_index.h"
#include "http_validators.h"
#include "update_checks.h"

/*
 * The validators to send when url is fetched to replace current, or none
 * (out empty): when there is no sound index in place, when it was fetched
 * from another URL, or when anything else that goes into it may differ
 * from what it was built with -- the description setting, the local
 * files' names, a local file changed since, its descriptions file missing
 * or of another registry (an index an earlier version made) -- since a 304
 * answer leaves the index as it is.
 */
void update_conditions(const struct build_request *request, const char *url,
		       const struct index_side *current, struct http_validators *out);

/* Whether the descriptions file beside the index at output (opened as ix)
 * is the one of its registry. */
bool update_descriptions_current(const char *output, const struct index *ix);

/* The one line saying that the server answered 304 to the conditions sent. */
void update_print_not_modified(const char *output, const char *url,
			       const struct http_validators *sent);

#endif
