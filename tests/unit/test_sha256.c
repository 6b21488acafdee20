/* SHA-256 against the FIPS 180-4 example vectors. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "sha256.h"
#include "test_support.h"

static void assert_digest(const char *input, size_t size, const char *expected)
{
	char hex[SHA256_HEX_SIZE];
	sha256_hex(input, size, hex);
	ck_assert_str_eq(hex, expected);
}

START_TEST(empty_input)
{
	assert_digest("", 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}
END_TEST

START_TEST(one_block)
{
	assert_digest("abc", 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}
END_TEST

START_TEST(two_blocks)
{
	const char *input = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	assert_digest(input, strlen(input),
		      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}
END_TEST

START_TEST(million_a_fed_in_odd_pieces)
{
	struct sha256 s;
	uint8_t digest[SHA256_DIGEST_SIZE];
	char *input = malloc(1000000);
	memset(input, 'a', 1000000);
	sha256_init(&s);
	for (size_t done = 0, piece = 1; done < 1000000; done += piece, piece = piece * 7 % 1000 + 1) {
		if (piece > 1000000 - done)
			piece = 1000000 - done;
		sha256_update(&s, input + done, piece);
	}
	sha256_final(&s, digest);
	static const uint8_t expected[] = {
		0xcd, 0xc7, 0x6e, 0x5c, 0x99, 0x14, 0xfb, 0x92, 0x81, 0xa1, 0xc7, 0xe2, 0x84, 0xd7, 0x3e, 0x67,
		0xf1, 0x80, 0x9a, 0x48, 0xa4, 0x97, 0x20, 0x0e, 0x04, 0x6d, 0x39, 0xcc, 0xc7, 0x11, 0x2c, 0xd0,
	};
	ck_assert_mem_eq(digest, expected, sizeof(expected));
	free(input);
}
END_TEST

int main(void)
{
	Suite *suite = suite_create("sha256");
	TCase *c = tcase_create("vectors");
	tcase_add_test(c, empty_input);
	tcase_add_test(c, one_block);
	tcase_add_test(c, two_blocks);
	tcase_add_test(c, million_a_fed_in_odd_pieces);
	suite_add_tcase(suite, c);
	return run_suite(suite);
}
