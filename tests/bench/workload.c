#include "workload.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <stdalign.h>
#include <string.h>

#define PORTS 65536u
/* Comfortably above any registry line, so no backend is asked twice for
 * want of room. */
#define ANSWER_BUFFER 4096

struct answer {
	struct servent entry;
	alignas(char *) char buffer[ANSWER_BUFFER];
};

#define FNV64_OFFSET 14695981039346656037u
#define FNV64_PRIME 1099511628211u

static uint64_t fnv_bytes(uint64_t h, const void *data, size_t size)
{
	const unsigned char *p = data;
	for (size_t i = 0; i < size; i++) {
		h ^= p[i];
		h *= FNV64_PRIME;
	}
	return h;
}

static uint64_t fnv_string(uint64_t h, const char *s)
{
	return fnv_bytes(h, s, strlen(s) + 1);
}

/* Mixes one lookup's outcome into the pass digest; a miss counts too, so
 * that answering a different query set cannot give the same digest. */
static uint64_t digest_answer(uint64_t h, const struct servent *e)
{
	if (e == NULL)
		return fnv_bytes(h, "-", 1);
	uint16_t port = ntohs((uint16_t)e->s_port);
	h = fnv_string(h, e->s_name);
	h = fnv_bytes(h, &port, sizeof(port));
	h = fnv_string(h, e->s_proto);
	for (char **alias = e->s_aliases; *alias != NULL; alias++)
		h = fnv_string(h, *alias);
	return fnv_bytes(h, "|", 1);
}

static void record(struct pass_result *out, const struct servent *e, bool digest)
{
	out->lookups++;
	out->found += e != NULL;
	if (digest)
		out->digest = digest_answer(out->digest, e);
}

static void by_name(const struct query_set *set, uint64_t first, bool digest,
		    struct pass_result *out)
{
	struct answer a;
	for (size_t i = 0; i < set->count; i++) {
		const struct query *q = &set->items[(first + i) % set->count];
		struct servent *e = NULL;
		getservbyname_r(q->name, q->proto, &a.entry, a.buffer, sizeof(a.buffer), &e);
		record(out, e, digest);
	}
}

static void by_port(const struct query_set *set, uint64_t first, bool digest,
		    struct pass_result *out)
{
	struct answer a;
	for (size_t i = 0; i < set->count; i++) {
		const struct query *q = &set->items[(first + i) % set->count];
		struct servent *e = NULL;
		getservbyport_r(q->port, q->proto, &a.entry, a.buffer, sizeof(a.buffer), &e);
		record(out, e, digest);
	}
}

static void sweep(const char *proto, bool digest, struct pass_result *out)
{
	struct answer a;
	for (uint32_t port = 0; port < PORTS; port++) {
		struct servent *e = NULL;
		getservbyport_r((int)htons((uint16_t)port), proto, &a.entry, a.buffer,
				sizeof(a.buffer), &e);
		record(out, e, digest);
	}
}

static void enumerate(bool digest, struct pass_result *out)
{
	struct answer a;
	struct servent *e = NULL;
	setservent(0);
	while (getservent_r(&a.entry, a.buffer, sizeof(a.buffer), &e) == 0 && e != NULL)
		record(out, e, digest);
	endservent();
}

uint64_t workload_pass_size(const struct workload *w)
{
	switch (w->kind) {
	case BY_NAME:
	case BY_PORT:
		return w->queries.count;
	case SWEEP:
		return PORTS;
	case ENUMERATE:
		break;
	}
	return 0; /* known only after a pass */
}

void workload_pass(const struct workload *w, uint64_t first, bool digest,
		   struct pass_result *out)
{
	*out = (struct pass_result){ .digest = FNV64_OFFSET };
	switch (w->kind) {
	case BY_NAME:
		by_name(&w->queries, first, digest, out);
		break;
	case BY_PORT:
		by_port(&w->queries, first, digest, out);
		break;
	case SWEEP:
		sweep(w->proto, digest, out);
		break;
	case ENUMERATE:
		enumerate(digest, out);
		break;
	}
}
