/*
 * host_page: the host's pages behind their link: the page (the intern,
 * the plan, the shared items, this week's form and the weeks written), the
 * week's post, the stop and the printout. The token in the path is the
 * only credential; the forms carry a double-submit token of their own (a
 * strict cookie, as the login form's), since a host has no session. The
 * access log names the route pattern only, so the token is never logged.
 */
#include "host_page.h"

#include "db.h"
#include "host.h"
#include "host_page_view.h"
#include "http.h"
#include "plan_picture.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HOST_COOKIE    "mestring_host"
#define HOST_CSRF_LEN  64 /* hex characters of the form's token */
#define HOST_COOKIE_AT "/host/"

/* Finding the link. */

/*
 * The link of r's token into link. 0 when valid; otherwise the status of
 * the answer sent: 404 for an unknown token, the closed link's page (410)
 * for an expired or revoked one.
 */
static int host_page_link(struct req *r, struct host_link *link)
{
	int state = host_link_find(r->db, r->token, link);
	struct view *v;
	int rc;

	if (state == HOST_LINK_VALID)
		return 0;
	if (state < 0)
		return http_error(r, 500, NULL);
	if (state == HOST_LINK_UNKNOWN)
		return http_error(r, 404,
				  "Linket findes ikke. Tjek, at hele linket "
				  "er kopieret med.");
	v = view_new();
	if (v == NULL)
		return http_error(r, 500, NULL);
	view_set(v, "title", "Linket virker ikke længere");
	view_set_bool(v, "revoked", state == HOST_LINK_REVOKED);
	host_page_view_internship(v, link);
	rc = http_page(r, 410, "host_closed.html", v);
	view_free(v);
	return rc;
}

/* The form's own token into v: the cookie's when it has one, else a fresh
 * one, set again in a strict cookie. A page sent back with an error keeps
 * it, so a second tab's form stays good. */
static void host_page_csrf(struct req *r, struct view *v)
{
	unsigned char raw[HOST_CSRF_LEN / 2];
	char token[80];
	size_t k;

	if (http_cookie(r, HOST_COOKIE, token, sizeof(token)) < 0 ||
	    strlen(token) != HOST_CSRF_LEN ||
	    strspn(token, "0123456789abcdef") != HOST_CSRF_LEN) {
		randombytes_buf(raw, sizeof(raw));
		sodium_bin2hex(token, HOST_CSRF_LEN + 1, raw, sizeof(raw));
		for (k = 0; k < sizeof(raw); k++)
			raw[k] = 0;
	}
	http_set_cookie(r, HOST_COOKIE, token, HOST_COOKIE_AT, 4 * 3600, true);
	view_set(v, "form_csrf", token);
}

/* Does the form carry the token of the cookie? */
static bool host_page_form_ours(struct req *r)
{
	const char *given = form_get(&r->form, "csrf");
	char cookie[80];

	return http_cookie(r, HOST_COOKIE, cookie, sizeof(cookie)) == 0 &&
	       given != NULL && strlen(cookie) == HOST_CSRF_LEN &&
	       strlen(given) == HOST_CSRF_LEN &&
	       sodium_memcmp(cookie, given, HOST_CSRF_LEN) == 0;
}

/* The link of a form posted to it, when the form carries the cookie's
 * token (403 otherwise). 0, or what was sent. */
static int host_page_posted_link(struct req *r, struct host_link *link)
{
	if (!host_page_form_ours(r))
		return http_error(r, 403,
				  "Formularen er udløbet. Genindlæs siden, og "
				  "prøv igen.");
	return host_page_link(r, link);
}

/* The page. */

/* The week the page shows: ?uge=N, else this week (1 before the start). */
static int host_page_week(struct req *r, const struct internship *i,
			  date_t today)
{
	static const struct form_spec spec[] = {
		{"uge", "Uge", FIELD_INT, false, 1, INTERNSHIP_WEEKS_MAX, NULL},
	};
	struct form_invalid bad;
	struct form_value v;
	int week = stepup_week_number(i->start_on, today), weeks;

	if (form_validate(&r->query, spec, 1, &v, &bad) == 0 && v.present)
		week = (int)v.i;
	form_values_free(&v, 1);
	weeks = internship_weeks(i->start_on, i->end_on);
	if (week > weeks)
		week = weeks;
	return week < 1 ? 1 : week;
}

struct host_page_ctx {
	struct view *v;
	const struct internship *i;
	const struct host_view *hv;
	const struct form *sent;
	int week;
	date_t today;
	bool form_done;
};

static void host_page_feedback_row(void *arg, const struct host_feedback_row *f)
{
	struct host_page_ctx *c = arg;

	host_page_view_week(c->v, f);
	if (f->week == c->week && !c->form_done) {
		host_page_view_form(c->v, c->i, c->hv, c->week, c->today,
				    c->sent, f);
		c->form_done = true;
	}
}

/* How the page is shown. */
enum host_page_how {
	HOST_PAGE_SHOW,
	HOST_PAGE_PRINT,     /* what they wrote, to print */
	HOST_PAGE_WEEK_SENT, /* the week's form sent back with error */
	HOST_PAGE_STOP_SENT, /* the stop's form sent back with error */
};

/*
 * The host's page of week (status, with error and the form sent back as
 * how says), or the printout. Audited as the host before it is shown.
 */
static int host_page_render(struct req *r, int status,
			    const struct host_link *link, int week,
			    const char *error, enum host_page_how how)
{
	bool print = how == HOST_PAGE_PRINT;
	bool stop_sent = how == HOST_PAGE_STOP_SENT;
	char iso[DATE_ISO_LEN + 1];
	struct host_page_ctx c = {0};
	struct host_view hv;
	struct view *v = NULL;
	date_t today = date_today();
	int rc = -1;

	if (host_view_load(r->db, link, &hv) < 0)
		return http_error(r, 500, NULL);
	if (host_view_audit(link, print ? "udskrift" : "side", r->client) < 0 ||
	    (v = view_new()) == NULL)
		goto out;
	view_setf(v, "title", "Praktik hos %s", link->internship.company);
	view_set(v, "token", r->token);
	view_set(v, "intern", hv.intern);
	view_set(v, "error", error);
	view_set_bool(v, "saved", !error && http_query(r, "gemt") != NULL);
	view_set_bool(v, "stop_saved",
		      !error && http_query(r, "stoppet") != NULL);
	host_page_view_internship(v, link);
	host_page_view_plan(v, &link->internship, &hv.plan, today);
	plan_picture_view(v, &hv.plan, link->internship.teaching_weekday,
			  today);
	host_page_view_shared(v, &hv);
	view_list(v, "feedback");
	c = (struct host_page_ctx){
		v,    &link->internship,
		&hv,  how == HOST_PAGE_WEEK_SENT ? &r->form : NULL,
		week, today,
		false};
	if (host_feedback_each(r->db, link->internship_id,
			       host_page_feedback_row, &c) < 0)
		goto out;
	if (!c.form_done)
		host_page_view_form(v, &link->internship, &hv, week, today,
				    c.sent, NULL);
	if (!print)
		host_page_csrf(r, v);
	date_format_iso(today, iso);
	view_set(v, "today", iso);
	if (stop_sent) {
		view_set(v, "stop_on", form_get(&r->form, "on"));
		view_set(v, "stop_reason", form_get(&r->form, "reason"));
		view_set_bool(v, "stop_error", true);
	} else {
		view_set(v, "stop_on", iso);
	}
	rc = 0;
out:
	host_view_free(&hv);
	if (rc == 0 && !view_failed(v))
		rc = http_page(r, status,
			       print ? "host_print.html" : "host.html", v);
	else
		rc = http_error(r, 500, NULL);
	view_free(v);
	return rc;
}

int host_page_show(struct req *r)
{
	struct host_link link;
	int rc = host_page_link(r, &link);

	if (rc)
		return rc;
	return host_page_render(
		r, 200, &link,
		host_page_week(r, &link.internship, date_today()), NULL,
		HOST_PAGE_SHOW);
}

int host_page_print(struct req *r)
{
	struct host_link link;
	int rc = host_page_link(r, &link);

	if (rc)
		return rc;
	return host_page_render(r, 200, &link, 1, NULL, HOST_PAGE_PRINT);
}

/* The week's form. */

enum { HF_WEEK, HF_RATING, HF_TEXT, HF_CALL_ME, HF__N };

static const struct form_spec host_form[HF__N] = {
	{"week", "Uge", FIELD_INT, true, 1, INTERNSHIP_WEEKS_MAX, NULL},
	{"rating", "Hvordan gik ugen", FIELD_INT, true, 1, 5, NULL},
	{"text", "Kort om ugen", FIELD_TEXTAREA, false, 0, HOST_TEXT_MAX, NULL},
	{"call_me", "Ring til mig", FIELD_BOOL, false, 0, 0, NULL},
};

/* Half hours worked on a day of fewer hours: "30" .. "1410" minutes. */
static const char *const host_half_hours[] = {
	"30",	"60",	"90",	"120",	"150",	"180",	"210",	"240",
	"270",	"300",	"330",	"360",	"390",	"420",	"450",	"480",
	"510",	"540",	"570",	"600",	"630",	"660",	"690",	"720",
	"750",	"780",	"810",	"840",	"870",	"900",	"930",	"960",
	"990",	"1020", "1050", "1080", "1110", "1140", "1170", "1200",
	"1230", "1260", "1290", "1320", "1350", "1380", "1410", NULL,
};

enum { HD_STATUS, HD_HOURS, HD__N };

static const struct form_spec host_day_form[HD__N] = {
	{"status_", "Dagen", FIELD_ENUM, true, 0, 0, host_day_names},
	{"hours_", "Timer", FIELD_ENUM, false, 0, 0, host_half_hours},
};

static const struct form_spec host_alarm_form[] = {
	{"alarm_", "Alarmklokke", FIELD_BOOL, false, 0, 0, NULL},
};

struct host_page_read {
	struct host_feedback_input *in;
	date_t monday;
};

static int host_page_read_day(void *ctx, long long id,
			      const struct form_value *v,
			      struct form_invalid *bad)
{
	struct host_page_read *rd = ctx;
	struct host_day_input *d;

	if (id < 1 || id > STEPUP_DAYS || rd->in->ndays >= STEPUP_DAYS) {
		bad->field = "status_";
		snprintf(bad->message, sizeof(bad->message),
			 "Vælg en dag fra mandag til fredag.");
		return -1;
	}
	d = &rd->in->days[rd->in->ndays++];
	d->date = date_add_days(rd->monday, (int)id - 1);
	d->status = (enum host_day_status)v[HD_STATUS].i;
	d->worked_min = v[HD_HOURS].present ? (int)(v[HD_HOURS].i + 1) * 30 : 0;
	if (d->status == HOST_DAY_FEWER_HOURS && !v[HD_HOURS].present) {
		bad->field = "hours_";
		snprintf(bad->message, sizeof(bad->message),
			 "Vælg hvor mange timer, når det blev færre timer.");
		return -1;
	}
	return 0;
}

static int host_page_read_alarm(void *ctx, long long id,
				const struct form_value *v,
				struct form_invalid *bad)
{
	struct host_page_read *rd = ctx;

	if (id < 1 || id > HOST_ALARMS_MAX) {
		bad->field = "alarms";
		snprintf(bad->message, sizeof(bad->message),
			 "Vælg kun blandt de viste alarmklokker.");
		return -1;
	}
	if (v[0].i)
		rd->in->alarms |= 1u << (id - 1);
	return 0;
}

/* The week's form of f into in (its text in v[HF_TEXT], freed by the
 * caller with form_values_free). RESULT_OK or RESULT_INVALID. */
static int host_page_read(const struct form *f, const struct internship *i,
			  struct form_value v[HF__N],
			  struct host_feedback_input *in,
			  struct form_invalid *bad)
{
	struct host_page_read rd = {in, 0};

	memset(in, 0, sizeof(*in));
	if (form_validate(f, host_form, HF__N, v, bad) < 0)
		return RESULT_INVALID;
	in->week = (int)v[HF_WEEK].i;
	in->rating = (int)v[HF_RATING].i;
	in->text = v[HF_TEXT].s;
	in->call_me = v[HF_CALL_ME].i != 0;
	rd.monday = date_add_days(date_monday(i->start_on), 7 * (in->week - 1));
	if (form_validate_items(f, host_day_form, NULL, HD__N, STEPUP_DAYS,
				host_page_read_day, &rd, bad) < 0 ||
	    form_validate_items(f, host_alarm_form, NULL, 1, HOST_ALARMS_MAX,
				host_page_read_alarm, &rd, bad) < 0)
		return RESULT_INVALID;
	return RESULT_OK;
}

int host_page_feedback(struct req *r)
{
	struct host_feedback_input in;
	struct form_value v[HF__N];
	struct form_invalid bad = {0};
	struct host_link link;
	char loc[HTTP_TOKEN_MAX + 64];
	struct db *w;
	int rc;

	rc = host_page_posted_link(r, &link);
	if (rc)
		return rc;
	memset(v, 0, sizeof(v));
	rc = host_page_read(&r->form, &link.internship, v, &in, &bad);
	if (rc == RESULT_OK) {
		w = db_writer_lock();
		rc = host_feedback_save(w, &link, &in, date_today(), r->client,
					NULL, &bad);
		db_writer_unlock(w);
	}
	form_values_free(v, HF__N);
	if (rc == RESULT_OK) {
		snprintf(loc, sizeof(loc), "/host/%s?uge=%d&gemt=1#uge",
			 r->token, in.week);
		return http_redirect(r, loc);
	}
	if (rc == RESULT_INVALID)
		return host_page_render(
			r, 422, &link,
			in.week > 0 ? in.week
				    : host_page_week(r, &link.internship,
						     date_today()),
			bad.message, HOST_PAGE_WEEK_SENT);
	return http_result(r, rc, &bad);
}

/* The stop. */

enum { HS_ON, HS_REASON, HS__N };

static const struct form_spec host_stop_form[HS__N] = {
	{"on", "Dato", FIELD_DATE, true, 0, 0, NULL},
	{"reason", "Hvorfor", FIELD_TEXTAREA, true, 1, INTERNSHIP_TEXT_MAX,
	 NULL},
};

int host_page_stop(struct req *r)
{
	struct form_value v[HS__N];
	struct form_invalid bad = {0};
	struct host_link link;
	char loc[HTTP_TOKEN_MAX + 32];
	struct db *w;
	int rc;

	rc = host_page_posted_link(r, &link);
	if (rc)
		return rc;
	memset(v, 0, sizeof(v));
	if (form_validate(&r->form, host_stop_form, HS__N, v, &bad) < 0) {
		rc = RESULT_INVALID;
	} else {
		w = db_writer_lock();
		rc = internship_host_stop(w, &link.internship, link.contact_id,
					  link.label, (date_t)v[HS_ON].i,
					  v[HS_REASON].s, &bad);
		db_writer_unlock(w);
	}
	form_values_free(v, HS__N);
	if (rc == RESULT_OK) {
		snprintf(loc, sizeof(loc), "/host/%s?stoppet=1", r->token);
		return http_redirect(r, loc);
	}
	if (rc == RESULT_INVALID)
		return host_page_render(
			r, 422, &link,
			host_page_week(r, &link.internship, date_today()),
			bad.message, HOST_PAGE_STOP_SENT);
	return http_result(r, rc, &bad);
}
