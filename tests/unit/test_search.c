/* iana-services lookup, search and --json as a user runs them: the
 * registry's descriptions and references beside each answer, search's
 * matching and ranking (checked against a Python model of it,
 * tests/oracle/search_oracle.py, on IANA's XML), and JSON that a real
 * JSON parser reads. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_support.h"

static char *dir;
static char *index_path;

static void setup(void)
{
	scratch_make(&dir, &index_path);
}

static void teardown(void)
{
	scratch_remove(&dir, &index_path);
}

/* Builds index_path from registry, with local in front unless NULL. */
static void build(const char *registry, const char *local)
{
	tool_build(index_path, registry, local);
}

/* Runs Python's json module on text, then the assertions of check (Python
 * statements about the document, d): fails the test unless text is one
 * valid JSON document in UTF-8 of which every assertion holds. */
static void assert_json(const char *text, const char *check)
{
	char *document = path_join(dir, "document.json"), *script = path_join(dir, "check.py");
	char program[8192], command[12288];
	snprintf(program, sizeof(program),
		 "import json, sys\n"
		 "with open(sys.argv[1], encoding='utf-8', errors='strict') as f:\n"
		 "    d = json.load(f)\n"
		 "%s\n",
		 check);
	write_file(document, text, strlen(text));
	write_file(script, program, strlen(program));
	snprintf(command, sizeof(command), "'%s' '%s' '%s'", PYTHON, script, document);
	ck_assert_msg(system(command) == 0, "the JSON check failed:\n%s\non:\n%s", check, text);
	free(document);
	free(script);
}

/* search's lines, reduced to "name port/proto aliases", equal the model's
 * for the same words. */
static void assert_search_matches_model(const char *registry, const char *local,
					const char *const *words)
{
	char command[8192], arguments[4096] = "";
	const char *argv[32] = { "search", "-i", index_path };
	size_t argc = 3;
	for (size_t i = 0; words[i] != NULL; i++) {
		argv[argc++] = words[i];
		snprintf(arguments + strlen(arguments), sizeof(arguments) - strlen(arguments),
			 " '%s'", words[i]);
	}
	argv[argc] = NULL;
	snprintf(command, sizeof(command), "'%s' '%s' %s%s%s '%s' %s", PYTHON, SEARCH_ORACLE,
		 local ? "--local '" : "", local ? local : "", local ? "'" : "", registry, arguments);
	FILE *p = popen(command, "r");
	ck_assert_ptr_nonnull(p);
	char model[1 << 16];
	size_t length = fread(model, 1, sizeof(model) - 1, p);
	model[length] = '\0';
	ck_assert_msg(pclose(p) == 0, "the model failed: %s", command);
	struct tool_result r = run_tool(argv);
	ck_assert_msg(r.status == (model[0] != '\0' ? 0 : 1), "%s: status %d", arguments, r.status);
	char *ours = services_normalized(r.out);
	ck_assert_msg(strcmp(ours, model) == 0, "search%s:\nours:\n%s\nmodel:\n%s", arguments, ours,
		      model);
	free(ours);
	tool_result_free(&r);
}

/* Rules of search on the fixture registry (tests/fixtures/rules.xml). */

START_TEST(search_ranks_names_then_prefixes_then_descriptions)
{
	build(fixture("rules.xml"), NULL);
	struct tool_result r = RUN("search", "-i", index_path, "name");
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.out,
			 "name                  42/tcp  # Host Name Server\n"
			 "name                  42/udp  # Host Name Server\n"
			 "nameserver            42/tcp  # Host Name Server\n"
			 "http                  80/tcp  # World Wide Web HTTP Defined TXT keys: "
			 "u=<username> p=<password> path=<path>\n"
			 "interhdl-elmd         1454/tcp interhdl_elmd  # interHDL License Manager IANA "
			 "assigned this well-formed service name as a replacement for \"interhdl_elmd\".\n"
			 "whoispp               63/tcp whois++  # whois++ IANA assigned this well-formed "
			 "service name as a replacement for \"whois++\".\n"
			 "Hello-World           7777/tcp  # A name with capitals, before its lowercase twin\n");
	ck_assert_str_eq(r.err, "");
	tool_result_free(&r);
}
END_TEST

START_TEST(search_needs_every_word_each_anywhere)
{
	build(fixture("rules.xml"), NULL);
	struct tool_result r = RUN("search", "-i", index_path, "WEB", "http");
	ck_assert_int_eq(r.status, 0);
	assert_normalized_eq(r.out, "http 80/tcp\nhttp 80/udp\nwww 80/tcp\n");
	tool_result_free(&r);
	r = RUN("search", "-i", index_path, "window", "system");
	assert_contains(r.out, "x11                   6000/tcp  # X Window System (ports 6000-6063)\n");
	tool_result_free(&r);
}
END_TEST

START_TEST(search_matches_rfc_numbers_whole)
{
	build(fixture("rules.xml"), NULL);
	const char *words[] = { "1078", "rfc1078", "RFC1078" };
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		struct tool_result r = RUN("search", "-i", index_path, words[i]);
		ck_assert_msg(r.status == 0, "%s", words[i]);
		assert_normalized_eq(r.out, "tcpmux 1/tcp\n");
		tool_result_free(&r);
	}
	struct tool_result r = RUN("search", "-i", index_path, "--describe", "multiplexer");
	ck_assert_str_eq(r.out, "tcpmux                1/tcp  # TCP Port Service Multiplexer [RFC1078]\n"
				"tcpmux                1/udp  # TCP Port Service Multiplexer\n");
	tool_result_free(&r);
	r = RUN("search", "-i", index_path, "107");
	ck_assert_int_eq(r.status, 1);
	tool_result_free(&r);
}
END_TEST

START_TEST(search_protocol_and_limit_narrow_the_list)
{
	build(fixture("rules.xml"), NULL);
	struct tool_result r = RUN("search", "-i", index_path, "--protocol", "udp", "name");
	ck_assert_int_eq(r.status, 0);
	assert_normalized_eq(r.out, "name 42/udp\n");
	tool_result_free(&r);
	r = RUN("search", "-i", index_path, "-n", "2", "name");
	ck_assert_int_eq(r.status, 0);
	assert_normalized_eq(r.out, "name 42/tcp\nname 42/udp\n");
	tool_result_free(&r);
	r = RUN("search", "-i", index_path, "-p", "sctp", "-n", "1", "http");
	assert_normalized_eq(r.out, "http 80/sctp\n");
	tool_result_free(&r);
}
END_TEST

START_TEST(search_exits_1_when_nothing_matches)
{
	build(fixture("rules.xml"), NULL);
	const char *const cases[][2] = { { "no-such-word", NULL }, { "http", "dccp" }, { "é", NULL } };
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct tool_result r = cases[i][1] ? RUN("search", "-i", index_path, "-p", cases[i][1], cases[i][0])
						   : RUN("search", "-i", index_path, cases[i][0]);
		ck_assert_int_eq(r.status, 1);
		ck_assert_str_eq(r.out, "");
		ck_assert_str_eq(r.err, "");
		tool_result_free(&r);
	}
}
END_TEST

START_TEST(search_refuses_bad_words_and_options_as_usage_errors)
{
	build(fixture("rules.xml"), NULL);
	char long_word[300];
	memset(long_word, 'a', 256);
	long_word[256] = '\0';
	struct tool_result runs[] = {
		RUN("search", "-i", index_path),
		RUN("search", "-i", index_path, ""),
		RUN("search", "-i", index_path, "http", ""),
		RUN("search", "-i", index_path, long_word),
		RUN("search", "-i", index_path, "a\x1b[31m"),
		RUN("search", "-i", index_path, "bad\xff"),
		RUN("search", "-i", index_path, "--limit", "0", "http"),
		RUN("search", "-i", index_path, "--limit", "-1", "http"),
		RUN("search", "-i", index_path, "--limit", "2x", "http"),
		RUN("search", "-i", index_path, "--limit", "99999999999999999999999", "http"),
		RUN("search", "-i", index_path, "--protocol", "", "http"),
		RUN("search", "-i", index_path, "--frobnicate", "http"),
	};
	for (size_t i = 0; i < sizeof(runs) / sizeof(runs[0]); i++) {
		ck_assert_msg(runs[i].status == 2, "case %zu: status %d", i, runs[i].status);
		ck_assert_str_eq(runs[i].out, "");
		ck_assert_msg(strstr(runs[i].err, "search") != NULL, "case %zu: %s", i, runs[i].err);
		ck_assert_msg(strchr(runs[i].err, '\x1b') == NULL, "case %zu: a raw escape", i);
		ck_assert_msg(strchr(runs[i].err, '\xff') == NULL, "case %zu: a raw byte", i);
	}
	assert_contains(runs[0].err, "iana-services search: no WORD given\n");
	assert_contains(runs[1].err, "iana-services search: empty WORD: ''\n");
	assert_contains(runs[3].err, "iana-services search: WORD longer than 255 bytes");
	assert_contains(runs[4].err, "iana-services search: control character in WORD: 'a\\x1b[31m'\n");
	assert_contains(runs[5].err, "iana-services search: WORD not UTF-8: 'bad\\xff'\n");
	assert_contains(runs[6].err, "--limit takes a positive integer, not '0'");
	for (size_t i = 0; i < sizeof(runs) / sizeof(runs[0]); i++)
		tool_result_free(&runs[i]);
	/* 255 bytes is a word like any other. */
	long_word[255] = '\0';
	struct tool_result r = RUN("search", "-i", index_path, long_word);
	ck_assert_int_eq(r.status, 1);
	tool_result_free(&r);
}
END_TEST

START_TEST(search_matches_the_model_on_the_fixture)
{
	build(fixture("rules.xml"), NULL);
	const char *const searches[][4] = {
		{ "name", NULL }, { "http", NULL }, { "WEB", "http", NULL }, { "msp", NULL },
		{ "L2", NULL },   { "rfc1078", NULL }, { "twin", NULL }, { "-", NULL },
	};
	for (size_t i = 0; i < sizeof(searches) / sizeof(searches[0]); i++)
		assert_search_matches_model(fixture("rules.xml"), NULL, searches[i]);
}
END_TEST

START_TEST(search_finds_the_descriptions_of_a_saved_page)
{
	build(fixture("rules-page.txt"), NULL);
	struct tool_result r = RUN("search", "-i", index_path, "-d", "MULTIPLEXER");
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.out, "tcpmux                1/tcp  # TCP Port Service Multiplexer [RFC1078]\n"
				"tcpmux                1/udp  # TCP Port Service Multiplexer\n");
	tool_result_free(&r);
	r = RUN("search", "-i", index_path, "license", "manager");
	ck_assert_int_eq(r.status, 0);
	assert_normalized_eq(r.out, "interhdl-elmd 1454/tcp interhdl_elmd\n"
				    "interhdl-elmd 1454/udp interhdl_elmd\n");
	tool_result_free(&r);
}
END_TEST

/* lookup with the descriptions file. */

START_TEST(lookup_shows_the_description_and_with_describe_the_references)
{
	build(fixture("rules.xml"), NULL);
	struct tool_result r = RUN("lookup", "-i", index_path, "tcpmux", "6005", "1/udp");
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.out, "tcpmux                1/tcp  # TCP Port Service Multiplexer\n"
				"x11                   6005/tcp  # X Window System (ports 6000-6063)\n"
				"tcpmux                1/udp  # TCP Port Service Multiplexer\n");
	tool_result_free(&r);
	r = RUN("lookup", "-i", index_path, "--describe", "tcpmux", "lost_alias");
	ck_assert_str_eq(r.out, "tcpmux                1/tcp  # TCP Port Service Multiplexer [RFC1078]\n"
				"lost_alias            99/tcp  # An alias whose target is not in the registry\n");
	tool_result_free(&r);
}
END_TEST

START_TEST(lookup_without_a_descriptions_file_uses_the_index_own)
{
	struct tool_result r = RUN("build", "-q", "--descriptions", "-o", index_path, fixture("rules.xml"));
	ck_assert_msg(r.status == 0, "%s", r.err);
	tool_result_free(&r);
	char *beside = path_join(dir, "services.descriptions");
	remove(beside);
	r = RUN("lookup", "-i", index_path, "-d", "tcpmux");
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.out, "tcpmux                1/tcp  # TCP Port Service Multiplexer\n");
	tool_result_free(&r);
	/* Without either, the line alone. */
	build(fixture("rules.xml"), NULL);
	remove(beside);
	r = RUN("lookup", "-i", index_path, "tcpmux");
	ck_assert_str_eq(r.out, "tcpmux                1/tcp\n");
	tool_result_free(&r);
	free(beside);
}
END_TEST

/* --json */

START_TEST(lookup_json_has_one_object_per_query)
{
	build(fixture("rules.xml"), NULL);
	struct tool_result r = RUN("lookup", "-i", index_path, "--json", "tcpmux", "6005/tcp",
				   "interhdl_elmd", "no\xff\x01such");
	ck_assert_int_eq(r.status, 1);
	ck_assert_str_eq(r.err, "iana-services: no\\xff\\x01such: not found\n");
	assert_json(r.out,
		    "q = d['queries']\n"
		    "assert list(d) == ['queries'] and len(q) == 4, d\n"
		    "assert [x['query'] for x in q] == ['tcpmux', '6005/tcp', 'interhdl_elmd',"
		    " 'no\\ufffd\\u0001such'], q\n"
		    "assert q[0]['entries'] == [{'name': 'tcpmux', 'port': 1, 'last_port': 1,"
		    " 'protocol': 'tcp', 'aliases': [], 'description': 'TCP Port Service Multiplexer',"
		    " 'references': ['RFC1078'], 'registry_date': '2026-01-15'}], q[0]\n"
		    "x11 = q[1]['entries'][0]\n"
		    "assert (x11['name'], x11['port'], x11['last_port']) == ('x11', 6000, 6063), x11\n"
		    "assert q[2]['entries'][0]['aliases'] == ['interhdl_elmd'], q[2]\n"
		    "assert q[3]['entries'] == [], q[3]\n");
	tool_result_free(&r);
}
END_TEST

START_TEST(search_json_lists_the_entries_found_in_order)
{
	build(fixture("rules.xml"), NULL);
	struct tool_result r = RUN("search", "-i", index_path, "--json", "name");
	ck_assert_int_eq(r.status, 0);
	assert_json(r.out,
		    "e = d['entries']\n"
		    "assert [(x['name'], x['port'], x['protocol']) for x in e] == [('name', 42, 'tcp'),"
		    " ('name', 42, 'udp'), ('nameserver', 42, 'tcp'), ('http', 80, 'tcp'),"
		    " ('interhdl-elmd', 1454, 'tcp'), ('whoispp', 63, 'tcp'), ('Hello-World', 7777, 'tcp')],"
		    " e\n"
		    "assert all(set(x) == {'name', 'port', 'last_port', 'protocol', 'aliases',"
		    " 'description', 'references', 'registry_date'} for x in e), e\n"
		    "assert e[2]['description'] == 'Host Name Server', e[2]\n"
		    "assert e[4]['description'].endswith('replacement for \"interhdl_elmd\".'), e[4]\n");
	tool_result_free(&r);
	r = RUN("search", "-i", index_path, "--json", "nothing-like-it");
	ck_assert_int_eq(r.status, 1);
	assert_json(r.out, "assert d == {'entries': []}, d\n");
	tool_result_free(&r);
}
END_TEST

START_TEST(info_json_states_provenance_counts_and_sizes)
{
	char local[4096];
	snprintf(local, sizeof(local), "%s", fixture("local.services"));
	build(fixture("rules.xml"), local);
	struct tool_result r = RUN("info", "-i", index_path, "--json");
	ck_assert_int_eq(r.status, 0);
	assert_json(r.out,
		    "p, c = d['provenance'], d['counts']\n"
		    "assert d['index'].endswith('/services.idx'), d\n"
		    "assert d['size'] > 0 and d['format_version'] >= 1, d\n"
		    "assert (p['registry_date'], p['source'], p['format']) =="
		    " ('2026-01-15', 'rules.xml', 'XML'), p\n"
		    "assert len(p['sha256']) == 64 and p['url'] is None and p['etag'] is None, p\n"
		    "assert p['local_files'] == ['local.services'], p\n"
		    "assert c == {'entries': 32, 'protocols': {'tcp': 18, 'ddp': 1, 'udp': 10, 'sctp': 2,"
		    " 'dccp': 1}, 'aliases': 24, 'port_ranges': 3}, c\n"
		    "assert d['descriptions']['file'].endswith('/services.descriptions'), d\n"
		    "assert d['descriptions']['in_index'] is False, d\n"
		    "assert d['descriptions']['file_entries'] == 29, d\n"
		    "assert sum(d['sections'].values()) < d['size'], d\n");
	tool_result_free(&r);
	r = RUN("info", "-i", index_path);
	assert_contains(r.out, "/services.descriptions, 29 entries\n");
	tool_result_free(&r);
}
END_TEST

START_TEST(diff_json_lists_added_removed_and_changed_entries)
{
	static const char header[] = "Service Name,Port Number,Transport Protocol,Description\n";
	char *old_file = path_join(dir, "old.csv"), *new_file = path_join(dir, "new.csv");
	char text[512];
	snprintf(text, sizeof(text), "%sssh,22,tcp,The Secure Shell\nold,7,tcp,Gone\nmoved,100,udp,Moves\n",
		 header);
	write_file(old_file, text, strlen(text));
	snprintf(text, sizeof(text), "%sssh,22,tcp,The Secure Shell\nmoved,101,udp,Moved\nfresh,9,tcp,New\n",
		 header);
	write_file(new_file, text, strlen(text));
	struct tool_result r = RUN("diff", "--json", old_file, new_file);
	ck_assert_int_eq(r.status, 1);
	assert_json(r.out,
		    "def short(e): return (e['name'], e['port'], e['protocol'], e['description'])\n"
		    "assert [short(e) for e in d['added']] == [('fresh', 9, 'tcp', 'New')], d\n"
		    "assert [short(e) for e in d['removed']] == [('old', 7, 'tcp', 'Gone')], d\n"
		    "assert [(short(c['old']), short(c['new'])) for c in d['changed']] =="
		    " [(('moved', 100, 'udp', 'Moves'), ('moved', 101, 'udp', 'Moved'))], d\n"
		    "assert d['unchanged'] == 1 and d['old']['entries'] == 3, d\n"
		    "assert d['old']['kind'] == 'CSV registry' and d['new']['registry_date'] is None, d\n");
	tool_result_free(&r);
	/* The same set, as an index and as its registry: nothing to list. */
	build(fixture("rules.xml"), NULL);
	r = RUN("diff", "--format=json", index_path, fixture("rules.xml"));
	ck_assert_int_eq(r.status, 0);
	assert_json(r.out, "assert (d['added'], d['removed'], d['changed'], d['unchanged']) =="
			   " ([], [], [], 29), d\n"
			   "assert d['old']['kind'] == 'index' and d['new']['registry_date'] == '2026-01-15', d\n");
	tool_result_free(&r);
	/* An index's entries have the descriptions of the file beside it: a
	 * local line standing for a registry entry, that entry's. */
	char local[4096];
	snprintf(local, sizeof(local), "%s", fixture("local.services"));
	build(fixture("rules.xml"), local);
	r = RUN("diff", "--json", fixture("rules.xml"), index_path);
	ck_assert_int_eq(r.status, 1);
	assert_json(r.out, "new = {c['new']['name']: c['new'] for c in d['changed']}\n"
			   "assert sorted(new) == ['http', 'interhdl-elmd', 'www'], d\n"
			   "assert new['interhdl-elmd']['description'].startswith('interHDL License'), d\n"
			   "assert new['http']['description'] == '' and new['http']['port'] == 8080, d\n"
			   "assert [e['name'] for e in d['added']] == ['myservice', 'many-aliases',"
			   " 'http'], d\n");
	tool_result_free(&r);
	free(old_file);
	free(new_file);
}
END_TEST

/* What an index of the registry with the traditional names answers for
 * port 5432, the alias postgres and Kerberos: the local entries, with
 * the descriptions of the registry entries they stand for. */
static void assert_default_lookups(void)
{
	struct tool_result r = RUN("lookup", "-i", index_path, "5432", "postgres", "kerberos/tcp", "88/udp");
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.out,
			 "postgresql            5432/tcp postgres  # PostgreSQL Database\n"
			 "postgresql            5432/tcp postgres  # PostgreSQL Database\n"
			 "kerberos              88/tcp kerberos5 krb5 kerberos-sec  # Kerberos\n"
			 "kerberos              88/udp kerberos5 krb5 kerberos-sec  # Kerberos\n");
	tool_result_free(&r);
	r = RUN("lookup", "-i", index_path, "--describe", "kerberos", "88/udp");
	ck_assert_str_eq(r.out, "kerberos              88/tcp kerberos5 krb5 kerberos-sec  # Kerberos [RFC4120]\n"
				"kerberos              88/udp kerberos5 krb5 kerberos-sec  # Kerberos [RFC4120]\n");
	tool_result_free(&r);
}

/* The project's snapshot (data/), with the traditional names: what the
 * default index answers offline.  The snapshot holds no prose, so search
 * finds names and aliases only, and no line has a description. */

START_TEST(default_index_search_finds_names_without_prose)
{
	build(SNAPSHOT_FILE, TRADITIONAL_SERVICES);
	struct tool_result r = RUN("search", "-i", index_path, "postgres");
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.out, "postgresql            5432/tcp postgres\n"
				"postgresql            5432/udp\n");
	tool_result_free(&r);
	r = RUN("lookup", "-i", index_path, "5432");
	ck_assert_str_eq(r.out, "postgresql            5432/tcp postgres\n");
	tool_result_free(&r);
}
END_TEST

/* IANA's XML: the same answers, and search against the model. */

START_TEST(iana_lookup_shows_the_registry_descriptions)
{
	const char *xml = shared_registry("service-names-port-numbers.xml");
	if (xml == NULL)
		return; /* recorded as skipped */
	build(xml, TRADITIONAL_SERVICES);
	assert_default_lookups();
	struct tool_result r = RUN("search", "-i", index_path, "postgres");
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.out, "postgresql            5432/tcp postgres  # PostgreSQL Database\n"
				"postgresql            5432/udp  # PostgreSQL Database\n"
				"pgbackrest            8432/tcp  # PostgreSQL Backup\n");
	tool_result_free(&r);
}
END_TEST

START_TEST(iana_search_kerberos_and_postgres)
{
	const char *xml = shared_registry("service-names-port-numbers.xml");
	if (xml == NULL)
		return; /* recorded as skipped */
	build(xml, NULL);
	struct tool_result r = RUN("search", "-i", index_path, "kerberos");
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.out, "kerberos              88/tcp  # Kerberos\n"
				"kerberos              88/udp  # Kerberos\n"
				"kerberos-adm          749/tcp  # kerberos administration\n"
				"kerberos-adm          749/udp  # kerberos administration\n"
				"kerberos-iv           750/udp  # kerberos version iv\n"
				"kftp-data             6620/tcp  # Kerberos V5 FTP Data\n"
				"kftp-data             6620/udp  # Kerberos V5 FTP Data\n"
				"kftp                  6621/tcp  # Kerberos V5 FTP Control\n"
				"kftp                  6621/udp  # Kerberos V5 FTP Control\n"
				"ktelnet               6623/tcp  # Kerberos V5 Telnet\n"
				"ktelnet               6623/udp  # Kerberos V5 Telnet\n"
				"afs3-kaserver         7004/tcp  # AFS/Kerberos authentication service\n"
				"afs3-kaserver         7004/udp  # AFS/Kerberos authentication service\n");
	tool_result_free(&r);
	assert_search_matches_model(xml, NULL, (const char *const[]){ "kerberos", NULL });
	r = RUN("search", "-i", index_path, "--json", "4120");
	assert_json(r.out, "assert [(e['name'], e['protocol'], e['references']) for e in d['entries']] =="
			   " [('kerberos', 'tcp', ['RFC4120']), ('kerberos', 'udp', ['RFC4120'])], d\n");
	tool_result_free(&r);
	build(xml, TRADITIONAL_SERVICES);
	assert_search_matches_model(xml, TRADITIONAL_SERVICES, (const char *const[]){ "postgres", NULL });
	r = RUN("search", "-i", index_path, "postgres");
	assert_normalized_eq(r.out, "postgresql 5432/tcp postgres\npostgresql 5432/udp\npgbackrest 8432/tcp\n");
	tool_result_free(&r);
}
END_TEST

START_TEST(iana_search_matches_the_model)
{
	const char *xml = shared_registry("service-names-port-numbers.xml");
	if (xml == NULL)
		return; /* recorded as skipped */
	build(xml, NULL);
	const char *const searches[][4] = {
		{ "sql", NULL },       { "time", "protocol", NULL }, { "rfc6335", NULL },
		{ "X11", NULL },       { "http", NULL },             { "ldap", "ssl", NULL },
		{ "é", NULL },         { "Ω", NULL },
	};
	for (size_t i = 0; i < sizeof(searches) / sizeof(searches[0]); i++)
		assert_search_matches_model(xml, NULL, searches[i]);
}
END_TEST

int main(void)
{
	Suite *suite = suite_create("search");
	TCase *search = tcase_create("search");
	tcase_add_checked_fixture(search, setup, teardown);
	tcase_set_timeout(search, 120);
	tcase_add_test(search, search_ranks_names_then_prefixes_then_descriptions);
	tcase_add_test(search, search_needs_every_word_each_anywhere);
	tcase_add_test(search, search_matches_rfc_numbers_whole);
	tcase_add_test(search, search_protocol_and_limit_narrow_the_list);
	tcase_add_test(search, search_exits_1_when_nothing_matches);
	tcase_add_test(search, search_refuses_bad_words_and_options_as_usage_errors);
	tcase_add_test(search, search_matches_the_model_on_the_fixture);
	tcase_add_test(search, search_finds_the_descriptions_of_a_saved_page);
	tcase_add_test(search, lookup_shows_the_description_and_with_describe_the_references);
	tcase_add_test(search, lookup_without_a_descriptions_file_uses_the_index_own);
	tcase_add_test(search, lookup_json_has_one_object_per_query);
	tcase_add_test(search, search_json_lists_the_entries_found_in_order);
	tcase_add_test(search, info_json_states_provenance_counts_and_sizes);
	tcase_add_test(search, diff_json_lists_added_removed_and_changed_entries);
	tcase_add_test(search, default_index_search_finds_names_without_prose);
	suite_add_tcase(suite, search);

	TCase *iana = tcase_create("IANA files");
	tcase_set_tags(iana, "iana-files");
	tcase_add_checked_fixture(iana, setup, teardown);
	tcase_set_timeout(iana, 120);
	tcase_add_test(iana, iana_lookup_shows_the_registry_descriptions);
	tcase_add_test(iana, iana_search_kerberos_and_postgres);
	tcase_add_test(iana, iana_search_matches_the_model);
	suite_add_tcase(suite, iana);
	return run_suite(suite);
}
