/*
 * company: host companies and their contact persons. The checks live in
 * company_check and the writes, which the pages, the API and the demo all
 * call, so a rule holds whichever way in; the cap's numbers come from the
 * rule table, never from code.
 */
#include "company.h"

#include "actor.h"
#include "audit.h"
#include "buf.h"
#include "db.h"
#include "form.h"
#include "role.h"
#include "rule.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

enum company_sql {
	COMPANY_SQL_GET,
	COMPANY_SQL_LIST,
	COMPANY_SQL_ADD,
	COMPANY_SQL_UPDATE,
	COMPANY_SQL_CVR_TAKEN,
	COMPANY_SQL_CONTACT_GET,
	COMPANY_SQL_CONTACTS,
	COMPANY_SQL_CONTACT_ADD,
	COMPANY_SQL_CONTACT_UPDATE,
	COMPANY_SQL_INTERNS_ON,
	COMPANY_SQL_INTERNS_PEAK,
	COMPANY_SQL__MAX
};

#define COMPANY_COLUMNS                                                        \
	"c.id, c.organisation_id, o.name, c.name, c.cvr, c.address, "          \
	"c.employees, c.cap_statement_on, c.created_at, c.updated_at "
#define COMPANY_FROM                                                           \
	"FROM company c JOIN organisation o ON o.id = c.organisation_id "
/* The statuses of an intern at the company: the cap counts these. */
#define COMPANY_INTERN_STATUSES "('trial', 'running', 'extended')"
#define COMPANY_CONTACT_COLUMNS                                                \
	"id, company_id, name, role, email, phone, active "

static const struct db_sql company_sql[COMPANY_SQL__MAX] = {
	[COMPANY_SQL_GET] = {"SELECT " COMPANY_COLUMNS COMPANY_FROM
			     "WHERE c.id = ?1",
			     "i"},
	/* ?2: a name's part or a CVR number's start, its LIKE wildcards
	 * escaped; ?3 today. */
	[COMPANY_SQL_LIST] =
		{"SELECT " COMPANY_COLUMNS ", (SELECT count(*) FROM internship "
		 "i WHERE i.company_id = c.id AND i.status "
		 "IN " COMPANY_INTERN_STATUSES
		 " AND i.start_on <= ?3 AND i.end_on "
		 ">= ?3) " COMPANY_FROM "WHERE c.organisation_id = ?1 AND (?2 "
		 "= '' OR c.name LIKE '%' || ?2 || '%' ESCAPE '\\' OR c.cvr "
		 "LIKE ?2 || '%' ESCAPE '\\') ORDER BY c.name COLLATE NOCASE, "
		 "c.id LIMIT 500",
		 "itt"},
	[COMPANY_SQL_ADD] = {"INSERT INTO company (organisation_id, name, "
			     "cvr, address, employees, cap_statement_on, "
			     "created_by, created_at, updated_at) VALUES (?1, "
			     "?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
			     "itttiTIi"},
	[COMPANY_SQL_UPDATE] = {"UPDATE company SET name = ?2, cvr = ?3, "
				"address = ?4, employees = ?5, "
				"cap_statement_on = ?6, updated_at = ?7 WHERE "
				"id = ?1",
				"itttiTi"},
	[COMPANY_SQL_CVR_TAKEN] = {"SELECT id, name FROM company WHERE "
				   "organisation_id = ?1 AND cvr = ?2 AND id "
				   "!= ?3",
				   "iti"},
	[COMPANY_SQL_CONTACT_GET] = {"SELECT " COMPANY_CONTACT_COLUMNS
				     "FROM company_contact WHERE id = ?1 AND "
				     "(?2 = 0 OR company_id = ?2)",
				     "ii"},
	[COMPANY_SQL_CONTACTS] = {"SELECT " COMPANY_CONTACT_COLUMNS
				  "FROM company_contact WHERE company_id = ?1 "
				  "AND (?2 = 1 OR active = 1) ORDER BY active "
				  "DESC, name COLLATE NOCASE, id",
				  "ii"},
	[COMPANY_SQL_CONTACT_ADD] = {"INSERT INTO company_contact "
				     "(company_id, name, role, email, phone, "
				     "active, created_at, updated_at) VALUES "
				     "(?1, ?2, ?3, ?4, ?5, 1, ?6, ?6)",
				     "itttti"},
	[COMPANY_SQL_CONTACT_UPDATE] = {"UPDATE company_contact SET name = "
					"?2, role = ?3, email = ?4, phone = "
					"?5, active = ?6, updated_at = ?7 "
					"WHERE id = ?1",
					"ittttii"},
	[COMPANY_SQL_INTERNS_ON] =
		{"SELECT count(*) FROM internship WHERE "
		 "company_id = ?1 AND status IN " COMPANY_INTERN_STATUSES
		 " AND start_on <= "
		 "?2 AND end_on >= ?2",
		 "it"},
	/* The most at once is reached on ?2 or on a day one of them starts
	 * within ?2..?3: count on each of those days. */
	[COMPANY_SQL_INTERNS_PEAK] =
		{"WITH live AS (SELECT start_on, end_on FROM internship WHERE "
		 "company_id = ?1 AND id != ?4 AND status NOT IN ('ended', "
		 "'ended_early') AND start_on <= ?3 AND end_on >= ?2), days AS "
		 "(SELECT ?2 AS d UNION SELECT start_on FROM live WHERE "
		 "start_on > ?2) SELECT ifnull(max((SELECT count(*) FROM live "
		 "WHERE start_on <= d AND end_on >= d)), 0) FROM days",
		 "itti"},
};

/* The one clock of the domain (http_now's). */
static int64_t company_now(void)
{
	return (int64_t)time(NULL);
}

/* CVR numbers. */

const char *company_cvr_problem(const char *cvr)
{
	static const int weights[8] = {2, 7, 6, 5, 4, 3, 2, 1};
	int i, sum = 0;

	if (cvr == NULL || strlen(cvr) != 8)
		return "CVR-nummeret skal være 8 cifre.";
	for (i = 0; i < 8; i++) {
		if (cvr[i] < '0' || cvr[i] > '9')
			return "CVR-nummeret skal være 8 cifre.";
		sum += weights[i] * (cvr[i] - '0');
	}
	if (cvr[0] == '0')
		return "Et CVR-nummer begynder ikke med 0.";
	if (sum % 11 != 0)
		return "CVR-nummeret er ikke gyldigt (kontrolcifferet passer "
		       "ikke). Tjek, at det er skrevet rigtigt.";
	return NULL;
}

bool company_cvr_valid(const char *cvr)
{
	return company_cvr_problem(cvr) == NULL;
}

/* The host cap. */

int company_intern_cap(int employees, const struct company_cap_rule *r)
{
	int small, cap;

	if (r == NULL || r->employees_per_intern <= 0 || r->small_upto < 0 ||
	    r->employees_per_intern_beyond <= 0)
		return 1;
	if (employees < 0)
		employees = 0;
	small = employees < r->small_upto ? employees : r->small_upto;
	cap = small / r->employees_per_intern;
	if (cap < 1)
		cap = 1;
	if (employees > r->small_upto)
		cap += (employees - r->small_upto) /
		       r->employees_per_intern_beyond;
	return cap;
}

int company_cap_rule_load(struct db *db, date_t on, struct company_cap_rule *r)
{
	static const char *const keys[3] = {
		"host_cap.employees_per_intern",
		"host_cap.small_upto",
		"host_cap.employees_per_intern_beyond",
	};
	double v[3];
	int i, rc;

	for (i = 0; i < 3; i++) {
		rc = rule_value(db, keys[i], on, &v[i]);
		if (rc != 0)
			return rc;
	}
	r->employees_per_intern = (int)lround(v[0]);
	r->small_upto = (int)lround(v[1]);
	r->employees_per_intern_beyond = (int)lround(v[2]);
	return 0;
}

/* Who sees and changes. */

/* The system: the demo and jobs (no user, but named). */
static bool company_system(const struct actor *a)
{
	return a->user_id == 0 && a->role == ROLE__MAX && a->email != NULL;
}

bool company_may_see(const struct actor *a, const struct company *c)
{
	if (company_system(a))
		return true;
	return a->role < ROLE__MAX && a->role != ROLE_ADMIN &&
	       a->organisation_id != 0 &&
	       a->organisation_id == c->organisation_id;
}

bool company_may_create(const struct actor *a)
{
	return (a->role == ROLE_CONSULTANT || a->role == ROLE_PROJECT_LEADER) &&
	       a->organisation_id != 0;
}

bool company_may_change(const struct actor *a, const struct company *c)
{
	return company_system(a) || (company_may_create(a) &&
				     a->organisation_id == c->organisation_id);
}

/* Reading. */

static void company_read_row(sqlite3_stmt *st, struct company *c)
{
	memset(c, 0, sizeof(*c));
	c->id = sqlite3_column_int64(st, 0);
	c->organisation_id = sqlite3_column_int64(st, 1);
	snprintf(c->organisation, sizeof(c->organisation), "%s",
		 db_text(st, 2));
	snprintf(c->name, sizeof(c->name), "%s", db_text(st, 3));
	snprintf(c->cvr, sizeof(c->cvr), "%s", db_text(st, 4));
	snprintf(c->address, sizeof(c->address), "%s", db_text(st, 5));
	c->employees = sqlite3_column_int(st, 6);
	c->cap_statement_on = db_date(st, 7);
	c->created_at = sqlite3_column_int64(st, 8);
	c->updated_at = sqlite3_column_int64(st, 9);
}

int company_read(struct db *db, int64_t id, struct company *c)
{
	sqlite3_stmt *st = DB_BIND(db, &company_sql[COMPANY_SQL_GET],
				   DB_INT(id));
	int rc;

	if (st == NULL)
		return -1;
	rc = db_step(db, st);
	if (rc == SQLITE_ROW)
		company_read_row(st, c);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

int company_get(struct db *db, const struct actor *a, int64_t id,
		struct company *c)
{
	int rc = company_read(db, id, c);

	if (rc == 0 && !company_may_see(a, c))
		return 1;
	return rc;
}

static void company_contact_row(sqlite3_stmt *st, struct company_contact *k)
{
	memset(k, 0, sizeof(*k));
	k->id = sqlite3_column_int64(st, 0);
	k->company_id = sqlite3_column_int64(st, 1);
	snprintf(k->name, sizeof(k->name), "%s", db_text(st, 2));
	snprintf(k->role, sizeof(k->role), "%s", db_text(st, 3));
	snprintf(k->email, sizeof(k->email), "%s", db_text(st, 4));
	snprintf(k->phone, sizeof(k->phone), "%s", db_text(st, 5));
	k->active = sqlite3_column_int(st, 6) == 1;
}

int company_contact_get(struct db *db, int64_t company_id, int64_t contact_id,
			struct company_contact *k)
{
	sqlite3_stmt *st = DB_BIND(db, &company_sql[COMPANY_SQL_CONTACT_GET],
				   DB_INT(contact_id), DB_INT(company_id));
	int rc;

	if (st == NULL)
		return -1;
	rc = db_step(db, st);
	if (rc == SQLITE_ROW)
		company_contact_row(st, k);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

int company_contact_each(struct db *db, int64_t company_id, bool inactive,
			 company_contact_fn fn, void *ctx)
{
	sqlite3_stmt *st = DB_BIND(db, &company_sql[COMPANY_SQL_CONTACTS],
				   DB_INT(company_id), DB_INT(inactive));
	struct company_contact k;
	int rc;

	if (st == NULL)
		return -1;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		company_contact_row(st, &k);
		if (fn(ctx, &k) < 0) {
			rc = SQLITE_DONE; /* stopped: not an error */
			break;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* The count of sql on company_id and ISO days; 0 or -1. */
static int company_count(struct db *db, enum company_sql which,
			 int64_t company_id, date_t from, date_t to,
			 int64_t except_id, int *n)
{
	char a[DATE_ISO_LEN + 1], b[DATE_ISO_LEN + 1];
	sqlite3_stmt *st;
	int64_t v;

	if (date_format_iso(from, a) < 0 || date_format_iso(to, b) < 0)
		return -1;
	st = which == COMPANY_SQL_INTERNS_ON
		     ? DB_BIND(db, &company_sql[which], DB_INT(company_id),
			       DB_TEXT(a))
		     : DB_BIND(db, &company_sql[which], DB_INT(company_id),
			       DB_TEXT(a), DB_TEXT(b), DB_INT(except_id));
	if (db_scalar(db, st, &v) < 0)
		return -1;
	*n = (int)v;
	return 0;
}

int company_interns_on(struct db *db, int64_t company_id, date_t on, int *n)
{
	return company_count(db, COMPANY_SQL_INTERNS_ON, company_id, on, on, 0,
			     n);
}

int company_interns_peak(struct db *db, int64_t company_id, date_t from,
			 date_t to, int64_t except_id, int *n)
{
	return company_count(db, COMPANY_SQL_INTERNS_PEAK, company_id, from, to,
			     except_id, n);
}

int company_cap_on(struct db *db, const struct company *c, date_t on,
		   struct company_cap *out)
{
	struct company_cap_rule r;
	int rc = company_cap_rule_load(db, on, &r);

	memset(out, 0, sizeof(*out));
	if (rc < 0 || company_interns_on(db, c->id, on, &out->interns) < 0)
		return -1;
	out->known = rc == 0;
	out->cap = out->known ? company_intern_cap(c->employees, &r) : 0;
	out->full = out->known && out->interns >= out->cap;
	out->over = out->known && out->interns > out->cap;
	out->statement = c->cap_statement_on != 0;
	return 0;
}

int company_cap_status(struct db *db, int64_t company_id, date_t from,
		       date_t to, int64_t except_id, struct company_cap *out)
{
	struct company_cap_rule r;
	struct company c;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = company_read(db, company_id, &c);
	if (rc != 0)
		return rc;
	rc = company_cap_rule_load(db, from, &r);
	if (rc < 0 || company_interns_peak(db, company_id, from, to, except_id,
					   &out->interns) < 0)
		return -1;
	out->interns++;
	out->known = rc == 0;
	out->cap = out->known ? company_intern_cap(c.employees, &r) : 0;
	out->full = out->known && out->interns >= out->cap;
	out->over = out->known && out->interns > out->cap;
	out->statement = c.cap_statement_on != 0;
	return 0;
}

bool company_cap_warning(const struct company_cap *cap, char *out, size_t len)
{
	if (len)
		out[0] = '\0';
	if (!cap->known || !cap->over)
		return false;
	snprintf(out, len,
		 "Virksomheden vil have %d praktikanter på samme tid, men "
		 "loftet er %d ud fra antallet af ordinært ansatte. %s",
		 cap->interns, cap->cap,
		 cap->statement ? "Arbejdsgiverens skriftlige erklæring om "
				  "loftet er modtaget."
				: "Arbejdsgiverens skriftlige erklæring om "
				  "loftet er ikke modtaget.");
	return true;
}

/* Escapes LIKE's wildcards so a search matches its text literally. */
static void company_like(struct buf *b, const char *s)
{
	for (; s && *s; s++) {
		if (*s == '%' || *s == '_' || *s == '\\')
			buf_putc(b, '\\');
		buf_putc(b, *s);
	}
}

int company_list(struct db *db, const struct actor *a,
		 const struct company_filter *f, company_fn fn, void *ctx)
{
	struct buf q = BUF_INIT(1024);
	char today[DATE_ISO_LEN + 1];
	struct company c;
	sqlite3_stmt *st;
	int rc = SQLITE_ERROR;

	/* The list is of a's own organisation's companies; the
	 * administrator works with none (company_may_see). */
	if (a->role >= ROLE__MAX || a->role == ROLE_ADMIN)
		return 0;
	company_like(&q, f ? f->q : NULL);
	date_format_iso(date_today(), today);
	if (buf_failed(&q))
		goto out;
	st = DB_BIND(db, &company_sql[COMPANY_SQL_LIST],
		     DB_INT(a->organisation_id), DB_TEXT(q.data),
		     DB_TEXT(today));
	if (st == NULL)
		goto out;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		company_read_row(st, &c);
		if (fn(ctx, &c, sqlite3_column_int(st, 10)) < 0) {
			rc = SQLITE_DONE; /* stopped: not an error */
			break;
		}
	}
	sqlite3_reset(st);
out:
	buf_free(&q);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* The rules of an input. */

void company_problem(struct company_problems *p, const char *field,
		     const char *message)
{
	size_t i;

	if (p->n >= p->max)
		return;
	for (i = 0; field && strcmp(field, "contacts") != 0 && i < p->n; i++)
		if (p->bad[i].field && strcmp(p->bad[i].field, field) == 0)
			return;
	p->bad[p->n].field = field;
	snprintf(p->bad[p->n].message, sizeof(p->bad[p->n].message), "%s",
		 message);
	p->n++;
}

/* Does text (given) exceed max characters? */
static bool company_too_long(const char *text, size_t max)
{
	return text && form_utf8_length(text) > max;
}

size_t company_check(const struct company_input *in, bool create,
		     struct company_problems *p)
{
	const char *cvr;
	size_t i;

	if ((create && in->name == NULL) || (in->name && in->name[0] == '\0'))
		company_problem(p, "name", "Virksomhedens navn skal udfyldes.");
	if (company_too_long(in->name, COMPANY_NAME_MAX))
		company_problem(p, "name", "Navnet må højst være 200 tegn.");
	if (create && in->cvr == NULL)
		company_problem(p, "cvr", "CVR-nummeret skal udfyldes.");
	cvr = in->cvr ? company_cvr_problem(in->cvr) : NULL;
	if (cvr)
		company_problem(p, "cvr",
				in->cvr[0] ? cvr
					   : "CVR-nummeret skal udfyldes.");
	if (company_too_long(in->address, COMPANY_ADDRESS_MAX))
		company_problem(p, "address",
				"Adressen må højst være 300 tegn.");
	if (create && in->employees < 0)
		company_problem(p, "employees",
				"Antal ordinært ansatte skal udfyldes.");
	if (in->employees > COMPANY_EMPLOYEES_MAX)
		company_problem(p, "employees",
				"Antal ordinært ansatte skal være mellem 0 og "
				"1.000.000.");
	if (in->cap_statement == 1 && in->cap_statement_on == 0)
		company_problem(p, "cap_statement_on",
				"Skriv datoen, da erklæringen om "
				"praktikantloftet blev modtaget.");
	if (in->cap_statement == 1 && in->cap_statement_on > date_today())
		company_problem(p, "cap_statement_on",
				"Erklæringen kan ikke være modtaget en dag, "
				"der ikke er kommet endnu.");
	if (in->ncontacts > COMPANY_CONTACTS_MAX)
		company_problem(p, "contacts",
				"Højst 50 kontaktpersoner ad gangen.");
	for (i = 0; i < in->ncontacts && i < COMPANY_CONTACTS_MAX; i++)
		company_contact_check(&in->contacts[i], COMPANY_CONTACT_LIST,
				      i + 1, p);
	return p->n;
}

/* The field names of each naming: name, role, email, phone. */
static const char *const company_contact_fields[3][4] = {
	[COMPANY_CONTACT_FIELDS] = {"name", "role", "email", "phone"},
	[COMPANY_CONTACT_PREFIXED] = {"contact_name", "contact_role",
				      "contact_email", "contact_phone"},
	[COMPANY_CONTACT_LIST] = {"contacts", "contacts", "contacts",
				  "contacts"},
};

/* A problem of field f (0..3) of a contact, with "Kontaktperson N: "
 * before it in a list. */
static void company_contact_problem(struct company_problems *p,
				    enum company_contact_naming naming,
				    size_t index, int f, const char *message)
{
	char text[256];

	if (naming == COMPANY_CONTACT_LIST)
		snprintf(text, sizeof(text), "Kontaktperson %zu: %s", index,
			 message);
	else
		snprintf(text, sizeof(text), "%s", message);
	company_problem(p, company_contact_fields[naming][f], text);
}

/* A light check of an address's shape (the form's is the thorough one):
 * something, one @, a dot after it, no spaces. */
static bool company_email_plausible(const char *s)
{
	const char *at = strchr(s, '@');

	return at && at != s && strchr(at + 1, '@') == NULL &&
	       strchr(at + 1, '.') && strchr(s, ' ') == NULL &&
	       at[strlen(at) - 1] != '.';
}

static bool company_phone_plausible(const char *s)
{
	return strspn(s, "0123456789 +-()") == strlen(s);
}

size_t company_contact_check(const struct company_contact_input *k,
			     enum company_contact_naming naming, size_t index,
			     struct company_problems *p)
{
	if ((unsigned)naming > COMPANY_CONTACT_LIST)
		naming = COMPANY_CONTACT_LIST;
	if ((k->id == 0 && k->name == NULL) || (k->name && !k->name[0]))
		company_contact_problem(p, naming, index, 0,
					"Kontaktpersonens navn skal udfyldes.");
	if (company_too_long(k->name, 200))
		company_contact_problem(p, naming, index, 0,
					"Navnet må højst være 200 tegn.");
	if (company_too_long(k->role, COMPANY_CONTACT_ROLE_MAX))
		company_contact_problem(p, naming, index, 1,
					"Rollen må højst være 200 tegn.");
	if (k->email && k->email[0] &&
	    (strlen(k->email) > COMPANY_CONTACT_EMAIL_MAX ||
	     !company_email_plausible(k->email)))
		company_contact_problem(p, naming, index, 2,
					"E-mailadressen er ikke gyldig.");
	if (k->phone && (strlen(k->phone) > COMPANY_CONTACT_PHONE_MAX ||
			 !company_phone_plausible(k->phone)))
		company_contact_problem(p, naming, index, 3,
					"Telefonnummeret må kun have cifre, "
					"mellemrum og + - ( ) og højst 40 "
					"tegn.");
	return p->n;
}

/* Writing, inside w's transaction. */

static enum result company_bad(struct form_invalid *bad, enum result rc,
			       const char *field, const char *message)
{
	bad->field = field;
	snprintf(bad->message, sizeof(bad->message), "%s", message);
	return rc;
}

static enum result company_failed(struct form_invalid *bad)
{
	return company_bad(bad, RESULT_FAILED, NULL,
			   "Der opstod en fejl. Intet blev gemt.");
}

/* The first problem of a company (or, company NULL, a contact) input. */
static enum result company_invalid(const struct company_input *in,
				   const struct company_contact_input *k,
				   bool create, struct form_invalid *bad)
{
	struct form_invalid first;
	struct company_problems p = {0, &first, 1};

	if (in)
		company_check(in, create, &p);
	else
		company_contact_check(k, COMPANY_CONTACT_FIELDS, 1, &p);
	if (p.n == 0)
		return RESULT_OK;
	*bad = first;
	return RESULT_INVALID;
}

/* RESULT_CONFLICT when organisation org has another company (not except)
 * with cvr, naming it. */
static enum result company_cvr_free(struct db *w, int64_t org, const char *cvr,
				    int64_t except, struct form_invalid *bad)
{
	sqlite3_stmt *st = DB_BIND(w, &company_sql[COMPANY_SQL_CVR_TAKEN],
				   DB_INT(org), DB_TEXT(cvr), DB_INT(except));
	enum result rc = RESULT_FAILED;
	int step;

	if (st == NULL)
		return company_failed(bad);
	step = db_step(w, st);
	if (step == SQLITE_DONE)
		rc = RESULT_OK;
	if (step == SQLITE_ROW) {
		bad->field = "cvr";
		snprintf(bad->message, sizeof(bad->message),
			 "Jeres organisation har allerede registreret "
			 "virksomheden »%.120s« med CVR-nummer %s. Ret den i "
			 "stedet for at oprette den igen.",
			 db_text(st, 1), cvr);
		rc = RESULT_CONFLICT;
	}
	sqlite3_reset(st);
	return rc == RESULT_FAILED ? company_failed(bad) : rc;
}

/* Appends what to detail, comma-separated. */
static void company_changed(struct buf *detail, const char *what)
{
	buf_printf(detail, "%s%s", detail->len ? ", " : "", what);
}

/* An audit row of action about company c. 0 or -1. */
static int company_audit(struct db *w, const struct actor *a,
			 enum audit_action action, const struct company *c,
			 const char *detail)
{
	struct audit_entry e = audit_by(a, action);

	e.subject_type = "company";
	e.subject_id = c->id;
	e.subject = c->name;
	e.detail = detail;
	return audit_write(w, &e);
}

/* Sets a text field of a contact when in gives it, noting a change. */
static void company_contact_set(char *dst, size_t len, const char *src,
				const char *what, struct buf *detail)
{
	if (src == NULL || strcmp(dst, src) == 0)
		return;
	snprintf(dst, len, "%s", src);
	company_changed(detail, what);
}

/*
 * Adds (in->id 0) or changes a contact of c with its audit row. A
 * contact that is not c's is RESULT_NOT_FOUND, which the caller words.
 */
static enum result company_contact_write(struct db *w, const struct actor *a,
					 const struct company *c,
					 const struct company_contact_input *in,
					 int64_t *id, struct form_invalid *bad)
{
	struct buf detail = BUF_INIT(1024), audit = BUF_INIT(1200);
	struct company_contact k = {0};
	enum result rc = RESULT_FAILED;
	int got = in->id ? company_contact_get(w, c->id, in->id, &k) : 0;
	int64_t now = company_now();

	if (got != 0) {
		rc = got > 0 ? RESULT_NOT_FOUND : company_failed(bad);
		goto out;
	}
	k.active = in->id == 0 || k.active;
	company_contact_set(k.name, sizeof(k.name), in->name, "navn", &detail);
	company_contact_set(k.role, sizeof(k.role), in->role, "rolle", &detail);
	company_contact_set(k.email, sizeof(k.email), in->email, "e-mail",
			    &detail);
	company_contact_set(k.phone, sizeof(k.phone), in->phone, "telefon",
			    &detail);
	if (in->id && in->active >= 0 && (in->active == 1) != k.active) {
		k.active = in->active == 1;
		company_changed(&detail,
				k.active ? "genaktiveret" : "deaktiveret");
	}
	if (in->id && detail.len == 0) {
		rc = RESULT_OK; /* nothing changed: no row, no audit */
		goto out;
	}
	if (in->id == 0 &&
	    DB_RUN(w, &company_sql[COMPANY_SQL_CONTACT_ADD], DB_INT(c->id),
		   DB_TEXT(k.name), DB_TEXT(k.role), DB_TEXT(k.email),
		   DB_TEXT(k.phone), DB_INT(now)) != DB_OK)
		goto fail;
	if (in->id &&
	    DB_RUN(w, &company_sql[COMPANY_SQL_CONTACT_UPDATE], DB_INT(k.id),
		   DB_TEXT(k.name), DB_TEXT(k.role), DB_TEXT(k.email),
		   DB_TEXT(k.phone), DB_INT(k.active), DB_INT(now)) != DB_OK)
		goto fail;
	k.id = in->id ? in->id : db_last_id(w);
	buf_printf(&audit, "kontaktperson %lld: %s", (long long)k.id,
		   in->id ? detail.data : "tilføjet");
	if (buf_failed(&audit) ||
	    company_audit(w, a, AUDIT_COMPANY_CONTACT, c, audit.data) < 0)
		goto fail;
	if (id)
		*id = k.id;
	rc = RESULT_OK;
	goto out;
fail:
	rc = company_failed(bad);
out:
	buf_free(&detail);
	buf_free(&audit);
	return rc;
}

/* Writes in's contacts to c; a contact of another company is the input's
 * fault. */
static enum result company_contacts_write(struct db *w, const struct actor *a,
					  const struct company *c,
					  const struct company_input *in,
					  struct form_invalid *bad)
{
	enum result rc = RESULT_OK;
	char text[96];
	size_t i;

	for (i = 0; i < in->ncontacts && rc == RESULT_OK; i++) {
		rc = company_contact_write(w, a, c, &in->contacts[i], NULL,
					   bad);
		if (rc == RESULT_NOT_FOUND) {
			snprintf(text, sizeof(text),
				 "Kontaktperson %zu: %lld er ikke en af "
				 "virksomhedens kontaktpersoner.",
				 i + 1, (long long)in->contacts[i].id);
			rc = company_bad(bad, RESULT_INVALID, "contacts", text);
		}
	}
	return rc;
}

/* Ends the transaction; a failed commit says so. */
static enum result company_finish(struct db *w, enum result rc,
				  struct form_invalid *bad)
{
	rc = db_finish(w, rc);
	if (rc == RESULT_FAILED && bad->message[0] == '\0')
		company_failed(bad);
	return rc;
}

enum result company_create(struct db *w, const struct actor *a,
			   const struct company_input *in, int64_t *id,
			   struct form_invalid *bad)
{
	char when[DATE_ISO_LEN + 1], detail[64];
	struct company c = {0};
	enum result rc;

	company_bad(bad, RESULT_OK, NULL, "");
	if (!company_may_create(a))
		return company_bad(bad, RESULT_REFUSED, NULL,
				   "Kun virksomhedskonsulenter og "
				   "projektledere kan registrere "
				   "virksomheder.");
	rc = company_invalid(in, NULL, true, bad);
	if (rc != RESULT_OK)
		return rc;
	if (db_begin(w) < 0)
		return company_failed(bad);
	rc = company_cvr_free(w, a->organisation_id, in->cvr, 0, bad);
	if (rc != RESULT_OK)
		return company_finish(w, rc, bad);
	date_format_iso(in->cap_statement_on, when);
	if (DB_RUN(w, &company_sql[COMPANY_SQL_ADD], DB_INT(a->organisation_id),
		   DB_TEXT(in->name), DB_TEXT(in->cvr),
		   DB_TEXT(in->address ? in->address : ""),
		   DB_INT(in->employees),
		   DB_TEXT(in->cap_statement == 1 ? when : NULL),
		   DB_ID(a->user_id), DB_INT(company_now())) != DB_OK)
		return company_finish(w, company_failed(bad), bad);
	c.id = db_last_id(w);
	snprintf(c.name, sizeof(c.name), "%s", in->name);
	snprintf(detail, sizeof(detail), "CVR %s", in->cvr);
	if (company_audit(w, a, AUDIT_COMPANY_CREATE, &c, detail) < 0)
		return company_finish(w, company_failed(bad), bad);
	rc = company_contacts_write(w, a, &c, in, bad);
	rc = company_finish(w, rc, bad);
	if (rc == RESULT_OK && id)
		*id = c.id;
	return rc;
}

/* Applies in's fields to c, listing what changed in detail. */
static void company_apply(struct company *c, const struct company_input *in,
			  struct buf *detail)
{
	if (in->name && strcmp(in->name, c->name) != 0) {
		snprintf(c->name, sizeof(c->name), "%s", in->name);
		company_changed(detail, "navn");
	}
	if (in->cvr && strcmp(in->cvr, c->cvr) != 0) {
		snprintf(c->cvr, sizeof(c->cvr), "%s", in->cvr);
		company_changed(detail, "CVR-nummer");
	}
	if (in->address && strcmp(in->address, c->address) != 0) {
		snprintf(c->address, sizeof(c->address), "%s", in->address);
		company_changed(detail, "adresse");
	}
	if (in->employees >= 0 && in->employees != c->employees) {
		c->employees = in->employees;
		company_changed(detail, "antal ansatte");
	}
	if (in->cap_statement >= 0) {
		date_t on = in->cap_statement == 1 ? in->cap_statement_on : 0;

		if (on != c->cap_statement_on)
			company_changed(detail, "erklæring om praktikantloft");
		c->cap_statement_on = on;
	}
}

/* The company of id for a change by a, in w's transaction. */
static enum result company_for_change(struct db *w, const struct actor *a,
				      int64_t id, struct company *c,
				      struct form_invalid *bad)
{
	int got = company_get(w, a, id, c);

	if (got < 0)
		return company_failed(bad);
	if (got > 0)
		return company_bad(bad, RESULT_NOT_FOUND, NULL,
				   "Virksomheden findes ikke.");
	if (!company_may_change(a, c))
		return company_bad(bad, RESULT_REFUSED, NULL,
				   "Kun virksomhedskonsulenter og "
				   "projektledere i den organisation, der har "
				   "registreret virksomheden, kan rette den.");
	return RESULT_OK;
}

/* Writes c's row and its audit row (detail: what changed). */
static enum result company_store(struct db *w, const struct actor *a,
				 const struct company *c, const char *detail,
				 struct form_invalid *bad)
{
	char when[DATE_ISO_LEN + 1];

	date_format_iso(c->cap_statement_on, when);
	if (DB_RUN(w, &company_sql[COMPANY_SQL_UPDATE], DB_INT(c->id),
		   DB_TEXT(c->name), DB_TEXT(c->cvr), DB_TEXT(c->address),
		   DB_INT(c->employees),
		   DB_TEXT(c->cap_statement_on ? when : NULL),
		   DB_INT(company_now())) != DB_OK ||
	    company_audit(w, a, AUDIT_COMPANY_UPDATE, c, detail) < 0)
		return company_failed(bad);
	return RESULT_OK;
}

enum result company_update(struct db *w, const struct actor *a, int64_t id,
			   const struct company_input *in,
			   struct form_invalid *bad)
{
	struct buf detail = BUF_INIT(1024);
	struct company c;
	enum result rc;

	company_bad(bad, RESULT_OK, NULL, "");
	if (db_begin(w) < 0)
		return company_failed(bad);
	rc = company_for_change(w, a, id, &c, bad);
	if (rc == RESULT_OK)
		rc = company_invalid(in, NULL, false, bad);
	if (rc == RESULT_OK && in->cvr && strcmp(in->cvr, c.cvr) != 0)
		rc = company_cvr_free(w, c.organisation_id, in->cvr, c.id, bad);
	if (rc == RESULT_OK) {
		company_apply(&c, in, &detail);
		if (buf_failed(&detail))
			rc = company_failed(bad);
		else if (detail.len)
			rc = company_store(w, a, &c, detail.data, bad);
	}
	if (rc == RESULT_OK)
		rc = company_contacts_write(w, a, &c, in, bad);
	buf_free(&detail);
	return company_finish(w, rc, bad);
}

enum result company_contact_save(struct db *w, const struct actor *a,
				 int64_t company_id,
				 const struct company_contact_input *in,
				 int64_t *id, struct form_invalid *bad)
{
	struct company c;
	enum result rc;

	company_bad(bad, RESULT_OK, NULL, "");
	if (db_begin(w) < 0)
		return company_failed(bad);
	rc = company_for_change(w, a, company_id, &c, bad);
	if (rc == RESULT_OK)
		rc = company_invalid(NULL, in, in->id == 0, bad);
	if (rc == RESULT_OK)
		rc = company_contact_write(w, a, &c, in, id, bad);
	if (rc == RESULT_NOT_FOUND)
		company_bad(bad, rc, NULL,
			    "Kontaktpersonen findes ikke hos virksomheden.");
	return company_finish(w, rc, bad);
}
