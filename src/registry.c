/* Telling the registry's two published formats apart by their content. */
#include "registry.h"

#include <string.h>

static const char utf8_bom[] = "\xEF\xBB\xBF";
static const char csv_header_start[] = "Service Name,";

const char *registry_format_name(enum registry_format format)
{
	return format == REGISTRY_XML ? "XML" : "CSV";
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
	if (size - i >= strlen(csv_header_start) &&
	    memcmp(data + i, csv_header_start, strlen(csv_header_start)) == 0)
		return registry_parse_csv(data, size, handler, context, info, err);
	unsigned long line = 1;
	for (size_t j = 0; j < i; j++)
		line += data[j] == '\n';
	source_error_set(err, line, "not an IANA registry: expected XML or CSV starting with \"%s\"",
			 csv_header_start);
	return -1;
}
