/* iana-services build: registry file -> verified index, put in place atomically. */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "compile.h"
#include "index_verify.h"
#include "index_writer.h"
#include "registry.h"
#include "sha256.h"
#include "tool.h"
#include "xalloc.h"

static const char usage[] =
	"Usage: iana-services build [--output FILE] [--local FILE]... [--descriptions]\n"
	"                           [--quiet] REGISTRY\n"
	"\n"
	"Compile REGISTRY -- IANA's service-names-port-numbers.xml or .csv, told apart\n"
	"by content, \"-\" for standard input -- into a services index.\n"
	"\n"
	"  -o, --output FILE   write the index to FILE (default: $NSS_IANA_INDEX, else\n"
	"                      " NSS_IANA_DEFAULT_INDEX ")\n"
	"  -l, --local FILE    merge a services(5) file of local entries (reserved)\n"
	"  -d, --descriptions  also store each entry's description, for lookup output\n"
	"  -q, --quiet         print nothing but errors and warnings\n"
	"  -h, --help          show this help\n"
	"\n"
	"A record becomes an entry when it has a service name, a port number or range,\n"
	"and a transport protocol; the others (reserved and unassigned rows) are\n"
	"skipped and counted.  Historic names noted 'This entry is an alias to \"X\"'\n"
	"become aliases of X.  Registry order is kept; exact duplicates are dropped.\n"
	"\n"
	"The index is written to a temporary file beside FILE, verified, synced and\n"
	"renamed over FILE, so readers never see a partial index, and on any error\n"
	"FILE stays as it was.  Errors name FILE:LINE and exit with status 3 (bad\n"
	"input) or 4 (a file could not be read or written).\n";

struct build_options {
	const char *output;
	const char *registry;
	bool descriptions;
	bool quiet;
};

static void print_warning(void *context, unsigned long line, const char *message)
{
	fprintf(stderr, "%s:%lu: warning: %s\n", (const char *)context, line, message);
}

static int parse_options(int argc, char **argv, struct build_options *o)
{
	static const struct option options[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "local", required_argument, NULL, 'l' },
		{ "descriptions", no_argument, NULL, 'd' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int option;
	while ((option = getopt_long(argc, argv, "o:l:dqh", options, NULL)) != -1) {
		switch (option) {
		case 'o':
			o->output = optarg;
			break;
		case 'l':
			fprintf(stderr, "%s build: --local is reserved and not supported yet\n",
				program_name);
			return EXIT_USAGE;
		case 'd':
			o->descriptions = true;
			break;
		case 'q':
			o->quiet = true;
			break;
		case 'h':
			fputs(usage, stdout);
			return EXIT_OK;
		default:
			fprintf(stderr, "Try '%s build --help'.\n", program_name);
			return EXIT_USAGE;
		}
	}
	if (optind != argc - 1) {
		fprintf(stderr, "%s build: expected one REGISTRY file\nTry '%s build --help'.\n",
			program_name, program_name);
		return EXIT_USAGE;
	}
	o->registry = argv[optind];
	o->output = index_path(o->output);
	return -1;
}

/* YYYYMMDD from "YYYY-MM-DD"; 0 for anything else. */
static uint32_t date_number(const char *text)
{
	unsigned year, month, day;
	char rest;
	if (sscanf(text, "%4u-%2u-%2u%c", &year, &month, &day, &rest) != 3 || month < 1 ||
	    month > 12 || day < 1 || day > 31)
		return 0;
	return year * 10000 + month * 100 + day;
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return strcmp(path, "-") == 0 ? "(standard input)" : slash ? slash + 1 : path;
}

struct build {
	struct build_options options;
	char *input;
	size_t input_size;
	struct registry_info info;
	struct service_list list;
	struct compiler compiler;
	struct buf image;
	char sha256[SHA256_HEX_SIZE];
};

static int compile_registry(struct build *b)
{
	struct source_error err = { 0 };
	int error = file_read_all(b->options.registry, &b->input, &b->input_size);
	if (error != 0) {
		fprintf(stderr, "%s: %s: %s\n", program_name, b->options.registry, strerror(error));
		return EXIT_SYSTEM;
	}
	sha256_hex(b->input, b->input_size, b->sha256);
	b->compiler.list = &b->list;
	b->compiler.warn = print_warning;
	b->compiler.warn_context = (void *)b->options.registry;
	if (registry_parse(b->input, b->input_size, compile_record, &b->compiler, &b->info, &err) != 0) {
		report_source_error(b->options.registry, &err);
		return EXIT_BAD_DATA;
	}
	compile_finish(&b->compiler);
	return EXIT_OK;
}

static int serialize(struct build *b)
{
	char generator[64], problem[256];
	snprintf(generator, sizeof(generator), "%s %s", program_name, NSS_IANA_VERSION);
	const struct index_meta_item meta[] = {
		{ "source", base_name(b->options.registry) },
		{ "format", registry_format_name(b->info.format) },
		{ "sha256", b->sha256 },
		{ "updated", b->info.updated[0] ? b->info.updated : "unknown" },
		{ "generator", generator },
	};
	struct index_options options = {
		.descriptions = b->options.descriptions,
		.registry_date = date_number(b->info.updated),
		.meta = meta,
		.meta_count = sizeof(meta) / sizeof(meta[0]),
	};
	if (index_serialize(&b->list, &options, &b->image, problem, sizeof(problem)) != 0) {
		fprintf(stderr, "%s: %s\n", b->options.registry, problem);
		return EXIT_BAD_DATA;
	}
	/* Never put an index in place that the module would refuse. */
	if (index_verify(b->image.data, b->image.length, problem, sizeof(problem)) != 0) {
		fprintf(stderr, "%s: internal error: the new index is unsound: %s\n", program_name,
			problem);
		return EXIT_BAD_DATA;
	}
	return EXIT_OK;
}

static void print_protocol_counts(const struct service_list *list)
{
	const char *seen[16];
	unsigned long counts[16];
	size_t kinds = 0;
	for (size_t i = 0; i < list->count; i++) {
		size_t k = 0;
		while (k < kinds && strcmp(seen[k], list->items[i].proto) != 0)
			k++;
		if (k == kinds && kinds < 16) {
			seen[kinds] = list->items[i].proto;
			counts[kinds++] = 0;
		}
		if (k < kinds)
			counts[k]++;
	}
	for (size_t k = 0; k < kinds; k++)
		printf("%s%s %lu", k ? ", " : " (", seen[k], counts[k]);
	printf("%s\n", kinds ? ")" : "");
}

static void print_summary(const struct build *b, double milliseconds)
{
	const struct compile_stats *s = &b->compiler.stats;
	printf("%s: wrote %s\n", program_name, b->options.output);
	printf("  registry            %s (%s, updated %s)\n", base_name(b->options.registry),
	       registry_format_name(b->info.format),
	       b->info.updated[0] ? b->info.updated : "unknown: CSV carries no date");
	printf("  records read        %lu\n", s->records);
	printf("  entries             %lu", s->entries);
	print_protocol_counts(&b->list);
	printf("  aliases             %lu\n", s->aliases);
	printf("  port ranges         %lu\n", s->ranges);
	printf("  skipped             %lu\n",
	       s->no_name + s->no_port + s->no_protocol + s->spaced_name);
	printf("    no service name   %lu (reserved or unassigned)\n", s->no_name);
	printf("    no port number    %lu\n", s->no_port);
	printf("    no protocol       %lu\n", s->no_protocol);
	if (s->spaced_name)
		printf("    name with spaces  %lu\n", s->spaced_name);
	printf("  duplicates dropped  %lu\n", s->duplicates);
	if (s->orphan_aliases)
		printf("  aliases kept as entries (no target) %lu\n", s->orphan_aliases);
	printf("  index size          %zu bytes\n", b->image.length);
	printf("  time                %.1f ms\n", milliseconds);
}

static double elapsed_ms(const struct timespec *start)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - start->tv_sec) * 1e3 + (double)(now.tv_nsec - start->tv_nsec) / 1e6;
}

int cmd_build(int argc, char **argv)
{
	struct build b = { 0 };
	struct timespec start;
	char problem[512];
	int status = parse_options(argc, argv, &b.options);
	if (status >= 0)
		return status;
	clock_gettime(CLOCK_MONOTONIC, &start);
	status = compile_registry(&b);
	if (status == EXIT_OK)
		status = serialize(&b);
	if (status == EXIT_OK &&
	    index_write_file(b.options.output, b.image.data, b.image.length, problem, sizeof(problem)) != 0) {
		fprintf(stderr, "%s: %s\n", program_name, problem);
		status = EXIT_SYSTEM;
	}
	if (status == EXIT_OK && !b.options.quiet)
		print_summary(&b, elapsed_ms(&start));
	free(b.input);
	service_list_free(&b.list);
	buf_free(&b.image);
	return status;
}
