/*
 * Unit tests for plan_picture.c with the real templates: the plan's
 * picture as inline SVG (a bar per planned day, the teaching day's column,
 * today's frame only when today is in the plan, a summary for screen
 * readers) and its table, with every text escaped.
 */
#include "buf.h"
#include "date.h"
#include "embed.h"
#include "html.h"
#include "plan_picture.h"
#include "stepup.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

static int setup(void **state)
{
	char err[256];

	(void)state;
	if (tpl_init(embed_templates, err, sizeof(err)) < 0) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	tpl_shutdown();
	return 0;
}

static size_t occurrences(const char *s, const char *needle)
{
	size_t n = 0;

	while ((s = strstr(s, needle)) != NULL) {
		n++;
		s += strlen(needle);
	}
	return n;
}

/* Three weeks from Monday 31 August 2026, Wednesday taught. */
static void three_weeks(struct stepup_plan *plan, struct stepup_week *w,
			char *who)
{
	struct stepup_pattern from = {2, 180}, to = {4, 360};
	date_t start;

	assert_int_equal(date_parse_iso("2026-08-31", &start), 0);
	assert_int_equal(stepup_generate(&from, &to, start,
					 date_add_days(start, 18), 3, 37 * 60,
					 NULL, 0, w, 3),
			 3);
	w[1].meeting_on = date_add_days(w[1].monday, 1);
	w[1].meeting_min = 10 * 60;
	w[1].meeting_who = who;
	plan->internship_id = 1;
	plan->n = 3;
	plan->weeks = w;
}

static void picture_has_bars_teaching_day_today_and_table(void **state)
{
	struct buf out = BUF_INIT(0);
	struct stepup_week w[3];
	struct stepup_plan plan;
	char who[] = "Vært <b>Bo</b> & borger";
	date_t today;

	(void)state;
	three_weeks(&plan, w, who);
	today = date_add_days(w[1].monday, 3); /* Thursday of week 2 */
	assert_int_equal(plan_picture_render(&out, &plan, 3, today), 0);
	assert_non_null(strstr(out.data, "<svg "));
	assert_non_null(strstr(out.data, "role=\"img\""));
	assert_non_null(strstr(
		out.data, "aria-label=\"Optrapningsplan i 3 uger fra "
			  "mandag 31. august 2026 til fredag 18. september "
			  "2026: fra 6 til 24 timer om ugen. "
			  "Undervisningsdagen, onsdag, er fri fra "
			  "praktikken."));
	/* 2 + 3 + 4 days planned: a bar each. */
	assert_int_equal(occurrences(out.data, "fill=\"#24618c\""), 9);
	/* The teaching day's column: the third day's. */
	assert_non_null(strstr(out.data, "<rect x=\"170\" y=\"28\""));
	/* Today's frame, in week 2's row on Thursday. */
	assert_int_equal(occurrences(out.data, "stroke=\"#b3261e\""), 1);
	assert_non_null(strstr(out.data, "<rect x=\"227\" y=\"53\""));
	assert_non_null(strstr(out.data, "(i dag)"));
	/* The table: a row per week, the meeting escaped. */
	assert_int_equal(occurrences(out.data, "<th scope=\"row\">"), 3);
	assert_non_null(strstr(out.data, "Vært &lt;b&gt;Bo&lt;/b&gt; &amp; "
					 "borger"));
	assert_null(strstr(out.data, "<b>Bo"));
	assert_non_null(strstr(out.data, "<br>undervisning</th>"));
	buf_free(&out);
	/* Today outside the plan: no frame. */
	buf_reset(&out);
	assert_int_equal(plan_picture_render(&out, &plan, 3,
					     date_add_days(w[0].monday, -1)),
			 0);
	assert_int_equal(occurrences(out.data, "stroke=\"#b3261e\""), 0);
	assert_null(strstr(out.data, "(i dag)"));
	buf_free(&out);
}

static void holidays_are_shaded_and_named(void **state)
{
	struct stepup_pattern p = {4, 240};
	struct buf out = BUF_INIT(0);
	struct stepup_week w[2];
	struct stepup_plan plan = {1, 2, w};
	date_t start;

	(void)state;
	/* Easter 2027: Maundy Thursday and Good Friday, then Easter
	 * Monday. */
	assert_int_equal(date_parse_iso("2027-03-22", &start), 0);
	assert_int_equal(stepup_generate(&p, &p, start,
					 date_add_days(start, 11), 3, 37 * 60,
					 NULL, 0, w, 2),
			 2);
	assert_int_equal(plan_picture_render(&out, &plan, 3, start), 0);
	assert_int_equal(occurrences(out.data, "fill=\"#dde1e6\""), 3);
	assert_non_null(strstr(out.data, "0 (Skærtorsdag)"));
	assert_non_null(strstr(out.data, "0 (2. påskedag)"));
	assert_non_null(strstr(out.data, "Grå felter er helligdage."));
	buf_free(&out);
}

static void an_empty_plan_says_so(void **state)
{
	struct buf out = BUF_INIT(0);
	struct stepup_plan plan = {0};

	(void)state;
	assert_int_equal(plan_picture_render(&out, &plan, 5, date_today()), 0);
	assert_null(strstr(out.data, "<svg"));
	assert_non_null(
		strstr(out.data, "Der er ingen optrapningsplan endnu."));
	buf_free(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(picture_has_bars_teaching_day_today_and_table),
		cmocka_unit_test(holidays_are_shaded_and_named),
		cmocka_unit_test(an_empty_plan_says_so),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
