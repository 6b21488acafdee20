/* Telling the registry's two published formats apart by their content. */
#include "registry.h"

#include <stdbool.h>
#include <string.h>

static const char utf8_bom[] = "\xEF\xBB\xBF";
/* The IANA CSV header names its columns; the first two found tell it. */
static const char *const csv_header_words[] = { "Service Name", "Port Number" };

const char *registry_format_name(enum registry_format format)
{
	return format == REGISTRY_XML ? "XML" : "CSV";
}

static bool first_line_has_csv_header(const char *data, size_t size)
{
	const char *end = memchr(data, '\n', size);
	size_t length = end ? (size_t)(end - data) : size;
	for (size_t w = 0; w < sizeof(csv_header_words) / sizeof(csv_header_words[0]); w++)
		if (memmem(data, length, csv_header_words[w], strlen(csv_header_words[w])) == NULL)
			return false;
	return true;
}

int registry_parse(const char *data, size_t size, record_handler handler, void *context,
		   struct registry_info *info, struct source_error *err)
{
	size_t i = 0;
	if (size >= 3 && memcmp(data, utf8_bom, 3) == 0)
		i = 3;
	while (i < size && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n'))
		i++;
	if (i == size) {
		source_error_set(err, 0, "empty file: no registry records");
		return -1;
	}
	if (data[i] == '<')
		return registry_parse_xml(data, size, handler, context, info, err);
	if (first_line_has_csv_header(data + i, size - i))
		return registry_parse_csv(data, size, handler, context, info, err);
	unsigned long line = 1;
	for (size_t j = 0; j < i; j++)
		line += data[j] == '\n';
	source_error_set(err, line, "not an IANA registry: neither XML nor CSV with a header "
			 "naming \"Service Name\" and \"Port Number\"");
	return -1;
}
