/*
 * The authorisation matrix: every route of app/routes.c, called by every
 * role (and by staff of another organisation) on objects of their own and
 * of another cohort, job centre and organisation, against one table that
 * states once per route who may call it and on what. A route without an
 * entry fails the test; every wrong cell is printed before it fails.
 */
#include "fixtures.h"
#include "fixtures_internship.h"
#include "http.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

/* Who calls: nobody, the demo accounts, and staff of a second job centre
 * and provider made here (X_...). */
enum viewer {
	V_ANON,
	V_ADMIN,
	V_LEADER,
	V_CASEWORKER,
	V_CONSULTANT,
	V_INSTRUCTOR,
	V_MENTOR,
	V_X_LEADER,
	V_X_CASEWORKER,
	V_X_CONSULTANT,
	V_X_INSTRUCTOR,
	V_X_MENTOR,
	V__MAX
};

#define X_JOB_CENTRE "Jobcenter Matrixby"
#define X_PROVIDER   "Andet Forløb ApS"

/* clang-format off */
static const struct {
	const char *name, *email;
	int role; /* enum role, -1 for nobody */
	const char *org, *role_name; /* for the X_ accounts made here */
} viewers[V__MAX] = {
	[V_ANON] = {"anonymous", NULL, -1, NULL, NULL},
	[V_ADMIN] = {"admin", HARNESS_ADMIN, ROLE_ADMIN, NULL, NULL},
	[V_LEADER] = {"leader", HARNESS_LEADER, ROLE_PROJECT_LEADER, NULL, NULL},
	[V_CASEWORKER] = {"caseworker", HARNESS_CASEWORKER, ROLE_CASEWORKER,
			  NULL, NULL},
	[V_CONSULTANT] = {"consultant", HARNESS_CONSULTANT, ROLE_CONSULTANT,
			  NULL, NULL},
	[V_INSTRUCTOR] = {"instructor", HARNESS_INSTRUCTOR, ROLE_INSTRUCTOR,
			  NULL, NULL},
	[V_MENTOR] = {"mentor", HARNESS_MENTOR, ROLE_MENTOR, NULL, NULL},
	[V_X_LEADER] = {"x-leader", "x.projektleder@matrix.invalid",
			ROLE_PROJECT_LEADER, X_PROVIDER, "project_leader"},
	[V_X_CASEWORKER] = {"x-caseworker", "x.sagsbehandler@matrix.invalid",
			    ROLE_CASEWORKER, X_JOB_CENTRE, "caseworker"},
	[V_X_CONSULTANT] = {"x-consultant", "x.konsulent@matrix.invalid",
			    ROLE_CONSULTANT, X_JOB_CENTRE, "consultant"},
	[V_X_INSTRUCTOR] = {"x-instructor", "x.underviser@matrix.invalid",
			    ROLE_INSTRUCTOR, X_PROVIDER, "instructor"},
	[V_X_MENTOR] = {"x-mentor", "x.mentor@matrix.invalid", ROLE_MENTOR,
			X_PROVIDER, "mentor"},
};
/* clang-format on */

/*
 * Whose objects: S_OWN is a cohort of Jobcenter Aarhus and Mestringshuset
 * with the demo instructor and mentor on its staff, a citizen of the demo
 * caseworker mentored by the demo mentor. S_SAME is another cohort of the
 * same two organisations with other staff, a citizen of another Aarhus
 * caseworker and mentor. S_OTHER_JC is a cohort of Jobcenter Odense (with
 * Mestringshuset as provider); S_OTHER_ORG one of X_JOB_CENTRE and
 * X_PROVIDER, staffed by the X_ accounts. S_NONE: the route has no object.
 */
enum scope { S_OWN, S_SAME, S_OTHER_JC, S_OTHER_ORG, S__MAX, S_NONE };

static const char *const scope_names[S__MAX + 2] = {
	"own", "same-org", "other-job-centre", "other-org", "", "-",
};

/* The names of each scope's cohort and citizens, for the lists. */
static const char *const cohort_names[S__MAX] = {
	"Matrix eget hold", "Matrix andet hold", "Matrix Odensehold",
	"Matrix fremmed hold"};
static const char *const citizen_names[S__MAX] = {
	"Matrix Borger Eget", "Matrix Borger Andet", "Matrix Borger Odense",
	"Matrix Borger Fremmed"};

/*
 * What each viewer may see of each scope: DESIGN.md §2 and
 * docs/security.md, written out. cohort: 0 not visible, 1 visible (its
 * organisations' project leaders, caseworkers and consultants, and its
 * staff), 2 managed (project leaders of its job centre or provider).
 * part: the citizen as participant_access grades it (0 nothing, 1 contact
 * for their mentor, 2 work for consultants of the cohort's organisations,
 * 3 health for the cohort's instructors, 4 full for their caseworker and
 * the project leaders). staff: on the cohort's staff; mentor: the
 * citizen's mentor.
 */
struct grant {
	unsigned char cohort, part;
	bool staff, mentor;
};

/* clang-format off */
static const struct grant grants[V__MAX][S__MAX] = {
	/* Mestringshuset's project leader: provider of all but S_OTHER_ORG. */
	[V_LEADER] = {{2, 4, true, false}, {2, 4, false, false},
		      {2, 4, false, false}, {0, 0, false, false}},
	/* Jobcenter Aarhus: sees its cohorts, only its own citizens. */
	[V_CASEWORKER] = {{1, 4, false, false}, {1, 0, false, false}},
	[V_CONSULTANT] = {{1, 2, false, false}, {1, 2, false, false}},
	[V_INSTRUCTOR] = {{1, 3, true, false}},
	[V_MENTOR] = {{1, 1, true, true}},
	[V_X_LEADER] = {[S_OTHER_ORG] = {2, 4, true, false}},
	[V_X_CASEWORKER] = {[S_OTHER_ORG] = {1, 4, false, false}},
	[V_X_CONSULTANT] = {[S_OTHER_ORG] = {1, 2, false, false}},
	[V_X_INSTRUCTOR] = {[S_OTHER_ORG] = {1, 3, true, false}},
	[V_X_MENTOR] = {[S_OTHER_ORG] = {1, 1, true, true}},
};
/* clang-format on */

/* Roles a route is for. */
#define R_ADMIN	     (1u << ROLE_ADMIN)
#define R_LEADER     (1u << ROLE_PROJECT_LEADER)
#define R_CASEWORKER (1u << ROLE_CASEWORKER)
#define R_CONSULTANT (1u << ROLE_CONSULTANT)
#define R_INSTRUCTOR (1u << ROLE_INSTRUCTOR)
#define R_MENTOR     (1u << ROLE_MENTOR)
#define R_PUBLIC     (1u << 16)
#define R_COHORT                                                               \
	(R_LEADER | R_CASEWORKER | R_CONSULTANT | R_INSTRUCTOR | R_MENTOR)
#define R_STAFF	    (R_ADMIN | R_COHORT)
#define R_REFERRERS (R_LEADER | R_CASEWORKER)
#define R_VISITORS  (R_LEADER | R_INSTRUCTOR)
#define R_STATUS    (R_REFERRERS | R_INSTRUCTOR)
#define R_AGREEMENT (R_STATUS | R_CONSULTANT)
/* Who may write internships, and so give a host its calendar. */
#define R_EMPLOYER_CALENDAR (R_REFERRERS | R_CONSULTANT)
#define R_INTERNSHIP	    (R_REFERRERS | R_CONSULTANT)
/* Who changes an internship's step-up plan. */
#define R_PLAN (R_REFERRERS | R_CONSULTANT)

/* What the path's {id} (or {token}) is. */
enum object {
	O_NONE,
	O_COHORT,
	O_DAY,
	O_CLOSURE,
	O_PARTICIPANT,
	O_TALK,
	O_ABSENCE,
	O_USER,	      /* a user made for this test */
	O_ORG,	      /* X_JOB_CENTRE */
	O_ASSET,      /* style.css */
	O_FEED,	      /* a live participant calendar link */
	O_COMPANY,    /* a company kept by the scope's job centre, where the
			 scope's citizen has an internship */
	O_INTERNSHIP, /* the scope's citizen's internship */
	O_HOST_LINK,  /* a live host link of that internship (its second {id};
			 the internship the first) */
	O_HOST_ALERT, /* a host's signal about the scope citizen's internship */
	O_HOST,	      /* the host's page of a live host link (own scope) */
	O_BODY /* none in the path: the scope's cohort or organisations go in
		  the body */
};

/*
 * What a caller whose role the route is for needs of the object; without
 * it they hear 404 when they cannot see the object at all and 403 when
 * they can but may not do this.
 */
enum need {
	N_ANY,	   /* nothing more */
	N_SEE,	   /* sees the cohort */
	N_MANAGE,  /* manages the cohort */
	N_MARK,	   /* marks its attendance: managing leaders, its instructors */
	N_CONTACT, /* participant access of at least... */
	N_WORK,
	N_HEALTH,
	N_FULL,
	N_ANNOUNCE, /* announces absence: full access as leader or caseworker,
		       health as instructor, or their mentor */
	N_TALK,	    /* takes over another's talk: only who reads its notes
		       (health access); never consultants or mentors */
	N_BODY_COHORT,	  /* refers to the cohort in the body: sees it, else 422
			     as for an unknown cohort */
	N_BODY_ORG,	  /* makes a cohort of the scope's organisations: a
			     project leader of one of them, else 422 */
	N_NOT_MENTOR,	  /* anyone the route is for but a mentor, who hears
			     403 with why (company lists) */
	N_COMPANY,	  /* sees the company: staff of the organisation that
			     keeps it (not its mentors), those with work access
			     to a citizen interning there, and the citizen's
			     mentor (its name, address and contacts) */
	N_COMPANY_CHANGE, /* changes it: the keeping organisation's
			    consultants and project leaders */
	N_INTERNSHIP	  /* writes the internship (internship_may_write):
			     work access as leader or consultant, full as
			     caseworker */
};

/* Cell flags. */
#define F_FRESH	  1u /* a new object of the scope for each cell */
#define F_SESSION 2u /* a new login of the viewer for each cell */
/* A new client without a session posts the login form with the form's
 * own token. */
#define F_LOGIN_FORM 4u

struct rule {
	const char *method, *pattern;
	unsigned roles;
	enum object object;
	enum need need;
	const char *ok; /* statuses an allowed caller may get */
	/* Urlencoded (pages) or JSON (API), NULL for none, with $SELF (the
	 * caller's user id), $COHORT, $JC, $PROVIDER, $CASEWORKER (the
	 * scope's), $DATE (a first teaching day that works), $CPR (a fresh
	 * one) and $ID:viewer (a viewer's user id) replaced. */
	const char *body;
	unsigned flags;
};

#define PW HARNESS_PASSWORD
/* A valid new cohort of the scope's organisations. */
#define COHORT_FORM                                                            \
	"name=Matrixhold&job_centre_id=$JC&provider_id=$PROVIDER&"             \
	"venue_name=Huset&venue_address=Vejen+1&first_teaching_day=$DATE"
#define COHORT_JSON                                                            \
	"{\"name\": \"Matrixhold\", \"job_centre_id\": $JC, \"provider_id\": " \
	"$PROVIDER, \"venue_name\": \"Huset\", \"venue_address\": \"Vejen "    \
	"1\", \"first_teaching_day\": \"$DATE\"}"
/* A talk that ends before it starts: refused as invalid. */
#define BAD_TALK_FORM "kind=mentor&date=$DATE&start_time=10:00&end_time=09:00"
#define BAD_TALK_JSON                                                          \
	"{\"kind\": \"mentor\", \"date\": \"$DATE\", \"start_time\": "         \
	"\"10:00\", \"end_time\": \"09:00\"}"

/*
 * The table: one entry per route of app/routes.c, in its order. A new
 * route needs its line here (the first test names it): the roles it is
 * for, what its {id} is, what the caller needs of that object, what an
 * allowed caller gets, and a body. Bodies are chosen so that an allowed
 * caller gets a validation answer (422) or a harmless success, so no cell
 * spoils the fixtures of the next. Who sees which object is not here but
 * in grants[], once for all routes.
 */
/* clang-format off */
static const struct rule rules[] = {
	/* Public. */
	{"GET", "/healthz", R_PUBLIC, O_NONE, N_ANY, "200", NULL, 0},
	{"GET", "/static/{token}", R_PUBLIC, O_ASSET, N_ANY, "200", NULL, 0},
	{"GET", "/favicon.ico", R_PUBLIC, O_NONE, N_ANY, "200", NULL, 0},
	{"GET", "/", R_PUBLIC, O_NONE, N_ANY, "303", NULL, 0},
	{"GET", "/login", R_PUBLIC, O_NONE, N_ANY, "200 303", NULL, 0},
	/* A login without a password: the form again, nothing throttled. */
	{"POST", "/login", R_PUBLIC, O_NONE, N_ANY, "401",
	 "email=ingen@matrix.invalid", F_LOGIN_FORM},

	/* Every member of staff. */
	{"POST", "/logout", R_STAFF, O_NONE, N_ANY, "303", NULL, F_SESSION},
	{"GET", "/start", R_STAFF, O_NONE, N_ANY, "200", NULL, 0},
	/* Marked seen again and again: the same answer. */
	{"POST", "/host-alerts/{id}/seen", R_COHORT, O_HOST_ALERT, N_CONTACT,
	 "303", NULL, 0},
	{"GET", "/account", R_STAFF, O_NONE, N_ANY, "200", NULL, 0},
	{"POST", "/account/password", R_STAFF, O_NONE, N_ANY, "422",
	 "current_password=" PW "&new_password=kort", 0},
	{"GET", "/confirm", R_STAFF, O_NONE, N_ANY, "200", NULL, 0},
	{"POST", "/confirm", R_STAFF, O_NONE, N_ANY, "303",
	 "password=" PW, 0},

	/* Administration: the administrator, for every organisation. */
	{"GET", "/users", R_ADMIN, O_NONE, N_ANY, "200", NULL, 0},
	{"GET", "/users/new", R_ADMIN, O_NONE, N_ANY, "200", NULL, 0},
	{"POST", "/users", R_ADMIN, O_NONE, N_ANY, "422", "name=", 0},
	{"GET", "/users/{id}", R_ADMIN, O_USER, N_ANY, "200", NULL, 0},
	{"POST", "/users/{id}", R_ADMIN, O_USER, N_ANY, "422", "name=", 0},
	{"POST", "/users/{id}/password", R_ADMIN, O_USER, N_ANY, "422",
	 "password=kort", 0},
	{"POST", "/users/{id}/deactivate", R_ADMIN, O_USER, N_ANY, "303",
	 NULL, 0},
	{"POST", "/users/{id}/activate", R_ADMIN, O_USER, N_ANY, "303", NULL,
	 0},
	{"GET", "/organisations", R_ADMIN, O_NONE, N_ANY, "200", NULL, 0},
	{"POST", "/organisations", R_ADMIN, O_NONE, N_ANY, "422", "name=", 0},
	{"POST", "/organisations/{id}", R_ADMIN, O_ORG, N_ANY, "422", "name=",
	 0},
	{"GET", "/audit", R_ADMIN, O_NONE, N_ANY, "200", NULL, 0},

	/* Cohorts, course days, closure days. */
	{"GET", "/cohorts", R_COHORT, O_NONE, N_ANY, "200", NULL, 0},
	{"GET", "/cohorts/new", R_LEADER, O_NONE, N_ANY, "200", NULL, 0},
	{"POST", "/cohorts", R_LEADER, O_BODY, N_BODY_ORG, "303", COHORT_FORM,
	 0},
	{"GET", "/cohorts/{id}", R_COHORT, O_COHORT, N_SEE, "200", NULL, 0},
	{"GET", "/cohorts/{id}/edit", R_LEADER, O_COHORT, N_MANAGE, "200",
	 NULL, 0},
	{"POST", "/cohorts/{id}", R_LEADER, O_COHORT, N_MANAGE, "422",
	 "first_teaching_day=ukendt", 0},
	{"POST", "/cohorts/{id}/status", R_LEADER, O_COHORT, N_MANAGE, "422",
	 "status=ukendt", 0},
	{"POST", "/cohorts/{id}/staff", R_LEADER, O_COHORT, N_MANAGE, "422",
	 "user_id=x&role=ukendt", 0},
	{"POST", "/cohorts/{id}/staff/remove", R_LEADER, O_COHORT, N_MANAGE,
	 "422", "user_id=x&role=ukendt", 0},
	{"GET", "/cohorts/{id}/timeline.svg", R_COHORT, O_COHORT, N_SEE,
	 "200", NULL, 0},
	{"GET", "/cohorts/{id}/capacity.svg", R_COHORT, O_COHORT, N_SEE,
	 "200", NULL, 0},
	{"POST", "/cohorts/{id}/days", R_LEADER, O_COHORT, N_MANAGE, "422",
	 "date=ukendt", 0},
	{"POST", "/cohorts/{id}/closures", R_LEADER, O_COHORT, N_MANAGE,
	 "422", "date=ukendt", 0},
	{"POST", "/cohorts/{id}/closures/import", R_LEADER, O_COHORT,
	 N_MANAGE, "422", "url=", 0},
	{"POST", "/cohorts/{id}/closures/apply", R_LEADER, O_COHORT, N_MANAGE,
	 "422", "date=ukendt", 0},
	{"POST", "/closures/{id}/delete", R_LEADER, O_CLOSURE, N_MANAGE,
	 "303", NULL, F_FRESH},
	{"GET", "/days/{id}", R_COHORT, O_DAY, N_SEE, "200", NULL, 0},
	{"POST", "/days/{id}", R_LEADER, O_DAY, N_MANAGE, "422",
	 "date=ukendt", 0},
	{"POST", "/days/{id}/cancel", R_LEADER, O_DAY, N_MANAGE, "422",
	 "date=ukendt", 0},
	{"POST", "/days/{id}/restore", R_LEADER, O_DAY, N_MANAGE, "422",
	 "date=ukendt", 0},

	/* Participants. */
	{"GET", "/participants", R_COHORT, O_NONE, N_ANY, "200", NULL, 0},
	{"POST", "/participants/search", R_COHORT, O_NONE, N_ANY, "200 422",
	 "cpr=ukendt", 0},
	{"GET", "/cohorts/{id}/referral", R_REFERRERS, O_COHORT, N_SEE, "200",
	 NULL, 0},
	{"POST", "/participants", R_REFERRERS, O_BODY, N_BODY_COHORT, "303",
	 "cohort_id=$COHORT&name=Matrix+Borger&cpr=$CPR&"
	 "caseworker_id=$CASEWORKER",
	 0},
	{"GET", "/participants/{id}", R_COHORT, O_PARTICIPANT, N_CONTACT,
	 "200", NULL, 0},
	{"GET", "/participants/{id}/edit", R_REFERRERS, O_PARTICIPANT, N_FULL,
	 "200", NULL, 0},
	{"POST", "/participants/{id}", R_REFERRERS, O_PARTICIPANT, N_FULL,
	 "422", "phone=ukendt", 0},
	{"POST", "/participants/{id}/visitation", R_VISITORS, O_PARTICIPANT,
	 N_HEALTH, "422", "decision=ukendt", 0},
	{"POST", "/participants/{id}/status", R_STATUS, O_PARTICIPANT,
	 N_HEALTH, "422", "status=ukendt", 0},
	{"POST", "/participants/{id}/outcomes", R_REFERRERS, O_PARTICIPANT,
	 N_FULL, "422", "timing=ukendt", 0},
	{"GET", "/participants/{id}/cpr", R_REFERRERS, O_PARTICIPANT, N_FULL,
	 "200", NULL, 0},
	{"POST", "/participants/{id}/cpr", R_REFERRERS, O_PARTICIPANT, N_FULL,
	 "422", "purpose=", 0},
	{"GET", "/participants/{id}/access", R_REFERRERS, O_PARTICIPANT,
	 N_FULL, "200", NULL, 0},
	{"POST", "/participants/{id}/talks", R_COHORT, O_PARTICIPANT,
	 N_CONTACT, "422", BAD_TALK_FORM, 0},
	/* The caller takes the citizen's caseworker's talk as its
	 * consultant: the staff check refuses it (422) to those who may
	 * change the talk, and nobody else gets that far. */
	{"POST", "/talks/{id}", R_COHORT, O_TALK, N_TALK, "422",
	 "kind=consultant&staff_id=$SELF", F_FRESH},
	{"GET", "/participants/{id}/agreement", R_AGREEMENT, O_PARTICIPANT,
	 N_WORK, "200", NULL, 0},
	{"POST", "/participants/{id}/agreement", R_AGREEMENT, O_PARTICIPANT,
	 N_WORK, "422", "citizen_signed_on=ukendt", 0},
	{"GET", "/participants/{id}/agreement/print", R_AGREEMENT,
	 O_PARTICIPANT, N_WORK, "200", NULL, 0},
	{"POST", "/participants/{id}/aftercare", R_REFERRERS, O_PARTICIPANT,
	 N_FULL, "422", "level=9", 0},
	/* Internships: made and changed by who works with the citizen's
	 * work (a caseworker only their own); mentors read the outline. */
	{"GET", "/participants/{id}/internships/new", R_INTERNSHIP,
	 O_PARTICIPANT, N_WORK, "200", NULL, 0},
	{"POST", "/participants/{id}/internships", R_INTERNSHIP,
	 O_PARTICIPANT, N_WORK, "422", "company_id=0", 0},
	{"GET", "/internships/{id}", R_COHORT, O_INTERNSHIP, N_CONTACT, "200",
	 NULL, 0},
	{"POST", "/internships/{id}", R_INTERNSHIP, O_INTERNSHIP, N_WORK,
	 "422", "start=ukendt", 0},
	{"POST", "/internships/{id}/status", R_INTERNSHIP, O_INTERNSHIP,
	 N_WORK, "422", "status=ukendt", 0},
	{"GET", "/internships/{id}/print", R_AGREEMENT, O_INTERNSHIP, N_WORK,
	 "200", NULL, 0},
	{"GET", "/reports", R_AGREEMENT, O_NONE, N_ANY, "200", NULL, 0},

	/* An internship's step-up plan: who sees the citizen sees it; who
	 * works with them (a caseworker: their own) changes it. */
	{"GET", "/internships/{id}/plan", R_COHORT, O_INTERNSHIP, N_CONTACT,
	 "200", NULL, 0},
	{"POST", "/internships/{id}/plan", R_PLAN, O_INTERNSHIP, N_WORK, "422",
	 "action=week&week=ukendt", 0},
	{"GET", "/reports/outcomes.csv", R_AGREEMENT, O_NONE, N_ANY, "200",
	 NULL, 0},

	/* Attendance. */
	{"GET", "/days/{id}/attendance", R_VISITORS, O_DAY, N_MARK, "200",
	 NULL, 0},
	{"POST", "/days/{id}/attendance", R_VISITORS, O_DAY, N_MARK, "422",
	 "status_0=ukendt", 0},
	{"GET", "/participants/{id}/absences", R_COHORT, O_PARTICIPANT,
	 N_CONTACT, "200", NULL, 0},
	{"POST", "/participants/{id}/absences", R_STATUS | R_MENTOR,
	 O_PARTICIPANT, N_ANNOUNCE, "422", "first_date=ukendt", 0},
	/* Withdrawn by the first allowed caller; 422 for the next. */
	{"POST", "/absences/{id}/withdraw", R_STATUS | R_MENTOR, O_ABSENCE,
	 N_ANNOUNCE, "303 422", NULL, 0},
	{"GET", "/cohorts/{id}/attendance", R_STATUS, O_COHORT, N_SEE, "200",
	 NULL, 0},
	{"GET", "/cohorts/{id}/attendance.svg", R_STATUS, O_COHORT, N_SEE,
	 "200", NULL, 0},
	{"GET", "/cohorts/{id}/attendance.csv", R_STATUS, O_COHORT, N_SEE,
	 "200", NULL, 0},
	{"GET", "/cohorts/{id}/attendance.xlsx", R_STATUS, O_COHORT, N_SEE,
	 "200", NULL, 0},
	/* The week's host feedback: the rows of the citizens the caller
	 * sees at work access (none is still a file). */
	{"GET", "/cohorts/{id}/feedback.csv", R_AGREEMENT, O_COHORT, N_SEE,
	 "200", NULL, 0},
	{"GET", "/cohorts/{id}/feedback.xlsx", R_AGREEMENT, O_COHORT, N_SEE,
	 "200", NULL, 0},

	/* Calendar links. */
	{"GET", "/calendar/{token}", R_PUBLIC, O_FEED, N_ANY, "200", NULL, 0},
	{"GET", "/participants/{id}/calendar", R_COHORT, O_PARTICIPANT,
	 N_CONTACT, "200", NULL, 0},
	{"POST", "/participants/{id}/calendar/rotate", R_COHORT,
	 O_PARTICIPANT, N_WORK, "303", NULL, 0},
	/* Fresh citizens: the scope's citizen keeps a live link. */
	{"POST", "/participants/{id}/calendar/revoke", R_COHORT,
	 O_PARTICIPANT, N_WORK, "303", NULL, F_FRESH},
	/* Everyone's own links, but the administrator has none. */
	{"POST", "/account/calendar/rotate", R_COHORT, O_NONE, N_ANY, "303",
	 "kind=staff", 0},
	/* An internship's employer link. */
	{"GET", "/internships/{id}/calendar", R_EMPLOYER_CALENDAR,
	 O_INTERNSHIP, N_INTERNSHIP, "200", NULL, 0},
	{"POST", "/internships/{id}/calendar", R_EMPLOYER_CALENDAR,
	 O_INTERNSHIP, N_INTERNSHIP, "303", NULL, 0},
	{"POST", "/internships/{id}/calendar/revoke", R_EMPLOYER_CALENDAR,
	 O_INTERNSHIP, N_INTERNSHIP, "303", NULL, 0},

	/* Host companies: a bad CVR number is refused (422). */
	{"GET", "/companies", R_COHORT, O_NONE, N_NOT_MENTOR, "200", NULL, 0},
	{"GET", "/companies/new", R_CONSULTANT | R_LEADER, O_NONE, N_ANY,
	 "200", NULL, 0},
	{"POST", "/companies", R_CONSULTANT | R_LEADER, O_NONE, N_ANY, "422",
	 "name=Matrix+ApS&cvr=12345678&employees=3", 0},
	{"GET", "/companies/{id}", R_COHORT, O_COMPANY, N_COMPANY, "200", NULL,
	 0},
	{"GET", "/companies/{id}/edit", R_CONSULTANT | R_LEADER, O_COMPANY,
	 N_COMPANY_CHANGE, "200", NULL, 0},
	{"POST", "/companies/{id}", R_CONSULTANT | R_LEADER, O_COMPANY,
	 N_COMPANY_CHANGE, "422", "cvr=12345678", 0},
	{"POST", "/companies/{id}/contacts", R_CONSULTANT | R_LEADER, O_COMPANY,
	 N_COMPANY_CHANGE, "422", "name=&email=ukendt", 0},

	/* The host's pages: the token is the credential; a post without
	 * the form's own token is refused. Staff's links: who makes
	 * internships. */
	{"GET", "/host/{token}", R_PUBLIC, O_HOST, N_ANY, "200", NULL, 0},
	{"POST", "/host/{token}/feedback", R_PUBLIC, O_HOST, N_ANY, "403",
	 NULL, 0},
	{"POST", "/host/{token}/stop", R_PUBLIC, O_HOST, N_ANY, "403", NULL,
	 0},
	{"GET", "/host/{token}/print", R_PUBLIC, O_HOST, N_ANY, "200", NULL,
	 0},
	{"POST", "/internships/{id}/host-links", R_REFERRERS | R_CONSULTANT,
	 O_INTERNSHIP, N_WORK, "422", "contact_id=0", 0},
	{"POST", "/internships/{id}/host-links/{id}/revoke",
	 R_REFERRERS | R_CONSULTANT, O_HOST_LINK, N_WORK, "303", NULL,
	 F_FRESH},

	{"GET", "/outbox", R_ADMIN, O_NONE, N_ANY, "200", NULL, 0},

	/* The API. */
	{"POST", "/api/v1/session", R_PUBLIC, O_NONE, N_ANY, "422", "{}", 0},
	{"GET", "/api/v1/session", R_STAFF, O_NONE, N_ANY, "200", NULL, 0},
	{"DELETE", "/api/v1/session", R_STAFF, O_NONE, N_ANY, "204", NULL,
	 F_SESSION},
	{"PUT", "/api/v1/session/password", R_STAFF, O_NONE, N_ANY, "422",
	 "{\"current_password\": \"" PW "\", \"new_password\": \"kort\"}", 0},
	{"POST", "/api/v1/session/confirm", R_STAFF, O_NONE, N_ANY, "204",
	 "{\"password\": \"" PW "\"}", 0},
	{"GET", "/api/v1/users", R_ADMIN, O_NONE, N_ANY, "200", NULL, 0},
	{"POST", "/api/v1/users", R_ADMIN, O_NONE, N_ANY, "422", "{}", 0},
	{"GET", "/api/v1/users/{id}", R_ADMIN, O_USER, N_ANY, "200", NULL, 0},
	{"PATCH", "/api/v1/users/{id}", R_ADMIN, O_USER, N_ANY, "422",
	 "{\"role\": \"ukendt\"}", 0},
	{"GET", "/api/v1/organisations", R_ADMIN, O_NONE, N_ANY, "200", NULL,
	 0},
	{"POST", "/api/v1/organisations", R_ADMIN, O_NONE, N_ANY, "422", "{}",
	 0},
	{"PATCH", "/api/v1/organisations/{id}", R_ADMIN, O_ORG, N_ANY, "422",
	 "{\"kind\": \"ukendt\"}", 0},
	{"GET", "/api/v1/audit", R_ADMIN, O_NONE, N_ANY, "200", NULL, 0},
	{"GET", "/api/v1/cohorts", R_COHORT, O_NONE, N_ANY, "200", NULL, 0},
	{"POST", "/api/v1/cohorts", R_LEADER, O_BODY, N_BODY_ORG, "201",
	 COHORT_JSON, 0},
	{"GET", "/api/v1/cohorts/{id}", R_COHORT, O_COHORT, N_SEE, "200",
	 NULL, 0},
	{"PATCH", "/api/v1/cohorts/{id}", R_LEADER, O_COHORT, N_MANAGE, "422",
	 "{\"first_teaching_day\": \"ukendt\"}", 0},
	{"GET", "/api/v1/cohorts/{id}/days", R_COHORT, O_COHORT, N_SEE, "200",
	 NULL, 0},
	{"POST", "/api/v1/cohorts/{id}/days", R_LEADER, O_COHORT, N_MANAGE,
	 "422", "{}", 0},
	{"GET", "/api/v1/cohorts/{id}/closures", R_COHORT, O_COHORT, N_SEE,
	 "200", NULL, 0},
	{"POST", "/api/v1/cohorts/{id}/closures", R_LEADER, O_COHORT,
	 N_MANAGE, "422", "{}", 0},
	{"POST", "/api/v1/cohorts/{id}/closures/preview", R_LEADER, O_COHORT,
	 N_MANAGE, "422", "{}", 0},
	{"GET", "/api/v1/cohorts/{id}/report", R_AGREEMENT, O_COHORT, N_SEE,
	 "200", NULL, 0},
	{"GET", "/api/v1/reports", R_AGREEMENT, O_NONE, N_ANY, "200", NULL,
	 0},
	{"GET", "/api/v1/days/{id}", R_COHORT, O_DAY, N_SEE, "200", NULL, 0},
	{"PATCH", "/api/v1/days/{id}", R_LEADER, O_DAY, N_MANAGE, "422",
	 "{\"date\": \"ukendt\"}", 0},
	{"GET", "/api/v1/participants", R_COHORT, O_NONE, N_ANY, "200", NULL,
	 0},
	{"POST", "/api/v1/participants", R_REFERRERS, O_BODY, N_BODY_COHORT,
	 "201",
	 "{\"cohort_id\": $COHORT, \"name\": \"Matrix Borger\", \"cpr\": "
	 "\"$CPR\", \"caseworker_id\": $CASEWORKER}",
	 0},
	{"POST", "/api/v1/participants/search", R_COHORT, O_NONE, N_ANY,
	 "200 422", "{\"cpr\": \"ukendt\"}", 0},
	{"GET", "/api/v1/participants/{id}", R_COHORT, O_PARTICIPANT,
	 N_CONTACT, "200", NULL, 0},
	{"PATCH", "/api/v1/participants/{id}", R_REFERRERS, O_PARTICIPANT,
	 N_FULL, "422", "{\"phone\": \"ukendt\"}", 0},
	{"POST", "/api/v1/participants/{id}/visitation", R_VISITORS,
	 O_PARTICIPANT, N_HEALTH, "422", "{\"decision\": \"ukendt\"}", 0},
	{"POST", "/api/v1/participants/{id}/status", R_STATUS, O_PARTICIPANT,
	 N_HEALTH, "422", "{\"status\": \"ukendt\"}", 0},
	{"POST", "/api/v1/participants/{id}/outcomes", R_REFERRERS,
	 O_PARTICIPANT, N_FULL, "422", "{\"timing\": \"ukendt\"}", 0},
	{"POST", "/api/v1/participants/{id}/cpr", R_REFERRERS, O_PARTICIPANT,
	 N_FULL, "422", "{}", 0},
	{"GET", "/api/v1/participants/{id}/access", R_REFERRERS,
	 O_PARTICIPANT, N_FULL, "200", NULL, 0},
	{"GET", "/api/v1/participants/{id}/talks", R_COHORT, O_PARTICIPANT,
	 N_CONTACT, "200", NULL, 0},
	{"POST", "/api/v1/participants/{id}/talks", R_COHORT, O_PARTICIPANT,
	 N_CONTACT, "422", BAD_TALK_JSON, 0},
	{"PATCH", "/api/v1/talks/{id}", R_COHORT, O_TALK, N_TALK, "422",
	 "{\"kind\": \"consultant\", \"staff_id\": $SELF}", F_FRESH},
	{"GET", "/api/v1/participants/{id}/agreement", R_AGREEMENT,
	 O_PARTICIPANT, N_WORK, "200", NULL, 0},
	{"POST", "/api/v1/participants/{id}/agreement", R_AGREEMENT,
	 O_PARTICIPANT, N_WORK, "422", "{\"citizen_signed_on\": \"ukendt\"}",
	 0},
	{"GET", "/api/v1/participants/{id}/aftercare", R_REFERRERS,
	 O_PARTICIPANT, N_FULL, "200", NULL, 0},
	{"POST", "/api/v1/participants/{id}/aftercare", R_REFERRERS,
	 O_PARTICIPANT, N_FULL, "422", "{\"level\": 9}", 0},
	{"GET", "/api/v1/participants/{id}/internships", R_COHORT,
	 O_PARTICIPANT, N_CONTACT, "200", NULL, 0},
	{"POST", "/api/v1/participants/{id}/internships", R_INTERNSHIP,
	 O_PARTICIPANT, N_WORK, "422", "{\"company_id\": 0}", 0},
	{"GET", "/api/v1/internships/{id}", R_COHORT, O_INTERNSHIP, N_CONTACT,
	 "200", NULL, 0},
	{"PATCH", "/api/v1/internships/{id}", R_INTERNSHIP, O_INTERNSHIP,
	 N_WORK, "422", "{\"status\": \"ukendt\"}", 0},
	{"GET", "/api/v1/internships/{id}/plan", R_COHORT, O_INTERNSHIP,
	 N_CONTACT, "200", NULL, 0},
	{"PUT", "/api/v1/internships/{id}/plan", R_PLAN, O_INTERNSHIP, N_WORK,
	 "422", "{\"weeks\": [{\"week\": 0}]}", 0},
	{"GET", "/api/v1/days/{id}/attendance", R_VISITORS, O_DAY, N_MARK,
	 "200", NULL, 0},
	{"PUT", "/api/v1/days/{id}/attendance", R_VISITORS, O_DAY, N_MARK,
	 "422", "[{\"participant_id\": 0, \"status\": \"ukendt\"}]", 0},
	{"GET", "/api/v1/participants/{id}/absences", R_COHORT, O_PARTICIPANT,
	 N_CONTACT, "200", NULL, 0},
	{"POST", "/api/v1/participants/{id}/absences", R_STATUS | R_MENTOR,
	 O_PARTICIPANT, N_ANNOUNCE, "422", "{\"first_date\": \"ukendt\"}", 0},
	{"POST", "/api/v1/absences/{id}/withdraw", R_STATUS | R_MENTOR,
	 O_ABSENCE, N_ANNOUNCE, "200 422", "{}", F_FRESH},
	{"GET", "/api/v1/cohorts/{id}/attendance", R_STATUS, O_COHORT, N_SEE,
	 "200", NULL, 0},
	{"POST", "/api/v1/host-alerts/{id}/seen", R_COHORT, O_HOST_ALERT,
	 N_CONTACT, "200", "{}", 0},
	{"GET", "/api/v1/participants/{id}/calendar", R_COHORT, O_PARTICIPANT,
	 N_CONTACT, "200", NULL, 0},
	{"POST", "/api/v1/participants/{id}/calendar/rotate", R_COHORT,
	 O_PARTICIPANT, N_WORK, "200", "{}", 0},
	{"POST", "/api/v1/participants/{id}/calendar/revoke", R_COHORT,
	 O_PARTICIPANT, N_WORK, "200", "{}", F_FRESH},
	{"GET", "/api/v1/companies", R_COHORT, O_NONE, N_NOT_MENTOR, "200",
	 NULL, 0},
	{"POST", "/api/v1/companies", R_CONSULTANT | R_LEADER, O_NONE, N_ANY,
	 "422", "{\"name\": \"Matrix ApS\", \"cvr\": \"12345678\"}", 0},
	{"GET", "/api/v1/companies/{id}", R_COHORT, O_COMPANY, N_COMPANY,
	 "200", NULL, 0},
	{"PATCH", "/api/v1/companies/{id}", R_CONSULTANT | R_LEADER, O_COMPANY,
	 N_COMPANY_CHANGE, "422", "{\"cvr\": \"12345678\"}", 0},
	{"GET", "/api/v1/internships/{id}/calendar", R_EMPLOYER_CALENDAR,
	 O_INTERNSHIP, N_INTERNSHIP, "200", NULL, 0},
	{"POST", "/api/v1/internships/{id}/calendar/rotate",
	 R_EMPLOYER_CALENDAR, O_INTERNSHIP, N_INTERNSHIP, "200", "{}", 0},
	{"POST", "/api/v1/internships/{id}/calendar/revoke",
	 R_EMPLOYER_CALENDAR, O_INTERNSHIP, N_INTERNSHIP, "200", "{}", 0},
	{"POST", "/api/v1/internships/{id}/host-links",
	 R_REFERRERS | R_CONSULTANT, O_INTERNSHIP, N_WORK, "422",
	 "{\"contact_id\": 0}", 0},
	{"GET", "/api/v1/internships/{id}/feedback",
	 R_REFERRERS | R_CONSULTANT | R_INSTRUCTOR, O_INTERNSHIP, N_WORK,
	 "200", NULL, 0},
};
/* clang-format on */

#define NRULES (sizeof(rules) / sizeof(rules[0]))

/*
 * What a list says on success: the names of exactly the scopes' cohorts
 * (or citizens) the caller may see, or on a cohort's page the names of
 * that cohort's citizens they may see.
 */
enum shows { SHOWS_NOTHING, SHOWS_COHORTS, SHOWS_CITIZENS, SHOWS_ROSTER };

/* clang-format off */
static const struct {
	const char *method, *pattern;
	enum shows shows;
} lists[] = {
	{"GET", "/cohorts", SHOWS_COHORTS},
	{"GET", "/cohorts/{id}", SHOWS_ROSTER},
	{"GET", "/participants", SHOWS_CITIZENS},
	{"GET", "/api/v1/cohorts", SHOWS_COHORTS},
	{"GET", "/api/v1/participants", SHOWS_CITIZENS},
};
/* clang-format on */

#define NLISTS (sizeof(lists) / sizeof(lists[0]))

/*
 * Single requests beside the matrix, each about one route of the table:
 * what the matrix's one body per route cannot ask.
 */
struct probe {
	const char *method, *pattern;
	enum viewer viewer;
	enum scope scope;
	const char *body; /* also $ID:viewer, the user id of a viewer */
	long expect;
	const char *why;
};

/* clang-format off */
static const struct probe probes[] = {
	/* A talk is held by staff who work with the citizen (the
	 * caseworker, the mentor, the cohort's staff, its job centre's
	 * consultants), never by a consultant of another organisation. */
	{"PATCH", "/api/v1/talks/{id}", V_LEADER, S_OWN,
	 "{\"kind\": \"consultant\", \"staff_id\": $ID:x-consultant}", 422,
	 "talk given to a consultant of another organisation"},
	{"POST", "/talks/{id}", V_LEADER, S_OWN,
	 "kind=consultant&staff_id=$ID:x-consultant", 422,
	 "talk given to a consultant of another organisation"},
	/* The cohort's own job centre's consultant works with the citizen,
	 * but this talk has sealed notes, which a consultant may not read:
	 * written notes never pass to a holder without health access. */
	{"PATCH", "/api/v1/talks/{id}", V_LEADER, S_OWN,
	 "{\"kind\": \"consultant\", \"staff_id\": $ID:consultant}", 422,
	 "talk with notes given to a consultant, who may not read them"},
	/* Likewise the guide's consultant: one of the cohort's
	 * organisations or staff (the form's own choices). */
	{"POST", "/api/v1/participants/{id}/agreement", V_CASEWORKER, S_OWN,
	 "{\"purpose\": \"Afklaring\", \"consultant_id\": $ID:x-consultant}",
	 422,
	 "agreement signed by a consultant of another organisation"},
	{"POST", "/api/v1/participants/{id}/agreement", V_CASEWORKER, S_OWN,
	 "{\"purpose\": \"Afklaring\", \"consultant_id\": $ID:consultant}",
	 201,
	 "agreement signed by the job centre's consultant"},
	/* A project leader's own calendar of a cohort is for cohorts they
	 * lead. */
	{"POST", "/account/calendar/rotate", V_LEADER, S_OWN,
	 "kind=cohort&subject=$COHORT", 303, "own cohort's calendar"},
	{"POST", "/account/calendar/rotate", V_LEADER, S_OTHER_ORG,
	 "kind=cohort&subject=$COHORT", 403, "another organisation's cohort"},
	{"POST", "/account/calendar/rotate", V_X_LEADER, S_OWN,
	 "kind=cohort&subject=$COHORT", 403, "another organisation's cohort"},
	/* A citizen's record goes to a caseworker of the cohort's job
	 * centre and a mentor on its staff, nobody else (last: a wrong
	 * answer here gives the citizen away). */
	{"PATCH", "/api/v1/participants/{id}", V_LEADER, S_OWN,
	 "{\"caseworker_id\": $ID:x-caseworker}", 422,
	 "citizen given to a caseworker of another job centre"},
	{"PATCH", "/api/v1/participants/{id}", V_LEADER, S_OWN,
	 "{\"mentor_id\": $ID:x-mentor}", 422,
	 "citizen given to a mentor not on the cohort"},
};
/* clang-format on */

#define NPROBES (sizeof(probes) / sizeof(probes[0]))

/* The fixtures. */

struct objects {
	int64_t cohort, day, closure, participant, talk, absence, company;
	int64_t internship, contact; /* the citizen's, at a host company */
	int64_t host_alert;
	int64_t jc, provider;
	const char *leader, *caseworker; /* who makes fresh objects */
};

#define HELPERS 4

static struct client *login(const char *email, bool confirm);

static struct {
	struct server *s;
	struct client *as[V__MAX];
	int64_t uid[V__MAX];
	struct objects at[S__MAX];
	int64_t user, org;
	char first_day[16];		/* a first teaching day that works */
	struct client *helper[HELPERS]; /* others who make fixtures */
	const char *helper_email[HELPERS];
	char feed[160];		 /* "/calendar/TOKEN.ics" */
	char host[64];		 /* a live host link's token (own scope) */
	int64_t link_internship; /* the internship of O_HOST_LINK's link */
	unsigned serial;
	int failures, cells;
} mx;

/* The client of email: a viewer's, or one made on first use. */
static struct client *as(const char *email)
{
	int v;

	for (v = V_ADMIN; v < V__MAX; v++)
		if (strcmp(viewers[v].email, email) == 0)
			return mx.as[v];
	for (v = 0; v < HELPERS && mx.helper[v]; v++)
		if (strcmp(mx.helper_email[v], email) == 0)
			return mx.helper[v];
	assert_true(v < HELPERS);
	mx.helper_email[v] = email;
	mx.helper[v] = login(email, false);
	return mx.helper[v];
}

static int64_t org_id(const char *name)
{
	return harness_sql_int(mx.s,
			       "SELECT id FROM organisation WHERE name = ?1",
			       name, NULL);
}

static void run_cli(const char *const argv[])
{
	struct buf out = BUF_INIT(0);
	int rc = harness_run(mx.s, NULL, &out, argv);

	if (rc != 0)
		fail_msg("%s %s: exit %d: %s", argv[0], argv[1], rc, out.data);
	buf_free(&out);
}

static void add_org(const char *name, const char *kind)
{
	const char *argv[] = {"org", "add",    "--db", mx.s->db, "--name",
			      name,  "--kind", kind,   NULL};

	run_cli(argv);
}

static void add_user(const char *email, const char *role, const char *org)
{
	const char *argv[] = {
		"user",	 "add",	   "--db",	   mx.s->db,	     "--email",
		email,	 "--name", "Matrixperson", "--role",	     role,
		"--org", org,	   "--password",   HARNESS_PASSWORD, NULL};

	run_cli(argv);
}

/*
 * A client that opens a connection for each request. CivetWeb keeps a
 * worker thread (of 16) on every idle keep-alive connection for up to 10 s,
 * and this test holds more clients than that: reused connections would
 * make every new one wait for a thread.
 */
static struct client *new_client(void)
{
	struct client *c = client_new(mx.s);

	curl_easy_setopt(c->curl, CURLOPT_FORBID_REUSE, 1L);
	return c;
}

/* A logged-in client of email; confirm: it has confirmed its password
 * too, as the routes that reveal CPR numbers need. */
static struct client *login(const char *email, bool confirm)
{
	struct client *c = new_client();
	struct response r = RESPONSE_INIT;

	assert_int_equal(client_login(c, email, HARNESS_PASSWORD, NULL), 303);
	if (confirm)
		assert_int_equal(
			client_api(c, "POST", "/api/v1/session/confirm",
				   "{\"password\": \"" HARNESS_PASSWORD "\"}",
				   &r),
			204);
	response_free(&r);
	return c;
}

/* An API call that must answer status; the number at key of its JSON
 * (key NULL: 0). */
static int64_t api(struct client *c, const char *method, const char *path,
		   const char *json, long status, const char *key)
{
	struct response r = RESPONSE_INIT;
	int64_t id = 0;
	cJSON *j;

	if (client_api(c, method, path, json, &r) != status)
		fail_msg("%s %s: %ld %s", method, path, r.status, r.body.data);
	if (key) {
		j = response_json(&r);
		id = harness_json_int(j, key);
		cJSON_Delete(j);
	}
	response_free(&r);
	return id;
}

static void date_ahead(int days, int weekday, char out[16])
{
	char mod[32], wd[16];

	snprintf(mod, sizeof(mod), "+%d days", days);
	snprintf(wd, sizeof(wd), "weekday %d", weekday);
	harness_sql_text(mx.s, out, 16, "SELECT date('now', ?1, ?2)", mod, wd,
			 NULL);
}

/* A cohort of jc and provider made by leader with staff (instructor and
 * mentor e-mails, may be NULL), open for referral. */
static int64_t make_cohort(const char *leader, const char *name, int64_t jc,
			   int64_t provider, const char *instructor,
			   const char *mentor)
{
	struct client *c = as(leader);
	struct response r = RESPONSE_INIT;
	char body[512], path[64], fields[96];
	const char *staff[2] = {instructor, mentor};
	const char *roles[2] = {"instructor", "mentor"};
	int64_t id = 0;
	cJSON *j;
	int i;

	/* A Tuesday eight weeks on, or a later one when a holiday is in
	 * the way; the cells that make cohorts use it too. */
	for (i = 0; i < 4 && id == 0; i++) {
		if (i > 0 || mx.first_day[0] == '\0')
			date_ahead(56 + 7 * i, 2, mx.first_day);
		snprintf(body, sizeof(body),
			 "{\"name\": \"%s\", \"job_centre_id\": %lld, "
			 "\"provider_id\": %lld, \"venue_name\": \"Huset\", "
			 "\"venue_address\": \"Vejen 1\", "
			 "\"first_teaching_day\": \"%s\"}",
			 name, (long long)jc, (long long)provider,
			 mx.first_day);
		if (client_api(c, "POST", "/api/v1/cohorts", body, &r) == 201) {
			j = response_json(&r);
			id = harness_json_int(j, "id");
			cJSON_Delete(j);
		}
		response_free(&r);
	}
	assert_true(id > 0);
	for (i = 0; i < 2; i++) {
		if (staff[i] == NULL)
			continue;
		snprintf(path, sizeof(path), "/cohorts/%lld/staff",
			 (long long)id);
		snprintf(fields, sizeof(fields), "user_id=%lld&role=%s",
			 (long long)harness_user_id(mx.s, staff[i]), roles[i]);
		assert_int_equal(client_post(c, path, fields, NULL), 303);
	}
	snprintf(path, sizeof(path), "/api/v1/cohorts/%lld", (long long)id);
	api(c, "PATCH", path, "{\"status\": \"referral_open\"}", 200, NULL);
	return id;
}

static void next_cpr(char out[12])
{
	mx.serial++;
	fixture_cpr(1 + mx.serial % 28, 1 + (mx.serial / 28) % 12, 1987,
		    3100 + mx.serial, out, NULL);
}

/* A citizen of the scope's caseworker in its cohort, with mentor. */
static int64_t fresh_participant(enum scope sc)
{
	struct objects *o = &mx.at[sc];
	static const char *const mentors[S__MAX] = {
		HARNESS_MENTOR, "mentor.aisha@demo.invalid",
		"mentor.kbh@demo.invalid", "x.mentor@matrix.invalid"};
	char cpr[12], body[256], a[24];
	int64_t id;

	next_cpr(cpr);
	snprintf(body, sizeof(body),
		 "{\"cohort_id\": %lld, \"name\": \"%s\", \"cpr\": "
		 "\"%s\"}",
		 (long long)o->cohort, citizen_names[sc], cpr);
	id = api(as(o->caseworker), "POST", "/api/v1/participants", body, 201,
		 "id");
	assert_int_equal(harness_sql_exec(mx.s, NULL, 0,
					  "UPDATE participant SET mentor_id = "
					  "(SELECT id FROM user WHERE email = "
					  "?1) WHERE id = ?2",
					  mentors[sc], fixture_num(id, a),
					  NULL),
			 0);
	return id;
}

/* A caseworker's talk with sealed notes. */
static int64_t fresh_talk(enum scope sc)
{
	struct objects *o = &mx.at[sc];
	char path[80], body[256], day[16];

	date_ahead(14, 3, day);
	snprintf(path, sizeof(path), "/api/v1/participants/%lld/talks",
		 (long long)o->participant);
	snprintf(body, sizeof(body),
		 "{\"kind\": \"caseworker\", \"date\": \"%s\", "
		 "\"start_time\": \"10:00\", \"end_time\": \"11:00\", "
		 "\"notes\": \"Fortroligt: angst for kantinen.\"}",
		 day);
	return api(as(o->caseworker), "POST", path, body, 201, "id");
}

static int64_t fresh_absence(enum scope sc)
{
	struct objects *o = &mx.at[sc];
	char path[80], body[256], day[16];

	static int weeks;

	date_ahead(7 * ++weeks, 1, day);
	snprintf(path, sizeof(path), "/api/v1/participants/%lld/absences",
		 (long long)o->participant);
	snprintf(body, sizeof(body),
		 "{\"first_date\": \"%s\", \"comment\": \"Tandlæge\"}", day);
	return api(as(o->caseworker), "POST", path, body, 201, "id");
}

/* A closure day on a Sunday (no course day to clash with). */
static int64_t fresh_closure(enum scope sc)
{
	struct objects *o = &mx.at[sc];
	char path[80], body[256], day[16];

	date_ahead(7 * (int)(1 + mx.serial++ % 200), 0, day);
	snprintf(path, sizeof(path), "/api/v1/cohorts/%lld/closures",
		 (long long)o->cohort);
	snprintf(body, sizeof(body),
		 "{\"closures\": [{\"date\": \"%s\", \"reason\": \"Lukket\"}]}",
		 day);
	api(as(o->leader), "POST", path, body, 200, NULL);
	return harness_sql_int(
		mx.s,
		"SELECT id FROM closure_day WHERE cohort_id = ?1 "
		"AND date = ?2",
		fixture_num(o->cohort, path), day, NULL);
}

/* A company kept by the scope's job centre, with a contact and an
 * internship of the scope's citizen (written directly: the company and
 * internship routes are under test, not fixtures). */
static int64_t make_company(enum scope sc)
{
	static const char *const cvr[S__MAX] = {"23456788", "34567891",
						"45678903", "56789014"};
	struct objects *o = &mx.at[sc];
	char jc[24], pid[24], id[24], err[200];

	assert_int_equal(harness_sql_exec(mx.s, err, sizeof(err),
					  "INSERT INTO company "
					  "(organisation_id, name, cvr, "
					  "employees, created_at, updated_at) "
					  "VALUES (?1, ?2, ?3, 12, 0, 0)",
					  fixture_num(o->jc, jc),
					  cohort_names[sc], cvr[sc], NULL),
			 0);
	o->company = harness_sql_int(
		mx.s, "SELECT id FROM company WHERE cvr = ?1", cvr[sc], NULL);
	fixture_num(o->company, id);
	assert_int_equal(harness_sql_exec(mx.s, err, sizeof(err),
					  "INSERT INTO company_contact "
					  "(company_id, name, created_at, "
					  "updated_at) VALUES (?1, 'Matrix "
					  "Kontakt', 0, 0)",
					  id, NULL),
			 0);
	assert_int_equal(harness_sql_exec(mx.s, err, sizeof(err),
					  "INSERT INTO internship "
					  "(participant_id, company_id, "
					  "start_on, end_on, teaching_weekday, "
					  "created_at, updated_at) VALUES (?1, "
					  "?2, date('now', '+70 days'), "
					  "date('now', '+154 days'), 5, 0, 0)",
					  fixture_num(o->participant, pid), id,
					  NULL),
			 0);
	return o->company;
}

/* The scope's citizen's internship at a company of its job centre, with
 * a contact person. */
static void make_internship(enum scope sc)
{
	static const char *const cvr[S__MAX] = {"91300028", "91300036",
						"91300044", "91300052"};
	struct objects *o = &mx.at[sc];
	char err[256], a[24], b[24], c[24];
	int64_t company;

	if (harness_sql_exec(mx.s, err, sizeof(err),
			     "INSERT INTO company (organisation_id, name, cvr, "
			     "employees, created_at, updated_at) VALUES (?1, "
			     "'Matrix Vaert', ?2, 20, 0, 0)",
			     fixture_num(o->jc, a), cvr[sc], NULL) != 0)
		fail_msg("company: %s", err);
	company = harness_sql_int(mx.s,
				  "SELECT id FROM company WHERE cvr = ?1 AND "
				  "organisation_id = ?2",
				  cvr[sc], a, NULL);
	if (harness_sql_exec(mx.s, err, sizeof(err),
			     "INSERT INTO company_contact (company_id, name, "
			     "created_at, updated_at) VALUES (?1, 'Matrix "
			     "Kontakt', 0, 0)",
			     fixture_num(company, b), NULL) != 0)
		fail_msg("contact: %s", err);
	o->contact = harness_sql_int(
		mx.s,
		"SELECT max(id) FROM company_contact WHERE company_id = ?1", b,
		NULL);
	if (harness_sql_exec(mx.s, err, sizeof(err),
			     "INSERT INTO internship (participant_id, "
			     "company_id, contact_id, start_on, end_on, "
			     "status, teaching_weekday, created_at, "
			     "updated_at) VALUES (?1, ?2, ?3, date('now'), "
			     "date('now', '+60 days'), 'running', 5, 0, 0)",
			     fixture_num(o->participant, a), b,
			     fixture_num(o->contact, c), NULL) != 0)
		fail_msg("internship: %s", err);
	o->internship = harness_sql_int(
		mx.s,
		"SELECT max(id) FROM internship WHERE participant_id = ?1", a,
		NULL);
}

/* A live host link of the scope's internship, made by its caseworker:
 * its id; its token into token (may be NULL). */
static int64_t fresh_host_link(enum scope sc, char token[64])
{
	struct objects *o = &mx.at[sc];
	struct response r = RESPONSE_INIT;
	char path[96], body[64], a[24];
	const char *url;
	cJSON *j;

	snprintf(path, sizeof(path), "/api/v1/internships/%lld/host-links",
		 (long long)o->internship);
	snprintf(body, sizeof(body), "{\"contact_id\": %lld}",
		 (long long)o->contact);
	if (client_api(as(o->caseworker), "POST", path, body, &r) != 201)
		fail_msg("host link: %ld %s", r.status, r.body.data);
	j = response_json(&r);
	url = harness_json_string(j, "url");
	assert_non_null(url);
	if (token)
		snprintf(token, 64, "%s", strstr(url, "/host/") + 6);
	cJSON_Delete(j);
	response_free(&r);
	return harness_sql_int(mx.s,
			       "SELECT max(id) FROM host_link WHERE "
			       "internship_id = ?1",
			       fixture_num(o->internship, a), NULL);
}

/* A host's signal about the scope citizen's internship (written
 * directly: the follow-up job and the host's feedback are tested
 * elsewhere). */
static int64_t make_host_alert(enum scope sc)
{
	struct objects *o = &mx.at[sc];
	char id[24], err[200];

	assert_int_equal(harness_sql_exec(mx.s, err, sizeof(err),
					  "INSERT INTO host_alert "
					  "(internship_id, week, kind, "
					  "created_at) VALUES (?1, 2, "
					  "'call_me', 0)",
					  fixture_num(o->internship, id), NULL),
			 0);
	return harness_sql_int(mx.s,
			       "SELECT id FROM host_alert WHERE "
			       "internship_id = ?1",
			       id, NULL);
}

static void make_scope(enum scope sc, const char *leader,
		       const char *caseworker, int64_t jc, int64_t provider,
		       const char *instructor, const char *mentor)
{
	struct objects *o = &mx.at[sc];
	char path[96], id[24];

	o->leader = leader;
	o->caseworker = caseworker;
	o->jc = jc;
	o->provider = provider;
	o->cohort = make_cohort(leader, cohort_names[sc], jc, provider,
				instructor, mentor);
	o->day = harness_sql_int(mx.s,
				 "SELECT min(id) FROM course_day WHERE "
				 "cohort_id = ?1",
				 fixture_num(o->cohort, id), NULL);
	assert_true(o->day > 0);
	o->participant = fresh_participant(sc);
	o->talk = fresh_talk(sc);
	o->absence = fresh_absence(sc);
	o->closure = fresh_closure(sc);
	assert_true(o->closure > 0);
	assert_true(make_company(sc) > 0);
	/* A saved agreement guide, so that it can be printed. */
	snprintf(path, sizeof(path), "/api/v1/participants/%lld/agreement",
		 (long long)o->participant);
	api(as(caseworker), "POST", path, "{\"purpose\": \"Afklaring\"}", 201,
	    NULL);
	make_internship(sc);
	o->host_alert = make_host_alert(sc);
	assert_true(o->host_alert > 0);
}

static int setup(void **state)
{
	struct response r = RESPONSE_INIT;
	char path[96];
	int64_t aarhus, house, pid;
	const char *url;
	cJSON *j;
	int v;

	if (harness_setup(state) < 0)
		return -1;
	mx.s = *state;
	add_org(X_JOB_CENTRE, "job_centre");
	add_org(X_PROVIDER, "provider");
	for (v = V_X_LEADER; v < V__MAX; v++)
		add_user(viewers[v].email, viewers[v].role_name,
			 viewers[v].org);
	add_user("sagsbehandler.to@matrix.invalid", "caseworker",
		 "Jobcenter Aarhus");
	mx.user = harness_add_user(mx.s, "maal@matrix.invalid", "caseworker");
	mx.org = org_id(X_JOB_CENTRE);
	for (v = V_ADMIN; v < V__MAX; v++) {
		mx.as[v] = login(viewers[v].email,
				 viewers[v].role == ROLE_PROJECT_LEADER ||
					 viewers[v].role == ROLE_CASEWORKER);
		mx.uid[v] = harness_user_id(mx.s, viewers[v].email);
	}
	mx.as[V_ANON] = new_client();

	aarhus = org_id("Jobcenter Aarhus");
	house = org_id("Mestringshuset ApS");
	make_scope(S_OWN, HARNESS_LEADER, HARNESS_CASEWORKER, aarhus, house,
		   HARNESS_INSTRUCTOR, HARNESS_MENTOR);
	make_scope(S_SAME, HARNESS_LEADER, "sagsbehandler.to@matrix.invalid",
		   aarhus, house, "psykolog.henrik@demo.invalid",
		   "mentor.aisha@demo.invalid");
	make_scope(S_OTHER_JC, "projektleder.odense@demo.invalid",
		   "sagsbehandler.odense@demo.invalid",
		   org_id("Jobcenter Odense"), house,
		   "psykolog.henrik@demo.invalid", "mentor.kbh@demo.invalid");
	make_scope(S_OTHER_ORG, viewers[V_X_LEADER].email,
		   viewers[V_X_CASEWORKER].email, mx.org, org_id(X_PROVIDER),
		   viewers[V_X_INSTRUCTOR].email, viewers[V_X_MENTOR].email);

	/* A live calendar link of a citizen of our own. */
	pid = fresh_participant(S_OWN);
	snprintf(path, sizeof(path), "/api/v1/participants/%lld/calendar",
		 (long long)pid);
	assert_int_equal(client_api(mx.as[V_CASEWORKER], "GET", path, NULL, &r),
			 200);
	j = response_json(&r);
	url = harness_json_string(j, "https");
	assert_non_null(url);
	assert_non_null(strstr(url, "/calendar/"));
	snprintf(mx.feed, sizeof(mx.feed), "%s", strstr(url, "/calendar/"));
	cJSON_Delete(j);
	response_free(&r);
	fresh_host_link(S_OWN, mx.host);
	return 0;
}

static int teardown(void **state)
{
	int v;

	for (v = 0; v < V__MAX; v++)
		if (mx.as[v])
			client_free(mx.as[v]);
	for (v = 0; v < HELPERS; v++)
		if (mx.helper[v])
			client_free(mx.helper[v]);
	memset(&mx, 0, sizeof(mx));
	return harness_teardown(state);
}

/* The route table and this one. */

static const struct rule *rule_for(const char *method, const char *pattern)
{
	size_t i;

	for (i = 0; i < NRULES; i++)
		if (strcmp(rules[i].method, method) == 0 &&
		    strcmp(rules[i].pattern, pattern) == 0)
			return &rules[i];
	return NULL;
}

static void every_route_has_exactly_one_rule(void **state)
{
	size_t i, j, n;
	int bad = 0;

	(void)state;
	for (i = 0; i < http_routes_len; i++) {
		const char *m = http_method_name(http_routes[i].method);

		for (n = 0, j = 0; j < NRULES; j++)
			n += strcmp(rules[j].method, m) == 0 &&
			     strcmp(rules[j].pattern, http_routes[i].pattern) ==
				     0;
		if (n != 1) {
			print_message("route %s %s has %zu entries in the "
				      "matrix (want 1)\n",
				      m, http_routes[i].pattern, n);
			bad++;
		}
	}
	for (j = 0; j < NRULES; j++) {
		for (n = 0, i = 0; i < http_routes_len; i++)
			n += strcmp(rules[j].method,
				    http_method_name(http_routes[i].method)) ==
				     0 &&
			     strcmp(rules[j].pattern, http_routes[i].pattern) ==
				     0;
		if (n != 1) {
			print_message("matrix entry %s %s matches %zu routes "
				      "(want 1)\n",
				      rules[j].method, rules[j].pattern, n);
			bad++;
		}
	}
	for (j = 0; j < NLISTS; j++)
		if (rule_for(lists[j].method, lists[j].pattern) == NULL) {
			print_message("list %s %s: no such entry\n",
				      lists[j].method, lists[j].pattern);
			bad++;
		}
	for (j = 0; j < NPROBES; j++)
		if (rule_for(probes[j].method, probes[j].pattern) == NULL) {
			print_message("probe of %s %s: no such entry\n",
				      probes[j].method, probes[j].pattern);
			bad++;
		}
	assert_int_equal(bad, 0);
}

/* The expected answer of one cell. */

struct expect {
	long status[4]; /* any of these; 0 ends */
	bool login;	/* a 303 to /login */
};

static void expect_ok(const struct rule *ru, struct expect *e)
{
	const char *p = ru->ok;
	int n = 0;

	while (*p && n < 3) {
		e->status[n++] = strtol(p, (char **)&p, 10);
		while (*p == ' ')
			p++;
	}
}

static bool is_api(const struct rule *ru)
{
	return strncmp(ru->pattern, "/api/", 5) == 0;
}

/*
 * May viewer v (whose role the route is for) do ru to scope sc's object?
 * *seen: they can at least see it, so a refusal is 403 rather than 404.
 */
static bool may(const struct rule *ru, enum viewer v, enum scope sc, bool *seen)
{
	const struct grant *g = &grants[v][sc];
	int role = viewers[v].role;

	*seen = ru->need < N_CONTACT ? g->cohort > 0 : g->part > 0;
	switch (ru->need) {
	case N_ANY:
		return true;
	case N_SEE:
	case N_BODY_COHORT:
		return g->cohort >= 1;
	case N_MANAGE:
	case N_BODY_ORG:
		return g->cohort >= 2;
	case N_MARK:
		return (role == ROLE_PROJECT_LEADER && g->cohort == 2) ||
		       (role == ROLE_INSTRUCTOR && g->staff);
	case N_CONTACT:
	case N_WORK:
	case N_HEALTH:
	case N_FULL:
		return g->part >= 1 + (ru->need - N_CONTACT);
	case N_ANNOUNCE:
		return ((role == ROLE_PROJECT_LEADER ||
			 role == ROLE_CASEWORKER) &&
			g->part == 4) ||
		       (role == ROLE_INSTRUCTOR && g->part >= 3) ||
		       (role == ROLE_MENTOR && g->mentor);
	case N_TALK:
		return g->part >= 3;
	case N_NOT_MENTOR:
		return role != ROLE_MENTOR;
	case N_COMPANY:
	case N_COMPANY_CHANGE:
		/* The job centre's caseworkers and consultants keep it. */
		*seen = (g->cohort > 0 && (role == ROLE_CASEWORKER ||
					   role == ROLE_CONSULTANT)) ||
			g->part >= 2 || g->mentor;
		if (ru->need == N_COMPANY)
			return *seen;
		return role == ROLE_CONSULTANT && g->cohort > 0;
	case N_INTERNSHIP:
		return role == ROLE_CASEWORKER ? g->part == 4 : g->part >= 2;
	}
	return false;
}

static void expected(const struct rule *ru, enum viewer v, enum scope sc,
		     struct expect *e)
{
	bool seen;

	memset(e, 0, sizeof(*e));
	if (ru->roles & R_PUBLIC) {
		expect_ok(ru, e);
	} else if (v == V_ANON && is_api(ru)) {
		e->status[0] = 401;
	} else if (v == V_ANON) {
		e->login = true;
		e->status[0] = 303;
	} else if (!(ru->roles & (1u << viewers[v].role))) {
		e->status[0] = 403;
	} else if (ru->need == N_NOT_MENTOR && viewers[v].role == ROLE_MENTOR) {
		e->status[0] = 403;
	} else if (sc == S_NONE || may(ru, v, sc, &seen)) {
		expect_ok(ru, e);
	} else if (ru->need == N_BODY_COHORT || ru->need == N_BODY_ORG) {
		e->status[0] = 422; /* as for an unknown cohort */
	} else {
		e->status[0] = seen ? 403 : 404;
	}
}

/* Running a cell. */

static int64_t object_of(const struct rule *ru, enum scope sc)
{
	const struct objects *o = &mx.at[sc];
	bool fresh = ru->flags & F_FRESH;

	switch (ru->object) {
	case O_COHORT:
		return o->cohort;
	case O_DAY:
		return o->day;
	case O_CLOSURE:
		return fresh ? fresh_closure(sc) : o->closure;
	case O_PARTICIPANT:
		return fresh ? fresh_participant(sc) : o->participant;
	case O_TALK:
		return fresh ? fresh_talk(sc) : o->talk;
	case O_ABSENCE:
		return fresh ? fresh_absence(sc) : o->absence;
	case O_INTERNSHIP:
		return o->internship;
	case O_USER:
		return mx.user;
	case O_ORG:
		return mx.org;
	case O_COMPANY:
		return o->company;
	case O_HOST_ALERT:
		return o->host_alert;
	case O_HOST_LINK:
		mx.link_internship = o->internship;
		return fresh_host_link(sc, NULL);
	default:
		return 0;
	}
}

/* The pattern with its {id} or {token} filled in. */
static void fill_path(const struct rule *ru, int64_t id, char *out, size_t len)
{
	const char *brace = strchr(ru->pattern, '{');
	const char *close = brace ? strchr(brace, '}') : NULL;

	if (ru->object == O_FEED) {
		snprintf(out, len, "%s", mx.feed);
	} else if (ru->object == O_HOST) {
		snprintf(out, len, "/host/%s%s", mx.host, close + 1);
	} else if (ru->object == O_HOST_LINK) {
		snprintf(out, len, "/internships/%lld/host-links/%lld/revoke",
			 (long long)mx.link_internship, (long long)id);
	} else if (ru->object == O_ASSET) {
		snprintf(out, len, "/static/style.css");
	} else if (brace == NULL || close == NULL) {
		snprintf(out, len, "%s", ru->pattern);
	} else {
		snprintf(out, len, "%.*s%lld%s", (int)(brace - ru->pattern),
			 ru->pattern, (long long)id, close + 1);
	}
}

/* body with its $NAMEs replaced, into b. */
static void fill_body(const char *body, enum viewer v, enum scope sc,
		      struct buf *b)
{
	const struct objects *o = sc < S__MAX ? &mx.at[sc] : &mx.at[S_OWN];
	char cpr[12];
	const char *p;
	size_t n;
	int w;

	buf_reset(b);
	for (p = body; *p;) {
		if (*p != '$') {
			buf_putc(b, *p++);
			continue;
		}
		if (strncmp(p, "$SELF", 5) == 0) {
			buf_printf(b, "%lld", (long long)mx.uid[v]);
			p += 5;
		} else if (strncmp(p, "$COHORT", 7) == 0) {
			buf_printf(b, "%lld", (long long)o->cohort);
			p += 7;
		} else if (strncmp(p, "$JC", 3) == 0) {
			buf_printf(b, "%lld", (long long)o->jc);
			p += 3;
		} else if (strncmp(p, "$PROVIDER", 9) == 0) {
			buf_printf(b, "%lld", (long long)o->provider);
			p += 9;
		} else if (strncmp(p, "$DATE", 5) == 0) {
			buf_puts(b, mx.first_day);
			p += 5;
		} else if (strncmp(p, "$CPR", 4) == 0) {
			next_cpr(cpr);
			buf_puts(b, cpr);
			p += 4;
		} else if (strncmp(p, "$CASEWORKER", 11) == 0) {
			buf_printf(b, "%lld",
				   (long long)harness_user_id(mx.s,
							      o->caseworker));
			p += 11;
		} else if (strncmp(p, "$ID:", 4) == 0) {
			p += 4;
			n = strspn(p, "abcdefghijklmnopqrstuvwxyz-");
			for (w = V_ADMIN; w < V__MAX; w++)
				if (strlen(viewers[w].name) == n &&
				    strncmp(viewers[w].name, p, n) == 0)
					break;
			if (w == V__MAX)
				fail_msg("no viewer %.*s", (int)n, p);
			buf_printf(b, "%lld", (long long)mx.uid[w]);
			p += n;
		} else {
			fail_msg("unknown placeholder in %s", body);
		}
	}
	assert_false(buf_failed(b));
}

/* The client of a cell: the viewer's own, or a new one (freed by the
 * caller when *owned). */
static struct client *client_of(const struct rule *ru, enum viewer v,
				bool *owned)
{
	struct client *c;

	*owned = false;
	if ((ru->flags & F_LOGIN_FORM) ||
	    ((ru->flags & F_SESSION) && v == V_ANON)) {
		*owned = true;
		return new_client();
	}
	if (!(ru->flags & F_SESSION))
		return mx.as[v];
	c = new_client();
	assert_int_equal(
		client_login(c, viewers[v].email, HARNESS_PASSWORD, NULL), 303);
	*owned = true;
	return c;
}

/* Sends the cell's request; the status, the answer in r. */
static long send_cell(const struct rule *ru, struct client *c, const char *path,
		      const char *body, struct response *r)
{
	struct response page = RESPONSE_INIT;
	struct buf form = BUF_INIT(0);
	char token[80];
	long status;

	if (is_api(ru))
		return client_api(c, ru->method, path, body, r);
	if (strcmp(ru->method, "GET") == 0)
		return client_get(c, path, r);
	if (!(ru->flags & F_LOGIN_FORM)) {
		/* An anonymous client has no token to send: a field of no
		 * meaning keeps its form from being empty. */
		if (body == NULL)
			body = c->csrf[0] ? "" : "x=1";
		return client_post(c, path, body, r);
	}
	/* The login form: its own double-submit token first. */
	assert_int_equal(client_get(c, "/login", &page), 200);
	assert_int_equal(
		harness_page_csrf(page.body.data, token, sizeof(token)), 0);
	buf_printf(&form, "csrf=%s&%s", token, body ? body : "");
	{
		struct request rq = {
			.method = "POST",
			.path = path,
			.content_type = "application/x-www-form-urlencoded",
			.body = form.data,
		};

		status = client_send(c, &rq, r);
	}
	response_free(&page);
	buf_free(&form);
	return status;
}

static bool matches(const struct rule *ru, const struct expect *e,
		    const struct response *r)
{
	const char *loc = response_header(r, "Location");
	/* How the server asks for a login; "/login?out=1" after a logout
	 * is a success. */
	bool to_login = r->status == 303 && loc && strcmp(loc, "/login") == 0;
	int i;

	if (e->login)
		return to_login;
	if (to_login && !(ru->roles & R_PUBLIC))
		return false;
	for (i = 0; i < 4 && e->status[i]; i++)
		if (e->status[i] == r->status)
			return true;
	return false;
}

static void say_expected(const struct expect *e, char *out, size_t len)
{
	size_t n = 0;
	int i;

	out[0] = '\0';
	for (i = 0; i < 4 && e->status[i]; i++)
		n += (size_t)snprintf(out + n, len - n, "%s%ld", i ? "/" : "",
				      e->status[i]);
	if (e->login)
		snprintf(out + n, len - n, " to /login");
}

static void report(const struct rule *ru, enum viewer v, enum scope sc,
		   const struct expect *e, const struct response *r,
		   const char *why)
{
	const char *loc = response_header(r, "Location");
	char want[48];

	say_expected(e, want, sizeof(want));
	print_message("FAIL %-6s %-44s %-13s %-16s want %-12s got %ld%s%s"
		      "%s%s\n",
		      ru->method, ru->pattern, viewers[v].name, scope_names[sc],
		      want, r->status, loc ? " to " : "", loc ? loc : "",
		      why ? "  -- " : "", why ? why : "");
	mx.failures++;
}

/* Does a successful answer list exactly what the viewer may see? */
static void check_list(const struct rule *ru, enum viewer v, enum scope sc,
		       const struct response *r)
{
	enum shows shows = SHOWS_NOTHING;
	int i, from, to;

	for (i = 0; i < (int)NLISTS; i++)
		if (strcmp(lists[i].method, ru->method) == 0 &&
		    strcmp(lists[i].pattern, ru->pattern) == 0)
			shows = lists[i].shows;
	if (shows == SHOWS_NOTHING || r->status != 200)
		return;
	from = shows == SHOWS_ROSTER ? (int)sc : 0;
	to = shows == SHOWS_ROSTER ? (int)sc + 1 : S__MAX;
	for (i = from; i < to; i++) {
		bool may = shows == SHOWS_COHORTS ? grants[v][i].cohort > 0
						  : grants[v][i].part > 0;
		const char *name = shows == SHOWS_COHORTS ? cohort_names[i]
							  : citizen_names[i];

		if (fixture_body_has(r, name) == may)
			continue;
		print_message("FAIL %-6s %-44s %-13s %-16s %s \"%s\" (%s)\n",
			      ru->method, ru->pattern, viewers[v].name,
			      scope_names[sc], may ? "does not list" : "lists",
			      name, scope_names[i]);
		mx.failures++;
	}
}

static void run_cell(const struct rule *ru, enum viewer v, enum scope sc,
		     const char *body_tpl, const struct expect *e,
		     const char *why)
{
	struct response r = RESPONSE_INIT;
	struct buf body = BUF_INIT(0);
	struct client *c;
	char path[256];
	bool owned;

	fill_path(ru, object_of(ru, sc == S_NONE ? S_OWN : sc), path,
		  sizeof(path));
	if (body_tpl)
		fill_body(body_tpl, v, sc, &body);
	c = client_of(ru, v, &owned);
	send_cell(ru, c, path, body_tpl ? body.data : NULL, &r);
	mx.cells++;
	if (!matches(ru, e, &r))
		report(ru, v, sc, e, &r, why);
	else if (why == NULL)
		check_list(ru, v, sc, &r);
	response_free(&r);
	buf_free(&body);
	if (owned)
		client_free(c);
}

static bool has_scopes(const struct rule *ru)
{
	return ru->object != O_NONE && ru->object != O_USER &&
	       ru->object != O_ORG && ru->object != O_ASSET &&
	       ru->object != O_FEED && ru->object != O_HOST;
}

static void every_role_gets_the_right_answer_on_every_route(void **state)
{
	struct expect e;
	size_t i;
	int v, sc;

	(void)state;
	mx.failures = mx.cells = 0;
	for (i = 0; i < NRULES; i++) {
		const struct rule *ru = &rules[i];

		for (v = 0; v < V__MAX; v++) {
			if (!has_scopes(ru)) {
				expected(ru, v, S_NONE, &e);
				run_cell(ru, v, S_NONE, ru->body, &e, NULL);
				continue;
			}
			for (sc = 0; sc < S__MAX; sc++) {
				/* Anonymous callers are asked to log in
				 * whatever the object: one cell. */
				if (v == V_ANON && sc != S_OWN)
					continue;
				expected(ru, v, sc, &e);
				run_cell(ru, v, sc, ru->body, &e, NULL);
			}
		}
	}
	for (i = 0; i < NPROBES; i++) {
		const struct probe *p = &probes[i];

		memset(&e, 0, sizeof(e));
		e.status[0] = p->expect;
		run_cell(rule_for(p->method, p->pattern), p->viewer, p->scope,
			 p->body, &e, p->why);
	}
	print_message("authorisation matrix: %d cells, %d wrong\n", mx.cells,
		      mx.failures);
	assert_int_equal(mx.failures, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_route_has_exactly_one_rule),
		cmocka_unit_test(
			every_role_gets_the_right_answer_on_every_route),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
