/*
 * http: answering a request. Every answer goes through http_send, which
 * adds the security headers, so no handler can forget them.
 */
#include "http.h"

#include "headers.h"
#include "log.h"
#include "result.h"

#include <civetweb.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* No inline script or style anywhere; nothing may frame us. */
static const char http_security_headers[] =
	"Content-Security-Policy: default-src 'none'; script-src 'self'; "
	"style-src 'self'; img-src 'self' data:; form-action 'self'; "
	"connect-src 'self'; frame-ancestors 'none'; base-uri 'none'\r\n"
	"X-Content-Type-Options: nosniff\r\n"
	"X-Frame-Options: DENY\r\n"
	"Referrer-Policy: no-referrer\r\n"
	"Cross-Origin-Opener-Policy: same-origin\r\n"
	"Cross-Origin-Resource-Policy: same-origin\r\n"
	"Permissions-Policy: camera=(), microphone=(), geolocation=()\r\n";

static const char http_oops[] = "Der opstod en fejl.";
static const char http_oops_json[] = "{\"error\":{\"status\":500}}";

static const char *http_reason(int status)
{
	switch (status) {
	case 200:
		return "OK";
	case 201:
		return "Created";
	case 204:
		return "No Content";
	case 303:
		return "See Other";
	case 304:
		return "Not Modified";
	case 400:
		return "Bad Request";
	case 401:
		return "Unauthorized";
	case 403:
		return "Forbidden";
	case 404:
		return "Not Found";
	case 405:
		return "Method Not Allowed";
	case 408:
		return "Request Timeout";
	case 409:
		return "Conflict";
	case 413:
		return "Content Too Large";
	case 415:
		return "Unsupported Media Type";
	case 422:
		return "Unprocessable Content";
	case 429:
		return "Too Many Requests";
	case 431:
		return "Request Header Fields Too Large";
	case 503:
		return "Service Unavailable";
	default:
		return status >= 500 ? "Internal Server Error" : "Error";
	}
}

int64_t http_now(void)
{
	return (int64_t)time(NULL);
}

int http_send(struct req *r, int status, const char *content_type,
	      const void *body, size_t len, const char *extra_headers)
{
	struct buf h = BUF_INIT(0);
	bool cacheable = r->route && (r->route->access & ROUTE_CACHEABLE) &&
			 (status == 200 || status == 304);

	buf_printf(&h, "HTTP/1.1 %d %s\r\n", status, http_reason(status));
	buf_puts(&h, http_security_headers);
	if (r->tls)
		buf_puts(&h, "Strict-Transport-Security: max-age=31536000\r\n");
	if (!cacheable)
		buf_puts(&h, "Cache-Control: no-store\r\n");
	if (content_type)
		buf_printf(&h, "Content-Type: %s\r\n", content_type);
	if (status != 304 && status != 204)
		buf_printf(&h, "Content-Length: %zu\r\n", len);
	if (r->close || r->body_pending)
		buf_puts(&h, "Connection: close\r\n");
	buf_append(&h, r->headers.data, r->headers.len);
	if (extra_headers)
		buf_puts(&h, extra_headers);
	buf_puts(&h, "\r\n");
	if (r->method != HTTP_HEAD && status != 304 && status != 204)
		buf_append(&h, body, len);
	if (buf_failed(&h)) {
		log_error("http: answer too large");
		status = 500;
		buf_reset(&h);
		buf_puts(&h, "HTTP/1.1 500 Internal Server Error\r\n"
			     "Content-Length: 0\r\n\r\n");
	}
	mg_write(r->conn, h.data, h.len);
	r->status = status;
	r->sent = len;
	buf_free(&h);
	return status;
}

int http_json(struct req *r, int status, cJSON *body)
{
	char *text = body ? cJSON_PrintUnformatted(body) : NULL;

	cJSON_Delete(body);
	if (text == NULL)
		return http_send(r, 500, "application/json", http_oops_json,
				 sizeof(http_oops_json) - 1, NULL);
	status = http_send(r, status, "application/json", text, strlen(text),
			   NULL);
	cJSON_free(text);
	return status;
}

int http_redirect(struct req *r, const char *location)
{
	struct buf h = BUF_INIT(4096);

	/* Only local paths: never an open redirect. */
	if (location[0] != '/' || location[1] == '/' || location[1] == '\\' ||
	    strpbrk(location, "\r\n") != NULL)
		location = "/";
	buf_printf(&h, "Location: %s\r\n", location);
	if (buf_failed(&h))
		buf_puts(&h, "Location: /\r\n");
	r->status = http_send(r, 303, "text/plain; charset=utf-8", "", 0,
			      h.data);
	buf_free(&h);
	return r->status;
}

static const char *http_error_code(int status)
{
	switch (status) {
	case 400:
		return "bad_request";
	case 401:
		return "unauthenticated";
	case 403:
		return "forbidden";
	case 404:
		return "not_found";
	case 405:
		return "method_not_allowed";
	case 408:
		return "timeout";
	case 409:
		return "conflict";
	case 413:
		return "too_large";
	case 415:
		return "unsupported_media_type";
	case 422:
		return "invalid";
	case 429:
		return "too_many_requests";
	case 431:
		return "headers_too_large";
	case 503:
		return "unavailable";
	default:
		return "internal_error";
	}
}

static const char *http_error_title(int status)
{
	switch (status) {
	case 400:
		return "Forkert forespørgsel";
	case 401:
		return "Log ind først";
	case 403:
		return "Adgang nægtet";
	case 404:
		return "Siden findes ikke";
	case 405:
		return "Metoden er ikke tilladt";
	case 408:
		return "Forespørgslen tog for lang tid";
	case 409:
		return "Konflikt";
	case 413:
		return "Forespørgslen er for stor";
	case 415:
		return "Forkert dataformat";
	case 422:
		return "Ugyldige oplysninger";
	case 429:
		return "For mange forsøg";
	case 431:
		return "For mange eller for store felter i forespørgslen";
	case 503:
		return "Prøv igen om lidt";
	default:
		return "Der opstod en fejl";
	}
}

static const char *http_error_text(int status)
{
	switch (status) {
	case 403:
		return "Du har ikke adgang til denne side eller handling.";
	case 404:
		return "Siden findes ikke, eller du har ikke adgang til "
		       "den.";
	case 405:
		return "Siden kan ikke bruges på den måde.";
	case 413:
		return "Det sendte er større end tilladt.";
	case 415:
		return "Det sendte har et format, siden ikke kan læse.";
	case 429:
		return "Vent lidt, og prøv igen.";
	default:
		return status >= 500 ? "Noget gik galt hos os. Prøv igen om "
				       "lidt."
				     : "Forespørgslen kunne ikke behandles.";
	}
}

static int http_error_json(struct req *r, int status, const char *field,
			   const char *message)
{
	cJSON *root = cJSON_CreateObject();
	cJSON *err = cJSON_AddObjectToObject(root, "error");

	cJSON_AddNumberToObject(err, "status", status);
	cJSON_AddStringToObject(err, "code", http_error_code(status));
	cJSON_AddStringToObject(err, "message", message);
	if (field)
		cJSON_AddStringToObject(err, "field", field);
	return http_json(r, status, root);
}

int http_error(struct req *r, int status, const char *message)
{
	struct view *v;
	int rc;

	if (message == NULL)
		message = http_error_text(status);
	if (r->api)
		return http_error_json(r, status, NULL, message);
	v = view_new();
	if (v == NULL)
		return http_send(r, 500, "text/plain; charset=utf-8", http_oops,
				 sizeof(http_oops) - 1, NULL);
	view_set(v, "title", http_error_title(status));
	view_set(v, "message", message);
	view_set_int(v, "status", status);
	rc = http_page(r, status, "error.html", v);
	view_free(v);
	return rc;
}

int http_invalid(struct req *r, const char *field, const char *message)
{
	return http_error_json(r, 422, field, message);
}

int http_result(struct req *r, int result, const struct form_invalid *bad)
{
	const char *msg = bad && bad->message[0] ? bad->message : NULL;

	switch (result) {
	case RESULT_INVALID:
		if (r->api)
			return http_invalid(r, bad ? bad->field : NULL,
					    msg ? msg : http_error_text(422));
		return http_error(r, 422, msg);
	case RESULT_REFUSED:
		return http_error(r, 403, msg);
	case RESULT_NOT_FOUND:
		return http_error(r, 404, NULL);
	case RESULT_CONFLICT:
		return http_error(r, 409, msg);
	default:
		return http_error(r, 500, NULL);
	}
}

struct actor http_actor(const struct req *r)
{
	struct actor a = {0, 0, ROLE__MAX, NULL, r->client};

	if (r->session) {
		a.user_id = r->session->user_id;
		a.organisation_id = r->session->organisation_id;
		a.role = r->session->role;
		a.email = r->session->email;
	}
	return a;
}

void http_set_cookie(struct req *r, const char *name, const char *value,
		     const char *path, int max_age, bool strict)
{
	buf_printf(&r->headers,
		   "Set-Cookie: %s=%s; Path=%s; HttpOnly; "
		   "SameSite=%s%s",
		   name, value, path, strict ? "Strict" : "Lax",
		   r->tls ? "; Secure" : "");
	if (max_age >= 0)
		buf_printf(&r->headers, "; Max-Age=%d", max_age);
	buf_puts(&r->headers, "\r\n");
}

int http_cookie(const struct req *r, const char *name, char *out, size_t outlen)
{
	/* Absent, malformed, too long and ambiguous (the name twice) are all
	 * "no usable cookie" to a handler. */
	return headers_cookie(mg_get_header(r->conn, "Cookie"), name, out,
			      outlen) == 0
		       ? 0
		       : -1;
}

const char *http_header(const struct req *r, const char *name)
{
	return mg_get_header(r->conn, name);
}

const char *http_query(const struct req *r, const char *name)
{
	return form_get(&r->query, name);
}

int http_page(struct req *r, int status, const char *tpl, struct view *v)
{
	struct buf out = BUF_INIT(0);
	int rc;

	http_layout(r, v);
	if (view_failed(v) || tpl_render(&out, tpl, v) < 0) {
		log_error("http: cannot render %s", tpl);
		buf_free(&out);
		return http_send(r, 500, "text/plain; charset=utf-8", http_oops,
				 sizeof(http_oops) - 1, NULL);
	}
	rc = http_send(r, status, "text/html; charset=utf-8", out.data, out.len,
		       NULL);
	buf_free(&out);
	return rc;
}

const char *http_method_name(enum http_method m)
{
	static const char *const names[HTTP_METHOD__MAX] = {
		"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"};

	return (unsigned)m < HTTP_METHOD__MAX ? names[m] : "?";
}
