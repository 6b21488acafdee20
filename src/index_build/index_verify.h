#ifndef NSS_IANA_INDEX_VERIFY_H
#define NSS_IANA_INDEX_VERIFY_H

#include <stddef.h>

/* Checks an index image completely.  Returns 0 when it is sound, else -1
 * with the first problem found described in problem. */
int index_verify(const void *data, size_t size, char *problem, size_t problem_size);

#endif
