/*
 * HTTP tests of the mail outbox against a real SMTP server on loopback
 * (tests/data/smtp_sink.py, python3-aiosmtpd): delivery with the right
 * envelope, headers and body bytes as an independent parser reads them;
 * an outage that loses nothing and delivers once the server is back; the
 * absence mail of a real attendance mark; the administrator's page; a bad
 * configuration file and a missing one.
 */
#include "fixtures.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

/* Every wait is bounded, so a broken sender fails instead of hanging. */
#define WAIT_MS 15000

#define RCPT_1 "sagsbehandler.outbox1@test.invalid"
#define RCPT_2 "mentor.outbox2@test.invalid"
#define SUBJECT_1                                                                \
	"Fravær uden afbud – en deltager på dit hold mødte ikke op i dag, " \
	"se siden for mere"
#define SUBJECT_2 "Plain ASCII subject"
/* Danish letters, a line over 76 bytes, lines starting with dots (for
 * curl's dot-stuffing), trailing spaces and an "=" to encode. */
#define BODY_1                                                                   \
	"Hej\n\nEn deltager på holdet er ikke mødt i dag og har ikke meldt "   \
	"afbud. Det er en lang linje med æøå ÆØÅ, der skal brydes blødt " \
	"med quoted-printable, så ingen linje bliver for lang.\n"               \
	".en linje, der starter med et punktum\n"                                \
	".\n"                                                                    \
	"..\n"                                                                   \
	"kode=C3A9 og =20 og mellemrum til sidst   \n"                           \
	"Se mere: https://mestring.test/participants/17\n"
#define BODY_2	    "Anden besked.\nSe mere: https://mestring.test/days/3\n"
#define BODY_MARKER "mellemrum til sidst"

struct fixture {
	struct server s;
	struct smtp_sink m;
	size_t base; /* the demo's own mails, delivered before the tests */
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct buf conf = BUF_INIT(0);
	int rc = -1;

	*state = f;
	if (f == NULL || harness_smtp_start(&f->m) < 0)
		goto out;
	harness_smtp_config(&f->m, &conf);
	buf_puts(&conf, "base_url = https://mestring.test\n");
	rc = harness_start_with(&f->s, conf.data);
	if (rc == 0)
		rc = harness_smtp_drain(&f->s, &f->m, WAIT_MS, &f->base);
out:
	buf_free(&conf);
	if (rc < 0 && f)
		harness_smtp_remove(&f->m);
	return rc;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	int rc;

	if (f == NULL)
		return 0;
	rc = harness_stop(&f->s);
	harness_smtp_remove(&f->m);
	free(f);
	return rc;
}

/* Queues a mail as a trigger would: one row, due now. Its id. */
static int64_t queue(struct server *s, const char *to, const char *subject,
		     const char *body)
{
	char err[256];

	if (harness_sql_exec(s, err, sizeof(err),
			     "INSERT INTO outbox (recipient, kind, subject, "
			     "body, created_at, next_at) VALUES (?1, "
			     "'absence', ?2, ?3, unixepoch(), unixepoch())",
			     to, subject, body, NULL) != 0)
		fail_msg("insert: %s", err);
	return harness_sql_int(s, "SELECT max(id) FROM outbox", NULL);
}

/* Waits until sql (with ?1 = id) gives a non-zero first column. */
static bool wait_row(struct server *s, const char *sql, int64_t id)
{
	struct timespec pause = {0, 100 * 1000000L};
	char ids[24];
	long waited;

	snprintf(ids, sizeof(ids), "%lld", (long long)id);
	for (waited = 0; waited <= WAIT_MS; waited += 100) {
		if (harness_sql_int(s, sql, ids, NULL) != 0)
			return true;
		nanosleep(&pause, NULL);
	}
	return false;
}

static int64_t row_int(struct server *s, const char *column, int64_t id)
{
	char sql[128], ids[24];

	snprintf(sql, sizeof(sql), "SELECT %s FROM outbox WHERE id = ?1",
		 column);
	snprintf(ids, sizeof(ids), "%lld", (long long)id);
	return harness_sql_int(s, sql, ids, NULL);
}

static void json_is(const cJSON *j, const char *key, const char *want)
{
	const char *got = harness_json_string(j, key);

	if (got == NULL || strcmp(got, want) != 0)
		fail_msg("%s: got '%s', want '%s'", key, got ? got : "(none)",
			 want);
}

static void json_bool_is(const cJSON *j, const char *key, bool want)
{
	const cJSON *at = harness_json_at(j, key);

	if (!cJSON_IsBool(at) || cJSON_IsTrue(at) != want)
		fail_msg("%s is not %s", key, want ? "true" : "false");
}

static void mail_is_delivered_with_headers_and_body_intact(void **state)
{
	struct fixture *f = *state;
	struct buf log = BUF_INIT(0);
	char line[64];
	const cJSON *rcpt;
	cJSON *msg;
	int64_t id = queue(&f->s, RCPT_1, SUBJECT_1, BODY_1);

	/* Queued from outside: the sender finds it on its periodic wake. */
	if (!harness_smtp_wait(&f->m, f->base + 1, WAIT_MS))
		fail_msg("no mail arrived within %d ms", WAIT_MS);
	msg = harness_smtp_message(&f->m, f->base + 1);
	assert_non_null(msg);
	json_is(msg, "mail_from", "mestring@test.invalid");
	rcpt = harness_json_at(msg, "rcpt_tos");
	assert_int_equal(cJSON_GetArraySize(rcpt), 1);
	assert_string_equal(cJSON_GetArrayItem(rcpt, 0)->valuestring, RCPT_1);
	json_is(msg, "to", RCPT_1);
	json_is(msg, "from", "mestring@test.invalid");
	json_is(msg, "subject", SUBJECT_1);
	json_is(msg, "body", BODY_1);
	json_is(msg, "mime_version", "1.0");
	json_is(msg, "content_type", "text/plain");
	json_is(msg, "charset", "utf-8");
	json_is(msg, "transfer_encoding", "quoted-printable");
	assert_non_null(strstr(harness_json_string(msg, "message_id"),
			       "@test.invalid>"));
	assert_true(strlen(harness_json_string(msg, "date")) > 20);
	json_bool_is(msg, "bare_lf", false);
	json_bool_is(msg, "header_8bit", false); /* RFC 2047 did its work */
	if (harness_json_int(msg, "max_line") > 76)
		fail_msg("a line of %lld bytes",
			 (long long)harness_json_int(msg, "max_line"));
	assert_int_equal(cJSON_GetArraySize(harness_json_at(msg, "defects")),
			 0);
	cJSON_Delete(msg);

	if (!wait_row(&f->s,
		      "SELECT sent_at IS NOT NULL FROM outbox WHERE id = ?1",
		      id))
		fail_msg("sent_at was not set");
	assert_int_equal(row_int(&f->s, "attempts", id), 1);
	assert_int_equal(row_int(&f->s, "last_error = ''", id), 1);
	assert_int_equal(harness_smtp_count(&f->m), f->base + 1); /* once */

	/* The log names the row, never the address or the subject. */
	snprintf(line, sizeof(line), "outbox: sent #%lld", (long long)id);
	assert_true(harness_log_wait(&f->s, line, &log));
	assert_null(strstr(log.data, RCPT_1));
	assert_null(strstr(log.data, "Fravær"));
	buf_free(&log);
}

static void an_outage_loses_nothing_and_mail_goes_out_when_back(void **state)
{
	struct fixture *f = *state;
	struct client *admin = client_new(&f->s);
	struct response r = RESPONSE_INIT;
	struct buf log = BUF_INIT(0);
	int64_t before = harness_sql_int(&f->s, "SELECT count(*) FROM outbox",
					 NULL);
	char line[64], error[600], ids[24];
	const cJSON *rcpt;
	cJSON *msg;
	int64_t id;

	assert_int_equal(harness_smtp_stop(&f->m), 0);
	id = queue(&f->s, RCPT_2, SUBJECT_2, BODY_2);

	/* Retries back off (1 s, then 2 s) and record curl's error. */
	if (!wait_row(&f->s, "SELECT attempts >= 2 FROM outbox WHERE id = ?1",
		      id))
		fail_msg("attempts did not grow: %lld",
			 (long long)row_int(&f->s, "attempts", id));
	assert_int_equal(row_int(&f->s, "sent_at IS NULL", id), 1);
	assert_int_equal(row_int(&f->s, "next_at > created_at", id), 1);
	snprintf(ids, sizeof(ids), "%lld", (long long)id);
	harness_sql_text(&f->s, error, sizeof(error),
			 "SELECT last_error FROM outbox WHERE id = ?1", ids,
			 NULL);
	if (strstr(error, "onnect") == NULL)
		fail_msg("last_error: '%s'", error);
	assert_int_equal(
		harness_sql_int(&f->s, "SELECT count(*) FROM outbox", NULL),
		before + 1);
	snprintf(line, sizeof(line),
		 "outbox: #%lld failed (attempt 1): ", (long long)id);
	assert_true(harness_log_wait(&f->s, line, &log));
	assert_null(strstr(log.data, RCPT_2));

	/* The administrator sees it failing, with the error. */
	assert_int_equal(
		client_login(admin, HARNESS_ADMIN, HARNESS_PASSWORD, NULL),
		303);
	assert_int_equal(client_get(admin, "/outbox", &r), 200);
	assert_true(response_has(&r, RCPT_2));
	assert_true(response_has(&r, "Fejler"));
	assert_true(response_has(&r, "onnect"));

	/* Back on the same port: delivered without anyone doing anything. */
	assert_int_equal(harness_smtp_start(&f->m), 0);
	if (!harness_smtp_wait(&f->m, f->base + 2, WAIT_MS))
		fail_msg("no mail after the server came back");
	msg = harness_smtp_message(&f->m, f->base + 2);
	assert_non_null(msg);
	rcpt = harness_json_at(msg, "rcpt_tos");
	assert_string_equal(cJSON_GetArrayItem(rcpt, 0)->valuestring, RCPT_2);
	json_is(msg, "subject", SUBJECT_2);
	json_is(msg, "body", BODY_2);
	cJSON_Delete(msg);
	if (!wait_row(&f->s,
		      "SELECT sent_at IS NOT NULL FROM outbox WHERE id = ?1",
		      id))
		fail_msg("sent_at was not set after the server came back");
	assert_true(row_int(&f->s, "attempts", id) >= 3);
	assert_int_equal(row_int(&f->s, "last_error = ''", id), 1);
	assert_int_equal(harness_smtp_count(&f->m), f->base + 2);
	response_free(&r);
	buf_free(&log);
	client_free(admin);
}

/* The message among the sink's from..to (1-based) sent to rcpt, or NULL. */
static cJSON *message_to(const struct smtp_sink *m, size_t from, size_t to,
			 const char *rcpt)
{
	const cJSON *list;
	cJSON *msg;
	size_t i;

	for (i = from; i <= to; i++) {
		msg = harness_smtp_message(m, i);
		list = harness_json_at(msg, "rcpt_tos");
		if (cJSON_GetArraySize(list) == 1 &&
		    strcmp(cJSON_GetArrayItem(list, 0)->valuestring, rcpt) == 0)
			return msg;
		cJSON_Delete(msg);
	}
	return NULL;
}

static void an_absence_mark_mails_caseworker_and_mentor(void **state)
{
	struct fixture *f = *state;
	struct client *c = client_new(&f->s);
	struct response r = RESPONSE_INIT;
	const char *rcpts[] = {HARNESS_CASEWORKER, HARNESS_MENTOR};
	size_t before = harness_smtp_count(&f->m), i;
	char cpr[12], digits[11], ids[24], mentor[24], day[16], err[256];
	char fields[64], path[64], link[96];
	int64_t cohort = fixture_demo_cohort(&f->s, "Testhold mail");
	int64_t pid, day_id;
	cJSON *msg;

	fixture_cpr(7, 3, 1995, 5301, cpr, digits);
	pid = fixture_demo_participant(&f->s, "Testhold mail", "Mads Mailtest",
				       cpr);
	fixture_num(pid, ids);
	fixture_num(harness_user_id(&f->s, HARNESS_MENTOR), mentor);
	fixture_day_from_now(&f->s, -30, day);
	if (harness_sql_exec(&f->s, err, sizeof(err),
			     "UPDATE participant SET mentor_id = ?1, status = "
			     "'started', started_on = ?2 WHERE id = ?3",
			     mentor, day, ids, NULL) != 0)
		fail_msg("participant: %s", err);
	fixture_day_from_now(&f->s, -2, day);
	if (harness_sql_exec(&f->s, err, sizeof(err),
			     "INSERT INTO course_day (cohort_id, date, "
			     "start_min, end_min, kind, generated, created_at, "
			     "updated_at) VALUES (?1, ?2, 540, 900, "
			     "'teaching', 0, 0, 0)",
			     fixture_num(cohort, fields), day, NULL) != 0)
		fail_msg("course day: %s", err);
	day_id = harness_sql_int(&f->s, "SELECT max(id) FROM course_day", NULL);

	assert_int_equal(
		client_login(c, HARNESS_INSTRUCTOR, HARNESS_PASSWORD, NULL),
		303);
	snprintf(path, sizeof(path), "/days/%lld/attendance",
		 (long long)day_id);
	snprintf(fields, sizeof(fields), "status_%lld=absent", (long long)pid);
	assert_int_equal(client_post(c, path, fields, &r), 303);

	/* outbox_wake after the commit: well before the periodic wake. */
	if (!harness_smtp_wait(&f->m, before + 2, WAIT_MS))
		fail_msg("%zu absence mails arrived, want 2",
			 harness_smtp_count(&f->m) - before);
	snprintf(link, sizeof(link), "https://mestring.test/participants/%lld",
		 (long long)pid);
	for (i = 0; i < 2; i++) {
		const char *body;

		msg = message_to(&f->m, before + 1, before + 2, rcpts[i]);
		if (msg == NULL)
			fail_msg("no absence mail to %s", rcpts[i]);
		json_is(msg, "to", rcpts[i]);
		json_is(msg, "subject", "Fravær uden afbud");
		body = harness_json_string(msg, "body");
		assert_non_null(strstr(body, link));
		/* No name, no CPR number. */
		assert_null(strstr(body, "Mads"));
		assert_null(strstr(body, "Mailtest"));
		assert_null(strstr(body, digits));
		assert_null(strstr(body, cpr));
		cJSON_Delete(msg);
	}
	/* The sender marks them sent just after the server took them. */
	for (i = 0; i < 100 && harness_sql_int(&f->s,
					       "SELECT count(*) FROM outbox "
					       "WHERE kind = 'absence' AND "
					       "body LIKE ?1 AND sent_at IS "
					       "NULL",
					       "%/participants/%", NULL) > 0;
	     i++)
		usleep(50 * 1000);
	assert_int_equal(harness_sql_int(&f->s,
					 "SELECT count(*) FROM outbox WHERE "
					 "kind = 'absence' AND body LIKE ?1 "
					 "AND sent_at IS NULL",
					 "%/participants/%", NULL),
			 0);
	response_free(&r);
	client_free(c);
}

static void only_administrators_see_the_outbox_page(void **state)
{
	struct fixture *f = *state;
	struct client *c = client_new(&f->s);
	struct response r = RESPONSE_INIT;
	static const char *const others[] = {
		HARNESS_LEADER, HARNESS_CASEWORKER, HARNESS_CONSULTANT,
		HARNESS_INSTRUCTOR, HARNESS_MENTOR};
	size_t i;

	assert_int_equal(client_get(c, "/outbox", &r), 303);
	assert_string_equal(response_header(&r, "Location"), "/login");

	assert_int_equal(client_login(c, HARNESS_ADMIN, HARNESS_PASSWORD, NULL),
			 303);
	assert_int_equal(client_get(c, "/outbox", &r), 200);
	assert_true(response_has(&r, "Mailkø"));
	assert_true(response_has(&r, "href=\"/outbox\"")); /* in the menu */
	assert_true(response_has(&r, RCPT_1));
	assert_true(response_has(&r, "absence"));
	assert_true(response_has(&r, "Sendt"));
	assert_false(response_has(&r, BODY_MARKER));   /* never the body */
	assert_false(response_has(&r, "ikke sat op")); /* it is configured */
	assert_int_equal(client_logout(c), 303);

	for (i = 0; i < sizeof(others) / sizeof(others[0]); i++) {
		assert_int_equal(
			client_login(c, others[i], HARNESS_PASSWORD, NULL),
			303);
		assert_int_equal(client_get(c, "/outbox", &r), 403);
		assert_false(response_has(&r, RCPT_1));
		assert_int_equal(client_logout(c), 303);
	}
	response_free(&r);
	client_free(c);
}

/* Runs `serve` with a configuration file of text; its exit status. */
static int serve_with(struct server *s, const char *text, struct buf *out)
{
	char path[400];
	const char *argv[] = {"serve",	     "--db",	 s->db, "--listen",
			      "127.0.0.1:0", "--config", path,	NULL};
	FILE *fp;

	snprintf(path, sizeof(path), "%s/bad.conf", s->dir);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
	return harness_run(s, NULL, out, argv);
}

static void a_bad_configuration_stops_the_server_with_its_line(void **state)
{
	struct fixture *f = *state;
	struct buf out = BUF_INIT(0);

	assert_int_equal(serve_with(&f->s,
				    "# test\nbase_url = https://a.dk\n"
				    "smtp_host = mail.dk\n",
				    &out),
			 1);
	assert_non_null(strstr(out.data, "bad.conf:3: unknown key "
					 "'smtp_host'"));
	assert_null(strstr(out.data, "listening"));

	assert_int_equal(serve_with(&f->s,
				    "smtp_url = smtp://mail.dk\n"
				    "mail_from = a@b.dk\nsmtp_starttls = no\n"
				    "smtp_user = u\nsmtp_password = hunter2\n",
				    &out),
			 1);
	assert_non_null(strstr(out.data, "smtp_password needs smtps://"));
	assert_null(strstr(out.data, "hunter2"));

	assert_int_equal(serve_with(&f->s, "base_url = https://a.dk/\n", &out),
			 1);
	assert_non_null(strstr(out.data, "must not end with a slash"));
	buf_free(&out);
}

static void without_configuration_mail_waits_with_a_warning(void **state)
{
	struct server *plain = calloc(1, sizeof(*plain));
	struct client *c;
	struct response r = RESPONSE_INIT;
	struct buf log = BUF_INIT(0);

	(void)state;
	assert_non_null(plain);
	assert_int_equal(harness_start(plain), 0);
	assert_true(harness_log_wait(plain, "mail is not configured", &log));
	c = client_new(plain);
	assert_int_equal(client_login(c, HARNESS_ADMIN, HARNESS_PASSWORD, NULL),
			 303);
	assert_int_equal(client_get(c, "/outbox", &r), 200);
	assert_true(response_has(&r, "ikke sat op"));
	response_free(&r);
	client_free(c);
	buf_free(&log);
	assert_int_equal(harness_stop(plain), 0);
	free(plain);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
			mail_is_delivered_with_headers_and_body_intact),
		cmocka_unit_test(
			an_outage_loses_nothing_and_mail_goes_out_when_back),
		cmocka_unit_test(an_absence_mark_mails_caseworker_and_mentor),
		cmocka_unit_test(only_administrators_see_the_outbox_page),
		cmocka_unit_test(
			a_bad_configuration_stops_the_server_with_its_line),
		cmocka_unit_test(
			without_configuration_mail_waits_with_a_warning),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
