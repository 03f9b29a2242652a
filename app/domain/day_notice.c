/*
 * day_notice: the 48-hour change mail. Names no citizen: the link to the
 * day says the rest to those who may see it.
 */
#include "day_notice.h"

#include "buf.h"
#include "config.h"
#include "db.h"
#include "log.h"
#include "outbox.h"

#include <stdbool.h>
#include <string.h>
#include <time.h>

enum day_notice_sql { DAY_NOTICE_SQL_RECIPIENTS, DAY_NOTICE_SQL__MAX };

static const struct db_sql day_notice_sql[DAY_NOTICE_SQL__MAX] = {
	[DAY_NOTICE_SQL_RECIPIENTS] =
		{"SELECT DISTINCT u.email FROM participant p JOIN user u ON "
		 "u.id = p.caseworker_id OR u.id = p.mentor_id WHERE "
		 "p.cohort_id = ?1 AND p.status IN ('admitted', 'started') AND "
		 "u.active = 1 ORDER BY u.email",
		 "i"},
};

/* Minutes since 1970-01-01 00:00 on the Copenhagen wall clock (main sets
 * the zone), so a course day's date and minutes compare with it directly;
 * across a daylight-saving change the window is an hour off, which a
 * 48-hour warning can bear. */
static int64_t day_notice_wall_now(void)
{
	time_t t = time(NULL);
	struct tm tm;

	if (localtime_r(&t, &tm) == NULL)
		return (int64_t)t / 60;
	return (int64_t)date_from_civil(tm.tm_year + 1900, tm.tm_mon + 1,
					tm.tm_mday) *
		       1440 +
	       tm.tm_hour * 60 + tm.tm_min;
}

/* Does a day on d from start to end (minutes) reach into the next 48
 * hours? A day already over does not. */
static bool day_notice_soon(int64_t now, date_t d, int start, int end)
{
	int64_t from = (int64_t)d * 1440 + start, to = (int64_t)d * 1440 + end;

	return d != 0 && to > now && from <= now + 48 * 60;
}

/* The mail's first sentence into b. false when the change sends none. */
static bool day_notice_sentence(struct buf *b, const struct day_notice *c)
{
	char od[DATE_DA_LEN], nd[DATE_DA_LEN], os[6], oe[6], ns[6], ne[6];

	date_format_da(c->old_date, od, sizeof(od));
	date_format_da(c->new_date, nd, sizeof(nd));
	date_format_hhmm(c->old_start, os);
	date_format_hhmm(c->old_end, oe);
	date_format_hhmm(c->new_start, ns);
	date_format_hhmm(c->new_end, ne);
	if (strcmp(c->change, "cancelled") == 0)
		buf_printf(b, "Kursusdagen %s kl. %s–%s er aflyst.", od, os,
			   oe);
	else if (strcmp(c->change, "moved") == 0)
		buf_printf(b,
			   "Kursusdagen %s kl. %s–%s er flyttet til %s "
			   "kl. %s–%s.",
			   od, os, oe, nd, ns, ne);
	else if (strcmp(c->change, "retimed") == 0)
		buf_printf(b,
			   "Kursusdagen %s har fået nyt tidspunkt: kl. "
			   "%s–%s (før kl. %s–%s).",
			   nd, ns, ne, os, oe);
	else if (strcmp(c->change, "restored") == 0)
		buf_printf(b,
			   "Kursusdagen %s kl. %s–%s er ikke længere "
			   "aflyst og holdes alligevel.",
			   nd, ns, ne);
	else
		return false;
	return true;
}

/* The recipients' addresses, NUL-separated, into b; how many, or -1. */
static int day_notice_recipients(struct db *w, int64_t cohort, struct buf *b)
{
	sqlite3_stmt *st = DB_BIND(
		w, &day_notice_sql[DAY_NOTICE_SQL_RECIPIENTS], DB_INT(cohort));
	int n = 0, rc;

	if (st == NULL)
		return -1;
	while ((rc = db_step(w, st)) == SQLITE_ROW) {
		buf_puts(b, db_text(st, 0));
		buf_putc(b, '\0');
		n++;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE && !buf_failed(b) ? n : -1;
}

int day_notice_queue(struct db *w, const struct day_notice *c)
{
	struct buf body = BUF_INIT(OUTBOX_BODY_MAX), to = BUF_INIT(0);
	int64_t now = day_notice_wall_now();
	const char *at;
	int n, i, rc = -1;

	if (c->change == NULL ||
	    !(day_notice_soon(now, c->old_date, c->old_start, c->old_end) ||
	      day_notice_soon(now, c->new_date, c->new_start, c->new_end)))
		return 0;
	if (!day_notice_sentence(&body, c))
		return 0;
	buf_printf(&body,
		   "\n\nDeltagernes kalendere opdateres af sig selv, men "
		   "Google Kalender kan være op til et døgn om det. Sig "
		   "gerne besked til de borgere, du følger.\n\nSe dagen "
		   "her: %s/days/%lld\n",
		   config_get()->base_url, (long long)c->day_id);
	n = day_notice_recipients(w, c->cohort_id, &to);
	if (n < 0 || buf_failed(&body))
		goto out;
	/* As with absence mail: an address the outbox refuses must not
	 * stop the change to the day; the log says a mail is missing. */
	for (i = 0, at = to.data; i < n; i++, at += strlen(at) + 1)
		if (outbox_queue(w, at, "day_change", "Ændring i kursusdag",
				 body.data) < 0)
			log_warn("day_notice: a change mail for day %lld was "
				 "not queued",
				 (long long)c->day_id);
	rc = n;
out:
	buf_free(&body);
	buf_free(&to);
	return rc;
}
