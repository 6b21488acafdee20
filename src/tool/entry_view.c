#include "entry_view.h"

#include <string.h>

#include "tool.h"

static bool is_line_of(const struct description *d, const struct index_entry *e)
{
	return d->port == e->port && d->last_port == e->last_port && strcmp(d->name, e->name) == 0 &&
	       strcmp(d->proto, e->proto) == 0;
}

/* The table's line for e, or NULL. */
static const struct description *line_of(struct entry_prose *prose, const struct index_entry *e)
{
	const struct description_table *table = prose->table;
	if (prose->next < table->count && is_line_of(&table->items[prose->next], e))
		return &table->items[prose->next++];
	if (table->count == 0)
		return NULL;
	const struct description *d =
		descriptions_find(table, e->name, e->port, e->last_port, e->proto);
	if (d != NULL)
		prose->next = (size_t)(d - table->items) + 1;
	return d;
}

static void prose_of(struct entry_prose *prose, const struct index_entry *e, uint32_t id,
		     struct entry_view *out)
{
	const struct description *d = line_of(prose, e);
	out->description = "";
	out->references = "";
	if (d != NULL) {
		out->description = d->text;
		out->references = d->references;
	} else if (prose->ix->flags & INDEX_FLAG_DESCRIPTIONS) {
		const char *text = index_description(prose->ix, id);
		out->description = text ? text : "";
	}
}

bool entry_view_of_index(struct entry_prose *prose, const struct index_entry *e, uint32_t id,
			 struct entry_view *out)
{
	out->name = e->name;
	out->proto = e->proto;
	out->port = e->port;
	out->last_port = e->last_port;
	out->alias_count = e->alias_count < INDEX_MAX_ALIASES ? e->alias_count : INDEX_MAX_ALIASES;
	for (size_t a = 0; a < out->alias_count; a++) {
		out->alias_store[a] = index_alias(prose->ix, e->alias_first + a);
		if (out->alias_store[a] == NULL)
			return false;
	}
	out->aliases = out->alias_store;
	prose_of(prose, e, id, out);
	return true;
}

void entry_view_of_service(const struct service *s, const struct description_table *table,
			   struct entry_view *out)
{
	const struct description *d = NULL;
	if (table->count > 0)
		d = descriptions_find(table, s->name, s->port, s->last_port, s->proto);
	out->name = s->name;
	out->proto = s->proto;
	out->port = s->port;
	out->last_port = s->last_port;
	out->aliases = (const char *const *)s->aliases;
	out->alias_count = s->alias_count;
	out->description = d ? d->text : s->description ? s->description : "";
	out->references = d ? d->references : s->references ? s->references : "";
}

void entry_view_print(FILE *out, const struct entry_view *v, unsigned shown, bool references)
{
	fprintf(out, "%-21s %u/%s", v->name, shown, v->proto);
	for (size_t a = 0; a < v->alias_count; a++)
		fprintf(out, " %s", v->aliases[a]);
	bool comment = v->description[0] != '\0' || v->last_port != v->port ||
		       (references && v->references[0] != '\0');
	if (comment)
		fputs("  #", out);
	if (v->description[0] != '\0')
		fprintf(out, " %s", v->description);
	if (references && v->references[0] != '\0')
		fprintf(out, " [%s]", v->references);
	if (v->last_port != v->port)
		fprintf(out, " (ports %u-%u)", v->port, v->last_port);
	fputc('\n', out);
}

/* The references, "RFC4120 RFC6335", as an array of strings. */
static void references_json(struct json_out *j, const char *references)
{
	json_array_begin(j, "references");
	while (*references != '\0') {
		size_t length = strcspn(references, " ");
		if (length > 0)
			json_string_part(j, NULL, references, length);
		references += length + (references[length] == ' ');
	}
	json_array_end(j);
}

void entry_view_json(struct json_out *j, const char *key, const struct entry_view *v,
		     const char *date)
{
	json_object_begin(j, key);
	json_string(j, "name", v->name);
	json_number(j, "port", v->port);
	json_number(j, "last_port", v->last_port);
	json_string(j, "protocol", v->proto);
	json_array_begin(j, "aliases");
	for (size_t a = 0; a < v->alias_count; a++)
		json_string(j, NULL, v->aliases[a]);
	json_array_end(j);
	json_string(j, "description", v->description);
	references_json(j, v->references);
	json_string(j, "registry_date", date);
	json_object_end(j);
}

const char *entry_view_date(uint32_t registry_date, char text[16])
{
	if (registry_date == 0)
		return NULL;
	format_registry_date(registry_date, text);
	return text;
}
