/*
 * Reading the IANA registry: its records, one at a time, whatever the file
 * format -- IANA's XML and CSV, a registry snapshot (snapshot.h) or the
 * registry's web page saved as text (parse_page.c).  A record's fields are
 * handed over as the registry has them (trimmed of surrounding white space,
 * "" when absent); what they mean is decided by the compiler (compile.h).
 */
#ifndef NSS_IANA_REGISTRY_H
#define NSS_IANA_REGISTRY_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "sha256.h"
#include "source_error.h"

enum registry_format {
	REGISTRY_XML,
	REGISTRY_CSV,
	REGISTRY_SNAPSHOT,
	REGISTRY_PAGE,
};

struct registry_record {
	const char *name;
	const char *number;   /* "N", "A-B" or "" */
	const char *protocol;
	const char *description;
	const char *note;     /* the XML <note>, the CSV "Assignment Notes" */
	const char *references; /* its RFCs: "RFC4120 RFC6335", or ""; never people */
	const char *alias_of; /* a snapshot's alias: the name of its entry; NULL
				 elsewhere, where the note says it */
	unsigned long line;   /* where the record starts */
};

/* The registry file a snapshot was made from, as its header names it. */
struct registry_origin {
	char file[256];       /* its file name, without directories */
	char format[16];      /* "XML", "CSV" or "page" */
	char sha256[SHA256_HEX_SIZE];
};

struct registry_info {
	enum registry_format format;
	char updated[16];     /* the registry's "updated" date; "" when unknown */
	unsigned long records;
	unsigned long other_rows; /* a page: rows of its contact tables, skipped */
	struct registry_origin origin; /* a snapshot: where its facts came from */
};

/* Receives each record; returns 0 to go on, or fills err and returns -1. */
typedef int (*record_handler)(void *context, const struct registry_record *record,
			      struct source_error *err);

/*
 * Parses a whole registry file held in memory, detecting its format by its
 * content.  Returns 0, or -1 with err saying where and what.
 */
int registry_parse(const char *data, size_t size, record_handler handler, void *context,
		   struct registry_info *info, struct source_error *err);

/*
 * The readers, one per format.  Each has a sniff, which says whether a file
 * is in its format, and a parser.  A sniff gets the whole file and where
 * its text begins (after a UTF-8 byte order mark and blank space, never at
 * the end); registry.c asks them in order.
 */
typedef bool (*registry_sniff)(const char *data, size_t size, size_t text_start);
typedef int (*registry_parser)(const char *data, size_t size, record_handler handler,
			       void *context, struct registry_info *info,
			       struct source_error *err);

bool registry_sniff_xml(const char *data, size_t size, size_t text_start);
bool registry_sniff_snapshot(const char *data, size_t size, size_t text_start);
bool registry_sniff_csv(const char *data, size_t size, size_t text_start);
bool registry_sniff_page(const char *data, size_t size, size_t text_start);

int registry_parse_xml(const char *data, size_t size, record_handler handler, void *context,
		       struct registry_info *info, struct source_error *err);
int registry_parse_csv(const char *data, size_t size, record_handler handler, void *context,
		       struct registry_info *info, struct source_error *err);
int registry_parse_snapshot(const char *data, size_t size, record_handler handler, void *context,
			    struct registry_info *info, struct source_error *err);
int registry_parse_page(const char *data, size_t size, record_handler handler, void *context,
			struct registry_info *info, struct source_error *err);

const char *registry_format_name(enum registry_format format);

/* Whether text is a date as the registry writes it, YYYY-MM-DD: what every
 * reader accepts as the registry's "updated" date, so that what one format
 * records another reads back. */
bool registry_is_date(const char *text, size_t length);

/* Adds to a record's references (space-separated) the RFC that text
 * (length bytes) names -- "rfc4120" or "RFC4120", as the registry writes
 * one -- as "RFC4120", unless it is there already.  Anything else (a
 * person, a draft, a page) is left out. */
void registry_add_reference(struct buf *references, const char *text, size_t length);

/* The same for each "[X]" in text, as the CSV's and a saved page's
 * Reference cell lists them: "[RFC4120][RFC6335]", "[RFC4120] [Someone]". */
void registry_add_bracketed_references(struct buf *references, const char *text);

/* Fields longer than this are refused: no record of the registry comes
 * near it, and it bounds what a hostile file can make the parser hold. */
#define REGISTRY_MAX_FIELD (64 * 1024)

#endif
