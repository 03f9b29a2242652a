/*
 * config: the server's configuration file (`serve --config FILE`): the
 * public address links are built on, and the SMTP server mail goes
 * through. Read once at start; later reads are of an immutable struct.
 */
#ifndef MESTRING_CONFIG_H
#define MESTRING_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

/* Longest line of the file, and the bounds of outbox_retry_seconds. */
#define CONFIG_LINE_MAX	     1024
#define CONFIG_RETRY_DEFAULT 30
#define CONFIG_RETRY_MAX     3600
#define CONFIG_PROXIES_MAX   8

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
	bool smtp_starttls; /* insist on STARTTLS for smtp:// (default yes) */
	/* The first retry after a failed send, in seconds; doubled per
	 * attempt up to an hour. Tests shorten it. */
	int outbox_retry_seconds;
	/* How often the server's own jobs (reminders) run, in seconds.
	 * Tests shorten it. */
	int jobs_interval_seconds;
	/* Reverse proxies whose X-Forwarded-For is believed, for login
	 * throttling and the audit's client address ("127.0.0.1, ::1");
	 * none by default: the peer address is the client. */
	char trusted_proxies[256];
	char trusted_proxy[CONFIG_PROXIES_MAX][48]; /* parsed from it */
	size_t trusted_proxies_n;
};

/* The configuration in force (defaults until config_load succeeds). */
const struct config *config_get(void);

/*
 * Reads "key = value" lines from path (whole-line # comments; unknown or
 * repeated keys, bad values and overlong lines are errors). listen_url,
 * "http://ADDR:PORT", is the base_url when the file names none; path may
 * be NULL. 0, or -1 with "FILE:LINE: message" in err; the configuration
 * in force is unchanged then. The password never appears in err.
 */
int config_load(const char *path, const char *listen_url, char *err,
		size_t errlen);

/*
 * The server learnt its real address (it asked for port 0): makes
 * listen_url the base_url unless the file named one. Call once, at start.
 */
void config_listening(const char *listen_url);

#endif
