/*
 * demo: fills a new database with a demo dataset through the same
 * operations the pages use, so demo data obeys every rule real data does.
 */
#include "demo.h"

#include "audit.h"
#include "auth.h"
#include "cohort.h"
#include "db.h"
#include "form.h"
#include "http.h"
#include "log.h"
#include "organisation.h"
#include "user.h"

#include <stdio.h>
#include <string.h>

struct demo_org {
	const char *name, *kind;
};

static const struct demo_org demo_orgs[] = {
	{"Jobcenter Aarhus", "job_centre"},
	{"Jobcenter Odense", "job_centre"},
	{"Jobcenter København", "job_centre"},
	{"Mestringshuset ApS", "provider"},
	{"Region Midtjylland, Psykiatrien", "psychiatry"},
};

struct demo_user {
	const char *email, *name, *role, *org;
};

/* Staff beyond the one account per role, so cohorts have full teams. */
static const struct demo_user demo_staff[] = {
	{"psykolog.henrik@demo.invalid", "Henrik Bach", "instructor",
	 "Mestringshuset ApS"},
	{"kost.line@demo.invalid", "Line Thygesen", "instructor",
	 "Mestringshuset ApS"},
	{"mentor.aisha@demo.invalid", "Aisha Rahimi", "mentor",
	 "Jobcenter Aarhus"},
	{"projektleder.odense@demo.invalid", "Peter Vinther", "project_leader",
	 "Jobcenter Odense"},
	{"projektleder.kbh@demo.invalid", "Camilla Friis", "project_leader",
	 "Jobcenter København"},
	{"sagsbehandler.odense@demo.invalid", "Mads Kristensen", "caseworker",
	 "Jobcenter Odense"},
};

static const struct demo_user demo_users[] = {
	{"admin@demo.invalid", "Anne Sørensen", "admin",
	 "Mestringshuset ApS"},
	{"projektleder@demo.invalid", "Lars Kjær", "project_leader",
	 "Mestringshuset ApS"},
	{"sagsbehandler@demo.invalid", "Sofie Nielsen", "caseworker",
	 "Jobcenter Aarhus"},
	{"virksomhedskonsulent@demo.invalid", "Kasper Holm", "consultant",
	 "Jobcenter Aarhus"},
	{"underviser@demo.invalid", "Marianne Lund", "instructor",
	 "Mestringshuset ApS"},
	{"mentor@demo.invalid", "Jonas Madsen", "mentor",
	 "Region Midtjylland, Psykiatrien"},
};

#define DEMO_LEN(a) (sizeof(a) / sizeof((a)[0]))

/*
 * Cohorts in every phase, dated relative to today so the demo keeps showing
 * every phase whenever it is made. weeks_ago is when the first teaching day
 * falls (negative: in the future).
 */
struct demo_cohort {
	const char *name, *job_centre, *leader, *venue, *address;
	int weeks_ago;
	const char *state; /* "planning", "referral_open" or "cancelled" */
	const char *instructors[3], *mentors[2];
};

static const struct demo_cohort demo_cohorts[] = {
	{"Aarhus forår", "Jobcenter Aarhus", "projektleder@demo.invalid",
	 "Mestringshuset", "Åboulevarden 12, 8000 Aarhus C", 40,
	 "referral_open",
	 {"underviser@demo.invalid", "kost.line@demo.invalid", NULL},
	 {"mentor@demo.invalid", NULL}},
	{"Aarhus sensommer", "Jobcenter Aarhus", "projektleder@demo.invalid",
	 "Dokk1, mødelokale 2", "Hack Kampmanns Plads 2, 8000 Aarhus C", 8,
	 "referral_open",
	 {"underviser@demo.invalid", "psykolog.henrik@demo.invalid", NULL},
	 {"mentor.aisha@demo.invalid", NULL}},
	{"Odense efterår", "Jobcenter Odense",
	 "projektleder.odense@demo.invalid", "Odense Rådhus, lokale 3.12",
	 "Flakhaven 2, 5000 Odense C", 1, "referral_open",
	 {"psykolog.henrik@demo.invalid", NULL, NULL},
	 {"mentor@demo.invalid", NULL}},
	{"Odense vinter", "Jobcenter Odense",
	 "projektleder.odense@demo.invalid", "Odense Rådhus, lokale 3.12",
	 "Flakhaven 2, 5000 Odense C", -3, "referral_open",
	 {"underviser@demo.invalid", NULL, NULL},
	 {"mentor.aisha@demo.invalid", NULL}},
	{"København forår", "Jobcenter København",
	 "projektleder.kbh@demo.invalid", "Kulturhuset Islands Brygge",
	 "Islands Brygge 18, 2300 København S", -8, "referral_open",
	 {"underviser@demo.invalid", NULL, NULL},
	 {"mentor@demo.invalid", NULL}},
	{"København sommer", "Jobcenter København",
	 "projektleder.kbh@demo.invalid", "Kulturhuset Islands Brygge",
	 "Islands Brygge 18, 2300 København S", -20, "planning",
	 {"psykolog.henrik@demo.invalid", NULL, NULL},
	 {NULL, NULL}},
	{"Aarhus vinter", "Jobcenter Aarhus", "projektleder@demo.invalid",
	 "Mestringshuset", "Åboulevarden 12, 8000 Aarhus C", -12,
	 "cancelled",
	 {"underviser@demo.invalid", NULL, NULL},
	 {NULL, NULL}},
};

static const char demo_user_sql[] =
	"SELECT id, organisation_id FROM user WHERE email = ?1";

/* A project leader's session, so the demo goes through the same checks and
 * audit as a person at the keyboard. */
static int demo_session(const char *email, struct session *s)
{
	struct db *db = db_reader();
	sqlite3_stmt *st = db_stmt(db, demo_user_sql);
	int rc;

	memset(s, 0, sizeof(*s));
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, email, -1, SQLITE_STATIC);
	rc = db_step(db, st);
	if (rc == SQLITE_ROW) {
		s->user_id = sqlite3_column_int64(st, 0);
		s->organisation_id = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	s->role = ROLE_PROJECT_LEADER;
	snprintf(s->email, sizeof(s->email), "%s", email);
	return rc == SQLITE_ROW ? 0 : -1;
}

static int64_t demo_user_id(const char *email)
{
	struct session s;

	return demo_session(email, &s) == 0 ? s.user_id : -1;
}

/* The first working Monday-to-Thursday on or after the Monday weeks_ago
 * weeks before today. */
static date_t demo_first_day(int weeks_ago)
{
	struct plan_input in;
	date_t d = date_add_days(date_monday(date_today()), -7 * weeks_ago);

	plan_input_defaults(&in);
	while (!plan_is_working_day(&in, d) || date_weekday(d) > 4)
		d = date_add_days(d, 1);
	return d;
}

static int demo_cohort_staff(struct req *r, int64_t id,
			     const struct demo_cohort *dc)
{
	int i;

	for (i = 0; i < 3 && dc->instructors[i]; i++)
		if (cohort_staff_assign(r, id, demo_user_id(dc->instructors[i]),
					"instructor") < 0)
			return -1;
	for (i = 0; i < 2 && dc->mentors[i]; i++)
		if (cohort_staff_assign(r, id, demo_user_id(dc->mentors[i]),
					"mentor") < 0)
			return -1;
	return cohort_staff_assign(r, id,
				   demo_user_id("virksomhedskonsulent@demo."
						"invalid"),
				   "consultant");
}

static int demo_cohort(const struct demo_cohort *dc)
{
	struct form f = FORM_INIT;
	struct form_invalid bad = {0};
	struct session s;
	struct req r = {0};
	struct cohort c;
	char iso[DATE_ISO_LEN + 1], name[128], num[32];
	const char *error = NULL;
	date_t first = demo_first_day(dc->weeks_ago);
	int64_t id = 0;
	int rc = -1;

	if (demo_session(dc->leader, &s) < 0)
		return -1;
	r.session = &s;
	r.db = db_reader();
	snprintf(r.client, sizeof(r.client), "demo");
	date_format_iso(first, iso);
	snprintf(name, sizeof(name), "%s %d", dc->name, date_year(first));
	form_add(&f, "name", name);
	snprintf(num, sizeof(num), "%lld",
		 (long long)organisation_find(r.db, dc->job_centre));
	form_add(&f, "job_centre_id", num);
	snprintf(num, sizeof(num), "%lld",
		 (long long)organisation_find(r.db, "Mestringshuset ApS"));
	form_add(&f, "provider_id", num);
	form_add(&f, "venue_name", dc->venue);
	form_add(&f, "venue_address", dc->address);
	form_add(&f, "first_teaching_day", iso);
	if (cohort_create_from(&r, &f, &id, &bad) != 0) {
		fprintf(stderr, "mestring: demo cohort %s: %s\n", name,
			bad.message);
		goto out;
	}
	if (demo_cohort_staff(&r, id, dc) < 0 ||
	    cohort_get(r.db, &s, id, &c) != 0)
		goto out;
	if (strcmp(dc->state, "planning") != 0 &&
	    cohort_change_state(&r, &c, dc->state,
				"For få henviste borgere til at starte holdet.",
				&error) != 0)
		goto out;
	rc = 0;
out:
	form_free(&f);
	return rc;
}

static int demo_fill(const char *password)
{
	struct audit_entry by = {.actor = "system", .client = "demo"};
	struct user_input in = {.active = -1};
	enum user_result res;
	size_t i;

	for (i = 0; i < DEMO_LEN(demo_orgs); i++)
		if (organisation_add(demo_orgs[i].name, demo_orgs[i].kind,
				     &by) <= 0)
			return -1;
	for (i = 0; i < DEMO_LEN(demo_users) + DEMO_LEN(demo_staff); i++) {
		const struct demo_user *u =
			i < DEMO_LEN(demo_users)
				? &demo_users[i]
				: &demo_staff[i - DEMO_LEN(demo_users)];

		in.email = u->email;
		in.name = u->name;
		in.role = role_parse(u->role);
		in.organisation_id = organisation_find(db_reader(), u->org);
		in.password = password;
		res = user_save(0, &in, &by, NULL);
		if (res != USER_OK) {
			fprintf(stderr, "mestring: %s: %s\n", in.email,
				user_result_message(res));
			return -1;
		}
	}
	for (i = 0; i < DEMO_LEN(demo_cohorts); i++)
		if (demo_cohort(&demo_cohorts[i]) < 0)
			return -1;
	return 0;
}

static bool demo_empty(void)
{
	static const char sql[] = "SELECT count(*) FROM user";
	sqlite3_stmt *st = db_stmt(db_reader(), sql);
	bool empty = false;

	if (st && db_step(db_reader(), st) == SQLITE_ROW)
		empty = sqlite3_column_int64(st, 0) == 0;
	if (st)
		sqlite3_reset(st);
	return empty;
}

int demo_cli(int argc, char **argv)
{
	const char *db = NULL, *password = DEMO_DEFAULT_PASSWORD, *problem;
	size_t i;
	int rc = 1;

	for (i = 1; i + 1 < (size_t)argc; i += 2) {
		if (strcmp(argv[i], "--db") == 0)
			db = argv[i + 1];
		else if (strcmp(argv[i], "--password") == 0)
			password = argv[i + 1];
		else
			break;
	}
	if (db == NULL || i != (size_t)argc) {
		fprintf(stderr, "usage: mestring demo --db FILE "
				"[--password PW]\n");
		return 2;
	}
	problem = auth_password_problem(password);
	if (problem) {
		fprintf(stderr, "mestring: %s\n", problem);
		return 2;
	}
	if (auth_init() < 0 || db_pool_open(db) < 0)
		return 1;
	if (!demo_empty()) {
		fprintf(stderr, "mestring: %s already has users; the demo "
				"needs a new database\n", db);
		goto out;
	}
	if (demo_fill(password) < 0)
		goto out;
	printf("Demo data written to %s. Log in with one of:\n", db);
	for (i = 0; i < DEMO_LEN(demo_users); i++)
		printf("  %-36s %s\n", demo_users[i].email,
		       role_label(role_parse(demo_users[i].role)));
	printf("Password for all: %s\n", password);
	rc = 0;
out:
	db_pool_close();
	return rc;
}
