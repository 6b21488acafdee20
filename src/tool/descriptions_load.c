/* Loading the descriptions file beside an index (descriptions_load.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "descriptions_load.h"
#include "file_read.h"
#include "tool.h"

static enum descriptions_loaded unusable(const char *path, const struct source_error *err)
{
	report_source_error(path, err);
	tool_error("%s: warning: the descriptions in %s are left out", program_name, path);
	return DESCRIPTIONS_UNUSABLE;
}

enum descriptions_loaded descriptions_load_file(const char *path, struct description_table *out)
{
	struct source_error err = { 0 };
	struct stat st;
	char *data;
	size_t size;
	memset(out, 0, sizeof(*out));
	if (stat(path, &st) != 0) {
		if (errno == ENOENT)
			return DESCRIPTIONS_ABSENT;
		source_error_set(&err, 0, "%s", strerror(errno));
		return unusable(path, &err);
	}
	/* Refused unread: what is not a file might never end. */
	if (!S_ISREG(st.st_mode) || st.st_size > DESCRIPTIONS_MAX_FILE) {
		source_error_set(&err, 0, "not a file of at most %ld bytes", DESCRIPTIONS_MAX_FILE);
		return unusable(path, &err);
	}
	if (file_read_all(path, &data, &size, &err) != 0 ||
	    descriptions_parse(data, size, out, &err) != 0)
		return unusable(path, &err);
	return DESCRIPTIONS_LOADED;
}

int descriptions_load_for_index(const char *index_path, const struct index *ix,
				struct description_table *out)
{
	char *path = descriptions_path_beside(index_path);
	const char *sha256 = index_meta(ix, "sha256");
	if (descriptions_load_file(path, out) == DESCRIPTIONS_LOADED &&
	    (sha256 == NULL || strcmp(out->sha256, sha256) != 0))
		descriptions_free(out);
	free(path);
	return 0;
}
