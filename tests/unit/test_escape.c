/* What error messages show of the text they quote: control characters,
 * bytes that are not UTF-8 and C1 controls as \xHH, a backslash doubled,
 * the rest as it is. */
#include <check.h>
#include <stdlib.h>

#include "test_support.h"
#include "text_escape.h"

static void assert_escaped(const char *text, const char *expected)
{
	char *escaped = text_escaped(text);
	ck_assert_str_eq(escaped, expected);
	free(escaped);
}

START_TEST(printable_ascii_is_kept)
{
	assert_escaped("", "");
	assert_escaped("ssh 22/tcp \"quoted\" #", "ssh 22/tcp \"quoted\" #");
}
END_TEST

START_TEST(an_escape_sequence_reaches_no_terminal)
{
	assert_escaped("na\x1b[31mme", "na\\x1b[31mme");
	assert_escaped("\x1b]0;title\x07", "\\x1b]0;title\\x07");
}
END_TEST

START_TEST(control_characters_and_delete_are_escaped)
{
	assert_escaped("a\x01" "b", "a\\x01b");
	assert_escaped("tab\there", "tab\\x09here");
	assert_escaped("two\nlines\r", "two\\x0alines\\x0d");
	assert_escaped("del\x7f", "del\\x7f");
}
END_TEST

START_TEST(valid_utf8_is_kept)
{
	assert_escaped("caf\xc3\xa9", "caf\xc3\xa9");
	assert_escaped("\xe2\x82\xac \xf0\x9f\x98\x80", "\xe2\x82\xac \xf0\x9f\x98\x80");
}
END_TEST

START_TEST(bytes_that_are_not_utf8_are_escaped_one_by_one)
{
	assert_escaped("bad\xff", "bad\\xff");
	assert_escaped("\xc3", "\\xc3");                  /* cut short at the end */
	assert_escaped("\xc3(", "\\xc3(");                /* cut short before ASCII */
	assert_escaped("\xc0\xaf", "\\xc0\\xaf");         /* overlong '/' */
	assert_escaped("\xed\xa0\x80", "\\xed\\xa0\\x80"); /* a UTF-16 surrogate */
}
END_TEST

START_TEST(c1_controls_are_escaped)
{
	/* U+009B, CSI: an 8-bit escape to some terminals. */
	assert_escaped("a\xc2\x9b" "31m", "a\\xc2\\x9b31m");
	assert_escaped("\xc2\xa0", "\xc2\xa0"); /* U+00A0 is printable */
}
END_TEST

START_TEST(a_backslash_is_doubled_so_that_escapes_are_unambiguous)
{
	assert_escaped("\\x1b", "\\\\x1b");
	assert_escaped("a\\b\x1b", "a\\\\b\\x1b");
}
END_TEST

int main(void)
{
	Suite *suite = suite_create("escape");
	TCase *c = tcase_create("escape");
	tcase_add_test(c, printable_ascii_is_kept);
	tcase_add_test(c, an_escape_sequence_reaches_no_terminal);
	tcase_add_test(c, control_characters_and_delete_are_escaped);
	tcase_add_test(c, valid_utf8_is_kept);
	tcase_add_test(c, bytes_that_are_not_utf8_are_escaped_one_by_one);
	tcase_add_test(c, c1_controls_are_escaped);
	tcase_add_test(c, a_backslash_is_doubled_so_that_escapes_are_unambiguous);
	suite_add_tcase(suite, c);
	return run_suite(suite);
}
