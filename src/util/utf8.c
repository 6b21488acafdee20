#include "utf8.h"

#include <stdint.h>

/* Length of the sequence starting at p (1 to 4), or 0 if it is malformed. */
static size_t sequence_length(const uint8_t *p, size_t left)
{
	uint8_t c = p[0];
	size_t length;
	uint8_t low = 0x80, high = 0xBF; /* allowed range of the second byte */

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		length = 2;
	else if (c >= 0xE0 && c <= 0xEF) {
		length = 3;
		if (c == 0xE0)
			low = 0xA0; /* overlong */
		else if (c == 0xED)
			high = 0x9F; /* UTF-16 surrogates */
	} else if (c >= 0xF0 && c <= 0xF4) {
		length = 4;
		if (c == 0xF0)
			low = 0x90; /* overlong */
		else if (c == 0xF4)
			high = 0x8F; /* above U+10FFFF */
	} else
		return 0;
	if (left < length || p[1] < low || p[1] > high)
		return 0;
	for (size_t i = 2; i < length; i++)
		if ((p[i] & 0xC0) != 0x80)
			return 0;
	return length;
}

size_t utf8_sequence_length(const char *data, size_t left)
{
	return left == 0 ? 0 : sequence_length((const uint8_t *)data, left);
}

bool utf8_valid(const char *data, size_t size, size_t *bad)
{
	const uint8_t *p = (const uint8_t *)data;
	for (size_t i = 0; i < size;) {
		size_t length = sequence_length(p + i, size - i);
		if (length == 0) {
			*bad = i;
			return false;
		}
		i += length;
	}
	return true;
}
