/*
 * demo: fills a new database with a demo dataset. The small demo goes
 * through the same operations the pages use, playing each cohort's history
 * on its past dates, so demo data obeys every rule real data does. The
 * national scale adds ~98 job centres and ~20,000 participants with direct
 * INSERTs in a few large transactions, for scripts/bench.
 */
#include "demo.h"

#include "audit.h"
#include "auth.h"
#include "cohort.h"
#include "cohort_form.h"
#include "cpr.h"
#include "date.h"
#include "day.h"
#include "db.h"
#include "form.h"
#include "http.h"
#include "log.h"
#include "organisation.h"
#include "participant.h"
#include "participant_form.h"
#include "participant_load.h"
#include "password.h"
#include "plan.h"
#include "secret.h"
#include "user.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define DEMO_LEN(a) (sizeof(a) / sizeof((a)[0]))

enum demo_sql {
	DEMO_SQL_USER,
	DEMO_SQL_USERS,
	DEMO_SQL_CRITERIA,
	DEMO_SQL_PARTICIPANT_BY_NAME,
	DEMO_SQL_TALK_ADD,
	DEMO_SQL_AFTERCARE_ADD,
	DEMO_SQL_AGREEMENT_ADD,
	DEMO_SQL_ORG_ADD,
	DEMO_SQL_ORG_ID,
	DEMO_SQL_USER_ADD,
	DEMO_SQL_TEMPLATE,
	DEMO_SQL_COHORT_ADD,
	DEMO_SQL_CRITERIA_COPY,
	DEMO_SQL_STAFF_ADD,
	DEMO_SQL_PARTICIPANT_ADD,
	DEMO_SQL_STATUS_ADD,
	DEMO_SQL_OUTCOME_ADD,
	DEMO_SQL_MARK_DAYS,
	DEMO_SQL_MARK_ROSTER,
	DEMO_SQL_MARK_ADD,
	DEMO_SQL_MARK_TAKEN,
	DEMO_SQL__MAX
};

static const char *const demo_sql[DEMO_SQL__MAX] = {
	[DEMO_SQL_USER] = "SELECT id, organisation_id, role, name FROM user "
			  "WHERE email = ?1",
	[DEMO_SQL_USERS] = "SELECT count(*) FROM user",
	[DEMO_SQL_CRITERIA] = "SELECT count(*) FROM cohort_criterion WHERE "
			      "cohort_id = ?1",
	[DEMO_SQL_PARTICIPANT_BY_NAME] =
		"SELECT p.id, p.visitation_on, c.internship_end FROM "
		"participant p JOIN cohort c ON c.id = p.cohort_id WHERE "
		"p.name = ?1",
	[DEMO_SQL_TALK_ADD] =
		"INSERT INTO prep_talk (participant_id, kind, staff_id, date, "
		"start_min, end_min, place, notes_enc, status, created_at, "
		"updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
		"?10)",
	[DEMO_SQL_AFTERCARE_ADD] =
		"INSERT INTO aftercare (participant_id, level, start_on, end_on, "
		"with_mentor, notes_enc, actor_id, actor, created_at) VALUES "
		"(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
	[DEMO_SQL_AGREEMENT_ADD] =
		"INSERT INTO agreement (participant_id, version, content_enc, "
		"citizen_consent, citizen_signed_on, consultant_id, "
		"consultant_signed_on, actor_id, actor, created_at) VALUES "
		"(?1, 1, ?2, 1, ?3, ?4, ?3, ?4, ?5, ?6)",
	[DEMO_SQL_ORG_ADD] = "INSERT OR IGNORE INTO organisation (name, kind, "
			     "created_at) VALUES (?1, ?2, ?3)",
	[DEMO_SQL_ORG_ID] = "SELECT id FROM organisation WHERE name = ?1",
	[DEMO_SQL_USER_ADD] =
		"INSERT OR IGNORE INTO user (email, name, role, "
		"organisation_id, password_hash, active, created_at, "
		"updated_at, password_changed_at) VALUES (?1, ?2, ?3, ?4, ?5, "
		"1, ?6, ?6, ?6)",
	[DEMO_SQL_TEMPLATE] = "SELECT min(cohort_id) FROM cohort_criterion",
	[DEMO_SQL_COHORT_ADD] =
		"INSERT INTO cohort (name, job_centre_id, provider_id, "
		"org_model, venue_name, venue_address, first_teaching_day, "
		"prep_weeks, teaching_weeks, teaching_weekdays, start_min, "
		"end_min, internship_weeks, weekly_teaching_weekday, capacity, "
		"state, cancel_reason, referral_start, prep_start, "
		"teaching_end, internship_start, internship_end, "
		"aftercare_start, created_at, updated_at) VALUES (?1, ?2, ?3, "
		"?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, "
		"?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?24)",
	[DEMO_SQL_CRITERIA_COPY] =
		"INSERT INTO cohort_criterion (cohort_id, position, text) "
		"SELECT ?1, position, text FROM cohort_criterion WHERE "
		"cohort_id = ?2",
	[DEMO_SQL_STAFF_ADD] = "INSERT OR IGNORE INTO cohort_staff (cohort_id, "
			       "user_id, role) VALUES (?1, ?2, ?3)",
	[DEMO_SQL_PARTICIPANT_ADD] =
		"INSERT INTO participant (cohort_id, name, cpr_enc, cpr_hash, "
		"birth_year, phone, email, address, caseworker_id, health_enc, "
		"status, referred_on, visitation_on, visitation_by, "
		"visitation_enc, started_on, ended_on, created_by, "
		"created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
		"?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?9, ?18, ?19)",
	[DEMO_SQL_STATUS_ADD] =
		"INSERT INTO participant_status (participant_id, at, date, "
		"from_status, to_status, reason_enc, dialogue, actor_id, "
		"actor) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
	[DEMO_SQL_OUTCOME_ADD] =
		"INSERT INTO outcome (participant_id, timing, kind, "
		"hours_per_week, other_kind, note_enc, recorded_on, actor_id, "
		"actor, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, "
		"?6, ?7, ?8, ?9, ?10, ?10)",
	/* Past, not cancelled days of cohorts from ?1 on, with the
	 * instructor who marks them and whether the day is the last one
	 * its cohort has had. */
	[DEMO_SQL_MARK_DAYS] =
		"SELECT d.id, d.cohort_id, d.date, d.end_min - d.start_min, "
		"(SELECT min(user_id) FROM cohort_staff s WHERE s.cohort_id = "
		"d.cohort_id AND s.role = 'instructor'), d.date = (SELECT "
		"max(e.date) FROM course_day e WHERE e.cohort_id = d.cohort_id "
		"AND e.status != 'cancelled' AND e.date < ?2) FROM course_day d "
		"WHERE d.cohort_id >= ?1 AND d.status != 'cancelled' AND "
		"d.date < ?2 ORDER BY d.cohort_id, d.date",
	[DEMO_SQL_MARK_ROSTER] =
		"SELECT id FROM participant WHERE cohort_id = ?1 AND "
		"started_on <= ?2 AND (ended_on IS NULL OR ended_on >= ?2)",
	[DEMO_SQL_MARK_ADD] =
		"INSERT INTO attendance (day_id, participant_id, status, "
		"minutes, at, actor_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[DEMO_SQL_MARK_TAKEN] =
		"INSERT INTO attendance_taken (day_id, first_at, last_at, "
		"actor_id) VALUES (?1, ?2, ?2, ?3)",
};

/* ---- Small demo: organisations and staff ------------------------------ */

struct demo_org {
	const char *name, *kind;
};

static const struct demo_org demo_orgs[] = {
	{"Jobcenter Aarhus", "job_centre"},
	{"Jobcenter Odense", "job_centre"},
	{"Jobcenter København", "job_centre"},
	{"Mestringshuset ApS", "provider"},
	{"Region Midtjylland, Psykiatrien", "psychiatry"},
};

struct demo_user {
	const char *email, *name, *role, *org;
};

/* Staff beyond the one account per role, so cohorts have full teams. */
static const struct demo_user demo_staff[] = {
	{"psykolog.henrik@demo.invalid", "Henrik Bach", "instructor",
	 "Mestringshuset ApS"},
	{"kost.line@demo.invalid", "Line Thygesen", "instructor",
	 "Mestringshuset ApS"},
	{"mentor.aisha@demo.invalid", "Aisha Rahimi", "mentor",
	 "Jobcenter Aarhus"},
	{"projektleder.odense@demo.invalid", "Peter Vinther", "project_leader",
	 "Jobcenter Odense"},
	{"projektleder.kbh@demo.invalid", "Camilla Friis", "project_leader",
	 "Jobcenter København"},
	{"sagsbehandler.odense@demo.invalid", "Mads Kristensen", "caseworker",
	 "Jobcenter Odense"},
	{"sagsbehandler.kbh@demo.invalid", "Nadia Berg", "caseworker",
	 "Jobcenter København"},
	/* A second Aarhus caseworker, so the demo caseworker does not see
	 * every Aarhus citizen. */
	{"sagsbehandler.thomas@demo.invalid", "Thomas Bak", "caseworker",
	 "Jobcenter Aarhus"},
	{"mentor.kbh@demo.invalid", "Fatima El-Amin", "mentor",
	 "Jobcenter København"},
};

static const struct demo_user demo_users[] = {
	{"admin@demo.invalid", "Anne Sørensen", "admin",
	 "Mestringshuset ApS"},
	{"projektleder@demo.invalid", "Lars Kjær", "project_leader",
	 "Mestringshuset ApS"},
	{"sagsbehandler@demo.invalid", "Sofie Nielsen", "caseworker",
	 "Jobcenter Aarhus"},
	{"virksomhedskonsulent@demo.invalid", "Kasper Holm", "consultant",
	 "Jobcenter Aarhus"},
	{"underviser@demo.invalid", "Marianne Lund", "instructor",
	 "Mestringshuset ApS"},
	{"mentor@demo.invalid", "Jonas Madsen", "mentor",
	 "Region Midtjylland, Psykiatrien"},
};

/* ---- Small demo: citizens ----------------------------------------------- */

/*
 * A citizen of the demo, played through referral, visitation, start, what
 * happens after the start and outcomes, as far as the cohort's dates have
 * come today. decision: the visitation's (NULL: not yet visitated); fate:
 * completed, dropped_out or re_referred (the cohort's dates decide whether
 * it has happened yet); end and six: outcomes as "kind", "job:HOURS" or
 * "other:OTHER_KIND" (NULL: none).
 */
struct demo_person {
	const char *name, *cpr, *phone, *address;
	const char *barriers; /* comma-separated; "other" gets a text */
	const char *substance;
	const char *decision, *fate, *end, *six;
	const char *mentor;     /* e-mail, or NULL */
	const char *caseworker; /* e-mail; NULL: the cohort's */
};

#define DEMO_MENTOR "mentor@demo.invalid"
#define DEMO_AISHA  "mentor.aisha@demo.invalid"
#define DEMO_MKBH   "mentor.kbh@demo.invalid"
#define DEMO_THOMAS "sagsbehandler.thomas@demo.invalid"

static const struct demo_person demo_aarhus_spring[] = {
	{"Mathias Kjeldsen", "120399-3117", "20 45 18 73",
	 "Vestergade 14, 2. tv., 8000 Aarhus C", "anxiety", "none",
	 "admitted", "completed", "job:30", NULL, DEMO_MENTOR, NULL},
	{"Freja Mortensen", "030702-8246", "28 91 04 62",
	 "Frederiks Allé 102, 8000 Aarhus C", "anxiety,depression", "none",
	 "admitted", "completed", "education", NULL, NULL, NULL},
	{"Ahmed Hussein", "250500-8131", "31 22 86 40",
	 "Gudrunsvej 66, 8220 Brabrand", "adhd", "none", "admitted",
	 "completed", "extended_internship", NULL, DEMO_MENTOR, NULL},
	{"Ida Lauridsen", "170198-3362", "42 18 77 05",
	 "Viby Torv 3, 1. th., 8260 Viby J", "depression", "none",
	 "admitted", "completed", "other:upskilling", NULL, NULL, NULL},
	{"Oliver Bertelsen", "081101-8455", "53 60 12 98",
	 "Grenåvej 210, 8240 Risskov", "adhd,anxiety", "in_treatment",
	 "admitted", "completed", "other:clarification", NULL, NULL, NULL},
	{"Sara Ali", "220603-8528", "61 47 30 19",
	 "Herredsvej 9, 8210 Aarhus V", "anxiety", "none", "admitted",
	 "completed", "job:15", NULL, NULL, NULL},
	{"Mikkel Rasmussen", "290997-3093", "22 83 56 14",
	 "Jægergårdsgade 51, 8000 Aarhus C", "depression", "none",
	 "admitted", "completed", "other:none", NULL, NULL, DEMO_THOMAS},
	{"Maja Poulsen", "140204-8614", "26 05 91 37",
	 "Nørrebrogade 20, 3. mf., 8000 Aarhus C", "anxiety", "none",
	 "admitted", "dropped_out", NULL, NULL, NULL, NULL},
	{"Yusuf Demir", "010699-3279", "71 33 48 26",
	 "Skejbyvej 4, 8200 Aarhus N", "adhd", "none", "admitted",
	 "re_referred", NULL, NULL, NULL, NULL},
	{"Laura Vestergaard", "300501-8706", "24 70 63 81",
	 "Tranbjerg Hovedgade 7, 8310 Tranbjerg J", "depression,other",
	 "none", "not_admitted", NULL, NULL, NULL, NULL, NULL},
	{"Nikolaj Bjerre", "190805-8821", "29 16 52 08",
	 "Silkeborgvej 45, 8000 Aarhus C", "anxiety", "none", "waiting",
	 NULL, NULL, NULL, NULL, DEMO_THOMAS},
};

static const struct demo_person demo_aarhus_late_summer[] = {
	{"Noah Jakobsen", "110502-8133", "20 38 64 17",
	 "Åbyhøjvej 12, 8230 Åbyhøj", "anxiety", "none", "admitted",
	 "completed", NULL, NULL, DEMO_AISHA, NULL},
	{"Liva Dahl", "230900-8244", "30 52 19 86",
	 "Randersvej 140, 8200 Aarhus N", "depression", "none", "admitted",
	 "completed", NULL, NULL, DEMO_AISHA, NULL},
	{"Omar Farah", "070303-8355", "42 91 07 33",
	 "Gellerupvej 80, 2. th., 8210 Aarhus V", "adhd", "none",
	 "admitted", "completed", NULL, NULL, NULL, NULL},
	{"Anna Thorsen", "150798-3466", "27 64 38 50",
	 "Møllegade 5, 8000 Aarhus C", "anxiety", "none", "admitted",
	 "completed", NULL, NULL, NULL, NULL},
	{"William Bang", "300604-8579", "52 17 83 64",
	 "Holme Byvej 22, 8270 Højbjerg", "adhd,anxiety", "in_treatment",
	 "admitted", "completed", NULL, NULL, NULL, DEMO_THOMAS},
	{"Asta Nygaard", "091101-8682", "23 48 15 92",
	 "Katrinebjergvej 31, 8200 Aarhus N", "depression", "none",
	 "admitted", "completed", NULL, NULL, NULL, NULL},
	{"Elias Schmidt", "250199-3795", "60 29 74 11",
	 "Marselis Boulevard 18, 8000 Aarhus C", "anxiety", "none",
	 "admitted", "dropped_out", NULL, NULL, NULL, NULL},
	{"Fatma Kaya", "020405-8808", "31 86 20 45",
	 "Edwin Rahrs Vej 40, 8220 Brabrand", "anxiety,depression", "none",
	 "admitted", "completed", NULL, NULL, DEMO_AISHA, NULL},
	{"Christian Holst", "170800-8913", "25 93 61 08",
	 "Skanderborgvej 190, 8260 Viby J", "other", "not_in_treatment",
	 "not_admitted", NULL, NULL, NULL, NULL, NULL},
};

static const struct demo_person demo_odense_late_summer[] = {
	{"Emil Frandsen", "050498-3153", "20 61 35 48",
	 "Vestergade 70, 5000 Odense C", "anxiety", "none", "admitted",
	 "completed", "job:37", "job:37", DEMO_MENTOR, NULL},
	{"Clara Juhl", "111100-8264", "28 14 90 57",
	 "Kongensgade 33, 5000 Odense C", "depression", "none", "admitted",
	 "completed", "extended_internship", "job:25", NULL, NULL},
	{"Amir Haddad", "230302-8377", "42 70 26 13",
	 "Vollsmose Allé 12, 5240 Odense NØ", "adhd", "none", "admitted",
	 "completed", "education", "education", NULL, NULL},
	{"Julie Brandt", "070797-3480", "53 38 81 20",
	 "Hjallesevej 88, 5230 Odense M", "anxiety,depression", "none",
	 "admitted", "completed", "other:clarification",
	 "other:clarification", NULL, NULL},
	{"Frederik Skov", "160901-8593", "61 25 47 39",
	 "Middelfartvej 41, 5200 Odense V", "adhd", "in_treatment",
	 "admitted", "completed", "other:upskilling", "education", NULL,
	 NULL},
	{"Nanna Iversen", "281203-8606", "22 57 13 84",
	 "Nyborgvej 97, 5000 Odense C", "anxiety", "none", "admitted",
	 "completed", "extended_internship", "job:20", DEMO_MENTOR, NULL},
	{"Magnus Dam", "090604-8711", "26 93 40 72",
	 "Rødegårdsvej 150, 5230 Odense M", "depression", "none",
	 "admitted", "completed", "other:none", "other:none", NULL, NULL},
	{"Zainab Omar", "040199-3824", "71 46 28 05",
	 "Bolbrovej 3, 5200 Odense V", "anxiety", "none", "admitted",
	 "dropped_out", NULL, NULL, NULL, NULL},
	{"Victor Krogh", "120800-8937", "24 81 67 30",
	 "Skibhusvej 220, 5000 Odense C", "adhd", "none", "admitted",
	 "re_referred", NULL, NULL, NULL, NULL},
	{"Cecilie Enevoldsen", "310502-8048", "29 30 75 16",
	 "Tarupvej 61, 5210 Odense NV", "depression", "none",
	 "not_admitted", NULL, NULL, NULL, NULL, NULL},
};

static const struct demo_person demo_odense_autumn[] = {
	{"Alfred Toft", "040901-8117", "20 19 84 53",
	 "Sdr. Boulevard 25, 5000 Odense C", "anxiety", "none", "admitted",
	 "completed", NULL, NULL, NULL, NULL},
	{"Agnes Riis", "120603-8228", "28 62 30 91",
	 "Åsumvej 14, 5240 Odense NØ", "depression", "none", "admitted",
	 "completed", NULL, NULL, NULL, NULL},
	{"Mohammed Saleh", "260199-3335", "42 05 71 68",
	 "Vollsmose Torv 2, 5240 Odense NØ", "adhd", "none", "admitted",
	 "completed", NULL, NULL, DEMO_MENTOR, NULL},
	{"Karla Buch", "081002-8442", "53 84 16 29",
	 "Munkebjergvej 130, 5230 Odense M", "anxiety", "none", "admitted",
	 "completed", NULL, NULL, NULL, NULL},
	{"Marcus Lind", "190304-8553", "61 70 42 15",
	 "Hunderupvej 8, 5000 Odense C", "adhd", "none", "admitted",
	 "completed", NULL, NULL, NULL, NULL},
	{"Signe Munk", "010798-3664", "22 39 58 74",
	 "Dalumvej 55, 5250 Odense SV", "depression", "none", "admitted",
	 "completed", NULL, NULL, NULL, NULL},
	{"Adam Wójcik", "221100-8777", "26 15 93 40",
	 "Rugårdsvej 101, 5000 Odense C", "anxiety", "none", "admitted",
	 "completed", NULL, NULL, NULL, NULL},
	{"Ella Ravn", "150505-8886", "71 52 07 83",
	 "Ejbygade 4, 5000 Odense C", "anxiety", "none", "admitted",
	 "completed", NULL, NULL, NULL, NULL},
	{"Malthe Høj", "280802-8991", "24 08 36 97",
	 "Tarup Torv 9, 5210 Odense NV", "depression", "none", "waiting",
	 NULL, NULL, NULL, NULL, NULL},
};

static const struct demo_person demo_odense_winter[] = {
	{"Johan Vinding", "030301-8137", "20 74 29 61",
	 "Fynsvej 19, 5000 Odense C", "anxiety", "none", "admitted", NULL,
	 NULL, NULL, NULL, NULL},
	{"Emilie Hvid", "200799-3248", "28 36 85 02",
	 "Sankt Jørgens Gade 3, 5000 Odense C", "depression", "none",
	 "admitted", NULL, NULL, NULL, NULL, NULL},
	{"Ali Rahman", "110904-8359", "42 63 10 47",
	 "Risingvej 27, 5000 Odense C", "adhd", "none", "admitted", NULL,
	 NULL, NULL, NULL, NULL},
	{"Rosa Lindberg", "061000-8462", "53 17 49 86",
	 "Hjallesevej 140, 5230 Odense M", "anxiety", "none", NULL, NULL,
	 NULL, NULL, NULL, NULL},
	{"Storm Kirk", "240503-8573", "61 92 54 30",
	 "Stærmosegårdsvej 7, 5230 Odense M", "adhd", "none", NULL, NULL,
	 NULL, NULL, NULL, NULL},
};

static const struct demo_person demo_copenhagen_autumn[] = {
	{"Lucas Thomsen", "020398-3115", "20 27 63 94",
	 "Nørrebrogade 120, 4. th., 2200 København N", "anxiety", "none",
	 "admitted", "completed", "job:25", "job:32", DEMO_MKBH, NULL},
	{"Aya Mahmoud", "180701-8226", "28 50 14 76",
	 "Amagerbrogade 88, 2300 København S", "depression", "none",
	 "admitted", "completed", "education", "education", NULL, NULL},
	{"Sebastian Winther", "271099-3331", "42 38 97 15",
	 "Vesterbrogade 150, 2. tv., 1620 København V", "adhd", "none",
	 "admitted", "completed", "extended_internship", "job:30", NULL,
	 NULL},
	{"Josefine Krag", "060603-8442", "53 71 26 48",
	 "Østerbrogade 44, 2100 København Ø", "anxiety", "none", "admitted",
	 "completed", "other:upskilling", "other:upskilling", DEMO_MKBH,
	 NULL},
	{"Hassan Yilmaz", "141200-8555", "61 04 83 57",
	 "Tingbjerg Allé 5, 2700 Brønshøj", "adhd,anxiety", "in_treatment",
	 "admitted", "completed", "other:clarification", "other:none",
	 NULL, NULL},
	{"Mille Søndergaard", "250902-8668", "22 96 41 05",
	 "Valby Langgade 91, 2500 Valby", "depression", "none", "admitted",
	 "completed", "job:20", "job:20", NULL, NULL},
	/* The one clearly outside the target group's age band. */
	{"Torben Lykke", "140379-3177", "26 43 70 18",
	 "Frederikssundsvej 210, 2400 København NV", "depression", "none",
	 "admitted", "completed", "other:none", "other:clarification", NULL,
	 NULL},
	{"Katarzyna Nowak", "080898-3286", "71 18 52 93",
	 "Islands Brygge 33, 2300 København S", "anxiety", "none",
	 "admitted", "completed", "education", "education", NULL, NULL},
	{"Jakob Hedegaard", "210104-8391", "24 65 09 31",
	 "Bispebjerg Bakke 12, 2400 København NV", "adhd", "none",
	 "admitted", "dropped_out", NULL, NULL, NULL, NULL},
	{"Alberte Møller", "130501-8404", "29 82 36 50",
	 "Istedgade 60, 1650 København V", "anxiety", "none", "admitted",
	 "re_referred", NULL, NULL, NULL, NULL},
	{"Tobias Eriksen", "020900-8517", "31 57 24 68",
	 "Sundbyvestervej 7, 2300 København S", "depression",
	 "not_in_treatment", "not_admitted", NULL, NULL, NULL, NULL, NULL},
};

static const struct demo_person demo_copenhagen_spring[] = {
	{"Viktor Abildgaard", "090202-8155", "20 86 31 72",
	 "Jagtvej 101, 2200 København N", "anxiety", "none", NULL, NULL,
	 NULL, NULL, NULL, NULL},
	{"Mathilde Kruse", "270600-8266", "28 23 67 49",
	 "Enghavevej 40, 1674 København V", "depression", "none", NULL, NULL,
	 NULL, NULL, NULL, NULL},
	{"Ibrahim Osman", "130898-3379", "42 54 18 06",
	 "Mjølnerparken 20, 2200 København N", "adhd", "none", NULL, NULL,
	 NULL, NULL, NULL, NULL},
	{"Lærke Dalsgaard", "051103-8482", "53 09 72 61",
	 "Strandlodsvej 15, 2300 København S", "anxiety,depression", "none",
	 NULL, NULL, NULL, NULL, NULL, NULL},
	{"Sofus Brix", "180101-8595", "61 38 45 27",
	 "Borups Allé 180, 2400 København NV", "adhd", "none", "waiting",
	 NULL, NULL, NULL, NULL, NULL},
};

/* Short Danish sentences, taken in turn. */
static const char *const demo_reasons[] = {
	"Har været ledig i over et år og har svært ved at komme ud ad døren "
	"på grund af angst.",
	"Har afbrudt to uddannelser og ønsker hjælp til at håndtere sin ADHD "
	"i hverdagen.",
	"Har haft en depression og er klar til at arbejde hen imod job i et "
	"fællesskab.",
	"Har brug for struktur og støtte til at komme i gang med en praktik.",
	"Er motiveret, men vil gerne arbejde med sin sociale angst sammen "
	"med andre.",
};
static const char *const demo_wishes[] = {
	"Vil gerne arbejde med dyr eller natur.",
	"Drømmer om at blive pædagogmedhjælper.",
	"Vil gerne i praktik på et lager eller et værksted.",
	"Ønsker et kontorjob med faste rammer.",
	"Vil gerne tage en uddannelse inden for IT.",
	"Ønsker at arbejde i detailhandlen.",
};
static const char *const demo_visit_notes[] = {
	"Motiveret og klar til at deltage i gruppen.",
	("Nervøs for gruppen, men vil gerne prøve. Aftalt mentorstøtte de "
	 "første uger."),
	"Har gode erfaringer fra et tidligere praktikforløb.",
	"Bekymret for transporten; månedskort bevilget.",
};

/* ---- Small demo: cohorts ------------------------------------------------ */

/*
 * Cohorts in every phase, dated relative to today so the demo keeps showing
 * every phase whenever it is made. weeks_ago is when the first teaching day
 * falls (negative: in the future).
 */
struct demo_cohort {
	const char *name, *job_centre, *leader, *venue, *address;
	int weeks_ago;
	const char *state; /* "planning", "referral_open" or "cancelled" */
	const char *instructors[3], *mentors[2];
	const char *caseworker; /* who refers the citizens */
	const struct demo_person *people;
	size_t npeople;
};

#define DEMO_PEOPLE(a) (a), DEMO_LEN(a)

static const struct demo_cohort demo_cohorts[] = {
	{"Aarhus forår", "Jobcenter Aarhus", "projektleder@demo.invalid",
	 "Mestringshuset", "Åboulevarden 12, 8000 Aarhus C", 40,
	 "referral_open",
	 {"underviser@demo.invalid", "kost.line@demo.invalid", NULL},
	 {DEMO_MENTOR, NULL}, "sagsbehandler@demo.invalid",
	 DEMO_PEOPLE(demo_aarhus_spring)},
	{"Aarhus sensommer", "Jobcenter Aarhus", "projektleder@demo.invalid",
	 "Dokk1, mødelokale 2", "Hack Kampmanns Plads 2, 8000 Aarhus C", 8,
	 "referral_open",
	 {"underviser@demo.invalid", "psykolog.henrik@demo.invalid", NULL},
	 {DEMO_AISHA, NULL}, "sagsbehandler@demo.invalid",
	 DEMO_PEOPLE(demo_aarhus_late_summer)},
	{"Odense sensommer", "Jobcenter Odense",
	 "projektleder.odense@demo.invalid",
	 "Odense Rådhus, lokale 3.12", "Flakhaven 2, 5000 Odense C", 60,
	 "referral_open", {"psykolog.henrik@demo.invalid", NULL, NULL},
	 {DEMO_MENTOR, NULL}, "sagsbehandler.odense@demo.invalid",
	 DEMO_PEOPLE(demo_odense_late_summer)},
	{"Odense efterår", "Jobcenter Odense",
	 "projektleder.odense@demo.invalid", "Odense Rådhus, lokale 3.12",
	 "Flakhaven 2, 5000 Odense C", 1, "referral_open",
	 {"psykolog.henrik@demo.invalid", NULL, NULL}, {DEMO_MENTOR, NULL},
	 "sagsbehandler.odense@demo.invalid",
	 DEMO_PEOPLE(demo_odense_autumn)},
	{"Odense vinter", "Jobcenter Odense",
	 "projektleder.odense@demo.invalid", "Odense Rådhus, lokale 3.12",
	 "Flakhaven 2, 5000 Odense C", -3, "referral_open",
	 {"underviser@demo.invalid", NULL, NULL}, {DEMO_AISHA, NULL},
	 "sagsbehandler.odense@demo.invalid",
	 DEMO_PEOPLE(demo_odense_winter)},
	{"København efterår", "Jobcenter København",
	 "projektleder.kbh@demo.invalid", "Kulturhuset Islands Brygge",
	 "Islands Brygge 18, 2300 København S", 56, "referral_open",
	 {"underviser@demo.invalid", NULL, NULL}, {DEMO_MKBH, NULL},
	 "sagsbehandler.kbh@demo.invalid",
	 DEMO_PEOPLE(demo_copenhagen_autumn)},
	{"København forår", "Jobcenter København",
	 "projektleder.kbh@demo.invalid", "Kulturhuset Islands Brygge",
	 "Islands Brygge 18, 2300 København S", -8, "referral_open",
	 {"underviser@demo.invalid", NULL, NULL}, {DEMO_MENTOR, NULL},
	 "sagsbehandler.kbh@demo.invalid",
	 DEMO_PEOPLE(demo_copenhagen_spring)},
	{"København sommer", "Jobcenter København",
	 "projektleder.kbh@demo.invalid", "Kulturhuset Islands Brygge",
	 "Islands Brygge 18, 2300 København S", -20, "planning",
	 {"psykolog.henrik@demo.invalid", NULL, NULL}, {NULL, NULL},
	 "sagsbehandler.kbh@demo.invalid", NULL, 0},
	{"Aarhus vinter", "Jobcenter Aarhus", "projektleder@demo.invalid",
	 "Mestringshuset", "Åboulevarden 12, 8000 Aarhus C", -12,
	 "cancelled", {"underviser@demo.invalid", NULL, NULL}, {NULL, NULL},
	 "sagsbehandler@demo.invalid", NULL, 0},
};

/* ---- Small demo: sessions ------------------------------------------------ */

/* A user's session, so the demo goes through the same checks and audit as
 * a person at the keyboard. */
static int demo_session(const char *email, struct session *s)
{
	struct db *db = db_reader();
	sqlite3_stmt *st = db_stmt(db, demo_sql[DEMO_SQL_USER]);
	int rc, role = -1;

	memset(s, 0, sizeof(*s));
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, email, -1, SQLITE_STATIC);
	rc = db_step(db, st);
	if (rc == SQLITE_ROW) {
		s->user_id = sqlite3_column_int64(st, 0);
		s->organisation_id = sqlite3_column_int64(st, 1);
		role = role_parse(db_text(st, 2));
		snprintf(s->name, sizeof(s->name), "%s", db_text(st, 3));
	}
	sqlite3_reset(st);
	snprintf(s->email, sizeof(s->email), "%s", email);
	if (rc != SQLITE_ROW || role < 0) {
		fprintf(stderr, "mestring: demo user %s is missing\n", email);
		return -1;
	}
	s->role = (enum role)role;
	return 0;
}

/* A request as user email makes it: r->session points into *s. */
static int demo_req(const char *email, struct session *s, struct req *r)
{
	memset(r, 0, sizeof(*r));
	if (demo_session(email, s) < 0)
		return -1;
	r->session = s;
	r->db = db_reader();
	snprintf(r->client, sizeof(r->client), "demo");
	return 0;
}

static int64_t demo_user_id(const char *email)
{
	struct session s;

	return demo_session(email, &s) == 0 ? s.user_id : -1;
}

/* The first working Monday-to-Thursday on or after the Monday weeks_ago
 * weeks before today. */
static date_t demo_first_day(int weeks_ago)
{
	struct plan_input in;
	date_t d = date_add_days(date_monday(date_today()), -7 * weeks_ago);

	plan_input_defaults(&in);
	while (!plan_is_working_day(&in, d) || date_weekday(d) > 4)
		d = date_add_days(d, 1);
	return d;
}

/* d, or the Monday after when d falls on a weekend. */
static date_t demo_weekday(date_t d)
{
	while (date_is_weekend(d))
		d = date_add_days(d, 1);
	return d;
}

static date_t demo_min(date_t a, date_t b)
{
	return a < b ? a : b;
}

/*
 * An ASCII slug of a Danish name for e-mail addresses: lower case, æøå
 * spelt out, blanks as dots, other marks dropped. out holds len bytes.
 */
static void demo_slug(const char *in, char *out, size_t len)
{
	static const char *const map[][2] = {
		{"æ", "ae"}, {"ø", "oe"}, {"å", "aa"}, {"Æ", "ae"},
		{"Ø", "oe"}, {"Å", "aa"}, {"é", "e"},  {"ó", "o"},
		{"ö", "o"},  {"ü", "u"},  {"ä", "a"},  {"ł", "l"},
	};
	size_t n = 0, i, k;

	for (; *in && n + 3 < len; in++) {
		unsigned char ch = (unsigned char)*in;

		if (ch >= 0x80) {
			for (i = 0; i < DEMO_LEN(map); i++) {
				k = strlen(map[i][0]);
				if (strncmp(in, map[i][0], k) == 0)
					break;
			}
			if (i < DEMO_LEN(map)) {
				memcpy(out + n, map[i][1], strlen(map[i][1]));
				n += strlen(map[i][1]);
				in += k - 1;
			}
			/* Skip the rest of an unmapped character. */
			while (i == DEMO_LEN(map) &&
			       ((unsigned char)in[1] & 0xc0) == 0x80)
				in++;
		} else if (ch >= 'A' && ch <= 'Z') {
			out[n++] = (char)(ch - 'A' + 'a');
		} else if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
			   ch == '-') {
			out[n++] = (char)ch;
		} else if (ch == ' ' && n > 0 && out[n - 1] != '.') {
			out[n++] = '.';
		}
	}
	out[n] = '\0';
}

/* ---- Small demo: playing a citizen's history ---------------------------- */

static int demo_form_id(struct form *f, const char *name, int64_t id)
{
	char num[24];

	snprintf(num, sizeof(num), "%lld", (long long)id);
	return form_add(f, name, num);
}

static int demo_form_date(struct form *f, const char *name, date_t d)
{
	char iso[DATE_ISO_LEN + 1];

	date_format_iso(d, iso);
	return form_add(f, name, iso);
}

/* The comma-separated list as repeated fields name. */
static int demo_form_list(struct form *f, const char *name, const char *list)
{
	char buf[128], *tok, *save = NULL;

	snprintf(buf, sizeof(buf), "%s", list);
	for (tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save))
		if (form_add(f, name, tok) < 0)
			return -1;
	return 0;
}

static int demo_criteria_count(struct db *db, int64_t cohort)
{
	sqlite3_stmt *st = db_stmt(db, demo_sql[DEMO_SQL_CRITERIA]);
	int n = -1;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, cohort);
	if (db_step(db, st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return n;
}

/*
 * The target-group answers: yes to all, with notes where the demo citizen
 * is outside a criterion (age band: criterion 2 of the catalogue's example;
 * substance abuse: criterion 5).
 */
static int demo_form_criteria(struct form *f, struct db *db,
			      const struct cohort *c,
			      const struct demo_person *dp)
{
	char name[32], note[200];
	date_t birth;
	int n = demo_criteria_count(db, c->id), i, age = 25;

	if (n < 0)
		return -1;
	if (cpr_parse(dp->cpr, NULL, &birth, NULL) == 0)
		age = cpr_age(birth, date_today());
	for (i = 1; i <= n; i++) {
		const char *answer = "yes";

		note[0] = '\0';
		if (i == 2 && age > 29) {
			answer = "no";
			snprintf(note, sizeof(note),
				 "Borgeren er %d år. Optages efter aftale med "
				 "projektlederen; passer ellers i målgruppen.",
				 age);
		} else if (i == 5 && strcmp(dp->substance, "none") != 0) {
			answer = strcmp(dp->substance, "in_treatment") == 0
					 ? "yes"
					 : "no";
			snprintf(note, sizeof(note), "%s",
				 *answer == 'y' ? "I behandling; intet forbrug "
						  "den seneste måned."
						: "Ikke i behandling endnu.");
		}
		snprintf(name, sizeof(name), "criterion_%d", i);
		if (form_add(f, name, answer) < 0)
			return -1;
		snprintf(name, sizeof(name), "criterion_%d_note", i);
		if (form_add(f, name, note) < 0)
			return -1;
	}
	return 0;
}

static void demo_fail(const struct demo_person *dp, const char *step, int rc,
		      const struct form_invalid *bad)
{
	fprintf(stderr, "mestring: demo citizen %s, %s: %d %s\n", dp->name,
		step, rc, rc == RESULT_INVALID ? bad->message : "");
}

/* Refers dp to cohort c on day on, as the citizen's caseworker. */
static int demo_refer(const struct demo_cohort *dc, const struct cohort *c,
		      const struct demo_person *dp, size_t i, date_t on,
		      int64_t *id)
{
	struct form f = FORM_INIT;
	struct form_invalid bad = {0};
	struct session s;
	struct actor a;
	struct req r;
	char email[128], slug[100];
	int rc = -1;

	if (demo_req(dp->caseworker ? dp->caseworker : dc->caseworker, &s,
		     &r) < 0)
		return -1;
	demo_slug(dp->name, slug, sizeof(slug));
	snprintf(email, sizeof(email), "%s@example.dk", slug);
	if (demo_form_id(&f, "cohort_id", c->id) < 0 ||
	    form_add(&f, "name", dp->name) < 0 ||
	    form_add(&f, "cpr", dp->cpr) < 0 ||
	    form_add(&f, "phone", dp->phone) < 0 ||
	    form_add(&f, "email", email) < 0 ||
	    form_add(&f, "address", dp->address) < 0 ||
	    demo_form_list(&f, "barriers", dp->barriers) < 0 ||
	    form_add(&f, "barrier_other",
		     strstr(dp->barriers, "other") ? "Søvnproblemer" : "") < 0 ||
	    form_add(&f, "substance", dp->substance) < 0 ||
	    demo_form_criteria(&f, r.db, c, dp) < 0 ||
	    form_add(&f, "reason", demo_reasons[i % DEMO_LEN(demo_reasons)]) <
		    0 ||
	    form_add(&f, "wishes", demo_wishes[i % DEMO_LEN(demo_wishes)]) < 0)
		goto out;
	if (dp->mentor && demo_form_id(&f, "mentor_id",
				       demo_user_id(dp->mentor)) < 0)
		goto out;
	a = http_actor(&r);
	rc = participant_form_refer(r.db, &a, &f, NULL, on, id, &bad);
	if (rc != 0)
		demo_fail(dp, "henvisning", rc, &bad);
out:
	form_free(&f);
	return rc == 0 ? 0 : -1;
}

/* What happens to a citizen after the referral, one step of it. */
enum demo_step { DEMO_VISIT, DEMO_STATUS, DEMO_OUTCOME };

/* Runs one step on participant id as r's user on day on with form f. */
static int demo_step(struct req *r, int64_t id, enum demo_step step,
		     const struct form *f, date_t on,
		     const struct demo_person *dp)
{
	static const char *const names[] = {"visitation", "status",
					    "resultat"};
	static const enum participant_action actions[] = {
		PARTICIPANT_VISITATION, PARTICIPANT_STATUS,
		PARTICIPANT_OUTCOME};
	struct actor a = http_actor(r);
	struct form_invalid bad = {0};
	struct participant p;
	struct cohort c;
	int rc = participant_for_request(r, id, &p, &c);

	if (rc == 0)
		rc = participant_form_step(&a, actions[step], &p, &c, f, on,
					   NULL, &bad);
	if (rc != 0)
		demo_fail(dp, names[step], rc, &bad);
	return rc == 0 ? 0 : -1;
}

static int demo_visit(struct req *r, int64_t id, const struct demo_person *dp,
		      size_t i, date_t on)
{
	struct form f = FORM_INIT;
	const char *reason = "";
	int rc = -1;

	if (strcmp(dp->decision, "not_admitted") == 0)
		reason = i % 2 ? "Borgeren har brug for et behandlingsforløb, "
				 "før et gruppeforløb giver mening."
			       : "Borgeren er ikke klar til at arbejde med "
				 "sine barrierer i en gruppe endnu.";
	else if (strcmp(dp->decision, "waiting") == 0)
		reason = "Borgeren vil hellere vente på en plads på næste hold.";
	if (demo_form_date(&f, "date", on) == 0 &&
	    form_add(&f, "notes",
		     demo_visit_notes[i % DEMO_LEN(demo_visit_notes)]) == 0 &&
	    form_add(&f, "decision", dp->decision) == 0 &&
	    form_add(&f, "reason", reason) == 0)
		rc = demo_step(r, id, DEMO_VISIT, &f, on, dp);
	form_free(&f);
	return rc;
}

static int demo_status(struct req *r, int64_t id, const struct demo_person *dp,
		       const char *status, const char *reason,
		       const char *dialogue, date_t on)
{
	struct form f = FORM_INIT;
	int rc = -1;

	if (form_add(&f, "status", status) == 0 &&
	    demo_form_date(&f, "date", on) == 0 &&
	    form_add(&f, "reason", reason ? reason : "") == 0 &&
	    demo_form_list(&f, "dialogue", dialogue ? dialogue : "") == 0)
		rc = demo_step(r, id, DEMO_STATUS, &f, on, dp);
	form_free(&f);
	return rc;
}

static const char *demo_outcome_note(const char *kind)
{
	if (strcmp(kind, "job") == 0)
		return "Ansat i praktikvirksomheden.";
	if (strcmp(kind, "education") == 0)
		return "Er begyndt på en uddannelse.";
	if (strcmp(kind, "extended_internship") == 0)
		return "Praktikken er forlænget med 8 uger.";
	return "Aftalt opfølgning med sagsbehandleren.";
}

/* outcome: "kind", "job:HOURS" or "other:OTHER_KIND". */
static int demo_outcome(struct req *r, int64_t id, const struct demo_person *dp,
			const char *timing, const char *outcome, date_t on)
{
	struct form f = FORM_INIT;
	char kind[32];
	const char *colon = strchr(outcome, ':');
	int rc = -1;

	snprintf(kind, sizeof(kind), "%.*s",
		 colon ? (int)(colon - outcome) : (int)strlen(outcome),
		 outcome);
	if (form_add(&f, "timing", timing) < 0 ||
	    form_add(&f, "kind", kind) < 0 ||
	    form_add(&f, "note", demo_outcome_note(kind)) < 0)
		goto out;
	if (colon && form_add(&f, strcmp(kind, "job") == 0 ? "hours_per_week"
							   : "other_kind",
			      colon + 1) < 0)
		goto out;
	rc = demo_step(r, id, DEMO_OUTCOME, &f, on, dp);
out:
	form_free(&f);
	return rc;
}

/* After the start: drops out, is re-referred or completes, and the
 * outcomes, each only once its day has come. */
static int demo_after_start(struct req *r, int64_t id, const struct cohort *c,
			    const struct demo_person *dp, size_t i)
{
	date_t today = date_today(), end = c->internship_end;
	date_t six = date_add_months(end, 6);
	date_t on;

	if (strcmp(dp->fate, "dropped_out") == 0) {
		on = demo_weekday(date_add_days(c->plan.first_teaching_day, 9));
		if (on > today)
			return 0;
		return demo_status(r, id, dp, "dropped_out",
				   i % 2 ? "Borgeren er flyttet til en anden "
					   "kommune."
					 : "Borgeren har fået det værre og er "
					   "sygemeldt.",
				   NULL, on);
	}
	if (strcmp(dp->fate, "re_referred") == 0) {
		on = demo_weekday(date_add_days(c->internship_start, 10));
		if (on > today)
			return 0;
		return demo_status(r, id, dp, "re_referred",
				   "Forløbet gavner ikke borgeren lige nu; der "
				   "er brug for psykiatrisk behandling først.",
				   i % 2 ? "citizen,instructor,caseworker,host"
					 : "citizen,instructor,caseworker",
				   on);
	}
	if (end > today)
		return 0;
	if (demo_status(r, id, dp, "completed", NULL, NULL, end) < 0)
		return -1;
	if (dp->end && demo_outcome(r, id, dp, "end", dp->end, end) < 0)
		return -1;
	if (dp->six && six <= today &&
	    demo_outcome(r, id, dp, "six_months", dp->six, six) < 0)
		return -1;
	return 0;
}

/* Plays citizen i of cohort dc (loaded as c) as far as today. */
static int demo_person_play(const struct demo_cohort *dc,
			    const struct cohort *c, size_t i)
{
	const struct demo_person *dp = &dc->people[i];
	date_t today = date_today(), first = c->plan.first_teaching_day;
	date_t referred, visit;
	struct session s;
	struct req r;
	int64_t id = 0;

	referred = demo_min(today, demo_weekday(date_add_days(
					   c->referral_start, 2 * (int)i)));
	if (demo_refer(dc, c, dp, i, referred, &id) < 0)
		return -1;
	if (dp->decision == NULL)
		return 0;
	if (demo_req(dc->leader, &s, &r) < 0)
		return -1;
	visit = demo_weekday(date_add_days(c->prep_start, (int)(i % 8)));
	visit = demo_min(today, visit);
	if (visit < referred)
		visit = referred;
	if (demo_visit(&r, id, dp, i, visit) < 0)
		return -1;
	if (strcmp(dp->decision, "admitted") != 0 || first > today)
		return 0;
	if (demo_status(&r, id, dp, "started", NULL, NULL, first) < 0)
		return -1;
	return dp->fate ? demo_after_start(&r, id, c, dp, i) : 0;
}

/* Puts the user of email on c's staff in role, as r's user. 0 or -1. */
static int demo_staff_assign(struct req *r, const struct cohort *c,
			       const char *email, const char *role)
{
	struct actor a = http_actor(r);
	struct form_invalid bad = {0};
	int64_t user = demo_user_id(email);
	struct db *w = db_writer_lock();
	int rc = cohort_staff_add(w, &a, c, user, role, &bad);

	db_writer_unlock(w);
	return rc == RESULT_OK ? 0 : -1;
}

/* Moves c to state, as r's user. 0 or -1. */
static int demo_cohort_state(struct req *r, const struct cohort *c,
			     const char *state)
{
	struct actor a = http_actor(r);
	struct form_invalid bad = {0};
	struct db *w = db_writer_lock();
	int rc = cohort_set_state(w, &a, c, state,
				  "For få henviste borgere til at starte "
				  "holdet.",
				  &bad);

	db_writer_unlock(w);
	return rc == RESULT_OK ? 0 : -1;
}

static int demo_cohort_staff(struct req *r, const struct cohort *c,
			     const struct demo_cohort *dc)
{
	int i;

	for (i = 0; i < 3 && dc->instructors[i]; i++)
		if (demo_staff_assign(r, c, dc->instructors[i],
					"instructor") < 0)
			return -1;
	for (i = 0; i < 2 && dc->mentors[i]; i++)
		if (demo_staff_assign(r, c, dc->mentors[i], "mentor") < 0)
			return -1;
	return demo_staff_assign(r, c, "virksomhedskonsulent@demo.invalid",
				   "consultant");
}

static int demo_cohort(const struct demo_cohort *dc)
{
	struct form f = FORM_INIT;
	struct form_invalid bad = {0};
	struct session s;
	struct req r;
	struct cohort c;
	struct actor a;
	char iso[DATE_ISO_LEN + 1], name[128], num[32];
	date_t first = demo_first_day(dc->weeks_ago);
	int64_t id = 0;
	size_t i;
	int rc = -1;

	if (demo_req(dc->leader, &s, &r) < 0)
		return -1;
	a = http_actor(&r);
	date_format_iso(first, iso);
	snprintf(name, sizeof(name), "%s %d", dc->name, date_year(first));
	form_add(&f, "name", name);
	snprintf(num, sizeof(num), "%lld",
		 (long long)organisation_find(r.db, dc->job_centre));
	form_add(&f, "job_centre_id", num);
	snprintf(num, sizeof(num), "%lld",
		 (long long)organisation_find(r.db, "Mestringshuset ApS"));
	form_add(&f, "provider_id", num);
	form_add(&f, "venue_name", dc->venue);
	form_add(&f, "venue_address", dc->address);
	form_add(&f, "first_teaching_day", iso);
	if (cohort_form_create(r.db, &a, &f, &id, &bad) != 0) {
		fprintf(stderr, "mestring: demo cohort %s: %s\n", name,
			bad.message);
		goto out;
	}
	if (cohort_get(r.db, &a, id, &c) != 0 ||
	    demo_cohort_staff(&r, &c, dc) < 0)
		goto out;
	if (strcmp(dc->state, "planning") != 0 &&
	    demo_cohort_state(&r, &c, dc->state) < 0)
		goto out;
	if (cohort_get(r.db, &a, id, &c) != 0)
		goto out;
	for (i = 0; i < dc->npeople; i++)
		if (demo_person_play(dc, &c, i) < 0)
			goto out;
	rc = 0;
out:
	form_free(&f);
	return rc;
}

/* ---- Small demo: talks and aftercare --------------------------------- */

/*
 * Preparation talks, aftercare and the agreement guide are written directly
 * (their modules expose handlers only), sealed and audited like theirs. offset: days
 * after the citizen's visitation (talks) or the internship's end
 * (aftercare).
 */
struct demo_talk {
	const char *participant, *kind, *staff, *place, *notes;
	int offset, start_min, end_min;
};

static const struct demo_talk demo_talks[] = {
	{"Johan Vinding", "caseworker", "sagsbehandler.odense@demo.invalid",
	 "Jobcenter Odense", "Gennemgik transport og mentorstøtte.", 1,
	 10 * 60, 11 * 60},
	{"Johan Vinding", "instructor", "underviser@demo.invalid",
	 "Odense Rådhus, lokale 3.12", NULL, 14, 13 * 60, 14 * 60},
	{"Emilie Hvid", "caseworker", "sagsbehandler.odense@demo.invalid",
	 "Jobcenter Odense", "Ønsker praktik i en børnehave.", 1, 9 * 60,
	 10 * 60},
	{"Emilie Hvid", "consultant", "virksomhedskonsulent@demo.invalid",
	 "Telefonmøde", NULL, 12, 11 * 60, 11 * 60 + 30},
	{"Noah Jakobsen", "mentor", DEMO_AISHA, "Dokk1",
	 "Aftalt at følges med bus de første tre dage.", 2, 9 * 60,
	 10 * 60},
};

struct demo_aftercare {
	const char *participant, *caseworker;
	int level, with_mentor, weeks;
	const char *notes;
};

static const struct demo_aftercare demo_aftercares[] = {
	{"Ahmed Hussein", "sagsbehandler@demo.invalid", 1, 1, 8,
	 "Forlænget praktik med ugentlig mentorsamtale."},
	{"Oliver Bertelsen", "sagsbehandler@demo.invalid", 3, 0, 12,
	 "Sagsbehandleren følger op hver anden uge."},
	{"Clara Juhl", "sagsbehandler.odense@demo.invalid", 2, 1, 6,
	 "Mentor de første uger i det nye job."},
};

/* The id, visitation day and internship end of the demo citizen name. */
static int demo_find(struct db *db, const char *name, struct participant *p,
		     date_t *visit, date_t *end)
{
	sqlite3_stmt *st = db_stmt(db, demo_sql[DEMO_SQL_PARTICIPANT_BY_NAME]);
	int rc;

	memset(p, 0, sizeof(*p));
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	rc = db_step(db, st);
	if (rc == SQLITE_ROW) {
		p->id = sqlite3_column_int64(st, 0);
		if (date_parse_iso(db_text(st, 1), visit) < 0)
			*visit = date_today();
		if (date_parse_iso(db_text(st, 2), end) < 0)
			*end = date_today();
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : -1;
}

/* Talk t, added by its own member of staff. */
static int demo_talk_add(struct db *w, const struct demo_talk *t)
{
	sqlite3_stmt *st = db_stmt(w, demo_sql[DEMO_SQL_TALK_ADD]);
	struct participant p;
	struct session s;
	struct req r;
	date_t visit, end, on, today = date_today();
	char iso[DATE_ISO_LEN + 1];

	if (st == NULL || demo_req(t->staff, &s, &r) < 0 ||
	    demo_find(w, t->participant, &p, &visit, &end) < 0)
		return -1;
	on = demo_weekday(date_add_days(visit, t->offset));
	date_format_iso(on, iso);
	sqlite3_bind_int64(st, 1, p.id);
	sqlite3_bind_text(st, 2, t->kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, s.user_id);
	sqlite3_bind_text(st, 4, iso, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 5, t->start_min);
	sqlite3_bind_int(st, 6, t->end_min);
	sqlite3_bind_text(st, 7, t->place, -1, SQLITE_STATIC);
	/* Notes only for a talk that has been held. */
	if (secret_bind(st, 8, on <= today ? t->notes : NULL) < 0)
		return -1;
	sqlite3_bind_text(st, 9,
			  on > today ? "planned"
			  : t->notes ? "held"
				     : "cancelled",
			  -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 10, http_now());
	if (db_exec_stmt(w, st) != DB_OK)
		return -1;
	return participant_audit(w, &r, "participant.talk_add", &p, NULL,
				 t->kind);
}

/* Aftercare a from the day after the internship, by the caseworker. */
static int demo_aftercare_add(struct db *w, const struct demo_aftercare *a)
{
	sqlite3_stmt *st = db_stmt(w, demo_sql[DEMO_SQL_AFTERCARE_ADD]);
	struct participant p;
	struct session s;
	struct req r;
	date_t visit, end, from, to;
	char f[DATE_ISO_LEN + 1], t[DATE_ISO_LEN + 1];

	if (st == NULL || demo_req(a->caseworker, &s, &r) < 0 ||
	    demo_find(w, a->participant, &p, &visit, &end) < 0)
		return -1;
	from = demo_weekday(date_add_days(end, 1));
	to = date_add_days(from, 7 * a->weeks - 3);
	date_format_iso(from, f);
	date_format_iso(to, t);
	sqlite3_bind_int64(st, 1, p.id);
	sqlite3_bind_int(st, 2, a->level);
	sqlite3_bind_text(st, 3, f, -1, SQLITE_TRANSIENT);
	if (to <= date_today())
		sqlite3_bind_text(st, 4, t, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 5, a->with_mentor);
	if (secret_bind(st, 6, a->notes) < 0)
		return -1;
	sqlite3_bind_int64(st, 7, s.user_id);
	sqlite3_bind_text(st, 8, s.email, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 9, http_now());
	if (db_exec_stmt(w, st) != DB_OK)
		return -1;
	return participant_audit(w, &r, "participant.aftercare_add", &p, NULL,
				 "aftercare");
}

/* One signed internship agreement guide (agreement.c's answers), made by
 * the enterprise consultant ten days after the visitation. */
static const char demo_agreement_citizen[] = "Noah Jakobsen";
static const char demo_agreement_content[] =
	"{\"purpose\":\"Afklare om lagerarbejde med faste opgaver passer til "
	"Noah.\",\"hours\":\"Starter med 12 timer om ugen, kl. 9-13, og "
	"trapper op til 25 timer.\",\"support_needed\":\"En fast kontaktperson "
	"og en plan for dagen.\",\"network_support\":\"Moren og mentoren "
	"Aisha.\",\"support_when\":\"Om morgenen og når opgaverne skifter.\","
	"\"alarm_signals\":\"Melder sig syg om mandagen og trækker sig fra "
	"frokosten.\",\"crisis_support\":\"Tage en rolig snak og ringe til "
	"mentoren.\",\"internship_wishes\":\"Lager eller værksted i "
	"Aarhus.\",\"company_wishes\":\"Et lille, roligt team.\","
	"\"host_may_know\":\"At Noah har angst og har brug for en fast plan "
	"for dagen.\"}";

static int demo_agreement_add(struct db *w)
{
	sqlite3_stmt *st = db_stmt(w, demo_sql[DEMO_SQL_AGREEMENT_ADD]);
	struct participant p;
	struct session s;
	struct req r;
	date_t visit, end, on;
	char iso[DATE_ISO_LEN + 1];

	if (st == NULL ||
	    demo_req("virksomhedskonsulent@demo.invalid", &s, &r) < 0 ||
	    demo_find(w, demo_agreement_citizen, &p, &visit, &end) < 0)
		return -1;
	on = demo_min(date_today(), demo_weekday(date_add_days(visit, 10)));
	date_format_iso(on, iso);
	sqlite3_bind_int64(st, 1, p.id);
	if (secret_bind(st, 2, demo_agreement_content) < 0)
		return -1;
	sqlite3_bind_text(st, 3, iso, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 4, s.user_id);
	sqlite3_bind_text(st, 5, s.email, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, http_now());
	if (db_exec_stmt(w, st) != DB_OK)
		return -1;
	return participant_audit(w, &r, "participant.agreement_save", &p,
				 NULL, "version 1");
}

/* Talks, aftercare and the agreement in one transaction with their audit
 * rows. */
/* ---- Attendance --------------------------------------------------------- */

/* splitmix64 of a participant and day: the same marks every run. */
static uint32_t demo_mark_rand(int64_t participant, int64_t day)
{
	uint64_t z = (uint64_t)participant * 0x9e3779b97f4a7c15ULL ^
		     (uint64_t)day * 0xbf58476d1ce4e5b9ULL;

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return (uint32_t)((z ^ (z >> 31)) % 1000);
}

/*
 * A mark as an instructor would make it: most citizens are there; one in
 * nine struggles in their cohort's last two weeks on record, which is
 * what the start pages' triggers are for.
 */
static const char *demo_mark_status(int64_t participant, int64_t day,
				    bool recent, int length, int *minutes)
{
	uint32_t x = demo_mark_rand(participant, day);

	*minutes = 0;
	if (recent && participant % 9 == 4)
		return x < 450 ? "absent" : x < 550 ? "sick" : "present";
	if (x < 840)
		return "present";
	if (x < 880) {
		*minutes = 5 + (int)(x % 8) * 5;
		return "late";
	}
	if (x < 900) {
		*minutes = length / 4 + (int)(x % 4) * 15;
		return "left_early";
	}
	if (x < 945)
		return "announced";
	return x < 980 ? "sick" : "absent";
}

static int demo_mark_day(struct db *w, sqlite3_stmt *days, date_t today,
			 long *marks)
{
	int64_t day = sqlite3_column_int64(days, 0);
	int64_t cohort = sqlite3_column_int64(days, 1);
	const char *date = (const char *)sqlite3_column_text(days, 2);
	int length = sqlite3_column_int(days, 3), minutes;
	int64_t instructor = sqlite3_column_int64(days, 4);
	sqlite3_stmt *roster = db_stmt(w, demo_sql[DEMO_SQL_MARK_ROSTER]);
	sqlite3_stmt *add = db_stmt(w, demo_sql[DEMO_SQL_MARK_ADD]);
	sqlite3_stmt *taken = db_stmt(w, demo_sql[DEMO_SQL_MARK_TAKEN]);
	date_t d = 0;
	int64_t at;
	bool recent;
	int rc = -1, step;

	if (!roster || !add || !taken || date_parse_iso(date, &d) < 0)
		return -1;
	recent = today - d <= 14;
	at = (int64_t)d * 86400 + 16 * 3600;
	sqlite3_bind_int64(roster, 1, cohort);
	sqlite3_bind_text(roster, 2, date, -1, SQLITE_STATIC);
	while ((step = db_step(w, roster)) == SQLITE_ROW) {
		int64_t p = sqlite3_column_int64(roster, 0);
		const char *status =
			demo_mark_status(p, day, recent, length, &minutes);

		sqlite3_bind_int64(add, 1, day);
		sqlite3_bind_int64(add, 2, p);
		sqlite3_bind_text(add, 3, status, -1, SQLITE_STATIC);
		sqlite3_bind_int(add, 4, minutes);
		sqlite3_bind_int64(add, 5, at);
		if (instructor)
			sqlite3_bind_int64(add, 6, instructor);
		else
			sqlite3_bind_null(add, 6);
		if (db_exec_stmt(w, add) != DB_OK)
			goto out;
		(*marks)++;
	}
	if (step != SQLITE_DONE)
		goto out;
	sqlite3_bind_int64(taken, 1, day);
	sqlite3_bind_int64(taken, 2, at);
	if (instructor)
		sqlite3_bind_int64(taken, 3, instructor);
	else
		sqlite3_bind_null(taken, 3);
	rc = db_exec_stmt(w, taken) == DB_OK ? 0 : -1;
out:
	sqlite3_reset(roster);
	return rc;
}

/*
 * Marks attendance on every past course day of the cohorts from
 * first_cohort on, in w's transaction. With leave_one, the most recent
 * day of the first running cohort stays unmarked, so the demo shows
 * "attendance not taken". 0 or -1.
 */
static int demo_attendance(struct db *w, int64_t first_cohort, bool leave_one,
			   long *marks)
{
	sqlite3_stmt *days = db_stmt(w, demo_sql[DEMO_SQL_MARK_DAYS]);
	date_t today = date_today();
	char iso[DATE_ISO_LEN + 1];
	int rc = -1, step;

	if (!days || date_format_iso(today, iso) < 0)
		return -1;
	sqlite3_bind_int64(days, 1, first_cohort);
	sqlite3_bind_text(days, 2, iso, -1, SQLITE_TRANSIENT);
	while ((step = db_step(w, days)) == SQLITE_ROW) {
		date_t d = 0;

		if (leave_one && sqlite3_column_int(days, 5) &&
		    date_parse_iso((const char *)sqlite3_column_text(days, 2),
				   &d) == 0 &&
		    today - d <= 4) {
			leave_one = false;
			continue;
		}
		if (demo_mark_day(w, days, today, marks) < 0)
			goto out;
	}
	rc = step == SQLITE_DONE ? 0 : -1;
out:
	sqlite3_reset(days);
	return rc;
}

static int demo_marks(void)
{
	struct db *w = db_writer_lock();
	long marks = 0;
	int rc = -1;

	if (db_begin(w) < 0 || demo_attendance(w, 1, true, &marks) < 0)
		goto out;
	rc = db_commit(w);
out:
	db_rollback(w);
	db_writer_unlock(w);
	if (rc < 0)
		fprintf(stderr, "mestring: demo attendance failed\n");
	return rc;
}

static int demo_extras(void)
{
	struct db *w = db_writer_lock();
	size_t i;
	int rc = -1;

	if (db_begin(w) < 0)
		goto out;
	for (i = 0; i < DEMO_LEN(demo_talks); i++)
		if (demo_talk_add(w, &demo_talks[i]) < 0)
			goto out;
	for (i = 0; i < DEMO_LEN(demo_aftercares); i++)
		if (demo_aftercare_add(w, &demo_aftercares[i]) < 0)
			goto out;
	if (demo_agreement_add(w) < 0)
		goto out;
	rc = db_commit(w);
out:
	db_rollback(w);
	db_writer_unlock(w);
	if (rc < 0)
		fprintf(stderr, "mestring: demo talks, aftercare and agreement "
				"failed\n");
	return rc;
}

static int demo_fill(const char *password)
{
	const struct actor by = {0, 0, ROLE__MAX, "system", "demo"};
	struct user_input in = {.active = -1};
	struct organisation_input org;
	char hash[PASSWORD_HASH_LEN];
	struct form_invalid bad;
	enum result res;
	struct db *w;
	size_t i;

	for (i = 0; i < DEMO_LEN(demo_orgs); i++) {
		org.name = demo_orgs[i].name;
		org.kind = (enum org_kind)org_kind_parse(demo_orgs[i].kind);
		w = db_writer_lock();
		res = organisation_create(w, &by, &org, NULL, &bad);
		db_writer_unlock(w);
		if (res != RESULT_OK)
			return -1;
	}
	for (i = 0; i < DEMO_LEN(demo_users) + DEMO_LEN(demo_staff); i++) {
		const struct demo_user *u =
			i < DEMO_LEN(demo_users)
				? &demo_users[i]
				: &demo_staff[i - DEMO_LEN(demo_users)];

		in.email = u->email;
		in.name = u->name;
		in.role = role_parse(u->role);
		in.organisation_id = organisation_find(db_reader(), u->org);
		in.password_hash = hash;
		res = user_password_hash(password, hash, &bad);
		if (res == RESULT_OK) {
			w = db_writer_lock();
			res = user_create(w, &by, &in, NULL, &bad);
			db_writer_unlock(w);
		}
		if (res != RESULT_OK) {
			fprintf(stderr, "mestring: %s: %s\n", in.email,
				bad.message);
			return -1;
		}
	}
	for (i = 0; i < DEMO_LEN(demo_cohorts); i++)
		if (demo_cohort(&demo_cohorts[i]) < 0)
			return -1;
	return demo_extras() < 0 ? -1 : demo_marks();
}

/* ---- National scale ------------------------------------------------------ */

/*
 * The national database for scripts/bench: every municipality's job centre
 * with a project leader and a caseworker, a few providers, cohorts every
 * NATIONAL_SPACING weeks at each job centre from about four years back to
 * half a year ahead, and 12-14 citizens on every cohort whose referral has
 * opened, their statuses and outcomes as the cohort's dates make them
 * today. Rows go in with direct INSERTs, committed every NATIONAL_BATCH
 * rows; each table is one step in national_steps[], so a later table
 * (attendance) is one more step.
 */
#define NATIONAL_SPACING    14  /* weeks between a job centre's cohorts */
#define NATIONAL_WEEKS_BACK 210 /* the first cohorts' first teaching day */
#define NATIONAL_COHORTS    17  /* per job centre */
#define NATIONAL_BATCH      50000
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
	"Mathias", "Oliver", "William", "Noah",     "Lucas",   "Emil",
	"Magnus",  "Frederik", "Victor", "Malthe",  "Elias",   "Alfred",
	"Oscar",   "Carl",    "August", "Anton",    "Valdemar", "Aksel",
	"Johan",   "Mikkel",  "Rasmus", "Jonas",    "Ahmed",   "Ali",
	"Mohammed", "Omar",   "Yusuf",  "Hassan",   "Adam",    "Mustafa",
	"Tobias",  "Sebastian", "Nikolaj", "Christian", "Jakob", "Kevin",
};
static const char *const national_women[] = {
	"Emma",   "Ida",     "Clara",   "Freja",   "Alma",     "Ella",
	"Sofia",  "Anna",    "Laura",   "Karla",   "Agnes",    "Josefine",
	"Maja",   "Nanna",   "Julie",   "Mathilde", "Cecilie", "Signe",
	"Sara",   "Aya",     "Fatima",  "Zainab",  "Amina",    "Maryam",
	"Hiba",   "Nadia",   "Katarzyna", "Olivia", "Liva",    "Asta",
	"Louise", "Camilla", "Sandra",  "Mia",     "Amalie",   "Rikke",
};
static const char *const national_surnames[] = {
	"Nielsen",  "Jensen",    "Hansen",     "Pedersen",    "Andersen",
	"Christensen", "Larsen", "Sørensen",   "Rasmussen",   "Jørgensen",
	"Petersen", "Madsen",    "Kristensen", "Olsen",       "Thomsen",
	"Christiansen", "Poulsen", "Johansen", "Møller",      "Mortensen",
	"Knudsen",  "Jakobsen",  "Mikkelsen",  "Frederiksen", "Laursen",
	"Henriksen", "Lund",     "Schmidt",    "Eriksen",     "Holm",
	"Clausen",  "Simonsen",  "Svendsen",   "Iversen",     "Jeppesen",
	"Hussein",  "Ali",       "Mohamed",    "Ahmadi",      "Yilmaz",
	"Nowak",    "Nguyen",    "Demir",      "Hassan",      "Ibrahim",
	"Kaya",     "Kowalski",  "Abdi",
};
static const char *const national_streets[] = {
	"Vestergade", "Østergade",   "Nørregade",  "Søndergade", "Algade",
	"Jernbanegade", "Skolegade", "Kirkevej",   "Møllevej",   "Parkvej",
	"Stationsvej", "Skovvej",    "Bakkevej",   "Engvej",     "Strandvej",
	"Havnegade",  "Grønnegade",  "Klostergade", "Torvegade", "Ringvejen",
};
static const char *const national_barriers[] = {
	"[\"anxiety\"]", "[\"depression\"]", "[\"adhd\"]",
	"[\"anxiety\",\"depression\"]", "[\"adhd\",\"anxiety\"]",
	"[\"other\"]",
};
static const char *const national_months[] = {
	"januar", "februar", "marts",     "april",   "maj",      "juni",
	"juli",   "august",  "september", "oktober", "november", "december",
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
	size_t ncohorts;
	uint16_t *cpr_serials; /* next serial per birth day */
	size_t pending;        /* rows since the last commit */
	long users, course_days, participants, statuses, outcomes, marks;
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

static int national_exec(struct national *n, sqlite3_stmt *st)
{
	if (db_exec_stmt(n->w, st) != DB_OK)
		return -1;
	return national_row(n);
}

static void national_bind_date(sqlite3_stmt *st, int i, date_t d)
{
	char iso[DATE_ISO_LEN + 1];

	if (d == 0) {
		sqlite3_bind_null(st, i);
		return;
	}
	date_format_iso(d, iso);
	sqlite3_bind_text(st, i, iso, -1, SQLITE_TRANSIENT);
}

/* The id sql (?1 = text) finds, or -1. */
static int64_t national_id(struct national *n, enum demo_sql which,
			   const char *text)
{
	sqlite3_stmt *st = db_stmt(n->w, demo_sql[which]);
	int64_t id = -1;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, text, -1, SQLITE_STATIC);
	if (db_step(n->w, st) == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return id;
}

/* The organisation named name (made when missing), or -1. */
static int64_t national_org(struct national *n, const char *name,
			    const char *kind)
{
	sqlite3_stmt *st = db_stmt(n->w, demo_sql[DEMO_SQL_ORG_ADD]);

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, http_now());
	if (national_exec(n, st) < 0)
		return -1;
	return national_id(n, DEMO_SQL_ORG_ID, name);
}

/* The user with e-mail email (made with the shared password hash when
 * missing), or -1. */
static int64_t national_user(struct national *n, const char *email,
			     const char *name, const char *role, int64_t org)
{
	sqlite3_stmt *st = db_stmt(n->w, demo_sql[DEMO_SQL_USER_ADD]);

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, email, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, role, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, org);
	sqlite3_bind_text(st, 5, n->hash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, http_now());
	if (national_exec(n, st) < 0)
		return -1;
	if (db_changes(n->w) == 1)
		n->users++;
	return national_id(n, DEMO_SQL_USER, email);
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
	sqlite3_stmt *st = db_stmt(n->w, demo_sql[DEMO_SQL_STAFF_ADD]);

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, cohort);
	sqlite3_bind_int64(st, 2, user);
	sqlite3_bind_text(st, 3, role, -1, SQLITE_STATIC);
	return national_exec(n, st);
}

/* Binds the cohort row as cohort.c's would be, with state and dates. */
static void national_bind_cohort(struct national *n, sqlite3_stmt *st,
				 const struct national_cohort *nc,
				 const struct plan_input *in,
				 const struct plan *p, const char *state)
{
	const struct national_town *t = &national_towns[nc->centre];
	char name[160], venue[160], address[200];
	int y, m, d;

	date_to_civil(in->first_teaching_day, &y, &m, &d);
	snprintf(name, sizeof(name), "%s %s %d", t->municipality,
		 national_months[m - 1], y);
	snprintf(venue, sizeof(venue), "Jobcenter %s, mødelokale %u",
		 t->municipality, 1 + national_rand(n, 4));
	snprintf(address, sizeof(address), "%s %u, %s",
		 national_streets[national_rand(n, DEMO_LEN(national_streets))],
		 1 + national_rand(n, 120), t->town);
	sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, n->centres[nc->centre].org);
	sqlite3_bind_int64(st, 3, n->providers[nc->provider]);
	sqlite3_bind_int(st, 4, 1 + (int)(nc->centre % 3));
	sqlite3_bind_text(st, 5, venue, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 6, address, -1, SQLITE_TRANSIENT);
	national_bind_date(st, 7, in->first_teaching_day);
	sqlite3_bind_int(st, 8, in->prep_weeks);
	sqlite3_bind_int(st, 9, in->teaching_weeks);
	sqlite3_bind_int(st, 10, (int)in->teaching_weekdays);
	sqlite3_bind_int(st, 11, in->start_min);
	sqlite3_bind_int(st, 12, in->end_min);
	sqlite3_bind_int(st, 13, in->internship_weeks);
	sqlite3_bind_int(st, 14, in->weekly_teaching_weekday);
	sqlite3_bind_int(st, 15, nc->capacity);
	sqlite3_bind_text(st, 16, state, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 17,
			  strcmp(state, "cancelled") == 0
				  ? "For få henviste borgere til at starte "
				    "holdet."
				  : "",
			  -1, SQLITE_STATIC);
	national_bind_date(st, 18, p->referral_start);
	national_bind_date(st, 19, p->prep_start);
	national_bind_date(st, 20, p->teaching_end);
	national_bind_date(st, 21, p->internship_start);
	national_bind_date(st, 22, p->internship_end);
	national_bind_date(st, 23, p->aftercare_start);
	sqlite3_bind_int64(st, 24, national_at(n, p->referral_start));
}

/* One cohort k of centre i: its row, target group, staff and days. */
static int national_cohort(struct national *n, size_t i, int k)
{
	struct national_cohort *nc = &n->cohorts[n->ncohorts];
	struct plan_input in;
	struct plan p;
	struct plan_error err;
	sqlite3_stmt *st;
	int weeks = -NATIONAL_WEEKS_BACK + (int)(i % NATIONAL_SPACING) +
		    k * NATIONAL_SPACING;
	const char *state = "referral_open";
	int rc = -1;

	plan_input_defaults(&in);
	in.first_teaching_day = date_add_days(date_monday(n->today), 7 * weeks);
	while (!plan_is_working_day(&in, in.first_teaching_day) ||
	       date_weekday(in.first_teaching_day) > 4)
		in.first_teaching_day = date_add_days(in.first_teaching_day, 1);
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
	st = db_stmt(n->w, demo_sql[DEMO_SQL_COHORT_ADD]);
	if (st == NULL)
		goto out;
	national_bind_cohort(n, st, nc, &in, &p, state);
	if (national_exec(n, st) < 0)
		goto out;
	nc->id = db_last_id(n->w);
	st = db_stmt(n->w, demo_sql[DEMO_SQL_CRITERIA_COPY]);
	if (st == NULL)
		goto out;
	sqlite3_bind_int64(st, 1, nc->id);
	sqlite3_bind_int64(st, 2, n->template_cohort);
	if (national_exec(n, st) < 0 ||
	    national_staff(n, nc->id, n->centres[i].leader, "project_leader") <
		    0 ||
	    national_staff(n, nc->id, n->instructors[nc->provider],
			   "instructor") <
		    0 ||
	    day_rebuild(n->w, nc->id, &p) < 0)
		goto out;
	n->course_days += (long)p.ndays;
	n->pending += p.ndays;
	n->ncohorts++;
	rc = 0;
out:
	plan_free(&p);
	return rc;
}

/* Step: cohorts at every job centre. */
static int national_cohorts(struct national *n)
{
	sqlite3_stmt *st = db_stmt(n->w, demo_sql[DEMO_SQL_TEMPLATE]);
	size_t i;
	int k;

	if (st == NULL)
		return -1;
	if (db_step(n->w, st) == SQLITE_ROW)
		n->template_cohort = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	n->cohorts = calloc(NATIONAL_CENTRES * NATIONAL_COHORTS,
			    sizeof(*n->cohorts));
	if (n->cohorts == NULL)
		return -1;
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
	np->referred = demo_min(t, date_add_days(c->referral_start,
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
	const char *barriers =
		national_barriers[national_rand(n, DEMO_LEN(national_barriers))];

	snprintf(buf, len,
		 "{\"barriers\":%s,\"barrier_other\":\"%s\",\"substance\":"
		 "\"%s\",\"criteria\":[],\"reason\":\"%s\",\"wishes\":\"%s\"}",
		 barriers, strstr(barriers, "other") ? "Søvnproblemer" : "",
		 national_rand(n, 10) ? "none" : "in_treatment",
		 demo_reasons[national_rand(n, DEMO_LEN(demo_reasons))],
		 demo_wishes[national_rand(n, DEMO_LEN(demo_wishes))]);
	return buf;
}

static int national_person_row(struct national *n,
			       const struct national_cohort *c,
			       const struct national_person *np, int64_t *id)
{
	const struct national_centre *centre = &n->centres[c->centre];
	sqlite3_stmt *st = db_stmt(n->w, demo_sql[DEMO_SQL_PARTICIPANT_ADD]);
	unsigned char hash[SECRET_HASH_LEN];
	char health[512], visit[256];
	const struct national_event *last = &np->events[np->nevents - 1];

	if (st == NULL || secret_hash(np->cpr, hash) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, c->id);
	sqlite3_bind_text(st, 2, np->name, -1, SQLITE_STATIC);
	if (secret_bind(st, 3, np->cpr) < 0)
		return -1;
	sqlite3_bind_blob(st, 4, hash, sizeof(hash), SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 5, np->birth_year);
	sqlite3_bind_text(st, 6, np->phone, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, np->email, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, np->address, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 9, centre->caseworker);
	if (secret_bind(st, 10, national_health(n, health, sizeof(health))) <
	    0)
		return -1;
	sqlite3_bind_text(st, 11, np->status, -1, SQLITE_STATIC);
	national_bind_date(st, 12, np->referred);
	national_bind_date(st, 13, np->visited);
	if (np->visited) {
		sqlite3_bind_int64(st, 14, centre->leader);
		snprintf(visit, sizeof(visit),
			 "{\"notes\":\"%s\",\"reason\":\"%s\"}",
			 demo_visit_notes[national_rand(
				 n, DEMO_LEN(demo_visit_notes))],
			 np->visit_reason ? np->visit_reason : "");
		if (secret_bind(st, 15, visit) < 0)
			return -1;
	}
	national_bind_date(st, 16, np->started);
	national_bind_date(st, 17, np->ended);
	sqlite3_bind_int64(st, 18, national_at(n, np->referred));
	sqlite3_bind_int64(st, 19, national_at(n, last->on));
	if (national_exec(n, st) < 0)
		return -1;
	*id = db_last_id(n->w);
	n->participants++;
	return 0;
}

static int national_events(struct national *n, const struct national_cohort *c,
			   const struct national_person *np, int64_t id)
{
	const struct national_centre *centre = &n->centres[c->centre];
	int i;

	for (i = 0; i < np->nevents; i++) {
		const struct national_event *e = &np->events[i];
		sqlite3_stmt *st = db_stmt(n->w, demo_sql[DEMO_SQL_STATUS_ADD]);

		if (st == NULL)
			return -1;
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, national_at(n, e->on));
		national_bind_date(st, 3, e->on);
		sqlite3_bind_text(st, 4, e->from, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, e->to, -1, SQLITE_STATIC);
		if (secret_bind(st, 6, e->reason) < 0)
			return -1;
		sqlite3_bind_text(st, 7, e->dialogue ? e->dialogue : "", -1,
				  SQLITE_STATIC);
		sqlite3_bind_int64(st, 8, e->by_leader ? centre->leader
						       : centre->caseworker);
		sqlite3_bind_text(st, 9,
				  e->by_leader ? centre->leader_email
					       : centre->caseworker_email,
				  -1, SQLITE_STATIC);
		if (national_exec(n, st) < 0)
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
	sqlite3_stmt *st = db_stmt(n->w, demo_sql[DEMO_SQL_OUTCOME_ADD]);
	uint32_t r = national_rand(n, 100);
	bool six = strcmp(timing, "six_months") == 0;
	const char *kind = "other";

	if (st == NULL)
		return -1;
	if (!completed)
		r = r < 10 ? r : 60 + r % 40; /* mostly "other" */
	if (r < (six ? 35u : 25u))
		kind = "job";
	else if (r < (six ? 55u : 40u))
		kind = "education";
	else if (r < 60)
		kind = six ? "education" : "extended_internship";
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, timing, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, kind, -1, SQLITE_STATIC);
	if (strcmp(kind, "job") == 0)
		sqlite3_bind_int(st, 4, 10 + (int)national_rand(n, 28));
	if (strcmp(kind, "other") == 0)
		sqlite3_bind_text(st, 5, others[national_rand(n, 3)], -1,
				  SQLITE_STATIC);
	national_bind_date(st, 7, on);
	sqlite3_bind_int64(st, 8, centre->caseworker);
	sqlite3_bind_text(st, 9, centre->caseworker_email, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 10, national_at(n, on));
	if (national_exec(n, st) < 0)
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
				: demo_attendance(n->w, n->cohorts[0].id, false,
						  &n->marks);
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
};

static double demo_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int national_audit(struct national *n)
{
	struct audit_entry e = {.actor = "system", .client = "demo"};
	char detail[128];

	snprintf(detail, sizeof(detail), "%zu cohorts, %ld participants",
		 n->ncohorts, n->participants);
	e.action = "demo.national";
	e.detail = detail;
	return audit_write(n->w, &e);
}

static int demo_national(const char *password)
{
	struct national n;
	double t0 = demo_seconds();
	size_t i;
	int rc = -1;

	memset(&n, 0, sizeof(n));
	n.today = date_today();
	n.rng = 0x6d657374726e67ULL;
	/* argon2id is slow by design: one hash for every generated user. */
	if (password_hash(password, n.hash) < 0)
		return -1;
	n.w = db_writer_lock();
	for (i = 0; i < DEMO_LEN(national_steps); i++) {
		if (db_begin(n.w) < 0 || national_steps[i].fill(&n) < 0 ||
		    (i + 1 == DEMO_LEN(national_steps) &&
		     national_audit(&n) < 0) ||
		    db_commit(n.w) < 0) {
			fprintf(stderr, "mestring: national demo: %s failed\n",
				national_steps[i].what);
			goto out;
		}
		n.pending = 0;
	}
	printf("National demo: %zu job centres, %ld new users, %zu cohorts, "
	       "%ld course days, %ld participants, %ld status changes, "
	       "%ld outcomes, %ld attendance marks in %.1f s\n",
	       NATIONAL_CENTRES, n.users, n.ncohorts, n.course_days,
	       n.participants, n.statuses, n.outcomes, n.marks,
	       demo_seconds() - t0);
	rc = 0;
out:
	db_rollback(n.w);
	db_writer_unlock(n.w);
	free(n.cohorts);
	free(n.cpr_serials);
	return rc;
}

/* ---- Command line ---------------------------------------------------------- */

static bool demo_empty(void)
{
	sqlite3_stmt *st = db_stmt(db_reader(), demo_sql[DEMO_SQL_USERS]);
	bool empty = false;

	if (st && db_step(db_reader(), st) == SQLITE_ROW)
		empty = sqlite3_column_int64(st, 0) == 0;
	if (st)
		sqlite3_reset(st);
	return empty;
}

static int demo_usage(void)
{
	fprintf(stderr, "usage: mestring demo --db FILE [--password PW] "
			"[--scale small|national]\n");
	return 2;
}

int demo_cli(int argc, char **argv)
{
	const char *db = NULL, *password = DEMO_DEFAULT_PASSWORD, *problem;
	const char *scale = "small";
	char key[4096];
	size_t i;
	int rc = 1;

	for (i = 1; i + 1 < (size_t)argc; i += 2) {
		if (strcmp(argv[i], "--db") == 0)
			db = argv[i + 1];
		else if (strcmp(argv[i], "--password") == 0)
			password = argv[i + 1];
		else if (strcmp(argv[i], "--scale") == 0)
			scale = argv[i + 1];
		else
			break;
	}
	if (db == NULL || i != (size_t)argc ||
	    (strcmp(scale, "small") != 0 && strcmp(scale, "national") != 0))
		return demo_usage();
	problem = password_problem(password);
	if (problem) {
		fprintf(stderr, "mestring: %s\n", problem);
		return 2;
	}
	/* The field-encryption key lives beside the database, as the
	 * server expects it. */
	if (secret_key_path(db, key, sizeof(key)) < 0 || secret_init(key) < 0 ||
	    auth_init() < 0 || db_pool_open(db, 1) < 0)
		return 1;
	if (!demo_empty()) {
		fprintf(stderr, "mestring: %s already has users; the demo "
				"needs a new database\n", db);
		goto out;
	}
	if (demo_fill(password) < 0)
		goto out;
	if (strcmp(scale, "national") == 0 && demo_national(password) < 0)
		goto out;
	printf("Demo data written to %s. Log in with one of:\n", db);
	for (i = 0; i < DEMO_LEN(demo_users); i++)
		printf("  %-36s %s\n", demo_users[i].email,
		       role_label(role_parse(demo_users[i].role)));
	printf("Password for all: %s\n", password);
	rc = 0;
out:
	db_pool_close();
	secret_shutdown();
	return rc;
}
