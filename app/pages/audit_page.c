/*
 * audit_page: the audit log for the administrator, newest first, a page of
 * rows at a time. The query string is read by one form for page and API;
 * core audit does the listing.
 */
#include "audit_page.h"

#include "audit.h"
#include "http.h"

#include <time.h>

#define AUDIT_PAGE_ROWS 100

static const struct form_spec audit_page_form[] = {
	{"actor", "Aktør", FIELD_TEXT, false, 0, 254, NULL},
	{"action", "Handling", FIELD_TEXT, false, 0, 64, NULL},
	{"subject", "Emne", FIELD_TEXT, false, 0, 254, NULL},
	{"from", "Fra", FIELD_DATE, false, 0, 0, NULL},
	{"to", "Til", FIELD_DATE, false, 0, 0, NULL},
	{"subject_type", "Emnetype", FIELD_TEXT, false, 0, 64, NULL},
	{"before", "Før", FIELD_INT, false, 1, 9007199254740991L, NULL},
	{"subject_id", "Emne-id", FIELD_INT, false, 1, 9007199254740991L, NULL},
};
enum {
	AF_ACTOR,
	AF_ACTION,
	AF_SUBJECT,
	AF_FROM,
	AF_TO,
	AF_SUBJECT_TYPE,
	AF_BEFORE,
	AF_SUBJECT_ID,
	AF__N
};

/* The filter of validated values f (which it points into). */
static struct audit_filter audit_page_filter(const struct form_value *f)
{
	struct audit_filter q = {
		.actor = f[AF_ACTOR].s,
		.action = f[AF_ACTION].s,
		.subject = f[AF_SUBJECT].s,
		.subject_type = f[AF_SUBJECT_TYPE].s,
		.subject_id = f[AF_SUBJECT_ID].present ? f[AF_SUBJECT_ID].i : 0,
		/* Whole days: from the first's start to the last's end. */
		.from = f[AF_FROM].present ? (int64_t)f[AF_FROM].i * 86400 : 0,
		.to = f[AF_TO].present ? ((int64_t)f[AF_TO].i + 1) * 86400 : 0,
		.before = f[AF_BEFORE].present ? f[AF_BEFORE].i : 0,
		.limit = AUDIT_PAGE_ROWS,
	};
	return q;
}

static void audit_page_time(int64_t at, char *out, size_t len)
{
	time_t t = (time_t)at;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* The rows seen, and the id to page on from the last. */
struct audit_page_list {
	void *out; /* a view or a cJSON array */
	int64_t last;
};

static int audit_page_view_row(void *ctx, const struct audit_row *a)
{
	struct audit_page_list *l = ctx;
	struct view *row = view_add(l->out, "rows");
	char when[32];

	l->last = a->id;
	audit_page_time(a->at, when, sizeof(when));
	view_set(row, "at", when);
	view_set(row, "actor", a->actor);
	view_set(row, "action", a->action);
	view_set(row, "label", audit_label_of(a->action));
	view_setf(row, "subject", "%s%s%s", a->subject_type,
		  *a->subject_type ? ": " : "", a->subject);
	view_set(row, "purpose", a->purpose);
	view_set(row, "detail", a->detail);
	view_set(row, "client", a->client);
	return 0;
}

static int audit_page_json_row(void *ctx, const struct audit_row *a)
{
	struct audit_page_list *l = ctx;
	cJSON *o = cJSON_CreateObject();
	char when[32];

	l->last = a->id;
	audit_page_time(a->at, when, sizeof(when));
	cJSON_AddNumberToObject(o, "id", (double)a->id);
	cJSON_AddStringToObject(o, "at", when);
	cJSON_AddStringToObject(o, "actor", a->actor);
	cJSON_AddStringToObject(o, "action", a->action);
	cJSON_AddStringToObject(o, "subject_type", a->subject_type);
	if (a->has_subject_id)
		cJSON_AddNumberToObject(o, "subject_id", (double)a->subject_id);
	cJSON_AddStringToObject(o, "subject", a->subject);
	cJSON_AddStringToObject(o, "purpose", a->purpose);
	cJSON_AddStringToObject(o, "detail", a->detail);
	cJSON_AddStringToObject(o, "client", a->client);
	cJSON_AddItemToArray(l->out, o);
	return 0;
}

int audit_page_list(struct req *r)
{
	struct form_value f[AF__N];
	struct form_invalid bad;
	struct audit_filter q;
	struct audit_page_list l = {view_new(), 0};
	int n, rc;

	if (l.out == NULL)
		return http_error(r, 500, NULL);
	view_set(l.out, "title", "Revisionslog");
	if (form_validate(&r->query, audit_page_form, AF__N, f, &bad) < 0) {
		view_set(l.out, "error", bad.message);
		view_list(l.out, "rows");
		rc = http_page(r, 422, "audit.html", l.out);
		view_free(l.out);
		return rc;
	}
	view_set(l.out, "actor", f[AF_ACTOR].s);
	view_set(l.out, "action", f[AF_ACTION].s);
	view_set(l.out, "subject", f[AF_SUBJECT].s);
	view_set(l.out, "from", f[AF_FROM].s);
	view_set(l.out, "to", f[AF_TO].s);
	view_list(l.out, "rows");
	q = audit_page_filter(f);
	n = audit_list(r->db, &q, audit_page_view_row, &l);
	if (n == AUDIT_PAGE_ROWS)
		view_set_int(l.out, "next_before", l.last);
	rc = n < 0 ? http_error(r, 500, NULL)
		   : http_page(r, 200, "audit.html", l.out);
	form_values_free(f, AF__N);
	view_free(l.out);
	return rc;
}

int audit_page_api(struct req *r)
{
	struct form_value f[AF__N];
	struct form_invalid bad;
	struct audit_filter q;
	struct audit_page_list l = {NULL, 0};
	cJSON *root;
	int n;

	if (form_validate(&r->query, audit_page_form, AF__N, f, &bad) < 0)
		return http_invalid(r, bad.field, bad.message);
	root = cJSON_CreateObject();
	l.out = cJSON_AddArrayToObject(root, "entries");
	q = audit_page_filter(f);
	n = audit_list(r->db, &q, audit_page_json_row, &l);
	form_values_free(f, AF__N);
	if (n < 0) {
		cJSON_Delete(root);
		return http_error(r, 500, NULL);
	}
	if (n == AUDIT_PAGE_ROWS)
		cJSON_AddNumberToObject(root, "next_before", (double)l.last);
	return http_json(r, 200, root);
}
