/*
 * attendance_mark: a day's marks checked against the roster the
 * transaction sees and written with their history, audit rows, the
 * "taken" row, the flags and the same-day mail.
 */
#include "attendance_mark.h"

#include "actor.h"
#include "attendance.h"
#include "attendance_flag.h"
#include "audit.h"
#include "config.h"
#include "db.h"
#include "form.h"
#include "log.h"
#include "outbox.h"
#include "participant.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum attendance_mark_sql {
	AM_SQL_INSERT,
	AM_SQL_HISTORY,
	AM_SQL_UPDATE,
	AM_SQL_TAKEN_SET,
	AM_SQL_EMAILS,
	AM_SQL__MAX
};

static const struct db_sql attendance_mark_sql[AM_SQL__MAX] = {
	[AM_SQL_INSERT] = {"INSERT INTO attendance (day_id, participant_id, "
			   "status, minutes, note_enc, version, at, actor_id) "
			   "VALUES (?1, ?2, ?3, ?4, ?5, 1, ?6, ?7)",
			   "iitiSiI"},
	/* The mark as it was, before a correction overwrites it. */
	[AM_SQL_HISTORY] = {"INSERT INTO attendance_change (day_id, "
			    "participant_id, version, status, minutes, "
			    "note_enc, at, actor_id, changed_at, changed_by) "
			    "SELECT day_id, participant_id, version, status, "
			    "minutes, note_enc, at, actor_id, ?3, ?4 FROM "
			    "attendance WHERE day_id = ?1 AND participant_id = "
			    "?2",
			    "iiiI"},
	[AM_SQL_UPDATE] = {"UPDATE attendance SET status = ?3, minutes = ?4, "
			   "note_enc = ?5, version = version + 1, at = ?6, "
			   "actor_id = ?7 WHERE day_id = ?1 AND "
			   "participant_id = ?2",
			   "iitiSiI"},
	[AM_SQL_TAKEN_SET] = {"INSERT INTO attendance_taken (day_id, "
			      "first_at, last_at, actor_id) VALUES (?1, ?2, "
			      "?2, ?3) ON CONFLICT (day_id) DO UPDATE SET "
			      "last_at = excluded.last_at, actor_id = "
			      "excluded.actor_id",
			      "iiI"},
	[AM_SQL_EMAILS] = {"SELECT DISTINCT lower(email) FROM user WHERE id "
			   "IN (?1, ?2) AND active ORDER BY 1",
			   "ii"},
};

/* A save in the making: the day and roster the transaction sees, the marks
 * (those given, then the rest's), and which mark each line got. */
struct am_save {
	const struct actor *a;
	struct attendance_day d;
	struct attendance_roster ro;
	struct attendance_mark *marks;
	size_t n;
	long *given; /* per roster line: index in marks, or -1 */
	bool mailed;
	struct participant subject; /* the audit rows' (its id only) */
};

static int am_refuse(struct form_invalid *bad, long *bad_mark, long index,
		     const char *field, const char *message)
{
	*bad_mark = index;
	bad->field = field;
	snprintf(bad->message, sizeof(bad->message), "%s", message);
	return RESULT_INVALID;
}

/* At most ATTENDANCE_NOTE_MAX characters of text that may hold line
 * breaks and tabs but no other control characters. */
static bool am_note_ok(const char *s)
{
	const unsigned char *c;

	if (!form_utf8_valid(s, strlen(s)) ||
	    form_utf8_length(s) > ATTENDANCE_NOTE_MAX)
		return false;
	for (c = (const unsigned char *)s; *c; c++)
		if ((*c < 0x20 && *c != '\n' && *c != '\r' && *c != '\t') ||
		    *c == 0x7f)
			return false;
	return true;
}

static const char am_future[] = "Dagen er ikke kommet endnu: kun afbud kan "
				"registreres på forhånd.";

/* Checks mark i against the day and its roster. */
static int am_check_mark(struct am_save *s, long i, long *bad_mark,
			 struct form_invalid *bad)
{
	const struct attendance_mark *m = &s->marks[i];
	const struct attendance_line *l;
	int length = s->d.end - s->d.start;
	char msg[160];
	size_t li;

	for (li = 0; li < s->ro.n && s->ro.lines[li].pid != m->participant_id;
	     li++)
		;
	if (li == s->ro.n)
		return am_refuse(bad, bad_mark, i, "participant_id",
				 "Deltageren er ikke på holdet.");
	l = &s->ro.lines[li];
	if (!l->enrolled)
		return am_refuse(bad, bad_mark, i, "participant_id",
				 "Deltageren var ikke indskrevet den dag.");
	if (s->given[li] >= 0)
		return am_refuse(bad, bad_mark, i, "participant_id",
				 "Deltageren er markeret to gange.");
	s->given[li] = i;
	if (m->status < 0 || m->status >= ATTENDANCE_STATUS__MAX)
		return am_refuse(bad, bad_mark, i, "status", "Ukendt status.");
	if (attendance_day_future(&s->d) && m->status != ATTENDANCE_ANNOUNCED)
		return am_refuse(bad, bad_mark, i, "status", am_future);
	if (m->minutes < 0)
		return am_refuse(bad, bad_mark, i, "minutes",
				 "Minutter skal være et helt tal, 0 eller "
				 "mere.");
	if (m->minutes > length) {
		snprintf(msg, sizeof(msg), "Dagen varer kun %d minutter.",
			 length);
		return am_refuse(bad, bad_mark, i, "minutes", msg);
	}
	if (attendance_status_has_minutes(m->status) && m->minutes < 1)
		return am_refuse(bad, bad_mark, i, "minutes",
				 m->status == ATTENDANCE_LATE
					 ? "Skriv hvor mange minutter for "
					   "sent."
					 : "Skriv hvor mange minutter før "
					   "tid.");
	if (!am_note_ok(m->note))
		return am_refuse(bad, bad_mark, i, "note",
				 "Noten må højst være 500 tegn.");
	return RESULT_OK;
}

/* Checks the whole save and adds the rest's marks when rest says so. */
static int am_check(struct am_save *s, bool rest, long *bad_mark,
		    struct form_invalid *bad)
{
	struct attendance_mark *m;
	size_t i, given = s->n;
	int rc;

	if (attendance_day_cancelled(&s->d))
		return am_refuse(bad, bad_mark, -1, NULL,
				 "Dagen er aflyst, så der registreres ikke "
				 "fremmøde.");
	for (i = 0; i < given; i++) {
		rc = am_check_mark(s, (long)i, bad_mark, bad);
		if (rc != RESULT_OK)
			return rc;
	}
	if (!rest)
		return RESULT_OK;
	if (attendance_day_future(&s->d))
		return am_refuse(bad, bad_mark, -1, NULL, am_future);
	/* The rest: present, or announced when absence was announced. */
	for (i = 0; i < s->ro.n; i++) {
		const struct attendance_line *l = &s->ro.lines[i];

		if (!l->enrolled || l->marked || s->given[i] >= 0)
			continue;
		m = &s->marks[s->n];
		memset(m, 0, sizeof(*m));
		m->participant_id = l->pid;
		m->status = l->notice ? ATTENDANCE_ANNOUNCED
				      : ATTENDANCE_PRESENT;
		m->note = "";
		s->given[i] = (long)s->n++;
	}
	return RESULT_OK;
}

/* Queues the same-day mail about l to its caseworker and mentor, each
 * once: no name, no CPR, no reason, only a link. 0 or -1. */
static int am_mail(struct db *w, const struct attendance_day *d,
		   const struct attendance_line *l)
{
	sqlite3_stmt *st = DB_BIND(w, &attendance_mark_sql[AM_SQL_EMAILS],
				   DB_INT(l->caseworker_id),
				   DB_INT(l->mentor_id));
	char body[1024], da[DATE_DA_LEN], when[DATE_DA_LEN + 16];
	int rc;

	if (st == NULL)
		return -1;
	date_format_da(d->date, da, sizeof(da));
	if (d->date == date_today())
		snprintf(when, sizeof(when), "i dag, %s", da);
	else
		snprintf(when, sizeof(when), "%s", da);
	snprintf(body, sizeof(body),
		 "En deltager på et af dine hold var fraværende uden afbud "
		 "%s.\n\nSe mere: %s/participants/%lld\n",
		 when, config_get()->base_url, (long long)l->pid);
	/* An address the outbox refuses must not stop the marking: the
	 * marks matter more than one mail, and the log says it happened. */
	while ((rc = db_step(w, st)) == SQLITE_ROW)
		if (outbox_queue(w, db_text(st, 0), "absence",
				 "Fravær uden afbud", body) < 0)
			log_warn("attendance: an absence mail for day %lld "
				 "was not queued",
				 (long long)d->id);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int am_write_mark(struct db *w, const struct am_save *s,
			 const struct attendance_line *l,
			 const struct attendance_mark *m, int minutes)
{
	int64_t now = (int64_t)time(NULL);

	if (l->marked &&
	    DB_RUN(w, &attendance_mark_sql[AM_SQL_HISTORY], DB_INT(s->d.id),
		   DB_INT(l->pid), DB_INT(now), DB_ID(s->a->user_id)) != DB_OK)
		return -1;
	return DB_RUN(w,
		      &attendance_mark_sql[l->marked ? AM_SQL_UPDATE
						     : AM_SQL_INSERT],
		      DB_INT(s->d.id), DB_INT(l->pid),
		      DB_TEXT(attendance_status_names[m->status]),
		      DB_INT(minutes), DB_SEALED(m->note), DB_INT(now),
		      DB_ID(s->a->user_id)) == DB_OK
		       ? 0
		       : -1;
}

/* Writes one mark when it changes anything, with its audit row and, when
 * it makes someone absent without notice, the mail. 0 or -1. */
static int am_save_line(struct db *w, struct am_save *s,
			const struct attendance_line *l,
			const struct attendance_mark *m)
{
	int minutes = attendance_status_has_minutes(m->status) ? (int)m->minutes
							       : 0;
	char detail[64];

	if (l->marked && (int)l->status == m->status && l->minutes == minutes &&
	    strcmp(l->note, m->note) == 0)
		return 0;
	if (am_write_mark(w, s, l, m, minutes) < 0)
		return -1;
	/* The day and version only: the status may say "sick". */
	snprintf(detail, sizeof(detail), "kursusdag %lld, version %d",
		 (long long)s->d.id, l->marked ? l->version + 1 : 1);
	s->subject.id = l->pid;
	s->subject.cohort_id = s->d.cohort_id;
	if (participant_audit_write(
		    w, s->a,
		    l->marked ? AUDIT_PARTICIPANT_ATTENDANCE_CORRECT
			      : AUDIT_PARTICIPANT_ATTENDANCE_MARK,
		    &s->subject, NULL, detail) < 0)
		return -1;
	if (m->status != ATTENDANCE_ABSENT ||
	    (l->marked && l->status == ATTENDANCE_ABSENT))
		return 0;
	s->mailed = true;
	return am_mail(w, &s->d, l);
}

/* Writes the checked marks; the day counts as taken once everyone
 * enrolled on it has a mark (also when no one is). */
static int am_write(struct db *w, struct am_save *s)
{
	bool complete = true;
	size_t i;

	for (i = 0; i < s->ro.n; i++) {
		const struct attendance_line *l = &s->ro.lines[i];

		if (s->given[i] >= 0 &&
		    am_save_line(w, s, l, &s->marks[s->given[i]]) < 0)
			return RESULT_FAILED;
		if (l->enrolled && !l->marked && s->given[i] < 0)
			complete = false;
	}
	if (complete && !attendance_day_future(&s->d) &&
	    DB_RUN(w, &attendance_mark_sql[AM_SQL_TAKEN_SET], DB_INT(s->d.id),
		   DB_INT((int64_t)time(NULL)), DB_ID(s->a->user_id)) != DB_OK)
		return RESULT_FAILED;
	return attendance_flag_refresh(w, s->d.id) < 0 ? RESULT_FAILED
						       : RESULT_OK;
}

/* The marks of in, with room for the rest's, and a line map. */
static int am_prepare(struct am_save *s, const struct attendance_marks *in)
{
	size_t i;

	s->marks = calloc(in->n + s->ro.n + 1, sizeof(*s->marks));
	s->given = calloc(s->ro.n + 1, sizeof(*s->given));
	if (s->marks == NULL || s->given == NULL)
		return -1;
	for (i = 0; i < in->n; i++) {
		s->marks[i] = in->marks[i];
		if (s->marks[i].note == NULL)
			s->marks[i].note = "";
	}
	s->n = in->n;
	for (i = 0; i < s->ro.n; i++)
		s->given[i] = -1;
	return 0;
}

/* Checks and writes in w's open transaction. */
static int am_save(struct db *w, struct am_save *s, int64_t day_id,
		   const struct attendance_marks *in, long *bad_mark,
		   struct form_invalid *bad)
{
	int rc = attendance_day_get(w, s->a, day_id, &s->d);

	if (rc)
		return rc > 0 ? RESULT_NOT_FOUND : RESULT_FAILED;
	if (!s->d.may_mark) {
		bad->field = NULL;
		snprintf(bad->message, sizeof(bad->message), "%s",
			 attendance_mark_refused);
		return RESULT_REFUSED;
	}
	if (attendance_roster_get(w, &s->d, &s->ro) != 0 ||
	    am_prepare(s, in) < 0)
		return RESULT_FAILED;
	rc = am_check(s, in->rest_present, bad_mark, bad);
	return rc == RESULT_OK ? am_write(w, s) : rc;
}

int attendance_mark_day(struct db *w, const struct actor *a, int64_t day_id,
			const struct attendance_marks *in, long *bad_mark,
			struct form_invalid *bad)
{
	struct am_save *s;
	int rc;

	*bad_mark = -1;
	bad->field = NULL;
	bad->message[0] = '\0';
	if (in->n > ATTENDANCE_ITEMS_MAX)
		return am_refuse(bad, bad_mark, -1, NULL,
				 "For mange markeringer på én gang.");
	s = calloc(1, sizeof(*s));
	if (s == NULL)
		return RESULT_FAILED;
	s->a = a;
	rc = db_begin(w) < 0
		     ? RESULT_FAILED
		     : db_finish(w, am_save(w, s, day_id, in, bad_mark, bad));
	if (rc == RESULT_OK && s->mailed)
		outbox_wake();
	attendance_roster_free(&s->ro);
	free(s->marks);
	free(s->given);
	free(s);
	return rc;
}
