/*
 * demo_companies: made-up host companies. The CVR numbers pass the
 * modulus-11 check (the national ones are computed), so every company
 * could have been typed in through the form.
 */
#include "demo_companies.h"

#include "actor.h"
#include "company.h"
#include "db.h"
#include "demo_people.h"
#include "form.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

struct demo_company {
	const char *name, *cvr, *address;
	int employees;
	int statement_days_ago; /* -1: no statement on the cap yet */
	struct company_contact_input contacts[2];
};

/* From small to large: the cap grows from one intern to seventeen. */
static const struct demo_company demo_companies[] = {
	{"Bageriet Kornblomsten",
	 "35817263",
	 "Frederiksgade 12, 8000 Aarhus C",
	 3,
	 -1,
	 {{0, "Hanne Kjær", "Ejer og bagermester", "hanne@kornblomsten.invalid",
	   "86 12 34 56", 1}}},
	{"Grøn Vækst Gartneri",
	 "26471583",
	 "Brabrandvej 40, 8220 Brabrand",
	 7,
	 -1,
	 {{0, "Søren Vinding", "Gartner", "soeren@groenvaekst.invalid",
	   "21 43 65 87", 1}}},
	{"Aarhus Tømrer & Snedker ApS",
	 "39052148",
	 "Industrivej 8, 8260 Viby J",
	 14,
	 30,
	 {{0, "Mette Dahl", "Værkfører", "mette@aarhustoemrer.invalid",
	   "40 11 22 33", 1},
	  {0, "Kim Storm", "Indehaver", "kim@aarhustoemrer.invalid",
	   "40 11 22 34", 1}}},
	{"Dagligvarehuset Viby",
	 "44182572",
	 "Skanderborgvej 190, 8260 Viby J",
	 45,
	 60,
	 {{0, "Ahmad Karimi", "Butikschef", "ahmad@dagligvarehuset.invalid",
	   "87 30 40 50", 1},
	  {0, "Lene Bruun", "Souschef", "", "87 30 40 51", 1}}},
	{"Plejecenter Lyngbo",
	 "27660312",
	 "Lyngbovej 2, 8210 Aarhus V",
	 120,
	 14,
	 {{0, "Birthe Holm", "Afdelingsleder", "birthe@lyngbo.invalid",
	   "89 40 00 00", 1},
	  {0, "Rasmus Friis", "Praktikansvarlig", "rasmus@lyngbo.invalid",
	   "89 40 00 01", 1}}},
};

int demo_companies_add(const struct actor *a)
{
	const struct demo_company *d;
	struct company_input in;
	struct form_invalid bad;
	enum result rc;
	struct db *w;
	size_t i, k;

	for (i = 0; i < DEMO_LEN(demo_companies); i++) {
		d = &demo_companies[i];
		memset(&in, 0, sizeof(in));
		in.name = d->name;
		in.cvr = d->cvr;
		in.address = d->address;
		in.employees = d->employees;
		in.cap_statement = d->statement_days_ago >= 0;
		in.cap_statement_on = in.cap_statement
					      ? date_add_days(
							date_today(),
							-d->statement_days_ago)
					      : 0;
		for (k = 0; k < 2 && d->contacts[k].name; k++)
			;
		in.contacts = d->contacts;
		in.ncontacts = k;
		w = db_writer_lock();
		rc = company_create(w, a, &in, NULL, &bad);
		db_writer_unlock(w);
		if (rc != RESULT_OK) {
			fprintf(stderr, "mestring: demo company %s: %s\n",
				d->name, bad.message);
			return -1;
		}
	}
	return 0;
}

/* The national demo. */

enum demo_companies_sql {
	DEMO_COMPANIES_SQL_ADD,
	DEMO_COMPANIES_SQL_CONTACT,
	DEMO_COMPANIES_SQL__MAX
};

static const struct db_sql demo_companies_sql[DEMO_COMPANIES_SQL__MAX] = {
	[DEMO_COMPANIES_SQL_ADD] = {"INSERT INTO company (organisation_id, "
				    "name, cvr, address, employees, "
				    "cap_statement_on, created_at, "
				    "updated_at) VALUES (?1, ?2, ?3, ?4, ?5, "
				    "?6, ?7, ?7)",
				    "itttiTi"},
	[DEMO_COMPANIES_SQL_CONTACT] = {"INSERT INTO company_contact "
					"(company_id, name, role, email, "
					"phone, created_at, updated_at) "
					"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
					"itttti"},
};

/* Trades, sizes and the contact each has, taken in turn. */
static const struct {
	const char *trade, *role, *contact, *second;
	int employees;
} demo_companies_kinds[] = {
	{"Bageri", "Bagermester", "Anne Winther", NULL, 4},
	{"Tømrerfirma", "Værkfører", "Jens Bech", "Lis Bech", 12},
	{"Supermarked", "Butikschef", "Omar Said", "Tina Lund", 38},
	{"Plejecenter", "Afdelingsleder", "Karen Krogh", "Ali Haddad", 95},
	{"Autoværksted", "Værkstedschef", "Michael Juhl", NULL, 6},
	{"Lager og Logistik", "Lagerchef", "Pia Vestergaard", "Bo Møller", 160},
};

#define DEMO_COMPANIES_KINDS DEMO_LEN(demo_companies_kinds)

/* The count-th CVR number: seven digits from count, then the check digit
 * (weight 1), skipping the bases that have none. */
static void demo_companies_cvr(long *count, char out[9])
{
	static const int weights[7] = {2, 7, 6, 5, 4, 3, 2};
	char digits[24];
	int i, sum, check;

	for (;;) {
		snprintf(digits, sizeof(digits), "%07ld",
			 5000000 + (*count)++ % 4000000);
		memcpy(out, digits, 7);
		for (sum = 0, i = 0; i < 7; i++)
			sum += weights[i] * (out[i] - '0');
		check = (11 - sum % 11) % 11;
		if (check < 10)
			break;
	}
	out[7] = (char)('0' + check);
	out[8] = '\0';
}

static int demo_companies_contact(struct db *w, int64_t company,
				  const char *name, const char *role,
				  int64_t now)
{
	char email[96], phone[16];
	size_t i, n = 0;

	for (i = 0; name[i] && n + 1 < 40; i++)
		if ((name[i] >= 'A' && name[i] <= 'Z') ||
		    (name[i] >= 'a' && name[i] <= 'z'))
			email[n++] = (char)(name[i] | 0x20);
	snprintf(email + n, sizeof(email) - n, "%lld@firma.invalid",
		 (long long)company);
	snprintf(phone, sizeof(phone), "7%07lld",
		 (long long)(company * 7919 % 10000000));
	return DB_RUN(w, &demo_companies_sql[DEMO_COMPANIES_SQL_CONTACT],
		      DB_INT(company), DB_TEXT(name), DB_TEXT(role),
		      DB_TEXT(email), DB_TEXT(phone), DB_INT(now)) == DB_OK
		       ? 0
		       : -1;
}

int demo_companies_national(struct db *w, date_t today, const int64_t *orgs,
			    const char *const *towns, size_t n, long *made)
{
	char name[200], address[300], cvr[9], on[DATE_ISO_LEN + 1];
	int64_t now = (int64_t)time(NULL), id;
	long serial = 0, count = 0;
	size_t i, k, kind;

	date_format_iso(date_add_days(today, -45), on);
	for (i = 0; i < n; i++) {
		for (k = 0; k < DEMO_COMPANIES_PER_CENTRE; k++) {
			kind = (i + k * 2) % DEMO_COMPANIES_KINDS;
			snprintf(name, sizeof(name), "%s %s",
				 demo_companies_kinds[kind].trade,
				 strchr(towns[i], ' ') + 1);
			snprintf(address, sizeof(address),
				 "Erhvervsvej %zu, %s", k + 1, towns[i]);
			demo_companies_cvr(&serial, cvr);
			if (DB_RUN(w,
				   &demo_companies_sql[DEMO_COMPANIES_SQL_ADD],
				   DB_INT(orgs[i]), DB_TEXT(name), DB_TEXT(cvr),
				   DB_TEXT(address),
				   DB_INT(demo_companies_kinds[kind].employees),
				   DB_TEXT(k == 0 ? on : NULL),
				   DB_INT(now)) != DB_OK)
				return -1;
			id = db_last_id(w);
			if (demo_companies_contact(
				    w, id, demo_companies_kinds[kind].contact,
				    demo_companies_kinds[kind].role, now) < 0 ||
			    (demo_companies_kinds[kind].second &&
			     demo_companies_contact(
				     w, id, demo_companies_kinds[kind].second,
				     "Kontaktperson", now) < 0))
				return -1;
			count++;
		}
	}
	*made = count;
	return 0;
}
