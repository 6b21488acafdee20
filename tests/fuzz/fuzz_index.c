/*
 * Fuzz target: an index image, opened and read in every way the NSS module
 * and the tool read one (see index_exercise.h for what is checked).  Each
 * input runs twice: as it is, and with its checksum made right, so that
 * index_verify's checks past the checksum see mutated images too.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bytes.h"
#include "fuzz_target.h"
#include "index_exercise.h"
#include "index_format.h"
#include "index_writer.h"

static void run(const uint8_t *image, size_t size, const uint8_t *queries, size_t query_size)
{
	struct exercise_result result;
	exercise_index(image, size, queries, query_size, &result);
	if (result.broken[0] != '\0') {
		fprintf(stderr, "fuzz_index: %s\n", result.broken);
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* A block of exactly the input's size: a read past it is an ASan
	 * report, as a read past the mapping would be a fault. */
	uint8_t *image = malloc(size ? size : 1);
	memcpy(image, data, size);
	run(image, size, data, size);
	if (size >= HEADER_OFF_CHECKSUM + 8) {
		put_u64(image + HEADER_OFF_CHECKSUM, index_checksum(image, size));
		run(image, size, data, size);
	}
	free(image);
	return 0;
}
