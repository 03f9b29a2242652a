/*
 * Unit tests for json.c: which texts the strict reader takes and which
 * error (and byte offset) it gives for the rest, where the depth and member
 * limits bite, that what it takes reaches cJSON whole, and that reading at
 * the limits fits in far less stack than a CivetWeb worker has.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "json.h"

/* ---- One table of texts and what json_read says of them ---- */

struct read_case {
	const char *what;
	const char *text;
	enum json_error err;
	size_t at; /* offset of the problem; ignored for JSON_OK */
};

/* clang-format off */
static const struct read_case read_cases[] = {
    /* Values that are fine. */
    {"an object", "{\"a\":1,\"b\":[true,false,null],\"c\":\"x\"}", JSON_OK, 0},
    {"a scalar at the top", "42", JSON_OK, 0},
    {"a string at the top", "\"hej\"", JSON_OK, 0},
    {"surrounding white space", " \t\r\n{}\n\r\t ", JSON_OK, 0},
    {"empty containers", "[{},[],{\"a\":[]}]", JSON_OK, 0},
    {"every simple escape", "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"", JSON_OK, 0},
    {"a paired surrogate", "\"\\ud83d\\ude00\"", JSON_OK, 0},
    {"an escaped BMP letter", "\"\\u00e6\\u00F8\"", JSON_OK, 0},
    {"raw UTF-8", "{\"by\":\"\xc3\xa6\xc3\xb8\xc3\xa5 \xf0\x9f\x98\x80\"}", JSON_OK, 0},
    {"U+10FFFF raw", "\"\xf4\x8f\xbf\xbf\"", JSON_OK, 0},
    {"same key in two objects", "[{\"a\":1},{\"a\":2}]", JSON_OK, 0},
    {"same key at two levels", "{\"a\":{\"a\":1}}", JSON_OK, 0},
    {"keys that differ in case", "{\"a\":1,\"A\":2}", JSON_OK, 0},
    {"keys that are prefixes", "{\"a\":1,\"ab\":2,\"\":3}", JSON_OK, 0},
    /* Numbers. */
    {"zero", "0", JSON_OK, 0},
    {"minus zero", "-0", JSON_OK, 0},
    {"fraction", "-12.5", JSON_OK, 0},
    {"exponent forms", "[1e5,1E+5,1e-5,0.5e0,-0E0]", JSON_OK, 0},
    {"tiny underflows to zero", "1e-400", JSON_OK, 0},
    {"63 digits", "123456789012345678901234567890123456789012345678901234567890123", JSON_OK, 0},
    {"64 digits", "1234567890123456789012345678901234567890123456789012345678901234", JSON_SYNTAX, 0},
    {"beyond a double", "1e400", JSON_SYNTAX, 0},
    {"beyond a double, negative", "[-1e309]", JSON_SYNTAX, 1},
    {"leading zero", "01", JSON_SYNTAX, 1},
    {"leading zero in an array", "[007]", JSON_SYNTAX, 2},
    {"minus alone", "-", JSON_SYNTAX, 1},
    {"minus then letter", "-a", JSON_SYNTAX, 1},
    {"plus sign", "+1", JSON_SYNTAX, 0},
    {"dot first", ".5", JSON_SYNTAX, 0},
    {"dot last", "1.", JSON_SYNTAX, 2},
    {"dot then exponent", "1.e5", JSON_SYNTAX, 2},
    {"exponent without digits", "1e", JSON_SYNTAX, 2},
    {"exponent sign without digits", "1e+", JSON_SYNTAX, 3},
    {"two dots", "1.2.3", JSON_SYNTAX, 3},
    {"hex", "0x10", JSON_SYNTAX, 1},
    {"NaN", "NaN", JSON_SYNTAX, 0},
    {"Infinity", "[Infinity]", JSON_SYNTAX, 1},
    {"minus Infinity", "-Infinity", JSON_SYNTAX, 1},
    /* Literals. */
    {"literal with a tail", "nullx", JSON_SYNTAX, 4},
    {"capitalised literal", "True", JSON_SYNTAX, 0},
    {"cut literal", "[tru]", JSON_SYNTAX, 1},
    /* Grammar. */
    {"empty text", "", JSON_SYNTAX, 0},
    {"only white space", " \n ", JSON_SYNTAX, 3},
    {"a form feed is not white space", "\f1", JSON_SYNTAX, 0},
    {"byte order mark", "\xef\xbb\xbf{}", JSON_SYNTAX, 0},
    {"trailing comma in an object", "{\"a\":1,}", JSON_SYNTAX, 7},
    {"trailing comma in an array", "[1,]", JSON_SYNTAX, 3},
    {"leading comma", "[,1]", JSON_SYNTAX, 1},
    {"two commas", "[1,,2]", JSON_SYNTAX, 3},
    {"missing comma", "[1 2]", JSON_SYNTAX, 3},
    {"missing colon", "{\"a\" 1}", JSON_SYNTAX, 5},
    {"missing value", "{\"a\":}", JSON_SYNTAX, 5},
    {"unquoted key", "{a:1}", JSON_SYNTAX, 1},
    {"number as key", "{1:1}", JSON_SYNTAX, 1},
    {"single quotes", "{'a':1}", JSON_SYNTAX, 1},
    {"line comment", "{}//x", JSON_TRAILING, 2},
    {"block comment", "[/**/1]", JSON_SYNTAX, 1},
    {"mismatched close", "[1}", JSON_SYNTAX, 2},
    {"close without open", "]", JSON_SYNTAX, 0},
    {"unclosed array", "[1", JSON_SYNTAX, 2},
    {"unclosed object", "{\"a\":1", JSON_SYNTAX, 6},
    {"unterminated string", "\"abc", JSON_SYNTAX, 4},
    {"raw tab in a string", "\"a\tb\"", JSON_SYNTAX, 2},
    {"raw newline in a string", "[\"a\nb\"]", JSON_SYNTAX, 3},
    {"unknown escape", "\"\\x41\"", JSON_SYNTAX, 1},
    {"escaped single quote", "\"\\'\"", JSON_SYNTAX, 1},
    {"short \\u escape", "\"\\u12\"", JSON_SYNTAX, 1},
    {"non-hex \\u escape", "\"\\u12g4\"", JSON_SYNTAX, 1},
    {"escape cut by the end", "\"\\", JSON_SYNTAX, 1},
    {"\\u cut by the end", "\"\\u00", JSON_SYNTAX, 1},
    {"bare word", "hej", JSON_SYNTAX, 0},
    {"latin-1 byte outside a string", "[\xe6]", JSON_SYNTAX, 1},
    /* Trailing garbage. */
    {"second value", "{} {}", JSON_TRAILING, 3},
    {"extra close", "[1]]", JSON_TRAILING, 3},
    {"garbage after an object", "{\"a\":1}x", JSON_TRAILING, 7},
    {"number after a number", "1 2", JSON_TRAILING, 2},
    /* NUL in strings. */
    {"\\u0000 cuts nothing", "{\"a\":\"x\\u0000y\"}", JSON_NUL, 7},
    {"\\u0000 in a key", "{\"a\\u0000\":1}", JSON_NUL, 3},
    /* UTF-8 and surrogates. */
    {"lone high surrogate", "\"\\ud800\"", JSON_BAD_UTF8, 1},
    {"lone low surrogate", "\"\\udc00\"", JSON_BAD_UTF8, 1},
    {"high then a letter", "\"\\ud83dx\"", JSON_BAD_UTF8, 1},
    {"high then a non-surrogate escape", "\"\\ud83d\\u0041\"", JSON_BAD_UTF8, 1},
    {"two high surrogates", "\"\\ud83d\\ud83d\"", JSON_BAD_UTF8, 1},
    {"reversed pair", "\"\\ude00\\ud83d\"", JSON_BAD_UTF8, 1},
    {"high then a bad escape", "\"\\ud83d\\uzzzz\"", JSON_SYNTAX, 7},
    {"latin-1 in a string", "{\"by\":\"\xe6\"}", JSON_BAD_UTF8, 7},
    {"overlong slash", "\"\xc0\xaf\"", JSON_BAD_UTF8, 1},
    {"overlong three bytes", "\"\xe0\x80\xaf\"", JSON_BAD_UTF8, 1},
    {"raw surrogate", "\"\xed\xa0\x80\"", JSON_BAD_UTF8, 1},
    {"past U+10FFFF", "\"\xf4\x90\x80\x80\"", JSON_BAD_UTF8, 1},
    {"cut sequence", "\"\xc3\"", JSON_BAD_UTF8, 1},
    {"sequence cut by the end", "\"\xe2\x82", JSON_BAD_UTF8, 1},
    {"stray continuation byte", "\"a\x80\"", JSON_BAD_UTF8, 2},
    {"latin-1 in a key", "{\"\xe6\":1}", JSON_BAD_UTF8, 2},
    /* Duplicate keys. */
    {"same key twice", "{\"a\":1,\"a\":2}", JSON_DUPLICATE, 7},
    {"same key, one escaped", "{\"a\":1,\"\\u0061\":2}", JSON_DUPLICATE, 7},
    {"same key, escaped slash", "{\"/\":1,\"\\/\":2}", JSON_DUPLICATE, 7},
    {"same key, raw and escaped UTF-8", "{\"\xc3\xa6\":1,\"\\u00e6\":2}", JSON_DUPLICATE, 8},
    {"same key, surrogate pair and raw", "{\"\\ud83d\\ude00\":1,\"\xf0\x9f\x98\x80\":2}", JSON_DUPLICATE, 18},
    {"empty key twice", "{\"\":1,\"\":2}", JSON_DUPLICATE, 6},
    {"duplicate in an inner object", "{\"a\":{\"b\":1,\"c\":2,\"b\":3}}", JSON_DUPLICATE, 18},
    {"duplicate after an inner object", "{\"a\":{\"x\":1},\"b\":2,\"a\":3}", JSON_DUPLICATE, 19},
};
/* clang-format on */

static void test_read_table(void **state)
{
	size_t i, at;
	enum json_error e;
	cJSON *tree;

	(void)state;
	for (i = 0; i < sizeof(read_cases) / sizeof(read_cases[0]); i++) {
		const struct read_case *c = &read_cases[i];
		size_t len = strlen(c->text);

		tree = (cJSON *)&tree; /* must be overwritten */
		at = 9999;
		e = json_read(c->text, len, NULL, &tree, &at);
		if (e != c->err)
			fail_msg("%s: got %s, want %s", c->what,
				 json_error_message(e),
				 json_error_message(c->err));
		if (e == JSON_OK) {
			if (tree == NULL)
				fail_msg("%s: no tree", c->what);
			if (at != 0)
				fail_msg("%s: at %zu on success", c->what, at);
			cJSON_Delete(tree);
			continue;
		}
		if (tree != NULL)
			fail_msg("%s: a tree on error", c->what);
		if (at != c->at)
			fail_msg("%s: at %zu, want %zu", c->what, at, c->at);
	}
}

/* ---- The reports's body and the depth limit ---- */

/* n arrays inside each other, the innermost holding 1. */
static char *nested(const char *open, const char *close, int n, size_t *len)
{
	struct buf b = BUF_INIT(0);
	int i;

	for (i = 0; i < n; i++)
		buf_puts(&b, open);
	buf_puts(&b, "1");
	for (i = 0; i < n; i++)
		buf_puts(&b, close);
	return buf_detach(&b, len);
}

static void test_800_deep_session_body_is_too_deep(void **state)
{
	struct buf b = BUF_INIT(0);
	cJSON *tree = NULL;
	size_t at;
	int i;

	(void)state;
	/* As sent to POST /api/v1/session: a login object whose password
	 * is 800 arrays deep. */
	buf_puts(&b, "{\"email\":\"a@b.dk\",\"password\":");
	for (i = 0; i < 800; i++)
		buf_putc(&b, '[');
	for (i = 0; i < 800; i++)
		buf_putc(&b, ']');
	buf_putc(&b, '}');
	assert_false(buf_failed(&b));
	assert_int_equal(json_read(b.data, b.len, NULL, &tree, &at),
			 JSON_TOO_DEEP);
	assert_null(tree);
	/* The object is level 1, so the 8th '[' is the ninth level. */
	assert_int_equal(at, strlen("{\"email\":\"a@b.dk\",\"password\":") + 7);
	buf_free(&b);
}

static void test_depth_limit_is_exact(void **state)
{
	static const struct {
		const char *open, *close;
	} kinds[] = {{"[", "]"}, {"{\"k\":", "}"}};
	size_t i, len, at;
	cJSON *tree;
	char *text;

	(void)state;
	for (i = 0; i < 2; i++) {
		text = nested(kinds[i].open, kinds[i].close, JSON_DEPTH_MAX,
			      &len);
		assert_int_equal(json_read(text, len, NULL, &tree, &at),
				 JSON_OK);
		cJSON_Delete(tree);
		free(text);
		text = nested(kinds[i].open, kinds[i].close, JSON_DEPTH_MAX + 1,
			      &len);
		assert_int_equal(json_read(text, len, NULL, &tree, &at),
				 JSON_TOO_DEEP);
		assert_null(tree);
		assert_int_equal(at, JSON_DEPTH_MAX * strlen(kinds[i].open));
		free(text);
	}
}

static void test_depth_limit_follows_limits(void **state)
{
	struct json_limits lim = {3, 10};
	size_t len;
	char *text;

	(void)state;
	text = nested("[", "]", 3, &len);
	assert_int_equal(json_read(text, len, &lim, NULL, NULL), JSON_OK);
	free(text);
	text = nested("[", "]", 4, &len);
	assert_int_equal(json_read(text, len, &lim, NULL, NULL), JSON_TOO_DEEP);
	free(text);
	/* Depth 0: scalars only. */
	lim.max_depth = 0;
	assert_int_equal(json_read("1", 1, &lim, NULL, NULL), JSON_OK);
	assert_int_equal(json_read("[]", 2, &lim, NULL, NULL), JSON_TOO_DEEP);
	lim.max_depth = -5;
	assert_int_equal(json_read("{}", 2, &lim, NULL, NULL), JSON_TOO_DEEP);
}

static void test_depth_ceiling_caps_any_limit(void **state)
{
	struct json_limits lim = {100000, 10};
	size_t len, at;
	char *text;

	(void)state;
	text = nested("[", "]", JSON_DEPTH_CEILING, &len);
	assert_int_equal(json_read(text, len, &lim, NULL, NULL), JSON_OK);
	free(text);
	text = nested("[", "]", 100000, &len);
	assert_int_equal(json_read(text, len, &lim, NULL, &at), JSON_TOO_DEEP);
	assert_int_equal(at, JSON_DEPTH_CEILING);
	free(text);
}

/* ---- Members ---- */

/* An array of n ones, or an object of n keys k0, k1, ... */
static char *wide(bool object, size_t n, size_t *len)
{
	struct buf b = BUF_INIT(0);
	size_t i;

	buf_putc(&b, object ? '{' : '[');
	for (i = 0; i < n; i++) {
		if (i)
			buf_putc(&b, ',');
		if (object)
			buf_printf(&b, "\"k%zu\":1", i);
		else
			buf_putc(&b, '1');
	}
	buf_putc(&b, object ? '}' : ']');
	return buf_detach(&b, len);
}

static void test_member_limit_is_exact(void **state)
{
	size_t len, at, k;
	cJSON *tree;
	char *text;
	int object;

	(void)state;
	for (object = 0; object < 2; object++) {
		text = wide(object, JSON_MEMBERS_MAX, &len);
		assert_int_equal(json_read(text, len, NULL, &tree, &at),
				 JSON_OK);
		assert_int_equal(cJSON_GetArraySize(tree), JSON_MEMBERS_MAX);
		cJSON_Delete(tree);
		free(text);
		text = wide(object, JSON_MEMBERS_MAX + 1, &len);
		assert_int_equal(json_read(text, len, NULL, &tree, &at),
				 JSON_TOO_MANY);
		assert_null(tree);
		/* The offset is where the member past the limit starts. */
		k = len - (object ? strlen("\"k512\":1}") : strlen("1]"));
		assert_int_equal(at, k);
		free(text);
	}
}

static void test_member_limit_counts_each_container(void **state)
{
	struct json_limits lim = {8, 2};

	(void)state;
	assert_int_equal(json_read("[[1,2],[3,4]]", 13, &lim, NULL, NULL),
			 JSON_OK);
	assert_int_equal(json_read("[[1,2,3]]", 9, &lim, NULL, NULL),
			 JSON_TOO_MANY);
	assert_int_equal(json_read("{\"a\":{\"x\":1,\"y\":2},\"b\":[]}", 26,
				   &lim, NULL, NULL),
			 JSON_OK);
	assert_int_equal(
		json_read("{\"a\":1,\"b\":2,\"c\":3}", 19, &lim, NULL, NULL),
		JSON_TOO_MANY);
	lim.max_members = 0;
	assert_int_equal(json_read("[[],{}]", 7, &lim, NULL, NULL),
			 JSON_TOO_MANY);
	assert_int_equal(json_read("[]", 2, &lim, NULL, NULL), JSON_OK);
}

/* ---- Length, not NUL, ends the text ---- */

static void test_raw_nul_bytes_are_refused(void **state)
{
	size_t at;

	(void)state;
	/* An unescaped control character inside a string. */
	assert_int_equal(json_read("\"a\0b\"", 5, NULL, NULL, &at),
			 JSON_SYNTAX);
	assert_int_equal(at, 2);
	assert_int_equal(json_read("{}\0", 3, NULL, NULL, &at), JSON_TRAILING);
	assert_int_equal(at, 2);
	assert_int_equal(json_read("\0", 1, NULL, NULL, &at), JSON_SYNTAX);
	assert_int_equal(at, 0);
}

static void test_len_not_nul_ends_the_text(void **state)
{
	static const char text[] = "{\"a\":1}garbage";
	cJSON *tree;

	(void)state;
	assert_int_equal(json_read(text, 7, NULL, &tree, NULL), JSON_OK);
	assert_int_equal(cJSON_GetObjectItemCaseSensitive(tree, "a")->valueint,
			 1);
	cJSON_Delete(tree);
	assert_int_equal(json_read(text, 6, NULL, &tree, NULL), JSON_SYNTAX);
	assert_null(tree);
	assert_int_equal(json_read(NULL, 0, NULL, &tree, NULL), JSON_SYNTAX);
	assert_null(tree);
}

/* ---- What cJSON is handed ---- */

static void test_valid_body_round_trips_through_cjson(void **state)
{
	static const char text[] =
		"{\"navn\":\"S\\u00f8ren \\\"Bo\\\" \xc3\x86rl\xc3\xb8\",\n"
		" \"alder\":-42, \"vaegt\":7.5e1, \"ja\":true, \"nej\":false,\n"
		" \"intet\":null, "
		"\"liste\":[1,[2,{\"x\":\"\\ud83d\\ude00\"}]],\n"
		" \"tom\":{}, \"linje\":\"a\\nb\\t\\/c\"}";
	cJSON *tree = NULL, *again = NULL;
	const cJSON *item;
	char *printed;

	(void)state;
	assert_int_equal(json_read(text, strlen(text), NULL, &tree, NULL),
			 JSON_OK);
	item = cJSON_GetObjectItemCaseSensitive(tree, "navn");
	assert_string_equal(item->valuestring,
			    "S\xc3\xb8ren \"Bo\" \xc3\x86rl\xc3\xb8");
	assert_int_equal(
		cJSON_GetObjectItemCaseSensitive(tree, "alder")->valueint, -42);
	assert_true(
		cJSON_GetObjectItemCaseSensitive(tree, "vaegt")->valuedouble ==
		75.0);
	assert_true(
		cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(tree, "intet")));
	item = cJSON_GetArrayItem(
		cJSON_GetArrayItem(
			cJSON_GetObjectItemCaseSensitive(tree, "liste"), 1),
		1);
	assert_string_equal(
		cJSON_GetObjectItemCaseSensitive(item, "x")->valuestring,
		"\xf0\x9f\x98\x80");
	assert_string_equal(
		cJSON_GetObjectItemCaseSensitive(tree, "linje")->valuestring,
		"a\nb\t/c");
	printed = cJSON_PrintUnformatted(tree);
	assert_non_null(printed);
	assert_int_equal(
		json_read(printed, strlen(printed), NULL, &again, NULL),
		JSON_OK);
	assert_true(cJSON_Compare(tree, again, true));
	cJSON_free(printed);
	cJSON_Delete(again);
	cJSON_Delete(tree);
}

static void test_check_only_when_out_is_null(void **state)
{
	size_t at = 99;

	(void)state;
	assert_int_equal(json_read("[1]", 3, NULL, NULL, &at), JSON_OK);
	assert_int_equal(at, 0);
	assert_int_equal(json_read("[1,]", 4, NULL, NULL, &at), JSON_SYNTAX);
	assert_int_equal(at, 3);
}

/* ---- Messages ---- */

static void test_messages_are_danish_and_distinct(void **state)
{
	int e, k;

	(void)state;
	for (e = 0; e < JSON_ERROR__MAX; e++) {
		assert_non_null(json_error_message(e));
		assert_true(strlen(json_error_message(e)) > 10);
		for (k = 0; k < e; k++)
			assert_string_not_equal(json_error_message(e),
						json_error_message(k));
	}
	assert_string_equal(json_error_message(JSON_TOO_DEEP),
			    "JSON er indlejret for dybt (højst 8 niveauer).");
	assert_string_equal(json_error_message(JSON_ERROR__MAX),
			    "Ukendt fejl.");
	assert_string_equal(json_error_message((enum json_error) - 1),
			    "Ukendt fejl.");
}

/* ---- Stack: reading at the limits in a small thread ---- */

struct stack_job {
	char *text;
	size_t len;
	struct json_limits lim;
	enum json_error got;
	int size;
	bool printed_again;
};

/* Parses, counts, prints and deletes: everything a handler would do. */
static void *stack_job_run(void *arg)
{
	struct stack_job *job = arg;
	cJSON *tree = NULL, *again = NULL;
	char *printed;

	job->got = json_read(job->text, job->len, &job->lim, &tree, NULL);
	if (job->got == JSON_OK) {
		job->size = cJSON_GetArraySize(tree);
		printed = cJSON_PrintUnformatted(tree);
		job->printed_again = printed &&
				     json_read(printed, strlen(printed),
					       &job->lim, &again,
					       NULL) == JSON_OK &&
				     cJSON_Compare(tree, again, true);
		cJSON_free(printed);
		cJSON_Delete(again);
	}
	cJSON_Delete(tree);
	return NULL;
}

static void run_in_small_thread(struct stack_job *job, size_t stack)
{
	pthread_attr_t attr;
	pthread_t t;

	assert_int_equal(pthread_attr_init(&attr), 0);
	assert_int_equal(pthread_attr_setstacksize(&attr, stack), 0);
	assert_int_equal(pthread_create(&t, &attr, stack_job_run, job), 0);
	assert_int_equal(pthread_join(t, NULL), 0);
	pthread_attr_destroy(&attr);
}

/* An object of max_members keys, each an array nested to the depth limit. */
static char *at_the_limits(int depth, size_t members, size_t *len)
{
	struct buf b = BUF_INIT(0);
	size_t i;
	int k;

	buf_putc(&b, '{');
	for (i = 0; i < members; i++) {
		buf_printf(&b, "%s\"k%zu\":", i ? "," : "", i);
		for (k = 1; k < depth; k++)
			buf_putc(&b, '[');
		buf_puts(&b, "\"\\u00e6\"");
		for (k = 1; k < depth; k++)
			buf_putc(&b, ']');
	}
	buf_putc(&b, '}');
	return buf_detach(&b, len);
}

static void test_reading_at_the_limits_fits_a_64k_stack(void **state)
{
	struct stack_job job = {.lim = {JSON_DEPTH_MAX, JSON_MEMBERS_MAX}};

	(void)state;
	job.text = at_the_limits(JSON_DEPTH_MAX, JSON_MEMBERS_MAX, &job.len);
	run_in_small_thread(&job, 64 * 1024);
	assert_int_equal(job.got, JSON_OK);
	assert_int_equal(job.size, JSON_MEMBERS_MAX);
	assert_true(job.printed_again);
	free(job.text);
	/* The ceiling, which no limit can pass, fits as well. */
	job.lim.max_depth = JSON_DEPTH_CEILING;
	job.text = at_the_limits(JSON_DEPTH_CEILING, 16, &job.len);
	run_in_small_thread(&job, 64 * 1024);
	assert_int_equal(job.got, JSON_OK);
	assert_true(job.printed_again);
	free(job.text);
	/* And so does refusing the report's 800 levels. */
	job.lim.max_depth = JSON_DEPTH_MAX;
	job.text = nested("[", "]", 800, &job.len);
	run_in_small_thread(&job, 64 * 1024);
	assert_int_equal(job.got, JSON_TOO_DEEP);
	free(job.text);
}

/* A body of 256 KiB (about what the server takes) is read whole. */
static void test_large_body_is_read(void **state)
{
	struct buf b = BUF_INIT(0);
	struct json_limits lim = {JSON_DEPTH_MAX, 100000};
	cJSON *tree;
	size_t i;

	(void)state;
	buf_putc(&b, '[');
	for (i = 0; b.len < 256 * 1024; i++)
		buf_printf(&b, "%s{\"id\":%zu,\"navn\":\"x\"}", i ? "," : "",
			   i);
	buf_putc(&b, ']');
	assert_int_equal(json_read(b.data, b.len, &lim, &tree, NULL), JSON_OK);
	assert_int_equal(cJSON_GetArraySize(tree), (int)i);
	cJSON_Delete(tree);
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read_table),
		cmocka_unit_test(test_800_deep_session_body_is_too_deep),
		cmocka_unit_test(test_depth_limit_is_exact),
		cmocka_unit_test(test_depth_limit_follows_limits),
		cmocka_unit_test(test_depth_ceiling_caps_any_limit),
		cmocka_unit_test(test_member_limit_is_exact),
		cmocka_unit_test(test_member_limit_counts_each_container),
		cmocka_unit_test(test_raw_nul_bytes_are_refused),
		cmocka_unit_test(test_len_not_nul_ends_the_text),
		cmocka_unit_test(test_valid_body_round_trips_through_cjson),
		cmocka_unit_test(test_check_only_when_out_is_null),
		cmocka_unit_test(test_messages_are_danish_and_distinct),
		cmocka_unit_test(test_reading_at_the_limits_fits_a_64k_stack),
		cmocka_unit_test(test_large_body_is_read),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
