/* Telling the registry's formats apart by their content. */
#include "registry.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

struct registry_reader {
	enum registry_format format;
	const char *name;
	registry_sniff sniff;
	registry_parser parse;
};

/* In the order they are asked.  XML and a snapshot are told by their
 * first bytes; a CSV's header line names the columns that a saved page's
 * table header names too, so CSV goes before the page. */
static const struct registry_reader readers[] = {
	{ REGISTRY_XML, "XML", registry_sniff_xml, registry_parse_xml },
	{ REGISTRY_SNAPSHOT, "snapshot", registry_sniff_snapshot, registry_parse_snapshot },
	{ REGISTRY_CSV, "CSV", registry_sniff_csv, registry_parse_csv },
	{ REGISTRY_PAGE, "page", registry_sniff_page, registry_parse_page },
};
#define READER_COUNT (sizeof(readers) / sizeof(readers[0]))

const char *registry_format_name(enum registry_format format)
{
	for (size_t r = 0; r < READER_COUNT; r++)
		if (readers[r].format == format)
			return readers[r].name;
	return "unknown";
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

void registry_add_reference(struct buf *references, const char *text, size_t length)
{
	size_t digits = length > 3 ? strspn(text + 3, "0123456789") : 0;
	if (digits == 0 || digits > 5 || 3 + digits != length || strncasecmp(text, "rfc", 3) != 0)
		return;
	char reference[16];
	snprintf(reference, sizeof(reference), "RFC%.*s", (int)digits, text + 3);
	size_t size = strlen(reference);
	/* The list is not NUL-terminated: each word ends at a space or at
	 * its length. */
	for (size_t at = 0; at < references->length;) {
		const char *word = (const char *)references->data + at;
		const char *space = memchr(word, ' ', references->length - at);
		size_t word_length = space ? (size_t)(space - word) : references->length - at;
		if (word_length == size && memcmp(word, reference, size) == 0)
			return;
		at += word_length + 1;
	}
	if (references->length + size + 1 > REGISTRY_MAX_FIELD)
		return;
	if (references->length > 0)
		buf_append_byte(references, ' ');
	buf_append(references, reference, size);
}

void registry_add_bracketed_references(struct buf *references, const char *text)
{
	for (const char *open = strchr(text, '['); open != NULL; open = strchr(open, '[')) {
		const char *close = strchr(open + 1, ']');
		if (close == NULL)
			return;
		registry_add_reference(references, open + 1, (size_t)(close - open - 1));
		open = close + 1;
	}
}

static size_t text_start(const char *data, size_t size)
{
	size_t i = 0;
	if (size >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < size && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n'))
		i++;
	return i;
}

int registry_parse(const char *data, size_t size, record_handler handler, void *context,
		   struct registry_info *info, struct source_error *err)
{
	size_t start = text_start(data, size);
	if (start == size) {
		source_error_set(err, 0, "empty file: no registry records");
		return -1;
	}
	for (size_t r = 0; r < READER_COUNT; r++)
		if (readers[r].sniff(data, size, start))
			return readers[r].parse(data, size, handler, context, info, err);
	unsigned long line = 1;
	for (size_t j = 0; j < start; j++)
		line += data[j] == '\n';
	source_error_set(err, line, "not an IANA registry: neither XML, CSV, a registry "
			 "snapshot nor a saved registry page");
	return -1;
}
