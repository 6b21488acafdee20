/*
 * Everything a reader can do with an index image, done once, with the
 * promises the reader makes checked along the way.  Shared by the index
 * fuzz target and the hostile-index tests.
 *
 * The promises that hold for any image, sound or not:
 *   - nothing reads outside the image (the caller places it so that such a
 *     read faults: an exact-size heap block under ASan, or a guard page);
 *   - an answer found by name answers to that name (exactly or ignoring
 *     case) and to the protocol asked for; one found by port starts at or
 *     below that port and has the protocol asked for;
 *   - servent_fill fits exactly in the size it needs, writes nothing at all
 *     into a buffer one byte smaller, and copies the entry faithfully.
 * And when index_verify accepts the image:
 *   - index_open accepts it, and no answer reports corruption;
 *   - every lookup answers what a linear scan in registry order says it
 *     must (index_reader.h gives the rules).
 */
#ifndef NSS_IANA_INDEX_EXERCISE_H
#define NSS_IANA_INDEX_EXERCISE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "index_reader.h"

struct exercise_result {
	enum index_status open;  /* what index_open answered */
	bool sound;              /* index_verify accepted the image */
	unsigned long answers;   /* entry reads and lookups made */
	unsigned long corrupt;   /* of those, the ones that reported corruption */
	char broken[320];        /* the first broken promise; "" when none */
};

/*
 * Opens image and reads every entry, looks up every entry's names and
 * ports, and the names and ports that queries suggests (its NUL- or
 * newline-separated tokens, and its bytes taken two by two as ports).
 */
void exercise_index(const uint8_t *image, size_t size, const uint8_t *queries,
		    size_t query_size, struct exercise_result *out);

#endif
