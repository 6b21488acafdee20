#include "index_map.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "index_format.h"

static void identity_from_stat(const struct stat *st, struct file_identity *id)
{
	id->device = st->st_dev;
	id->inode = st->st_ino;
	id->size = st->st_size;
	id->modified = st->st_mtim;
}

int file_identity_of(const char *path, struct file_identity *out)
{
	struct stat st;
	if (stat(path, &st) != 0)
		return errno;
	identity_from_stat(&st, out);
	return 0;
}

int file_identity_equal(const struct file_identity *a, const struct file_identity *b)
{
	return a->device == b->device && a->inode == b->inode && a->size == b->size &&
	       a->modified.tv_sec == b->modified.tv_sec && a->modified.tv_nsec == b->modified.tv_nsec;
}

static int check_mappable(const struct stat *st)
{
	if (S_ISDIR(st->st_mode))
		return EISDIR;
	if (!S_ISREG(st->st_mode))
		return EINVAL;
	if (st->st_size < 0 || (unsigned long long)st->st_size > INDEX_MAX_FILE_SIZE)
		return EFBIG;
	return 0;
}

int file_open_mappable(const char *path, int *fd, struct file_identity *identity)
{
	struct stat st;
	/* O_NONBLOCK: opening a FIFO must not wait for a writer. */
	int opened = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (opened < 0)
		return errno;
	int error = fstat(opened, &st) != 0 ? errno : check_mappable(&st);
	if (error != 0) {
		close(opened);
		return error;
	}
	identity_from_stat(&st, identity);
	*fd = opened;
	return 0;
}

int file_map(const char *path, struct mapped_file *out)
{
	int fd = -1;
	int error = file_open_mappable(path, &fd, &out->identity);
	if (error != 0)
		return error;
	out->data = NULL;
	out->size = (size_t)out->identity.size;
	if (out->size > 0) {
		void *p = mmap(NULL, out->size, PROT_READ, MAP_PRIVATE, fd, 0);
		if (p == MAP_FAILED) {
			error = errno;
			out->size = 0;
		} else {
			out->data = p;
		}
	}
	close(fd);
	return error;
}

void file_unmap(struct mapped_file *m)
{
	if (m->data != NULL)
		munmap((void *)m->data, m->size);
	m->data = NULL;
	m->size = 0;
}
