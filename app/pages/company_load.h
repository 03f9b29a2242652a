/*
 * company_load: the company of a request's path as its viewer may see it
 * (its own organisation's staff and those who see an intern there: all
 * of it; a mentor: only what a host's visitor needs), shared by the
 * company's page and API, which answer a miss the same way.
 */
#ifndef MESTRING_COMPANY_LOAD_H
#define MESTRING_COMPANY_LOAD_H

#include "company.h"
#include "company_internship.h"

#include <stdint.h>

struct req;

/* How much of a company a viewer sees. */
enum company_sight {
	COMPANY_SIGHT_HOST, /* a mentor: name, address, active contacts */
	COMPANY_SIGHT_FULL, /* everything, with the internships of the
			       participants the viewer sees */
};

/* Why a mentor gets no list of companies, in Danish. */
extern const char company_mentor_refusal[];

/*
 * Company id into *c with what r's user sees of it: 0, or the status
 * sent (404 when it is not there or not for them, 500).
 */
int company_load(struct req *r, int64_t id, struct company *c,
		 enum company_sight *sight);

/*
 * The internships at company c of the participants r's user sees, each
 * to fn (company_internship_each), and one audited read per participant
 * shown (AUDIT_PARTICIPANT_LIST): the names are personal data. 0 or -1.
 */
int company_load_internships(struct req *r, const struct company *c,
			     company_internship_fn fn, void *ctx);

#endif
