/*
 * Counting heap allocations.  The benchmark program defines malloc,
 * calloc, realloc, the aligned allocators and free itself; the dynamic linker binds every library's
 * calls to these (glibc supports replacing its allocator this way), so each
 * allocation by glibc or by an NSS module passes through a counter on its
 * way to glibc's own allocator.
 */
#ifndef BENCH_ALLOC_COUNT_H
#define BENCH_ALLOC_COUNT_H

#include <stdint.h>

/* malloc, calloc, realloc and aligned allocation calls made so far by the
 * whole process. */
uint64_t allocations_so_far(void);

#endif
