#include "xalloc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void out_of_memory(void)
{
	fputs("iana-services: out of memory\n", stderr);
	exit(4);
}

void *xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);
	if (p == NULL)
		out_of_memory();
	return p;
}

void *xcalloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size ? size : 1);
	if (p == NULL)
		out_of_memory();
	return p;
}

void *xrealloc(void *p, size_t size)
{
	void *grown = realloc(p, size ? size : 1);
	if (grown == NULL)
		out_of_memory();
	return grown;
}

void *xgrow(void *p, size_t *capacity, size_t need, size_t element_size)
{
	if (need <= *capacity)
		return p;
	size_t grown = *capacity ? *capacity : 16;
	while (grown < need) {
		if (grown > SIZE_MAX / 2)
			out_of_memory();
		grown *= 2;
	}
	if (grown > SIZE_MAX / element_size)
		out_of_memory();
	*capacity = grown;
	return xrealloc(p, grown * element_size);
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *copy = xmalloc(n + 1);
	memcpy(copy, s, n);
	copy[n] = '\0';
	return copy;
}
