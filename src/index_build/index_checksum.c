#include "index_format.h"
#include "index_writer.h"

uint64_t index_checksum(const uint8_t *data, size_t size)
{
	uint64_t h = 14695981039346656037u;
	for (size_t i = 0; i < size; i++) {
		bool in_field = i >= HEADER_OFF_CHECKSUM && i < HEADER_OFF_CHECKSUM + 8;
		h ^= in_field ? 0 : data[i];
		h *= 1099511628211u;
	}
	return h;
}
