/*
 * cohort: a course run ("hold") with its plan, staff, target group and
 * closure days. The plan's course days live in day.c.
 */
#ifndef MESTRING_COHORT_H
#define MESTRING_COHORT_H

#include "date.h"
#include "plan.h"

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

struct db;
struct form;
struct form_invalid;
struct req;
struct session;

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

#define COHORT_CAPACITY_MIN         8
#define COHORT_CAPACITY_RECOMMENDED 10
#define COHORT_CAPACITY_MAX         16
#define COHORT_CRITERIA_MAX         20

/*
 * Who sees a cohort, as an SQL condition on the cohort aliased `alias`:
 * project leaders, caseworkers and consultants of its job centre or
 * provider, and everyone on its staff. Binds ?1 the user's id, ?2 their
 * organisation and ?3 their role name (cohort_bind_viewer does all three).
 */
#define COHORT_VISIBLE_SQL(alias)                                            \
	"((?3 IN ('project_leader', 'caseworker', 'consultant') AND ?2 IN (" \
	alias ".job_centre_id, " alias ".provider_id)) OR EXISTS (SELECT 1 " \
	"FROM cohort_staff s WHERE s.cohort_id = " alias ".id AND "         \
	"s.user_id = ?1)) "

/* A buffer for a text of at most chars characters of UTF-8, and its NUL. */
#define COHORT_TEXT(chars) ((chars) * 4 + 1)

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

/*
 * Loads cohort id if the session may see it. 0 found, 1 not found or not
 * visible (answer 404 either way), -1 on error.
 */
int cohort_get(struct db *db, const struct session *s, int64_t id,
	       struct cohort *c);
/*
 * Loads cohort id for r's user; when manage, only for its project leaders.
 * 0, or the status of the 404, 403 or 500 it has already answered.
 */
int cohort_for_request(struct req *r, int64_t id, struct cohort *c,
		       bool manage);
/* Binds ?1..?3 of COHORT_VISIBLE_SQL for s, and ?4 today's ISO date. */
void cohort_bind_viewer(sqlite3_stmt *st, const struct session *s);
/* May the session change this cohort (its project leaders)? */
bool cohort_may_manage(const struct session *s, const struct cohort *c);
/* The cohort's plan with its closure days applied. 0, or -1 (logged). */
int cohort_plan(struct db *db, const struct cohort *c, struct plan *p);

/* Creates a cohort from a form (or JSON made a form) as r's user, with its
 * plan's days and the audit row. 0 with *id, 422 with *bad, or 500. */
int cohort_create_from(struct req *r, const struct form *f, int64_t *id,
		       struct form_invalid *bad);
/* Moves the cohort's state (planning, referral_open, cancelled with a
 * reason). 0, or 422/500 with *error (may be NULL for 500). */
int cohort_change_state(struct req *r, const struct cohort *c,
			const char *want, const char *reason,
			const char **error);
/* Puts user on the cohort's staff in role, with the audit row. 0 or -1. */
int cohort_staff_assign(struct req *r, int64_t cohort, int64_t user,
			const char *role);

int cohort_list_page(struct req *r);
int cohort_new_page(struct req *r);
int cohort_create(struct req *r);
int cohort_page(struct req *r);
int cohort_edit_page(struct req *r);
int cohort_update(struct req *r);
int cohort_set_status(struct req *r);
int cohort_staff_add(struct req *r);
int cohort_staff_remove(struct req *r);
int cohort_timeline(struct req *r);
int cohort_capacity(struct req *r);
int cohort_api_list(struct req *r);
int cohort_api_create(struct req *r);
int cohort_api_get(struct req *r);
int cohort_api_update(struct req *r);

#endif
