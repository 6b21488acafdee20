#include "report.h"

#include <inttypes.h>
#include <stdio.h>

static const char *kind_name(enum workload_kind kind)
{
	switch (kind) {
	case BY_NAME:
		return "name";
	case BY_PORT:
		return "port";
	case SWEEP:
		return "sweep";
	case ENUMERATE:
		return "enumerate";
	}
	return "unknown";
}

void report_measurement(const struct workload *w, const char *source,
			const struct measurement *m)
{
	printf("{\"label\": \"%s\", \"kind\": \"%s\", \"source\": \"%s\", \"threads\": %u, "
	       "\"lookups_per_pass\": %" PRIu64 ", \"found\": %" PRIu64 ", "
	       "\"digest\": \"%016" PRIx64 "\", \"first_found\": %" PRIu64 ", "
	       "\"first_ns\": %" PRIu64 ", \"passes\": %" PRIu64 ", \"rep_ns\": [",
	       w->label, kind_name(w->kind), source, m->threads, m->verified.lookups,
	       m->verified.found, m->verified.digest, m->first.found, m->first_ns, m->passes);
	for (unsigned i = 0; i < m->reps; i++)
		printf("%s%" PRIu64, i ? ", " : "", m->rep_ns[i]);
	printf("]}\n");
	fflush(stdout);
}

void report_allocations(const struct workload *w, uint64_t lookups, uint64_t found,
			uint64_t allocations)
{
	printf("{\"label\": \"%s\", \"kind\": \"%s\", \"lookups\": %" PRIu64 ", "
	       "\"found\": %" PRIu64 ", \"allocations\": %" PRIu64 "}\n",
	       w->label, kind_name(w->kind), lookups, found, allocations);
	fflush(stdout);
}

void report_resident(long before_kib, long after_kib)
{
	printf("{\"label\": \"rss\", \"before_kib\": %ld, \"after_kib\": %ld}\n", before_kib,
	       after_kib);
	fflush(stdout);
}
