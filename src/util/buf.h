/* A growable byte buffer, for assembling the index image and parser fields. */
#ifndef NSS_IANA_BUF_H
#define NSS_IANA_BUF_H

#include <stddef.h>
#include <stdint.h>

struct buf {
	uint8_t *data;
	size_t length;
	size_t capacity;
};

void buf_reserve(struct buf *b, size_t extra);
void buf_append(struct buf *b, const void *data, size_t length);
void buf_append_byte(struct buf *b, uint8_t byte);
/* Appends length zero bytes and returns where they start. */
uint8_t *buf_append_zeros(struct buf *b, size_t length);
void buf_pad_to(struct buf *b, size_t alignment);
void buf_free(struct buf *b);

#endif
