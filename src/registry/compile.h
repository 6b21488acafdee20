/*
 * From registry records to service entries.  The rules, numbered here once
 * (the tests, tests/unit/test_compile.c, and the documents use these
 * numbers); they are the contract the NSS module answers by:
 *   1. A record is an entry only with a name, a port (N or A-B) and a
 *      protocol; others are skipped and counted by reason.  So is a record
 *      whose name has spaces in it (the 2024 registry has four): no
 *      services(5) file can hold it and no program asks for it, so it is
 *      warned about rather than made an error that would refuse the whole
 *      registry.
 *   2. A record noted 'This entry is an alias to "X"' (or, from a
 *      snapshot, with alias_of X) becomes an alias of X's entry on the same
 *      port and protocol, not an entry of its own (kept as an entry, with a
 *      warning, when there is no such X).
 *   3. Registry order is kept.
 *   4. Exact duplicates (same name, ports, protocol) are dropped, counted.
 *   5. Every transport protocol is kept as the registry spells it: tcp and
 *      udp, and sctp, dccp or any other.
 *   6. A malformed field -- a port that is not a number or out of 0-65535,
 *      a range that ends before it starts, a name or protocol with white
 *      space or control characters, a '#', or too long -- is an error that
 *      names the record's line.
 */
#ifndef NSS_IANA_COMPILE_H
#define NSS_IANA_COMPILE_H

#include "index_format.h"
#include "registry.h"
#include "service_list.h"
#include "source_error.h"

/* The index format's limits are the compiler's: what it accepts, every
 * reader can read. */
#define SERVICE_NAME_MAX INDEX_MAX_NAME
#define PROTOCOL_NAME_MAX INDEX_MAX_PROTOCOL_NAME
#define SERVICE_ALIASES_MAX INDEX_MAX_ALIASES

struct compile_stats {
	unsigned long records;
	unsigned long entries;
	unsigned long aliases;
	unsigned long ranges;
	unsigned long duplicates;      /* exact duplicate records dropped */
	unsigned long no_name;         /* reserved and unassigned rows */
	unsigned long no_port;
	unsigned long no_protocol;
	unsigned long spaced_name;     /* names with spaces: unusable, warned */
	unsigned long orphan_aliases;  /* alias records without their target */
};

/* Called for each warning (the build still succeeds). */
typedef void (*compile_warning)(void *context, unsigned long line, const char *message);

struct compiler {
	struct service_list *list;
	struct compile_stats stats;
	compile_warning warn;
	void *warn_context;
};

/* A record_handler: feed it to registry_parse() with a struct compiler. */
int compile_record(void *compiler, const struct registry_record *record,
		   struct source_error *err);
/* Resolves aliases once every record is in; completes the stats. */
void compile_finish(struct compiler *c);

/* Field checks shared with the services(5) overlay parser. */
int check_token(const char *value, const char *what, size_t max, unsigned long line,
		struct source_error *err);
int parse_port_range(const char *text, uint16_t *first, uint16_t *last, unsigned long line,
		     struct source_error *err);

#endif
