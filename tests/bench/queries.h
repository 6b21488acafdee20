/*
 * A query set: the lookups of one workload, read from a text file before
 * anything is timed.  One query per line, "KEY<TAB>PROTO": KEY is a service
 * name or a port number, PROTO a protocol name or "*" for any protocol (a
 * NULL proto argument).  The benchmark script writes these files, shuffled,
 * so every backend answers the same queries in the same order.
 */
#ifndef BENCH_QUERIES_H
#define BENCH_QUERIES_H

#include <stddef.h>

struct query {
	const char *name;  /* the key as written: a name, or a port in decimal */
	int port;          /* the key as a port in network byte order, or -1 */
	const char *proto; /* NULL for any protocol */
};

struct query_set {
	struct query *items;
	size_t count;
	char *text; /* the file's contents: the strings above point into it */
};

/* 0, or an errno value; a malformed line is EINVAL. */
int query_set_load(const char *path, struct query_set *out);
void query_set_free(struct query_set *set);

#endif
