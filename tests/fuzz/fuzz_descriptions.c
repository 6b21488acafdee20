/*
 * Fuzz target: the descriptions file reader (descriptions.h), which reads
 * an untrusted file beside the index.  Its promises: no crash or
 * sanitizer report; a refusal names a line inside the input and says
 * something, and leaves the table empty; what it accepts holds no control
 * character, every entry is found again by its key, and writing the table
 * out and reading it back gives the same entries (the writer's output is
 * always readable).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "descriptions.h"
#include "fuzz_target.h"
#include "registry_check.h"
#include "xalloc.h"

static void give_up(const char *what, unsigned long detail)
{
	fprintf(stderr, "fuzz_descriptions: %s (%lu)\n", what, detail);
	abort();
}

static bool has_control(const char *text)
{
	for (const unsigned char *p = (const unsigned char *)text; *p; p++)
		if (*p < 0x20 || *p == 0x7f || (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f))
			return true;
	return false;
}

static void check_entries(const struct description_table *t)
{
	for (size_t i = 0; i < t->count; i++) {
		const struct description *d = &t->items[i];
		if (has_control(d->name) || has_control(d->proto) || has_control(d->text) ||
		    has_control(d->references))
			give_up("an accepted entry holds a control character", i);
		if (descriptions_find(t, d->name, d->port, d->last_port, d->proto) != d)
			give_up("an accepted entry is not found by its key", i);
	}
}

static struct service_list as_list(const struct description_table *t)
{
	struct service_list list = { 0 };
	for (size_t i = 0; i < t->count; i++) {
		const struct description *d = &t->items[i];
		struct service *s = service_list_push(&list);
		s->name = xstrdup(d->name);
		s->proto = xstrdup(d->proto);
		s->port = d->port;
		s->last_port = d->last_port;
		s->description = xstrdup(d->text);
		s->references = xstrdup(d->references);
	}
	return list;
}

static void check_round_trip(const struct description_table *t)
{
	struct snapshot_header header = {
		.updated = t->updated, .source = t->source, .format = t->format, .sha256 = t->sha256,
	};
	struct service_list list = as_list(t);
	struct buf text = { 0 };
	struct description_table again;
	struct source_error err = { 0 };
	descriptions_write(&text, &header, &list);
	size_t size = text.length;
	buf_append_byte(&text, '\0');
	if (descriptions_parse((char *)text.data, size, &again, &err) != 0)
		give_up("the writer's output of an accepted file is refused", err.line);
	if (again.count != t->count)
		give_up("written out and read back, the entries differ in number", again.count);
	for (size_t i = 0; i < t->count; i++)
		if (strcmp(again.items[i].name, t->items[i].name) != 0 ||
		    strcmp(again.items[i].text, t->items[i].text) != 0 ||
		    strcmp(again.items[i].references, t->items[i].references) != 0)
			give_up("written out and read back, an entry differs", i);
	descriptions_free(&again);
	service_list_free(&list);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *copy = xmalloc(size + 1);
	memcpy(copy, data, size);
	copy[size] = '\0';
	struct description_table table;
	struct source_error err = { 0 };
	if (descriptions_parse(copy, size, &table, &err) != 0) {
		if (err.line > input_line_bound(data, size) || err.message[0] == '\0')
			give_up("a refusal names no line inside the input, or says nothing", err.line);
		if (table.items != NULL || table.text != NULL || table.count != 0)
			give_up("a refusal leaves entries in the table", table.count);
		return 0;
	}
	check_entries(&table);
	check_round_trip(&table);
	descriptions_free(&table);
	return 0;
}
