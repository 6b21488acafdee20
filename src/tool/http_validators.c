#include "http_validators.h"

#include <string.h>

bool http_validator_acceptable(const char *value)
{
	size_t length = strnlen(value, HTTP_VALIDATOR_MAX + 1);
	if (length == 0 || length > HTTP_VALIDATOR_MAX)
		return false;
	for (size_t i = 0; i < length; i++)
		if ((unsigned char)value[i] < 0x20 || (unsigned char)value[i] > 0x7E)
			return false;
	return true;
}

bool http_validator_copy(char out[HTTP_VALIDATOR_MAX + 1], const char *value)
{
	bool acceptable = value != NULL && http_validator_acceptable(value);
	if (acceptable)
		memcpy(out, value, strlen(value) + 1);
	else
		out[0] = '\0';
	return acceptable;
}

bool http_validators_any(const struct http_validators *v)
{
	return v->etag[0] != '\0' || v->last_modified[0] != '\0';
}

/* The index may have been written by anything: its values are checked as
 * a server's are before they go into a request. */
void http_validators_of_index(const struct index *ix, struct http_validators *out)
{
	http_validator_copy(out->etag, index_meta(ix, "etag"));
	http_validator_copy(out->last_modified, index_meta(ix, "last-modified"));
}
