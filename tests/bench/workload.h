/*
 * The workloads: what one pass of each asks glibc.  Every lookup goes
 * through the public reentrant functions (getservbyname_r, getservbyport_r,
 * getservent_r), so each one pays what a program pays, glibc's dispatch
 * included.
 */
#ifndef BENCH_WORKLOAD_H
#define BENCH_WORKLOAD_H

#include <stdbool.h>
#include <stdint.h>

#include "queries.h"

enum workload_kind {
	BY_NAME,   /* getservbyname_r for each query */
	BY_PORT,   /* getservbyport_r for each query */
	SWEEP,     /* getservbyport_r for every port 0..65535 of one protocol */
	ENUMERATE, /* setservent, getservent_r until the end, endservent */
};

struct workload {
	const char *label;
	enum workload_kind kind;
	struct query_set queries; /* BY_NAME, BY_PORT */
	const char *proto;        /* SWEEP */
};

/* What a pass saw: lookups made, lookups answered, and a digest of every
 * answer (name, port, protocol, aliases) so that backends can be checked
 * to agree.  The digest is computed only when asked: it is not timed. */
struct pass_result {
	uint64_t lookups;
	uint64_t found;
	uint64_t digest;
};

/* Lookups one pass makes. */
uint64_t workload_pass_size(const struct workload *w);

/* One pass, starting at query number first (so that threads sharing a
 * query set do not walk it in step). */
void workload_pass(const struct workload *w, uint64_t first, bool digest,
		   struct pass_result *out);

#endif
