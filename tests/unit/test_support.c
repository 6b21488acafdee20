#include "test_support.h"

#include <check.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "compile.h"
#include "registry.h"

extern char **environ;

/* Check runs each test in a child process, so skips are counted in memory
 * shared with the children, mapped before the first test starts. */
static atomic_uint *skip_count;

void test_skip_record(const char *format, ...)
{
	va_list arguments;
	va_start(arguments, format);
	printf("SKIP: ");
	vprintf(format, arguments);
	printf("\n");
	fflush(stdout);
	va_end(arguments);
	if (skip_count != NULL)
		atomic_fetch_add(skip_count, 1);
}

int run_suite(Suite *suite)
{
	skip_count = mmap(NULL, sizeof(*skip_count), PROT_READ | PROT_WRITE,
			  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (skip_count == MAP_FAILED) {
		perror("mmap");
		return EXIT_FAILURE;
	}
	SRunner *runner = srunner_create(suite);
	srunner_run_all(runner, CK_NORMAL);
	int failed = srunner_ntests_failed(runner);
	srunner_free(runner);
	unsigned skipped = atomic_load(skip_count);
	if (failed)
		return EXIT_FAILURE;
	if (skipped) {
		printf("%u test(s) skipped: the program reports itself skipped\n", skipped);
		return TEST_SKIPPED;
	}
	return EXIT_SUCCESS;
}

void sleep_ms(long milliseconds)
{
	struct timespec t = { milliseconds / 1000, (milliseconds % 1000) * 1000000 };
	while (nanosleep(&t, &t) != 0)
		;
}

/* Paths in a small ring of buffers, so that a few can be used together. */
static char *next_path_buffer(void)
{
	static char ring[8][4096];
	static unsigned next;
	return ring[next++ % 8];
}

const char *fixture(const char *name)
{
	char *path = next_path_buffer();
	snprintf(path, 4096, "%s/%s", FIXTURE_DIR, name);
	return path;
}

const char *shared_registry(const char *name)
{
	char *path = next_path_buffer();
	snprintf(path, 4096, "%s/%s", SHARED_REGISTRY_DIR, name);
	if (access(path, R_OK) != 0) {
		test_skip_record("%s is not readable (%s): the shared registry copies are needed",
				 path, strerror(errno));
		return NULL;
	}
	return path;
}

const char *full_registry(void)
{
	char *path = next_path_buffer();
	snprintf(path, 4096, "%s/service-names-port-numbers.xml", SHARED_REGISTRY_DIR);
	if (access(path, R_OK) != 0)
		snprintf(path, 4096, "%s", SNAPSHOT_FILE);
	return path;
}

const char *netbase_services(void)
{
	if (access(NETBASE_SERVICES, R_OK) != 0) {
		test_skip_record("%s is not readable (%s): Debian netbase's /etc/services is "
				 "needed, as this machine's netbase installed it or netbase 6.4's "
				 "beside the project", NETBASE_SERVICES, strerror(errno));
		return NULL;
	}
	return NETBASE_SERVICES;
}

char *oracle_output(const char *registry, const char *local, const char *command)
{
	char line[10000];
	snprintf(line, sizeof(line), "'%s' '%s' %s%s%s '%s' %s", PYTHON, ORACLE, local ? "--local '" : "",
		 local ? local : "", local ? "'" : "", registry, command);
	FILE *p = popen(line, "r");
	ck_assert_ptr_nonnull(p);
	size_t capacity = 1 << 20, length = 0, got;
	char *text = malloc(capacity + 1);
	while ((got = fread(text + length, 1, capacity - length, p)) > 0)
		if ((length += got) == capacity)
			text = realloc(text, (capacity *= 2) + 1);
	text[length] = '\0';
	ck_assert_msg(pclose(p) == 0, "the model failed: %s", line);
	return text;
}

/* The model's facts of the registry asked last: tests ask several. */
static const char *oracle_facts(const char *registry, const char *local)
{
	static char *facts, *asked;
	char question[8400];
	snprintf(question, sizeof(question), "%s\n%s", registry, local ? local : "");
	if (asked == NULL || strcmp(asked, question) != 0) {
		free(facts);
		free(asked);
		facts = oracle_output(registry, local, "facts");
		asked = strdup(question);
	}
	return facts;
}

char *oracle_fact(const char *registry, const char *local, const char *key)
{
	const char *facts = oracle_facts(registry, local);
	size_t key_length = strlen(key);
	for (const char *line = facts; *line != '\0';) {
		size_t length = strcspn(line, "\n");
		if (length > key_length && memcmp(line, key, key_length) == 0 && line[key_length] == ' ')
			return strndup(line + key_length + 1, length - key_length - 1);
		line += length + (line[length] == '\n');
	}
	ck_abort_msg("the model states no \"%s\" of %s", key, registry);
	return NULL;
}

unsigned long oracle_count(const char *registry, const char *local, const char *key)
{
	char *value = oracle_fact(registry, local, key);
	unsigned long count = strtoul(value, NULL, 10);
	free(value);
	return count;
}

char *make_temp_dir(void)
{
	char *dir = strdup("/tmp/nss-iana-test.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	return dir;
}

static int remove_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st, (void)type, (void)ftw;
	return remove(path);
}

void remove_tree(const char *path)
{
	nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

void scratch_make(char **dir, char **index_path)
{
	*dir = make_temp_dir();
	*index_path = path_join(*dir, "services.idx");
	unsetenv("NSS_IANA_INDEX");
}

void scratch_remove(char **dir, char **index_path)
{
	remove_tree(*dir);
	free(*index_path);
	free(*dir);
}

char *path_join(const char *dir, const char *name)
{
	size_t size = strlen(dir) + strlen(name) + 2;
	char *path = malloc(size);
	snprintf(path, size, "%s/%s", dir, name);
	return path;
}

char *slurp(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "cannot open %s: %s", path, strerror(errno));
	size_t capacity = 4096, length = 0;
	char *data = malloc(capacity + 1);
	size_t got;
	while ((got = fread(data + length, 1, capacity - length, f)) > 0) {
		length += got;
		if (length == capacity)
			data = realloc(data, (capacity *= 2) + 1);
	}
	fclose(f);
	data[length] = '\0';
	if (size != NULL)
		*size = length;
	return data;
}

void write_file(const char *path, const void *data, size_t size)
{
	FILE *f = fopen(path, "wb");
	ck_assert_msg(f != NULL, "cannot create %s: %s", path, strerror(errno));
	ck_assert_uint_eq(fwrite(data, 1, size, f), size);
	ck_assert_int_eq(fclose(f), 0);
}

void install_copy(const char *source, const char *path)
{
	size_t size;
	char *data = slurp(source, &size);
	size_t length = strlen(path) + sizeof(".new");
	char *next = malloc(length);
	ck_assert_ptr_nonnull(next);
	snprintf(next, length, "%s.new", path);
	write_file(next, data, size);
	ck_assert_int_eq(rename(next, path), 0);
	free(next);
	free(data);
}

int compile_file(const char *path, struct service_list *list, char *error, size_t error_size)
{
	size_t size;
	char *data = slurp(path, &size);
	struct compiler c = { .list = list };
	struct registry_info info;
	struct source_error err = { 0 };
	int result = registry_parse(data, size, compile_record, &c, &info, &err);
	if (result == 0)
		compile_finish(&c);
	else
		snprintf(error, error_size, "%lu: %s", err.line, err.message);
	free(data);
	return result;
}

void build_index(const char *registry, const char *output, const struct index_options *options)
{
	struct service_list list = { 0 };
	struct index_options defaults = { 0 };
	struct buf image = { 0 };
	char error[300];
	struct source_error err = { 0 };
	ck_assert_msg(compile_file(registry, &list, error, sizeof(error)) == 0, "%s: %s", registry, error);
	ck_assert_msg(index_serialize(&list, options ? options : &defaults, &image, &err) == 0, "%s",
		      err.message);
	write_file(output, image.data, image.length);
	buf_free(&image);
	service_list_free(&list);
}

void assert_contains(const char *text, const char *part)
{
	ck_assert_msg(strstr(text, part) != NULL, "\"%s\" not in:\n%s", part, text);
}

void assert_info_matches_oracle(const char *index, const char *registry)
{
	char line[400];
	struct tool_result r = run_tool((const char *const[]){ "info", "-i", index, NULL });
	ck_assert_int_eq(r.status, 0);
	char *updated = oracle_fact(registry, NULL, "updated");
	snprintf(line, sizeof(line), "Registry:      updated %s%s\n", updated,
		 strcmp(updated, "unknown") == 0 ? " (the source carries no date)" : "");
	assert_contains(r.out, line);
	snprintf(line, sizeof(line), "Entries:       %lu (tcp ", oracle_count(registry, NULL, "entries"));
	assert_contains(r.out, line);
	snprintf(line, sizeof(line), "Aliases:       %lu\n", oracle_count(registry, NULL, "aliases"));
	assert_contains(r.out, line);
	char *source = oracle_fact(registry, NULL, "source"), *format = oracle_fact(registry, NULL, "format");
	snprintf(line, sizeof(line), "Source:        %s (%s)\n", source, format);
	assert_contains(r.out, line);
	char *sha256 = oracle_fact(registry, NULL, "sha256");
	snprintf(line, sizeof(line), "SHA-256:       %s\n", sha256);
	assert_contains(r.out, line);
	tool_result_free(&r);
	free(updated);
	free(source);
	free(format);
	free(sha256);
}

/* Appends line's words before any '#' to o, separated by single spaces. */
static char *append_words(char *o, const char *line, size_t length)
{
	const char *comment = memchr(line, '#', length);
	size_t kept = comment ? (size_t)(comment - line) : length;
	int words = 0;
	for (size_t i = 0; i < kept;) {
		while (i < kept && (line[i] == ' ' || line[i] == '\t'))
			i++;
		if (i == kept)
			break;
		if (words++)
			*o++ = ' ';
		while (i < kept && line[i] != ' ' && line[i] != '\t')
			*o++ = line[i++];
	}
	if (words)
		*o++ = '\n';
	return o;
}

char *services_normalized(const char *text)
{
	char *out = malloc(strlen(text) + 1), *o = out;
	const char *line = text;
	while (*line) {
		const char *end = strchr(line, '\n');
		size_t length = end ? (size_t)(end - line) : strlen(line);
		o = append_words(o, line, length);
		line += length + (end != NULL);
	}
	*o = '\0';
	return out;
}

void assert_normalized_eq(const char *text, const char *expected)
{
	char *ours = services_normalized(text);
	ck_assert_str_eq(ours, expected);
	free(ours);
}

static char *read_all_fd(int fd)
{
	size_t capacity = 4096, length = 0;
	char *data = malloc(capacity + 1);
	ssize_t got;
	while ((got = read(fd, data + length, capacity - length)) > 0) {
		length += (size_t)got;
		if (length == capacity)
			data = realloc(data, (capacity *= 2) + 1);
	}
	data[length] = '\0';
	return data;
}

struct tool_result run_tool(const char *const *arguments)
{
	struct tool_result r = { 0 };
	char out_path[] = "/tmp/nss-iana-out.XXXXXX", err_path[] = "/tmp/nss-iana-err.XXXXXX";
	int out = mkstemp(out_path), err = mkstemp(err_path);
	ck_assert(out >= 0 && err >= 0);
	size_t count = 0;
	while (arguments[count] != NULL)
		count++;
	char **argv = calloc(count + 2, sizeof(char *));
	argv[0] = (char *)TOOL_PATH;
	memcpy(argv + 1, arguments, count * sizeof(char *));
	posix_spawn_file_actions_t actions;
	posix_spawn_file_actions_init(&actions);
	posix_spawn_file_actions_adddup2(&actions, out, 1);
	posix_spawn_file_actions_adddup2(&actions, err, 2);
	pid_t pid;
	ck_assert_int_eq(posix_spawn(&pid, TOOL_PATH, &actions, NULL, argv, environ), 0);
	int status;
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	r.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	lseek(out, 0, SEEK_SET);
	lseek(err, 0, SEEK_SET);
	r.out = read_all_fd(out);
	r.err = read_all_fd(err);
	close(out);
	close(err);
	unlink(out_path);
	unlink(err_path);
	posix_spawn_file_actions_destroy(&actions);
	free(argv);
	return r;
}

void tool_result_free(struct tool_result *r)
{
	free(r->out);
	free(r->err);
}

static void *module_symbol(void *module, const char *name)
{
	void *p = dlsym(module, name);
	ck_assert_msg(p != NULL, "%s: %s", MODULE_PATH, dlerror());
	return p;
}

void nss_module_load(struct nss_module *m)
{
	void *module = dlopen(MODULE_PATH, RTLD_NOW | RTLD_LOCAL);
	ck_assert_msg(module != NULL, "%s", dlerror());
	/* POSIX guarantees that a dlsym() result converts to a function
	 * pointer; C11 does not, hence the store through void **. */
	*(void **)&m->by_name = module_symbol(module, "_nss_iana_getservbyname_r");
	*(void **)&m->by_port = module_symbol(module, "_nss_iana_getservbyport_r");
	*(void **)&m->set = module_symbol(module, "_nss_iana_setservent");
	*(void **)&m->get = module_symbol(module, "_nss_iana_getservent_r");
	*(void **)&m->end = module_symbol(module, "_nss_iana_endservent");
}

void tool_build(const char *index, const char *registry, const char *local)
{
	struct tool_result r = local ? RUN("build", "--quiet", "--local", local, "--output", index, registry)
				     : RUN("build", "--quiet", "--output", index, registry);
	ck_assert_msg(r.status == 0, "%s", r.err);
	tool_result_free(&r);
}
