/*
 * The two ways a program reaches the module: its entry points, dlopen'ed
 * by the thread's first call, or glibc's getservbyname_r and getservent_r
 * with the services database routed to "iana", glibc dlopen'ing
 * libnss_iana.so.2 at the first lookup.  Either way the module's first
 * load runs in the thread whose call loads it.
 *
 * Answers are text: "name port/proto aliases" for an entry, anything else
 * (saying what went wrong) for no entry, so that a test compares one
 * string with the exact answer it expects.
 */
#ifndef NSS_IANA_ROUTES_H
#define NSS_IANA_ROUTES_H

#include <stdbool.h>
#include <stddef.h>

struct route {
	const char *name;
	void (*by_name)(const char *name, const char *proto, char *text, size_t size);
	void (*set)(void);
	/* The next entry; false at the end (or on a failure, which text says). */
	bool (*get)(char *text, size_t size);
	void (*end)(void);
};

extern const struct route module_route, glibc_route;

/* Routes glibc's services database to the module; for glibc_route. */
void route_glibc_to_the_module(void);

#endif
