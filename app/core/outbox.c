/*
 * outbox: queues staff mail in the caller's transaction, and the sender
 * thread that delivers it over SMTP (libcurl) with retries and backoff.
 * The writer lock is held only for the short status updates, never while
 * talking to the mail server; logs name the row, never an address. The
 * administrator's "Mailkø" page is app/pages/outbox_page.c.
 */
#include "outbox.h"

#include "buf.h"
#include "config.h"
#include "db.h"
#include "http.h"
#include "log.h"

#include <curl/curl.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Wake at least this often, for mail queued by another process. */
#define OUTBOX_POLL_SECONDS    5
#define OUTBOX_BACKOFF_MAX     3600
#define OUTBOX_CONNECT_TIMEOUT 5L
#define OUTBOX_TOTAL_TIMEOUT   20L

enum outbox_sql {
	OUTBOX_INSERT,
	OUTBOX_NEXT_DUE,
	OUTBOX_EARLIEST,
	OUTBOX_SENT,
	OUTBOX_FAILED,
	OUTBOX_LIST,
	OUTBOX_COUNTS,
	OUTBOX_SQL__MAX
};

static const struct db_sql outbox_sql[OUTBOX_SQL__MAX] = {
	[OUTBOX_INSERT] =
		{"INSERT INTO outbox (recipient, kind, subject, body, "
		 "created_at, next_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
		 "tttti"},
	[OUTBOX_NEXT_DUE] =
		{"SELECT id, recipient, subject, body, attempts, created_at "
		 "FROM outbox WHERE sent_at IS NULL AND next_at <= ?1 AND "
		 "id > ?2 ORDER BY id LIMIT 1",
		 "ii"},
	[OUTBOX_EARLIEST] =
		{"SELECT min(next_at) FROM outbox WHERE sent_at IS NULL", ""},
	[OUTBOX_SENT] =
		{"UPDATE outbox SET sent_at = ?2, attempts = attempts + 1, "
		 "last_error = '' WHERE id = ?1 AND sent_at IS NULL",
		 "ii"},
	[OUTBOX_FAILED] = {"UPDATE outbox SET attempts = ?2, next_at = ?3, "
			   "last_error = ?4 WHERE id = ?1 AND sent_at IS NULL",
			   "iiit"},
	/* Waiting mail first: that is what an administrator looks for. */
	[OUTBOX_LIST] =
		{"SELECT id, recipient, kind, created_at, attempts, next_at, "
		 "sent_at, last_error FROM outbox "
		 "ORDER BY sent_at IS NULL DESC, id DESC LIMIT ?1",
		 "i"},
	[OUTBOX_COUNTS] = {"SELECT total(sent_at IS NULL AND attempts = 0), "
			   "total(sent_at IS NULL AND attempts > 0), "
			   "total(sent_at IS NOT NULL) FROM outbox",
			   ""},
};

/* Queueing. */

/* A bare ASCII address with nothing a header or SMTP command could be
 * bent by: no CR, LF or other controls, no spaces, brackets or lists. */
static bool outbox_address_ok(const char *s)
{
	const char *at = strchr(s, '@'), *p;

	for (p = s; *p; p++)
		if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 0x7f ||
		    strchr("<>()[],;:\\\"", *p))
			return false;
	return at && at != s && at[1] && strchr(at + 1, '@') == NULL &&
	       strlen(s) <= 254;
}

static bool outbox_one_line(const char *s)
{
	return strpbrk(s, "\r\n") == NULL;
}

int outbox_queue(struct db *w, const char *to, const char *kind,
		 const char *subject, const char *body)
{
	if (!outbox_address_ok(to) || !outbox_one_line(kind) ||
	    !outbox_one_line(subject) || subject[0] == '\0' ||
	    body[0] == '\0' || strlen(subject) > OUTBOX_SUBJECT_MAX ||
	    strlen(body) > OUTBOX_BODY_MAX)
		return -1;
	return DB_RUN(w, &outbox_sql[OUTBOX_INSERT], DB_TEXT(to), DB_TEXT(kind),
		      DB_TEXT(subject), DB_TEXT(body),
		      DB_INT(http_now())) == DB_OK
		       ? 0
		       : -1;
}

/* The message (RFC 5322, MIME, UTF-8). */

struct outbox_mail {
	int64_t id, created_at;
	int attempts;
	char *to, *subject, *body;
};

static void outbox_base64(struct buf *b, const unsigned char *s, size_t n)
{
	static const char abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmn"
				  "opqrstuvwxyz0123456789+/";
	unsigned long v;
	size_t i;

	for (i = 0; i < n; i += 3) {
		v = (unsigned long)s[i] << 16;
		if (i + 1 < n)
			v |= (unsigned long)s[i + 1] << 8;
		if (i + 2 < n)
			v |= s[i + 2];
		buf_putc(b, abc[(v >> 18) & 63]);
		buf_putc(b, abc[(v >> 12) & 63]);
		buf_putc(b, i + 1 < n ? abc[(v >> 6) & 63] : '=');
		buf_putc(b, i + 2 < n ? abc[v & 63] : '=');
	}
}

static bool outbox_plain_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < ' ' || (unsigned char)*s > '~')
			return false;
	return true;
}

/*
 * "Subject: ..." as it is when plain ASCII, else as RFC 2047 encoded
 * words, never cutting a UTF-8 sequence, folded onto continuation lines
 * of at most 76 characters: 39 bytes after "Subject: ", 45 after a space.
 */
static void outbox_subject(struct buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s), at = 0, n;

	buf_puts(b, "Subject: ");
	if (outbox_plain_ascii(s) && strstr(s, "=?") == NULL) {
		buf_puts(b, s);
		buf_puts(b, "\r\n");
		return;
	}
	while (at < len) {
		n = at ? 45 : 39;
		if (n > len - at)
			n = len - at;
		while (at + n < len && (p[at + n] & 0xc0) == 0x80)
			n--; /* back to the start of a character */
		if (at)
			buf_puts(b, "\r\n ");
		buf_puts(b, "=?UTF-8?B?");
		outbox_base64(b, p + at, n);
		buf_puts(b, "?=");
		at += n;
	}
	buf_puts(b, "\r\n");
}

/* One line of the body (without its end) as quoted-printable, with soft
 * breaks so no encoded line passes 76 characters. */
static void outbox_qp_line(struct buf *b, const unsigned char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i, col = 0, w;
	char enc[4];

	for (i = 0; i < n; i++) {
		unsigned char c = s[i];
		bool last = i + 1 == n;

		if ((c >= 33 && c <= 126 && c != '=') ||
		    ((c == ' ' || c == '\t') && !last)) {
			enc[0] = (char)c;
			w = 1;
		} else {
			enc[0] = '=';
			enc[1] = hex[c >> 4];
			enc[2] = hex[c & 15];
			w = 3;
		}
		if (col + w > 75) {
			buf_puts(b, "=\r\n");
			col = 0;
		}
		buf_append(b, enc, w);
		col += w;
	}
	buf_puts(b, "\r\n");
}

/* The body with CRLF line ends (LF and CRLF in the row both end lines). */
static void outbox_qp(struct buf *b, const char *body)
{
	const char *p = body, *nl;
	size_t n;

	while (*p) {
		nl = strchr(p, '\n');
		n = nl ? (size_t)(nl - p) : strlen(p);
		if (n && p[n - 1] == '\r')
			n--;
		outbox_qp_line(b, (const unsigned char *)p, n);
		p = nl ? nl + 1 : p + strlen(p);
	}
}

/* "Tue, 03 Feb 2026 10:00:00 +0100" without the C library's locale. */
static void outbox_date(struct buf *b, time_t t)
{
	static const char *const days[] = {"Sun", "Mon", "Tue", "Wed",
					   "Thu", "Fri", "Sat"};
	static const char *const months[] = {"Jan", "Feb", "Mar", "Apr",
					     "May", "Jun", "Jul", "Aug",
					     "Sep", "Oct", "Nov", "Dec"};
	struct tm tm;
	long off;

	localtime_r(&t, &tm);
	off = tm.tm_gmtoff / 60;
	buf_printf(b, "Date: %s, %02d %s %04d %02d:%02d:%02d %c%02ld%02ld\r\n",
		   days[tm.tm_wday], tm.tm_mday, months[tm.tm_mon],
		   tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec,
		   off < 0 ? '-' : '+', (off < 0 ? -off : off) / 60,
		   (off < 0 ? -off : off) % 60);
}

/* The whole message. Message-ID is the row's, so a resend after an
 * answer lost on the way is recognisably the same mail. */
static int outbox_message(struct buf *b, const struct config *cfg,
			  const struct outbox_mail *m)
{
	const char *domain = strchr(cfg->mail_from, '@');

	outbox_date(b, time(NULL));
	buf_printf(b, "From: %s\r\nTo: %s\r\n", cfg->mail_from, m->to);
	outbox_subject(b, m->subject);
	buf_printf(b, "Message-ID: <outbox.%lld.%lld@%s>\r\n", (long long)m->id,
		   (long long)m->created_at,
		   domain ? domain + 1 : "mestring.invalid");
	buf_puts(b, "MIME-Version: 1.0\r\n"
		    "Content-Type: text/plain; charset=utf-8\r\n"
		    "Content-Transfer-Encoding: quoted-printable\r\n"
		    "Auto-Submitted: auto-generated\r\n\r\n");
	outbox_qp(b, m->body);
	return buf_failed(b) ? -1 : 0;
}

/* The sender thread. */

static struct {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	pthread_t thread;
	bool running; /* the thread was started; cond is initialised */
	bool poked;
	atomic_bool stop;
} outbox_sender = {.lock = PTHREAD_MUTEX_INITIALIZER};

void outbox_wake(void)
{
	pthread_mutex_lock(&outbox_sender.lock);
	outbox_sender.poked = true;
	if (outbox_sender.running)
		pthread_cond_signal(&outbox_sender.cond);
	pthread_mutex_unlock(&outbox_sender.lock);
}

static bool outbox_stopping(void)
{
	return atomic_load(&outbox_sender.stop);
}

static void outbox_mail_free(struct outbox_mail *m)
{
	free(m->to);
	free(m->subject);
	free(m->body);
	memset(m, 0, sizeof(*m));
}

/* The first due row after id `after`: 1 read into m, 0 none, -1 error.
 * The texts are copied so no read snapshot stays open during a send. */
static int outbox_next(struct db *db, int64_t after, struct outbox_mail *m)
{
	sqlite3_stmt *st = DB_BIND(db, &outbox_sql[OUTBOX_NEXT_DUE],
				   DB_INT(http_now()), DB_INT(after));
	int rc;

	if (st == NULL)
		return -1;
	rc = db_step(db, st);
	if (rc == SQLITE_ROW) {
		m->id = sqlite3_column_int64(st, 0);
		m->to = strdup(db_text(st, 1));
		m->subject = strdup(db_text(st, 2));
		m->body = strdup(db_text(st, 3));
		m->attempts = sqlite3_column_int(st, 4);
		m->created_at = sqlite3_column_int64(st, 5);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW && (!m->to || !m->subject || !m->body)) {
		outbox_mail_free(m);
		return -1;
	}
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

struct outbox_upload {
	const char *data;
	size_t len, at;
};

static size_t outbox_read(char *dst, size_t size, size_t n, void *ctx)
{
	struct outbox_upload *u = ctx;
	size_t left = u->len - u->at, want = size * n;

	if (want > left)
		want = left;
	memcpy(dst, u->data + u->at, want);
	u->at += want;
	return want;
}

/* Ends a transfer at once when the server is stopping. */
static int outbox_progress(void *ctx, curl_off_t dltotal, curl_off_t dlnow,
			   curl_off_t ultotal, curl_off_t ulnow)
{
	(void)ctx;
	(void)dltotal;
	(void)dlnow;
	(void)ultotal;
	(void)ulnow;
	return outbox_stopping() ? 1 : 0;
}

/* Hands msg to the SMTP server; curl does the dot-stuffing. */
static CURLcode outbox_deliver(const struct config *cfg,
			       const struct outbox_mail *m,
			       const struct buf *msg, char *errbuf)
{
	struct outbox_upload u = {msg->data, msg->len, 0};
	struct curl_slist *rcpt = NULL;
	char from[300], to[300];
	CURLcode rc = CURLE_OUT_OF_MEMORY;
	CURL *c = curl_easy_init();

	snprintf(from, sizeof(from), "<%s>", cfg->mail_from);
	snprintf(to, sizeof(to), "<%s>", m->to);
	rcpt = curl_slist_append(NULL, to);
	if (c == NULL || rcpt == NULL)
		goto out;
	curl_easy_setopt(c, CURLOPT_URL, cfg->smtp_url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, OUTBOX_CONNECT_TIMEOUT);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, OUTBOX_TOTAL_TIMEOUT);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	if (cfg->smtp_starttls || strncmp(cfg->smtp_url, "smtps:", 6) == 0)
		curl_easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
	if (cfg->smtp_user[0]) {
		curl_easy_setopt(c, CURLOPT_USERNAME, cfg->smtp_user);
		curl_easy_setopt(c, CURLOPT_PASSWORD, cfg->smtp_password);
	}
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, from);
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(c, CURLOPT_READFUNCTION, outbox_read);
	curl_easy_setopt(c, CURLOPT_READDATA, &u);
	curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, outbox_progress);
	rc = curl_easy_perform(c);
out:
	curl_slist_free_all(rcpt);
	curl_easy_cleanup(c);
	return rc;
}

/* Seconds until the next try after `attempts` failures. */
static int64_t outbox_backoff(int attempts, int first)
{
	int64_t d = first;

	while (--attempts > 0 && d < OUTBOX_BACKOFF_MAX)
		d *= 2;
	return d < OUTBOX_BACKOFF_MAX ? d : OUTBOX_BACKOFF_MAX;
}

/* Records the outcome of one try in its own short transaction. */
static void outbox_record(const struct outbox_mail *m, int attempts,
			  const char *error, int64_t next_at)
{
	struct db *w = db_writer_lock();
	enum db_result rc;
	int ok = -1;

	if (db_begin(w) < 0)
		goto out;
	if (error)
		rc = DB_RUN(w, &outbox_sql[OUTBOX_FAILED], DB_INT(m->id),
			    DB_INT(attempts), DB_INT(next_at), DB_TEXT(error));
	else
		rc = DB_RUN(w, &outbox_sql[OUTBOX_SENT], DB_INT(m->id),
			    DB_INT(http_now()));
	ok = db_finish(w, rc == DB_OK ? 0 : -1);
out:
	if (ok < 0)
		log_error("outbox: cannot record the result for #%lld",
			  (long long)m->id);
	db_writer_unlock(w);
}

static void outbox_try(const struct config *cfg, const struct outbox_mail *m)
{
	struct buf msg = BUF_INIT(256 * 1024);
	char errbuf[CURL_ERROR_SIZE] = "";
	int attempts = m->attempts + 1;
	const char *error;
	CURLcode rc;

	if (outbox_message(&msg, cfg, m) < 0) {
		rc = CURLE_OUT_OF_MEMORY;
	} else {
		rc = outbox_deliver(cfg, m, &msg, errbuf);
		if (rc == CURLE_ABORTED_BY_CALLBACK && outbox_stopping()) {
			buf_free(&msg);
			return; /* not the mail's fault: try again next start */
		}
	}
	buf_free(&msg);
	if (rc == CURLE_OK) {
		outbox_record(m, attempts, NULL, 0);
		log_info("outbox: sent #%lld", (long long)m->id);
		return;
	}
	error = errbuf[0] ? errbuf : curl_easy_strerror(rc);
	outbox_record(m, attempts, error,
		      http_now() + outbox_backoff(attempts,
						  cfg->outbox_retry_seconds));
	log_warn("outbox: #%lld failed (attempt %d): %s", (long long)m->id,
		 attempts, error);
}

/* Tries every due row once, oldest first. */
static void outbox_round(const struct config *cfg)
{
	struct outbox_mail m = {0};
	int64_t after = 0;
	struct db *db;

	while (!outbox_stopping()) {
		db = db_reader();
		if (db == NULL || outbox_next(db, after, &m) != 1)
			break;
		after = m.id;
		outbox_try(cfg, &m);
		outbox_mail_free(&m);
	}
}

/* Seconds to sleep: until the next row falls due, within 1..POLL. */
static int64_t outbox_idle(void)
{
	struct db *db = db_reader();
	sqlite3_stmt *st = db ? DB_BIND0(db, &outbox_sql[OUTBOX_EARLIEST])
			      : NULL;
	int64_t wait = OUTBOX_POLL_SECONDS;

	if (st && db_step(db, st) == SQLITE_ROW &&
	    sqlite3_column_type(st, 0) != SQLITE_NULL)
		wait = sqlite3_column_int64(st, 0) - http_now();
	if (st)
		sqlite3_reset(st);
	return wait < 1			    ? 1
	       : wait > OUTBOX_POLL_SECONDS ? OUTBOX_POLL_SECONDS
					    : wait;
}

static void *outbox_main(void *arg)
{
	struct timespec until;

	(void)arg;
	while (!outbox_stopping()) {
		outbox_round(config_get());
		clock_gettime(CLOCK_MONOTONIC, &until);
		until.tv_sec += outbox_idle();
		pthread_mutex_lock(&outbox_sender.lock);
		while (!outbox_sender.poked && !outbox_stopping() &&
		       pthread_cond_timedwait(&outbox_sender.cond,
					      &outbox_sender.lock, &until) == 0)
			;
		outbox_sender.poked = false;
		pthread_mutex_unlock(&outbox_sender.lock);
	}
	db_reader_release();
	return NULL;
}

int outbox_start(void)
{
	const struct config *cfg = config_get();
	pthread_condattr_t attr;
	int rc;

	if (cfg->smtp_url[0] == '\0') {
		log_warn("outbox: mail is not configured (no smtp_url): mail "
			 "stays queued until it is");
		return 0;
	}
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return -1;
	atomic_store(&outbox_sender.stop, false);
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&outbox_sender.cond, &attr);
	pthread_condattr_destroy(&attr);
	pthread_mutex_lock(&outbox_sender.lock);
	rc = pthread_create(&outbox_sender.thread, NULL, outbox_main, NULL);
	outbox_sender.running = rc == 0;
	pthread_mutex_unlock(&outbox_sender.lock);
	if (rc != 0) {
		pthread_cond_destroy(&outbox_sender.cond);
		curl_global_cleanup();
		log_error("outbox: cannot start the sender thread");
		return -1;
	}
	log_info("outbox: sending mail through %s", cfg->smtp_url);
	return 0;
}

void outbox_stop(void)
{
	if (!outbox_sender.running)
		return;
	pthread_mutex_lock(&outbox_sender.lock);
	atomic_store(&outbox_sender.stop, true);
	pthread_cond_signal(&outbox_sender.cond);
	pthread_mutex_unlock(&outbox_sender.lock);
	pthread_join(outbox_sender.thread, NULL);
	pthread_mutex_lock(&outbox_sender.lock);
	outbox_sender.running = false;
	pthread_mutex_unlock(&outbox_sender.lock);
	pthread_cond_destroy(&outbox_sender.cond);
	curl_global_cleanup();
}

/* The administrator's view. */

int outbox_count(struct db *db, struct outbox_counts *out)
{
	sqlite3_stmt *st = DB_BIND0(db, &outbox_sql[OUTBOX_COUNTS]);
	int rc;

	memset(out, 0, sizeof(*out));
	if (st == NULL)
		return -1;
	rc = db_step(db, st);
	if (rc == SQLITE_ROW) {
		out->queued = sqlite3_column_int64(st, 0);
		out->failing = sqlite3_column_int64(st, 1);
		out->sent = sqlite3_column_int64(st, 2);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : -1;
}

int outbox_list(struct db *db, int64_t max, outbox_row_fn fn, void *ctx)
{
	sqlite3_stmt *st = DB_BIND(db, &outbox_sql[OUTBOX_LIST], DB_INT(max));
	struct outbox_row row;
	int rc;

	if (st == NULL)
		return -1;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		row.id = sqlite3_column_int64(st, 0);
		row.recipient = db_text(st, 1);
		row.kind = db_text(st, 2);
		row.created_at = sqlite3_column_int64(st, 3);
		row.attempts = sqlite3_column_int(st, 4);
		row.next_at = sqlite3_column_int64(st, 5);
		row.sent = sqlite3_column_type(st, 6) != SQLITE_NULL;
		row.sent_at = sqlite3_column_int64(st, 6);
		row.last_error = db_text(st, 7);
		if (fn(ctx, &row) < 0)
			break;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}
