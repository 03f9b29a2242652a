/*
 * company: the host companies of internships and their contact persons,
 * kept by the organisation that registered them (a job centre or a
 * provider). The CVR number's check, the cap on interns a company may
 * host, who sees and changes a company, its rows and its writes. The
 * internships of a company as a viewer may see them are in
 * company_internship.h (it needs the participant's visibility).
 */
#ifndef MESTRING_COMPANY_H
#define MESTRING_COMPANY_H

#include "date.h"
#include "result.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct actor;
struct db;
struct form_invalid;

/* A buffer for a text of at most chars characters of UTF-8, and its NUL. */
#define COMPANY_TEXT(chars) ((chars)*4 + 1)

/* Limits, in characters (the schema's, in bytes, are four times these). */
#define COMPANY_NAME_MAX	  200
#define COMPANY_ADDRESS_MAX	  300
#define COMPANY_EMPLOYEES_MAX	  1000000
#define COMPANY_CONTACT_ROLE_MAX  200
#define COMPANY_CONTACT_EMAIL_MAX 254
#define COMPANY_CONTACT_PHONE_MAX 40
/* Contacts one create or change may carry (the API's records). */
#define COMPANY_CONTACTS_MAX 50

/* CVR numbers. */

/*
 * Why cvr is not a CVR number, in Danish, or NULL when it is one: eight
 * digits, the first not 0, whose digits weighted 2, 7, 6, 5, 4, 3, 2, 1
 * sum to a multiple of 11 (the modulus-11 check).
 */
const char *company_cvr_problem(const char *cvr);
bool company_cvr_valid(const char *cvr);

/* The host cap. */

/*
 * The cap on interns (Danish rules, held as dated data in the rule table
 * under host_cap.*): one per employees_per_intern ordinary employees of
 * the first small_upto, always at least one, and one per
 * employees_per_intern_beyond of those beyond.
 */
struct company_cap_rule {
	int employees_per_intern;	 /* host_cap.employees_per_intern: 5 */
	int small_upto;			 /* host_cap.small_upto: 50 */
	int employees_per_intern_beyond; /* ...per_intern_beyond: 10 */
};

/* The rule in force on day on: 0, 1 when one of its numbers has no row
 * that holds that day (r untouched), -1 on error. */
int company_cap_rule_load(struct db *db, date_t on, struct company_cap_rule *r);
/* How many interns a company of employees ordinary employees may have at
 * once under r: at least 1 (and 1 for a rule that makes no sense). */
int company_intern_cap(int employees, const struct company_cap_rule *r);

/* Rows. */

struct company {
	int64_t id, organisation_id;
	char organisation[COMPANY_TEXT(200)]; /* its name */
	char name[COMPANY_TEXT(COMPANY_NAME_MAX)];
	char cvr[9];
	char address[COMPANY_TEXT(COMPANY_ADDRESS_MAX)];
	int employees;		 /* ordinary employees, for the cap */
	date_t cap_statement_on; /* the employer's written statement on the
				    cap received that day; 0: not received */
	int64_t created_at, updated_at;
};

struct company_contact {
	int64_t id, company_id;
	char name[COMPANY_TEXT(200)];
	char role[COMPANY_TEXT(COMPANY_CONTACT_ROLE_MAX)];
	char email[COMPANY_CONTACT_EMAIL_MAX + 1];
	char phone[COMPANY_CONTACT_PHONE_MAX + 1];
	bool active; /* a contact is deactivated, never deleted: internships
			and host feedback point at it */
};

/*
 * Who sees a company here: every member of staff (not the administrator)
 * of the organisation that keeps it, and the system (the demo, jobs).
 * Staff of other organisations see it only through an internship they
 * see: company_get_seen (company_internship.h) for the company's own page,
 * company_read below for a module that has checked that itself.
 */
bool company_may_see(const struct actor *a, const struct company *c);
/* Who changes it: its organisation's enterprise consultants and project
 * leaders, and the system. */
bool company_may_change(const struct actor *a, const struct company *c);
/* Who registers companies (for their own organisation): enterprise
 * consultants and project leaders. */
bool company_may_create(const struct actor *a);

/* Company id into *c when a sees it (company_may_see): 0, 1 when it is
 * not there or not for a (404 either way), -1 on error. */
int company_get(struct db *db, const struct actor *a, int64_t id,
		struct company *c);
/*
 * Company id into *c whoever asks: 0, 1 none, -1. Only for a caller that
 * has shown the actor may see it another way: an internship the actor
 * sees (internship.c, host.c) or the host's own link. Never hand it an
 * id from a request unchecked.
 */
int company_read(struct db *db, int64_t id, struct company *c);

/*
 * Contact contact_id of company company_id into *k: 0, 1 when there is no
 * such contact of that company, -1 on error. company_id 0: of whichever
 * company (k->company_id says which; check that one's visibility before
 * showing it).
 */
int company_contact_get(struct db *db, int64_t company_id, int64_t contact_id,
			struct company_contact *k);
/* The contacts of company_id, active first, then by name; inactive ones
 * only when inactive. fn returns -1 to stop. 0, or -1 on error. */
typedef int (*company_contact_fn)(void *ctx, const struct company_contact *k);
int company_contact_each(struct db *db, int64_t company_id, bool inactive,
			 company_contact_fn fn, void *ctx);

/*
 * Interns of company_id on day on: its internships in status trial,
 * running or extended whose dates cover that day, into *n. 0 or -1.
 */
int company_interns_on(struct db *db, int64_t company_id, date_t on, int *n);
/*
 * The most internships of company_id on any one day of from..to, counting
 * every internship not ended (planned, trial, running, postponed,
 * extended) but except_id (0: none), into *n: with a new internship of
 * those dates the company would have *n + 1 at most. For the warning when
 * a new internship would break the cap. 0 or -1.
 */
int company_interns_peak(struct db *db, int64_t company_id, date_t from,
			 date_t to, int64_t except_id, int *n);

/* The cap of c on day on, with its interns that day. */
struct company_cap {
	bool known;	/* the rule holds that day (else cap is 0) */
	int cap;	/* company_intern_cap of its employees */
	int interns;	/* company_interns_on */
	bool full;	/* interns >= cap: one more would break it */
	bool over;	/* interns > cap */
	bool statement; /* the written statement on the cap received */
};
int company_cap_on(struct db *db, const struct company *c, date_t on,
		   struct company_cap *out);
/*
 * The cap with one more internship at company_id over from..to (a new
 * one; or except_id's changed dates): interns is the most the company
 * would then have at once (company_interns_peak + 1), cap the rule's on
 * from, full and over as with that one counted. For the internship
 * pages' warning, never a refusal. 0, 1 when there is no such company,
 * -1 on error.
 */
int company_cap_status(struct db *db, int64_t company_id, date_t from,
		       date_t to, int64_t except_id, struct company_cap *out);
/*
 * The Danish warning of a cap status into out (len bytes) when
 * interns > cap, naming both numbers and whether the employer's
 * statement is in: true; false (out "") when there is nothing to warn
 * of.
 */
bool company_cap_warning(const struct company_cap *cap, char *out, size_t len);

/* Lists. */

/* Which companies a list shows: those a's organisation keeps (the
 * administrator sees none), whose name holds q or whose CVR number starts
 * with q ("" or NULL: all), by name, at most 500. */
struct company_filter {
	const char *q;
};
/* fn gets each with its interns today (trial, running, extended); it
 * returns -1 to stop. 0, or -1 on error. */
typedef int (*company_fn)(void *ctx, const struct company *c, int interns);
int company_list(struct db *db, const struct actor *a,
		 const struct company_filter *f, company_fn fn, void *ctx);

/* Writes. */

/* A contact person as a create or change says it should be. */
struct company_contact_input {
	int64_t id;	   /* 0: a new contact */
	const char *name;  /* 1..200 characters; NULL: unchanged */
	const char *role;  /* NULL: unchanged ("" for a new one) */
	const char *email; /* an address (the form checks its shape) or "";
			      NULL: unchanged */
	const char *phone; /* digits, spaces, + - ( ); NULL: unchanged */
	int active;	   /* 1, 0 (deactivated), or -1: unchanged (a new
			      contact is active) */
};

/* A company as a create or change says it should be. */
struct company_input {
	const char *name;    /* 1..200 characters; NULL: unchanged */
	const char *cvr;     /* company_cvr_valid; NULL: unchanged */
	const char *address; /* NULL: unchanged ("" for a new one) */
	int employees;	     /* 0..COMPANY_EMPLOYEES_MAX, or -1: unchanged */
	/* 1: the statement on the cap received on cap_statement_on (not in
	 * the future); 0: not received; -1: unchanged. */
	int cap_statement;
	date_t cap_statement_on;
	/* Contacts added (id 0) or changed with it, in the same
	 * transaction. */
	const struct company_contact_input *contacts;
	size_t ncontacts;
};

/* What is wrong with an input, every field at once (forms list them all).
 * bad[i].field names the form field ("name", "cvr", "address",
 * "employees", "cap_statement_on", "contacts", ...). */
struct company_problems {
	size_t n;
	struct form_invalid *bad; /* the caller's array of max */
	size_t max;
};
/* Adds a problem of field, unless p names that field already (but
 * "contacts" may be named once per contact) or is full. */
void company_problem(struct company_problems *p, const char *field,
		     const char *message);
/*
 * Adds to p what is wrong with in as a new company (create) or a change
 * (fields left NULL, -1, are not checked), its contacts as
 * COMPANY_CONTACT_LIST. The number of problems p holds.
 */
size_t company_check(const struct company_input *in, bool create,
		     struct company_problems *p);

/* The field names a contact's problems carry. */
enum company_contact_naming {
	COMPANY_CONTACT_FIELDS,	  /* "name", "role", "email", "phone" */
	COMPANY_CONTACT_PREFIXED, /* "contact_name", ... (a new company's
				     first contact on its form) */
	COMPANY_CONTACT_LIST,	  /* "contacts": the message says which */
};
/* Adds to p what is wrong with contact k (the index-th, from 1, of a
 * list) as new (k->id 0) or changed. The number of problems p holds. */
size_t company_contact_check(const struct company_contact_input *k,
			     enum company_contact_naming naming, size_t index,
			     struct company_problems *p);

/*
 * Registers a company kept by a's organisation, with in's contacts and
 * the audit rows (company.create, company.contact), in one transaction
 * on the writer w (the caller holds it); *id (may be NULL) gets its id.
 * RESULT_REFUSED unless company_may_create; RESULT_INVALID with the first
 * of company_check's problems; RESULT_CONFLICT (field "cvr") when the
 * organisation already has a company of that CVR number, naming it;
 * RESULT_FAILED. bad->message says it in Danish.
 */
enum result company_create(struct db *w, const struct actor *a,
			   const struct company_input *in, int64_t *id,
			   struct form_invalid *bad);
/*
 * Changes company id the same way (company.update with the fields that
 * changed; company.contact for each contact), also RESULT_NOT_FOUND when
 * a does not see it and RESULT_REFUSED when a may not change it. A
 * contact's id must be one of the company's (else RESULT_INVALID, field
 * "contacts").
 */
enum result company_update(struct db *w, const struct actor *a, int64_t id,
			   const struct company_input *in,
			   struct form_invalid *bad);
/*
 * Adds (in->id 0; *id gets the new one) or changes (deactivates,
 * reactivates) a contact of company company_id, audited as
 * company.contact, in one transaction on w. Results as company_update's;
 * RESULT_NOT_FOUND also for a contact that is not the company's.
 */
enum result company_contact_save(struct db *w, const struct actor *a,
				 int64_t company_id,
				 const struct company_contact_input *in,
				 int64_t *id, struct form_invalid *bad);

#endif
