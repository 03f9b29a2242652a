/*
 * demo: fills a new database with a demo dataset through the same
 * operations the pages use, so demo data obeys every rule real data does.
 */
#include "demo.h"

#include "audit.h"
#include "auth.h"
#include "db.h"
#include "log.h"
#include "organisation.h"
#include "user.h"

#include <stdio.h>
#include <string.h>

struct demo_org {
	const char *name, *kind;
};

static const struct demo_org demo_orgs[] = {
	{"Jobcenter Aarhus", "job_centre"},
	{"Jobcenter Odense", "job_centre"},
	{"Jobcenter København", "job_centre"},
	{"Mestringshuset ApS", "provider"},
	{"Region Midtjylland, Psykiatrien", "psychiatry"},
};

struct demo_user {
	const char *email, *name, *role, *org;
};

static const struct demo_user demo_users[] = {
	{"admin@demo.invalid", "Anne Sørensen", "admin",
	 "Mestringshuset ApS"},
	{"projektleder@demo.invalid", "Lars Kjær", "project_leader",
	 "Mestringshuset ApS"},
	{"sagsbehandler@demo.invalid", "Sofie Nielsen", "caseworker",
	 "Jobcenter Aarhus"},
	{"virksomhedskonsulent@demo.invalid", "Kasper Holm", "consultant",
	 "Jobcenter Aarhus"},
	{"underviser@demo.invalid", "Marianne Lund", "instructor",
	 "Mestringshuset ApS"},
	{"mentor@demo.invalid", "Jonas Madsen", "mentor",
	 "Region Midtjylland, Psykiatrien"},
};

#define DEMO_LEN(a) (sizeof(a) / sizeof((a)[0]))

static int demo_fill(const char *password)
{
	struct audit_entry by = {.actor = "system", .client = "demo"};
	struct user_input in = {.active = -1};
	enum user_result res;
	size_t i;

	for (i = 0; i < DEMO_LEN(demo_orgs); i++)
		if (organisation_add(demo_orgs[i].name, demo_orgs[i].kind,
				     &by) <= 0)
			return -1;
	for (i = 0; i < DEMO_LEN(demo_users); i++) {
		in.email = demo_users[i].email;
		in.name = demo_users[i].name;
		in.role = role_parse(demo_users[i].role);
		in.organisation_id =
			organisation_find(db_reader(), demo_users[i].org);
		in.password = password;
		res = user_save(0, &in, &by, NULL);
		if (res != USER_OK) {
			fprintf(stderr, "mestring: %s: %s\n", in.email,
				user_result_message(res));
			return -1;
		}
	}
	return 0;
}

static bool demo_empty(void)
{
	static const char sql[] = "SELECT count(*) FROM user";
	sqlite3_stmt *st = db_stmt(db_reader(), sql);
	bool empty = false;

	if (st && db_step(db_reader(), st) == SQLITE_ROW)
		empty = sqlite3_column_int64(st, 0) == 0;
	if (st)
		sqlite3_reset(st);
	return empty;
}

int demo_cli(int argc, char **argv)
{
	const char *db = NULL, *password = DEMO_DEFAULT_PASSWORD, *problem;
	size_t i;
	int rc = 1;

	for (i = 1; i + 1 < (size_t)argc; i += 2) {
		if (strcmp(argv[i], "--db") == 0)
			db = argv[i + 1];
		else if (strcmp(argv[i], "--password") == 0)
			password = argv[i + 1];
		else
			break;
	}
	if (db == NULL || i != (size_t)argc) {
		fprintf(stderr, "usage: mestring demo --db FILE "
				"[--password PW]\n");
		return 2;
	}
	problem = auth_password_problem(password);
	if (problem) {
		fprintf(stderr, "mestring: %s\n", problem);
		return 2;
	}
	if (auth_init() < 0 || db_pool_open(db) < 0)
		return 1;
	if (!demo_empty()) {
		fprintf(stderr, "mestring: %s already has users; the demo "
				"needs a new database\n", db);
		goto out;
	}
	if (demo_fill(password) < 0)
		goto out;
	printf("Demo data written to %s. Log in with one of:\n", db);
	for (i = 0; i < DEMO_LEN(demo_users); i++)
		printf("  %-36s %s\n", demo_users[i].email,
		       role_label(role_parse(demo_users[i].role)));
	printf("Password for all: %s\n", password);
	rc = 0;
out:
	db_pool_close();
	return rc;
}
