/*
 * host_followup: the job that tells staff of the hosts' signals and
 * reminds hosts of a week without feedback, each mail once, and the
 * marking of a signal as seen. The texts name no citizen: a sentence and a
 * link to the internship (staff) or to the host's own page (hosts).
 */
#include "host_followup.h"

#include "actor.h"
#include "array.h"
#include "audit.h"
#include "buf.h"
#include "config.h"
#include "db.h"
#include "holiday.h"
#include "host.h"
#include "internship.h"
#include "log.h"
#include "outbox.h"
#include "participant.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const char *const host_alert_names[HOST_ALERT__MAX + 1] = {
	"absent", "alarm", "call_me", "stop", NULL,
};

const char *const host_alert_labels[HOST_ALERT__MAX] = {
	"Udeblevet uden afbud",
	"Aftalt tegn set",
	"Værten beder om et opkald",
	"Værten har stoppet praktikken",
};

const char *const host_reminder_names[HOST_REMINDER__MAX + 1] = {
	"first",
	"second",
	"consultant",
	NULL,
};

int host_alert_parse(const char *name)
{
	int i;

	for (i = 0; name && host_alert_names[i]; i++)
		if (strcmp(host_alert_names[i], name) == 0)
			return i;
	return -1;
}

/* How far back a run looks, in days: a server down for a while still
 * tells, but a new server does not mail about the distant past. */
#define HF_LOOKBACK_DAYS 14
/* The first reminder goes on the week's last planned day from this hour,
 * when the host has had most of the day. */
#define HF_FIRST_HOUR 12
/* The most signals or weeks a run handles; the next run takes the rest. */
#define HF_BATCH 500

enum hf_sql {
	HF_SQL_SIGNALS,
	HF_SQL_ALERT_ADD,
	HF_SQL_FOLLOWERS,
	HF_SQL_CONSULTANTS,
	HF_SQL_RUNNING,
	HF_SQL_FEEDBACK_IN,
	HF_SQL_REMINDERS,
	HF_SQL_REMINDER_ADD,
	HF_SQL_HOST,
	HF_SQL_ALERT_OF,
	HF_SQL_ALERT_SEEN,
	HF_SQL__MAX
};

/* The consultant: who made the internship when a consultant made it,
 * else the cohort's enterprise consultants. ?1 the internship. */
#define HF_CONSULTANTS                                                         \
	"SELECT u.email FROM internship i JOIN user u ON u.id = "              \
	"i.created_by WHERE i.id = ?1 AND u.role = 'consultant' AND "          \
	"u.active = 1 UNION SELECT u.email FROM internship i JOIN "            \
	"participant p ON p.id = i.participant_id JOIN cohort_staff s ON "     \
	"s.cohort_id = p.cohort_id AND s.role = 'consultant' JOIN user u ON "  \
	"u.id = s.user_id WHERE i.id = ?1 AND u.active = 1 AND NOT EXISTS "    \
	"(SELECT 1 FROM internship j JOIN user c ON c.id = j.created_by "      \
	"WHERE j.id = ?1 AND c.role = 'consultant' AND c.active = 1) "

/* The plan's week of a day ?d for an internship starting ?s, in SQL. */
#define HF_WEEK(d, s)                                                          \
	"CAST((julianday(date(" d ", 'weekday 0', '-6 days')) - "              \
	"julianday(date(" s ", 'weekday 0', '-6 days'))) / 7 AS INTEGER) + 1"

/* clang-format off */
static const struct db_sql hf_sql[HF_SQL__MAX] = {
	/* Signals since ?1 (seconds) not told yet. */
	[HF_SQL_SIGNALS] = {"SELECT x.iid, x.week, x.kind FROM ("
		"SELECT f.internship_id AS iid, f.week AS week, 'absent' AS "
		"kind FROM host_feedback f WHERE f.updated_at >= ?1 AND "
		"EXISTS (SELECT 1 FROM host_day d WHERE d.feedback_id = f.id "
		"AND d.status = 'absent') "
		"UNION ALL SELECT f.internship_id, f.week, 'alarm' FROM "
		"host_feedback f WHERE f.updated_at >= ?1 AND f.alarm = 1 "
		"UNION ALL SELECT f.internship_id, f.week, 'call_me' FROM "
		"host_feedback f WHERE f.updated_at >= ?1 AND f.call_me = 1 "
		"UNION ALL SELECT i.id, " HF_WEEK("s.on_date", "i.start_on")
		", 'stop' FROM internship i JOIN internship_status s ON "
		"s.internship_id = i.id WHERE i.status = 'ended_early' AND "
		"s.status = 'ended_early' AND s.contact_id IS NOT NULL AND "
		"s.created_at >= ?1) x WHERE NOT EXISTS (SELECT 1 FROM "
		"host_alert a WHERE a.internship_id = x.iid AND a.week = "
		"x.week AND a.kind = x.kind) ORDER BY x.iid, x.week LIMIT 500",
		"i"},
	[HF_SQL_ALERT_ADD] = {"INSERT OR IGNORE INTO host_alert "
		"(internship_id, week, kind, created_at) VALUES (?1, ?2, ?3, "
		"?4)", "iiti"},
	/* The consultant, the caseworker and the mentor. */
	[HF_SQL_FOLLOWERS] = {HF_CONSULTANTS "UNION SELECT u.email FROM "
		"internship i JOIN participant p ON p.id = i.participant_id "
		"JOIN user u ON u.id = p.caseworker_id OR u.id = p.mentor_id "
		"WHERE i.id = ?1 AND u.active = 1", "i"},
	[HF_SQL_CONSULTANTS] = {HF_CONSULTANTS, "i"},
	/* Internships that may owe feedback for a week ending ?2..?1. */
	/* The weeks that may owe feedback: of internships that run, ending
	 * ?2..?1, without feedback and with a step still to take. */
	[HF_SQL_RUNNING] = {"SELECT i.id, i.start_on, i.end_on, w.week, "
		"w.monday, w.mon, w.tue, w.wed, w.thu, w.fri FROM internship i "
		"JOIN internship_week w ON w.internship_id = i.id WHERE "
		"i.status IN ('planned', 'trial', 'running', 'extended') AND "
		"i.start_on <= ?1 AND i.end_on >= ?2 AND w.monday BETWEEN "
		"date(?2, '-6 days') AND ?1 AND NOT EXISTS (SELECT 1 FROM "
		"host_feedback f WHERE f.internship_id = i.id AND f.week = "
		"w.week) AND NOT EXISTS (SELECT 1 FROM host_reminder r WHERE "
		"r.internship_id = i.id AND r.week = w.week AND r.kind = "
		"'consultant') ORDER BY i.id, w.week", "tt"},
	[HF_SQL_FEEDBACK_IN] = {"SELECT count(*) FROM host_feedback WHERE "
		"internship_id = ?1 AND week = ?2", "ii"},
	[HF_SQL_REMINDERS] = {"SELECT kind, sent_at FROM host_reminder "
		"WHERE internship_id = ?1 AND week = ?2", "ii"},
	[HF_SQL_REMINDER_ADD] = {"INSERT OR IGNORE INTO host_reminder "
		"(internship_id, week, kind, sent_at) VALUES (?1, ?2, ?3, ?4)",
		"iiti"},
	/* The contact person's address and live link. */
	[HF_SQL_HOST] = {"SELECT k.email, k.id FROM internship i JOIN "
		"company_contact k ON k.id = i.contact_id AND k.active = 1 "
		"WHERE i.id = ?1", "i"},
	[HF_SQL_ALERT_OF] = {"SELECT i.participant_id FROM host_alert a JOIN "
		"internship i ON i.id = a.internship_id WHERE a.id = ?1", "i"},
	[HF_SQL_ALERT_SEEN] = {"UPDATE host_alert SET seen_at = ?2, seen_by "
		"= ?3 WHERE id = ?1 AND seen_at IS NULL", "iiI"},
};
/* clang-format on */

/* Days. */

bool host_followup_working_day(date_t d)
{
	return !date_is_weekend(d) && !holiday_is(d, false, NULL);
}

date_t host_followup_working_days_after(date_t d, int n)
{
	while (n > 0) {
		d = date_add_days(d, 1);
		if (host_followup_working_day(d))
			n--;
	}
	return d;
}

date_t host_followup_last_day(const struct stepup_week *w, date_t start,
			      date_t end)
{
	int i;
	date_t d;

	for (i = STEPUP_DAYS - 1; i >= 0; i--) {
		d = date_add_days(w->monday, i);
		if (w->minutes[i] > 0 && d >= start && d <= end)
			return d;
	}
	return 0;
}

/* The Copenhagen date of a time (main sets the zone). */
static date_t hf_day_of(int64_t at)
{
	time_t t = (time_t)at;
	struct tm tm;

	if (localtime_r(&t, &tm) == NULL)
		return 0;
	return date_from_civil(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

/* The hour of a time on the Copenhagen clock. */
static int hf_hour_of(int64_t at)
{
	time_t t = (time_t)at;
	struct tm tm;

	return localtime_r(&t, &tm) ? tm.tm_hour : 0;
}

/* Mail. */

/* Queues one mail to every address q gives for internship id, in w's
 * open transaction. The number queued, or -1. An address the outbox
 * refuses is logged and skipped, as with absence mail. */
static int hf_mail(struct db *w, enum hf_sql q, int64_t id, const char *kind,
		   const char *subject, const char *body)
{
	struct buf to = BUF_INIT(0);
	sqlite3_stmt *st = DB_BIND(w, &hf_sql[q], DB_INT(id));
	const char *at, *end;
	int rc, n = 0;

	if (st == NULL)
		return -1;
	while ((rc = db_step(w, st)) == SQLITE_ROW) {
		buf_puts(&to, db_text(st, 0));
		buf_putc(&to, '\0');
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE || buf_failed(&to)) {
		buf_free(&to);
		return -1;
	}
	for (at = to.data, end = to.data + to.len; at && at < end;
	     at += strlen(at) + 1) {
		if (*at == '\0')
			continue;
		if (outbox_queue(w, at, kind, subject, body) < 0)
			log_warn("host_followup: a %s mail about internship "
				 "%lld was not queued",
				 kind, (long long)id);
		else
			n++;
	}
	buf_free(&to);
	return n;
}

/* The staff link's tail, the same on every mail to staff. */
static void hf_staff_tail(struct buf *b, int64_t id)
{
	buf_printf(b,
		   "\n\nSe praktikken her: %s/internships/%lld\n\nDu får "
		   "denne mail, fordi du følger borgeren som "
		   "virksomhedskonsulent, sagsbehandler eller mentor.\n",
		   config_get()->base_url, (long long)id);
}

static const char *const hf_signal_subjects[HOST_ALERT__MAX] = {
	"Praktik: udeblivelse uden afbud",
	"Praktik: værten har set et aftalt tegn",
	"Praktik: værten beder om at blive ringet op",
	"Praktik: værten har meldt praktikken stoppet",
};

static const char *const hf_signal_sentences[HOST_ALERT__MAX] = {
	"En praktikvært har meldt, at borgeren udeblev uden afbud",
	"En praktikvært har i ugens tilbagemelding markeret et af de tegn, "
	"I har aftalt at følge op på",
	"En praktikvært har i ugens tilbagemelding bedt om at blive ringet "
	"op",
	"En praktikvært har meldt, at praktikken er stoppet",
};

static const char *const hf_signal_kinds[HOST_ALERT__MAX] = {
	"host_absent",
	"host_alarm",
	"host_call_me",
	"host_stop",
};

/* Tells one signal: the row and its mails in one transaction. 1 told, 0
 * already told, -1. */
static int hf_signal(struct db *w, int64_t id, int week, enum host_alert_kind k,
		     int64_t now, int *mails)
{
	struct buf body = BUF_INIT(OUTBOX_BODY_MAX);
	int rc = -1, n;

	buf_printf(&body, "%s (praktikkens uge %d).", hf_signal_sentences[k],
		   week);
	hf_staff_tail(&body, id);
	if (buf_failed(&body) || db_begin(w) < 0)
		goto out;
	if (DB_RUN(w, &hf_sql[HF_SQL_ALERT_ADD], DB_INT(id), DB_INT(week),
		   DB_TEXT(host_alert_names[k]), DB_INT(now)) < 0)
		goto done;
	if (db_changes(w) == 0) {
		rc = 0;
		goto done;
	}
	n = hf_mail(w, HF_SQL_FOLLOWERS, id, hf_signal_kinds[k],
		    hf_signal_subjects[k], body.data);
	if (n < 0)
		goto done;
	*mails += n;
	rc = 1;
done:
	rc = db_finish(w, rc < 0 ? -1 : 0) < 0 ? -1 : rc;
out:
	buf_free(&body);
	return rc;
}

struct hf_signal_row {
	int64_t id;
	int week;
	int kind;
};

static int hf_signals(struct db *w, int64_t now, struct host_followup_counts *c)
{
	sqlite3_stmt *st = DB_BIND(w, &hf_sql[HF_SQL_SIGNALS],
				   DB_INT(now - HF_LOOKBACK_DAYS * 86400));
	struct hf_signal_row *rows;
	size_t n = 0, i;
	int rc = -1, told;

	if (st == NULL)
		return -1;
	rows = calloc(HF_BATCH, sizeof(*rows));
	if (rows == NULL) {
		sqlite3_reset(st);
		return -1;
	}
	while (n < HF_BATCH && (rc = db_step(w, st)) == SQLITE_ROW) {
		rows[n].id = sqlite3_column_int64(st, 0);
		rows[n].week = sqlite3_column_int(st, 1);
		rows[n].kind = host_alert_parse(db_text(st, 2));
		if (rows[n].kind >= 0)
			n++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		goto out;
	for (i = 0; i < n; i++) {
		told = hf_signal(w, rows[i].id, rows[i].week, rows[i].kind, now,
				 &c->mails);
		if (told < 0)
			goto out;
		c->alerts += told;
	}
	rc = 0;
out:
	free(rows);
	return rc == 0 ? 0 : -1;
}

/* Reminders. */

/* The host's reminder into body. */
static bool hf_host_text(const char *url, int step, int week, date_t monday,
			 struct buf *body)
{
	int iso_year, iso = date_iso_week(monday, &iso_year);

	buf_printf(body,
		   "Hej\n\n%s jeres tilbagemelding for praktikkens uge %d "
		   "(uge %d i kalenderen). Det tager få minutter at give "
		   "den her:\n\n%s\n\nLinket er personligt: send det ikke "
		   "videre.%s\n\nMed venlig hilsen\nJobcentret\n",
		   step == HOST_REMINDER_FIRST ? "Vi mangler endnu"
					       : "Vi mangler stadig",
		   week, iso, url,
		   step == HOST_REMINDER_FIRST
			   ? ""
			   : " Hører vi ikke fra jer, ringer "
			     "virksomhedskonsulenten.");
	return !buf_failed(body);
}

/* Mails the host (the internship's contact person), when they have an
 * address and a live link: the mail holds the link, since the host has no
 * account (docs/security.md). The number queued (0 or 1), or -1. */
static int hf_remind_host(struct db *w, int64_t id, int step, int week,
			  date_t monday)
{
	sqlite3_stmt *st = DB_BIND(w, &hf_sql[HF_SQL_HOST], DB_INT(id));
	struct buf body = BUF_INIT(OUTBOX_BODY_MAX);
	char email[255] = "", token[TOKEN_SIZE] = "", url[HOST_URL_MAX];
	int64_t contact = 0;
	int rc, n = 0;

	if (st == NULL)
		return -1;
	rc = db_step(w, st);
	if (rc == SQLITE_ROW) {
		snprintf(email, sizeof(email), "%s", db_text(st, 0));
		contact = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return -1;
	if (*email == '\0')
		return 0;
	rc = host_link_token(w, id, contact, token);
	if (rc < 0)
		return -1;
	if (rc == 0 && host_link_url(token, url) == 0 &&
	    hf_host_text(url, step, week, monday, &body)) {
		if (outbox_queue(w, email, "host_reminder",
				 step == HOST_REMINDER_FIRST
					 ? "Påmindelse: ugens tilbagemelding "
					   "om praktikken"
					 : "Anden påmindelse: ugens "
					   "tilbagemelding om praktikken",
				 body.data) < 0)
			log_warn("host_followup: a reminder about internship "
				 "%lld was not queued",
				 (long long)id);
		else
			n = 1;
	}
	sodium_memzero(token, sizeof(token));
	sodium_memzero(url, sizeof(url));
	buf_free(&body);
	return n;
}

/* The consultant, told that the host did not answer. */
static int hf_tell_consultant(struct db *w, int64_t id, int week, date_t monday)
{
	struct buf body = BUF_INIT(OUTBOX_BODY_MAX);
	int iso_year, iso = date_iso_week(monday, &iso_year), n;

	buf_printf(&body,
		   "Praktikværten har ikke givet tilbagemelding for "
		   "praktikkens uge %d (uge %d i kalenderen), heller ikke "
		   "efter to påmindelser. Ring gerne til kontaktpersonen.",
		   week, iso);
	buf_printf(&body,
		   "\n\nSe praktikken her: %s/internships/%lld\n\nDu får "
		   "denne mail som virksomhedskonsulent for praktikken.\n",
		   config_get()->base_url, (long long)id);
	n = buf_failed(&body)
		    ? -1
		    : hf_mail(w, HF_SQL_CONSULTANTS, id, "host_no_feedback",
			      "Praktik: ingen tilbagemelding fra værten",
			      body.data);
	buf_free(&body);
	return n;
}

/* The step due for a week whose last planned day is last, or -1 when
 * none is: the next one not sent, when its day has come (the first from
 * noon) and the one before it went on an earlier day. */
static int hf_step_due(date_t today, int64_t now, date_t last,
		       const int64_t sent[], const bool done[])
{
	if (!done[HOST_REMINDER_FIRST])
		return today > last || (today == last &&
					hf_hour_of(now) >= HF_FIRST_HOUR)
			       ? HOST_REMINDER_FIRST
			       : -1;
	if (!done[HOST_REMINDER_SECOND])
		return today >= host_followup_working_days_after(last, 2) &&
				       hf_day_of(sent[HOST_REMINDER_FIRST]) <
					       today
			       ? HOST_REMINDER_SECOND
			       : -1;
	if (!done[HOST_REMINDER_CONSULTANT])
		return today >= host_followup_working_days_after(last, 3) &&
				       hf_day_of(sent[HOST_REMINDER_SECOND]) <
					       today
			       ? HOST_REMINDER_CONSULTANT
			       : -1;
	return -1;
}

/* The reminder due for week wk of internship id, if any, in one
 * transaction: the row first (so it goes once), then the mail. A reminder
 * that cannot go (no address, no live link) counts as gone, so the
 * consultant is still told in time. */
static int hf_week(struct db *w, int64_t id, const struct stepup_week *wk,
		   date_t last, date_t today, int64_t now,
		   struct host_followup_counts *c)
{
	int64_t sent[HOST_REMINDER__MAX] = {0}, in = 0;
	bool done[HOST_REMINDER__MAX] = {false};
	sqlite3_stmt *st;
	int rc, step, k, n;

	if (db_scalar(w,
		      DB_BIND(w, &hf_sql[HF_SQL_FEEDBACK_IN], DB_INT(id),
			      DB_INT(wk->week)),
		      &in) < 0)
		return -1;
	if (in > 0)
		return 0;
	st = DB_BIND(w, &hf_sql[HF_SQL_REMINDERS], DB_INT(id),
		     DB_INT(wk->week));
	if (st == NULL)
		return -1;
	while ((rc = db_step(w, st)) == SQLITE_ROW) {
		for (k = 0; k < HOST_REMINDER__MAX; k++)
			if (strcmp(db_text(st, 0), host_reminder_names[k]) ==
			    0) {
				done[k] = true;
				sent[k] = sqlite3_column_int64(st, 1);
			}
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return -1;
	step = hf_step_due(today, now, last, sent, done);
	if (step < 0)
		return 0;
	if (db_begin(w) < 0)
		return -1;
	rc = DB_RUN(w, &hf_sql[HF_SQL_REMINDER_ADD], DB_INT(id),
		    DB_INT(wk->week), DB_TEXT(host_reminder_names[step]),
		    DB_INT(now));
	if (rc == 0 && db_changes(w) > 0) {
		n = step == HOST_REMINDER_CONSULTANT
			    ? hf_tell_consultant(w, id, wk->week, wk->monday)
			    : hf_remind_host(w, id, step, wk->week, wk->monday);
		if (n < 0)
			rc = -1;
		else {
			c->mails += n;
			if (step == HOST_REMINDER_CONSULTANT)
				c->told++;
			else
				c->reminders += n;
		}
	}
	return db_finish(w, rc < 0 ? -1 : 0);
}

/* A week that may owe feedback, read before any is written. */
struct hf_running {
	int64_t id;
	date_t start, end;
	struct stepup_week week;
};

static int hf_reminders(struct db *w, date_t today, int64_t now,
			struct host_followup_counts *c)
{
	char a[DATE_ISO_LEN + 1], b[DATE_ISO_LEN + 1];
	struct hf_running *rows = NULL, *r;
	size_t n = 0, cap = 0, i;
	sqlite3_stmt *st;
	date_t last;
	int rc, k;

	date_format_iso(today, a);
	date_format_iso(date_add_days(today, -HF_LOOKBACK_DAYS), b);
	st = DB_BIND(w, &hf_sql[HF_SQL_RUNNING], DB_TEXT(a), DB_TEXT(b));
	if (st == NULL)
		return -1;
	while ((rc = db_step(w, st)) == SQLITE_ROW) {
		if (array_reserve((void **)&rows, &cap, n + 1, sizeof(*rows)) <
		    0) {
			rc = SQLITE_NOMEM;
			break;
		}
		r = &rows[n++];
		memset(r, 0, sizeof(*r));
		r->id = sqlite3_column_int64(st, 0);
		r->start = db_date(st, 1);
		r->end = db_date(st, 2);
		r->week.week = sqlite3_column_int(st, 3);
		r->week.monday = db_date(st, 4);
		for (k = 0; k < STEPUP_DAYS; k++)
			r->week.minutes[k] = sqlite3_column_int(st, 5 + k);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		free(rows);
		return -1;
	}
	for (i = 0, rc = 0; i < n && rc == 0; i++) {
		r = &rows[i];
		last = host_followup_last_day(&r->week, r->start, r->end);
		if (last == 0 || last > today ||
		    last < date_add_days(today, -HF_LOOKBACK_DAYS))
			continue;
		rc = hf_week(w, r->id, &r->week, last, today, now, c);
	}
	free(rows);
	return rc;
}

int host_followup_run(struct db *w, date_t today, int64_t now,
		      struct host_followup_counts *c)
{
	struct host_followup_counts mine = {0};
	int rc;

	if (c == NULL)
		c = &mine;
	memset(c, 0, sizeof(*c));
	rc = hf_signals(w, now, c);
	if (rc == 0)
		rc = hf_reminders(w, today, now, c);
	if (c->mails > 0)
		outbox_wake();
	return rc;
}

/* Seen. */

int host_alert_mark_seen(struct db *w, const struct actor *a, int64_t id,
			 int64_t now)
{
	struct participant p;
	int64_t pid = 0;
	char detail[48];
	int rc;

	if (db_begin(w) < 0)
		return RESULT_FAILED;
	rc = db_scalar(w, DB_BIND(w, &hf_sql[HF_SQL_ALERT_OF], DB_INT(id)),
		       &pid);
	if (rc != 0) {
		rc = rc > 0 ? RESULT_NOT_FOUND : RESULT_FAILED;
		goto out;
	}
	rc = participant_get(w, a, pid, &p);
	if (rc != 0) {
		rc = rc > 0 ? RESULT_NOT_FOUND : RESULT_FAILED;
		goto out;
	}
	if (DB_RUN(w, &hf_sql[HF_SQL_ALERT_SEEN], DB_INT(id), DB_INT(now),
		   DB_ID(a->user_id)) < 0) {
		rc = RESULT_FAILED;
		goto out;
	}
	rc = RESULT_OK;
	if (db_changes(w) > 0) {
		snprintf(detail, sizeof(detail), "signal %lld", (long long)id);
		if (participant_audit_write(w, a,
					    AUDIT_PARTICIPANT_HOST_ALERT_SEEN,
					    &p, NULL, detail) < 0)
			rc = RESULT_FAILED;
	}
out:
	return db_finish(w, rc);
}
