/*
 * company_internship: a company's internships, past and present, as a
 * member of staff may see them (only those of participants they see), and
 * who sees a company through one. Apart from company.h because it needs
 * the participant's visibility (participant.h), which comes later in the
 * domain's order.
 */
#ifndef MESTRING_COMPANY_INTERNSHIP_H
#define MESTRING_COMPANY_INTERNSHIP_H

#include "company.h"
#include "date.h"
#include "participant.h"

#include <stdint.h>

struct actor;
struct db;

/* An internship at the company as a list shows it. */
struct company_internship {
	int64_t id, participant_id;
	char participant[PARTICIPANT_TEXT(PARTICIPANT_NAME_MAX)];
	char status[16]; /* planned, trial, running, ... (internship.h) */
	date_t start_on, end_on;
	char contact[COMPANY_TEXT(200)]; /* its contact's name, or "" */
	enum participant_access access;	 /* a's of the participant */
};

/*
 * The internships at company_id of participants a sees (any access, a
 * mentor's own mentees included), the latest start first, at most 500;
 * fn returns -1 to stop. The caller audits the participants it shows
 * (participant_audit_reads, AUDIT_PARTICIPANT_LIST). 0, or -1 on error.
 */
typedef int (*company_internship_fn)(void *ctx,
				     const struct company_internship *i);
int company_internship_each(struct db *db, const struct actor *a,
			    int64_t company_id, company_internship_fn fn,
			    void *ctx);

/*
 * Company id into *c when a sees it: company_get's rule (its own
 * organisation's staff), or a sees, at work access or more
 * (PARTICIPANT_ACCESS_WORK: consultants, instructors, caseworkers and
 * project leaders of the participant), a participant with an internship
 * there, whatever its status. A mentor sees only what the internship page
 * shows of its host. 0, 1 (404), or -1.
 */
int company_get_seen(struct db *db, const struct actor *a, int64_t id,
		     struct company *c);

#endif
