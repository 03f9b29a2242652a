/*
 * cohort: a course run ("hold") with its plan, staff, target group and
 * attendance triggers: who sees it, who may change it, its rows and the
 * writes that touch only its own tables. A save that rebuilds the course
 * days lives in course.h; the pages are app/pages/cohort_page.c.
 */
#ifndef MESTRING_COHORT_H
#define MESTRING_COHORT_H

#include "date.h"
#include "db.h"
#include "plan.h"
#include "result.h"
#include "role.h"

#include <stdbool.h>
#include <stdint.h>

struct actor;
struct form_invalid;

enum cohort_status {
	COHORT_PLANNING,
	COHORT_REFERRAL_OPEN,
	COHORT_RUNNING,
	COHORT_FINISHED,
	COHORT_CANCELLED,
	COHORT_STATUS__MAX
};

extern const char *const cohort_status_names[COHORT_STATUS__MAX + 1];
const char *cohort_status_label(enum cohort_status s);
/* enum cohort_status of a name, or -1. */
int cohort_status_parse(const char *name);

/* The three organisation models (DESIGN.md), 1..3; [0] is "". */
extern const char *const cohort_model_labels[4];
/* The staff roles on a cohort, NULL-terminated, and their Danish labels. */
extern const char *const cohort_staff_roles[];
const char *cohort_staff_label(const char *role);

#define COHORT_CAPACITY_MIN	    8
#define COHORT_CAPACITY_RECOMMENDED 10
#define COHORT_CAPACITY_MAX	    16
#define COHORT_CRITERIA_MAX	    20

/*
 * Who sees a cohort, as an SQL condition on the cohort aliased `alias`:
 * project leaders, caseworkers and consultants of its job centre or
 * provider, and everyone on its staff. ?1 the user's id, ?2 their
 * organisation, ?3 their role name: declare them "iit" and bind them with
 * COHORT_VIEWER(actor).
 */
#define COHORT_VISIBLE_SQL(alias)                                              \
	"((?3 IN ('project_leader', 'caseworker', 'consultant') AND ?2 IN "    \
	"(" alias ".job_centre_id, " alias                                     \
	".provider_id)) OR EXISTS (SELECT 1 "                                  \
	"FROM cohort_staff s WHERE s.cohort_id = " alias ".id AND "            \
	"s.user_id = ?1)) "

/* The DB_ARGs of ?1..?3 of COHORT_VISIBLE_SQL for the actor a (a pointer):
 * its user, organisation and role ("" for the system, who sees none). */
#define COHORT_VIEWER(a)                                                       \
	DB_INT((a)->user_id), DB_INT((a)->organisation_id),                    \
		DB_TEXT(role_name((a)->role))
/* The same and ?4, today's ISO date written into today (a char
 * [DATE_ISO_LEN + 1] of the caller's): the four viewer arguments of the
 * statements that also tell a cohort's effective status. */
#define COHORT_VIEWER_TODAY(a, today)                                          \
	COHORT_VIEWER(a), DB_TEXT(cohort_today(today))
/* Writes today's ISO date into out and returns out. */
const char *cohort_today(char out[DATE_ISO_LEN + 1]);

/* A buffer for a text of at most chars characters of UTF-8, and its NUL. */
#define COHORT_TEXT(chars) ((chars)*4 + 1)

struct cohort {
	int64_t id;
	char name[COHORT_TEXT(200)];
	int64_t job_centre_id, provider_id;
	char job_centre[COHORT_TEXT(200)], provider[COHORT_TEXT(200)];
	int org_model;
	char venue_name[COHORT_TEXT(200)], venue_address[COHORT_TEXT(300)];
	struct plan_input plan; /* closures not loaded here */
	int capacity;
	char state[16];
	char cancel_reason[COHORT_TEXT(500)];
	enum cohort_status status; /* effective, from state and dates */
	date_t referral_start, prep_start, teaching_end, internship_start,
		internship_end, aftercare_start;
};

/* When attendance flags a participant (sql/0005-attendance.sql). */
struct cohort_triggers {
	int absence_streak;   /* absences without notice in a row, 1..20 */
	int attendance_floor; /* percent over the last two weeks, 1..100 */
};

/* The columns' defaults, which a new cohort starts with. */
extern const struct cohort_triggers cohort_default_triggers;
/* The catalogue's example target group (2013), NULL-terminated. */
extern const char *const cohort_default_criteria[];

/* Reading. */

/*
 * Loads cohort id if a may see it. 0 found, 1 not found or not visible
 * (answer 404 either way), -1 on error.
 */
int cohort_get(struct db *db, const struct actor *a, int64_t id,
	       struct cohort *c);
/* May a change this cohort (a project leader of its job centre or
 * provider)? */
bool cohort_may_manage(const struct actor *a, const struct cohort *c);

/*
 * The cohorts a sees, newest first (at most 500), of status (-1: every
 * status): fn gets each with its number of course days not cancelled.
 * 0 or -1.
 */
typedef void (*cohort_fn)(void *ctx, const struct cohort *c, long days);
int cohort_list(struct db *db, const struct actor *a, int status, cohort_fn fn,
		void *ctx);

/* The cohort's plan with its closure days applied. 0, or -1 (logged).
 * Free p with plan_free. */
int cohort_plan(struct db *db, const struct cohort *c, struct plan *p);

/* The target group's criteria, in order; free with cohort_criteria_free
 * (also after an error). 0 or -1. */
struct cohort_criteria {
	char *text[COHORT_CRITERIA_MAX + 1]; /* NULL-terminated */
	size_t n;
};
int cohort_criteria_get(struct db *db, int64_t cohort_id,
			struct cohort_criteria *out);
void cohort_criteria_free(struct cohort_criteria *l);

/* A member of the cohort's staff, leaders first. */
struct cohort_staff_member {
	int64_t user_id;
	char name[COHORT_TEXT(200)];
	char role[16];
	char email[256];
};
typedef void (*cohort_staff_fn)(void *ctx, const struct cohort_staff_member *m);
int cohort_staff_each(struct db *db, int64_t cohort_id, cohort_staff_fn fn,
		      void *ctx);

/* A day an instructor of the cohort also teaches another cohort (at most
 * 50, by date). */
struct cohort_conflict {
	date_t date;
	char instructor[COHORT_TEXT(200)];
	char other_cohort[COHORT_TEXT(200)];
};
typedef void (*cohort_conflict_fn)(void *ctx, const struct cohort_conflict *x);
int cohort_conflict_each(struct db *db, int64_t cohort_id,
			 cohort_conflict_fn fn, void *ctx);

/* Active users who fit a staff role, of the cohort's job centre or
 * provider, or of a psychiatry partner (mentors in model 2). */
struct cohort_candidate {
	int64_t user_id;
	char name[COHORT_TEXT(200)];
	char role[16];
	char organisation[COHORT_TEXT(200)];
};
typedef void (*cohort_candidate_fn)(void *ctx,
				    const struct cohort_candidate *u);
int cohort_candidate_each(struct db *db, int64_t cohort_id,
			  cohort_candidate_fn fn, void *ctx);

/* The stored triggers of cohort id (the defaults for 0). 0 or -1. */
int cohort_triggers_get(struct db *db, int64_t id, struct cohort_triggers *t);

/* Creating and changing (the save itself is course_cohort_create and
 * course_cohort_update, course.h). */

/* A cohort as a create or change says it should be. */
struct cohort_input {
	/* name, job_centre_id, provider_id, org_model, venue_name,
	 * venue_address, plan (its closures unused), capacity */
	struct cohort c;
	/* The target group when criteria_given, NULL-terminated; the texts
	 * are the caller's. A new cohort without them gets the catalogue's
	 * example. */
	const char *criteria[COHORT_CRITERIA_MAX + 1];
	bool criteria_given;
	struct cohort_triggers triggers;
};

/* A new cohort's starting point for a: planning, model 1, 10 places,
 * a's organisation as the provider, no first teaching day. */
void cohort_defaults(struct cohort *c, const struct actor *a);

/*
 * The rules of a create (old NULL) or change of old that need more than
 * one field or the database, in w's open transaction: names, venue,
 * organisations (one of them a's), a plan that derives, no new plan once
 * teaching began, and (admitted: the cohort's admitted participants, which
 * the caller counts when in lowers the capacity, else -1) no fewer places
 * than admitted. *plan_changed says whether the days must be rebuilt.
 * RESULT_OK, RESULT_INVALID with *bad, or RESULT_FAILED.
 */
int cohort_check(struct db *w, const struct actor *a,
		 const struct cohort_input *in, const struct cohort *old,
		 int admitted, bool *plan_changed, struct form_invalid *bad);

/*
 * Writes in's row (a new one when *id is 0, then *id is set and a is its
 * first project leader), its target group and triggers, in w's open
 * transaction; p is in's derived plan (the phase dates). *triggers_changed
 * says whether the attendance flags must be refreshed. 0 or -1.
 */
int cohort_store(struct db *w, const struct actor *a,
		 const struct cohort_input *in, const struct plan *p,
		 int64_t *id, bool *triggers_changed);

/*
 * Moves c's state: planning <-> referral_open, any -> cancelled (with a
 * reason), cancelled -> planning; running and finished follow the dates.
 * In its own transaction on w, with the audit row. RESULT_OK,
 * RESULT_REFUSED (not a's to manage), RESULT_INVALID (field "status") or
 * RESULT_FAILED.
 */
int cohort_set_state(struct db *w, const struct actor *a,
		     const struct cohort *c, const char *want,
		     const char *reason, struct form_invalid *bad);

/*
 * Puts user on c's staff in role (one of cohort_staff_roles; the user's
 * own role must be the same), or takes them off, in its own transaction
 * on w with the audit row. RESULT_OK, RESULT_REFUSED, RESULT_INVALID or
 * RESULT_FAILED.
 */
int cohort_staff_add(struct db *w, const struct actor *a,
		     const struct cohort *c, int64_t user, const char *role,
		     struct form_invalid *bad);
int cohort_staff_remove(struct db *w, const struct actor *a,
			const struct cohort *c, int64_t user, const char *role,
			struct form_invalid *bad);

#endif
