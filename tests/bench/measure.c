#include "measure.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

uint64_t now_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

long resident_kib(void)
{
	long size, resident = -1;
	FILE *f = fopen("/proc/self/statm", "r");
	if (f == NULL)
		return -1;
	if (fscanf(f, "%ld %ld", &size, &resident) != 2)
		resident = -1;
	fclose(f);
	return resident < 0 ? -1 : resident * (sysconf(_SC_PAGESIZE) / 1024);
}

static uint64_t passes_to_fill(uint64_t pass_ns, uint64_t min_rep_ns)
{
	if (pass_ns == 0)
		pass_ns = 1;
	uint64_t passes = (min_rep_ns + pass_ns - 1) / pass_ns;
	return passes > 0 ? passes : 1;
}

struct runner {
	const struct workload *w;
	uint64_t passes;
	uint64_t first; /* where this thread starts in the query set */
	pthread_barrier_t *start;
	uint64_t found; /* read after the join, so the passes are not dead code */
};

static void run_passes(struct runner *r)
{
	struct pass_result p;
	for (uint64_t i = 0; i < r->passes; i++) {
		workload_pass(r->w, r->first, false, &p);
		r->found += p.found;
	}
}

static void *run_thread(void *arg)
{
	struct runner *r = arg;
	pthread_barrier_wait(r->start);
	run_passes(r);
	return NULL;
}

static void die(const char *what, int error)
{
	fprintf(stderr, "bench-lookup: %s failed (error %d)\n", what, error);
	exit(4);
}

/* One repetition on threads threads, timed from the moment they are all
 * released to the moment the last one is done. */
static uint64_t threaded_rep(const struct workload *w, unsigned threads, uint64_t passes)
{
	pthread_t ids[MAX_THREADS];
	struct runner runners[MAX_THREADS];
	pthread_barrier_t start;
	int error = pthread_barrier_init(&start, NULL, threads + 1);
	if (error != 0)
		die("pthread_barrier_init", error);
	uint64_t size = workload_pass_size(w);
	for (unsigned t = 0; t < threads; t++) {
		runners[t] = (struct runner){ .w = w, .passes = passes, .start = &start,
					      .first = size * t / threads };
		error = pthread_create(&ids[t], NULL, run_thread, &runners[t]);
		if (error != 0)
			die("pthread_create", error);
	}
	pthread_barrier_wait(&start);
	uint64_t began = now_ns();
	for (unsigned t = 0; t < threads; t++)
		pthread_join(ids[t], NULL);
	uint64_t took = now_ns() - began;
	pthread_barrier_destroy(&start);
	return took;
}

static uint64_t single_rep(const struct workload *w, uint64_t passes)
{
	struct runner r = { .w = w, .passes = passes };
	uint64_t began = now_ns();
	run_passes(&r);
	return now_ns() - began;
}

void measure(const struct workload *w, const struct measure_plan *plan,
	     struct measurement *m)
{
	unsigned threads = plan->threads < 1 ? 1 : plan->threads;
	threads = threads > MAX_THREADS ? MAX_THREADS : threads;
	*m = (struct measurement){ .threads = threads,
				   .reps = plan->reps < MAX_REPS ? plan->reps : MAX_REPS };
	uint64_t began = now_ns();
	workload_pass(w, 0, plan->digest_in_first, &m->first);
	m->first_ns = now_ns() - began;
	uint64_t pass_ns = m->first_ns;

	if (plan->digest_in_first) {
		m->verified = m->first;
	} else {
		began = now_ns();
		workload_pass(w, 0, true, &m->verified);
		pass_ns = now_ns() - began;
	}
	/* The digest slows the pass it is computed in, and a first pass may
	 * be cold: when a pass is cheap, time a plain one to size the
	 * repetitions. */
	if (pass_ns < plan->min_rep_ns / 4)
		pass_ns = single_rep(w, 1);
	m->passes = passes_to_fill(pass_ns, plan->min_rep_ns);

	for (unsigned rep = 0; rep < m->reps; rep++)
		m->rep_ns[rep] = threads > 1 ? threaded_rep(w, threads, m->passes)
					     : single_rep(w, m->passes);
}
