/*
 * Unit tests for headers.c: which cookie value is picked (and when none
 * is, because the header is malformed or ambiguous), which address a
 * request is throttled under behind trusted proxies, and the conditional
 * request validators the feeds use.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "headers.h"

/* ---- Cookies ---- */

struct cookie_case {
	const char *what;
	const char *header;
	const char *name;
	size_t outlen;
	int rc;
	const char *value; /* out after the call */
};

/* clang-format off */
static const struct cookie_case cookie_cases[] = {
    {"only cookie", "sid=abc", "sid", 64, 0, "abc"},
    {"first of two", "sid=abc; theme=dark", "sid", 64, 0, "abc"},
    {"last of two", "theme=dark; sid=abc", "sid", 64, 0, "abc"},
    {"no space after ;", "theme=dark;sid=abc", "sid", 64, 0, "abc"},
    {"tabs and spaces around", " \tsid = abc \t; x=1", "sid", 64, 0, "abc"},
    {"trailing ;", "sid=abc;", "sid", 64, 0, "abc"},
    {"empty value", "sid=", "sid", 64, 0, ""},
    {"quoted value", "sid=\"abc\"", "sid", 64, 0, "abc"},
    {"value with =", "sid=a=b", "sid", 64, 0, "a=b"},
    {"base64url token", "sid=AZaz09-_", "sid", 64, 0, "AZaz09-_"},
    {"name is case-sensitive", "SID=abc", "sid", 64, -1, ""},
    {"prefix of another name", "sidx=abc", "sid", 64, -1, ""},
    {"suffix of another name", "xsid=abc", "sid", 64, -1, ""},
    {"name only in a value", "x=sid=abc", "sid", 64, -1, ""},
    {"absent", "a=1; b=2", "sid", 64, -1, ""},
    {"empty header", "", "sid", 64, -1, ""},
    {"only separators", " ; ;; ", "sid", 64, -1, ""},
    {"pair without =", "sid; a=1", "sid", 64, -1, ""},
    {"twice is ambiguous", "sid=a; sid=b", "sid", 64, -2, ""},
    {"twice, same value", "sid=a; sid=a", "sid", 64, -2, ""},
    {"twice, far apart", "sid=a; x=1; y=2; sid=b", "sid", 64, -2, ""},
    {"twice, second malformed", "sid=a; sid=\"", "sid", 64, -2, ""},
    {"space inside the value", "sid=a b", "sid", 64, -2, ""},
    {"comma inside the value", "sid=a,b", "sid", 64, -2, ""},
    {"backslash inside the value", "sid=a\\b", "sid", 64, -2, ""},
    {"quote inside the value", "sid=a\"b", "sid", 64, -2, ""},
    {"unbalanced quote", "sid=\"abc", "sid", 64, -2, ""},
    {"control character", "sid=a\x01", "sid", 64, -2, ""},
    {"non-ASCII byte", "sid=\xc3\xa6", "sid", 64, -2, ""},
    {"a stranger's odd cookie is no matter", "x=a b\"c; sid=abc", "sid", 64, 0, "abc"},
    {"exactly fits", "sid=abc", "sid", 4, 0, "abc"},
    {"one byte too long", "sid=abcd", "sid", 4, -2, ""},
    {"no room at all", "sid=abc", "sid", 0, -2, ""},
};
/* clang-format on */

static void test_cookie_table(void **state)
{
	char out[64];
	size_t i;
	int rc;

	(void)state;
	for (i = 0; i < sizeof(cookie_cases) / sizeof(cookie_cases[0]); i++) {
		const struct cookie_case *c = &cookie_cases[i];

		memset(out, 'X', sizeof(out));
		out[sizeof(out) - 1] = '\0';
		rc = headers_cookie(c->header, c->name, out, c->outlen);
		if (rc != c->rc)
			fail_msg("%s: rc %d, want %d", c->what, rc, c->rc);
		if (c->outlen && strcmp(out, c->value) != 0)
			fail_msg("%s: out \"%s\", want \"%s\"", c->what, out,
				 c->value);
		if (c->outlen == 0 && out[0] != 'X')
			fail_msg("%s: wrote into no room", c->what);
	}
}

static void test_cookie_null_arguments(void **state)
{
	char out[8];

	(void)state;
	assert_int_equal(headers_cookie(NULL, "sid", out, sizeof(out)), -1);
	assert_string_equal(out, "");
	assert_int_equal(headers_cookie("sid=1", NULL, out, sizeof(out)), -2);
	assert_int_equal(headers_cookie("sid=1", "", out, sizeof(out)), -2);
	assert_int_equal(headers_cookie("sid=1", "sid", NULL, 8), -2);
}

/* ---- Client address ---- */

static const char *const proxies[] = {"10.0.0.1", "::1", "not an address",
				      "192.0.2.7"};
#define NPROXIES (sizeof(proxies) / sizeof(proxies[0]))

struct address_case {
	const char *what;
	const char *peer;
	const char *xff;
	int rc;
	const char *want;
};

/* clang-format off */
static const struct address_case address_cases[] = {
    {"untrusted peer, no header", "203.0.113.5", NULL, 0, "203.0.113.5"},
    {"untrusted peer's header is never read", "203.0.113.5", "198.51.100.1", 0, "203.0.113.5"},
    {"untrusted peer's garbage is never read", "203.0.113.5", "garbage", 0, "203.0.113.5"},
    {"trusted peer, one client", "10.0.0.1", "198.51.100.1", 0, "198.51.100.1"},
    {"rightmost untrusted wins", "10.0.0.1", "1.1.1.1, 198.51.100.1", 0, "198.51.100.1"},
    {"trusted entries are skipped", "10.0.0.1", "198.51.100.1, 192.0.2.7", 0, "198.51.100.1"},
    {"client's own claims left of it", "10.0.0.1", "6.6.6.6, 198.51.100.1, 10.0.0.1", 0, "198.51.100.1"},
    {"client's garbage left of it", "10.0.0.1", "bad stuff, 198.51.100.1", 0, "198.51.100.1"},
    {"all trusted: the farthest", "10.0.0.1", "192.0.2.7, 10.0.0.1", 0, "192.0.2.7"},
    {"white space around entries", "10.0.0.1", " \t198.51.100.1 \t", 0, "198.51.100.1"},
    {"no white space", "10.0.0.1", "1.1.1.1,198.51.100.1", 0, "198.51.100.1"},
    {"IPv6 client", "10.0.0.1", "2001:db8::1", 0, "2001:db8::1"},
    {"IPv6 client in brackets", "10.0.0.1", "[2001:db8::1]", 0, "2001:db8::1"},
    {"IPv6 written long is canonical", "10.0.0.1", "2001:0db8:0:0:0:0:0:1", 0, "2001:db8::1"},
    {"IPv6 trusted peer", "::1", "198.51.100.1", 0, "198.51.100.1"},
    {"IPv6 trusted peer written long", "0:0:0:0:0:0:0:1", "198.51.100.1", 0, "198.51.100.1"},
    {"IPv4-mapped peer is its IPv4", "::ffff:10.0.0.1", "198.51.100.1", 0, "198.51.100.1"},
    {"IPv4-mapped trusted entry skipped", "10.0.0.1", "198.51.100.1, ::ffff:192.0.2.7", 0, "198.51.100.1"},
    {"empty header from a proxy", "10.0.0.1", "", 0, "10.0.0.1"},
    {"blank header from a proxy", "10.0.0.1", " \t ", 0, "10.0.0.1"},
    {"no header from a proxy", "10.0.0.1", NULL, 0, "10.0.0.1"},
    {"malformed entry", "10.0.0.1", "example.org", 1, "10.0.0.1"},
    {"malformed after a trusted one", "10.0.0.1", "1.1.1.1, x, 192.0.2.7", 1, "10.0.0.1"},
    {"empty entry", "10.0.0.1", "1.1.1.1,,10.0.0.1", 1, "10.0.0.1"},
    {"trailing comma", "10.0.0.1", "198.51.100.1,", 1, "10.0.0.1"},
    {"a port", "10.0.0.1", "198.51.100.1:4711", 1, "10.0.0.1"},
    {"bracketed IPv4", "10.0.0.1", "[198.51.100.1]", 1, "10.0.0.1"},
    {"for= form", "10.0.0.1", "for=198.51.100.1", 1, "10.0.0.1"},
    {"IPv4 with a leading zero", "10.0.0.1", "198.051.100.1", 1, "10.0.0.1"},
    {"too long", "10.0.0.1", "1111:2222:3333:4444:5555:6666:7777:8888:9999:aaaa", 1, "10.0.0.1"},
    {"inner white space", "10.0.0.1", "198.51. 100.1", 1, "10.0.0.1"},
    {"unparsable peer is untrusted", "unix", "198.51.100.1", 0, "unix"},
};
/* clang-format on */

static void test_client_address_table(void **state)
{
	char out[64];
	size_t i;
	int rc;

	(void)state;
	for (i = 0; i < sizeof(address_cases) / sizeof(address_cases[0]); i++) {
		const struct address_case *c = &address_cases[i];

		rc = headers_client_address(c->peer, c->xff, proxies, NPROXIES,
					    out, sizeof(out));
		if (rc != c->rc)
			fail_msg("%s: rc %d, want %d", c->what, rc, c->rc);
		if (strcmp(out, c->want) != 0)
			fail_msg("%s: \"%s\", want \"%s\"", c->what, out,
				 c->want);
	}
}

static void test_client_address_without_proxies(void **state)
{
	char out[64];

	(void)state;
	assert_int_equal(headers_client_address("10.0.0.1", "198.51.100.1",
						NULL, 0, out, sizeof(out)),
			 0);
	assert_string_equal(out, "10.0.0.1");
	assert_int_equal(headers_client_address("10.0.0.1", "198.51.100.1",
						proxies, 0, out, sizeof(out)),
			 0);
	assert_string_equal(out, "10.0.0.1");
}

static void test_client_address_small_out(void **state)
{
	char out[12];

	(void)state;
	/* "198.51.100.1" needs 13 bytes. */
	assert_int_equal(headers_client_address("10.0.0.1", "198.51.100.1",
						proxies, NPROXIES, out,
						sizeof(out)),
			 -1);
	assert_string_equal(out, "");
	assert_int_equal(headers_client_address("203.0.113.55", NULL, proxies,
						NPROXIES, out, sizeof(out)),
			 -1);
	assert_int_equal(headers_client_address("10.0.0.1", "1.1.1.1", proxies,
						NPROXIES, out, 8),
			 0);
	assert_string_equal(out, "1.1.1.1");
	assert_int_equal(headers_client_address(NULL, "1.1.1.1", proxies,
						NPROXIES, out, sizeof(out)),
			 -1);
	assert_int_equal(headers_client_address("10.0.0.1", "1.1.1.1", proxies,
						NPROXIES, NULL, 0),
			 -1);
}

/* ---- Entity tags ---- */

struct etag_case {
	const char *what;
	const char *inm;
	bool match;
};

static const char feed_etag[] = "\"0123abcd\"";

/* clang-format off */
static const struct etag_case etag_cases[] = {
    {"the same tag", "\"0123abcd\"", true},
    {"weak form of it", "W/\"0123abcd\"", true},
    {"in a list", "\"x\", \"0123abcd\"", true},
    {"weak in a list", "\"x\", W/\"0123abcd\"", true},
    {"list without spaces", "\"x\",\"0123abcd\",\"y\"", true},
    {"tab before", "\t\"0123abcd\"", true},
    {"followed by a space", "\"0123abcd\" ", true},
    {"star", "*", true},
    {"star later in a list", "\"x\", *", true},
    {"another tag", "\"other\"", false},
    {"prefix of it", "\"0123abc\"", false},
    {"longer", "\"0123abcde\"", false},
    {"unquoted", "0123abcd", false},
    {"glued to more", "\"0123abcd\"x", false},
    {"lower-case w/", "w/\"0123abcd\"", false},
    {"empty", "", false},
    {"only commas", ",,, ,", false},
};
/* clang-format on */

static void test_etag_table(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(etag_cases) / sizeof(etag_cases[0]); i++)
		if (headers_etag_matches(etag_cases[i].inm, feed_etag) !=
		    etag_cases[i].match)
			fail_msg("%s: want %s", etag_cases[i].what,
				 etag_cases[i].match ? "a match" : "none");
}

/* ---- HTTP dates ---- */

struct date_case {
	const char *what;
	const char *s;
	int rc;
	int64_t t;
};

/* clang-format off */
static const struct date_case date_cases[] = {
    {"RFC 9110's example", "Sun, 06 Nov 1994 08:49:37 GMT", 0, 784111777},
    {"the epoch", "Thu, 01 Jan 1970 00:00:00 GMT", 0, 0},
    {"leap day", "Thu, 29 Feb 2024 12:00:00 GMT", 0, 1709208000},
    {"leap second", "Wed, 31 Dec 2025 23:59:60 GMT", 0, 1767225600},
    {"before the epoch", "Wed, 31 Dec 1969 23:59:59 GMT", 0, -1},
    {"day name is not checked", "Xyz, 06 Nov 1994 08:49:37 GMT", 0, 784111777},
    {"no 29 Feb in 2025", "Sat, 29 Feb 2025 00:00:00 GMT", -1, 0},
    {"day 00", "Sun, 00 Nov 1994 08:49:37 GMT", -1, 0},
    {"hour 24", "Sun, 06 Nov 1994 24:00:00 GMT", -1, 0},
    {"minute 60", "Sun, 06 Nov 1994 08:60:00 GMT", -1, 0},
    {"second 61", "Sun, 06 Nov 1994 08:49:61 GMT", -1, 0},
    {"lower-case month", "Sun, 06 nov 1994 08:49:37 GMT", -1, 0},
    {"unknown month", "Sun, 06 Now 1994 08:49:37 GMT", -1, 0},
    {"UTC, not GMT", "Sun, 06 Nov 1994 08:49:37 UTC", -1, 0},
    {"one-digit day", "Sun, 6 Nov 1994 08:49:37 GMT", -1, 0},
    {"RFC 850 form", "Sunday, 06-Nov-94 08:49:37 GMT", -1, 0},
    {"asctime form", "Sun Nov  6 08:49:37 1994", -1, 0},
    {"trailing space", "Sun, 06 Nov 1994 08:49:37 GMT ", -1, 0},
    {"sign in a number", "Sun, +6 Nov 1994 08:49:37 GMT", -1, 0},
    {"empty", "", -1, 0},
};
/* clang-format on */

static void test_http_date_table(void **state)
{
	int64_t t;
	size_t i;
	int rc;

	(void)state;
	for (i = 0; i < sizeof(date_cases) / sizeof(date_cases[0]); i++) {
		const struct date_case *c = &date_cases[i];

		t = 4242;
		rc = headers_http_date(c->s, &t);
		if (rc != c->rc)
			fail_msg("%s: rc %d, want %d", c->what, rc, c->rc);
		if (rc == 0 && t != c->t)
			fail_msg("%s: %lld, want %lld", c->what, (long long)t,
				 (long long)c->t);
		if (rc < 0 && t != 4242)
			fail_msg("%s: wrote on failure", c->what);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cookie_table),
		cmocka_unit_test(test_cookie_null_arguments),
		cmocka_unit_test(test_client_address_table),
		cmocka_unit_test(test_client_address_without_proxies),
		cmocka_unit_test(test_client_address_small_out),
		cmocka_unit_test(test_etag_table),
		cmocka_unit_test(test_http_date_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
