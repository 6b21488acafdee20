/* A map from strings to 32-bit values, used to deduplicate while building. */
#ifndef NSS_IANA_STRMAP_H
#define NSS_IANA_STRMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct strmap {
	struct strmap_slot *slots;
	size_t capacity; /* a power of two */
	size_t count;
};

/* The value stored for key, or false when it is absent. */
bool strmap_get(const struct strmap *m, const char *key, uint32_t *value);
/* Stores key -> value unless key is present; returns whether it stored. */
bool strmap_add(struct strmap *m, const char *key, uint32_t value);
void strmap_free(struct strmap *m);

#endif
