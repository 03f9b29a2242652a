/*
 * config: the server's configuration file (`serve --config FILE`): the
 * public address links are built on, and the SMTP server mail goes
 * through. Read once at start; later reads are of an immutable struct.
 */
#ifndef MESTRING_CONFIG_H
#define MESTRING_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

struct config {
	/* "https://mestring.example.dk" without a trailing slash: the base
	 * of links in mail and calendar subscriptions. */
	char base_url[256];
	/* "smtp://host:587" or "smtps://host:465"; empty: mail waits in
	 * the outbox until a server is configured. */
	char smtp_url[256];
	char smtp_user[256];
	char smtp_password[256];
	char mail_from[256];
	bool smtp_starttls; /* insist on STARTTLS for smtp:// */
};

/* The configuration in force (defaults until config_load succeeds). */
const struct config *config_get(void);

/*
 * Reads "key = value" lines from path (# comments; unknown keys, bad
 * values and overlong lines are errors). listen_url, "http://ADDR:PORT",
 * is the base_url when the file names none; path may be NULL. 0, or -1
 * with a message in err.
 */
int config_load(const char *path, const char *listen_url, char *err,
		size_t errlen);

#endif
