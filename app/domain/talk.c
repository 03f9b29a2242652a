/*
 * talk: a participant's preparation talks. One path (talk_apply) checks a
 * new talk or a change (talk_build: the fields, the holder, the mentor's
 * and the notes' rules), and writes it with its audit row in one
 * transaction; every change bumps the talk's sequence.
 */
#include "talk.h"

#include "actor.h"
#include "array.h"
#include "audit.h"
#include "db.h"
#include "form.h"
#include "secret.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const char *const talk_kind_names[TALK_KIND__MAX + 1] = {
	"caseworker", "instructor", "consultant", "mentor", NULL,
};

const char *const talk_kind_labels[TALK_KIND__MAX] = {
	"Sagsbehandler",
	"Underviser",
	"Virksomhedskonsulent",
	"Mentor",
};

/* The account role of the staff member who holds each kind of talk. */
static const enum role talk_kind_roles[TALK_KIND__MAX] = {
	ROLE_CASEWORKER,
	ROLE_INSTRUCTOR,
	ROLE_CONSULTANT,
	ROLE_MENTOR,
};

const char *const talk_status_names[TALK_STATUS__MAX + 1] = {
	"planned",
	"held",
	"cancelled",
	NULL,
};

const char *const talk_status_labels[TALK_STATUS__MAX] = {
	"Planlagt",
	"Afholdt",
	"Aflyst",
};

enum talk_sql {
	TALK_SQL_LIST,
	TALK_SQL_GET,
	TALK_SQL_ADD,
	TALK_SQL_UPDATE,
	TALK_SQL_CANDIDATES,
	TALK_SQL__MAX
};

#define TALK_COLUMNS                                                           \
	"t.id, t.participant_id, t.kind, coalesce(t.staff_id, 0), "            \
	"coalesce(u.name, ''), t.date, t.start_min, t.end_min, t.place, "      \
	"t.status, t.sequence, t.notes_enc, t.notes_enc IS NOT NULL "

#define TALK_FROM "FROM prep_talk t LEFT JOIN user u ON u.id = t.staff_id "

static const struct db_sql talk_sql[TALK_SQL__MAX] = {
	[TALK_SQL_LIST] = {"SELECT " TALK_COLUMNS TALK_FROM
			   "WHERE t.participant_id = ?1 ORDER BY t.date, "
			   "t.start_min, t.id",
			   "i"},
	[TALK_SQL_GET] = {"SELECT " TALK_COLUMNS TALK_FROM "WHERE t.id = ?1",
			  "i"},
	[TALK_SQL_ADD] = {"INSERT INTO prep_talk (participant_id, kind, "
			  "staff_id, date, start_min, end_min, place, "
			  "notes_enc, status, created_at, updated_at) VALUES "
			  "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
			  "itItiitSti"},
	/* ?9: were notes given (else the sealed notes stay as they are). */
	[TALK_SQL_UPDATE] = {"UPDATE prep_talk SET kind = ?2, staff_id = ?3, "
			     "date = ?4, start_min = ?5, end_min = ?6, place = "
			     "?7, status = ?8, notes_enc = CASE WHEN ?9 THEN "
			     "?10 ELSE notes_enc END, sequence = sequence + 1, "
			     "updated_at = ?11 WHERE id = ?1",
			     "itItiittiSi"},
	[TALK_SQL_CANDIDATES] =
		{"SELECT u.id, u.name, u.role FROM user u WHERE u.active AND "
		 "u.role IN ('caseworker', 'instructor', 'consultant', "
		 "'mentor') AND (u.id IN (?2, ?3) OR u.id IN (SELECT user_id "
		 "FROM cohort_staff WHERE cohort_id = ?1) OR (u.role = "
		 "'consultant' AND u.organisation_id = (SELECT job_centre_id "
		 "FROM cohort WHERE id = ?1))) ORDER BY CASE u.role WHEN "
		 "'caseworker' THEN 0 WHEN 'instructor' THEN 1 WHEN "
		 "'consultant' THEN 2 ELSE 3 END, u.name LIMIT 200",
		 "iii"},
};

static int talk_parse(const char *const *names, const char *s)
{
	int i;

	for (i = 0; names[i]; i++)
		if (strcmp(names[i], s) == 0)
			return i;
	return 0;
}

bool talk_notes_visible(const struct actor *a, const struct participant *p,
			const struct talk *t)
{
	return p->access >= PARTICIPANT_ACCESS_HEALTH ||
	       (t->staff_id != 0 && t->staff_id == a->user_id);
}

bool talk_may_edit(const struct actor *a, const struct participant *p,
		   const struct talk *t)
{
	if (!participant_may(a, p, PARTICIPANT_TALKS))
		return false;
	return a->role != ROLE_MENTOR ||
	       (t->kind == TALK_MENTOR && t->staff_id == a->user_id);
}

/* A row into t; the notes are opened only when a may read them. */
static int talk_read_row(sqlite3_stmt *st, const struct actor *a,
			 const struct participant *p, struct talk *t)
{
	memset(t, 0, sizeof(*t));
	t->id = sqlite3_column_int64(st, 0);
	t->participant_id = sqlite3_column_int64(st, 1);
	t->kind = talk_parse(talk_kind_names, db_text(st, 2));
	t->staff_id = sqlite3_column_int64(st, 3);
	snprintf(t->staff, sizeof(t->staff), "%s", db_text(st, 4));
	t->date = db_date(st, 5);
	t->start = sqlite3_column_int(st, 6);
	t->end = sqlite3_column_int(st, 7);
	snprintf(t->place, sizeof(t->place), "%s", db_text(st, 8));
	t->status = talk_parse(talk_status_names, db_text(st, 9));
	t->sequence = sqlite3_column_int(st, 10);
	t->has_notes = sqlite3_column_int(st, 12) != 0;
	if (a && p && talk_notes_visible(a, p, t)) {
		t->notes = secret_column(st, 11);
		if (t->notes == NULL)
			return -1;
	}
	return 0;
}

void talk_free(struct talk *t)
{
	secret_free(t->notes);
	t->notes = NULL;
}

int talk_get(struct db *db, int64_t id, const struct actor *a,
	     const struct participant *p, struct talk *t)
{
	sqlite3_stmt *st = DB_BIND(db, &talk_sql[TALK_SQL_GET], DB_INT(id));
	int rc;

	if (st == NULL)
		return -1;
	rc = db_step(db, st);
	if (rc == SQLITE_ROW)
		rc = talk_read_row(st, a, p, t) < 0 ? -1 : 0;
	else
		rc = rc == SQLITE_DONE ? 1 : -1;
	sqlite3_reset(st);
	return rc;
}

int talk_each(struct db *db, const struct actor *a, const struct participant *p,
	      talk_fn fn, void *ctx)
{
	sqlite3_stmt *st = DB_BIND(db, &talk_sql[TALK_SQL_LIST], DB_INT(p->id));
	struct talk t;
	int rc;

	if (st == NULL)
		return -1;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		if (talk_read_row(st, a, p, &t) < 0) {
			rc = SQLITE_ERROR;
			break;
		}
		fn(ctx, &t);
		talk_free(&t);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int talk_candidates(struct db *db, const struct participant *p,
		    struct talk_candidate **out, size_t *n)
{
	sqlite3_stmt *st = DB_BIND(
		db, &talk_sql[TALK_SQL_CANDIDATES], DB_INT(p->cohort_id),
		DB_INT(p->caseworker_id), DB_INT(p->mentor_id));
	struct talk_candidate *list = NULL;
	size_t cap = 0;
	long k;
	int rc;

	*out = NULL;
	*n = 0;
	if (st == NULL)
		return -1;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		k = ARRAY_PUSH(list, *n, cap);
		if (k < 0) {
			rc = SQLITE_NOMEM;
			break;
		}
		list[k].id = sqlite3_column_int64(st, 0);
		snprintf(list[k].name, sizeof(list[k].name), "%s",
			 db_text(st, 1));
		/* The candidates' roles are the kinds' names. */
		list[k].kind = talk_parse(talk_kind_names, db_text(st, 2));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		free(list);
		*n = 0;
		return -1;
	}
	*out = list;
	return 0;
}

/* Checking and writing. */

static const char talk_mentor_only[] =
	"Som mentor kan du kun planlægge og ændre dine egne mentorsamtaler.";

int talk_check(const struct actor *a, const struct participant *p,
	       const struct talk *old, struct form_invalid *bad)
{
	if (!participant_may(a, p, PARTICIPANT_TALKS))
		return form_refuse(bad, RESULT_REFUSED, NULL,
				   "Du kan ikke planlægge samtaler med "
				   "deltageren.");
	if (old && a->role == ROLE_MENTOR &&
	    (old->kind != TALK_MENTOR || old->staff_id != a->user_id))
		return form_refuse(bad, RESULT_REFUSED, NULL, talk_mentor_only);
	return RESULT_OK;
}

/* Who holds the talk when the input does not say: a when their role fits
 * the kind, else no one. */
static int64_t talk_default_staff(const struct actor *a, enum talk_kind kind)
{
	return a->role == talk_kind_roles[kind] ? a->user_id : 0;
}

/*
 * A change of who holds a talk is checked against the access rules before
 * and after: the holder reads the talk's sealed notes and sees its time and
 * place in their own calendar feed. So only someone who may read the notes
 * moves a talk; the new holder must have the kind's role and work with the
 * participant; and notes already written never pass to a holder who would
 * not see health fields.
 */
static int talk_check_holder(struct db *db, const struct actor *a,
			     const struct participant *p,
			     const struct talk *old, const struct talk *t,
			     struct form_invalid *bad)
{
	int access;

	if (old && !talk_notes_visible(a, p, old))
		return form_refuse(
			bad, RESULT_REFUSED, "staff_id",
			"Du kan ikke flytte denne samtale til en "
			"anden: det kan kun den, der holder den, og "
			"de, der ser borgerens helbredsoplysninger.");
	if (t->staff_id == 0)
		return RESULT_OK;
	if (participant_user_role(db, t->staff_id) !=
	    (int)talk_kind_roles[t->kind]) {
		form_refuse(bad, RESULT_INVALID, "staff_id", "");
		snprintf(bad->message, sizeof(bad->message),
			 "Medarbejderen skal være en aktiv bruger med rollen "
			 "%s.",
			 talk_kind_labels[t->kind]);
		return RESULT_INVALID;
	}
	access = participant_access_of(db, t->staff_id, p->id);
	if (access < 0)
		return form_refuse(bad, RESULT_FAILED, NULL, "");
	if (access < PARTICIPANT_ACCESS_CONTACT)
		return form_refuse(
			bad, RESULT_INVALID, "staff_id",
			"Medarbejderen arbejder ikke med borgeren og "
			"kan ikke holde samtalen.");
	if (old && old->has_notes && t->staff_id != old->staff_id &&
	    access < PARTICIPANT_ACCESS_HEALTH)
		return form_refuse(
			bad, RESULT_INVALID, "staff_id",
			"Samtalen har noter, som den nye medarbejder "
			"ikke må se. Planlæg en ny samtale i stedet.");
	return RESULT_OK;
}

/* The talk in makes of old (NULL: a new talk of p) into *t, with every
 * rule. */
static int talk_build(struct db *db, const struct actor *a,
		      const struct participant *p, const struct talk *old,
		      const struct talk_input *in, struct talk *t,
		      struct form_invalid *bad)
{
	date_t today = date_today();
	bool holder_changed;
	int rc;

	if (old) {
		*t = *old;
		t->notes = NULL;
	} else {
		memset(t, 0, sizeof(*t));
		t->participant_id = p->id;
	}
	if ((unsigned)in->kind < TALK_KIND__MAX)
		t->kind = (enum talk_kind)in->kind;
	if (in->date)
		t->date = in->date;
	if (in->start >= 0)
		t->start = in->start;
	if (in->end >= 0)
		t->end = in->end;
	if (in->place)
		snprintf(t->place, sizeof(t->place), "%s", in->place);
	if (in->staff_id >= 0)
		t->staff_id = in->staff_id;
	else if (old == NULL || t->kind != old->kind)
		t->staff_id = talk_default_staff(a, t->kind);
	holder_changed = old == NULL || t->staff_id != old->staff_id ||
			 t->kind != old->kind;
	if (holder_changed) {
		rc = talk_check_holder(db, a, p, old, t, bad);
		if (rc != RESULT_OK)
			return rc;
	}
	if (t->start >= t->end)
		return form_refuse(bad, RESULT_INVALID, "end_time",
				   "Sluttidspunktet skal ligge efter "
				   "starttidspunktet.");
	if ((unsigned)in->status < TALK_STATUS__MAX)
		t->status = (enum talk_status)in->status;
	else if (old == NULL)
		t->status = in->notes && *in->notes && t->date <= today
				    ? TALK_HELD
				    : TALK_PLANNED;
	if (t->status == TALK_HELD && t->date > today)
		return form_refuse(bad, RESULT_INVALID,
				   in->status >= 0 ? "status" : "date",
				   "En samtale kan først være afholdt på dagen "
				   "eller bagefter.");
	if (a->role == ROLE_MENTOR &&
	    (t->kind != TALK_MENTOR || t->staff_id != a->user_id))
		return form_refuse(bad, RESULT_REFUSED, "kind",
				   talk_mentor_only);
	/* Notes are not overwritten by someone who cannot read them. */
	if (old && in->notes && !talk_notes_visible(a, p, old))
		return form_refuse(bad, RESULT_REFUSED, "notes",
				   "Du kan ikke ændre noterne til denne "
				   "samtale.");
	return RESULT_OK;
}

static bool talk_changed(const struct talk *a, const struct talk *b,
			 const char *notes)
{
	return notes || a->kind != b->kind || a->staff_id != b->staff_id ||
	       a->date != b->date || a->start != b->start || a->end != b->end ||
	       a->status != b->status || strcmp(a->place, b->place) != 0;
}

/* Inserts (t->id 0) or updates t with its audit row in w's open
 * transaction; t->id is set. */
static int talk_write(struct db *w, const struct actor *a,
		      const struct participant *p, struct talk *t,
		      const char *notes)
{
	bool add = t->id == 0;
	char iso[DATE_ISO_LEN + 1], detail[64];
	int64_t now = (int64_t)time(NULL);
	int rc;

	date_format_iso(t->date, iso);
	if (add)
		rc = DB_RUN(w, &talk_sql[TALK_SQL_ADD],
			    DB_INT(t->participant_id),
			    DB_TEXT(talk_kind_names[t->kind]),
			    DB_ID(t->staff_id), DB_TEXT(iso), DB_INT(t->start),
			    DB_INT(t->end), DB_TEXT(t->place), DB_SEALED(notes),
			    DB_TEXT(talk_status_names[t->status]), DB_INT(now));
	else
		rc = DB_RUN(w, &talk_sql[TALK_SQL_UPDATE], DB_INT(t->id),
			    DB_TEXT(talk_kind_names[t->kind]),
			    DB_ID(t->staff_id), DB_TEXT(iso), DB_INT(t->start),
			    DB_INT(t->end), DB_TEXT(t->place),
			    DB_TEXT(talk_status_names[t->status]),
			    DB_INT(notes != NULL), DB_SEALED(notes),
			    DB_INT(now));
	if (rc != DB_OK)
		return RESULT_FAILED;
	if (add)
		t->id = db_last_id(w);
	snprintf(detail, sizeof(detail), "talk %lld %s", (long long)t->id,
		 talk_kind_names[t->kind]);
	return participant_audit_write(w, a,
				       add ? AUDIT_PARTICIPANT_TALK_ADD
					   : AUDIT_PARTICIPANT_TALK_UPDATE,
				       p, NULL, detail) < 0
		       ? RESULT_FAILED
		       : RESULT_OK;
}

/* Adds a talk to p (old NULL) or changes old from in. */
static int talk_apply(struct db *w, const struct actor *a,
		      const struct participant *p, const struct talk *old,
		      const struct talk_input *in, int64_t *id,
		      struct form_invalid *bad)
{
	struct talk t;
	int rc = talk_check(a, p, old, bad);

	if (rc == RESULT_OK && old == NULL &&
	    ((unsigned)in->kind >= TALK_KIND__MAX || in->date == 0 ||
	     in->start < 0 || in->end < 0))
		rc = form_refuse(bad, RESULT_INVALID, "kind",
				 "En ny samtale skal have art, dato og "
				 "tidspunkt.");
	if (rc == RESULT_OK)
		rc = talk_build(w, a, p, old, in, &t, bad);
	if (rc != RESULT_OK)
		return rc;
	if (old && !talk_changed(old, &t, in->notes))
		return RESULT_OK;
	if (db_begin(w) < 0)
		return RESULT_FAILED;
	rc = db_finish(w, talk_write(w, a, p, &t, in->notes));
	if (rc == RESULT_OK && id)
		*id = t.id;
	return rc;
}

int talk_add(struct db *w, const struct actor *a, const struct participant *p,
	     const struct talk_input *in, int64_t *id, struct form_invalid *bad)
{
	*id = 0;
	return talk_apply(w, a, p, NULL, in, id, bad);
}

int talk_change(struct db *w, const struct actor *a,
		const struct participant *p, const struct talk *old,
		const struct talk_input *in, struct form_invalid *bad)
{
	return talk_apply(w, a, p, old, in, NULL, bad);
}
