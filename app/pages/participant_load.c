/*
 * participant_load: a handler's participant, with the answers when there
 * is none or it is not the user's.
 */
#include "participant_load.h"

#include "audit.h"
#include "cohort.h"
#include "http.h"
#include "internship.h"
#include "log.h"

int participant_for_request(struct req *r, int64_t id, struct participant *p,
			    struct cohort *c)
{
	struct actor a = http_actor(r);
	struct cohort own;
	int rc = participant_get(r->db, &a, id, p);

	if (rc == 0)
		rc = participant_cohort(r->db, &a, p, c ? c : &own);
	if (rc < 0)
		return http_error(r, 500, NULL);
	if (rc > 0)
		return http_error(r, 404, NULL);
	return 0;
}

int participant_load(struct req *r, struct participant *p, struct cohort *c,
		     enum participant_action x)
{
	struct actor a = http_actor(r);
	int rc = participant_for_request(r, r->params[0], p, c);

	if (rc)
		return rc;
	if (x != PARTICIPANT_ACTION__MAX && !participant_may(&a, p, x))
		return http_error(r, 403, participant_refused);
	return 0;
}

int internship_for_request(struct req *r, struct internship *i,
			   struct participant *p)
{
	struct actor a = http_actor(r);
	int rc = internship_get(r->db, &a, r->params[0], i, p);

	if (rc < 0)
		return http_error(r, 500, NULL);
	if (rc > 0)
		return http_error(r, 404, NULL);
	return 0;
}
