/*
 * closure_fetch: the fetching half of closure_import (closure_import.h):
 * gets a remote iCalendar file with libcurl, within bounds of size, time
 * and redirects and never from the server's own networks, and hands the
 * body to closure_import_parse. The only global state is libcurl's
 * one-time initialisation.
 */
#include "closure_import.h"

#include "buf.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include <curl/curl.h>

#define CLOSURE_MAX_URL 2048

struct closure_fetch {
	struct buf body;
	CURL *curl;
	bool too_large, bad_status, nomem;
	bool allow_private, blocked;
};

static pthread_once_t closure_curl_once = PTHREAD_ONCE_INIT;
static CURLcode closure_curl_rc = CURLE_FAILED_INIT;

static void closure_curl_init(void)
{
	closure_curl_rc = curl_global_init(CURL_GLOBAL_DEFAULT);
}

static struct closure_import_limits
closure_limits(const struct closure_import_limits *lim)
{
	struct closure_import_limits l = closure_import_default_limits;

	if (!lim)
		return l;
	if (lim->max_bytes)
		l.max_bytes = lim->max_bytes;
	if (lim->timeout_ms > 0)
		l.timeout_ms = lim->timeout_ms;
	if (lim->max_redirects >= 0)
		l.max_redirects = lim->max_redirects;
	if (lim->max_days)
		l.max_days = lim->max_days;
	l.allow_private = lim->allow_private;
	return l;
}

/* Checks url before any request; *out gets the parsed URL to fetch. */
static enum closure_import_error closure_url(const char *url, CURLU **out,
					     char *err, size_t errlen)
{
	enum closure_import_error rc = CLOSURE_BAD_URL;
	char *part = NULL;
	CURLU *u = NULL;
	size_t i, n;

	n = url ? strlen(url) : 0;
	if (n == 0)
		return closure_import_fail(err, errlen, rc,
					   "Angiv adressen på kalenderen.");
	if (n > CLOSURE_MAX_URL)
		return closure_import_fail(err, errlen, rc,
					   "Adressen er for lang.");
	for (i = 0; i < n; i++)
		if ((unsigned char)url[i] <= ' ' || url[i] == 0x7f)
			return closure_import_fail(
				err, errlen, rc,
				"Adressen må ikke indeholde "
				"mellemrum eller kontroltegn.");
	if (strncasecmp(url, "webcal://", 9) == 0)
		return closure_import_fail(
			err, errlen, rc,
			"Adressen skal begynde med https:// "
			"(skift webcal:// ud med https://).");
	if (strncasecmp(url, "http://", 7) != 0 &&
	    strncasecmp(url, "https://", 8) != 0)
		return closure_import_fail(
			err, errlen, rc,
			"Adressen skal begynde med http:// eller "
			"https://.");
	u = curl_url();
	if (!u)
		return CLOSURE_NOMEM;
	if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK) {
		closure_import_fail(err, errlen, rc,
				    "Adressen er ikke en gyldig "
				    "webadresse.");
		goto out;
	}
	if (curl_url_get(u, CURLUPART_USER, &part, 0) == CURLUE_OK ||
	    curl_url_get(u, CURLUPART_PASSWORD, &part, 0) == CURLUE_OK) {
		closure_import_fail(err, errlen, rc,
				    "Adressen må ikke indeholde "
				    "brugernavn eller adgangskode.");
		goto out;
	}
	*out = u;
	u = NULL;
	rc = CLOSURE_OK;
out:
	curl_free(part);
	curl_url_cleanup(u);
	return rc;
}

static size_t closure_write(char *data, size_t size, size_t nmemb, void *arg)
{
	struct closure_fetch *f = arg;
	size_t n = size * nmemb;
	long status = 0;

	curl_easy_getinfo(f->curl, CURLINFO_RESPONSE_CODE, &status);
	/* A redirect's own body is nothing we want; an error's ends it. */
	if (status >= 300 && status < 400)
		return n;
	if (status != 200) {
		f->bad_status = true;
		return 0;
	}
	if (n > f->body.max || f->body.len > f->body.max - n) {
		f->too_large = true;
		return 0;
	}
	if (buf_append(&f->body, data, n) < 0) {
		f->nomem = true;
		return 0;
	}
	return n;
}

/* Is this an address of the server's own or a private network? */
static bool closure_private(const struct sockaddr *sa)
{
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *in = (const struct sockaddr_in *)sa;
		uint32_t a = ntohl(in->sin_addr.s_addr);

		return (a >> 24) == 0 || (a >> 24) == 10 || (a >> 24) == 127 ||
		       (a >> 16) == 0xa9fe ||		   /* 169.254/16 */
		       (a >> 20) == 0xac1 ||		   /* 172.16/12 */
		       (a >> 16) == 0xc0a8 ||		   /* 192.168/16 */
		       (a >> 22) == (0x64400000u >> 22) || /* 100.64/10 */
		       (a >> 28) >= 0xe; /* multicast, 240/4 */
	}
	if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)
			sa;
		const unsigned char *b = in6->sin6_addr.s6_addr;

		return IN6_IS_ADDR_LOOPBACK(&in6->sin6_addr) ||
		       IN6_IS_ADDR_UNSPECIFIED(&in6->sin6_addr) ||
		       IN6_IS_ADDR_LINKLOCAL(&in6->sin6_addr) ||
		       IN6_IS_ADDR_V4MAPPED(&in6->sin6_addr) ||
		       IN6_IS_ADDR_MULTICAST(&in6->sin6_addr) ||
		       (b[0] & 0xfe) == 0xfc; /* unique local fc00::/7 */
	}
	return true;
}

/* Every connection, redirects included, passes here: refuse private
 * addresses unless allowed, so DNS tricks cannot get round the check. */
static curl_socket_t closure_open_socket(void *arg, curlsocktype purpose,
					 struct curl_sockaddr *addr)
{
	struct closure_fetch *f = arg;

	(void)purpose;
	if (!f->allow_private && closure_private(&addr->addr)) {
		f->blocked = true;
		return CURL_SOCKET_BAD;
	}
	return socket(addr->family, addr->socktype, addr->protocol);
}

static int closure_setup(CURL *curl, CURLU *u, struct closure_fetch *f,
			 const struct closure_import_limits *l)
{
	int bad = 0;

	bad |= curl_easy_setopt(curl, CURLOPT_CURLU, u) != CURLE_OK;
	bad |= curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https") !=
	       CURLE_OK;
	bad |= curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR,
				"http,https") != CURLE_OK;
	bad |= curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L) != CURLE_OK;
	bad |= curl_easy_setopt(curl, CURLOPT_MAXREDIRS, l->max_redirects) !=
	       CURLE_OK;
	bad |= curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, l->timeout_ms) !=
	       CURLE_OK;
	bad |= curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS,
				l->timeout_ms) != CURLE_OK;
	bad |= curl_easy_setopt(curl, CURLOPT_MAXFILESIZE_LARGE,
				(curl_off_t)l->max_bytes) != CURLE_OK;
	/* Signals cannot time out DNS in a threaded server. */
	bad |= curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L) != CURLE_OK;
	bad |= curl_easy_setopt(curl, CURLOPT_USERAGENT, "mestring") !=
	       CURLE_OK;
	bad |= curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "") != CURLE_OK;
	bad |= curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L) != CURLE_OK;
	bad |= curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L) != CURLE_OK;
	bad |= curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, closure_write) !=
	       CURLE_OK;
	bad |= curl_easy_setopt(curl, CURLOPT_WRITEDATA, f) != CURLE_OK;
	f->allow_private = l->allow_private;
	bad |= curl_easy_setopt(curl, CURLOPT_OPENSOCKETFUNCTION,
				closure_open_socket) != CURLE_OK;
	bad |= curl_easy_setopt(curl, CURLOPT_OPENSOCKETDATA, f) != CURLE_OK;
	return bad ? -1 : 0;
}

/* "1 MB", "64 kB" or "1000 byte", as a Danish page would write it. */
static void closure_size(size_t bytes, char *buf, size_t len)
{
	if (bytes % (1024 * 1024) == 0)
		snprintf(buf, len, "%zu MB", bytes / (1024 * 1024));
	else if (bytes % 1024 == 0)
		snprintf(buf, len, "%zu kB", bytes / 1024);
	else
		snprintf(buf, len, "%zu byte", bytes);
}

/* "10 sekunder", "1 sekund" or "0,5 sekunder" (Danish decimal comma). */
static void closure_seconds(long ms, char *buf, size_t len)
{
	if (ms == 1000)
		snprintf(buf, len, "1 sekund");
	else if (ms % 1000 == 0)
		snprintf(buf, len, "%ld sekunder", ms / 1000);
	else
		snprintf(buf, len, "%ld,%ld sekunder", ms / 1000,
			 ms % 1000 / 100);
}

static enum closure_import_error
closure_transfer_error(CURLcode cres, const struct closure_fetch *f,
		       const struct closure_import_limits *l, char *err,
		       size_t errlen)
{
	static const char failed[] = "Kalenderen kunne ikke hentes: ";
	char what[32];

	if (f->blocked)
		return closure_import_fail(
			err, errlen, CLOSURE_BAD_URL,
			"Adressen peger på et internt netværk; "
			"kun offentlige kalendere kan hentes.");
	switch (cres) {
	case CURLE_FILESIZE_EXCEEDED:
		closure_size(l->max_bytes, what, sizeof(what));
		return closure_import_fail(err, errlen, CLOSURE_TOO_LARGE,
					   "Filen er større end %s.", what);
	case CURLE_WRITE_ERROR:
		if (f->too_large)
			return closure_transfer_error(CURLE_FILESIZE_EXCEEDED,
						      f, l, err, errlen);
		if (f->nomem)
			return closure_transfer_error(CURLE_OUT_OF_MEMORY, f, l,
						      err, errlen);
		break;
	case CURLE_OUT_OF_MEMORY:
		return closure_import_fail(
			err, errlen, CLOSURE_NOMEM, "%s",
			closure_import_error_message(CLOSURE_NOMEM));
	case CURLE_OPERATION_TIMEDOUT:
		closure_seconds(l->timeout_ms, what, sizeof(what));
		return closure_import_fail(
			err, errlen, CLOSURE_TIMEOUT,
			"Serveren svarede ikke inden for %s.", what);
	case CURLE_TOO_MANY_REDIRECTS:
		return closure_import_fail(
			err, errlen, CLOSURE_TOO_MANY_REDIRECTS,
			"Serveren viderestillede mere end %ld "
			"gange.",
			l->max_redirects);
	case CURLE_UNSUPPORTED_PROTOCOL:
		return closure_import_fail(
			err, errlen, CLOSURE_BAD_URL,
			"Serveren viderestillede til en adresse, "
			"der ikke er http eller https.");
	case CURLE_URL_MALFORMAT:
		return closure_import_fail(
			err, errlen, CLOSURE_BAD_URL,
			"Serveren viderestillede til en ugyldig "
			"adresse.");
	case CURLE_COULDNT_RESOLVE_HOST:
		return closure_import_fail(err, errlen, CLOSURE_FETCH,
					   "%sserveren blev ikke fundet.",
					   failed);
	case CURLE_COULDNT_CONNECT:
		return closure_import_fail(
			err, errlen, CLOSURE_FETCH,
			"%sder kunne ikke oprettes forbindelse til "
			"serveren.",
			failed);
	case CURLE_PEER_FAILED_VERIFICATION:
		return closure_import_fail(err, errlen, CLOSURE_FETCH,
					   "%sserverens certifikat kunne ikke "
					   "godkendes.",
					   failed);
	case CURLE_SSL_CONNECT_ERROR:
		return closure_import_fail(
			err, errlen, CLOSURE_FETCH,
			"%sder kunne ikke oprettes en sikker "
			"forbindelse.",
			failed);
	default:
		break;
	}
	/* The number lets support look the cause up; curl's text is English. */
	return closure_import_fail(err, errlen, CLOSURE_FETCH,
				   "%sforbindelsen mislykkedes (curl-fejl %d).",
				   failed, (int)cres);
}

static enum closure_import_error
closure_result(CURLcode cres, const struct closure_fetch *f,
	       const struct closure_import_limits *l, char *err, size_t errlen)
{
	long status = 0;

	curl_easy_getinfo(f->curl, CURLINFO_RESPONSE_CODE, &status);
	/* The server's own refusal says more than what it did to the body. */
	if (f->bad_status || (cres == CURLE_OK && status != 200) ||
	    (status >= 400 && cres != CURLE_OPERATION_TIMEDOUT))
		return closure_import_fail(
			err, errlen, CLOSURE_HTTP_STATUS,
			"Kalenderen kunne ikke hentes: serveren "
			"svarede %ld.",
			status);
	if (cres != CURLE_OK)
		return closure_transfer_error(cres, f, l, err, errlen);
	return CLOSURE_OK;
}

enum closure_import_error
closure_import_fetch(const char *url, date_t from, date_t to,
		     const struct closure_import_limits *lim,
		     struct closure_list *list, char *err, size_t errlen)
{
	struct closure_import_limits l = closure_limits(lim);
	struct closure_fetch f = {.body = BUF_INIT(l.max_bytes)};
	enum closure_import_error rc;
	CURLU *u = NULL;
	CURLcode cres;

	list->days = NULL;
	list->n = 0;
	list->skipped = 0;
	if (err && errlen)
		err[0] = '\0';
	rc = closure_url(url, &u, err, errlen);
	if (rc != CLOSURE_OK)
		goto out;
	if (pthread_once(&closure_curl_once, closure_curl_init) != 0 ||
	    closure_curl_rc != CURLE_OK) {
		rc = closure_transfer_error(CURLE_FAILED_INIT, &f, &l, err,
					    errlen);
		goto out;
	}
	f.curl = curl_easy_init();
	if (!f.curl) {
		rc = CLOSURE_NOMEM;
		goto out;
	}
	if (closure_setup(f.curl, u, &f, &l) < 0) {
		rc = closure_transfer_error(CURLE_FAILED_INIT, &f, &l, err,
					    errlen);
		goto out;
	}
	cres = curl_easy_perform(f.curl);
	rc = closure_result(cres, &f, &l, err, errlen);
	if (rc == CLOSURE_OK)
		rc = closure_import_parse(f.body.data, f.body.len, from, to,
					  l.max_days, list, err, errlen);
out:
	if (rc == CLOSURE_NOMEM)
		closure_import_fail(err, errlen, rc, "%s",
				    closure_import_error_message(rc));
	curl_easy_cleanup(f.curl);
	curl_url_cleanup(u);
	buf_free(&f.body);
	return rc;
}
