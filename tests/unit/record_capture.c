#include "record_capture.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

void captured_release(struct captured *c)
{
	for (size_t i = 0; i < c->count; i++) {
		free(c->r[i].name);
		free(c->r[i].number);
		free(c->r[i].protocol);
		free(c->r[i].description);
		free(c->r[i].note);
		free(c->r[i].alias_of);
		free(c->r[i].references);
	}
	c->count = 0;
}

int capture_record(void *context, const struct registry_record *record, struct source_error *err)
{
	struct captured *into = context;
	(void)err;
	ck_assert_uint_lt(into->count, MAX_RECORDS);
	into->r[into->count].name = strdup(record->name);
	into->r[into->count].number = strdup(record->number);
	into->r[into->count].protocol = strdup(record->protocol);
	into->r[into->count].description = strdup(record->description);
	into->r[into->count].note = strdup(record->note);
	into->r[into->count].references = strdup(record->references);
	into->r[into->count].alias_of = record->alias_of ? strdup(record->alias_of) : NULL;
	into->r[into->count].line = record->line;
	into->count++;
	return 0;
}

int capture_text(const char *text, struct captured *into, struct registry_info *info,
		 struct source_error *err)
{
	captured_release(into);
	memset(err, 0, sizeof(*err));
	return registry_parse(text, strlen(text), capture_record, into, info, err);
}

void assert_refused(const char *text, unsigned long line, const char *phrase)
{
	struct captured scratch = { 0 };
	struct registry_info info;
	struct source_error err;
	ck_assert_int_eq(capture_text(text, &scratch, &info, &err), -1);
	captured_release(&scratch);
	ck_assert_msg(err.line == line, "error on line %lu, expected %lu: %s", err.line, line, err.message);
	ck_assert_msg(strstr(err.message, phrase) != NULL, "message \"%s\" lacks \"%s\"", err.message, phrase);
}
