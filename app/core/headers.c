/*
 * headers: readers of request header values that take plain strings, so
 * the rules (which cookie, which address, which validator) are tested and
 * fuzzed without a server. No allocation, no recursion.
 */
#include "headers.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>

#include "date.h"

/* Longest text of an address we read: an IPv6 one in brackets. */
#define HEADERS_ADDR_MAX (INET6_ADDRSTRLEN + 2)

static bool headers_ows(char c)
{
	return c == ' ' || c == '\t';
}

/* ---- Cookies ---- */

/* RFC 6265 cookie-octet: printable US-ASCII but space " , ; \ */
static bool headers_cookie_octet(unsigned char c)
{
	return c == 0x21 || (c >= 0x23 && c <= 0x2b) ||
	       (c >= 0x2d && c <= 0x3a) || (c >= 0x3c && c <= 0x5b) ||
	       (c >= 0x5d && c <= 0x7e);
}

/* Copies the cookie-value v[0..n) into out; 0, or -2 if bad or too long. */
static int headers_cookie_value(const char *v, size_t n, char *out,
				size_t outlen)
{
	size_t i;

	if (n >= 2 && v[0] == '"' && v[n - 1] == '"') {
		v++;
		n -= 2;
	}
	for (i = 0; i < n; i++)
		if (!headers_cookie_octet((unsigned char)v[i]))
			return -2;
	if (n >= outlen)
		return -2;
	memcpy(out, v, n);
	out[n] = '\0';
	return 0;
}

int headers_cookie(const char *cookie_header, const char *name, char *out,
		   size_t outlen)
{
	const char *p = cookie_header, *end, *eq, *v;
	size_t nlen, vlen;
	int found = 0, rc;

	if (out && outlen)
		out[0] = '\0';
	if (name == NULL || name[0] == '\0' || out == NULL || outlen == 0)
		return -2;
	if (cookie_header == NULL)
		return -1;
	nlen = strlen(name);
	while (*p) {
		while (headers_ows(*p) || *p == ';')
			p++;
		end = strchr(p, ';');
		if (end == NULL)
			end = p + strlen(p);
		eq = memchr(p, '=', (size_t)(end - p));
		/* The name, with white space before '=' ignored as browsers
		 * do. */
		if (eq != NULL) {
			const char *ne = eq;

			while (ne > p && headers_ows(ne[-1]))
				ne--;
			if ((size_t)(ne - p) == nlen &&
			    memcmp(p, name, nlen) == 0) {
				if (found) {
					out[0] = '\0';
					return -2;
				}
				found = 1;
				v = eq + 1;
				while (v < end && headers_ows(*v))
					v++;
				vlen = (size_t)(end - v);
				while (vlen && headers_ows(v[vlen - 1]))
					vlen--;
				rc = headers_cookie_value(v, vlen, out, outlen);
				if (rc < 0) {
					out[0] = '\0';
					return rc;
				}
			}
		}
		p = end;
	}
	return found ? 0 : -1;
}

/* ---- Client address ---- */

/* An address in binary: IPv4 as such, IPv4-mapped IPv6 as IPv4. */
struct headers_addr {
	int family;
	unsigned char b[16];
};

/* Parses s[0..n) (no white space, maybe "[v6]"); 0 or -1. */
static int headers_addr_parse(const char *s, size_t n, struct headers_addr *a)
{
	char text[HEADERS_ADDR_MAX + 1];

	if (n >= 2 && s[0] == '[' && s[n - 1] == ']') {
		s++;
		n -= 2;
		if (memchr(s, ':', n) == NULL)
			return -1; /* brackets only hold IPv6 */
	}
	if (n == 0 || n > HEADERS_ADDR_MAX)
		return -1;
	memcpy(text, s, n);
	text[n] = '\0';
	memset(a, 0, sizeof(*a));
	if (inet_pton(AF_INET, text, a->b) == 1) {
		a->family = AF_INET;
		return 0;
	}
	if (inet_pton(AF_INET6, text, a->b) != 1)
		return -1;
	a->family = AF_INET6;
	if (IN6_IS_ADDR_V4MAPPED((const struct in6_addr *)a->b)) {
		memmove(a->b, a->b + 12, 4);
		memset(a->b + 4, 0, 12);
		a->family = AF_INET;
	}
	return 0;
}

static bool headers_addr_trusted(const struct headers_addr *a,
				 const char *const *trusted, size_t n)
{
	struct headers_addr t;
	size_t i;

	for (i = 0; i < n; i++) {
		if (trusted[i] == NULL ||
		    headers_addr_parse(trusted[i], strlen(trusted[i]), &t) < 0)
			continue;
		if (t.family == a->family &&
		    memcmp(t.b, a->b, t.family == AF_INET ? 4 : 16) == 0)
			return true;
	}
	return false;
}

static int headers_copy(const char *s, char *out, size_t outlen)
{
	size_t n = strlen(s);

	if (n >= outlen) {
		if (outlen)
			out[0] = '\0';
		return -1;
	}
	memcpy(out, s, n + 1);
	return 0;
}

static int headers_addr_text(const struct headers_addr *a, char *out,
			     size_t outlen)
{
	char text[INET6_ADDRSTRLEN];

	if (inet_ntop(a->family, a->b, text, sizeof(text)) == NULL)
		return -1;
	return headers_copy(text, out, outlen);
}

int headers_client_address(const char *peer, const char *x_forwarded_for,
			   const char *const *trusted, size_t ntrusted,
			   char *out, size_t outlen)
{
	const char *xff = x_forwarded_for, *start, *end, *p;
	struct headers_addr a;
	size_t n;

	if (out == NULL || outlen == 0)
		return -1;
	if (peer == NULL) {
		out[0] = '\0';
		return -1;
	}
	if (xff == NULL || trusted == NULL || ntrusted == 0 ||
	    headers_addr_parse(peer, strlen(peer), &a) < 0 ||
	    !headers_addr_trusted(&a, trusted, ntrusted))
		return headers_copy(peer, out, outlen);
	while (headers_ows(*xff))
		xff++;
	if (*xff == '\0')
		return headers_copy(peer, out, outlen);
	/* From the right: [p, end) is one entry, white space and all. */
	end = xff + strlen(xff);
	for (;;) {
		p = end;
		while (p > xff && p[-1] != ',')
			p--;
		start = p;
		while (start < end && headers_ows(*start))
			start++;
		n = (size_t)(end - start);
		while (n && headers_ows(start[n - 1]))
			n--;
		if (headers_addr_parse(start, n, &a) < 0)
			return headers_copy(peer, out, outlen) < 0 ? -1 : 1;
		if (!headers_addr_trusted(&a, trusted, ntrusted))
			break;
		if (p == xff)
			break; /* all trusted: the farthest is the answer */
		end = p - 1;   /* before the comma */
	}
	return headers_addr_text(&a, out, outlen);
}

/* ---- Conditional requests ---- */

bool headers_etag_matches(const char *if_none_match, const char *etag)
{
	size_t n = strlen(etag);
	const char *p = if_none_match;

	while (*p) {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (*p == '*')
			return true;
		if (strncmp(p, "W/", 2) == 0)
			p += 2;
		if (strncmp(p, etag, n) == 0 && (p[n] == '\0' || p[n] == ',' ||
						 p[n] == ' ' || p[n] == '\t'))
			return true;
		while (*p && *p != ',')
			p++;
	}
	return false;
}

static const char headers_months[12][4] = {"Jan", "Feb", "Mar", "Apr",
					   "May", "Jun", "Jul", "Aug",
					   "Sep", "Oct", "Nov", "Dec"};

/* n decimal digits at s, or -1. */
static int headers_number(const char *s, int n)
{
	int v = 0;

	while (n-- > 0) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s++ - '0');
	}
	return v;
}

int headers_http_date(const char *s, int64_t *out)
{
	int d, y, hh, mm, ss, m;

	if (strlen(s) != 29 || memcmp(s + 3, ", ", 2) != 0 || s[7] != ' ' ||
	    s[11] != ' ' || s[16] != ' ' || s[19] != ':' || s[22] != ':' ||
	    strcmp(s + 25, " GMT") != 0)
		return -1;
	for (m = 0; m < 12; m++)
		if (memcmp(s + 8, headers_months[m], 3) == 0)
			break;
	d = headers_number(s + 5, 2);
	y = headers_number(s + 12, 4);
	hh = headers_number(s + 17, 2);
	mm = headers_number(s + 20, 2);
	ss = headers_number(s + 23, 2);
	if (m == 12 || d < 0 || y < 0 || hh < 0 || mm < 0 || ss < 0 ||
	    !date_civil_valid(y, m + 1, d) || hh > 23 || mm > 59 || ss > 60)
		return -1;
	*out = (int64_t)date_from_civil(y, m + 1, d) * 86400 + hh * 3600 +
	       mm * 60 + ss;
	return 0;
}
