/*
 * talk: a participant's preparation talks. One path (talk_apply) checks a
 * new talk or a change for pages and API alike, and writes it with its
 * audit row in one transaction; every change bumps the talk's sequence.
 */
#include "talk.h"

#include "db.h"
#include "http.h"
#include "participant.h"
#include "participant_load.h"
#include "secret.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Until this module takes an actor: participant_may for r's user. */
static bool talk_may(const struct req *r, const struct participant *p,
		      enum participant_action x)
{
	struct actor a = http_actor(r);

	return participant_may(&a, p, x);
}

enum talk_kind {
	TALK_CASEWORKER,
	TALK_INSTRUCTOR,
	TALK_CONSULTANT,
	TALK_MENTOR,
	TALK_KIND__MAX
};

static const char *const talk_kind_names[TALK_KIND__MAX + 1] = {
	"caseworker", "instructor", "consultant", "mentor", NULL,
};

static const char *const talk_kind_labels[TALK_KIND__MAX] = {
	"Sagsbehandler", "Underviser", "Virksomhedskonsulent", "Mentor",
};

/* The account role of the staff member who holds each kind of talk. */
static const enum role talk_kind_roles[TALK_KIND__MAX] = {
	ROLE_CASEWORKER, ROLE_INSTRUCTOR, ROLE_CONSULTANT, ROLE_MENTOR,
};

enum talk_status { TALK_PLANNED, TALK_HELD, TALK_CANCELLED, TALK_STATUS__MAX };

static const char *const talk_status_names[TALK_STATUS__MAX + 1] = {
	"planned", "held", "cancelled", NULL,
};

static const char *const talk_status_labels[TALK_STATUS__MAX] = {
	"Planlagt", "Afholdt", "Aflyst",
};

enum talk_sql {
	TALK_SQL_LIST,
	TALK_SQL_GET,
	TALK_SQL_ADD,
	TALK_SQL_UPDATE,
	TALK_SQL_STAFF_ROLE,
	TALK_SQL_CANDIDATES,
	TALK_SQL__MAX
};

#define TALK_COLUMNS                                                        \
	"t.id, t.participant_id, t.kind, coalesce(t.staff_id, 0), "         \
	"coalesce(u.name, ''), t.date, t.start_min, t.end_min, t.place, "   \
	"t.status, t.sequence, t.notes_enc, t.notes_enc IS NOT NULL "

#define TALK_FROM "FROM prep_talk t LEFT JOIN user u ON u.id = t.staff_id "

static const char *const talk_sql[TALK_SQL__MAX] = {
	[TALK_SQL_LIST] = "SELECT " TALK_COLUMNS TALK_FROM
			  "WHERE t.participant_id = ?1 ORDER BY t.date, "
			  "t.start_min, t.id",
	[TALK_SQL_GET] = "SELECT " TALK_COLUMNS TALK_FROM "WHERE t.id = ?1",
	[TALK_SQL_ADD] =
		"INSERT INTO prep_talk (participant_id, kind, staff_id, date, "
		"start_min, end_min, place, notes_enc, status, created_at, "
		"updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
		"?10)",
	/* ?9: were notes given (else the sealed notes stay as they are). */
	[TALK_SQL_UPDATE] =
		"UPDATE prep_talk SET kind = ?2, staff_id = ?3, date = ?4, "
		"start_min = ?5, end_min = ?6, place = ?7, status = ?8, "
		"notes_enc = CASE WHEN ?9 THEN ?10 ELSE notes_enc END, "
		"sequence = sequence + 1, updated_at = ?11 WHERE id = ?1",
	[TALK_SQL_STAFF_ROLE] = "SELECT role FROM user WHERE id = ?1 AND "
				"active",
	/* Who may hold a talk with the participant: the caseworker, the
	 * mentor, the cohort's staff and its job centre's consultants. */
	[TALK_SQL_CANDIDATES] =
		"SELECT u.id, u.name, u.role FROM user u WHERE u.active AND "
		"u.role IN ('caseworker', 'instructor', 'consultant', "
		"'mentor') AND (u.id IN (?2, ?3) OR u.id IN (SELECT user_id "
		"FROM cohort_staff WHERE cohort_id = ?1) OR (u.role = "
		"'consultant' AND u.organisation_id = (SELECT job_centre_id "
		"FROM cohort WHERE id = ?1))) ORDER BY CASE u.role WHEN "
		"'caseworker' THEN 0 WHEN 'instructor' THEN 1 WHEN "
		"'consultant' THEN 2 ELSE 3 END, u.name LIMIT 200",
};

struct talk {
	int64_t id, participant_id, staff_id; /* staff 0: none */
	enum talk_kind kind;
	enum talk_status status;
	char staff[801];
	date_t date;
	int start, end; /* minutes after midnight */
	char place[801];
	int sequence;
	bool has_notes; /* sealed notes are stored, read or not */
	char *notes; /* opened only for who may read them; secret_free */
};

static int talk_parse(const char *const *names, const char *s)
{
	int i;

	for (i = 0; names[i]; i++)
		if (strcmp(names[i], s) == 0)
			return i;
	return 0;
}

/* Only viewers who see health fields, and the talk's own staff member,
 * read its notes. */
static bool talk_notes_visible(const struct req *r,
			       const struct participant *p,
			       const struct talk *t)
{
	return p->access >= PARTICIPANT_ACCESS_HEALTH ||
	       (t->staff_id != 0 && t->staff_id == r->session->user_id);
}

/* A row into t; the notes are opened only when r's user may read them. */
static int talk_read_row(sqlite3_stmt *st, const struct req *r,
			 const struct participant *p, struct talk *t)
{
	memset(t, 0, sizeof(*t));
	t->id = sqlite3_column_int64(st, 0);
	t->participant_id = sqlite3_column_int64(st, 1);
	t->kind = talk_parse(talk_kind_names, db_text(st, 2));
	t->staff_id = sqlite3_column_int64(st, 3);
	snprintf(t->staff, sizeof(t->staff), "%s", db_text(st, 4));
	date_parse_iso(db_text(st, 5), &t->date);
	t->start = sqlite3_column_int(st, 6);
	t->end = sqlite3_column_int(st, 7);
	snprintf(t->place, sizeof(t->place), "%s", db_text(st, 8));
	t->status = talk_parse(talk_status_names, db_text(st, 9));
	t->sequence = sqlite3_column_int(st, 10);
	t->has_notes = sqlite3_column_int(st, 12) != 0;
	if (r && p && talk_notes_visible(r, p, t)) {
		t->notes = secret_column(st, 11);
		if (t->notes == NULL)
			return -1;
	}
	return 0;
}

static void talk_free(struct talk *t)
{
	secret_free(t->notes);
	t->notes = NULL;
}

/* Talk id, with notes when p is given and r's user may read them.
 * 0 found, 1 not, -1 error. */
static int talk_get(struct db *db, int64_t id, const struct req *r,
		    const struct participant *p, struct talk *t)
{
	sqlite3_stmt *st = db_stmt(db, talk_sql[TALK_SQL_GET]);
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	rc = db_step(db, st);
	if (rc == SQLITE_ROW)
		rc = talk_read_row(st, r, p, t) < 0 ? -1 : 0;
	else
		rc = rc == SQLITE_DONE ? 1 : -1;
	sqlite3_reset(st);
	return rc;
}

/* The path's talk and its participant, as r's user may see them. 0, or
 * the status already sent (an unknown talk is 404 like an invisible one). */
static int talk_for_request(struct req *r, struct talk *t,
			    struct participant *p, struct cohort *c)
{
	int rc = talk_get(r->db, r->params[0], NULL, NULL, t);

	if (rc)
		return http_error(r, rc > 0 ? 404 : 500, NULL);
	return participant_for_request(r, t->participant_id, p, c);
}

/* Checking and writing. */

static const struct form_spec talk_add_form[] = {
	{"kind", "Samtale med", FIELD_ENUM, true, 0, 0, talk_kind_names},
	{"staff_id", "Medarbejder", FIELD_INT, false, 0, LONG_MAX, NULL},
	{"date", "Dato", FIELD_DATE, true, 0, 0, NULL},
	{"start_time", "Starttidspunkt", FIELD_TIME, true, 0, 0, NULL},
	{"end_time", "Sluttidspunkt", FIELD_TIME, true, 0, 0, NULL},
	{"place", "Sted", FIELD_TEXT, false, 0, 200, NULL},
	{"notes", "Noter", FIELD_TEXTAREA, false, 0, 4000, NULL},
	{"status", "Status", FIELD_ENUM, false, 0, 0, talk_status_names},
};

/* A change: only the fields given change. */
static const struct form_spec talk_edit_form[] = {
	{"kind", "Samtale med", FIELD_ENUM, false, 0, 0, talk_kind_names},
	{"staff_id", "Medarbejder", FIELD_INT, false, 0, LONG_MAX, NULL},
	{"date", "Dato", FIELD_DATE, false, 0, 0, NULL},
	{"start_time", "Starttidspunkt", FIELD_TIME, false, 0, 0, NULL},
	{"end_time", "Sluttidspunkt", FIELD_TIME, false, 0, 0, NULL},
	{"place", "Sted", FIELD_TEXT, false, 0, 200, NULL},
	{"notes", "Noter", FIELD_TEXTAREA, false, 0, 4000, NULL},
	{"status", "Status", FIELD_ENUM, false, 0, 0, talk_status_names},
};

enum { TF_KIND, TF_STAFF, TF_DATE, TF_START, TF_END, TF_PLACE, TF_NOTES,
       TF_STATUS, TF__N };

static int talk_fail(struct form_invalid *bad, int status, const char *field,
		     const char *message)
{
	bad->field = field;
	snprintf(bad->message, sizeof(bad->message), "%s", message);
	return status;
}

static const char talk_mentor_only[] =
	"Som mentor kan du kun planlægge og ændre dine egne mentorsamtaler.";

/* Who holds the talk when the form does not say: r's user when their
 * role fits the kind, else no one. */
static int64_t talk_default_staff(const struct req *r, enum talk_kind kind)
{
	return r->session->role == talk_kind_roles[kind] ? r->session->user_id
							 : 0;
}

/*
 * A change of who holds a talk is checked against the access rules before
 * and after: the holder reads the talk's sealed notes and sees its time and
 * place in their own calendar feed. So only someone who may read the notes
 * moves a talk; the new holder must have the kind's role and work with the
 * participant; and notes already written never pass to a holder who would
 * not see health fields. 0, or 403/422/500 with *bad.
 */
static int talk_check_holder(struct req *r, const struct participant *p,
			     const struct talk *old, const struct talk *t,
			     struct form_invalid *bad)
{
	int access;

	if (old && !talk_notes_visible(r, p, old))
		return talk_fail(bad, 403, "staff_id",
				 "Du kan ikke flytte denne samtale til en "
				 "anden: det kan kun den, der holder den, og "
				 "de, der ser borgerens helbredsoplysninger.");
	if (t->staff_id == 0)
		return 0;
	if (!db_text_is(r->db, talk_sql[TALK_SQL_STAFF_ROLE], t->staff_id,
			role_name(talk_kind_roles[t->kind]))) {
		talk_fail(bad, 422, "staff_id", "");
		snprintf(bad->message, sizeof(bad->message),
			 "Medarbejderen skal være en aktiv bruger med rollen "
			 "%s.",
			 talk_kind_labels[t->kind]);
		return 422;
	}
	access = participant_access_of(r->db, t->staff_id, p->id);
	if (access < 0)
		return talk_fail(bad, 500, NULL, "");
	if (access < PARTICIPANT_ACCESS_CONTACT)
		return talk_fail(bad, 422, "staff_id",
				 "Medarbejderen arbejder ikke med borgeren og "
				 "kan ikke holde samtalen.");
	if (old && old->has_notes && t->staff_id != old->staff_id &&
	    access < PARTICIPANT_ACCESS_HEALTH)
		return talk_fail(bad, 422, "staff_id",
				 "Samtalen har noter, som den nye medarbejder "
				 "ikke må se. Planlæg en ny samtale i stedet.");
	return 0;
}

/*
 * The talk the form makes of old (NULL: a new talk of p) into *t, and the
 * notes given (NULL: none) into *notes (owned by v). 0, or 403/422/500
 * with *bad.
 */
static int talk_read_input(struct req *r, const struct participant *p,
			   const struct talk *old, const struct form_value *v,
			   struct talk *t, const char **notes,
			   struct form_invalid *bad)
{
	bool staff_changed;
	date_t today = date_today();
	int rc;

	if (old) {
		*t = *old;
		t->notes = NULL;
	} else {
		memset(t, 0, sizeof(*t));
		t->participant_id = p->id;
	}
	if (v[TF_KIND].present)
		t->kind = (enum talk_kind)v[TF_KIND].i;
	if (v[TF_DATE].present)
		t->date = (date_t)v[TF_DATE].i;
	if (v[TF_START].present)
		t->start = (int)v[TF_START].i;
	if (v[TF_END].present)
		t->end = (int)v[TF_END].i;
	if (form_get(&r->form, "place"))
		snprintf(t->place, sizeof(t->place), "%s", v[TF_PLACE].s);
	*notes = form_get(&r->form, "notes") ? v[TF_NOTES].s : NULL;
	if (v[TF_STAFF].present)
		t->staff_id = v[TF_STAFF].i;
	else if (old == NULL || t->kind != old->kind)
		t->staff_id = talk_default_staff(r, t->kind);
	staff_changed = old == NULL || t->staff_id != old->staff_id ||
			t->kind != old->kind;
	if (staff_changed) {
		rc = talk_check_holder(r, p, old, t, bad);
		if (rc)
			return rc;
	}
	if (t->start >= t->end)
		return talk_fail(bad, 422, "end_time",
				 "Sluttidspunktet skal ligge efter "
				 "starttidspunktet.");
	if (v[TF_STATUS].present)
		t->status = (enum talk_status)v[TF_STATUS].i;
	else if (old == NULL)
		t->status = *notes && **notes && t->date <= today
				    ? TALK_HELD
				    : TALK_PLANNED;
	if (t->status == TALK_HELD && t->date > today)
		return talk_fail(bad, 422,
				 v[TF_STATUS].present ? "status" : "date",
				 "En samtale kan først være afholdt på dagen "
				 "eller bagefter.");
	if (r->session->role == ROLE_MENTOR &&
	    (t->kind != TALK_MENTOR || t->staff_id != r->session->user_id))
		return talk_fail(bad, 403, "kind", talk_mentor_only);
	/* Notes are not overwritten by someone who cannot read them. */
	if (old && *notes && !talk_notes_visible(r, p, old))
		return talk_fail(bad, 403, "notes",
				 "Du kan ikke ændre noterne til denne "
				 "samtale.");
	return 0;
}

static bool talk_changed(const struct talk *a, const struct talk *b,
			 const char *notes)
{
	return notes || a->kind != b->kind || a->staff_id != b->staff_id ||
	       a->date != b->date || a->start != b->start || a->end != b->end ||
	       a->status != b->status || strcmp(a->place, b->place) != 0;
}

static int talk_bind(sqlite3_stmt *st, const struct talk *t, bool add,
		     const char *notes)
{
	char iso[DATE_ISO_LEN + 1];
	const char *sealed = notes && *notes ? notes : NULL;

	date_format_iso(t->date, iso);
	sqlite3_bind_int64(st, 1, add ? t->participant_id : t->id);
	sqlite3_bind_text(st, 2, talk_kind_names[t->kind], -1, SQLITE_STATIC);
	if (t->staff_id)
		sqlite3_bind_int64(st, 3, t->staff_id);
	sqlite3_bind_text(st, 4, iso, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 5, t->start);
	sqlite3_bind_int(st, 6, t->end);
	sqlite3_bind_text(st, 7, t->place, -1, SQLITE_STATIC);
	if (add) {
		sqlite3_bind_text(st, 9, talk_status_names[t->status], -1,
				  SQLITE_STATIC);
		sqlite3_bind_int64(st, 10, http_now());
		return secret_bind(st, 8, sealed);
	}
	sqlite3_bind_text(st, 8, talk_status_names[t->status], -1,
			  SQLITE_STATIC);
	sqlite3_bind_int(st, 9, notes != NULL);
	sqlite3_bind_int64(st, 11, http_now());
	return secret_bind(st, 10, sealed);
}

/* Inserts (t->id 0) or updates t with its audit row in one transaction.
 * 0 with t->id set, or -1. */
static int talk_write(struct req *r, const struct participant *p,
		      struct talk *t, const char *notes)
{
	bool add = t->id == 0;
	struct db *w = db_writer_lock();
	sqlite3_stmt *st;
	char detail[64];
	int rc = -1;

	if (db_begin(w) < 0)
		goto out;
	st = db_stmt(w, talk_sql[add ? TALK_SQL_ADD : TALK_SQL_UPDATE]);
	if (st == NULL || talk_bind(st, t, add, notes) < 0 ||
	    db_exec_stmt(w, st) != DB_OK)
		goto out;
	if (add)
		t->id = db_last_id(w);
	snprintf(detail, sizeof(detail), "talk %lld %s", (long long)t->id,
		 talk_kind_names[t->kind]);
	if (participant_audit(w, r,
			      add ? "participant.talk_add"
				  : "participant.talk_update",
			      p, NULL, detail) == 0 &&
	    db_commit(w) == 0)
		rc = 0;
out:
	db_rollback(w);
	db_writer_unlock(w);
	return rc;
}

/*
 * Adds a talk to p (old NULL) or changes old from r's form. 0 with *id,
 * or 403/422/500 with *bad.
 */
static int talk_apply(struct req *r, const struct participant *p,
		      const struct cohort *c, const struct talk *old,
		      int64_t *id, struct form_invalid *bad)
{
	struct form_value v[TF__N];
	const char *notes = NULL;
	struct talk t;
	int rc;

	(void)c;
	if (!talk_may(r, p, PARTICIPANT_TALKS))
		return talk_fail(bad, 403, NULL,
				 "Du kan ikke planlægge samtaler med "
				 "deltageren.");
	if (old && r->session->role == ROLE_MENTOR &&
	    (old->kind != TALK_MENTOR || old->staff_id != r->session->user_id))
		return talk_fail(bad, 403, NULL, talk_mentor_only);
	if (form_validate(&r->form, old ? talk_edit_form : talk_add_form,
			  TF__N, v, bad) < 0)
		return 422;
	rc = talk_read_input(r, p, old, v, &t, &notes, bad);
	*id = old ? old->id : 0;
	if (rc == 0 && (old == NULL || talk_changed(old, &t, notes))) {
		rc = talk_write(r, p, &t, notes) < 0 ? 500 : 0;
		*id = t.id;
	}
	form_values_free(v, TF__N);
	return rc;
}

/* The participant page. */

struct talk_candidate {
	int64_t id;
	char name[801];
	enum talk_kind kind;
};

/* The staff a talk may be with, for the forms' choices; caller frees. */
static int talk_candidates(struct db *db, const struct participant *p,
			   struct talk_candidate **out, size_t *n)
{
	sqlite3_stmt *st = db_stmt(db, talk_sql[TALK_SQL_CANDIDATES]);
	struct talk_candidate *list = NULL, *grown;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, p->cohort_id);
	sqlite3_bind_int64(st, 2, p->caseworker_id);
	sqlite3_bind_int64(st, 3, p->mentor_id);
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			grown = realloc(list, cap * sizeof(*list));
			if (grown == NULL) {
				rc = SQLITE_NOMEM;
				break;
			}
			list = grown;
		}
		list[*n].id = sqlite3_column_int64(st, 0);
		snprintf(list[*n].name, sizeof(list[*n].name), "%s",
			 db_text(st, 1));
		/* The candidates' roles are the kinds' names. */
		list[*n].kind = talk_parse(talk_kind_names, db_text(st, 2));
		(*n)++;
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

static bool talk_may_edit(const struct req *r, bool may_plan,
			  const struct talk *t)
{
	if (!may_plan)
		return false;
	return r->session->role != ROLE_MENTOR ||
	       (t->kind == TALK_MENTOR && t->staff_id == r->session->user_id);
}

/* The choices of a form: kinds, statuses and staff, with t's selected
 * (t NULL: the add form). */
static void talk_view_choices(struct view *v, const struct req *r,
			      const struct talk *t,
			      const struct talk_candidate *cand, size_t n)
{
	bool mentor = r->session->role == ROLE_MENTOR, found = false;
	struct view *o;
	size_t i;
	int k;

	for (k = 0; k < TALK_KIND__MAX; k++) {
		if (mentor && k != TALK_MENTOR)
			continue;
		o = view_add(v, "kinds");
		view_set(o, "name", talk_kind_names[k]);
		view_set(o, "label", talk_kind_labels[k]);
		view_set_bool(o, "selected", t && (int)t->kind == k);
	}
	for (k = 0; t && k < TALK_STATUS__MAX; k++) {
		o = view_add(v, "statuses");
		view_set(o, "name", talk_status_names[k]);
		view_set(o, "label", talk_status_labels[k]);
		view_set_bool(o, "selected", (int)t->status == k);
	}
	for (i = 0; i < n; i++)
		found = found || (t && cand[i].id == t->staff_id);
	if (t && t->staff_id && !found) {
		o = view_add(v, "staff_choices");
		view_set_int(o, "value", t->staff_id);
		view_set(o, "label", t->staff);
		view_set_bool(o, "selected", true);
	}
	for (i = 0; i < n; i++) {
		if (mentor && cand[i].id != r->session->user_id)
			continue;
		o = view_add(v, "staff_choices");
		view_set_int(o, "value", cand[i].id);
		view_setf(o, "label", "%s (%s)", cand[i].name,
			  talk_kind_labels[cand[i].kind]);
		view_set_bool(o, "selected", t && cand[i].id == t->staff_id);
	}
}

static void talk_view_item(struct view *v, const struct req *r,
			   const struct talk *t, bool may_edit,
			   const struct talk_candidate *cand, size_t n)
{
	char iso[DATE_ISO_LEN + 1], da[DATE_DA_LEN], hm[6];

	view_set_int(v, "talk_id", t->id);
	view_set(v, "kind", talk_kind_names[t->kind]);
	view_set(v, "kind_label", talk_kind_labels[t->kind]);
	view_set(v, "staff", t->staff);
	date_format_iso(t->date, iso);
	view_set(v, "date", iso);
	date_format_da(t->date, da, sizeof(da));
	view_set(v, "date_da", da);
	date_format_hhmm(t->start, hm);
	view_set(v, "start_time", hm);
	date_format_hhmm(t->end, hm);
	view_set(v, "end_time", hm);
	view_set(v, "place", t->place);
	view_set(v, "status", talk_status_names[t->status]);
	view_set(v, "status_label", talk_status_labels[t->status]);
	view_set_bool(v, "show_notes", t->notes != NULL);
	view_set(v, "notes", t->notes);
	view_set_bool(v, "may_edit", may_edit);
	if (may_edit)
		talk_view_choices(v, r, t, cand, n);
}

int talk_view_list(struct req *r, const struct participant *p,
		   struct view *v)
{
	sqlite3_stmt *st = db_stmt(r->db, talk_sql[TALK_SQL_LIST]);
	bool may = talk_may(r, p, PARTICIPANT_TALKS);
	struct talk_candidate *cand = NULL;
	size_t n = 0;
	struct talk t;
	int rc;

	if (st == NULL ||
	    (may && talk_candidates(r->db, p, &cand, &n) < 0))
		return -1;
	view_set_bool(v, "may_plan_talks", may);
	view_set_bool(v, "talk_mentor_only", r->session->role == ROLE_MENTOR);
	view_list(v, "talks");
	if (may)
		talk_view_choices(view_add(v, "talk_new"), r, NULL, cand, n);
	sqlite3_bind_int64(st, 1, p->id);
	while ((rc = db_step(r->db, st)) == SQLITE_ROW) {
		if (talk_read_row(st, r, p, &t) < 0) {
			rc = SQLITE_ERROR;
			break;
		}
		talk_view_item(view_add(v, "talks"), r, &t,
			       talk_may_edit(r, may, &t), cand, n);
		talk_free(&t);
	}
	sqlite3_reset(st);
	free(cand);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Page posts. */

static int talk_page_answer(struct req *r, int rc, int64_t participant,
			    const struct form_invalid *bad)
{
	char loc[64];

	if (rc)
		return http_error(r, rc, rc == 500 ? NULL : bad->message);
	snprintf(loc, sizeof(loc), "/participants/%lld#samtaler",
		 (long long)participant);
	return http_redirect(r, loc);
}

int talk_add(struct req *r)
{
	struct form_invalid bad = {0};
	struct participant p;
	struct cohort c;
	int64_t id = 0;
	int rc = participant_for_request(r, r->params[0], &p, &c);

	if (rc)
		return rc;
	rc = talk_apply(r, &p, &c, NULL, &id, &bad);
	return talk_page_answer(r, rc, p.id, &bad);
}

int talk_update(struct req *r)
{
	struct form_invalid bad = {0};
	struct participant p;
	struct cohort c;
	struct talk t;
	int64_t id = 0;
	int rc = talk_for_request(r, &t, &p, &c);

	if (rc)
		return rc;
	rc = talk_apply(r, &p, &c, &t, &id, &bad);
	return talk_page_answer(r, rc, p.id, &bad);
}

/* The API. */

static cJSON *talk_json(const struct talk *t)
{
	cJSON *o = cJSON_CreateObject();
	char iso[DATE_ISO_LEN + 1], hm[6];

	cJSON_AddNumberToObject(o, "id", (double)t->id);
	cJSON_AddNumberToObject(o, "participant_id", (double)t->participant_id);
	cJSON_AddStringToObject(o, "kind", talk_kind_names[t->kind]);
	if (t->staff_id)
		cJSON_AddNumberToObject(o, "staff_id", (double)t->staff_id);
	else
		cJSON_AddNullToObject(o, "staff_id");
	cJSON_AddStringToObject(o, "staff", t->staff);
	date_format_iso(t->date, iso);
	cJSON_AddStringToObject(o, "date", iso);
	date_format_hhmm(t->start, hm);
	cJSON_AddStringToObject(o, "start_time", hm);
	date_format_hhmm(t->end, hm);
	cJSON_AddStringToObject(o, "end_time", hm);
	cJSON_AddStringToObject(o, "place", t->place);
	cJSON_AddStringToObject(o, "status", talk_status_names[t->status]);
	cJSON_AddNumberToObject(o, "sequence", t->sequence);
	if (t->notes)
		cJSON_AddStringToObject(o, "notes", t->notes);
	return o;
}

int talk_api_list(struct req *r)
{
	sqlite3_stmt *st = db_stmt(r->db, talk_sql[TALK_SQL_LIST]);
	struct participant p;
	cJSON *root, *list;
	struct talk t;
	int rc = participant_for_request(r, r->params[0], &p, NULL);

	if (rc)
		return rc;
	if (st == NULL ||
	    participant_audit(NULL, r, "participant.talk_read", &p, NULL,
			      NULL) < 0)
		return http_error(r, 500, NULL);
	root = cJSON_CreateObject();
	list = cJSON_AddArrayToObject(root, "talks");
	sqlite3_bind_int64(st, 1, p.id);
	while ((rc = db_step(r->db, st)) == SQLITE_ROW) {
		if (talk_read_row(st, r, &p, &t) < 0) {
			rc = SQLITE_ERROR;
			break;
		}
		cJSON_AddItemToArray(list, talk_json(&t));
		talk_free(&t);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		cJSON_Delete(root);
		return http_error(r, 500, NULL);
	}
	return http_json(r, 200, root);
}

static int talk_api_answer(struct req *r, int rc, const struct participant *p,
			   int64_t id, const struct form_invalid *bad)
{
	struct talk t;
	int status;

	if (rc == 422)
		return http_invalid(r, bad->field, bad->message);
	if (rc)
		return http_error(r, rc, rc == 500 ? NULL : bad->message);
	rc = talk_get(r->db, id, r, p, &t);
	if (rc)
		return http_error(r, 500, NULL);
	status = http_json(r, r->method == HTTP_POST ? 201 : 200,
			   talk_json(&t));
	talk_free(&t);
	return status;
}

int talk_api_add(struct req *r)
{
	struct form_invalid bad = {0};
	struct participant p;
	struct cohort c;
	int64_t id = 0;
	int rc = participant_for_request(r, r->params[0], &p, &c);

	if (rc)
		return rc;
	rc = talk_apply(r, &p, &c, NULL, &id, &bad);
	return talk_api_answer(r, rc, &p, id, &bad);
}

int talk_api_update(struct req *r)
{
	struct form_invalid bad = {0};
	struct participant p;
	struct cohort c;
	struct talk t;
	int64_t id = 0;
	int rc = talk_for_request(r, &t, &p, &c);

	if (rc)
		return rc;
	rc = talk_apply(r, &p, &c, &t, &id, &bad);
	return talk_api_answer(r, rc, &p, id, &bad);
}
