/*
 * server: CivetWeb set-up and the one dispatcher every request goes
 * through: route match, session, access rule, body parsing, CSRF check,
 * handler, access log. A route without an access rule cannot be reached.
 */
#include "server.h"

#include "asset.h"
#include "auth.h"
#include "config.h"
#include "db.h"
#include "embed.h"
#include "headers.h"
#include "http.h"
#include "jobs.h"
#include "json.h"
#include "log.h"
#include "outbox.h"
#include "secret.h"

#include <arpa/inet.h>
#include <civetweb.h>
#include <dlfcn.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* The longest a request body may take to arrive, and the readers the
 * requests share (threads wait for a slow client without one). */
#define SERVER_BODY_SECONDS 10
#define SERVER_READERS	    16

static int64_t server_micros(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static int server_method(const char *m)
{
	int i;

	for (i = 0; i < HTTP_METHOD__MAX; i++)
		if (strcmp(m, http_method_name(i)) == 0)
			return i;
	return -1;
}

/* Matches one {id}: a positive decimal integer below 2^53, no leading 0. */
static int server_match_id(const char *s, size_t n, int64_t *out)
{
	int64_t v = 0;
	size_t i;

	if (n == 0 || n > 15 || s[0] == '0')
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

static int server_match_token(const char *s, size_t n, char *out)
{
	size_t i;

	if (n == 0 || n > HTTP_TOKEN_MAX || s[0] == '.')
		return -1;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		      (s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '.' ||
		      s[i] == '_' || s[i] == '-'))
			return -1;
	memcpy(out, s, n);
	out[n] = '\0';
	return 0;
}

/* Does path fit pattern? Fills r's parameters when it does. */
static bool server_match(const char *pattern, const char *path, struct req *r)
{
	int np = 0;

	while (*pattern && *path) {
		if (*pattern == '{') {
			const char *close = strchr(pattern, '}');
			size_t n = strcspn(path, "/");

			if (close == NULL)
				return false;
			if (strncmp(pattern, "{id}", 4) == 0) {
				if (np == HTTP_PARAMS_MAX ||
				    server_match_id(path, n, &r->params[np]) <
					    0)
					return false;
				np++;
			} else if (server_match_token(path, n, r->token) < 0) {
				return false;
			}
			pattern = close + 1;
			path += n;
			continue;
		}
		if (*pattern++ != *path++)
			return false;
	}
	return *pattern == '\0' && *path == '\0';
}

/* The route for r, or NULL; *path_known says some method fits the path.
 * A method of HTTP_METHOD__MAX (one we do not serve) only fills allow. */
static const struct route *server_route(struct req *r, bool *path_known,
					struct buf *allow)
{
	enum http_method m = r->method == HTTP_HEAD ? HTTP_GET : r->method;
	const struct route *found = NULL;
	size_t i;

	*path_known = false;
	for (i = 0; i < http_routes_len; i++) {
		const struct route *rt = &http_routes[i];

		if (!server_match(rt->pattern, r->path, r))
			continue;
		*path_known = true;
		buf_printf(allow, "%s%s", allow->len ? ", " : "",
			   http_method_name(rt->method));
		if (rt->method == m && found == NULL)
			found = rt;
	}
	if (found)
		server_match(found->pattern, r->path, r);
	return found;
}

static bool server_writes(enum http_method m)
{
	return m == HTTP_POST || m == HTTP_PUT || m == HTTP_PATCH ||
	       m == HTTP_DELETE;
}

static bool server_content_type(const struct req *r, const char *want)
{
	const char *ct = http_header(r, "Content-Type");
	size_t n = strlen(want);

	return ct && strncasecmp(ct, want, n) == 0 &&
	       (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}

/* A JSON scalar as form text: strings as they are, integers in decimal,
 * booleans "1"/"0", with where it came from. NULL for anything else
 * (null, fractions, objects, arrays). */
static const char *server_json_scalar(const cJSON *item, char *num, size_t len,
				      enum form_origin *origin)
{
	*origin = FORM_ORIGIN_TEXT;
	if (cJSON_IsString(item))
		return item->valuestring;
	if (cJSON_IsBool(item)) {
		*origin = FORM_ORIGIN_BOOL;
		return cJSON_IsTrue(item) ? "1" : "0";
	}
	if (cJSON_IsNumber(item) && item->valuedouble >= -9007199254740991.0 &&
	    item->valuedouble <= 9007199254740991.0 &&
	    item->valuedouble == (double)(long long)item->valuedouble) {
		*origin = FORM_ORIGIN_NUMBER;
		snprintf(num, len, "%lld", (long long)item->valuedouble);
		return num;
	}
	return NULL;
}

/* Says why a JSON body cannot be read, naming the member at fault. */
static int server_json_refuse(struct req *r, const char *name, const char *why)
{
	char msg[256];

	snprintf(msg, sizeof(msg), "Feltet »%.64s« %s", name, why);
	return http_error(r, 400, msg);
}

/*
 * Flattens a JSON object into r->form so the API validates like a page:
 * scalars become fields (remembering booleans and numbers, so form_validate
 * can refuse them where text is wanted), arrays of scalars repeated fields
 * (like checkbox groups), null is left out. A fraction is refused; so is an
 * object or a list of objects, unless the route reads records from r->json
 * itself (ROUTE_JSON_RECORDS): nothing sent is dropped without a word.
 * 0, or the status it sent.
 */
static int server_json_form(struct req *r)
{
	bool records = r->route->access & ROUTE_JSON_RECORDS;
	const cJSON *item, *el;
	enum form_origin origin;
	const char *value;
	char num[32];

	/* A route that takes a list (a whole day's attendance) gets it as
	 * it is, in r->json: there are no fields to flatten. */
	if (r->route->access & ROUTE_JSON_LIST)
		return cJSON_IsArray(r->json)
			       ? 0
			       : http_error(r, 400,
					    "Send en liste (JSON-array).");
	if (!cJSON_IsObject(r->json))
		return http_error(r, 400, "Send et JSON-objekt.");
	cJSON_ArrayForEach(item, r->json)
	{
		if (cJSON_IsNull(item))
			continue;
		if (cJSON_IsObject(item)) {
			if (records)
				continue;
			return server_json_refuse(r, item->string,
						  "kan ikke være et objekt.");
		}
		if (!cJSON_IsArray(item)) {
			value = server_json_scalar(item, num, sizeof(num),
						   &origin);
			if (value == NULL)
				return server_json_refuse(r, item->string,
							  "skal være et helt "
							  "tal.");
			if (form_add_json(&r->form, item->string, value,
					  origin) < 0)
				return http_error(r, 500, NULL);
			continue;
		}
		cJSON_ArrayForEach(el, item)
		{
			if (cJSON_IsObject(el) || cJSON_IsArray(el)) {
				if (records)
					break; /* a list of records */
				return server_json_refuse(
					r, item->string,
					"kan ikke være en liste af "
					"objekter eller lister.");
			}
			value = server_json_scalar(el, num, sizeof(num),
						   &origin);
			if (value == NULL)
				return server_json_refuse(r, item->string,
							  "har et element, "
							  "der ikke kan "
							  "læses.");
			if (r->form.n > form_default_limits.max_fields * 8)
				return http_error(r, 413, NULL);
			if (form_add_json(&r->form, item->string, value,
					  origin) < 0)
				return http_error(r, 500, NULL);
		}
	}
	return 0;
}

/* Reads and parses the body. Returns 0, or the error status it sent. */
static int server_body(struct req *r)
{
	long long len = r->ri->content_length;
	size_t cap = r->api ? HTTP_JSON_MAX : HTTP_FORM_MAX;
	struct buf body = BUF_INIT(cap);
	int64_t start = server_micros();
	char chunk[8192];
	enum form_error fe;
	enum json_error je;
	int n, rc = 0;

	if (len > (long long)cap)
		return http_error(r, 413, NULL); /* unread: it closes */
	/* However slowly it trickles in, a body has SERVER_BODY_SECONDS. */
	r->body_pending = false; /* from here on it is read, or closed */
	while ((n = mg_read(r->conn, chunk, sizeof(chunk))) > 0) {
		if (buf_append(&body, chunk, (size_t)n) < 0) {
			r->close = true;
			break;
		}
		if (server_micros() - start > SERVER_BODY_SECONDS * 1000000) {
			r->close = true;
			rc = http_error(r, 408,
					"Forespørgslen kom for "
					"langsomt.");
			goto out;
		}
	}
	if (n < 0) {
		r->close = true;
		rc = http_error(r, 400,
				"Indholdet er forkert opdelt "
				"(chunked).");
		goto out;
	}
	if (buf_failed(&body)) {
		rc = http_error(r, 413, NULL);
		goto out;
	}
	if (body.len == 0)
		goto out;
	if (r->api) {
		if (!server_content_type(r, "application/json")) {
			rc = http_error(r, 415,
					"Brug Content-Type: "
					"application/json.");
			goto out;
		}
		/* Bounded before cJSON recurses: a body nested deep enough
		 * to overflow a worker's stack never reaches it. */
		je = json_read(body.data, body.len, NULL, &r->json, NULL);
		if (je != JSON_OK)
			rc = http_error(r, 400, json_error_message(je));
		else
			rc = server_json_form(r);
		goto out;
	}
	if (!server_content_type(r, "application/x-www-form-urlencoded")) {
		rc = http_error(r, 415, NULL);
		goto out;
	}
	fe = form_parse(body.data, body.len, &form_default_limits, &r->form);
	if (fe != FORM_OK)
		rc = http_error(r, 400, form_error_message(fe));
out:
	buf_free(&body);
	return rc;
}

/* Asks an anonymous caller to log in: 401 under /api/, else a redirect. */
static int server_login_first(struct req *r)
{
	return r->api ? http_error(r, 401, "Log ind først.")
		      : http_redirect(r, "/login");
}

static int server_guarded(struct req *r)
{
	unsigned access = r->route->access;
	const char *token;

	if (auth_load_session(r) < 0)
		return http_error(r, 503, NULL);
	if (!(access & ACCESS_PUBLIC)) {
		if (r->session == NULL)
			return server_login_first(r);
		if (!(access & ALLOW(r->session->role)))
			return http_error(r, 403, NULL);
	}
	if (server_writes(r->method)) {
		int rc = server_body(r);

		if (rc)
			return rc;
		if (!(access & ROUTE_NO_CSRF)) {
			token = http_header(r, "X-CSRF-Token");
			if (token == NULL && !r->api)
				token = form_get(&r->form, "csrf");
			if (!auth_csrf_ok(r, token))
				return http_error(r, 403,
						  "Sikkerhedstjekket fejlede "
						  "(CSRF). Genindlæs siden, og "
						  "prøv igen.");
		}
	}
	if ((access & ROUTE_CONFIRMED) && !auth_confirmed_recently(r))
		return auth_require_confirm(r);
	return r->route->handler(r);
}

static void server_access_log(const struct req *r, int64_t micros)
{
	/* The route pattern, never the raw path or query: no tokens or ids
	 * of people reach the log. */
	log_info("access %s %s %d %zu %lldus", http_method_name(r->method),
		 r->route ? r->route->pattern : "-", r->status, r->sent,
		 (long long)micros);
}

static int server_hex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Decodes the path ourselves (CivetWeb runs with decode_url=no): a decoded
 * %00 would end the string early ("/healthz%00.txt" read as "/healthz"), so
 * encoded control characters, bad escapes and invalid UTF-8 are refused.
 * 0, or -1.
 */
static int server_decode_path(const char *raw, char *out, size_t len)
{
	size_t n = 0;
	int hi, lo;

	for (; *raw; raw++) {
		unsigned char c = (unsigned char)*raw;

		if (c == '%') {
			hi = server_hex(raw[1]);
			lo = hi < 0 ? -1 : server_hex(raw[2]);
			if (lo < 0)
				return -1;
			c = (unsigned char)(hi * 16 + lo);
			raw += 2;
		}
		if (c < 0x20 || c == 0x7f || n + 1 >= len)
			return -1;
		out[n++] = (char)c;
	}
	out[n] = '\0';
	return form_utf8_valid(out, n) ? 0 : -1;
}

/*
 * What CivetWeb lets through but a request must not have: more headers
 * than it keeps (the rest would be ignored unseen), HTTP/1.1 without Host,
 * and a second copy of a header that must be single (two Content-Lengths,
 * or one beside Transfer-Encoding, is how requests are smuggled). 0, or
 * the status it sent.
 */
static int server_headers_ok(struct req *r)
{
	static const char *const single[] = {
		"Host",
		"Content-Length",
		"Transfer-Encoding",
		"Cookie",
		"Content-Type",
		"X-CSRF-Token",
		"X-Forwarded-For",
		"If-None-Match",
		"If-Modified-Since",
	};
	const struct mg_request_info *ri = r->ri;
	size_t i, k, seen;

	if (ri->num_headers >= MG_MAX_HEADERS) {
		r->close = true;
		return http_error(r, 431,
				  "Forespørgslen har for mange "
				  "felter i hovedet.");
	}
	if (strcmp(ri->http_version, "1.1") == 0 &&
	    http_header(r, "Host") == NULL) {
		r->close = true;
		return http_error(r, 400, "Forespørgslen mangler Host.");
	}
	for (k = 0; k < sizeof(single) / sizeof(single[0]); k++) {
		for (i = 0, seen = 0; i < (size_t)ri->num_headers; i++)
			seen += strcasecmp(ri->http_headers[i].name,
					   single[k]) == 0;
		if (seen > 1) {
			r->close = true;
			return http_error(r, 400,
					  "Et felt i forespørgslens "
					  "hoved står der to gange.");
		}
	}
	if (http_header(r, "Content-Length") &&
	    http_header(r, "Transfer-Encoding")) {
		r->close = true;
		return http_error(r, 400,
				  "Forespørgslen har både "
				  "Content-Length og "
				  "Transfer-Encoding.");
	}
	return 0;
}

/*
 * The client's address, for throttling and the audit: the peer, or what a
 * configured reverse proxy says in X-Forwarded-For (a second such header
 * is refused by server_headers_ok, so the one read is the only one).
 */
static void server_client_address(struct req *r)
{
	const struct config *cfg = config_get();
	const char *trusted[CONFIG_PROXIES_MAX];
	size_t i;

	for (i = 0; i < cfg->trusted_proxies_n; i++)
		trusted[i] = cfg->trusted_proxy[i];
	if (headers_client_address(r->ri->remote_addr,
				   http_header(r, "X-Forwarded-For"), trusted,
				   cfg->trusted_proxies_n, r->client,
				   sizeof(r->client)) == 1)
		log_warn("server: a trusted proxy sent an X-Forwarded-For "
			 "that is not a list of addresses");
	if (r->client[0] == '\0')
		snprintf(r->client, sizeof(r->client), "%s",
			 r->ri->remote_addr);
}

static int server_begin_request(struct mg_connection *conn)
{
	const struct mg_request_info *ri = mg_get_request_info(conn);
	struct buf allow = BUF_INIT(1024);
	int64_t start = server_micros();
	struct req r = {0};
	char path[2048];
	bool path_known;
	int m;

	r.conn = conn;
	r.ri = ri;
	r.path = server_decode_path(ri->local_uri ? ri->local_uri : "/", path,
				    sizeof(path)) == 0
			 ? path
			 : NULL;
	r.tls = ri->is_ssl != 0 ||
		((const struct server_options *)ri->user_data)->secure_cookies;
	r.api = r.path && (strncmp(r.path, "/api/", 5) == 0 ||
			   strcmp(r.path, "/api") == 0);
	buf_init(&r.headers, 8192);
	server_client_address(&r);
	r.body_pending = ri->content_length > 0 ||
			 http_header(&r, "Transfer-Encoding") != NULL;
	m = server_method(ri->request_method);
	r.method = m < 0 ? HTTP_METHOD__MAX : (enum http_method)m;
	if (r.path == NULL) {
		r.method = HTTP_GET;
		r.path = "/";
		http_error(&r, 400, NULL);
		goto out;
	}
	if (server_headers_ok(&r) != 0)
		goto out;
	r.db = db_reader_take();
	if (ri->query_string &&
	    form_parse(ri->query_string, strlen(ri->query_string),
		       &form_default_limits, &r.query) != FORM_OK) {
		http_error(&r, 400, NULL);
		goto out;
	}
	r.route = server_route(&r, &path_known, &allow);
	if (r.method == HTTP_METHOD__MAX)
		r.method = HTTP_GET; /* answer as to a GET, with no route */
	if (r.route == NULL && path_known) {
		char hdr[1100];

		snprintf(hdr, sizeof(hdr), "Allow: %s\r\n", allow.data);
		buf_puts(&r.headers, hdr);
		http_error(&r, 405, NULL);
	} else if (r.route == NULL) {
		http_error(&r, 404, NULL);
	} else if (r.db == NULL) {
		http_error(&r, 503, NULL);
	} else {
		server_guarded(&r);
	}
out:
	if (r.status == 0)
		http_error(&r, 500, NULL);
	server_access_log(&r, server_micros() - start);
	db_reader_give(r.db);
	form_free(&r.form);
	form_free(&r.query);
	cJSON_Delete(r.json);
	buf_free(&r.headers);
	buf_free(&allow);
	return r.status;
}

/* Errors CivetWeb answers itself (malformed requests): plain, no detail. */
static int server_http_error(struct mg_connection *conn, int status,
			     const char *msg)
{
	char body[128];
	int n;

	(void)msg;
	n = snprintf(body, sizeof(body), "Fejl %d\n", status);
	mg_printf(conn,
		  "HTTP/1.1 %d Error\r\nContent-Type: text/plain; "
		  "charset=utf-8\r\nContent-Length: %d\r\n"
		  "X-Content-Type-Options: nosniff\r\n"
		  "Content-Security-Policy: default-src 'none'; "
		  "frame-ancestors 'none'\r\nReferrer-Policy: no-referrer\r\n"
		  "Cache-Control: no-store\r\nConnection: close\r\n\r\n%s",
		  status, n, body);
	return 0;
}

static int server_log_message(const struct mg_connection *conn,
			      const char *message)
{
	(void)conn;
	log_warn("civetweb: %s", message);
	return 1;
}

static void server_exit_thread(const struct mg_context *ctx, int type,
			       void *ptr)
{
	(void)ctx;
	(void)type;
	(void)ptr;
	db_reader_release();
}

/*
 * Debian 12's CivetWeb 1.15 loads OpenSSL at run time and calls
 * SSL_get_peer_certificate, which OpenSSL 3 no longer exports: the first
 * TLS connection then jumps to NULL (civetweb issues #1316, #1334).
 * Refuse at start rather than crash later.
 */
static int server_tls_usable(void)
{
	void *ssl = dlopen("libssl.so", RTLD_LAZY | RTLD_LOCAL);
	bool ok = ssl && dlsym(ssl, "SSL_get_peer_certificate") != NULL;

	if (ssl)
		dlclose(ssl);
	if (!ok)
		log_error(
			"server: this CivetWeb cannot serve TLS with the "
			"installed OpenSSL (it needs SSL_get_peer_certificate, "
			"which OpenSSL 3 removed). Terminate TLS in a reverse "
			"proxy and start with --secure-cookies; see "
			"docs/security.md.");
	return ok ? 0 : -1;
}

/* CivetWeb reads key and certificate from one PEM file: join them. */
static int server_tls_file(const struct server_options *o, char *path,
			   size_t len)
{
	const char *parts[2] = {o->tls_key ? o->tls_key : o->tls_cert,
				o->tls_key ? o->tls_cert : NULL};
	char chunk[4096];
	int fd, i, rc = -1;
	size_t n;

	snprintf(path, len, "/tmp/mestring-tls-XXXXXX");
	fd = mkstemp(path);
	if (fd < 0)
		return -1;
	for (i = 0; i < 2 && parts[i]; i++) {
		FILE *in = fopen(parts[i], "rb");

		if (in == NULL) {
			log_error("server: cannot read %s", parts[i]);
			goto out;
		}
		while ((n = fread(chunk, 1, sizeof(chunk), in)) > 0)
			if (write(fd, chunk, n) != (ssize_t)n) {
				fclose(in);
				goto out;
			}
		fclose(in);
	}
	rc = 0;
out:
	close(fd);
	if (rc < 0)
		unlink(path);
	return rc;
}

/*
 * CivetWeb's listener notices mg_stop only when its poll times out (two
 * seconds). Knocking on our own port while it stops wakes it at once, so
 * a restart (and every test's server) is that much quicker.
 */
struct server_knock {
	pthread_t thread;
	int port;
	atomic_bool done;
};

static void *server_knock_run(void *arg)
{
	struct server_knock *k = arg;
	struct sockaddr_in a = {0};
	int fd;

	a.sin_family = AF_INET;
	a.sin_port = htons((uint16_t)k->port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	while (!atomic_load(&k->done)) {
		fd = socket(AF_INET, SOCK_STREAM, 0);
		if (fd >= 0) {
			connect(fd, (struct sockaddr *)&a, sizeof(a));
			close(fd);
		}
		usleep(20 * 1000);
	}
	return NULL;
}

static void server_stop(struct mg_context *ctx, int port, bool loopback)
{
	struct server_knock k = {.port = port};
	bool knocking = loopback && port > 0 &&
			pthread_create(&k.thread, NULL, server_knock_run, &k) ==
				0;

	mg_stop(ctx);
	if (knocking) {
		atomic_store(&k.done, true);
		pthread_join(k.thread, NULL);
	}
}

int server_run(const struct server_options *o)
{
	struct mg_callbacks cb = {0};
	struct mg_context *ctx = NULL;
	struct mg_server_port ports[4];
	char ports_opt[300], threads[16], tls_path[64] = "", err[512],
					  key[4096];
	char url[128];
	const char *opts[32];
	int n = 0, rc = 1, nports = 0, sig;
	sigset_t stop;

	/* First, so a bad file stops the server before it opens anything. */
	snprintf(url, sizeof(url), "http%s://%s", o->tls_cert ? "s" : "",
		 o->listen);
	if (config_load(o->config, url, err, sizeof(err)) < 0) {
		log_error("config: %s", err);
		return 1;
	}
	snprintf(ports_opt, sizeof(ports_opt), "%s%s", o->listen,
		 o->tls_cert ? "s" : "");
	snprintf(threads, sizeof(threads), "%d", o->threads);
	opts[n++] = "listening_ports";
	opts[n++] = ports_opt;
	opts[n++] = "num_threads";
	opts[n++] = threads;
	/* A thread per connection: slow or idle clients each hold one, so
	 * there are many threads (which cost little until they have a
	 * request: readers are pooled), a client has ten seconds to send its
	 * headers, and an idle connection closes after five. */
	opts[n++] = "request_timeout_ms";
	opts[n++] = "10000";
	opts[n++] = "enable_keep_alive";
	opts[n++] = "yes";
	opts[n++] = "keep_alive_timeout_ms";
	opts[n++] = "5000";
	opts[n++] = "connection_queue";
	opts[n++] = "256";
	opts[n++] = "listen_backlog";
	opts[n++] = "1024";
	opts[n++] = "decode_url";
	opts[n++] = "no"; /* server_decode_path does it, strictly */
	opts[n++] = "max_request_size";
	opts[n++] = "16384";
	opts[n++] = "access_control_allow_origin";
	opts[n++] = "";
	opts[n++] = "access_control_allow_methods";
	opts[n++] = "";
	opts[n++] = "access_control_allow_headers";
	opts[n++] = "";
	if (o->tls_cert) {
		if (server_tls_usable() < 0 ||
		    server_tls_file(o, tls_path, sizeof(tls_path)) < 0)
			return 1;
		opts[n++] = "ssl_certificate";
		opts[n++] = tls_path;
		opts[n++] = "ssl_protocol_version";
		opts[n++] = "4"; /* TLS 1.2 and newer */
	}
	opts[n] = NULL;

	if (tpl_init(embed_templates, err, sizeof(err)) < 0) {
		log_error("server: template: %s", err);
		return 1;
	}
	if (secret_key_path(o->db, key, sizeof(key)) < 0) {
		log_error("server: the key file's path is too long");
		return 1;
	}
	if (asset_init() < 0 || auth_init() < 0 || secret_init(key) < 0 ||
	    db_pool_open(o->db, SERVER_READERS) < 0)
		goto out;
	/* Worker threads inherit this mask, so only sigwait below sees the
	 * stop signals. */
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (outbox_start() < 0 ||
	    jobs_start(config_get()->jobs_interval_seconds) < 0)
		goto out;
	cb.begin_request = server_begin_request;
	cb.http_error = server_http_error;
	cb.log_message = server_log_message;
	cb.exit_thread = server_exit_thread;
	mg_init_library(o->tls_cert ? MG_FEATURES_TLS : 0);
	ctx = mg_start(&cb, (void *)o, opts);
	if (tls_path[0])
		unlink(tls_path);
	if (ctx == NULL) {
		log_error("server: cannot listen on %s", o->listen);
		goto out;
	}
	nports = mg_get_server_ports(ctx, 4, ports);
	if (nports < 1)
		goto out;
	snprintf(url, sizeof(url), "http%s://%s:%d", o->tls_cert ? "s" : "",
		 o->listen_host, ports[0].port);
	config_listening(url); /* port 0 became a real one */
	printf("mestring: listening on %s\n", url);
	fflush(stdout);
	sigwait(&stop, &sig);
	log_info("server: stopping on signal %d", sig);
	rc = 0;
out:
	jobs_stop();
	outbox_stop(); /* mail a request queues now waits for the next start */
	if (ctx)
		server_stop(ctx, nports > 0 ? ports[0].port : 0,
			    strcmp(o->listen_host, "127.0.0.1") == 0 ||
				    strcmp(o->listen_host, "0.0.0.0") == 0);
	mg_exit_library();
	db_pool_close();
	secret_shutdown();
	tpl_shutdown();
	return rc;
}
