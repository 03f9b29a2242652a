/*
 * participant_page: a participant's HTML pages: the participant page
 * (which composes the record with its talks, calendar link, attendance,
 * agreement guide and aftercare), the referral and edit forms and their
 * posts, the visitation, status and outcome posts, the CPR number and the
 * access log. The API twins are participant_api.h, the lists
 * participants.h.
 */
#ifndef MESTRING_PARTICIPANT_PAGE_H
#define MESTRING_PARTICIPANT_PAGE_H

struct req;

int participant_page_show(struct req *r);	/* GET /participants/{id} */
int participant_page_new(struct req *r);	/* GET .../referral */
int participant_page_create(struct req *r);	/* POST /participants */
int participant_page_edit(struct req *r);	/* GET .../{id}/edit */
int participant_page_update(struct req *r);	/* POST .../{id} */
int participant_page_visitation(struct req *r); /* POST .../visitation */
int participant_page_status(struct req *r);	/* POST .../status */
int participant_page_outcome(struct req *r);	/* POST .../outcomes */
int participant_page_cpr(struct req *r);	/* GET .../cpr */
int participant_page_cpr_reveal(struct req *r); /* POST .../cpr */
int participant_page_access(struct req *r);	/* GET .../access */

#endif
