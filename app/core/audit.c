/*
 * audit: appending to the audit log and reading it back for the
 * administrator. Nothing here, or anywhere, updates or deletes a row; the
 * database's triggers refuse it anyway.
 */
#include "audit.h"

#include "actor.h"
#include "db.h"
#include "http.h"
#include "secret.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define AUDIT_PAGE 100

enum audit_sql {
	AUDIT_SQL_ADD,
	AUDIT_SQL_READ,
	AUDIT_SQL_LIST,
	AUDIT_SQL__MAX
};

static const char *const audit_sql[AUDIT_SQL__MAX] = {
	[AUDIT_SQL_ADD] =
		"INSERT INTO audit (at, actor_id, actor, action, subject_type, "
		"subject_id, subject, purpose, detail, client, note_enc) VALUES "
		"(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
	/* A read: one row per actor, kind, subject, detail and hour, counting
	 * the reads (migration 0008). */
	[AUDIT_SQL_READ] =
		"INSERT INTO audit (at, actor_id, actor, action, subject_type, "
		"subject_id, subject, purpose, detail, client, hour) VALUES "
		"(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?1 / 3600) ON "
		"CONFLICT (hour, actor_id, action, subject_type, "
		"ifnull(subject_id, 0), detail) WHERE hour IS NOT NULL DO "
		"UPDATE SET count = count + 1, last_at = max(excluded.at, at)",
	/* Empty filters match everything; ?7 pages backwards by id. */
	[AUDIT_SQL_LIST] =
		"SELECT id, at, actor, action, subject_type, subject_id, "
		"subject, purpose, detail, client FROM audit "
		"WHERE (?1 = '' OR actor LIKE '%' || ?1 || '%' ESCAPE '\\') "
		"AND (?2 = '' OR action = ?2 OR action LIKE ?2 || '.%') "
		"AND (?3 = '' OR subject LIKE '%' || ?3 || '%' ESCAPE '\\') "
		"AND (?4 = 0 OR at >= ?4) AND (?5 = 0 OR at < ?5) "
		"AND (?6 = '' OR subject_type = ?6) "
		"AND (?7 = 0 OR id < ?7) AND (?8 = 0 OR subject_id = ?8) "
		"ORDER BY id DESC LIMIT ?9",
};

static const struct {
	const char *name, *label;
} audit_actions[AUDIT__MAX] = {
	[AUDIT_LOGIN] = {"login", "Loggede ind"},
	[AUDIT_LOGIN_FAILED] = {"login.failed", "Mislykket login"},
	[AUDIT_LOGIN_THROTTLED] = {"login.throttled", "Login afvist efter for mange forsøg"},
	[AUDIT_LOGOUT] = {"logout", "Loggede ud"},
	[AUDIT_PASSWORD_CHANGE] = {"password.change", "Skiftede adgangskode"},
	[AUDIT_PASSWORD_CHANGE_FAILED] = {"password.change_failed", "Forkert nuværende adgangskode ved skift"},
	[AUDIT_PASSWORD_CONFIRM] = {"password.confirm", "Bekræftede adgangskode"},
	[AUDIT_PASSWORD_CONFIRM_FAILED] = {"password.confirm_failed", "Forkert adgangskode ved bekræftelse"},
	[AUDIT_USER_CREATE] = {"user.create", "Oprettede bruger"},
	[AUDIT_USER_UPDATE] = {"user.update", "Rettede bruger"},
	[AUDIT_USER_ACTIVATE] = {"user.activate", "Genaktiverede bruger"},
	[AUDIT_USER_DEACTIVATE] = {"user.deactivate", "Deaktiverede bruger"},
	[AUDIT_USER_PASSWORD_RESET] = {"user.password_reset", "Nulstillede brugerens adgangskode"},
	[AUDIT_ORGANISATION_CREATE] = {"organisation.create", "Oprettede organisation"},
	[AUDIT_ORGANISATION_UPDATE] = {"organisation.update", "Rettede organisation"},
	[AUDIT_COHORT_CREATE] = {"cohort.create", "Oprettede hold"},
	[AUDIT_COHORT_UPDATE] = {"cohort.update", "Rettede hold"},
	[AUDIT_COHORT_STATUS] = {"cohort.status", "Ændrede holdets status"},
	[AUDIT_COHORT_STAFF_ADD] = {"cohort.staff_add", "Tilknyttede medarbejder til holdet"},
	[AUDIT_COHORT_STAFF_REMOVE] = {"cohort.staff_remove", "Fjernede medarbejder fra holdet"},
	[AUDIT_DAY_CHANGE] = {"day.change", "Ændrede kursusdag"},
	[AUDIT_CLOSURE_ADD] = {"closure.add", "Tilføjede lukkedag"},
	[AUDIT_CLOSURE_DELETE] = {"closure.delete", "Slettede lukkedag"},
	[AUDIT_CALENDAR_CREATE] = {"calendar.create", "Oprettede kalenderlink"},
	[AUDIT_CALENDAR_READ] = {"calendar.read", "Så kalenderlinket"},
	[AUDIT_CALENDAR_ROTATE] = {"calendar.rotate", "Skiftede kalenderlinket"},
	[AUDIT_CALENDAR_REVOKE] = {"calendar.revoke", "Spærrede kalenderlinket"},
	[AUDIT_ATTENDANCE_EXPORT] = {"attendance.export", "Eksporterede fremmøde"},
	[AUDIT_REPORT_EXPORT] = {"report.export", "Eksporterede resultater"},
	[AUDIT_PARTICIPANT_READ] = {"participant.read", "Så borgerens oplysninger"},
	[AUDIT_PARTICIPANT_LIST] = {"participant.list", "Så borgeren på en liste"},
	[AUDIT_PARTICIPANT_SEARCH] = {"participant.search", "Fandt borgeren ved søgning"},
	[AUDIT_PARTICIPANT_CREATE] = {"participant.create", "Henviste borgeren"},
	[AUDIT_PARTICIPANT_UPDATE] = {"participant.update", "Rettede oplysninger"},
	[AUDIT_PARTICIPANT_DUPLICATE_REFUSED] = {"participant.duplicate_refused", "Henvisning afvist: borgeren er på et andet forløb"},
	[AUDIT_PARTICIPANT_VISITATION] = {"participant.visitation", "Registrerede visitation"},
	[AUDIT_PARTICIPANT_STATUS] = {"participant.status", "Ændrede status"},
	[AUDIT_PARTICIPANT_OUTCOME] = {"participant.outcome", "Registrerede resultat"},
	[AUDIT_PARTICIPANT_CPR_REVEAL] = {"participant.cpr_reveal", "Så det fulde CPR-nummer"},
	[AUDIT_PARTICIPANT_ACCESS_LOG] = {"participant.access_log", "Så denne adgangslog"},
	[AUDIT_PARTICIPANT_EXPORT] = {"participant.export", "Eksporterede oplysninger"},
	[AUDIT_PARTICIPANT_TALK_ADD] = {"participant.talk_add", "Planlagde samtale"},
	[AUDIT_PARTICIPANT_TALK_UPDATE] = {"participant.talk_update", "Ændrede samtale"},
	[AUDIT_PARTICIPANT_TALK_READ] = {"participant.talk_read", "Så samtaler"},
	[AUDIT_PARTICIPANT_AGREEMENT_SAVE] = {"participant.agreement_save", "Gemte aftaleguide"},
	[AUDIT_PARTICIPANT_AGREEMENT_READ] = {"participant.agreement_read", "Så aftaleguiden"},
	[AUDIT_PARTICIPANT_AFTERCARE_ADD] = {"participant.aftercare_add", "Registrerede efterværn"},
	[AUDIT_PARTICIPANT_AFTERCARE_READ] = {"participant.aftercare_read", "Så efterværn"},
	[AUDIT_PARTICIPANT_ATTENDANCE_MARK] = {"participant.attendance_mark", "Registrerede fremmøde"},
	[AUDIT_PARTICIPANT_ATTENDANCE_CORRECT] = {"participant.attendance_correct", "Rettede fremmøde"},
	[AUDIT_PARTICIPANT_ATTENDANCE_READ] = {"participant.attendance_read", "Så fremmøde"},
	[AUDIT_PARTICIPANT_ABSENCE_ADD] = {"participant.absence_add", "Meldte afbud"},
	[AUDIT_PARTICIPANT_ABSENCE_WITHDRAW] = {"participant.absence_withdraw", "Trak afbud tilbage"},
	[AUDIT_PARTICIPANT_ABSENCE_READ] = {"participant.absence_read", "Så afbud"},
};

const char *audit_action_name(enum audit_action a)
{
	return (unsigned)a < AUDIT__MAX ? audit_actions[a].name : "";
}

const char *audit_action_label(enum audit_action a)
{
	return (unsigned)a < AUDIT__MAX ? audit_actions[a].label : "";
}

int audit_action_parse(const char *name)
{
	int i;

	for (i = 0; i < AUDIT__MAX; i++)
		if (strcmp(audit_actions[i].name, name) == 0)
			return i;
	return -1;
}

const char *audit_label_of(const char *name)
{
	int a = audit_action_parse(name);

	return a < 0 ? name : audit_actions[a].label;
}

struct audit_entry audit_by(const struct actor *a, enum audit_action action)
{
	struct audit_entry e = {0};

	e.action = audit_action_name(action);
	e.client = a->client;
	e.actor_id = a->user_id;
	e.actor = a->email ? a->email : "system";
	return e;
}

struct audit_entry audit_for(const struct req *r, const char *action)
{
	struct audit_entry e = {0};

	e.action = action;
	e.client = r->client;
	if (r->session) {
		e.actor_id = r->session->user_id;
		e.actor = r->session->email;
	} else {
		e.actor = "anonym";
	}
	return e;
}

static void audit_bind_text(sqlite3_stmt *st, int i, const char *s)
{
	sqlite3_bind_text(st, i, s ? s : "", -1, SQLITE_STATIC);
}

/* Appends e with the statement which (an event, or a read to count). */
static int audit_insert(struct db *w, enum audit_sql which,
			const struct audit_entry *e)
{
	sqlite3_stmt *st = db_stmt(w, audit_sql[which]);

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, http_now());
	if (e->actor_id)
		sqlite3_bind_int64(st, 2, e->actor_id);
	audit_bind_text(st, 3, e->actor ? e->actor : "system");
	audit_bind_text(st, 4, e->action);
	audit_bind_text(st, 5, e->subject_type);
	if (e->subject_id)
		sqlite3_bind_int64(st, 6, e->subject_id);
	audit_bind_text(st, 7, e->subject);
	audit_bind_text(st, 8, e->purpose);
	audit_bind_text(st, 9, e->detail);
	audit_bind_text(st, 10, e->client);
	/* Reads carry no note (their statement has no ?11). */
	if (which == AUDIT_SQL_ADD && e->note && *e->note &&
	    secret_bind(st, 11, e->note) < 0)
		return -1;
	return db_exec_stmt(w, st) == DB_OK ? 0 : -1;
}

int audit_write(struct db *w, const struct audit_entry *e)
{
	return audit_insert(w, AUDIT_SQL_ADD, e);
}

/* The filter, from the query string, shared by page and API. */
/*
 * Reads' rows by group commit: each reading thread queues its rows and
 * waits; whichever thread finds no commit under way takes everything queued
 * and writes it in one relaxed transaction (db_begin_relaxed), so many
 * concurrent reads cost one commit instead of one each, and the readers'
 * page caches are invalidated once.
 */
struct audit_pending {
	struct audit_entry e; /* its strings point into text */
	char *text;
	int *result; /* the waiting thread's outcome, set by the committer */
	bool *done;
};

static struct {
	pthread_mutex_t lock;
	pthread_cond_t committed;
	struct audit_pending *q;
	size_t n, cap;
	bool busy; /* a thread is committing a batch */
} audit_group = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, NULL,
		 0, 0, false};

/* A copy of e whose strings live in one allocation. 0 or -1. */
static int audit_pending_copy(struct audit_pending *out,
			      const struct audit_entry *e)
{
	const char **f[] = {&out->e.actor,   &out->e.action,
			    &out->e.subject_type, &out->e.subject,
			    &out->e.purpose, &out->e.detail,
			    &out->e.client};
	size_t i, len = 0, at = 0;

	out->e = *e;
	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++)
		len += (*f[i] ? strlen(*f[i]) : 0) + 1;
	out->text = malloc(len);
	if (out->text == NULL)
		return -1;
	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		const char *src = *f[i] ? *f[i] : "";
		size_t n = strlen(src) + 1;

		memcpy(out->text + at, src, n);
		*f[i] = out->text + at;
		at += n;
	}
	return 0;
}

/* Commits batch[0..n-1] and tells each waiter. Called without the lock. */
static void audit_commit_batch(struct audit_pending *batch, size_t n)
{
	struct db *w = db_writer_lock();
	size_t i;
	int rc = -1;

	if (db_begin_relaxed(w) == 0) {
		for (i = 0; i < n &&
			    audit_insert(w, AUDIT_SQL_READ, &batch[i].e) == 0;
		     i++)
			;
		if (i == n && db_commit(w) == 0)
			rc = 0;
	}
	db_writer_unlock(w);
	pthread_mutex_lock(&audit_group.lock);
	for (i = 0; i < n; i++) {
		if (rc < 0)
			*batch[i].result = -1;
		*batch[i].done = true;
		free(batch[i].text);
	}
	pthread_mutex_unlock(&audit_group.lock);
}

int audit_write_reads(const struct audit_entry *e, size_t n)
{
	struct audit_pending *batch;
	size_t i, taken;
	int result = 0;
	bool done = false;

	if (n == 0)
		return 0;
	pthread_mutex_lock(&audit_group.lock);
	if (audit_group.n + n > audit_group.cap) {
		size_t cap = (audit_group.n + n) * 2;
		struct audit_pending *grown =
			realloc(audit_group.q, cap * sizeof(*grown));

		if (grown == NULL) {
			pthread_mutex_unlock(&audit_group.lock);
			return -1;
		}
		audit_group.q = grown;
		audit_group.cap = cap;
	}
	/* Our rows are queued together under the lock, so one batch takes
	 * them all. */
	for (i = 0; i < n; i++) {
		struct audit_pending *p = &audit_group.q[audit_group.n];

		if (audit_pending_copy(p, &e[i]) < 0) {
			while (i--)
				free(audit_group.q[--audit_group.n].text);
			pthread_mutex_unlock(&audit_group.lock);
			return -1;
		}
		p->result = &result;
		p->done = &done;
		audit_group.n++;
	}
	while (!done) {
		if (audit_group.busy) {
			pthread_cond_wait(&audit_group.committed,
					  &audit_group.lock);
			continue;
		}
		audit_group.busy = true;
		batch = audit_group.q;
		taken = audit_group.n;
		audit_group.q = NULL;
		audit_group.n = audit_group.cap = 0;
		pthread_mutex_unlock(&audit_group.lock);
		audit_commit_batch(batch, taken);
		free(batch);
		pthread_mutex_lock(&audit_group.lock);
		audit_group.busy = false;
		pthread_cond_broadcast(&audit_group.committed);
	}
	pthread_mutex_unlock(&audit_group.lock);
	return result;
}

static const struct form_spec audit_filter_form[] = {
	{"actor", "Aktør", FIELD_TEXT, false, 0, 254, NULL},
	{"action", "Handling", FIELD_TEXT, false, 0, 64, NULL},
	{"subject", "Emne", FIELD_TEXT, false, 0, 254, NULL},
	{"from", "Fra", FIELD_DATE, false, 0, 0, NULL},
	{"to", "Til", FIELD_DATE, false, 0, 0, NULL},
	{"subject_type", "Emnetype", FIELD_TEXT, false, 0, 64, NULL},
	{"before", "Før", FIELD_INT, false, 1, 9007199254740991L, NULL},
	{"subject_id", "Emne-id", FIELD_INT, false, 1, 9007199254740991L,
	 NULL},
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

/* Escapes LIKE's wildcards so a filter matches its text literally. */
static void audit_like(struct buf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == '%' || *s == '_' || *s == '\\')
			buf_putc(b, '\\');
		buf_putc(b, *s);
	}
}

typedef int (*audit_row_fn)(void *ctx, sqlite3_stmt *st);

/* Runs the filtered query, calling fn per row. Rows seen, or -1. */
static int audit_query(struct req *r, const struct form_value *f,
		       audit_row_fn fn, void *ctx, int64_t *last_id)
{
	struct buf actor = BUF_INIT(1024), subject = BUF_INIT(1024);
	sqlite3_stmt *st = db_stmt(r->db, audit_sql[AUDIT_SQL_LIST]);
	int n = 0, rc;

	if (st == NULL)
		return -1;
	audit_like(&actor, f[AF_ACTOR].s);
	audit_like(&subject, f[AF_SUBJECT].s);
	sqlite3_bind_text(st, 1, actor.data, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, f[AF_ACTION].s, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, subject.data, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, f[AF_FROM].present ? f[AF_FROM].i * 86400 : 0);
	sqlite3_bind_int64(st, 5,
			   f[AF_TO].present ? (f[AF_TO].i + 1) * 86400 : 0);
	sqlite3_bind_text(st, 6, f[AF_SUBJECT_TYPE].s, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, f[AF_BEFORE].present ? f[AF_BEFORE].i : 0);
	sqlite3_bind_int64(st, 8,
			   f[AF_SUBJECT_ID].present ? f[AF_SUBJECT_ID].i : 0);
	sqlite3_bind_int(st, 9, AUDIT_PAGE);
	while ((rc = db_step(r->db, st)) == SQLITE_ROW) {
		*last_id = sqlite3_column_int64(st, 0);
		if (fn(ctx, st) < 0)
			break;
		n++;
	}
	sqlite3_reset(st);
	buf_free(&actor);
	buf_free(&subject);
	return rc == SQLITE_DONE ? n : -1;
}

static void audit_time(int64_t at, char *out, size_t len)
{
	time_t t = (time_t)at;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int audit_view_row(void *ctx, sqlite3_stmt *st)
{
	struct view *row = view_add(ctx, "rows");
	char when[32];

	audit_time(sqlite3_column_int64(st, 1), when, sizeof(when));
	view_set(row, "at", when);
	view_set(row, "actor", db_text(st, 2));
	view_set(row, "action", db_text(st, 3));
	view_set(row, "label", audit_label_of(db_text(st, 3)));
	view_setf(row, "subject", "%s%s%s", db_text(st, 4),
		  *db_text(st, 4) ? ": " : "", db_text(st, 6));
	view_set(row, "purpose", db_text(st, 7));
	view_set(row, "detail", db_text(st, 8));
	view_set(row, "client", db_text(st, 9));
	return 0;
}

static int audit_json_row(void *ctx, sqlite3_stmt *st)
{
	cJSON *o = cJSON_CreateObject();
	char when[32];

	audit_time(sqlite3_column_int64(st, 1), when, sizeof(when));
	cJSON_AddNumberToObject(o, "id", (double)sqlite3_column_int64(st, 0));
	cJSON_AddStringToObject(o, "at", when);
	cJSON_AddStringToObject(o, "actor", db_text(st, 2));
	cJSON_AddStringToObject(o, "action", db_text(st, 3));
	cJSON_AddStringToObject(o, "subject_type", db_text(st, 4));
	if (sqlite3_column_type(st, 5) != SQLITE_NULL)
		cJSON_AddNumberToObject(o, "subject_id",
					(double)sqlite3_column_int64(st, 5));
	cJSON_AddStringToObject(o, "subject", db_text(st, 6));
	cJSON_AddStringToObject(o, "purpose", db_text(st, 7));
	cJSON_AddStringToObject(o, "detail", db_text(st, 8));
	cJSON_AddStringToObject(o, "client", db_text(st, 9));
	cJSON_AddItemToArray(ctx, o);
	return 0;
}

int audit_page(struct req *r)
{
	struct form_value f[AF__N];
	struct form_invalid bad;
	struct view *v = view_new();
	int64_t last = 0;
	int n, rc;

	if (v == NULL)
		return http_error(r, 500, NULL);
	view_set(v, "title", "Revisionslog");
	if (form_validate(&r->query, audit_filter_form, AF__N, f, &bad) < 0) {
		view_set(v, "error", bad.message);
		view_list(v, "rows");
		rc = http_page(r, 422, "audit.html", v);
		view_free(v);
		return rc;
	}
	view_set(v, "actor", f[AF_ACTOR].s);
	view_set(v, "action", f[AF_ACTION].s);
	view_set(v, "subject", f[AF_SUBJECT].s);
	view_set(v, "from", f[AF_FROM].s);
	view_set(v, "to", f[AF_TO].s);
	view_list(v, "rows");
	n = audit_query(r, f, audit_view_row, v, &last);
	if (n == AUDIT_PAGE)
		view_set_int(v, "next_before", last);
	rc = n < 0 ? http_error(r, 500, NULL) : http_page(r, 200, "audit.html", v);
	form_values_free(f, AF__N);
	view_free(v);
	return rc;
}

int audit_api_list(struct req *r)
{
	struct form_value f[AF__N];
	struct form_invalid bad;
	cJSON *root, *rows;
	int64_t last = 0;
	int n;

	if (form_validate(&r->query, audit_filter_form, AF__N, f, &bad) < 0)
		return http_invalid(r, bad.field, bad.message);
	root = cJSON_CreateObject();
	rows = cJSON_AddArrayToObject(root, "entries");
	n = audit_query(r, f, audit_json_row, rows, &last);
	form_values_free(f, AF__N);
	if (n < 0) {
		cJSON_Delete(root);
		return http_error(r, 500, NULL);
	}
	if (n == AUDIT_PAGE)
		cJSON_AddNumberToObject(root, "next_before", (double)last);
	return http_json(r, 200, root);
}
