/*
 * Staff roles and organisation kinds: names and Danish labels.
 */
#include "role.h"

#include <string.h>

const char *const role_names[ROLE__MAX + 1] = {
	[ROLE_ADMIN] = "admin",
	[ROLE_PROJECT_LEADER] = "project_leader",
	[ROLE_CASEWORKER] = "caseworker",
	[ROLE_CONSULTANT] = "consultant",
	[ROLE_INSTRUCTOR] = "instructor",
	[ROLE_MENTOR] = "mentor",
	[ROLE__MAX] = NULL,
};

static const char *const role_labels[ROLE__MAX] = {
	[ROLE_ADMIN] = "Administrator",
	[ROLE_PROJECT_LEADER] = "Projektleder",
	[ROLE_CASEWORKER] = "Sagsbehandler",
	[ROLE_CONSULTANT] = "Virksomhedskonsulent",
	[ROLE_INSTRUCTOR] = "Underviser",
	[ROLE_MENTOR] = "Mentor",
};

const char *const org_kind_names[ORG_KIND__MAX + 1] = {
	[ORG_JOB_CENTRE] = "job_centre",
	[ORG_PROVIDER] = "provider",
	[ORG_PSYCHIATRY] = "psychiatry",
	[ORG_KIND__MAX] = NULL,
};

static const char *const org_kind_labels[ORG_KIND__MAX] = {
	[ORG_JOB_CENTRE] = "Jobcenter",
	[ORG_PROVIDER] = "Kursusudbyder",
	[ORG_PSYCHIATRY] = "Psykiatripartner",
};

static int role_lookup(const char *const *names, int n, const char *name)
{
	int i;

	for (i = 0; name && i < n; i++)
		if (strcmp(names[i], name) == 0)
			return i;
	return -1;
}

const char *role_name(enum role r)
{
	return (unsigned)r < ROLE__MAX ? role_names[r] : "";
}

const char *role_label(enum role r)
{
	return (unsigned)r < ROLE__MAX ? role_labels[r] : "";
}

int role_parse(const char *name)
{
	return role_lookup(role_names, ROLE__MAX, name);
}

const char *org_kind_label(enum org_kind k)
{
	return (unsigned)k < ORG_KIND__MAX ? org_kind_labels[k] : "";
}

int org_kind_parse(const char *name)
{
	return role_lookup(org_kind_names, ORG_KIND__MAX, name);
}
