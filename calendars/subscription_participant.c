/*
 * subscription_participant: a citizen's link on top of the store
 * (subscription.c), with who may do what to it and its rows in the
 * citizen's audit log.
 */
#include "subscription_participant.h"

#include "actor.h"
#include "audit.h"
#include "db.h"
#include "form.h"
#include "participant.h"

#include <stdio.h>
#include <string.h>

enum sub_participant_sql {
	SUB_PARTICIPANT_SQL_PLACE,
	SUB_PARTICIPANT_SQL__MAX
};

static const struct db_sql sub_participant_sql[SUB_PARTICIPANT_SQL__MAX] = {
	[SUB_PARTICIPANT_SQL_PLACE] = {"SELECT name, venue_name, "
				       "venue_address FROM cohort WHERE id = "
				       "?1",
				       "i"},
};

static struct subscription_key sub_participant_key(const struct participant *p)
{
	return (struct subscription_key){SUBSCRIPTION_PARTICIPANT, p->id, 0};
}

bool subscription_participant_may_see(const struct participant *p)
{
	return p->access >= PARTICIPANT_ACCESS_CONTACT;
}

bool subscription_participant_may_manage(const struct participant *p)
{
	return p->access >= PARTICIPANT_ACCESS_WORK;
}

/* An audit row about p by a: in w's transaction, or without w a read's
 * row (participant.h's, so it looks like every other row about them). */
static int sub_participant_audit(struct db *w, const struct actor *a,
				 enum audit_action action,
				 const struct participant *p,
				 const char *detail)
{
	return w ? participant_audit_write(w, a, action, p, NULL, detail)
		 : participant_audit_read(a, action, p, NULL, detail);
}

int subscription_participant_state(struct db *db, const struct participant *p,
				   enum subscription_state *state)
{
	struct subscription_key k = sub_participant_key(p);

	return subscription_state_of(db, &k, NULL, state);
}

int subscription_participant_read(struct db *db, const struct actor *a,
				  const struct participant *p,
				  const char *detail,
				  char token[SUBSCRIPTION_TOKEN_SIZE],
				  enum subscription_state *state)
{
	struct subscription_key k = sub_participant_key(p);

	if (subscription_state_of(db, &k, token, state) < 0)
		return -1;
	if (*state == SUBSCRIPTION_NONE)
		return 1;
	return sub_participant_audit(NULL, a, AUDIT_CALENDAR_READ, p, detail);
}

int subscription_participant_create(struct db *w, const struct actor *a,
				    const struct participant *p,
				    const char *detail,
				    char token[SUBSCRIPTION_TOKEN_SIZE])
{
	struct subscription_key k = sub_participant_key(p);
	int rc = -1, live;

	if (db_begin(w) < 0)
		return -1;
	/* Another request may have made it since the caller's read. */
	live = subscription_live(w, &k, token);
	if (live == 0)
		rc = sub_participant_audit(w, a, AUDIT_CALENDAR_READ, p,
					   detail);
	else if (live == 1 && subscription_issue(w, a, &k, token) == 0)
		rc = sub_participant_audit(w, a, AUDIT_CALENDAR_CREATE, p,
					   detail);
	return db_finish(w, rc);
}

static enum result sub_participant_refuse(struct form_invalid *bad)
{
	bad->field = NULL;
	snprintf(bad->message, sizeof(bad->message),
		 "Du har ikke adgang til at ændre borgerens kalenderlink.");
	return RESULT_REFUSED;
}

enum result subscription_participant_rotate(struct db *w, const struct actor *a,
					    const struct participant *p,
					    char token[SUBSCRIPTION_TOKEN_SIZE],
					    struct form_invalid *bad)
{
	struct subscription_key k = sub_participant_key(p);
	int rc = RESULT_FAILED;

	if (!subscription_participant_may_manage(p))
		return sub_participant_refuse(bad);
	if (db_begin(w) < 0)
		return RESULT_FAILED;
	if (subscription_issue(w, a, &k, token) == 0 &&
	    sub_participant_audit(w, a, AUDIT_CALENDAR_ROTATE, p, NULL) == 0)
		rc = RESULT_OK;
	return db_finish(w, rc);
}

enum result subscription_participant_revoke(struct db *w, const struct actor *a,
					    const struct participant *p,
					    struct form_invalid *bad)
{
	struct subscription_key k = sub_participant_key(p);
	int rc, n;

	if (!subscription_participant_may_manage(p))
		return sub_participant_refuse(bad);
	if (db_begin(w) < 0)
		return RESULT_FAILED;
	/* Revoking what is already revoked changes nothing and is not
	 * audited. */
	n = subscription_revoke(w, a, &k);
	rc = n < 0 ? RESULT_FAILED : RESULT_OK;
	if (n > 0 &&
	    sub_participant_audit(w, a, AUDIT_CALENDAR_REVOKE, p, NULL) < 0)
		rc = RESULT_FAILED;
	return db_finish(w, rc);
}

int subscription_participant_handout(struct db *db, const struct participant *p,
				     struct subscription_handout *out)
{
	sqlite3_stmt *st = DB_BIND(
		db, &sub_participant_sql[SUB_PARTICIPANT_SQL_PLACE],
		DB_INT(p->cohort_id));
	int rc;

	memset(out, 0, sizeof(*out));
	if (st == NULL)
		return -1;
	rc = db_step(db, st);
	if (rc == SQLITE_ROW) {
		snprintf(out->cohort_name, sizeof(out->cohort_name), "%s",
			 db_text(st, 0));
		snprintf(out->venue_name, sizeof(out->venue_name), "%s",
			 db_text(st, 1));
		snprintf(out->venue_address, sizeof(out->venue_address), "%s",
			 db_text(st, 2));
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}
