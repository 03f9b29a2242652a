/*
 * participants: lists of participants: the list page and its search (by
 * name, or by CPR number in a POST), their API twins, and the panels other
 * pages compose: a cohort's roster with its group hints, and the start
 * page's due six-month follow-ups. Every participant shown is audited as
 * read.
 */
#ifndef MESTRING_PARTICIPANTS_H
#define MESTRING_PARTICIPANTS_H

struct cohort;
struct req;
struct view;

int participants_page_list(struct req *r);   /* GET /participants */
int participants_page_search(struct req *r); /* POST /participants/search */
int participants_api_list(struct req *r);    /* GET /api/v1/participants */
int participants_api_search(struct req *r);  /* POST .../search */

/* The cohort page's roster, capacity and group-composition hints, for
 * what r's user may see (audited as one read per participant shown).
 * 0 or -1. */
int participants_cohort_view(struct req *r, const struct cohort *c,
			     struct view *v);
/* The start page's panel of due six-month follow-ups. 0 or -1. */
int participants_start_view(struct req *r, struct view *v);

#endif
