/*
 * timeline: the phase timeline and the capacity bar as inline SVG. Only
 * presentation attributes and class names (the page's CSP forbids inline
 * styles), all text through html_text, every coordinate an integer count of
 * tenths, so the same input gives the same bytes on every machine.
 */
#include "timeline.h"

#include <stdint.h>
#include <stdio.h>

#include "cohort.h"
#include "html.h"

/* Timeline layout in viewBox units (about CSS pixels at 1000 wide). */
#define TL_WIDTH	   1000
#define TL_LEFT		   16
#define TL_RIGHT	   984
#define TL_TODAY_LABEL_Y   14
#define TL_TODAY_TOP	   19
#define TL_GRID_TOP	   22
#define TL_MONTH_Y	   36
#define TL_YEAR_Y	   50
#define TL_TICK_Y	   56
#define TL_TICK_H	   12
#define TL_BAR_Y	   72
#define TL_BAR_H	   30
#define TL_BAR_GAP	   15  /* tenths left white between two bars */
#define TL_LABEL_Y	   124 /* name baseline of the first label row */
#define TL_LABEL_DATES	   16  /* dates baseline below the name */
#define TL_LABEL_ROW	   38
#define TL_LABEL_GAP	   10 /* between two labels on one row */
#define TL_SWATCH	   10
#define TL_MONTH_MIN	   30 /* a narrower month is too short to name */
#define TL_AFTERCARE_STEPS 4

/*
 * Text widths are estimated (the server cannot measure fonts), in tenths per
 * character, generously so that labels never collide in common fonts.
 */
#define TL_NAME_CHAR  80 /* 13 bold */
#define TL_DATES_CHAR 62 /* 12 */

/* Capacity bar layout: participant n sits at CAP_LEFT + n * CAP_STEP. */
#define CAP_WIDTH  480
#define CAP_LEFT   16
#define CAP_STEP   28
#define CAP_BAND_Y 30
#define CAP_BAND_H 28
#define CAP_BAR_Y  37
#define CAP_BAR_H  14
#define CAP_AXIS_Y 76
#define CAP_NOTE_Y 98
#define CAP_HEIGHT 108

#define TL_INK	 "#1d2330"
#define TL_MUTED "#5b6473"
#define TL_GRID	 "#d8dde6"

struct tl_phase_look {
	enum plan_phase plan_phase; /* for its Danish name */
	const char *cls;
	const char *fill;
};

/* Calm, distinct hues; the labels under the bars carry the meaning too. */
static const struct tl_phase_look tl_look[TIMELINE_PHASE__MAX] = {
	[TIMELINE_REFERRAL] = {PLAN_REFERRAL, "tl-referral", "#8a9ab0"},
	[TIMELINE_PREPARATION] = {PLAN_PREPARATION, "tl-preparation",
				  "#d9a645"},
	[TIMELINE_TEACHING] = {PLAN_TEACHING, "tl-teaching", "#1f5f8b"},
	[TIMELINE_INTERNSHIP] = {PLAN_INTERNSHIP, "tl-internship", "#3f8f6a"},
	[TIMELINE_AFTERCARE] = {PLAN_AFTERCARE, "tl-aftercare", "#8a6aa8"},
};

/* Opacity in tenths of each aftercare week, so it fades without an id. */
static const int tl_fade[TL_AFTERCARE_STEPS] = {8, 6, 4, 2};

struct tl_label {
	long x; /* tenths */
	int row;
	char dates[64];
};

struct tl_layout {
	date_t start, end;		     /* drawn range, end exclusive */
	long bar_x[TIMELINE_PHASE__MAX + 1]; /* tenths; [5] is the range end */
	struct tl_label label[TIMELINE_PHASE__MAX];
	int nrows;
	int height;
	bool today;
	size_t nteaching, nweekly, ncancelled;
};

/* ---- Small writers ----------------------------------------------------- */

/* Tenths as a fixed "12.3": never locale, exponent or rounding surprises. */
static void put_num(struct buf *b, long tenths)
{
	if (tenths < 0) {
		buf_putc(b, '-');
		tenths = -tenths;
	}
	buf_printf(b, "%ld.%ld", tenths / 10, tenths % 10);
}

static size_t utf8_chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

/* FNV-1a: ids from the content, so identical pictures share ids harmlessly. */
static uint32_t fnv1a(uint32_t h, const char *s)
{
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 16777619u;
	}
	return h;
}

/*
 * The opening tag with title and desc that aria-labelledby points at. A page
 * may hold several pictures, so the ids come from the words they hold.
 */
static void svg_open(struct buf *b, const char *cls, int w, int h,
		     const char *title, const char *desc)
{
	uint32_t id = fnv1a(fnv1a(2166136261u, title), desc);

	buf_printf(b,
		   "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"%s\" "
		   "viewBox=\"0 0 %d %d\" role=\"img\" "
		   "aria-labelledby=\"%s-%08x-t %s-%08x-d\" "
		   "font-family=\"system-ui, sans-serif\" fill=\"" TL_INK
		   "\">\n",
		   cls, w, h, cls, (unsigned)id, cls, (unsigned)id);
	buf_printf(b, "<title id=\"%s-%08x-t\">", cls, (unsigned)id);
	html_text(b, title);
	buf_printf(b, "</title>\n<desc id=\"%s-%08x-d\">", cls, (unsigned)id);
	html_text(b, desc);
	buf_puts(b, "</desc>\n");
}

/* attrs: constant presentation attributes (never data), or "". */
static void svg_text(struct buf *b, const char *cls, long x, int y,
		     const char *attrs, const char *text)
{
	buf_printf(b, "<text class=\"%s\" x=\"", cls);
	put_num(b, x);
	buf_printf(b, "\" y=\"%d\"%s>", y, attrs);
	html_text(b, text);
	buf_puts(b, "</text>\n");
}

/* "3. feb." (no weekday, no year: the axis shows those). */
static void short_date(date_t d, char *out, size_t len)
{
	int m, day;

	date_to_civil(d, NULL, &m, &day);
	snprintf(out, len, "%d. %s", day, date_month_short(m));
}

/* ---- Timeline: checks and layout --------------------------------------- */

static date_t tl_range_end(const struct timeline *t)
{
	return t->phase[TIMELINE_AFTERCARE].start + TIMELINE_AFTERCARE_DAYS;
}

static int tl_valid(const struct timeline *t)
{
	int64_t lo = date_from_civil(DATE_YEAR_MIN, 1, 1);
	int64_t hi = date_from_civil(DATE_YEAR_MAX, 1, 1);
	int64_t start = t->phase[TIMELINE_REFERRAL].start;
	int64_t aftercare = t->phase[TIMELINE_AFTERCARE].start;
	int i;

	if (start < lo || aftercare > hi)
		return -1;
	if (aftercare + TIMELINE_AFTERCARE_DAYS - start >
	    TIMELINE_RANGE_DAYS_MAX)
		return -1;
	for (i = 0; i < TIMELINE_AFTERCARE; i++) {
		if (t->phase[i].end < t->phase[i].start)
			return -1;
		if (t->phase[i + 1].start <= t->phase[i].end)
			return -1;
	}
	if (!t->days && !t->plan_days && t->nplan_days > 0)
		return -1;
	return 0;
}

static size_t tl_ndays(const struct timeline *t)
{
	return t->days ? t->ndays : t->nplan_days;
}

static struct timeline_day tl_day(const struct timeline *t, size_t i)
{
	struct timeline_day d = {0, PLAN_DAY_TEACHING, false};

	if (t->days)
		return t->days[i];
	d.date = t->plan_days[i].date;
	d.kind = t->plan_days[i].kind;
	return d;
}

/* Tenths from the left edge of the viewBox to the start of day d. */
static long tl_x(const struct tl_layout *l, date_t d)
{
	int64_t span = (int64_t)l->end - l->start;
	int64_t off = (int64_t)d - l->start;
	int64_t plot = (TL_RIGHT - TL_LEFT) * 10;

	return TL_LEFT * 10 + (long)((2 * off * plot + span) / (2 * span));
}

static long tl_day_width(const struct tl_layout *l)
{
	return (long)((TL_RIGHT - TL_LEFT) * 10 / (l->end - l->start));
}

static bool tl_in_range(const struct tl_layout *l, date_t d)
{
	return d >= l->start && d < l->end;
}

static long tl_label_width(const char *name, const char *dates)
{
	long wn = (long)utf8_chars(name) * TL_NAME_CHAR;
	long wd = (long)utf8_chars(dates) * TL_DATES_CHAR;

	return (TL_SWATCH + 4) * 10 + (wn > wd ? wn : wd);
}

/*
 * Labels go under their bars, left-aligned with them; one that would run
 * into the previous label on its row drops to the first row with room.
 */
static void tl_place_labels(const struct timeline *t, struct tl_layout *l)
{
	long row_end[TIMELINE_PHASE__MAX] = {0};
	int i, r;

	l->nrows = 1;
	for (i = 0; i < TIMELINE_PHASE__MAX; i++) {
		struct tl_label *lb = &l->label[i];
		const char *name = plan_phase_name(tl_look[i].plan_phase);
		char a[16], z[16];
		long w;

		short_date(t->phase[i].start, a, sizeof(a));
		short_date(t->phase[i].end, z, sizeof(z));
		if (i == TIMELINE_AFTERCARE)
			snprintf(lb->dates, sizeof(lb->dates), "fra %s", a);
		else
			snprintf(lb->dates, sizeof(lb->dates), "%s – %s", a, z);
		w = tl_label_width(name, lb->dates);
		lb->x = l->bar_x[i];
		if (lb->x + w > TL_RIGHT * 10)
			lb->x = TL_RIGHT * 10 - w;
		if (lb->x < TL_LEFT * 10)
			lb->x = TL_LEFT * 10;
		for (r = 0; r < l->nrows; r++)
			if (row_end[r] <= lb->x)
				break;
		if (r == l->nrows)
			l->nrows++;
		lb->row = r;
		row_end[r] = lb->x + w + TL_LABEL_GAP * 10;
	}
}

static void tl_layout(const struct timeline *t, struct tl_layout *l)
{
	size_t i, n = tl_ndays(t);
	int p, bottom;

	l->start = t->phase[TIMELINE_REFERRAL].start;
	l->end = tl_range_end(t);
	for (p = 0; p < TIMELINE_PHASE__MAX; p++)
		l->bar_x[p] = tl_x(l, t->phase[p].start);
	l->bar_x[TIMELINE_PHASE__MAX] = tl_x(l, l->end);
	l->today = t->today != TIMELINE_NO_TODAY && tl_in_range(l, t->today);
	l->nteaching = l->nweekly = l->ncancelled = 0;
	for (i = 0; i < n; i++) {
		struct timeline_day d = tl_day(t, i);

		if (d.kind == PLAN_DAY_WEEKLY_TEACHING)
			l->nweekly++;
		else
			l->nteaching++;
		if (d.cancelled)
			l->ncancelled++;
	}
	tl_place_labels(t, l);
	bottom = TL_LABEL_Y + (l->nrows - 1) * TL_LABEL_ROW + TL_LABEL_DATES;
	if (n > 0)
		bottom += 26; /* the legend for the day marks */
	l->height = bottom + 8;
}

/* ---- Timeline: words --------------------------------------------------- */

static const char *plural(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

/* The phase today falls in: the last one started on or before it. */
static int tl_phase_of(const struct timeline *t, date_t d)
{
	int p = TIMELINE_PHASE__MAX - 1;

	while (p > 0 && t->phase[p].start > d)
		p--;
	return p;
}

static int tl_desc(struct buf *b, const struct timeline *t,
		   const struct tl_layout *l)
{
	char a[DATE_DA_LEN], z[DATE_DA_LEN];
	int p;

	for (p = 0; p < TIMELINE_PHASE__MAX; p++) {
		const char *name = plan_phase_name(tl_look[p].plan_phase);

		if (date_format_da(t->phase[p].start, a, sizeof(a)) < 0 ||
		    date_format_da(t->phase[p].end, z, sizeof(z)) < 0)
			return -1;
		if (p == TIMELINE_AFTERCARE)
			buf_printf(b, "%s fra %s, efter behov.", name, a);
		else
			buf_printf(b, "%s fra %s til %s. ", name, a, z);
	}
	if (l->nteaching + l->nweekly > 0) {
		buf_printf(b, " Kursusdage: %zu %s og %zu %s i praktikken",
			   l->nteaching,
			   plural(l->nteaching, "undervisningsdag",
				  "undervisningsdage"),
			   l->nweekly,
			   plural(l->nweekly, "ugentlig undervisningsdag",
				  "ugentlige undervisningsdage"));
		buf_putc(b, '.');
		if (l->ncancelled > 0)
			buf_printf(b, " Heraf er %zu aflyst.", l->ncancelled);
	}
	if (l->today) {
		if (date_format_da(t->today, a, sizeof(a)) < 0)
			return -1;
		buf_printf(
			b, " I dag er %s, i fasen %s.", a,
			plan_phase_name(
				tl_look[tl_phase_of(t, t->today)].plan_phase));
	}
	return buf_failed(b) ? -1 : 0;
}

/* ---- Timeline: drawing ------------------------------------------------- */

/* Month boundaries as grid lines, each month named where it has room. */
static void tl_draw_months(struct buf *b, const struct tl_layout *l)
{
	int y, m, day;
	date_t ms, next, from, to;
	bool first = true;

	date_to_civil(l->start, &y, &m, &day);
	for (ms = date_from_civil(y, m, 1); ms < l->end; ms = next) {
		long lx, room;

		next = m == 12 ? date_from_civil(y + 1, 1, 1)
			       : date_from_civil(y, m + 1, 1);
		from = ms > l->start ? ms : l->start;
		to = next < l->end ? next : l->end;
		if (ms > l->start) {
			buf_puts(b, "<line class=\"tl-grid\" x1=\"");
			put_num(b, tl_x(l, ms));
			buf_puts(b, "\" x2=\"");
			put_num(b, tl_x(l, ms));
			buf_printf(b,
				   "\" y1=\"%d\" y2=\"%d\" stroke=\"" TL_GRID
				   "\" stroke-width=\"1\"/>\n",
				   TL_GRID_TOP, TL_BAR_Y + TL_BAR_H + 4);
		}
		lx = tl_x(l, from) + 40;
		room = tl_x(l, to) - lx;
		if (room >= TL_MONTH_MIN * 10) {
			char year[8];

			svg_text(b, "tl-month", lx, TL_MONTH_Y, "",
				 date_month_short(m));
			/* The year where reading starts and where it turns. */
			if (first || m == 1) {
				snprintf(year, sizeof(year), "%d", y);
				svg_text(b, "tl-year", lx, TL_YEAR_Y, "", year);
			}
			first = false;
		}
		if (++m > 12) {
			m = 1;
			y++;
		}
	}
}

static void tl_rect(struct buf *b, const char *cls, long x, int y, long w,
		    int h)
{
	buf_printf(b, "<rect class=\"%s\" x=\"", cls);
	put_num(b, x);
	buf_printf(b, "\" y=\"%d\" width=\"", y);
	put_num(b, w > 0 ? w : 0);
	buf_printf(b, "\" height=\"%d\"", h);
}

/* Each bar runs to where the next phase starts, as plan_phase_on counts. */
static void tl_draw_bars(struct buf *b, const struct tl_layout *l)
{
	const struct tl_phase_look *ac = &tl_look[TIMELINE_AFTERCARE];
	long x0 = l->bar_x[TIMELINE_AFTERCARE];
	long x1 = l->bar_x[TIMELINE_PHASE__MAX];
	char cls[48];
	int p, s;

	for (p = 0; p < TIMELINE_AFTERCARE; p++) {
		const struct tl_phase_look *k = &tl_look[p];
		long x = l->bar_x[p];

		snprintf(cls, sizeof(cls), "tl-phase %s", k->cls);
		tl_rect(b, cls, x, TL_BAR_Y, l->bar_x[p + 1] - x - TL_BAR_GAP,
			TL_BAR_H);
		buf_printf(b, " rx=\"3\" fill=\"%s\"><title>", k->fill);
		html_text(b, plan_phase_name(k->plan_phase));
		buf_puts(b, ": ");
		html_text(b, l->label[p].dates);
		buf_puts(b, "</title></rect>\n");
	}
	/* Open-ended: weeks of fading colour inside a dashed outline. */
	snprintf(cls, sizeof(cls), "tl-phase %s", ac->cls);
	for (s = 0; s < TL_AFTERCARE_STEPS; s++) {
		long a = x0 + (x1 - x0) * s / TL_AFTERCARE_STEPS;
		long z = x0 + (x1 - x0) * (s + 1) / TL_AFTERCARE_STEPS;

		tl_rect(b, cls, a, TL_BAR_Y, z - a, TL_BAR_H);
		buf_printf(b, " fill=\"%s\" fill-opacity=\"0.%d\"/>\n",
			   ac->fill, tl_fade[s]);
	}
	tl_rect(b, "tl-aftercare-outline", x0, TL_BAR_Y, x1 - x0, TL_BAR_H);
	buf_printf(b,
		   " rx=\"3\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" "
		   "stroke-dasharray=\"5 4\"><title>",
		   ac->fill);
	html_text(b, plan_phase_name(ac->plan_phase));
	buf_puts(b, ": ");
	html_text(b, l->label[TIMELINE_AFTERCARE].dates);
	buf_puts(b, ", efter behov</title></rect>\n");
}

static void tl_draw_tick(struct buf *b, const struct tl_layout *l,
			 struct timeline_day d)
{
	const char *fill = tl_look[TIMELINE_TEACHING].fill;
	long dw = tl_day_width(l);
	long w = dw - 12;
	char cls[64];

	if (w < 10)
		w = 10;
	if (w > 60)
		w = 60;
	snprintf(cls, sizeof(cls), "tl-day %s%s",
		 d.kind == PLAN_DAY_WEEKLY_TEACHING ? "tl-day-weekly"
						    : "tl-day-teaching",
		 d.cancelled ? " tl-day-cancelled" : "");
	tl_rect(b, cls, tl_x(l, d.date) + (dw - w) / 2, TL_TICK_Y, w,
		TL_TICK_H);
	/* Hollow: the day was planned but will not be held. */
	if (d.cancelled)
		buf_printf(b,
			   " fill=\"#ffffff\" stroke=\"%s\" "
			   "stroke-width=\"1\"/>\n",
			   fill);
	else
		buf_printf(b, " fill=\"%s\"/>\n", fill);
}

static void tl_draw_days(struct buf *b, const struct timeline *t,
			 const struct tl_layout *l)
{
	size_t i, n = tl_ndays(t);

	for (i = 0; i < n; i++) {
		struct timeline_day d = tl_day(t, i);

		if (tl_in_range(l, d.date))
			tl_draw_tick(b, l, d);
	}
}

static void tl_draw_today(struct buf *b, const struct timeline *t,
			  const struct tl_layout *l)
{
	long x = tl_x(l, t->today) + tl_day_width(l) / 2;
	long lx = x;

	if (lx < (TL_LEFT + 20) * 10)
		lx = (TL_LEFT + 20) * 10;
	if (lx > (TL_RIGHT - 20) * 10)
		lx = (TL_RIGHT - 20) * 10;
	buf_puts(b, "<line class=\"tl-today\" x1=\"");
	put_num(b, x);
	buf_puts(b, "\" x2=\"");
	put_num(b, x);
	buf_printf(b,
		   "\" y1=\"%d\" y2=\"%d\" stroke=\"" TL_INK
		   "\" stroke-width=\"2\"/>\n",
		   TL_TODAY_TOP, TL_BAR_Y + TL_BAR_H + 6);
	buf_puts(b, "<text class=\"tl-today-label\" x=\"");
	put_num(b, lx);
	buf_printf(b,
		   "\" y=\"%d\" text-anchor=\"middle\" font-size=\"13\" "
		   "font-weight=\"700\">I dag</text>\n",
		   TL_TODAY_LABEL_Y);
}

static void tl_draw_labels(struct buf *b, const struct tl_layout *l)
{
	int p;

	for (p = 0; p < TIMELINE_PHASE__MAX; p++) {
		const struct tl_label *lb = &l->label[p];
		const struct tl_phase_look *k = &tl_look[p];
		int y = TL_LABEL_Y + lb->row * TL_LABEL_ROW;
		char cls[48];

		snprintf(cls, sizeof(cls), "tl-swatch %s", k->cls);
		tl_rect(b, cls, lb->x, y - TL_SWATCH, TL_SWATCH * 10,
			TL_SWATCH);
		buf_printf(b, " rx=\"2\" fill=\"%s\"/>\n", k->fill);
		svg_text(b, "tl-label", lb->x + (TL_SWATCH + 4) * 10, y,
			 " font-weight=\"600\"",
			 plan_phase_name(k->plan_phase));
		svg_text(b, "tl-dates", lb->x + (TL_SWATCH + 4) * 10,
			 y + TL_LABEL_DATES,
			 " font-size=\"12\" fill=\"" TL_MUTED "\"", lb->dates);
	}
}

/* What the day marks mean, under everything else. */
static void tl_draw_legend(struct buf *b, const struct tl_layout *l)
{
	const char *fill = tl_look[TIMELINE_TEACHING].fill;
	int y = l->height - 8;
	long x = TL_LEFT * 10;

	if (l->nteaching + l->nweekly == 0)
		return;
	tl_rect(b, "tl-legend-day", x, y - 11, 40, TL_TICK_H);
	buf_printf(b, " fill=\"%s\"/>\n", fill);
	svg_text(b, "tl-legend", x + 100, y, "", "Undervisningsdag");
	if (l->ncancelled == 0)
		return;
	x += 1800;
	tl_rect(b, "tl-legend-day tl-day-cancelled", x, y - 11, 40, TL_TICK_H);
	buf_printf(b, " fill=\"#ffffff\" stroke=\"%s\" stroke-width=\"1\"/>\n",
		   fill);
	svg_text(b, "tl-legend", x + 100, y, "", "Aflyst undervisningsdag");
}

/* ---- Timeline: the API ------------------------------------------------- */

void timeline_from_plan(struct timeline *t, const struct plan *p, date_t today)
{
	t->phase[TIMELINE_REFERRAL].start = p->referral_start;
	t->phase[TIMELINE_REFERRAL].end = p->referral_deadline;
	t->phase[TIMELINE_PREPARATION].start = p->prep_start;
	t->phase[TIMELINE_PREPARATION].end = p->prep_end;
	t->phase[TIMELINE_TEACHING].start = p->teaching_start;
	t->phase[TIMELINE_TEACHING].end = p->teaching_end;
	t->phase[TIMELINE_INTERNSHIP].start = p->internship_start;
	t->phase[TIMELINE_INTERNSHIP].end = p->internship_end;
	t->phase[TIMELINE_AFTERCARE].start = p->aftercare_start;
	t->phase[TIMELINE_AFTERCARE].end = p->aftercare_start;
	t->days = NULL;
	t->ndays = 0;
	t->plan_days = p->days;
	t->nplan_days = p->ndays;
	t->today = today;
}

int timeline_svg(struct buf *out, const struct timeline *t)
{
	struct buf desc = BUF_INIT(0);
	struct tl_layout l;
	int rc = -1;

	if (!out || !t || tl_valid(t) < 0)
		goto out;
	tl_layout(t, &l);
	if (tl_desc(&desc, t, &l) < 0)
		goto out;
	svg_open(out, "timeline", TL_WIDTH, l.height, "Tidslinje for forløbet",
		 desc.data);
	buf_puts(out, "<g font-size=\"12\" fill=\"" TL_MUTED "\">\n");
	tl_draw_months(out, &l);
	buf_puts(out, "</g>\n");
	tl_draw_bars(out, &l);
	tl_draw_days(out, t, &l);
	if (l.today)
		tl_draw_today(out, t, &l);
	buf_puts(out, "<g font-size=\"13\">\n");
	tl_draw_labels(out, &l);
	buf_puts(out, "</g>\n<g font-size=\"12\">\n");
	tl_draw_legend(out, &l);
	buf_puts(out, "</g>\n</svg>\n");
	rc = buf_failed(out) ? -1 : 0;
out:
	buf_free(&desc);
	return rc;
}

/* ---- Capacity ---------------------------------------------------------- */

enum cap_state { CAP_LOW, CAP_OK, CAP_WARN, CAP_OVER, CAP_STATE__MAX };

struct cap_look {
	const char *cls;
	const char *fill;
};

static const struct cap_look cap_bar_look[CAP_STATE__MAX] = {
	[CAP_LOW] = {"cap-bar cap-bar-low", "#8a9ab0"},
	[CAP_OK] = {"cap-bar cap-bar-ok", "#1e7a46"},
	[CAP_WARN] = {"cap-bar cap-bar-warn", "#9a5b00"},
	[CAP_OVER] = {"cap-bar cap-bar-over", "#b3261e"},
};

static enum cap_state cap_state_of(int admitted)
{
	if (admitted > COHORT_CAPACITY_MAX)
		return CAP_OVER;
	if (admitted > COHORT_CAPACITY_RECOMMENDED)
		return CAP_WARN;
	if (admitted >= COHORT_CAPACITY_MIN)
		return CAP_OK;
	return CAP_LOW;
}

static long cap_x(int n)
{
	return (long)(CAP_LEFT + n * CAP_STEP) * 10;
}

static void cap_desc(struct buf *b, int admitted, int capacity)
{
	buf_printf(b,
		   "%d %s optaget på et hold med %d pladser. Anbefalet "
		   "holdstørrelse er %d til %d deltagere; over %d giver en "
		   "advarsel, og højst %d er tilladt. ",
		   admitted, admitted == 1 ? "deltager" : "deltagere", capacity,
		   COHORT_CAPACITY_MIN, COHORT_CAPACITY_RECOMMENDED,
		   COHORT_CAPACITY_RECOMMENDED, COHORT_CAPACITY_MAX);
	switch (cap_state_of(admitted)) {
	case CAP_LOW:
		buf_printf(b, "Der mangler %d for at nå mindst %d.",
			   COHORT_CAPACITY_MIN - admitted, COHORT_CAPACITY_MIN);
		break;
	case CAP_OK:
		buf_puts(b, "Holdet er inden for det anbefalede.");
		break;
	case CAP_WARN:
		buf_puts(b, "Holdet er større end anbefalet.");
		break;
	default:
		buf_printf(b, "Holdet er over det tilladte maksimum på %d.",
			   COHORT_CAPACITY_MAX);
		break;
	}
	if (admitted > capacity)
		buf_puts(b, " Der er optaget flere, end holdet har pladser.");
}

static void cap_band(struct buf *b, const char *cls, int from, int to,
		     const char *fill)
{
	tl_rect(b, cls, cap_x(from), CAP_BAND_Y, cap_x(to) - cap_x(from),
		CAP_BAND_H);
	buf_printf(b, " fill=\"%s\"/>\n", fill);
}

static void cap_draw(struct buf *b, int admitted, int capacity)
{
	const struct cap_look *k = &cap_bar_look[cap_state_of(admitted)];
	int shown = admitted < COHORT_CAPACITY_MAX ? admitted
						   : COHORT_CAPACITY_MAX;
	char text[64];

	snprintf(text, sizeof(text), "Optaget: %d af %d pladser", admitted,
		 capacity);
	svg_text(b, "cap-heading", cap_x(0), 20,
		 " font-size=\"15\" font-weight=\"600\"", text);
	cap_band(b, "cap-band cap-band-low", 0, COHORT_CAPACITY_MIN, "#eef1f5");
	cap_band(b, "cap-band cap-band-ok", COHORT_CAPACITY_MIN,
		 COHORT_CAPACITY_RECOMMENDED, "#d5ecdc");
	cap_band(b, "cap-band cap-band-warn", COHORT_CAPACITY_RECOMMENDED,
		 COHORT_CAPACITY_MAX, "#f6e7cc");
	tl_rect(b, k->cls, cap_x(0), CAP_BAR_Y, cap_x(shown) - cap_x(0),
		CAP_BAR_H);
	buf_printf(b, " fill=\"%s\"/>\n", k->fill);
	/* The cohort's own setting, as a post standing across the bar. */
	buf_puts(b, "<line class=\"cap-limit\" x1=\"");
	put_num(b, cap_x(capacity));
	buf_puts(b, "\" x2=\"");
	put_num(b, cap_x(capacity));
	buf_printf(b,
		   "\" y1=\"%d\" y2=\"%d\" stroke=\"" TL_INK
		   "\" stroke-width=\"3\"><title>Holdets pladser: %d</title>"
		   "</line>\n",
		   CAP_BAND_Y - 4, CAP_BAND_Y + CAP_BAND_H + 4, capacity);
}

/* The numbers of the rules under the bar, and what the post means. */
static void cap_draw_scale(struct buf *b)
{
	const int marks[] = {0, COHORT_CAPACITY_MIN,
			     COHORT_CAPACITY_RECOMMENDED, COHORT_CAPACITY_MAX};
	long key = cap_x(COHORT_CAPACITY_MAX) - 1300;
	char text[64];
	size_t i;

	buf_puts(b, "<g font-size=\"12\" fill=\"" TL_MUTED "\">\n");
	for (i = 0; i < sizeof(marks) / sizeof(marks[0]); i++) {
		snprintf(text, sizeof(text), "%d", marks[i]);
		svg_text(b, "cap-axis", cap_x(marks[i]), CAP_AXIS_Y,
			 " text-anchor=\"middle\"", text);
	}
	snprintf(text, sizeof(text),
		 "Anbefalet %d–%d · advarsel over %d · højst %d",
		 COHORT_CAPACITY_MIN, COHORT_CAPACITY_RECOMMENDED,
		 COHORT_CAPACITY_RECOMMENDED, COHORT_CAPACITY_MAX);
	svg_text(b, "cap-note", cap_x(0), CAP_NOTE_Y, "", text);
	buf_puts(b, "<line class=\"cap-limit\" x1=\"");
	put_num(b, key);
	buf_puts(b, "\" x2=\"");
	put_num(b, key);
	buf_printf(b,
		   "\" y1=\"%d\" y2=\"%d\" stroke=\"" TL_INK
		   "\" stroke-width=\"3\"/>\n",
		   CAP_NOTE_Y - 11, CAP_NOTE_Y + 2);
	svg_text(b, "cap-note", key + 80, CAP_NOTE_Y, "", "holdets pladser");
	buf_puts(b, "</g>\n");
}

int capacity_svg(struct buf *out, int admitted, int capacity)
{
	struct buf desc = BUF_INIT(0);
	char title[64];
	int rc = -1;

	if (!out || admitted < 0 || capacity < COHORT_CAPACITY_MIN ||
	    capacity > COHORT_CAPACITY_MAX)
		goto out;
	cap_desc(&desc, admitted, capacity);
	if (buf_failed(&desc))
		goto out;
	snprintf(title, sizeof(title), "Optaget: %d af %d pladser", admitted,
		 capacity);
	svg_open(out, "capacity", CAP_WIDTH, CAP_HEIGHT, title, desc.data);
	cap_draw(out, admitted, capacity);
	cap_draw_scale(out);
	buf_puts(out, "</svg>\n");
	rc = buf_failed(out) ? -1 : 0;
out:
	buf_free(&desc);
	return rc;
}
