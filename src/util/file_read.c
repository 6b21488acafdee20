#include "file_read.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

static int read_path(const char *path, char **data, size_t *size)
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

int file_read_all(const char *path, char **data, size_t *size, struct source_error *err)
{
	int error = read_path(path, data, size);
	if (error == 0)
		return 0;
	source_error_set(err, 0, "%s", strerror(error));
	return -1;
}
