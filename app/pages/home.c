/*
 * home: where everyone lands. The start page says what the role does here
 * and links to it; modules add their panels to the role's section: today's
 * course days, flagged attendance, days without marks, due follow-ups.
 */
#include "home.h"

#include "attendance.h"
#include "attendance_stats.h"
#include "db.h"
#include "http.h"
#include "participants.h"

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

static const char *const home_sql[HOME_SQL__MAX] = {
	[HOME_SQL_PING] = "SELECT 1",
	[HOME_SQL_COUNTS] = "SELECT (SELECT count(*) FROM user WHERE active), "
			    "(SELECT count(*) FROM organisation)",
};

int home_root(struct req *r)
{
	return http_redirect(r, r->session ? "/start" : "/login");
}

int home_healthz(struct req *r)
{
	sqlite3_stmt *st = db_stmt(r->db, home_sql[HOME_SQL_PING]);
	bool ok = st && db_step(r->db, st) == SQLITE_ROW;

	if (st)
		sqlite3_reset(st);
	if (!ok)
		return http_send(r, 503, "text/plain; charset=utf-8",
				 "database unavailable\n", 21, NULL);
	return http_send(r, 200, "text/plain; charset=utf-8", "ok\n", 3,
			 NULL);
}

static int home_admin_counts(struct req *r, struct view *v)
{
	sqlite3_stmt *st = db_stmt(r->db, home_sql[HOME_SQL_COUNTS]);
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
	/* Today's course days (attendance.c), then what needs following
	 * up: flagged participants and days without marks. */
	if ((role == ROLE_ADMIN && home_admin_counts(r, v) < 0) ||
	    attendance_view_today(r->db, r, v) < 0 ||
	    attendance_stats_start_view(r, v) < 0 ||
	    participants_start_view(r, v) < 0) {
		view_free(v);
		return http_error(r, 500, NULL);
	}
	rc = http_page(r, 200, "start.html", v);
	view_free(v);
	return rc;
}
