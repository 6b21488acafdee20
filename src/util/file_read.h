/* Reading a whole input file (a registry, an overlay) for the compiler. */
#ifndef NSS_IANA_FILE_READ_H
#define NSS_IANA_FILE_READ_H

#include <stddef.h>

#include "source_error.h"

/* Reads a whole file ("-" is standard input) into a new NUL-terminated
 * buffer.  Returns 0, or -1 with err saying why (the whole file: line 0). */
int file_read_all(const char *path, char **data, size_t *size, struct source_error *err);

#endif
