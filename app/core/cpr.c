/*
 * cpr: reading, checking and showing Danish CPR numbers (see cpr.h). The
 * century table is the CPR office's ("Personnummeret i CPR-systemet");
 * nothing here logs, because every string it sees is a CPR number.
 */
#include "cpr.h"

#include <string.h>

static const char cpr_error_form[] =
	"CPR-nummeret skal have 10 cifre (ddmmåå-xxxx).";
static const char cpr_error_date[] =
	"CPR-nummeret indeholder ikke en gyldig fødselsdato.";
static const char cpr_error_future[] =
	"CPR-nummerets fødselsdato ligger i fremtiden.";

static int cpr_is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
	       c == '\f';
}

static int cpr_is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int cpr_two(const char *p)
{
	return (p[0] - '0') * 10 + (p[1] - '0');
}

int cpr_century_year(int yy, int seventh)
{
	if (yy < 0 || yy > 99)
		return -1;
	switch (seventh) {
	case 0:
	case 1:
	case 2:
	case 3:
		return 1900 + yy;
	case 4:
	case 9:
		return yy <= 36 ? 2000 + yy : 1900 + yy;
	case 5:
	case 6:
	case 7:
	case 8:
		return yy <= 57 ? 2000 + yy : 1800 + yy;
	default:
		return -1;
	}
}

/*
 * Collects exactly ten digits from [p, end), allowing one '-' or one space
 * after the sixth. 0, or -1 for anything else.
 */
static int cpr_collect(const char *p, const char *end, char out[CPR_DIGITS])
{
	int n = 0;

	for (; p < end; p++) {
		if (cpr_is_digit(*p) && n < CPR_DIGITS) {
			out[n++] = *p;
		} else if ((*p == '-' || *p == ' ') && n == 6 && p + 1 < end &&
			   cpr_is_digit(p[1]) && cpr_is_digit(p[-1])) {
			continue;
		} else {
			return -1;
		}
	}
	return n == CPR_DIGITS ? 0 : -1;
}

int cpr_parse(const char *in, char digits[CPR_DIGITS + 1], date_t *birth,
	      const char **error)
{
	const char *p = in, *end;
	char d[CPR_DIGITS];
	int year, month, day;
	date_t born;

	if (digits)
		digits[0] = '\0';
	if (error)
		*error = NULL;
	if (!in)
		goto form;
	while (cpr_is_blank(*p))
		p++;
	end = p + strlen(p);
	while (end > p && cpr_is_blank(end[-1]))
		end--;
	if (cpr_collect(p, end, d) != 0)
		goto form;
	day = cpr_two(d);
	month = cpr_two(d + 2);
	year = cpr_century_year(cpr_two(d + 4), d[6] - '0');
	if (!date_civil_valid(year, month, day)) {
		if (error)
			*error = cpr_error_date;
		return -1;
	}
	born = date_from_civil(year, month, day);
	if (born > date_today()) {
		if (error)
			*error = cpr_error_future;
		return -1;
	}
	if (digits) {
		memcpy(digits, d, CPR_DIGITS);
		digits[CPR_DIGITS] = '\0';
	}
	if (birth)
		*birth = born;
	return 0;
form:
	if (error)
		*error = cpr_error_form;
	return -1;
}

/* Ten digits exactly, or a caller bug that must not reach the screen. */
static int cpr_valid_digits(const char *digits)
{
	int i;

	if (!digits)
		return 0;
	for (i = 0; i < CPR_DIGITS; i++)
		if (!cpr_is_digit(digits[i]))
			return 0;
	return digits[CPR_DIGITS] == '\0';
}

void cpr_mask(const char *digits, char out[CPR_MASKED_LEN])
{
	if (!cpr_valid_digits(digits)) {
		out[0] = '\0';
		return;
	}
	memcpy(out, digits, 6);
	memcpy(out + 6, "-xxxx", 6);
}

void cpr_format(const char *digits, char out[CPR_MASKED_LEN])
{
	if (!cpr_valid_digits(digits)) {
		out[0] = '\0';
		return;
	}
	memcpy(out, digits, 6);
	out[6] = '-';
	memcpy(out + 7, digits + 6, 4);
	out[11] = '\0';
}

/*
 * A 29 February birthday counts on 1 March in years without one: the age
 * changes the first day the date has passed. Negative before birth.
 */
int cpr_age(date_t birth, date_t on)
{
	int by, bm, bd, oy, om, od, age;

	date_to_civil(birth, &by, &bm, &bd);
	date_to_civil(on, &oy, &om, &od);
	age = oy - by;
	if (om < bm || (om == bm && od < bd))
		age--;
	return age;
}
