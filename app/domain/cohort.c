/*
 * cohort: creating, changing and showing cohorts. One validation path
 * (cohort_read) serves pages and API; one save (cohort_save) writes the
 * cohort, its target group, its rebuilt course days and the audit row in a
 * single transaction.
 */
#include "cohort.h"

#include "attendance_stats.h"
#include "audit.h"
#include "closure.h"
#include "day.h"
#include "db.h"
#include "http.h"
#include "organisation.h"
#include "organisations.h"
#include "participant.h"
#include "report.h"
#include "timeline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* The catalogue's example target group (2013, figure 2). */
static const char *const cohort_default_criteria[] = {
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

static const char *const cohort_model_labels[4] = {
	"",
	"Model 1: Leverandøren står for visitation, undervisning, mentorstøtte "
	"og praktikaftaler; jobcentrets virksomhedskonsulenter følger op.",
	"Model 2: Leverandøren står for visitation og undervisning, en "
	"psykiatripartner for mentorstøtte; jobcentret laver praktikaftaler.",
	"Model 3: Leverandøren står for visitation og undervisning; jobcentret "
	"står for mentorstøtte og praktikaftaler.",
};

#define COHORT_COLUMNS                                                        \
	"c.id, c.name, c.job_centre_id, jc.name, c.provider_id, pr.name, "   \
	"c.org_model, c.venue_name, c.venue_address, c.first_teaching_day, " \
	"c.prep_weeks, c.teaching_weeks, c.teaching_weekdays, c.start_min, " \
	"c.end_min, c.internship_weeks, c.weekly_teaching_weekday, "         \
	"c.capacity, c.state, c.cancel_reason, c.referral_start, "           \
	"c.prep_start, c.teaching_end, c.internship_start, "                 \
	"c.internship_end, c.aftercare_start, "                              \
	"CASE WHEN c.state != 'referral_open' THEN c.state "                 \
	"WHEN ?4 < c.prep_start THEN 'referral_open' "                       \
	"WHEN ?4 <= c.internship_end THEN 'running' ELSE 'finished' END "

#define COHORT_FROM                                                        \
	"FROM cohort c JOIN organisation jc ON jc.id = c.job_centre_id "   \
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

static const char *const cohort_sql[COHORT_SQL__MAX] = {
	[COHORT_SQL_GET] = "SELECT " COHORT_COLUMNS COHORT_FROM
			   "WHERE c.id = ?5 AND " COHORT_VISIBLE,
	[COHORT_SQL_LIST] =
		"SELECT " COHORT_COLUMNS "AS status, (SELECT count(*) FROM "
		"course_day d WHERE d.cohort_id = c.id AND d.status != "
		"'cancelled') " COHORT_FROM "WHERE " COHORT_VISIBLE
		"AND (?5 = '' OR status = ?5) ORDER BY c.first_teaching_day "
		"DESC, c.id DESC LIMIT 500",
	[COHORT_SQL_ADD] =
		"INSERT INTO cohort (name, job_centre_id, provider_id, "
		"org_model, venue_name, venue_address, first_teaching_day, "
		"prep_weeks, teaching_weeks, teaching_weekdays, start_min, "
		"end_min, internship_weeks, weekly_teaching_weekday, capacity, "
		"referral_start, prep_start, teaching_end, internship_start, "
		"internship_end, aftercare_start, created_at, updated_at) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
		"?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?22)",
	[COHORT_SQL_UPDATE] =
		"UPDATE cohort SET name = ?1, job_centre_id = ?2, provider_id = "
		"?3, org_model = ?4, venue_name = ?5, venue_address = ?6, "
		"first_teaching_day = ?7, prep_weeks = ?8, teaching_weeks = ?9, "
		"teaching_weekdays = ?10, start_min = ?11, end_min = ?12, "
		"internship_weeks = ?13, weekly_teaching_weekday = ?14, "
		"capacity = ?15, referral_start = ?16, prep_start = ?17, "
		"teaching_end = ?18, internship_start = ?19, internship_end = "
		"?20, aftercare_start = ?21, updated_at = ?22 WHERE id = ?23",
	/* Cancelling and restoring move the calendar SEQUENCE of every day
	 * (the right-hand side reads the old state). */
	[COHORT_SQL_STATE] = "UPDATE cohort SET state = ?2, cancel_reason = "
			     "?3, updated_at = ?4, sequence = sequence + ((?2 "
			     "= 'cancelled') != (state = 'cancelled')) WHERE "
			     "id = ?1",
	[COHORT_SQL_CRITERIA] = "SELECT text FROM cohort_criterion WHERE "
				"cohort_id = ?1 ORDER BY position",
	[COHORT_SQL_CRITERIA_CLEAR] = "DELETE FROM cohort_criterion WHERE "
				      "cohort_id = ?1",
	[COHORT_SQL_CRITERION_ADD] = "INSERT INTO cohort_criterion (cohort_id, "
				     "position, text) VALUES (?1, ?2, ?3)",
	[COHORT_SQL_STAFF] =
		"SELECT s.user_id, u.name, s.role, u.email FROM cohort_staff s "
		"JOIN user u ON u.id = s.user_id WHERE s.cohort_id = ?1 ORDER "
		"BY CASE s.role WHEN 'project_leader' THEN 0 WHEN 'instructor' "
		"THEN 1 WHEN 'consultant' THEN 2 ELSE 3 END, u.name",
	[COHORT_SQL_STAFF_ADD] = "INSERT OR IGNORE INTO cohort_staff "
				 "(cohort_id, user_id, role) VALUES (?1, ?2, "
				 "?3)",
	[COHORT_SQL_STAFF_REMOVE] = "DELETE FROM cohort_staff WHERE cohort_id "
				    "= ?1 AND user_id = ?2 AND role = ?3",
	[COHORT_SQL_ORG_KIND] = "SELECT kind FROM organisation WHERE id = ?1",
	[COHORT_SQL_CLOSURES] = "SELECT date FROM closure_day WHERE cohort_id "
				"= ?1 ORDER BY date",
	/* Instructors of this cohort teaching another cohort the same day. */
	[COHORT_SQL_CONFLICTS] =
		"SELECT DISTINCT d.date, u.name, c2.name FROM course_day d "
		"JOIN cohort_staff s ON s.cohort_id = d.cohort_id AND s.role = "
		"'instructor' JOIN cohort_staff s2 ON s2.user_id = s.user_id "
		"AND s2.role = 'instructor' AND s2.cohort_id != d.cohort_id "
		"JOIN course_day d2 ON d2.cohort_id = s2.cohort_id AND d2.date "
		"= d.date AND d2.status != 'cancelled' JOIN cohort c2 ON c2.id "
		"= s2.cohort_id AND c2.state != 'cancelled' JOIN user u ON "
		"u.id = s.user_id WHERE d.cohort_id = ?1 AND d.status != "
		"'cancelled' ORDER BY d.date LIMIT 50",
	/* Active users who fit a staff role, of the cohort's job centre or
	 * provider, or of a psychiatry partner (mentors in model 2). */
	[COHORT_SQL_STAFF_CANDIDATES] =
		"SELECT u.id, u.name, u.role, o.name FROM user u JOIN "
		"organisation o ON o.id = u.organisation_id JOIN cohort c ON "
		"c.id = ?1 WHERE u.active AND u.role IN ('project_leader', "
		"'instructor', 'consultant', 'mentor') AND (o.id IN "
		"(c.job_centre_id, c.provider_id) OR o.kind = 'psychiatry') "
		"ORDER BY u.role, u.name LIMIT 500",
	[COHORT_SQL_USER_ROLE] = "SELECT role FROM user WHERE id = ?1 AND "
				 "active",
	/* The attendance follow-up triggers (attendance_stats.c reads them). */
	[COHORT_SQL_TRIGGERS] = "SELECT absence_streak, attendance_floor FROM "
				"cohort WHERE id = ?1",
	[COHORT_SQL_TRIGGERS_SET] = "UPDATE cohort SET absence_streak = ?2, "
				    "attendance_floor = ?3 WHERE id = ?1",
};

/* Binds the session's visibility parameters and today. */
void cohort_bind_viewer(sqlite3_stmt *st, const struct session *s)
{
	char today[DATE_ISO_LEN + 1];

	date_format_iso(date_today(), today);
	sqlite3_bind_int64(st, 1, s->user_id);
	sqlite3_bind_int64(st, 2, s->organisation_id);
	sqlite3_bind_text(st, 3, role_name(s->role), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, today, -1, SQLITE_TRANSIENT);
}

static date_t cohort_column_date(sqlite3_stmt *st, int col)
{
	date_t d = 0;

	date_parse_iso(db_text(st, col), &d);
	return d;
}

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
	c->plan.first_teaching_day = cohort_column_date(st, 9);
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
	c->referral_start = cohort_column_date(st, 20);
	c->prep_start = cohort_column_date(st, 21);
	c->teaching_end = cohort_column_date(st, 22);
	c->internship_start = cohort_column_date(st, 23);
	c->internship_end = cohort_column_date(st, 24);
	c->aftercare_start = cohort_column_date(st, 25);
	for (i = 0; i < COHORT_STATUS__MAX; i++)
		if (strcmp(db_text(st, 26), cohort_status_names[i]) == 0)
			c->status = i;
}

int cohort_get(struct db *db, const struct session *s, int64_t id,
	       struct cohort *c)
{
	sqlite3_stmt *st = db_stmt(db, cohort_sql[COHORT_SQL_GET]);
	int rc;

	if (st == NULL)
		return -1;
	cohort_bind_viewer(st, s);
	sqlite3_bind_int64(st, 5, id);
	rc = db_step(db, st);
	if (rc == SQLITE_ROW)
		cohort_read_row(st, c);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

bool cohort_may_manage(const struct session *s, const struct cohort *c)
{
	return s->role == ROLE_PROJECT_LEADER &&
	       (s->organisation_id == c->job_centre_id ||
		s->organisation_id == c->provider_id);
}

/* Closure days of a cohort, for the plan. Caller frees *out. */
static int cohort_closures(struct db *db, int64_t id, date_t **out, size_t *n)
{
	sqlite3_stmt *st = db_stmt(db, cohort_sql[COHORT_SQL_CLOSURES]);
	date_t *days = NULL, *grown;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	while ((rc = db_step(db, st)) == SQLITE_ROW && *n < PLAN_CLOSURES_MAX) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			grown = realloc(days, cap * sizeof(*days));
			if (grown == NULL)
				break;
			days = grown;
		}
		if (date_parse_iso(db_text(st, 0), &days[*n]) == 0)
			(*n)++;
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

/* Reading a cohort from a form or JSON: one declaration for both. */

static const struct form_spec cohort_form[] = {
	{"name", "Holdets navn", FIELD_TEXT, false, 1, 200, NULL},
	{"job_centre_id", "Jobcenter", FIELD_INT, false, 1, 9007199254740991L,
	 NULL},
	{"provider_id", "Udbyder", FIELD_INT, false, 1, 9007199254740991L,
	 NULL},
	{"org_model", "Organisationsmodel", FIELD_INT, false, 1, 3, NULL},
	{"venue_name", "Undervisningssted", FIELD_TEXT, false, 1, 200, NULL},
	{"venue_address", "Adresse", FIELD_TEXT, false, 1, 300, NULL},
	{"first_teaching_day", "Første undervisningsdag", FIELD_DATE, false, 0,
	 0, NULL},
	{"prep_weeks", "Forberedelse (uger)", FIELD_INT, false, 1, 4, NULL},
	{"teaching_weeks", "Undervisning (uger)", FIELD_INT, false, 2, 4, NULL},
	{"internship_weeks", "Praktik (uger)", FIELD_INT, false, 1, 52, NULL},
	{"weekly_teaching_weekday", "Ugentlig undervisningsdag", FIELD_INT,
	 false, 1, 5, NULL},
	{"start_time", "Starttidspunkt", FIELD_TIME, false, 0, 0, NULL},
	{"end_time", "Sluttidspunkt", FIELD_TIME, false, 0, 0, NULL},
	{"capacity", "Antal pladser", FIELD_INT, false, COHORT_CAPACITY_MIN,
	 COHORT_CAPACITY_MAX, NULL},
	{"absence_streak", "Fravær uden afbud i træk før opfølgning",
	 FIELD_INT, false, 1, 20, NULL},
	{"attendance_floor", "Fremmøde under (procent) før opfølgning",
	 FIELD_INT, false, 1, 100, NULL},
};
enum {
	CF_NAME,
	CF_JOB_CENTRE,
	CF_PROVIDER,
	CF_MODEL,
	CF_VENUE,
	CF_ADDRESS,
	CF_FIRST_DAY,
	CF_PREP,
	CF_TEACHING,
	CF_INTERNSHIP,
	CF_WEEKLY,
	CF_START,
	CF_END,
	CF_CAPACITY,
	CF_STREAK,
	CF_FLOOR,
	CF__N
};

/* When attendance flags a participant (sql/0005-attendance.sql). */
struct cohort_triggers {
	int absence_streak; /* absences without notice in a row, 1..20 */
	int attendance_floor; /* percent over the last two weeks, 1..100 */
};

static const struct cohort_triggers cohort_default_triggers = {2, 75};

/* What a create or change says, over the cohort it starts from. */
struct cohort_change {
	struct cohort c;
	const char *criteria[COHORT_CRITERIA_MAX + 1]; /* NULL-terminated */
	bool criteria_given;
	char *criteria_text; /* owns the strings criteria point into */
	bool plan_changed;
	struct cohort_triggers triggers, old_triggers;
};

static void cohort_change_free(struct cohort_change *ch)
{
	free(ch->criteria_text);
	ch->criteria_text = NULL;
}

/* Copies a validated text into a fixed field. */
#define COHORT_COPY(dst, v) snprintf((dst), sizeof(dst), "%s", (v).s)

static void cohort_apply_values(struct cohort *c, const struct form_value *v)
{
	struct plan_input *p = &c->plan;

	if (v[CF_NAME].present)
		COHORT_COPY(c->name, v[CF_NAME]);
	if (v[CF_JOB_CENTRE].present)
		c->job_centre_id = v[CF_JOB_CENTRE].i;
	if (v[CF_PROVIDER].present)
		c->provider_id = v[CF_PROVIDER].i;
	if (v[CF_MODEL].present)
		c->org_model = (int)v[CF_MODEL].i;
	if (v[CF_VENUE].present)
		COHORT_COPY(c->venue_name, v[CF_VENUE]);
	if (v[CF_ADDRESS].present)
		COHORT_COPY(c->venue_address, v[CF_ADDRESS]);
	if (v[CF_FIRST_DAY].present)
		p->first_teaching_day = (date_t)v[CF_FIRST_DAY].i;
	if (v[CF_PREP].present)
		p->prep_weeks = (int)v[CF_PREP].i;
	if (v[CF_TEACHING].present)
		p->teaching_weeks = (int)v[CF_TEACHING].i;
	if (v[CF_INTERNSHIP].present)
		p->internship_weeks = (int)v[CF_INTERNSHIP].i;
	if (v[CF_WEEKLY].present)
		p->weekly_teaching_weekday = (int)v[CF_WEEKLY].i;
	if (v[CF_START].present)
		p->start_min = (int)v[CF_START].i;
	if (v[CF_END].present)
		p->end_min = (int)v[CF_END].i;
	if (v[CF_CAPACITY].present)
		c->capacity = (int)v[CF_CAPACITY].i;
}

/* teaching_weekdays: checkboxes on pages, an array in JSON; each 1..5. */
static int cohort_read_weekdays(const struct form *f, unsigned *mask,
				struct form_invalid *bad)
{
	size_t i, n = form_count(f, "teaching_weekdays");
	unsigned m = 0;

	if (n == 0)
		return 0;
	for (i = 0; i < n; i++) {
		const char *s = form_get_nth(f, "teaching_weekdays", i);

		if (s[0] == '\0' && n == 1)
			break;
		if (s[0] < '1' || s[0] > '5' || s[1] != '\0') {
			bad->field = "teaching_weekdays";
			snprintf(bad->message, sizeof(bad->message),
				 "Undervisningsdage skal være hverdage "
				 "(mandag til fredag).");
			return -1;
		}
		m |= PLAN_WEEKDAY_BIT(s[0] - '0');
	}
	*mask = m;
	return 0;
}

/* target_group: one value per criterion (JSON array), or one text with a
 * criterion per line (the page's text area). */
static int cohort_read_criteria(const struct form *f, struct cohort_change *ch,
				struct form_invalid *bad)
{
	size_t i, n = form_count(f, "target_group"), total = 0, k = 0;
	char *p, *line, *save = NULL;

	if (n == 0)
		return 0;
	for (i = 0; i < n; i++)
		total += strlen(form_get_nth(f, "target_group", i)) + 1;
	ch->criteria_text = malloc(total + 1);
	if (ch->criteria_text == NULL)
		return -1;
	p = ch->criteria_text;
	for (i = 0; i < n; i++) {
		const char *s = form_get_nth(f, "target_group", i);
		size_t len = strlen(s);

		memcpy(p, s, len);
		p[len] = '\n';
		p += len + 1;
	}
	*p = '\0';
	ch->criteria_given = true;
	for (line = strtok_r(ch->criteria_text, "\r\n", &save); line;
	     line = strtok_r(NULL, "\r\n", &save)) {
		while (*line == ' ' || *line == '\t' || *line == '-')
			line++;
		if (*line == '\0')
			continue;
		if (k == COHORT_CRITERIA_MAX || form_utf8_length(line) > 500 ||
		    !form_utf8_valid(line, strlen(line))) {
			bad->field = "target_group";
			snprintf(bad->message, sizeof(bad->message),
				 "Målgruppen kan have højst %d kriterier på "
				 "højst 500 tegn hver.",
				 COHORT_CRITERIA_MAX);
			return -1;
		}
		ch->criteria[k++] = line;
	}
	ch->criteria[k] = NULL;
	return 0;
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

/* Is organisation id of kind? */
static bool cohort_org_is(struct db *db, int64_t id, const char *kind)
{
	return db_text_is(db, cohort_sql[COHORT_SQL_ORG_KIND], id, kind);
}

static int cohort_invalid(struct form_invalid *bad, const char *field,
			  const char *message)
{
	bad->field = field;
	snprintf(bad->message, sizeof(bad->message), "%s", message);
	return -1;
}

/* The rules that need more than one field or the database. */
static int cohort_check(struct req *r, struct cohort_change *ch,
			const struct cohort *old, struct form_invalid *bad)
{
	struct cohort *c = &ch->c;
	struct plan p;
	struct plan_error err;

	if (c->name[0] == '\0')
		return cohort_invalid(bad, "name", "Holdets navn skal udfyldes.");
	if (c->venue_name[0] == '\0' || c->venue_address[0] == '\0')
		return cohort_invalid(bad, c->venue_name[0] ? "venue_address"
							    : "venue_name",
				      "Undervisningssted og adresse skal "
				      "udfyldes.");
	if (c->plan.first_teaching_day == 0)
		return cohort_invalid(bad, "first_teaching_day",
				      "Første undervisningsdag skal udfyldes.");
	if (!cohort_org_is(r->db, c->job_centre_id, "job_centre"))
		return cohort_invalid(bad, "job_centre_id",
				      "Vælg et jobcenter.");
	if (!cohort_org_is(r->db, c->provider_id, "provider"))
		return cohort_invalid(bad, "provider_id",
				      "Vælg en kursusudbyder.");
	if (r->session->organisation_id != c->job_centre_id &&
	    r->session->organisation_id != c->provider_id)
		return cohort_invalid(bad, "provider_id",
				      "Holdet skal høre til din organisation "
				      "som jobcenter eller udbyder.");
	if (plan_derive(&c->plan, &p, &err) < 0)
		return cohort_invalid(bad,
				      err.field ? err.field
						: "first_teaching_day",
				      err.message);
	plan_free(&p);
	ch->plan_changed = old == NULL || !cohort_plan_equal(&old->plan,
							     &c->plan);
	if (old && ch->plan_changed &&
	    old->plan.first_teaching_day <= date_today())
		return cohort_invalid(bad, "first_teaching_day",
				      "Planen kan ikke ændres, når "
				      "undervisningen er begyndt. Ret de "
				      "enkelte dage i stedet.");
	if (old && c->capacity < old->capacity) {
		int admitted = participant_admitted_count(r->db, c->id);

		if (admitted < 0)
			return cohort_invalid(bad, NULL, "Der opstod en fejl.");
		if (c->capacity < admitted) {
			snprintf(bad->message, sizeof(bad->message),
				 "Holdet har %d optagne deltagere; antallet af "
				 "pladser kan ikke være lavere.",
				 admitted);
			bad->field = "capacity";
			return -1;
		}
	}
	return 0;
}

/* The stored triggers of cohort id (the defaults for 0). 0 or -1. */
static int cohort_triggers_of(struct db *db, int64_t id,
			      struct cohort_triggers *t)
{
	sqlite3_stmt *st;
	int rc;

	*t = cohort_default_triggers;
	if (id == 0)
		return 0;
	st = db_stmt(db, cohort_sql[COHORT_SQL_TRIGGERS]);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	rc = db_step(db, st);
	if (rc == SQLITE_ROW) {
		t->absence_streak = sqlite3_column_int(st, 0);
		t->attendance_floor = sqlite3_column_int(st, 1);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

/*
 * Reads f over base (defaults for a new cohort, the stored cohort for a
 * change) into ch. 0, or -1 with bad filled.
 */
static int cohort_read(struct req *r, const struct form *f,
		       const struct cohort *base, const struct cohort *old,
		       struct cohort_change *ch, struct form_invalid *bad)
{
	struct form_value v[CF__N];
	int rc;

	memset(ch, 0, sizeof(*ch));
	ch->c = *base;
	if (cohort_triggers_of(r->db, old ? old->id : 0, &ch->triggers) < 0)
		return cohort_invalid(bad, NULL, "Der opstod en fejl.");
	ch->old_triggers = ch->triggers;
	if (form_validate(f, cohort_form, CF__N, v, bad) < 0)
		return -1;
	cohort_apply_values(&ch->c, v);
	if (v[CF_STREAK].present)
		ch->triggers.absence_streak = (int)v[CF_STREAK].i;
	if (v[CF_FLOOR].present)
		ch->triggers.attendance_floor = (int)v[CF_FLOOR].i;
	form_values_free(v, CF__N);
	rc = cohort_read_weekdays(f, &ch->c.plan.teaching_weekdays, bad);
	if (rc == 0)
		rc = cohort_read_criteria(f, ch, bad);
	if (rc == 0)
		rc = cohort_check(r, ch, old, bad);
	if (rc < 0 && bad->field == NULL)
		cohort_invalid(bad, NULL, "Der opstod en fejl.");
	return rc;
}

static void cohort_defaults(struct cohort *c, const struct session *s)
{
	memset(c, 0, sizeof(*c));
	plan_input_defaults(&c->plan);
	c->plan.first_teaching_day = 0;
	c->org_model = 1;
	c->capacity = COHORT_CAPACITY_RECOMMENDED;
	c->provider_id = s->organisation_id;
	snprintf(c->state, sizeof(c->state), "planning");
}

/* Saving. */

static void cohort_bind_row(sqlite3_stmt *st, const struct cohort *c,
			    const struct plan *p)
{
	char d[8][DATE_ISO_LEN + 1];

	date_format_iso(c->plan.first_teaching_day, d[0]);
	date_format_iso(p->referral_start, d[1]);
	date_format_iso(p->prep_start, d[2]);
	date_format_iso(p->teaching_end, d[3]);
	date_format_iso(p->internship_start, d[4]);
	date_format_iso(p->internship_end, d[5]);
	date_format_iso(p->aftercare_start, d[6]);
	sqlite3_bind_text(st, 1, c->name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, c->job_centre_id);
	sqlite3_bind_int64(st, 3, c->provider_id);
	sqlite3_bind_int(st, 4, c->org_model);
	sqlite3_bind_text(st, 5, c->venue_name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, c->venue_address, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, d[0], -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 8, c->plan.prep_weeks);
	sqlite3_bind_int(st, 9, c->plan.teaching_weeks);
	sqlite3_bind_int(st, 10, (int)c->plan.teaching_weekdays);
	sqlite3_bind_int(st, 11, c->plan.start_min);
	sqlite3_bind_int(st, 12, c->plan.end_min);
	sqlite3_bind_int(st, 13, c->plan.internship_weeks);
	sqlite3_bind_int(st, 14, c->plan.weekly_teaching_weekday);
	sqlite3_bind_int(st, 15, c->capacity);
	sqlite3_bind_text(st, 16, d[1], -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 17, d[2], -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 18, d[3], -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 19, d[4], -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 20, d[5], -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 21, d[6], -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 22, http_now());
}

static int cohort_save_criteria(struct db *w, int64_t id,
				const char *const *criteria)
{
	sqlite3_stmt *st = db_stmt(w, cohort_sql[COHORT_SQL_CRITERIA_CLEAR]);
	int i;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	if (db_exec_stmt(w, st) != DB_OK)
		return -1;
	for (i = 0; criteria[i]; i++) {
		st = db_stmt(w, cohort_sql[COHORT_SQL_CRITERION_ADD]);
		if (st == NULL)
			return -1;
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int(st, 2, i + 1);
		sqlite3_bind_text(st, 3, criteria[i], -1, SQLITE_STATIC);
		if (db_exec_stmt(w, st) != DB_OK)
			return -1;
	}
	return 0;
}

static int cohort_staff_insert(struct db *w, int64_t cohort, int64_t user,
			       const char *role)
{
	sqlite3_stmt *st = db_stmt(w, cohort_sql[COHORT_SQL_STAFF_ADD]);

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, cohort);
	sqlite3_bind_int64(st, 2, user);
	sqlite3_bind_text(st, 3, role, -1, SQLITE_STATIC);
	return db_exec_stmt(w, st) == DB_OK ? 0 : -1;
}

/* The attendance triggers, when they changed (a new cohort starts from
 * the columns' defaults); the flags follow at once. */
static int cohort_save_triggers(struct db *w, int64_t id,
				const struct cohort_change *ch)
{
	sqlite3_stmt *st;

	if (memcmp(&ch->triggers, &ch->old_triggers, sizeof(ch->triggers)) == 0)
		return 0;
	st = db_stmt(w, cohort_sql[COHORT_SQL_TRIGGERS_SET]);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, ch->triggers.absence_streak);
	sqlite3_bind_int(st, 3, ch->triggers.attendance_floor);
	if (db_exec_stmt(w, st) != DB_OK)
		return -1;
	return attendance_stats_refresh_cohort(w, id);
}

/* Writes the cohort row, target group, rebuilt days and audit row. */
static int cohort_write(struct db *w, struct req *r, struct cohort_change *ch,
			int64_t *id)
{
	struct cohort *c = &ch->c;
	struct audit_entry e = audit_for(r, *id ? "cohort.update"
						: "cohort.create");
	struct plan p = {0};
	sqlite3_stmt *st;
	int rc = -1;

	if (cohort_plan(w, c, &p) < 0)
		return -1;
	st = db_stmt(w, cohort_sql[*id ? COHORT_SQL_UPDATE : COHORT_SQL_ADD]);
	if (st == NULL)
		goto out;
	cohort_bind_row(st, c, &p);
	if (*id)
		sqlite3_bind_int64(st, 23, *id);
	if (db_exec_stmt(w, st) != DB_OK)
		goto out;
	if (*id == 0) {
		*id = db_last_id(w);
		c->id = *id;
		if (!ch->criteria_given) {
			memcpy(ch->criteria, cohort_default_criteria,
			       sizeof(cohort_default_criteria));
			ch->criteria_given = true;
		}
		if (cohort_staff_insert(w, *id, r->session->user_id,
					"project_leader") < 0)
			goto out;
	}
	if (ch->criteria_given && cohort_save_criteria(w, *id, ch->criteria) < 0)
		goto out;
	if (ch->plan_changed && day_rebuild(w, *id, &p) < 0)
		goto out;
	if (cohort_save_triggers(w, *id, ch) < 0)
		goto out;
	e.subject_type = "cohort";
	e.subject_id = *id;
	e.subject = c->name;
	e.detail = ch->plan_changed ? "plan" : "";
	if (memcmp(&ch->triggers, &ch->old_triggers, sizeof(ch->triggers)))
		e.detail = ch->plan_changed ? "plan triggers" : "triggers";
	rc = audit_write(w, &e);
out:
	plan_free(&p);
	return rc;
}

/* Saves ch (new when *id is 0) in one transaction. 0 or -1. */
static int cohort_save(struct req *r, struct cohort_change *ch, int64_t *id)
{
	struct db *w = db_writer_lock();
	int rc = -1;

	if (db_begin(w) == 0 && cohort_write(w, r, ch, id) == 0 &&
	    db_commit(w) == 0)
		rc = 0;
	db_rollback(w);
	db_writer_unlock(w);
	return rc;
}

int cohort_create_from(struct req *r, const struct form *f, int64_t *id,
		       struct form_invalid *bad)
{
	struct cohort_change ch;
	struct cohort base;
	int rc;

	cohort_defaults(&base, r->session);
	rc = cohort_read(r, f, &base, NULL, &ch, bad);
	if (rc == 0)
		rc = cohort_save(r, &ch, id) < 0 ? 500 : 0;
	else
		rc = 422;
	cohort_change_free(&ch);
	return rc;
}

/* Views. */

static void cohort_view_date(struct view *v, const char *name, date_t d)
{
	char iso[DATE_ISO_LEN + 1], da[64], key[64];

	date_format_iso(d, iso);
	date_format_da(d, da, sizeof(da));
	view_set(v, name, iso);
	snprintf(key, sizeof(key), "%s_da", name);
	view_set(v, key, da);
}

static void cohort_view_basics(struct view *v, const struct cohort *c)
{
	char t[6];

	view_set_int(v, "id", c->id);
	view_set(v, "name", c->name);
	view_set(v, "status", cohort_status_names[c->status]);
	view_set(v, "status_label", cohort_status_label(c->status));
	view_set(v, "job_centre", c->job_centre);
	view_set(v, "provider", c->provider);
	view_set(v, "venue_name", c->venue_name);
	view_set(v, "venue_address", c->venue_address);
	view_set_int(v, "capacity", c->capacity);
	view_set(v, "cancel_reason", c->cancel_reason);
	view_set(v, "model_label", cohort_model_labels[c->org_model & 3]);
	cohort_view_date(v, "first_teaching_day", c->plan.first_teaching_day);
	date_format_hhmm(c->plan.start_min, t);
	view_set(v, "start_time", t);
	date_format_hhmm(c->plan.end_min, t);
	view_set(v, "end_time", t);
}

int cohort_list_page(struct req *r)
{
	const char *status = http_query(r, "status");
	sqlite3_stmt *st = db_stmt(r->db, cohort_sql[COHORT_SQL_LIST]);
	struct view *v = view_new();
	struct cohort c;
	int i, rc;

	if (v == NULL || st == NULL) {
		view_free(v);
		return http_error(r, 500, NULL);
	}
	if (status == NULL || !*status)
		status = "";
	view_set(v, "title", "Hold");
	view_set_bool(v, "may_create", r->session->role == ROLE_PROJECT_LEADER);
	for (i = 0; i < COHORT_STATUS__MAX; i++) {
		struct view *o = view_add(v, "statuses");

		view_set(o, "value", cohort_status_names[i]);
		view_set(o, "label", cohort_status_label(i));
		view_set_bool(o, "selected",
			      strcmp(status, cohort_status_names[i]) == 0);
	}
	view_list(v, "cohorts");
	cohort_bind_viewer(st, r->session);
	sqlite3_bind_text(st, 5, status, -1, SQLITE_STATIC);
	while ((rc = db_step(r->db, st)) == SQLITE_ROW) {
		struct view *row = view_add(v, "cohorts");

		cohort_read_row(st, &c);
		cohort_view_basics(row, &c);
		view_set_int(row, "days", sqlite3_column_int64(st, 27));
	}
	sqlite3_reset(st);
	rc = rc == SQLITE_DONE ? http_page(r, 200, "cohorts.html", v)
			       : http_error(r, 500, NULL);
	view_free(v);
	return rc;
}

static void cohort_org_choices(struct req *r, struct view *v,
			       const struct cohort *c)
{
	organisations_options_of(r->db, v, "job_centres", "job_centre",
				 c->job_centre_id);
	organisations_options_of(r->db, v, "providers", "provider",
				 c->provider_id);
}

static void cohort_form_view(struct req *r, struct view *v,
			     const struct cohort *c,
			     const char *const *criteria,
			     const struct cohort_triggers *tr)
{
	static const char *const weekdays[5] = {"Mandag", "Tirsdag", "Onsdag",
						"Torsdag", "Fredag"};
	struct buf text = BUF_INIT(16384);
	char t[6];
	int i;

	cohort_view_basics(v, c);
	cohort_org_choices(r, v, c);
	view_set_int(v, "org_model", c->org_model);
	view_set_int(v, "prep_weeks", c->plan.prep_weeks);
	view_set_int(v, "teaching_weeks", c->plan.teaching_weeks);
	view_set_int(v, "internship_weeks", c->plan.internship_weeks);
	view_set_int(v, "absence_streak", tr->absence_streak);
	view_set_int(v, "attendance_floor", tr->attendance_floor);
	for (i = 1; i <= 5; i++) {
		struct view *d = view_add(v, "weekdays");

		view_set_int(d, "value", i);
		view_set(d, "label", weekdays[i - 1]);
		view_set_bool(d, "checked", c->plan.teaching_weekdays &
						    PLAN_WEEKDAY_BIT(i));
		view_set_bool(d, "weekly", c->plan.weekly_teaching_weekday == i);
	}
	for (i = 1; i <= 3; i++) {
		struct view *m = view_add(v, "models");

		view_set_int(m, "value", i);
		view_set(m, "label", cohort_model_labels[i]);
		view_set_bool(m, "checked", c->org_model == i);
	}
	if (c->plan.first_teaching_day == 0)
		view_set(v, "first_teaching_day", "");
	date_format_hhmm(c->plan.start_min, t);
	view_set(v, "start_time", t);
	for (i = 0; criteria && criteria[i]; i++)
		buf_printf(&text, "%s%s", i ? "\n" : "", criteria[i]);
	view_set(v, "target_group", text.data);
	buf_free(&text);
}

/* t NULL: the stored triggers (the defaults for a new cohort). */
static int cohort_form_render(struct req *r, int status,
			      const struct cohort *c,
			      const char *const *criteria,
			      const struct cohort_triggers *t,
			      const char *error, const char *field)
{
	struct cohort_triggers stored;
	struct view *v = view_new();
	int rc;

	if (t == NULL && cohort_triggers_of(r->db, c->id, &stored) == 0)
		t = &stored;
	if (v == NULL || t == NULL) {
		view_free(v);
		return http_error(r, 500, NULL);
	}
	view_set(v, "title", c->id ? "Ret hold" : "Nyt hold");
	view_set_bool(v, "editing", c->id != 0);
	view_set(v, "error", error);
	view_set(v, "error_field", field);
	cohort_form_view(r, v, c, criteria, t);
	rc = http_page(r, status, "cohort_form.html", v);
	view_free(v);
	return rc;
}

int cohort_new_page(struct req *r)
{
	struct cohort c;

	cohort_defaults(&c, r->session);
	return cohort_form_render(r, 200, &c, cohort_default_criteria, NULL,
				  NULL, NULL);
}

int cohort_create(struct req *r)
{
	struct cohort_change ch;
	struct form_invalid bad = {0};
	struct cohort base;
	int64_t id = 0;
	char loc[64];
	int rc;

	cohort_defaults(&base, r->session);
	if (cohort_read(r, &r->form, &base, NULL, &ch, &bad) < 0) {
		rc = cohort_form_render(r, 422, &ch.c,
					ch.criteria_given ? ch.criteria
							  : cohort_default_criteria,
					&ch.triggers, bad.message, bad.field);
		cohort_change_free(&ch);
		return rc;
	}
	rc = cohort_save(r, &ch, &id);
	cohort_change_free(&ch);
	if (rc < 0)
		return http_error(r, 500, NULL);
	snprintf(loc, sizeof(loc), "/cohorts/%lld", (long long)id);
	return http_redirect(r, loc);
}

int cohort_for_request(struct req *r, int64_t id, struct cohort *c,
		       bool manage)
{
	int rc = cohort_get(r->db, r->session, id, c);

	if (rc < 0)
		return http_error(r, 500, NULL);
	if (rc > 0)
		return http_error(r, 404, NULL);
	if (manage && !cohort_may_manage(r->session, c))
		return http_error(r, 403, "Kun holdets projektledere kan ændre "
					  "holdet.");
	return 0;
}

/* The path's cohort ({id}); see cohort_for_request. */
static int cohort_load(struct req *r, struct cohort *c, bool manage)
{
	return cohort_for_request(r, r->params[0], c, manage);
}

typedef void (*cohort_row_fn)(void *ctx, sqlite3_stmt *st);

static int cohort_rows(struct db *db, enum cohort_sql which, int64_t id,
		       cohort_row_fn fn, void *ctx)
{
	sqlite3_stmt *st = db_stmt(db, cohort_sql[which]);
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	while ((rc = db_step(db, st)) == SQLITE_ROW)
		fn(ctx, st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static void cohort_criterion_view(void *ctx, sqlite3_stmt *st)
{
	view_set(view_add(ctx, "criteria"), "text", db_text(st, 0));
}

static const char *cohort_staff_label(const char *role)
{
	return strcmp(role, "project_leader") == 0 ? "Projektleder"
	       : strcmp(role, "instructor") == 0   ? "Underviser"
	       : strcmp(role, "consultant") == 0   ? "Virksomhedskonsulent"
						   : "Mentor";
}

static void cohort_staff_view(void *ctx, sqlite3_stmt *st)
{
	struct view *s = view_add(ctx, "staff");

	view_set_int(s, "user_id", sqlite3_column_int64(st, 0));
	view_set(s, "name", db_text(st, 1));
	view_set(s, "role", db_text(st, 2));
	view_set(s, "role_label", cohort_staff_label(db_text(st, 2)));
}

static void cohort_conflict_view(void *ctx, sqlite3_stmt *st)
{
	struct view *s = view_add(ctx, "conflicts");
	date_t d = 0;
	char da[64];

	date_parse_iso(db_text(st, 0), &d);
	date_format_da(d, da, sizeof(da));
	view_set(s, "date_da", da);
	view_set(s, "instructor", db_text(st, 1));
	view_set(s, "other_cohort", db_text(st, 2));
}

static void cohort_candidate_view(void *ctx, sqlite3_stmt *st)
{
	struct view *s = view_add(ctx, "candidates");
	int role = role_parse(db_text(st, 2));

	view_set_int(s, "id", sqlite3_column_int64(st, 0));
	view_set(s, "name", db_text(st, 1));
	view_set(s, "role", db_text(st, 2));
	view_set(s, "role_label", role_label(role < 0 ? ROLE__MAX : role));
	view_set(s, "organisation", db_text(st, 3));
}

static void cohort_phase_view(struct view *v, const char *label, date_t from,
			      date_t to)
{
	struct view *ph = view_add(v, "phases");
	char da[64];

	view_set(ph, "label", label);
	date_format_da(from, da, sizeof(da));
	view_set(ph, "from", da);
	if (to) {
		date_format_da(to, da, sizeof(da));
		view_set(ph, "to", da);
	}
}

static void cohort_plan_view(struct view *v, const struct plan *p)
{
	char text[256];
	size_t i;

	cohort_phase_view(v, "Henvisning", p->referral_start,
			  p->referral_deadline);
	cohort_phase_view(v, "Forberedelse", p->prep_start, p->prep_end);
	cohort_phase_view(v, "Undervisning", p->teaching_start,
			  p->teaching_end);
	cohort_phase_view(v, "Praktik og opfølgning", p->internship_start,
			  p->internship_end);
	cohort_phase_view(v, "Efterværn", p->aftercare_start, 0);
	view_set_int(v, "total_weeks", p->total_weeks);
	view_set_int(v, "teaching_days", (long)p->nteaching_days);
	view_set_int(v, "weekly_days", (long)p->nweekly_days);
	view_list(v, "warnings");
	for (i = 0; i < p->nwarnings; i++) {
		plan_warning_format(&p->warnings[i], text, sizeof(text));
		view_set(view_add(v, "warnings"), "text", text);
	}
}

static void cohort_capacity_view(struct view *v, const struct cohort *c)
{
	view_set_bool(v, "over_recommended",
		      c->capacity > COHORT_CAPACITY_RECOMMENDED);
}

/* The cohort's row of the outcome report, once it has participants. */
static int cohort_report_view(struct req *r, const struct cohort *c,
			      struct view *v)
{
	struct report_row n;
	struct view *t;

	if (r->session->role == ROLE_MENTOR)
		return 0;
	if (report_cohort(r->db, c->id, &n) < 0)
		return -1;
	if (n.referred == 0)
		return 0;
	t = view_add(v, "report");
	view_set_int(t, "referred", n.referred);
	view_set_int(t, "started", n.started);
	view_set_int(t, "completed", n.completed);
	view_set_int(t, "job", n.job);
	view_set_int(t, "education", n.education);
	view_set_int(t, "extended_internship", n.extended_internship);
	view_set_int(t, "other", n.other);
	return 0;
}

/* The attendance triggers, and links to the numbers for those who may
 * see them (attendance_stats.c: leaders, instructors, caseworkers). */
static int cohort_attendance_view(struct req *r, const struct cohort *c,
				  struct view *v)
{
	enum role role = r->session->role;
	struct cohort_triggers t;

	if (cohort_triggers_of(r->db, c->id, &t) < 0)
		return -1;
	view_set_int(v, "absence_streak", t.absence_streak);
	view_set_int(v, "attendance_floor", t.attendance_floor);
	view_set_bool(v, "sees_attendance", role == ROLE_PROJECT_LEADER ||
						    role == ROLE_INSTRUCTOR ||
						    role == ROLE_CASEWORKER);
	return 0;
}

int cohort_page(struct req *r)
{
	struct cohort c;
	struct plan p = {0};
	struct view *v;
	int rc = cohort_load(r, &c, false);

	if (rc)
		return rc;
	v = view_new();
	if (v == NULL || cohort_plan(r->db, &c, &p) < 0) {
		view_free(v);
		return http_error(r, 500, NULL);
	}
	view_set(v, "title", c.name);
	cohort_view_basics(v, &c);
	cohort_plan_view(v, &p);
	cohort_capacity_view(v, &c);
	view_set_bool(v, "may_manage", cohort_may_manage(r->session, &c));
	view_set_bool(v, "planning", c.status == COHORT_PLANNING);
	view_set_bool(v, "referral_open", c.status == COHORT_REFERRAL_OPEN);
	view_set_bool(v, "cancelled", c.status == COHORT_CANCELLED);
	rc = cohort_attendance_view(r, &c, v);
	view_list(v, "criteria");
	view_list(v, "staff");
	view_list(v, "conflicts");
	view_list(v, "candidates");
	if (rc == 0)
		rc = cohort_rows(r->db, COHORT_SQL_CRITERIA, c.id,
				 cohort_criterion_view, v);
	if (rc == 0)
		rc = cohort_rows(r->db, COHORT_SQL_STAFF, c.id,
				 cohort_staff_view, v);
	if (rc == 0)
		rc = cohort_rows(r->db, COHORT_SQL_CONFLICTS, c.id,
				 cohort_conflict_view, v);
	if (rc == 0 && cohort_may_manage(r->session, &c))
		rc = cohort_rows(r->db, COHORT_SQL_STAFF_CANDIDATES, c.id,
				 cohort_candidate_view, v);
	if (rc == 0)
		rc = day_view_list(r->db, c.id, v);
	if (rc == 0)
		rc = closure_view_list(r->db, c.id, v);
	if (rc == 0)
		rc = participant_cohort_view(r, &c, v);
	if (rc == 0)
		rc = cohort_report_view(r, &c, v);
	plan_free(&p);
	rc = rc == 0 ? http_page(r, 200, "cohort.html", v)
		     : http_error(r, 500, NULL);
	view_free(v);
	return rc;
}

/* The stored criteria as a NULL-terminated list for the edit form. */
struct cohort_criteria_list {
	char *text[COHORT_CRITERIA_MAX + 1];
	size_t n;
};

static void cohort_criterion_copy(void *ctx, sqlite3_stmt *st)
{
	struct cohort_criteria_list *l = ctx;

	if (l->n < COHORT_CRITERIA_MAX)
		l->text[l->n++] = strdup(db_text(st, 0));
}

static void cohort_criteria_free(struct cohort_criteria_list *l)
{
	while (l->n)
		free(l->text[--l->n]);
}

int cohort_edit_page(struct req *r)
{
	struct cohort_criteria_list l = {0};
	struct cohort c;
	int rc = cohort_load(r, &c, true);

	if (rc)
		return rc;
	if (cohort_rows(r->db, COHORT_SQL_CRITERIA, c.id,
			cohort_criterion_copy, &l) < 0)
		rc = http_error(r, 500, NULL);
	else
		rc = cohort_form_render(r, 200, &c, (const char *const *)l.text,
					NULL, NULL, NULL);
	cohort_criteria_free(&l);
	return rc;
}

int cohort_update(struct req *r)
{
	struct cohort_change ch;
	struct form_invalid bad = {0};
	struct cohort c;
	char loc[64];
	int rc = cohort_load(r, &c, true);
	int64_t id = c.id;

	if (rc)
		return rc;
	if (cohort_read(r, &r->form, &c, &c, &ch, &bad) < 0) {
		rc = cohort_form_render(r, 422, &ch.c,
					ch.criteria_given ? ch.criteria : NULL,
					&ch.triggers, bad.message, bad.field);
		cohort_change_free(&ch);
		return rc;
	}
	rc = cohort_save(r, &ch, &id);
	cohort_change_free(&ch);
	if (rc < 0)
		return http_error(r, 500, NULL);
	snprintf(loc, sizeof(loc), "/cohorts/%lld", (long long)id);
	return http_redirect(r, loc);
}

/* Status changes: planning <-> referral_open, any -> cancelled (with a
 * reason), cancelled -> planning. Running and finished follow the dates.
 * Returns 0, or a status with *error set. */
int cohort_change_state(struct req *r, const struct cohort *c,
			       const char *want, const char *reason,
			       const char **error)
{
	struct audit_entry e = audit_for(r, "cohort.status");
	struct db *w;
	sqlite3_stmt *st;
	int rc = 500;

	if (strcmp(want, "running") == 0 || strcmp(want, "finished") == 0) {
		*error = "Status »I gang« og »Afsluttet« følger af holdets "
			 "datoer.";
		return 422;
	}
	if (strcmp(want, "planning") != 0 && strcmp(want, "referral_open") != 0 &&
	    strcmp(want, "cancelled") != 0) {
		*error = "Ukendt status.";
		return 422;
	}
	if (strcmp(want, "cancelled") == 0 && (reason == NULL || !*reason)) {
		*error = "Skriv hvorfor holdet aflyses.";
		return 422;
	}
	if (strcmp(want, "referral_open") == 0 &&
	    c->status == COHORT_CANCELLED) {
		*error = "Et aflyst hold skal først tilbage til planlægning.";
		return 422;
	}
	*error = NULL;
	w = db_writer_lock();
	st = db_stmt(w, cohort_sql[COHORT_SQL_STATE]);
	if (st == NULL || db_begin(w) < 0)
		goto out;
	sqlite3_bind_int64(st, 1, c->id);
	sqlite3_bind_text(st, 2, want, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, strcmp(want, "cancelled") == 0 ? reason : "",
			  -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, http_now());
	e.subject_type = "cohort";
	e.subject_id = c->id;
	e.subject = c->name;
	e.detail = want;
	if (db_exec_stmt(w, st) == DB_OK && audit_write(w, &e) == 0 &&
	    db_commit(w) == 0)
		rc = 0;
out:
	db_rollback(w);
	db_writer_unlock(w);
	return rc;
}

static const struct form_spec cohort_status_form[] = {
	{"status", "Status", FIELD_ENUM, true, 0, 0, cohort_status_names},
	{"cancel_reason", "Begrundelse", FIELD_TEXT, false, 0, 500, NULL},
};

int cohort_set_status(struct req *r)
{
	struct form_value v[2];
	struct form_invalid bad;
	const char *error = NULL;
	struct cohort c;
	char loc[64];
	int rc = cohort_load(r, &c, true);

	if (rc)
		return rc;
	if (form_validate(&r->form, cohort_status_form, 2, v, &bad) < 0)
		return http_error(r, 422, bad.message);
	rc = cohort_change_state(r, &c, v[0].s, v[1].s, &error);
	form_values_free(v, 2);
	if (rc)
		return http_error(r, rc, error);
	snprintf(loc, sizeof(loc), "/cohorts/%lld", (long long)c.id);
	return http_redirect(r, loc);
}

/* Staff. */

static const char *const cohort_staff_roles[] = {
	"project_leader", "instructor", "consultant", "mentor", NULL,
};

static const struct form_spec cohort_staff_form[] = {
	{"user_id", "Medarbejder", FIELD_INT, true, 1, 9007199254740991L,
	 NULL},
	{"role", "Rolle på holdet", FIELD_ENUM, true, 0, 0,
	 cohort_staff_roles},
};

/* The user's account role must fit the staff role. */
static bool cohort_staff_fits(struct db *db, int64_t user, const char *role)
{
	return db_text_is(db, cohort_sql[COHORT_SQL_USER_ROLE], user, role);
}

int cohort_staff_assign(struct req *r, int64_t cohort, int64_t user,
			const char *role)
{
	struct audit_entry e = audit_for(r, "cohort.staff_add");
	struct db *w = db_writer_lock();
	int rc = -1;

	if (db_begin(w) == 0 && cohort_staff_insert(w, cohort, user, role) == 0) {
		e.subject_type = "cohort";
		e.subject_id = cohort;
		e.detail = role;
		if (audit_write(w, &e) == 0 && db_commit(w) == 0)
			rc = 0;
	}
	db_rollback(w);
	db_writer_unlock(w);
	return rc;
}

/* Adds or (remove) removes a staff member with its audit row. */
static int cohort_staff_change(struct req *r, bool remove)
{
	struct audit_entry e = audit_for(r, remove ? "cohort.staff_remove"
						   : "cohort.staff_add");
	struct form_value v[2];
	struct form_invalid bad;
	struct cohort c;
	struct db *w;
	sqlite3_stmt *st;
	char loc[64];
	int rc = cohort_load(r, &c, true);

	if (rc)
		return rc;
	if (form_validate(&r->form, cohort_staff_form, 2, v, &bad) < 0)
		return http_error(r, 422, bad.message);
	if (!remove && !cohort_staff_fits(r->db, v[0].i, v[1].s)) {
		form_values_free(v, 2);
		return http_error(r, 422, "Medarbejderens rolle passer ikke "
					  "til rollen på holdet.");
	}
	w = db_writer_lock();
	rc = -1;
	if (db_begin(w) < 0)
		goto out;
	if (remove) {
		st = db_stmt(w, cohort_sql[COHORT_SQL_STAFF_REMOVE]);
		if (st == NULL)
			goto out;
		sqlite3_bind_int64(st, 1, c.id);
		sqlite3_bind_int64(st, 2, v[0].i);
		sqlite3_bind_text(st, 3, v[1].s, -1, SQLITE_STATIC);
		if (db_exec_stmt(w, st) != DB_OK)
			goto out;
	} else if (cohort_staff_insert(w, c.id, v[0].i, v[1].s) < 0) {
		goto out;
	}
	e.subject_type = "cohort";
	e.subject_id = c.id;
	e.subject = c.name;
	e.detail = v[1].s;
	if (audit_write(w, &e) == 0 && db_commit(w) == 0)
		rc = 0;
out:
	db_rollback(w);
	db_writer_unlock(w);
	form_values_free(v, 2);
	if (rc < 0)
		return http_error(r, 500, NULL);
	snprintf(loc, sizeof(loc), "/cohorts/%lld", (long long)c.id);
	return http_redirect(r, loc);
}

int cohort_staff_add(struct req *r)
{
	return cohort_staff_change(r, false);
}

int cohort_staff_remove(struct req *r)
{
	return cohort_staff_change(r, true);
}

/* GET /cohorts/{id}/timeline.svg: the phase timeline as an image. */
int cohort_timeline(struct req *r)
{
	struct buf out = BUF_INIT(1024 * 1024);
	struct timeline t;
	struct plan p = {0};
	struct cohort c;
	int rc = cohort_load(r, &c, false);

	if (rc)
		return rc;
	if (cohort_plan(r->db, &c, &p) < 0)
		return http_error(r, 500, NULL);
	timeline_from_plan(&t, &p, date_today());
	rc = timeline_svg(&out, &t);
	plan_free(&p);
	if (rc < 0 || buf_failed(&out))
		rc = http_error(r, 500, NULL);
	else
		rc = http_send(r, 200, "image/svg+xml", out.data, out.len,
			       NULL);
	buf_free(&out);
	return rc;
}

/* GET /cohorts/{id}/capacity.svg: places taken against 8, 10 and 16. */
int cohort_capacity(struct req *r)
{
	struct buf out = BUF_INIT(256 * 1024);
	struct cohort c;
	int admitted, rc = cohort_load(r, &c, false);

	if (rc)
		return rc;
	admitted = participant_admitted_count(r->db, c.id);
	if (admitted < 0 || capacity_svg(&out, admitted, c.capacity) < 0 ||
	    buf_failed(&out))
		rc = http_error(r, 500, NULL);
	else
		rc = http_send(r, 200, "image/svg+xml", out.data, out.len,
			       NULL);
	buf_free(&out);
	return rc;
}

/* The API. */

static void cohort_json_phase(cJSON *phases, const char *name, date_t from,
			      date_t to)
{
	cJSON *o = cJSON_AddObjectToObject(phases, name);
	char iso[DATE_ISO_LEN + 1];

	date_format_iso(from, iso);
	cJSON_AddStringToObject(o, "start", iso);
	if (to) {
		date_format_iso(to, iso);
		cJSON_AddStringToObject(o, "end", iso);
	}
}

static void cohort_json_criterion(void *ctx, sqlite3_stmt *st)
{
	cJSON_AddItemToArray(ctx, cJSON_CreateString(db_text(st, 0)));
}

static void cohort_json_staff(void *ctx, sqlite3_stmt *st)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddNumberToObject(o, "user_id",
				(double)sqlite3_column_int64(st, 0));
	cJSON_AddStringToObject(o, "name", db_text(st, 1));
	cJSON_AddStringToObject(o, "role", db_text(st, 2));
	cJSON_AddItemToArray(ctx, o);
}

static void cohort_json_conflict(void *ctx, sqlite3_stmt *st)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "date", db_text(st, 0));
	cJSON_AddStringToObject(o, "instructor", db_text(st, 1));
	cJSON_AddStringToObject(o, "other_cohort", db_text(st, 2));
	cJSON_AddItemToArray(ctx, o);
}

/* The cohort as JSON; with detail, its plan, target group, staff and the
 * days its instructors are booked on another cohort. */
static cJSON *cohort_json(struct db *db, const struct cohort *c, bool detail)
{
	cJSON *o = cJSON_CreateObject(), *a, *phases;
	char iso[DATE_ISO_LEN + 1], hhmm[6];
	struct cohort_triggers t;
	struct plan p;
	int i;

	cJSON_AddNumberToObject(o, "id", (double)c->id);
	cJSON_AddStringToObject(o, "name", c->name);
	cJSON_AddStringToObject(o, "status", cohort_status_names[c->status]);
	cJSON_AddNumberToObject(o, "capacity", c->capacity);
	date_format_iso(c->plan.first_teaching_day, iso);
	cJSON_AddStringToObject(o, "first_teaching_day", iso);
	cJSON_AddNumberToObject(o, "job_centre_id", (double)c->job_centre_id);
	cJSON_AddStringToObject(o, "job_centre", c->job_centre);
	cJSON_AddNumberToObject(o, "provider_id", (double)c->provider_id);
	cJSON_AddStringToObject(o, "provider", c->provider);
	cJSON_AddNumberToObject(o, "org_model", c->org_model);
	cJSON_AddStringToObject(o, "venue_name", c->venue_name);
	cJSON_AddStringToObject(o, "venue_address", c->venue_address);
	cJSON_AddNumberToObject(o, "prep_weeks", c->plan.prep_weeks);
	cJSON_AddNumberToObject(o, "teaching_weeks", c->plan.teaching_weeks);
	cJSON_AddNumberToObject(o, "internship_weeks",
				c->plan.internship_weeks);
	a = cJSON_AddArrayToObject(o, "teaching_weekdays");
	for (i = 1; i <= 7; i++)
		if (c->plan.teaching_weekdays & PLAN_WEEKDAY_BIT(i))
			cJSON_AddItemToArray(a, cJSON_CreateNumber(i));
	cJSON_AddNumberToObject(o, "weekly_teaching_weekday",
				c->plan.weekly_teaching_weekday);
	date_format_hhmm(c->plan.start_min, hhmm);
	cJSON_AddStringToObject(o, "start_time", hhmm);
	date_format_hhmm(c->plan.end_min, hhmm);
	cJSON_AddStringToObject(o, "end_time", hhmm);
	if (c->status == COHORT_CANCELLED)
		cJSON_AddStringToObject(o, "cancel_reason", c->cancel_reason);
	phases = cJSON_AddObjectToObject(o, "phases");
	cohort_json_phase(phases, "referral", c->referral_start,
			  date_add_days(c->prep_start, -1));
	cohort_json_phase(phases, "preparation", c->prep_start,
			  date_add_days(c->plan.first_teaching_day, -1));
	cohort_json_phase(phases, "teaching", c->plan.first_teaching_day,
			  c->teaching_end);
	cohort_json_phase(phases, "internship", c->internship_start,
			  c->internship_end);
	cohort_json_phase(phases, "aftercare", c->aftercare_start, 0);
	if (!detail)
		return o;
	if (cohort_plan(db, c, &p) == 0) {
		char text[256];
		size_t k;

		cJSON_AddNumberToObject(o, "total_weeks", p.total_weeks);
		a = cJSON_AddArrayToObject(o, "warnings");
		for (k = 0; k < p.nwarnings; k++) {
			plan_warning_format(&p.warnings[k], text, sizeof(text));
			cJSON_AddItemToArray(a, cJSON_CreateString(text));
		}
		plan_free(&p);
	}
	if (cohort_triggers_of(db, c->id, &t) == 0) {
		cJSON_AddNumberToObject(o, "absence_streak", t.absence_streak);
		cJSON_AddNumberToObject(o, "attendance_floor",
					t.attendance_floor);
	}
	cohort_rows(db, COHORT_SQL_CRITERIA, c->id, cohort_json_criterion,
		    cJSON_AddArrayToObject(o, "target_group"));
	cohort_rows(db, COHORT_SQL_STAFF, c->id, cohort_json_staff,
		    cJSON_AddArrayToObject(o, "staff"));
	cohort_rows(db, COHORT_SQL_CONFLICTS, c->id, cohort_json_conflict,
		    cJSON_AddArrayToObject(o, "instructor_conflicts"));
	return o;
}

int cohort_api_list(struct req *r)
{
	const char *status = http_query(r, "status");
	sqlite3_stmt *st = db_stmt(r->db, cohort_sql[COHORT_SQL_LIST]);
	cJSON *root, *list;
	struct cohort c;
	int rc, i;

	if (st == NULL)
		return http_error(r, 500, NULL);
	if (status && *status) {
		for (i = 0; i < COHORT_STATUS__MAX; i++)
			if (strcmp(status, cohort_status_names[i]) == 0)
				break;
		if (i == COHORT_STATUS__MAX)
			return http_invalid(r, "status", "Ukendt status.");
	}
	root = cJSON_CreateObject();
	list = cJSON_AddArrayToObject(root, "cohorts");
	cohort_bind_viewer(st, r->session);
	sqlite3_bind_text(st, 5, status ? status : "", -1, SQLITE_STATIC);
	while ((rc = db_step(r->db, st)) == SQLITE_ROW) {
		cohort_read_row(st, &c);
		cJSON_AddItemToArray(list, cohort_json(r->db, &c, false));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		cJSON_Delete(root);
		return http_error(r, 500, NULL);
	}
	return http_json(r, 200, root);
}

static int cohort_api_answer(struct req *r, int status, int64_t id)
{
	struct cohort c;
	int rc = cohort_get(r->db, r->session, id, &c);

	if (rc)
		return http_error(r, rc > 0 ? 404 : 500, NULL);
	return http_json(r, status, cohort_json(r->db, &c, true));
}

int cohort_api_get(struct req *r)
{
	return cohort_api_answer(r, 200, r->params[0]);
}

int cohort_api_create(struct req *r)
{
	struct form_invalid bad = {0};
	int64_t id = 0;
	int rc = cohort_create_from(r, &r->form, &id, &bad);

	if (rc == 422)
		return http_invalid(r, bad.field, bad.message);
	if (rc)
		return http_error(r, rc, NULL);
	return cohort_api_answer(r, 201, id);
}

/* PATCH: the fields given change; "status" moves the state. */
int cohort_api_update(struct req *r)
{
	const char *status = form_get(&r->form, "status"), *error = NULL;
	struct cohort_change ch;
	struct form_invalid bad = {0};
	struct cohort c;
	int64_t id;
	int rc = cohort_load(r, &c, true);

	if (rc)
		return rc;
	id = c.id;
	if (cohort_read(r, &r->form, &c, &c, &ch, &bad) < 0) {
		cohort_change_free(&ch);
		return http_invalid(r, bad.field, bad.message);
	}
	rc = cohort_save(r, &ch, &id) < 0 ? 500 : 0;
	cohort_change_free(&ch);
	if (rc == 0 && status && strcmp(status, cohort_status_names[c.status]))
		rc = cohort_change_state(r, &c, status,
					 form_get(&r->form, "cancel_reason"),
					 &error);
	if (rc == 422)
		return http_invalid(r, "status", error);
	if (rc)
		return http_error(r, rc, error);
	return cohort_api_answer(r, 200, id);
}
