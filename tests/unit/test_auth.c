/*
 * Unit tests for auth: password hashing and rules, session lifetimes.
 */
#include "auth.h"
#include "http.h"
#include "password.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

static void hash_verifies_only_the_same_password(void **state)
{
	char hash[PASSWORD_HASH_LEN];

	(void)state;
	assert_int_equal(auth_init(), 0);
	assert_int_equal(password_hash("korrekt-hest-batteri", hash), 0);
	assert_non_null(strstr(hash, "$argon2id$"));
	assert_null(strstr(hash, "korrekt"));
	assert_true(password_verify(hash, "korrekt-hest-batteri"));
	assert_false(password_verify(hash, "korrekt-hest-batteri "));
	assert_false(password_verify(hash, ""));
}

static void same_password_hashes_differently(void **state)
{
	char a[PASSWORD_HASH_LEN], b[PASSWORD_HASH_LEN];

	(void)state;
	assert_int_equal(password_hash("samme-adgangskode", a), 0);
	assert_int_equal(password_hash("samme-adgangskode", b), 0);
	assert_string_not_equal(a, b); /* salted */
}

static void password_rules(void **state)
{
	static const struct {
		const char *password;
		bool ok;
	} cases[] = {
		{"", false},
		{"elleve-tegn", false}, /* 11 */
		{"tolv-tegn-ok", true}, /* 12 */
		{"æøåæøåæøåæø", false}, /* 11 characters, 22 bytes */
		{"æøåæøåæøåæøå", true}, /* 12 characters */
	};
	char longest[PASSWORD_MAX + 2];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_int_equal(password_problem(cases[i].password) == NULL,
				 cases[i].ok);
	memset(longest, 'x', sizeof(longest) - 1);
	longest[PASSWORD_MAX] = '\0';
	assert_null(password_problem(longest));
	longest[PASSWORD_MAX] = 'x';
	longest[PASSWORD_MAX + 1] = '\0';
	assert_non_null(password_problem(longest));
}

static void session_lifetimes(void **state)
{
	static const struct {
		int64_t created_ago, seen_ago;
		bool live;
	} cases[] = {
		{0, 0, true},
		{60, 60, true},
		{3600, 29 * 60, true},
		{3600, 30 * 60 - 1, true},
		{3600, 30 * 60, false}, /* idle timeout */
		{12 * 3600 - 1, 10, true},
		{12 * 3600, 10, false}, /* absolute timeout */
		{-60, 0, false},	/* from the future */
	};
	const int64_t now = 1800000000;
	struct session s = {0};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		s.created_at = now - cases[i].created_ago;
		s.seen_at = now - cases[i].seen_ago;
		assert_int_equal(auth_session_live(&s, now), cases[i].live);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hash_verifies_only_the_same_password),
		cmocka_unit_test(same_password_hashes_differently),
		cmocka_unit_test(password_rules),
		cmocka_unit_test(session_lifetimes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
