/*
 * user_cli: staff accounts from the command line, through the same reader
 * (app/pages/users.c) and domain calls (app/domain/user.c) as the pages,
 * so a rule holds here too. Audit rows name the actor "system", client
 * "cli".
 */
#include "user_cli.h"

#include "actor.h"
#include "auth.h"
#include "db.h"
#include "organisation.h"
#include "users.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Who the audit log says acted. */
static const struct actor user_cli_actor = {0, 0, ROLE__MAX, "system", "cli"};

static void user_cli_usage(void)
{
	fprintf(stderr,
		"usage: mestring user add --db FILE --email E --name N --role "
		"R "
		"--org ORG [--password PW]\n"
		"       mestring user passwd --db FILE --email E [--password "
		"PW]\n"
		"       mestring user disable --db FILE --email E\n"
		"       mestring user list --db FILE\n"
		"Roles: admin, project_leader, caseworker, consultant, "
		"instructor, mentor.\n"
		"Without --password, the password is read from standard "
		"input.\n");
}

/* One line from stdin, without its newline; NULL on EOF. Caller frees. */
static char *user_cli_read_password(void)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	if (isatty(STDIN_FILENO))
		fprintf(stderr, "Adgangskode: ");
	n = getline(&line, &cap, stdin);
	if (n <= 0) {
		free(line);
		return NULL;
	}
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = '\0';
	return line;
}

static int user_cli_print(void *ctx, const struct user *u)
{
	(void)ctx;
	printf("%lld\t%s\t%s\t%s\t%s\t%s\n", (long long)u->id, u->email,
	       u->name, role_name(u->role), u->organisation,
	       u->active ? "aktiv" : "deaktiveret");
	return 0;
}

struct user_cli_args {
	const char *db, *email, *name, *role, *org, *password;
};

static int user_cli_parse(int argc, char **argv, struct user_cli_args *a)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},
		{"email", required_argument, NULL, 'e'},
		{"name", required_argument, NULL, 'n'},
		{"role", required_argument, NULL, 'r'},
		{"org", required_argument, NULL, 'o'},
		{"password", required_argument, NULL, 'p'},
		{NULL, 0, NULL, 0},
	};
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			a->db = optarg;
			break;
		case 'e':
			a->email = optarg;
			break;
		case 'n':
			a->name = optarg;
			break;
		case 'r':
			a->role = optarg;
			break;
		case 'o':
			a->org = optarg;
			break;
		case 'p':
			a->password = optarg;
			break;
		default:
			return -1;
		}
	}
	return a->db && optind == argc ? 0 : -1;
}

/* Creates (id 0) or changes user id on the writer. */
static enum result user_cli_save(int64_t id, const struct user_input *in,
				 struct form_invalid *bad)
{
	struct db *w = db_writer_lock();
	enum result rc = id ? user_update(w, &user_cli_actor, id, in, bad)
			    : user_create(w, &user_cli_actor, in, NULL, bad);

	db_writer_unlock(w);
	return rc;
}

/* `user add`: the same validation as the page and the API. */
static int user_cli_add(struct user_cli_args *a, const char *password)
{
	struct form f = FORM_INIT;
	struct users_form u;
	struct form_invalid bad;
	enum result rc;
	char org[32];
	int status = 1;

	snprintf(org, sizeof(org), "%lld",
		 (long long)organisation_find(db_reader(), a->org));
	if (form_add(&f, "email", a->email) < 0 ||
	    form_add(&f, "name", a->name) < 0 ||
	    form_add(&f, "role", a->role) < 0 ||
	    form_add(&f, "organisation_id", org) < 0 ||
	    form_add(&f, "password", password) < 0)
		goto out;
	rc = users_read(&f, USERS_CREATE, &u, &bad);
	if (rc == RESULT_OK) {
		rc = user_cli_save(0, &u.in, &bad);
		users_form_free(&u);
	} else if (bad.field && strcmp(bad.field, "organisation_id") == 0) {
		snprintf(bad.message, sizeof(bad.message), "%s",
			 "Organisationen findes ikke.");
	}
	if (rc != RESULT_OK) {
		fprintf(stderr, "mestring: %s\n", bad.message);
		goto out;
	}
	printf("%s: oprettet\n", a->email);
	status = 0;
out:
	form_free(&f);
	return status;
}

/* `user passwd` and `user disable`. */
static int user_cli_change(const char *cmd, struct user_cli_args *a,
			   const char *password)
{
	struct user_input in = {.role = -1, .active = -1};
	char hash[PASSWORD_HASH_LEN];
	struct form_invalid bad;
	enum result rc = RESULT_OK;
	int64_t id = user_find(db_reader(), a->email);

	if (id <= 0) {
		fprintf(stderr, "mestring: no user %s\n", a->email);
		return 1;
	}
	if (strcmp(cmd, "disable") == 0) {
		in.active = 0;
	} else {
		rc = user_password_hash(password, hash, &bad);
		in.password_hash = hash;
	}
	if (rc == RESULT_OK)
		rc = user_cli_save(id, &in, &bad);
	sodium_memzero(hash, sizeof(hash));
	if (rc != RESULT_OK) {
		fprintf(stderr, "mestring: %s\n", bad.message);
		return 1;
	}
	printf("%s: %s\n", a->email,
	       in.active == 0 ? "deaktiveret" : "ny adgangskode");
	return 0;
}

/* Runs one user command against an open pool. Exit status; 2 is usage. */
static int user_cli_run(const char *cmd, struct user_cli_args *a)
{
	struct user_filter all = {-1, 0, true};
	bool add = strcmp(cmd, "add") == 0;
	bool disable = strcmp(cmd, "disable") == 0;
	char *typed = NULL;
	const char *password = a->password;
	int rc;

	if (strcmp(cmd, "list") == 0)
		return user_each(db_reader(), &user_cli_actor, &all,
				 user_cli_print, NULL) < 0;
	if (a->email == NULL || (!add && !disable && strcmp(cmd, "passwd")) ||
	    (add && (!a->name || !a->role || !a->org)))
		return 2;
	if (!disable && password == NULL) {
		password = typed = user_cli_read_password();
		if (password == NULL)
			return 2;
	}
	rc = add ? user_cli_add(a, password)
		 : user_cli_change(cmd, a, password);
	if (typed) {
		sodium_memzero(typed, strlen(typed));
		free(typed);
	}
	return rc;
}

int user_cli(int argc, char **argv)
{
	struct user_cli_args a = {0};
	int rc;

	if (argc < 2 || user_cli_parse(argc - 1, argv + 1, &a) < 0) {
		user_cli_usage();
		return 2;
	}
	if (db_pool_open(a.db, 1) < 0 || auth_init() < 0)
		return 1;
	rc = user_cli_run(argv[1], &a);
	db_pool_close();
	if (rc == 2)
		user_cli_usage();
	return rc;
}
