/*
 * home: where everyone lands. The start page says what the role does here
 * and links to it, and composes the role's panels from the domain: today's
 * course days, flagged attendance, days without marks, due follow-ups.
 */
#include "home.h"

#include "attendance.h"
#include "attendance_flag.h"
#include "day.h"
#include "db.h"
#include "host_overview_page.h"
#include "http.h"
#include "participant.h"
#include "participants.h"

#include <stdio.h>

static const char *const home_intro[ROLE__MAX] = {
	[ROLE_ADMIN] = ("Du administrerer brugere, organisationer og "
			"indstillinger. Som administrator ser du ikke "
			"borgeroplysninger."),
	[ROLE_PROJECT_LEADER] = ("Du opretter hold og tilknytter "
				 "medarbejdere, og du ser alle din "
				 "organisations hold."),
	[ROLE_CASEWORKER] = ("Du henviser borgere, deltager i visitationen "
			     "og følger fravær og resultater for dine "
			     "borgere."),
	[ROLE_CONSULTANT] = ("Du finder praktikpladser, laver "
			     "praktikaftaler og følger værternes "
			     "ugentlige tilbagemeldinger."),
	[ROLE_INSTRUCTOR] = ("Du underviser dine hold og registrerer "
			     "fremmøde."),
	[ROLE_MENTOR] = ("Du støtter dine mentees og fører mentorlog."),
};

enum home_sql { HOME_SQL_PING, HOME_SQL_COUNTS, HOME_SQL__MAX };

static const struct db_sql home_sql[HOME_SQL__MAX] = {
	[HOME_SQL_PING] = {"SELECT 1", ""},
	[HOME_SQL_COUNTS] = {"SELECT (SELECT count(*) FROM user WHERE active), "
			     "(SELECT count(*) FROM organisation)",
			     ""},
};

/* Rows of a start-page panel. */
#define HOME_PANEL_MAX 50

int home_root(struct req *r)
{
	return http_redirect(r, r->session ? "/start" : "/login");
}

int home_healthz(struct req *r)
{
	sqlite3_stmt *st = DB_BIND0(r->db, &home_sql[HOME_SQL_PING]);
	bool ok = st && db_step(r->db, st) == SQLITE_ROW;

	if (st)
		sqlite3_reset(st);
	if (!ok)
		return http_send(r, 503, "text/plain; charset=utf-8",
				 "database unavailable\n", 21, NULL);
	return http_send(r, 200, "text/plain; charset=utf-8", "ok\n", 3, NULL);
}

static int home_admin_counts(struct req *r, struct view *v)
{
	sqlite3_stmt *st = DB_BIND0(r->db, &home_sql[HOME_SQL_COUNTS]);
	int rc;

	if (st == NULL)
		return -1;
	rc = db_step(r->db, st);
	if (rc == SQLITE_ROW) {
		view_set_int(v, "active_users", sqlite3_column_int64(st, 0));
		view_set_int(v, "organisations", sqlite3_column_int64(st, 1));
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : -1;
}

/* Today's course days, for those who take attendance. */

static void home_today_row(void *ctx, const struct attendance_day_row *d)
{
	struct view *i = view_add(ctx, "attendance_today");
	char t[6];

	view_set_int(i, "day_id", d->day_id);
	date_format_hhmm(d->start, t);
	view_set(i, "start", t);
	date_format_hhmm(d->end, t);
	view_set(i, "end", t);
	view_set(i, "kind_label", day_kind_label(d->kind));
	view_set_int(i, "cohort_id", d->cohort_id);
	view_set(i, "cohort", d->cohort);
	view_set_bool(i, "taken", d->taken);
}

static bool home_takes_attendance(enum role role)
{
	return role == ROLE_INSTRUCTOR || role == ROLE_PROJECT_LEADER;
}

static int home_today(struct req *r, const struct actor *a, struct view *v)
{
	view_list(v, "attendance_today");
	view_set_bool(v, "attendance_today_shown",
		      home_takes_attendance(a->role));
	return attendance_today_each(r->db, a, home_today_row, v);
}

/* Flagged participants the user follows; their names are audited reads. */

struct home_flags {
	struct view *v;
	int64_t ids[HOME_PANEL_MAX];
	size_t n;
};

static void home_flag_row(void *ctx, const struct attendance_flag_row *f)
{
	struct home_flags *h = ctx;
	struct view *i;

	if (h->n == HOME_PANEL_MAX)
		return;
	i = view_add(h->v, "attendance_flags");
	view_set_int(i, "id", f->participant_id);
	view_set(i, "name", f->name);
	view_set_int(i, "cohort_id", f->cohort_id);
	view_set(i, "cohort", f->cohort);
	view_set(i, "reason", f->text);
	h->ids[h->n++] = f->participant_id;
}

static int home_flags(struct req *r, const struct actor *a, struct view *v)
{
	struct home_flags h = {.v = v};

	view_set_bool(v, "follows_attendance", true);
	view_list(v, "attendance_flags");
	if (attendance_flag_each(r->db, a, home_flag_row, &h) < 0)
		return -1;
	return h.n ? participant_audit_reads(a, AUDIT_PARTICIPANT_LIST, h.ids,
					     h.n, "attendance flags")
		   : 0;
}

/* Course days of the user's cohorts, in the last two weeks, that ended
 * without marks and were not cancelled. */

static void home_untaken_row(void *ctx, const struct attendance_day_row *d)
{
	struct view *i = view_add(ctx, "not_taken");
	char da[DATE_DA_LEN], start[6], end[6];

	view_set_int(i, "id", d->day_id);
	date_format_da(d->date, da, sizeof(da));
	view_set(i, "date_da", da);
	date_format_hhmm(d->start, start);
	date_format_hhmm(d->end, end);
	view_setf(i, "time", "%s–%s", start, end);
	view_set_int(i, "cohort_id", d->cohort_id);
	view_set(i, "cohort", d->cohort);
}

static int home_untaken(struct req *r, const struct actor *a, struct view *v)
{
	view_set_bool(v, "takes_attendance", true);
	view_list(v, "not_taken");
	return attendance_untaken_each(r->db, a, home_untaken_row, v);
}

/* The role's panels: today's course days, then what needs following up:
 * flagged participants, days without marks, due follow-ups. */
static int home_panels(struct req *r, struct view *v)
{
	struct actor a = http_actor(r);
	enum role role = a.role;

	if (role == ROLE_ADMIN && home_admin_counts(r, v) < 0)
		return -1;
	if (home_today(r, &a, v) < 0)
		return -1;
	if ((role == ROLE_CASEWORKER || role == ROLE_PROJECT_LEADER) &&
	    home_flags(r, &a, v) < 0)
		return -1;
	if (home_takes_attendance(role) && home_untaken(r, &a, v) < 0)
		return -1;
	if (host_overview_page_shown(role) &&
	    host_overview_page_start(r, &a, v) < 0)
		return -1;
	return participants_start_view(r, v);
}

int home_start(struct req *r)
{
	struct view *v = view_new();
	enum role role = r->session->role;
	int rc;

	if (v == NULL)
		return http_error(r, 500, NULL);
	view_set(v, "title", "Forside");
	view_set(v, "name", r->session->name);
	view_set(v, "intro", home_intro[role]);
	view_set_bool(v, "is_admin", role == ROLE_ADMIN);
	if (home_panels(r, v) < 0) {
		view_free(v);
		return http_error(r, 500, NULL);
	}
	rc = http_page(r, 200, "start.html", v);
	view_free(v);
	return rc;
}
