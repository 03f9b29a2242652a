/*
 * company_load: company_get_seen's rule for staff, and for a mentor the
 * host of a mentee's internship (company_internship_each lists the
 * internships of the participants a mentor sees, their mentees).
 */
#include "company_load.h"

#include "company_internship.h"
#include "http.h"

#include "array.h"
#include "participant.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

const char company_mentor_refusal[] =
	"Som mentor ser du kun den virksomhed, hvor din mentee er i praktik. "
	"Åbn den fra deltagerens praktik.";

/* Stops at the first internship: the mentor has a mentee there. */
static int company_load_any(void *ctx, const struct company_internship *i)
{
	(void)i;
	*(bool *)ctx = true;
	return -1;
}

int company_load(struct req *r, int64_t id, struct company *c,
		 enum company_sight *sight)
{
	struct actor a = http_actor(r);
	bool mentee = false;
	int rc;

	*sight = COMPANY_SIGHT_FULL;
	if (a.role != ROLE_MENTOR) {
		rc = company_get_seen(r->db, &a, id, c);
		return rc < 0 ? http_error(r, 500, NULL)
		       : rc > 0
			       ? http_error(r, 404, "Virksomheden findes ikke.")
			       : 0;
	}
	*sight = COMPANY_SIGHT_HOST;
	rc = company_read(r->db, id, c);
	if (rc == 0 && company_internship_each(r->db, &a, id, company_load_any,
					       &mentee) < 0)
		rc = -1;
	if (rc < 0)
		return http_error(r, 500, NULL);
	if (rc > 0 || !mentee)
		return http_error(r, 404, "Virksomheden findes ikke.");
	return 0;
}

/* The internships passed on, with the participants' ids for the audit. */
struct company_load_list {
	company_internship_fn fn;
	void *ctx;
	int64_t *ids;
	size_t n, cap;
	bool failed;
};

static int company_load_row(void *ctx, const struct company_internship *i)
{
	struct company_load_list *l = ctx;

	long at = ARRAY_PUSH(l->ids, l->n, l->cap);

	if (at < 0) {
		l->failed = true;
		return -1;
	}
	l->ids[at] = i->participant_id;
	return l->fn(l->ctx, i);
}

int company_load_internships(struct req *r, const struct company *c,
			     company_internship_fn fn, void *ctx)
{
	struct company_load_list l = {fn, ctx, NULL, 0, 0, false};
	struct actor a = http_actor(r);
	char detail[64];
	int rc;

	rc = company_internship_each(r->db, &a, c->id, company_load_row, &l);
	if (rc == 0 && l.failed)
		rc = -1;
	snprintf(detail, sizeof(detail), "company %lld", (long long)c->id);
	if (rc == 0 && l.n > 0 &&
	    participant_audit_reads(&a, AUDIT_PARTICIPANT_LIST, l.ids, l.n,
				    detail) < 0)
		rc = -1;
	free(l.ids);
	return rc;
}
