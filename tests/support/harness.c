/*
 * harness: starts and stops the real binary, speaks HTTP to it through
 * libcurl, and reads its database and logs. Plumbing failures end the
 * running test with fail_msg, never a silent default.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "harness.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sodium.h>
#include <spawn.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

#define HARNESS_LISTEN_PREFIX "mestring: listening on http://127.0.0.1:"
#define HARNESS_START_MS      10000
#define HARNESS_STOP_MS	      5000
#define HARNESS_RUN_MS	      120000 /* demo and CLI; slow under ASan */
#define HARNESS_ARGS_MAX      32

static void harness_sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

	nanosleep(&ts, NULL);
}

/* Processes. */

/* Starts bin with args; stdin from in, stdout to out, stderr to err (or
 * to out when err is NULL). The pid, or -1. */
static pid_t harness_spawn(const char *const argv[], const char *in,
			   const char *out, const char *err)
{
	posix_spawn_file_actions_t fa;
	pid_t pid = -1;
	int rc;

	if (posix_spawn_file_actions_init(&fa) != 0)
		return -1;
	posix_spawn_file_actions_addopen(&fa, 0, in ? in : "/dev/null",
					 O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, out,
					 O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (err)
		posix_spawn_file_actions_addopen(
			&fa, 2, err, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	else
		posix_spawn_file_actions_adddup2(&fa, 1, 2);
	rc = posix_spawn(&pid, argv[0], &fa, NULL, (char *const *)argv,
			 environ);
	posix_spawn_file_actions_destroy(&fa);
	if (rc != 0) {
		fprintf(stderr, "harness: cannot start %s: %s\n", argv[0],
			strerror(rc));
		return -1;
	}
	return pid;
}

/* Waits up to ms for pid. The wait status, or -1 on timeout (the process
 * is then killed and reaped). */
static int harness_wait(pid_t pid, long ms)
{
	int status;
	long waited;

	for (waited = 0; waited <= ms; waited += 10) {
		pid_t got = waitpid(pid, &status, WNOHANG);

		if (got == pid)
			return status;
		if (got < 0 && errno != EINTR)
			return -1;
		harness_sleep_ms(10);
	}
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	return -1;
}

static const char *harness_bin(void)
{
	const char *bin = getenv("MESTRING_BIN");

	if (bin == NULL || access(bin, X_OK) != 0) {
		fprintf(stderr, "harness: MESTRING_BIN must name the mestring "
				"binary\n");
		return NULL;
	}
	return bin;
}

int harness_connect(const struct server *s)
{
	struct sockaddr_in a = {0};
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	a.sin_family = AF_INET;
	a.sin_port = htons((uint16_t)s->port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof(a)) < 0)
		fail_msg("cannot connect to port %d", s->port);
	return fd;
}

size_t harness_raw(const struct server *s, const void *req, size_t len,
		   struct buf *out, long quiet_ms)
{
	int fd = harness_connect(s);
	const char *p = req;
	char chunk[4096];
	struct pollfd pf = {.fd = fd, .events = POLLIN};
	ssize_t n;

	buf_reset(out);
	while (len > 0) {
		n = send(fd, p, len, MSG_NOSIGNAL);
		if (n <= 0)
			break;
		p += n;
		len -= (size_t)n;
	}
	while (poll(&pf, 1, (int)quiet_ms) > 0) {
		n = recv(fd, chunk, sizeof(chunk), 0);
		if (n <= 0)
			break;
		buf_append(out, chunk, (size_t)n);
	}
	close(fd);
	return out->len;
}

int harness_read_file(const char *path, struct buf *out)
{
	char chunk[8192];
	FILE *f = fopen(path, "rb");
	size_t n;

	buf_reset(out);
	if (f == NULL)
		return -1;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_append(out, chunk, n);
	fclose(f);
	return buf_failed(out) ? -1 : 0;
}

/* Prints the tail of a file to stderr, to explain a failure. */
static void harness_show(const char *what, const char *path)
{
	struct buf b = BUF_INIT(0);

	if (harness_read_file(path, &b) == 0)
		fprintf(stderr, "--- %s (%s) ---\n%s\n---\n", what, path,
			b.len > 4000 ? b.data + b.len - 4000 : b.data);
	buf_free(&b);
}

int harness_run(const struct server *s, const char *input, struct buf *out,
		const char *const argv[])
{
	const char *args[HARNESS_ARGS_MAX + 2];
	char in_path[340], out_path[340];
	const char *bin = harness_bin();
	size_t i;
	FILE *f;
	pid_t pid;
	int status;

	if (bin == NULL)
		return -1;
	args[0] = bin;
	for (i = 0; argv[i] && i < HARNESS_ARGS_MAX; i++)
		args[i + 1] = argv[i];
	args[i + 1] = NULL;
	snprintf(in_path, sizeof(in_path), "%s/run.in", s->dir);
	snprintf(out_path, sizeof(out_path), "%s/run.out", s->dir);
	f = fopen(in_path, "wb");
	if (f == NULL)
		return -1;
	if (input)
		fputs(input, f);
	fclose(f);
	pid = harness_spawn(args, in_path, out_path, NULL);
	if (pid < 0)
		return -1;
	status = harness_wait(pid, HARNESS_RUN_MS);
	if (out)
		harness_read_file(out_path, out);
	if (status < 0 || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

/* Starting and stopping. */

static int harness_demo(struct server *s, const char *bin)
{
	const char *argv[] = {bin,	    "demo",	      "--db", s->db,
			      "--password", HARNESS_PASSWORD, NULL};
	char log[340];
	pid_t pid;
	int status;

	snprintf(log, sizeof(log), "%s/demo.log", s->dir);
	pid = harness_spawn(argv, NULL, log, NULL);
	if (pid < 0)
		return -1;
	status = harness_wait(pid, HARNESS_RUN_MS);
	if (status < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		harness_show("mestring demo", log);
		return -1;
	}
	return 0;
}

/* Reads the port from the server's first line. 0 while not yet there. */
static int harness_port(const struct server *s)
{
	struct buf b = BUF_INIT(0);
	const char *p;
	int port = 0;

	if (harness_read_file(s->out, &b) == 0 &&
	    (p = strstr(b.data, HARNESS_LISTEN_PREFIX)) != NULL &&
	    strchr(p, '\n') != NULL)
		port = atoi(p + strlen(HARNESS_LISTEN_PREFIX));
	buf_free(&b);
	return port;
}

/*
 * Servers still running when the test program exits (a test failed
 * between starting one of its own and stopping it, and cmocka jumped past
 * the stop) are killed then, so no failed run leaves servers behind.
 */
#define HARNESS_LIVE_MAX 32

static pid_t harness_live[HARNESS_LIVE_MAX];

static void harness_kill_leftovers(void)
{
	size_t i;

	for (i = 0; i < HARNESS_LIVE_MAX; i++)
		if (harness_live[i] > 0) {
			kill(harness_live[i], SIGKILL);
			waitpid(harness_live[i], NULL, 0);
		}
}

static void harness_track(pid_t pid, bool live)
{
	static bool registered;
	size_t i;

	if (!registered)
		registered = atexit(harness_kill_leftovers) == 0;
	for (i = 0; i < HARNESS_LIVE_MAX; i++)
		if (live ? harness_live[i] <= 0 : harness_live[i] == pid) {
			harness_live[i] = live ? pid : 0;
			return;
		}
}

static int harness_listen(struct server *s, const char *bin)
{
	const char *argv[] = {bin,
			      "serve",
			      "--db",
			      s->db,
			      "--listen",
			      "127.0.0.1:0",
			      s->conf[0] ? "--config" : NULL,
			      s->conf,
			      NULL};
	long waited;
	int status;

	s->pid = harness_spawn(argv, NULL, s->out, s->err);
	if (s->pid < 0)
		return -1;
	harness_track(s->pid, true);
	for (waited = 0; waited < HARNESS_START_MS; waited += 10) {
		s->port = harness_port(s);
		if (s->port > 0)
			break;
		if (waitpid(s->pid, &status, WNOHANG) == s->pid) {
			harness_track(s->pid, false);
			s->pid = -1;
			break;
		}
		harness_sleep_ms(10);
	}
	if (s->port <= 0 || s->port > 65535) {
		fprintf(stderr, "harness: the server did not say its port\n");
		harness_show("server stderr", s->err);
		return -1;
	}
	snprintf(s->base, sizeof(s->base), "http://127.0.0.1:%d", s->port);
	return 0;
}

int harness_start(struct server *s)
{
	return harness_start_with(s, NULL);
}

/* Writes the configuration file of harness_start_with. 0 or -1. */
static int harness_conf(struct server *s, const char *lines)
{
	FILE *f;

	snprintf(s->conf, sizeof(s->conf), "%s/mestring.conf", s->dir);
	f = fopen(s->conf, "w");
	if (f == NULL)
		return -1;
	fputs(lines, f);
	return fclose(f) == 0 ? 0 : -1;
}

int harness_start_with(struct server *s, const char *config_lines)
{
	static bool curl_ready;
	const char *tmp = getenv("TMPDIR");
	const char *bin = harness_bin();

	memset(s, 0, sizeof(*s));
	s->pid = -1;
	if (bin == NULL)
		return -1;
	if (!curl_ready && curl_global_init(CURL_GLOBAL_DEFAULT) == 0)
		curl_ready = true;
	if (sodium_init() < 0)
		return -1;
	snprintf(s->dir, sizeof(s->dir), "%s/mestring-http-XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	if (mkdtemp(s->dir) == NULL) {
		fprintf(stderr, "harness: mkdtemp: %s\n", strerror(errno));
		s->dir[0] = '\0';
		return -1;
	}
	snprintf(s->db, sizeof(s->db), "%s/test.db", s->dir);
	snprintf(s->out, sizeof(s->out), "%s/stdout", s->dir);
	snprintf(s->err, sizeof(s->err), "%s/stderr", s->dir);
	if ((config_lines && harness_conf(s, config_lines) < 0) ||
	    harness_demo(s, bin) < 0 || harness_listen(s, bin) < 0) {
		harness_stop(s); /* cmocka skips teardown after a setup fails */
		return -1;
	}
	return 0;
}

/* Empties and removes the folder; the tests make no sub-folders. */
static void harness_rm(const char *dir)
{
	struct buf path = BUF_INIT(0);
	struct dirent *e;
	DIR *d = opendir(dir);

	while (d && (e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		buf_reset(&path);
		buf_printf(&path, "%s/%s", dir, e->d_name);
		unlink(path.data);
	}
	if (d)
		closedir(d);
	rmdir(dir);
	buf_free(&path);
}

/* Has the server ended on its own (a crash)? Says so once, with its
 * stderr, and remembers it for harness_stop. */
static bool harness_dead(struct server *s)
{
	int status;

	if (s->pid > 0 && waitpid(s->pid, &status, WNOHANG) == s->pid) {
		harness_track(s->pid, false);
		s->pid = -1;
		s->died = status ? status : -1;
		harness_show("server stderr", s->err);
	}
	return s->died != 0;
}

int harness_stop(struct server *s)
{
	int rc = 0, status;

	if (harness_dead(s)) {
		fprintf(stderr,
			"harness: the server died before the end "
			"(wait status %d)\n",
			s->died);
		rc = -1;
	}
	if (s->sql) {
		sqlite3_close(s->sql);
		s->sql = NULL;
	}
	if (s->pid > 0) {
		kill(s->pid, SIGTERM);
		status = harness_wait(s->pid, HARNESS_STOP_MS);
		if (status < 0 || !WIFEXITED(status) ||
		    WEXITSTATUS(status) != 0) {
			fprintf(stderr,
				"harness: the server did not exit 0 "
				"on SIGTERM (wait status %d)\n",
				status);
			harness_show("server stderr", s->err);
			rc = -1;
		}
		harness_track(s->pid, false);
		s->pid = -1;
	}
	if (s->dir[0])
		harness_rm(s->dir);
	s->dir[0] = '\0';
	return rc;
}

int harness_setup(void **state)
{
	struct server *s = calloc(1, sizeof(*s));

	*state = NULL;
	if (s == NULL)
		return -1;
	if (harness_start(s) < 0) {
		free(s);
		return -1;
	}
	*state = s;
	return 0;
}

int harness_teardown(void **state)
{
	struct server *s = *state;
	int rc;

	if (s == NULL)
		return 0;
	rc = harness_stop(s);
	free(s);
	*state = NULL;
	return rc;
}

/* Answers. */

void response_free(struct response *r)
{
	buf_free(&r->body);
	buf_free(&r->head);
	r->status = 0;
}

const char *response_header_nth(const struct response *r, const char *name,
				size_t i)
{
	const char *p = r->head.data, *end = r->head.data + r->head.len;
	size_t n = strlen(name);

	for (; p < end; p += strlen(p) + 1) {
		const char *v = p + n + 1;

		if (strncasecmp(p, name, n) != 0 || p[n] != ':')
			continue;
		if (i-- > 0)
			continue;
		while (*v == ' ' || *v == '\t')
			v++;
		return v;
	}
	return NULL;
}

const char *response_header(const struct response *r, const char *name)
{
	return response_header_nth(r, name, 0);
}

bool response_has(const struct response *r, const char *s)
{
	return strstr(r->body.data, s) != NULL;
}

cJSON *response_json(const struct response *r)
{
	cJSON *j = cJSON_ParseWithLength(r->body.data, r->body.len);

	if (j == NULL)
		fail_msg("not JSON (status %ld): %.300s", r->status,
			 r->body.data);
	return j;
}

const cJSON *harness_json_at(const cJSON *root, const char *dotted)
{
	char key[64];
	const cJSON *at = root;

	while (at && *dotted) {
		size_t n = strcspn(dotted, ".");

		if (n >= sizeof(key))
			return NULL;
		memcpy(key, dotted, n);
		key[n] = '\0';
		at = cJSON_GetObjectItemCaseSensitive(at, key);
		dotted += n + (dotted[n] == '.');
	}
	return at;
}

const char *harness_json_string(const cJSON *root, const char *dotted)
{
	const cJSON *at = harness_json_at(root, dotted);

	return cJSON_IsString(at) ? at->valuestring : NULL;
}

int64_t harness_json_int(const cJSON *root, const char *dotted)
{
	const cJSON *at = harness_json_at(root, dotted);

	return cJSON_IsNumber(at) ? (int64_t)at->valuedouble : -1;
}

void harness_expect_error(const struct response *r, long status,
			  const char *field)
{
	cJSON *j;
	const char *got;

	if (r->status != status)
		fail_msg("status %ld, want %ld: %.300s", r->status, status,
			 r->body.data);
	j = response_json(r);
	if (harness_json_int(j, "error.status") != status)
		fail_msg("error.status is not %ld: %s", status, r->body.data);
	got = harness_json_string(j, "error.field");
	if (field && (got == NULL || strcmp(got, field) != 0))
		fail_msg("error.field %s, want %s", got ? got : "(none)",
			 field);
	cJSON_Delete(j);
}

/* Clients. */

static size_t client_on_body(char *data, size_t size, size_t n, void *ctx)
{
	struct response *r = ctx;

	return buf_append(&r->body, data, size * n) == 0 ? size * n : 0;
}

/* Keeps the header lines of the last answer (a 100 Continue starts over),
 * each without CRLF and ended by NUL. */
static size_t client_on_header(char *data, size_t size, size_t n, void *ctx)
{
	struct response *r = ctx;
	size_t len = size * n;

	if (len >= 5 && strncmp(data, "HTTP/", 5) == 0) {
		buf_reset(&r->head);
		return len;
	}
	while (len > 0 && (data[len - 1] == '\n' || data[len - 1] == '\r'))
		len--;
	if (len > 0) {
		buf_append(&r->head, data, len);
		buf_putc(&r->head, '\0');
	}
	return size * n;
}

struct client *client_new(struct server *s)
{
	struct client *c = calloc(1, sizeof(*c));

	if (c == NULL)
		fail_msg("out of memory");
	c->curl = curl_easy_init();
	if (c->curl == NULL)
		fail_msg("curl_easy_init failed");
	c->srv = s;
	/* Once per handle: an in-memory cookie jar, and how to read answers.
	 * Setting the jar again per request would pile up libcurl's list of
	 * files to load. */
	curl_easy_setopt(c->curl, CURLOPT_COOKIEFILE, "");
	curl_easy_setopt(c->curl, CURLOPT_PATH_AS_IS, 1L);
	curl_easy_setopt(c->curl, CURLOPT_TIMEOUT, 20L);
	curl_easy_setopt(c->curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c->curl, CURLOPT_WRITEFUNCTION, client_on_body);
	curl_easy_setopt(c->curl, CURLOPT_HEADERFUNCTION, client_on_header);
	return c;
}

void client_free(struct client *c)
{
	if (c == NULL)
		return;
	curl_easy_cleanup(c->curl);
	free(c);
}

static struct curl_slist *client_headers(const struct request *rq)
{
	struct curl_slist *h = curl_slist_append(NULL, "Expect:");
	struct buf ct = BUF_INIT(0);
	size_t i;

	buf_printf(&ct, "Content-Type:%s%s", rq->content_type ? " " : "",
		   rq->content_type ? rq->content_type : "");
	h = curl_slist_append(h, ct.data);
	for (i = 0;
	     i < sizeof(rq->headers) / sizeof(rq->headers[0]) && rq->headers[i];
	     i++)
		h = curl_slist_append(h, rq->headers[i]);
	buf_free(&ct);
	return h;
}

static void client_method(CURL *curl, const struct request *rq)
{
	const char *m = rq->method ? rq->method : "GET";

	/* The handle is reused (its connection and jar): undo the last
	 * request's method first. */
	curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, NULL);
	curl_easy_setopt(curl, CURLOPT_NOBODY, 0L);
	if (rq->body) {
		curl_easy_setopt(curl, CURLOPT_POSTFIELDS, rq->body);
		curl_easy_setopt(
			curl, CURLOPT_POSTFIELDSIZE_LARGE,
			(curl_off_t)(rq->len ? rq->len : strlen(rq->body)));
	} else if (strcmp(m, "HEAD") == 0) {
		curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
	} else {
		curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
	}
	if (strcmp(m, rq->body ? "POST" : "GET") != 0 && strcmp(m, "HEAD") != 0)
		curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, m);
}

long client_send(struct client *c, const struct request *rq,
		 struct response *out)
{
	struct response scratch = RESPONSE_INIT;
	struct response *r = out ? out : &scratch;
	struct buf url = BUF_INIT(0);
	struct curl_slist *h = client_headers(rq);
	CURLcode rc;
	long status;

	response_free(r);
	buf_printf(&url, "%s%s", c->srv->base, rq->path);
	curl_easy_setopt(c->curl, CURLOPT_URL, url.data);
	curl_easy_setopt(c->curl, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c->curl, CURLOPT_WRITEDATA, r);
	curl_easy_setopt(c->curl, CURLOPT_HEADERDATA, r);
	client_method(c->curl, rq);
	rc = curl_easy_perform(c->curl);
	if (rc == CURLE_OK)
		curl_easy_getinfo(c->curl, CURLINFO_RESPONSE_CODE, &r->status);
	status = r->status;
	/* The header list and a scratch answer die here: the handle must
	 * not keep pointing at them. */
	curl_easy_setopt(c->curl, CURLOPT_HTTPHEADER, NULL);
	curl_easy_setopt(c->curl, CURLOPT_WRITEDATA, NULL);
	curl_easy_setopt(c->curl, CURLOPT_HEADERDATA, NULL);
	curl_slist_free_all(h);
	buf_free(&url);
	response_free(&scratch);
	if (rc != CURLE_OK && harness_dead(c->srv))
		fail_msg("%s %s: %s; the server died (wait status %d), its "
			 "stderr is above",
			 rq->method ? rq->method : "GET", rq->path,
			 curl_easy_strerror(rc), c->srv->died);
	if (rc != CURLE_OK)
		fail_msg("%s %s: %s", rq->method ? rq->method : "GET", rq->path,
			 curl_easy_strerror(rc));
	return status;
}

long client_get(struct client *c, const char *path, struct response *out)
{
	struct request rq = {.path = path};

	return client_send(c, &rq, out);
}

long client_post(struct client *c, const char *path, const char *fields,
		 struct response *out)
{
	struct buf body = BUF_INIT(0);
	struct request rq = {
		.method = "POST",
		.path = path,
		.content_type = "application/x-www-form-urlencoded"};
	long status;

	buf_puts(&body, fields);
	if (c->csrf[0])
		buf_printf(&body, "%scsrf=%s", body.len ? "&" : "", c->csrf);
	rq.body = body.data;
	rq.len = body.len;
	status = body.len ? client_send(c, &rq, out) : -1;
	buf_free(&body);
	if (status < 0)
		fail_msg("POST %s: an empty form", path);
	return status;
}

long client_api(struct client *c, const char *method, const char *path,
		const char *json, struct response *out)
{
	struct buf token = BUF_INIT(0);
	struct request rq = {.method = method, .path = path, .body = json};
	long status;

	if (json)
		rq.content_type = "application/json";
	if (c->csrf[0]) {
		buf_printf(&token, "X-CSRF-Token: %s", c->csrf);
		rq.headers[0] = token.data;
	}
	status = client_send(c, &rq, out);
	buf_free(&token);
	return status;
}

int harness_page_csrf(const char *html, char *out, size_t outlen)
{
	static const char marker[] = "name=\"csrf\" value=\"";
	const char *p = strstr(html, marker), *end;

	if (p == NULL || outlen == 0)
		return -1;
	p += sizeof(marker) - 1;
	end = strchr(p, '"');
	if (end == NULL || end == p || (size_t)(end - p) >= outlen)
		return -1;
	memcpy(out, p, (size_t)(end - p));
	out[end - p] = '\0';
	return 0;
}

long client_login(struct client *c, const char *email, const char *password,
		  struct response *out)
{
	struct response page = RESPONSE_INIT;
	struct buf form = BUF_INIT(0);
	char token[80];
	struct request rq = {
		.method = "POST",
		.path = "/login",
		.content_type = "application/x-www-form-urlencoded"};
	long status;

	if (client_get(c, "/login", &page) != 200 ||
	    harness_page_csrf(page.body.data, token, sizeof(token)) < 0)
		fail_msg("GET /login: %ld, no form token", page.status);
	rq.body = harness_form(&form, "csrf", token, "email", email, "password",
			       password, NULL);
	status = client_send(c, &rq, out);
	if (status == 303) {
		if (client_get(c, "/start", &page) != 200 ||
		    harness_page_csrf(page.body.data, c->csrf,
				      sizeof(c->csrf)) < 0)
			fail_msg("GET /start after login: %ld", page.status);
	}
	response_free(&page);
	buf_free(&form);
	return status;
}

long client_api_login(struct client *c, const char *email, const char *password,
		      struct response *out)
{
	struct response scratch = RESPONSE_INIT;
	struct response *r = out ? out : &scratch;
	cJSON *body = cJSON_CreateObject(), *answer;
	char *json;
	long status;

	cJSON_AddStringToObject(body, "email", email);
	cJSON_AddStringToObject(body, "password", password);
	json = cJSON_PrintUnformatted(body);
	cJSON_Delete(body);
	if (json == NULL)
		fail_msg("out of memory");
	status = client_send(
		c,
		&(struct request){.method = "POST",
				  .path = "/api/v1/session",
				  .content_type = "application/json",
				  .body = json},
		r);
	cJSON_free(json);
	if (status == 200) {
		const cJSON *csrf;

		answer = response_json(r);
		csrf = cJSON_GetObjectItemCaseSensitive(answer, "csrf");
		if (!cJSON_IsString(csrf) ||
		    strlen(csrf->valuestring) >= sizeof(c->csrf))
			fail_msg("login answer without csrf: %s", r->body.data);
		snprintf(c->csrf, sizeof(c->csrf), "%s", csrf->valuestring);
		cJSON_Delete(answer);
	}
	response_free(&scratch);
	return status;
}

long client_logout(struct client *c)
{
	long status = client_post(c, "/logout", "", NULL);

	if (status == 303)
		c->csrf[0] = '\0';
	return status;
}

/* Cookies: the jar in Netscape format, tab-separated, name and value last. */

int client_cookie(struct client *c, const char *name, char *out, size_t outlen)
{
	struct curl_slist *list = NULL, *l;
	int rc = -1;

	if (curl_easy_getinfo(c->curl, CURLINFO_COOKIELIST, &list) != CURLE_OK)
		return -1;
	for (l = list; l && rc < 0; l = l->next) {
		const char *field[7];
		const char *p = l->data;
		size_t i, n = 0;

		for (i = 0; i < 7 && p; i++) {
			field[n++] = p;
			p = strchr(p, '\t');
			if (p)
				p++;
		}
		if (n < 7 || strncmp(field[5], name, strlen(name)) != 0 ||
		    field[5][strlen(name)] != '\t' ||
		    strlen(field[6]) >= outlen)
			continue;
		snprintf(out, outlen, "%s", field[6]);
		rc = 0;
	}
	curl_slist_free_all(list);
	return rc;
}

void client_set_cookie(struct client *c, const char *name, const char *value)
{
	struct buf line = BUF_INIT(0);

	buf_printf(&line, "127.0.0.1\tFALSE\t/\tFALSE\t0\t%s\t%s", name, value);
	if (curl_easy_setopt(c->curl, CURLOPT_COOKIELIST, line.data) !=
	    CURLE_OK)
		fail_msg("cannot set cookie %s", name);
	buf_free(&line);
}

/* Forms. */

static void harness_escape(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		    (ch >= '0' && ch <= '9') || strchr("-._~", ch)) {
			buf_putc(b, (char)ch);
		} else {
			buf_putc(b, '%');
			buf_putc(b, hex[ch >> 4]);
			buf_putc(b, hex[ch & 15]);
		}
	}
}

const char *harness_form(struct buf *b, ...)
{
	const char *name, *value;
	va_list ap;

	buf_reset(b);
	va_start(ap, b);
	while ((name = va_arg(ap, const char *)) != NULL) {
		value = va_arg(ap, const char *);
		if (b->len)
			buf_putc(b, '&');
		harness_escape(b, name);
		buf_putc(b, '=');
		harness_escape(b, value ? value : "");
	}
	va_end(ap);
	return b->data;
}

/* The database. */

static sqlite3 *harness_sql_open(struct server *s)
{
	if (s->sql == NULL) {
		if (sqlite3_open_v2(s->db, &s->sql, SQLITE_OPEN_READWRITE,
				    NULL) != SQLITE_OK)
			fail_msg("cannot open %s", s->db);
		sqlite3_busy_timeout(s->sql, 5000);
	}
	return s->sql;
}

/* Prepares sql and binds the NULL-ended text arguments. */
static sqlite3_stmt *harness_sql_prepare(struct server *s, const char *sql,
					 va_list ap)
{
	sqlite3 *db = harness_sql_open(s);
	sqlite3_stmt *st = NULL;
	const char *arg;
	int i = 1;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("prepare %s: %s", sql, sqlite3_errmsg(db));
	while ((arg = va_arg(ap, const char *)) != NULL)
		sqlite3_bind_text(st, i++, arg, -1, SQLITE_TRANSIENT);
	return st;
}

int64_t harness_sql_int(struct server *s, const char *sql, ...)
{
	sqlite3_stmt *st;
	int64_t v = 0;
	va_list ap;
	int rc;

	va_start(ap, sql);
	st = harness_sql_prepare(s, sql, ap);
	va_end(ap);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		fail_msg("%s: %s", sql, sqlite3_errmsg(s->sql));
	return v;
}

void harness_sql_text(struct server *s, char *out, size_t outlen,
		      const char *sql, ...)
{
	sqlite3_stmt *st;
	va_list ap;
	int rc;

	va_start(ap, sql);
	st = harness_sql_prepare(s, sql, ap);
	va_end(ap);
	out[0] = '\0';
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_text(st, 0))
		snprintf(out, outlen, "%s",
			 (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		fail_msg("%s: %s", sql, sqlite3_errmsg(s->sql));
}

int harness_sql_exec(struct server *s, char *err, size_t errlen,
		     const char *sql, ...)
{
	sqlite3_stmt *st;
	va_list ap;
	int rc;

	va_start(ap, sql);
	st = harness_sql_prepare(s, sql, ap);
	va_end(ap);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		;
	snprintf(err, errlen, "%s",
		 rc == SQLITE_DONE ? "" : sqlite3_errmsg(s->sql));
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

void harness_token_hash_hex(const char *token, char out[65])
{
	unsigned char hash[32];

	crypto_generichash(hash, sizeof(hash), (const unsigned char *)token,
			   strlen(token), NULL, 0);
	sodium_bin2hex(out, 65, hash, sizeof(hash));
}

int64_t harness_user_id(struct server *s, const char *email)
{
	return harness_sql_int(s, "SELECT id FROM user WHERE email = ?1", email,
			       NULL);
}

int64_t harness_add_user(struct server *s, const char *email, const char *role)
{
	const char *argv[] = {"user",	    "add",
			      "--db",	    s->db,
			      "--email",    email,
			      "--name",	    "Testperson",
			      "--role",	    role,
			      "--org",	    "Jobcenter Aarhus",
			      "--password", HARNESS_PASSWORD,
			      NULL};
	struct buf out = BUF_INIT(0);
	int rc = harness_run(s, NULL, &out, argv);

	if (rc != 0)
		fail_msg("user add %s: exit %d: %s", email, rc, out.data);
	buf_free(&out);
	return harness_user_id(s, email);
}

/* The log. */

bool harness_log_wait(const struct server *s, const char *needle,
		      struct buf *out)
{
	int i;

	/* The access line is written after the answer is sent. */
	for (i = 0; i < 300; i++) {
		if (harness_read_file(s->err, out) == 0 &&
		    strstr(out->data, needle) != NULL)
			return true;
		harness_sleep_ms(10);
	}
	return false;
}

/* The SMTP sink. */

static void harness_smtp_path(const struct smtp_sink *m, const char *name,
			      char *out, size_t len)
{
	snprintf(out, len, "%s/%s", m->dir, name);
}

int harness_smtp_start(struct smtp_sink *m)
{
	const char *python = getenv("MESTRING_PYTHON");
	const char *data = getenv("MESTRING_TEST_DATA");
	const char *tmp = getenv("TMPDIR");
	char script[512], port_path[300], log_path[300], port[16];
	const char *argv[] = {python && *python ? python : "/usr/bin/python3",
			      script, m->dir, port, NULL};
	struct buf b = BUF_INIT(0);
	long waited;
	int status;

	if (data == NULL) {
		fprintf(stderr, "harness: MESTRING_TEST_DATA is not set\n");
		return -1;
	}
	if (m->dir[0] == '\0') {
		m->pid = -1;
		m->port = 0;
		snprintf(m->dir, sizeof(m->dir), "%s/mestring-smtp-XXXXXX",
			 tmp && *tmp ? tmp : "/tmp");
		if (mkdtemp(m->dir) == NULL) {
			m->dir[0] = '\0';
			return -1;
		}
	}
	snprintf(script, sizeof(script), "%s/smtp_sink.py", data);
	snprintf(port, sizeof(port), "%d", m->port);
	harness_smtp_path(m, "port", port_path, sizeof(port_path));
	harness_smtp_path(m, "sink.log", log_path, sizeof(log_path));
	unlink(port_path);
	m->pid = harness_spawn(argv, NULL, log_path, NULL);
	if (m->pid < 0)
		return -1;
	for (waited = 0; waited < HARNESS_START_MS; waited += 20) {
		if (harness_read_file(port_path, &b) == 0 &&
		    strchr(b.data, '\n') != NULL)
			break;
		if (waitpid(m->pid, &status, WNOHANG) == m->pid) {
			m->pid = -1;
			break;
		}
		harness_sleep_ms(20);
	}
	if (m->pid > 0 && strchr(b.data, '\n') != NULL)
		m->port = atoi(b.data);
	buf_free(&b);
	if (m->pid < 0 || m->port <= 0) {
		fprintf(stderr, "harness: the SMTP sink did not start\n");
		harness_show("smtp sink", log_path);
		harness_smtp_stop(m);
		return -1;
	}
	return 0;
}

int harness_smtp_stop(struct smtp_sink *m)
{
	int status;

	if (m->pid <= 0)
		return 0;
	kill(m->pid, SIGTERM);
	status = harness_wait(m->pid, HARNESS_STOP_MS);
	m->pid = -1;
	return status < 0 ? -1 : 0;
}

void harness_smtp_remove(struct smtp_sink *m)
{
	harness_smtp_stop(m);
	if (m->dir[0])
		harness_rm(m->dir);
	m->dir[0] = '\0';
}

size_t harness_smtp_count(const struct smtp_sink *m)
{
	char path[300], name[16];
	size_t n = 0;

	for (;;) {
		snprintf(name, sizeof(name), "%04zu.json", n + 1);
		harness_smtp_path(m, name, path, sizeof(path));
		if (access(path, F_OK) != 0)
			return n;
		n++;
	}
}

bool harness_smtp_wait(const struct smtp_sink *m, size_t n, long ms)
{
	long waited;

	for (waited = 0; waited <= ms; waited += 50) {
		if (harness_smtp_count(m) >= n)
			return true;
		harness_sleep_ms(50);
	}
	return false;
}

int harness_smtp_drain(struct server *s, const struct smtp_sink *m, long ms,
		       size_t *base)
{
	int64_t queued = harness_sql_int(s, "SELECT count(*) FROM outbox",
					 NULL);
	long waited;

	for (waited = 0; waited <= ms; waited += 100) {
		if (harness_sql_int(s,
				    "SELECT count(*) FROM outbox WHERE "
				    "sent_at IS NULL",
				    NULL) == 0 &&
		    harness_smtp_count(m) >= (size_t)queued) {
			*base = harness_smtp_count(m);
			return 0;
		}
		harness_sleep_ms(100);
	}
	return -1;
}

cJSON *harness_smtp_message(const struct smtp_sink *m, size_t i)
{
	struct buf b = BUF_INIT(0);
	char path[300], name[16];
	cJSON *j = NULL;

	snprintf(name, sizeof(name), "%04zu.json", i);
	harness_smtp_path(m, name, path, sizeof(path));
	if (harness_read_file(path, &b) == 0)
		j = cJSON_ParseWithLength(b.data, b.len);
	buf_free(&b);
	return j;
}

const char *harness_smtp_config(const struct smtp_sink *m, struct buf *b)
{
	buf_reset(b);
	buf_printf(b,
		   "# The tests' loopback SMTP server, without TLS.\n"
		   "smtp_url = smtp://127.0.0.1:%d\n"
		   "smtp_starttls = no\n"
		   "mail_from = mestring@test.invalid\n"
		   "outbox_retry_seconds = 1\n",
		   m->port);
	return b->data;
}
