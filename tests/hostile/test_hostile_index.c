/*
 * Hostile index files, read in process: every way of breaking the fixture's
 * index that tests/hostile/damage.h names, the image truncated at every
 * length, every header byte set to every other value, every other byte set
 * to a few telling values, and a random sample of multi-byte damage.
 *
 * Each image is read through index_exercise (tests/fuzz/index_exercise.h),
 * which opens it, reads every entry, makes every lookup, fills servents, and
 * runs index_verify, checking the reader's promises as it goes; the image
 * sits at the very end of a readable region followed by an inaccessible
 * page, so a read past its end kills the test.  Each damage is tried as
 * it is (index_verify must refuse it: the checksum covers every byte) and
 * resealed with a matching checksum (then whatever index_verify decides,
 * the reader's answers must agree with it).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bytes.h"
#include "damage.h"
#include "image.h"
#include "index_exercise.h"
#include "test_support.h"

struct variant {
	bool descriptions;
	unsigned slot_width;
};

static const struct variant variants[] = {
	{ false, 2 },
	{ true, 2 },
	{ false, 4 },
	{ true, 4 },
};
#define VARIANT_COUNT ((int)(sizeof(variants) / sizeof(variants[0])))

/* The undamaged image's bytes serve as the lookup queries: its strings
 * become names to look up, its bytes ports. */
struct trial {
	struct buf original;
	struct buf damaged;
	struct guarded guard;
	const char *what;
};

static void trial_start(struct trial *t, const struct variant *v)
{
	memset(t, 0, sizeof(*t));
	image_build(&t->original, v->descriptions, v->slot_width);
}

static void trial_end(struct trial *t)
{
	buf_free(&t->original);
	buf_free(&t->damaged);
	guarded_free(&t->guard);
}

/* A fresh copy of the original to damage. */
static struct buf *trial_copy(struct trial *t)
{
	t->damaged.length = 0;
	buf_append(&t->damaged, t->original.data, t->original.length);
	return &t->damaged;
}

static void trial_read(struct trial *t, const struct buf *image, struct exercise_result *r)
{
	const uint8_t *copy = guarded_copy(&t->guard, image->data, image->length);
	exercise_index(copy, image->length, t->original.data, t->original.length, r);
	ck_assert_msg(r->broken[0] == '\0', "%s: %s", t->what, r->broken);
}

/* The image as damaged must be refused by index_verify; resealed, it is
 * read again, and then the reader's answers must agree with index_verify. */
static void trial_read_both_ways(struct trial *t, struct exercise_result *raw)
{
	struct exercise_result resealed;
	trial_read(t, &t->damaged, raw);
	ck_assert_msg(!raw->sound, "%s: index_verify accepts a damaged image", t->what);
	image_reseal(&t->damaged);
	trial_read(t, &t->damaged, &resealed);
}

START_TEST(undamaged_image_is_sound_and_answers_everything)
{
	struct trial t;
	struct exercise_result r;
	trial_start(&t, &variants[_i]);
	t.what = "undamaged";
	trial_read(&t, &t.original, &r);
	ck_assert_int_eq(r.open, INDEX_OK);
	ck_assert(r.sound);
	ck_assert_uint_eq(r.corrupt, 0);
	/* Each of the 12 entries is read and looked up several ways. */
	ck_assert_uint_gt(r.answers, 12 * 8);
	trial_end(&t);
}
END_TEST

START_TEST(truncation_at_every_length_is_refused)
{
	struct trial t;
	char what[64];
	trial_start(&t, &variants[_i]);
	t.what = what;
	for (size_t length = 0; length < t.original.length; length++) {
		struct exercise_result r;
		snprintf(what, sizeof(what), "truncated to %zu bytes", length);
		image_truncate(trial_copy(&t), length);
		trial_read(&t, &t.damaged, &r);
		ck_assert_msg(r.open == (length < INDEX_MAGIC_SIZE ? INDEX_NOT_INDEX : INDEX_CORRUPT),
			      "%s: index_open answers %s", what, index_status_text(r.open));
		ck_assert(!r.sound);
	}
	trial_end(&t);
}
END_TEST

/* The header's file_size and checksum rewritten to match: only the
 * section bounds can tell that something is missing. */
START_TEST(truncation_with_agreeing_header_is_refused)
{
	struct trial t;
	char what[64];
	trial_start(&t, &variants[_i]);
	t.what = what;
	for (size_t length = INDEX_HEADER_SIZE; length < t.original.length; length++) {
		struct exercise_result r;
		snprintf(what, sizeof(what), "truncated to %zu bytes, header agreeing", length);
		struct buf *image = trial_copy(&t);
		image_truncate(image, length);
		image_set_u32(image, HEADER_OFF_FILE_SIZE, (uint32_t)length);
		image_reseal(image);
		trial_read(&t, image, &r);
		ck_assert_msg(r.open == INDEX_CORRUPT, "%s: index_open answers %s", what,
			      index_status_text(r.open));
	}
	trial_end(&t);
}
END_TEST

START_TEST(open_damage_is_refused)
{
	const struct open_damage *d = &open_damages[_i];
	const struct variant v = { d->descriptions, 2 };
	struct trial t;
	struct exercise_result r;
	trial_start(&t, &v);
	t.what = d->name;
	d->apply(trial_copy(&t));
	image_reseal(&t.damaged);
	trial_read(&t, &t.damaged, &r);
	ck_assert_msg(r.open == d->status, "%s: index_open answers \"%s\", not \"%s\"", d->name,
		      index_status_text(r.open), index_status_text(d->status));
	ck_assert(!r.sound);
	trial_end(&t);
}
END_TEST

START_TEST(lookup_damage_is_reported_by_the_lookups_that_meet_it)
{
	const struct lookup_damage *d = &lookup_damages[_i];
	struct trial t;
	struct exercise_result r;
	trial_start(&t, &variants[0]);
	t.what = d->name;
	d->apply(trial_copy(&t));
	image_reseal(&t.damaged);
	trial_read(&t, &t.damaged, &r);
	ck_assert_msg(r.open == INDEX_OK, "%s: index_open answers %s", d->name,
		      index_status_text(r.open));
	ck_assert_msg(!r.sound, "%s: index_verify accepts it", d->name);
	ck_assert_msg(r.corrupt > 0, "%s: no answer reports the damage", d->name);
	trial_end(&t);
}
END_TEST

/*
 * What index_open must answer when the header byte at offset becomes
 * value, or -1 where no single answer is promised: in the section table,
 * and for a slot width of 4 turned 2 (the narrower tables still fit where
 * the wide ones were), some changes still describe a layout that
 * index_open accepts.
 */
static int header_byte_verdict(size_t offset, unsigned value)
{
	if (offset < HEADER_OFF_VERSION)
		return INDEX_NOT_INDEX;
	if (offset < HEADER_OFF_HEADER_SIZE)
		return INDEX_BAD_VERSION;
	if (offset < HEADER_OFF_DATE)
		return INDEX_CORRUPT; /* header size, flags, file size */
	if (offset < HEADER_OFF_SLOT_WIDTH)
		return INDEX_OK;      /* the date, and the checksum index_open leaves to verify */
	if (offset == HEADER_OFF_SLOT_WIDTH)
		return value == 2 || value == 4 ? -1 : INDEX_CORRUPT;
	if (offset < HEADER_OFF_SECTIONS)
		return INDEX_CORRUPT; /* reserved bytes */
	return -1;
}

START_TEST(every_header_byte_set_to_every_other_value)
{
	struct trial t;
	char what[64];
	trial_start(&t, &variants[_i]);
	t.what = what;
	for (size_t offset = 0; offset < INDEX_HEADER_SIZE; offset++) {
		for (unsigned value = 0; value < 256; value++) {
			struct exercise_result r;
			int verdict = header_byte_verdict(offset, value);
			if (value == t.original.data[offset])
				continue;
			snprintf(what, sizeof(what), "header byte %zu set to %u", offset, value);
			trial_copy(&t)->data[offset] = (uint8_t)value;
			trial_read_both_ways(&t, &r);
			ck_assert_msg(verdict < 0 || r.open == (enum index_status)verdict,
				      "%s: index_open answers %s", what, index_status_text(r.open));
		}
	}
	trial_end(&t);
}
END_TEST

START_TEST(every_section_byte_set_to_telling_values)
{
	struct trial t;
	char what[64];
	trial_start(&t, &variants[_i]);
	t.what = what;
	for (size_t offset = INDEX_HEADER_SIZE; offset < t.original.length; offset++) {
		uint8_t was = t.original.data[offset];
		const uint8_t values[] = { 0x00, 0xff, was ^ 0x01, was ^ 0x80, 0x7f };
		for (size_t i = 0; i < sizeof(values); i++) {
			struct exercise_result r;
			if (values[i] == was)
				continue;
			snprintf(what, sizeof(what), "byte %zu set to %u", offset, values[i]);
			trial_copy(&t)->data[offset] = values[i];
			trial_read_both_ways(&t, &r);
		}
	}
	trial_end(&t);
}
END_TEST

/* xorshift64: the sample is the same on every run unless HOSTILE_SEED
 * asks for another. */
static uint64_t next_random(uint64_t *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 7;
	*state ^= *state << 17;
	return *state;
}

#define RANDOM_TRIALS_PER_VARIANT 4000

START_TEST(random_multi_byte_damage)
{
	const char *seed_text = getenv("HOSTILE_SEED");
	uint64_t state = seed_text ? strtoull(seed_text, NULL, 0) : 20260817;
	struct trial t;
	char what[96];
	if (state == 0)
		state = 1;
	printf("random_multi_byte_damage: HOSTILE_SEED=%llu\n", (unsigned long long)state);
	trial_start(&t, &variants[_i]);
	t.what = what;
	for (int n = 0; n < RANDOM_TRIALS_PER_VARIANT; n++) {
		struct exercise_result r;
		struct buf *image = trial_copy(&t);
		unsigned changes = 1 + (unsigned)(next_random(&state) % 4);
		snprintf(what, sizeof(what), "random damage %d of variant %d (seed state %llu)", n, _i,
			 (unsigned long long)state);
		for (unsigned c = 0; c < changes; c++) {
			size_t offset = (size_t)(next_random(&state) % image->length);
			image->data[offset] ^= (uint8_t)(1 + next_random(&state) % 255);
		}
		if (memcmp(image->data, t.original.data, image->length) == 0)
			continue; /* two changes to one byte undid each other */
		trial_read_both_ways(&t, &r);
	}
	trial_end(&t);
}
END_TEST

static Suite *hostile_index_suite(void)
{
	Suite *s = suite_create("hostile index, in process");
	TCase *named = tcase_create("named damage");
	tcase_add_loop_test(named, undamaged_image_is_sound_and_answers_everything, 0, VARIANT_COUNT);
	tcase_add_loop_test(named, open_damage_is_refused, 0, (int)open_damage_count);
	tcase_add_loop_test(named, lookup_damage_is_reported_by_the_lookups_that_meet_it, 0,
			    (int)lookup_damage_count);
	suite_add_tcase(s, named);

	TCase *sweeps = tcase_create("sweeps");
	/* Generous: these run a few hundred thousand reads, slower under ASan. */
	tcase_set_timeout(sweeps, 600);
	tcase_add_loop_test(sweeps, truncation_at_every_length_is_refused, 0, VARIANT_COUNT);
	tcase_add_loop_test(sweeps, truncation_with_agreeing_header_is_refused, 0, VARIANT_COUNT);
	tcase_add_loop_test(sweeps, every_header_byte_set_to_every_other_value, 0, VARIANT_COUNT);
	tcase_add_loop_test(sweeps, every_section_byte_set_to_telling_values, 0, VARIANT_COUNT);
	tcase_add_loop_test(sweeps, random_multi_byte_damage, 0, VARIANT_COUNT);
	suite_add_tcase(s, sweeps);
	return s;
}

int main(void)
{
	SRunner *runner = srunner_create(hostile_index_suite());
	srunner_run_all(runner, CK_NORMAL);
	int failed = srunner_ntests_failed(runner);
	srunner_free(runner);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
