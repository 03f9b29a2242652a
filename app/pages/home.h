/*
 * home: the root, the health check and each role's start page.
 */
#ifndef MESTRING_HOME_H
#define MESTRING_HOME_H

struct req;

int home_root(struct req *r);
int home_healthz(struct req *r);
int home_start(struct req *r);

#endif
