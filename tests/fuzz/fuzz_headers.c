/*
 * libFuzzer target for headers.c. The input is lines: the first is a
 * cookie name and a peer address, the second an X-Forwarded-For value, the
 * rest trusted proxies; the whole input is also a Cookie header, an
 * If-None-Match list and an HTTP date. Each reader is checked against a
 * plain restatement of its rule: which cookie is picked (or refused as
 * ambiguous), that X-Forwarded-For from an untrusted peer is never read,
 * and that a date read back formats to what was given.
 */
#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "fuzz_worker.h"
#include "headers.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_LINES 10

static const char fuzz_etag[] = "\"0123abcd\"";

/* ---- Cookies: the rule said again, simply ---- */

/* How often name is a pair's name, and the last such value. */
static int fuzz_cookie_count(const char *h, const char *name,
			     const char **value, size_t *vlen)
{
	size_t nlen = strlen(name), a, b, eq;
	const char *p = h, *end;
	int count = 0;

	while (*p) {
		end = strchr(p, ';');
		if (end == NULL)
			end = p + strlen(p);
		a = 0;
		b = (size_t)(end - p);
		while (a < b && (p[a] == ' ' || p[a] == '\t'))
			a++;
		for (eq = a; eq < b && p[eq] != '='; eq++)
			;
		if (eq < b) {
			size_t ne = eq;

			while (ne > a &&
			       (p[ne - 1] == ' ' || p[ne - 1] == '\t'))
				ne--;
			if (ne - a == nlen && memcmp(p + a, name, nlen) == 0) {
				count++;
				*value = p + eq + 1;
				*vlen = b - eq - 1;
			}
		}
		p = *end ? end + 1 : end;
	}
	return count;
}

static void fuzz_cookie(const char *header, const char *name, size_t outlen)
{
	char out[64], want[64];
	const char *v = NULL;
	size_t vlen = 0, i, k = 0;
	int rc, count;

	rc = headers_cookie(header, name, out, outlen);
	if (name[0] == '\0') {
		if (rc != -2)
			abort();
		return;
	}
	count = fuzz_cookie_count(header, name, &v, &vlen);
	if ((count == 0 && rc != -1) || (count > 1 && rc != -2) ||
	    (count == 1 && rc == -1))
		abort();
	if (rc != 0) {
		if (out[0] != '\0')
			abort();
		return;
	}
	/* The value: trimmed, unquoted, and only cookie-octets. */
	while (vlen && (v[0] == ' ' || v[0] == '\t')) {
		v++;
		vlen--;
	}
	while (vlen && (v[vlen - 1] == ' ' || v[vlen - 1] == '\t'))
		vlen--;
	if (vlen >= 2 && v[0] == '"' && v[vlen - 1] == '"') {
		v++;
		vlen -= 2;
	}
	for (i = 0; i < vlen; i++) {
		unsigned char c = (unsigned char)v[i];

		if (c <= ' ' || c == '"' || c == ',' || c == ';' || c == '\\' ||
		    c >= 0x7f)
			abort();
		want[k++] = (char)c;
	}
	want[k] = '\0';
	if (k >= outlen || strcmp(out, want) != 0)
		abort();
}

/* ---- Client address ---- */

/* An address as the header says addresses are compared: IPv6 may be in
 * brackets, an IPv4-mapped IPv6 address is its IPv4 one. 0, 4 or 6. */
static int fuzz_addr(const char *s, unsigned char b[16])
{
	char text[64];
	size_t n = strlen(s);

	if (n >= 2 && s[0] == '[' && s[n - 1] == ']' && n - 2 < sizeof(text) &&
	    memchr(s, ':', n)) {
		memcpy(text, s + 1, n - 2);
		text[n - 2] = '\0';
		s = text;
	}
	memset(b, 0, 16);
	if (inet_pton(AF_INET, s, b) == 1)
		return 4;
	if (inet_pton(AF_INET6, s, b) != 1)
		return 0;
	if (memcmp(b, "\0\0\0\0\0\0\0\0\0\0\xff\xff", 12) == 0) {
		memmove(b, b + 12, 4);
		memset(b + 4, 0, 12);
		return 4;
	}
	return 6;
}

static bool fuzz_same_addr(const char *a, const char *b)
{
	unsigned char x[16], y[16];
	int fa = fuzz_addr(a, x);

	return fa != 0 && fa == fuzz_addr(b, y) && memcmp(x, y, 16) == 0;
}

static bool fuzz_is_addr(const char *s)
{
	unsigned char x[16];

	return inet_pton(AF_INET, s, x) == 1 || inet_pton(AF_INET6, s, x) == 1;
}

static void fuzz_address(const char *peer, const char *xff,
			 const char *const *trusted, size_t n)
{
	bool peer_trusted = false;
	char out[64];
	size_t i;
	int rc;

	rc = headers_client_address(peer, xff, trusted, n, out, sizeof(out));
	if (rc < -1 || rc > 1)
		abort();
	if (rc == -1) {
		if (strlen(peer) < sizeof(out) - 1 && out[0] == '\0' &&
		    fuzz_is_addr(peer))
			abort(); /* an address always fits in 64 bytes */
		return;
	}
	if (rc == 1 && strcmp(out, peer) != 0)
		abort();
	for (i = 0; i < n; i++)
		peer_trusted = peer_trusted || fuzz_same_addr(peer, trusted[i]);
	if (!peer_trusted && strcmp(out, peer) != 0)
		abort(); /* an untrusted peer's header was read */
	if (strcmp(out, peer) != 0 && (!fuzz_is_addr(out) || rc != 0))
		abort();
}

/* ---- Validators ---- */

static void fuzz_etag_check(const char *inm)
{
	bool m = headers_etag_matches(inm, fuzz_etag);

	/* Without a star or the tag, nothing can match. */
	if (m && strchr(inm, '*') == NULL && strstr(inm, fuzz_etag) == NULL)
		abort();
	if (strcmp(inm, fuzz_etag) == 0 && !m)
		abort();
}

static void fuzz_date(const char *s)
{
	static const char months[12][4] = {"Jan", "Feb", "Mar", "Apr",
					   "May", "Jun", "Jul", "Aug",
					   "Sep", "Oct", "Nov", "Dec"};
	int64_t t = 0x5a5a, days, rest;
	int y, m, d;
	char again[64];

	if (headers_http_date(s, &t) < 0) {
		if (t != 0x5a5a)
			abort();
		return;
	}
	if (strlen(s) != 29)
		abort();
	/* Formatted back (the day name is not checked, so not compared),
	 * unless a leap second rolled over into the next minute. */
	if (s[23] == '6')
		return;
	days = t / 86400;
	rest = t % 86400;
	if (rest < 0) {
		rest += 86400;
		days--;
	}
	date_to_civil((date_t)days, &y, &m, &d);
	snprintf(again, sizeof(again), "%02d %s %04d %02d:%02d:%02d GMT", d,
		 months[m - 1], y, (int)(rest / 3600), (int)(rest / 60 % 60),
		 (int)(rest % 60));
	if (strcmp(again, s + 5) != 0)
		abort();
}

static void fuzz_job(const uint8_t *data, size_t size)
{
	char *whole = malloc(size + 1), *copy = malloc(size + 1), *p, *nl;
	const char *lines[FUZZ_LINES];
	size_t n = 0;

	if (whole == NULL || copy == NULL)
		abort();
	memcpy(whole, data, size);
	whole[size] = '\0';
	memcpy(copy, whole, size + 1);
	for (p = copy; p && n < FUZZ_LINES; p = nl ? nl + 1 : NULL) {
		nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		lines[n++] = p;
	}
	fuzz_cookie(whole, "sid", 64);
	fuzz_cookie(whole, "sid", 8);
	fuzz_cookie(whole, lines[0], 64);
	fuzz_address(lines[0], n > 1 ? lines[1] : NULL, lines + 2,
		     n > 2 ? n - 2 : 0);
	fuzz_etag_check(whole);
	fuzz_etag_check(lines[0]);
	fuzz_date(whole);
	fuzz_date(lines[0]);
	free(copy);
	free(whole);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_on_worker_stack(fuzz_job, data, size);
	return 0;
}
