/* Telling the registry's formats apart by their content. */
#include "registry.h"

#include <string.h>

#include "snapshot.h"

static const char utf8_bom[] = "\xEF\xBB\xBF";
/* The IANA CSV header names its columns; the first two found tell it. */
static const char *const csv_header_words[] = { "Service Name", "Port Number" };
/* A saved page has the registry's title, or at least its table's header. */
static const char *const page_words[] = { "Service Name", "Port Number", "Transport Protocol" };
static const char page_title[] = "Service Name and Transport Protocol Port Number Registry";

const char *registry_format_name(enum registry_format format)
{
	static const char *const names[] = {
		[REGISTRY_XML] = "XML",
		[REGISTRY_CSV] = "CSV",
		[REGISTRY_SNAPSHOT] = "snapshot",
		[REGISTRY_PAGE] = "page",
	};
	return names[format];
}

bool registry_is_date(const char *text, size_t length)
{
	static const char shape[] = "dddd-dd-dd";
	if (length != sizeof(shape) - 1)
		return false;
	for (size_t i = 0; i < length; i++)
		if (shape[i] == 'd' ? !(text[i] >= '0' && text[i] <= '9') : text[i] != shape[i])
			return false;
	int month = (text[5] - '0') * 10 + text[6] - '0', day = (text[8] - '0') * 10 + text[9] - '0';
	return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

static bool has_all(const char *data, size_t size, const char *const *words, size_t count)
{
	for (size_t w = 0; w < count; w++)
		if (memmem(data, size, words[w], strlen(words[w])) == NULL)
			return false;
	return true;
}

/* A page's table header names the columns too, but without commas. */
static bool first_line_has_csv_header(const char *data, size_t size)
{
	const char *end = memchr(data, '\n', size);
	size_t length = end ? (size_t)(end - data) : size;
	return memchr(data, ',', length) != NULL &&
	       has_all(data, length, csv_header_words,
		       sizeof(csv_header_words) / sizeof(csv_header_words[0]));
}

static bool looks_like_page(const char *data, size_t size)
{
	return memmem(data, size, page_title, strlen(page_title)) != NULL ||
	       has_all(data, size, page_words, sizeof(page_words) / sizeof(page_words[0]));
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
	if (size >= strlen(SNAPSHOT_MAGIC) && memcmp(data, SNAPSHOT_MAGIC, strlen(SNAPSHOT_MAGIC)) == 0)
		return registry_parse_snapshot(data, size, handler, context, info, err);
	if (first_line_has_csv_header(data + i, size - i))
		return registry_parse_csv(data, size, handler, context, info, err);
	if (looks_like_page(data, size))
		return registry_parse_page(data, size, handler, context, info, err);
	unsigned long line = 1;
	for (size_t j = 0; j < i; j++)
		line += data[j] == '\n';
	source_error_set(err, line, "not an IANA registry: neither XML, CSV, a registry "
			 "snapshot nor a saved registry page");
	return -1;
}
