/*
 * audit: appending to the audit log (changes in the caller's transaction,
 * reads by group commit) and reading it back, filtered, for the
 * administrator's page (app/pages/audit_page.c). Nothing here, or
 * anywhere, updates or deletes a row; the database's triggers refuse it.
 */
#include "audit.h"

#include "actor.h"
#include "array.h"
#include "db.h"
#include "http.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum audit_sql {
	AUDIT_SQL_ADD,
	AUDIT_SQL_READ,
	AUDIT_SQL_LIST,
	AUDIT_SQL__MAX
};

static const struct db_sql audit_sql[AUDIT_SQL__MAX] = {
	[AUDIT_SQL_ADD] = {"INSERT INTO audit (at, actor_id, actor, action, "
			   "subject_type, "
			   "subject_id, subject, purpose, detail, client, "
			   "note_enc) VALUES "
			   "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
			   "iItttIttttS"},
	/* A read: one row per actor, kind, subject, detail and hour, counting
	 * the reads (migration 0008). */
	[AUDIT_SQL_READ] =
		{"INSERT INTO audit (at, actor_id, actor, action, "
		 "subject_type, "
		 "subject_id, subject, purpose, detail, client, hour) VALUES "
		 "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?1 / 3600) ON "
		 "CONFLICT (hour, actor_id, action, subject_type, "
		 "ifnull(subject_id, 0), detail) WHERE hour IS NOT NULL DO "
		 "UPDATE SET count = count + 1, last_at = max(excluded.at, at)",
		 "iItttItttt"},
	/* Empty filters match everything; ?7 pages backwards by id. */
	[AUDIT_SQL_LIST] =
		{"SELECT id, at, actor, action, subject_type, subject_id, "
		 "subject, purpose, detail, client FROM audit "
		 "WHERE (?1 = '' OR actor LIKE '%' || ?1 || '%' ESCAPE '\\') "
		 "AND (?2 = '' OR action = ?2 OR action LIKE ?2 || '.%') "
		 "AND (?3 = '' OR subject LIKE '%' || ?3 || '%' ESCAPE '\\') "
		 "AND (?4 = 0 OR at >= ?4) AND (?5 = 0 OR at < ?5) "
		 "AND (?6 = '' OR subject_type = ?6) "
		 "AND (?7 = 0 OR id < ?7) AND (?8 = 0 OR subject_id = ?8) "
		 "ORDER BY id DESC LIMIT ?9",
		 "tttiitiii"},
};

static const struct {
	const char *name, *label;
} audit_actions[AUDIT__MAX] = {
	[AUDIT_LOGIN] = {"login", "Loggede ind"},
	[AUDIT_LOGIN_FAILED] = {"login.failed", "Mislykket login"},
	[AUDIT_LOGIN_THROTTLED] = {"login.throttled",
				   "Login afvist efter for mange forsøg"},
	[AUDIT_LOGOUT] = {"logout", "Loggede ud"},
	[AUDIT_PASSWORD_CHANGE] = {"password.change", "Skiftede adgangskode"},
	[AUDIT_PASSWORD_CHANGE_FAILED] =
		{"password.change_failed",
		 "Forkert nuværende adgangskode ved skift"},
	[AUDIT_PASSWORD_CONFIRM] = {"password.confirm",
				    "Bekræftede adgangskode"},
	[AUDIT_PASSWORD_CONFIRM_FAILED] =
		{"password.confirm_failed",
		 "Forkert adgangskode ved bekræftelse"},
	[AUDIT_USER_CREATE] = {"user.create", "Oprettede bruger"},
	[AUDIT_USER_UPDATE] = {"user.update", "Rettede bruger"},
	[AUDIT_USER_ACTIVATE] = {"user.activate", "Genaktiverede bruger"},
	[AUDIT_USER_DEACTIVATE] = {"user.deactivate", "Deaktiverede bruger"},
	[AUDIT_USER_PASSWORD_RESET] = {"user.password_reset",
				       "Nulstillede brugerens adgangskode"},
	[AUDIT_ORGANISATION_CREATE] = {"organisation.create",
				       "Oprettede organisation"},
	[AUDIT_ORGANISATION_UPDATE] = {"organisation.update",
				       "Rettede organisation"},
	[AUDIT_COHORT_CREATE] = {"cohort.create", "Oprettede hold"},
	[AUDIT_COHORT_UPDATE] = {"cohort.update", "Rettede hold"},
	[AUDIT_COHORT_STATUS] = {"cohort.status", "Ændrede holdets status"},
	[AUDIT_COHORT_STAFF_ADD] = {"cohort.staff_add",
				    "Tilknyttede medarbejder til holdet"},
	[AUDIT_COHORT_STAFF_REMOVE] = {"cohort.staff_remove",
				       "Fjernede medarbejder fra holdet"},
	[AUDIT_DAY_CHANGE] = {"day.change", "Ændrede kursusdag"},
	[AUDIT_CLOSURE_ADD] = {"closure.add", "Tilføjede lukkedag"},
	[AUDIT_CLOSURE_DELETE] = {"closure.delete", "Slettede lukkedag"},
	[AUDIT_COMPANY_CREATE] = {"company.create", "Oprettede virksomhed"},
	[AUDIT_COMPANY_UPDATE] = {"company.update", "Rettede virksomhed"},
	[AUDIT_COMPANY_CONTACT] = {"company.contact",
				   "Tilføjede eller rettede kontaktperson"},
	[AUDIT_CALENDAR_CREATE] = {"calendar.create", "Oprettede kalenderlink"},
	[AUDIT_CALENDAR_READ] = {"calendar.read", "Så kalenderlinket"},
	[AUDIT_CALENDAR_ROTATE] = {"calendar.rotate",
				   "Skiftede kalenderlinket"},
	[AUDIT_CALENDAR_REVOKE] = {"calendar.revoke",
				   "Spærrede kalenderlinket"},
	[AUDIT_ATTENDANCE_EXPORT] = {"attendance.export",
				     "Eksporterede fremmøde"},
	[AUDIT_REPORT_EXPORT] = {"report.export", "Eksporterede resultater"},
	[AUDIT_FEEDBACK_EXPORT] = {"feedback.export",
				   "Eksporterede værternes tilbagemeldinger"},
	[AUDIT_PARTICIPANT_READ] = {"participant.read",
				    "Så borgerens oplysninger"},
	[AUDIT_PARTICIPANT_LIST] = {"participant.list",
				    "Så borgeren på en liste"},
	[AUDIT_PARTICIPANT_SEARCH] = {"participant.search",
				      "Fandt borgeren ved søgning"},
	[AUDIT_PARTICIPANT_CREATE] = {"participant.create",
				      "Henviste borgeren"},
	[AUDIT_PARTICIPANT_UPDATE] = {"participant.update",
				      "Rettede oplysninger"},
	[AUDIT_PARTICIPANT_DUPLICATE_REFUSED] =
		{"participant.duplicate_refused",
		 "Henvisning afvist: borgeren er på et andet forløb"},
	[AUDIT_PARTICIPANT_VISITATION] = {"participant.visitation",
					  "Registrerede visitation"},
	[AUDIT_PARTICIPANT_STATUS] = {"participant.status", "Ændrede status"},
	[AUDIT_PARTICIPANT_OUTCOME] = {"participant.outcome",
				       "Registrerede resultat"},
	[AUDIT_PARTICIPANT_CPR_REVEAL] = {"participant.cpr_reveal",
					  "Så det fulde CPR-nummer"},
	[AUDIT_PARTICIPANT_ACCESS_LOG] = {"participant.access_log",
					  "Så denne adgangslog"},
	[AUDIT_PARTICIPANT_EXPORT] = {"participant.export",
				      "Eksporterede oplysninger"},
	[AUDIT_PARTICIPANT_TALK_ADD] = {"participant.talk_add",
					"Planlagde samtale"},
	[AUDIT_PARTICIPANT_TALK_UPDATE] = {"participant.talk_update",
					   "Ændrede samtale"},
	[AUDIT_PARTICIPANT_TALK_READ] = {"participant.talk_read",
					 "Så samtaler"},
	[AUDIT_PARTICIPANT_AGREEMENT_SAVE] = {"participant.agreement_save",
					      "Gemte aftaleguide"},
	[AUDIT_PARTICIPANT_AGREEMENT_READ] = {"participant.agreement_read",
					      "Så aftaleguiden"},
	[AUDIT_PARTICIPANT_AFTERCARE_ADD] = {"participant.aftercare_add",
					     "Registrerede efterværn"},
	[AUDIT_PARTICIPANT_AFTERCARE_READ] = {"participant.aftercare_read",
					      "Så efterværn"},
	[AUDIT_PARTICIPANT_ATTENDANCE_MARK] = {"participant.attendance_mark",
					       "Registrerede fremmøde"},
	[AUDIT_PARTICIPANT_ATTENDANCE_CORRECT] =
		{"participant.attendance_correct", "Rettede fremmøde"},
	[AUDIT_PARTICIPANT_ATTENDANCE_READ] = {"participant.attendance_read",
					       "Så fremmøde"},
	[AUDIT_PARTICIPANT_ABSENCE_ADD] = {"participant.absence_add",
					   "Meldte afbud"},
	[AUDIT_PARTICIPANT_ABSENCE_WITHDRAW] = {"participant.absence_withdraw",
						"Trak afbud tilbage"},
	[AUDIT_PARTICIPANT_ABSENCE_READ] = {"participant.absence_read",
					    "Så afbud"},
	[AUDIT_PARTICIPANT_INTERNSHIP_READ] = {"participant.internship_read",
					       "Så praktikken"},
	[AUDIT_PARTICIPANT_INTERNSHIP_ADD] = {"participant.internship_add",
					      "Oprettede praktik"},
	[AUDIT_PARTICIPANT_INTERNSHIP_UPDATE] =
		{"participant.internship_update", "Rettede praktikken"},
	[AUDIT_PARTICIPANT_INTERNSHIP_STATUS] =
		{"participant.internship_status", "Ændrede praktikkens status"},
	[AUDIT_PARTICIPANT_PLAN_UPDATE] = {"participant.plan_update",
					   "Ændrede optrapningsplanen"},
	[AUDIT_PARTICIPANT_HOST_LINK_ISSUE] = {"participant.host_link_issue",
					       "Sendte praktikværten et link"},
	[AUDIT_PARTICIPANT_HOST_LINK_REVOKE] = {"participant.host_link_revoke",
						"Lukkede praktikværtens link"},
	[AUDIT_PARTICIPANT_HOST_VIEW] = {"participant.host_view",
					 "Praktikværten så praktikken"},
	[AUDIT_PARTICIPANT_HOST_FEEDBACK] = {"participant.host_feedback",
					     "Praktikværten meldte om ugen"},
	[AUDIT_PARTICIPANT_HOST_FEEDBACK_READ] =
		{"participant.host_feedback_read",
		 "Så praktikværtens tilbagemeldinger"},
	[AUDIT_PARTICIPANT_HOST_ALERT_SEEN] = {"participant.host_alert_seen",
					       "Så værtens signal"},
	[AUDIT_DEMO_NATIONAL] = {"demo.national",
				 "Byggede den nationale demodatabase"},
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

/* Text as the log keeps it: "" rather than NULL. */
static struct db_arg audit_text(const char *s)
{
	return DB_TEXT(s ? s : "");
}

/* Appends e with the statement which (an event, or a read to count). */
static int audit_insert(struct db *w, enum audit_sql which,
			const struct audit_entry *e)
{
	const char *note = which == AUDIT_SQL_ADD ? e->note : NULL;
	struct db_arg args[] = {
		DB_INT(http_now()),
		DB_ID(e->actor_id),
		audit_text(e->actor ? e->actor : "system"),
		audit_text(e->action),
		audit_text(e->subject_type),
		DB_ID(e->subject_id),
		audit_text(e->subject),
		audit_text(e->purpose),
		audit_text(e->detail),
		audit_text(e->client),
		DB_SEALED(note), /* reads carry no note: no ?11 there */
	};
	size_t n = sizeof(args) / sizeof(args[0]) - (which != AUDIT_SQL_ADD);

	return db_exec_stmt(w, db_bind(w, &audit_sql[which], args, n)) == DB_OK
		       ? 0
		       : -1;
}

int audit_write(struct db *w, const struct audit_entry *e)
{
	return audit_insert(w, AUDIT_SQL_ADD, e);
}

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
} audit_group = {
	PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, NULL, 0, 0, false};

/* A copy of e whose strings live in one allocation. 0 or -1. */
static int audit_pending_copy(struct audit_pending *out,
			      const struct audit_entry *e)
{
	const char **f[] = {&out->e.actor,	  &out->e.action,
			    &out->e.subject_type, &out->e.subject,
			    &out->e.purpose,	  &out->e.detail,
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
		for (i = 0;
		     i < n && audit_insert(w, AUDIT_SQL_READ, &batch[i].e) == 0;
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
	if (array_reserve((void **)&audit_group.q, &audit_group.cap,
			  audit_group.n + n, sizeof(*audit_group.q)) < 0) {
		pthread_mutex_unlock(&audit_group.lock);
		return -1;
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

/* Escapes LIKE's wildcards so a filter matches its text literally. */
static void audit_like(struct buf *b, const char *s)
{
	for (; s && *s; s++) {
		if (*s == '%' || *s == '_' || *s == '\\')
			buf_putc(b, '\\');
		buf_putc(b, *s);
	}
}

static void audit_row_read(sqlite3_stmt *st, struct audit_row *row)
{
	row->id = sqlite3_column_int64(st, 0);
	row->at = sqlite3_column_int64(st, 1);
	row->actor = db_text(st, 2);
	row->action = db_text(st, 3);
	row->subject_type = db_text(st, 4);
	row->has_subject_id = sqlite3_column_type(st, 5) != SQLITE_NULL;
	row->subject_id = sqlite3_column_int64(st, 5);
	row->subject = db_text(st, 6);
	row->purpose = db_text(st, 7);
	row->detail = db_text(st, 8);
	row->client = db_text(st, 9);
}

int audit_list(struct db *db, const struct audit_filter *f, audit_row_fn fn,
	       void *ctx)
{
	struct buf actor = BUF_INIT(1024), subject = BUF_INIT(1024);
	struct audit_row row;
	sqlite3_stmt *st;
	int n = -1, rc;

	audit_like(&actor, f->actor);
	audit_like(&subject, f->subject);
	if (buf_failed(&actor) || buf_failed(&subject))
		goto out;
	st = DB_BIND(db, &audit_sql[AUDIT_SQL_LIST], DB_TEXT(actor.data),
		     audit_text(f->action), DB_TEXT(subject.data),
		     DB_INT(f->from), DB_INT(f->to),
		     audit_text(f->subject_type), DB_INT(f->before),
		     DB_INT(f->subject_id), DB_INT(f->limit));
	if (st == NULL)
		goto out;
	n = 0;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		audit_row_read(st, &row);
		if (fn(ctx, &row) < 0)
			break;
		n++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		n = -1;
out:
	buf_free(&actor);
	buf_free(&subject);
	return n;
}
