/*
 * attendance: marking a course day. One path (attendance_save) checks the
 * page's or the API's marks against the day and its roster and writes
 * them in one transaction with the corrections' history, the audit rows,
 * the day's "taken" row, the follow-up flags and the same-day mail; and
 * absence announced ahead, which the day page shows pre-filled.
 */
#include "attendance.h"

#include "attendance_stats.h"
#include "audit.h"
#include "cohort.h"
#include "config.h"
#include "day.h"
#include "day_view.h"
#include "db.h"
#include "http.h"
#include "log.h"
#include "outbox.h"
#include "participant.h"
#include "participant_load.h"
#include "secret.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const attendance_status_names[ATTENDANCE_STATUS__MAX + 1] = {
	"present", "late", "left_early", "announced", "sick", "absent", NULL,
};

static const char *const attendance_status_labels[ATTENDANCE_STATUS__MAX] = {
	"Til stede",   "For sent", "Gået tidligt",
	"Meldt afbud", "Syg",      "Fravær uden afbud",
};

const char *attendance_status_label(enum attendance_status s)
{
	return (unsigned)s < ATTENDANCE_STATUS__MAX
		       ? attendance_status_labels[s]
		       : "";
}

int attendance_status_parse(const char *name)
{
	int i;

	for (i = 0; name && i < ATTENDANCE_STATUS__MAX; i++)
		if (strcmp(name, attendance_status_names[i]) == 0)
			return i;
	return -1;
}

bool attendance_status_has_minutes(enum attendance_status s)
{
	return s == ATTENDANCE_LATE || s == ATTENDANCE_LEFT_EARLY;
}

bool attendance_enrolled(date_t started_on, date_t ended_on, date_t day)
{
	return started_on != 0 && started_on <= day &&
	       (ended_on == 0 || day <= ended_on);
}

/* Most marks one save takes (a cohort has at most 16 places; the rest
 * is room for those who left and were replaced). */
#define ATTENDANCE_ITEMS_MAX 200
/* Longest absence announced ahead, in days, and how many a page lists. */
#define ATTENDANCE_NOTICE_DAYS 60
#define ATTENDANCE_NOTICE_LIST 100

enum attendance_sql {
	ATT_SQL_DAY,
	ATT_SQL_STAFF,
	ATT_SQL_ROSTER,
	ATT_SQL_TAKEN,
	ATT_SQL_INSERT,
	ATT_SQL_HISTORY,
	ATT_SQL_UPDATE,
	ATT_SQL_TAKEN_SET,
	ATT_SQL_EMAILS,
	ATT_SQL_TODAY,
	ATT_SQL_NOTICE_ADD,
	ATT_SQL_NOTICE_GET,
	ATT_SQL_NOTICE_OVERLAP,
	ATT_SQL_NOTICE_WITHDRAW,
	ATT_SQL_NOTICE_LIST,
	ATT_SQL_NOTICE_CURRENT,
	ATT_SQL__MAX
};

#define ATT_NOTICE_COLUMNS                                                   \
	"n.id, n.participant_id, n.first_date, n.last_date, n.comment_enc, " \
	"n.actor, n.created_at, coalesce(n.withdrawn_at, 0), "              \
	"coalesce(u.email, '') FROM absence_notice n LEFT JOIN user u ON "   \
	"u.id = n.withdrawn_by "

static const char *const attendance_sql[ATT_SQL__MAX] = {
	[ATT_SQL_DAY] =
		"SELECT d.id, d.cohort_id, d.date, d.start_min, d.end_min, "
		"d.kind, d.status, d.title, c.name, c.job_centre_id, "
		"c.provider_id, c.state FROM course_day d JOIN cohort c ON c.id "
		"= d.cohort_id WHERE d.id = ?1",
	[ATT_SQL_STAFF] = "SELECT count(*) FROM cohort_staff WHERE cohort_id = "
			  "?1 AND user_id = ?2 AND role = ?3",
	/* Everyone of the cohort who has started, with the day's mark and
	 * the absence announced ahead that covers the day (?2 day, ?3 its
	 * date); whether each is enrolled that day is decided in C. */
	[ATT_SQL_ROSTER] =
		"SELECT p.id, p.name, p.started_on, coalesce(p.ended_on, ''), "
		"p.caseworker_id, coalesce(p.mentor_id, 0), a.status, "
		"coalesce(a.minutes, 0), a.note_enc, coalesce(a.version, 0), "
		"coalesce(n.id, 0), coalesce(n.first_date, ''), "
		"coalesce(n.last_date, ''), n.comment_enc FROM participant p "
		"LEFT JOIN attendance a ON a.day_id = ?2 AND a.participant_id = "
		"p.id LEFT JOIN absence_notice n ON n.id = (SELECT max(x.id) "
		"FROM absence_notice x WHERE x.participant_id = p.id AND "
		"x.withdrawn_at IS NULL AND x.first_date <= ?3 AND x.last_date "
		">= ?3) WHERE p.cohort_id = ?1 AND p.started_on IS NOT NULL AND "
		"p.status IN ('started', 'completed', 'dropped_out', "
		"'re_referred') ORDER BY p.name COLLATE NOCASE, p.id LIMIT 200",
	[ATT_SQL_TAKEN] = "SELECT count(*) FROM attendance_taken WHERE day_id = "
			  "?1",
	[ATT_SQL_INSERT] =
		"INSERT INTO attendance (day_id, participant_id, status, "
		"minutes, note_enc, version, at, actor_id) VALUES (?1, ?2, ?3, "
		"?4, ?5, 1, ?6, ?7)",
	/* The mark as it was, before a correction overwrites it. */
	[ATT_SQL_HISTORY] =
		"INSERT INTO attendance_change (day_id, participant_id, "
		"version, status, minutes, note_enc, at, actor_id, changed_at, "
		"changed_by) SELECT day_id, participant_id, version, status, "
		"minutes, note_enc, at, actor_id, ?3, ?4 FROM attendance WHERE "
		"day_id = ?1 AND participant_id = ?2",
	[ATT_SQL_UPDATE] =
		"UPDATE attendance SET status = ?3, minutes = ?4, note_enc = "
		"?5, version = version + 1, at = ?6, actor_id = ?7 WHERE day_id "
		"= ?1 AND participant_id = ?2",
	[ATT_SQL_TAKEN_SET] =
		"INSERT INTO attendance_taken (day_id, first_at, last_at, "
		"actor_id) VALUES (?1, ?2, ?2, ?3) ON CONFLICT (day_id) DO "
		"UPDATE SET last_at = excluded.last_at, actor_id = "
		"excluded.actor_id",
	[ATT_SQL_EMAILS] = "SELECT DISTINCT lower(email) FROM user WHERE id IN "
			   "(?1, ?2) AND active ORDER BY 1",
	/* ?1 today, ?2 user, ?3 role, ?4 organisation. */
	[ATT_SQL_TODAY] =
		"SELECT d.id, d.start_min, d.end_min, d.kind, c.id, c.name, "
		"EXISTS (SELECT 1 FROM attendance_taken t WHERE t.day_id = "
		"d.id) FROM course_day d JOIN cohort c ON c.id = d.cohort_id "
		"WHERE d.date = ?1 AND d.status != 'cancelled' AND c.state != "
		"'cancelled' AND (EXISTS (SELECT 1 FROM cohort_staff s WHERE "
		"s.cohort_id = c.id AND s.user_id = ?2 AND s.role = ?3) OR (?3 "
		"= 'project_leader' AND ?4 IN (c.job_centre_id, "
		"c.provider_id))) ORDER BY d.start_min, c.name, d.id LIMIT 50",
	[ATT_SQL_NOTICE_ADD] =
		"INSERT INTO absence_notice (participant_id, first_date, "
		"last_date, comment_enc, created_at, actor_id, actor) VALUES "
		"(?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[ATT_SQL_NOTICE_GET] = "SELECT " ATT_NOTICE_COLUMNS "WHERE n.id = ?1",
	[ATT_SQL_NOTICE_OVERLAP] =
		"SELECT count(*) FROM absence_notice WHERE participant_id = ?1 "
		"AND withdrawn_at IS NULL AND first_date <= ?3 AND last_date >= "
		"?2",
	[ATT_SQL_NOTICE_WITHDRAW] =
		"UPDATE absence_notice SET withdrawn_at = ?2, withdrawn_by = ?3 "
		"WHERE id = ?1 AND withdrawn_at IS NULL",
	[ATT_SQL_NOTICE_LIST] = "SELECT " ATT_NOTICE_COLUMNS
				"WHERE n.participant_id = ?1 ORDER BY "
				"n.first_date DESC, n.id DESC LIMIT 100",
	[ATT_SQL_NOTICE_CURRENT] =
		"SELECT id, first_date, last_date, actor FROM absence_notice "
		"WHERE participant_id = ?1 AND withdrawn_at IS NULL AND "
		"last_date >= ?2 ORDER BY first_date, id LIMIT 20",
};

/* Small helpers. */

static date_t attendance_date(sqlite3_stmt *st, int col)
{
	date_t d = 0;

	if (date_parse_iso(db_text(st, col), &d) < 0)
		d = 0;
	return d;
}

static void attendance_bind_date(sqlite3_stmt *st, int i, date_t d)
{
	char iso[DATE_ISO_LEN + 1];

	date_format_iso(d, iso);
	sqlite3_bind_text(st, i, iso, -1, SQLITE_TRANSIENT);
}

/* The first column of sql's first row with ?1..?3 bound (b may be 0 and
 * c NULL: left unbound), or -1. */
static int64_t attendance_count(struct db *db, enum attendance_sql which,
				int64_t a, int64_t b, const char *c)
{
	sqlite3_stmt *st = db_stmt(db, attendance_sql[which]);
	int64_t n = -1;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, a);
	if (b)
		sqlite3_bind_int64(st, 2, b);
	if (c)
		sqlite3_bind_text(st, 3, c, -1, SQLITE_STATIC);
	if (db_step(db, st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return n;
}

/* A participant carrying only its id, for participant_audit. */
static void attendance_subject(struct participant *p, int64_t id,
			       int64_t cohort)
{
	memset(p, 0, sizeof(*p));
	p->id = id;
	p->cohort_id = cohort;
}

/* A note or comment: at most ATTENDANCE_NOTE_MAX characters of text that
 * may hold line breaks and tabs but no other control characters. */
static bool attendance_note_ok(const char *s)
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

/* The day. */

struct attendance_day {
	int64_t id, cohort_id;
	date_t date;
	int start, end;
	char kind[24], status[12];
	char title[801];
	char cohort[COHORT_TEXT(200)];
	int64_t job_centre_id, provider_id;
	char cohort_state[16];
};

static void attendance_day_read(sqlite3_stmt *st, void *out)
{
	struct attendance_day *d = out;

	memset(d, 0, sizeof(*d));
	d->id = sqlite3_column_int64(st, 0);
	d->cohort_id = sqlite3_column_int64(st, 1);
	d->date = attendance_date(st, 2);
	d->start = sqlite3_column_int(st, 3);
	d->end = sqlite3_column_int(st, 4);
	snprintf(d->kind, sizeof(d->kind), "%s", db_text(st, 5));
	snprintf(d->status, sizeof(d->status), "%s", db_text(st, 6));
	snprintf(d->title, sizeof(d->title), "%s", db_text(st, 7));
	snprintf(d->cohort, sizeof(d->cohort), "%s", db_text(st, 8));
	d->job_centre_id = sqlite3_column_int64(st, 9);
	d->provider_id = sqlite3_column_int64(st, 10);
	snprintf(d->cohort_state, sizeof(d->cohort_state), "%s",
		 db_text(st, 11));
}

/* 0 found, 1 not, -1 error. */
static int attendance_day_get(struct db *db, int64_t id,
			      struct attendance_day *d)
{
	return db_row_by_id(db, attendance_sql[ATT_SQL_DAY], id,
			    attendance_day_read, d);
}

static bool attendance_day_cancelled(const struct attendance_day *d)
{
	return strcmp(d->status, "cancelled") == 0 ||
	       strcmp(d->cohort_state, "cancelled") == 0;
}

/*
 * May s mark day d? The cohort's instructors, and its project leaders:
 * those of its job centre or provider and those on its staff. 1 yes, 0
 * no, -1 error.
 */
static int attendance_may_mark(struct db *db, const struct session *s,
			       const struct attendance_day *d)
{
	int64_t n;

	if (s->role == ROLE_PROJECT_LEADER &&
	    (s->organisation_id == d->job_centre_id ||
	     s->organisation_id == d->provider_id))
		return 1;
	if (s->role != ROLE_INSTRUCTOR && s->role != ROLE_PROJECT_LEADER)
		return 0;
	n = attendance_count(db, ATT_SQL_STAFF, d->cohort_id, s->user_id,
			     role_name(s->role));
	return n < 0 ? -1 : n > 0;
}

/* Loads the path's day for someone who may mark it. 0, or the 404, 403
 * or 500 already sent. The day is no secret (its cohort's name is), so
 * staff who may not mark it hear 403 whichever cohort it is. */
static int attendance_day_load(struct req *r, struct attendance_day *d)
{
	int rc = attendance_day_get(r->db, r->params[0], d);
	struct cohort c;
	struct actor a;

	if (rc)
		return http_error(r, rc > 0 ? 404 : 500, NULL);
	/* A day of a cohort the user does not see is not there, as an
	 * unknown day is not; seen but not theirs to mark is a 403. */
	a = http_actor(r);
	rc = cohort_get(r->db, &a, d->cohort_id, &c);
	if (rc)
		return http_error(r, rc > 0 ? 404 : 500, NULL);
	rc = attendance_may_mark(r->db, r->session, d);
	if (rc < 0)
		return http_error(r, 500, NULL);
	if (rc == 0)
		return http_error(r, 403, "Kun holdets undervisere og "
					  "projektledere registrerer "
					  "fremmøde.");
	return 0;
}

/* The roster. */

struct attendance_line {
	int64_t pid, caseworker_id, mentor_id;
	char name[PARTICIPANT_TEXT(PARTICIPANT_NAME_MAX)];
	date_t started_on, ended_on;
	bool enrolled;
	/* The saved mark. */
	bool marked;
	enum attendance_status status;
	int minutes, version;
	char *note; /* secret_free; "" for none */
	/* Absence announced ahead that covers the day (notice 0: none). */
	int64_t notice;
	date_t notice_first, notice_last;
	char *comment; /* secret_free; "" for none */
	/* What a save sent for it (index into the input), -1: nothing. */
	int given;
};

struct attendance_roster {
	struct attendance_line *lines;
	size_t n;
	bool taken;
};

static void attendance_roster_free(struct attendance_roster *ro)
{
	size_t i;

	for (i = 0; i < ro->n; i++) {
		secret_free(ro->lines[i].note);
		secret_free(ro->lines[i].comment);
	}
	free(ro->lines);
	memset(ro, 0, sizeof(*ro));
}

static int attendance_line_read(sqlite3_stmt *st, const struct attendance_day *d,
				struct attendance_line *l)
{
	int s;

	memset(l, 0, sizeof(*l));
	l->given = -1;
	l->pid = sqlite3_column_int64(st, 0);
	snprintf(l->name, sizeof(l->name), "%s", db_text(st, 1));
	l->started_on = attendance_date(st, 2);
	l->ended_on = attendance_date(st, 3);
	l->caseworker_id = sqlite3_column_int64(st, 4);
	l->mentor_id = sqlite3_column_int64(st, 5);
	l->enrolled = attendance_enrolled(l->started_on, l->ended_on, d->date);
	s = attendance_status_parse(db_text(st, 6));
	l->marked = s >= 0;
	l->status = s >= 0 ? (enum attendance_status)s : ATTENDANCE_PRESENT;
	l->minutes = sqlite3_column_int(st, 7);
	l->note = secret_column(st, 8);
	l->version = sqlite3_column_int(st, 9);
	l->notice = sqlite3_column_int64(st, 10);
	l->notice_first = attendance_date(st, 11);
	l->notice_last = attendance_date(st, 12);
	l->comment = secret_column(st, 13);
	return l->note && l->comment ? 0 : -1;
}

/* The day's roster and marks through db (the writer inside a save). */
static int attendance_roster_load(struct db *db, const struct attendance_day *d,
				  struct attendance_roster *ro)
{
	sqlite3_stmt *st = db_stmt(db, attendance_sql[ATT_SQL_ROSTER]);
	struct attendance_line *grown;
	size_t cap = 0;
	int rc;

	memset(ro, 0, sizeof(*ro));
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, d->cohort_id);
	sqlite3_bind_int64(st, 2, d->id);
	attendance_bind_date(st, 3, d->date);
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		if (ro->n == cap) {
			cap = cap ? cap * 2 : 16;
			grown = realloc(ro->lines, cap * sizeof(*grown));
			if (grown == NULL) {
				rc = SQLITE_NOMEM;
				break;
			}
			ro->lines = grown;
		}
		if (attendance_line_read(st, d, &ro->lines[ro->n++]) < 0) {
			rc = SQLITE_ERROR;
			break;
		}
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE) {
		int64_t taken = attendance_count(db, ATT_SQL_TAKEN, d->id, 0,
						 NULL);

		ro->taken = taken > 0;
		if (taken >= 0)
			return 0;
	}
	attendance_roster_free(ro);
	return -1;
}

static struct attendance_line *attendance_find(struct attendance_roster *ro,
					       int64_t pid)
{
	size_t i;

	for (i = 0; i < ro->n; i++)
		if (ro->lines[i].pid == pid)
			return &ro->lines[i];
	return NULL;
}

/* What a save sends: one mark per participant, from the page's form or
 * the API's list. Strings belong to the request. */

struct attendance_mark {
	int64_t pid;
	int status; /* enum attendance_status, or -1 unknown */
	long minutes;
	bool bad_minutes; /* not a whole number */
	const char *minutes_text; /* as typed on the page, for a re-render */
	const char *note;         /* "" for none */
};

struct attendance_input {
	struct attendance_mark *marks;
	size_t n, cap;
	bool rest_present; /* mark everyone else enrolled and unmarked */
};

static void attendance_input_free(struct attendance_input *in)
{
	free(in->marks);
	memset(in, 0, sizeof(*in));
}

static struct attendance_mark *attendance_input_add(struct attendance_input *in)
{
	struct attendance_mark *grown;

	if (in->n == in->cap) {
		in->cap = in->cap ? in->cap * 2 : 16;
		grown = realloc(in->marks, in->cap * sizeof(*grown));
		if (grown == NULL)
			return NULL;
		in->marks = grown;
	}
	memset(&in->marks[in->n], 0, sizeof(in->marks[0]));
	in->marks[in->n].note = "";
	in->marks[in->n].minutes_text = "";
	return &in->marks[in->n++];
}

/* Why a save was refused: which mark (-1: the whole save) and field. */
struct attendance_problem {
	int index;
	const char *field;
	char message[256];
};

static int attendance_refuse(struct attendance_problem *pb, int index,
			     const char *field, const char *message)
{
	pb->index = index;
	pb->field = field;
	snprintf(pb->message, sizeof(pb->message), "%s", message);
	return 422;
}

/* A whole number of minutes as typed ("" is 0). 0 or -1. */
static int attendance_minutes_parse(const char *s, long *out)
{
	char *end;
	long v;

	while (*s == ' ')
		s++;
	if (*s == '\0') {
		*out = 0;
		return 0;
	}
	if (strlen(s) > 9)
		return -1;
	v = strtol(s, &end, 10);
	while (*end == ' ')
		end++;
	if (end == s || *end != '\0')
		return -1;
	*out = v;
	return 0;
}

/*
 * The page's form: status_<participant> (a radio group per line),
 * minutes_<participant>, note_<participant>, and rest=present to mark
 * the rest present. 0, or 422 with *pb.
 */
static int attendance_form_read(const struct form *f, struct attendance_input *in,
				struct attendance_problem *pb)
{
	char name[48];
	const char *rest = form_get(f, "rest");
	size_t i;

	in->rest_present = rest && strcmp(rest, "present") == 0;
	for (i = 0; i < f->n; i++) {
		const struct form_field *ff = &f->fields[i];
		struct attendance_mark *m;
		const char *v;
		char *end;
		long long pid;

		if (strncmp(ff->name, "status_", 7) != 0)
			continue;
		pid = strtoll(ff->name + 7, &end, 10);
		if (end == ff->name + 7 || *end != '\0' || pid <= 0)
			return attendance_refuse(pb, -1, "status",
						 "Formularen kan ikke læses. "
						 "Genindlæs siden.");
		m = attendance_input_add(in);
		if (m == NULL)
			return 500;
		m->pid = pid;
		m->status = attendance_status_parse(ff->value);
		snprintf(name, sizeof(name), "minutes_%lld", pid);
		v = form_get(f, name);
		m->minutes_text = v ? v : "";
		m->bad_minutes =
			attendance_minutes_parse(m->minutes_text, &m->minutes) < 0;
		snprintf(name, sizeof(name), "note_%lld", pid);
		v = form_get(f, name);
		m->note = v ? v : "";
	}
	return 0;
}

/*
 * The API's body: [{"participant_id": N, "status": "...", "minutes": N,
 * "note": "..."}] (minutes and note may be left out or null). 0, or 422
 * with *pb.
 */
static int attendance_json_read(const cJSON *json, struct attendance_input *in,
				struct attendance_problem *pb)
{
	const cJSON *el, *pid, *status, *minutes, *note;
	struct attendance_mark *m;
	int i = 0;

	if (!cJSON_IsArray(json))
		return attendance_refuse(pb, -1, NULL,
					 "Send en liste af markeringer.");
	if (cJSON_GetArraySize(json) > ATTENDANCE_ITEMS_MAX)
		return attendance_refuse(pb, -1, NULL,
					 "For mange markeringer på én gang.");
	cJSON_ArrayForEach(el, json)
	{
		if (!cJSON_IsObject(el))
			return attendance_refuse(pb, i, NULL,
						 "En markering skal være et "
						 "objekt.");
		m = attendance_input_add(in);
		if (m == NULL)
			return 500;
		pid = cJSON_GetObjectItemCaseSensitive(el, "participant_id");
		status = cJSON_GetObjectItemCaseSensitive(el, "status");
		minutes = cJSON_GetObjectItemCaseSensitive(el, "minutes");
		note = cJSON_GetObjectItemCaseSensitive(el, "note");
		if (!cJSON_IsNumber(pid) || pid->valuedouble < 1 ||
		    pid->valuedouble > 9007199254740991.0 ||
		    pid->valuedouble != (double)(int64_t)pid->valuedouble)
			return attendance_refuse(pb, i, "participant_id",
						 "Angiv deltagerens id.");
		m->pid = (int64_t)pid->valuedouble;
		m->status = cJSON_IsString(status)
				    ? attendance_status_parse(status->valuestring)
				    : -1;
		if (minutes && !cJSON_IsNull(minutes)) {
			m->bad_minutes = !cJSON_IsNumber(minutes) ||
					 minutes->valuedouble < -1e6 ||
					 minutes->valuedouble > 1e6 ||
					 minutes->valuedouble !=
						 (double)(long)minutes->valuedouble;
			if (!m->bad_minutes)
				m->minutes = (long)minutes->valuedouble;
		}
		if (note && !cJSON_IsNull(note)) {
			if (!cJSON_IsString(note))
				return attendance_refuse(pb, i, "note",
							 "Noten skal være "
							 "tekst.");
			m->note = note->valuestring;
		}
		i++;
	}
	return 0;
}

/* Checks one mark against the day and its roster. 0, or 422 with *pb. */
static int attendance_check_mark(const struct attendance_day *d,
				 struct attendance_roster *ro,
				 const struct attendance_mark *m, int i,
				 struct attendance_problem *pb)
{
	struct attendance_line *l = attendance_find(ro, m->pid);
	int length = d->end - d->start;
	char msg[160];

	if (l == NULL)
		return attendance_refuse(pb, i, "participant_id",
					 "Deltageren er ikke på holdet.");
	if (!l->enrolled)
		return attendance_refuse(pb, i, "participant_id",
					 "Deltageren var ikke indskrevet "
					 "den dag.");
	if (l->given >= 0)
		return attendance_refuse(pb, i, "participant_id",
					 "Deltageren er markeret to gange.");
	l->given = i;
	if (m->status < 0)
		return attendance_refuse(pb, i, "status", "Ukendt status.");
	if (d->date > date_today() && m->status != ATTENDANCE_ANNOUNCED)
		return attendance_refuse(pb, i, "status",
					 "Dagen er ikke kommet endnu: kun "
					 "afbud kan registreres på forhånd.");
	if (m->bad_minutes || m->minutes < 0)
		return attendance_refuse(pb, i, "minutes",
					 "Minutter skal være et helt tal, 0 "
					 "eller mere.");
	if (m->minutes > length) {
		snprintf(msg, sizeof(msg),
			 "Dagen varer kun %d minutter.", length);
		return attendance_refuse(pb, i, "minutes", msg);
	}
	if (attendance_status_has_minutes(m->status) && m->minutes < 1)
		return attendance_refuse(pb, i, "minutes",
					 m->status == ATTENDANCE_LATE
						 ? "Skriv hvor mange minutter "
						   "for sent."
						 : "Skriv hvor mange minutter "
						   "før tid.");
	if (!attendance_note_ok(m->note))
		return attendance_refuse(pb, i, "note",
					 "Noten må højst være 500 tegn.");
	return 0;
}

/* Checks the whole save and adds the rest's marks. 0, 422 with *pb, or
 * 500. */
static int attendance_check(const struct attendance_day *d,
			    struct attendance_roster *ro,
			    struct attendance_input *in,
			    struct attendance_problem *pb)
{
	struct attendance_mark *m;
	size_t i, given = in->n;
	int rc;

	if (attendance_day_cancelled(d))
		return attendance_refuse(pb, -1, NULL,
					 "Dagen er aflyst, så der registreres "
					 "ikke fremmøde.");
	for (i = 0; i < given; i++) {
		rc = attendance_check_mark(d, ro, &in->marks[i], (int)i, pb);
		if (rc)
			return rc;
	}
	if (!in->rest_present)
		return 0;
	if (d->date > date_today())
		return attendance_refuse(pb, -1, NULL,
					 "Dagen er ikke kommet endnu: kun "
					 "afbud kan registreres på forhånd.");
	/* The rest: present, or announced when absence was announced. */
	for (i = 0; i < ro->n; i++) {
		struct attendance_line *l = &ro->lines[i];

		if (!l->enrolled || l->marked || l->given >= 0)
			continue;
		m = attendance_input_add(in);
		if (m == NULL)
			return 500;
		m->pid = l->pid;
		m->status = l->notice ? ATTENDANCE_ANNOUNCED
				      : ATTENDANCE_PRESENT;
		l->given = (int)(in->n - 1);
	}
	return 0;
}

/* Writing. */

/* Queues the same-day mail about l to its caseworker and mentor, each
 * once: no name, no CPR, no reason, only a link. 0 or -1. */
static int attendance_mail(struct db *w, const struct attendance_day *d,
			   const struct attendance_line *l)
{
	sqlite3_stmt *st = db_stmt(w, attendance_sql[ATT_SQL_EMAILS]);
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
	sqlite3_bind_int64(st, 1, l->caseworker_id);
	sqlite3_bind_int64(st, 2, l->mentor_id);
	/* An address the outbox refuses must not stop the marking: the
	 * marks matter more than one mail, and the log says it happened. */
	while ((rc = db_step(w, st)) == SQLITE_ROW)
		if (outbox_queue(w, db_text(st, 0), "absence",
				 "Fravær uden afbud", body) < 0)
			log_warn("attendance: an absence mail for day %lld "
				 "was not queued", (long long)d->id);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int attendance_write_mark(struct db *w, struct req *r,
				 const struct attendance_day *d,
				 const struct attendance_line *l,
				 const struct attendance_mark *m, int minutes)
{
	sqlite3_stmt *st;
	int64_t now = http_now();

	if (l->marked) {
		st = db_stmt(w, attendance_sql[ATT_SQL_HISTORY]);
		if (st == NULL)
			return -1;
		sqlite3_bind_int64(st, 1, d->id);
		sqlite3_bind_int64(st, 2, l->pid);
		sqlite3_bind_int64(st, 3, now);
		sqlite3_bind_int64(st, 4, r->session->user_id);
		if (db_exec_stmt(w, st) != DB_OK)
			return -1;
	}
	st = db_stmt(w, attendance_sql[l->marked ? ATT_SQL_UPDATE
						   : ATT_SQL_INSERT]);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, d->id);
	sqlite3_bind_int64(st, 2, l->pid);
	sqlite3_bind_text(st, 3, attendance_status_names[m->status], -1,
			  SQLITE_STATIC);
	sqlite3_bind_int(st, 4, minutes);
	if (secret_bind(st, 5, *m->note ? m->note : NULL) < 0)
		return -1;
	sqlite3_bind_int64(st, 6, now);
	sqlite3_bind_int64(st, 7, r->session->user_id);
	return db_exec_stmt(w, st) == DB_OK ? 0 : -1;
}

/* Writes one mark when it changes anything, with its audit row and, when
 * it makes someone absent without notice, the mail. 0 or -1. */
static int attendance_save_line(struct db *w, struct req *r,
				const struct attendance_day *d,
				const struct attendance_line *l,
				const struct attendance_mark *m, bool *mailed)
{
	int minutes = attendance_status_has_minutes(m->status)
			      ? (int)m->minutes
			      : 0;
	struct participant p;
	char detail[64];

	if (l->marked && (int)l->status == m->status &&
	    l->minutes == minutes && strcmp(l->note, m->note) == 0)
		return 0;
	if (attendance_write_mark(w, r, d, l, m, minutes) < 0)
		return -1;
	/* The day and version only: the status may say "sick". */
	snprintf(detail, sizeof(detail), "kursusdag %lld, version %d",
		 (long long)d->id, l->marked ? l->version + 1 : 1);
	attendance_subject(&p, l->pid, d->cohort_id);
	if (participant_audit(w, r,
			      l->marked ? "participant.attendance_correct"
					: "participant.attendance_mark",
			      &p, NULL, detail) < 0)
		return -1;
	if (m->status != ATTENDANCE_ABSENT ||
	    (l->marked && l->status == ATTENDANCE_ABSENT))
		return 0;
	*mailed = true;
	return attendance_mail(w, d, l);
}

/* Writes the checked marks; the day counts as taken once everyone
 * enrolled on it has a mark (also when no one is). 0 or -1. */
static int attendance_write(struct db *w, struct req *r,
			    const struct attendance_day *d,
			    struct attendance_roster *ro,
			    const struct attendance_input *in, bool *mailed)
{
	sqlite3_stmt *st;
	bool complete = true;
	size_t i;

	for (i = 0; i < ro->n; i++) {
		const struct attendance_line *l = &ro->lines[i];

		if (l->given >= 0 &&
		    attendance_save_line(w, r, d, l, &in->marks[l->given],
					 mailed) < 0)
			return -1;
		if (l->enrolled && !l->marked && l->given < 0)
			complete = false;
	}
	if (complete && d->date <= date_today()) {
		st = db_stmt(w, attendance_sql[ATT_SQL_TAKEN_SET]);
		if (st == NULL)
			return -1;
		sqlite3_bind_int64(st, 1, d->id);
		sqlite3_bind_int64(st, 2, http_now());
		sqlite3_bind_int64(st, 3, r->session->user_id);
		if (db_exec_stmt(w, st) != DB_OK)
			return -1;
	}
	return attendance_stats_refresh(w, d->id);
}

/*
 * Checks and saves the marks of in for day d (its id and whether r may
 * mark it are the caller's), in one transaction that reads the day and
 * roster again. 0, 422 with *pb, or 500.
 */
static int attendance_save(struct req *r, const struct attendance_day *d,
			   struct attendance_input *in,
			   struct attendance_problem *pb)
{
	struct attendance_roster ro = {0};
	struct attendance_day now;
	bool mailed = false;
	struct db *w;
	int rc = 500;

	w = db_writer_lock();
	if (db_begin(w) < 0)
		goto out;
	rc = attendance_day_get(w, d->id, &now);
	if (rc == 0)
		rc = attendance_roster_load(w, &now, &ro) < 0 ? 500 : 0;
	else
		rc = 500;
	if (rc == 0)
		rc = attendance_check(&now, &ro, in, pb);
	if (rc == 0 && (attendance_write(w, r, &now, &ro, in, &mailed) < 0 ||
			db_commit(w) < 0))
		rc = 500;
out:
	db_rollback(w);
	db_writer_unlock(w);
	attendance_roster_free(&ro);
	if (rc == 0 && mailed)
		outbox_wake();
	return rc;
}

/* Audits that r's user was shown the roster's participants. 0 or -1. */
static int attendance_audit_reads(struct req *r, const struct attendance_day *d,
				  const struct attendance_roster *ro)
{
	struct audit_entry *e;
	char (*subject)[32];
	char detail[48];
	size_t i;
	int rc = -1;

	if (ro->n == 0)
		return 0;
	e = calloc(ro->n, sizeof(*e));
	subject = calloc(ro->n, sizeof(*subject));
	snprintf(detail, sizeof(detail), "kursusdag %lld", (long long)d->id);
	if (e && subject) {
		for (i = 0; i < ro->n; i++) {
			e[i] = audit_for(r, "participant.attendance_read");
			snprintf(subject[i], sizeof(subject[i]),
				 "deltager %lld", (long long)ro->lines[i].pid);
			e[i].subject_type = "participant";
			e[i].subject_id = ro->lines[i].pid;
			e[i].subject = subject[i];
			e[i].detail = detail;
		}
		rc = audit_write_reads(e, ro->n);
	}
	free(e);
	free(subject);
	return rc;
}

/* The day page. */

static void attendance_view_day(struct view *v, const struct attendance_day *d)
{
	view_set_int(v, "id", d->id);
	view_set_int(v, "cohort_id", d->cohort_id);
	view_set(v, "cohort_name", d->cohort);
	day_view_when(v, d->date, d->start, d->end);
	view_set_int(v, "day_minutes", d->end - d->start);
	view_set(v, "kind_label", day_kind_label(d->kind));
	view_set(v, "day_title", d->title);
	view_set_bool(v, "cancelled", attendance_day_cancelled(d));
	view_set_bool(v, "future", d->date > date_today());
}

/* What a line shows: what was sent (after a refused save), else the
 * saved mark, else the absence announced ahead, else nothing (-1). */
static int attendance_shown(const struct attendance_line *l,
			    const struct attendance_input *in)
{
	if (in && l->given >= 0 && (size_t)l->given < in->n)
		return in->marks[l->given].status;
	if (l->marked)
		return (int)l->status;
	return l->notice ? ATTENDANCE_ANNOUNCED : -1;
}

static void attendance_view_choices(struct view *lv,
				    const struct attendance_day *d,
				    const struct attendance_line *l, int shown)
{
	bool future = d->date > date_today();
	int s;

	for (s = 0; s < ATTENDANCE_STATUS__MAX; s++) {
		struct view *c;

		if (future && s != ATTENDANCE_ANNOUNCED && s != shown)
			continue;
		c = view_add(lv, "choices");
		view_set_int(c, "pid", l->pid);
		view_set(c, "value", attendance_status_names[s]);
		view_set(c, "label", attendance_status_labels[s]);
		view_setf(c, "input_id", "m%lld-%s", (long long)l->pid,
			  attendance_status_names[s]);
		view_set_bool(c, "checked", s == shown);
	}
}

static void attendance_view_line(struct view *v, const struct attendance_day *d,
				 const struct attendance_line *l,
				 const struct attendance_input *in,
				 const struct attendance_problem *pb)
{
	const struct attendance_mark *m = NULL;
	char da[DATE_DA_LEN], ended[DATE_DA_LEN];
	int shown = attendance_shown(l, in);
	struct view *lv;

	if (in && l->given >= 0 && (size_t)l->given < in->n)
		m = &in->marks[l->given];
	if (!l->enrolled) {
		lv = view_add(v, "not_enrolled");
		view_set_int(lv, "pid", l->pid);
		view_set(lv, "name", l->name);
		view_set(lv, "label", ATTENDANCE_NOT_ENROLLED_LABEL);
		date_format_da_short(l->started_on, da, sizeof(da));
		view_set(lv, "started_da", da);
		if (l->ended_on) {
			date_format_da_short(l->ended_on, ended, sizeof(ended));
			view_set(lv, "ended_da", ended);
		}
		return;
	}
	lv = view_add(v, "participants");
	view_set_int(lv, "pid", l->pid);
	view_set(lv, "name", l->name);
	view_set(lv, "saved_label",
		 l->marked ? attendance_status_labels[l->status] : "");
	view_set_bool(lv, "corrected", l->version > 1);
	view_set_int(lv, "version", l->version);
	if (m)
		view_set(lv, "minutes", m->minutes_text);
	else if (l->marked && l->minutes > 0)
		view_set_int(lv, "minutes", l->minutes);
	else
		view_set(lv, "minutes", "");
	view_set(lv, "note", m ? m->note : l->note);
	view_set_bool(lv, "notice", l->notice != 0);
	view_set(lv, "notice_comment", l->comment);
	if (l->notice) {
		date_format_da_short(l->notice_first, da, sizeof(da));
		date_format_da_short(l->notice_last, ended, sizeof(ended));
		view_setf(lv, "notice_span", "%s – %s", da, ended);
	}
	view_set(lv, "line_error",
		 pb && m && pb->index == l->given ? pb->message : "");
	attendance_view_choices(lv, d, l, shown);
}

static int attendance_render(struct req *r, int status,
			     const struct attendance_day *d,
			     const struct attendance_roster *ro,
			     const struct attendance_input *in,
			     const struct attendance_problem *pb)
{
	struct view *v = view_new();
	size_t i, marked = 0, enrolled = 0;
	int rc;

	if (v == NULL)
		return http_error(r, 500, NULL);
	view_set(v, "title", "Fremmøde");
	attendance_view_day(v, d);
	view_list(v, "participants");
	view_list(v, "not_enrolled");
	for (i = 0; i < ro->n; i++) {
		attendance_view_line(v, d, &ro->lines[i], in, pb);
		enrolled += ro->lines[i].enrolled;
		marked += ro->lines[i].enrolled && ro->lines[i].marked;
	}
	view_set_bool(v, "has_not_enrolled", enrolled < ro->n);
	view_set_int(v, "enrolled", (long)enrolled);
	view_set_int(v, "marked", (long)marked);
	view_set_bool(v, "all_marked", enrolled > 0 && marked == enrolled);
	view_set_bool(v, "taken", ro->taken);
	view_set_bool(v, "saved", http_query(r, "saved") != NULL);
	view_set(v, "error", pb ? pb->message : "");
	if (view_failed(v) || attendance_audit_reads(r, d, ro) < 0)
		rc = http_error(r, 500, NULL);
	else
		rc = http_page(r, status, "attendance.html", v);
	view_free(v);
	return rc;
}

int attendance_day_page(struct req *r)
{
	struct attendance_roster ro;
	struct attendance_day d;
	int rc = attendance_day_load(r, &d);

	if (rc)
		return rc;
	if (attendance_roster_load(r->db, &d, &ro) < 0)
		return http_error(r, 500, NULL);
	rc = attendance_render(r, 200, &d, &ro, NULL, NULL);
	attendance_roster_free(&ro);
	return rc;
}

/* A refused page save: the page again with what was sent and why. */
static int attendance_rerender(struct req *r, const struct attendance_day *d,
			       const struct attendance_input *in,
			       const struct attendance_problem *pb)
{
	struct attendance_roster ro;
	struct attendance_line *l;
	size_t i;
	int rc;

	if (attendance_roster_load(r->db, d, &ro) < 0)
		return http_error(r, 500, NULL);
	for (i = 0; i < in->n; i++) {
		l = attendance_find(&ro, in->marks[i].pid);
		if (l && l->given < 0)
			l->given = (int)i;
	}
	rc = attendance_render(r, 422, d, &ro, in, pb);
	attendance_roster_free(&ro);
	return rc;
}

int attendance_day_save(struct req *r)
{
	struct attendance_input in = {0};
	struct attendance_problem pb = {-1, NULL, ""};
	struct attendance_day d;
	char loc[64];
	int rc = attendance_day_load(r, &d);

	if (rc)
		return rc;
	rc = attendance_form_read(&r->form, &in, &pb);
	if (rc == 0)
		rc = attendance_save(r, &d, &in, &pb);
	if (rc == 0) {
		snprintf(loc, sizeof(loc), "/days/%lld/attendance?saved=1",
			 (long long)d.id);
		rc = http_redirect(r, loc);
	} else if (rc == 422) {
		rc = attendance_rerender(r, &d, &in, &pb);
	} else {
		rc = http_error(r, 500, NULL);
	}
	attendance_input_free(&in);
	return rc;
}

/* The day as JSON. */

static void attendance_json_date(cJSON *o, const char *name, date_t d)
{
	char iso[DATE_ISO_LEN + 1];

	date_format_iso(d, iso);
	cJSON_AddStringToObject(o, name, iso);
}

static cJSON *attendance_json_line(const struct attendance_line *l)
{
	cJSON *o = cJSON_CreateObject(), *n;

	cJSON_AddNumberToObject(o, "participant_id", (double)l->pid);
	cJSON_AddStringToObject(o, "name", l->name);
	cJSON_AddBoolToObject(o, "enrolled", l->enrolled);
	if (l->marked) {
		cJSON_AddStringToObject(o, "status",
					attendance_status_names[l->status]);
		cJSON_AddStringToObject(o, "status_label",
					attendance_status_labels[l->status]);
		cJSON_AddNumberToObject(o, "minutes", l->minutes);
		cJSON_AddStringToObject(o, "note", l->note);
		cJSON_AddNumberToObject(o, "version", l->version);
	} else {
		cJSON_AddNullToObject(o, "status");
		cJSON_AddStringToObject(o, "status_label",
					l->enrolled
						? ""
						: ATTENDANCE_NOT_ENROLLED_LABEL);
	}
	if (l->notice) {
		n = cJSON_AddObjectToObject(o, "notice");
		cJSON_AddNumberToObject(n, "id", (double)l->notice);
		attendance_json_date(n, "first_date", l->notice_first);
		attendance_json_date(n, "last_date", l->notice_last);
		cJSON_AddStringToObject(n, "comment", l->comment);
	}
	return o;
}

static cJSON *attendance_json(const struct attendance_day *d,
			      const struct attendance_roster *ro)
{
	cJSON *root = cJSON_CreateObject(), *day, *list;
	size_t i;

	day = cJSON_AddObjectToObject(root, "day");
	cJSON_AddNumberToObject(day, "id", (double)d->id);
	cJSON_AddNumberToObject(day, "cohort_id", (double)d->cohort_id);
	day_json_when(day, d->date, d->start, d->end);
	cJSON_AddNumberToObject(day, "minutes", d->end - d->start);
	cJSON_AddStringToObject(day, "kind", d->kind);
	cJSON_AddStringToObject(day, "status", d->status);
	cJSON_AddStringToObject(day, "title", d->title);
	cJSON_AddBoolToObject(root, "taken", ro->taken);
	list = cJSON_AddArrayToObject(root, "roster");
	for (i = 0; i < ro->n; i++)
		cJSON_AddItemToArray(list, attendance_json_line(&ro->lines[i]));
	return root;
}

static int attendance_api_answer(struct req *r, const struct attendance_day *d)
{
	struct attendance_roster ro;
	cJSON *j;

	if (attendance_roster_load(r->db, d, &ro) < 0)
		return http_error(r, 500, NULL);
	j = attendance_json(d, &ro);
	if (j == NULL || attendance_audit_reads(r, d, &ro) < 0) {
		cJSON_Delete(j);
		attendance_roster_free(&ro);
		return http_error(r, 500, NULL);
	}
	attendance_roster_free(&ro);
	return http_json(r, 200, j);
}

int attendance_api_day(struct req *r)
{
	struct attendance_day d;
	int rc = attendance_day_load(r, &d);

	return rc ? rc : attendance_api_answer(r, &d);
}

int attendance_api_day_save(struct req *r)
{
	struct attendance_input in = {0};
	struct attendance_problem pb = {-1, NULL, ""};
	struct attendance_day d;
	char field[48];
	int rc = attendance_day_load(r, &d);

	if (rc)
		return rc;
	rc = attendance_json_read(r->json, &in, &pb);
	if (rc == 0)
		rc = attendance_save(r, &d, &in, &pb);
	attendance_input_free(&in);
	if (rc == 0)
		return attendance_api_answer(r, &d);
	if (rc != 422)
		return http_error(r, 500, NULL);
	if (pb.index >= 0 && pb.field)
		snprintf(field, sizeof(field), "%d.%s", pb.index, pb.field);
	else if (pb.index >= 0)
		snprintf(field, sizeof(field), "%d", pb.index);
	else
		snprintf(field, sizeof(field), "%s", pb.field ? pb.field : "");
	return http_invalid(r, *field ? field : NULL, pb.message);
}

/* The instructor's start page. */

int attendance_view_today(struct db *db, const struct req *r, struct view *v)
{
	sqlite3_stmt *st;
	enum role role = r->session->role;
	char t[6];
	int rc;

	view_list(v, "attendance_today");
	view_set_bool(v, "attendance_today_shown",
		      role == ROLE_INSTRUCTOR || role == ROLE_PROJECT_LEADER);
	if (role != ROLE_INSTRUCTOR && role != ROLE_PROJECT_LEADER)
		return 0;
	st = db_stmt(db, attendance_sql[ATT_SQL_TODAY]);
	if (st == NULL)
		return -1;
	attendance_bind_date(st, 1, date_today());
	sqlite3_bind_int64(st, 2, r->session->user_id);
	sqlite3_bind_text(st, 3, role_name(role), -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, r->session->organisation_id);
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		struct view *i = view_add(v, "attendance_today");

		view_set_int(i, "day_id", sqlite3_column_int64(st, 0));
		date_format_hhmm(sqlite3_column_int(st, 1), t);
		view_set(i, "start", t);
		date_format_hhmm(sqlite3_column_int(st, 2), t);
		view_set(i, "end", t);
		view_set(i, "kind_label", day_kind_label(db_text(st, 3)));
		view_set_int(i, "cohort_id", sqlite3_column_int64(st, 4));
		view_set(i, "cohort", db_text(st, 5));
		view_set_bool(i, "taken", sqlite3_column_int(st, 6) != 0);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Absence announced ahead. */

/* Who announces absence for p: its instructors, caseworker, mentor and
 * project leaders (enterprise consultants do not). */
static bool attendance_may_announce(const struct req *r,
				    const struct participant *p)
{
	switch (r->session->role) {
	case ROLE_PROJECT_LEADER:
	case ROLE_CASEWORKER:
		return p->access == PARTICIPANT_ACCESS_FULL;
	case ROLE_INSTRUCTOR:
		return p->access >= PARTICIPANT_ACCESS_HEALTH;
	case ROLE_MENTOR:
		return p->mentor_id == r->session->user_id;
	default:
		return false;
	}
}

struct attendance_notice {
	int64_t id, pid;
	date_t first, last;
	char *comment; /* secret_free */
	char actor[255];
	int64_t created_at, withdrawn_at;
	char withdrawn_by[255];
};

static int attendance_notice_read(sqlite3_stmt *st, struct attendance_notice *n)
{
	memset(n, 0, sizeof(*n));
	n->id = sqlite3_column_int64(st, 0);
	n->pid = sqlite3_column_int64(st, 1);
	n->first = attendance_date(st, 2);
	n->last = attendance_date(st, 3);
	n->comment = secret_column(st, 4);
	snprintf(n->actor, sizeof(n->actor), "%s", db_text(st, 5));
	n->created_at = sqlite3_column_int64(st, 6);
	n->withdrawn_at = sqlite3_column_int64(st, 7);
	snprintf(n->withdrawn_by, sizeof(n->withdrawn_by), "%s",
		 db_text(st, 8));
	return n->comment ? 0 : -1;
}

/* 0 found (free n->comment with secret_free), 1 not, -1 error. */
static int attendance_notice_get(struct db *db, int64_t id,
				 struct attendance_notice *n)
{
	sqlite3_stmt *st = db_stmt(db, attendance_sql[ATT_SQL_NOTICE_GET]);
	int rc;

	memset(n, 0, sizeof(*n));
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	rc = db_step(db, st);
	if (rc == SQLITE_ROW && attendance_notice_read(st, n) < 0)
		rc = SQLITE_ERROR;
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

static cJSON *attendance_notice_json(const struct attendance_notice *n,
				     bool comment)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddNumberToObject(o, "id", (double)n->id);
	cJSON_AddNumberToObject(o, "participant_id", (double)n->pid);
	attendance_json_date(o, "first_date", n->first);
	attendance_json_date(o, "last_date", n->last);
	if (comment)
		cJSON_AddStringToObject(o, "comment", n->comment);
	cJSON_AddStringToObject(o, "actor", n->actor);
	cJSON_AddNumberToObject(o, "created_at", (double)n->created_at);
	cJSON_AddBoolToObject(o, "withdrawn", n->withdrawn_at != 0);
	if (n->withdrawn_at) {
		cJSON_AddNumberToObject(o, "withdrawn_at",
					(double)n->withdrawn_at);
		cJSON_AddStringToObject(o, "withdrawn_by", n->withdrawn_by);
	}
	return o;
}

static void attendance_notice_view(struct view *v, const struct attendance_notice *n,
				   bool comment, bool may_withdraw)
{
	char da[DATE_DA_LEN];

	view_set_int(v, "notice_id", n->id);
	date_format_da(n->first, da, sizeof(da));
	view_set(v, "first_da", da);
	date_format_da(n->last, da, sizeof(da));
	view_set(v, "last_da", da);
	view_set_bool(v, "one_day", n->first == n->last);
	view_set(v, "comment", comment ? n->comment : "");
	view_set(v, "actor", n->actor);
	view_set_bool(v, "withdrawn", n->withdrawn_at != 0);
	view_set(v, "withdrawn_by", n->withdrawn_by);
	view_set_bool(v, "may_withdraw", may_withdraw && n->withdrawn_at == 0 &&
						 n->last >= date_today());
}

/* Every notice of p, newest first, into the view v's "notices" or the
 * JSON array a (either may be NULL). 0 or -1. */
static int attendance_notices(struct db *db, const struct req *r,
			      const struct participant *p, struct view *v,
			      cJSON *a)
{
	sqlite3_stmt *st = db_stmt(db, attendance_sql[ATT_SQL_NOTICE_LIST]);
	bool comment = p->access >= PARTICIPANT_ACCESS_HEALTH;
	bool may = attendance_may_announce(r, p);
	struct attendance_notice n;
	int rc;

	if (st == NULL)
		return -1;
	if (v)
		view_list(v, "notices");
	sqlite3_bind_int64(st, 1, p->id);
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		if (attendance_notice_read(st, &n) < 0) {
			secret_free(n.comment);
			rc = SQLITE_ERROR;
			break;
		}
		if (v)
			attendance_notice_view(view_add(v, "notices"), &n,
					       comment, may);
		if (a)
			cJSON_AddItemToArray(a, attendance_notice_json(&n,
								       comment));
		secret_free(n.comment);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int attendance_view_notices(struct db *db, int64_t participant_id,
			    struct view *v)
{
	sqlite3_stmt *st = db_stmt(db, attendance_sql[ATT_SQL_NOTICE_CURRENT]);
	char da[DATE_DA_LEN];
	int rc;

	view_list(v, "absence_notices");
	view_setf(v, "absences_href", "/participants/%lld/absences",
		  (long long)participant_id);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, participant_id);
	attendance_bind_date(st, 2, date_today());
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		struct view *i = view_add(v, "absence_notices");

		view_set_int(i, "notice_id", sqlite3_column_int64(st, 0));
		date_format_da(attendance_date(st, 1), da, sizeof(da));
		view_set(i, "first_da", da);
		date_format_da(attendance_date(st, 2), da, sizeof(da));
		view_set(i, "last_da", da);
		view_set_bool(i, "one_day", strcmp(db_text(st, 1),
						   db_text(st, 2)) == 0);
		view_set(i, "actor", db_text(st, 3));
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static const struct form_spec attendance_notice_form[] = {
	{"first_date", "Første dag", FIELD_DATE, true, 0, 0, NULL},
	{"last_date", "Sidste dag", FIELD_DATE, false, 0, 0, NULL},
	{"comment", "Kommentar", FIELD_TEXTAREA, false, 0, ATTENDANCE_NOTE_MAX,
	 NULL},
};
enum { AN_FIRST, AN_LAST, AN_COMMENT, AN__N };

static int attendance_notice_invalid(struct form_invalid *bad,
				     const char *field, const char *message)
{
	bad->field = field;
	snprintf(bad->message, sizeof(bad->message), "%s", message);
	return 422;
}

static int attendance_notice_write(struct db *w, struct req *r,
				   const struct participant *p, date_t first,
				   date_t last, const char *comment,
				   int64_t *id)
{
	sqlite3_stmt *st = db_stmt(w, attendance_sql[ATT_SQL_NOTICE_ADD]);
	char a[DATE_ISO_LEN + 1], b[DATE_ISO_LEN + 1], detail[48];

	if (st == NULL)
		return -1;
	date_format_iso(first, a);
	date_format_iso(last, b);
	sqlite3_bind_int64(st, 1, p->id);
	sqlite3_bind_text(st, 2, a, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, b, -1, SQLITE_STATIC);
	if (secret_bind(st, 4, *comment ? comment : NULL) < 0)
		return -1;
	sqlite3_bind_int64(st, 5, http_now());
	sqlite3_bind_int64(st, 6, r->session->user_id);
	sqlite3_bind_text(st, 7, r->session->email, -1, SQLITE_STATIC);
	if (db_exec_stmt(w, st) != DB_OK)
		return -1;
	*id = db_last_id(w);
	snprintf(detail, sizeof(detail), "afbud %s..%s", a, b);
	return participant_audit(w, r, "participant.absence_add", p, NULL,
				 detail);
}

/* Announces absence for p from the form f (or JSON made a form). 0 with
 * *id, 422 with *bad, or 500. */
static int attendance_notice_add(struct req *r, const struct participant *p,
				 const struct form *f, int64_t *id,
				 struct form_invalid *bad)
{
	struct form_value v[AN__N];
	date_t first, last;
	int64_t overlap;
	struct db *w;
	int rc;

	if (form_validate(f, attendance_notice_form, AN__N, v, bad) < 0)
		return 422;
	first = (date_t)v[AN_FIRST].i;
	last = v[AN_LAST].present ? (date_t)v[AN_LAST].i : first;
	if (first < date_today())
		rc = attendance_notice_invalid(bad, "first_date",
					       "Afbud meldes for i dag eller "
					       "senere.");
	else if (last < first)
		rc = attendance_notice_invalid(bad, "last_date",
					       "Sidste dag ligger før første "
					       "dag.");
	else if (last - first + 1 > ATTENDANCE_NOTICE_DAYS)
		rc = attendance_notice_invalid(bad, "last_date",
					       "Afbud meldes for højst 60 dage "
					       "ad gangen.");
	else
		rc = 0;
	if (rc) {
		form_values_free(v, AN__N);
		return rc;
	}
	w = db_writer_lock();
	rc = 500;
	if (db_begin(w) == 0) {
		char a[DATE_ISO_LEN + 1], b[DATE_ISO_LEN + 1];
		sqlite3_stmt *st = db_stmt(w,
					   attendance_sql[ATT_SQL_NOTICE_OVERLAP]);

		overlap = -1;
		if (st) {
			date_format_iso(first, a);
			date_format_iso(last, b);
			sqlite3_bind_int64(st, 1, p->id);
			sqlite3_bind_text(st, 2, a, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 3, b, -1, SQLITE_STATIC);
			if (db_step(w, st) == SQLITE_ROW)
				overlap = sqlite3_column_int64(st, 0);
			sqlite3_reset(st);
		}
		if (overlap > 0)
			rc = attendance_notice_invalid(bad, "first_date",
						       "Der er allerede meldt "
						       "afbud for en del af "
						       "perioden.");
		else if (overlap == 0 &&
			 attendance_notice_write(w, r, p, first, last,
						 v[AN_COMMENT].s, id) == 0 &&
			 db_commit(w) == 0)
			rc = 0;
	}
	db_rollback(w);
	db_writer_unlock(w);
	form_values_free(v, AN__N);
	return rc;
}

/* Withdraws notice n of p. 0, 422 with *error, or 500. */
static int attendance_notice_withdraw(struct req *r, const struct participant *p,
				      const struct attendance_notice *n,
				      const char **error)
{
	sqlite3_stmt *st;
	char detail[48];
	struct db *w;
	int rc = 500;

	*error = NULL;
	if (n->withdrawn_at) {
		*error = "Afbuddet er allerede trukket tilbage.";
		return 422;
	}
	if (n->last < date_today()) {
		*error = "Afbuddet er overstået og kan ikke trækkes tilbage.";
		return 422;
	}
	w = db_writer_lock();
	st = db_stmt(w, attendance_sql[ATT_SQL_NOTICE_WITHDRAW]);
	if (st && db_begin(w) == 0) {
		sqlite3_bind_int64(st, 1, n->id);
		sqlite3_bind_int64(st, 2, http_now());
		sqlite3_bind_int64(st, 3, r->session->user_id);
		snprintf(detail, sizeof(detail), "afbud %lld trukket tilbage",
			 (long long)n->id);
		if (db_exec_stmt(w, st) != DB_OK)
			rc = 500;
		else if (db_changes(w) != 1) {
			*error = "Afbuddet er allerede trukket tilbage.";
			rc = 422;
		} else if (participant_audit(w, r, "participant.absence_withdraw",
					     p, NULL, detail) == 0 &&
			   db_commit(w) == 0)
			rc = 0;
	}
	db_rollback(w);
	db_writer_unlock(w);
	return rc;
}

/* The participant's absence page. */

static int attendance_absence_render(struct req *r, int status,
				     const struct participant *p,
				     const char *error, const struct form *f)
{
	struct view *v = view_new();
	char today[DATE_ISO_LEN + 1];
	int rc;

	if (v == NULL)
		return http_error(r, 500, NULL);
	date_format_iso(date_today(), today);
	view_set(v, "title", "Afbud");
	view_set_int(v, "id", p->id);
	view_set(v, "name", p->name);
	view_set_bool(v, "may_announce", attendance_may_announce(r, p));
	view_set_bool(v, "show_comments",
		      p->access >= PARTICIPANT_ACCESS_HEALTH);
	view_set(v, "today", today);
	view_set(v, "error", error);
	view_set_bool(v, "saved", http_query(r, "saved") != NULL);
	view_set_bool(v, "withdrawn_notice",
		      http_query(r, "withdrawn") != NULL);
	view_set(v, "first_date", f ? form_get(f, "first_date") : NULL);
	view_set(v, "last_date", f ? form_get(f, "last_date") : NULL);
	view_set(v, "comment", f ? form_get(f, "comment") : NULL);
	if (attendance_notices(r->db, r, p, v, NULL) < 0 || view_failed(v) ||
	    participant_audit(NULL, r, "participant.absence_read", p, NULL,
			      "afbud") < 0)
		rc = http_error(r, 500, NULL);
	else
		rc = http_page(r, status, "attendance_absences.html", v);
	view_free(v);
	return rc;
}

int attendance_absence_page(struct req *r)
{
	struct participant p;
	int rc = participant_for_request(r, r->params[0], &p, NULL);

	return rc ? rc : attendance_absence_render(r, 200, &p, NULL, NULL);
}

static int attendance_absence_forbidden(struct req *r)
{
	return http_error(r, 403, "Kun deltagerens undervisere, "
				  "sagsbehandler, mentor og projektledere "
				  "melder afbud.");
}

int attendance_absence_add(struct req *r)
{
	struct form_invalid bad = {0};
	struct participant p;
	char loc[80];
	int64_t id = 0;
	int rc = participant_for_request(r, r->params[0], &p, NULL);

	if (rc)
		return rc;
	if (!attendance_may_announce(r, &p))
		return attendance_absence_forbidden(r);
	rc = attendance_notice_add(r, &p, &r->form, &id, &bad);
	if (rc == 422)
		return attendance_absence_render(r, 422, &p, bad.message,
						 &r->form);
	if (rc)
		return http_error(r, 500, NULL);
	snprintf(loc, sizeof(loc), "/participants/%lld/absences?saved=1",
		 (long long)p.id);
	return http_redirect(r, loc);
}

/* Loads the path's notice and its participant for someone who may
 * announce. 0, or the status already sent. */
static int attendance_notice_load(struct req *r, struct attendance_notice *n,
				  struct participant *p)
{
	int rc = attendance_notice_get(r->db, r->params[0], n);

	if (rc)
		return http_error(r, rc > 0 ? 404 : 500, NULL);
	rc = participant_for_request(r, n->pid, p, NULL);
	if (rc == 0 && !attendance_may_announce(r, p))
		rc = attendance_absence_forbidden(r);
	if (rc)
		secret_free(n->comment);
	return rc;
}

int attendance_absence_withdraw(struct req *r)
{
	struct attendance_notice n;
	struct participant p;
	const char *error;
	char loc[80];
	int rc = attendance_notice_load(r, &n, &p);

	if (rc)
		return rc;
	rc = attendance_notice_withdraw(r, &p, &n, &error);
	secret_free(n.comment);
	if (rc == 422)
		return attendance_absence_render(r, 422, &p, error, NULL);
	if (rc)
		return http_error(r, 500, NULL);
	snprintf(loc, sizeof(loc), "/participants/%lld/absences?withdrawn=1",
		 (long long)p.id);
	return http_redirect(r, loc);
}

/* The absence API. */

int attendance_api_absences(struct req *r)
{
	struct participant p;
	cJSON *root;
	int rc = participant_for_request(r, r->params[0], &p, NULL);

	if (rc)
		return rc;
	root = cJSON_CreateObject();
	if (root == NULL ||
	    attendance_notices(r->db, r, &p, NULL,
			       cJSON_AddArrayToObject(root, "absences")) < 0 ||
	    participant_audit(NULL, r, "participant.absence_read", &p, NULL,
			      "afbud") < 0) {
		cJSON_Delete(root);
		return http_error(r, 500, NULL);
	}
	return http_json(r, 200, root);
}

static int attendance_api_notice(struct req *r, int status,
				 const struct participant *p, int64_t id)
{
	struct attendance_notice n;
	cJSON *o;
	int rc = attendance_notice_get(r->db, id, &n);

	if (rc)
		return http_error(r, rc > 0 ? 404 : 500, NULL);
	o = attendance_notice_json(&n, p->access >= PARTICIPANT_ACCESS_HEALTH);
	secret_free(n.comment);
	return http_json(r, status, o);
}

int attendance_api_absence_add(struct req *r)
{
	struct form_invalid bad = {0};
	struct participant p;
	int64_t id = 0;
	int rc = participant_for_request(r, r->params[0], &p, NULL);

	if (rc)
		return rc;
	if (!attendance_may_announce(r, &p))
		return attendance_absence_forbidden(r);
	rc = attendance_notice_add(r, &p, &r->form, &id, &bad);
	if (rc == 422)
		return http_invalid(r, bad.field, bad.message);
	if (rc)
		return http_error(r, 500, NULL);
	return attendance_api_notice(r, 201, &p, id);
}

int attendance_api_absence_withdraw(struct req *r)
{
	struct attendance_notice n;
	struct participant p;
	const char *error;
	int rc = attendance_notice_load(r, &n, &p);

	if (rc)
		return rc;
	rc = attendance_notice_withdraw(r, &p, &n, &error);
	secret_free(n.comment);
	if (rc == 422)
		return http_invalid(r, NULL, error);
	if (rc)
		return http_error(r, 500, NULL);
	return attendance_api_notice(r, 200, &p, n.id);
}
