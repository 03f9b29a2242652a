/*
 * feed_page: GET and HEAD /calendar/{token}. Every request asks the
 * subscription table, so a revoked link stops at once; the feed itself
 * mostly comes rendered from the reader's cache, and a client that has it
 * already gets a 304.
 */
#include "feed_page.h"

#include "feed.h"
#include "headers.h"
#include "http.h"
#include "subscription.h"

#include <sodium.h>
#include <stdbool.h>
#include <string.h>

/* Should the answer be 304? If-None-Match decides when present. */
static bool feed_page_not_modified(struct req *r, const struct feed_reply *f)
{
	const char *inm = http_header(r, "If-None-Match");
	const char *ims;
	int64_t since;

	if (inm)
		return headers_etag_matches(inm, f->etag);
	ims = http_header(r, "If-Modified-Since");
	return ims && headers_http_date(ims, &since) == 0 &&
	       f->last_modified <= since;
}

int feed_page_serve(struct req *r)
{
	char token[HTTP_TOKEN_MAX + 1];
	struct feed_reply f;
	enum subscription_kind kind;
	int64_t subject;
	size_t n = strlen(r->token);
	int rc;

	/* "{token}.ics" reads better in calendar apps; both work. */
	if (n > 4 && strcmp(r->token + n - 4, ".ics") == 0)
		n -= 4;
	memcpy(token, r->token, n);
	token[n] = '\0';
	rc = subscription_find(r->db, token, &kind, &subject);
	sodium_memzero(token, sizeof(token));
	/* One answer for unknown and revoked links alike. */
	if (rc == 1)
		return http_error(r, 404, NULL);
	if (rc < 0 || feed_get(r->db, kind, subject, &f) < 0)
		return http_error(r, 503, NULL);
	if (feed_page_not_modified(r, &f))
		rc = http_send(r, 304, NULL, "", 0, f.headers);
	else
		rc = http_send(r, 200, "text/calendar; charset=utf-8", f.body,
			       f.len, f.headers);
	feed_reply_free(&f);
	return rc;
}
