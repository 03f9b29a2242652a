/*
 * demo_national: the national database for scripts/bench (`mestring demo
 * --scale national`), on top of the small demo: every municipality's job
 * centre with a project leader and a caseworker, a few providers, cohorts
 * every NATIONAL_SPACING weeks at each job centre from about four years
 * back to half a year ahead, and 12-14 citizens on every cohort whose
 * referral has opened, their statuses and outcomes as the cohort's dates
 * make them today, attendance, host companies, and internships with
 * their plans. About 20,000 citizens in a few seconds: rows go in with
 * direct INSERTs (not the domain calls, which audit and check each one),
 * committed every NATIONAL_BATCH rows; each table is one step in
 * national_steps[].
 */
#include "demo_national.h"

#include "actor.h"

#include "array.h"
#include "audit.h"
#include "cohort.h"
#include "cpr.h"
#include "date.h"
#include "day.h"
#include "db.h"
#include "demo_common.h"
#include "demo_companies.h"
#include "demo_internships.h"
#include "demo_marks.h"
#include "demo_people.h"
#include "organisation.h"
#include "password.h"
#include "plan.h"
#include "secret.h"
#include "user.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NATIONAL_SPACING    14	/* weeks between a job centre's cohorts */
#define NATIONAL_WEEKS_BACK 210 /* the first cohorts' first teaching day */
#define NATIONAL_COHORTS    17	/* per job centre */
#define NATIONAL_BATCH	    50000
#define NATIONAL_CPR_FROM   1940 /* birth years the CPR counters cover */
#define NATIONAL_CPR_YEARS  80

struct national_town {
	const char *municipality, *town; /* town: postcode and name */
};

static const struct national_town national_towns[] = {
	{"Albertslund", "2620 Albertslund"},
	{"Allerød", "3450 Allerød"},
	{"Assens", "5610 Assens"},
	{"Ballerup", "2750 Ballerup"},
	{"Billund", "7190 Billund"},
	{"Bornholm", "3700 Rønne"},
	{"Brøndby", "2605 Brøndby"},
	{"Brønderslev", "9700 Brønderslev"},
	{"Dragør", "2791 Dragør"},
	{"Egedal", "3660 Stenløse"},
	{"Esbjerg", "6700 Esbjerg"},
	{"Fanø", "6720 Fanø"},
	{"Favrskov", "8450 Hammel"},
	{"Faxe", "4640 Faxe"},
	{"Fredensborg", "3480 Fredensborg"},
	{"Fredericia", "7000 Fredericia"},
	{"Frederiksberg", "2000 Frederiksberg"},
	{"Frederikshavn", "9900 Frederikshavn"},
	{"Frederikssund", "3600 Frederikssund"},
	{"Furesø", "3500 Værløse"},
	{"Faaborg-Midtfyn", "5600 Faaborg"},
	{"Gentofte", "2820 Gentofte"},
	{"Gladsaxe", "2860 Søborg"},
	{"Glostrup", "2600 Glostrup"},
	{"Greve", "2670 Greve"},
	{"Gribskov", "3200 Helsinge"},
	{"Guldborgsund", "4800 Nykøbing F"},
	{"Haderslev", "6100 Haderslev"},
	{"Halsnæs", "3300 Frederiksværk"},
	{"Hedensted", "8722 Hedensted"},
	{"Helsingør", "3000 Helsingør"},
	{"Herlev", "2730 Herlev"},
	{"Herning", "7400 Herning"},
	{"Hillerød", "3400 Hillerød"},
	{"Hjørring", "9800 Hjørring"},
	{"Holbæk", "4300 Holbæk"},
	{"Holstebro", "7500 Holstebro"},
	{"Horsens", "8700 Horsens"},
	{"Hvidovre", "2650 Hvidovre"},
	{"Høje-Taastrup", "2630 Taastrup"},
	{"Hørsholm", "2970 Hørsholm"},
	{"Ikast-Brande", "7430 Ikast"},
	{"Ishøj", "2635 Ishøj"},
	{"Jammerbugt", "9440 Aabybro"},
	{"Kalundborg", "4400 Kalundborg"},
	{"Kerteminde", "5300 Kerteminde"},
	{"Kolding", "6000 Kolding"},
	{"København", "1550 København V"},
	{"Køge", "4600 Køge"},
	{"Langeland", "5900 Rudkøbing"},
	{"Lejre", "4320 Lejre"},
	{"Lemvig", "7620 Lemvig"},
	{"Lolland", "4900 Nakskov"},
	{"Lyngby-Taarbæk", "2800 Kongens Lyngby"},
	{"Læsø", "9940 Læsø"},
	{"Mariagerfjord", "9500 Hobro"},
	{"Middelfart", "5500 Middelfart"},
	{"Morsø", "7900 Nykøbing M"},
	{"Norddjurs", "8500 Grenaa"},
	{"Nordfyn", "5400 Bogense"},
	{"Nyborg", "5800 Nyborg"},
	{"Næstved", "4700 Næstved"},
	{"Odder", "8300 Odder"},
	{"Odense", "5000 Odense C"},
	{"Odsherred", "4550 Asnæs"},
	{"Randers", "8900 Randers C"},
	{"Rebild", "9530 Støvring"},
	{"Ringkøbing-Skjern", "6950 Ringkøbing"},
	{"Ringsted", "4100 Ringsted"},
	{"Roskilde", "4000 Roskilde"},
	{"Rudersdal", "3460 Birkerød"},
	{"Rødovre", "2610 Rødovre"},
	{"Samsø", "8305 Samsø"},
	{"Silkeborg", "8600 Silkeborg"},
	{"Skanderborg", "8660 Skanderborg"},
	{"Skive", "7800 Skive"},
	{"Slagelse", "4200 Slagelse"},
	{"Solrød", "2680 Solrød Strand"},
	{"Sorø", "4180 Sorø"},
	{"Stevns", "4660 Store Heddinge"},
	{"Struer", "7600 Struer"},
	{"Svendborg", "5700 Svendborg"},
	{"Syddjurs", "8400 Ebeltoft"},
	{"Sønderborg", "6400 Sønderborg"},
	{"Thisted", "7700 Thisted"},
	{"Tønder", "6270 Tønder"},
	{"Tårnby", "2770 Kastrup"},
	{"Vallensbæk", "2625 Vallensbæk"},
	{"Varde", "6800 Varde"},
	{"Vejen", "6600 Vejen"},
	{"Vejle", "7100 Vejle"},
	{"Vesthimmerland", "9600 Aars"},
	{"Viborg", "8800 Viborg"},
	{"Vordingborg", "4760 Vordingborg"},
	{"Ærø", "5970 Ærøskøbing"},
	{"Aabenraa", "6200 Aabenraa"},
	{"Aalborg", "9000 Aalborg"},
	{"Aarhus", "8000 Aarhus C"},
};

#define NATIONAL_CENTRES DEMO_LEN(national_towns)

struct national_provider {
	const char *name, *instructor_email, *instructor;
};

static const struct national_provider national_providers[] = {
	{"Mestringshuset ApS", "underviser@demo.invalid", "Marianne Lund"},
	{"Job & Trivsel A/S", "underviser.jobtrivsel@demo.invalid",
	 "Birgitte Lassen"},
	{"Psykologcentret Vest ApS", "underviser.vest@demo.invalid",
	 "Jesper Overgaard"},
	{"Vejen Videre ApS", "underviser.vejenvidere@demo.invalid",
	 "Hanne Kofoed"},
};

#define NATIONAL_PROVIDERS DEMO_LEN(national_providers)

static const char *const national_men[] = {
	"Mathias",  "Oliver",	 "William", "Noah",	 "Lucas",    "Emil",
	"Magnus",   "Frederik",	 "Victor",  "Malthe",	 "Elias",    "Alfred",
	"Oscar",    "Carl",	 "August",  "Anton",	 "Valdemar", "Aksel",
	"Johan",    "Mikkel",	 "Rasmus",  "Jonas",	 "Ahmed",    "Ali",
	"Mohammed", "Omar",	 "Yusuf",   "Hassan",	 "Adam",     "Mustafa",
	"Tobias",   "Sebastian", "Nikolaj", "Christian", "Jakob",    "Kevin",
};
static const char *const national_women[] = {
	"Emma",	  "Ida",     "Clara",	  "Freja",    "Alma",	 "Ella",
	"Sofia",  "Anna",    "Laura",	  "Karla",    "Agnes",	 "Josefine",
	"Maja",	  "Nanna",   "Julie",	  "Mathilde", "Cecilie", "Signe",
	"Sara",	  "Aya",     "Fatima",	  "Zainab",   "Amina",	 "Maryam",
	"Hiba",	  "Nadia",   "Katarzyna", "Olivia",   "Liva",	 "Asta",
	"Louise", "Camilla", "Sandra",	  "Mia",      "Amalie",	 "Rikke",
};
static const char *const national_surnames[] = {
	"Nielsen",	"Jensen",   "Hansen",	  "Pedersen",	 "Andersen",
	"Christensen",	"Larsen",   "Sørensen",	  "Rasmussen",	 "Jørgensen",
	"Petersen",	"Madsen",   "Kristensen", "Olsen",	 "Thomsen",
	"Christiansen", "Poulsen",  "Johansen",	  "Møller",	 "Mortensen",
	"Knudsen",	"Jakobsen", "Mikkelsen",  "Frederiksen", "Laursen",
	"Henriksen",	"Lund",	    "Schmidt",	  "Eriksen",	 "Holm",
	"Clausen",	"Simonsen", "Svendsen",	  "Iversen",	 "Jeppesen",
	"Hussein",	"Ali",	    "Mohamed",	  "Ahmadi",	 "Yilmaz",
	"Nowak",	"Nguyen",   "Demir",	  "Hassan",	 "Ibrahim",
	"Kaya",		"Kowalski", "Abdi",
};
static const char *const national_streets[] = {
	"Vestergade",	"Østergade",  "Nørregade",   "Søndergade", "Algade",
	"Jernbanegade", "Skolegade",  "Kirkevej",    "Møllevej",   "Parkvej",
	"Stationsvej",	"Skovvej",    "Bakkevej",    "Engvej",	   "Strandvej",
	"Havnegade",	"Grønnegade", "Klostergade", "Torvegade",  "Ringvejen",
};
static const char *const national_barriers[] = {
	"[\"anxiety\"]",
	"[\"depression\"]",
	"[\"adhd\"]",
	"[\"anxiety\",\"depression\"]",
	"[\"adhd\",\"anxiety\"]",
	"[\"other\"]",
};
static const char *const national_months[] = {
	"januar", "februar", "marts",	  "april",   "maj",	 "juni",
	"juli",	  "august",  "september", "oktober", "november", "december",
};

struct national_centre {
	int64_t org, leader, caseworker;
	char leader_email[128], caseworker_email[128];
};

struct national_cohort {
	int64_t id;
	size_t centre, provider;
	bool cancelled;
	int capacity;
	/* Its participants have the ids first_participant onwards (for
	 * later steps, such as attendance). */
	int64_t first_participant;
	int nparticipants;
	date_t referral_start, prep_start, first_day, internship_start,
		internship_end;
};

struct national {
	struct db *w;
	date_t today;
	uint64_t rng;
	char hash[PASSWORD_HASH_LEN];
	int64_t template_cohort;
	int64_t providers[NATIONAL_PROVIDERS], instructors[NATIONAL_PROVIDERS];
	struct national_centre centres[NATIONAL_CENTRES];
	struct national_cohort *cohorts;
	size_t ncohorts, cohorts_cap;
	uint16_t *cpr_serials; /* next serial per birth day */
	size_t pending;	       /* rows since the last commit */
	long users, course_days, participants, statuses, outcomes, marks;
	long companies;
	struct demo_internships_counts internships;
};

enum national_sql {
	NATIONAL_SQL_ORG_ADD,
	NATIONAL_SQL_USER_ADD,
	NATIONAL_SQL_TEMPLATE,
	NATIONAL_SQL_COHORT_ADD,
	NATIONAL_SQL_CRITERIA_COPY,
	NATIONAL_SQL_STAFF_ADD,
	NATIONAL_SQL_PARTICIPANT_ADD,
	NATIONAL_SQL_STATUS_ADD,
	NATIONAL_SQL_OUTCOME_ADD,
	NATIONAL_SQL__MAX
};

/* The rows as the domain modules would write them. */
static const struct db_sql national_sql[NATIONAL_SQL__MAX] = {
	[NATIONAL_SQL_ORG_ADD] = {"INSERT OR IGNORE INTO organisation (name, "
				  "kind, created_at) VALUES (?1, ?2, ?3)",
				  "tti"},
	[NATIONAL_SQL_USER_ADD] =
		{"INSERT OR IGNORE INTO user (email, name, role, "
		 "organisation_id, password_hash, active, created_at, "
		 "updated_at, password_changed_at) VALUES (?1, ?2, ?3, ?4, "
		 "?5, 1, ?6, ?6, ?6)",
		 "tttiti"},
	/* The small demo's first cohort: its target group is the
	 * catalogue's example. */
	[NATIONAL_SQL_TEMPLATE] = {"SELECT min(cohort_id) FROM "
				   "cohort_criterion",
				   ""},
	[NATIONAL_SQL_COHORT_ADD] =
		{"INSERT INTO cohort (name, job_centre_id, provider_id, "
		 "org_model, venue_name, venue_address, first_teaching_day, "
		 "prep_weeks, teaching_weeks, teaching_weekdays, start_min, "
		 "end_min, internship_weeks, weekly_teaching_weekday, "
		 "capacity, state, cancel_reason, referral_start, prep_start, "
		 "teaching_end, internship_start, internship_end, "
		 "aftercare_start, created_at, updated_at) VALUES (?1, ?2, "
		 "?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, "
		 "?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?24)",
		 "tiiitttiiiiiiiittTTTTTTi"},
	[NATIONAL_SQL_CRITERIA_COPY] =
		{"INSERT INTO cohort_criterion (cohort_id, position, text) "
		 "SELECT ?1, position, text FROM cohort_criterion WHERE "
		 "cohort_id = ?2",
		 "ii"},
	[NATIONAL_SQL_STAFF_ADD] = {"INSERT OR IGNORE INTO cohort_staff "
				    "(cohort_id, user_id, role) VALUES (?1, "
				    "?2, ?3)",
				    "iit"},
	[NATIONAL_SQL_PARTICIPANT_ADD] =
		{"INSERT INTO participant (cohort_id, name, cpr_enc, "
		 "cpr_hash, birth_year, phone, email, address, caseworker_id, "
		 "health_enc, status, referred_on, visitation_on, "
		 "visitation_by, visitation_enc, started_on, ended_on, "
		 "created_by, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, "
		 "?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, "
		 "?9, ?18, ?19)",
		 "itsbitttisttTISTTii"},
	[NATIONAL_SQL_STATUS_ADD] =
		{"INSERT INTO participant_status (participant_id, at, date, "
		 "from_status, to_status, reason_enc, dialogue, actor_id, "
		 "actor) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
		 "iitttStit"},
	[NATIONAL_SQL_OUTCOME_ADD] =
		{"INSERT INTO outcome (participant_id, timing, kind, "
		 "hours_per_week, other_kind, note_enc, recorded_on, "
		 "actor_id, actor, created_at, updated_at) VALUES (?1, ?2, "
		 "?3, ?4, ?5, NULL, ?6, ?7, ?8, ?9, ?9)",
		 "ittITtiti"},
};

/* splitmix64: the same database every run for the same day. */
static uint32_t national_rand(struct national *n, uint32_t below)
{
	uint64_t z = (n->rng += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	z ^= z >> 31;
	return below ? (uint32_t)(z % below) : 0;
}

/* A time of day on d, in Unix seconds, for created_at and history. */
static int64_t national_at(struct national *n, date_t d)
{
	return (int64_t)d * 86400 + 7 * 3600 + national_rand(n, 8 * 3600);
}

/* d as an ISO date in out, or NULL for 0 (binds NULL). */
static const char *national_iso(date_t d, char out[DATE_ISO_LEN + 1])
{
	if (d == 0)
		return NULL;
	date_format_iso(d, out);
	return out;
}

/* Counts a row; commits and begins anew every NATIONAL_BATCH rows, so no
 * transaction grows without bound. 0 or -1. */
static int national_row(struct national *n)
{
	if (++n->pending < NATIONAL_BATCH)
		return 0;
	n->pending = 0;
	if (db_commit(n->w) < 0 || db_begin(n->w) < 0)
		return -1;
	return 0;
}

/* Runs st (bound by DB_BIND; NULL when that failed) and counts its row. */
static int national_exec(struct national *n, sqlite3_stmt *st)
{
	if (db_exec_stmt(n->w, st) != DB_OK)
		return -1;
	return national_row(n);
}

/* The organisation named name (made when missing), or -1. */
static int64_t national_org(struct national *n, const char *name,
			    const char *kind)
{
	int64_t id;

	if (national_exec(n, DB_BIND(n->w, &national_sql[NATIONAL_SQL_ORG_ADD],
				     DB_TEXT(name), DB_TEXT(kind),
				     DB_INT(time(NULL)))) < 0)
		return -1;
	id = organisation_find(n->w, name);
	return id > 0 ? id : -1;
}

/* The user with e-mail email (made with the shared password hash when
 * missing), or -1. */
static int64_t national_user(struct national *n, const char *email,
			     const char *name, const char *role, int64_t org)
{
	int64_t id;

	if (national_exec(n, DB_BIND(n->w, &national_sql[NATIONAL_SQL_USER_ADD],
				     DB_TEXT(email), DB_TEXT(name),
				     DB_TEXT(role), DB_INT(org),
				     DB_TEXT(n->hash), DB_INT(time(NULL)))) < 0)
		return -1;
	if (db_changes(n->w) == 1)
		n->users++;
	id = user_find(n->w, email);
	return id > 0 ? id : -1;
}

static void national_person_name(struct national *n, bool male, char *out,
				 size_t len)
{
	const char *first =
		male ? national_men[national_rand(n, DEMO_LEN(national_men))]
		     : national_women[national_rand(n,
						    DEMO_LEN(national_women))];

	snprintf(out, len, "%s %s", first,
		 national_surnames[national_rand(n,
						 DEMO_LEN(national_surnames))]);
}

/* Step: job centres, providers and their staff. */
static int national_orgs(struct national *n)
{
	char name[160], slug[64], staff[120];
	size_t i;

	for (i = 0; i < NATIONAL_PROVIDERS; i++) {
		const struct national_provider *p = &national_providers[i];

		n->providers[i] = national_org(n, p->name, "provider");
		if (n->providers[i] < 0)
			return -1;
		n->instructors[i] = national_user(n, p->instructor_email,
						  p->instructor, "instructor",
						  n->providers[i]);
		if (n->instructors[i] < 0)
			return -1;
	}
	for (i = 0; i < NATIONAL_CENTRES; i++) {
		struct national_centre *c = &n->centres[i];

		snprintf(name, sizeof(name), "Jobcenter %s",
			 national_towns[i].municipality);
		c->org = national_org(n, name, "job_centre");
		if (c->org < 0)
			return -1;
		demo_slug(national_towns[i].municipality, slug, sizeof(slug));
		snprintf(c->leader_email, sizeof(c->leader_email),
			 "projektleder.%s@demo.invalid", slug);
		snprintf(c->caseworker_email, sizeof(c->caseworker_email),
			 "sagsbehandler.%s@demo.invalid", slug);
		national_person_name(n, national_rand(n, 2), staff,
				     sizeof(staff));
		c->leader = national_user(n, c->leader_email, staff,
					  "project_leader", c->org);
		national_person_name(n, national_rand(n, 2), staff,
				     sizeof(staff));
		c->caseworker = national_user(n, c->caseworker_email, staff,
					      "caseworker", c->org);
		if (c->leader < 0 || c->caseworker < 0)
			return -1;
	}
	return 0;
}

static int national_staff(struct national *n, int64_t cohort, int64_t user,
			  const char *role)
{
	return national_exec(
		n, DB_BIND(n->w, &national_sql[NATIONAL_SQL_STAFF_ADD],
			   DB_INT(cohort), DB_INT(user), DB_TEXT(role)));
}

/* Writes the cohort row as cohort.c's would be, with state and dates. */
static int national_cohort_row(struct national *n,
			       const struct national_cohort *nc,
			       const struct plan_input *in,
			       const struct plan *p, const char *state)
{
	const struct national_town *t = &national_towns[nc->centre];
	char name[160], venue[160], address[200];
	char iso[7][DATE_ISO_LEN + 1];
	int64_t at;
	int y, m, d;

	date_to_civil(in->first_teaching_day, &y, &m, &d);
	snprintf(name, sizeof(name), "%s %s %d", t->municipality,
		 national_months[m - 1], y);
	snprintf(venue, sizeof(venue), "Jobcenter %s, mødelokale %u",
		 t->municipality, 1 + national_rand(n, 4));
	snprintf(address, sizeof(address), "%s %u, %s",
		 national_streets[national_rand(n, DEMO_LEN(national_streets))],
		 1 + national_rand(n, 120), t->town);
	at = national_at(n, p->referral_start);
	return national_exec(
		n,
		DB_BIND(n->w, &national_sql[NATIONAL_SQL_COHORT_ADD],
			DB_TEXT(name), DB_INT(n->centres[nc->centre].org),
			DB_INT(n->providers[nc->provider]),
			DB_INT(1 + (int)(nc->centre % 3)), DB_TEXT(venue),
			DB_TEXT(address),
			DB_TEXT(national_iso(in->first_teaching_day, iso[0])),
			DB_INT(in->prep_weeks), DB_INT(in->teaching_weeks),
			DB_INT(in->teaching_weekdays), DB_INT(in->start_min),
			DB_INT(in->end_min), DB_INT(in->internship_weeks),
			DB_INT(in->weekly_teaching_weekday),
			DB_INT(nc->capacity), DB_TEXT(state),
			DB_TEXT(nc->cancelled ? demo_cancel_reason : ""),
			DB_TEXT(national_iso(p->referral_start, iso[1])),
			DB_TEXT(national_iso(p->prep_start, iso[2])),
			DB_TEXT(national_iso(p->teaching_end, iso[3])),
			DB_TEXT(national_iso(p->internship_start, iso[4])),
			DB_TEXT(national_iso(p->internship_end, iso[5])),
			DB_TEXT(national_iso(p->aftercare_start, iso[6])),
			DB_INT(at)));
}

/* One cohort k of centre i: its row, target group, staff and days. */
static int national_cohort(struct national *n, size_t i, int k)
{
	struct national_cohort *nc;
	struct plan_input in;
	struct plan p;
	struct plan_error err;
	int weeks = -NATIONAL_WEEKS_BACK + (int)(i % NATIONAL_SPACING) +
		    k * NATIONAL_SPACING;
	const char *state = "referral_open";
	long slot = ARRAY_PUSH(n->cohorts, n->ncohorts, n->cohorts_cap);
	int rc = -1;

	if (slot < 0)
		return -1;
	nc = &n->cohorts[slot];
	memset(nc, 0, sizeof(*nc));
	plan_input_defaults(&in);
	in.first_teaching_day = demo_first_day(n->today, -weeks);
	if (plan_derive(&in, &p, &err) < 0) {
		fprintf(stderr, "mestring: national plan: %s\n", err.message);
		return -1;
	}
	if (n->today < p.referral_start)
		state = "planning";
	else if ((i * 7 + (size_t)k) % 31 == 0 && p.prep_start < n->today)
		state = "cancelled";
	nc->centre = i;
	nc->provider = (i + (size_t)k) % NATIONAL_PROVIDERS;
	nc->cancelled = strcmp(state, "cancelled") == 0;
	/* Some cohorts above the recommended 8-10, as real ones are, and
	 * one in five full at 16 (scripts/bench saves a 16-person day). */
	nc->capacity = k % 5 == 4 ? COHORT_CAPACITY_MAX
				  : COHORT_CAPACITY_RECOMMENDED + k % 3;
	nc->referral_start = p.referral_start;
	nc->prep_start = p.prep_start;
	nc->first_day = in.first_teaching_day;
	nc->internship_start = p.internship_start;
	nc->internship_end = p.internship_end;
	if (national_cohort_row(n, nc, &in, &p, state) < 0)
		goto out;
	nc->id = db_last_id(n->w);
	if (national_exec(
		    n, DB_BIND(n->w, &national_sql[NATIONAL_SQL_CRITERIA_COPY],
			       DB_INT(nc->id), DB_INT(n->template_cohort))) <
		    0 ||
	    national_staff(n, nc->id, n->centres[i].leader, "project_leader") <
		    0 ||
	    national_staff(n, nc->id, n->instructors[nc->provider],
			   "instructor") < 0 ||
	    day_rebuild(n->w, nc->id, &p) < 0)
		goto out;
	n->course_days += (long)p.ndays;
	n->pending += p.ndays;
	rc = 0;
out:
	plan_free(&p);
	return rc;
}

/* Step: cohorts at every job centre. */
static int national_cohorts(struct national *n)
{
	sqlite3_stmt *st = DB_BIND0(n->w, &national_sql[NATIONAL_SQL_TEMPLATE]);
	size_t i;
	int k;

	if (st == NULL)
		return -1;
	if (db_step(n->w, st) == SQLITE_ROW)
		n->template_cohort = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	for (i = 0; i < NATIONAL_CENTRES; i++)
		for (k = 0; k < NATIONAL_COHORTS; k++)
			if (national_cohort(n, i, k) < 0)
				return -1;
	return 0;
}

/* A citizen as it will be written: the row, then its history. */
struct national_event {
	date_t on;
	const char *from, *to, *reason, *dialogue;
	bool by_leader;
};

struct national_person {
	char name[120], email[160], phone[16], address[200];
	char cpr[CPR_DIGITS + 1];
	int birth_year;
	const char *status;
	date_t referred, visited, started, ended;
	const char *visit_reason;
	struct national_event events[5];
	int nevents;
	bool started_course;
};

/*
 * A unique CPR number for someone born on birth: the serial counts up per
 * birth day, in the century range of the seventh digit, odd for men.
 */
static int national_cpr(struct national *n, date_t birth, bool male,
			char out[CPR_DIGITS + 1])
{
	size_t day = (size_t)(birth - date_from_civil(NATIONAL_CPR_FROM, 1, 1));
	char digits[32];
	int y, m, d, serial;

	if (day >= (size_t)NATIONAL_CPR_YEARS * 366 ||
	    n->cpr_serials[day] >= 1900)
		return -1;
	date_to_civil(birth, &y, &m, &d);
	/* 0xxx-3xxx: born 1900-1999; 4xxx: 2000-2036. */
	serial = (y >= 2000 ? 4000 : 0) + 2 * n->cpr_serials[day]++ +
		 (male ? 1 : 0);
	snprintf(digits, sizeof(digits), "%02d%02d%02d%04d", d, m, y % 100,
		 serial);
	memcpy(out, digits, CPR_DIGITS);
	out[CPR_DIGITS] = '\0';
	return 0;
}

static void national_event(struct national_person *np, date_t on,
			   const char *to, const char *reason,
			   const char *dialogue, bool by_leader)
{
	struct national_event *e = &np->events[np->nevents++];

	e->on = on;
	e->from = np->status;
	e->to = to;
	e->reason = reason;
	e->dialogue = dialogue;
	e->by_leader = by_leader;
	np->status = to;
}

/*
 * What has happened to citizen i of cohort c by today. Places 0..capacity-1
 * are admitted (some drop out or are re-referred); the rest are refused or
 * wait. Each step happens only once its day has come.
 */
static void national_history(struct national *n,
			     const struct national_cohort *c, int i,
			     struct national_person *np)
{
	date_t t = n->today, on;
	uint32_t fate = national_rand(n, 100);
	int window = c->prep_start - c->referral_start - 3;

	np->status = "";
	np->referred = demo_min(t,
				date_add_days(c->referral_start,
					      (int)national_rand(n, window)));
	national_event(np, np->referred, "referred", NULL, NULL, false);
	on = demo_weekday(date_add_days(c->prep_start, i % 10));
	if (on > t)
		return;
	np->visited = on;
	if (i >= c->capacity) {
		np->visit_reason = fate < 60 ? "Borgeren har brug for et "
					       "behandlingsforløb først."
					     : "Holdet er fuldt.";
		national_event(np, on, fate < 60 ? "not_admitted" : "waiting",
			       np->visit_reason, NULL, true);
		if (fate < 60) {
			np->ended = on;
			return;
		}
		/* No place came free: back to the caseworker for a later
		 * cohort once the teaching begins. */
		if (c->first_day <= t) {
			np->ended = c->first_day;
			national_event(np, c->first_day, "re_referred",
				       "Ingen ledig plads; henvises til et "
				       "senere hold.",
				       "citizen,caseworker", true);
		}
		return;
	}
	national_event(np, on, "admitted", NULL, NULL, true);
	if (c->first_day > t)
		return;
	np->started = c->first_day;
	np->started_course = true;
	national_event(np, c->first_day, "started", NULL, NULL, true);
	if (fate < 14) {
		on = demo_weekday(date_add_days(c->first_day,
						7 + (int)national_rand(n, 70)));
		if (on > t || on > c->internship_end)
			return;
		np->ended = on;
		if (fate < 8)
			national_event(np, on, "dropped_out",
				       "Borgeren er stoppet efter eget ønske.",
				       NULL, true);
		else
			national_event(np, on, "re_referred",
				       "Forløbet gavner ikke borgeren lige nu.",
				       "citizen,instructor,caseworker", true);
		return;
	}
	if (c->internship_end > t)
		return;
	np->ended = c->internship_end;
	national_event(np, c->internship_end, "completed", NULL, NULL, true);
}

static const char *national_health(struct national *n, char *buf, size_t len)
{
	const char *barriers = national_barriers[national_rand(
		n, DEMO_LEN(national_barriers))];

	snprintf(buf, len,
		 "{\"barriers\":%s,\"barrier_other\":\"%s\",\"substance\":"
		 "\"%s\",\"criteria\":[],\"reason\":\"%s\",\"wishes\":\"%s\"}",
		 barriers, strstr(barriers, "other") ? "Søvnproblemer" : "",
		 national_rand(n, 10) ? "none" : "in_treatment",
		 demo_reasons[national_rand(n, (uint32_t)demo_nreasons)],
		 demo_wishes[national_rand(n, (uint32_t)demo_nwishes)]);
	return buf;
}

static int national_person_row(struct national *n,
			       const struct national_cohort *c,
			       const struct national_person *np, int64_t *id)
{
	const struct national_centre *centre = &n->centres[c->centre];
	const struct national_event *last = &np->events[np->nevents - 1];
	unsigned char hash[SECRET_HASH_LEN];
	char health[512], visit[256], iso[4][DATE_ISO_LEN + 1];
	int64_t created, updated;

	if (secret_hash(np->cpr, hash) < 0)
		return -1;
	/* In this order: each takes its turn of the random numbers. */
	national_health(n, health, sizeof(health));
	if (np->visited)
		snprintf(visit, sizeof(visit),
			 "{\"notes\":\"%s\",\"reason\":\"%s\"}",
			 demo_visit_notes[national_rand(
				 n, (uint32_t)demo_nvisit_notes)],
			 np->visit_reason ? np->visit_reason : "");
	created = national_at(n, np->referred);
	updated = national_at(n, last->on);
	if (national_exec(
		    n,
		    DB_BIND(n->w, &national_sql[NATIONAL_SQL_PARTICIPANT_ADD],
			    DB_INT(c->id), DB_TEXT(np->name),
			    DB_SEALED(np->cpr), DB_BLOB(hash, sizeof(hash)),
			    DB_INT(np->birth_year), DB_TEXT(np->phone),
			    DB_TEXT(np->email), DB_TEXT(np->address),
			    DB_INT(centre->caseworker), DB_SEALED(health),
			    DB_TEXT(np->status),
			    DB_TEXT(national_iso(np->referred, iso[0])),
			    DB_TEXT(national_iso(np->visited, iso[1])),
			    DB_ID(np->visited ? centre->leader : 0),
			    DB_SEALED(np->visited ? visit : NULL),
			    DB_TEXT(national_iso(np->started, iso[2])),
			    DB_TEXT(national_iso(np->ended, iso[3])),
			    DB_INT(created), DB_INT(updated))) < 0)
		return -1;
	*id = db_last_id(n->w);
	n->participants++;
	return 0;
}

static int national_events(struct national *n, const struct national_cohort *c,
			   const struct national_person *np, int64_t id)
{
	const struct national_centre *centre = &n->centres[c->centre];
	char iso[DATE_ISO_LEN + 1];
	int i;

	for (i = 0; i < np->nevents; i++) {
		const struct national_event *e = &np->events[i];
		int64_t at = national_at(n, e->on);

		if (national_exec(
			    n,
			    DB_BIND(n->w,
				    &national_sql[NATIONAL_SQL_STATUS_ADD],
				    DB_INT(id), DB_INT(at),
				    DB_TEXT(national_iso(e->on, iso)),
				    DB_TEXT(e->from), DB_TEXT(e->to),
				    DB_SEALED(e->reason),
				    DB_TEXT(e->dialogue ? e->dialogue : ""),
				    DB_INT(e->by_leader ? centre->leader
							: centre->caseworker),
				    DB_TEXT(e->by_leader
						    ? centre->leader_email
						    : centre->caseworker_email))) <
		    0)
			return -1;
		n->statuses++;
	}
	return 0;
}

/* One outcome of timing recorded on day on; completers do better. */
static int national_outcome(struct national *n, const struct national_cohort *c,
			    int64_t id, const char *timing, date_t on,
			    bool completed)
{
	static const char *const others[] = {"upskilling", "clarification",
					     "none"};
	const struct national_centre *centre = &n->centres[c->centre];
	uint32_t r = national_rand(n, 100);
	bool six = strcmp(timing, "six_months") == 0;
	const char *kind = "other", *other = NULL;
	char iso[DATE_ISO_LEN + 1];
	int64_t at;
	int hours = 0;

	if (!completed)
		r = r < 10 ? r : 60 + r % 40; /* mostly "other" */
	if (r < (six ? 35u : 25u))
		kind = "job";
	else if (r < (six ? 55u : 40u))
		kind = "education";
	else if (r < 60)
		kind = six ? "education" : "extended_internship";
	if (strcmp(kind, "job") == 0)
		hours = 10 + (int)national_rand(n, 28);
	if (strcmp(kind, "other") == 0)
		other = others[national_rand(n, 3)];
	at = national_at(n, on);
	if (national_exec(n,
			  DB_BIND(n->w, &national_sql[NATIONAL_SQL_OUTCOME_ADD],
				  DB_INT(id), DB_TEXT(timing), DB_TEXT(kind),
				  DB_ID(hours), DB_TEXT(other),
				  DB_TEXT(national_iso(on, iso)),
				  DB_INT(centre->caseworker),
				  DB_TEXT(centre->caseworker_email),
				  DB_INT(at))) < 0)
		return -1;
	n->outcomes++;
	return 0;
}

/* Citizen i of cohort c, with history and outcomes; *id gets the row. */
static int national_person(struct national *n, const struct national_cohort *c,
			   int i, int64_t *id)
{
	struct national_person np;
	const struct national_town *town = &national_towns[c->centre];
	bool male = national_rand(n, 2);
	date_t birth, six = date_add_months(c->internship_end, 6);
	int age = 19 + (int)national_rand(n, 11);
	char slug[120];

	memset(&np, 0, sizeof(np));
	if (national_rand(n, 50) == 0)
		age = 30 + (int)national_rand(n, 25); /* a few older */
	national_history(n, c, i, &np);
	birth = date_add_days(np.referred,
			      -(age * 365 + (int)national_rand(n, 365)));
	if (national_cpr(n, birth, male, np.cpr) < 0)
		return -1;
	np.birth_year = date_year(birth);
	national_person_name(n, male, np.name, sizeof(np.name));
	demo_slug(np.name, slug, sizeof(slug));
	snprintf(np.email, sizeof(np.email), "%s%u@example.dk", slug,
		 national_rand(n, 1000));
	snprintf(np.phone, sizeof(np.phone), "%u %02u %02u %02u",
		 20 + national_rand(n, 12), national_rand(n, 100),
		 national_rand(n, 100), national_rand(n, 100));
	snprintf(np.address, sizeof(np.address), "%s %u, %s",
		 national_streets[national_rand(n, DEMO_LEN(national_streets))],
		 1 + national_rand(n, 150), town->town);
	if (national_person_row(n, c, &np, id) < 0 ||
	    national_events(n, c, &np, *id) < 0)
		return -1;
	/* Outcomes for everyone who started, once the course has ended. */
	if (!np.started_course || c->internship_end > n->today)
		return 0;
	if (national_outcome(n, c, *id, "end", c->internship_end,
			     strcmp(np.status, "completed") == 0) < 0)
		return -1;
	if (six <= n->today &&
	    national_outcome(n, c, *id, "six_months", six,
			     strcmp(np.status, "completed") == 0) < 0)
		return -1;
	return 0;
}

/* Step: citizens on every cohort whose referral has opened. */
static int national_participants(struct national *n)
{
	size_t i;
	int64_t id;
	int k, count;

	n->cpr_serials = calloc((size_t)NATIONAL_CPR_YEARS * 366,
				sizeof(*n->cpr_serials));
	if (n->cpr_serials == NULL)
		return -1;
	for (i = 0; i < n->ncohorts; i++) {
		struct national_cohort *c = &n->cohorts[i];

		if (c->cancelled || n->today < c->referral_start)
			continue;
		count = c->capacity + 1 + (int)national_rand(n, 3);
		for (k = 0; k < count; k++) {
			if (national_person(n, c, k, &id) < 0)
				return -1;
			if (k == 0)
				c->first_participant = id;
		}
		c->nparticipants = count;
	}
	return 0;
}

/* Step: attendance on every past course day of the national cohorts. */
static int national_attendance(struct national *n)
{
	return n->ncohorts == 0 ? 0
				: demo_marks_add(n->w, n->cohorts[0].id, false,
						 &n->marks);
}

/* Step: host companies, a few per job centre (demo_companies.c). */
static int national_companies(struct national *n)
{
	const char *towns[NATIONAL_CENTRES];
	int64_t orgs[NATIONAL_CENTRES];
	size_t i;

	for (i = 0; i < NATIONAL_CENTRES; i++) {
		orgs[i] = n->centres[i].org;
		towns[i] = national_towns[i].town;
	}
	return demo_companies_national(n->w, n->today, orgs, towns,
				       NATIONAL_CENTRES, &n->companies);
}

/* Step: internships for the citizens whose cohort is in or past its
 * internship phase, at those companies (demo_internships_national.c). */
static int national_internships(struct national *n)
{
	return n->ncohorts == 0 ? 0
				: demo_internships_national(
					  n->w, n->today, n->cohorts[0].id,
					  NATIONAL_BATCH, &n->internships);
}

/* The audit row of the whole step, by the system. */
static int national_audit(struct national *n)
{
	struct actor a = ACTOR_SYSTEM;
	struct audit_entry e;
	char detail[128];

	a.client = "demo";
	e = audit_by(&a, AUDIT_DEMO_NATIONAL);

	snprintf(detail, sizeof(detail), "%zu cohorts, %ld participants",
		 n->ncohorts, n->participants);
	e.detail = detail;
	return audit_write(n->w, &e);
}

struct national_step {
	const char *what;
	int (*fill)(struct national *n);
};

/* In order: each may use what the ones before it made. */
static const struct national_step national_steps[] = {
	{"organisations and staff", national_orgs},
	{"cohorts and course days", national_cohorts},
	{"participants and outcomes", national_participants},
	{"attendance", national_attendance},
	{"host companies", national_companies},
	{"internships", national_internships},
};

static double national_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Step i in w's open transaction; the last one with the audit row. */
static int national_step(struct national *n, size_t i)
{
	if (national_steps[i].fill(n) < 0)
		return -1;
	return i + 1 == DEMO_LEN(national_steps) ? national_audit(n) : 0;
}

/* Each step in a transaction of its own (committed every NATIONAL_BATCH
 * rows within). */
static int national_fill(struct national *n)
{
	size_t i;

	for (i = 0; i < DEMO_LEN(national_steps); i++) {
		if (db_begin(n->w) < 0 ||
		    db_finish(n->w, national_step(n, i)) < 0) {
			fprintf(stderr, "mestring: national demo: %s failed\n",
				national_steps[i].what);
			return -1;
		}
		n->pending = 0;
	}
	return 0;
}

int demo_national_fill(const char *password)
{
	struct national n;
	double t0 = national_seconds();
	int rc;

	memset(&n, 0, sizeof(n));
	n.today = date_today();
	n.rng = 0x6d657374726e67ULL;
	/* argon2id is slow by design: one hash for every generated user. */
	if (password_hash(password, n.hash) < 0)
		return -1;
	n.w = db_writer_lock();
	rc = national_fill(&n);
	db_writer_unlock(n.w);
	if (rc == 0)
		printf("National demo: %zu job centres, %ld new users, %zu "
		       "cohorts, %ld course days, %ld participants, %ld status "
		       "changes, %ld outcomes, %ld attendance marks, %ld "
		       "host companies, %ld internships (%ld plan weeks, %ld "
		       "status steps) in %.1f s\n",
		       NATIONAL_CENTRES, n.users, n.ncohorts, n.course_days,
		       n.participants, n.statuses, n.outcomes, n.marks,
		       n.companies, n.internships.internships,
		       n.internships.weeks, n.internships.steps,
		       national_seconds() - t0);
	free(n.cohorts);
	free(n.cpr_serials);
	return rc;
}
