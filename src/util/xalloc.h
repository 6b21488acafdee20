/*
 * Allocation for the tool and the compiler (never the NSS module): running
 * out of memory there ends the program with a message, and the index in
 * place stays untouched because nothing is renamed over it.
 */
#ifndef NSS_IANA_XALLOC_H
#define NSS_IANA_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t size);
/* Grows an array of *capacity elements so that it holds at least need. */
void *xgrow(void *p, size_t *capacity, size_t need, size_t element_size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

#endif
