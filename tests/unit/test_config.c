/*
 * Unit tests for config: a good file, the defaults, and each bad key or
 * value refused with a message naming the line, leaving the
 * configuration in force as it was. The password never reaches a message.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#define LISTEN "http://127.0.0.1:8080"

static char conf_dir[64];
static char conf_path[128];

static int setup(void **state)
{
	(void)state;
	snprintf(conf_dir, sizeof(conf_dir), "/tmp/mestring-config-XXXXXX");
	if (mkdtemp(conf_dir) == NULL)
		return -1;
	snprintf(conf_path, sizeof(conf_path), "%s/mestring.conf", conf_dir);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	unlink(conf_path);
	rmdir(conf_dir);
	return 0;
}

static void write_conf(const char *text)
{
	FILE *f = fopen(conf_path, "w");

	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

/* Loads text; returns config_load's result with the message in err. */
static int load(const char *text, char *err, size_t len)
{
	err[0] = '\0';
	write_conf(text);
	return config_load(conf_path, LISTEN, err, len);
}

static void no_file_gives_the_defaults(void **state)
{
	char err[512] = "";
	const struct config *c;

	(void)state;
	assert_int_equal(config_load(NULL, LISTEN, err, sizeof(err)), 0);
	c = config_get();
	assert_string_equal(c->base_url, LISTEN);
	assert_string_equal(c->smtp_url, "");
	assert_string_equal(c->mail_from, "");
	assert_string_equal(c->smtp_user, "");
	assert_true(c->smtp_starttls);
	assert_int_equal(c->outbox_retry_seconds, CONFIG_RETRY_DEFAULT);
}

static void a_good_file_is_read(void **state)
{
	char err[512];
	const struct config *c;

	(void)state;
	assert_int_equal(load("# Mestring i Aarhus\n"
			      "\n"
			      "base_url = https://mestring.aarhus.dk/app\n"
			      "  smtp_url=smtp://mail.aarhus.dk:587  \r\n"
			      "smtp_user = mestring\n"
			      "smtp_password = s3cret = with # and spaces\n"
			      "mail_from = mestring@aarhus.dk\n"
			      "smtp_starttls = yes\n"
			      "outbox_retry_seconds = 2\n",
			      err, sizeof(err)),
			 0);
	c = config_get();
	assert_string_equal(c->base_url, "https://mestring.aarhus.dk/app");
	assert_string_equal(c->smtp_url, "smtp://mail.aarhus.dk:587");
	assert_string_equal(c->smtp_user, "mestring");
	assert_string_equal(c->smtp_password, "s3cret = with # and spaces");
	assert_string_equal(c->mail_from, "mestring@aarhus.dk");
	assert_true(c->smtp_starttls);
	assert_int_equal(c->outbox_retry_seconds, 2);

	assert_int_equal(load("smtp_url = smtps://[::1]:465\n"
			      "mail_from = a@b.dk\nsmtp_starttls = no\n",
			      err, sizeof(err)),
			 0);
	c = config_get();
	assert_false(c->smtp_starttls);
	assert_string_equal(c->smtp_url, "smtps://[::1]:465");
	/* No base_url in the file: the listening address. */
	assert_string_equal(c->base_url, LISTEN);
}

static void listening_fills_base_url_only_when_the_file_has_none(void **state)
{
	char err[512];

	(void)state;
	assert_int_equal(load("mail_from = a@b.dk\n", err, sizeof(err)), 0);
	config_listening("http://127.0.0.1:41234");
	assert_string_equal(config_get()->base_url, "http://127.0.0.1:41234");
	assert_string_equal(config_get()->mail_from, "a@b.dk");

	assert_int_equal(load("base_url = https://x.dk\n", err, sizeof(err)),
			 0);
	config_listening("http://127.0.0.1:41234");
	assert_string_equal(config_get()->base_url, "https://x.dk");
}

struct bad_case {
	const char *text;
	const char *message; /* a part of the expected message */
};

static const struct bad_case bad_cases[] = {
	{"colour = blue\n", ":1: unknown key 'colour'"},
	{"base_url = https://a.dk\nbase_url = https://b.dk\n",
	 ":2: base_url is set twice"},
	{"just words\n", ":1: expected key = value"},
	{"base_url =\n", ":1: base_url needs a value"},
	{"base_url = ftp://a.dk\n", "base_url must start with http://"},
	{"base_url = https://a.dk/\n", "base_url must not end with a slash"},
	{"base_url = https://a.dk/x?y=1\n", "base_url may hold only"},
	{"base_url = https://user@a.dk\n", "base_url has a bad host"},
	{"base_url = https://\n", "base_url has no host"},
	{"base_url = https://a.dk:99999\n", "base_url has a bad port"},
	{"base_url = https://a.dk:\n", "base_url has a bad port"},
	{"smtp_url = http://mail.dk\nmail_from = a@b.dk\n",
	 ":1: smtp_url must start with smtp:// or smtps://"},
	{"smtp_url = smtp://mail.dk/x\nmail_from = a@b.dk\n",
	 "smtp_url must be smtp(s)://HOST[:PORT]"},
	{"smtp_url = smtp://u@mail.dk\nmail_from = a@b.dk\n",
	 "smtp_url must be smtp(s)://HOST[:PORT]"},
	{"smtp_url = smtp://mail.dk\n", "mail_from is needed with smtp_url"},
	{"mail_from = Mestring <a@b.dk>\n",
	 "mail_from must be a plain address"},
	{"mail_from = nobody\n", "mail_from must be a plain address"},
	{"mail_from = a@b@c.dk\n", "mail_from must be a plain address"},
	{"smtp_starttls = true\n", "smtp_starttls must be yes or no"},
	{"outbox_retry_seconds = 0\n", "outbox_retry_seconds must be"},
	{"outbox_retry_seconds = 3601\n", "outbox_retry_seconds must be"},
	{"outbox_retry_seconds = 5s\n", "outbox_retry_seconds must be"},
	{"smtp_user = u\n", "smtp_user and smtp_password go together"},
	{"smtp_url = smtp://mail.dk\nmail_from = a@b.dk\nsmtp_starttls = no\n"
	 "smtp_user = u\nsmtp_password = hunter2\n",
	 "smtp_password needs smtps:// or smtp_starttls = yes"},
	{"smtp_user = a\x01b\n", ":1: has a control character"},
};

static void each_bad_line_is_refused_with_its_line(void **state)
{
	char err[512];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		/* A known good configuration in force before each. */
		assert_int_equal(
			load("base_url = https://good.dk\n", err, sizeof(err)),
			0);
		if (load(bad_cases[i].text, err, sizeof(err)) != -1)
			fail_msg("accepted: %s", bad_cases[i].text);
		if (strstr(err, bad_cases[i].message) == NULL)
			fail_msg("for %s said '%s', want '%s'",
				 bad_cases[i].text, err, bad_cases[i].message);
		assert_non_null(strstr(err, conf_path));
		assert_string_equal(config_get()->base_url, "https://good.dk");
	}
}

static void overlong_values_and_lines_are_refused(void **state)
{
	char text[2200], value[300], err[512];

	(void)state;
	memset(value, 'a', 256);
	value[256] = '\0';
	snprintf(text, sizeof(text), "smtp_user = %s\n", value);
	assert_int_equal(load(text, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "smtp_user is too long"));

	value[255] = '\0'; /* exactly the most that fits */
	snprintf(text, sizeof(text),
		 "smtp_user = %s\nsmtp_password = p\n"
		 "smtp_url = smtps://m.dk\nmail_from = a@b.dk\n",
		 value);
	assert_int_equal(load(text, err, sizeof(err)), 0);
	assert_int_equal(strlen(config_get()->smtp_user), 255);

	memset(text, '#', 2000);
	text[2000] = '\n';
	text[2001] = '\0';
	assert_int_equal(load(text, err, sizeof(err)), -1);
	assert_non_null(strstr(err, ":1: line too long"));
}

static void the_password_never_appears_in_a_message(void **state)
{
	char err[512];
	char text[600];
	char pw[300];

	(void)state;
	memset(pw, 'p', 290);
	memcpy(pw, "hunter2", 7);
	pw[290] = '\0';
	snprintf(text, sizeof(text), "smtp_password = %s\n", pw);
	assert_int_equal(load(text, err, sizeof(err)), -1);
	assert_null(strstr(err, "hunter2"));
	assert_int_equal(load("smtp_url = smtp://m.dk\nmail_from = a@b.dk\n"
			      "smtp_starttls = no\nsmtp_user = u\n"
			      "smtp_password = hunter2\n",
			      err, sizeof(err)),
			 -1);
	assert_null(strstr(err, "hunter2"));
}

static void a_missing_file_is_an_error(void **state)
{
	char err[512];

	(void)state;
	assert_int_equal(config_load("/nonexistent/mestring.conf", LISTEN, err,
				     sizeof(err)),
			 -1);
	assert_non_null(strstr(err, "/nonexistent/mestring.conf: cannot open"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(no_file_gives_the_defaults),
		cmocka_unit_test(a_good_file_is_read),
		cmocka_unit_test(
			listening_fills_base_url_only_when_the_file_has_none),
		cmocka_unit_test(each_bad_line_is_refused_with_its_line),
		cmocka_unit_test(overlong_values_and_lines_are_refused),
		cmocka_unit_test(the_password_never_appears_in_a_message),
		cmocka_unit_test(a_missing_file_is_an_error),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
