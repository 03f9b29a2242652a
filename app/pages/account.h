/*
 * account: the staff member's own "Min konto" page (changing the password,
 * the own calendar links) and the step that confirms the password before
 * sensitive data is shown; with their API twins.
 */
#ifndef MESTRING_ACCOUNT_H
#define MESTRING_ACCOUNT_H

struct req;

int account_page(struct req *r);	 /* GET /account */
int account_password(struct req *r);	 /* POST /account/password */
int account_api_password(struct req *r); /* PUT /api/v1/session/password */
int account_confirm_page(struct req *r); /* GET /confirm */
int account_confirm(struct req *r);	 /* POST /confirm */
int account_api_confirm(struct req *r);	 /* POST /api/v1/session/confirm */

#endif
