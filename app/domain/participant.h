/*
 * participant: a citizen referred to a cohort. The record and who sees
 * which part of it (participant_access), the sealed CPR number and health
 * fields read back, the status history, outcomes and access log, and the
 * audit of every read and change. The writes are referral.h (referral and
 * change) and progress.h (visitation, status, outcomes); the lists roster.h.
 */
#ifndef MESTRING_PARTICIPANT_H
#define MESTRING_PARTICIPANT_H

#include "audit.h"
#include "cohort.h"
#include "cpr.h"
#include "date.h"
#include "db.h"
#include "result.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct actor;
struct cJSON;
struct form_invalid;

enum participant_status {
	PARTICIPANT_REFERRED,
	PARTICIPANT_ADMITTED,
	PARTICIPANT_WAITING,
	PARTICIPANT_NOT_ADMITTED,
	PARTICIPANT_STARTED,
	PARTICIPANT_RE_REFERRED,
	PARTICIPANT_DROPPED_OUT,
	PARTICIPANT_COMPLETED,
	PARTICIPANT_STATUS__MAX
};

extern const char *const participant_status_names[PARTICIPANT_STATUS__MAX + 1];
const char *participant_status_label(enum participant_status s);
/* enum participant_status, or -1. */
int participant_status_parse(const char *name);
/* May a participant in status from be moved to status to? (Visitation
 * moves referred and waiting; the status step does the rest.) */
bool participant_transition_allowed(enum participant_status from,
				    enum participant_status to);

/*
 * What a member of staff may see of a participant, from least to most:
 * mentors their own mentees' contact details and schedule; enterprise
 * consultants also the agreement guide, talks and outcomes; the cohort's
 * instructors also the health fields and visitation; the citizen's
 * caseworker and the cohort's project leaders everything, with the CPR
 * number masked and revealed on a confirmed, stated purpose.
 */
enum participant_access {
	PARTICIPANT_ACCESS_NONE,
	PARTICIPANT_ACCESS_CONTACT,
	PARTICIPANT_ACCESS_WORK,
	PARTICIPANT_ACCESS_HEALTH,
	PARTICIPANT_ACCESS_FULL,
};

/* Things staff do to a participant; participant_may says who. */
enum participant_action {
	PARTICIPANT_EDIT,	/* contact and health fields, caseworker */
	PARTICIPANT_VISITATION, /* the cohort's instructors, project leaders */
	PARTICIPANT_STATUS,	/* + the citizen's caseworker */
	PARTICIPANT_OUTCOME,	/* caseworker, project leaders */
	PARTICIPANT_AFTERCARE,	/* caseworker, project leaders */
	PARTICIPANT_TALKS,	/* all but mentors plan; mentors their own */
	PARTICIPANT_AGREEMENT,	/* caseworker, leaders, instructors, consultants
				 */
	PARTICIPANT_REVEAL_CPR, /* caseworker, project leaders */
	PARTICIPANT_ACTION__MAX
};

#define PARTICIPANT_NAME_MAX 200

/* Text limits are in characters; a buffer holds four bytes for each (UTF-8)
 * and the NUL. Phone numbers and e-mail addresses are ASCII. */
#define PARTICIPANT_TEXT(chars) ((chars)*4 + 1)

struct participant {
	int64_t id, cohort_id;
	char name[PARTICIPANT_TEXT(PARTICIPANT_NAME_MAX)];
	enum participant_status status;
	int birth_year;
	char phone[41], email[255], address[PARTICIPANT_TEXT(300)];
	int64_t caseworker_id, mentor_id; /* mentor 0: none */
	char caseworker[PARTICIPANT_TEXT(200)], mentor[PARTICIPANT_TEXT(200)];
	date_t referred_on, visitation_on, started_on, ended_on; /* 0: none */
	enum participant_access access; /* of the actor that loaded it */
};

/* The stored names of the health fields' choices and of who takes part in
 * a status dialogue, NULL-terminated, with their Danish labels. */
extern const char *const participant_barrier_names[];
extern const char *const participant_barrier_labels[];
extern const char *const participant_substance_names[];
extern const char *const participant_substance_labels[];
extern const char *const participant_dialogue_names[];
extern const char *const participant_dialogue_labels[];
/* The label of name in names[] (NULL-terminated), or "". */
const char *participant_choice_label(const char *const *names,
				     const char *const *labels,
				     const char *name);

/*
 * The SQL of a participant row for the modules that list them (roster.c):
 * PARTICIPANT_COLUMNS_SQL (17 columns, the last the viewer's access) FROM
 * PARTICIPANT_FROM_SQL, with ?1..?3 the viewer as COHORT_VISIBLE_SQL takes
 * them (bind COHORT_VIEWER(actor)). participant_read_row reads them.
 */
#define PARTICIPANT_ACCESS_SQL                                                 \
	"CASE WHEN ?3 = 'project_leader' AND (?2 IN (c.job_centre_id, "        \
	"c.provider_id) OR EXISTS (SELECT 1 FROM cohort_staff s WHERE "        \
	"s.cohort_id = c.id AND s.user_id = ?1 AND s.role = "                  \
	"'project_leader')) THEN 4 "                                           \
	"WHEN ?3 = 'caseworker' AND p.caseworker_id = ?1 THEN 4 "              \
	"WHEN ?3 = 'instructor' AND EXISTS (SELECT 1 FROM cohort_staff s "     \
	"WHERE s.cohort_id = c.id AND s.user_id = ?1 AND s.role = "            \
	"'instructor') THEN 3 "                                                \
	"WHEN ?3 = 'consultant' AND (?2 IN (c.job_centre_id, c.provider_id) "  \
	"OR EXISTS (SELECT 1 FROM cohort_staff s WHERE s.cohort_id = c.id "    \
	"AND s.user_id = ?1 AND s.role = 'consultant')) THEN 2 "               \
	"WHEN ?3 = 'mentor' AND p.mentor_id = ?1 THEN 1 ELSE 0 END "
#define PARTICIPANT_COLUMNS_SQL                                                \
	"p.id, p.cohort_id, p.name, p.status, p.birth_year, p.phone, "         \
	"p.email, p.address, p.caseworker_id, coalesce(p.mentor_id, 0), "      \
	"uc.name, coalesce(um.name, ''), p.referred_on, "                      \
	"coalesce(p.visitation_on, ''), coalesce(p.started_on, ''), "          \
	"coalesce(p.ended_on, ''), " PARTICIPANT_ACCESS_SQL
#define PARTICIPANT_FROM_SQL                                                   \
	"FROM participant p JOIN cohort c ON c.id = p.cohort_id JOIN user uc " \
	"ON uc.id = p.caseworker_id LEFT JOIN user um ON um.id = p.mentor_id "
void participant_read_row(sqlite3_stmt *st, struct participant *p);

/* Reading. */

/*
 * Loads participant id if a sees any of it (p->access). 0 found and
 * visible, 1 not (answer 404 either way), -1 on error.
 */
int participant_get(struct db *db, const struct actor *a, int64_t id,
		    struct participant *p);
/*
 * p's cohort for a (p loaded by participant_get): 0 with c filled, or with
 * only c->id when a is a mentor who sees the mentee but not the cohort
 * (the cohort rule does not reach them); 1 when a sees neither (404);
 * -1 on error.
 */
int participant_cohort(struct db *db, const struct actor *a,
		       const struct participant *p, struct cohort *c);
/*
 * What active user user_id may see of participant id, by the same rule:
 * an enum participant_access (PARTICIPANT_ACCESS_NONE for an inactive or
 * unknown user), or -1 on error. For checking a change of who holds a
 * record before it is made.
 */
int participant_access_of(struct db *db, int64_t user_id, int64_t id);
/* The role (enum role) of active user user_id; -1 when there is none or
 * on error. */
int participant_user_role(struct db *db, int64_t user_id);
/* May a do x to p (loaded for a)? The rule needs p's access and a's role. */
bool participant_may(const struct actor *a, const struct participant *p,
		     enum participant_action x);
/* The message of a refusal by participant_may. */
extern const char participant_refused[];
/* Fills bad with participant_refused: RESULT_REFUSED. */
int participant_refuse(struct form_invalid *bad);

/* The cohort's admitted places: admitted, started and completed. -1 on
 * error. */
int participant_admitted_count(struct db *db, int64_t cohort_id);
/* The cohort's waiting list's length. -1 on error. */
int participant_waiting_count(struct db *db, int64_t cohort_id);

/* The sealed parts (only for whom p->access lets see them). */

/* The masked CPR number of participant id into out. 0 or -1. */
int participant_cpr_masked(struct db *db, int64_t id, char out[CPR_MASKED_LEN]);
/*
 * The health object of participant id: {"barriers": [...],
 * "barrier_other", "substance", "criteria": [{"text", "answer", "note"}],
 * "reason", "wishes"}. NULL on error; the caller deletes it.
 */
struct cJSON *participant_health_get(struct db *db, int64_t id);
/* The visitation object ({"notes", "reason"}) of participant id; NULL
 * when there is none or on error. The caller deletes it. */
struct cJSON *participant_visitation_get(struct db *db, int64_t id);

/* A status change of the history, oldest first. Texts live until the
 * callback returns. */
struct participant_history {
	const char *date; /* ISO */
	const char *from, *to, *dialogue, *by;
	/* NULL unless p's viewer sees health fields; "" when it cannot be
	 * opened. */
	const char *reason;
};
typedef void (*participant_history_fn)(void *ctx,
				       const struct participant_history *h);
int participant_history_each(struct db *db, const struct participant *p,
			     participant_history_fn fn, void *ctx);

/* An outcome, the end's first. */
struct participant_outcome {
	const char *timing, *kind, *other_kind; /* other_kind "" for none */
	int hours;				/* 0: none */
	const char *note; /* as participant_history's reason */
	const char *recorded_on;
};
typedef void (*participant_outcome_fn)(void *ctx,
				       const struct participant_outcome *o);
int participant_outcome_each(struct db *db, const struct participant *p,
			     participant_outcome_fn fn, void *ctx);

/* An audit row about a participant, newest first (at most 1000). */
struct participant_access_row {
	int64_t at, latest; /* reads are counted per hour: first and last */
	int count;
	const char *actor, *action, *purpose, *detail;
	const char *note; /* a CPR reveal's sealed note, opened; or NULL */
};
typedef void (*participant_access_fn)(void *ctx,
				      const struct participant_access_row *e);
/* 0, or -1 on error (also when a note cannot be opened). */
int participant_access_each(struct db *db, const struct participant *p,
			    participant_access_fn fn, void *ctx);

/* Audit. The label names no one: "deltager ID". purpose says why (may be
 * NULL), detail what (never CPR or health data). 0 or -1. */

/* A read by a, committed with other reads without waiting for the disk
 * (audit_write_reads). Never call it holding the writer. */
int participant_audit_read(const struct actor *a, enum audit_action x,
			   const struct participant *p, const char *purpose,
			   const char *detail);
/* A change by a, inside w's open transaction. */
int participant_audit_write(struct db *w, const struct actor *a,
			    enum audit_action x, const struct participant *p,
			    const char *purpose, const char *detail);
/* One read row per participant of ids[0..n) (a list shown), or with none
 * one row without a subject. */
int participant_audit_reads(const struct actor *a, enum audit_action x,
			    const int64_t *ids, size_t n, const char *detail);
/*
 * A row of its own on the writer w (which the caller holds, outside a
 * transaction), committed so that it survives a power cut: for what must
 * not be lost (a CPR number shown, a refused duplicate that told the
 * caller a citizen is on a course). note is sealed. 0 or -1.
 */
int participant_audit_durable(struct db *w, const struct actor *a,
			      enum audit_action x, const struct participant *p,
			      const char *purpose, const char *detail,
			      const char *note);

/* Revealing the CPR number. */

/* Why a CPR number is revealed: a closed list, NULL-terminated, with
 * labels; the last, "other", needs a note. */
extern const char *const participant_cpr_purposes[];
extern const char *const participant_cpr_purpose_labels[];

struct participant_reveal {
	int purpose;	  /* index in participant_cpr_purposes */
	const char *note; /* sealed in the audit row; may be NULL */
};

/*
 * Shows p's whole CPR number to a for in's purpose: the audit row with the
 * purpose and the sealed note is committed (durably, on the writer w the
 * caller holds) before the number is read into out. RESULT_OK,
 * RESULT_REFUSED, RESULT_INVALID (field "purpose" or "note") or
 * RESULT_FAILED.
 */
int participant_reveal_cpr(struct db *w, const struct actor *a,
			   const struct participant *p,
			   const struct participant_reveal *in,
			   char out[CPR_MASKED_LEN], struct form_invalid *bad);

#endif
