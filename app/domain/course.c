/*
 * course: the cross-noun writes. Each takes the writer, begins, checks
 * the rules on what the transaction sees, writes every noun it touches and
 * ends with db_finish, so a cohort never has days of an old plan and a day
 * never changes without its history, audit row and notice mail.
 */
#include "course.h"

#include "actor.h"
#include "attendance_flag.h"
#include "audit.h"
#include "day_notice.h"
#include "db.h"
#include "form.h"
#include "outbox.h"
#include "participant.h"
#include "plan.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static int course_refused(struct form_invalid *bad, const char *message)
{
	bad->field = NULL;
	snprintf(bad->message, sizeof(bad->message), "%s", message);
	return RESULT_REFUSED;
}

/* Cohorts. */

/* Writes in (over old, or a new cohort when *id is 0) with its days,
 * flags and audit row, in w's open transaction. */
static int course_cohort_write(struct db *w, const struct actor *a,
			       const struct cohort_input *in,
			       const struct cohort *old, int64_t *id,
			       struct form_invalid *bad)
{
	struct audit_entry e = audit_by(a, old ? AUDIT_COHORT_UPDATE
					       : AUDIT_COHORT_CREATE);
	struct plan p = {0};
	struct cohort c = in->c;
	bool plan_changed = false, triggers_changed = false;
	int admitted = -1, rc;

	if (old && in->c.capacity < old->capacity) {
		admitted = participant_admitted_count(w, old->id);
		if (admitted < 0)
			return RESULT_FAILED;
	}
	rc = cohort_check(w, a, in, old, admitted, &plan_changed, bad);
	if (rc != RESULT_OK)
		return rc;
	/* The closure days of the cohort (none yet for a new one). */
	c.id = *id;
	if (cohort_plan(w, &c, &p) < 0)
		return RESULT_FAILED;
	rc = RESULT_FAILED;
	if (cohort_store(w, a, in, &p, id, &triggers_changed) < 0 ||
	    (plan_changed && day_rebuild(w, *id, &p) < 0) ||
	    (triggers_changed && attendance_flag_refresh_cohort(w, *id) < 0))
		goto out;
	e.subject_type = "cohort";
	e.subject_id = *id;
	e.subject = in->c.name;
	e.detail = plan_changed ? "plan" : "";
	if (triggers_changed)
		e.detail = plan_changed ? "plan triggers" : "triggers";
	if (audit_write(w, &e) == 0)
		rc = RESULT_OK;
out:
	plan_free(&p);
	return rc;
}

int course_cohort_create(struct db *w, const struct actor *a,
			 const struct cohort_input *in, int64_t *id,
			 struct form_invalid *bad)
{
	if (a->role != ROLE_PROJECT_LEADER)
		return course_refused(bad, "Kun projektledere opretter hold.");
	*id = 0;
	if (db_begin(w) < 0)
		return RESULT_FAILED;
	return db_finish(w, course_cohort_write(w, a, in, NULL, id, bad));
}

int course_cohort_update(struct db *w, const struct actor *a,
			 const struct cohort *old,
			 const struct cohort_input *in,
			 struct form_invalid *bad)
{
	int64_t id = old->id;

	if (!cohort_may_manage(a, old))
		return course_refused(bad, "Kun holdets projektledere kan "
					   "ændre holdet.");
	if (db_begin(w) < 0)
		return RESULT_FAILED;
	return db_finish(w, course_cohort_write(w, a, in, old, &id, bad));
}

/* Days. */

/* Applies e to d in w's open transaction: the day, its history, audit
 * row and notice mail. */
static int course_day_write(struct db *w, const struct actor *a,
			    const struct cohort *c, const struct day *d,
			    const struct day_edit *e, struct form_invalid *bad)
{
	struct day now;
	struct day_notice n;
	const char *change;
	int rc = day_check_edit(w, c, d, e, bad);

	if (rc != RESULT_OK)
		return rc;
	change = day_change_name(d, e);
	if (change == NULL)
		return RESULT_OK;
	if (day_write(w, a, d, e, change, &now) < 0)
		return RESULT_FAILED;
	/* A change close at hand also goes out by mail: subscribers'
	 * calendars may be a day late. */
	n = (struct day_notice){
		.day_id = now.id,
		.cohort_id = now.cohort_id,
		.change = change,
		.old_date = d->date,
		.new_date = now.date,
		.old_start = d->start,
		.old_end = d->end,
		.new_start = now.start,
		.new_end = now.end,
	};
	return day_notice_queue(w, &n) < 0 ? RESULT_FAILED : RESULT_OK;
}

/* Ends the transaction; mail queued with a change goes out now. */
static int course_finish(struct db *w, int rc)
{
	rc = db_finish(w, rc);
	if (rc == RESULT_OK)
		outbox_wake();
	return rc;
}

int course_day_change(struct db *w, const struct actor *a,
		      const struct cohort *c, const struct day *d,
		      const struct day_edit *e, struct form_invalid *bad)
{
	if (!cohort_may_manage(a, c))
		return course_refused(bad, "Kun holdets projektledere kan "
					   "ændre holdet.");
	if (db_begin(w) < 0)
		return RESULT_FAILED;
	return course_finish(w, course_day_write(w, a, c, d, e, bad));
}

int course_day_add(struct db *w, const struct actor *a, const struct cohort *c,
		   const struct day_input *in, int64_t *id,
		   struct form_invalid *bad)
{
	int rc;

	if (!cohort_may_manage(a, c))
		return course_refused(bad, "Kun holdets projektledere kan "
					   "ændre holdet.");
	if (db_begin(w) < 0)
		return RESULT_FAILED;
	rc = day_check_add(w, c, in, bad);
	if (rc == RESULT_OK && day_insert(w, a, c, in, id) < 0)
		rc = RESULT_FAILED;
	return db_finish(w, rc);
}

/* Closure days. */

/* Cancels or moves (to: its new date) course day id of c for a closure
 * day, in w's open transaction. */
static int course_day_clash(struct db *w, const struct actor *a,
			    const struct cohort *c, int64_t id, date_t to,
			    const char *reason, struct form_invalid *bad)
{
	struct day_edit e = {.start = -1, .end = -1, .reason = reason};
	struct cohort dc;
	struct day d;

	if (day_get(w, a, id, &d, &dc) != 0 || d.cohort_id != c->id)
		return RESULT_FAILED;
	if (to)
		e.date = to;
	else
		e.status = DAY_CANCEL;
	return course_day_write(w, a, c, &d, &e, bad);
}

/* The batch and every clash's resolution, in w's open transaction. */
static int course_closures_write(struct db *w, const struct actor *a,
				 const struct cohort *c,
				 const struct closure_batch *b,
				 const struct closure_choice *choices,
				 size_t nchoices, struct form_invalid *bad)
{
	struct audit_entry e = audit_by(a, AUDIT_CLOSURE_ADD);
	int64_t ids[CLOSURE_CLASHES_MAX];
	char reason[840], detail[64];
	enum closure_action act;
	date_t to;
	size_t i;
	int n, k, rc;

	if (closure_store(w, c, b) < 0)
		return RESULT_FAILED;
	for (i = 0; i < b->n; i++) {
		n = day_on(w, c->id, b->days[i].date, ids, CLOSURE_CLASHES_MAX);
		if (n < 0)
			return RESULT_FAILED;
		snprintf(reason, sizeof(reason), "Lukkedag%s%s",
			 b->days[i].reason[0] ? ": " : "", b->days[i].reason);
		for (k = 0; k < n; k++) {
			to = 0;
			act = closure_choice_of(choices, nchoices, ids[k], &to);
			if (act == CLOSURE_NONE) {
				bad->field = "resolutions";
				snprintf(bad->message, sizeof(bad->message),
					 "Vælg, hvad der skal ske med hver "
					 "kursusdag på en lukkedag.");
				return RESULT_INVALID;
			}
			if (act == CLOSURE_KEEP)
				continue;
			rc = course_day_clash(w, a, c, ids[k],
					      act == CLOSURE_MOVE ? to : 0,
					      reason, bad);
			if (rc == RESULT_INVALID)
				bad->field = "resolutions";
			if (rc != RESULT_OK)
				return rc;
		}
	}
	snprintf(detail, sizeof(detail), "%zu dage (%s)", b->n, b->source);
	e.subject_type = "cohort";
	e.subject_id = c->id;
	e.subject = c->name;
	e.detail = detail;
	return audit_write(w, &e) == 0 ? RESULT_OK : RESULT_FAILED;
}

int course_closures_add(struct db *w, const struct actor *a,
			const struct cohort *c, const struct closure_batch *b,
			const struct closure_choice *choices, size_t n,
			struct form_invalid *bad)
{
	if (!cohort_may_manage(a, c))
		return course_refused(bad, "Kun holdets projektledere kan "
					   "ændre holdet.");
	if (db_begin(w) < 0)
		return RESULT_FAILED;
	/* Cancelled or moved days within 48 hours queued mail. */
	return course_finish(
		w, course_closures_write(w, a, c, b, choices, n, bad));
}
