/*
 * The module inside a seccomp sandbox.  A program that confines itself
 * (systemd's SystemCallFilter=, a daemon's or a browser's own filter)
 * allows the system calls it knows its libraries make; one that resolves
 * services allows those of glibc's nss_files.  The module must live within
 * that set -- what nss_files makes to answer from /etc/services, plus mmap
 * -- and still pick up every rebuilt index: a call outside it either fails
 * (a filter answering EPERM) or kills the process (one answering SIGSYS).
 *
 * Each test loads the module (its first index mapped at load, outside any
 * filter), then forks a child that settles in with it, installs a filter
 * and resolves, while the test process, outside the filter, replaces the
 * index five times, each time with a fresh name that the child must
 * answer within three seconds.  A filter cannot be lifted, so
 * it dies with the child.  Under it the child may make no call but the
 * ones it needs to resolve, so it tells the test process how far it got,
 * and why it failed, through shared memory.
 */
#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <netdb.h>
#include <nss.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "test_support.h"

#if defined(__x86_64__)
#define FILTER_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define FILTER_ARCH AUDIT_ARCH_AARCH64
#endif

#define REBUILDS 5
/* A rebuild is due to be seen at the module's next check, about a second
 * on; three allow for a slow machine. */
#define ANSWER_WITHIN_MS 3000
#define POLL_MS 50
/* How long either side waits for the other's next step before it gives
 * up: far beyond a step's seconds, short of the test's timeout. */
#define STEP_WITHIN_MS 15000
/* The child's exit status when it could not install its filter. */
#define CHILD_NOT_CONFINED 3

#define COUNT(array) (sizeof(array) / sizeof((array)[0]))

/*
 * The allow list.  First what glibc's nss_files makes to answer
 * getservbyname() and getservbyport() from /etc/services (strace -f of a
 * program doing so with __nss_configure_lookup("services", "files"), glibc
 * 2.36): openat, newfstatat (glibc's fstat() since 2.33; fstat before),
 * lseek, read, close; the brk, mmap and munmap of malloc, which it calls
 * for its FILE and its line buffer; futex, for its lock when another
 * thread holds it.  The module's own calls -- stat, open, fstat, mmap (also
 * MAP_FIXED over its own regions), close -- are among them.
 */
static const long allowed_calls[] = {
	SYS_openat, SYS_newfstatat, SYS_fstat, SYS_lseek, SYS_read, SYS_close,
	SYS_brk, SYS_mmap, SYS_munmap, SYS_futex,
	/* The test's own: waiting between lookups (clock_nanosleep;
	 * nanosleep before glibc 2.31), the clock where the vDSO falls back
	 * to the system call, and exiting to report. */
	SYS_clock_nanosleep,
#ifdef SYS_nanosleep
	SYS_nanosleep,
#endif
	SYS_clock_gettime, SYS_exit_group,
#ifdef SYS_time
	/* The module's time(), where there is no vDSO to answer it. */
	SYS_time,
#endif
#ifdef SANITIZED_BUILD
	/* AddressSanitizer, before every call of a function that does not
	 * return (the child's _exit()), asks the kernel where the signal
	 * stack is, to unpoison it.  A sanitizer's report cannot get out
	 * of the filter: a child that makes one dies of the filter or exits
	 * with the sanitizer's status, and the test fails without it. */
	SYS_sigaltstack,
	/* gcc 14's AddressSanitizer (Debian 13) maps shadow memory for each
	 * mmap() the module makes and advises the kernel against huge pages
	 * for it. */
	SYS_madvise,
#endif
};

/* What the child and the test process share. */
struct exchange {
	atomic_bool confined;   /* the child's filter is installed */
	atomic_uint published;  /* rebuilds renamed into place by the test process */
	atomic_uint answered;   /* rebuilds whose fresh name the child was answered */
	int filter_error;       /* why the child could not install its filter: errno */
	char failure[512];      /* why the child failed */
};

static struct nss_module nss;

static long now_ms(void)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (long)now.tv_sec * 1000 + now.tv_nsec / 1000000;
}

/* The child's failure: said in shared memory, since under the filter it
 * may not write. */
__attribute__((format(printf, 2, 3), noreturn))
static void child_fails(struct exchange *x, const char *format, ...)
{
	va_list arguments;
	va_start(arguments, format);
	vsnprintf(x->failure, sizeof(x->failure), format, arguments);
	va_end(arguments);
	_exit(EXIT_FAILURE);
}

/* "name port/proto aliases" of an answer. */
static const char *show(const struct servent *s)
{
	static char text[400];
	int n = snprintf(text, sizeof(text), "%s %u/%s", s->s_name, ntohs((uint16_t)s->s_port),
			 s->s_proto);
	for (char **a = s->s_aliases; *a != NULL && (size_t)n < sizeof(text); a++)
		n += snprintf(text + n, sizeof(text) - (size_t)n, " %s", *a);
	return text;
}

/* The module's answer: "-" when not found, the status otherwise. */
static const char *module_answer(const char *name)
{
	static struct servent result;
	static char buffer[1024];
	static char status_text[64];
	int error = 0;
	enum nss_status status = nss.by_name(name, NULL, &result, buffer, sizeof(buffer), &error);
	if (status == NSS_STATUS_SUCCESS)
		return show(&result);
	if (status == NSS_STATUS_NOTFOUND && error == ENOENT)
		return "-";
	snprintf(status_text, sizeof(status_text), "status %d, error %s", (int)status,
		 strerrorname_np(error) ? strerrorname_np(error) : "?");
	return status_text;
}

/* glibc's own answer, from nss_files. */
static const char *files_answer(const char *name, const char *proto)
{
	static struct servent result;
	static char buffer[4096];
	struct servent *found = NULL;
	if (getservbyname_r(name, proto, &result, buffer, sizeof(buffer), &found) != 0 || !found)
		return "-";
	return show(found);
}

static void child_expects(struct exchange *x, const char *name, const char *expected)
{
	const char *got = module_answer(name);
	if (strcmp(got, expected) != 0)
		child_fails(x, "%s: \"%s\", expected \"%s\" (%u rebuild(s) answered)", name, got,
			    expected, atomic_load(&x->answered));
}

/* The name, port and answer of rebuild n's fresh service. */
static unsigned fresh_port(unsigned n)
{
	return 4200 + n;
}

static void fresh_service(unsigned n, char name[static 32], char answer[static 64])
{
	snprintf(name, 32, "fresh-%u", n);
	snprintf(answer, 64, "fresh-%u %u/tcp", n, fresh_port(n));
}

/* Every call allowed; any other gets the refusal.  The arch is checked
 * first, as system call numbers mean nothing without it (an x32 call on
 * x86_64 carries a number with bit 30 set, which is on no list). */
static int install_filter(uint32_t refusal)
{
	struct sock_filter program[5 + 2 * COUNT(allowed_calls)];
	size_t n = 0;
	program[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
						     offsetof(struct seccomp_data, arch));
	program[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, FILTER_ARCH, 1, 0);
	program[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS);
	program[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
						     offsetof(struct seccomp_data, nr));
	for (size_t i = 0; i < COUNT(allowed_calls); i++) {
		program[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
							    (uint32_t)allowed_calls[i], 0, 1);
		program[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	}
	program[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, refusal);
	struct sock_fprog filter = { .len = (unsigned short)n, .filter = program };
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
	    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &filter) != 0)
		return errno;
	return 0;
}

static void child_waits_for_rebuild(struct exchange *x, unsigned n)
{
	long start = now_ms();
	while (atomic_load(&x->published) < n) {
		if (now_ms() - start > STEP_WITHIN_MS)
			child_fails(x, "rebuild %u was never published", n);
		sleep_ms(POLL_MS);
	}
}

/* Until rebuild n's fresh name is answered, every answer is the old
 * index's or the new one's, and nss_files keeps answering as it did
 * before the filter: the allow list is enough for it. */
static void child_waits_for_fresh_name(struct exchange *x, unsigned n, const char *files_http)
{
	char name[32], expected[64];
	fresh_service(n, name, expected);
	long start = now_ms();
	for (;;) {
		child_expects(x, "http", "http 80/tcp");
		const char *files = files_answer("http", "tcp");
		if (strcmp(files, files_http) != 0)
			child_fails(x, "nss_files answered \"%s\" under the filter, \"%s\" before it",
				    files, files_http);
		const char *got = module_answer(name);
		if (strcmp(got, expected) == 0)
			break;
		if (strcmp(got, "-") != 0)
			child_fails(x, "%s: \"%s\", neither the old index's \"-\" nor the new one's \"%s\"",
				    name, got, expected);
		if (now_ms() - start > ANSWER_WITHIN_MS)
			child_fails(x, "%s was not answered within %d ms of rebuild %u: still \"-\" "
				    "(rebuilds 1 to %u were)", name, ANSWER_WITHIN_MS, n, n - 1);
		sleep_ms(POLL_MS);
	}
	if (n > 1) {
		char previous[32], previous_answer[64];
		fresh_service(n - 1, previous, previous_answer);
		child_expects(x, previous, "-");
	}
}

/*
 * A program confines itself once it has started up: here, after a lookup
 * and a second one past the module's next check of its file.  Then, under
 * the filter, it answers every rebuild.
 */
__attribute__((noreturn))
static void child_resolves_confined(struct exchange *x, uint32_t refusal)
{
	child_expects(x, "http", "http 80/tcp");
	sleep_ms(AFTER_THE_NEXT_CHECK_MS);
	child_expects(x, "http", "http 80/tcp");
	/* glibc's nss_files alone, whatever nsswitch.conf says. */
	__nss_configure_lookup("services", "files");
	char files_http[400];
	snprintf(files_http, sizeof(files_http), "%s", files_answer("http", "tcp"));
	/* A child killed by its filter dumps no core. */
	setrlimit(RLIMIT_CORE, &(struct rlimit){ 0, 0 });

	x->filter_error = install_filter(refusal);
	if (x->filter_error != 0)
		_exit(CHILD_NOT_CONFINED);
	atomic_store(&x->confined, true);
	for (unsigned n = 1; n <= REBUILDS; n++) {
		child_waits_for_rebuild(x, n);
		child_waits_for_fresh_name(x, n, files_http);
		atomic_store(&x->answered, n);
	}
	_exit(EXIT_SUCCESS);
}

/* Rebuild n: http as ever, and a name no earlier index had. */
static void replace_index(const char *dir, const char *index_path, unsigned n)
{
	char *csv = path_join(dir, "rebuild.csv"), *next = path_join(dir, "rebuild.idx");
	char text[200], name[32], answer[64];
	fresh_service(n, name, answer);
	int length = snprintf(text, sizeof(text),
			      "Service Name,Port Number,Transport Protocol\nhttp,80,tcp\n%s,%u,tcp\n",
			      name, fresh_port(n));
	write_file(csv, text, (size_t)length);
	build_index(csv, next, NULL);
	ck_assert_int_eq(rename(next, index_path), 0);
	free(csv);
	free(next);
}

static bool has_exited(pid_t child)
{
	siginfo_t info = { 0 };
	return waitid(P_PID, (id_t)child, &info, WEXITED | WNOHANG | WNOWAIT) == 0 &&
	       info.si_pid == child;
}

/* Waits until the child is confined and has answered n rebuilds; false if
 * it exits or stalls first. */
static bool child_is_ready_for(const struct exchange *x, pid_t child, unsigned n)
{
	long start = now_ms();
	while (!(atomic_load(&x->confined) && atomic_load(&x->answered) >= n)) {
		if (has_exited(child) || now_ms() - start > STEP_WITHIN_MS)
			return false;
		sleep_ms(10);
	}
	return true;
}

/* Rebuilds the index REBUILDS times, each once the child has answered the
 * one before; returns the child's wait status. */
static int rebuild_while_child_resolves(struct exchange *x, pid_t child, const char *dir,
					const char *index_path)
{
	for (unsigned n = 1; n <= REBUILDS && child_is_ready_for(x, child, n - 1); n++) {
		replace_index(dir, index_path, n);
		atomic_store(&x->published, n);
	}
	if (!has_exited(child) && !child_is_ready_for(x, child, REBUILDS))
		kill(child, SIGKILL);
	int status;
	ck_assert_int_eq(waitpid(child, &status, 0), child);
	return status;
}

static void confined_child_sees_every_rebuild(uint32_t refusal)
{
#ifndef FILTER_ARCH
	(void)refusal;
	TEST_SKIP("the filter checks the arch, known here for x86_64 and aarch64 only");
#else
	char *dir = make_temp_dir(), *index_path = path_join(dir, "services.idx");
	build_index(fixture("rules.xml"), index_path, NULL);
	setenv("NSS_IANA_INDEX", index_path, 1);
	nss_module_load(&nss);
	struct exchange *x = mmap(NULL, sizeof(*x), PROT_READ | PROT_WRITE,
				  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ck_assert_ptr_ne(x, MAP_FAILED);
	memset(x, 0, sizeof(*x));

	pid_t child = fork();
	ck_assert_int_ge(child, 0);
	if (child == 0)
		child_resolves_confined(x, refusal);
	int status = rebuild_while_child_resolves(x, child, dir, index_path);
	remove_tree(dir);
	free(index_path);
	free(dir);

	if (WIFEXITED(status) && WEXITSTATUS(status) == CHILD_NOT_CONFINED) {
		if (x->filter_error == EINVAL)
			TEST_SKIP("this kernel takes no seccomp filter (EINVAL)");
		ck_abort_msg("the child could not install its filter: %s", strerror(x->filter_error));
	}
	ck_assert_msg(!WIFSIGNALED(status),
		      "the child was killed by SIG%s%s, having answered %u of %d rebuilds",
		      sigabbrev_np(WTERMSIG(status)) ? sigabbrev_np(WTERMSIG(status)) : "?",
		      WTERMSIG(status) == SIGSYS ? " (a system call outside the allow list)" : "",
		      atomic_load(&x->answered), REBUILDS);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == EXIT_SUCCESS, "%s", x->failure);
	ck_assert_uint_eq(atomic_load(&x->answered), REBUILDS);
	munmap(x, sizeof(*x));
#endif
}

/* A call beyond nss_files' set that fails costs at most that call: the
 * module goes on answering from the index in hand and picks up every
 * rebuild, never stays on a stale one. */
START_TEST(calls_beyond_nss_files_failing_never_leave_the_index_stale)
{
	confined_child_sees_every_rebuild(SECCOMP_RET_ERRNO | (EPERM & SECCOMP_RET_DATA));
}
END_TEST

/* The module makes no call beyond nss_files' set (and mmap): a filter
 * that kills the process for any other lets it resolve and reload. */
START_TEST(an_allow_list_that_lets_nss_files_work_lets_the_module_work)
{
	confined_child_sees_every_rebuild(SECCOMP_RET_KILL_PROCESS);
}
END_TEST

int main(void)
{
	Suite *suite = suite_create("seccomp");
	TCase *sandbox = tcase_create("sandbox");
	tcase_set_timeout(sandbox, 60);
	tcase_add_test(sandbox, calls_beyond_nss_files_failing_never_leave_the_index_stale);
	tcase_add_test(sandbox, an_allow_list_that_lets_nss_files_work_lets_the_module_work);
	suite_add_tcase(suite, sandbox);
	return run_suite(suite);
}
