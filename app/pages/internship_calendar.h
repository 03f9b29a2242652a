/*
 * internship_calendar: the employer's calendar link of an internship on
 * pages and in the API (calendars/subscription_employer.h holds the rules
 * and audit rows): the staff page that shows it with its QR code for the
 * host's contact person, renewing and revoking it, and the internship
 * page's panel.
 */
#ifndef MESTRING_INTERNSHIP_CALENDAR_H
#define MESTRING_INTERNSHIP_CALENDAR_H

struct internship;
struct participant;
struct req;
struct view;

/*
 * The internship page's "Virksomhedens kalender" panel, for the page of
 * internship i (of p, both loaded for r's user): sets on v
 * may_employer_calendar (r's user may see and change the link: show the
 * panel with a link to /internships/{id}/calendar), employer_calendar_live
 * and employer_calendar_revoked, and employer_calendar_id; the template
 * web/templates/internship_calendar_panel.html shows them (include it with
 * {{>internship_calendar_panel.html}}). Never the token, so nothing is
 * audited. 0 or -1.
 */
int internship_calendar_view(struct req *r, const struct internship *i,
			     const struct participant *p, struct view *v);

/* GET /internships/{id}/calendar: the link with its QR code and how the
 * contact person subscribes; made on first view. */
int internship_calendar_page(struct req *r);
/* POST /internships/{id}/calendar: a new link, the old one dead. */
int internship_calendar_page_rotate(struct req *r);
/* POST /internships/{id}/calendar/revoke. */
int internship_calendar_page_revoke(struct req *r);

/* GET /api/v1/internships/{id}/calendar: {"https", "webcal"}, made when
 * none is live. */
int internship_calendar_api_get(struct req *r);
/* POST /api/v1/internships/{id}/calendar/rotate: the new link. */
int internship_calendar_api_rotate(struct req *r);
/* POST /api/v1/internships/{id}/calendar/revoke: {"revoked": true}. */
int internship_calendar_api_revoke(struct req *r);

#endif
