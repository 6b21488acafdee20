/*
 * The registry's XML form, read with expat as a stream of elements.  The
 * records are the <record> children of the root <registry>; the registry's
 * date is its own <updated> child (records and people have <updated> too,
 * deeper down).  Document type declarations are refused outright: the
 * registry has none, and refusing them is what makes entity-expansion bombs
 * harmless and keeps an external DTD from giving unknown entities a silent
 * empty meaning.  A record's references are its <xref type="rfc"
 * data="rfcN"/> children, kept as "RFCN" (other types name people, drafts
 * and pages, and are left out; an RFC mentioned inside a note stays part
 * of the note).
 */
#include <expat.h>
#include <stdbool.h>
#include <string.h>

#include "buf.h"
#include "registry.h"

enum field {
	FIELD_NONE,
	FIELD_NAME,
	FIELD_NUMBER,
	FIELD_PROTOCOL,
	FIELD_DESCRIPTION,
	FIELD_NOTE,
	FIELD_UPDATED,
	FIELD_REFERENCES,        /* collected from attributes, not text */
	FIELD_COUNT
};

static const char *const field_element[FIELD_COUNT] = {
	[FIELD_NAME] = "name",
	[FIELD_NUMBER] = "number",
	[FIELD_PROTOCOL] = "protocol",
	[FIELD_DESCRIPTION] = "description",
	[FIELD_NOTE] = "note",
	[FIELD_UPDATED] = "updated",
};

struct xml_reader {
	XML_Parser parser;
	record_handler handler;
	void *context;
	struct registry_info *info;
	struct source_error *err;
	bool failed;             /* err is set; the parser has been stopped */
	unsigned depth;          /* of the element being read; the root is 1 */
	bool in_record;
	unsigned long record_line;
	enum field field;        /* the record child whose text is collected */
	struct buf text[FIELD_COUNT];
};

/* expat 2.9 added line numbers that are 64 bits wide on every platform and
 * deprecated the XML_Size ones; earlier releases (Debian 12 has 2.5) have
 * only those. */
static unsigned long current_line(XML_Parser parser)
{
#if XML_MAJOR_VERSION > 2 || (XML_MAJOR_VERSION == 2 && XML_MINOR_VERSION >= 9)
	return (unsigned long)XML_GetCurrentLineNumber64(parser);
#else
	return XML_GetCurrentLineNumber(parser);
#endif
}

static void fail(struct xml_reader *r, const char *message)
{
	if (!r->failed)
		source_error_set(r->err, current_line(r->parser), "%s", message);
	r->failed = true;
	XML_StopParser(r->parser, XML_FALSE);
}

static enum field field_of(const char *element)
{
	for (int f = FIELD_NAME; f < FIELD_COUNT; f++)
		if (field_element[f] != NULL && strcmp(element, field_element[f]) == 0)
			return (enum field)f;
	return FIELD_NONE;
}


static void start_record(struct xml_reader *r)
{
	r->in_record = true;
	r->record_line = current_line(r->parser);
	for (int f = 0; f < FIELD_COUNT; f++)
		r->text[f].length = 0;
}

static const char *attribute(const char **attributes, const char *name)
{
	for (const char **a = attributes; a[0] != NULL; a += 2)
		if (strcmp(a[0], name) == 0)
			return a[1];
	return NULL;
}

/* The RFC of an <xref type="rfc" data="rfcN"/>; other types say nothing. */
static bool root_is_service_registry(const char **attributes)
{
	const char *id = attribute(attributes, "id");
	return id == NULL || strcmp(id, "service-names-port-numbers") == 0;
}

static void add_reference(struct xml_reader *r, const char **attributes)
{
	const char *type = attribute(attributes, "type");
	const char *target = attribute(attributes, "data");
	if (type != NULL && strcmp(type, "rfc") == 0 && target != NULL)
		registry_add_reference(&r->text[FIELD_REFERENCES], target, strlen(target));
}

static void XMLCALL on_start(void *data, const char *element, const char **attributes)
{
	struct xml_reader *r = data;
	r->depth++;
	if (r->depth == 1) {
		if (strcmp(element, "registry") != 0)
			fail(r, "not an IANA registry: the root element is not <registry>");
		else if (!root_is_service_registry(attributes))
			fail(r, "not the service name and port number registry "
				"(its id is not \"service-names-port-numbers\")");
	} else if (r->depth == 2 && strcmp(element, "record") == 0) {
		start_record(r);
	} else if (r->depth == 2 && strcmp(element, "updated") == 0) {
		r->field = FIELD_UPDATED;
		r->text[FIELD_UPDATED].length = 0;
	} else if (r->depth == 3 && r->in_record && strcmp(element, "xref") == 0) {
		add_reference(r, attributes);
	} else if (r->depth == 3 && r->in_record) {
		enum field f = field_of(element);
		r->field = f == FIELD_UPDATED ? FIELD_NONE : f;
	} else if (r->field == FIELD_DESCRIPTION && strcmp(element, "br") == 0) {
		buf_append_byte(&r->text[FIELD_DESCRIPTION], ' ');
	}
}

/* Trims the collected text of a field in place and terminates it. */
static const char *field_text(struct xml_reader *r, enum field f)
{
	struct buf *b = &r->text[f];
	size_t start = 0, end = b->length;
	while (start < end && strchr(" \t\r\n", b->data[start]))
		start++;
	while (end > start && strchr(" \t\r\n", b->data[end - 1]))
		end--;
	buf_append_byte(b, '\0');
	b->data[end] = '\0';
	return (const char *)b->data + start;
}

static void end_record(struct xml_reader *r)
{
	struct registry_record record = {
		.name = field_text(r, FIELD_NAME),
		.number = field_text(r, FIELD_NUMBER),
		.protocol = field_text(r, FIELD_PROTOCOL),
		.description = field_text(r, FIELD_DESCRIPTION),
		.note = field_text(r, FIELD_NOTE),
		.references = field_text(r, FIELD_REFERENCES),
		.line = r->record_line,
	};
	r->in_record = false;
	r->info->records++;
	if (r->handler(r->context, &record, r->err) != 0) {
		r->failed = true;
		XML_StopParser(r->parser, XML_FALSE);
	}
}

static void XMLCALL on_end(void *data, const char *element)
{
	struct xml_reader *r = data;
	if (r->depth == 2 && r->in_record) {
		end_record(r);
	} else if (r->depth == 2 && r->field == FIELD_UPDATED) {
		const char *updated = field_text(r, FIELD_UPDATED);
		size_t length = strlen(updated);
		if (length > 0 && !registry_is_date(updated, length))
			fail(r, "the registry's <updated> date is not a date YYYY-MM-DD");
		else
			memcpy(r->info->updated, updated, length + 1);
	}
	if (r->depth <= 3)
		r->field = FIELD_NONE;
	(void)element;
	r->depth--;
}

static void XMLCALL on_text(void *data, const char *text, int length)
{
	struct xml_reader *r = data;
	if (r->field == FIELD_NONE)
		return;
	if (r->text[r->field].length + (size_t)length > REGISTRY_MAX_FIELD) {
		fail(r, "field too long");
		return;
	}
	buf_append(&r->text[r->field], text, (size_t)length);
}

static void XMLCALL on_doctype(void *data, const char *name, const char *system_id,
			       const char *public_id, int has_internal_subset)
{
	(void)name, (void)system_id, (void)public_id, (void)has_internal_subset;
	fail(data, "document type declarations (<!DOCTYPE>) are not accepted in a registry file");
}

static void XMLCALL on_entity_declaration(void *data, const char *name, int is_parameter,
					  const char *value, int value_length, const char *base,
					  const char *system_id, const char *public_id,
					  const char *notation)
{
	(void)name, (void)is_parameter, (void)value, (void)value_length, (void)base;
	(void)system_id, (void)public_id, (void)notation;
	fail(data, "entity declarations are not accepted in a registry file");
}

static int feed(struct xml_reader *r, const char *data, size_t size)
{
	enum { CHUNK = 1 << 16 };
	do {
		size_t length = size < CHUNK ? size : CHUNK;
		size -= length;
		if (XML_Parse(r->parser, data, (int)length, size == 0) != XML_STATUS_OK) {
			if (!r->failed)
				source_error_set(r->err, current_line(r->parser),
						 "XML error: %s",
						 XML_ErrorString(XML_GetErrorCode(r->parser)));
			return -1;
		}
		data += length;
	} while (size > 0);
	return 0;
}

bool registry_sniff_xml(const char *data, size_t size, size_t text_start)
{
	(void)size;
	return data[text_start] == '<';
}

int registry_parse_xml(const char *data, size_t size, record_handler handler, void *context,
		       struct registry_info *info, struct source_error *err)
{
	struct xml_reader r = {
		.parser = XML_ParserCreate(NULL),
		.handler = handler,
		.context = context,
		.info = info,
		.err = err,
	};
	int result = -1;

	memset(info, 0, sizeof(*info));
	info->format = REGISTRY_XML;
	if (r.parser == NULL) {
		source_error_set(err, 0, "cannot create an XML parser");
		return -1;
	}
	XML_SetUserData(r.parser, &r);
	XML_SetElementHandler(r.parser, on_start, on_end);
	XML_SetCharacterDataHandler(r.parser, on_text);
	XML_SetStartDoctypeDeclHandler(r.parser, on_doctype);
	XML_SetEntityDeclHandler(r.parser, on_entity_declaration);
	if (feed(&r, data, size) == 0) {
		if (info->records == 0)
			source_error_set(err, 0, "no <record> elements: not a registry of services");
		else
			result = 0;
	}
	XML_ParserFree(r.parser);
	for (int f = 0; f < FIELD_COUNT; f++)
		buf_free(&r.text[f]);
	return result;
}
