/*
 * Unit tests for buf.c: growth through append and printf, the maximum size
 * and its sticky error, and detach, truncate, reset and free leaving the
 * buffer in the state buf.h promises.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

static void test_new_buffer_is_empty_string(void **state)
{
	struct buf a = BUF_INIT(0);
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	assert_non_null(a.data);
	assert_string_equal(a.data, "");
	assert_int_equal(a.len, 0);
	assert_false(buf_failed(&a));
	assert_non_null(b.data);
	assert_string_equal(b.data, "");
	assert_int_equal(b.len, 0);
	assert_int_equal(b.max, BUF_DEFAULT_MAX);
	assert_false(buf_failed(&b));
	buf_free(&a);
	buf_free(&b);
}

static void test_append_grows_and_keeps_content(void **state)
{
	struct buf b = BUF_INIT(0);
	size_t i;

	(void)state;
	for (i = 0; i < 1000; i++)
		assert_int_equal(buf_append(&b, "0123456789", 10), 0);
	assert_int_equal(b.len, 10000);
	assert_true(b.cap > b.len);
	assert_int_equal(b.data[b.len], '\0');
	for (i = 0; i < b.len; i++)
		if (b.data[i] != (char)('0' + i % 10))
			fail_msg("byte %zu is %c", i, b.data[i]);
	buf_free(&b);
}

static void test_append_of_nothing_keeps_string(void **state)
{
	struct buf b = BUF_INIT(0);

	(void)state;
	assert_int_equal(buf_append(&b, NULL, 0), 0);
	assert_string_equal(b.data, "");
	assert_int_equal(b.len, 0);
	buf_free(&b);
}

static void test_puts_putc_and_printf_append_in_order(void **state)
{
	struct buf b = BUF_INIT(0);

	(void)state;
	assert_int_equal(buf_puts(&b, "Hej "), 0);
	assert_int_equal(buf_putc(&b, '#'), 0);
	assert_int_equal(buf_printf(&b, "%d-%s", 42, "\xc3\xa6"), 0);
	assert_int_equal(buf_printf(&b, "%s", ""), 0);
	assert_string_equal(b.data, "Hej #42-\xc3\xa6");
	assert_int_equal(b.len, strlen("Hej #42-\xc3\xa6"));
	buf_free(&b);
}

static void test_printf_grows_past_first_allocation(void **state)
{
	struct buf b = BUF_INIT(0);
	char want[1200], arg[1000];
	int i;

	(void)state;
	memset(arg, 'x', sizeof(arg) - 1);
	arg[sizeof(arg) - 1] = '\0';
	assert_int_equal(buf_puts(&b, "start:"), 0);
	for (i = 0; i < 3; i++)
		assert_int_equal(buf_printf(&b, "[%d]", i), 0);
	assert_int_equal(buf_printf(&b, "%s|%05d", arg, 7), 0);
	snprintf(want, sizeof(want), "start:[0][1][2]%s|%05d", arg, 7);
	assert_string_equal(b.data, want);
	assert_int_equal(b.len, strlen(want));
	buf_free(&b);
}

/* One append into a fresh buffer with the given max. */
static void test_max_size_at_and_past_bound(void **state)
{
	static const struct {
		size_t max, len;
		int rc;
	} cases[] = {
		{8, 8, 0},    {8, 9, -1},    {1, 1, 0},	     {1, 2, -1},
		{100, 64, 0}, {100, 100, 0}, {100, 101, -1},
	};
	char data[128];
	size_t k;

	(void)state;
	memset(data, 'z', sizeof(data));
	for (k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		struct buf b;

		buf_init(&b, cases[k].max);
		if (buf_append(&b, data, cases[k].len) != cases[k].rc)
			fail_msg("max %zu, len %zu: want %d", cases[k].max,
				 cases[k].len, cases[k].rc);
		assert_int_equal(b.len, cases[k].rc == 0 ? cases[k].len : 0);
		assert_int_equal(buf_failed(&b), cases[k].rc != 0);
		assert_int_equal(b.data[b.len], '\0');
		buf_free(&b);
	}
}

static void test_max_size_error_is_sticky(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 8);
	assert_int_equal(buf_puts(&b, "12345"), 0);
	assert_int_equal(buf_puts(&b, "6789"), -1);
	assert_true(buf_failed(&b));
	/* Content from before the failure stays intact. */
	assert_string_equal(b.data, "12345");
	/* Appends that would fit still fail: one check at the end is enough. */
	assert_int_equal(buf_putc(&b, 'x'), -1);
	assert_int_equal(buf_append(&b, "", 0), -1);
	assert_int_equal(buf_printf(&b, "%d", 1), -1);
	assert_string_equal(b.data, "12345");
	assert_int_equal(b.len, 5);
	assert_true(buf_failed(&b));
	/* reset clears the error. */
	buf_reset(&b);
	assert_false(buf_failed(&b));
	assert_int_equal(buf_puts(&b, "12345678"), 0);
	assert_string_equal(b.data, "12345678");
	buf_free(&b);
}

static void test_printf_over_max_fails_without_writing(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 5);
	assert_int_equal(buf_puts(&b, "ab"), 0);
	assert_int_equal(buf_printf(&b, "%s", "cdef"), -1);
	assert_true(buf_failed(&b));
	assert_string_equal(b.data, "ab");
	assert_int_equal(b.len, 2);
	buf_free(&b);
}

static void test_detach_hands_over_data(void **state)
{
	struct buf b;
	size_t len = 0;
	char *p;

	(void)state;
	buf_init(&b, 100);
	assert_int_equal(buf_puts(&b, "besked"), 0);
	p = buf_detach(&b, &len);
	assert_non_null(p);
	assert_string_equal(p, "besked");
	assert_int_equal(len, 6);
	/* b is left empty, keeps its max and can be used again. */
	assert_string_equal(b.data, "");
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
	assert_int_equal(b.max, 100);
	assert_int_equal(buf_puts(&b, "igen"), 0);
	assert_string_equal(b.data, "igen");
	assert_ptr_not_equal(b.data, p);
	free(p);
	buf_free(&b);
}

static void test_detach_of_empty_gives_freeable_empty_string(void **state)
{
	struct buf b = BUF_INIT(0);
	size_t len = 99;
	char *p;

	(void)state;
	p = buf_detach(&b, &len);
	assert_non_null(p);
	assert_string_equal(p, "");
	assert_int_equal(len, 0);
	free(p);
	buf_free(&b);
}

static void test_detach_of_failed_returns_null_and_frees(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 4);
	assert_int_equal(buf_puts(&b, "abc"), 0);
	assert_int_equal(buf_puts(&b, "de"), -1);
	assert_null(buf_detach(&b, NULL));
	assert_false(buf_failed(&b));
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
	assert_string_equal(b.data, "");
	assert_int_equal(b.max, 4);
	buf_free(&b);
}

static void test_truncate_shortens_only(void **state)
{
	static const struct {
		size_t to;
		const char *want;
	} cases[] = {
		{20, "hej verden"},
		{10, "hej verden"},
		{9, "hej verde"},
		{3, "hej"},
		{0, ""},
	};
	size_t k;

	(void)state;
	for (k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		struct buf b = BUF_INIT(0);

		assert_int_equal(buf_puts(&b, "hej verden"), 0);
		buf_truncate(&b, cases[k].to);
		assert_string_equal(b.data, cases[k].want);
		assert_int_equal(b.len, strlen(cases[k].want));
		buf_free(&b);
	}
}

static void test_truncate_then_append(void **state)
{
	struct buf b = BUF_INIT(0);

	(void)state;
	assert_int_equal(buf_puts(&b, "a, b, "), 0);
	buf_truncate(&b, b.len - 2); /* drop the last separator */
	assert_int_equal(buf_puts(&b, "."), 0);
	assert_string_equal(b.data, "a, b.");
	buf_free(&b);
}

static void test_reset_keeps_memory(void **state)
{
	struct buf b;
	char *data;
	size_t cap;

	(void)state;
	buf_init(&b, 0);
	assert_int_equal(buf_puts(&b, "noget tekst"), 0);
	data = b.data;
	cap = b.cap;
	buf_reset(&b);
	assert_string_equal(b.data, "");
	assert_int_equal(b.len, 0);
	assert_ptr_equal(b.data, data);
	assert_int_equal(b.cap, cap);
	assert_int_equal(buf_puts(&b, "ny"), 0);
	assert_string_equal(b.data, "ny");
	buf_free(&b);
}

static void test_reset_of_fresh_buffer(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	buf_reset(&b);
	assert_string_equal(b.data, "");
	assert_int_equal(b.len, 0);
	buf_free(&b);
}

/*
 * BUF_INIT points data at a string literal; buf_reset once wrote its NUL
 * through it, a crash on read-only memory (SIGSEGV).
 */
static void test_reset_of_static_initialiser(void **state)
{
	struct buf b = BUF_INIT(0);

	(void)state;
	buf_reset(&b);
	assert_string_equal(b.data, "");
	buf_free(&b);
}

static void test_free_leaves_buffer_reusable_with_its_max(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 4);
	assert_int_equal(buf_puts(&b, "abcd"), 0);
	buf_free(&b);
	assert_string_equal(b.data, "");
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
	assert_int_equal(b.max, 4);
	assert_int_equal(buf_puts(&b, "abcde"), -1);
	buf_free(&b);
	assert_false(buf_failed(&b));
	assert_int_equal(buf_puts(&b, "ab"), 0);
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new_buffer_is_empty_string),
		cmocka_unit_test(test_append_grows_and_keeps_content),
		cmocka_unit_test(test_append_of_nothing_keeps_string),
		cmocka_unit_test(test_puts_putc_and_printf_append_in_order),
		cmocka_unit_test(test_printf_grows_past_first_allocation),
		cmocka_unit_test(test_max_size_at_and_past_bound),
		cmocka_unit_test(test_max_size_error_is_sticky),
		cmocka_unit_test(test_printf_over_max_fails_without_writing),
		cmocka_unit_test(test_detach_hands_over_data),
		cmocka_unit_test(
			test_detach_of_empty_gives_freeable_empty_string),
		cmocka_unit_test(test_detach_of_failed_returns_null_and_frees),
		cmocka_unit_test(test_truncate_shortens_only),
		cmocka_unit_test(test_truncate_then_append),
		cmocka_unit_test(test_reset_keeps_memory),
		cmocka_unit_test(test_reset_of_fresh_buffer),
		cmocka_unit_test(test_reset_of_static_initialiser),
		cmocka_unit_test(test_free_leaves_buffer_reusable_with_its_max),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
