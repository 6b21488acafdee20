/*
 * The program's output: one JSON object per line, which run-bench reads.
 * Labels are plain ([a-z0-9_], checked when parsed), so nothing needs
 * escaping.
 */
#ifndef BENCH_REPORT_H
#define BENCH_REPORT_H

#include <stdint.h>

#include "measure.h"
#include "workload.h"

void report_measurement(const struct workload *w, const char *source,
			const struct measurement *m);
void report_allocations(const struct workload *w, uint64_t lookups, uint64_t found,
			uint64_t allocations);
void report_resident(long before_kib, long after_kib);

#endif
