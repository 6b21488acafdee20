#include "index_regions.h"

#include <errno.h>
#include <sys/mman.h>
#include <unistd.h>

#include "index_format.h"

/*
 * ThreadSanitizer takes a mapping made over pages as a write of each of
 * their bytes by the thread that maps.  The lookups that read a region
 * while the loader maps over it are late ones, whose answers are thrown
 * away (index_cache.c); it cannot know that.  In its builds the loader's
 * mappings over a region are made with its tracking of this thread's
 * writes off, so that it takes them for what they are: the kernel
 * replacing pages, not a store of the program's.
 */
#if defined(__SANITIZE_THREAD__)
#define TRACKED_BY_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define TRACKED_BY_TSAN 1
#endif
#endif

#ifdef TRACKED_BY_TSAN
void AnnotateIgnoreWritesBegin(const char *file, int line);
void AnnotateIgnoreWritesEnd(const char *file, int line);

static void *map_fixed(void *at, size_t bytes, int flags, int fd)
{
	AnnotateIgnoreWritesBegin(__FILE__, __LINE__);
	void *p = mmap(at, bytes, PROT_READ, flags | MAP_FIXED, fd, 0);
	AnnotateIgnoreWritesEnd(__FILE__, __LINE__);
	return p;
}
#else
static void *map_fixed(void *at, size_t bytes, int flags, int fd)
{
	return mmap(at, bytes, PROT_READ, flags | MAP_FIXED, fd, 0);
}
#endif

/* The smallest reservation: five times today's full registry index. */
#define MIN_RESERVATION ((size_t)1 << 20)

static size_t page_round(size_t bytes)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	return (bytes + page - 1) / page * page;
}

static void *zero_pages(void *at, size_t bytes)
{
	int flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE;
	if (at != NULL)
		return map_fixed(at, bytes, flags, -1);
	return mmap(NULL, bytes, PROT_READ, flags, -1, 0);
}

/* A reservation that holds bytes, twice the room a file needs and at least
 * MIN_RESERVATION, so that the next few files fit too. */
static int reserve(struct index_region *region, size_t bytes)
{
	size_t want = MIN_RESERVATION;
	while (want < 2 * bytes && want < INDEX_MAX_FILE_SIZE)
		want *= 2;
	want = page_round(want < bytes ? bytes : want);
	void *p = zero_pages(NULL, want);
	if (p == MAP_FAILED)
		return errno;
	/* The old reservation, if any, stays: see index_regions.h. */
	region->base = p;
	region->reserved = want;
	region->file_bytes = 0;
	return 0;
}

bool region_clear(struct index_region *region)
{
	if (region->file_bytes == 0)
		return true;
	if (zero_pages(region->base, region->file_bytes) == MAP_FAILED)
		return false;
	region->file_bytes = 0;
	return true;
}

static int map_over(struct index_region *region, int fd, size_t size)
{
	size_t bytes = page_round(size);
	if (bytes > region->reserved || region->base == NULL) {
		if (!region_clear(region))
			return ENOMEM;
		int error = reserve(region, size);
		if (error != 0)
			return error;
	}
	if (map_fixed(region->base, bytes, MAP_PRIVATE, fd) == MAP_FAILED) {
		int error = errno;
		/* A failed MAP_FIXED may leave a hole where the old pages
		 * were: zero pages go back over the whole range. */
		region->file_bytes = bytes > region->file_bytes ? bytes : region->file_bytes;
		(void)region_clear(region);
		return error;
	}
	/* What is left of a longer file past the new one goes too; until
	 * it has, region_clear() covers it. */
	size_t before = region->file_bytes;
	region->file_bytes = bytes;
	if (bytes < before && zero_pages(region->base + bytes, before - bytes) == MAP_FAILED)
		region->file_bytes = before;
	return 0;
}

int region_place_file(struct index_region *region, const char *path, struct mapped_file *out)
{
	int fd;
	int error = file_open_mappable(path, &fd, &out->identity);
	if (error != 0)
		return error;
	size_t size = (size_t)out->identity.size;
	if (size > 0)
		error = map_over(region, fd, size);
	else
		(void)region_clear(region);
	close(fd);
	out->data = error == 0 && size > 0 ? region->base : NULL;
	out->size = error == 0 ? size : 0;
	return error;
}
