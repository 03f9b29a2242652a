/*
 * headers: pure readers of request header values (cookies, the client's
 * address behind trusted proxies, conditional-request validators), apart
 * from CivetWeb so they can be tested and fuzzed on their own. None
 * allocates; each does work linear in its input.
 */
#ifndef MESTRING_HEADERS_H
#define MESTRING_HEADERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The value of cookie name in a Cookie header (RFC 6265 section 4.2:
 * "a=b; c=d"), copied NUL-ended into out. Pairs are split on ';' with
 * space and tab around them ignored; a pair without '=' has no name and is
 * skipped. The value of name must be cookie-octets, optionally inside one
 * pair of double quotes (which are removed); other pairs are not looked at
 * closer, so a stranger's odd cookie cannot lock a user out.
 *
 * Returns 0 found, -1 absent (or cookie_header NULL), -2 when the value is
 * malformed, does not fit in outlen bytes with its NUL, or name is there
 * more than once: a second session cookie set by a sibling subdomain must
 * never be the one picked, so ambiguity is refused. out is "" unless 0.
 */
int headers_cookie(const char *cookie_header, const char *name, char *out,
		   size_t outlen);

/*
 * The address to throttle and log for a request from peer (the socket's
 * address), in out. Unless peer is one of trusted[0..ntrusted) (proxy
 * addresses, compared as addresses, so "::1" is "0:0::1"; an IPv4-mapped
 * IPv6 address is its IPv4 one; entries that are not addresses are
 * ignored), the answer is peer itself, whatever X-Forwarded-For says.
 * From a trusted peer, x_forwarded_for (a comma-separated list, each entry
 * an IPv4 or IPv6 address with optional space or tab around it, IPv6 also
 * in brackets; no ports, no "for=") is walked from the right, skipping
 * trusted entries, and the first untrusted one is the answer (the leftmost
 * entry when all are trusted); entries left of it are the client's own
 * claims and are not looked at. The answer is written canonically
 * (inet_ntop), peer as given. An absent or empty header from a trusted peer
 * answers peer.
 *
 * Returns 0; 1 when a walked entry is malformed (out is then peer, and the
 * caller may log that its proxy sends something odd); -1 when the answer
 * does not fit in outlen bytes or peer is NULL (out is then "" if outlen).
 *
 * A caller must hand in every X-Forwarded-For line of the request joined
 * with ",", in order (a proxy that adds its own line after the client's
 * would otherwise be read as the client's line).
 */
int headers_client_address(const char *peer, const char *x_forwarded_for,
			   const char *const *trusted, size_t ntrusted,
			   char *out, size_t outlen);

/*
 * Does the If-None-Match list hold etag (a quoted entity tag, non-empty)?
 * Weak comparison (RFC 9110 13.1.2): entries are split on ',', space and
 * tab before an entry are skipped, a W/ prefix is ignored, and an entry
 * that starts with "*" matches any etag.
 */
bool headers_etag_matches(const char *if_none_match, const char *etag);

/*
 * An IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT", RFC 9110 5.6.7) into
 * *out as seconds since 1970; 0, or -1 when it is not one (the header is
 * then ignored, as RFC 9110 asks). Exactly 29 characters; the day name is
 * not checked (any three characters), the month is an English name in that
 * case, the day must exist in that month and year, hours 00-23, minutes
 * 00-59, seconds 00-60. The obsolete RFC 850 and asctime forms are not
 * read.
 */
int headers_http_date(const char *s, int64_t *out);

#endif
