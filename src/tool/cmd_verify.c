/* iana-services verify: exit 0 only for a sound index. */
#include <string.h>

#include "index_verify.h"
#include "tool.h"

static const char usage[] =
	"Usage: iana-services verify [--index FILE]\n"
	"\n"
	"Check the index completely: header, checksum, every offset, string and\n"
	"table slot, and that every name, alias and port sits where a lookup looks\n"
	"for it.  Prints one line; exits 0 when the index is sound, 3 when it is\n"
	"not, 4 when it cannot be read.\n"
	"\n"
	"  -i, --index FILE  the index to check (default: $NSS_IANA_INDEX, else\n"
	"                    " NSS_IANA_DEFAULT_INDEX ")\n"
	"  -h, --help        show this help\n";

int cmd_verify(int argc, char **argv)
{
	const char *path;
	int first;
	int status = parse_index_options(argc, argv, usage, &path, &first);
	if (status >= 0)
		return status;
	if (first != argc) {
		fprintf(stderr, "%s verify: unexpected argument '%s'\n", program_name, argv[first]);
		return EXIT_USAGE;
	}
	path = index_path(path);
	struct mapped_file file;
	int error = file_map(path, &file);
	if (error != 0) {
		fprintf(stderr, "%s: %s: %s\n", program_name, path, strerror(error));
		return EXIT_SYSTEM;
	}
	char problem[256];
	if (index_verify(file.data, file.size, problem, sizeof(problem)) != 0) {
		fprintf(stderr, "%s: %s: %s\n", program_name, path, problem);
		status = EXIT_BAD_DATA;
	} else {
		struct index ix;
		index_open(&ix, file.data, file.size);
		printf("%s: sound: %u entries, %u aliases, %zu bytes\n", path, index_entry_count(&ix),
		       index_alias_total(&ix), file.size);
		status = EXIT_OK;
	}
	file_unmap(&file);
	return status;
}
