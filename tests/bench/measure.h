/*
 * Timing a workload.  The first pass is timed on its own: it is what a
 * process pays before anything is warm (nscd's first pass, a module's first
 * mapping).  A second pass, untimed, computes the digest of the answers
 * (or the first does, for sources slow enough not to mind).
 * Then each repetition runs as many passes as fill the minimum repetition
 * time, so that the clock's resolution is noise, and its time is recorded;
 * the script takes the median and the spread over repetitions.
 */
#ifndef BENCH_MEASURE_H
#define BENCH_MEASURE_H

#include <stdbool.h>
#include <stdint.h>

#include "workload.h"

#define MAX_REPS 64
#define MAX_THREADS 16

struct measurement {
	struct pass_result first;    /* the first pass */
	uint64_t first_ns;           /* its duration */
	struct pass_result verified; /* the second pass, with the digest */
	unsigned threads;            /* threads running passes at once */
	uint64_t passes;             /* passes per repetition, per thread */
	unsigned reps;
	uint64_t rep_ns[MAX_REPS];   /* wall time of each repetition */
};

uint64_t now_ns(void);
/* The process's resident set, in KiB (from /proc/self/statm), or -1. */
long resident_kib(void);

struct measure_plan {
	unsigned threads;    /* threads running each repetition, 1 to MAX_THREADS */
	unsigned reps;       /* 1 to MAX_REPS */
	uint64_t min_rep_ns; /* the least time a repetition should take */
	/* Compute the digest in the first pass and skip the second: for
	 * sources so slow that the digest's cost vanishes beside a lookup's. */
	bool digest_in_first;
};

void measure(const struct workload *w, const struct measure_plan *plan,
	     struct measurement *m);

#endif
