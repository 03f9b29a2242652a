/*
 * http: the request as handlers see it, the route table's types, and the
 * only ways to answer (page, JSON, redirect, error, bytes). Every answer
 * carries the security headers; handlers return the status they sent.
 */
#ifndef MESTRING_HTTP_H
#define MESTRING_HTTP_H

#include "actor.h"
#include "buf.h"
#include "form.h"
#include "html.h"
#include "role.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct mg_connection;
struct mg_request_info;
struct db;

enum http_method {
	HTTP_GET,
	HTTP_HEAD,
	HTTP_POST,
	HTTP_PUT,
	HTTP_PATCH,
	HTTP_DELETE,
	HTTP_METHOD__MAX
};

/* Who may call a route: role bits, or ACCESS_PUBLIC; plus flags. */
#define ALLOW(role)	(1u << (role))
#define ALLOW_STAFF	((1u << ROLE__MAX) - 1)
#define ACCESS_PUBLIC	(1u << 16) /* no session needed */
#define ROUTE_NO_CSRF	(1u << 17) /* starts a session; checks its own */
#define ROUTE_CONFIRMED (1u << 18) /* password confirmed within 5 min */
/* The handler sends its own Cache-Control (assets; calendar feeds, which
 * phones must be allowed to keep) instead of "no-store". */
#define ROUTE_CACHEABLE (1u << 19)
#define ROUTE_JSON_LIST (1u << 20) /* the body is a JSON array (r->json) */
/* The handler reads lists of records from r->json (the flattening into
 * r->form takes scalars only; elsewhere an object is refused). */
#define ROUTE_JSON_RECORDS (1u << 21)

/* Body size caps (413 beyond). */
#define HTTP_FORM_MAX	(64 * 1024)
#define HTTP_JSON_MAX	(256 * 1024)
#define HTTP_PARAMS_MAX 3
#define HTTP_TOKEN_MAX	128

/* The logged-in user of a request. */
struct session {
	int64_t id;
	int64_t user_id;
	int64_t organisation_id;
	enum role role;
	char email[256];
	char name[801]; /* 200 characters of UTF-8 */
	char csrf[65];
	int64_t created_at, seen_at, confirmed_at;
};

struct req;
typedef int (*http_handler)(struct req *r);

struct route {
	enum http_method method;
	/* "/users/{id}": {id} is a positive integer; {token} one segment of
	 * [A-Za-z0-9._-], at most HTTP_TOKEN_MAX bytes, not starting with '.'
	 */
	const char *pattern;
	http_handler handler;
	unsigned access;
};

struct req {
	struct mg_connection *conn;
	const struct mg_request_info *ri;
	enum http_method method;
	const char *path;
	const struct route *route;
	int64_t params[HTTP_PARAMS_MAX]; /* the {id}s of the path, in order */
	char token[HTTP_TOKEN_MAX + 1];	 /* the {token} of the path */
	struct session *session;	 /* NULL when anonymous */
	struct session session_storage;
	struct db *db; /* this thread's reader */
	bool api;      /* under /api/: errors are JSON */
	bool tls;
	/* The answer ends the connection: a body was left unread or came
	 * in broken, so what follows on it cannot be trusted as a request. */
	bool close;
	bool body_pending; /* a body was sent and not (yet) read */
	char client[48];   /* remote address, for throttling and audit */
	struct form form;  /* the body: urlencoded, or JSON flattened */
	cJSON *json;	   /* the JSON body under /api/, or NULL */
	struct form query;
	int status; /* what was sent, for the access log */
	size_t sent;
	struct buf headers; /* extra headers (Set-Cookie) for the answer */
};

/* Sends the complete answer; body is skipped for HEAD. Returns status. */
int http_send(struct req *r, int status, const char *content_type,
	      const void *body, size_t len, const char *extra_headers);
/*
 * Renders template tpl inside the layout with v, which gets the layout's
 * fields (user, menu, CSRF token) added, and sends it. v stays the caller's.
 */
int http_page(struct req *r, int status, const char *tpl, struct view *v);
/* Sends body as JSON and frees it. */
int http_json(struct req *r, int status, cJSON *body);
/* 303 See Other to a local path. */
int http_redirect(struct req *r, const char *location);
/* A Danish error page, or a JSON error under /api/. */
int http_error(struct req *r, int status, const char *message);
/* Validation failed: under /api/ 422 with the field, else the caller's
 * page is expected to re-render; this is the API half. */
int http_invalid(struct req *r, const char *field, const char *message);

/*
 * Answers a domain result other than RESULT_OK (result.h): RESULT_INVALID
 * is 422 (the API names bad->field), REFUSED 403, NOT_FOUND 404, CONFLICT
 * 409, FAILED 500; with bad's message where there is one. A page that
 * shows its form again on RESULT_INVALID does that itself. The status.
 */
int http_result(struct req *r, int result, const struct form_invalid *bad);

/* The actor of r's session for the domain (actor.h): its fields point
 * into r, which outlives the call. */
struct actor http_actor(const struct req *r);

/* Adds a Set-Cookie header to the answer (value must be cookie-safe). */
void http_set_cookie(struct req *r, const char *name, const char *value,
		     const char *path, int max_age, bool strict);
/* The named cookie's value copied into out (headers_cookie's rules), or -1
 * when absent, malformed, too long for out or there more than once. */
int http_cookie(const struct req *r, const char *name, char *out,
		size_t outlen);
const char *http_header(const struct req *r, const char *name);
/* Query-string value, or NULL. */
const char *http_query(const struct req *r, const char *name);

/* Route table (app/pages/routes.c) and dispatch (server.c): the pages
 * layer defines them, the plumbing only links to them. */
extern const struct route http_routes[];
extern const size_t http_routes_len;
/* Fills the layout's fields of a page's view (user, menu, CSRF token,
 * asset versions): defined by the pages layer (app/pages/layout.c). */
extern void (*const http_layout)(struct req *r, struct view *v);
const char *http_method_name(enum http_method m);

/* Current time in seconds, the one clock the modules use. */
int64_t http_now(void);

#endif
