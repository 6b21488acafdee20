/*
 * bench-lookup: times service lookups through glibc against one NSS source
 * and prints one JSON object per workload on standard output.  The script
 * run-bench sets up each source (files, db, nscd, ...) in a private mount
 * namespace and runs this program there; see README.md in this directory.
 *
 *   bench-lookup [OPTION]... LABEL=WORKLOAD...
 *
 * WORKLOAD is name:FILE or port:FILE (lookups of a query set, see
 * queries.h), sweep:PROTO (every port of PROTO) or enumerate (getservent).
 *
 * Options:
 *   --source SOURCE    "services: SOURCE" for this process, through glibc's
 *                      __nss_configure_lookup (which also bypasses nscd);
 *                      "-" leaves glibc to /etc/nsswitch.conf and nscd
 *   --reps N           timed repetitions per workload (default 5)
 *   --min-ms MS        least time a repetition takes (default 100)
 *   --threads N        threads running each repetition at once (default 1)
 *   --digest-first     compute the answers' digest in the first pass, and
 *                      skip the second (for slow sources)
 *   --count-allocs N   do not time: count heap allocations over N lookups
 *                      made after a first, warming pass
 *   --rss              do not time: resident memory before the first lookup
 *                      and after one pass of every workload
 */
#include <errno.h>
#include <getopt.h>
#include <nss.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc_count.h"
#include "measure.h"
#include "report.h"
#include "workload.h"

#define MAX_WORKLOADS 32
#define EXIT_USAGE 2

enum mode { TIME, COUNT_ALLOCS, RSS };

struct options {
	const char *source;
	struct measure_plan plan;
	enum mode mode;
	uint64_t alloc_lookups;
};

static void usage_error(const char *message, const char *detail)
{
	fprintf(stderr, "bench-lookup: %s%s%s\n", message, detail ? ": " : "", detail ? detail : "");
	exit(EXIT_USAGE);
}

static unsigned long long number_argument(const char *text, unsigned long long max)
{
	char *end;
	errno = 0;
	unsigned long long n = strtoull(text, &end, 10);
	if (errno != 0 || end == text || *end != '\0' || n < 1 || n > max)
		usage_error("not a number in range", text);
	return n;
}

static int parse_options(int argc, char **argv, struct options *o)
{
	static const struct option long_options[] = {
		{ "source", required_argument, NULL, 's' },
		{ "reps", required_argument, NULL, 'r' },
		{ "min-ms", required_argument, NULL, 'm' },
		{ "threads", required_argument, NULL, 't' },
		{ "digest-first", no_argument, NULL, 'd' },
		{ "count-allocs", required_argument, NULL, 'a' },
		{ "rss", no_argument, NULL, 'R' },
		{ NULL, 0, NULL, 0 },
	};
	*o = (struct options){ .source = "-",
			       .plan = { .threads = 1, .reps = 5, .min_rep_ns = 100000000u } };
	int c;
	while ((c = getopt_long(argc, argv, "", long_options, NULL)) != -1) {
		switch (c) {
		case 's':
			o->source = optarg;
			break;
		case 'r':
			o->plan.reps = (unsigned)number_argument(optarg, MAX_REPS);
			break;
		case 'm':
			o->plan.min_rep_ns = number_argument(optarg, 3600000) * 1000000u;
			break;
		case 't':
			o->plan.threads = (unsigned)number_argument(optarg, MAX_THREADS);
			break;
		case 'd':
			o->plan.digest_in_first = true;
			break;
		case 'a':
			o->mode = COUNT_ALLOCS;
			o->alloc_lookups = number_argument(optarg, 1000000000);
			break;
		case 'R':
			o->mode = RSS;
			break;
		default:
			exit(EXIT_USAGE);
		}
	}
	return optind;
}

static bool label_is_plain(const char *label, size_t length)
{
	if (length == 0)
		return false;
	for (size_t i = 0; i < length; i++)
		if (!strchr("abcdefghijklmnopqrstuvwxyz0123456789_", label[i]))
			return false;
	return true;
}

static void load_queries(const char *path, struct query_set *set)
{
	int error = query_set_load(path, set);
	if (error != 0) {
		fprintf(stderr, "bench-lookup: %s: %s\n", path, strerror(error));
		exit(EXIT_USAGE);
	}
}

/* LABEL=name:FILE, LABEL=port:FILE, LABEL=sweep:PROTO or LABEL=enumerate. */
static void parse_workload(char *spec, struct workload *w)
{
	char *equals = strchr(spec, '=');
	if (equals == NULL || !label_is_plain(spec, (size_t)(equals - spec)))
		usage_error("a workload is LABEL=KIND[:ARGUMENT], LABEL in [a-z0-9_]", spec);
	*equals = '\0';
	*w = (struct workload){ .label = spec };
	char *kind = equals + 1;
	if (strncmp(kind, "name:", 5) == 0) {
		w->kind = BY_NAME;
		load_queries(kind + 5, &w->queries);
	} else if (strncmp(kind, "port:", 5) == 0) {
		w->kind = BY_PORT;
		load_queries(kind + 5, &w->queries);
	} else if (strncmp(kind, "sweep:", 6) == 0 && kind[6] != '\0') {
		w->kind = SWEEP;
		w->proto = kind + 6;
	} else if (strcmp(kind, "enumerate") == 0) {
		w->kind = ENUMERATE;
	} else {
		usage_error("unknown workload", kind);
	}
}

static void choose_source(const char *source)
{
	if (strcmp(source, "-") == 0)
		return;
	if (__nss_configure_lookup("services", source) != 0)
		usage_error("glibc refused the source", source);
}

static void count_allocations(const struct workload *w, uint64_t lookups)
{
	struct pass_result pass;
	workload_pass(w, 0, false, &pass); /* loads the module, maps, warms */
	uint64_t done = 0, found = 0;
	uint64_t before = allocations_so_far();
	while (done < lookups) {
		workload_pass(w, 0, false, &pass);
		done += pass.lookups;
		found += pass.found;
		if (pass.lookups == 0)
			break;
	}
	report_allocations(w, done, found, allocations_so_far() - before);
}

static void resident_memory(const struct workload *workloads, int count)
{
	struct pass_result pass;
	long before = resident_kib();
	for (int i = 0; i < count; i++)
		workload_pass(&workloads[i], 0, false, &pass);
	report_resident(before, resident_kib());
}

int main(int argc, char **argv)
{
	struct options o;
	int first = parse_options(argc, argv, &o);
	int count = argc - first;
	if (count < 1 || count > MAX_WORKLOADS)
		usage_error("give 1 to 32 workloads", NULL);
	struct workload workloads[MAX_WORKLOADS];
	for (int i = 0; i < count; i++)
		parse_workload(argv[first + i], &workloads[i]);
	choose_source(o.source);

	if (o.mode == RSS) {
		resident_memory(workloads, count);
		return 0;
	}
	for (int i = 0; i < count; i++) {
		if (o.mode == COUNT_ALLOCS) {
			count_allocations(&workloads[i], o.alloc_lookups);
			continue;
		}
		struct measurement m;
		measure(&workloads[i], &o.plan, &m);
		report_measurement(&workloads[i], o.source, &m);
	}
	return 0;
}
