/* iana-services verify: exit 0 only for a sound index. */
#include "index_verify.h"
#include "tool.h"

static int cmd_verify(int argc, char **argv)
{
	struct opened_index opened;
	struct source_error err;
	int status = EXIT_OK;
	if (!index_command_start(&verify_command, argc, argv, NO_ARGUMENTS, &opened, &status))
		return status;
	if (index_verify(opened.file.data, opened.file.size, &err) != 0) {
		report_file_error(opened.path, &err);
		status = EXIT_BAD_DATA;
	} else {
		printf("%s: sound: %u entries, %u aliases, %zu bytes\n", opened.path,
		       index_entry_count(&opened.ix), index_alias_total(&opened.ix), opened.file.size);
	}
	index_unload(&opened);
	return status;
}

const struct command verify_command = {
	.name = "verify",
	.run = cmd_verify,
	.synopsis = "[--index FILE]",
	.summary = "Check every byte of the index; exit 0 only if it is sound.\n",
	.description =
		"Check the index completely: header, checksum, every offset, string and\n"
		"table slot, and that every name, alias and port sits where a lookup looks\n"
		"for it.  Prints one line; exits 0 when the index is sound, 3 when it is\n"
		"not, 4 when it cannot be read.\n",
	.options = index_options_help,
};
