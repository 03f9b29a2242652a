/*
 * Unit tests for form.c: how the urlencoded parser decodes, where its
 * limits bite and which error it gives, strict UTF-8, and every validation
 * kind with good and bad values and the Danish message the user sees.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "form.h"

static void expect_str(const char *what, const char *got, const char *want)
{
	if (got == NULL && want == NULL)
		return;
	if (got == NULL || want == NULL || strcmp(got, want) != 0)
		fail_msg("%s: got \"%s\", want \"%s\"", what,
			 got ? got : "(null)", want ? want : "(null)");
}

static void expect_long(const char *what, long got, long want)
{
	if (got != want)
		fail_msg("%s: got %ld, want %ld", what, got, want);
}

/* ---- Parsing ---- */

struct parse_case {
	const char *what;
	const char *body;
	enum form_error err;
	size_t n;
	const char *pairs[8]; /* name, value, name, value, ... */
};

static const struct parse_case parse_cases[] = {
	{"two fields", "a=1&b=2", FORM_OK, 2, {"a", "1", "b", "2"}},
	{"plus is space",
	 "navn=Hans+Jensen",
	 FORM_OK,
	 1,
	 {"navn", "Hans Jensen"}},
	{"plus in a name is space", "a+b=1", FORM_OK, 1, {"a b", "1"}},
	{"%2B is a plus", "x=%2B", FORM_OK, 1, {"x", "+"}},
	{"lower-case hex", "x=a%2bb", FORM_OK, 1, {"x", "a+b"}},
	{"escaped utf-8",
	 "by=%C3%A6%C3%B8%C3%A5",
	 FORM_OK,
	 1,
	 {"by", "\xc3\xa6\xc3\xb8\xc3\xa5"}},
	{"raw utf-8", "by=\xc3\xa6", FORM_OK, 1, {"by", "\xc3\xa6"}},
	{"escaped name", "%41%62=1", FORM_OK, 1, {"Ab", "1"}},
	{"escaped ampersand and equals", "a=%26%3D", FORM_OK, 1, {"a", "&="}},
	{"empty segments skipped",
	 "a=1&&b=2",
	 FORM_OK,
	 2,
	 {"a", "1", "b", "2"}},
	{"leading and trailing ampersand", "&a=1&", FORM_OK, 1, {"a", "1"}},
	{"only ampersands", "&&&", FORM_OK, 0, {NULL}},
	{"empty body", "", FORM_OK, 0, {NULL}},
	{"no equals gives empty value", "a", FORM_OK, 1, {"a", ""}},
	{"empty value", "a=&b", FORM_OK, 2, {"a", "", "b", ""}},
	{"second equals is part of value", "a=b=c", FORM_OK, 1, {"a", "b=c"}},
	{"semicolon is not a separator", "a=1;b=2", FORM_OK, 1, {"a", "1;b=2"}},
	{"duplicates kept in order",
	 "x=1&x=2",
	 FORM_OK,
	 2,
	 {"x", "1", "x", "2"}},
	{"U+10FFFF is the last valid",
	 "a=%F4%8F%BF%BF",
	 FORM_OK,
	 1,
	 {"a", "\xf4\x8f\xbf\xbf"}},
	{"empty name", "=x", FORM_BAD_ENCODING, 0, {NULL}},
	{"empty name after a good field",
	 "a=1&=x",
	 FORM_BAD_ENCODING,
	 0,
	 {NULL}},
	{"lone percent", "a=%", FORM_BAD_ENCODING, 0, {NULL}},
	{"truncated %4", "a=%4", FORM_BAD_ENCODING, 0, {NULL}},
	{"truncated %4 in a name", "a%4=1", FORM_BAD_ENCODING, 0, {NULL}},
	{"non-hex escape", "a=%zz", FORM_BAD_ENCODING, 0, {NULL}},
	{"half-hex escape", "a=%4g", FORM_BAD_ENCODING, 0, {NULL}},
	{"%00 in a value", "a=%00", FORM_BAD_UTF8, 0, {NULL}},
	{"%00 in a name", "a%00=1", FORM_BAD_UTF8, 0, {NULL}},
	{"overlong NUL C0 80", "a=%C0%80", FORM_BAD_UTF8, 0, {NULL}},
	{"overlong E0 80 AF", "a=%E0%80%AF", FORM_BAD_UTF8, 0, {NULL}},
	{"surrogate ED A0 80", "a=%ED%A0%80", FORM_BAD_UTF8, 0, {NULL}},
	{"past U+10FFFF F4 90 80 80",
	 "a=%F4%90%80%80",
	 FORM_BAD_UTF8,
	 0,
	 {NULL}},
	{"truncated sequence", "a=%C3", FORM_BAD_UTF8, 0, {NULL}},
	{"stray continuation", "a=%80", FORM_BAD_UTF8, 0, {NULL}},
	{"FF byte raw", "a=\xff", FORM_BAD_UTF8, 0, {NULL}},
	{"latin-1 name", "%E6=1", FORM_BAD_UTF8, 0, {NULL}},
};

static void check_fields(const char *what, const struct form *f, size_t n,
			 const char *const *pairs)
{
	size_t i;

	if (f->n != n)
		fail_msg("%s: %zu fields, want %zu", what, f->n, n);
	for (i = 0; i < n; i++) {
		expect_str(what, f->fields[i].name, pairs[2 * i]);
		expect_str(what, f->fields[i].value, pairs[2 * i + 1]);
		if (f->fields[i].value_len != strlen(pairs[2 * i + 1]))
			fail_msg("%s: value_len %zu", what,
				 f->fields[i].value_len);
	}
}

static void test_parse_decodes_and_rejects(void **state)
{
	size_t k;

	(void)state;
	for (k = 0; k < sizeof(parse_cases) / sizeof(parse_cases[0]); k++) {
		const struct parse_case *c = &parse_cases[k];
		struct form f = FORM_INIT;
		enum form_error err;

		err = form_parse(c->body, strlen(c->body), NULL, &f);
		expect_long(c->what, err, c->err);
		check_fields(c->what, &f, c->n, c->pairs);
		if (err != FORM_OK && (f.fields != NULL || f.n != 0))
			fail_msg("%s: form not emptied on error", c->what);
		form_free(&f);
	}
}

static void test_parse_raw_nul_byte_rejected(void **state)
{
	static const char body[] = "a=x\0y&b=2";
	struct form f = FORM_INIT;

	(void)state;
	assert_int_equal(form_parse(body, sizeof(body) - 1, NULL, &f),
			 FORM_BAD_UTF8);
	assert_int_equal(f.n, 0);
}

static void test_parse_honours_len_not_nul(void **state)
{
	struct form f = FORM_INIT;

	(void)state;
	/* Only the first 3 bytes belong to the body. */
	assert_int_equal(form_parse("a=1&b=2", 3, NULL, &f), FORM_OK);
	assert_int_equal(f.n, 1);
	assert_string_equal(form_get(&f, "a"), "1");
	assert_null(form_get(&f, "b"));
	form_free(&f);
}

static void test_parse_null_body_with_zero_len_is_empty(void **state)
{
	struct form f = FORM_INIT;

	(void)state;
	assert_int_equal(form_parse(NULL, 0, NULL, &f), FORM_OK);
	assert_int_equal(f.n, 0);
}

static void test_parse_frees_previous_content(void **state)
{
	struct form f = FORM_INIT;

	(void)state;
	assert_int_equal(form_add(&f, "old", "1"), 0);
	assert_int_equal(form_parse("a=1", 3, NULL, &f), FORM_OK);
	assert_int_equal(f.n, 1);
	assert_null(form_get(&f, "old"));
	assert_int_equal(form_parse("a=%", 3, NULL, &f), FORM_BAD_ENCODING);
	assert_int_equal(f.n, 0);
	assert_null(f.fields);
}

struct limit_case {
	const char *what;
	const char *body;
	enum form_error err;
};

/* Limits of 2 fields, 3-byte names, 4-byte values (decoded). */
static const struct limit_case limit_cases[] = {
	{"fields at limit", "a=1&b=2", FORM_OK},
	{"fields one past", "a=1&b=2&c=3", FORM_TOO_MANY_FIELDS},
	{"empty segments not counted", "&a=1&&b=2&", FORM_OK},
	{"name at limit", "abc=1", FORM_OK},
	{"name one past", "abcd=1", FORM_NAME_TOO_LONG},
	{"escaped name at limit (decoded)", "%41%42%43=1", FORM_OK},
	{"escaped name one past", "%41%42%43%44=1", FORM_NAME_TOO_LONG},
	{"value at limit", "a=1234", FORM_OK},
	{"value one past", "a=12345", FORM_VALUE_TOO_LONG},
	{"value with no equals", "abc", FORM_OK},
	{"utf-8 value at limit in bytes", "a=%C3%A6%C3%A6", FORM_OK},
	{"utf-8 value one byte past", "a=%C3%A6%C3%A6x", FORM_VALUE_TOO_LONG},
};

static void test_parse_limits_at_and_past_bound(void **state)
{
	const struct form_limits lim = {2, 3, 4};
	size_t k;

	(void)state;
	for (k = 0; k < sizeof(limit_cases) / sizeof(limit_cases[0]); k++) {
		const struct limit_case *c = &limit_cases[k];
		struct form f = FORM_INIT;

		expect_long(c->what,
			    form_parse(c->body, strlen(c->body), &lim, &f),
			    c->err);
		if (c->err != FORM_OK)
			expect_long(c->what, (long)f.n, 0);
		form_free(&f);
	}
}

/* Body of count fields "fN=v", each value vlen bytes and name nlen. */
static char *make_body(size_t count, size_t nlen, size_t vlen)
{
	size_t cap = count * (nlen + vlen + 2) + 1, i, len = 0;
	char *s = malloc(cap);

	assert_non_null(s);
	for (i = 0; i < count; i++) {
		if (i)
			s[len++] = '&';
		memset(s + len, 'n', nlen);
		len += nlen;
		s[len++] = '=';
		memset(s + len, 'v', vlen);
		len += vlen;
	}
	s[len] = '\0';
	return s;
}

static void test_parse_default_limits(void **state)
{
	struct {
		size_t count, nlen, vlen;
		enum form_error err;
	} cases[] = {
		{64, 2, 1, FORM_OK},   {65, 2, 1, FORM_TOO_MANY_FIELDS},
		{1, 64, 1, FORM_OK},   {1, 65, 1, FORM_NAME_TOO_LONG},
		{1, 1, 8192, FORM_OK}, {1, 1, 8193, FORM_VALUE_TOO_LONG},
	};
	size_t k;

	(void)state;
	assert_int_equal(form_default_limits.max_fields, 64);
	assert_int_equal(form_default_limits.max_name, 64);
	assert_int_equal(form_default_limits.max_value, 8192);
	for (k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		struct form f = FORM_INIT;
		char *body = make_body(cases[k].count, cases[k].nlen,
				       cases[k].vlen);

		assert_int_equal(form_parse(body, strlen(body), NULL, &f),
				 cases[k].err);
		if (cases[k].err == FORM_OK) {
			assert_int_equal(f.n, cases[k].count);
			assert_int_equal(f.fields[0].value_len, cases[k].vlen);
		}
		form_free(&f);
		free(body);
	}
}

static void test_duplicates_counted_and_indexed(void **state)
{
	struct form f = FORM_INIT;
	const char *body = "id=3&x=y&id=5&id=8";

	(void)state;
	assert_int_equal(form_parse(body, strlen(body), NULL, &f), FORM_OK);
	assert_int_equal(form_count(&f, "id"), 3);
	assert_int_equal(form_count(&f, "x"), 1);
	assert_int_equal(form_count(&f, "nope"), 0);
	assert_string_equal(form_get(&f, "id"), "3");
	assert_string_equal(form_get_nth(&f, "id", 0), "3");
	assert_string_equal(form_get_nth(&f, "id", 1), "5");
	assert_string_equal(form_get_nth(&f, "id", 2), "8");
	assert_null(form_get_nth(&f, "id", 3));
	assert_null(form_get(&f, "nope"));
	assert_null(form_get(&f, "ID"));
	form_free(&f);
}

static void test_form_add_copies_and_grows(void **state)
{
	struct form f = FORM_INIT;
	char name[16], value[16];
	int i;

	(void)state;
	for (i = 0; i < 100; i++) {
		snprintf(name, sizeof(name), "n%d", i);
		snprintf(value, sizeof(value), "v%d", i);
		assert_int_equal(form_add(&f, name, value), 0);
	}
	/* The buffers were reused: the form must hold copies. */
	assert_int_equal(f.n, 100);
	assert_string_equal(form_get(&f, "n0"), "v0");
	assert_string_equal(form_get(&f, "n99"), "v99");
	assert_int_equal(f.fields[42].value_len, 3);
	form_free(&f);
	assert_null(f.fields);
	assert_int_equal(f.n, 0);
	assert_int_equal(f.cap, 0);
	/* form_free leaves it reusable. */
	assert_int_equal(form_add(&f, "a", ""), 0);
	assert_string_equal(form_get(&f, "a"), "");
	form_free(&f);
}

static void test_error_messages_are_danish_and_distinct(void **state)
{
	enum form_error e, g;

	(void)state;
	assert_string_equal(form_error_message(FORM_TOO_MANY_FIELDS),
			    "For mange felter i formularen.");
	assert_string_equal(form_error_message(FORM_BAD_UTF8),
			    "Formularen indeholder ugyldige tegn.");
	for (e = FORM_OK; e < FORM_ERROR__MAX; e++) {
		assert_non_null(form_error_message(e));
		assert_true(strlen(form_error_message(e)) > 0);
		for (g = e + 1; g < FORM_ERROR__MAX; g++)
			assert_string_not_equal(form_error_message(e),
						form_error_message(g));
	}
	assert_string_equal(form_error_message(FORM_ERROR__MAX),
			    "Ukendt fejl i formularen.");
}

/* ---- UTF-8 ---- */

static void test_utf8_strict(void **state)
{
	static const struct {
		const char *s;
		size_t len;
		bool ok;
	} cases[] = {
		{"", 0, true},
		{"abc", 3, true},
		{"\xc3\xa6\xc3\xb8\xc3\xa5", 6, true},
		{"\xe2\x82\xac", 3, true},     /* euro sign */
		{"\xf0\x9f\x98\x80", 4, true}, /* emoji */
		{"\xef\xbf\xbf", 3, true},     /* U+FFFF is not excluded */
		{"\xed\x9f\xbf", 3, true},     /* U+D7FF, just below */
		{"\xee\x80\x80", 3, true},     /* U+E000, just above */
		{"a\0b", 3, false},
		{"\xc0\x80", 2, false},
		{"\xc1\xbf", 2, false},
		{"\xe0\x9f\xbf", 3, false},
		{"\xf0\x8f\xbf\xbf", 4, false},
		{"\xed\xa0\x80", 3, false},
		{"\xed\xbf\xbf", 3, false},
		{"\xf4\x90\x80\x80", 4, false},
		{"\xf5\x80\x80\x80", 4, false},
		{"\xc3", 1, false},
		{"\xe2\x82", 2, false},
		{"\xe2\x28\xa1", 3, false},
		{"\x80", 1, false},
		{"\xfe", 1, false},
	};
	size_t k;

	(void)state;
	for (k = 0; k < sizeof(cases) / sizeof(cases[0]); k++)
		if (form_utf8_valid(cases[k].s, cases[k].len) != cases[k].ok)
			fail_msg("utf8 case %zu: want %d", k, cases[k].ok);
	assert_int_equal(form_utf8_length(""), 0);
	assert_int_equal(form_utf8_length("abc"), 3);
	assert_int_equal(form_utf8_length("\xc3\xa6\xc3\xb8\xc3\xa5"), 3);
	assert_int_equal(form_utf8_length("a\xf0\x9f\x98\x80"), 2);
}

/* ---- Validation ---- */

static const char *const status_choices[] = {"aktiv", "pause", "afsluttet",
					     NULL};

#define SPEC(label, kind, req, min, max)                                       \
	{                                                                      \
		"f", label, kind, req, min, max, NULL                          \
	}
#define ENUM_SPEC(label, req)                                                  \
	{                                                                      \
		"f", label, FIELD_ENUM, req, 0, 0, status_choices              \
	}

struct check_case {
	const char *what;
	struct form_spec spec;
	const char *input; /* NULL: the field is absent */
	int rc;
	const char *s; /* normalised value, or the message when rc is -1 */
	long i;
	bool present;
};

static const struct check_case check_cases[] = {
	/* TEXT */
	{"text trimmed", SPEC("Navn", FIELD_TEXT, true, 0, 0),
	 "  Hans Jensen \t", 0, "Hans Jensen", 0, true},
	{"text absent, optional", SPEC("Navn", FIELD_TEXT, false, 0, 0), NULL,
	 0, "", 0, false},
	{"text blank, optional", SPEC("Navn", FIELD_TEXT, false, 2, 0), "   ",
	 0, "", 0, false},
	{"text absent, required", SPEC("Navn", FIELD_TEXT, true, 0, 0), NULL,
	 -1, "Navn skal udfyldes.", 0, false},
	{"text blank, required", SPEC("Navn", FIELD_TEXT, true, 0, 0), " \r\n",
	 -1, "Navn skal udfyldes.", 0, false},
	{"text tab inside", SPEC("Navn", FIELD_TEXT, true, 0, 0), "a\tb", -1,
	 "Navn indeholder ugyldige tegn.", 0, false},
	{"text newline inside", SPEC("Navn", FIELD_TEXT, true, 0, 0), "a\nb",
	 -1, "Navn indeholder ugyldige tegn.", 0, false},
	{"text DEL", SPEC("Navn", FIELD_TEXT, true, 0, 0), "a\x7f", -1,
	 "Navn indeholder ugyldige tegn.", 0, false},
	{"text C1 control NEL", SPEC("Navn", FIELD_TEXT, true, 0, 0),
	 "a\xc2\x85", -1, "Navn indeholder ugyldige tegn.", 0, false},
	{"text invalid utf-8 from JSON", SPEC("Navn", FIELD_TEXT, true, 0, 0),
	 "a\xff", -1, "Navn indeholder ugyldige tegn.", 0, false},
	{"text non-breaking space kept", SPEC("Navn", FIELD_TEXT, true, 0, 0),
	 "a\302\240b", 0, "a\302\240b", 0, true},
	/* Security finding 9: invisible format characters change how a name
	 * reads (bidi overrides) or hide in it (zero-width), in pages and in
	 * exports alike. */
	{"text right-to-left override", SPEC("Navn", FIELD_TEXT, true, 0, 0),
	 "Hans \xe2\x80\xae"
	 "nesneJ",
	 -1,
	 "Navn indeholder usynlige tegn, der ændrer, hvordan teksten læses.", 0,
	 false},
	{"text bidi isolate", SPEC("Navn", FIELD_TEXT, true, 0, 0),
	 "a\xe2\x81\xa6"
	 "b\xe2\x81\xa9",
	 -1,
	 "Navn indeholder usynlige tegn, der ændrer, hvordan teksten læses.", 0,
	 false},
	{"text zero-width space", SPEC("Navn", FIELD_TEXT, true, 0, 0),
	 "Ha\xe2\x80\x8b"
	 "ns",
	 -1,
	 "Navn indeholder usynlige tegn, der ændrer, hvordan teksten læses.", 0,
	 false},
	{"text byte order mark", SPEC("Navn", FIELD_TEXT, true, 0, 0),
	 "\xef\xbb\xbf"
	 "Hans",
	 -1,
	 "Navn indeholder usynlige tegn, der ændrer, hvordan teksten læses.", 0,
	 false},
	{"text arabic letter mark", SPEC("Navn", FIELD_TEXT, true, 0, 0),
	 "a\xd8\x9c"
	 "b",
	 -1,
	 "Navn indeholder usynlige tegn, der ændrer, hvordan teksten læses.", 0,
	 false},
	{"textarea line separator", SPEC("Note", FIELD_TEXTAREA, true, 0, 0),
	 "a\xe2\x80\xa8"
	 "b",
	 -1,
	 "Note indeholder usynlige tegn, der ændrer, hvordan teksten læses.", 0,
	 false},
	{"text visible neighbours kept", SPEC("Navn", FIELD_TEXT, true, 0, 0),
	 "\xe2\x80\x93 \xe2\x80\xa6 \xe2\x82\xac \xef\xbc\xa1", 0,
	 "\xe2\x80\x93 \xe2\x80\xa6 \xe2\x82\xac \xef\xbc\xa1", 0, true},
	{"text min in characters, ok", SPEC("Navn", FIELD_TEXT, true, 2, 0),
	 "\xc3\xa6\xc3\xb8", 0, "\xc3\xa6\xc3\xb8", 0, true},
	{"text below min", SPEC("Navn", FIELD_TEXT, true, 2, 0), "\xc3\xa6", -1,
	 "Navn skal være mindst 2 tegn.", 0, false},
	{"text at max", SPEC("Navn", FIELD_TEXT, true, 0, 3),
	 "\xc3\xa6\xc3\xb8\xc3\xa5", 0, "\xc3\xa6\xc3\xb8\xc3\xa5", 0, true},
	{"text one past max", SPEC("Navn", FIELD_TEXT, true, 0, 3),
	 "\xc3\xa6\xc3\xb8\xc3\xa5x", -1, "Navn må højst være 3 tegn.", 0,
	 false},
	/* TEXTAREA */
	{"textarea CRLF normalised", SPEC("Note", FIELD_TEXTAREA, true, 0, 0),
	 "linje 1\r\nlinje 2\n\tx", 0, "linje 1\nlinje 2\n\tx", 0, true},
	{"textarea trimmed", SPEC("Note", FIELD_TEXTAREA, true, 0, 0),
	 " \r\n tekst \r\n", 0, "tekst", 0, true},
	{"textarea lone CR", SPEC("Note", FIELD_TEXTAREA, true, 0, 0), "a\rb",
	 -1, "Note indeholder ugyldige tegn.", 0, false},
	{"textarea control char", SPEC("Note", FIELD_TEXTAREA, true, 0, 0),
	 "a\x01", -1, "Note indeholder ugyldige tegn.", 0, false},
	{"textarea max counts after normalising",
	 SPEC("Note", FIELD_TEXTAREA, true, 0, 5), "ab\r\ncd", 0, "ab\ncd", 0,
	 true},
	{"textarea one past max", SPEC("Note", FIELD_TEXTAREA, true, 0, 5),
	 "ab\r\ncde", -1, "Note må højst være 5 tegn.", 0, false},
	/* EMAIL */
	{"email trimmed and lower-cased",
	 SPEC("E-mail", FIELD_EMAIL, true, 0, 0), " Hans.Jensen@Example.DK ", 0,
	 "hans.jensen@example.dk", 0, true},
	{"email plus tag", SPEC("E-mail", FIELD_EMAIL, true, 0, 0),
	 "a+b@sub.example.dk", 0, "a+b@sub.example.dk", 0, true},
	{"email no at", SPEC("E-mail", FIELD_EMAIL, true, 0, 0), "hans", -1,
	 "E-mail skal være en gyldig e-mailadresse.", 0, false},
	{"email two ats", SPEC("E-mail", FIELD_EMAIL, true, 0, 0), "a@b@c.dk",
	 -1, "E-mail skal være en gyldig e-mailadresse.", 0, false},
	{"email no dot in domain", SPEC("E-mail", FIELD_EMAIL, true, 0, 0),
	 "a@localhost", -1, "E-mail skal være en gyldig e-mailadresse.", 0,
	 false},
	{"email space", SPEC("E-mail", FIELD_EMAIL, true, 0, 0), "a b@c.dk", -1,
	 "E-mail skal være en gyldig e-mailadresse.", 0, false},
	{"email empty local", SPEC("E-mail", FIELD_EMAIL, true, 0, 0), "@c.dk",
	 -1, "E-mail skal være en gyldig e-mailadresse.", 0, false},
	{"email empty label", SPEC("E-mail", FIELD_EMAIL, true, 0, 0),
	 "a@c..dk", -1, "E-mail skal være en gyldig e-mailadresse.", 0, false},
	{"email trailing dot", SPEC("E-mail", FIELD_EMAIL, true, 0, 0),
	 "a@c.dk.", -1, "E-mail skal være en gyldig e-mailadresse.", 0, false},
	{"email comma (two recipients)",
	 SPEC("E-mail", FIELD_EMAIL, true, 0, 0), "a@c.dk,b@c.dk", -1,
	 "E-mail skal være en gyldig e-mailadresse.", 0, false},
	{"email angle brackets", SPEC("E-mail", FIELD_EMAIL, true, 0, 0),
	 "<a@c.dk>", -1, "E-mail skal være en gyldig e-mailadresse.", 0, false},
	{"email non-ascii", SPEC("E-mail", FIELD_EMAIL, true, 0, 0),
	 "s\xc3\xb8ren@c.dk", -1, "E-mail skal være en gyldig e-mailadresse.",
	 0, false},
	/* PASSWORD */
	{"password not trimmed",
	 SPEC("Adgangskode", FIELD_PASSWORD, true, 12, 0), " mellemrum ok ", 0,
	 " mellemrum ok ", 0, true},
	{"password too short", SPEC("Adgangskode", FIELD_PASSWORD, true, 12, 0),
	 "  kort  ", -1, "Adgangskode skal være mindst 12 tegn.", 0, false},
	{"password min in characters",
	 SPEC("Adgangskode", FIELD_PASSWORD, true, 12, 0),
	 "\xc3\xa6\xc3\xa6\xc3\xa6\xc3\xa6\xc3\xa6\xc3\xa6"
	 "\xc3\xa6\xc3\xa6\xc3\xa6\xc3\xa6\xc3\xa6",
	 -1, "Adgangskode skal være mindst 12 tegn.", 0, false},
	{"password over max", SPEC("Adgangskode", FIELD_PASSWORD, true, 2, 4),
	 "12345", -1, "Adgangskode må højst være 4 tegn.", 0, false},
	{"password absent", SPEC("Adgangskode", FIELD_PASSWORD, true, 12, 0),
	 NULL, -1, "Adgangskode skal udfyldes.", 0, false},
	/* INT */
	{"int in range", SPEC("Antal", FIELD_INT, true, 1, 10), "5", 0, "5", 5,
	 true},
	{"int trimmed", SPEC("Antal", FIELD_INT, true, 1, 10), " 7 ", 0, "7", 7,
	 true},
	{"int leading zeros", SPEC("Antal", FIELD_INT, true, 1, 10), "007", 0,
	 "7", 7, true},
	{"int at min", SPEC("Antal", FIELD_INT, true, 1, 10), "1", 0, "1", 1,
	 true},
	{"int at max", SPEC("Antal", FIELD_INT, true, 1, 10), "10", 0, "10", 10,
	 true},
	{"int below min", SPEC("Antal", FIELD_INT, true, 1, 10), "0", -1,
	 "Antal skal være et helt tal mellem 1 og 10.", 0, false},
	{"int above max", SPEC("Antal", FIELD_INT, true, 1, 10), "11", -1,
	 "Antal skal være et helt tal mellem 1 og 10.", 0, false},
	{"int letters", SPEC("Antal", FIELD_INT, true, 1, 10), "abc", -1,
	 "Antal skal være et helt tal mellem 1 og 10.", 0, false},
	{"int decimal point", SPEC("Antal", FIELD_INT, true, 1, 10), "1.5", -1,
	 "Antal skal være et helt tal mellem 1 og 10.", 0, false},
	{"int plus sign", SPEC("Antal", FIELD_INT, true, 1, 10), "+3", -1,
	 "Antal skal være et helt tal mellem 1 og 10.", 0, false},
	{"int lone minus", SPEC("Antal", FIELD_INT, true, 0, 0), "-", -1,
	 "Antal skal være et helt tal.", 0, false},
	{"int negative bounds", SPEC("Antal", FIELD_INT, true, -5, -1), "-5", 0,
	 "-5", -5, true},
	{"int unbounded negative", SPEC("Antal", FIELD_INT, true, 0, 0), "-42",
	 0, "-42", -42, true},
	{"int overflow", SPEC("Antal", FIELD_INT, true, 0, 0),
	 "99999999999999999999", -1, "Antal skal være et helt tal.", 0, false},
	{"int overflow with bounds", SPEC("Antal", FIELD_INT, true, 1, 10),
	 "18446744073709551621", -1,
	 "Antal skal være et helt tal mellem 1 og 10.", 0, false},
#if LONG_MAX == 9223372036854775807L
	{"int LONG_MAX", SPEC("Antal", FIELD_INT, true, 0, 0),
	 "9223372036854775807", 0, "9223372036854775807", LONG_MAX, true},
	{"int LONG_MAX + 1", SPEC("Antal", FIELD_INT, true, 0, 0),
	 "9223372036854775808", -1, "Antal skal være et helt tal.", 0, false},
	{"int LONG_MIN", SPEC("Antal", FIELD_INT, true, 0, 0),
	 "-9223372036854775808", 0, "-9223372036854775808", LONG_MIN, true},
	{"int LONG_MIN - 1", SPEC("Antal", FIELD_INT, true, 0, 0),
	 "-9223372036854775809", -1, "Antal skal være et helt tal.", 0, false},
#endif
	/* DATE */
	{"date leap day 2024", SPEC("Dato", FIELD_DATE, true, 0, 0),
	 "2024-02-29", 0, "2024-02-29", 19782, true},
	{"date epoch", SPEC("Dato", FIELD_DATE, true, 0, 0), "1970-01-01", 0,
	 "1970-01-01", 0, true},
	{"date before epoch", SPEC("Dato", FIELD_DATE, true, 0, 0),
	 "1969-12-31", 0, "1969-12-31", -1, true},
	{"date first year", SPEC("Dato", FIELD_DATE, true, 0, 0), "1900-01-01",
	 0, "1900-01-01", -25567, true},
	{"date last year", SPEC("Dato", FIELD_DATE, true, 0, 0), "2200-12-31",
	 0, "2200-12-31", 84370, true},
	{"date 2000 is leap", SPEC("Dato", FIELD_DATE, true, 0, 0),
	 "2000-02-29", 0, "2000-02-29", 11016, true},
	{"date 2023-02-29", SPEC("Dato", FIELD_DATE, true, 0, 0), "2023-02-29",
	 -1, "Dato skal være en gyldig dato (åååå-mm-dd).", 0, false},
	{"date 2100 not leap", SPEC("Dato", FIELD_DATE, true, 0, 0),
	 "2100-02-29", -1, "Dato skal være en gyldig dato (åååå-mm-dd).", 0,
	 false},
	{"date April 31", SPEC("Dato", FIELD_DATE, true, 0, 0), "2024-04-31",
	 -1, "Dato skal være en gyldig dato (åååå-mm-dd).", 0, false},
	{"date month 13", SPEC("Dato", FIELD_DATE, true, 0, 0), "2024-13-01",
	 -1, "Dato skal være en gyldig dato (åååå-mm-dd).", 0, false},
	{"date month 0", SPEC("Dato", FIELD_DATE, true, 0, 0), "2024-00-10", -1,
	 "Dato skal være en gyldig dato (åååå-mm-dd).", 0, false},
	{"date day 0", SPEC("Dato", FIELD_DATE, true, 0, 0), "2024-01-00", -1,
	 "Dato skal være en gyldig dato (åååå-mm-dd).", 0, false},
	{"date 1899", SPEC("Dato", FIELD_DATE, true, 0, 0), "1899-12-31", -1,
	 "Dato skal være en gyldig dato (åååå-mm-dd).", 0, false},
	{"date 2201", SPEC("Dato", FIELD_DATE, true, 0, 0), "2201-01-01", -1,
	 "Dato skal være en gyldig dato (åååå-mm-dd).", 0, false},
	{"date one-digit month", SPEC("Dato", FIELD_DATE, true, 0, 0),
	 "2024-1-01", -1, "Dato skal være en gyldig dato (åååå-mm-dd).", 0,
	 false},
	{"date slashes", SPEC("Dato", FIELD_DATE, true, 0, 0), "2024/01/01", -1,
	 "Dato skal være en gyldig dato (åååå-mm-dd).", 0, false},
	{"date trailing junk", SPEC("Dato", FIELD_DATE, true, 0, 0),
	 "2024-01-01x", -1, "Dato skal være en gyldig dato (åååå-mm-dd).", 0,
	 false},
	{"date danish order", SPEC("Dato", FIELD_DATE, true, 0, 0),
	 "29-02-2024", -1, "Dato skal være en gyldig dato (åååå-mm-dd).", 0,
	 false},
	/* TIME */
	{"time midnight", SPEC("Tidspunkt", FIELD_TIME, true, 0, 0), "00:00", 0,
	 "00:00", 0, true},
	{"time last minute", SPEC("Tidspunkt", FIELD_TIME, true, 0, 0), "23:59",
	 0, "23:59", 1439, true},
	{"time morning", SPEC("Tidspunkt", FIELD_TIME, true, 0, 0), "09:30", 0,
	 "09:30", 570, true},
	{"time 13:60", SPEC("Tidspunkt", FIELD_TIME, true, 0, 0), "13:60", -1,
	 "Tidspunkt skal være et gyldigt klokkeslæt (tt:mm).", 0, false},
	{"time 24:00", SPEC("Tidspunkt", FIELD_TIME, true, 0, 0), "24:00", -1,
	 "Tidspunkt skal være et gyldigt klokkeslæt (tt:mm).", 0, false},
	{"time one-digit hour", SPEC("Tidspunkt", FIELD_TIME, true, 0, 0),
	 "9:30", -1, "Tidspunkt skal være et gyldigt klokkeslæt (tt:mm).", 0,
	 false},
	{"time with seconds", SPEC("Tidspunkt", FIELD_TIME, true, 0, 0),
	 "09:30:00", -1, "Tidspunkt skal være et gyldigt klokkeslæt (tt:mm).",
	 0, false},
	{"time dot", SPEC("Tidspunkt", FIELD_TIME, true, 0, 0), "09.30", -1,
	 "Tidspunkt skal være et gyldigt klokkeslæt (tt:mm).", 0, false},
	/* ENUM */
	{"enum choice", ENUM_SPEC("Status", true), "pause", 0, "pause", 1,
	 true},
	{"enum case matters", ENUM_SPEC("Status", true), "Pause", -1,
	 "Status har en ugyldig værdi.", 0, false},
	{"enum prefix", ENUM_SPEC("Status", true), "paus", -1,
	 "Status har en ugyldig værdi.", 0, false},
	{"enum longer", ENUM_SPEC("Status", true), "pausex", -1,
	 "Status har en ugyldig værdi.", 0, false},
	{"enum absent, optional", ENUM_SPEC("Status", false), NULL, 0, "", 0,
	 false},
	{"enum absent, required", ENUM_SPEC("Status", true), NULL, -1,
	 "Status skal udfyldes.", 0, false},
	/* BOOL */
	{"bool absent", SPEC("Samtykke", FIELD_BOOL, false, 0, 0), NULL, 0, "0",
	 0, false},
	{"bool empty", SPEC("Samtykke", FIELD_BOOL, false, 0, 0), "", 0, "0", 0,
	 false},
	{"bool 0", SPEC("Samtykke", FIELD_BOOL, false, 0, 0), "0", 0, "0", 0,
	 true},
	{"bool false", SPEC("Samtykke", FIELD_BOOL, false, 0, 0), "false", 0,
	 "0", 0, true},
	{"bool off", SPEC("Samtykke", FIELD_BOOL, false, 0, 0), "off", 0, "0",
	 0, true},
	{"bool 1", SPEC("Samtykke", FIELD_BOOL, false, 0, 0), "1", 0, "1", 1,
	 true},
	{"bool true", SPEC("Samtykke", FIELD_BOOL, false, 0, 0), "true", 0, "1",
	 1, true},
	{"bool on", SPEC("Samtykke", FIELD_BOOL, false, 0, 0), "on", 0, "1", 1,
	 true},
	{"bool yes", SPEC("Samtykke", FIELD_BOOL, false, 0, 0), "yes", -1,
	 "Samtykke har en ugyldig værdi.", 0, false},
	{"bool 2", SPEC("Samtykke", FIELD_BOOL, false, 0, 0), "2", -1,
	 "Samtykke har en ugyldig værdi.", 0, false},
	{"bool required absent", SPEC("Samtykke", FIELD_BOOL, true, 0, 0), NULL,
	 -1, "Samtykke skal markeres.", 0, false},
	{"bool required false", SPEC("Samtykke", FIELD_BOOL, true, 0, 0), "0",
	 -1, "Samtykke skal markeres.", 0, false},
	{"bool required on", SPEC("Samtykke", FIELD_BOOL, true, 0, 0), "on", 0,
	 "1", 1, true},
	/* A spec without a label names the field. */
	{"label falls back to name", SPEC(NULL, FIELD_TEXT, true, 0, 0), NULL,
	 -1, "f skal udfyldes.", 0, false},
};

static void run_check_case(const struct check_case *c)
{
	struct form f = FORM_INIT;
	struct form_value v = {true, NULL, 123};
	struct form_invalid bad;
	int rc;

	assert_int_equal(form_add(&f, "andet", "ignoreret"), 0);
	if (c->input)
		assert_int_equal(form_add(&f, "f", c->input), 0);
	rc = form_validate(&f, &c->spec, 1, &v, &bad);
	expect_long(c->what, rc, c->rc);
	if (rc == 0) {
		expect_str(c->what, v.s, c->s);
		expect_long(c->what, v.i, c->i);
		expect_long(c->what, v.present, c->present);
		if (bad.field != NULL)
			fail_msg("%s: bad.field set on success", c->what);
	} else {
		expect_str(c->what, bad.message, c->s);
		expect_str(c->what, bad.field, "f");
		if (v.s != NULL)
			fail_msg("%s: values not freed on error", c->what);
	}
	form_values_free(&v, 1);
	form_free(&f);
}

static void test_validate_every_kind(void **state)
{
	size_t k;

	(void)state;
	for (k = 0; k < sizeof(check_cases) / sizeof(check_cases[0]); k++)
		run_check_case(&check_cases[k]);
}

/* Builds an address of exactly len bytes from 60-byte labels. */
static void make_email(char *s, size_t len)
{
	size_t i, n;

	memset(s, 'a', 64);
	s[64] = '@';
	for (i = 65, n = 0; i < len; i++, n++)
		s[i] = (n % 61 == 60) ? '.' : 'b';
	s[len] = '\0';
}

static void test_validate_email_length_bounds(void **state)
{
	const struct form_spec spec = SPEC("E-mail", FIELD_EMAIL, true, 0, 0);
	struct form_value v;
	struct form_invalid bad;
	struct form f = FORM_INIT;
	char addr[300];

	(void)state;
	make_email(addr, 254);
	assert_int_equal(strlen(addr), 254);
	assert_int_equal(form_add(&f, "f", addr), 0);
	assert_int_equal(form_validate(&f, &spec, 1, &v, &bad), 0);
	assert_string_equal(v.s, addr);
	form_values_free(&v, 1);
	form_free(&f);

	make_email(addr, 255);
	assert_int_equal(form_add(&f, "f", addr), 0);
	assert_int_equal(form_validate(&f, &spec, 1, &v, &bad), -1);
	assert_string_equal(bad.message,
			    "E-mail skal være en gyldig e-mailadresse.");
	form_free(&f);

	/* A 65-byte local part is too long even in a short address. */
	memset(addr, 'a', 65);
	memcpy(addr + 65, "@c.dk", 6);
	assert_int_equal(form_add(&f, "f", addr), 0);
	assert_int_equal(form_validate(&f, &spec, 1, &v, &bad), -1);
	form_free(&f);
}

static const struct form_spec signup_spec[] = {
	{"navn", "Navn", FIELD_TEXT, true, 1, 100, NULL},
	{"email", "E-mail", FIELD_EMAIL, true, 0, 0, NULL},
	{"start", "Startdato", FIELD_DATE, false, 0, 0, NULL},
	{"antal", "Antal", FIELD_INT, false, 1, 5, NULL},
};
#define SIGNUP_N (sizeof(signup_spec) / sizeof(signup_spec[0]))

static void test_validate_whole_parsed_form(void **state)
{
	const char *body = "navn=Mette+S%C3%B8rensen&email=METTE%40kommune.dk"
			   "&start=2024-08-01&submit=Gem";
	struct form f = FORM_INIT;
	struct form_value v[SIGNUP_N];
	struct form_invalid bad;

	(void)state;
	assert_int_equal(form_parse(body, strlen(body), NULL, &f), FORM_OK);
	assert_int_equal(form_validate(&f, signup_spec, SIGNUP_N, v, &bad), 0);
	assert_null(bad.field);
	assert_string_equal(v[0].s, "Mette S\xc3\xb8rensen");
	assert_string_equal(v[1].s, "mette@kommune.dk");
	assert_int_equal(v[2].i, 19936);
	assert_true(v[2].present);
	assert_false(v[3].present);
	assert_string_equal(v[3].s, "");
	form_values_free(v, SIGNUP_N);
	assert_null(v[0].s);
	form_free(&f);
}

static void test_validate_reports_first_invalid_in_spec_order(void **state)
{
	struct form f = FORM_INIT;
	struct form_value v[SIGNUP_N];
	struct form_invalid bad;

	(void)state;
	/* antal comes first in the body, but email first in the spec. */
	assert_int_equal(form_add(&f, "antal", "9"), 0);
	assert_int_equal(form_add(&f, "navn", "Ib"), 0);
	assert_int_equal(form_add(&f, "email", "ib"), 0);
	assert_int_equal(form_validate(&f, signup_spec, SIGNUP_N, v, &bad), -1);
	assert_string_equal(bad.field, "email");
	assert_string_equal(bad.message,
			    "E-mail skal være en gyldig e-mailadresse.");
	/* The values validated before the bad one were freed too. */
	assert_null(v[0].s);
	form_free(&f);
}

static void test_validate_duplicate_field_is_error(void **state)
{
	const char *body = "navn=Ib&navn=Bo&email=ib%40x.dk";
	struct form f = FORM_INIT;
	struct form_value v[SIGNUP_N];
	struct form_invalid bad;

	(void)state;
	assert_int_equal(form_parse(body, strlen(body), NULL, &f), FORM_OK);
	assert_int_equal(form_validate(&f, signup_spec, SIGNUP_N, v, &bad), -1);
	assert_string_equal(bad.field, "navn");
	assert_string_equal(bad.message, "Navn er angivet mere end én gang.");
	form_free(&f);
}

static void test_validate_ignores_repeated_unspecified_field(void **state)
{
	const char *body = "navn=Ib&email=ib%40x.dk&id=1&id=2";
	struct form f = FORM_INIT;
	struct form_value v[SIGNUP_N];

	(void)state;
	assert_int_equal(form_parse(body, strlen(body), NULL, &f), FORM_OK);
	assert_int_equal(form_validate(&f, signup_spec, SIGNUP_N, v, NULL), 0);
	form_values_free(v, SIGNUP_N);
	form_free(&f);
}

static void test_validate_long_label_cut_on_character(void **state)
{
	char label[400];
	struct form_spec spec = SPEC(NULL, FIELD_TEXT, true, 0, 0);
	struct form f = FORM_INIT;
	struct form_value v;
	struct form_invalid bad;
	size_t i;

	(void)state;
	/* "xy" then two-byte characters, so the message's last byte (254)
	 * is the first half of one. */
	label[0] = 'x';
	label[1] = 'y';
	for (i = 2; i + 2 < sizeof(label); i += 2)
		memcpy(label + i, "\xc3\xa6", 2);
	label[i] = '\0';
	spec.label = label;
	assert_int_equal(form_validate(&f, &spec, 1, &v, &bad), -1);
	assert_true(strlen(bad.message) < sizeof(bad.message));
	assert_true(form_utf8_valid(bad.message, strlen(bad.message)));
	assert_int_equal(strlen(bad.message), sizeof(bad.message) - 2);
}

static void test_validate_empty_spec_and_form(void **state)
{
	struct form f = FORM_INIT;
	struct form_invalid bad;

	(void)state;
	assert_int_equal(form_validate(&f, NULL, 0, NULL, &bad), 0);
	assert_null(bad.field);
	assert_string_equal(bad.message, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_decodes_and_rejects),
		cmocka_unit_test(test_parse_raw_nul_byte_rejected),
		cmocka_unit_test(test_parse_honours_len_not_nul),
		cmocka_unit_test(test_parse_null_body_with_zero_len_is_empty),
		cmocka_unit_test(test_parse_frees_previous_content),
		cmocka_unit_test(test_parse_limits_at_and_past_bound),
		cmocka_unit_test(test_parse_default_limits),
		cmocka_unit_test(test_duplicates_counted_and_indexed),
		cmocka_unit_test(test_form_add_copies_and_grows),
		cmocka_unit_test(test_error_messages_are_danish_and_distinct),
		cmocka_unit_test(test_utf8_strict),
		cmocka_unit_test(test_validate_every_kind),
		cmocka_unit_test(test_validate_email_length_bounds),
		cmocka_unit_test(test_validate_whole_parsed_form),
		cmocka_unit_test(
			test_validate_reports_first_invalid_in_spec_order),
		cmocka_unit_test(test_validate_duplicate_field_is_error),
		cmocka_unit_test(
			test_validate_ignores_repeated_unspecified_field),
		cmocka_unit_test(test_validate_long_label_cut_on_character),
		cmocka_unit_test(test_validate_empty_spec_and_form),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
