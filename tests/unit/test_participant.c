/*
 * Unit tests for the participant status rules: every from/to pair against
 * a table written from the course's rules, out-of-range statuses, and the
 * status names, labels and parser round trip.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "participant.h"

#define N PARTICIPANT_STATUS__MAX

/*
 * expected[from][to], from the rules: visitation moves a referred citizen
 * to admitted, the waiting list or not admitted; from the waiting list a
 * citizen is admitted, not admitted or re-referred; an admitted citizen
 * starts, is re-referred or drops out; a started one completes, is
 * re-referred or drops out. Not admitted, re-referred, dropped out and
 * completed are final (a new course is a new referral), and no status
 * moves to itself.
 */
enum {
	R = PARTICIPANT_REFERRED,
	A = PARTICIPANT_ADMITTED,
	W = PARTICIPANT_WAITING,
	X = PARTICIPANT_NOT_ADMITTED,
	S = PARTICIPANT_STARTED,
	B = PARTICIPANT_RE_REFERRED,
	D = PARTICIPANT_DROPPED_OUT,
	C = PARTICIPANT_COMPLETED,
};

static const bool expected[N][N] = {
	[R] = {[A] = true, [W] = true, [X] = true},
	[W] = {[A] = true, [X] = true, [B] = true},
	[A] = {[S] = true, [B] = true, [D] = true},
	[S] = {[C] = true, [B] = true, [D] = true},
	[X] = {0},
	[B] = {0},
	[D] = {0},
	[C] = {0},
};

static void every_transition_follows_the_course_rules(void **state)
{
	int from, to, allowed = 0;

	(void)state;
	for (from = 0; from < N; from++)
		for (to = 0; to < N; to++) {
			bool got = participant_transition_allowed(
				(enum participant_status)from,
				(enum participant_status)to);

			if (got != expected[from][to])
				fail_msg("%s -> %s: expected %s, got %s",
					 participant_status_names[from],
					 participant_status_names[to],
					 expected[from][to] ? "allowed"
							    : "refused",
					 got ? "allowed" : "refused");
			allowed += got;
		}
	/* The table above holds exactly twelve moves. */
	assert_int_equal(allowed, 12);
}

static void final_statuses_go_nowhere(void **state)
{
	static const enum participant_status finals[] = {
		PARTICIPANT_NOT_ADMITTED,
		PARTICIPANT_RE_REFERRED,
		PARTICIPANT_DROPPED_OUT,
		PARTICIPANT_COMPLETED,
	};
	size_t i;
	int to;

	(void)state;
	for (i = 0; i < sizeof(finals) / sizeof(finals[0]); i++)
		for (to = 0; to < N; to++)
			assert_false(participant_transition_allowed(
				finals[i], (enum participant_status)to));
	/* A completed participant in particular cannot be re-referred. */
	assert_false(participant_transition_allowed(PARTICIPANT_COMPLETED,
						    PARTICIPANT_RE_REFERRED));
}

static void statuses_out_of_range_are_refused(void **state)
{
	int s;

	(void)state;
	for (s = 0; s < N; s++) {
		assert_false(participant_transition_allowed(
			(enum participant_status)s,
			(enum participant_status)N));
		assert_false(participant_transition_allowed(
			(enum participant_status)N,
			(enum participant_status)s));
		assert_false(participant_transition_allowed(
			(enum participant_status)s,
			(enum participant_status)(N + 7)));
	}
}

static void status_names_parse_back_to_their_status(void **state)
{
	static const char *const names[N] = {
		[R] = "referred",     [A] = "admitted",	 [W] = "waiting",
		[X] = "not_admitted", [S] = "started",	 [B] = "re_referred",
		[D] = "dropped_out",  [C] = "completed",
	};
	int s, t;

	(void)state;
	for (s = 0; s < N; s++) {
		assert_non_null(participant_status_names[s]);
		assert_string_equal(participant_status_names[s], names[s]);
		assert_int_equal(participant_status_parse(names[s]), s);
		/* Every status has a Danish label of its own. */
		assert_true(strlen(participant_status_label(
				    (enum participant_status)s)) > 0);
		for (t = 0; t < s; t++)
			assert_string_not_equal(
				participant_status_label(
					(enum participant_status)s),
				participant_status_label(
					(enum participant_status)t));
	}
	assert_null(participant_status_names[N]);
	assert_string_equal(participant_status_label(PARTICIPANT_RE_REFERRED),
			    "Tilbagevisiteret");
	assert_string_equal(
		participant_status_label((enum participant_status)N), "");
}

static void unknown_status_names_do_not_parse(void **state)
{
	static const char *const bad[] = {
		"",	     "Referred",    "REFERRED", "admitted ",
		" admitted", "re-referred", "dropped",	"complete",
		"Henvist",   "running",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(participant_status_parse(bad[i]), -1);
	assert_int_equal(participant_status_parse(NULL), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_transition_follows_the_course_rules),
		cmocka_unit_test(final_statuses_go_nowhere),
		cmocka_unit_test(statuses_out_of_range_are_refused),
		cmocka_unit_test(status_names_parse_back_to_their_status),
		cmocka_unit_test(unknown_status_names_do_not_parse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
