/*
 * internship_page: a participant's internships: the participant page's
 * "Praktik" panel, the form for a new one, the internship's page with its
 * timeline and a form for each step the user may take, and the posts that
 * change it. The printable agreement is internship_print.h, the API
 * internship_api.h; all read input through internship_form.h.
 */
#ifndef MESTRING_INTERNSHIP_PAGE_H
#define MESTRING_INTERNSHIP_PAGE_H

#include "internship.h"
#include "participant.h"

struct req;
struct view;

/* Adds the participant page's panel ("internships", "may_internship") for
 * p to v. 0 or -1. */
int internship_page_panel(struct req *r, const struct participant *p,
			  struct view *v);

/* The internship's fields (no texts for a limited viewer) into v. */
void internship_view(struct view *v, const struct internship *i);

int internship_page_new(struct req *r);	   /* GET .../internships/new */
int internship_page_create(struct req *r); /* POST .../internships */
int internship_page_show(struct req *r);   /* GET /internships/{id} */
int internship_page_update(struct req *r); /* POST /internships/{id} */
int internship_page_status(struct req *r); /* POST .../{id}/status */

#endif
