#include "index_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
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

int file_map(const char *path, struct mapped_file *out)
{
	struct stat st;
	int error = 0;
	/* O_NONBLOCK: opening a FIFO must not wait for a writer. */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return errno;
	out->data = NULL;
	out->size = 0;
	if (fstat(fd, &st) != 0)
		error = errno;
	else
		error = check_mappable(&st);
	if (error == 0 && st.st_size > 0) {
		void *p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
		if (p == MAP_FAILED)
			error = errno;
		else {
			out->data = p;
			out->size = (size_t)st.st_size;
		}
	}
	if (error == 0)
		identity_from_stat(&st, &out->identity);
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

static int read_fd(int fd, char **data, size_t *size)
{
	size_t capacity = 1 << 16, length = 0;
	char *buffer = malloc(capacity + 1);
	if (buffer == NULL)
		return ENOMEM;
	for (;;) {
		if (length == capacity) {
			char *bigger = capacity > (SIZE_MAX - 1) / 2 ? NULL : realloc(buffer, capacity * 2 + 1);
			if (bigger == NULL) {
				free(buffer);
				return ENOMEM;
			}
			buffer = bigger;
			capacity *= 2;
		}
		ssize_t got = read(fd, buffer + length, capacity - length);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			int error = errno;
			free(buffer);
			return error;
		}
		if (got == 0)
			break;
		length += (size_t)got;
	}
	buffer[length] = '\0';
	*data = buffer;
	*size = length;
	return 0;
}

int file_read_all(const char *path, char **data, size_t *size)
{
	if (path[0] == '-' && path[1] == '\0')
		return read_fd(STDIN_FILENO, data, size);
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return errno;
	struct stat st;
	int error = fstat(fd, &st) != 0 ? errno : S_ISDIR(st.st_mode) ? EISDIR : 0;
	if (error == 0)
		error = read_fd(fd, data, size);
	close(fd);
	return error;
}
