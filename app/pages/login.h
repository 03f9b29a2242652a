/*
 * login: the login page and its POST, logging out, and the API's session
 * (log in, who am I, log out).
 */
#ifndef MESTRING_LOGIN_H
#define MESTRING_LOGIN_H

struct req;

int login_page(struct req *r);	      /* GET /login */
int login_post(struct req *r);	      /* POST /login */
int login_logout(struct req *r);      /* POST /logout */
int login_api_login(struct req *r);   /* POST /api/v1/session */
int login_api_session(struct req *r); /* GET /api/v1/session */
int login_api_logout(struct req *r);  /* DELETE /api/v1/session */

#endif
