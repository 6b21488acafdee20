#include "compile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

static const char alias_marker[] = "This entry is an alias to \"";

int check_token(const char *value, const char *what, size_t max, unsigned long line,
		struct source_error *err)
{
	size_t length = strlen(value);
	if (length > max) {
		source_error_set(err, line, "%s is %zu bytes long; the limit is %zu", what, length, max);
		return -1;
	}
	for (const unsigned char *p = (const unsigned char *)value; *p; p++) {
		if (*p <= ' ' || *p == 0x7f) {
			source_error_set(err, line, "%s \"%s\" contains white space or a control character",
					 what, value);
			return -1;
		}
		/* services(5) would read the rest of the line as a comment */
		if (*p == '#') {
			source_error_set(err, line, "%s \"%s\" contains '#'", what, value);
			return -1;
		}
	}
	return 0;
}

static int parse_port(const char **p, uint16_t *port, const char *text, unsigned long line,
		      struct source_error *err)
{
	unsigned long value = 0;
	const char *start = *p;
	for (; **p >= '0' && **p <= '9'; (*p)++) {
		value = value * 10 + (unsigned long)(**p - '0');
		if (value > 65535) {
			source_error_set(err, line, "port \"%s\" is out of range 0-65535", text);
			return -1;
		}
	}
	if (*p == start) {
		source_error_set(err, line, "port \"%s\" is not a number or a range N-M", text);
		return -1;
	}
	*port = (uint16_t)value;
	return 0;
}

int parse_port_range(const char *text, uint16_t *first, uint16_t *last, unsigned long line,
		     struct source_error *err)
{
	const char *p = text;
	if (parse_port(&p, first, text, line, err) != 0)
		return -1;
	*last = *first;
	if (*p == '-') {
		p++;
		if (parse_port(&p, last, text, line, err) != 0)
			return -1;
		if (*last < *first) {
			source_error_set(err, line, "port range \"%s\" ends before it starts", text);
			return -1;
		}
	}
	if (*p != '\0') {
		source_error_set(err, line, "port \"%s\" is not a number or a range N-M", text);
		return -1;
	}
	return 0;
}

/* The X of 'This entry is an alias to "X"', or NULL. */
static char *alias_target(const char *note)
{
	const char *start = strstr(note, alias_marker);
	if (start == NULL)
		return NULL;
	start += strlen(alias_marker);
	const char *end = strchr(start, '"');
	if (end == NULL || end == start)
		return NULL;
	return xstrndup(start, (size_t)(end - start));
}

/* The description on one line: runs of white space become one space. */
static char *one_line(const char *text)
{
	char *copy = xmalloc(strlen(text) + 1), *out = copy;
	for (const char *p = text; *p; p++) {
		if (strchr(" \t\r\n", *p)) {
			if (out > copy && out[-1] != ' ')
				*out++ = ' ';
		} else {
			*out++ = *p;
		}
	}
	while (out > copy && out[-1] == ' ')
		out--;
	*out = '\0';
	return copy;
}

static bool is_skipped(struct compiler *c, const struct registry_record *r)
{
	if (r->name[0] == '\0')
		c->stats.no_name++;
	else if (r->number[0] == '\0')
		c->stats.no_port++;
	else if (r->protocol[0] == '\0')
		c->stats.no_protocol++;
	else if (strchr(r->name, ' ') != NULL && strlen(r->name) <= SERVICE_NAME_MAX) {
		c->stats.spaced_name++;
		if (c->warn != NULL) {
			char message[SERVICE_NAME_MAX + 100];
			snprintf(message, sizeof(message),
				 "service name \"%s\" contains spaces; record skipped", r->name);
			c->warn(c->warn_context, r->line, message);
		}
	} else
		return false;
	return true;
}

int compile_record(void *compiler, const struct registry_record *r, struct source_error *err)
{
	struct compiler *c = compiler;
	uint16_t port, last_port;
	size_t existing;

	c->stats.records++;
	if (is_skipped(c, r))
		return 0;
	if (check_token(r->name, "service name", SERVICE_NAME_MAX, r->line, err) != 0 ||
	    parse_port_range(r->number, &port, &last_port, r->line, err) != 0 ||
	    check_token(r->protocol, "protocol", PROTOCOL_NAME_MAX, r->line, err) != 0)
		return -1;
	char *target = r->alias_of != NULL ? xstrdup(r->alias_of) : alias_target(r->note);
	if (target != NULL && (strcmp(target, r->name) == 0 ||
			       check_token(target, "alias target", SERVICE_NAME_MAX, r->line, err) != 0)) {
		free(target);
		target = NULL;
	}
	if (target == NULL &&
	    service_list_find(c->list, r->name, port, last_port, r->protocol, &existing)) {
		c->stats.duplicates++;
		return 0;
	}
	/* An alias waits in place until every record is in: its target may
	 * come later, and if there is none it stays an entry right here. */
	struct service *s = service_list_push(c->list);
	s->name = xstrdup(r->name);
	s->proto = xstrdup(r->protocol);
	s->port = port;
	s->last_port = last_port;
	s->description = one_line(r->description);
	s->references = one_line(r->references != NULL ? r->references : "");
	s->line = r->line;
	s->alias_target = target;
	if (target == NULL)
		service_list_index(c->list, c->list->count - 1);
	return 0;
}

static void resolve_alias(struct compiler *c, struct service *s)
{
	size_t target;
	if (service_list_find(c->list, s->alias_target, s->port, s->last_port, s->proto, &target)) {
		if (service_add_alias(&c->list->items[target], s->name))
			c->stats.aliases++;
		else
			c->stats.duplicates++;
		s->removed = true;
		return;
	}
	if (c->warn != NULL) {
		char message[SERVICE_NAME_MAX * 2 + 100];
		snprintf(message, sizeof(message),
			 "\"%s\" is an alias to \"%s\", which has no %u/%s entry; kept as an entry",
			 s->name, s->alias_target, s->port, s->proto);
		c->warn(c->warn_context, s->line, message);
	}
	c->stats.orphan_aliases++;
	free(s->alias_target);
	s->alias_target = NULL;
	size_t position = (size_t)(s - c->list->items);
	if (!service_list_index(c->list, position)) {
		s->removed = true;
		c->stats.duplicates++;
	}
}

void compile_finish(struct compiler *c)
{
	for (size_t i = 0; i < c->list->count; i++)
		if (c->list->items[i].alias_target != NULL)
			resolve_alias(c, &c->list->items[i]);
	service_list_compact(c->list);
	c->stats.entries = c->list->count;
	c->stats.ranges = 0;
	for (size_t i = 0; i < c->list->count; i++)
		c->stats.ranges += c->list->items[i].port != c->list->items[i].last_port;
}
