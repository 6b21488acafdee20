/* Reading a whole input file (a registry, an overlay) for the compiler. */
#ifndef NSS_IANA_FILE_READ_H
#define NSS_IANA_FILE_READ_H

#include <stddef.h>

/* Reads a whole file ("-" is standard input) into a new NUL-terminated
 * buffer.  Returns 0, or an errno value. */
int file_read_all(const char *path, char **data, size_t *size);

#endif
