/*
 * demo_small: plays each demo cohort's history on its past dates through
 * the domain calls the pages use, each step as the member of staff who
 * would take it (their actor, so the audit rows name them), so demo data
 * obeys every rule real data does.
 */
#include "demo_small.h"

#include "actor.h"
#include "aftercare.h"
#include "agreement.h"
#include "cohort.h"
#include "course.h"
#include "cpr.h"
#include "date.h"
#include "db.h"
#include "demo_common.h"
#include "demo_companies.h"
#include "demo_internships.h"
#include "demo_marks.h"
#include "demo_people.h"
#include "form.h"
#include "organisation.h"
#include "participant.h"
#include "progress.h"
#include "referral.h"
#include "role.h"
#include "talk.h"
#include "user.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

enum demo_small_sql { DEMO_SMALL_SQL_PARTICIPANT_BY_NAME, DEMO_SMALL_SQL__MAX };

static const struct db_sql demo_small_sql[DEMO_SMALL_SQL__MAX] = {
	[DEMO_SMALL_SQL_PARTICIPANT_BY_NAME] =
		{"SELECT p.id, p.visitation_on, c.internship_end FROM "
		 "participant p JOIN cohort c ON c.id = p.cohort_id WHERE "
		 "p.name = ?1",
		 "t"},
};

/* Who makes the organisations and accounts: the audit says "system" from
 * client "demo". */
static const struct actor demo_system = {0, 0, ROLE__MAX, "system", "demo"};

/* The index of name in names (NULL-terminated), or -1. */
static int demo_index(const char *const *names, const char *name)
{
	int i;

	for (i = 0; names[i]; i++)
		if (strcmp(names[i], name) == 0)
			return i;
	return -1;
}

static void demo_fail(const char *who, const char *step, int rc,
		      const struct form_invalid *bad)
{
	fprintf(stderr, "mestring: demo %s, %s: %d %s\n", who, step, rc,
		rc == RESULT_INVALID || rc == RESULT_REFUSED ? bad->message
							     : "");
}

/* ---- Organisations and staff --------------------------------------------- */

static int demo_orgs_add(void)
{
	struct organisation_input org;
	struct form_invalid bad;
	enum result res;
	struct db *w;
	size_t i;

	for (i = 0; i < demo_norgs; i++) {
		org.name = demo_orgs[i].name;
		org.kind = (enum org_kind)org_kind_parse(demo_orgs[i].kind);
		w = db_writer_lock();
		res = organisation_create(w, &demo_system, &org, NULL, &bad);
		db_writer_unlock(w);
		if (res != RESULT_OK)
			return -1;
	}
	return 0;
}

/* The accounts with one password, hashed again for each (argon2id, before
 * the writer is taken). */
static int demo_users_add(const char *password)
{
	struct user_input in = {.active = -1};
	char hash[PASSWORD_HASH_LEN];
	struct form_invalid bad;
	enum result res;
	struct db *w;
	size_t i;

	for (i = 0; i < demo_nusers + demo_nstaff; i++) {
		const struct demo_user *u =
			i < demo_nusers ? &demo_users[i]
					: &demo_staff[i - demo_nusers];

		in.email = u->email;
		in.name = u->name;
		in.role = role_parse(u->role);
		in.organisation_id = organisation_find(db_reader(), u->org);
		in.password_hash = hash;
		res = user_password_hash(password, hash, &bad);
		if (res == RESULT_OK) {
			w = db_writer_lock();
			res = user_create(w, &demo_system, &in, NULL, &bad);
			db_writer_unlock(w);
		}
		if (res != RESULT_OK) {
			fprintf(stderr, "mestring: %s: %s\n", in.email,
				bad.message);
			return -1;
		}
	}
	return 0;
}

/* ---- A citizen's history ------------------------------------------------- */

/* A citizen's referral as their caseworker fills it in, and the texts its
 * input points into. */
struct demo_referral {
	struct referral_input in;
	char email[128];
	char barrier_list[128];
	const char *barriers[8];
	char notes[COHORT_CRITERIA_MAX][200];
};

/*
 * The target-group answers: yes to all, with notes where the demo citizen
 * is outside a criterion (age band: criterion 2 of the catalogue's
 * example; substance abuse: criterion 5). 0 or -1.
 */
static int demo_criteria(const struct cohort *c, const struct demo_person *dp,
			 struct demo_referral *r)
{
	struct cohort_criteria texts;
	date_t birth;
	int age = 25;
	size_t i;

	if (cohort_criteria_get(db_reader(), c->id, &texts) < 0) {
		cohort_criteria_free(&texts);
		return -1;
	}
	if (cpr_parse(dp->cpr, NULL, &birth, NULL) == 0)
		age = cpr_age(birth, date_today());
	r->in.criteria_top = (long long)texts.n;
	for (i = 0; i < texts.n && i < COHORT_CRITERIA_MAX; i++) {
		struct referral_answer *ra = &r->in.criteria[i];
		char *note = r->notes[i];

		ra->answer = "yes";
		ra->note = note;
		note[0] = '\0';
		if (i + 1 == 2 && age > 29) {
			ra->answer = "no";
			snprintf(note, sizeof(r->notes[i]),
				 "Borgeren er %d år. Optages efter aftale med "
				 "projektlederen; passer ellers i målgruppen.",
				 age);
		} else if (i + 1 == 5 && strcmp(dp->substance, "none") != 0) {
			bool treated = strcmp(dp->substance, "in_treatment") ==
				       0;

			ra->answer = treated ? "yes" : "no";
			snprintf(note, sizeof(r->notes[i]), "%s",
				 treated ? "I behandling; intet forbrug den "
					   "seneste måned."
					 : "Ikke i behandling endnu.");
		}
	}
	cohort_criteria_free(&texts);
	return 0;
}

/* Citizen i (dp) of cohort c as a referral. 0 or -1. */
static int demo_referral(const struct cohort *c, const struct demo_person *dp,
			 size_t i, struct demo_referral *r)
{
	struct referral_input *in = &r->in;
	char slug[100], *tok, *save = NULL;
	size_t n = 0;

	memset(r, 0, sizeof(*r));
	demo_slug(dp->name, slug, sizeof(slug));
	snprintf(r->email, sizeof(r->email), "%s@example.dk", slug);
	in->cohort_id = c->id;
	in->name = dp->name;
	in->cpr = dp->cpr;
	in->phone = dp->phone;
	in->email = r->email;
	in->address = dp->address;
	in->mentor_id = dp->mentor ? user_find(db_reader(), dp->mentor) : -1;
	if (dp->mentor && in->mentor_id <= 0)
		return -1;
	in->barrier_other = strstr(dp->barriers, "other") ? "Søvnproblemer"
							  : NULL;
	in->substance = dp->substance;
	in->reason = demo_reasons[i % demo_nreasons];
	in->wishes = demo_wishes[i % demo_nwishes];
	snprintf(r->barrier_list, sizeof(r->barrier_list), "%s", dp->barriers);
	for (tok = strtok_r(r->barrier_list, ",", &save);
	     tok && n < DEMO_LEN(r->barriers); tok = strtok_r(NULL, ",", &save))
		r->barriers[n++] = tok;
	in->barriers = r->barriers;
	in->nbarriers = n;
	in->barriers_given = n > 0;
	return demo_criteria(c, dp, r);
}

/* Refers dp to cohort c on day on, as the citizen's caseworker. */
static int demo_refer(const struct demo_cohort *dc, const struct cohort *c,
		      const struct demo_person *dp, size_t i, date_t on,
		      int64_t *id)
{
	struct demo_referral r;
	struct form_invalid bad = {0};
	struct actor a;
	struct db *w;
	int rc;

	if (demo_actor(dp->caseworker ? dp->caseworker : dc->caseworker, &a) <
		    0 ||
	    demo_referral(c, dp, i, &r) < 0)
		return -1;
	w = db_writer_lock();
	rc = referral_create(w, &a, &r.in, on, id, &bad);
	db_writer_unlock(w);
	if (rc != RESULT_OK)
		demo_fail(dp->name, "henvisning", rc, &bad);
	return rc == RESULT_OK ? 0 : -1;
}

/* Participant id and its cohort as a sees them now. 0 or -1. */
static int demo_load(const struct actor *a, int64_t id, struct participant *p,
		     struct cohort *c)
{
	struct db *db = db_reader();

	if (participant_get(db, a, id, p) != 0 ||
	    participant_cohort(db, a, p, c) != 0)
		return -1;
	return 0;
}

static int demo_visit(const struct actor *a, int64_t id,
		      const struct demo_person *dp, size_t i, date_t on)
{
	struct progress_visitation in = {
		.date = on,
		.notes = demo_visit_notes[i % demo_nvisit_notes],
		.decision = demo_index(progress_decisions, dp->decision),
		.reason = "",
	};
	struct form_invalid bad = {0};
	struct participant p;
	struct cohort c;
	struct db *w;
	int rc;

	if (strcmp(dp->decision, "not_admitted") == 0)
		in.reason = i % 2 ? "Borgeren har brug for et "
				    "behandlingsforløb, før et gruppeforløb "
				    "giver mening."
				  : "Borgeren er ikke klar til at arbejde med "
				    "sine barrierer i en gruppe endnu.";
	else if (strcmp(dp->decision, "waiting") == 0)
		in.reason = "Borgeren vil hellere vente på en plads på næste "
			    "hold.";
	if (demo_load(a, id, &p, &c) < 0)
		return -1;
	rc = progress_visit_check(a, &p, &bad);
	if (rc == RESULT_OK) {
		w = db_writer_lock();
		rc = progress_visit(w, a, &p, &c, &in, on, NULL, &bad);
		db_writer_unlock(w);
	}
	if (rc != RESULT_OK)
		demo_fail(dp->name, "visitation", rc, &bad);
	return rc == RESULT_OK ? 0 : -1;
}

/* Moves the citizen to status on day on; reason and dialogue may be NULL. */
static int demo_status(const struct actor *a, int64_t id,
		       const struct demo_person *dp, const char *status,
		       const char *reason, const char *dialogue, date_t on)
{
	struct progress_step in = {
		.status = participant_status_parse(status),
		.date = on,
		.reason = reason ? reason : "",
		.dialogue = dialogue ? dialogue : "",
	};
	struct form_invalid bad = {0};
	struct participant p;
	struct cohort c;
	struct db *w;
	int rc;

	if (demo_load(a, id, &p, &c) < 0)
		return -1;
	w = db_writer_lock();
	rc = progress_step(w, a, &p, &c, &in, on, &bad);
	db_writer_unlock(w);
	if (rc != RESULT_OK)
		demo_fail(dp->name, "status", rc, &bad);
	return rc == RESULT_OK ? 0 : -1;
}

static const char *demo_outcome_note(const char *kind)
{
	if (strcmp(kind, "job") == 0)
		return "Ansat i praktikvirksomheden.";
	if (strcmp(kind, "education") == 0)
		return "Er begyndt på en uddannelse.";
	if (strcmp(kind, "extended_internship") == 0)
		return "Praktikken er forlænget med 8 uger.";
	return "Aftalt opfølgning med sagsbehandleren.";
}

/* outcome: "kind", "job:HOURS" or "other:OTHER_KIND" (demo_people.c's,
 * never a user's). */
static int demo_outcome(const struct actor *a, int64_t id,
			const struct demo_person *dp, const char *timing,
			const char *outcome, date_t on)
{
	struct progress_outcome in = {.other_kind = -1};
	struct form_invalid bad = {0};
	const char *colon = strchr(outcome, ':');
	struct participant p;
	struct cohort c;
	char kind[32];
	struct db *w;
	int rc;

	snprintf(kind, sizeof(kind), "%.*s",
		 colon ? (int)(colon - outcome) : (int)strlen(outcome),
		 outcome);
	in.timing = demo_index(progress_timings, timing);
	in.kind = demo_index(progress_outcome_kinds, kind);
	in.note = demo_outcome_note(kind);
	if (colon && strcmp(kind, "job") == 0 &&
	    sscanf(colon + 1, "%d", &in.hours) != 1)
		return -1;
	if (colon && strcmp(kind, "job") != 0)
		in.other_kind = demo_index(progress_other_kinds, colon + 1);
	if (demo_load(a, id, &p, &c) < 0)
		return -1;
	w = db_writer_lock();
	rc = progress_outcome(w, a, &p, &c, &in, on, &bad);
	db_writer_unlock(w);
	if (rc != RESULT_OK)
		demo_fail(dp->name, "resultat", rc, &bad);
	return rc == RESULT_OK ? 0 : -1;
}

/* After the start: drops out, is re-referred or completes, and the
 * outcomes, each only once its day has come. */
static int demo_after_start(const struct actor *a, int64_t id,
			    const struct cohort *c,
			    const struct demo_person *dp, size_t i)
{
	date_t today = date_today(), end = c->internship_end;
	date_t six = date_add_months(end, 6);
	date_t on;

	if (strcmp(dp->fate, "dropped_out") == 0) {
		on = demo_weekday(date_add_days(c->plan.first_teaching_day, 9));
		if (on > today)
			return 0;
		return demo_status(a, id, dp, "dropped_out",
				   i % 2 ? "Borgeren er flyttet til en anden "
					   "kommune."
					 : "Borgeren har fået det værre og er "
					   "sygemeldt.",
				   NULL, on);
	}
	if (strcmp(dp->fate, "re_referred") == 0) {
		on = demo_weekday(date_add_days(c->internship_start, 10));
		if (on > today)
			return 0;
		return demo_status(a, id, dp, "re_referred",
				   "Forløbet gavner ikke borgeren lige nu; der "
				   "er brug for psykiatrisk behandling først.",
				   i % 2 ? "citizen,instructor,caseworker,host"
					 : "citizen,instructor,caseworker",
				   on);
	}
	if (end > today)
		return 0;
	if (demo_status(a, id, dp, "completed", NULL, NULL, end) < 0)
		return -1;
	if (dp->end && demo_outcome(a, id, dp, "end", dp->end, end) < 0)
		return -1;
	if (dp->six && six <= today &&
	    demo_outcome(a, id, dp, "six_months", dp->six, six) < 0)
		return -1;
	return 0;
}

/* Plays citizen i of cohort dc (loaded as c) as far as today: referred by
 * the caseworker, the rest by the cohort's project leader. */
static int demo_person_play(const struct demo_cohort *dc,
			    const struct cohort *c, size_t i)
{
	const struct demo_person *dp = &dc->people[i];
	date_t today = date_today(), first = c->plan.first_teaching_day;
	date_t referred, visit;
	struct actor leader;
	int64_t id = 0;

	referred = demo_min(today, demo_weekday(date_add_days(c->referral_start,
							      2 * (int)i)));
	if (demo_refer(dc, c, dp, i, referred, &id) < 0)
		return -1;
	if (dp->decision == NULL)
		return 0;
	if (demo_actor(dc->leader, &leader) < 0)
		return -1;
	visit = demo_weekday(date_add_days(c->prep_start, (int)(i % 8)));
	visit = demo_min(today, visit);
	if (visit < referred)
		visit = referred;
	if (demo_visit(&leader, id, dp, i, visit) < 0)
		return -1;
	if (strcmp(dp->decision, "admitted") != 0 || first > today)
		return 0;
	if (demo_status(&leader, id, dp, "started", NULL, NULL, first) < 0)
		return -1;
	return dp->fate ? demo_after_start(&leader, id, c, dp, i) : 0;
}

/* ---- Cohorts ------------------------------------------------------------- */

/* Puts the user of email on c's staff in role, as a. 0 or -1. */
static int demo_staff_assign(const struct actor *a, const struct cohort *c,
			     const char *email, const char *role)
{
	struct form_invalid bad = {0};
	int64_t user = user_find(db_reader(), email);
	struct db *w = db_writer_lock();
	int rc = cohort_staff_add(w, a, c, user, role, &bad);

	db_writer_unlock(w);
	if (rc != RESULT_OK)
		demo_fail(email, c->name, rc, &bad);
	return rc == RESULT_OK ? 0 : -1;
}

static int demo_cohort_staff(const struct actor *a, const struct cohort *c,
			     const struct demo_cohort *dc)
{
	int i;

	for (i = 0; i < 3 && dc->instructors[i]; i++)
		if (demo_staff_assign(a, c, dc->instructors[i], "instructor") <
		    0)
			return -1;
	for (i = 0; i < 2 && dc->mentors[i]; i++)
		if (demo_staff_assign(a, c, dc->mentors[i], "mentor") < 0)
			return -1;
	return demo_staff_assign(a, c, demo_consultant, "consultant");
}

/* Moves c to state, as a. 0 or -1. */
static int demo_cohort_state(const struct actor *a, const struct cohort *c,
			     const char *state)
{
	struct form_invalid bad = {0};
	struct db *w = db_writer_lock();
	int rc = cohort_set_state(w, a, c, state, demo_cancel_reason, &bad);

	db_writer_unlock(w);
	if (rc != RESULT_OK)
		demo_fail(c->name, state, rc, &bad);
	return rc == RESULT_OK ? 0 : -1;
}

/* The cohort dc as its project leader a sets it up: a's defaults, the
 * catalogue's target group, dc's name, job centre, venue and first
 * teaching day. 0 or -1. */
static int demo_cohort_input(const struct actor *a,
			     const struct demo_cohort *dc,
			     struct cohort_input *in)
{
	struct db *db = db_reader();
	struct cohort *c = &in->c;
	date_t first = demo_first_day(date_today(), dc->weeks_ago);

	memset(in, 0, sizeof(*in));
	cohort_defaults(c, a);
	in->triggers = cohort_default_triggers;
	snprintf(c->name, sizeof(c->name), "%s %d", dc->name, date_year(first));
	c->job_centre_id = organisation_find(db, dc->job_centre);
	c->provider_id = organisation_find(db, demo_provider);
	snprintf(c->venue_name, sizeof(c->venue_name), "%s", dc->venue);
	snprintf(c->venue_address, sizeof(c->venue_address), "%s", dc->address);
	c->plan.first_teaching_day = first;
	return c->job_centre_id > 0 && c->provider_id > 0 ? 0 : -1;
}

/* Cohort dc by its project leader, its staff and state, and its citizens
 * played as far as today. */
static int demo_cohort(const struct demo_cohort *dc)
{
	struct cohort_input in;
	struct form_invalid bad = {0};
	struct cohort c;
	struct actor a;
	struct db *w;
	int64_t id = 0;
	size_t i;
	int rc;

	if (demo_actor(dc->leader, &a) < 0 ||
	    demo_cohort_input(&a, dc, &in) < 0)
		return -1;
	w = db_writer_lock();
	rc = course_cohort_create(w, &a, &in, &id, &bad);
	db_writer_unlock(w);
	if (rc != RESULT_OK) {
		fprintf(stderr, "mestring: demo cohort %s: %s\n", in.c.name,
			bad.message);
		return -1;
	}
	if (cohort_get(db_reader(), &a, id, &c) != 0 ||
	    demo_cohort_staff(&a, &c, dc) < 0)
		return -1;
	if (strcmp(dc->state, "planning") != 0 &&
	    demo_cohort_state(&a, &c, dc->state) < 0)
		return -1;
	if (cohort_get(db_reader(), &a, id, &c) != 0)
		return -1;
	for (i = 0; i < dc->npeople; i++)
		if (demo_person_play(dc, &c, i) < 0)
			return -1;
	return 0;
}

/* ---- Talks, aftercare and the agreement guide ---------------------------- */

/* The demo citizen name as a sees them, with their visitation day and
 * their cohort's internship end (today when there is none). 0 or -1. */
static int demo_find(const struct actor *a, const char *name,
		     struct participant *p, date_t *visit, date_t *end)
{
	struct db *db = db_reader();
	sqlite3_stmt *st = DB_BIND(
		db, &demo_small_sql[DEMO_SMALL_SQL_PARTICIPANT_BY_NAME],
		DB_TEXT(name));
	int64_t id = 0;
	int rc;

	if (st == NULL)
		return -1;
	rc = db_step(db, st);
	if (rc == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		*visit = db_date(st, 1);
		*end = db_date(st, 2);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW || participant_get(db, a, id, p) != 0) {
		fprintf(stderr, "mestring: demo citizen %s is missing\n", name);
		return -1;
	}
	if (*visit == 0)
		*visit = date_today();
	if (*end == 0)
		*end = date_today();
	return 0;
}

/* Talk t, held (or planned, or cancelled when it had no notes) by its own
 * member of staff. */
static int demo_talk_add(const struct demo_talk *t)
{
	struct talk_input in = {.kind = demo_index(talk_kind_names, t->kind)};
	struct form_invalid bad = {0};
	struct participant p;
	date_t visit, end, today = date_today();
	struct actor a;
	struct db *w;
	int64_t id;
	int rc;

	if (demo_actor(t->staff, &a) < 0 ||
	    demo_find(&a, t->participant, &p, &visit, &end) < 0)
		return -1;
	in.staff_id = a.user_id;
	in.date = demo_weekday(date_add_days(visit, t->offset));
	in.start = t->start_min;
	in.end = t->end_min;
	in.place = t->place;
	/* Notes only for a talk that has been held. */
	in.notes = in.date <= today ? t->notes : NULL;
	in.status = in.date > today ? TALK_PLANNED
		    : t->notes	    ? TALK_HELD
				    : TALK_CANCELLED;
	w = db_writer_lock();
	rc = talk_add(w, &a, &p, &in, &id, &bad);
	db_writer_unlock(w);
	if (rc != RESULT_OK)
		demo_fail(t->participant, "samtale", rc, &bad);
	return rc == RESULT_OK ? 0 : -1;
}

/* Aftercare ac from the weekday after the internship, by the caseworker;
 * open while its end is still ahead. */
static int demo_aftercare_add(const struct demo_aftercare *ac)
{
	struct aftercare_input in = {
		.level = ac->level,
		.with_mentor = ac->with_mentor,
		.notes = ac->notes,
	};
	struct form_invalid bad = {0};
	struct participant p;
	date_t visit, end, to;
	struct actor a;
	struct db *w;
	int64_t id;
	int rc;

	if (demo_actor(ac->caseworker, &a) < 0 ||
	    demo_find(&a, ac->participant, &p, &visit, &end) < 0)
		return -1;
	in.start_on = demo_weekday(date_add_days(end, 1));
	to = date_add_days(in.start_on, 7 * ac->weeks - 3);
	in.end_on = to <= date_today() ? to : 0;
	w = db_writer_lock();
	rc = aftercare_add(w, &a, &p, &in, &id, &bad);
	db_writer_unlock(w);
	if (rc != RESULT_OK)
		demo_fail(ac->participant, "efterværn", rc, &bad);
	return rc == RESULT_OK ? 0 : -1;
}

/* The agreement guide, filled in, consented to and signed by the
 * enterprise consultant ten days after the visitation. */
static int demo_agreement_add(void)
{
	struct agreement_input in = {.consent = true};
	struct form_invalid bad = {0};
	struct participant p;
	date_t visit, end, on;
	struct actor a;
	struct db *w;
	int rc, version, i;

	if (demo_actor(demo_consultant, &a) < 0 ||
	    demo_find(&a, demo_agreement_citizen, &p, &visit, &end) < 0)
		return -1;
	on = demo_min(date_today(), demo_weekday(date_add_days(visit, 10)));
	for (i = 0; i < AGREEMENT_ANSWERS; i++)
		in.answers[i] = demo_agreement_answers[i];
	in.citizen_signed_on = on;
	in.consultant_id = a.user_id;
	in.consultant_signed_on = on;
	w = db_writer_lock();
	rc = agreement_save(w, &a, &p, &in, &version, &bad);
	db_writer_unlock(w);
	if (rc != RESULT_OK)
		demo_fail(demo_agreement_citizen, "aftaleguide", rc, &bad);
	return rc == RESULT_OK ? 0 : -1;
}

static int demo_extras(void)
{
	size_t i;

	for (i = 0; i < demo_ntalks; i++)
		if (demo_talk_add(&demo_talks[i]) < 0)
			return -1;
	for (i = 0; i < demo_naftercares; i++)
		if (demo_aftercare_add(&demo_aftercares[i]) < 0)
			return -1;
	return demo_agreement_add();
}

/* ---- Attendance ---------------------------------------------------------- */

static int demo_marks(void)
{
	struct db *w = db_writer_lock();
	long marks = 0;
	int rc = db_begin(w);

	if (rc == 0)
		rc = db_finish(w, demo_marks_add(w, 1, true, &marks));
	db_writer_unlock(w);
	if (rc < 0)
		fprintf(stderr, "mestring: demo attendance failed\n");
	return rc;
}

int demo_small_fill(const char *password)
{
	struct actor consultant;
	size_t i;

	if (demo_orgs_add() < 0 || demo_users_add(password) < 0)
		return -1;
	/* The host companies, registered by the enterprise consultant. */
	if (demo_actor(demo_consultant, &consultant) < 0 ||
	    demo_companies_add(&consultant) < 0)
		return -1;
	for (i = 0; i < demo_ncohorts; i++)
		if (demo_cohort(&demo_cohorts[i]) < 0)
			return -1;
	/* The internships, once their citizens and guides are there. */
	if (demo_extras() < 0 || demo_internships_add() < 0)
		return -1;
	return demo_marks();
}
