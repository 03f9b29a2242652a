/*
 * cohort: the cohort's rows and who sees them, its plan, staff, target
 * group and triggers, the rules a create or change must keep, and the
 * writes of its own tables (state, staff). course.c saves a whole cohort
 * with its rebuilt days in one transaction.
 */
#include "cohort.h"

#include "actor.h"
#include "array.h"
#include "audit.h"
#include "db.h"
#include "form.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const char *const cohort_status_names[COHORT_STATUS__MAX + 1] = {
	"planning", "referral_open", "running", "finished", "cancelled", NULL,
};

static const char *const cohort_status_labels[COHORT_STATUS__MAX] = {
	"Planlægning", "Åben for henvisning", "I gang", "Afsluttet", "Aflyst",
};

const char *cohort_status_label(enum cohort_status s)
{
	return (unsigned)s < COHORT_STATUS__MAX ? cohort_status_labels[s] : "";
}

int cohort_status_parse(const char *name)
{
	int i;

	for (i = 0; name && i < COHORT_STATUS__MAX; i++)
		if (strcmp(name, cohort_status_names[i]) == 0)
			return i;
	return -1;
}

const char *const cohort_default_criteria[] = {
	"Borgeren har lettere psykiske barrierer i form af ADHD, angst eller "
	"depression.",
	"Borgeren er i aldersgruppen 18-29 år.",
	"Borgeren udviser åbenhed over for at arbejde med psykiske barrierer "
	"sammen med andre borgere.",
	"Borgeren har ikke udprægede kognitive barrierer, der forhindrer "
	"borgeren i at indgå i dialog med andre, men evner at beskrive og "
	"forholde sig til egne barrierer og udfordringer.",
	"Ved misbrug: borgeren er i behandling for misbrug af stoffer eller "
	"alkohol og har ikke haft et forbrug inden for den seneste måned.",
	NULL,
};

const char *const cohort_model_labels[4] = {
	"",
	"Model 1: Leverandøren står for visitation, undervisning, mentorstøtte "
	"og praktikaftaler; jobcentrets virksomhedskonsulenter følger op.",
	"Model 2: Leverandøren står for visitation og undervisning, en "
	"psykiatripartner for mentorstøtte; jobcentret laver praktikaftaler.",
	"Model 3: Leverandøren står for visitation og undervisning; jobcentret "
	"står for mentorstøtte og praktikaftaler.",
};

const char *const cohort_staff_roles[] = {
	"project_leader", "instructor", "consultant", "mentor", NULL,
};

const char *cohort_staff_label(const char *role)
{
	return strcmp(role, "project_leader") == 0 ? "Projektleder"
	       : strcmp(role, "instructor") == 0   ? "Underviser"
	       : strcmp(role, "consultant") == 0   ? "Virksomhedskonsulent"
						   : "Mentor";
}

const struct cohort_triggers cohort_default_triggers = {2, 75};

#define COHORT_COLUMNS                                                         \
	"c.id, c.name, c.job_centre_id, jc.name, c.provider_id, pr.name, "     \
	"c.org_model, c.venue_name, c.venue_address, c.first_teaching_day, "   \
	"c.prep_weeks, c.teaching_weeks, c.teaching_weekdays, c.start_min, "   \
	"c.end_min, c.internship_weeks, c.weekly_teaching_weekday, "           \
	"c.capacity, c.state, c.cancel_reason, c.referral_start, "             \
	"c.prep_start, c.teaching_end, c.internship_start, "                   \
	"c.internship_end, c.aftercare_start, "                                \
	"CASE WHEN c.state != 'referral_open' THEN c.state "                   \
	"WHEN ?4 < c.prep_start THEN 'referral_open' "                         \
	"WHEN ?4 <= c.internship_end THEN 'running' ELSE 'finished' END "

#define COHORT_FROM                                                            \
	"FROM cohort c JOIN organisation jc ON jc.id = c.job_centre_id "       \
	"JOIN organisation pr ON pr.id = c.provider_id "

#define COHORT_VISIBLE COHORT_VISIBLE_SQL("c")

enum cohort_sql {
	COHORT_SQL_GET,
	COHORT_SQL_LIST,
	COHORT_SQL_ADD,
	COHORT_SQL_UPDATE,
	COHORT_SQL_STATE,
	COHORT_SQL_CRITERIA,
	COHORT_SQL_CRITERIA_CLEAR,
	COHORT_SQL_CRITERION_ADD,
	COHORT_SQL_STAFF,
	COHORT_SQL_STAFF_ADD,
	COHORT_SQL_STAFF_REMOVE,
	COHORT_SQL_ORG_KIND,
	COHORT_SQL_CLOSURES,
	COHORT_SQL_CONFLICTS,
	COHORT_SQL_STAFF_CANDIDATES,
	COHORT_SQL_USER_ROLE,
	COHORT_SQL_TRIGGERS,
	COHORT_SQL_TRIGGERS_SET,
	COHORT_SQL__MAX
};

static const struct db_sql cohort_sql[COHORT_SQL__MAX] = {
	[COHORT_SQL_GET] = {"SELECT " COHORT_COLUMNS COHORT_FROM
			    "WHERE c.id = ?5 AND " COHORT_VISIBLE,
			    "iitti"},
	/* ?5: a status name, or '' for every status. */
	[COHORT_SQL_LIST] =
		{"SELECT " COHORT_COLUMNS "AS status, (SELECT count(*) FROM "
		 "course_day d WHERE d.cohort_id = c.id AND d.status != "
		 "'cancelled') " COHORT_FROM "WHERE " COHORT_VISIBLE
		 "AND (?5 = '' OR status = ?5) ORDER BY c.first_teaching_day "
		 "DESC, c.id DESC LIMIT 500",
		 "iittt"},
	[COHORT_SQL_ADD] =
		{"INSERT INTO cohort (name, job_centre_id, provider_id, "
		 "org_model, venue_name, venue_address, first_teaching_day, "
		 "prep_weeks, teaching_weeks, teaching_weekdays, start_min, "
		 "end_min, internship_weeks, weekly_teaching_weekday, "
		 "capacity, "
		 "referral_start, prep_start, teaching_end, internship_start, "
		 "internship_end, aftercare_start, created_at, updated_at) "
		 "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, "
		 "?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?22)",
		 "tiiittt"
		 "iiiiiiii"
		 "tttttt"
		 "i"},
	[COHORT_SQL_UPDATE] =
		{"UPDATE cohort SET name = ?1, job_centre_id = ?2, provider_id "
		 "= ?3, org_model = ?4, venue_name = ?5, venue_address = ?6, "
		 "first_teaching_day = ?7, prep_weeks = ?8, teaching_weeks = "
		 "?9, teaching_weekdays = ?10, start_min = ?11, end_min = ?12, "
		 "internship_weeks = ?13, weekly_teaching_weekday = ?14, "
		 "capacity = ?15, referral_start = ?16, prep_start = ?17, "
		 "teaching_end = ?18, internship_start = ?19, internship_end = "
		 "?20, aftercare_start = ?21, updated_at = ?22 WHERE id = ?23",
		 "tiiittt"
		 "iiiiiiii"
		 "tttttt"
		 "i"
		 "i"},
	/* Cancelling and restoring move the calendar SEQUENCE of every day
	 * (the right-hand side reads the old state). */
	[COHORT_SQL_STATE] = {"UPDATE cohort SET state = ?2, cancel_reason = "
			      "?3, updated_at = ?4, sequence = sequence + ((?2 "
			      "= 'cancelled') != (state = 'cancelled')) WHERE "
			      "id = ?1",
			      "itti"},
	[COHORT_SQL_CRITERIA] = {"SELECT text FROM cohort_criterion WHERE "
				 "cohort_id = ?1 ORDER BY position",
				 "i"},
	[COHORT_SQL_CRITERIA_CLEAR] = {"DELETE FROM cohort_criterion WHERE "
				       "cohort_id = ?1",
				       "i"},
	[COHORT_SQL_CRITERION_ADD] = {"INSERT INTO cohort_criterion "
				      "(cohort_id, position, text) VALUES "
				      "(?1, ?2, ?3)",
				      "iit"},
	[COHORT_SQL_STAFF] =
		{"SELECT s.user_id, u.name, s.role, u.email FROM cohort_staff "
		 "s JOIN user u ON u.id = s.user_id WHERE s.cohort_id = ?1 "
		 "ORDER BY CASE s.role WHEN 'project_leader' THEN 0 WHEN "
		 "'instructor' THEN 1 WHEN 'consultant' THEN 2 ELSE 3 END, "
		 "u.name",
		 "i"},
	[COHORT_SQL_STAFF_ADD] = {"INSERT OR IGNORE INTO cohort_staff "
				  "(cohort_id, user_id, role) VALUES (?1, ?2, "
				  "?3)",
				  "iit"},
	[COHORT_SQL_STAFF_REMOVE] = {"DELETE FROM cohort_staff WHERE "
				     "cohort_id = ?1 AND user_id = ?2 AND "
				     "role = ?3",
				     "iit"},
	[COHORT_SQL_ORG_KIND] = {"SELECT kind FROM organisation WHERE id = ?1",
				 "i"},
	[COHORT_SQL_CLOSURES] = {"SELECT date FROM closure_day WHERE "
				 "cohort_id = ?1 ORDER BY date",
				 "i"},
	/* Instructors of this cohort teaching another cohort the same day. */
	[COHORT_SQL_CONFLICTS] =
		{"SELECT DISTINCT d.date, u.name, c2.name FROM course_day d "
		 "JOIN cohort_staff s ON s.cohort_id = d.cohort_id AND s.role "
		 "= 'instructor' JOIN cohort_staff s2 ON s2.user_id = "
		 "s.user_id AND s2.role = 'instructor' AND s2.cohort_id != "
		 "d.cohort_id JOIN course_day d2 ON d2.cohort_id = "
		 "s2.cohort_id AND d2.date = d.date AND d2.status != "
		 "'cancelled' JOIN cohort c2 ON c2.id = s2.cohort_id AND "
		 "c2.state != 'cancelled' JOIN user u ON u.id = s.user_id "
		 "WHERE d.cohort_id = ?1 AND d.status != 'cancelled' ORDER BY "
		 "d.date LIMIT 50",
		 "i"},
	[COHORT_SQL_STAFF_CANDIDATES] =
		{"SELECT u.id, u.name, u.role, o.name FROM user u JOIN "
		 "organisation o ON o.id = u.organisation_id JOIN cohort c ON "
		 "c.id = ?1 WHERE u.active AND u.role IN ('project_leader', "
		 "'instructor', 'consultant', 'mentor') AND (o.id IN "
		 "(c.job_centre_id, c.provider_id) OR o.kind = 'psychiatry') "
		 "ORDER BY u.role, u.name LIMIT 500",
		 "i"},
	[COHORT_SQL_USER_ROLE] = {"SELECT role FROM user WHERE id = ?1 AND "
				  "active",
				  "i"},
	/* The attendance follow-up triggers (attendance_flag.c reads them). */
	[COHORT_SQL_TRIGGERS] = {"SELECT absence_streak, attendance_floor "
				 "FROM cohort WHERE id = ?1",
				 "i"},
	[COHORT_SQL_TRIGGERS_SET] = {"UPDATE cohort SET absence_streak = ?2, "
				     "attendance_floor = ?3 WHERE id = ?1",
				     "iii"},
};

const char *cohort_today(char out[DATE_ISO_LEN + 1])
{
	date_format_iso(date_today(), out);
	return out;
}

/* Reading. */

static void cohort_read_row(sqlite3_stmt *st, struct cohort *c)
{
	int i;

	memset(c, 0, sizeof(*c));
	plan_input_defaults(&c->plan);
	c->id = sqlite3_column_int64(st, 0);
	snprintf(c->name, sizeof(c->name), "%s", db_text(st, 1));
	c->job_centre_id = sqlite3_column_int64(st, 2);
	snprintf(c->job_centre, sizeof(c->job_centre), "%s", db_text(st, 3));
	c->provider_id = sqlite3_column_int64(st, 4);
	snprintf(c->provider, sizeof(c->provider), "%s", db_text(st, 5));
	c->org_model = sqlite3_column_int(st, 6);
	snprintf(c->venue_name, sizeof(c->venue_name), "%s", db_text(st, 7));
	snprintf(c->venue_address, sizeof(c->venue_address), "%s",
		 db_text(st, 8));
	c->plan.first_teaching_day = db_date(st, 9);
	c->plan.prep_weeks = sqlite3_column_int(st, 10);
	c->plan.teaching_weeks = sqlite3_column_int(st, 11);
	c->plan.teaching_weekdays = (unsigned)sqlite3_column_int(st, 12);
	c->plan.start_min = sqlite3_column_int(st, 13);
	c->plan.end_min = sqlite3_column_int(st, 14);
	c->plan.internship_weeks = sqlite3_column_int(st, 15);
	c->plan.weekly_teaching_weekday = sqlite3_column_int(st, 16);
	c->capacity = sqlite3_column_int(st, 17);
	snprintf(c->state, sizeof(c->state), "%s", db_text(st, 18));
	snprintf(c->cancel_reason, sizeof(c->cancel_reason), "%s",
		 db_text(st, 19));
	c->referral_start = db_date(st, 20);
	c->prep_start = db_date(st, 21);
	c->teaching_end = db_date(st, 22);
	c->internship_start = db_date(st, 23);
	c->internship_end = db_date(st, 24);
	c->aftercare_start = db_date(st, 25);
	i = cohort_status_parse(db_text(st, 26));
	if (i >= 0)
		c->status = i;
}

int cohort_get(struct db *db, const struct actor *a, int64_t id,
	       struct cohort *c)
{
	char today[DATE_ISO_LEN + 1];
	sqlite3_stmt *st = DB_BIND(db, &cohort_sql[COHORT_SQL_GET],
				   COHORT_VIEWER_TODAY(a, today), DB_INT(id));
	int rc;

	if (st == NULL)
		return -1;
	rc = db_step(db, st);
	if (rc == SQLITE_ROW)
		cohort_read_row(st, c);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

bool cohort_may_manage(const struct actor *a, const struct cohort *c)
{
	return a->role == ROLE_PROJECT_LEADER &&
	       (a->organisation_id == c->job_centre_id ||
		a->organisation_id == c->provider_id);
}

int cohort_list(struct db *db, const struct actor *a, int status, cohort_fn fn,
		void *ctx)
{
	const char *name = status >= 0 && status < COHORT_STATUS__MAX
				   ? cohort_status_names[status]
				   : "";
	char today[DATE_ISO_LEN + 1];
	sqlite3_stmt *st = DB_BIND(db, &cohort_sql[COHORT_SQL_LIST],
				   COHORT_VIEWER_TODAY(a, today),
				   DB_TEXT(name));
	struct cohort c;
	int rc;

	if (st == NULL)
		return -1;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		cohort_read_row(st, &c);
		fn(ctx, &c, (long)sqlite3_column_int64(st, 27));
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Closure days of a cohort, for the plan (at most PLAN_CLOSURES_MAX).
 * Caller frees *out. 0 or -1. */
static int cohort_closures(struct db *db, int64_t id, date_t **out, size_t *n)
{
	sqlite3_stmt *st = DB_BIND(db, &cohort_sql[COHORT_SQL_CLOSURES],
				   DB_INT(id));
	date_t *days = NULL, d;
	size_t cap = 0;
	long k;
	int rc = SQLITE_ERROR;

	*out = NULL;
	*n = 0;
	if (st == NULL)
		return -1;
	while (*n < PLAN_CLOSURES_MAX && (rc = db_step(db, st)) == SQLITE_ROW) {
		d = db_date(st, 0);
		if (d == 0)
			continue;
		k = ARRAY_PUSH(days, *n, cap);
		if (k < 0) {
			rc = SQLITE_NOMEM;
			break;
		}
		days[k] = d;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		free(days);
		*n = 0;
		return -1;
	}
	*out = days;
	return 0;
}

int cohort_plan(struct db *db, const struct cohort *c, struct plan *p)
{
	struct plan_input in = c->plan;
	struct plan_error err;
	date_t *closures;
	size_t n;
	int rc;

	if (cohort_closures(db, c->id, &closures, &n) < 0)
		return -1;
	in.closures = closures;
	in.nclosures = n;
	rc = plan_derive(&in, p, &err);
	free(closures);
	return rc;
}

int cohort_criteria_get(struct db *db, int64_t cohort_id,
			struct cohort_criteria *out)
{
	sqlite3_stmt *st = DB_BIND(db, &cohort_sql[COHORT_SQL_CRITERIA],
				   DB_INT(cohort_id));
	int rc;

	memset(out, 0, sizeof(*out));
	if (st == NULL)
		return -1;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		if (out->n == COHORT_CRITERIA_MAX)
			continue;
		out->text[out->n] = strdup(db_text(st, 0));
		if (out->text[out->n] == NULL) {
			rc = SQLITE_NOMEM;
			break;
		}
		out->n++;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

void cohort_criteria_free(struct cohort_criteria *l)
{
	while (l->n)
		free(l->text[--l->n]);
}

int cohort_staff_each(struct db *db, int64_t cohort_id, cohort_staff_fn fn,
		      void *ctx)
{
	sqlite3_stmt *st = DB_BIND(db, &cohort_sql[COHORT_SQL_STAFF],
				   DB_INT(cohort_id));
	struct cohort_staff_member m;
	int rc;

	if (st == NULL)
		return -1;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		m.user_id = sqlite3_column_int64(st, 0);
		snprintf(m.name, sizeof(m.name), "%s", db_text(st, 1));
		snprintf(m.role, sizeof(m.role), "%s", db_text(st, 2));
		snprintf(m.email, sizeof(m.email), "%s", db_text(st, 3));
		fn(ctx, &m);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int cohort_conflict_each(struct db *db, int64_t cohort_id,
			 cohort_conflict_fn fn, void *ctx)
{
	sqlite3_stmt *st = DB_BIND(db, &cohort_sql[COHORT_SQL_CONFLICTS],
				   DB_INT(cohort_id));
	struct cohort_conflict x;
	int rc;

	if (st == NULL)
		return -1;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		x.date = db_date(st, 0);
		snprintf(x.instructor, sizeof(x.instructor), "%s",
			 db_text(st, 1));
		snprintf(x.other_cohort, sizeof(x.other_cohort), "%s",
			 db_text(st, 2));
		fn(ctx, &x);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int cohort_candidate_each(struct db *db, int64_t cohort_id,
			  cohort_candidate_fn fn, void *ctx)
{
	sqlite3_stmt *st = DB_BIND(db, &cohort_sql[COHORT_SQL_STAFF_CANDIDATES],
				   DB_INT(cohort_id));
	struct cohort_candidate u;
	int rc;

	if (st == NULL)
		return -1;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		u.user_id = sqlite3_column_int64(st, 0);
		snprintf(u.name, sizeof(u.name), "%s", db_text(st, 1));
		snprintf(u.role, sizeof(u.role), "%s", db_text(st, 2));
		snprintf(u.organisation, sizeof(u.organisation), "%s",
			 db_text(st, 3));
		fn(ctx, &u);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int cohort_triggers_get(struct db *db, int64_t id, struct cohort_triggers *t)
{
	sqlite3_stmt *st;
	int rc;

	*t = cohort_default_triggers;
	if (id == 0)
		return 0;
	st = DB_BIND(db, &cohort_sql[COHORT_SQL_TRIGGERS], DB_INT(id));
	if (st == NULL)
		return -1;
	rc = db_step(db, st);
	if (rc == SQLITE_ROW) {
		t->absence_streak = sqlite3_column_int(st, 0);
		t->attendance_floor = sqlite3_column_int(st, 1);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

/* The rules of a create or change. */

void cohort_defaults(struct cohort *c, const struct actor *a)
{
	memset(c, 0, sizeof(*c));
	plan_input_defaults(&c->plan);
	c->plan.first_teaching_day = 0;
	c->org_model = 1;
	c->capacity = COHORT_CAPACITY_RECOMMENDED;
	c->provider_id = a->organisation_id;
	snprintf(c->state, sizeof(c->state), "planning");
}

static bool cohort_plan_equal(const struct plan_input *a,
			      const struct plan_input *b)
{
	return a->first_teaching_day == b->first_teaching_day &&
	       a->prep_weeks == b->prep_weeks &&
	       a->teaching_weeks == b->teaching_weeks &&
	       a->teaching_weekdays == b->teaching_weekdays &&
	       a->internship_weeks == b->internship_weeks &&
	       a->weekly_teaching_weekday == b->weekly_teaching_weekday &&
	       a->start_min == b->start_min && a->end_min == b->end_min;
}

/* Is organisation id of kind? 1, 0, or -1. */
static int cohort_org_is(struct db *db, int64_t id, const char *kind)
{
	sqlite3_stmt *st = DB_BIND(db, &cohort_sql[COHORT_SQL_ORG_KIND],
				   DB_INT(id));
	int rc, same = 0;

	if (st == NULL)
		return -1;
	rc = db_step(db, st);
	if (rc == SQLITE_ROW)
		same = strcmp(db_text(st, 0), kind) == 0;
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? same : -1;
}

static int cohort_invalid(struct form_invalid *bad, const char *field,
			  const char *message)
{
	bad->field = field;
	snprintf(bad->message, sizeof(bad->message), "%s", message);
	return RESULT_INVALID;
}

/* The organisations: a job centre, a provider, one of them a's. */
static int cohort_check_orgs(struct db *w, const struct actor *a,
			     const struct cohort *c, struct form_invalid *bad)
{
	int rc = cohort_org_is(w, c->job_centre_id, "job_centre");

	if (rc < 0)
		return RESULT_FAILED;
	if (rc == 0)
		return cohort_invalid(bad, "job_centre_id",
				      "Vælg et jobcenter.");
	rc = cohort_org_is(w, c->provider_id, "provider");
	if (rc < 0)
		return RESULT_FAILED;
	if (rc == 0)
		return cohort_invalid(bad, "provider_id",
				      "Vælg en kursusudbyder.");
	if (a->organisation_id != c->job_centre_id &&
	    a->organisation_id != c->provider_id)
		return cohort_invalid(bad, "provider_id",
				      "Holdet skal høre til din organisation "
				      "som jobcenter eller udbyder.");
	return RESULT_OK;
}

int cohort_check(struct db *w, const struct actor *a,
		 const struct cohort_input *in, const struct cohort *old,
		 int admitted, bool *plan_changed, struct form_invalid *bad)
{
	const struct cohort *c = &in->c;
	struct plan p;
	struct plan_error err;
	int rc;

	if (c->name[0] == '\0')
		return cohort_invalid(bad, "name",
				      "Holdets navn skal udfyldes.");
	if (c->venue_name[0] == '\0' || c->venue_address[0] == '\0')
		return cohort_invalid(
			bad, c->venue_name[0] ? "venue_address" : "venue_name",
			"Undervisningssted og adresse skal "
			"udfyldes.");
	if (c->plan.first_teaching_day == 0)
		return cohort_invalid(bad, "first_teaching_day",
				      "Første undervisningsdag skal udfyldes.");
	rc = cohort_check_orgs(w, a, c, bad);
	if (rc != RESULT_OK)
		return rc;
	if (plan_derive(&c->plan, &p, &err) < 0)
		return cohort_invalid(
			bad, err.field ? err.field : "first_teaching_day",
			err.message);
	plan_free(&p);
	*plan_changed = old == NULL || !cohort_plan_equal(&old->plan, &c->plan);
	if (old && *plan_changed &&
	    old->plan.first_teaching_day <= date_today())
		return cohort_invalid(bad, "first_teaching_day",
				      "Planen kan ikke ændres, når "
				      "undervisningen er begyndt. Ret de "
				      "enkelte dage i stedet.");
	if (old && admitted >= 0 && c->capacity < admitted) {
		snprintf(bad->message, sizeof(bad->message),
			 "Holdet har %d optagne deltagere; antallet af "
			 "pladser kan ikke være lavere.",
			 admitted);
		bad->field = "capacity";
		return RESULT_INVALID;
	}
	return RESULT_OK;
}

/* Saving. */

/* Inserts (id 0) or updates c's row with p's phase dates. 0 or -1. */
static int cohort_write_row(struct db *w, const struct cohort *c,
			    const struct plan *p, int64_t id)
{
	char d[7][DATE_ISO_LEN + 1];
	struct db_arg args[23] = {
		DB_TEXT(c->name),
		DB_INT(c->job_centre_id),
		DB_INT(c->provider_id),
		DB_INT(c->org_model),
		DB_TEXT(c->venue_name),
		DB_TEXT(c->venue_address),
		DB_TEXT(d[0]),
		DB_INT(c->plan.prep_weeks),
		DB_INT(c->plan.teaching_weeks),
		DB_INT(c->plan.teaching_weekdays),
		DB_INT(c->plan.start_min),
		DB_INT(c->plan.end_min),
		DB_INT(c->plan.internship_weeks),
		DB_INT(c->plan.weekly_teaching_weekday),
		DB_INT(c->capacity),
		DB_TEXT(d[1]),
		DB_TEXT(d[2]),
		DB_TEXT(d[3]),
		DB_TEXT(d[4]),
		DB_TEXT(d[5]),
		DB_TEXT(d[6]),
		DB_INT((int64_t)time(NULL)),
		DB_INT(id),
	};
	const struct db_sql *q =
		&cohort_sql[id ? COHORT_SQL_UPDATE : COHORT_SQL_ADD];

	date_format_iso(c->plan.first_teaching_day, d[0]);
	date_format_iso(p->referral_start, d[1]);
	date_format_iso(p->prep_start, d[2]);
	date_format_iso(p->teaching_end, d[3]);
	date_format_iso(p->internship_start, d[4]);
	date_format_iso(p->internship_end, d[5]);
	date_format_iso(p->aftercare_start, d[6]);
	return db_exec_stmt(w, db_bind(w, q, args, id ? 23 : 22)) == DB_OK ? 0
									   : -1;
}

static int cohort_save_criteria(struct db *w, int64_t id,
				const char *const *criteria)
{
	int i;

	if (DB_RUN(w, &cohort_sql[COHORT_SQL_CRITERIA_CLEAR], DB_INT(id)) !=
	    DB_OK)
		return -1;
	for (i = 0; criteria[i]; i++)
		if (DB_RUN(w, &cohort_sql[COHORT_SQL_CRITERION_ADD], DB_INT(id),
			   DB_INT(i + 1), DB_TEXT(criteria[i])) != DB_OK)
			return -1;
	return 0;
}

static int cohort_staff_insert(struct db *w, int64_t cohort, int64_t user,
			       const char *role)
{
	return DB_RUN(w, &cohort_sql[COHORT_SQL_STAFF_ADD], DB_INT(cohort),
		      DB_INT(user), DB_TEXT(role)) == DB_OK
		       ? 0
		       : -1;
}

int cohort_store(struct db *w, const struct actor *a,
		 const struct cohort_input *in, const struct plan *p,
		 int64_t *id, bool *triggers_changed)
{
	const char *const *criteria = in->criteria_given ? in->criteria : NULL;
	struct cohort_triggers old;

	/* A new cohort starts from the columns' defaults. */
	if (cohort_triggers_get(w, *id, &old) < 0 ||
	    cohort_write_row(w, &in->c, p, *id) < 0)
		return -1;
	if (*id == 0) {
		*id = db_last_id(w);
		if (criteria == NULL)
			criteria = cohort_default_criteria;
		if (cohort_staff_insert(w, *id, a->user_id, "project_leader") <
		    0)
			return -1;
	}
	if (criteria && cohort_save_criteria(w, *id, criteria) < 0)
		return -1;
	*triggers_changed = memcmp(&in->triggers, &old, sizeof(old)) != 0;
	if (*triggers_changed &&
	    DB_RUN(w, &cohort_sql[COHORT_SQL_TRIGGERS_SET], DB_INT(*id),
		   DB_INT(in->triggers.absence_streak),
		   DB_INT(in->triggers.attendance_floor)) != DB_OK)
		return -1;
	return 0;
}

/* State and staff. */

static int cohort_refused(struct form_invalid *bad)
{
	bad->field = NULL;
	snprintf(bad->message, sizeof(bad->message),
		 "Kun holdets projektledere kan ændre holdet.");
	return RESULT_REFUSED;
}

/* Why c may not move to want (with reason), or NULL. */
static const char *cohort_state_problem(const struct cohort *c,
					const char *want, const char *reason)
{
	if (strcmp(want, "running") == 0 || strcmp(want, "finished") == 0)
		return "Status »I gang« og »Afsluttet« følger af holdets "
		       "datoer.";
	if (strcmp(want, "planning") != 0 &&
	    strcmp(want, "referral_open") != 0 &&
	    strcmp(want, "cancelled") != 0)
		return "Ukendt status.";
	if (strcmp(want, "cancelled") == 0 && (reason == NULL || !*reason))
		return "Skriv hvorfor holdet aflyses.";
	if (strcmp(want, "referral_open") == 0 && c->status == COHORT_CANCELLED)
		return "Et aflyst hold skal først tilbage til planlægning.";
	return NULL;
}

int cohort_set_state(struct db *w, const struct actor *a,
		     const struct cohort *c, const char *want,
		     const char *reason, struct form_invalid *bad)
{
	struct audit_entry e = audit_by(a, AUDIT_COHORT_STATUS);
	const char *problem;
	int rc = RESULT_FAILED;

	if (!cohort_may_manage(a, c))
		return cohort_refused(bad);
	problem = cohort_state_problem(c, want ? want : "", reason);
	if (problem)
		return cohort_invalid(bad, "status", problem);
	if (db_begin(w) < 0)
		return RESULT_FAILED;
	e.subject_type = "cohort";
	e.subject_id = c->id;
	e.subject = c->name;
	e.detail = want;
	if (DB_RUN(w, &cohort_sql[COHORT_SQL_STATE], DB_INT(c->id),
		   DB_TEXT(want),
		   DB_TEXT(strcmp(want, "cancelled") == 0 ? reason : ""),
		   DB_INT((int64_t)time(NULL))) == DB_OK &&
	    audit_write(w, &e) == 0)
		rc = RESULT_OK;
	return db_finish(w, rc);
}

/* Is role one of the staff roles, and user's own (an active account)?
 * 1, 0, or -1. */
static int cohort_staff_fits(struct db *db, int64_t user, const char *role)
{
	sqlite3_stmt *st;
	int i, rc, same = 0;

	for (i = 0; cohort_staff_roles[i]; i++)
		if (strcmp(role, cohort_staff_roles[i]) == 0)
			break;
	if (cohort_staff_roles[i] == NULL)
		return 0;
	st = DB_BIND(db, &cohort_sql[COHORT_SQL_USER_ROLE], DB_INT(user));
	if (st == NULL)
		return -1;
	rc = db_step(db, st);
	if (rc == SQLITE_ROW)
		same = strcmp(db_text(st, 0), role) == 0;
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? same : -1;
}

/* Adds or (remove) removes a staff member with its audit row. */
static int cohort_staff_change(struct db *w, const struct actor *a,
			       const struct cohort *c, int64_t user,
			       const char *role, bool remove,
			       struct form_invalid *bad)
{
	struct audit_entry e = audit_by(a, remove ? AUDIT_COHORT_STAFF_REMOVE
						  : AUDIT_COHORT_STAFF_ADD);
	int rc;

	if (!cohort_may_manage(a, c))
		return cohort_refused(bad);
	if (!remove) {
		rc = cohort_staff_fits(w, user, role);
		if (rc < 0)
			return RESULT_FAILED;
		if (rc == 0)
			return cohort_invalid(
				bad, "user_id",
				"Medarbejderens rolle passer ikke "
				"til rollen på holdet.");
	}
	if (db_begin(w) < 0)
		return RESULT_FAILED;
	rc = remove ? DB_RUN(w, &cohort_sql[COHORT_SQL_STAFF_REMOVE],
			     DB_INT(c->id), DB_INT(user), DB_TEXT(role))
		    : DB_RUN(w, &cohort_sql[COHORT_SQL_STAFF_ADD],
			     DB_INT(c->id), DB_INT(user), DB_TEXT(role));
	e.subject_type = "cohort";
	e.subject_id = c->id;
	e.subject = c->name;
	e.detail = role;
	if (rc == DB_OK && audit_write(w, &e) == 0)
		rc = RESULT_OK;
	else
		rc = RESULT_FAILED;
	return db_finish(w, rc);
}

int cohort_staff_add(struct db *w, const struct actor *a,
		     const struct cohort *c, int64_t user, const char *role,
		     struct form_invalid *bad)
{
	return cohort_staff_change(w, a, c, user, role, false, bad);
}

int cohort_staff_remove(struct db *w, const struct actor *a,
			const struct cohort *c, int64_t user, const char *role,
			struct form_invalid *bad)
{
	return cohort_staff_change(w, a, c, user, role, true, bad);
}
