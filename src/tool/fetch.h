/*
 * Downloading the registry over HTTP(S) into memory, with libcurl.  Only
 * the tool uses this (never the NSS module, which stays libc-only).
 *
 * What a download may do is bounded, so that a cron job never hangs and a
 * hostile or broken server cannot make the tool hold more than it must:
 *   - only http and https, also after a redirect (at most FETCH_MAX_REDIRECTS);
 *     an https download is never redirected to plain http;
 *   - TLS certificates and host names are always verified for https;
 *   - the connection must be made within stall_seconds, and the transfer is
 *     abandoned when it stays below FETCH_LOW_SPEED bytes a second for
 *     stall_seconds, or lasts longer than total_seconds;
 *   - a body larger than max_size is abandoned as soon as that is known;
 *   - an HTTP error status (400 and above) is a failure, not a body.
 *
 * A request may be conditional (If-None-Match, If-Modified-Since): a 304
 * answer is then a success with status 304 and no body.
 */
#ifndef NSS_IANA_FETCH_H
#define NSS_IANA_FETCH_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "http_validators.h"
#include "source_error.h"

#define FETCH_MAX_REDIRECTS 5
#define FETCH_LOW_SPEED 1024              /* bytes per second */
#define FETCH_DEFAULT_STALL_SECONDS 30
#define FETCH_DEFAULT_TOTAL_SECONDS 900
#define FETCH_DEFAULT_MAX_SIZE (64u * 1024u * 1024u)

struct fetch_request {
	const char *url;
	long stall_seconds;   /* connect timeout, and how long a stall may last */
	long total_seconds;   /* the whole transfer */
	size_t max_size;      /* bytes of body, after any content decoding */
	bool progress;        /* draw a progress line on standard error */
	const char *user_agent;
	const struct http_validators *conditions; /* to send; NULL: none */
};

struct fetch_response {
	struct buf body;
	long status;            /* the last HTTP status, 0 if none came */
	char content_type[128]; /* "" when the server sent none */
	char final_url[1024];   /* after redirects */
	struct http_validators validators; /* the last response's, if acceptable */
};

/* Whether url is an http:// or https:// URL (case-insensitive scheme). */
bool fetch_url_supported(const char *url);
/* Whether url is plain http://, downloaded without any authentication. */
bool fetch_url_is_plain_http(const char *url);

/* Downloads url into response->body.  Returns 0, or -1 with err saying
 * why (line 0); the body is then to be discarded. */
int fetch_url(const struct fetch_request *request, struct fetch_response *response,
	      struct source_error *err);
void fetch_response_free(struct fetch_response *response);

#endif
