#include "alloc_count.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdlib.h>

/* glibc's allocator under its own names.  Every way to allocate is
 * counted; valloc and pvalloc, obsolete, are left to glibc. */
void *__libc_malloc(size_t size);
void *__libc_calloc(size_t count, size_t size);
void *__libc_realloc(void *p, size_t size);
void *__libc_memalign(size_t alignment, size_t size);
void __libc_free(void *p);

static atomic_uint_fast64_t allocations;

uint64_t allocations_so_far(void)
{
	return atomic_load_explicit(&allocations, memory_order_relaxed);
}

static void count_one(void)
{
	atomic_fetch_add_explicit(&allocations, 1, memory_order_relaxed);
}

void *malloc(size_t size)
{
	count_one();
	return __libc_malloc(size);
}

void *calloc(size_t count, size_t size)
{
	count_one();
	return __libc_calloc(count, size);
}

void *realloc(void *p, size_t size)
{
	count_one();
	return __libc_realloc(p, size);
}

void *memalign(size_t alignment, size_t size);

void *memalign(size_t alignment, size_t size)
{
	count_one();
	return __libc_memalign(alignment, size);
}

void *aligned_alloc(size_t alignment, size_t size)
{
	count_one();
	return __libc_memalign(alignment, size);
}

int posix_memalign(void **p, size_t alignment, size_t size)
{
	if (alignment % sizeof(void *) != 0 || (alignment & (alignment - 1)) != 0)
		return EINVAL;
	count_one();
	void *got = __libc_memalign(alignment, size);
	if (got == NULL)
		return ENOMEM;
	*p = got;
	return 0;
}

void free(void *p)
{
	__libc_free(p);
}
