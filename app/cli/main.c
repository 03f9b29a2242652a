/*
 * mestring: one binary with subcommands, dispatched from one table like
 * git's commands[].
 */
#include "db.h"
#include "demo.h"
#include "log.h"
#include "org_cli.h"
#include "server.h"
#include "user_cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static int cmd_serve(int argc, char **argv);
static int cmd_migrate(int argc, char **argv);
static int cmd_backup(int argc, char **argv);
static int cmd_help(int argc, char **argv);

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *usage;
};

static const struct command commands[] = {
	{"serve", cmd_serve,
	 "serve [--db FILE] [--listen ADDR:PORT] [--threads N] "
	 "[--tls-cert PEM [--tls-key PEM]] [--secure-cookies] "
	 "[--config FILE]"},
	{"migrate", cmd_migrate, "migrate --db FILE"},
	{"demo", demo_cli,
	 "demo --db FILE [--password PW] [--scale small|national]"},
	{"user", user_cli, "user add|passwd|disable|list --db FILE ..."},
	{"org", org_cli, "org add|list --db FILE ..."},
	{"backup", cmd_backup, "backup --db FILE --to FILE"},
	{"help", cmd_help, "help"},
};

#define COMMANDS_LEN (sizeof(commands) / sizeof(commands[0]))

static int cmd_help(int argc, char **argv)
{
	size_t i;

	(void)argc;
	(void)argv;
	fprintf(stderr, "usage:\n");
	for (i = 0; i < COMMANDS_LEN; i++)
		fprintf(stderr, "  mestring %s\n", commands[i].usage);
	return 2;
}

/* "ADDR:PORT" with a dotted IPv4 address and a port 0..65535. */
static int parse_listen(const char *s, struct server_options *o)
{
	const char *colon = strrchr(s, ':');
	char *end;
	long port;
	size_t n;

	if (colon == NULL || colon == s)
		return -1;
	n = (size_t)(colon - s);
	if (n >= sizeof(o->listen_host) || strspn(s, "0123456789.") != n)
		return -1;
	port = strtol(colon + 1, &end, 10);
	if (colon[1] == '\0' || *end != '\0' || port < 0 || port > 65535)
		return -1;
	memcpy(o->listen_host, s, n);
	o->listen_host[n] = '\0';
	o->listen = s;
	return 0;
}

static int cmd_serve(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},
		{"listen", required_argument, NULL, 'l'},
		{"threads", required_argument, NULL, 't'},
		{"tls-cert", required_argument, NULL, 'c'},
		{"tls-key", required_argument, NULL, 'k'},
		{"secure-cookies", no_argument, NULL, 's'},
		{"config", required_argument, NULL, 'f'},
		{NULL, 0, NULL, 0},
	};
	struct server_options o = {.db = "mestring.db", .threads = 256};
	const char *listen_arg = "127.0.0.1:8080";
	char *end;
	int c;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			o.db = optarg;
			break;
		case 'l':
			listen_arg = optarg;
			break;
		case 't':
			o.threads = (int)strtol(optarg, &end, 10);
			if (*end || o.threads < 1 || o.threads > 1024)
				goto usage;
			break;
		case 'c':
			o.tls_cert = optarg;
			break;
		case 'k':
			o.tls_key = optarg;
			break;
		case 's':
			o.secure_cookies = true;
			break;
		case 'f':
			o.config = optarg;
			break;
		default:
			goto usage;
		}
	}
	if (optind != argc || parse_listen(listen_arg, &o) < 0 ||
	    (o.tls_key && !o.tls_cert))
		goto usage;
	return server_run(&o);
usage:
	fprintf(stderr, "usage: mestring %s\n", commands[0].usage);
	return 2;
}

static int cmd_migrate(int argc, char **argv)
{
	struct db *db;
	int from = 0, to = 0, rc;

	if (argc != 3 || strcmp(argv[1], "--db") != 0) {
		fprintf(stderr, "usage: mestring migrate --db FILE\n");
		return 2;
	}
	db = db_open(argv[2], DB_WRITER);
	if (db == NULL)
		return 1;
	rc = db_migrate(db, &from, &to);
	db_close(db);
	if (rc < 0)
		return 1;
	printf("%s: schema version %d (was %d)\n", argv[2], to, from);
	return 0;
}

static int cmd_backup(int argc, char **argv)
{
	struct db *db;
	int rc;

	if (argc != 5 || strcmp(argv[1], "--db") != 0 ||
	    strcmp(argv[3], "--to") != 0) {
		fprintf(stderr, "usage: mestring backup --db FILE --to FILE\n");
		return 2;
	}
	if (access(argv[4], F_OK) == 0) {
		fprintf(stderr, "mestring: %s exists; not overwriting it\n",
			argv[4]);
		return 1;
	}
	db = db_open(argv[2], DB_READER);
	if (db == NULL)
		return 1;
	rc = db_backup(db, argv[4]);
	db_close(db);
	if (rc < 0)
		return 1;
	printf("%s: backed up to %s\n", argv[2], argv[4]);
	/* The key is not in the database, by design: say so every time. */
	printf("The field-encryption key %s.key is not in the backup; keep a "
	       "copy of it apart from the database backups.\n",
	       argv[2]);
	return 0;
}

int main(int argc, char **argv)
{
	size_t i;

	/* Every file we create (database, WAL, backups, key) is the
	 * owner's alone: it holds personal data. */
	umask(077);
	/* Course days are Danish calendar days, wherever the server runs. */
	setenv("TZ", "Europe/Copenhagen", 1);
	tzset();
	if (argc < 2)
		return cmd_help(0, NULL);
	for (i = 0; i < COMMANDS_LEN; i++)
		if (strcmp(argv[1], commands[i].name) == 0) {
			if (strcmp(argv[1], "serve") != 0)
				log_set_quiet(1);
			return commands[i].run(argc - 1, argv + 1);
		}
	fprintf(stderr, "mestring: unknown command '%s'\n", argv[1]);
	return cmd_help(0, NULL);
}
