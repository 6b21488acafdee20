/* The full registry through glibc's getservbyname_r, getservbyport_r,
 * getservent and getaddrinfo, checked against the Python model of the
 * registry (tests/oracle): every name, alias and port, with and without a
 * protocol, and all 65,536 ports. */
#include <arpa/inet.h>
#include <check.h>
#include <netdb.h>
#include <netinet/in.h>
#include <nss.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "test_support.h"

static char *dir;
static char *index_path;
static char registry[4096];
static char local[4096];   /* "" when the variant has no local file */

/* The indexes checked: the full registry (IANA's XML when it is beside the
 * project, else the project's snapshot of it), the same behind Debian's
 * /etc/services as a local file, and IANA's 2024 CSV (the "IANA files"
 * case, skipped without it). */
enum variant { FULL_REGISTRY, FULL_REGISTRY_BEHIND_NETBASE, IANA_CSV, VARIANTS };

static void build_variant(void)
{
	struct tool_result r = local[0]
		? run_tool((const char *const[]){ "build", "-q", "-o", index_path, "--local", local, registry, NULL })
		: run_tool((const char *const[]){ "build", "-q", "-o", index_path, registry, NULL });
	ck_assert_msg(r.status == 0, "%s", r.err);
	tool_result_free(&r);
}

/* The files of a variant, or -1 when one is missing (the test skipped). */
static int variant_files(int which)
{
	const char *path = which == IANA_CSV ? shared_registry("service-names-port-numbers-2024-06.csv")
					     : full_registry();
	if (path == NULL)
		return -1;
	snprintf(registry, sizeof(registry), "%s", path);
	local[0] = '\0';
	if (which == FULL_REGISTRY_BEHIND_NETBASE) {
		if ((path = netbase_services()) == NULL)
			return -1;
		snprintf(local, sizeof(local), "%s", path);
	}
	return 0;
}

/* Builds the index of variant _i and routes glibc's services to it. */
static int use_registry(int which)
{
	if (variant_files(which) != 0)
		return -1;
	dir = make_temp_dir();
	index_path = path_join(dir, "services.idx");
	build_variant();
	setenv("NSS_IANA_INDEX", index_path, 1);
	ck_assert_int_eq(__nss_configure_lookup("services", "iana"), 0);
	return 0;
}

static void clean_up(void)
{
	remove_tree(dir);
	free(index_path);
	free(dir);
}

/* Under valgrind only every Nth expectation is checked (GLIBC_TEST_SAMPLE). */
static bool sampled_out(unsigned long line_number)
{
	const char *sample = getenv("GLIBC_TEST_SAMPLE");
	unsigned long every = sample ? strtoul(sample, NULL, 10) : 1;
	return every > 1 && line_number % every != 0;
}

/* The model's lines for the variant in use, one at a time. */
struct oracle_lines {
	char *text;
	char *next;
};

static void oracle_open(struct oracle_lines *o, const char *command)
{
	o->text = oracle_output(registry, local[0] ? local : NULL, command);
	o->next = o->text;
}

static char *oracle_line(struct oracle_lines *o)
{
	if (*o->next == '\0')
		return NULL;
	char *line = o->next;
	size_t length = strcspn(line, "\n");
	o->next = line + length + (line[length] == '\n');
	line[length] = '\0';
	return line;
}

/* "name port proto aliases", or "-" for no answer. */
static void describe(const struct servent *s, char *out, size_t size)
{
	if (s == NULL) {
		snprintf(out, size, "-");
		return;
	}
	int n = snprintf(out, size, "%s %u %s", s->s_name, ntohs((uint16_t)s->s_port), s->s_proto);
	for (char **a = s->s_aliases; *a != NULL && (size_t)n < size; a++)
		n += snprintf(out + n, size - (size_t)n, " %s", *a);
}

static void ask_glibc(const char *kind, const char *query, const char *proto, char *answer, size_t size)
{
	struct servent entry, *found = NULL;
	char buffer[4096];
	const char *protocol = strcmp(proto, "*") == 0 ? NULL : proto;
	int status;
	if (kind[0] == 'N')
		status = getservbyname_r(query, protocol, &entry, buffer, sizeof(buffer), &found);
	else
		status = getservbyport_r((int)htons((uint16_t)atoi(query)), protocol, &entry, buffer,
					 sizeof(buffer), &found);
	ck_assert_msg(status == 0, "%s %s/%s: error %d", kind, query, proto, status);
	describe(found, answer, size);
}

START_TEST(every_name_alias_and_port_answers_as_the_model)
{
	if (use_registry(_i) != 0)
		return;
	struct oracle_lines expectations;
	oracle_open(&expectations, "expect");
	char *line, answer[4096];
	unsigned long checked = 0, wrong = 0, read = 0;
	while ((line = oracle_line(&expectations)) != NULL) {
		if (sampled_out(read++))
			continue;
		char *kind = strtok(line, "\t"), *query = strtok(NULL, "\t");
		char *proto = strtok(NULL, "\t"), *expected = strtok(NULL, "\t");
		ask_glibc(kind, query, proto, answer, sizeof(answer));
		checked++;
		if (strcmp(answer, expected) != 0 && wrong++ < 20)
			printf("%s %s/%s: glibc says \"%s\", the model \"%s\"\n", kind, query, proto, answer, expected);
	}
	free(expectations.text);
	ck_assert_uint_eq(wrong, 0);
	ck_assert_uint_gt(checked, 3 * 65536 / (sampled_out(1) ? 200 : 1));
	clean_up();
}
END_TEST

START_TEST(getservent_lists_every_entry_once_in_registry_order)
{
	if (use_registry(_i) != 0)
		return;
	struct oracle_lines entries;
	oracle_open(&entries, "dump");
	char *expected, answer[4096];
	unsigned long listed = 0;
	setservent(0);
	struct servent *s;
	while ((s = getservent()) != NULL) {
		int n = snprintf(answer, sizeof(answer), "%s %u/%s", s->s_name, ntohs((uint16_t)s->s_port),
				 s->s_proto);
		for (char **a = s->s_aliases; *a != NULL; a++)
			n += snprintf(answer + n, sizeof(answer) - (size_t)n, " %s", *a);
		ck_assert_msg((expected = oracle_line(&entries)) != NULL, "extra entry %s", answer);
		ck_assert_str_eq(answer, expected);
		listed++;
	}
	endservent();
	ck_assert_msg((expected = oracle_line(&entries)) == NULL, "missing entry %s", expected);
	free(entries.text);
	ck_assert_uint_eq(listed, oracle_count(registry, local[0] ? local : NULL, "entries"));
	clean_up();
}
END_TEST

static int port_of(const char *host, const char *service, int socket_type)
{
	struct addrinfo hints = { .ai_family = AF_INET, .ai_socktype = socket_type,
				  .ai_flags = host ? AI_NUMERICHOST : AI_PASSIVE };
	struct addrinfo *list = NULL;
	int status = getaddrinfo(host, service, &hints, &list);
	if (status != 0)
		return -status;
	int port = ntohs(((struct sockaddr_in *)(void *)list->ai_addr)->sin_port);
	freeaddrinfo(list);
	return port;
}

START_TEST(getaddrinfo_resolves_every_tcp_and_udp_name)
{
	if (use_registry(_i) != 0)
		return;
	ck_assert_int_eq(port_of(NULL, "https", SOCK_STREAM), 443);
	ck_assert_int_eq(port_of("127.0.0.1", "xmpp-client", SOCK_STREAM), 5222);
	ck_assert_int_eq(port_of("127.0.0.1", "no-such-service", SOCK_STREAM), -EAI_SERVICE);
	struct oracle_lines expectations;
	oracle_open(&expectations, "expect");
	char *line;
	unsigned long checked = 0, read = 0;
	while ((line = oracle_line(&expectations)) != NULL) {
		if (sampled_out(read++))
			continue;
		char *kind = strtok(line, "\t"), *query = strtok(NULL, "\t");
		char *proto = strtok(NULL, "\t"), *expected = strtok(NULL, "\t");
		int type = strcmp(proto, "tcp") == 0 ? SOCK_STREAM : strcmp(proto, "udp") == 0 ? SOCK_DGRAM : 0;
		if (kind[0] != 'N' || type == 0 || strcmp(expected, "-") == 0)
			continue;
		strtok(expected, " ");
		int port = atoi(strtok(NULL, " "));
		ck_assert_msg(port_of("127.0.0.1", query, type) == port, "%s/%s", query, proto);
		checked++;
	}
	free(expectations.text);
	/* each tcp and udp entry's own name at least */
	unsigned long names = oracle_count(registry, local[0] ? local : NULL, "tcp_udp_entries");
	ck_assert_uint_ge(checked, names / (sampled_out(1) ? 200 : 1));
	clean_up();
}
END_TEST

int main(void)
{
	Suite *suite = suite_create("glibc");
	TCase *c = tcase_create("full registry");
	tcase_set_timeout(c, 600);
	tcase_add_loop_test(c, every_name_alias_and_port_answers_as_the_model, 0, IANA_CSV);
	tcase_add_loop_test(c, getservent_lists_every_entry_once_in_registry_order, 0, IANA_CSV);
	tcase_add_loop_test(c, getaddrinfo_resolves_every_tcp_and_udp_name, 0, IANA_CSV);
	suite_add_tcase(suite, c);
	/* IANA's own CSV: its own test in CTest (test_glibc_iana_files) */
	TCase *iana = tcase_create("IANA files");
	tcase_set_tags(iana, "iana-files");
	tcase_set_timeout(iana, 600);
	tcase_add_loop_test(iana, every_name_alias_and_port_answers_as_the_model, IANA_CSV, VARIANTS);
	tcase_add_loop_test(iana, getservent_lists_every_entry_once_in_registry_order, IANA_CSV, VARIANTS);
	tcase_add_loop_test(iana, getaddrinfo_resolves_every_tcp_and_udp_name, IANA_CSV, VARIANTS);
	suite_add_tcase(suite, iana);
	return run_suite(suite);
}
