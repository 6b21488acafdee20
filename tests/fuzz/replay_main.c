/*
 * A main() for the fuzz targets outside libFuzzer: runs the target once on
 * each file named, and on each file inside each directory named, so that
 * the ordinary (and the sanitizer) builds replay the seed corpora and the
 * inputs that once broke something.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz_target.h"

static int replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	size_t capacity = 4096, size = 0, got;
	uint8_t *data = malloc(capacity);
	while ((got = fread(data + size, 1, capacity - size, f)) > 0) {
		size += got;
		if (size == capacity)
			data = realloc(data, capacity *= 2);
	}
	fclose(f);
	/* An exact-size copy, as libFuzzer gives: ASan sees any overrun. */
	uint8_t *exact = malloc(size ? size : 1);
	memcpy(exact, data, size);
	free(data);
	LLVMFuzzerTestOneInput(exact, size);
	free(exact);
	return 0;
}

/* Returns how many files it replayed, or -1. */
static int replay_directory(const char *path)
{
	struct dirent **names;
	int count = scandir(path, &names, NULL, alphasort);
	int replayed = 0;
	if (count < 0) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	for (int i = 0; i < count; i++) {
		char file[4096];
		struct stat st;
		snprintf(file, sizeof(file), "%s/%s", path, names[i]->d_name);
		if (names[i]->d_name[0] != '.' && stat(file, &st) == 0 && S_ISREG(st.st_mode)) {
			if (replay_file(file) != 0)
				replayed = -1;
			else if (replayed >= 0)
				replayed++;
		}
		free(names[i]);
	}
	free(names);
	return replayed;
}

int main(int argc, char **argv)
{
	int replayed = 0;
	for (int i = 1; i < argc; i++) {
		struct stat st;
		int n;
		if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode))
			n = replay_directory(argv[i]);
		else
			n = replay_file(argv[i]) == 0 ? 1 : -1;
		if (n < 0)
			return 1;
		replayed += n;
	}
	printf("%s: %d inputs replayed, no promise broken\n", argv[0], replayed);
	return 0;
}
