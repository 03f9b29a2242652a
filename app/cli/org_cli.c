/*
 * org_cli: organisations from the command line, through the domain calls
 * the pages use (app/domain/organisation.c). Audit rows name the actor
 * "system", client "cli".
 */
#include "org_cli.h"

#include "actor.h"
#include "db.h"
#include "form.h"
#include "organisation.h"

#include <stdio.h>
#include <string.h>

/* Who the audit log says acted. */
static const struct actor org_cli_actor = {0, 0, ROLE__MAX, "system", "cli"};

static int org_cli_print(void *ctx, const struct organisation *o)
{
	(void)ctx;
	printf("%lld\t%s\t%s\n", (long long)o->id, o->name,
	       o->kind < ORG_KIND__MAX ? org_kind_names[o->kind] : "");
	return 0;
}

/* `org add`: the new organisation's id and name, or why not. */
static int org_cli_add(const char *name, enum org_kind kind)
{
	struct organisation_input in = {name, kind};
	struct form_invalid bad;
	struct db *w = db_writer_lock();
	int64_t id = 0;
	enum result rc = organisation_create(w, &org_cli_actor, &in, &id, &bad);

	db_writer_unlock(w);
	if (rc != RESULT_OK) {
		/* A taken name says so; anything else is the database's. */
		fprintf(stderr, "mestring: %s\n",
			rc == RESULT_CONFLICT
				? bad.message
				: "could not add the organisation");
		return 1;
	}
	printf("%lld\t%s\n", (long long)id, name);
	return 0;
}

int org_cli(int argc, char **argv)
{
	const char *db = NULL, *name = NULL, *kind = NULL;
	int i, rc = 2;

	for (i = 2; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "--db") == 0)
			db = argv[i + 1];
		else if (strcmp(argv[i], "--name") == 0)
			name = argv[i + 1];
		else if (strcmp(argv[i], "--kind") == 0)
			kind = argv[i + 1];
		else
			break;
	}
	if (argc < 2 || i != argc || db == NULL)
		goto usage;
	if (db_pool_open(db, 1) < 0)
		return 1;
	if (strcmp(argv[1], "list") == 0)
		rc = organisation_each(db_reader(), &org_cli_actor,
				       org_cli_print, NULL) < 0;
	else if (strcmp(argv[1], "add") == 0 && name && kind &&
		 org_kind_parse(kind) >= 0)
		rc = org_cli_add(name, (enum org_kind)org_kind_parse(kind));
	db_pool_close();
	if (rc != 2)
		return rc;
usage:
	fprintf(stderr, "usage: mestring org add --db FILE --name NAME --kind "
			"job_centre|provider|psychiatry\n"
			"       mestring org list --db FILE\n");
	return 2;
}
