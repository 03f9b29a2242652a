/*
 * holiday: the Danish holiday calendar as one rule table (fixed date or an
 * offset from Easter, plus the last year a rule applies). Lookups compute
 * Easter on the spot: a few integer operations beat any shared cache.
 */
#include "holiday.h"

#include <limits.h>

struct holiday_rule {
	enum holiday_kind kind;
	int month;     /* 1..12 for a fixed date, 0 for an Easter offset */
	int day;       /* the fixed day, or the offset from Easter Sunday */
	int last_year; /* INT_MAX while the rule still applies */
	const char *name;
};

/* Indexed by enum holiday_id, so the enum stays in the order of the year. */
static const struct holiday_rule holiday_rules[HOLIDAY__MAX] = {
	[HOLIDAY_NEW_YEARS_DAY] = {HOLIDAY_PUBLIC, 1, 1, INT_MAX, "Nytårsdag"},
	[HOLIDAY_MAUNDY_THURSDAY] = {HOLIDAY_PUBLIC, 0, -3, INT_MAX,
				     "Skærtorsdag"},
	[HOLIDAY_GOOD_FRIDAY] = {HOLIDAY_PUBLIC, 0, -2, INT_MAX, "Langfredag"},
	[HOLIDAY_EASTER_SUNDAY] = {HOLIDAY_PUBLIC, 0, 0, INT_MAX, "Påskedag"},
	[HOLIDAY_EASTER_MONDAY] = {HOLIDAY_PUBLIC, 0, 1, INT_MAX,
				   "2. påskedag"},
	/* Abolished by the Folketing in 2023 with effect from 2024. */
	[HOLIDAY_GREAT_PRAYER_DAY] = {HOLIDAY_PUBLIC, 0, 26,
				      HOLIDAY_GREAT_PRAYER_DAY_LAST_YEAR,
				      "Store bededag"},
	[HOLIDAY_ASCENSION_DAY] = {HOLIDAY_PUBLIC, 0, 39, INT_MAX,
				   "Kristi himmelfartsdag"},
	[HOLIDAY_WHIT_SUNDAY] = {HOLIDAY_PUBLIC, 0, 49, INT_MAX, "Pinsedag"},
	[HOLIDAY_WHIT_MONDAY] = {HOLIDAY_PUBLIC, 0, 50, INT_MAX, "2. pinsedag"},
	[HOLIDAY_CONSTITUTION_DAY] = {HOLIDAY_CUSTOMARY, 6, 5, INT_MAX,
				      "Grundlovsdag"},
	[HOLIDAY_CHRISTMAS_EVE] = {HOLIDAY_CUSTOMARY, 12, 24, INT_MAX,
				   "Juleaftensdag"},
	[HOLIDAY_CHRISTMAS_DAY] = {HOLIDAY_PUBLIC, 12, 25, INT_MAX, "Juledag"},
	[HOLIDAY_BOXING_DAY] = {HOLIDAY_PUBLIC, 12, 26, INT_MAX, "2. juledag"},
	[HOLIDAY_NEW_YEARS_EVE] = {HOLIDAY_CUSTOMARY, 12, 31, INT_MAX,
				   "Nytårsaftensdag"},
};

static const char *const holiday_kind_names[HOLIDAY_KIND__MAX] = {
	[HOLIDAY_PUBLIC] = "helligdag",
	[HOLIDAY_CUSTOMARY] = "sædvanlig fridag",
};

/*
 * Easter-relative holidays fall between 19 March (Skærtorsdag after the
 * earliest Easter, 22 March) and 14 June (2. pinsedag after the latest,
 * 25 April); outside that window no Easter needs computing.
 */
#define HOLIDAY_EASTER_FIRST_MONTH 3
#define HOLIDAY_EASTER_LAST_MONTH  6

date_t holiday_easter(int year)
{
	int a = year % 19;
	int b = year / 100;
	int c = year % 100;
	int d = b / 4;
	int e = b % 4;
	int f = (b + 8) / 25;
	int g = (b - f + 1) / 3;
	int h = (19 * a + b - d - g + 15) % 30;
	int i = c / 4;
	int k = c % 4;
	int l = (32 + 2 * e + 2 * i - h - k) % 7;
	int m = (a + 11 * h + 22 * l) / 451;
	int n = h + l - 7 * m + 114;

	return date_from_civil(year, n / 31, n % 31 + 1);
}

static date_t holiday_rule_date(const struct holiday_rule *r, int year,
				date_t easter)
{
	if (r->month)
		return date_from_civil(year, r->month, r->day);
	return date_add_days(easter, r->day);
}

int holiday_list(int year, struct holiday *out, size_t cap)
{
	date_t easter;
	size_t n = 0;
	int id;

	if (!out || year < HOLIDAY_YEAR_MIN || year > HOLIDAY_YEAR_MAX)
		return -1;
	easter = holiday_easter(year);
	for (id = 0; id < HOLIDAY__MAX; id++) {
		const struct holiday_rule *r = &holiday_rules[id];
		struct holiday h;
		size_t j;

		if (year > r->last_year)
			continue;
		if (n == cap)
			return -1;
		h.date = holiday_rule_date(r, year, easter);
		h.id = (enum holiday_id)id;
		h.kind = r->kind;
		h.name = r->name;
		/*
		 * Insertion sort; on a shared date the earlier table entry
		 * stays first, and the table lists public days first.
		 */
		for (j = n; j > 0 && out[j - 1].date > h.date; j--)
			out[j] = out[j - 1];
		out[j] = h;
		n++;
	}
	return (int)n;
}

static bool holiday_rule_matches(const struct holiday_rule *r, int year,
				 int month, int day, int easter_offset)
{
	if (year > r->last_year)
		return false;
	if (r->month)
		return r->month == month && r->day == day;
	return r->day == easter_offset;
}

/*
 * Public rules first: a date that is both (5 June on a Whit Sunday) is still
 * a holiday when customary days are left out, and reports its public name.
 */
static int holiday_find(date_t d, bool include_customary)
{
	int year, month, day, offset = INT_MIN;
	int pass, id;

	date_to_civil(d, &year, &month, &day);
	if (month >= HOLIDAY_EASTER_FIRST_MONTH &&
	    month <= HOLIDAY_EASTER_LAST_MONTH)
		offset = d - holiday_easter(year);
	for (pass = HOLIDAY_PUBLIC; pass < HOLIDAY_KIND__MAX; pass++) {
		if (pass == HOLIDAY_CUSTOMARY && !include_customary)
			break;
		for (id = 0; id < HOLIDAY__MAX; id++) {
			const struct holiday_rule *r = &holiday_rules[id];

			if ((int)r->kind != pass)
				continue;
			if (!r->month && offset == INT_MIN)
				continue;
			if (holiday_rule_matches(r, year, month, day, offset))
				return id;
		}
	}
	return -1;
}

bool holiday_lookup(date_t d, bool include_customary, struct holiday *out)
{
	int id = holiday_find(d, include_customary);

	if (id < 0)
		return false;
	if (out) {
		out->date = d;
		out->id = (enum holiday_id)id;
		out->kind = holiday_rules[id].kind;
		out->name = holiday_rules[id].name;
	}
	return true;
}

bool holiday_is(date_t d, bool include_customary, const char **name)
{
	int id = holiday_find(d, include_customary);

	if (id < 0)
		return false;
	if (name)
		*name = holiday_rules[id].name;
	return true;
}

const char *holiday_kind_name(enum holiday_kind kind)
{
	if ((unsigned)kind >= HOLIDAY_KIND__MAX)
		return NULL;
	return holiday_kind_names[kind];
}

const char *holiday_name(enum holiday_id id)
{
	if ((unsigned)id >= HOLIDAY__MAX)
		return NULL;
	return holiday_rules[id].name;
}
