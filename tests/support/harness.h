/*
 * harness: the fixture of the HTTP tests. Starts the real binary
 * ($MESTRING_BIN) on an ephemeral loopback port against a fresh demo
 * database, drives it with libcurl (a cookie jar per client) and opens the
 * database directly, so tests can assert statuses, headers, bodies and rows.
 * Helpers fail the running cmocka test themselves when the plumbing breaks,
 * so tests only state what they expect of the application.
 */
#ifndef MESTRING_HARNESS_H
#define MESTRING_HARNESS_H

#include "buf.h"

#include <cjson/cJSON.h>
#include <curl/curl.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* The demo accounts, all with HARNESS_PASSWORD. */
#define HARNESS_PASSWORD   "test-password-123"
#define HARNESS_ADMIN	   "admin@demo.invalid"
#define HARNESS_LEADER	   "projektleder@demo.invalid"
#define HARNESS_CASEWORKER "sagsbehandler@demo.invalid"
#define HARNESS_CONSULTANT "virksomhedskonsulent@demo.invalid"
#define HARNESS_INSTRUCTOR "underviser@demo.invalid"
#define HARNESS_MENTOR	   "mentor@demo.invalid"

#define HARNESS_BAD_LOGIN "Forkert e-mail eller adgangskode."

struct server {
	char dir[256]; /* temporary folder, removed by harness_stop */
	char db[320];  /* DIR/test.db */
	char out[320]; /* the server's stdout */
	char err[320]; /* the server's stderr: the access log */
	char base[64]; /* "http://127.0.0.1:PORT" */
	pid_t pid;     /* -1 once reaped */
	int died;      /* wait status when it ended before harness_stop */
	int port;
	struct sqlite3 *sql; /* the tests' own connection, opened on use */
	char conf[320];	     /* DIR/mestring.conf, or "" when none */
};

/* Makes the folder and demo database and starts `serve`. 0 or -1 (said on
 * stderr). */
int harness_start(struct server *s);
/* The same with a configuration file of these lines ("key = value\n"
 * ...) passed as `serve --config`; NULL: none, as harness_start. */
int harness_start_with(struct server *s, const char *config_lines);
/* SIGTERM, then waits for exit status 0 (at most ~5 s); removes the
 * folder. 0, or -1 when the server did not stop cleanly. */
int harness_stop(struct server *s);

/* cmocka group setup and teardown: one server per test file, handed to
 * every test as *state. */
int harness_setup(void **state);
int harness_teardown(void **state);

/* One HTTP answer. Headers are those of the final answer, one NUL-ended
 * "Name: value" line after another. */
struct response {
	long status;
	struct buf body;
	struct buf head;
};

#define RESPONSE_INIT                                                          \
	{                                                                      \
		0, BUF_INIT(0), BUF_INIT(0)                                    \
	}

void response_free(struct response *r);
/* The i-th value (0-based) of header name, any case; NULL when absent. */
const char *response_header_nth(const struct response *r, const char *name,
				size_t i);
const char *response_header(const struct response *r, const char *name);
/* Does the body contain s? */
bool response_has(const struct response *r, const char *s);
/* The body as JSON; fails the test when it is not. Caller deletes it. */
cJSON *response_json(const struct response *r);

/* The item at a dotted path ("error.field") of a JSON object, or NULL. */
const cJSON *harness_json_at(const cJSON *root, const char *dotted);
/* Its string, or NULL when absent or not a string. */
const char *harness_json_string(const cJSON *root, const char *dotted);
/* Its integer, or -1 when absent or not a number. */
int64_t harness_json_int(const cJSON *root, const char *dotted);
/* Asserts a JSON error answer: the status, the same status in
 * error.status, and error.field when field is not NULL. */
void harness_expect_error(const struct response *r, long status,
			  const char *field);

/* A browser, or an API client: its own connection and cookie jar. */
struct client {
	CURL *curl;
	struct server *srv;
	char csrf[80]; /* the session's CSRF token after a login, else "" */
};

struct request {
	const char *method;	  /* NULL: GET */
	const char *path;	  /* with any query string */
	const char *content_type; /* NULL: none sent */
	const char *body;	  /* NULL: no body */
	size_t len;		  /* 0: strlen(body) */
	const char *headers[6];	  /* more "Name: value" lines, NULL-ended */
};

/* The caller frees with client_free. Fails the test on error. */
struct client *client_new(struct server *s);
void client_free(struct client *c);

/* Sends rq exactly as described; no CSRF token is added. The status, or
 * fails the test when no answer came. out may be NULL. */
long client_send(struct client *c, const struct request *rq,
		 struct response *out);
long client_get(struct client *c, const char *path, struct response *out);
/* POSTs urlencoded fields, with &csrf=TOKEN added when c has a token. */
long client_post(struct client *c, const char *path, const char *fields,
		 struct response *out);
/* Sends JSON (json NULL: no body) with X-CSRF-Token when c has a token. */
long client_api(struct client *c, const char *method, const char *path,
		const char *json, struct response *out);

/* Logs in through the login page as a browser does (GET /login for the form
 * token, then POST). On 303 reads the session's CSRF token from /start into
 * c->csrf. The POST's status. */
long client_login(struct client *c, const char *email, const char *password,
		  struct response *out);
/* Logs in with POST /api/v1/session; on 200 keeps the "csrf" answered. */
long client_api_login(struct client *c, const char *email, const char *password,
		      struct response *out);
/* Page logout with the client's token; the status (303 when done). */
long client_logout(struct client *c);

/* The cookie's value from the jar into out; 0, or -1 when absent. */
int client_cookie(struct client *c, const char *name, char *out, size_t outlen);
/* Puts a cookie for path / into the jar, as an old browser tab would. */
void client_set_cookie(struct client *c, const char *name, const char *value);

/* The value of the first <input name="csrf" value="..."> of a page into
 * out; 0, or -1 when there is none. */
int harness_page_csrf(const char *html, char *out, size_t outlen);

/* Resets b to "name=value&..." from NULL-ended name, value pairs, each
 * percent-encoded; returns b->data. */
const char *harness_form(struct buf *b, ...) __attribute__((sentinel));

/*
 * The database, opened read-write next to the running server (the tests'
 * right alone: they read rows and age sessions). Text arguments, NULL-ended,
 * bind ?1, ?2, ... (SQLite's affinity compares them with integer columns
 * as numbers). harness_sql_int: the first column of the first row, 0 when
 * there is no row; fails the test on an error.
 */
int64_t harness_sql_int(struct server *s, const char *sql, ...)
	__attribute__((sentinel));
/* The first column of the first row as text into out ("" when none). */
void harness_sql_text(struct server *s, char *out, size_t outlen,
		      const char *sql, ...) __attribute__((sentinel));
/* Runs a statement to its end. SQLite's result code; err gets the error
 * message ("" on success). */
int harness_sql_exec(struct server *s, char *err, size_t errlen,
		     const char *sql, ...) __attribute__((sentinel));

/* Hex of the session-token hash the server stores (BLAKE2b-256). */
void harness_token_hash_hex(const char *token, char out[65]);

/* The users table id of an e-mail, or 0. */
int64_t harness_user_id(struct server *s, const char *email);
/* Creates a user of Jobcenter Aarhus with HARNESS_PASSWORD through
 * `mestring user add` (so tests of other things do not hang on the API's
 * create); fails the test unless it worked. The new id. */
int64_t harness_add_user(struct server *s, const char *email, const char *role);

/* Runs $MESTRING_BIN with argv (argv[0] is the subcommand; NULL-ended),
 * input on stdin (NULL: none), stdout and stderr into out. The exit
 * status, or -1 when it did not exit normally. */
int harness_run(const struct server *s, const char *input, struct buf *out,
		const char *const argv[]);

/*
 * Raw bytes to the server, for what libcurl will not send (pipelining,
 * malformed headers): opens a TCP connection, sends req[0..len), and reads
 * into out (reset first) until the server closes or nothing comes for
 * quiet_ms. The bytes read; fails the test when it cannot connect.
 */
size_t harness_raw(const struct server *s, const void *req, size_t len,
		   struct buf *out, long quiet_ms);
/* A connected socket to the server, for tests that hold connections
 * open; fails the test when it cannot connect. */
int harness_connect(const struct server *s);

/* Reads a whole file into out (reset first). 0 or -1. */
int harness_read_file(const char *path, struct buf *out);
/* Waits (up to ~3 s) until the server's stderr contains s; then leaves the
 * whole log in out. true when found. */
bool harness_log_wait(const struct server *s, const char *needle,
		      struct buf *out);

/*
 * A loopback SMTP server: tests/data/smtp_sink.py on Debian's
 * python3-aiosmtpd ($MESTRING_PYTHON, default /usr/bin/python3). It writes
 * each message it accepts to DIR/NNNN.json: "mail_from", "rcpt_tos", the
 * decoded "to", "from", "subject", "date", "message_id", "mime_version",
 * "content_type", "charset", "transfer_encoding", the decoded "body" (LF
 * line ends), and raw checks "bare_lf", "max_line", "header_8bit",
 * "defects".
 */
struct smtp_sink {
	char dir[256]; /* the messages, its port file and log */
	pid_t pid;     /* -1 while stopped */
	int port;
};

/* Starts the sink: a fresh one (zeroed m) on a free port, or after
 * harness_smtp_stop again on the same port and folder, numbering on.
 * 0, or -1 (said on stderr). */
int harness_smtp_start(struct smtp_sink *m);
/* SIGTERM and wait; keeps the folder. 0, or -1 when it did not stop. */
int harness_smtp_stop(struct smtp_sink *m);
/* Stops it if running and removes the folder. */
void harness_smtp_remove(struct smtp_sink *m);
/* How many messages it has accepted since the folder was made. */
size_t harness_smtp_count(const struct smtp_sink *m);
/* Waits up to ms until at least n messages arrived. true when they did. */
bool harness_smtp_wait(const struct smtp_sink *m, size_t n, long ms);
/*
 * Waits up to ms until every mail s's outbox holds is sent and m has
 * accepted them (the demo queues the hosts' follow-up), and sets *base to
 * the messages m holds then, so a test numbers its own from *base + 1.
 * 0, or -1 when they are not delivered in time.
 */
int harness_smtp_drain(struct server *s, const struct smtp_sink *m, long ms,
		       size_t *base);
/* Message i (1 = the first accepted) as JSON, or NULL when there is none
 * yet. The caller deletes it. */
cJSON *harness_smtp_message(const struct smtp_sink *m, size_t i);
/* Resets b to configuration lines that send mail through m (smtp_url,
 * smtp_starttls = no, mail_from, outbox_retry_seconds = 1) and returns
 * b->data, for harness_start_with. */
const char *harness_smtp_config(const struct smtp_sink *m, struct buf *b);

#endif
