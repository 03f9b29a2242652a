/*
 * host_panel: the staff's side of the hosts' links and feedback: the panel
 * the internship page shows (host_panel_render, with the template partial
 * host_panel.html), a fresh link in one click (its address shown once),
 * revoking one, and the API twins.
 */
#ifndef MESTRING_HOST_PANEL_H
#define MESTRING_HOST_PANEL_H

struct internship;
struct participant;
struct req;
struct view;

/*
 * Adds the host panel of internship i (of p, both loaded for r's viewer)
 * to v for {{>host_panel.html}}: "host_links" (contact, state, created,
 * created_by, expires, live, id), "host_contacts" and "host_may_issue"
 * (the form for a fresh link), "host_internship_id", and for viewers who
 * see all of it ("host_feedback_visible") the weeks the hosts wrote
 * ("feedback"), whose read is audited here. 0 or -1.
 */
int host_panel_render(struct req *r, const struct internship *i,
		      const struct participant *p, struct view *v);

int host_panel_issue_page(
	struct req *r);		      /* POST /internships/{id}/host-links */
int host_panel_revoke(struct req *r); /* POST .../host-links/{id}/revoke */
int host_panel_issue_api(
	struct req *r); /* POST /api/v1/internships/{id}/host-links */
int host_panel_feedback_api(
	struct req *r); /* GET /api/v1/internships/{id}/feedback */

#endif
