/*
 * Mapping an index file read-only, and telling whether the file a path
 * names has changed.  The NSS module links this: libc only, no allocation.
 */
#ifndef NSS_IANA_INDEX_MAP_H
#define NSS_IANA_INDEX_MAP_H

#include <stddef.h>
#include <sys/types.h>
#include <time.h>

/* What identifies one version of a file: a rename puts a new inode there. */
struct file_identity {
	dev_t device;
	ino_t inode;
	off_t size;
	struct timespec modified;
};

struct mapped_file {
	const void *data;  /* NULL when the file is empty */
	size_t size;
	struct file_identity identity;
};

/*
 * Maps a regular file read-only; no descriptor stays open.  Returns 0, or
 * an errno value: the open's, EISDIR for a directory, EINVAL for anything
 * else that is not a regular file (a FIFO is not waited on), EFBIG above
 * the format's size limit.
 */
int file_map(const char *path, struct mapped_file *out);
/* The first half of file_map(): opens what path names, checks it as
 * file_map() does, and gives its identity (its size among it) and an open
 * descriptor, which the caller closes; 0 or an errno value. */
int file_open_mappable(const char *path, int *fd, struct file_identity *identity);
void file_unmap(struct mapped_file *m);
/* The identity of what path names now; 0 or an errno value. */
int file_identity_of(const char *path, struct file_identity *out);
int file_identity_equal(const struct file_identity *a, const struct file_identity *b);

#endif
