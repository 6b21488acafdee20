/*
 * One row of the registry table of a saved registry page, and the record
 * it stands for.  Rows arrive with their continuation lines joined by
 * spaces.  A saved page drops empty cells (and the plain-text rendering
 * loses where cells end), so the columns are told by their content: the
 * first cell is the service name unless it is a port number or range; then
 * come the port and the protocol, each where the cell fits.  Only tcp,
 * udp, sctp and dccp are protocols.  The rest of the row -- description,
 * people, dates, notes -- goes to the record's note, where the compiler
 * finds alias notes; its description is the text up to the first
 * bracketed reference, as far as it can be told apart; its references are
 * the RFCs among the bracketed cells that follow (the Reference cell's).
 */
#ifndef NSS_IANA_PAGE_ROW_H
#define NSS_IANA_PAGE_ROW_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "registry.h"

enum page_rendering {
	PAGE_PLAIN,   /* cells separated by white space */
	PAGE_PIPES,   /* cells separated by '|' ("\|" is a '|' inside a cell) */
};

/* A row's cells, each NUL-terminated in text. */
struct page_cells {
	struct buf text;
	size_t *start;
	size_t count;
	size_t capacity;
	enum page_rendering rendering;
	struct buf rest;   /* the description and the note, assembled */
	struct buf references; /* the RFCs of the Reference cell */
};

/* Whether a word is a port number or a range of them: "80", "6000-6063". */
bool page_is_port(const char *word, size_t length);
/* Whether a word is one of the transport protocols. */
bool page_is_protocol(const char *word, size_t length);

/* Splits a row's text into its non-empty cells. */
void page_cells_split(struct page_cells *cells, const char *row, size_t length,
		      enum page_rendering rendering);
/* Hands the record a row of cells stands for to handler. */
int page_cells_deliver(struct page_cells *cells, unsigned long line, record_handler handler,
		       void *context, struct source_error *err);
void page_cells_free(struct page_cells *cells);

#endif
