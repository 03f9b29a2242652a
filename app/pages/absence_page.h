/*
 * absence_page: absence announced ahead for a participant: the page with
 * the notices and the form to add one, its posts (add, withdraw), the API
 * twins, which read a notice through the same reader, and the participant
 * page's panel of current and coming notices.
 */
#ifndef MESTRING_ABSENCE_PAGE_H
#define MESTRING_ABSENCE_PAGE_H

struct participant;
struct req;
struct view;

/*
 * Adds the participant page's panel to v: the list "absence_notices" of
 * p's current and coming notices (notice_id, first_da, last_da, one_day,
 * actor), without their comments (which may be about health and are on
 * the absence page for those who may read them), and "absences_href".
 * The caller audits the page's read. 0 or -1.
 */
int absence_page_panel(struct req *r, const struct participant *p,
		       struct view *v);

int absence_page_show(struct req *r);	  /* GET .../{id}/absences */
int absence_page_add(struct req *r);	  /* POST .../{id}/absences */
int absence_page_withdraw(struct req *r); /* POST /absences/{id}/withdraw */
int absence_api_list(struct req *r);
int absence_api_add(struct req *r);
int absence_api_withdraw(struct req *r);

#endif
