/*
 * participant_load: a handler's participant, with the answers when there
 * is none or it is not the user's.
 */
#include "participant_load.h"

#include "audit.h"
#include "cohort.h"
#include "http.h"
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

int participant_audit(struct db *w, struct req *r, const char *action,
		      const struct participant *p, const char *purpose,
		      const char *detail)
{
	struct actor a = http_actor(r);
	int x = audit_action_parse(action);

	if (x < 0) {
		log_error("participant: unknown audit action %s", action);
		return -1;
	}
	return w ? participant_audit_write(w, &a, x, p, purpose, detail)
		 : participant_audit_read(&a, x, p, purpose, detail);
}
