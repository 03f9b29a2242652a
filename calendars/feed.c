/*
 * feed: the published calendars. A feed is the list of event sources of its
 * kind, each one indexed query written straight into one buffer through
 * ics.c, kept per reader with strong validators so calendar clients mostly
 * revalidate for a 304 (app/pages/feed_page.c answers them).
 */
#include "feed.h"
#include "feed_event.h"
#include "feed_internship.h"

#include "buf.h"
#include "config.h"
#include "date.h"
#include "day.h"
#include "db.h"
#include "ics.h"

#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Feeds beyond this are a bug, not a schedule. */
#define FEED_BODY_MAX ((size_t)8 * 1024 * 1024)

/* Sources of one kind of feed, at most; NULL-ended. */
#define FEED_SOURCES_MAX 6

enum feed_sql {
	FEED_SQL_PARTICIPANT,
	FEED_SQL_PARTICIPANT_DAYS,
	FEED_SQL_PARTICIPANT_TALKS,
	FEED_SQL_INSTRUCTOR_DAYS,
	FEED_SQL_STAFF_TALKS,
	FEED_SQL_COHORT,
	FEED_SQL_COHORT_DAYS,
	FEED_SQL__MAX
};

#define FEED_DAY_COLUMNS                                                       \
	"d.id, d.date, d.start_min, d.end_min, d.kind, d.status, d.sequence, " \
	"d.updated_at, c.venue_name, c.venue_address, c.state = 'cancelled', " \
	"c.updated_at, c.name, d.title, c.sequence "

#define FEED_TALK_COLUMNS                                                      \
	"t.id, t.date, t.start_min, t.end_min, t.kind, t.status, t.sequence, " \
	"t.updated_at, t.place, t.participant_id "

/*
 * A participant's course days are the cohort's days while they are on it:
 * from admission (all of the cohort's days) or their start, until they
 * ended. Referred, waiting and refused citizens have talks but no days.
 * ?1 is the feed's subject in every statement.
 */
static const struct db_sql feed_sql[FEED_SQL__MAX] = {
	[FEED_SQL_PARTICIPANT] =
		{"SELECT max(p.updated_at, c.updated_at) FROM participant p "
		 "JOIN cohort c ON c.id = p.cohort_id WHERE p.id = ?1",
		 "i"},
	[FEED_SQL_PARTICIPANT_DAYS] =
		{"SELECT " FEED_DAY_COLUMNS "FROM participant p JOIN cohort c "
		 "ON c.id = p.cohort_id JOIN course_day d ON d.cohort_id = "
		 "c.id WHERE p.id = ?1 AND p.status IN ('admitted', 'started', "
		 "'re_referred', 'dropped_out', 'completed') AND d.date >= "
		 "coalesce(p.started_on, '') AND d.date <= "
		 "coalesce(p.ended_on, '9999-12-31') "
		 "ORDER BY d.date, d.start_min, d.id",
		 "i"},
	[FEED_SQL_PARTICIPANT_TALKS] =
		{"SELECT " FEED_TALK_COLUMNS "FROM prep_talk t WHERE "
		 "t.participant_id = ?1 ORDER BY t.date, t.start_min, t.id",
		 "i"},
	[FEED_SQL_INSTRUCTOR_DAYS] =
		{"SELECT " FEED_DAY_COLUMNS "FROM cohort_staff s JOIN cohort c "
		 "ON c.id = s.cohort_id JOIN course_day d ON d.cohort_id = "
		 "c.id WHERE s.user_id = ?1 AND s.role = 'instructor' "
		 "ORDER BY d.date, d.start_min, d.id",
		 "i"},
	[FEED_SQL_STAFF_TALKS] =
		{"SELECT " FEED_TALK_COLUMNS "FROM prep_talk t WHERE "
		 "t.staff_id = ?1 ORDER BY t.date, t.start_min, t.id",
		 "i"},
	[FEED_SQL_COHORT] = {"SELECT name, updated_at FROM cohort WHERE id = "
			     "?1",
			     "i"},
	[FEED_SQL_COHORT_DAYS] = {"SELECT " FEED_DAY_COLUMNS
				  "FROM cohort c JOIN course_day d ON "
				  "d.cohort_id = c.id WHERE c.id = ?1 "
				  "ORDER BY d.date, d.start_min, d.id",
				  "i"},
};

/* An event source: appends its events to f->out. 0 or -1. */
typedef int (*feed_source)(struct feed *f);

/* Neutral words only: a participant's calendar must not say why they are
 * on the course. */
static const char *const feed_names[SUBSCRIPTION_KIND__MAX] = {
	[SUBSCRIPTION_PARTICIPANT] = "Mit forløb",
	[SUBSCRIPTION_INSTRUCTOR] = "Mine undervisningsdage",
	[SUBSCRIPTION_STAFF] = "Mine samtaler",
	[SUBSCRIPTION_COHORT] = "Hold",
	[SUBSCRIPTION_EMPLOYER] = "Praktikant",
};

static const char *feed_talk_summary(const char *kind)
{
	if (strcmp(kind, "caseworker") == 0)
		return "Samtale med sagsbehandler";
	if (strcmp(kind, "instructor") == 0)
		return "Samtale med underviser";
	if (strcmp(kind, "consultant") == 0)
		return "Samtale med virksomhedskonsulent";
	if (strcmp(kind, "mentor") == 0)
		return "Samtale med mentor";
	return "Samtale";
}

/* The day of the current row of st (FEED_DAY_COLUMNS) as a VEVENT. */
static int feed_day(struct feed *f, sqlite3_stmt *st)
{
	struct ics_event e = {0};
	char uid[300], summary[1024], location[2100], description[1100];
	int64_t id = sqlite3_column_int64(st, 0), day_at, cohort_at;
	int64_t cancelled_at;
	const char *status = db_text(st, 5), *note, *title;
	bool day_cancelled = strcmp(status, "cancelled") == 0;
	bool cohort_cancelled = sqlite3_column_int(st, 10) != 0;
	bool staff = f->kind != SUBSCRIPTION_PARTICIPANT;

	if (date_parse_iso(db_text(st, 1), &e.date) < 0)
		return 0; /* not a date: nothing a client could show */
	day_at = sqlite3_column_int64(st, 7);
	cohort_at = sqlite3_column_int64(st, 11);
	/* The cohort's sequence moves when the whole cohort is cancelled
	 * or restored (sql/0007-cohort-sequence.sql). */
	e.sequence = sqlite3_column_int(st, 6) + sqlite3_column_int(st, 14);
	/* The venue (and for instructors the cohort's name) come from the
	 * cohort's row: its changes are the event's, and the feed's
	 * Last-Modified must move with them. */
	e.stamp = cohort_at > day_at ? cohort_at : day_at;
	cancelled_at = day_at;
	if (cohort_cancelled) {
		/* The whole cohort was called off: every day with it. */
		if (cohort_at > cancelled_at)
			cancelled_at = cohort_at;
	}
	e.cancelled = day_cancelled || cohort_cancelled;
	if (e.cancelled && !feed_keep_cancelled(f, cancelled_at))
		return 0;
	feed_seen(f, e.stamp);
	snprintf(uid, sizeof(uid), "day-%lld@%s", (long long)id, f->host);
	e.uid = uid;
	e.start_min = sqlite3_column_int(st, 2);
	e.end_min = sqlite3_column_int(st, 3);
	feed_summary(summary, sizeof(summary), e.cancelled,
		     day_kind_label(db_text(st, 4)),
		     f->kind == SUBSCRIPTION_INSTRUCTOR ? db_text(st, 12)
							: NULL);
	e.summary = summary;
	snprintf(location, sizeof(location), "%s, %s", db_text(st, 8),
		 db_text(st, 9));
	e.location = location;
	/* Staff see the project leader's title of the day; a participant's
	 * feed keeps to the neutral words of the day's kind. */
	note = e.cancelled		      ? "Dagen er aflyst."
	       : strcmp(status, "moved") == 0 ? "Dagen er flyttet."
					      : "";
	title = staff ? db_text(st, 13) : "";
	snprintf(description, sizeof(description), "%s%s%s", note,
		 *note && *title ? "\n" : "", title);
	e.description = description;
	return ics_event(f->out, &e);
}

/* The talk of the current row of st (FEED_TALK_COLUMNS) as a VEVENT. */
static int feed_talk(struct feed *f, sqlite3_stmt *st)
{
	struct ics_event e = {0};
	char uid[300], summary[256], description[300];
	const char *base = config_get()->base_url;

	if (date_parse_iso(db_text(st, 1), &e.date) < 0)
		return 0;
	e.stamp = sqlite3_column_int64(st, 7);
	e.cancelled = strcmp(db_text(st, 5), "cancelled") == 0;
	if (e.cancelled && !feed_keep_cancelled(f, e.stamp))
		return 0;
	feed_seen(f, e.stamp);
	snprintf(uid, sizeof(uid), "talk-%lld@%s",
		 (long long)sqlite3_column_int64(st, 0), f->host);
	e.uid = uid;
	e.sequence = sqlite3_column_int(st, 6);
	e.start_min = sqlite3_column_int(st, 2);
	e.end_min = sqlite3_column_int(st, 3);
	/* Never the notes, and in a staff member's calendar never the
	 * citizen's name: a link to the participant page, behind a login. */
	if (f->kind == SUBSCRIPTION_PARTICIPANT) {
		feed_summary(summary, sizeof(summary), e.cancelled,
			     feed_talk_summary(db_text(st, 4)), NULL);
		description[0] = '\0';
	} else {
		feed_summary(summary, sizeof(summary), e.cancelled,
			     "Forberedende samtale", NULL);
		snprintf(description, sizeof(description),
			 "%s/participants/%lld", base,
			 (long long)sqlite3_column_int64(st, 9));
	}
	e.summary = summary;
	e.location = db_text(st, 8);
	e.description = description;
	return ics_event(f->out, &e);
}

static int feed_participant_days(struct feed *f)
{
	return feed_rows(f, &feed_sql[FEED_SQL_PARTICIPANT_DAYS], feed_day);
}

static int feed_participant_talks(struct feed *f)
{
	return feed_rows(f, &feed_sql[FEED_SQL_PARTICIPANT_TALKS], feed_talk);
}

static int feed_instructor_days(struct feed *f)
{
	return feed_rows(f, &feed_sql[FEED_SQL_INSTRUCTOR_DAYS], feed_day);
}

static int feed_staff_talks(struct feed *f)
{
	return feed_rows(f, &feed_sql[FEED_SQL_STAFF_TALKS], feed_talk);
}

static int feed_cohort_days(struct feed *f)
{
	return feed_rows(f, &feed_sql[FEED_SQL_COHORT_DAYS], feed_day);
}

/*
 * What each feed is made of, in order (the internship's sources are
 * calendars/feed_internship.c). Mentor appointments plug in here as
 * further sources.
 */
static const feed_source
	feed_sources[SUBSCRIPTION_KIND__MAX][FEED_SOURCES_MAX] = {
		[SUBSCRIPTION_PARTICIPANT] =
			{feed_participant_days, feed_participant_talks,
			 feed_internship_participant_days,
			 feed_internship_participant_meetings},
		[SUBSCRIPTION_INSTRUCTOR] = {feed_instructor_days},
		[SUBSCRIPTION_STAFF] = {feed_staff_talks,
					feed_internship_staff_meetings},
		[SUBSCRIPTION_COHORT] = {feed_cohort_days},
		[SUBSCRIPTION_EMPLOYER] = {feed_internship_employer_days,
					   feed_internship_employer_teaching,
					   feed_internship_employer_meetings},
};

/* The host of base_url ("https://host:port/path" gives "host"). */
static void feed_host(char *out, size_t len)
{
	const char *url = config_get()->base_url, *s = strstr(url, "://");
	size_t n;

	s = s ? s + 3 : url;
	if (*s == '[') /* an IPv6 literal keeps its brackets */
		n = strcspn(s, "]/") + (strchr(s, ']') ? 1 : 0);
	else
		n = strcspn(s, ":/");
	if (n == 0) {
		snprintf(out, len, "mestring.invalid");
		return;
	}
	snprintf(out, len, "%.*s", (int)n, s);
}

/* The calendar's name, and the newest change of the subject's own row.
 * 0 or -1. */
static int feed_subject(struct feed *f, char *name, size_t len)
{
	enum feed_sql which = f->kind == SUBSCRIPTION_COHORT
				      ? FEED_SQL_COHORT
				      : FEED_SQL_PARTICIPANT;
	sqlite3_stmt *st;
	int rc;

	snprintf(name, len, "%s", feed_names[f->kind]);
	if (f->kind == SUBSCRIPTION_EMPLOYER)
		return feed_internship_employer_name(f, name, len);
	if (f->kind != SUBSCRIPTION_COHORT &&
	    f->kind != SUBSCRIPTION_PARTICIPANT)
		return 0;
	st = DB_BIND(f->db, &feed_sql[which], DB_INT(f->subject));
	if (st == NULL)
		return -1;
	rc = db_step(f->db, st);
	if (rc == SQLITE_ROW && f->kind == SUBSCRIPTION_COHORT) {
		snprintf(name, len, "%s: %s", feed_names[f->kind],
			 db_text(st, 0));
		feed_seen(f, sqlite3_column_int64(st, 1));
	} else if (rc == SQLITE_ROW) {
		feed_seen(f, sqlite3_column_int64(st, 0));
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

/* feed_build, and *expires (may be NULL) gets the time from which the same
 * rows give other bytes (a cancelled event leaving), or INT64_MAX. */
static int feed_render(struct db *db, enum subscription_kind kind,
		       int64_t subject_id, struct buf *out,
		       int64_t *last_modified, int64_t *expires)
{
	struct feed f = {0};
	/* "Hold: " and a cohort name of 200 characters of up to 4 bytes. */
	char name[1024];
	int i, rc = -1;

	if ((int)kind < 0 || kind >= SUBSCRIPTION_KIND__MAX)
		return -1;
	f.db = db;
	f.kind = kind;
	f.subject = subject_id;
	f.out = out;
	f.now = (int64_t)time(NULL);
	f.expires = INT64_MAX;
	feed_host(f.host, sizeof(f.host));
	if (feed_subject(&f, name, sizeof(name)) < 0)
		goto out;
	ics_begin(out, name);
	for (i = 0; i < FEED_SOURCES_MAX && feed_sources[kind][i]; i++)
		if (feed_sources[kind][i](&f) < 0)
			goto out;
	if (ics_end(out) < 0)
		goto out;
	rc = 0;
out:
	if (last_modified)
		*last_modified = f.last_modified;
	if (expires)
		*expires = f.expires;
	return rc;
}

int feed_build(struct db *db, enum subscription_kind kind, int64_t subject_id,
	       struct buf *out, int64_t *last_modified)
{
	return feed_render(db, kind, subject_id, out, last_modified, NULL);
}

/* Kept renderings. */

static const char *const feed_wdays[7] = {"Thu", "Fri", "Sat", "Sun",
					  "Mon", "Tue", "Wed"};
static const char *const feed_months[12] = {"Jan", "Feb", "Mar", "Apr",
					    "May", "Jun", "Jul", "Aug",
					    "Sep", "Oct", "Nov", "Dec"};

/* t as an IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT", 29 characters). */
static void feed_http_date(int64_t t, char out[32])
{
	int64_t days = t / 86400, rest = t % 86400;
	int y, m, d;

	if (rest < 0) {
		rest += 86400;
		days--;
	}
	date_to_civil((date_t)days, &y, &m, &d);
	snprintf(out, 32, "%s, %02d %s %04d %02d:%02d:%02d GMT",
		 feed_wdays[((days % 7) + 7) % 7], d, feed_months[m - 1], y,
		 (int)(rest / 3600), (int)(rest / 60 % 60), (int)(rest % 60));
}

/*
 * The rendered feeds a reader connection served last, so that calendar
 * clients polling an unchanged schedule cost a token look-up and a write.
 * An entry is good while its reader sees the same SQLite data version
 * (which moves on every commit by any connection or process) and the clock
 * has not reached its expiry. Per reader, because the data version belongs
 * to a connection; a reader serves one request at a time, so no lock.
 */
#define FEED_CACHE_SLOTS 4

struct feed_answer {
	enum subscription_kind kind;
	int64_t subject;
	const struct db *db;  /* the reader whose version this is */
	unsigned int version; /* its SQLITE_FCNTL_DATA_VERSION */
	int64_t expires;
	uint64_t used; /* for replacing the least recently used */
	bool valid;
	struct buf body;
	char headers[192]; /* ETag, Last-Modified, Cache-Control */
	char etag[40];
	int64_t last_modified;
};

struct feed_cache {
	struct feed_answer slot[FEED_CACHE_SLOTS];
	uint64_t tick;
};

/* Runs when the reader connection it belongs to closes. */
static void feed_cache_free(void *p)
{
	struct feed_cache *c = p;
	int i;

	for (i = 0; i < FEED_CACHE_SLOTS; i++)
		buf_free(&c->slot[i].body);
	free(c);
}

/* The cache that lives with reader db, or NULL (then every request
 * renders). A reader serves one request at a time: no lock. */
static struct feed_cache *feed_cache(struct db *db)
{
	struct feed_cache *c = db_user(db);
	int i;

	if (c)
		return c;
	c = calloc(1, sizeof(*c));
	if (c == NULL)
		return NULL;
	for (i = 0; i < FEED_CACHE_SLOTS; i++)
		buf_init(&c->slot[i].body, FEED_BODY_MAX);
	db_set_user(db, c, feed_cache_free);
	return c;
}

/* The data version of db's main database as of its last transaction. */
static unsigned int feed_data_version(struct db *db)
{
	unsigned int v = 0;

	sqlite3_file_control(db_handle(db), "main", SQLITE_FCNTL_DATA_VERSION,
			     &v);
	return v;
}

/* The entry of (kind, subject) when still good, else the slot to render
 * it into. */
static struct feed_answer *feed_cache_find(struct feed_cache *c,
					   enum subscription_kind kind,
					   int64_t subject, const struct db *db,
					   unsigned int version, bool *hit)
{
	struct feed_answer *a, *victim = &c->slot[0];
	int i;

	c->tick++;
	for (i = 0; i < FEED_CACHE_SLOTS; i++) {
		a = &c->slot[i];
		if (a->valid && a->kind == kind && a->subject == subject) {
			a->used = c->tick;
			*hit = a->db == db && a->version == version &&
			       (int64_t)time(NULL) < a->expires;
			return a;
		}
		if (a->used < victim->used)
			victim = a;
	}
	victim->used = c->tick;
	*hit = false;
	return victim;
}

/*
 * Renders (kind, subject) into a with its validators, in one read
 * transaction so the bytes and the data version they are filed under are
 * of the same snapshot. 0 or -1 (a is then not valid).
 */
static int feed_answer_render(struct db *db, struct feed_answer *a,
			      enum subscription_kind kind, int64_t subject)
{
	unsigned char hash[16];
	char date[32];
	int rc;

	a->valid = false;
	buf_reset(&a->body);
	if (db_exec(db, "BEGIN") < 0)
		return -1;
	rc = feed_render(db, kind, subject, &a->body, &a->last_modified,
			 &a->expires);
	a->version = feed_data_version(db);
	if (db_exec(db, "COMMIT") < 0 || rc < 0)
		return -1;
	crypto_generichash(hash, sizeof(hash),
			   (const unsigned char *)a->body.data, a->body.len,
			   NULL, 0);
	a->etag[0] = '"';
	sodium_bin2hex(a->etag + 1, sizeof(a->etag) - 1, hash, sizeof(hash));
	memcpy(a->etag + 1 + 2 * sizeof(hash), "\"", 2);
	feed_http_date(a->last_modified, date);
	snprintf(a->headers, sizeof(a->headers),
		 "ETag: %s\r\nLast-Modified: %s\r\n"
		 "Cache-Control: max-age=300\r\n",
		 a->etag, date);
	a->kind = kind;
	a->subject = subject;
	a->db = db;
	a->valid = true;
	return 0;
}

int feed_get(struct db *db, enum subscription_kind kind, int64_t subject,
	     struct feed_reply *out)
{
	struct feed_cache *cache = feed_cache(db);
	struct feed_answer *a;
	bool hit = false;

	memset(out, 0, sizeof(*out));
	if (cache) {
		a = feed_cache_find(cache, kind, subject, db,
				    feed_data_version(db), &hit);
	} else {
		/* No memory for a cache: this one answer on its own. */
		a = calloc(1, sizeof(*a));
		if (a == NULL)
			return -1;
		buf_init(&a->body, FEED_BODY_MAX);
		out->own = a;
	}
	if (!hit && feed_answer_render(db, a, kind, subject) < 0) {
		feed_reply_free(out);
		return -1;
	}
	out->body = a->body.data;
	out->len = a->body.len;
	out->etag = a->etag;
	out->last_modified = a->last_modified;
	out->headers = a->headers;
	return 0;
}

void feed_reply_free(struct feed_reply *out)
{
	if (out->own) {
		buf_free(&out->own->body);
		free(out->own);
	}
	memset(out, 0, sizeof(*out));
}
