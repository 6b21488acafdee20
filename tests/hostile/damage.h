/*
 * The named ways to break an index file, shared by the in-process reader
 * tests and the tests of the real module, so that both face the same files.
 *
 * Open damages break what index_open checks: the header, the bounds and
 * order of the sections, the string pool's terminators, the format's
 * limits on counts.  A reader must refuse such a file outright.
 *
 * Lookup damages leave the file looking sound when opened and break what
 * only a lookup walks into: hash slots, records, entries, ranges, and the
 * format's limits on lengths and on aliases per record.  A lookup that
 * meets the damage must report it (the module: UNAVAIL with EINVAL); what
 * does not meet it still answers.  A few break only what enumeration
 * reads (ENTRIES), and no lookup meets them.
 */
#ifndef NSS_IANA_HOSTILE_DAMAGE_H
#define NSS_IANA_HOSTILE_DAMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "index_reader.h"

struct open_damage {
	const char *name;
	bool descriptions;               /* start from the image with descriptions */
	void (*apply)(struct buf *image);
	enum index_status status;        /* what index_open must answer */
	int error;                       /* the errno the module must give */
};

struct service_query {
	const char *name;    /* by name when set, else by port */
	uint16_t port;
	const char *proto;   /* NULL: any protocol */
};

struct lookup_damage {
	const char *name;
	void (*apply)(struct buf *image);
	struct service_query meets;      /* a query that walks into the damage */
	/* A query that does not: it answers as in the undamaged file.  Only
	 * queries that cannot cross the damage whatever the hash layout (other
	 * protocol, other table) are used here. */
	struct service_query misses;
	/* The first entry, as "name/proto" of the fixture, that enumeration
	 * cannot read; NULL when every entry still reads. */
	const char *first_unreadable;
	/* No lookup meets it, only enumeration (meets is not asked). */
	bool enumeration_only;
};

extern const struct open_damage open_damages[];
extern const size_t open_damage_count;
extern const struct lookup_damage lookup_damages[];
extern const size_t lookup_damage_count;

/* The position of the fixture's entry "name/proto" in an undamaged image. */
uint32_t fixture_entry(const struct buf *image, const char *name_and_proto);

#endif
