#ifndef NSS_IANA_INDEX_VERIFY_H
#define NSS_IANA_INDEX_VERIFY_H

#include <stddef.h>

#include "source_error.h"

/* Checks an index image completely.  Returns 0 when it is sound, else -1
 * with the first problem found in err (line 0: an index has no lines). */
int index_verify(const void *data, size_t size, struct source_error *err);

#endif
