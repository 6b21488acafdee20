/* iana-services update: fetch the registry, check it, swap the index, say what changed. */
#include <ctype.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "build_options.h"
#include "diff_report.h"
#include "entry_diff.h"
#include "fetch.h"
#include "file_read.h"
#include "tool.h"
#include "update_checks.h"
#include "update_conditional.h"

#define DEFAULT_URL \
	"https://www.iana.org/assignments/service-names-port-numbers/service-names-port-numbers.xml"
#define LINES_SHOWN 10

static int cmd_update(int argc, char **argv);

const struct command update_command = {
	.name = "update",
	.run = cmd_update,
	.synopsis = "[--url URL | --file PATH] [--output FILE]\n"
		    "[--local FILE]... [--descriptions] [--force]\n"
		    "[--timeout SECONDS] [--max-size BYTES] [--quiet]",
	.summary =
		"Fetch the registry (by default IANA's XML, over verified https),\n"
		"check it -- it parses, has enough entries, is not older than the\n"
		"index's -- then replace the index atomically and print what changed.\n"
		"On any failure the index stays as it was.\n",
	.description =
		"Fetch the IANA registry, check it, and replace the index with one built from\n"
		"it, atomically; then print what changed.  On any failure the index in place\n"
		"stays exactly as it was.\n",
	.options =
		"  -u, --url URL          download the registry from URL, http:// or https://;\n"
		"                         by default IANA's own copy,\n"
		"    " DEFAULT_URL "\n"
		"  -F, --file PATH        read the registry from PATH instead (\"-\": standard\n"
		"                         input): IANA's XML or CSV, a registry snapshot or\n"
		"                         a saved registry page, as build reads them\n"
		"  -o, --output FILE      the index to replace (default: $NSS_IANA_INDEX, else\n"
		"                         " NSS_IANA_DEFAULT_INDEX ")\n"
		"  -l, --local FILE       put the entries of a services(5) file first, as build\n"
		"                         does (repeatable)\n"
		"  -d, --descriptions     also store each entry's description\n"
		"  -f, --force            install even what the checks below refuse; download\n"
		"                         without a conditional request\n"
		"  -t, --timeout SECONDS  give up when connecting takes longer, or when the\n"
		"                         server sends less than 1 KiB/s for that long (1-900,\n"
		"                         default 30); a download may last 15 minutes in all\n"
		"  -m, --max-size BYTES   refuse a larger download (suffix K, M or G for KiB,\n"
		"                         MiB, GiB; default 64M)\n"
		"  -q, --quiet            print nothing but errors and warnings\n"
		"  -h, --help             show this help\n",
	.details =
		"Downloading: an https server's certificate and name are always verified\n"
		"against the system's trusted authorities; no option turns that off.  Plain\n"
		"http works, with a warning, since nothing then proves where the data came\n"
		"from.  Up to 5 redirects are followed, never from https to http, and only\n"
		"to http or https.  The proxy environment variables (https_proxy, no_proxy,\n"
		"...) apply.  A progress line is drawn on standard error when it is a\n"
		"terminal.\n"
		"\n"
		"Checks, before anything is replaced:\n"
		"  - the registry parses completely, as build requires, and is not an HTML\n"
		"    page (a captive portal or an error page served with status 200);\n"
		"  - it has at least 1000 entries, and at least half as many as the index in\n"
		"    place (--force overrides);\n"
		"  - it is not older than the registry of the index in place, by their\n"
		"    <updated> dates; a CSV registry carries no date, so it replaces a dated\n"
		"    index only with --force;\n"
		"  - every local file the index in place was built with (see info) is given\n"
		"    again with --local, so that a scheduled update cannot drop local names\n"
		"    by accident (--force overrides);\n"
		"  - the new index verifies, as after build.\n"
		"\n"
		"The new index is written beside FILE, synced and renamed over it; programs\n"
		"running pick it up within a second.  The output names the registry dates,\n"
		"the counts of added, removed and changed entries (as diff counts them), and\n"
		"the first 10 of each.  The index records the URL (info: \"Fetched from\") and\n"
		"the server's ETag and Last-Modified, sent back next time: only a changed\n"
		"registry is downloaded again (unless --local files changed, or --force).\n"
		"\n"
		"Exit status:\n"
		"  0  the index was updated (or created)\n"
		"  1  already current: the registry has not changed (304 Not Modified), or\n"
		"     the new index would be the same file, or hold the same entries from the\n"
		"     same registry file; the index is untouched, or rewritten only to record\n"
		"     the server's new ETag and Last-Modified\n"
		"  2  usage error, or --local leaves out a local file of the index in place\n"
		"  3  bad data: not a registry, an HTML page, too few entries, older than\n"
		"     the index in place, a malformed local file\n"
		"  4  system error: a file could not be read or written\n"
		"  5  the download failed: network, TLS verification, an HTTP error status,\n"
		"     a timeout, the size limit; worth retrying later\n",
};

struct update_options {
	struct build_options build;
	const char *url;
	const char *file;
	bool force;
	long timeout;
	size_t max_size;
};

/* BYTES with an optional K, M or G (powers of 1024); 0 when invalid. */
static size_t parse_size(const char *text)
{
	char *end;
	unsigned long long value = strtoull(text, &end, 10);
	unsigned shift = 0;
	/* strtoull would take " -1" as the largest size: digits only. */
	if (!isdigit((unsigned char)text[0]))
		return 0;
	if (*end != '\0') {
		const char *units = "KMG";
		const char *unit = strchr(units, toupper((unsigned char)*end));
		if (unit == NULL || end[1] != '\0')
			return 0;
		shift = 10 * (unsigned)(unit - units + 1);
	}
	if (value > (SIZE_MAX >> shift))
		return 0;
	return (size_t)(value << shift);
}

static long parse_seconds(const char *text)
{
	char *end;
	long value = strtol(text, &end, 10);
	return end != text && *end == '\0' && value >= 1 && value <= 900 ? value : 0;
}

static bool parse_option(int option, struct update_options *o, int *status)
{
	switch (option) {
	case 'u':
		o->url = optarg;
		return true;
	case 'F':
		o->file = optarg;
		return true;
	case 'f':
		o->force = true;
		return true;
	case 't':
		o->timeout = parse_seconds(optarg);
		return o->timeout || usage_error(&update_command, status,
						  "--timeout wants 1 to 900 seconds: %s", optarg);
	case 'm':
		o->max_size = parse_size(optarg);
		return o->max_size || usage_error(&update_command, status,
						   "--max-size wants a size like 64M: %s", optarg);
	default:
		return build_option(&update_command, option, &o->build, status);
	}
}

static bool parse_options(int argc, char **argv, struct update_options *o, int *status)
{
	static const struct option options[] = {
		{ "url", required_argument, NULL, 'u' },
		{ "file", required_argument, NULL, 'F' },
		{ "force", no_argument, NULL, 'f' },
		{ "timeout", required_argument, NULL, 't' },
		{ "max-size", required_argument, NULL, 'm' },
		BUILD_LONG_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	int option;
	o->timeout = FETCH_DEFAULT_STALL_SECONDS;
	o->max_size = FETCH_DEFAULT_MAX_SIZE;
	while ((option = getopt_long(argc, argv, "u:F:ft:m:" BUILD_SHORT_OPTIONS, options, NULL)) != -1)
		if (!parse_option(option, o, status))
			return false;
	if (optind != argc)
		return usage_error(&update_command, status, "unexpected argument: %s", argv[optind]);
	if (o->url != NULL && o->file != NULL)
		return usage_error(&update_command, status, "give --url or --file, not both");
	if (o->file == NULL && o->url == NULL)
		o->url = DEFAULT_URL;
	if (o->url != NULL && !fetch_url_supported(o->url))
		return usage_error(&update_command, status,
				   "--url takes http:// or https:// URLs (--file reads a file): %s",
				   o->url);
	o->build.request.registry = o->url ? o->url : o->file;
	o->build.request.source_url = o->url;
	build_options_finish(&o->build);
	return true;
}

/* 304 Not Modified: the registry the index was built from is still the
 * server's, so the index stays as it is, its times too. */
static int not_modified(const struct update_options *o, const struct http_validators *sent)
{
	if (!http_validators_any(sent)) {
		tool_error("%s update: %s: download failed: the server answered 304 Not "
			"Modified to a request that was not conditional", program_name, o->url);
		return EXIT_FETCH_FAILED;
	}
	if (!o->build.quiet)
		update_print_not_modified(o->build.request.output, o->url, sent);
	return EXIT_ALREADY_CURRENT;
}

static int download(const struct update_options *o, const struct index_side *current,
		    struct fetch_response *response)
{
	struct http_validators conditions = { 0 };
	if (!o->force)
		update_conditions(&o->build.request, o->url, current, &conditions);
	struct fetch_request request = {
		.url = o->url,
		.stall_seconds = o->timeout,
		.total_seconds = FETCH_DEFAULT_TOTAL_SECONDS,
		.max_size = o->max_size,
		.progress = !o->build.quiet && isatty(STDERR_FILENO),
		.user_agent = "iana-services/" NSS_IANA_VERSION,
		.conditions = &conditions,
	};
	if (fetch_url_is_plain_http(o->url))
		tool_error("%s update: warning: %s is plain http: nothing proves the download "
			"comes from IANA unaltered; prefer https", program_name, o->url);
	struct source_error err;
	if (fetch_url(&request, response, &err) != 0) {
		tool_error("%s update: %s: download failed: %s", program_name, o->url, err.message);
		return EXIT_FETCH_FAILED;
	}
	return response->status == 304 ? not_modified(o, &conditions) : EXIT_OK;
}

static bool has_prefix_ignoring_case(const char *text, size_t length, const char *prefix)
{
	size_t wanted = strlen(prefix);
	return length >= wanted && strncasecmp(text, prefix, wanted) == 0;
}

static bool starts_with_html(const char *data, size_t size)
{
	size_t start = size >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	while (start < size && isspace((unsigned char)data[start]))
		start++;
	return has_prefix_ignoring_case(data + start, size - start, "<!doctype html") ||
	       has_prefix_ignoring_case(data + start, size - start, "<html");
}

/* A captive portal or a moved page answers 200 with HTML: say so plainly
 * rather than report an XML error on line 1. */
static int refuse_html(const struct update_options *o, const struct fetch_response *response)
{
	const char *type = response->content_type;
	if (strncasecmp(type, "text/html", 9) != 0 &&
	    !starts_with_html((const char *)response->body.data, response->body.length))
		return EXIT_OK;
	tool_error("%s update: %s: an HTML page%s%s%s, not the registry", program_name,
		o->build.request.registry, type[0] ? " (Content-Type: " : "", type, type[0] ? ")" : "");
	return EXIT_BAD_DATA;
}

static int obtain_registry(const struct update_options *o, const struct index_side *current,
			   struct fetch_response *response)
{
	int status;
	memset(response, 0, sizeof(*response));
	if (o->url != NULL) {
		status = download(o, current, response);
	} else {
		char *data;
		size_t size;
		struct source_error err;
		if (file_read_all(o->file, &data, &size, &err) != 0) {
			tool_error("%s update: %s: %s", program_name, o->file, err.message);
			return EXIT_SYSTEM;
		}
		response->body = (struct buf){ (uint8_t *)data, size, size + 1 };
		status = EXIT_OK;
	}
	return status == EXIT_OK ? refuse_html(o, response) : status;
}

static void print_change(const struct update_options *o, const struct index_side *current,
			 const struct index_side *candidate, const struct entry_diff *diff)
{
	char then[16], now[16];
	format_registry_date(candidate->ix.registry_date, now);
	printf("%s: updated %s\n", program_name, o->build.request.output);
	if (!current->present) {
		printf("  registry  updated %s, from %s\n", now, o->build.request.registry);
		printf("  entries   %zu (there was no usable index before)\n", candidate->list.count);
		return;
	}
	format_registry_date(current->ix.registry_date, then);
	printf("  registry  updated %s -> %s, from %s\n", then, now, o->build.request.registry);
	printf("  entries   %zu -> %zu: ", current->list.count, candidate->list.count);
	diff_report_summary(stdout, diff);
	diff_report_sections(stdout, diff, LINES_SHOWN);
}

static void print_current(const struct update_options *o, const struct index_side *current,
			  bool renewed)
{
	char date[16];
	format_registry_date(current->ix.registry_date, date);
	printf("%s: %s is already current (registry updated %s, %zu entries); %s\n",
	       program_name, o->build.request.output, date, current->list.count,
	       renewed ? "rewritten only to record this download's ETag and Last-Modified"
		       : "left as it is");
}

/* The same entries from the same registry file, but a download whose
 * validators the index in place does not record: installed all the same,
 * so that the next update asks with them, and still "already current".
 * The same for a missing descriptions file. */
static int keep_current(const struct update_options *o, const struct index_side *current,
			const struct index_side *candidate, const struct build_result *result)
{
	bool renewed = update_renews_validators(current, candidate);
	if (renewed && build_install(&o->build.request, result) != EXIT_OK)
		return EXIT_SYSTEM;
	/* An index an earlier version made has no descriptions file beside it:
	 * the registry just read gives it. */
	if (!renewed && !update_descriptions_current(o->build.request.output, &current->ix) &&
	    build_install_descriptions(o->build.request.output, result) != EXIT_OK)
		return EXIT_SYSTEM;
	if (!o->build.quiet)
		print_current(o, current, renewed);
	return EXIT_ALREADY_CURRENT;
}

/* Everything after the registry is in memory: build, check, swap, report. */
static int replace_index(const struct update_options *o, const struct index_side *current,
			 struct build_result *result)
{
	struct index_side candidate;
	struct entry_diff diff;
	int status = build_compile(&o->build.request, result);
	if (status != EXIT_OK)
		return status;
	status = update_open_candidate(result->image.data, result->image.length, &candidate);
	if (status != EXIT_OK)
		return status;
	entry_diff_compute(&current->list, &candidate.list, &diff);
	if (!o->force)
		status = update_check_candidate(current, &candidate, result->stats.entries);
	if (status == EXIT_OK && update_is_current(current, &candidate, entry_diff_is_empty(&diff)))
		status = keep_current(o, current, &candidate, result);
	else if (status == EXIT_OK)
		status = build_install(&o->build.request, result);
	if (status == EXIT_OK && !o->build.quiet)
		print_change(o, current, &candidate, &diff);
	entry_diff_free(&diff);
	update_close(&candidate);
	return status;
}

static int cmd_update(int argc, char **argv)
{
	struct update_options o = { 0 };
	struct index_side current;
	struct fetch_response response;
	struct build_result result = { 0 };
	int status = EXIT_OK;
	if (!parse_options(argc, argv, &o, &status))
		return status;
	status = update_open_current(o.build.request.output, &current);
	if (status != EXIT_OK)
		return status;
	status = obtain_registry(&o, &current, &response);
	if (status == EXIT_OK) {
		o.build.request.registry_data = (const char *)response.body.data;
		o.build.request.registry_size = response.body.length;
		o.build.request.validators = &response.validators;
		status = replace_index(&o, &current, &result);
	}
	build_result_free(&result);
	fetch_response_free(&response);
	update_close(&current);
	return status;
}
