/*
 * libnss_floor.so.2: a services module that does no work.  Every lookup
 * answers the same constant entry without reading anything, so the time a
 * lookup through glibc takes with "services: floor" is glibc's own cost of
 * dispatching to a module: the floor under any module, libnss_iana included.
 *
 * The answer points at static strings instead of copying into the caller's
 * buffer; a real module must copy, so the floor stays below any of them.
 *
 * Enumeration yields NSS_FLOOR_ENTRIES constant entries (read when it
 * starts), so that the benchmark can give it as many as the registry has.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <nss.h>
#include <stddef.h>
#include <stdlib.h>

#define EXPORT __attribute__((visibility("default")))

EXPORT enum nss_status _nss_floor_getservbyname_r(const char *name, const char *proto,
						  struct servent *result, char *buffer,
						  size_t buffer_size, int *errnop);
EXPORT enum nss_status _nss_floor_getservbyport_r(int port, const char *proto,
						  struct servent *result, char *buffer,
						  size_t buffer_size, int *errnop);
EXPORT enum nss_status _nss_floor_setservent(int stay_open);
EXPORT enum nss_status _nss_floor_getservent_r(struct servent *result, char *buffer,
					       size_t buffer_size, int *errnop);
EXPORT enum nss_status _nss_floor_endservent(void);

#define FLOOR_PORT 9

static char floor_name[] = "floor";
static char floor_proto[] = "tcp";
static char *no_aliases[] = { NULL };

static void constant_answer(struct servent *result, int port)
{
	result->s_name = floor_name;
	result->s_aliases = no_aliases;
	result->s_port = port;
	result->s_proto = floor_proto;
}

enum nss_status _nss_floor_getservbyname_r(const char *name, const char *proto,
					   struct servent *result, char *buffer,
					   size_t buffer_size, int *errnop)
{
	(void)name, (void)proto, (void)buffer, (void)buffer_size, (void)errnop;
	constant_answer(result, htons(FLOOR_PORT));
	return NSS_STATUS_SUCCESS;
}

enum nss_status _nss_floor_getservbyport_r(int port, const char *proto,
					   struct servent *result, char *buffer,
					   size_t buffer_size, int *errnop)
{
	(void)proto, (void)buffer, (void)buffer_size, (void)errnop;
	constant_answer(result, port);
	return NSS_STATUS_SUCCESS;
}

/* glibc serializes the enumeration functions under its own lock. */
static unsigned long entries_left;

enum nss_status _nss_floor_setservent(int stay_open)
{
	(void)stay_open;
	const char *count = getenv("NSS_FLOOR_ENTRIES");
	entries_left = count != NULL ? strtoul(count, NULL, 10) : 0;
	return NSS_STATUS_SUCCESS;
}

enum nss_status _nss_floor_getservent_r(struct servent *result, char *buffer,
					size_t buffer_size, int *errnop)
{
	(void)buffer, (void)buffer_size;
	if (entries_left == 0) {
		*errnop = ENOENT;
		return NSS_STATUS_NOTFOUND;
	}
	entries_left--;
	constant_answer(result, htons(FLOOR_PORT));
	return NSS_STATUS_SUCCESS;
}

enum nss_status _nss_floor_endservent(void)
{
	entries_left = 0;
	return NSS_STATUS_SUCCESS;
}
