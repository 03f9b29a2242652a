/*
 * progress: visitation, status steps and outcomes. Each checks its rules
 * against the participant as loaded, then writes in one transaction that
 * moves the status only from the status it was loaded with, so two people
 * deciding at once cannot both win.
 */
#include "progress.h"

#include "actor.h"
#include "audit.h"
#include "db.h"
#include "form.h"

#include <cjson/cJSON.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

const char *const progress_decisions[] = {
	"admitted",
	"waiting",
	"not_admitted",
	NULL,
};
const char *const progress_timings[] = {
	"end",
	"six_months",
	NULL,
};
const char *const progress_timing_labels[] = {
	"Ved forløbets afslutning",
	"6 måneder efter",
};
const char *const progress_outcome_kinds[] = {
	"job", "education", "extended_internship", "other", NULL,
};
const char *const progress_outcome_labels[] = {
	"Job",
	"Uddannelse",
	"Forlænget i praktik",
	"Andet",
};
const char *const progress_other_kinds[] = {
	"upskilling",
	"clarification",
	"none",
	NULL,
};
const char *const progress_other_labels[] = {
	"Opkvalificerende forløb",
	"Afklaring",
	"Ingen videre planer",
};

enum progress_sql {
	PROGRESS_SQL_STATUS_SET,
	PROGRESS_SQL_HISTORY_ADD,
	PROGRESS_SQL_VISITATION_SET,
	PROGRESS_SQL_OUTCOME_SET,
	PROGRESS_SQL__MAX
};

static const struct db_sql progress_sql[PROGRESS_SQL__MAX] = {
	/* Only from ?5, the status the change was decided on. */
	[PROGRESS_SQL_STATUS_SET] =
		{"UPDATE participant SET status = ?2, started_on = CASE WHEN "
		 "?2 "
		 "= 'started' THEN ?3 ELSE started_on END, ended_on = CASE "
		 "WHEN ?2 IN ('re_referred', 'dropped_out', 'completed', "
		 "'not_admitted') THEN ?3 ELSE ended_on END, updated_at = ?4 "
		 "WHERE id = ?1 AND status = ?5",
		 "itTit"},
	[PROGRESS_SQL_HISTORY_ADD] =
		{"INSERT INTO participant_status (participant_id, at, date, "
		 "from_status, to_status, reason_enc, dialogue, actor_id, "
		 "actor) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
		 "iiTttStIt"},
	[PROGRESS_SQL_VISITATION_SET] = {"UPDATE participant SET visitation_on "
					 "= ?2, visitation_by = ?3, "
					 "visitation_enc = ?4 WHERE id = ?1",
					 "iTIs"},
	[PROGRESS_SQL_OUTCOME_SET] =
		{"INSERT INTO outcome (participant_id, timing, kind, "
		 "hours_per_week, other_kind, note_enc, recorded_on, actor_id, "
		 "actor, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, "
		 "?6, ?7, ?8, ?9, ?10, ?10) ON CONFLICT (participant_id, "
		 "timing) DO UPDATE SET kind = excluded.kind, hours_per_week = "
		 "excluded.hours_per_week, other_kind = excluded.other_kind, "
		 "note_enc = excluded.note_enc, recorded_on = "
		 "excluded.recorded_on, actor_id = excluded.actor_id, actor = "
		 "excluded.actor, updated_at = excluded.updated_at",
		 "ittITSTIti"},
};

static int progress_invalid(struct form_invalid *bad, const char *field,
			    const char *message)
{
	bad->field = field;
	snprintf(bad->message, sizeof(bad->message), "%s", message);
	return RESULT_INVALID;
}

static const char *progress_actor(const struct actor *a)
{
	return a->email ? a->email : "system";
}

/* Moves p from its status to `to` on day on, with the history row, in w's
 * open transaction; a status changed meanwhile by someone else is refused
 * (field "status"). */
static int progress_move(struct db *w, const struct actor *a,
			 const struct participant *p,
			 enum participant_status to, date_t on,
			 const char *reason, const char *dialogue,
			 struct form_invalid *bad)
{
	const char *from = participant_status_names[p->status];
	const char *name = participant_status_names[to];
	int64_t now = (int64_t)time(NULL);
	char iso[DATE_ISO_LEN + 1];
	const char *day = on ? iso : NULL;

	date_format_iso(on, iso);
	if (DB_RUN(w, &progress_sql[PROGRESS_SQL_STATUS_SET], DB_INT(p->id),
		   DB_TEXT(name), DB_TEXT(day), DB_INT(now),
		   DB_TEXT(from)) != DB_OK)
		return RESULT_FAILED;
	if (db_changes(w) != 1)
		return progress_invalid(bad, "status",
					"Borgerens status er ændret imens. "
					"Hent siden igen.");
	return DB_RUN(w, &progress_sql[PROGRESS_SQL_HISTORY_ADD], DB_INT(p->id),
		      DB_INT(now), DB_TEXT(day), DB_TEXT(from), DB_TEXT(name),
		      DB_SEALED(reason), DB_TEXT(dialogue ? dialogue : ""),
		      DB_ID(a->user_id), DB_TEXT(progress_actor(a))) == DB_OK
		       ? RESULT_OK
		       : RESULT_FAILED;
}

/* The day of an event (0: on): not after on, not before the referral. */
static int progress_event_date(date_t given, const struct participant *p,
			       date_t on, date_t *out, struct form_invalid *bad)
{
	*out = given ? given : on;
	if (*out > on)
		return progress_invalid(bad, "date",
					"Datoen må ikke ligge i fremtiden.");
	if (*out < p->referred_on)
		return progress_invalid(bad, "date",
					"Datoen ligger før henvisningen.");
	return RESULT_OK;
}

/* Where an admission lands: admitted, the waiting list when the cohort's
 * places are taken, or refused past the hard maximum of 16. notice (may
 * be NULL) says where, or that the group is over the recommended size. */
static int progress_admission(struct db *w, const struct cohort *c,
			      enum participant_status from,
			      enum participant_status *to,
			      char notice[PROGRESS_NOTICE_LEN],
			      struct form_invalid *bad)
{
	int placed = participant_admitted_count(w, c->id), waiting;
	char text[PROGRESS_NOTICE_LEN] = "";

	if (placed < 0)
		return RESULT_FAILED;
	if (placed >= COHORT_CAPACITY_MAX)
		return progress_invalid(bad, "decision",
					"Holdet har allerede 16 optagne "
					"deltagere, det højeste antal. Sæt "
					"borgeren på venteliste.");
	*to = PARTICIPANT_ADMITTED;
	if (placed >= c->capacity) {
		waiting = participant_waiting_count(w, c->id);
		*to = PARTICIPANT_WAITING;
		if (from == PARTICIPANT_WAITING)
			snprintf(text, sizeof(text),
				 "Holdets %d pladser er stadig optaget. "
				 "Borgeren bliver på ventelisten.",
				 c->capacity);
		else
			snprintf(text, sizeof(text),
				 "Holdets %d pladser er optaget. Borgeren er "
				 "sat på venteliste som nr. %d.",
				 c->capacity, waiting + 1);
	} else if (placed + 1 > COHORT_CAPACITY_RECOMMENDED) {
		snprintf(text, sizeof(text),
			 "Holdet har nu %d deltagere, flere end de anbefalede "
			 "8-10.",
			 placed + 1);
	}
	if (notice)
		memcpy(notice, text, sizeof(text));
	return RESULT_OK;
}

/* Visitation. */

int progress_visit_check(const struct actor *a, const struct participant *p,
			 struct form_invalid *bad)
{
	if (!participant_may(a, p, PARTICIPANT_VISITATION))
		return participant_refuse(bad);
	if (p->status != PARTICIPANT_REFERRED &&
	    p->status != PARTICIPANT_WAITING)
		return progress_invalid(bad, "decision",
					"Visitationen er afsluttet for "
					"denne borger.");
	return RESULT_OK;
}

/* The talk's notes and the reason, sealed as one object. */
static char *progress_visitation_json(const struct progress_visitation *in)
{
	cJSON *j = cJSON_CreateObject();
	char *text;

	cJSON_AddStringToObject(j, "notes", in->notes ? in->notes : "");
	cJSON_AddStringToObject(j, "reason", in->reason ? in->reason : "");
	text = cJSON_PrintUnformatted(j);
	cJSON_Delete(j);
	return text;
}

static int progress_visit_write(struct db *w, const struct actor *a,
				const struct participant *p,
				const struct cohort *c,
				const struct progress_visitation *in,
				date_t day, char notice[PROGRESS_NOTICE_LEN],
				struct form_invalid *bad)
{
	enum participant_status to = (enum participant_status)
		participant_status_parse(progress_decisions[in->decision]);
	char iso[DATE_ISO_LEN + 1], *sealed;
	int rc = RESULT_OK;

	if (to == PARTICIPANT_ADMITTED)
		rc = progress_admission(w, c, p->status, &to, notice, bad);
	if (rc != RESULT_OK)
		return rc;
	sealed = progress_visitation_json(in);
	if (sealed == NULL)
		return RESULT_FAILED;
	date_format_iso(day, iso);
	rc = DB_RUN(w, &progress_sql[PROGRESS_SQL_VISITATION_SET],
		    DB_INT(p->id), DB_TEXT(day ? iso : NULL), DB_ID(a->user_id),
		    DB_SEALED(sealed));
	sodium_memzero(sealed, strlen(sealed));
	cJSON_free(sealed);
	if (rc != DB_OK)
		return RESULT_FAILED;
	rc = RESULT_OK;
	if (to != p->status)
		rc = progress_move(w, a, p, to, day, in->reason, NULL, bad);
	if (rc == RESULT_OK &&
	    participant_audit_write(w, a, AUDIT_PARTICIPANT_VISITATION, p, NULL,
				    participant_status_names[to]) < 0)
		rc = RESULT_FAILED;
	return rc;
}

int progress_visit(struct db *w, const struct actor *a,
		   const struct participant *p, const struct cohort *c,
		   const struct progress_visitation *in, date_t on,
		   char notice[PROGRESS_NOTICE_LEN], struct form_invalid *bad)
{
	date_t day;
	int rc;

	if (notice)
		notice[0] = '\0';
	rc = progress_visit_check(a, p, bad);
	if (rc != RESULT_OK)
		return rc;
	if (in->decision < 0 || in->decision > 2)
		return progress_invalid(bad, "decision",
					"Afgørelse har en ugyldig værdi.");
	rc = progress_event_date(in->date, p, on, &day, bad);
	if (rc == RESULT_OK && in->decision == 2 &&
	    (in->reason == NULL || *in->reason == '\0'))
		rc = progress_invalid(bad, "reason",
				      "Skriv hvorfor borgeren ikke optages.");
	if (rc != RESULT_OK)
		return rc;
	if (db_begin(w) < 0)
		return RESULT_FAILED;
	rc = db_finish(w,
		       progress_visit_write(w, a, p, c, in, day, notice, bad));
	if (rc != RESULT_OK && notice)
		notice[0] = '\0';
	return rc;
}

/* Status steps. */

/* The rules of a status step beyond the transition table. */
static int progress_step_rules(const struct participant *p,
			       const struct cohort *c,
			       enum participant_status to, date_t day,
			       const struct progress_step *in,
			       struct form_invalid *bad)
{
	char da[DATE_DA_LEN];

	if (to == PARTICIPANT_NOT_ADMITTED || to == PARTICIPANT_WAITING ||
	    (to == PARTICIPANT_ADMITTED && p->status != PARTICIPANT_WAITING))
		return progress_invalid(bad, "status",
					"Optagelse og venteliste afgøres "
					"ved visitationen.");
	if (!participant_transition_allowed(p->status, to)) {
		snprintf(bad->message, sizeof(bad->message),
			 "En borger med status »%s« kan ikke få status »%s«.",
			 participant_status_label(p->status),
			 participant_status_label(to));
		bad->field = "status";
		return RESULT_INVALID;
	}
	if ((to == PARTICIPANT_RE_REFERRED || to == PARTICIPANT_DROPPED_OUT) &&
	    (in->reason == NULL || *in->reason == '\0'))
		return progress_invalid(bad, "reason", "Skriv en begrundelse.");
	if (to == PARTICIPANT_RE_REFERRED &&
	    (in->dialogue == NULL || *in->dialogue == '\0'))
		return progress_invalid(bad, "dialogue",
					"Angiv hvem der deltog i dialogen "
					"om tilbagevisiteringen.");
	if (to == PARTICIPANT_STARTED && day < c->prep_start) {
		date_format_da(c->prep_start, da, sizeof(da));
		snprintf(bad->message, sizeof(bad->message),
			 "Forløbet begynder %s.", da);
		bad->field = "date";
		return RESULT_INVALID;
	}
	if (to == PARTICIPANT_COMPLETED && day < c->internship_start) {
		date_format_da(c->internship_start, da, sizeof(da));
		snprintf(
			bad->message, sizeof(bad->message),
			"Forløbet kan gennemføres fra praktikken begynder, %s.",
			da);
		bad->field = "date";
		return RESULT_INVALID;
	}
	return RESULT_OK;
}

static int progress_step_write(struct db *w, const struct actor *a,
			       const struct participant *p,
			       const struct cohort *c,
			       const struct progress_step *in,
			       enum participant_status to, date_t day,
			       struct form_invalid *bad)
{
	char detail[64];
	int rc = RESULT_OK;

	if (to == PARTICIPANT_ADMITTED)
		rc = progress_admission(w, c, p->status, &to, NULL, bad);
	if (rc == RESULT_OK && to == PARTICIPANT_WAITING)
		rc = progress_invalid(bad, "status",
				      "Holdet er fuldt; borgeren bliver på "
				      "ventelisten.");
	if (rc == RESULT_OK)
		rc = progress_move(w, a, p, to, day, in->reason, in->dialogue,
				   bad);
	snprintf(detail, sizeof(detail), "%s -> %s",
		 participant_status_names[p->status],
		 participant_status_names[to]);
	if (rc == RESULT_OK &&
	    participant_audit_write(w, a, AUDIT_PARTICIPANT_STATUS, p, NULL,
				    detail) < 0)
		rc = RESULT_FAILED;
	return rc;
}

int progress_step(struct db *w, const struct actor *a,
		  const struct participant *p, const struct cohort *c,
		  const struct progress_step *in, date_t on,
		  struct form_invalid *bad)
{
	enum participant_status to = (enum participant_status)in->status;
	date_t day;
	int rc;

	if (!participant_may(a, p, PARTICIPANT_STATUS))
		return participant_refuse(bad);
	if ((unsigned)in->status >= PARTICIPANT_STATUS__MAX)
		return progress_invalid(bad, "status",
					"Status har en ugyldig værdi.");
	/* Taking someone off the waiting list is the visitation's call. */
	if (to == PARTICIPANT_ADMITTED &&
	    !participant_may(a, p, PARTICIPANT_VISITATION))
		return progress_invalid(bad, "status",
					"Kun holdets undervisere og "
					"projektledere optager fra "
					"ventelisten.");
	rc = progress_event_date(in->date, p, on, &day, bad);
	if (rc == RESULT_OK)
		rc = progress_step_rules(p, c, to, day, in, bad);
	if (rc != RESULT_OK)
		return rc;
	if (db_begin(w) < 0)
		return RESULT_FAILED;
	return db_finish(w, progress_step_write(w, a, p, c, in, to, day, bad));
}

/* Outcomes. */

static int progress_outcome_rules(const struct participant *p,
				  const struct cohort *c,
				  const struct progress_outcome *in, date_t on,
				  struct form_invalid *bad)
{
	date_t from = in->timing == 0 ? c->internship_end
				      : date_add_months(c->internship_end, 6);
	bool job = in->kind == 0, other = in->kind == 3;
	char da[DATE_DA_LEN];

	if (p->started_on == 0)
		return progress_invalid(bad, "timing",
					"Kun borgere, der er startet i "
					"forløbet, får et resultat.");
	if (on < from) {
		date_format_da(from, da, sizeof(da));
		snprintf(bad->message, sizeof(bad->message),
			 in->timing == 0
				 ? "Forløbet er ikke slut. Resultatet ved "
				   "afslutningen kan registreres fra %s."
				 : "Opfølgningen efter 6 måneder kan "
				   "registreres fra %s.",
			 da);
		bad->field = "timing";
		return RESULT_INVALID;
	}
	if (job && in->hours <= 0)
		return progress_invalid(bad, "hours_per_week",
					"Angiv timer om ugen for job.");
	if (!job && in->hours > 0)
		return progress_invalid(bad, "hours_per_week",
					"Timer om ugen hører kun til job.");
	if (other && in->other_kind < 0)
		return progress_invalid(bad, "other_kind",
					"Vælg opkvalificering, afklaring "
					"eller ingen videre planer.");
	if (!other && in->other_kind >= 0)
		return progress_invalid(bad, "other_kind",
					"Underkategorien hører kun til "
					"»Andet«.");
	return RESULT_OK;
}

static int progress_outcome_write(struct db *w, const struct actor *a,
				  const struct participant *p,
				  const struct progress_outcome *in, date_t on)
{
	const char *timing = progress_timings[in->timing];
	const char *kind = progress_outcome_kinds[in->kind];
	char iso[DATE_ISO_LEN + 1], detail[64];

	date_format_iso(on, iso);
	if (DB_RUN(w, &progress_sql[PROGRESS_SQL_OUTCOME_SET], DB_INT(p->id),
		   DB_TEXT(timing), DB_TEXT(kind),
		   in->hours > 0 ? DB_INT(in->hours) : DB_NULL,
		   DB_TEXT(in->other_kind >= 0
				   ? progress_other_kinds[in->other_kind]
				   : NULL),
		   DB_SEALED(in->note), DB_TEXT(on ? iso : NULL),
		   DB_ID(a->user_id), DB_TEXT(progress_actor(a)),
		   DB_INT((int64_t)time(NULL))) != DB_OK)
		return RESULT_FAILED;
	snprintf(detail, sizeof(detail), "%s %s", timing, kind);
	return participant_audit_write(w, a, AUDIT_PARTICIPANT_OUTCOME, p, NULL,
				       detail) < 0
		       ? RESULT_FAILED
		       : RESULT_OK;
}

int progress_outcome(struct db *w, const struct actor *a,
		     const struct participant *p, const struct cohort *c,
		     const struct progress_outcome *in, date_t on,
		     struct form_invalid *bad)
{
	int rc;

	if (!participant_may(a, p, PARTICIPANT_OUTCOME))
		return participant_refuse(bad);
	if (in->timing < 0 || in->timing > 1 || in->kind < 0 || in->kind > 3 ||
	    in->other_kind > 2)
		return progress_invalid(bad, "kind",
					"Resultat har en ugyldig værdi.");
	rc = progress_outcome_rules(p, c, in, on, bad);
	if (rc != RESULT_OK)
		return rc;
	if (db_begin(w) < 0)
		return RESULT_FAILED;
	return db_finish(w, progress_outcome_write(w, a, p, in, on));
}
