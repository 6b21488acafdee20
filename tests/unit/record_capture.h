/* The records a registry reader delivers, captured for the tests to look at. */
#ifndef NSS_IANA_RECORD_CAPTURE_H
#define NSS_IANA_RECORD_CAPTURE_H

#include <stddef.h>

#include "registry.h"

#define MAX_RECORDS 64

struct captured {
	size_t count;
	struct {
		char *name, *number, *protocol, *description, *note, *references;
		char *alias_of;  /* NULL when the record has none */
		unsigned long line;
	} r[MAX_RECORDS];
};

void captured_release(struct captured *c);
/* A record_handler filling a struct captured (the test fails past MAX_RECORDS). */
int capture_record(void *context, const struct registry_record *record, struct source_error *err);
/* registry_parse() of text into `into`, after releasing what it held. */
int capture_text(const char *text, struct captured *into, struct registry_info *info,
		 struct source_error *err);
/* Expects text to be refused on line with a message containing phrase. */
void assert_refused(const char *text, unsigned long line, const char *phrase);

#endif
