/* Putting a new index in place without a moment where the path holds a
 * partial file: readers see the old index or the new one, never a mix. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "index_writer.h"
#include "xalloc.h"

static int write_all(int fd, const uint8_t *data, size_t size)
{
	while (size > 0) {
		ssize_t done = write(fd, data, size);
		if (done < 0 && errno == EINTR)
			continue;
		if (done < 0)
			return errno;
		data += done;
		size -= (size_t)done;
	}
	return 0;
}

static char *directory_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (slash == NULL)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

static char *temporary_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	size_t directory = (size_t)(base - path);
	size_t size = strlen(path) + sizeof(".tmp.XXXXXX") + 1;
	char *name = xmalloc(size);
	snprintf(name, size, "%.*s.%s.tmp.XXXXXX", (int)directory, path, base);
	return name;
}

/* The rename is durable only once the directory itself is synced. */
static void sync_directory(const char *path)
{
	char *directory = directory_of(path);
	int fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(directory);
}

/* The index is read by every process on the machine: world-readable. */
static int fill_temporary(int fd, const uint8_t *data, size_t size)
{
	int error = fchmod(fd, 0644) != 0 ? errno : 0;
	if (error == 0)
		error = write_all(fd, data, size);
	if (error == 0 && fsync(fd) != 0)
		error = errno;
	if (close(fd) != 0 && error == 0)
		error = errno;
	return error;
}

int index_write_file(const char *path, const uint8_t *data, size_t size,
		     struct source_error *err)
{
	char *temporary = temporary_name(path);
	int fd = mkostemp(temporary, O_CLOEXEC);
	int failure = fd < 0 ? errno : fill_temporary(fd, data, size);
	const char *step = fd < 0 ? "cannot create a temporary file beside it" : "cannot write it";

	if (failure == 0 && rename(temporary, path) != 0) {
		failure = errno;
		step = "cannot rename the new index into place";
	}
	if (failure != 0) {
		if (fd >= 0)
			unlink(temporary);
		source_error_set(err, 0, "%s: %s: %s", path, step, strerror(failure));
	} else {
		sync_directory(path);
	}
	free(temporary);
	return failure ? -1 : 0;
}
