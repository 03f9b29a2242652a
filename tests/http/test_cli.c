/*
 * Tests for the command line (`mestring user|migrate|backup`), run as the
 * real binary against the database a running server uses, so each change
 * is checked where it matters: whether the server then lets people in.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"

#define CLI_PASSWORD "cli-password-123"

/* Runs a subcommand; the exit status, with its output left in out. */
static int cli(struct server *s, const char *input, struct buf *out,
	       const char *const argv[])
{
	int rc = harness_run(s, input, out, argv);

	if (rc < 0)
		fail_msg("%s %s did not exit normally: %s", argv[0],
			 argv[1] ? argv[1] : "", out->data);
	return rc;
}

static int user_add(struct server *s, const char *email, struct buf *out)
{
	const char *argv[] = {"user",	    "add",	  "--db",
			      s->db,	    "--email",	  email,
			      "--name",	    "CLI Bruger", "--role",
			      "caseworker", "--org",	  "Jobcenter Aarhus",
			      "--password", CLI_PASSWORD, NULL};

	return cli(s, NULL, out, argv);
}

static long api_login(struct server *s, const char *email, const char *password)
{
	struct client *c = client_new(s);
	long status = client_api_login(c, email, password, NULL);

	client_free(c);
	return status;
}

static void test_user_add_then_login_works(void **state)
{
	struct server *s = *state;
	struct buf out = BUF_INIT(0);
	struct client *c = client_new(s);
	struct response r = RESPONSE_INIT;
	cJSON *j;

	assert_int_equal(user_add(s, "cli@test.invalid", &out), 0);
	assert_non_null(strstr(out.data, "cli@test.invalid: oprettet"));
	assert_int_equal(
		client_api_login(c, "cli@test.invalid", CLI_PASSWORD, &r), 200);
	j = response_json(&r);
	assert_string_equal(harness_json_string(j, "user.role"), "caseworker");
	assert_int_equal(harness_json_int(j, "user.organisation_id"),
			 harness_sql_int(s,
					 "SELECT id FROM organisation WHERE "
					 "name = 'Jobcenter Aarhus'",
					 NULL));
	cJSON_Delete(j);
	assert_int_equal(harness_sql_int(s,
					 "SELECT count(*) FROM audit WHERE "
					 "action = 'user.create' AND subject "
					 "= 'cli@test.invalid' AND actor = "
					 "'system' AND client = 'cli'",
					 NULL),
			 1);
	response_free(&r);
	buf_free(&out);
	client_free(c);
}

/* The new password comes on stdin; sessions end; only it works after. */
static void test_user_passwd_reads_stdin(void **state)
{
	const char *argv[] = {"user", "passwd",	 "--db",
			      NULL,   "--email", "passwd@test.invalid",
			      NULL};
	struct server *s = *state;
	struct buf out = BUF_INIT(0);
	struct client *c = client_new(s);

	argv[3] = s->db;
	assert_int_equal(user_add(s, "passwd@test.invalid", &out), 0);
	assert_int_equal(
		client_api_login(c, "passwd@test.invalid", CLI_PASSWORD, NULL),
		200);
	assert_int_equal(cli(s, "a-password-from-stdin\n", &out, argv), 0);
	assert_int_equal(client_api(c, "GET", "/api/v1/session", NULL, NULL),
			 401);
	assert_int_equal(api_login(s, "passwd@test.invalid", CLI_PASSWORD),
			 401);
	assert_int_equal(
		api_login(s, "passwd@test.invalid", "a-password-from-stdin"),
		200);
	/* Too short on stdin: refused, the password stays. */
	assert_int_not_equal(cli(s, "short\n", &out, argv), 0);
	assert_int_equal(
		api_login(s, "passwd@test.invalid", "a-password-from-stdin"),
		200);
	buf_free(&out);
	client_free(c);
}

static void test_user_disable_stops_login(void **state)
{
	const char *argv[] = {"user", "disable", "--db",
			      NULL,   "--email", "disable@test.invalid",
			      NULL};
	struct server *s = *state;
	struct buf out = BUF_INIT(0);
	struct client *c = client_new(s);

	argv[3] = s->db;
	assert_int_equal(user_add(s, "disable@test.invalid", &out), 0);
	assert_int_equal(
		client_api_login(c, "disable@test.invalid", CLI_PASSWORD, NULL),
		200);
	assert_int_equal(cli(s, NULL, &out, argv), 0);
	assert_int_equal(client_api(c, "GET", "/api/v1/session", NULL, NULL),
			 401);
	assert_int_equal(api_login(s, "disable@test.invalid", CLI_PASSWORD),
			 401);
	buf_free(&out);
	client_free(c);
}

static void test_user_add_of_existing_email_fails(void **state)
{
	static const char *const emails[] = {HARNESS_MENTOR,
					     "MENTOR@demo.invalid"};
	struct server *s = *state;
	struct buf out = BUF_INIT(0);
	int64_t users = harness_sql_int(s, "SELECT count(*) FROM user", NULL);
	size_t i;

	for (i = 0; i < sizeof(emails) / sizeof(emails[0]); i++) {
		assert_int_not_equal(user_add(s, emails[i], &out), 0);
		assert_non_null(strstr(out.data, "findes allerede"));
	}
	assert_int_equal(harness_sql_int(s, "SELECT count(*) FROM user", NULL),
			 users);
	assert_int_equal(api_login(s, HARNESS_MENTOR, HARNESS_PASSWORD), 200);
	buf_free(&out);
}

/* user.c promises its rules hold "whichever way in": the command line may
 * not store an account that no login form would accept. */
static void test_user_add_refuses_an_invalid_email(void **state)
{
	static const char *const emails[] = {
		"not-an-email", "two@@test.invalid", "space in@test.invalid"};
	struct server *s = *state;
	struct buf out = BUF_INIT(0);
	int64_t users = harness_sql_int(s, "SELECT count(*) FROM user", NULL);
	size_t i;

	for (i = 0; i < sizeof(emails) / sizeof(emails[0]); i++)
		if (user_add(s, emails[i], &out) == 0)
			fail_msg("user add accepted e-mail \"%s\"", emails[i]);
	assert_int_equal(harness_sql_int(s, "SELECT count(*) FROM user", NULL),
			 users);
	buf_free(&out);
}

/* A CHECK constraint (an empty name) is not a taken e-mail: the message
 * must not send the operator looking for a duplicate. */
static void
test_user_add_with_empty_name_is_not_called_a_duplicate(void **state)
{
	struct server *s = *state;
	const char *argv[] = {
		"user",	      "add",	    "--db",
		s->db,	      "--email",    "uden-navn@test.invalid",
		"--name",     "",	    "--role",
		"mentor",     "--org",	    "Jobcenter Aarhus",
		"--password", CLI_PASSWORD, NULL};
	struct buf out = BUF_INIT(0);

	assert_int_not_equal(cli(s, NULL, &out, argv), 0);
	assert_int_equal(harness_user_id(s, "uden-navn@test.invalid"), 0);
	if (strstr(out.data, "findes allerede") != NULL)
		fail_msg("an empty name was reported as: %s", out.data);
	buf_free(&out);
}

/* "F: schema version N (was M)": N and M. */
static void migrate_versions(const char *out, int *now, int *was)
{
	const char *p = strstr(out, "schema version ");

	if (p == NULL || sscanf(p, "schema version %d (was %d)", now, was) != 2)
		fail_msg("migrate said: %s", out);
}

static void test_migrate_twice_changes_nothing(void **state)
{
	struct server *s = *state;
	struct buf out = BUF_INIT(0), first = BUF_INIT(0), again = BUF_INIT(0);
	struct buf path = BUF_INIT(0), bytes = BUF_INIT(0),
		   bytes_again = BUF_INIT(0);
	const char *argv[] = {"migrate", "--db", NULL, NULL};
	int now, was;

	buf_printf(&path, "%s/migrate.db", s->dir);
	argv[2] = path.data;
	assert_int_equal(cli(s, NULL, &out, argv), 0);
	migrate_versions(out.data, &now, &was);
	assert_int_equal(was, 0);
	assert_true(now >= 1);
	assert_int_equal(cli(s, NULL, &first, argv), 0);
	assert_int_equal(harness_read_file(path.data, &bytes), 0);
	assert_int_equal(cli(s, NULL, &again, argv), 0);
	assert_int_equal(harness_read_file(path.data, &bytes_again), 0);
	assert_string_equal(first.data, again.data);
	migrate_versions(again.data, &now, &was);
	assert_int_equal(now, was);
	assert_int_equal(bytes.len, bytes_again.len);
	assert_memory_equal(bytes.data, bytes_again.data, bytes.len);
	/* The server's database is at the same version already. */
	argv[2] = s->db;
	assert_int_equal(cli(s, NULL, &out, argv), 0);
	migrate_versions(out.data, &now, &was);
	assert_int_equal(now, was);
	buf_free(&out);
	buf_free(&first);
	buf_free(&again);
	buf_free(&path);
	buf_free(&bytes);
	buf_free(&bytes_again);
}

/* The first column of the first row of sql in the database at path. */
static void sql_at(const char *path, const char *sql, char *out, size_t outlen)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;

	out[0] = '\0';
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) !=
		    SQLITE_OK ||
	    sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", path, sqlite3_errmsg(db));
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		snprintf(out, outlen, "%s",
			 (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(db);
}

static void test_backup_is_whole_and_never_overwrites(void **state)
{
	struct server *s = *state;
	struct buf out = BUF_INIT(0), copy = BUF_INIT(0), bytes = BUF_INIT(0),
		   bytes_after = BUF_INIT(0);
	const char *argv[] = {"backup", "--db", NULL, "--to", NULL, NULL};
	char got[64], users[32];

	argv[2] = s->db;
	buf_printf(&copy, "%s/backup.db", s->dir);
	argv[4] = copy.data;
	assert_int_equal(cli(s, NULL, &out, argv), 0);
	assert_int_equal(access(copy.data, R_OK), 0);
	sql_at(copy.data, "PRAGMA integrity_check", got, sizeof(got));
	assert_string_equal(got, "ok");
	sql_at(copy.data, "SELECT count(*) FROM user", got, sizeof(got));
	snprintf(users, sizeof(users), "%lld",
		 (long long)harness_sql_int(s, "SELECT count(*) FROM user",
					    NULL));
	assert_string_equal(got, users);
	sql_at(copy.data, "SELECT email FROM user WHERE role = 'admin'", got,
	       sizeof(got));
	assert_string_equal(got, HARNESS_ADMIN);
	/* A second backup to the same file is refused and changes nothing. */
	assert_int_equal(harness_read_file(copy.data, &bytes), 0);
	assert_int_not_equal(cli(s, NULL, &out, argv), 0);
	assert_int_equal(harness_read_file(copy.data, &bytes_after), 0);
	assert_int_equal(bytes.len, bytes_after.len);
	assert_memory_equal(bytes.data, bytes_after.data, bytes.len);
	buf_free(&out);
	buf_free(&copy);
	buf_free(&bytes);
	buf_free(&bytes_after);
}

static unsigned mode_of(const char *path)
{
	struct stat st;

	if (stat(path, &st) < 0)
		fail_msg("cannot stat %s", path);
	return (unsigned)(st.st_mode & 0777);
}

/*
 * Security finding 7: database files were world-readable (0644), with
 * names and addresses in the clear. New files are 0600; an existing file
 * readable by others is fixed at start, with a warning.
 */
static void test_database_files_are_the_owners_alone(void **state)
{
	struct server *s = *state;
	struct buf out = BUF_INIT(0), path = BUF_INIT(0), copy = BUF_INIT(0),
		   wal = BUF_INIT(0);
	const char *migrate[] = {"migrate", "--db", NULL, NULL};
	const char *backup[] = {"backup", "--db", NULL, "--to", NULL, NULL};

	buf_printf(&path, "%s/modes.db", s->dir);
	migrate[2] = path.data;
	assert_int_equal(cli(s, NULL, &out, migrate), 0);
	assert_int_equal(mode_of(path.data), 0600);
	buf_printf(&copy, "%s/modes-backup.db", s->dir);
	backup[2] = path.data;
	backup[4] = copy.data;
	assert_int_equal(cli(s, NULL, &out, backup), 0);
	assert_int_equal(mode_of(copy.data), 0600);
	/* The server's own, made by `demo` and `serve`. */
	assert_int_equal(mode_of(s->db), 0600);
	buf_printf(&wal, "%s-wal", s->db);
	if (access(wal.data, F_OK) == 0)
		assert_int_equal(mode_of(wal.data), 0600);

	/* An old file someone made readable is put right, and said so. */
	assert_int_equal(chmod(path.data, 0644), 0);
	assert_int_equal(cli(s, NULL, &out, migrate), 0);
	assert_int_equal(mode_of(path.data), 0600);
	assert_non_null(strstr(out.data, "readable by others (mode 644)"));
	buf_free(&out);
	buf_free(&path);
	buf_free(&copy);
	buf_free(&wal);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_user_add_then_login_works),
		cmocka_unit_test(test_user_passwd_reads_stdin),
		cmocka_unit_test(test_user_disable_stops_login),
		cmocka_unit_test(test_user_add_of_existing_email_fails),
		cmocka_unit_test(test_user_add_refuses_an_invalid_email),
		cmocka_unit_test(
			test_user_add_with_empty_name_is_not_called_a_duplicate),
		cmocka_unit_test(test_migrate_twice_changes_nothing),
		cmocka_unit_test(test_backup_is_whole_and_never_overwrites),
		cmocka_unit_test(test_database_files_are_the_owners_alone),
	};

	return cmocka_run_group_tests(tests, harness_setup, harness_teardown);
}
