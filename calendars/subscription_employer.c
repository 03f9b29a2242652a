/*
 * subscription_employer: an internship's employer link on top of the
 * store (subscription.c), with who may do what to it and its rows in the
 * citizen's audit log (the detail names the internship).
 */
#include "subscription_employer.h"

#include "actor.h"
#include "audit.h"
#include "db.h"
#include "form.h"
#include "internship.h"
#include "participant.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

static struct subscription_key sub_employer_key(const struct internship *i)
{
	return (struct subscription_key){SUBSCRIPTION_EMPLOYER, i->id, 0};
}

bool subscription_employer_may(const struct actor *a,
			       const struct participant *p)
{
	return internship_may_write(a, p);
}

/* An audit row about p by a naming internship i: in w's transaction, or
 * without w a read's row. */
static int sub_employer_audit(struct db *w, const struct actor *a,
			      enum audit_action action,
			      const struct participant *p,
			      const struct internship *i, const char *detail)
{
	char text[96];

	snprintf(text, sizeof(text), "employer internship %lld%s%s",
		 (long long)i->id, detail ? " " : "", detail ? detail : "");
	return w ? participant_audit_write(w, a, action, p, NULL, text)
		 : participant_audit_read(a, action, p, NULL, text);
}

int subscription_employer_state(struct db *db, const struct internship *i,
				enum subscription_state *state)
{
	struct subscription_key k = sub_employer_key(i);

	return subscription_state_of(db, &k, NULL, state);
}

int subscription_employer_read(struct db *db, const struct actor *a,
			       const struct participant *p,
			       const struct internship *i, const char *detail,
			       char token[SUBSCRIPTION_TOKEN_SIZE],
			       enum subscription_state *state)
{
	struct subscription_key k = sub_employer_key(i);

	if (subscription_state_of(db, &k, token, state) < 0)
		return -1;
	if (*state != SUBSCRIPTION_LIVE)
		return 0;
	return sub_employer_audit(NULL, a, AUDIT_CALENDAR_READ, p, i, detail);
}

static enum result sub_employer_refuse(struct form_invalid *bad)
{
	bad->field = NULL;
	snprintf(bad->message, sizeof(bad->message),
		 "Du har ikke adgang til virksomhedens kalenderlink. Det har "
		 "virksomhedskonsulenten, projektlederen og borgerens "
		 "sagsbehandler.");
	return RESULT_REFUSED;
}

enum result subscription_employer_open(struct db *w, const struct actor *a,
				       const struct participant *p,
				       const struct internship *i,
				       const char *detail,
				       char token[SUBSCRIPTION_TOKEN_SIZE],
				       struct form_invalid *bad)
{
	struct subscription_key k = sub_employer_key(i);
	int rc = -1, live;

	if (!subscription_employer_may(a, p))
		return sub_employer_refuse(bad);
	if (db_begin(w) < 0)
		return RESULT_FAILED;
	/* Another request may have made it since the caller's read. */
	live = subscription_live(w, &k, token);
	if (live == 0)
		rc = sub_employer_audit(w, a, AUDIT_CALENDAR_READ, p, i,
					detail);
	else if (live == 1 && subscription_issue(w, a, &k, token) == 0)
		rc = sub_employer_audit(w, a, AUDIT_CALENDAR_CREATE, p, i,
					detail);
	if (rc < 0)
		sodium_memzero(token, SUBSCRIPTION_TOKEN_SIZE);
	return db_finish(w, rc < 0 ? RESULT_FAILED : RESULT_OK);
}

enum result subscription_employer_rotate(struct db *w, const struct actor *a,
					 const struct participant *p,
					 const struct internship *i,
					 char token[SUBSCRIPTION_TOKEN_SIZE],
					 struct form_invalid *bad)
{
	struct subscription_key k = sub_employer_key(i);
	int rc = RESULT_FAILED;

	if (!subscription_employer_may(a, p))
		return sub_employer_refuse(bad);
	if (db_begin(w) < 0)
		return RESULT_FAILED;
	if (subscription_issue(w, a, &k, token) == 0 &&
	    sub_employer_audit(w, a, AUDIT_CALENDAR_ROTATE, p, i, NULL) == 0)
		rc = RESULT_OK;
	return db_finish(w, rc);
}

enum result subscription_employer_revoke(struct db *w, const struct actor *a,
					 const struct participant *p,
					 const struct internship *i,
					 struct form_invalid *bad)
{
	struct subscription_key k = sub_employer_key(i);
	int rc, n;

	if (!subscription_employer_may(a, p))
		return sub_employer_refuse(bad);
	if (db_begin(w) < 0)
		return RESULT_FAILED;
	n = subscription_revoke(w, a, &k);
	rc = n < 0 ? RESULT_FAILED : RESULT_OK;
	if (n > 0 &&
	    sub_employer_audit(w, a, AUDIT_CALENDAR_REVOKE, p, i, NULL) < 0)
		rc = RESULT_FAILED;
	return db_finish(w, rc);
}
