/*
 * fixtures_cal: what the tests of internship calendars build on: the
 * server's database opened in the test with its key (so the domain's own
 * writes make companies and internships, as the pages do), a demo user as
 * a domain actor, a company with a contact person, an internship, plan
 * weeks written as rows (until the plan writer lands), and calendar links
 * stored the way the server stores them. Each fails the running cmocka
 * test when a step does not work.
 */
#ifndef MESTRING_FIXTURES_CAL_H
#define MESTRING_FIXTURES_CAL_H

#include "fixtures.h"

#include "actor.h"
#include "date.h"

#include <stdint.h>

struct db;

/* The server's database as a writer of the test's own, with the server's
 * key loaded (once per process). Close it with db_close. */
struct db *fixture_cal_db(struct server *s);

/* The demo user email as a domain actor (its email points into a static
 * slot per call site: keep email alive). */
struct actor fixture_cal_actor(struct server *s, const char *email);

/* A company of a's organisation named name with cvr (a valid CVR number
 * not yet used there) and one contact person, through company_create.
 * Its id; *contact (may be NULL) gets the contact's. */
int64_t fixture_cal_company(struct db *w, const struct actor *a,
			    const char *name, const char *cvr,
			    const char *contact_name, int64_t *contact);

/* An internship of participant at company with contact (0: none),
 * through internship_create as a, its dates the cohort's internship
 * phase. Its id. */
int64_t fixture_cal_internship(struct db *w, const struct actor *a,
			       int64_t participant, int64_t company,
			       int64_t contact);

/* The internship's start, end and teaching weekday as stored. */
void fixture_cal_dates(struct server *s, int64_t internship, date_t *start,
		       date_t *end, int *teaching_weekday);

/*
 * Week `week` of the internship's plan (its Monday: the start's Monday
 * plus week - 1 weeks) with minutes Monday..Friday and a status meeting on
 * meeting_on (0: none) at meeting_min (-1: no time) with who, written as a
 * row; the internship's sequence and updated_at move as the plan writer
 * moves them.
 */
void fixture_cal_week(struct server *s, int64_t internship, int week,
		      const int minutes[5], date_t meeting_on, int meeting_min,
		      const char *who);

/* A token of 43 URL-safe characters made of seed into out. */
void fixture_cal_token(const char *seed, char out[48]);
/* A live link of kind for subject (owner: a user id or 0) with token tok,
 * stored as its hash the way the server stores it. */
void fixture_cal_link(struct server *s, const char *kind, int64_t subject,
		      int64_t owner, const char *tok);
/* GET (method NULL) or HEAD of /calendar/{tok} without a session. */
long fixture_cal_feed(struct server *s, const char *tok, struct response *r);
/* The path of a link's https address ("/calendar/TOKEN.ics") into out. */
void fixture_cal_path(const char *https, char *out, size_t len);

#endif
