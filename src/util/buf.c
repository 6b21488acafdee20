#include "buf.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

void buf_reserve(struct buf *b, size_t extra)
{
	b->data = xgrow(b->data, &b->capacity, b->length + extra, 1);
}

void buf_append(struct buf *b, const void *data, size_t length)
{
	if (length == 0)
		return;
	buf_reserve(b, length);
	memcpy(b->data + b->length, data, length);
	b->length += length;
}

void buf_append_byte(struct buf *b, uint8_t byte)
{
	buf_append(b, &byte, 1);
}

uint8_t *buf_append_zeros(struct buf *b, size_t length)
{
	buf_reserve(b, length);
	uint8_t *start = b->data + b->length;
	memset(start, 0, length);
	b->length += length;
	return start;
}

void buf_pad_to(struct buf *b, size_t alignment)
{
	size_t rest = b->length % alignment;
	if (rest != 0)
		buf_append_zeros(b, alignment - rest);
}

void buf_free(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->length = b->capacity = 0;
}
