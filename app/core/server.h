/*
 * server: runs the web server until SIGINT or SIGTERM.
 */
#ifndef MESTRING_SERVER_H
#define MESTRING_SERVER_H

#include <stdbool.h>

struct server_options {
	const char *db;	      /* database file */
	const char *listen;   /* "ADDR:PORT"; port 0 picks a free one */
	char listen_host[64]; /* ADDR, for the printed URL */
	int threads;	      /* worker threads */
	const char *tls_cert; /* PEM certificate (and key, if tls_key NULL) */
	const char *tls_key;  /* PEM private key, or NULL */
	bool secure_cookies;  /* behind a TLS proxy: Secure cookies, HSTS */
	const char *config;   /* configuration file, or NULL */
};

/* Loads the configuration (a bad file stops it with the file's line),
 * starts the mail sender and prints "mestring: listening on URL" when
 * ready. Exit status: 0 or 1. */
int server_run(const struct server_options *o);

#endif
