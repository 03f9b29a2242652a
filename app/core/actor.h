/*
 * actor: who does something, as the domain sees it: a member of staff
 * (from a request's session), or the system (the demo, jobs). Domain
 * functions take an actor, never a request.
 */
#ifndef MESTRING_ACTOR_H
#define MESTRING_ACTOR_H

#include "role.h"

#include <stdint.h>

struct actor {
	int64_t user_id;	 /* 0: the system */
	int64_t organisation_id; /* 0 for the system */
	enum role role;		 /* ROLE__MAX for the system */
	const char *email;	 /* the audit's actor; NULL: "system" */
	const char *client;	 /* remote address for the audit, or NULL */
};

/* The system: sees and may do what the demo and jobs need. */
#define ACTOR_SYSTEM ((struct actor){0, 0, ROLE__MAX, "system", NULL})

#endif
