/*
 * Unit tests for rule.c and company.c: the CVR number's modulus-11 check
 * (valid numbers, every single-digit change caught, a leading zero, the
 * length), the host cap at the edges of its steps, the rule row that holds
 * on a day, and the company writes through the domain API the pages and
 * the demo use: who may register and change, every problem of an input at
 * once, a duplicate CVR number within an organisation, contacts added,
 * changed and deactivated, the audit rows, and the interns counted on a
 * day and at the peak of a period.
 */
#include "actor.h"
#include "company.h"
#include "date.h"
#include "db.h"
#include "form.h"
#include "rule.h"
#include "testdb.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

/* Jobcenter Aarhus (1): a consultant and a caseworker; Mestringshuset (2):
 * a project leader; and the administrator of Aarhus. */
static const struct actor consultant = {2, 1, ROLE_CONSULTANT,
					"vk@test.invalid", NULL};
static const struct actor caseworker = {1, 1, ROLE_CASEWORKER,
					"sb@test.invalid", NULL};
static const struct actor leader2 = {3, 2, ROLE_PROJECT_LEADER,
				     "pl@test.invalid", NULL};
static const struct actor admin = {4, 1, ROLE_ADMIN, "admin@test.invalid",
				   NULL};

/* Valid CVR numbers (computed for the tests, in a range not handed out). */
static const char *const valid_cvrs[] = {
	"91300028", "91300036", "91300044", "91300052", "91400014", "91400022",
};

static int setup(void **state)
{
	static struct testdb t;

	if (testdb_open(&t, true) < 0)
		return -1;
	testdb_seed_staff(t.db);
	testdb_exec(t.db, "INSERT INTO user (id, email, name, role, "
			  "organisation_id, password_hash, created_at, "
			  "updated_at, password_changed_at) VALUES (2, "
			  "'vk@test.invalid', 'Konsulent', 'consultant', 1, "
			  "'x', 0, 0, 0), (3, 'pl@test.invalid', 'Leder', "
			  "'project_leader', 2, 'x', 0, 0, 0), (4, "
			  "'admin@test.invalid', 'Admin', 'admin', 1, 'x', 0, "
			  "0, 0)");
	*state = &t;
	return 0;
}

static int teardown(void **state)
{
	return testdb_remove(*state);
}

static struct db *db_of(void **state)
{
	return ((struct testdb *)*state)->db;
}

/* CVR numbers. */

static void cvr_valid_numbers_pass(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(valid_cvrs) / sizeof(valid_cvrs[0]); i++) {
		assert_true(company_cvr_valid(valid_cvrs[i]));
		assert_null(company_cvr_problem(valid_cvrs[i]));
	}
}

static void cvr_every_single_digit_change_is_caught(void **state)
{
	char cvr[9];
	size_t i, pos;
	char d;

	(void)state;
	for (i = 0; i < sizeof(valid_cvrs) / sizeof(valid_cvrs[0]); i++) {
		for (pos = 0; pos < 8; pos++) {
			for (d = '0'; d <= '9'; d++) {
				memcpy(cvr, valid_cvrs[i], 9);
				if (cvr[pos] == d)
					continue;
				cvr[pos] = d;
				if (company_cvr_valid(cvr))
					fail_msg("%s passes", cvr);
			}
		}
	}
}

static void cvr_leading_zero_and_length_are_refused(void **state)
{
	(void)state;
	/* 01300008 passes the sum but no CVR number starts with 0. */
	assert_string_equal(company_cvr_problem("01300008"),
			    "Et CVR-nummer begynder ikke med 0.");
	assert_string_equal(company_cvr_problem("9130002"),
			    "CVR-nummeret skal være 8 cifre.");
	assert_string_equal(company_cvr_problem("913000280"),
			    "CVR-nummeret skal være 8 cifre.");
	assert_string_equal(company_cvr_problem(""),
			    "CVR-nummeret skal være 8 cifre.");
	assert_string_equal(company_cvr_problem("9130 028"),
			    "CVR-nummeret skal være 8 cifre.");
	assert_string_equal(company_cvr_problem("DK913000"),
			    "CVR-nummeret skal være 8 cifre.");
	assert_non_null(company_cvr_problem(NULL));
	assert_non_null(
		strstr(company_cvr_problem("91300029"), "kontrolcifferet"));
}

/* The host cap. */

static void cap_follows_the_rule_at_its_edges(void **state)
{
	static const struct {
		int employees, cap;
	} cases[] = {
		{0, 1},	  {1, 1},   {4, 1},   {5, 1},	 {9, 1},
		{10, 2},  {49, 9},  {50, 10}, {51, 10},	 {59, 10},
		{60, 11}, {61, 11}, {70, 12}, {100, 15},
	};
	struct company_cap_rule r;
	size_t i;

	assert_int_equal(company_cap_rule_load(db_of(state), date_today(), &r),
			 0);
	assert_int_equal(r.employees_per_intern, 5);
	assert_int_equal(r.small_upto, 50);
	assert_int_equal(r.employees_per_intern_beyond, 10);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (company_intern_cap(cases[i].employees, &r) != cases[i].cap)
			fail_msg("%d employees: cap %d, want %d",
				 cases[i].employees,
				 company_intern_cap(cases[i].employees, &r),
				 cases[i].cap);
	/* A rule that makes no sense still lets one intern in. */
	r.employees_per_intern = 0;
	assert_int_equal(company_intern_cap(100, &r), 1);
	assert_int_equal(company_intern_cap(100, NULL), 1);
}

static void cap_rule_has_no_row_before_the_rules_began(void **state)
{
	struct company_cap_rule r = {7, 7, 7};

	assert_int_equal(company_cap_rule_load(db_of(state),
					       date_from_civil(2018, 12, 31),
					       &r),
			 1);
	assert_int_equal(r.employees_per_intern, 7);
}

static void rule_value_picks_the_row_of_the_day(void **state)
{
	struct db *db = db_of(state);
	static const struct {
		int y, m, d;
		int rc;
		double value;
	} cases[] = {
		{2019, 12, 31, 1, 0}, {2020, 1, 1, 0, 3},   {2024, 6, 30, 0, 3},
		{2024, 7, 1, 0, 4.5}, {2024, 7, 2, 0, 4.5}, {2031, 1, 1, 0, 6},
	};
	double v;
	size_t i;

	testdb_exec(db, "INSERT INTO rule (key, valid_from, value) VALUES "
			"('test.rule', '2024-07-01', 4.5), "
			"('test.rule', '2020-01-01', 3), "
			"('test.rule', '2030-01-01', 6)");
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		v = -1;
		assert_int_equal(
			rule_value(db, "test.rule",
				   date_from_civil(cases[i].y, cases[i].m,
						   cases[i].d),
				   &v),
			cases[i].rc);
		if (cases[i].rc == 0)
			assert_true(v == cases[i].value);
		else
			assert_true(v == -1);
	}
	assert_int_equal(rule_value(db, "no.such.rule", date_today(), &v), 1);
	assert_int_equal(
		rule_value(db, "internship.week_hours_max", date_today(), &v),
		0);
	assert_true(v == 37);
}

/* Writes. */

static int64_t count(struct db *db, const char *sql)
{
	return testdb_scalar(db, sql);
}

static enum result create(struct db *db, const struct actor *a,
			  const char *name, const char *cvr, int employees,
			  int64_t *id, struct form_invalid *bad)
{
	struct company_input in = {
		.name = name,
		.cvr = cvr,
		.address = "Vejen 1, 8000 Aarhus C",
		.employees = employees,
		.cap_statement = -1,
	};

	return company_create(db, a, &in, id, bad);
}

static void only_consultants_and_leaders_register(void **state)
{
	struct db *db = db_of(state);
	struct form_invalid bad;
	int64_t before = count(db, "SELECT count(*) FROM company"), id = 0;

	assert_int_equal(
		create(db, &caseworker, "Bageri", valid_cvrs[0], 3, &id, &bad),
		RESULT_REFUSED);
	assert_non_null(strstr(bad.message, "virksomhedskonsulenter"));
	assert_int_equal(
		create(db, &admin, "Bageri", valid_cvrs[0], 3, &id, &bad),
		RESULT_REFUSED);
	assert_int_equal(count(db, "SELECT count(*) FROM company"), before);
}

static void every_problem_is_listed_at_once(void **state)
{
	struct company_contact_input k[2] = {
		{.name = "", .email = "ikke-en-adresse", .active = -1},
		{.name = "Ok Person", .phone = "ring mig", .active = -1},
	};
	struct company_input in = {
		.name = "",
		.cvr = "12345678",
		.employees = 2000000,
		.cap_statement = 1,
		.cap_statement_on = date_add_days(date_today(), 3),
		.contacts = k,
		.ncontacts = 2,
	};
	struct form_invalid list[16], bad;
	struct company_problems p = {0, list, 16};
	int64_t before = count(db_of(state), "SELECT count(*) FROM company");

	(void)state;
	assert_int_equal(company_check(&in, true, &p), 7);
	assert_string_equal(list[0].field, "name");
	assert_string_equal(list[1].field, "cvr");
	assert_string_equal(list[2].field, "employees");
	assert_string_equal(list[3].field, "cap_statement_on");
	assert_string_equal(list[4].field, "contacts");
	assert_string_equal(list[4].message,
			    "Kontaktperson 1: Kontaktpersonens "
			    "navn skal udfyldes.");
	assert_string_equal(list[5].message,
			    "Kontaktperson 1: E-mailadressen er ikke gyldig.");
	assert_non_null(strstr(list[6].message, "Kontaktperson 2: Telefon"));
	/* The write says the first and writes nothing. */
	assert_int_equal(
		company_create(db_of(state), &consultant, &in, NULL, &bad),
		RESULT_INVALID);
	assert_string_equal(bad.field, "name");
	assert_int_equal(count(db_of(state), "SELECT count(*) FROM company"),
			 before);
}

static void company_with_contacts_is_registered_and_audited(void **state)
{
	struct db *db = db_of(state);
	struct company_contact_input k = {
		.name = "Birgitte Lauridsen",
		.role = "Bagermester",
		.email = "birgitte@example.dk",
		.phone = "+45 86 12 34 56",
		.active = -1,
	};
	struct company_input in = {
		.name = "Bageriet Solsikken ApS",
		.cvr = valid_cvrs[1],
		.address = "Frederiksbjerg Torv 3, 8000 Aarhus C",
		.employees = 12,
		.cap_statement = 1,
		.cap_statement_on = date_add_days(date_today(), -2),
		.contacts = &k,
		.ncontacts = 1,
	};
	struct form_invalid bad;
	struct company c;
	struct company_contact got;
	int64_t id = 0;

	assert_int_equal(company_create(db, &consultant, &in, &id, &bad),
			 RESULT_OK);
	assert_true(id > 0);
	assert_int_equal(company_get(db, &consultant, id, &c), 0);
	assert_string_equal(c.name, "Bageriet Solsikken ApS");
	assert_string_equal(c.cvr, valid_cvrs[1]);
	assert_string_equal(c.organisation, "Jobcenter Aarhus");
	assert_int_equal(c.organisation_id, 1);
	assert_int_equal(c.employees, 12);
	assert_int_equal(c.cap_statement_on, in.cap_statement_on);
	/* Seen by the organisation's staff, not by others or the admin. */
	assert_int_equal(company_get(db, &caseworker, id, &c), 0);
	assert_int_equal(company_get(db, &leader2, id, &c), 1);
	assert_int_equal(company_get(db, &admin, id, &c), 1);
	assert_int_equal(company_get(db, &ACTOR_SYSTEM, id, &c), 0);
	assert_int_equal(count(db, "SELECT count(*) FROM company_contact WHERE "
				   "name = 'Birgitte Lauridsen' AND role = "
				   "'Bagermester' AND active = 1"),
			 1);
	assert_int_equal(
		company_contact_get(
			db, id,
			count(db, "SELECT max(id) FROM company_contact"), &got),
		0);
	assert_string_equal(got.phone, "+45 86 12 34 56");
	assert_int_equal(count(db, "SELECT count(*) FROM audit WHERE action = "
				   "'company.create' AND actor = "
				   "'vk@test.invalid' AND subject_type = "
				   "'company' AND detail = 'CVR 91300036'"),
			 1);
	assert_int_equal(count(db, "SELECT count(*) FROM audit WHERE action = "
				   "'company.contact' AND detail LIKE "
				   "'kontaktperson % tilføjet'"),
			 1);
}

static void duplicate_cvr_is_a_conflict_within_the_organisation(void **state)
{
	struct db *db = db_of(state);
	struct form_invalid bad;
	int64_t id = 0, other = 0;

	assert_int_equal(create(db, &consultant, "Første ApS", valid_cvrs[2],
				10, &id, &bad),
			 RESULT_OK);
	assert_int_equal(create(db, &consultant, "Anden ApS", valid_cvrs[2], 10,
				NULL, &bad),
			 RESULT_CONFLICT);
	assert_string_equal(bad.field, "cvr");
	assert_non_null(strstr(bad.message, "»Første ApS«"));
	assert_non_null(strstr(bad.message, valid_cvrs[2]));
	assert_int_equal(count(db, "SELECT count(*) FROM company WHERE cvr = "
				   "'91300044'"),
			 1);
	/* Another organisation keeps its own record of the same company. */
	assert_int_equal(create(db, &leader2, "Første ApS", valid_cvrs[2], 10,
				&other, &bad),
			 RESULT_OK);
	assert_true(other != id);
	/* A change to a number taken is the same conflict. */
	assert_int_equal(create(db, &consultant, "Tredje ApS", valid_cvrs[3],
				10, &other, &bad),
			 RESULT_OK);
	{
		struct company_input in = {.cvr = valid_cvrs[2],
					   .employees = -1,
					   .cap_statement = -1};

		assert_int_equal(
			company_update(db, &consultant, other, &in, &bad),
			RESULT_CONFLICT);
		assert_non_null(strstr(bad.message, "»Første ApS«"));
	}
}

static void changes_are_the_keepers_and_audited(void **state)
{
	struct db *db = db_of(state);
	struct company_input in = {.address = "Nyvej 2, 8000 Aarhus C",
				   .employees = 61,
				   .cap_statement = 0};
	struct form_invalid bad;
	struct company c;
	int64_t id = 0;

	assert_int_equal(create(db, &consultant, "Skift ApS", valid_cvrs[4], 9,
				&id, &bad),
			 RESULT_OK);
	assert_int_equal(company_update(db, &leader2, id, &in, &bad),
			 RESULT_NOT_FOUND);
	assert_int_equal(company_update(db, &caseworker, id, &in, &bad),
			 RESULT_REFUSED);
	assert_non_null(strstr(bad.message, "kan rette den"));
	assert_int_equal(company_update(db, &consultant, id, &in, &bad),
			 RESULT_OK);
	assert_int_equal(company_get(db, &consultant, id, &c), 0);
	assert_string_equal(c.address, "Nyvej 2, 8000 Aarhus C");
	assert_string_equal(c.name, "Skift ApS");
	assert_int_equal(c.employees, 61);
	assert_int_equal(count(db, "SELECT count(*) FROM audit WHERE action = "
				   "'company.update' AND detail = 'adresse, "
				   "antal ansatte'"),
			 1);
	/* Nothing changed: no audit row. */
	assert_int_equal(company_update(db, &consultant, id, &in, &bad),
			 RESULT_OK);
	assert_int_equal(count(db, "SELECT count(*) FROM audit WHERE action = "
				   "'company.update'"),
			 1);
	/* The statement received, then a future date refused. */
	in = (struct company_input){.employees = -1,
				    .cap_statement = 1,
				    .cap_statement_on = date_today()};
	assert_int_equal(company_update(db, &consultant, id, &in, &bad),
			 RESULT_OK);
	assert_int_equal(company_get(db, &consultant, id, &c), 0);
	assert_int_equal(c.cap_statement_on, date_today());
	in.cap_statement_on = date_add_days(date_today(), 1);
	assert_int_equal(company_update(db, &consultant, id, &in, &bad),
			 RESULT_INVALID);
	assert_string_equal(bad.field, "cap_statement_on");
}

/* Counts what it is given and stops at the first: a stop is no error. */
static int stop_at_first_contact(void *ctx, const struct company_contact *k)
{
	(void)k;
	++*(int *)ctx;
	return -1;
}

static int stop_at_first_company(void *ctx, const struct company *c,
				 int interns)
{
	(void)c;
	(void)interns;
	++*(int *)ctx;
	return -1;
}

static void contacts_are_added_changed_and_deactivated(void **state)
{
	struct db *db = db_of(state);
	struct company_contact_input k = {
		.name = "Henrik Dam", .role = "Værkstedsleder", .active = -1};
	struct form_invalid bad;
	struct company_contact got;
	int64_t id = 0, other = 0, kid = 0;

	assert_int_equal(create(db, &consultant, "Cykler I/S", valid_cvrs[5], 4,
				&id, &bad),
			 RESULT_OK);
	assert_int_equal(create(db, &leader2, "Andet sted", valid_cvrs[5], 4,
				&other, &bad),
			 RESULT_OK);
	assert_int_equal(
		company_contact_save(db, &consultant, id, &k, &kid, &bad),
		RESULT_OK);
	assert_true(kid > 0);
	k = (struct company_contact_input){
		.id = kid, .email = "henrik@example.dk", .active = 0};
	assert_int_equal(
		company_contact_save(db, &consultant, id, &k, NULL, &bad),
		RESULT_OK);
	assert_int_equal(company_contact_get(db, id, kid, &got), 0);
	assert_string_equal(got.name, "Henrik Dam");
	assert_string_equal(got.email, "henrik@example.dk");
	assert_false(got.active);
	assert_int_equal(count(db, "SELECT count(*) FROM audit WHERE action = "
				   "'company.contact' AND detail LIKE '% "
				   "e-mail, deaktiveret'"),
			 1);
	/* Not through another company, nor by its keeper. */
	assert_int_equal(company_contact_get(db, other, kid, &got), 1);
	assert_int_equal(company_contact_get(db, 0, kid, &got), 0);
	assert_int_equal(got.company_id, id);
	{
		struct company_filter f = {NULL};
		int seen = 0;

		assert_int_equal(company_contact_each(db, id, true,
						      stop_at_first_contact,
						      &seen),
				 0);
		assert_int_equal(seen, 1);
		seen = 0;
		assert_int_equal(company_list(db, &consultant, &f,
					      stop_at_first_company, &seen),
				 0);
		assert_int_equal(seen, 1);
	}
	k.active = 1;
	assert_int_equal(
		company_contact_save(db, &leader2, other, &k, NULL, &bad),
		RESULT_NOT_FOUND);
	assert_int_equal(company_contact_save(db, &leader2, id, &k, NULL, &bad),
			 RESULT_NOT_FOUND);
	/* A change without a name keeps it; an empty one is refused. */
	k = (struct company_contact_input){.id = kid, .name = "", .active = -1};
	assert_int_equal(
		company_contact_save(db, &consultant, id, &k, NULL, &bad),
		RESULT_INVALID);
	assert_string_equal(bad.field, "name");
	/* A contact of another company in a change's list. */
	{
		struct company_contact_input mine = {.id = kid, .active = 1};
		struct company_input in = {.employees = -1,
					   .cap_statement = -1,
					   .contacts = &mine,
					   .ncontacts = 1};

		assert_int_equal(company_update(db, &leader2, other, &in, &bad),
				 RESULT_INVALID);
		assert_string_equal(bad.field, "contacts");
		assert_int_equal(company_contact_get(db, id, kid, &got), 0);
		assert_false(got.active);
	}
}

static void interns_are_counted_on_a_day_and_at_the_peak(void **state)
{
	struct db *db = db_of(state);
	struct form_invalid bad;
	struct company c;
	struct company_cap cap;
	int64_t id = 0;
	int n = -1;

	assert_int_equal(
		create(db, &consultant, "Lager ApS", "91500019", 9, &id, &bad),
		RESULT_OK);
	/* Internships of participants the test does not make: the count
	 * reads the internship table alone. */
	testdb_exec(db, "PRAGMA foreign_keys = OFF");
	{
		char sql[1024];

		snprintf(sql, sizeof(sql),
			 "INSERT INTO internship (participant_id, company_id, "
			 "start_on, end_on, status, teaching_weekday, "
			 "created_at, updated_at) VALUES "
			 "(901, %1$lld, '2030-01-07', '2030-03-29', "
			 "'running', 5, 0, 0), "
			 "(902, %1$lld, '2030-02-04', '2030-04-26', "
			 "'trial', 5, 0, 0), "
			 "(903, %1$lld, '2030-02-04', '2030-04-26', "
			 "'planned', 5, 0, 0), "
			 "(904, %1$lld, '2030-01-07', '2030-02-28', "
			 "'ended_early', 5, 0, 0), "
			 "(905, %1$lld, '2030-03-04', '2030-05-31', "
			 "'extended', 5, 0, 0)",
			 (long long)id);
		testdb_exec(db, sql);
	}
	testdb_exec(db, "PRAGMA foreign_keys = ON");
	assert_int_equal(
		company_interns_on(db, id, date_from_civil(2030, 1, 7), &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(
		company_interns_on(db, id, date_from_civil(2030, 3, 4), &n), 0);
	assert_int_equal(n, 3); /* running, trial, extended; not planned */
	assert_int_equal(
		company_interns_on(db, id, date_from_civil(2030, 6, 3), &n), 0);
	assert_int_equal(n, 0);
	/* The peak counts the planned one too, never the ended one. */
	assert_int_equal(
		company_interns_peak(db, id, date_from_civil(2029, 12, 1),
				     date_from_civil(2030, 12, 1), 0, &n),
		0);
	assert_int_equal(n, 4);
	assert_int_equal(
		company_interns_peak(db, id, date_from_civil(2030, 1, 1),
				     date_from_civil(2030, 2, 1), 0, &n),
		0);
	assert_int_equal(n, 1);
	assert_int_equal(
		company_interns_peak(db, id, date_from_civil(2030, 4, 27),
				     date_from_civil(2030, 9, 1), 0, &n),
		0);
	assert_int_equal(n, 1);
	/* The cap on a day: 9 employees allow one. */
	assert_int_equal(company_get(db, &consultant, id, &c), 0);
	assert_int_equal(
		company_cap_on(db, &c, date_from_civil(2030, 3, 4), &cap), 0);
	assert_true(cap.known);
	assert_int_equal(cap.cap, 1);
	assert_int_equal(cap.interns, 3);
	assert_true(cap.full);
	assert_true(cap.over);
	assert_false(cap.statement);

	/* One more over a span: the peak of the others plus it, the
	 * warning in Danish; an internship moved is not counted twice. */
	{
		char text[300];

		assert_int_equal(company_cap_status(
					 db, id, date_from_civil(2030, 4, 29),
					 date_from_civil(2030, 7, 1), 0, &cap),
				 0);
		assert_int_equal(cap.interns, 2);
		assert_int_equal(cap.cap, 1);
		assert_true(cap.over);
		assert_true(company_cap_warning(&cap, text, sizeof(text)));
		assert_non_null(strstr(text, "2 praktikanter"));
		assert_non_null(strstr(text, "loftet er 1"));
		assert_non_null(strstr(text, "ikke modtaget"));
		assert_int_equal(company_cap_status(
					 db, id, date_from_civil(2030, 9, 2),
					 date_from_civil(2030, 11, 1), 0, &cap),
				 0);
		assert_int_equal(cap.interns, 1);
		assert_true(cap.full);
		assert_false(cap.over);
		assert_false(company_cap_warning(&cap, text, sizeof(text)));
		assert_string_equal(text, "");
		/* Internship 905 (extended) moved within its own span. */
		assert_int_equal(
			company_cap_status(
				db, id, date_from_civil(2030, 5, 1),
				date_from_civil(2030, 5, 31),
				testdb_scalar(db, "SELECT id FROM internship "
						  "WHERE participant_id = 905"),
				&cap),
			0);
		assert_int_equal(cap.interns, 1);
		assert_int_equal(company_cap_status(
					 db, 987654,
					 date_from_civil(2030, 5, 1),
					 date_from_civil(2030, 5, 31), 0, &cap),
				 1);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(cvr_valid_numbers_pass),
		cmocka_unit_test(cvr_every_single_digit_change_is_caught),
		cmocka_unit_test(cvr_leading_zero_and_length_are_refused),
		cmocka_unit_test(cap_follows_the_rule_at_its_edges),
		cmocka_unit_test(cap_rule_has_no_row_before_the_rules_began),
		cmocka_unit_test(rule_value_picks_the_row_of_the_day),
		cmocka_unit_test(only_consultants_and_leaders_register),
		cmocka_unit_test(every_problem_is_listed_at_once),
		cmocka_unit_test(
			company_with_contacts_is_registered_and_audited),
		cmocka_unit_test(
			duplicate_cvr_is_a_conflict_within_the_organisation),
		cmocka_unit_test(changes_are_the_keepers_and_audited),
		cmocka_unit_test(contacts_are_added_changed_and_deactivated),
		cmocka_unit_test(interns_are_counted_on_a_day_and_at_the_peak),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
