/*
 * participant_api: a participant as JSON: read, referral, change,
 * visitation, status, outcomes, the CPR number and the access log. The
 * same readers (participant_form) and domain calls as the pages; errors
 * name the field. The lists are participants.h.
 */
#ifndef MESTRING_PARTICIPANT_API_H
#define MESTRING_PARTICIPANT_API_H

struct req;

int participant_api_get(struct req *r);	       /* GET .../{id} */
int participant_api_create(struct req *r);     /* POST /api/v1/participants */
int participant_api_update(struct req *r);     /* PATCH .../{id} */
int participant_api_visitation(struct req *r); /* POST .../visitation */
int participant_api_status(struct req *r);     /* POST .../status */
int participant_api_outcome(struct req *r);    /* POST .../outcomes */
int participant_api_cpr(struct req *r);	       /* POST .../cpr */
int participant_api_access(struct req *r);     /* GET .../access */

#endif
