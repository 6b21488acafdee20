/* Downloading with libcurl under the bounds described in fetch.h. */
#include "fetch.h"

#include <curl/curl.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

struct transfer {
	struct fetch_response *response;
	size_t max_size;
	bool too_large;          /* the write callback refused more data */
	bool progress;
	bool progress_drawn;     /* a progress line is on the terminal */
	curl_off_t total;        /* the size announced, 0 when unknown */
	struct timespec last_drawn;
};

static bool has_scheme(const char *url, const char *scheme)
{
	size_t length = strlen(scheme);
	return strncasecmp(url, scheme, length) == 0 && url[length] != '\0';
}

bool fetch_url_supported(const char *url)
{
	return has_scheme(url, "http://") || has_scheme(url, "https://");
}

bool fetch_url_is_plain_http(const char *url)
{
	return has_scheme(url, "http://");
}

/* cppcheck-suppress constParameterCallback ; the type is libcurl's write callback */
static size_t on_body(char *data, size_t size, size_t count, void *context)
{
	struct transfer *t = context;
	size_t length = size * count;
	if (length > t->max_size - t->response->body.length) {
		t->too_large = true;
		return 0; /* anything but length makes libcurl abort the transfer */
	}
	buf_append(&t->response->body, data, length);
	return length;
}

static double mebibytes(curl_off_t bytes)
{
	return (double)bytes / (1024.0 * 1024.0);
}

static void draw_progress(struct transfer *t, curl_off_t total, curl_off_t now)
{
	if (total > 0)
		fprintf(stderr, "\rdownloading: %.1f of %.1f MiB (%d%%) ", mebibytes(now),
			mebibytes(total), (int)(now * 100 / total));
	else
		fprintf(stderr, "\rdownloading: %.1f MiB ", mebibytes(now));
	t->progress_drawn = true;
}

/* Redrawn at most ten times a second: a terminal line, not a log. */
static int on_progress(void *context, curl_off_t download_total, curl_off_t download_now,
		       curl_off_t upload_total, curl_off_t upload_now)
{
	struct transfer *t = context;
	struct timespec now;
	(void)upload_total, (void)upload_now;
	t->total = download_total;
	clock_gettime(CLOCK_MONOTONIC, &now);
	long elapsed_ms = (long)(now.tv_sec - t->last_drawn.tv_sec) * 1000 +
			  (now.tv_nsec - t->last_drawn.tv_nsec) / 1000000;
	if (download_now > 0 && (!t->progress_drawn || elapsed_ms >= 100)) {
		draw_progress(t, download_total, download_now);
		t->last_drawn = now;
	}
	return 0;
}

/* The line is left showing what arrived in the end, counted as the total
 * is, in bytes on the wire: a compressed body inflates to more. */
static void end_progress(CURL *curl, struct transfer *t)
{
	curl_off_t received = 0;
	if (!t->progress_drawn)
		return;
	curl_easy_getinfo(curl, CURLINFO_SIZE_DOWNLOAD_T, &received);
	draw_progress(t, t->total, received);
	fputs("\n", stderr);
}

static void set_limits(CURL *curl, const struct fetch_request *request)
{
	/* Never let a redirect downgrade a verified download to plain http. */
	const char *redirects = fetch_url_is_plain_http(request->url) ? "http,https" : "https";
	curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, redirects);
	curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(curl, CURLOPT_MAXREDIRS, (long)FETCH_MAX_REDIRECTS);
	curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
	curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, request->stall_seconds);
	curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, (long)FETCH_LOW_SPEED);
	curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, request->stall_seconds);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT, request->total_seconds);
	curl_easy_setopt(curl, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)request->max_size);
	curl_easy_setopt(curl, CURLOPT_FAILONERROR, 1L);
	/* No signals: timeouts must not depend on SIGALRM in a library. */
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
}

static void set_callbacks(CURL *curl, struct transfer *t)
{
	curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(curl, CURLOPT_WRITEDATA, t);
	curl_easy_setopt(curl, CURLOPT_NOPROGRESS, t->progress ? 0L : 1L);
	if (t->progress) {
		curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, on_progress);
		curl_easy_setopt(curl, CURLOPT_XFERINFODATA, t);
	}
}

static void copy_info_string(CURL *curl, CURLINFO what, char *out, size_t size)
{
	char *value = NULL;
	if (curl_easy_getinfo(curl, what, &value) == CURLE_OK && value != NULL)
		snprintf(out, size, "%s", value);
	else
		out[0] = '\0';
}

/* On failure the list so far stays, shorter: a condition is only a saving. */
static struct curl_slist *add_header(struct curl_slist *list, const char *name, const char *value)
{
	char line[HTTP_VALIDATOR_MAX + 32];
	struct curl_slist *longer;
	if (value[0] == '\0' || !http_validator_acceptable(value))
		return list;
	snprintf(line, sizeof(line), "%s: %s", name, value);
	longer = curl_slist_append(list, line);
	return longer ? longer : list;
}

static struct curl_slist *conditional_headers(const struct http_validators *conditions)
{
	struct curl_slist *list = NULL;
	if (conditions == NULL)
		return NULL;
	list = add_header(list, "If-None-Match", conditions->etag);
	return add_header(list, "If-Modified-Since", conditions->last_modified);
}

/* A header given more than once names no single validator: none is kept. */
static void copy_header(CURL *curl, const char *name, char out[HTTP_VALIDATOR_MAX + 1])
{
	struct curl_header *header;
	out[0] = '\0';
	if (curl_easy_header(curl, name, 0, CURLH_HEADER, -1, &header) == CURLHE_OK &&
	    header->amount == 1)
		http_validator_copy(out, header->value);
}

static void describe_failure(CURLcode code, const char *detail, const struct transfer *t,
			     const struct fetch_request *request, struct source_error *err)
{
	const char *what = detail[0] ? detail : curl_easy_strerror(code);
	if (t->too_large || code == CURLE_FILESIZE_EXCEEDED)
		source_error_set(err, 0, "the download is larger than the limit of %zu bytes",
				 request->max_size);
	else if (code == CURLE_HTTP_RETURNED_ERROR)
		source_error_set(err, 0, "the server answered HTTP status %ld", t->response->status);
	else if (code == CURLE_PARTIAL_FILE)
		source_error_set(err, 0, "the download was cut short: %s", what);
	else if (code == CURLE_OPERATION_TIMEDOUT)
		source_error_set(err, 0, "the server stalled: %s", what);
	else
		source_error_set(err, 0, "%s", what);
}

static int perform(CURL *curl, const struct fetch_request *request, struct transfer *t,
		   struct source_error *err)
{
	char detail[CURL_ERROR_SIZE] = "";
	struct fetch_response *r = t->response;
	curl_easy_setopt(curl, CURLOPT_URL, request->url);
	curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, detail);
	curl_easy_setopt(curl, CURLOPT_USERAGENT, request->user_agent);
	/* The registry compresses tenfold; libcurl inflates what it asked for. */
	curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");
	set_limits(curl, request);
	set_callbacks(curl, t);
	struct curl_slist *conditions = conditional_headers(request->conditions);
	curl_easy_setopt(curl, CURLOPT_HTTPHEADER, conditions);
	CURLcode code = curl_easy_perform(curl);
	curl_slist_free_all(conditions);
	end_progress(curl, t);
	curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &r->status);
	copy_info_string(curl, CURLINFO_CONTENT_TYPE, r->content_type, sizeof(r->content_type));
	copy_info_string(curl, CURLINFO_EFFECTIVE_URL, r->final_url, sizeof(r->final_url));
	copy_header(curl, "ETag", r->validators.etag);
	copy_header(curl, "Last-Modified", r->validators.last_modified);
	if (code != CURLE_OK) {
		describe_failure(code, detail, t, request, err);
		return -1;
	}
	return 0;
}

int fetch_url(const struct fetch_request *request, struct fetch_response *response,
	      struct source_error *err)
{
	struct transfer t = {
		.response = response, .max_size = request->max_size, .progress = request->progress,
	};
	int result = -1;
	memset(response, 0, sizeof(*response));
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		source_error_set(err, 0, "cannot initialize libcurl");
		return -1;
	}
	CURL *curl = curl_easy_init();
	if (curl == NULL)
		source_error_set(err, 0, "cannot initialize libcurl");
	else
		result = perform(curl, request, &t, err);
	if (curl != NULL)
		curl_easy_cleanup(curl);
	curl_global_cleanup();
	/* Parsers are handed NUL-terminated text, like file_read_all gives. */
	if (result == 0) {
		buf_append_byte(&response->body, '\0');
		response->body.length--;
	}
	return result;
}

void fetch_response_free(struct fetch_response *response)
{
	buf_free(&response->body);
}
