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
 * ones included: it uses libc only, and a lookup takes no lock, allocates
 * nothing and makes no system call but, once a second, those of checking
 * the file.  Enumeration (getservent) has one cursor per process, as
 * glibc's other modules do, kept under a mutex.  fork() is safe at any
 * moment (see the end).
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
	if (servent_fill_short(e, answered, result, buffer, buffer_size))
		return NSS_STATUS_SUCCESS;
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

/* Answers by the index current at its end: an attempt during which the
 * index was replaced is thrown away and made again (index_cache.h).  The
 * caller's errno is set once, from the attempt that counts. */
enum nss_status _nss_iana_getservbyname_r(const char *name, const char *proto,
					  struct servent *result, char *buffer,
					  size_t buffer_size, int *errnop)
{
	int error;
	struct index_view view;
	enum nss_status status;
	if (name == NULL)
		return fail(errnop, NSS_STATUS_NOTFOUND, ENOENT);
	do {
		if (!index_view_begin(&view, &error))
			return fail(errnop, NSS_STATUS_UNAVAIL, error);
		struct index_entry e;
		enum index_lookup lookup = index_find_name(&view.ix, name, proto, &e);
		/* By name, a port range answers with its first port. */
		status = answer(&view.ix, lookup, &e, ENTRY_PORT, result, buffer, buffer_size,
				&error);
	} while (!index_view_still_current(&view));
	return status == NSS_STATUS_SUCCESS ? status : fail(errnop, status, error);
}

enum nss_status _nss_iana_getservbyport_r(int port, const char *proto,
					  struct servent *result, char *buffer,
					  size_t buffer_size, int *errnop)
{
	int error;
	struct index_view view;
	enum nss_status status;
	uint16_t host_port = ntohs((uint16_t)port);
	do {
		if (!index_view_begin(&view, &error))
			return fail(errnop, NSS_STATUS_UNAVAIL, error);
		struct index_entry e;
		enum index_lookup lookup = index_find_port(&view.ix, host_port, proto, &e);
		/* By port, a range answers with the port asked for. */
		status = answer(&view.ix, lookup, &e, host_port, result, buffer, buffer_size,
				&error);
	} while (!index_view_still_current(&view));
	return status == NSS_STATUS_SUCCESS ? status : fail(errnop, status, error);
}

/* The enumeration holds the index it started on, so that a rebuild in the
 * middle cannot make it skip or repeat entries; at its end it lets go, so
 * that a program that never calls endservent() does not keep that index
 * mapped. */
static pthread_mutex_t enumeration_lock = PTHREAD_MUTEX_INITIALIZER;
static struct index_view enumerated;
static bool holding;           /* enumerated is valid until let go */
static uint32_t next_entry;
static bool enumeration_ended; /* NOTFOUND until rewound */

static void rewind_enumeration(void)
{
	if (holding)
		index_cache_unhold();
	holding = false;
	next_entry = 0;
	enumeration_ended = false;
}

enum nss_status _nss_iana_setservent(int stay_open)
{
	int error;
	(void)stay_open; /* nothing to keep open: the index stays mapped */
	pthread_mutex_lock(&enumeration_lock);
	rewind_enumeration();
	holding = index_cache_hold(&enumerated, &error);
	if (!holding)
		index_cache_unhold();
	enum nss_status status = holding ? NSS_STATUS_SUCCESS : NSS_STATUS_UNAVAIL;
	pthread_mutex_unlock(&enumeration_lock);
	return status;
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
	if (!holding) {
		holding = index_cache_hold(&enumerated, &error);
		if (!holding) {
			index_cache_unhold();
			return fail(errnop, NSS_STATUS_UNAVAIL, error);
		}
	}
	const struct index *ix = &enumerated.ix;
	if (next_entry >= index_entry_count(ix)) {
		rewind_enumeration();
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
 * fork(): the enumeration lock is taken before it, so that the child gets
 * the enumeration in a consistent state; the loader is never waited for
 * (a child forked while another thread loads takes the loader back).
 */
static void before_fork(void)
{
	pthread_mutex_lock(&enumeration_lock);
}

static void after_fork_in_parent(void)
{
	pthread_mutex_unlock(&enumeration_lock);
}

static void after_fork_in_child(void)
{
	index_cache_after_fork_in_child();
	pthread_mutex_unlock(&enumeration_lock);
}

/* The first load is made here, while glibc's dlopen() of the module holds
 * back the other threads that want it (index_cache.h). */
__attribute__((constructor)) static void start(void)
{
	pthread_atfork(before_fork, after_fork_in_parent, after_fork_in_child);
	index_cache_start();
}
