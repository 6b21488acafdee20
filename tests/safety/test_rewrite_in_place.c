/*
 * The index rewritten in place while the module has it mapped -- what `cp`
 * over it or an editor saving it does, byte by byte.  One thread keeps
 * changing bytes of the records and the protocol table (their length and
 * count bytes and the NULs after names above all) through a shared mapping
 * of the very file the module maps, so that each string the module reads
 * may change length between any two reads.  Meanwhile the entry points are
 * called with buffers of random sizes around what each answer needs, every
 * buffer followed by a guard region: whatever the module answers, it must
 * never write a byte outside the buffer, and a successful answer must lie
 * wholly inside it.  Runs in the release build and under AddressSanitizer.
 */
#include <arpa/inet.h>
#include <check.h>
#include <fcntl.h>
#include <netdb.h>
#include <nss.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "bytes.h"
#include "index_format.h"
#include "index_reader.h"
#include "test_support.h"

#define RUN_SECONDS 3
#define GUARD 256
#define GUARD_BYTE 0xA5
#define MAX_NEED 2048

static struct nss_module nss;
static uint8_t *file;             /* the index, mapped shared and writable */
static size_t file_size;
static uint32_t *structure;       /* offsets in the file of length, count and NUL bytes */
static size_t structure_count;
static uint32_t area_start, area_end; /* PROTOCOLS to the end of RECORDS */
static atomic_bool stop;
static atomic_ulong flips;

struct query {
	const char *name;   /* NULL: by port; "" : the next entry of getservent */
	unsigned port;
	size_t need;        /* the buffer the answer needs in the file as built */
};

static const char *const names[] = {
	"http", "HTTP", "www", "interhdl_elmd", "interhdl-elmd", "whois++", "x11", "msp", "l2tp",
	"Hello-World", "hello-world", "sctp-only", "tcpmux", "discard", "no-such-name",
};
static const unsigned ports[] = { 1, 9, 18, 63, 80, 1454, 1701, 2438, 6000, 6005, 6010, 7777 };

static struct query queries[64];
static size_t query_count;

static uint64_t next_random(uint64_t *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 7;
	*state ^= *state << 17;
	return *state;
}

static enum nss_status ask(const struct query *q, struct servent *s, char *buffer, size_t size)
{
	int error;
	if (q->name == NULL)
		return nss.by_port((int)htons((uint16_t)q->port), NULL, s, buffer, size, &error);
	if (q->name[0] == '\0') {
		enum nss_status status = nss.get(s, buffer, size, &error);
		if (status == NSS_STATUS_NOTFOUND)
			nss.set(0);
		return status;
	}
	return nss.by_name(q->name, NULL, s, buffer, size, &error);
}

/* The smallest buffer that answers, in the file as built. */
static size_t smallest_buffer(const struct query *q)
{
	static char buffer[MAX_NEED] __attribute__((aligned(16)));
	struct servent s;
	for (size_t size = 0; size < MAX_NEED; size++) {
		if (q->name != NULL && q->name[0] == '\0')
			nss.set(0);
		if (ask(q, &s, buffer, size) != NSS_STATUS_TRYAGAIN)
			return size;
	}
	ck_abort_msg("no buffer up to %d bytes answers", MAX_NEED);
	return 0;
}

static void make_queries(void)
{
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		queries[query_count++].name = names[i];
	for (size_t i = 0; i < sizeof(ports) / sizeof(ports[0]); i++)
		queries[query_count++].port = ports[i];
	queries[query_count++].name = "";
	for (size_t i = 0; i < query_count; i++)
		queries[i].need = smallest_buffer(&queries[i]);
	nss.set(0);
}

static void add_structure(size_t at)
{
	structure[structure_count++] = (uint32_t)at;
}

/* The bytes that say how long something is, or where it ends. */
static void find_structure(void)
{
	struct index ix;
	ck_assert_int_eq(index_open(&ix, file, file_size), INDEX_OK);
	const uint8_t *protocols = file + get_u32(file + HEADER_OFF_SECTIONS +
						  SECTION_PROTOCOLS * SECTION_DESCRIPTOR_SIZE);
	const uint8_t *records = file + get_u32(file + HEADER_OFF_SECTIONS +
						SECTION_RECORDS * SECTION_DESCRIPTOR_SIZE);
	structure = calloc(file_size, sizeof(*structure));
	for (uint32_t p = 0; p < index_protocol_count(&ix); p++)
		add_structure((size_t)(protocols - file) + (size_t)p * PROTOCOL_SIZE + PROTOCOL_OFF_LENGTH);
	for (uint32_t ref = 0; ref < index_record_end(&ix);) {
		struct index_record r;
		ck_assert_int_eq(index_record(&ix, ref, &r), INDEX_OK);
		size_t start = (size_t)(records - file) + (size_t)ref * RECORD_ALIGN;
		add_structure(start + RECORD_OFF_NAME_LENGTH);
		add_structure(start + RECORD_OFF_SHAPE);
		add_structure((size_t)((const uint8_t *)r.name.text - file) + r.name.length);
		if (r.alias_count > 0)
			add_structure((size_t)((const uint8_t *)r.alias[0].text - file) - 2);
		for (uint32_t a = 0; a < r.alias_count; a++) {
			size_t text = (size_t)((const uint8_t *)r.alias[a].text - file);
			add_structure(text - 1);
			add_structure(text + r.alias[a].length);
		}
		ref = r.next;
	}
	area_start = (uint32_t)(protocols - file);
	area_end = (uint32_t)(records - file) + (uint32_t)index_section_bytes(&ix, SECTION_RECORDS);
	ck_assert_uint_gt(structure_count, 10);
}

static void map_shared(const char *path)
{
	int fd = open(path, O_RDWR);
	ck_assert_int_ge(fd, 0);
	off_t end = lseek(fd, 0, SEEK_END);
	ck_assert_int_gt(end, 0);
	file_size = (size_t)end;
	file = mmap(NULL, file_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	ck_assert_ptr_ne(file, MAP_FAILED);
	close(fd);
	find_structure();
}

/* Changes a length, count or NUL byte, or any byte from the protocols to
 * the end of the records, to a random value and back, leaving it changed
 * for a random short while. */
static void *rewrite_in_place(void *unused)
{
	uint64_t state = 0x9E3779B97F4A7C15u;
	volatile uint8_t *bytes = file;
	(void)unused;
	while (!atomic_load(&stop)) {
		uint64_t r = next_random(&state);
		uint32_t at = r % 4 ? structure[(r >> 8) % structure_count]
				    : area_start + (uint32_t)((r >> 8) % (area_end - area_start));
		uint8_t was = bytes[at];
		bytes[at] = (uint8_t)(r >> 40);
		for (uint64_t spin = (r >> 48) % 64; spin > 0; spin--)
			(void)bytes[at];
		bytes[at] = was;
		atomic_fetch_add(&flips, 1);
	}
	return NULL;
}

static bool inside(const void *p, const char *buffer, size_t size)
{
	return (const char *)p >= buffer && (const char *)p < buffer + size;
}

/* A string that starts inside the buffer and ends there. */
static bool string_inside(const char *s, const char *buffer, size_t size)
{
	return inside(s, buffer, size) && memchr(s, '\0', (size_t)(buffer + size - s)) != NULL;
}

static bool answer_inside(const struct servent *s, const char *buffer, size_t size)
{
	if (!string_inside(s->s_name, buffer, size) || !string_inside(s->s_proto, buffer, size))
		return false;
	for (char *const *a = s->s_aliases;; a++) {
		if (!inside(a, buffer, size) || !inside((const char *)(a + 1) - 1, buffer, size))
			return false;
		if (*a == NULL)
			return true;
		if (!string_inside(*a, buffer, size))
			return false;
	}
}

START_TEST(no_write_outside_the_buffer_while_the_file_changes_in_place)
{
	static unsigned char arena[16 + GUARD + MAX_NEED + 16 + GUARD] __attribute__((aligned(16)));
	char *dir = make_temp_dir(), *path = path_join(dir, "services.idx");
	uint64_t state = 20260817;
	unsigned long calls = 0, answered = 0, outside = 0;
	pthread_t writer;

	build_index(fixture("rules.xml"), path, NULL);
	setenv("NSS_IANA_INDEX", path, 1);
	nss_module_load(&nss);
	make_queries();
	map_shared(path);
	ck_assert_int_eq(pthread_create(&writer, NULL, rewrite_in_place, NULL), 0);
	time_t end = time(NULL) + RUN_SECONDS;
	while (time(NULL) < end) {
		for (int n = 0; n < 1000; n++, calls++) {
			const struct query *q = &queries[next_random(&state) % query_count];
			size_t offset = GUARD + next_random(&state) % 16;
			/* Around the need, where a miscounted answer overruns; an
			 * enumeration moves through entries of every size. */
			size_t size = q->name && q->name[0] == '\0' ? next_random(&state) % 160
								      : q->need + next_random(&state) % 8;
			size = size > 4 ? size - 4 : 0;
			char *buffer = (char *)arena + offset;
			struct servent s;
			memset(arena, GUARD_BYTE, sizeof(arena));
			enum nss_status status = ask(q, &s, buffer, size);
			for (size_t i = 0; i < sizeof(arena); i++)
				if ((i < offset || i >= offset + size) && arena[i] != GUARD_BYTE)
					ck_abort_msg("call %lu (%s/%u, %zu bytes): byte %zd past the buffer's "
						     "end changed", calls, q->name ? q->name : "port",
						     q->port, size, (ssize_t)i - (ssize_t)(offset + size));
			if (status == NSS_STATUS_SUCCESS) {
				answered++;
				outside += !answer_inside(&s, buffer, size);
			}
		}
	}
	atomic_store(&stop, true);
	pthread_join(writer, NULL);
	printf("%lu calls (%lu answered) while %lu bytes were flipped in place\n", calls, answered,
	       atomic_load(&flips));
	ck_assert_uint_eq(outside, 0);
	/* The test is worth something only if both sides really ran. */
	ck_assert_uint_gt(calls, 10000);
	ck_assert_uint_gt(answered, 1000);
	ck_assert_uint_gt(atomic_load(&flips), 10000);
	munmap(file, file_size);
	remove_tree(dir);
	free(path);
	free(dir);
}
END_TEST

int main(void)
{
	Suite *suite = suite_create("rewrite in place");
	TCase *c = tcase_create("rewrite in place");
	tcase_set_timeout(c, 120);
	tcase_add_test(c, no_write_outside_the_buffer_while_the_file_changes_in_place);
	suite_add_tcase(suite, c);
	return run_suite(suite);
}
