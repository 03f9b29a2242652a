/*
 * talk_page: a participant's preparation talks on the participant page
 * (the list and the forms to plan and change them), their posts, and the
 * API twins. Both read a talk through the same reader.
 */
#ifndef MESTRING_TALK_PAGE_H
#define MESTRING_TALK_PAGE_H

struct participant;
struct req;
struct view;

/* Adds the list "talks" (and "talk_new", "may_plan_talks",
 * "talk_mentor_only") to the participant page's view v. 0 or -1. */
int talk_page_view(struct req *r, const struct participant *p, struct view *v);

int talk_page_add(struct req *r);    /* POST /participants/{id}/talks */
int talk_page_update(struct req *r); /* POST /talks/{id} */
int talk_api_list(struct req *r);    /* GET .../participants/{id}/talks */
int talk_api_add(struct req *r);     /* POST .../participants/{id}/talks */
int talk_api_update(struct req *r);  /* PATCH /api/v1/talks/{id} */

#endif
