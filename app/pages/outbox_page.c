/*
 * outbox_page: what the mail queue holds, for the administrator who wants
 * to know whether mail goes out. The rows come from core outbox.
 */
#include "outbox_page.h"

#include "config.h"
#include "http.h"
#include "outbox.h"

#include <time.h>

#define OUTBOX_PAGE_ROWS 200

/* "03.02.2026 10:00" in local time, or "" for 0. */
static void outbox_page_when(int64_t at, char *out, size_t len)
{
	time_t t = (time_t)at;
	struct tm tm;

	out[0] = '\0';
	if (at <= 0)
		return;
	localtime_r(&t, &tm);
	strftime(out, len, "%d.%m.%Y %H:%M", &tm);
}

static int outbox_page_row(void *ctx, const struct outbox_row *m)
{
	struct view *row = view_add(ctx, "rows");
	char when[32];

	view_set_int(row, "id", (long)m->id);
	view_set(row, "recipient", m->recipient);
	view_set(row, "kind", m->kind);
	outbox_page_when(m->created_at, when, sizeof(when));
	view_set(row, "created", when);
	view_set_int(row, "attempts", m->attempts);
	outbox_page_when(m->sent ? 0 : m->next_at, when, sizeof(when));
	view_set(row, "next", when);
	outbox_page_when(m->sent ? m->sent_at : 0, when, sizeof(when));
	view_set(row, "sent_at", when);
	view_set(row, "state",
		 m->sent       ? "Sendt"
		 : m->attempts ? "Fejler"
			       : "I kø");
	view_set(row, "error", m->last_error);
	return 0;
}

int outbox_page_list(struct req *r)
{
	struct outbox_counts n;
	struct view *v = view_new();
	int rc = -1, status;

	if (v == NULL)
		goto out;
	view_set(v, "title", "Mailkø");
	view_set_bool(v, "configured", config_get()->smtp_url[0] != '\0');
	if (outbox_count(r->db, &n) < 0)
		goto out;
	view_set_int(v, "queued", (long)n.queued);
	view_set_int(v, "failing", (long)n.failing);
	view_set_int(v, "sent_count", (long)n.sent);
	view_list(v, "rows");
	rc = outbox_list(r->db, OUTBOX_PAGE_ROWS, outbox_page_row, v);
out:
	status = rc == 0 ? http_page(r, 200, "outbox.html", v)
			 : http_error(r, 500, NULL);
	view_free(v);
	return status;
}
