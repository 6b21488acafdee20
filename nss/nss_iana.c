/*
 * libnss_iana.so.2: the glibc "services" database answered from the IANA
 * registry index (see src/index/index_format.h).
 *
 * Status policy, the same for every entry point:
 *   found                       NSS_STATUS_SUCCESS; errno untouched
 *   no such entry               NSS_STATUS_NOTFOUND, *errnop = ENOENT
 *   caller's buffer too small   NSS_STATUS_TRYAGAIN, *errnop = ERANGE, and
 *                               nothing written (glibc retries larger)
 *   index missing, unreadable   NSS_STATUS_UNAVAIL, *errnop = why (ENOENT,
 *   or unsound                  EACCES, EINVAL, ...), so that the next
 *                               source on the nsswitch.conf line answers
 *
 * The module runs inside every program that resolves a service, setuid
 * ones included: it uses libc only, and a lookup takes no lock and
 * allocates nothing.  Enumeration (getservent) has one cursor per process,
 * as glibc's other modules do, kept under a mutex.  fork() is safe at any
 * moment: handlers hold the module's locks across it (see the end).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <nss.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#include "index_cache.h"
#include "servent.h"

#define EXPORT __attribute__((visibility("default")))

EXPORT enum nss_status _nss_iana_getservbyname_r(const char *name, const char *proto,
						 struct servent *result, char *buffer,
						 size_t buffer_size, int *errnop);
EXPORT enum nss_status _nss_iana_getservbyport_r(int port, const char *proto,
						 struct servent *result, char *buffer,
						 size_t buffer_size, int *errnop);
EXPORT enum nss_status _nss_iana_setservent(int stay_open);
EXPORT enum nss_status _nss_iana_getservent_r(struct servent *result, char *buffer,
					      size_t buffer_size, int *errnop);
EXPORT enum nss_status _nss_iana_endservent(void);

static enum nss_status fail(int *errnop, enum nss_status status, int error)
{
	*errnop = error;
	return status;
}

#define ENTRY_PORT (-1)

/* Answers with entry e, on port, or on e's own port for ENTRY_PORT. */
static enum nss_status answer(const struct index *ix, enum index_lookup lookup,
			      const struct index_entry *e, int port, struct servent *result,
			      char *buffer, size_t buffer_size, int *errnop)
{
	if (lookup == LOOKUP_ABSENT)
		return fail(errnop, NSS_STATUS_NOTFOUND, ENOENT);
	if (lookup == LOOKUP_CORRUPT)
		return fail(errnop, NSS_STATUS_UNAVAIL, EINVAL);
	uint16_t answered = port == ENTRY_PORT ? e->port : (uint16_t)port;
	switch (servent_fill(ix, e, answered, result, buffer, buffer_size)) {
	case FILL_DONE:
		return NSS_STATUS_SUCCESS;
	case FILL_TOO_SMALL:
		return fail(errnop, NSS_STATUS_TRYAGAIN, ERANGE);
	case FILL_CORRUPT:
		break;
	}
	return fail(errnop, NSS_STATUS_UNAVAIL, EINVAL);
}

enum nss_status _nss_iana_getservbyname_r(const char *name, const char *proto,
					  struct servent *result, char *buffer,
					  size_t buffer_size, int *errnop)
{
	int error;
	struct index_pin pin;
	if (name == NULL)
		return fail(errnop, NSS_STATUS_NOTFOUND, ENOENT);
	if (!index_cache_acquire(&pin, &error))
		return fail(errnop, NSS_STATUS_UNAVAIL, error);
	const struct index *ix = &pin.cached->ix;
	struct index_entry e;
	enum index_lookup lookup = index_find_name(ix, name, proto, &e);
	/* By name, a port range answers with its first port. */
	enum nss_status status = answer(ix, lookup, &e, ENTRY_PORT, result, buffer, buffer_size,
					errnop);
	index_cache_release(&pin);
	return status;
}

enum nss_status _nss_iana_getservbyport_r(int port, const char *proto,
					  struct servent *result, char *buffer,
					  size_t buffer_size, int *errnop)
{
	int error;
	struct index_pin pin;
	uint16_t host_port = ntohs((uint16_t)port);
	if (!index_cache_acquire(&pin, &error))
		return fail(errnop, NSS_STATUS_UNAVAIL, error);
	const struct index *ix = &pin.cached->ix;
	struct index_entry e;
	enum index_lookup lookup = index_find_port(ix, host_port, proto, &e);
	/* By port, a range answers with the port asked for. */
	enum nss_status status = answer(ix, lookup, &e, host_port, result, buffer, buffer_size,
					errnop);
	index_cache_release(&pin);
	return status;
}

/* The enumeration pins the index it started on, so that a rebuild in the
 * middle cannot make it skip or repeat entries; at its end it lets go, so
 * that a program that never calls endservent() does not keep that index
 * mapped. */
static pthread_mutex_t enumeration_lock = PTHREAD_MUTEX_INITIALIZER;
static struct index_pin enumerated; /* .cached is NULL until the first entry */
static uint32_t next_entry;
static bool enumeration_ended;      /* NOTFOUND until rewound */

static void rewind_enumeration(void)
{
	if (enumerated.cached != NULL)
		index_cache_release(&enumerated);
	next_entry = 0;
	enumeration_ended = false;
}

enum nss_status _nss_iana_setservent(int stay_open)
{
	int error;
	(void)stay_open; /* nothing to keep open: the index stays mapped */
	pthread_mutex_lock(&enumeration_lock);
	rewind_enumeration();
	bool pinned = index_cache_acquire_shared(&enumerated, &error);
	pthread_mutex_unlock(&enumeration_lock);
	return pinned ? NSS_STATUS_SUCCESS : NSS_STATUS_UNAVAIL;
}

enum nss_status _nss_iana_endservent(void)
{
	pthread_mutex_lock(&enumeration_lock);
	rewind_enumeration();
	pthread_mutex_unlock(&enumeration_lock);
	return NSS_STATUS_SUCCESS;
}

static enum nss_status next_service(struct servent *result, char *buffer, size_t buffer_size,
				    int *errnop)
{
	int error;
	if (enumeration_ended)
		return fail(errnop, NSS_STATUS_NOTFOUND, ENOENT);
	if (enumerated.cached == NULL && !index_cache_acquire_shared(&enumerated, &error))
		return fail(errnop, NSS_STATUS_UNAVAIL, error);
	const struct index *ix = &enumerated.cached->ix;
	if (next_entry >= index_entry_count(ix)) {
		index_cache_release(&enumerated);
		enumeration_ended = true;
		return fail(errnop, NSS_STATUS_NOTFOUND, ENOENT);
	}
	struct index_entry e;
	enum index_lookup lookup = index_entry(ix, next_entry, &e) == INDEX_OK ? LOOKUP_FOUND
									      : LOOKUP_CORRUPT;
	enum nss_status status = answer(ix, lookup, &e, ENTRY_PORT, result, buffer, buffer_size,
					errnop);
	/* After ERANGE glibc asks again with a larger buffer: same entry. */
	if (status == NSS_STATUS_SUCCESS)
		next_entry++;
	return status;
}

enum nss_status _nss_iana_getservent_r(struct servent *result, char *buffer,
				       size_t buffer_size, int *errnop)
{
	pthread_mutex_lock(&enumeration_lock);
	enum nss_status status = next_service(result, buffer, buffer_size, errnop);
	pthread_mutex_unlock(&enumeration_lock);
	return status;
}

/*
 * fork(): the enumeration lock and the cache's loader lock are taken before
 * it, in that order (the order getservent takes them in), so that the
 * child gets both in a consistent state; in the child, the pins of the
 * threads that did not survive are dropped, and the enumeration keeps its
 * own.
 */
static void before_fork(void)
{
	pthread_mutex_lock(&enumeration_lock);
	index_cache_before_fork();
}

static void after_fork_in_parent(void)
{
	index_cache_after_fork_in_parent();
	pthread_mutex_unlock(&enumeration_lock);
}

static void after_fork_in_child(void)
{
	index_cache_after_fork_in_child(&enumerated);
	pthread_mutex_unlock(&enumeration_lock);
}

__attribute__((constructor)) static void register_fork_handlers(void)
{
	pthread_atfork(before_fork, after_fork_in_parent, after_fork_in_child);
}
