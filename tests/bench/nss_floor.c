/*
 * libnss_floor.so.2: a services module that does no work beyond what any
 * module must do to answer.  Every lookup answers the same constant entry
 * without reading anything, so the time a lookup through glibc takes with
 * "services: floor" is glibc's own cost of dispatching to a module and
 * receiving an answer: the floor under any module, libnss_iana included.
 *
 * The answer is copied into the caller's buffer, as a real module's must
 * be (its strings cannot point anywhere else), with as few writes as that
 * takes: one constant block -- the alias list's NULL and the two strings --
 * once the buffer is known to hold it, then the four fields.
 *
 * Enumeration yields NSS_FLOOR_ENTRIES constant entries (read when it
 * starts), so that the benchmark can give it as many as the registry has.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <nss.h>
#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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

/* The alias list's terminating NULL, then "floor" and "tcp". */
struct floor_answer {
	char *aliases[1];
	char strings[10];
};

static const struct floor_answer constant = { { NULL }, "floor\0tcp" };

static enum nss_status constant_answer(struct servent *result, int port, char *buffer,
				       size_t buffer_size, int *errnop)
{
	size_t gap = (size_t)(-(uintptr_t)buffer & (alignof(char *) - 1));
	if (buffer_size < gap + sizeof(constant)) {
		*errnop = ERANGE;
		return NSS_STATUS_TRYAGAIN;
	}
	struct floor_answer *answer = (struct floor_answer *)(void *)(buffer + gap);
	memcpy(answer, &constant, sizeof(constant));
	result->s_name = answer->strings;
	result->s_aliases = answer->aliases;
	result->s_port = port;
	result->s_proto = answer->strings + sizeof("floor");
	return NSS_STATUS_SUCCESS;
}

enum nss_status _nss_floor_getservbyname_r(const char *name, const char *proto,
					   struct servent *result, char *buffer,
					   size_t buffer_size, int *errnop)
{
	(void)name, (void)proto;
	return constant_answer(result, htons(FLOOR_PORT), buffer, buffer_size, errnop);
}

enum nss_status _nss_floor_getservbyport_r(int port, const char *proto,
					   struct servent *result, char *buffer,
					   size_t buffer_size, int *errnop)
{
	(void)proto;
	return constant_answer(result, port, buffer, buffer_size, errnop);
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
	if (entries_left == 0) {
		*errnop = ENOENT;
		return NSS_STATUS_NOTFOUND;
	}
	enum nss_status status = constant_answer(result, htons(FLOOR_PORT), buffer, buffer_size,
						 errnop);
	if (status == NSS_STATUS_SUCCESS)
		entries_left--;
	return status;
}

enum nss_status _nss_floor_endservent(void)
{
	entries_left = 0;
	return NSS_STATUS_SUCCESS;
}
