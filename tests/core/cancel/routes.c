#include "routes.h"

#include <arpa/inet.h>
#include <dlfcn.h>
#include <netdb.h>
#include <nss.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_support.h"

#define ENTRY_BUFFER 4096

static void describe(const struct servent *s, char *text, size_t size)
{
	int n = snprintf(text, size, "%s %u/%s", s->s_name, ntohs((uint16_t)s->s_port), s->s_proto);
	for (char **a = s->s_aliases; *a != NULL && n > 0 && (size_t)n < size; a++)
		n += snprintf(text + n, size - (size_t)n, " %s", *a);
}

static const char *status_name(enum nss_status status)
{
	switch (status) {
	case NSS_STATUS_TRYAGAIN:
		return "TRYAGAIN";
	case NSS_STATUS_UNAVAIL:
		return "UNAVAIL";
	case NSS_STATUS_NOTFOUND:
		return "NOTFOUND";
	case NSS_STATUS_SUCCESS:
		return "SUCCESS";
	default:
		return "RETURN";
	}
}

static void describe_status(enum nss_status status, int error, char *text, size_t size)
{
	snprintf(text, size, "NSS_STATUS_%s, errno %d (%s)", status_name(status), error,
		 strerror(error));
}

static void *module_symbol(void *module, const char *name)
{
	void *p = dlsym(module, name);
	if (p == NULL) {
		fprintf(stderr, "%s: %s\n", MODULE_PATH, dlerror());
		abort();
	}
	return p;
}

/* The module's entry points, found by this thread's first call: the
 * dlopen() that loads the module runs in the thread that asks first.
 * Not nss_module_load(): its Check assertions report to Check's parent
 * process through a pipe, and that write() is a cancellation point, where
 * a cancel meant for the module would land in the test's own frames. */
static const struct nss_module *module(void)
{
	static _Thread_local struct nss_module entry_points;
	static _Thread_local bool loaded;
	if (loaded)
		return &entry_points;
	void *m = dlopen(MODULE_PATH, RTLD_NOW | RTLD_LOCAL);
	if (m == NULL) {
		fprintf(stderr, "%s\n", dlerror());
		abort();
	}
	/* POSIX guarantees that a dlsym() result converts to a function
	 * pointer; C11 does not, hence the stores through void **. */
	*(void **)&entry_points.by_name = module_symbol(m, "_nss_iana_getservbyname_r");
	*(void **)&entry_points.by_port = module_symbol(m, "_nss_iana_getservbyport_r");
	*(void **)&entry_points.set = module_symbol(m, "_nss_iana_setservent");
	*(void **)&entry_points.get = module_symbol(m, "_nss_iana_getservent_r");
	*(void **)&entry_points.end = module_symbol(m, "_nss_iana_endservent");
	loaded = true;
	return &entry_points;
}

static void module_by_name(const char *name, const char *proto, char *text, size_t size)
{
	struct servent s;
	char buffer[ENTRY_BUFFER];
	int error = 0;
	enum nss_status status = module()->by_name(name, proto, &s, buffer, sizeof(buffer), &error);
	if (status == NSS_STATUS_SUCCESS)
		describe(&s, text, size);
	else
		describe_status(status, error, text, size);
}

static void module_set(void)
{
	module()->set(0);
}

static bool module_get(char *text, size_t size)
{
	struct servent s;
	char buffer[ENTRY_BUFFER];
	int error = 0;
	enum nss_status status = module()->get(&s, buffer, sizeof(buffer), &error);
	if (status != NSS_STATUS_SUCCESS) {
		describe_status(status, error, text, size);
		return false;
	}
	describe(&s, text, size);
	return true;
}

static void module_end(void)
{
	module()->end();
}

const struct route module_route = {
	.name = "the module's entry points",
	.by_name = module_by_name,
	.set = module_set,
	.get = module_get,
	.end = module_end,
};

static void glibc_by_name(const char *name, const char *proto, char *text, size_t size)
{
	struct servent s, *found = NULL;
	char buffer[ENTRY_BUFFER];
	int error = getservbyname_r(name, proto, &s, buffer, sizeof(buffer), &found);
	if (found != NULL)
		describe(&s, text, size);
	else
		snprintf(text, size, "no entry: getservbyname_r returned %d (%s)", error,
			 strerror(error));
}

static void glibc_set(void)
{
	setservent(0);
}

static bool glibc_get(char *text, size_t size)
{
	struct servent s, *found = NULL;
	char buffer[ENTRY_BUFFER];
	int error = getservent_r(&s, buffer, sizeof(buffer), &found);
	if (found == NULL) {
		snprintf(text, size, "no entry: getservent_r returned %d (%s)", error,
			 strerror(error));
		return false;
	}
	describe(&s, text, size);
	return true;
}

static void glibc_end(void)
{
	endservent();
}

const struct route glibc_route = {
	.name = "glibc",
	.by_name = glibc_by_name,
	.set = glibc_set,
	.get = glibc_get,
	.end = glibc_end,
};

void route_glibc_to_the_module(void)
{
	ck_assert_int_eq(__nss_configure_lookup("services", "iana"), 0);
}
