/*
 * cohort_load: a handler's cohort, with the answers when there is none.
 */
#include "cohort_load.h"

#include "cohort.h"
#include "http.h"

int cohort_load(struct req *r, int64_t id, struct cohort *c, bool manage)
{
	struct actor a = http_actor(r);
	int rc = cohort_get(r->db, &a, id, c);

	if (rc < 0)
		return http_error(r, 500, NULL);
	if (rc > 0)
		return http_error(r, 404, NULL);
	if (manage && !cohort_may_manage(&a, c))
		return cohort_load_refuse(r);
	return 0;
}

int cohort_load_refuse(struct req *r)
{
	return http_error(r, 403,
			  "Kun holdets projektledere kan ændre "
			  "holdet.");
}
