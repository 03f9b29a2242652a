/*
 * demo_people: the small demo's organisations, staff, citizens, cohorts,
 * talks, aftercare and agreement guide, and the sentences both scales
 * use. Names, CPR numbers and addresses are made up.
 */
#include "demo_people.h"

#include "agreement.h"

#include <stddef.h>

/* ---- Organisations and staff --------------------------------------------- */

const struct demo_org demo_orgs[] = {
	{"Jobcenter Aarhus", "job_centre"},
	{"Jobcenter Odense", "job_centre"},
	{"Jobcenter København", "job_centre"},
	{"Mestringshuset ApS", "provider"},
	{"Region Midtjylland, Psykiatrien", "psychiatry"},
};

const size_t demo_norgs = DEMO_LEN(demo_orgs);

const struct demo_user demo_staff[] = {
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

const struct demo_user demo_users[] = {
	{"admin@demo.invalid", "Anne Sørensen", "admin", "Mestringshuset ApS"},
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

const size_t demo_nstaff = DEMO_LEN(demo_staff);
const size_t demo_nusers = DEMO_LEN(demo_users);

const char demo_provider[] = "Mestringshuset ApS";
const char demo_consultant[] = "virksomhedskonsulent@demo.invalid";
const char demo_cancel_reason[] =
	"For få henviste borgere til at starte holdet.";

/* ---- Citizens ------------------------------------------------------------ */

#define DEMO_MENTOR "mentor@demo.invalid"
#define DEMO_AISHA  "mentor.aisha@demo.invalid"
#define DEMO_MKBH   "mentor.kbh@demo.invalid"
#define DEMO_THOMAS "sagsbehandler.thomas@demo.invalid"

static const struct demo_person demo_aarhus_spring[] = {
	{"Mathias Kjeldsen", "120399-3117", "20 45 18 73",
	 "Vestergade 14, 2. tv., 8000 Aarhus C", "anxiety", "none", "admitted",
	 "completed", "job:30", NULL, DEMO_MENTOR, NULL},
	{"Freja Mortensen", "030702-8246", "28 91 04 62",
	 "Frederiks Allé 102, 8000 Aarhus C", "anxiety,depression", "none",
	 "admitted", "completed", "education", NULL, NULL, NULL},
	{"Ahmed Hussein", "250500-8131", "31 22 86 40",
	 "Gudrunsvej 66, 8220 Brabrand", "adhd", "none", "admitted",
	 "completed", "extended_internship", NULL, DEMO_MENTOR, NULL},
	{"Ida Lauridsen", "170198-3362", "42 18 77 05",
	 "Viby Torv 3, 1. th., 8260 Viby J", "depression", "none", "admitted",
	 "completed", "other:upskilling", NULL, NULL, NULL},
	{"Oliver Bertelsen", "081101-8455", "53 60 12 98",
	 "Grenåvej 210, 8240 Risskov", "adhd,anxiety", "in_treatment",
	 "admitted", "completed", "other:clarification", NULL, NULL, NULL},
	{"Sara Ali", "220603-8528", "61 47 30 19",
	 "Herredsvej 9, 8210 Aarhus V", "anxiety", "none", "admitted",
	 "completed", "job:15", NULL, NULL, NULL},
	{"Mikkel Rasmussen", "290997-3093", "22 83 56 14",
	 "Jægergårdsgade 51, 8000 Aarhus C", "depression", "none", "admitted",
	 "completed", "other:none", NULL, NULL, DEMO_THOMAS},
	{"Maja Poulsen", "140204-8614", "26 05 91 37",
	 "Nørrebrogade 20, 3. mf., 8000 Aarhus C", "anxiety", "none",
	 "admitted", "dropped_out", NULL, NULL, NULL, NULL},
	{"Yusuf Demir", "010699-3279", "71 33 48 26",
	 "Skejbyvej 4, 8200 Aarhus N", "adhd", "none", "admitted",
	 "re_referred", NULL, NULL, NULL, NULL},
	{"Laura Vestergaard", "300501-8706", "24 70 63 81",
	 "Tranbjerg Hovedgade 7, 8310 Tranbjerg J", "depression,other", "none",
	 "not_admitted", NULL, NULL, NULL, NULL, NULL},
	{"Nikolaj Bjerre", "190805-8821", "29 16 52 08",
	 "Silkeborgvej 45, 8000 Aarhus C", "anxiety", "none", "waiting", NULL,
	 NULL, NULL, NULL, DEMO_THOMAS},
};

static const struct demo_person demo_aarhus_late_summer[] = {
	{"Noah Jakobsen", "110502-8133", "20 38 64 17",
	 "Åbyhøjvej 12, 8230 Åbyhøj", "anxiety", "none", "admitted",
	 "completed", NULL, NULL, DEMO_AISHA, NULL},
	{"Liva Dahl", "230900-8244", "30 52 19 86",
	 "Randersvej 140, 8200 Aarhus N", "depression", "none", "admitted",
	 "completed", NULL, NULL, DEMO_AISHA, NULL},
	{"Omar Farah", "070303-8355", "42 91 07 33",
	 "Gellerupvej 80, 2. th., 8210 Aarhus V", "adhd", "none", "admitted",
	 "completed", NULL, NULL, NULL, NULL},
	{"Anna Thorsen", "150798-3466", "27 64 38 50",
	 "Møllegade 5, 8000 Aarhus C", "anxiety", "none", "admitted",
	 "completed", NULL, NULL, NULL, NULL},
	{"William Bang", "300604-8579", "52 17 83 64",
	 "Holme Byvej 22, 8270 Højbjerg", "adhd,anxiety", "in_treatment",
	 "admitted", "completed", NULL, NULL, NULL, DEMO_THOMAS},
	{"Asta Nygaard", "091101-8682", "23 48 15 92",
	 "Katrinebjergvej 31, 8200 Aarhus N", "depression", "none", "admitted",
	 "completed", NULL, NULL, NULL, NULL},
	{"Elias Schmidt", "250199-3795", "60 29 74 11",
	 "Marselis Boulevard 18, 8000 Aarhus C", "anxiety", "none", "admitted",
	 "dropped_out", NULL, NULL, NULL, NULL},
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
	 "admitted", "completed", "other:clarification", "other:clarification",
	 NULL, NULL},
	{"Frederik Skov", "160901-8593", "61 25 47 39",
	 "Middelfartvej 41, 5200 Odense V", "adhd", "in_treatment", "admitted",
	 "completed", "other:upskilling", "education", NULL, NULL},
	{"Nanna Iversen", "281203-8606", "22 57 13 84",
	 "Nyborgvej 97, 5000 Odense C", "anxiety", "none", "admitted",
	 "completed", "extended_internship", "job:20", DEMO_MENTOR, NULL},
	{"Magnus Dam", "090604-8711", "26 93 40 72",
	 "Rødegårdsvej 150, 5230 Odense M", "depression", "none", "admitted",
	 "completed", "other:none", "other:none", NULL, NULL},
	{"Zainab Omar", "040199-3824", "71 46 28 05",
	 "Bolbrovej 3, 5200 Odense V", "anxiety", "none", "admitted",
	 "dropped_out", NULL, NULL, NULL, NULL},
	{"Victor Krogh", "120800-8937", "24 81 67 30",
	 "Skibhusvej 220, 5000 Odense C", "adhd", "none", "admitted",
	 "re_referred", NULL, NULL, NULL, NULL},
	{"Cecilie Enevoldsen", "310502-8048", "29 30 75 16",
	 "Tarupvej 61, 5210 Odense NV", "depression", "none", "not_admitted",
	 NULL, NULL, NULL, NULL, NULL},
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
	{"Ella Ravn", "150505-8886", "71 52 07 83", "Ejbygade 4, 5000 Odense C",
	 "anxiety", "none", "admitted", "completed", NULL, NULL, NULL, NULL},
	{"Malthe Høj", "280802-8991", "24 08 36 97",
	 "Tarup Torv 9, 5210 Odense NV", "depression", "none", "waiting", NULL,
	 NULL, NULL, NULL, NULL},
};

static const struct demo_person demo_odense_winter[] = {
	{"Johan Vinding", "030301-8137", "20 74 29 61",
	 "Fynsvej 19, 5000 Odense C", "anxiety", "none", "admitted", NULL, NULL,
	 NULL, NULL, NULL},
	{"Emilie Hvid", "200799-3248", "28 36 85 02",
	 "Sankt Jørgens Gade 3, 5000 Odense C", "depression", "none",
	 "admitted", NULL, NULL, NULL, NULL, NULL},
	{"Ali Rahman", "110904-8359", "42 63 10 47",
	 "Risingvej 27, 5000 Odense C", "adhd", "none", "admitted", NULL, NULL,
	 NULL, NULL, NULL},
	{"Rosa Lindberg", "061000-8462", "53 17 49 86",
	 "Hjallesevej 140, 5230 Odense M", "anxiety", "none", NULL, NULL, NULL,
	 NULL, NULL, NULL},
	{"Storm Kirk", "240503-8573", "61 92 54 30",
	 "Stærmosegårdsvej 7, 5230 Odense M", "adhd", "none", NULL, NULL, NULL,
	 NULL, NULL, NULL},
};

static const struct demo_person demo_copenhagen_autumn[] = {
	{"Lucas Thomsen", "020398-3115", "20 27 63 94",
	 "Nørrebrogade 120, 4. th., 2200 København N", "anxiety", "none",
	 "admitted", "completed", "job:25", "job:32", DEMO_MKBH, NULL},
	{"Aya Mahmoud", "180701-8226", "28 50 14 76",
	 "Amagerbrogade 88, 2300 København S", "depression", "none", "admitted",
	 "completed", "education", "education", NULL, NULL},
	{"Sebastian Winther", "271099-3331", "42 38 97 15",
	 "Vesterbrogade 150, 2. tv., 1620 København V", "adhd", "none",
	 "admitted", "completed", "extended_internship", "job:30", NULL, NULL},
	{"Josefine Krag", "060603-8442", "53 71 26 48",
	 "Østerbrogade 44, 2100 København Ø", "anxiety", "none", "admitted",
	 "completed", "other:upskilling", "other:upskilling", DEMO_MKBH, NULL},
	{"Hassan Yilmaz", "141200-8555", "61 04 83 57",
	 "Tingbjerg Allé 5, 2700 Brønshøj", "adhd,anxiety", "in_treatment",
	 "admitted", "completed", "other:clarification", "other:none", NULL,
	 NULL},
	{"Mille Søndergaard", "250902-8668", "22 96 41 05",
	 "Valby Langgade 91, 2500 Valby", "depression", "none", "admitted",
	 "completed", "job:20", "job:20", NULL, NULL},
	/* The one clearly outside the target group's age band. */
	{"Torben Lykke", "140379-3177", "26 43 70 18",
	 "Frederikssundsvej 210, 2400 København NV", "depression", "none",
	 "admitted", "completed", "other:none", "other:clarification", NULL,
	 NULL},
	{"Katarzyna Nowak", "080898-3286", "71 18 52 93",
	 "Islands Brygge 33, 2300 København S", "anxiety", "none", "admitted",
	 "completed", "education", "education", NULL, NULL},
	{"Jakob Hedegaard", "210104-8391", "24 65 09 31",
	 "Bispebjerg Bakke 12, 2400 København NV", "adhd", "none", "admitted",
	 "dropped_out", NULL, NULL, NULL, NULL},
	{"Alberte Møller", "130501-8404", "29 82 36 50",
	 "Istedgade 60, 1650 København V", "anxiety", "none", "admitted",
	 "re_referred", NULL, NULL, NULL, NULL},
	{"Tobias Eriksen", "020900-8517", "31 57 24 68",
	 "Sundbyvestervej 7, 2300 København S", "depression",
	 "not_in_treatment", "not_admitted", NULL, NULL, NULL, NULL, NULL},
};

static const struct demo_person demo_copenhagen_spring[] = {
	{"Viktor Abildgaard", "090202-8155", "20 86 31 72",
	 "Jagtvej 101, 2200 København N", "anxiety", "none", NULL, NULL, NULL,
	 NULL, NULL, NULL},
	{"Mathilde Kruse", "270600-8266", "28 23 67 49",
	 "Enghavevej 40, 1674 København V", "depression", "none", NULL, NULL,
	 NULL, NULL, NULL, NULL},
	{"Ibrahim Osman", "130898-3379", "42 54 18 06",
	 "Mjølnerparken 20, 2200 København N", "adhd", "none", NULL, NULL, NULL,
	 NULL, NULL, NULL},
	{"Lærke Dalsgaard", "051103-8482", "53 09 72 61",
	 "Strandlodsvej 15, 2300 København S", "anxiety,depression", "none",
	 NULL, NULL, NULL, NULL, NULL, NULL},
	{"Sofus Brix", "180101-8595", "61 38 45 27",
	 "Borups Allé 180, 2400 København NV", "adhd", "none", "waiting", NULL,
	 NULL, NULL, NULL, NULL},
};

/* ---- Sentences ----------------------------------------------------------- */

const char *const demo_reasons[] = {
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
const char *const demo_wishes[] = {
	"Vil gerne arbejde med dyr eller natur.",
	"Drømmer om at blive pædagogmedhjælper.",
	"Vil gerne i praktik på et lager eller et værksted.",
	"Ønsker et kontorjob med faste rammer.",
	"Vil gerne tage en uddannelse inden for IT.",
	"Ønsker at arbejde i detailhandlen.",
};
const char *const demo_visit_notes[] = {
	"Motiveret og klar til at deltage i gruppen.",
	("Nervøs for gruppen, men vil gerne prøve. Aftalt mentorstøtte de "
	 "første uger."),
	"Har gode erfaringer fra et tidligere praktikforløb.",
	"Bekymret for transporten; månedskort bevilget.",
};

const size_t demo_nreasons = DEMO_LEN(demo_reasons);
const size_t demo_nwishes = DEMO_LEN(demo_wishes);
const size_t demo_nvisit_notes = DEMO_LEN(demo_visit_notes);

/* ---- Cohorts ------------------------------------------------------------- */

#define DEMO_PEOPLE(a) (a), DEMO_LEN(a)

const struct demo_cohort demo_cohorts[] = {
	{"Aarhus forår",
	 "Jobcenter Aarhus",
	 "projektleder@demo.invalid",
	 "Mestringshuset",
	 "Åboulevarden 12, 8000 Aarhus C",
	 40,
	 "referral_open",
	 {"underviser@demo.invalid", "kost.line@demo.invalid", NULL},
	 {DEMO_MENTOR, NULL},
	 "sagsbehandler@demo.invalid",
	 DEMO_PEOPLE(demo_aarhus_spring)},
	{"Aarhus sensommer",
	 "Jobcenter Aarhus",
	 "projektleder@demo.invalid",
	 "Dokk1, mødelokale 2",
	 "Hack Kampmanns Plads 2, 8000 Aarhus C",
	 8,
	 "referral_open",
	 {"underviser@demo.invalid", "psykolog.henrik@demo.invalid", NULL},
	 {DEMO_AISHA, NULL},
	 "sagsbehandler@demo.invalid",
	 DEMO_PEOPLE(demo_aarhus_late_summer)},
	{"Odense sensommer",
	 "Jobcenter Odense",
	 "projektleder.odense@demo.invalid",
	 "Odense Rådhus, lokale 3.12",
	 "Flakhaven 2, 5000 Odense C",
	 60,
	 "referral_open",
	 {"psykolog.henrik@demo.invalid", NULL, NULL},
	 {DEMO_MENTOR, NULL},
	 "sagsbehandler.odense@demo.invalid",
	 DEMO_PEOPLE(demo_odense_late_summer)},
	{"Odense efterår",
	 "Jobcenter Odense",
	 "projektleder.odense@demo.invalid",
	 "Odense Rådhus, lokale 3.12",
	 "Flakhaven 2, 5000 Odense C",
	 1,
	 "referral_open",
	 {"psykolog.henrik@demo.invalid", NULL, NULL},
	 {DEMO_MENTOR, NULL},
	 "sagsbehandler.odense@demo.invalid",
	 DEMO_PEOPLE(demo_odense_autumn)},
	{"Odense vinter",
	 "Jobcenter Odense",
	 "projektleder.odense@demo.invalid",
	 "Odense Rådhus, lokale 3.12",
	 "Flakhaven 2, 5000 Odense C",
	 -3,
	 "referral_open",
	 {"underviser@demo.invalid", NULL, NULL},
	 {DEMO_AISHA, NULL},
	 "sagsbehandler.odense@demo.invalid",
	 DEMO_PEOPLE(demo_odense_winter)},
	{"København efterår",
	 "Jobcenter København",
	 "projektleder.kbh@demo.invalid",
	 "Kulturhuset Islands Brygge",
	 "Islands Brygge 18, 2300 København S",
	 56,
	 "referral_open",
	 {"underviser@demo.invalid", NULL, NULL},
	 {DEMO_MKBH, NULL},
	 "sagsbehandler.kbh@demo.invalid",
	 DEMO_PEOPLE(demo_copenhagen_autumn)},
	{"København forår",
	 "Jobcenter København",
	 "projektleder.kbh@demo.invalid",
	 "Kulturhuset Islands Brygge",
	 "Islands Brygge 18, 2300 København S",
	 -8,
	 "referral_open",
	 {"underviser@demo.invalid", NULL, NULL},
	 {DEMO_MENTOR, NULL},
	 "sagsbehandler.kbh@demo.invalid",
	 DEMO_PEOPLE(demo_copenhagen_spring)},
	{"København sommer",
	 "Jobcenter København",
	 "projektleder.kbh@demo.invalid",
	 "Kulturhuset Islands Brygge",
	 "Islands Brygge 18, 2300 København S",
	 -20,
	 "planning",
	 {"psykolog.henrik@demo.invalid", NULL, NULL},
	 {NULL, NULL},
	 "sagsbehandler.kbh@demo.invalid",
	 NULL,
	 0},
	{"Aarhus vinter",
	 "Jobcenter Aarhus",
	 "projektleder@demo.invalid",
	 "Mestringshuset",
	 "Åboulevarden 12, 8000 Aarhus C",
	 -12,
	 "cancelled",
	 {"underviser@demo.invalid", NULL, NULL},
	 {NULL, NULL},
	 "sagsbehandler@demo.invalid",
	 NULL,
	 0},
};

const size_t demo_ncohorts = DEMO_LEN(demo_cohorts);

/* ---- Talks, aftercare and the agreement guide ---------------------------- */

const struct demo_talk demo_talks[] = {
	{"Johan Vinding", "caseworker", "sagsbehandler.odense@demo.invalid",
	 "Jobcenter Odense", "Gennemgik transport og mentorstøtte.", 1, 10 * 60,
	 11 * 60},
	{"Johan Vinding", "instructor", "underviser@demo.invalid",
	 "Odense Rådhus, lokale 3.12", NULL, 14, 13 * 60, 14 * 60},
	{"Emilie Hvid", "caseworker", "sagsbehandler.odense@demo.invalid",
	 "Jobcenter Odense", "Ønsker praktik i en børnehave.", 1, 9 * 60,
	 10 * 60},
	{"Emilie Hvid", "consultant", "virksomhedskonsulent@demo.invalid",
	 "Telefonmøde", NULL, 12, 11 * 60, 11 * 60 + 30},
	{"Noah Jakobsen", "mentor", DEMO_AISHA, "Dokk1",
	 "Aftalt at følges med bus de første tre dage.", 2, 9 * 60, 10 * 60},
};

const size_t demo_ntalks = DEMO_LEN(demo_talks);

const struct demo_aftercare demo_aftercares[] = {
	{"Ahmed Hussein", "sagsbehandler@demo.invalid", 1, 1, 8,
	 "Forlænget praktik med ugentlig mentorsamtale."},
	{"Oliver Bertelsen", "sagsbehandler@demo.invalid", 3, 0, 12,
	 "Sagsbehandleren følger op hver anden uge."},
	{"Clara Juhl", "sagsbehandler.odense@demo.invalid", 2, 1, 6,
	 "Mentor de første uger i det nye job."},
};

const size_t demo_naftercares = DEMO_LEN(demo_aftercares);

const char demo_agreement_citizen[] = "Noah Jakobsen";
const char *const demo_agreement_answers[AGREEMENT_ANSWERS] = {
	[AGREEMENT_PURPOSE] = "Afklare om lagerarbejde med faste opgaver "
			      "passer til Noah.",
	[AGREEMENT_HOURS] = "Starter med 12 timer om ugen, kl. 9-13, og "
			    "trapper op til 25 timer.",
	[AGREEMENT_SUPPORT_NEEDED] = "En fast kontaktperson og en plan for "
				     "dagen.",
	[AGREEMENT_NETWORK_SUPPORT] = "Moren og mentoren Aisha.",
	[AGREEMENT_SUPPORT_WHEN] = "Om morgenen og når opgaverne skifter.",
	[AGREEMENT_ALARM_SIGNALS] = "Melder sig syg om mandagen og trækker "
				    "sig fra frokosten.",
	[AGREEMENT_CRISIS_SUPPORT] = "Tage en rolig snak og ringe til "
				     "mentoren.",
	[AGREEMENT_INTERNSHIP_WISHES] = "Lager eller værksted i Aarhus.",
	[AGREEMENT_COMPANY_WISHES] = "Et lille, roligt team.",
	[AGREEMENT_HOST_MAY_KNOW] = "At Noah har angst og har brug for en "
				    "fast plan for dagen.",
};
