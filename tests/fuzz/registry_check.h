/*
 * What the registry fuzz targets check, whatever the parser: it may accept
 * or refuse any input, but it must not crash or read outside the input; a
 * refusal says why and names a line inside the input; every record it
 * hands over names a line inside the input; and what the compiler makes of
 * the records it accepts serializes into an index that index_verify
 * accepts, since the tool will install nothing else.
 */
#ifndef NSS_IANA_REGISTRY_CHECK_H
#define NSS_IANA_REGISTRY_CHECK_H

#include <stddef.h>
#include <stdint.h>

#include "registry.h"
#include "service_list.h"

typedef int (*registry_parser)(const char *data, size_t size, record_handler handler,
			       void *context, struct registry_info *info, struct source_error *err);

/* Runs parse on the input; aborts, naming target, on a broken promise. */
void check_registry_parser(registry_parser parse, const char *target, const uint8_t *data,
			   size_t size);

/* The most lines the input can have, whatever counts as a line break. */
unsigned long input_line_bound(const uint8_t *data, size_t size);
/* Serializes list; aborts, naming target, when index_verify refuses the
 * result. */
void check_list_serializes(const char *target, const struct service_list *list);

#endif
