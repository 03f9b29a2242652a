/*
 * config: reads the configuration file once at start, strictly: a key we
 * do not know or a value we cannot use stops the server with a message
 * naming the line, rather than leaving mail silently undelivered.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

enum config_kind {
	CONFIG_BASE_URL, /* http(s)://host[:port][/path], no trailing slash */
	CONFIG_SMTP_URL, /* smtp(s)://host[:port] */
	CONFIG_TEXT,	 /* printable text, may be empty */
	CONFIG_ADDRESS,	 /* local@domain */
	CONFIG_BOOL,	 /* yes or no */
	CONFIG_SECONDS,	 /* 1..CONFIG_RETRY_MAX */
	CONFIG_PROXIES,	 /* IPv4 or IPv6 addresses, comma-separated */
};

struct config_key {
	const char *name;
	enum config_kind kind;
	size_t offset;
	size_t size; /* of the char array; 0 for bool and int */
};

#define CONFIG_STR(name, kind)                                                 \
	{                                                                      \
#name, kind, offsetof(struct config, name),                    \
			sizeof(((struct config *)0)->name)                     \
	}

static const struct config_key config_keys[] = {
	CONFIG_STR(base_url, CONFIG_BASE_URL),
	CONFIG_STR(smtp_url, CONFIG_SMTP_URL),
	CONFIG_STR(smtp_user, CONFIG_TEXT),
	CONFIG_STR(smtp_password, CONFIG_TEXT),
	CONFIG_STR(mail_from, CONFIG_ADDRESS),
	{"smtp_starttls", CONFIG_BOOL, offsetof(struct config, smtp_starttls),
	 0},
	{"outbox_retry_seconds", CONFIG_SECONDS,
	 offsetof(struct config, outbox_retry_seconds), 0},
	{"jobs_interval_seconds", CONFIG_SECONDS,
	 offsetof(struct config, jobs_interval_seconds), 0},
	CONFIG_STR(trusted_proxies, CONFIG_PROXIES),
};

#define CONFIG_KEYS_LEN (sizeof(config_keys) / sizeof(config_keys[0]))

static const struct config config_defaults = {
	.smtp_starttls = true,
	.outbox_retry_seconds = CONFIG_RETRY_DEFAULT,
	.jobs_interval_seconds = 300,
};

/*
 * config_load and config_listening fill the slot not in force and then
 * publish it, so a thread that already read the pointer keeps a struct
 * that does not change under it. Both run at start only.
 */
static struct config config_slot[2];
static int config_next;
static bool config_base_given;
static _Atomic(const struct config *) config_now = &config_defaults;

const struct config *config_get(void)
{
	return atomic_load(&config_now);
}

static struct config *config_draft(void)
{
	return &config_slot[config_next];
}

static void config_publish(void)
{
	atomic_store(&config_now, &config_slot[config_next]);
	config_next ^= 1;
}

static bool config_is_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9');
}

/* host[:port] at s, up to end; NULL when fine, else what is wrong. */
static const char *config_host_port(const char *s, const char *end)
{
	const char *colon = NULL, *p;
	long port;

	if (s < end && *s == '[') {
		p = memchr(s, ']', (size_t)(end - s));
		if (p == NULL || p == s + 1 ||
		    strspn(s + 1, "0123456789abcdefABCDEF:.") !=
			    (size_t)(p - s - 1))
			return "has a bad [IPv6] host";
		colon = p + 1 < end ? p + 1 : NULL;
		if (colon && *colon != ':')
			return "has a bad host";
	} else {
		for (p = s; p < end && *p != ':'; p++)
			if (!config_is_alnum(*p) && *p != '.' && *p != '-')
				return "has a bad host";
		if (p == s)
			return "has no host";
		colon = p < end ? p : NULL;
	}
	if (colon == NULL)
		return NULL;
	for (p = colon + 1, port = 0; p < end; p++) {
		if (*p < '0' || *p > '9' || port > 65535)
			return "has a bad port";
		port = port * 10 + (*p - '0');
	}
	if (p == colon + 1 || port < 1 || port > 65535)
		return "has a bad port";
	return NULL;
}

/* The part after "scheme://" when v starts with one of schemes. */
static const char *config_after_scheme(const char *v,
				       const char *const *schemes)
{
	size_t n;

	for (; *schemes; schemes++) {
		n = strlen(*schemes);
		if (strncmp(v, *schemes, n) == 0)
			return v + n;
	}
	return NULL;
}

static const char *config_base_url(const char *v)
{
	static const char *const schemes[] = {"http://", "https://", NULL};
	const char *host = config_after_scheme(v, schemes), *path, *p;
	const char *bad;

	if (host == NULL)
		return "must start with http:// or https://";
	path = host + strcspn(host, "/");
	bad = config_host_port(host, path);
	if (bad)
		return bad;
	for (p = path; *p; p++)
		if (!config_is_alnum(*p) && strchr("-._~/%", *p) == NULL)
			return "may hold only a host, a port and a plain path "
			       "(no query, fragment or user)";
	if (v[strlen(v) - 1] == '/')
		return "must not end with a slash";
	return NULL;
}

static const char *config_smtp_url(const char *v)
{
	static const char *const schemes[] = {"smtp://", "smtps://", NULL};
	const char *host = config_after_scheme(v, schemes);

	if (host == NULL)
		return "must start with smtp:// or smtps://";
	if (strchr(host, '/') || strchr(host, '@'))
		return "must be smtp(s)://HOST[:PORT], without a path or user "
		       "(use smtp_user)";
	return config_host_port(host, host + strlen(host));
}

/* A bare addr-spec: nothing a header or SMTP command could be bent by. */
static const char *config_address(const char *v)
{
	const char *at = strchr(v, '@'), *p;

	for (p = v; *p; p++)
		if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 0x7f ||
		    strchr("<>()[],;:\\\"", *p))
			return "must be a plain address like "
			       "mestring@example.dk";
	if (at == NULL || at == v || at[1] == '\0' || strchr(at + 1, '@'))
		return "must be a plain address like mestring@example.dk";
	return NULL;
}

/* "ADDR, ADDR": each an IPv4 or IPv6 address, parsed into c. */
static const char *config_proxies(struct config *c, const char *v)
{
	unsigned char raw[sizeof(struct in6_addr)];
	const char *p = v;
	size_t n;

	c->trusted_proxies_n = 0;
	while (*p) {
		while (*p == ' ' || *p == ',')
			p++;
		n = strcspn(p, " ,");
		if (n == 0)
			break;
		if (c->trusted_proxies_n == CONFIG_PROXIES_MAX)
			return "names more than 8 addresses";
		if (n >= sizeof(c->trusted_proxy[0]))
			return "must be IP addresses like 127.0.0.1, ::1";
		memcpy(c->trusted_proxy[c->trusted_proxies_n], p, n);
		c->trusted_proxy[c->trusted_proxies_n][n] = '\0';
		if (inet_pton(AF_INET, c->trusted_proxy[c->trusted_proxies_n],
			      raw) != 1 &&
		    inet_pton(AF_INET6, c->trusted_proxy[c->trusted_proxies_n],
			      raw) != 1)
			return "must be IP addresses like 127.0.0.1, ::1";
		c->trusted_proxies_n++;
		p += n;
	}
	return NULL;
}

static const char *config_set(struct config *c, const struct config_key *k,
			      const char *v)
{
	char *field = (char *)c + k->offset;
	const char *bad = NULL;
	char *end;
	long n;

	switch (k->kind) {
	case CONFIG_BOOL:
		if (strcmp(v, "yes") != 0 && strcmp(v, "no") != 0)
			return "must be yes or no";
		*(bool *)(void *)field = strcmp(v, "yes") == 0;
		return NULL;
	case CONFIG_SECONDS:
		errno = 0;
		n = strtol(v, &end, 10);
		if (*v < '0' || *v > '9' || *end || errno || n < 1 ||
		    n > CONFIG_RETRY_MAX)
			return "must be a whole number of seconds from 1 to "
			       "3600";
		*(int *)(void *)field = (int)n;
		return NULL;
	case CONFIG_PROXIES:
		bad = config_proxies(c, v);
		break;
	case CONFIG_BASE_URL:
		bad = config_base_url(v);
		break;
	case CONFIG_SMTP_URL:
		bad = config_smtp_url(v);
		break;
	case CONFIG_ADDRESS:
		bad = config_address(v);
		break;
	case CONFIG_TEXT:
		break;
	}
	if (bad)
		return bad;
	if (strlen(v) >= k->size)
		return "is too long (at most 255 bytes)";
	memcpy(field, v, strlen(v) + 1);
	return NULL;
}

static char *config_trim(char *s)
{
	char *end;

	while (*s == ' ' || *s == '\t')
		s++;
	end = s + strlen(s);
	while (end > s && (end[-1] == ' ' || end[-1] == '\t' ||
			   end[-1] == '\r' || end[-1] == '\n'))
		*--end = '\0';
	return s;
}

static const struct config_key *config_key(const char *name)
{
	size_t i;

	for (i = 0; i < CONFIG_KEYS_LEN; i++)
		if (strcmp(config_keys[i].name, name) == 0)
			return &config_keys[i];
	return NULL;
}

/* One line; NULL when fine, else the message. seen marks set keys. */
static const char *config_line(struct config *c, char *line, bool *seen,
			       char *msg, size_t msglen)
{
	const struct config_key *k;
	char *eq, *key, *value, *p;
	const char *bad;

	line = config_trim(line);
	if (*line == '\0' || *line == '#')
		return NULL;
	for (p = line; *p; p++)
		if (((unsigned char)*p < ' ' && *p != '\t') ||
		    (unsigned char)*p == 0x7f)
			return "has a control character";
	eq = strchr(line, '=');
	if (eq == NULL)
		return "expected key = value";
	*eq = '\0';
	key = config_trim(line);
	value = config_trim(eq + 1);
	k = config_key(key);
	if (k == NULL) {
		snprintf(msg, msglen, "unknown key '%.40s'", key);
		return msg;
	}
	if (seen[k - config_keys]) {
		snprintf(msg, msglen, "%s is set twice", k->name);
		return msg;
	}
	seen[k - config_keys] = true;
	if (*value == '\0' && k->kind != CONFIG_TEXT) {
		snprintf(msg, msglen, "%s needs a value", k->name);
		return msg;
	}
	bad = config_set(c, k, value);
	if (bad == NULL)
		return NULL;
	snprintf(msg, msglen, "%s %s", k->name, bad);
	return msg;
}

/* Settings that only make sense together. NULL, or the message. */
static const char *config_check(const struct config *c)
{
	if (c->smtp_url[0] && c->mail_from[0] == '\0')
		return "mail_from is needed with smtp_url";
	if ((c->smtp_user[0] == '\0') != (c->smtp_password[0] == '\0'))
		return "smtp_user and smtp_password go together";
	/* A password never crosses the network in clear text. */
	if (c->smtp_password[0] && strncmp(c->smtp_url, "smtp://", 7) == 0 &&
	    !c->smtp_starttls)
		return "smtp_password needs smtps:// or smtp_starttls = yes";
	return NULL;
}

static int config_read(FILE *f, const char *path, struct config *c, char *err,
		       size_t errlen)
{
	bool seen[CONFIG_KEYS_LEN] = {false};
	char *line = NULL, msg[160];
	size_t cap = 0;
	const char *bad = NULL;
	int lineno = 0;
	ssize_t n;

	errno = 0;
	while (bad == NULL && (n = getline(&line, &cap, f)) >= 0) {
		lineno++;
		if (n > CONFIG_LINE_MAX)
			bad = "line too long (at most 1024 bytes)";
		else if (memchr(line, '\0', (size_t)n))
			bad = "has a NUL byte";
		else
			bad = config_line(c, line, seen, msg, sizeof(msg));
	}
	free(line);
	if (bad) {
		snprintf(err, errlen, "%s:%d: %s", path, lineno, bad);
		return -1;
	}
	if (ferror(f)) {
		snprintf(err, errlen, "%s: cannot read: %s", path,
			 strerror(errno));
		return -1;
	}
	config_base_given = seen[config_key("base_url") - config_keys];
	return 0;
}

int config_load(const char *path, const char *listen_url, char *err,
		size_t errlen)
{
	struct config *c = config_draft();
	const char *bad;
	FILE *f;

	*c = config_defaults;
	config_base_given = false;
	if (path) {
		f = fopen(path, "r");
		if (f == NULL) {
			snprintf(err, errlen, "%s: cannot open: %s", path,
				 strerror(errno));
			return -1;
		}
		if (config_read(f, path, c, err, errlen) < 0) {
			fclose(f);
			return -1;
		}
		fclose(f);
	}
	bad = config_check(c);
	if (bad) {
		snprintf(err, errlen, "%s: %s", path ? path : "(defaults)",
			 bad);
		return -1;
	}
	if (!config_base_given && listen_url &&
	    strlen(listen_url) < sizeof(c->base_url))
		memcpy(c->base_url, listen_url, strlen(listen_url) + 1);
	config_publish();
	return 0;
}

void config_listening(const char *listen_url)
{
	struct config *c = config_draft();

	if (config_base_given || strlen(listen_url) >= sizeof(c->base_url))
		return;
	*c = *config_get();
	memcpy(c->base_url, listen_url, strlen(listen_url) + 1);
	config_publish();
}
