/*
 * Staff roles and organisation kinds: their names in the database and API,
 * and their Danish labels.
 */
#ifndef MESTRING_ROLE_H
#define MESTRING_ROLE_H

enum role {
	ROLE_ADMIN,
	ROLE_PROJECT_LEADER,
	ROLE_CASEWORKER,
	ROLE_CONSULTANT,
	ROLE_INSTRUCTOR,
	ROLE_MENTOR,
	ROLE__MAX
};

enum org_kind { ORG_JOB_CENTRE, ORG_PROVIDER, ORG_PSYCHIATRY, ORG_KIND__MAX };

/* NULL-terminated lists of the database names, for form validation. */
extern const char *const role_names[ROLE__MAX + 1];
extern const char *const org_kind_names[ORG_KIND__MAX + 1];

const char *role_name(enum role r);  /* "project_leader" */
const char *role_label(enum role r); /* "Projektleder" */
int role_parse(const char *name);    /* enum role, or -1 */
const char *org_kind_label(enum org_kind k);
int org_kind_parse(const char *name); /* enum org_kind, or -1 */

#endif
