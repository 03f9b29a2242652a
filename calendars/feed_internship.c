/*
 * feed_internship: internship days, teaching days and status meetings as
 * VEVENTs. The plan holds minutes per weekday, not clock times, so a
 * planned day is an all-day event with its hours in the summary; a
 * status meeting is timed when it has a time (an hour long), else
 * all-day. UIDs are stable per internship and day (per week for a
 * meeting); SEQUENCE is the internship's, which every change of the
 * internship or its plan moves.
 */
#include "feed_internship.h"

#include "config.h"
#include "date.h"
#include "db.h"
#include "feed_event.h"
#include "holiday.h"
#include "ics.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* A status meeting with a time is shown this long. */
#define FEED_MEETING_MIN 60

enum fi_sql {
	FI_SQL_PARTICIPANT_DAYS,
	FI_SQL_EMPLOYER_DAYS,
	FI_SQL_PARTICIPANT_MEETINGS,
	FI_SQL_EMPLOYER_MEETINGS,
	FI_SQL_STAFF_MEETINGS,
	FI_SQL_EMPLOYER,
	FI_SQL__MAX
};

/* What every internship event needs: where, its dates, its status and
 * sequence, and the intern's first name (for the employer only). */
#define FI_COLUMNS                                                             \
	"i.id, i.start_on, i.end_on, i.status = 'ended_early', i.sequence, "   \
	"i.updated_at, co.name, CASE WHEN i.workplace_address != '' THEN "     \
	"i.workplace_address ELSE co.address END, substr(p.name, 1, "          \
	"instr(p.name || ' ', ' ') - 1), "
#define FI_DAY_COLUMNS                                                         \
	FI_COLUMNS "w.monday, w.updated_at, w.mon, w.tue, w.wed, w.thu, "      \
		   "w.fri "
#define FI_MEETING_COLUMNS                                                     \
	FI_COLUMNS "w.meeting_on, w.updated_at, w.week, "                      \
		   "ifnull(w.meeting_min, -1) "
#define FI_FROM                                                                \
	"FROM internship i JOIN participant p ON p.id = i.participant_id "     \
	"JOIN company co ON co.id = i.company_id JOIN internship_week w ON "   \
	"w.internship_id = i.id "

/* ?1 is the feed's subject in every statement. */
static const struct db_sql fi_sql[FI_SQL__MAX] = {
	[FI_SQL_PARTICIPANT_DAYS] = {"SELECT " FI_DAY_COLUMNS FI_FROM
				     "WHERE i.participant_id = ?1 ORDER BY "
				     "w.monday, i.id",
				     "i"},
	[FI_SQL_EMPLOYER_DAYS] = {"SELECT " FI_DAY_COLUMNS FI_FROM
				  "WHERE i.id = ?1 ORDER BY w.monday",
				  "i"},
	[FI_SQL_PARTICIPANT_MEETINGS] = {"SELECT " FI_MEETING_COLUMNS FI_FROM
					 "WHERE i.participant_id = ?1 AND "
					 "w.meeting_on IS NOT NULL ORDER BY "
					 "w.meeting_on, w.meeting_min, i.id",
					 "i"},
	[FI_SQL_EMPLOYER_MEETINGS] = {"SELECT " FI_MEETING_COLUMNS FI_FROM
				      "WHERE i.id = ?1 AND w.meeting_on IS "
				      "NOT NULL ORDER BY w.meeting_on, "
				      "w.meeting_min",
				      "i"},
	/* The internships a member of staff follows: those they made, and
	 * those of the cohorts they are a consultant of. */
	[FI_SQL_STAFF_MEETINGS] =
		{"SELECT " FI_MEETING_COLUMNS FI_FROM
		 "WHERE i.id IN (SELECT id FROM internship WHERE created_by = "
		 "?1 UNION SELECT i2.id FROM cohort_staff s JOIN participant "
		 "p2 ON p2.cohort_id = s.cohort_id JOIN internship i2 ON "
		 "i2.participant_id = p2.id WHERE s.user_id = ?1 AND s.role = "
		 "'consultant') AND w.meeting_on IS NOT NULL ORDER BY "
		 "w.meeting_on, w.meeting_min, i.id",
		 "i"},
	[FI_SQL_EMPLOYER] = {"SELECT i.start_on, i.end_on, i.teaching_weekday, "
			     "i.sequence, i.updated_at, substr(p.name, 1, "
			     "instr(p.name || ' ', ' ') - 1) FROM internship i "
			     "JOIN participant p ON p.id = i.participant_id "
			     "WHERE i.id = ?1",
			     "i"},
};

/* The columns of FI_COLUMNS, read. */
struct fi_row {
	int64_t id;
	date_t start, end;
	bool ended_early;
	int sequence;
	int64_t updated_at;
	const char *company, *place, *first_name;
	date_t on;	/* the week's Monday, or the meeting's day */
	int64_t row_at; /* the week row's last change */
	int64_t stamp;	/* the newer of the two changes */
};

static int fi_read(sqlite3_stmt *st, struct fi_row *r)
{
	memset(r, 0, sizeof(*r));
	r->id = sqlite3_column_int64(st, 0);
	if (date_parse_iso(db_text(st, 1), &r->start) < 0 ||
	    date_parse_iso(db_text(st, 2), &r->end) < 0 ||
	    date_parse_iso(db_text(st, 9), &r->on) < 0)
		return -1; /* not dates: nothing a client could show */
	r->ended_early = sqlite3_column_int(st, 3) != 0;
	r->sequence = sqlite3_column_int(st, 4);
	r->updated_at = sqlite3_column_int64(st, 5);
	r->company = db_text(st, 6);
	r->place = db_text(st, 7);
	r->first_name = db_text(st, 8);
	r->row_at = sqlite3_column_int64(st, 10);
	r->stamp = r->row_at > r->updated_at ? r->row_at : r->updated_at;
	return 0;
}

/*
 * Is day d of r shown, and cancelled? A day outside the internship's dates
 * is not shown, but one after an early end stays a while as cancelled, so
 * the host and the citizen see the days fall away rather than vanish.
 */
static bool fi_shown(struct feed *f, const struct fi_row *r, date_t d,
		     bool *cancelled)
{
	*cancelled = false;
	if (d >= r->start && d <= r->end)
		return true;
	if (d > r->end && r->ended_early) {
		*cancelled = true;
		return feed_keep_cancelled(f, r->updated_at);
	}
	return false;
}

/* Minutes as Danish hours: "3 timer", "1 time", "2½ timer", "½ time",
 * "2 t 15 min". */
static void fi_hours(int min, char *out, size_t len)
{
	int h = min / 60, m = min % 60;

	if (m == 0)
		snprintf(out, len, "%d %s", h, h == 1 ? "time" : "timer");
	else if (m == 30 && h == 0)
		snprintf(out, len, "½ time");
	else if (m == 30)
		snprintf(out, len, "%d½ timer", h);
	else if (h == 0)
		snprintf(out, len, "%d min", m);
	else
		snprintf(out, len, "%d t %d min", h, m);
}

/* "internship-ID-what@host" into out. */
static void fi_uid(struct feed *f, char *out, size_t len, int64_t id,
		   const char *what)
{
	snprintf(out, len, "internship-%lld-%s@%s", (long long)id, what,
		 f->host);
}

/* The planned days of the week of the current row of st (FI_DAY_COLUMNS)
 * as VEVENTs. */
static int fi_week(struct feed *f, sqlite3_stmt *st)
{
	char uid[320], what[16], summary[1200], hours[32], text[400];
	struct ics_event e = {0};
	struct fi_row r;
	bool employer = f->kind == SUBSCRIPTION_EMPLOYER;
	int d, min, y, m, day;

	if (fi_read(st, &r) < 0)
		return 0;
	for (d = 0; d < 5; d++) {
		min = sqlite3_column_int(st, 11 + d);
		e.date = date_add_days(r.on, d);
		if (min <= 0 || !fi_shown(f, &r, e.date, &e.cancelled))
			continue;
		feed_seen(f, r.stamp);
		date_to_civil(e.date, &y, &m, &day);
		snprintf(what, sizeof(what), "%04d%02d%02d", y, m, day);
		fi_uid(f, uid, sizeof(uid), r.id, what);
		fi_hours(min, hours, sizeof(hours));
		if (employer) {
			snprintf(text, sizeof(text), "Praktik: %s", hours);
			feed_summary(summary, sizeof(summary), e.cancelled,
				     text, NULL);
			snprintf(text, sizeof(text),
				 "%s er i praktik %s denne dag efter "
				 "optrapningsplanen.",
				 r.first_name, hours);
		} else {
			snprintf(text, sizeof(text), "Praktik hos %.300s: %s",
				 r.company, hours);
			feed_summary(summary, sizeof(summary), e.cancelled,
				     text, NULL);
			snprintf(text, sizeof(text),
				 "%s denne dag efter optrapningsplanen.",
				 hours);
		}
		e.uid = uid;
		e.stamp = r.stamp;
		e.sequence = r.sequence;
		e.all_day = true;
		e.summary = summary;
		e.location = r.place;
		e.description = text;
		if (ics_event(f->out, &e) < 0)
			return -1;
	}
	return 0;
}

/* The status meeting of the current row of st (FI_MEETING_COLUMNS). */
static int fi_meeting(struct feed *f, sqlite3_stmt *st)
{
	char uid[320], what[24], summary[1200], text[1400];
	const char *base = config_get()->base_url;
	struct ics_event e = {0};
	struct fi_row r;
	int minute;

	if (fi_read(st, &r) < 0)
		return 0;
	e.date = r.on;
	if (!fi_shown(f, &r, e.date, &e.cancelled))
		return 0;
	feed_seen(f, r.stamp);
	snprintf(what, sizeof(what), "meeting-%d", sqlite3_column_int(st, 11));
	fi_uid(f, uid, sizeof(uid), r.id, what);
	minute = sqlite3_column_int(st, 12);
	if (minute >= 0 && minute < 1440) {
		e.start_min = minute;
		e.end_min = minute + FEED_MEETING_MIN > 1440
				    ? 1440
				    : minute + FEED_MEETING_MIN;
	} else {
		e.all_day = true;
	}
	/*
	 * Who takes part is free text staff write, which may name the
	 * citizen or say more than a calendar synced to a phone or a cloud
	 * should: no feed holds it (the plan's page and the host's page
	 * show it). A staff member's calendar has a link behind a login.
	 */
	switch (f->kind) {
	case SUBSCRIPTION_STAFF:
		snprintf(text, sizeof(text), "Statusmøde i praktik hos %.300s",
			 r.company);
		feed_summary(summary, sizeof(summary), e.cancelled, text,
			     e.all_day ? "tidspunkt aftales" : NULL);
		snprintf(text, sizeof(text), "%s/internships/%lld", base,
			 (long long)r.id);
		break;
	case SUBSCRIPTION_EMPLOYER:
		feed_summary(summary, sizeof(summary), e.cancelled,
			     "Statusmøde om praktikken",
			     e.all_day ? "tidspunkt aftales" : NULL);
		snprintf(text, sizeof(text), "Praktikant: %s", r.first_name);
		break;
	default:
		feed_summary(summary, sizeof(summary), e.cancelled,
			     "Statusmøde om praktikken",
			     e.all_day ? "tidspunkt aftales" : NULL);
		text[0] = '\0';
		break;
	}
	e.uid = uid;
	e.stamp = r.stamp;
	e.sequence = r.sequence;
	e.summary = summary;
	e.location = r.place;
	e.description = text;
	return ics_event(f->out, &e);
}

int feed_internship_participant_days(struct feed *f)
{
	return feed_rows(f, &fi_sql[FI_SQL_PARTICIPANT_DAYS], fi_week);
}

int feed_internship_participant_meetings(struct feed *f)
{
	return feed_rows(f, &fi_sql[FI_SQL_PARTICIPANT_MEETINGS], fi_meeting);
}

int feed_internship_employer_days(struct feed *f)
{
	return feed_rows(f, &fi_sql[FI_SQL_EMPLOYER_DAYS], fi_week);
}

int feed_internship_employer_meetings(struct feed *f)
{
	return feed_rows(f, &fi_sql[FI_SQL_EMPLOYER_MEETINGS], fi_meeting);
}

int feed_internship_staff_meetings(struct feed *f)
{
	return feed_rows(f, &fi_sql[FI_SQL_STAFF_MEETINGS], fi_meeting);
}

/*
 * The weekly teaching day: every day of the internship on the cohort's
 * teaching weekday but public holidays, as "Fredag: undervisning", so the
 * host sees the intern is away. Only the weekday: never the course, its
 * venue or why the citizen is on it.
 */
int feed_internship_employer_teaching(struct feed *f)
{
	sqlite3_stmt *st = DB_BIND(f->db, &fi_sql[FI_SQL_EMPLOYER],
				   DB_INT(f->subject));
	char uid[320], what[32], summary[64], text[400], first[256];
	struct ics_event e = {0};
	date_t start, end, d;
	int rc, weekday, y, m, day;

	if (st == NULL)
		return -1;
	rc = db_step(f->db, st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return rc == SQLITE_DONE ? 0 : -1;
	}
	weekday = sqlite3_column_int(st, 2);
	e.sequence = sqlite3_column_int(st, 3);
	e.stamp = sqlite3_column_int64(st, 4);
	snprintf(first, sizeof(first), "%s", db_text(st, 5));
	rc = date_parse_iso(db_text(st, 0), &start) < 0 ||
	     date_parse_iso(db_text(st, 1), &end) < 0 || weekday < 1 ||
	     weekday > 5;
	sqlite3_reset(st);
	if (rc)
		return 0;
	feed_seen(f, e.stamp);
	snprintf(summary, sizeof(summary), "%s: undervisning",
		 date_weekday_name(weekday));
	/* The weekday names are ASCII at their start: capitalised. */
	if (summary[0] >= 'a' && summary[0] <= 'z')
		summary[0] = (char)(summary[0] - 'a' + 'A');
	snprintf(text, sizeof(text),
		 "%s er til undervisning denne dag og ikke på arbejdspladsen.",
		 first);
	e.all_day = true;
	e.summary = summary;
	e.description = text;
	e.uid = uid;
	d = date_add_days(start, (weekday - date_weekday(start) + 7) % 7);
	for (; d <= end; d = date_add_days(d, 7)) {
		if (holiday_is(d, false, NULL))
			continue;
		date_to_civil(d, &y, &m, &day);
		snprintf(what, sizeof(what), "teaching-%04d%02d%02d", y, m,
			 day);
		fi_uid(f, uid, sizeof(uid), f->subject, what);
		e.date = d;
		if (ics_event(f->out, &e) < 0)
			return -1;
	}
	return 0;
}

int feed_internship_employer_name(struct feed *f, char *name, size_t len)
{
	sqlite3_stmt *st = DB_BIND(f->db, &fi_sql[FI_SQL_EMPLOYER],
				   DB_INT(f->subject));
	int rc;

	snprintf(name, len, "Praktikant");
	if (st == NULL)
		return -1;
	rc = db_step(f->db, st);
	if (rc == SQLITE_ROW) {
		snprintf(name, len, "Praktikant: %s", db_text(st, 5));
		feed_seen(f, sqlite3_column_int64(st, 4));
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}
