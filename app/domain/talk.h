/*
 * talk: preparation talks ("forberedende samtaler") of a participant with
 * the caseworker, the instructor, an enterprise consultant or the mentor:
 * planned with time and place, then held (with notes, encrypted) or
 * cancelled. Their changes bump a sequence for the calendar feeds. Who
 * holds a talk reads its notes and sees it in their own calendar, so a
 * change of holder is checked against the participant's access rules.
 */
#ifndef MESTRING_TALK_H
#define MESTRING_TALK_H

#include "date.h"
#include "participant.h"
#include "result.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct actor;
struct db;
struct form_invalid;

enum talk_kind {
	TALK_CASEWORKER,
	TALK_INSTRUCTOR,
	TALK_CONSULTANT,
	TALK_MENTOR,
	TALK_KIND__MAX
};
extern const char *const talk_kind_names[TALK_KIND__MAX + 1];
extern const char *const talk_kind_labels[TALK_KIND__MAX];

enum talk_status { TALK_PLANNED, TALK_HELD, TALK_CANCELLED, TALK_STATUS__MAX };
extern const char *const talk_status_names[TALK_STATUS__MAX + 1];
extern const char *const talk_status_labels[TALK_STATUS__MAX];

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
	char *notes;	/* opened only for who may read them; talk_free */
};
void talk_free(struct talk *t);

/* Only viewers who see health fields, and the talk's own staff member,
 * read its notes. */
bool talk_notes_visible(const struct actor *a, const struct participant *p,
			const struct talk *t);
/* May a change t (a may plan talks with p; a mentor only their own
 * mentor talks)? */
bool talk_may_edit(const struct actor *a, const struct participant *p,
		   const struct talk *t);

/*
 * Talk id, with its notes when a and p (its participant, loaded for a) are
 * given and a may read them. Who sees the talk is its participant's rule:
 * load that next. 0 found, 1 not, -1 on error; talk_free *t.
 */
int talk_get(struct db *db, int64_t id, const struct actor *a,
	     const struct participant *p, struct talk *t);
/* p's talks by date, notes opened for whom may read them. fn's talk lives
 * until it returns. 0 or -1. */
typedef void (*talk_fn)(void *ctx, const struct talk *t);
int talk_each(struct db *db, const struct actor *a, const struct participant *p,
	      talk_fn fn, void *ctx);

/* Who a talk with p may be with: the caseworker, the mentor, the cohort's
 * staff and its job centre's consultants. */
struct talk_candidate {
	int64_t id;
	char name[801];
	enum talk_kind kind;
};
/* 0 with *out (free() it) and *n, or -1. */
int talk_candidates(struct db *db, const struct participant *p,
		    struct talk_candidate **out, size_t *n);

/* A new talk, or what changes of one: -1, 0 or NULL leave a field as it is
 * (a new talk needs kind, date, start and end). */
struct talk_input {
	int kind;	  /* enum talk_kind */
	int64_t staff_id; /* 0: no one; -1: not given (who holds a new talk
			     or a new kind: a, when a's role fits it) */
	date_t date;
	int start, end;	   /* minutes after midnight */
	const char *place; /* "" clears */
	const char *notes; /* sealed; "" clears */
	int status;	   /* enum talk_status; -1: a new talk is held when
			      it has notes and its day has come */
};

/*
 * May a plan a talk with p (old NULL) or change old? RESULT_OK, or
 * RESULT_REFUSED with *bad: mentors plan and change their own mentor talks
 * only.
 */
int talk_check(const struct actor *a, const struct participant *p,
	       const struct talk *old, struct form_invalid *bad);
/*
 * Adds a talk to p (loaded for a) from in, or changes old, with the audit
 * row, in one transaction on the writer w the caller holds (a change that
 * changes nothing writes nothing). A new holder must have the kind's role
 * and work with the participant; only who may read a talk's notes moves it
 * or writes over them, and notes never pass to a holder who would not see
 * health fields. RESULT_OK (with *id for a new talk), RESULT_REFUSED,
 * RESULT_INVALID or RESULT_FAILED.
 */
int talk_add(struct db *w, const struct actor *a, const struct participant *p,
	     const struct talk_input *in, int64_t *id,
	     struct form_invalid *bad);
int talk_change(struct db *w, const struct actor *a,
		const struct participant *p, const struct talk *old,
		const struct talk_input *in, struct form_invalid *bad);

#endif
