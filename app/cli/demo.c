/*
 * demo: `mestring demo`, which fills a new database with a demo dataset:
 * the small demo (demo_small.c, the world of demo_people.c played through
 * the domain), and with --scale national the national database on top of
 * it (demo_national.c) for scripts/bench.
 */
#include "demo.h"

#include "auth.h"
#include "db.h"
#include "demo_national.h"
#include "demo_people.h"
#include "demo_small.h"
#include "password.h"
#include "role.h"
#include "secret.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

enum demo_sql { DEMO_SQL_USERS, DEMO_SQL__MAX };

static const struct db_sql demo_sql[DEMO_SQL__MAX] = {
	[DEMO_SQL_USERS] = {"SELECT count(*) FROM user", ""},
};

/* Has the database no users yet? (The demo needs a new one.) */
static bool demo_empty(void)
{
	struct db *db = db_reader();
	sqlite3_stmt *st = DB_BIND0(db, &demo_sql[DEMO_SQL_USERS]);
	bool empty = false;

	if (st == NULL)
		return false;
	if (db_step(db, st) == SQLITE_ROW)
		empty = sqlite3_column_int64(st, 0) == 0;
	sqlite3_reset(st);
	return empty;
}

static int demo_usage(void)
{
	fprintf(stderr, "usage: mestring demo --db FILE [--password PW] "
			"[--scale small|national]\n");
	return 2;
}

int demo_cli(int argc, char **argv)
{
	const char *db = NULL, *password = DEMO_DEFAULT_PASSWORD, *problem;
	const char *scale = "small";
	char key[4096];
	size_t i;
	int rc = 1;

	for (i = 1; i + 1 < (size_t)argc; i += 2) {
		if (strcmp(argv[i], "--db") == 0)
			db = argv[i + 1];
		else if (strcmp(argv[i], "--password") == 0)
			password = argv[i + 1];
		else if (strcmp(argv[i], "--scale") == 0)
			scale = argv[i + 1];
		else
			break;
	}
	if (db == NULL || i != (size_t)argc ||
	    (strcmp(scale, "small") != 0 && strcmp(scale, "national") != 0))
		return demo_usage();
	problem = password_problem(password);
	if (problem) {
		fprintf(stderr, "mestring: %s\n", problem);
		return 2;
	}
	/* The field-encryption key lives beside the database, as the
	 * server expects it. */
	if (secret_key_path(db, key, sizeof(key)) < 0 || secret_init(key) < 0 ||
	    auth_init() < 0 || db_pool_open(db, 1) < 0)
		return 1;
	if (!demo_empty()) {
		fprintf(stderr,
			"mestring: %s already has users; the demo "
			"needs a new database\n",
			db);
		goto out;
	}
	if (demo_small_fill(password) < 0)
		goto out;
	if (strcmp(scale, "national") == 0 && demo_national_fill(password) < 0)
		goto out;
	printf("Demo data written to %s. Log in with one of:\n", db);
	for (i = 0; i < demo_nusers; i++)
		printf("  %-36s %s\n", demo_users[i].email,
		       role_label(role_parse(demo_users[i].role)));
	printf("Password for all: %s\n", password);
	rc = 0;
out:
	db_pool_close();
	secret_shutdown();
	return rc;
}
