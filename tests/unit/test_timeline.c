/*
 * Unit tests for timeline: the SVG pictures parse as balanced, quoted markup
 * with no styles, scripts or links, say every phase in Danish, place bars and
 * day marks in date order, and come out byte for byte the same every time.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"
#include "cohort.h"
#include "date.h"
#include "plan.h"
#include "timeline.h"

#define D(y, m, d) date_from_civil((y), (m), (d))

#define MAX_DEPTH 16
#define NAME_MAX_ 32

/* ---- A tiny checker for the markup ------------------------------------- */

static bool name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == ':';
}

static const char *skip_space(const char *p)
{
	while (*p == ' ' || *p == '\n' || *p == '\t')
		p++;
	return p;
}

/* Copies the element or attribute name at p into out; its end or NULL. */
static const char *read_name(const char *p, char out[NAME_MAX_])
{
	size_t n = 0;

	while (name_char(*p)) {
		if (n + 1 >= NAME_MAX_)
			return NULL;
		out[n++] = *p++;
	}
	out[n] = '\0';
	return n > 0 ? p : NULL;
}

/* Attributes up to '>' or "/>": each name="value", value without '<'. */
static const char *read_attributes(const char *p, bool *self_closing)
{
	char name[NAME_MAX_];

	for (;;) {
		p = skip_space(p);
		if (p[0] == '/' && p[1] == '>') {
			*self_closing = true;
			return p + 2;
		}
		if (p[0] == '>') {
			*self_closing = false;
			return p + 1;
		}
		p = read_name(p, name);
		if (!p || p[0] != '=' || p[1] != '"')
			return NULL;
		for (p += 2; *p != '"'; p++)
			if (*p == '\0' || *p == '<')
				return NULL;
		p++;
	}
}

/* Text may hold entities but no bare '&' or '>'; its end or NULL. */
static const char *read_text(const char *p)
{
	for (; *p && *p != '<'; p++) {
		const char *e = p + 1;

		if (*p == '>')
			return NULL;
		if (*p != '&')
			continue;
		while (name_char(*e) || *e == '#')
			e++;
		if (e == p + 1 || *e != ';')
			return NULL;
	}
	return p;
}

static const char *const forbidden[] = {
	"<script", "style=", "<style", "javascript:",
	"href",	   "url(",   "<?xml",  "<!",
};

/*
 * NULL when s is one root <svg> element whose tags balance and whose
 * attributes are all quoted, with nothing the page's CSP or a careful
 * reviewer would refuse; else what is wrong.
 */
static const char *markup_fault(const char *s)
{
	char stack[MAX_DEPTH][NAME_MAX_];
	char name[NAME_MAX_];
	int depth = 0;
	bool self_closing, root_done = false;
	const char *p = s;
	size_t i;

	for (i = 0; i < sizeof(forbidden) / sizeof(forbidden[0]); i++)
		if (strstr(s, forbidden[i]))
			return forbidden[i];
	if (strncmp(s, "<svg ", 5) != 0)
		return "not an <svg> element";
	while (*(p = skip_space(p))) {
		if (root_done)
			return "content after the root element";
		if (*p != '<') {
			if (depth == 0 || !(p = read_text(p)))
				return "bad text";
			continue;
		}
		if (p[1] == '/') {
			p = read_name(p + 2, name);
			if (!p || *p++ != '>' || depth == 0 ||
			    strcmp(stack[depth - 1], name) != 0)
				return "unbalanced end tag";
			if (--depth == 0)
				root_done = true;
			continue;
		}
		p = read_name(p + 1, name);
		if (!p || !(p = read_attributes(p, &self_closing)))
			return "bad start tag";
		if (self_closing)
			continue;
		if (depth == MAX_DEPTH)
			return "nested too deep";
		memcpy(stack[depth++], name, sizeof(name));
	}
	return depth == 0 && root_done ? NULL : "unclosed element";
}

static void assert_well_formed(const char *s)
{
	const char *fault = markup_fault(s);

	if (fault)
		fail_msg("%s in: %s", fault, s);
}

/* aria-labelledby names a title and a desc that are there. */
static void assert_labelled(const char *s)
{
	char want[96];
	const char *a = strstr(s, "aria-labelledby=\"");
	const char *sp, *q;

	assert_non_null(strstr(s, "role=\"img\""));
	assert_non_null(a);
	a += strlen("aria-labelledby=\"");
	sp = strchr(a, ' ');
	q = strchr(a, '"');
	assert_true(sp && q && sp < q && q - a < 80);
	snprintf(want, sizeof(want), "<title id=\"%.*s\">", (int)(sp - a), a);
	assert_non_null(strstr(s, want));
	snprintf(want, sizeof(want), "<desc id=\"%.*s\">", (int)(q - sp - 1),
		 sp + 1);
	assert_non_null(strstr(s, want));
}

/* ---- Reading values back ----------------------------------------------- */

/* The value of attribute name in the tag starting at tag, as a number. */
static double attr_num(const char *tag, const char *name)
{
	char key[40];
	const char *end = strchr(tag, '>');
	const char *a;

	snprintf(key, sizeof(key), " %s=\"", name);
	a = strstr(tag, key);
	assert_true(a && a < end);
	return strtod(a + strlen(key), NULL);
}

/* The next tag starting with prefix at or after *from, or NULL. */
static const char *next_tag(const char **from, const char *prefix)
{
	const char *t = strstr(*from, prefix);

	if (t)
		*from = t + 1;
	return t;
}

static size_t count(const char *s, const char *needle)
{
	size_t n = 0;

	while ((s = strstr(s, needle))) {
		n++;
		s++;
	}
	return n;
}

/* The texts of the <text class="cls"> elements, joined by '|'. */
static void texts_of(const char *s, const char *cls, char *out, size_t len)
{
	char prefix[48];
	const char *t, *from = s;
	size_t n = 0;

	snprintf(prefix, sizeof(prefix), "<text class=\"%s\"", cls);
	out[0] = '\0';
	while ((t = next_tag(&from, prefix))) {
		const char *a = strchr(t, '>') + 1;
		const char *z = strchr(a, '<');
		int w = snprintf(out + n, len - n, "%s%.*s", n ? "|" : "",
				 (int)(z - a), a);

		assert_true(w > 0 && (size_t)w < len - n);
		n += (size_t)w;
	}
}

/* ---- Fixtures ---------------------------------------------------------- */

/*
 * The default plan from Monday 2 November 2026: referral from 7 September,
 * internship to 19 February 2027, aftercare from 22 February 2027.
 */
static void winter_plan(struct plan *p)
{
	struct plan_input in;

	plan_input_defaults(&in);
	in.first_teaching_day = D(2026, 11, 2);
	assert_int_equal(plan_derive(&in, p, NULL), 0);
}

static char *render(const struct timeline *t)
{
	struct buf b = BUF_INIT(0);

	assert_int_equal(timeline_svg(&b, t), 0);
	return buf_detach(&b, NULL);
}

static char *render_plan(const struct plan *p, date_t today)
{
	struct timeline t;

	timeline_from_plan(&t, p, today);
	return render(&t);
}

/* ---- The checker itself ----------------------------------------------- */

static void checker_refuses_what_it_should(void **state)
{
	static const char *const bad[] = {
		"<svg a=\"1\"><g></svg>",
		"<svg a=\"1\"><g></g>",
		"<svg a=1></svg>",
		"<svg a=\"1\"><rect x=\"1\" y='2'/></svg>",
		"<svg a=\"1\">a & b</svg>",
		"<svg a=\"1\">a > b</svg>",
		"<svg a=\"1\"><script>x</script></svg>",
		"<svg a=\"1\"><rect style=\"fill:red\"/></svg>",
		"<svg a=\"1\"><a href=\"javascript:x\">x</a></svg>",
		"<svg a=\"1\"></svg><svg a=\"1\"></svg>",
		"<div a=\"1\"></div>",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (!markup_fault(bad[i]))
			fail_msg("accepted: %s", bad[i]);
	assert_null(markup_fault("<svg a=\"1\">\n<title id=\"t\">a &amp; "
				 "&#39;b&#39;</title><rect x=\"1\"/></svg>\n"));
}

/* ---- Timeline ---------------------------------------------------------- */

static void timeline_is_well_formed_inline_svg(void **state)
{
	struct plan p;
	char *s;

	(void)state;
	winter_plan(&p);
	s = render_plan(&p, D(2026, 11, 18));
	assert_well_formed(s);
	assert_labelled(s);
	assert_non_null(strstr(s, "viewBox=\"0 0 1000 "));
	assert_null(strstr(s, " width=\"100")); /* scales with its box */
	free(s);
	plan_free(&p);
}

static void timeline_from_plan_takes_the_phase_dates(void **state)
{
	struct plan p;
	struct timeline t;

	(void)state;
	winter_plan(&p);
	timeline_from_plan(&t, &p, D(2026, 11, 18));
	assert_int_equal(t.phase[TIMELINE_REFERRAL].start, D(2026, 9, 7));
	assert_int_equal(t.phase[TIMELINE_REFERRAL].end, D(2026, 10, 2));
	assert_int_equal(t.phase[TIMELINE_PREPARATION].start, D(2026, 10, 5));
	assert_int_equal(t.phase[TIMELINE_PREPARATION].end, D(2026, 10, 30));
	assert_int_equal(t.phase[TIMELINE_TEACHING].start, D(2026, 11, 2));
	assert_int_equal(t.phase[TIMELINE_TEACHING].end, D(2026, 11, 26));
	assert_int_equal(t.phase[TIMELINE_INTERNSHIP].start, D(2026, 11, 30));
	assert_int_equal(t.phase[TIMELINE_INTERNSHIP].end, D(2027, 2, 19));
	assert_int_equal(t.phase[TIMELINE_AFTERCARE].start, D(2027, 2, 22));
	assert_ptr_equal(t.plan_days, p.days);
	assert_int_equal(t.nplan_days, p.ndays);
	assert_null(t.days);
	assert_int_equal(t.today, D(2026, 11, 18));
	plan_free(&p);
}

static void timeline_names_every_phase_in_danish(void **state)
{
	static const char *const labels[] = {
		">Henvisning</text>",
		">Forberedelse</text>",
		">Undervisning</text>",
		">Praktik og opfølgning</text>",
		">Efterværn</text>",
		">7. sep. – 2. okt.</text>",
		">30. nov. – 19. feb.</text>",
		">fra 22. feb.</text>",
		"Henvisning fra mandag 7. september 2026 til fredag 2. oktober "
		"2026.",
		"Forberedelse fra mandag 5. oktober 2026 til fredag 30. "
		"oktober "
		"2026.",
		"Undervisning fra mandag 2. november 2026 til torsdag 26. "
		"november 2026.",
		"Praktik og opfølgning fra mandag 30. november 2026 til fredag "
		"19. februar 2027.",
		"Efterværn fra mandag 22. februar 2027, efter behov.",
		"Kursusdage: 16 undervisningsdage og 10 ugentlige "
		"undervisningsdage i praktikken.",
		"I dag er onsdag 18. november 2026, i fasen "
		"Undervisning.</desc>",
	};
	struct plan p;
	size_t i;
	char *s;

	(void)state;
	winter_plan(&p);
	/* Juledag and Nytårsdag 2026/27 fall on the Fridays. */
	assert_int_equal(p.nweekly_days, 10);
	s = render_plan(&p, D(2026, 11, 18));
	for (i = 0; i < sizeof(labels) / sizeof(labels[0]); i++) {
		if (!strstr(s, labels[i]))
			fail_msg("missing: %s", labels[i]);
	}
	assert_int_equal(count(s, "<text class=\"tl-label\""), 5);
	free(s);
	plan_free(&p);
}

static void today_marker_only_when_today_is_drawn(void **state)
{
	static const struct {
		int y, m, d;
		size_t markers;
	} cases[] = {
		{2026, 9, 6, 0},   /* the day before referral opens */
		{2026, 9, 7, 1},   /* the first day drawn */
		{2026, 12, 24, 1}, /* in the internship */
		{2027, 3, 21, 1},  /* the last of four drawn aftercare weeks */
		{2027, 3, 22, 0},  /* past the drawn range */
		{2030, 1, 1, 0},
	};
	struct plan p;
	size_t i;
	char *s;

	(void)state;
	winter_plan(&p);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		s = render_plan(&p, D(cases[i].y, cases[i].m, cases[i].d));
		assert_int_equal(count(s, "class=\"tl-today\""),
				 cases[i].markers);
		assert_int_equal(count(s, ">I dag</text>"), cases[i].markers);
		assert_int_equal(count(s, " I dag er "), cases[i].markers);
		free(s);
	}
	s = render_plan(&p, TIMELINE_NO_TODAY);
	assert_int_equal(count(s, "tl-today"), 0);
	free(s);
	plan_free(&p);
}

static void today_marker_sits_in_the_middle_of_its_day(void **state)
{
	struct plan p;
	const char *line;
	char *s;

	(void)state;
	winter_plan(&p);
	/* 196 days over 968 units: day 98 starts at 16 + 484 = 500. */
	s = render_plan(&p, D(2026, 9, 7) + 98);
	line = strstr(s, "<line class=\"tl-today\"");
	assert_non_null(line);
	assert_true(attr_num(line, "x1") > 500.0);
	assert_true(attr_num(line, "x1") < 500.0 + 968.0 / 196);
	free(s);
	plan_free(&p);
}

static void same_input_gives_same_bytes(void **state)
{
	struct plan p;
	struct timeline t, copy;
	struct timeline_day days[3] = {
		{D(2026, 11, 2), PLAN_DAY_TEACHING, false},
		{D(2026, 11, 3), PLAN_DAY_TEACHING, true},
		{D(2026, 12, 4), PLAN_DAY_WEEKLY_TEACHING, false},
	};
	char *a, *b;

	(void)state;
	winter_plan(&p);
	timeline_from_plan(&t, &p, D(2026, 12, 1));
	t.days = days;
	t.ndays = 3;
	a = render(&t);
	copy = t;
	b = render(&copy);
	assert_string_equal(a, b);
	free(b);
	b = render(&t);
	assert_string_equal(a, b);
	free(a);
	free(b);
	plan_free(&p);
}

static void phase_bars_move_right_with_the_dates(void **state)
{
	struct plan p;
	const char *tag, *from;
	double x, prev = -1.0, end = 0.0;
	size_t n = 0;
	char *s;

	(void)state;
	winter_plan(&p);
	s = render_plan(&p, TIMELINE_NO_TODAY);
	from = s;
	while ((tag = next_tag(&from, "<rect class=\"tl-phase "))) {
		x = attr_num(tag, "x");
		assert_true(x > prev);
		/* No bar overlaps the one before. */
		assert_true(x + 1e-9 >= end);
		end = x + attr_num(tag, "width");
		prev = x;
		n++;
	}
	assert_int_equal(n, 4 + 4); /* four phases, four aftercare weeks */
	tag = strstr(s, "<rect class=\"tl-phase tl-referral\"");
	assert_non_null(tag);
	assert_true(attr_num(tag, "x") == 16.0);
	/* Aftercare ends four weeks after it starts, at the right edge. */
	tag = strstr(s, "<rect class=\"tl-aftercare-outline\"");
	assert_non_null(tag);
	assert_true(attr_num(tag, "x") + attr_num(tag, "width") == 984.0);
	free(s);
	plan_free(&p);
}

static void day_marks_move_right_with_the_dates(void **state)
{
	struct plan p;
	const char *tag, *from;
	double prev = -1.0;
	size_t n = 0;
	char *s;

	(void)state;
	winter_plan(&p);
	s = render_plan(&p, TIMELINE_NO_TODAY);
	from = s;
	while ((tag = next_tag(&from, "<rect class=\"tl-day "))) {
		assert_true(attr_num(tag, "x") > prev);
		prev = attr_num(tag, "x");
		n++;
	}
	assert_int_equal(n, p.ndays);
	assert_int_equal(count(s, "tl-day-teaching"), p.nteaching_days);
	assert_int_equal(count(s, "tl-day-weekly"), p.nweekly_days);
	free(s);
	plan_free(&p);
}

static void cancelled_day_is_drawn_hollow(void **state)
{
	struct plan p;
	struct timeline t;
	struct timeline_day days[2] = {
		{D(2026, 11, 2), PLAN_DAY_TEACHING, false},
		{D(2026, 11, 3), PLAN_DAY_TEACHING, true},
	};
	const char *planned, *cancelled, *end;
	char *s;

	(void)state;
	winter_plan(&p);
	timeline_from_plan(&t, &p, TIMELINE_NO_TODAY);
	t.days = days;
	t.ndays = 2;
	s = render(&t);
	planned = strstr(s, "<rect class=\"tl-day tl-day-teaching\"");
	cancelled = strstr(
		s, "<rect class=\"tl-day tl-day-teaching tl-day-cancelled\"");
	assert_non_null(planned);
	assert_non_null(cancelled);
	end = strchr(planned, '>');
	assert_true(strstr(planned, "fill=\"#1f5f8b\"") < end);
	end = strchr(cancelled, '>');
	assert_true(strstr(cancelled, "fill=\"#ffffff\"") < end);
	assert_true(strstr(cancelled, "stroke=\"#1f5f8b\"") < end);
	assert_true(attr_num(cancelled, "x") > attr_num(planned, "x"));
	assert_int_equal(count(s, "class=\"tl-day "), 2);
	assert_non_null(strstr(s, ">Aflyst undervisningsdag</text>"));
	assert_non_null(strstr(s, "i praktikken. Heraf er 1 aflyst."));
	free(s);
	plan_free(&p);
}

static void plan_without_cancellations_has_no_hollow_legend(void **state)
{
	struct plan p;
	char *s;

	(void)state;
	winter_plan(&p);
	s = render_plan(&p, TIMELINE_NO_TODAY);
	assert_int_equal(count(s, "tl-day-cancelled"), 0);
	assert_non_null(strstr(s, ">Undervisningsdag</text>"));
	assert_null(strstr(s, "Aflyst"));
	free(s);
	plan_free(&p);
}

static void days_outside_the_range_are_counted_not_drawn(void **state)
{
	struct plan p;
	struct timeline t;
	struct timeline_day days[2] = {
		{D(2026, 11, 2), PLAN_DAY_TEACHING, false},
		{D(2027, 6, 4), PLAN_DAY_WEEKLY_TEACHING, false},
	};
	char *s;

	(void)state;
	winter_plan(&p);
	timeline_from_plan(&t, &p, TIMELINE_NO_TODAY);
	t.days = days;
	t.ndays = 2;
	s = render(&t);
	assert_int_equal(count(s, "class=\"tl-day "), 1);
	assert_non_null(strstr(s, "Kursusdage: 1 undervisningsdag og 1 "
				  "ugentlig undervisningsdag i praktikken."));
	free(s);
	plan_free(&p);
}

static void month_labels_cross_new_year(void **state)
{
	struct plan p;
	char got[256];
	char *s;

	(void)state;
	winter_plan(&p);
	s = render_plan(&p, TIMELINE_NO_TODAY);
	texts_of(s, "tl-month", got, sizeof(got));
	assert_string_equal(got, "sep.|okt.|nov.|dec.|jan.|feb.|mar.");
	texts_of(s, "tl-year", got, sizeof(got));
	assert_string_equal(got, "2026|2027");
	/* Six month boundaries inside the range, each a grid line. */
	assert_int_equal(count(s, "<line class=\"tl-grid\""), 6);
	free(s);
	plan_free(&p);
}

static void a_sliver_of_a_month_gets_no_label(void **state)
{
	struct plan_input in;
	struct plan p;
	char got[256];
	char *s;

	(void)state;
	/* Referral opens Monday 28 September: three days of September. */
	plan_input_defaults(&in);
	in.first_teaching_day = D(2026, 11, 2);
	in.prep_weeks = 1;
	assert_int_equal(plan_derive(&in, &p, NULL), 0);
	assert_int_equal(p.referral_start, D(2026, 9, 28));
	s = render_plan(&p, TIMELINE_NO_TODAY);
	texts_of(s, "tl-month", got, sizeof(got));
	assert_string_equal(got, "okt.|nov.|dec.|jan.|feb.|mar.");
	texts_of(s, "tl-year", got, sizeof(got));
	assert_string_equal(got, "2026|2027");
	assert_well_formed(s);
	free(s);
	plan_free(&p);
}

static void short_phases_put_labels_on_more_rows(void **state)
{
	struct plan_input in;
	struct plan p;
	char *wide, *narrow;

	(void)state;
	plan_input_defaults(&in);
	in.first_teaching_day = D(2026, 11, 2);
	assert_int_equal(plan_derive(&in, &p, NULL), 0);
	wide = render_plan(&p, TIMELINE_NO_TODAY);
	plan_free(&p);
	in.prep_weeks = 1;
	in.teaching_weeks = 2;
	in.internship_weeks = 52;
	assert_int_equal(plan_derive(&in, &p, NULL), 0);
	narrow = render_plan(&p, TIMELINE_NO_TODAY);
	/* Four-week phases share one row; one- and two-week ones cannot. */
	assert_non_null(strstr(wide, "viewBox=\"0 0 1000 174\""));
	assert_null(strstr(narrow, "viewBox=\"0 0 1000 174\""));
	assert_well_formed(narrow);
	free(wide);
	free(narrow);
	plan_free(&p);
}

static void timeline_refuses_phases_out_of_order(void **state)
{
	struct plan p;
	struct timeline t, bad;
	struct buf b = BUF_INIT(0);

	(void)state;
	winter_plan(&p);
	timeline_from_plan(&t, &p, TIMELINE_NO_TODAY);

	bad = t; /* teaching starts before preparation ends */
	bad.phase[TIMELINE_TEACHING].start =
		bad.phase[TIMELINE_PREPARATION].end;
	assert_int_equal(timeline_svg(&b, &bad), -1);
	bad = t; /* a phase that ends before it starts */
	bad.phase[TIMELINE_INTERNSHIP].end =
		bad.phase[TIMELINE_INTERNSHIP].start - 1;
	assert_int_equal(timeline_svg(&b, &bad), -1);
	bad = t; /* years of aftercare away */
	bad.phase[TIMELINE_AFTERCARE].start += 4 * 366;
	assert_int_equal(timeline_svg(&b, &bad), -1);
	bad = t; /* plan days promised but missing */
	bad.plan_days = NULL;
	assert_int_equal(timeline_svg(&b, &bad), -1);
	assert_int_equal(timeline_svg(&b, NULL), -1);
	assert_int_equal(timeline_svg(NULL, &t), -1);
	assert_int_equal(b.len, 0); /* nothing half-drawn */
	assert_int_equal(timeline_svg(&b, &t), 0);
	buf_free(&b);
	plan_free(&p);
}

static void timeline_without_days_has_no_day_marks(void **state)
{
	struct timeline t;
	char *s;

	(void)state;
	memset(&t, 0, sizeof(t));
	t.phase[TIMELINE_REFERRAL] = (struct timeline_span){D(2027, 1, 4),
							    D(2027, 1, 29)};
	t.phase[TIMELINE_PREPARATION] = (struct timeline_span){D(2027, 2, 1),
							       D(2027, 2, 12)};
	t.phase[TIMELINE_TEACHING] = (struct timeline_span){D(2027, 2, 15),
							    D(2027, 3, 11)};
	t.phase[TIMELINE_INTERNSHIP] = (struct timeline_span){D(2027, 3, 15),
							      D(2027, 6, 4)};
	t.phase[TIMELINE_AFTERCARE] = (struct timeline_span){D(2027, 6, 7),
							     D(2027, 6, 7)};
	t.today = TIMELINE_NO_TODAY;
	s = render(&t);
	assert_well_formed(s);
	assert_int_equal(count(s, "tl-day"), 0);
	assert_null(strstr(s, "Kursusdage"));
	assert_null(strstr(s, "Undervisningsdag"));
	free(s);
}

static void timeline_appends_to_what_the_buffer_holds(void **state)
{
	struct plan p;
	struct timeline t;
	struct buf b = BUF_INIT(0);

	(void)state;
	winter_plan(&p);
	timeline_from_plan(&t, &p, TIMELINE_NO_TODAY);
	buf_puts(&b, "<figure>");
	assert_int_equal(timeline_svg(&b, &t), 0);
	assert_int_equal(strncmp(b.data, "<figure><svg ", 13), 0);
	assert_well_formed(b.data + strlen("<figure>"));
	buf_free(&b);
	plan_free(&p);
}

static void timeline_fails_when_the_buffer_is_full(void **state)
{
	struct plan p;
	struct timeline t;
	struct buf b = BUF_INIT(512);

	(void)state;
	winter_plan(&p);
	timeline_from_plan(&t, &p, TIMELINE_NO_TODAY);
	assert_int_equal(timeline_svg(&b, &t), -1);
	assert_true(buf_failed(&b));
	buf_free(&b);
	plan_free(&p);
}

/* ---- Capacity ---------------------------------------------------------- */

static void capacity_bar_follows_admitted(void **state)
{
	static const struct {
		int admitted, capacity;
		const char *bar;
		double width;
		const char *words;
	} cases[] = {
		{0, 10, "cap-bar cap-bar-low", 0.0, "Der mangler 8 for at nå"},
		{8, 8, "cap-bar cap-bar-ok", 224.0, "inden for det anbefalede"},
		{10, 10, "cap-bar cap-bar-ok", 280.0,
		 "inden for det anbefalede"},
		{11, 12, "cap-bar cap-bar-warn", 308.0, "større end anbefalet"},
		{16, 16, "cap-bar cap-bar-warn", 448.0, "større end anbefalet"},
		{17, 16, "cap-bar cap-bar-over", 448.0, "over det tilladte"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct buf b = BUF_INIT(0);
		char want[96];
		const char *bar, *limit;

		assert_int_equal(
			capacity_svg(&b, cases[i].admitted, cases[i].capacity),
			0);
		assert_well_formed(b.data);
		assert_labelled(b.data);
		snprintf(want, sizeof(want), "<rect class=\"%s\"",
			 cases[i].bar);
		bar = strstr(b.data, want);
		assert_non_null(bar);
		assert_true(attr_num(bar, "x") == 16.0);
		assert_true(attr_num(bar, "width") == cases[i].width);
		assert_int_equal(count(b.data, "<rect class=\"cap-bar "), 1);
		/* The cohort's setting is marked where its number sits. */
		limit = strstr(b.data, "<line class=\"cap-limit\"");
		assert_non_null(limit);
		assert_true(attr_num(limit, "x1") ==
			    16.0 + 28.0 * cases[i].capacity);
		snprintf(want, sizeof(want), ">Optaget: %d af %d pladser<",
			 cases[i].admitted, cases[i].capacity);
		assert_non_null(strstr(b.data, want));
		assert_non_null(strstr(b.data, cases[i].words));
		assert_non_null(strstr(b.data, ">8</text>"));
		assert_non_null(strstr(b.data, ">10</text>"));
		assert_non_null(strstr(b.data, ">16</text>"));
		buf_free(&b);
	}
}

static void capacity_bands_sit_at_the_rules(void **state)
{
	struct buf b = BUF_INIT(0);
	const char *low, *ok, *warn;

	(void)state;
	assert_int_equal(capacity_svg(&b, 9, 10), 0);
	low = strstr(b.data, "<rect class=\"cap-band cap-band-low\"");
	ok = strstr(b.data, "<rect class=\"cap-band cap-band-ok\"");
	warn = strstr(b.data, "<rect class=\"cap-band cap-band-warn\"");
	assert_true(low && ok && warn);
	assert_true(attr_num(ok, "x") == 16.0 + 28.0 * COHORT_CAPACITY_MIN);
	assert_true(attr_num(ok, "width") == 28.0 * 2);
	assert_true(attr_num(warn, "x") ==
		    16.0 + 28.0 * COHORT_CAPACITY_RECOMMENDED);
	assert_true(attr_num(warn, "x") + attr_num(warn, "width") ==
		    16.0 + 28.0 * COHORT_CAPACITY_MAX);
	assert_non_null(strstr(b.data, "9 deltagere optaget på et hold med "
				       "10 pladser."));
	buf_free(&b);
}

static void capacity_says_when_more_are_admitted_than_seats(void **state)
{
	struct buf b = BUF_INIT(0);

	(void)state;
	assert_int_equal(capacity_svg(&b, 9, 8), 0);
	assert_non_null(strstr(b.data, "flere, end holdet har pladser"));
	buf_reset(&b);
	assert_int_equal(capacity_svg(&b, 1, 8), 0);
	assert_null(strstr(b.data, "flere, end"));
	assert_non_null(strstr(b.data, "1 deltager optaget"));
	buf_free(&b);
}

static void capacity_refuses_settings_outside_the_rules(void **state)
{
	struct buf b = BUF_INIT(0);

	(void)state;
	assert_int_equal(capacity_svg(&b, -1, 10), -1);
	assert_int_equal(capacity_svg(&b, 5, COHORT_CAPACITY_MIN - 1), -1);
	assert_int_equal(capacity_svg(&b, 5, COHORT_CAPACITY_MAX + 1), -1);
	assert_int_equal(capacity_svg(NULL, 5, 10), -1);
	assert_int_equal(b.len, 0);
	buf_free(&b);
}

static void capacity_same_input_gives_same_bytes(void **state)
{
	struct buf a = BUF_INIT(0), b = BUF_INIT(0), c = BUF_INIT(0);

	(void)state;
	assert_int_equal(capacity_svg(&a, 9, 10), 0);
	assert_int_equal(capacity_svg(&b, 9, 10), 0);
	assert_int_equal(capacity_svg(&c, 10, 10), 0);
	assert_string_equal(a.data, b.data);
	assert_string_not_equal(a.data, c.data);
	buf_free(&a);
	buf_free(&b);
	buf_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(checker_refuses_what_it_should),
		cmocka_unit_test(timeline_is_well_formed_inline_svg),
		cmocka_unit_test(timeline_from_plan_takes_the_phase_dates),
		cmocka_unit_test(timeline_names_every_phase_in_danish),
		cmocka_unit_test(today_marker_only_when_today_is_drawn),
		cmocka_unit_test(today_marker_sits_in_the_middle_of_its_day),
		cmocka_unit_test(same_input_gives_same_bytes),
		cmocka_unit_test(phase_bars_move_right_with_the_dates),
		cmocka_unit_test(day_marks_move_right_with_the_dates),
		cmocka_unit_test(cancelled_day_is_drawn_hollow),
		cmocka_unit_test(
			plan_without_cancellations_has_no_hollow_legend),
		cmocka_unit_test(days_outside_the_range_are_counted_not_drawn),
		cmocka_unit_test(month_labels_cross_new_year),
		cmocka_unit_test(a_sliver_of_a_month_gets_no_label),
		cmocka_unit_test(short_phases_put_labels_on_more_rows),
		cmocka_unit_test(timeline_refuses_phases_out_of_order),
		cmocka_unit_test(timeline_without_days_has_no_day_marks),
		cmocka_unit_test(timeline_appends_to_what_the_buffer_holds),
		cmocka_unit_test(timeline_fails_when_the_buffer_is_full),
		cmocka_unit_test(capacity_bar_follows_admitted),
		cmocka_unit_test(capacity_bands_sit_at_the_rules),
		cmocka_unit_test(
			capacity_says_when_more_are_admitted_than_seats),
		cmocka_unit_test(capacity_refuses_settings_outside_the_rules),
		cmocka_unit_test(capacity_same_input_gives_same_bytes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
