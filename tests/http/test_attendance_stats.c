/*
 * HTTP tests of attendance numbers: the numbers per participant and cohort
 * against hand-computed values, the period filter, the SVG grid, the CSV
 * bytes and the XLSX read back with Python's zipfile, the audit rows of
 * exports, each role's access, the cohort's trigger settings, the flags on
 * the start pages (and their going when attendance recovers) and
 * "Fremmøde ikke registreret".
 *
 * The marks are written straight into the database for three started
 * participants of one cohort, on course days 10, 8, 6, 3 and 1 days ago
 * (09:00-15:00, 360 minutes), a cancelled day 5 days ago and a day in two
 * days:
 *   Anna: present, late 30, left early 60, announced, sick; a mark on the
 *         cancelled day and an announced absence ahead (neither counts)
 *   Bo:   present, present, present, absent, absent
 *   Carl: started 7 days ago (not enrolled on the first two days, where a
 *         stray mark must not count): -, -, present, present, not marked;
 *         another caseworker's citizen
 */
#include "fixtures.h"

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#define COHORT	      "Testhold fremmøde"
#define LEADER_ODENSE "projektleder.odense@demo.invalid"
#define CASEWORKER2   "sagsbehandler.fremmoede@demo.invalid"
#define INSTRUCTOR2   "underviser.fremmoede@demo.invalid"
#define ANNA	      "Anna Fremmødesen"
#define BO	      "Bo Fraværsen"
#define CARL	      "=Carl Formelsen"

static struct {
	bool made;
	int64_t cohort, anna, bo, carl;
	int64_t day[5], cancelled, ahead;
	char tmpdir[128]; /* the server's TMPDIR: XLSX files go there */
} fx;

static void sql(struct server *s, const char *statement, ...)
	__attribute__((sentinel));

static void sql(struct server *s, const char *statement, ...)
{
	const char *a[5] = {NULL, NULL, NULL, NULL, NULL};
	char err[256];
	va_list ap;
	int i;

	va_start(ap, statement);
	for (i = 0; i < 5; i++) {
		a[i] = va_arg(ap, const char *);
		if (a[i] == NULL)
			break;
	}
	va_end(ap);
	if (harness_sql_exec(s, err, sizeof(err), statement, a[0], a[1], a[2],
			     a[3], a[4], NULL) != 0)
		fail_msg("%s: %s", statement, err);
}

/* A course day `offset` days from today, 09:00-15:00. */
static int64_t add_day(struct server *s, int offset, const char *status)
{
	char date[16], id[24];

	fixture_day_from_now(s, offset, date);
	sql(s,
	    "INSERT INTO course_day (cohort_id, date, start_min, end_min, "
	    "kind, status, generated, created_at, updated_at) VALUES (?1, ?2, "
	    "540, 900, 'teaching', ?3, 0, 0, 0)",
	    fixture_num(fx.cohort, id), date, status, NULL);
	return harness_sql_int(s,
			       "SELECT max(id) FROM course_day WHERE "
			       "cohort_id = ?1",
			       id, NULL);
}

static void mark(struct server *s, int64_t day, int64_t pid, const char *status,
		 int minutes)
{
	char d[24], p[24], m[24];

	sql(s,
	    "INSERT INTO attendance (day_id, participant_id, status, minutes, "
	    "at) VALUES (?1, ?2, ?3, ?4, 0)",
	    fixture_num(day, d), fixture_num(pid, p), status,
	    fixture_num(minutes, m), NULL);
}

static int64_t started(struct server *s, const char *name, unsigned n,
		       int days_ago)
{
	char cpr[12], date[16], id[24];
	int64_t pid;

	fixture_cpr(n, 5, 1994, 5200 + n, cpr, NULL);
	pid = fixture_demo_participant(s, COHORT, name, cpr);
	fixture_day_from_now(s, -days_ago, date);
	sql(s,
	    "UPDATE participant SET status = 'started', started_on = ?1 WHERE "
	    "id = ?2",
	    date, fixture_num(pid, id), NULL);
	return pid;
}

static void make_data(struct server *s)
{
	static const int offsets[5] = {-10, -8, -6, -3, -1};
	char id[24], cw[24];
	int i;

	if (fx.made)
		return;
	fx.made = true;
	fx.cohort = fixture_demo_cohort(s, COHORT);
	fx.anna = started(s, ANNA, 1, 20);
	fx.bo = started(s, BO, 2, 20);
	fx.carl = started(s, CARL, 3, 7);
	harness_add_user(s, CASEWORKER2, "caseworker");
	sql(s, "UPDATE participant SET caseworker_id = ?1 WHERE id = ?2",
	    fixture_num(harness_user_id(s, CASEWORKER2), cw),
	    fixture_num(fx.carl, id), NULL);
	for (i = 0; i < 5; i++)
		fx.day[i] = add_day(s, offsets[i], "planned");
	fx.cancelled = add_day(s, -5, "cancelled");
	fx.ahead = add_day(s, 2, "planned");

	mark(s, fx.day[0], fx.anna, "present", 0);
	mark(s, fx.day[1], fx.anna, "late", 30);
	mark(s, fx.day[2], fx.anna, "left_early", 60);
	mark(s, fx.day[3], fx.anna, "announced", 0);
	mark(s, fx.day[4], fx.anna, "sick", 0);
	mark(s, fx.cancelled, fx.anna, "present", 0);
	mark(s, fx.ahead, fx.anna, "announced", 0);

	mark(s, fx.day[0], fx.bo, "present", 0);
	mark(s, fx.day[1], fx.bo, "present", 0);
	mark(s, fx.day[2], fx.bo, "present", 0);
	mark(s, fx.day[3], fx.bo, "absent", 0);
	mark(s, fx.day[4], fx.bo, "absent", 0);

	mark(s, fx.day[0], fx.carl, "absent", 0); /* before he started */
	mark(s, fx.day[2], fx.carl, "present", 0);
	mark(s, fx.day[3], fx.carl, "present", 0);
}

static long get_as(struct server *s, const char *email, const char *path,
		   struct response *r)
{
	return client_get(fixture_as(s, email), path, r);
}

static void cohort_path(char *out, size_t len, const char *prefix,
			const char *suffix)
{
	snprintf(out, len, "%s/cohorts/%lld/attendance%s", prefix,
		 (long long)fx.cohort, suffix);
}

/* The JSON numbers' entry of participant pid, or NULL. */
static const cJSON *row_of(const cJSON *j, int64_t pid)
{
	const cJSON *p;

	cJSON_ArrayForEach(p, cJSON_GetObjectItem(j, "participants")) if (
		harness_json_int(p, "participant_id") == pid) return p;
	return NULL;
}

static double number_at(const cJSON *o, const char *name)
{
	const cJSON *n = cJSON_GetObjectItem(o, name);

	assert_non_null(n);
	assert_true(cJSON_IsNumber(n));
	return n->valuedouble;
}

static void expect_numbers(const cJSON *o, int days, int present, int late,
			   int left, int announced, int sick, int absent,
			   int marked, double pct, double commitment,
			   double minutes, double hours)
{
	assert_non_null(o);
	assert_int_equal(harness_json_int(o, "days_enrolled"), days);
	assert_int_equal(harness_json_int(o, "present"), present);
	assert_int_equal(harness_json_int(o, "late"), late);
	assert_int_equal(harness_json_int(o, "left_early"), left);
	assert_int_equal(harness_json_int(o, "announced"), announced);
	assert_int_equal(harness_json_int(o, "sick"), sick);
	assert_int_equal(harness_json_int(o, "absent"), absent);
	assert_int_equal(harness_json_int(o, "marked"), marked);
	assert_int_equal(harness_json_int(o, "not_marked"), days - marked);
	assert_true(number_at(o, "attendance_pct") == pct);
	assert_true(number_at(o, "commitment_pct") == commitment);
	assert_true(number_at(o, "minutes_attended") == minutes);
	assert_true(number_at(o, "hours_attended") == hours);
}

static cJSON *numbers_as(struct server *s, const char *email, const char *query)
{
	struct response r = RESPONSE_INIT;
	char path[160];
	cJSON *j;

	cohort_path(path, sizeof(path), "/api/v1", query);
	assert_int_equal(get_as(s, email, path, &r), 200);
	j = response_json(&r);
	response_free(&r);
	return j;
}

static void numbers_match_hand_computed_values(void **state)
{
	struct server *s = *state;
	cJSON *j;

	make_data(s);
	j = numbers_as(s, HARNESS_LEADER, "");
	assert_int_equal(
		cJSON_GetArraySize(cJSON_GetObjectItem(j, "participants")), 3);
	/* 3 of 5 attended, 4 of 5 with the announced day; 360 + 330 + 300
	 * minutes. The cancelled day's and the coming day's marks do not
	 * count. */
	expect_numbers(row_of(j, fx.anna), 5, 1, 1, 1, 1, 1, 0, 5, 60, 80, 990,
		       16.5);
	expect_numbers(row_of(j, fx.bo), 5, 3, 0, 0, 0, 0, 2, 5, 60, 60, 1080,
		       18);
	/* Not enrolled on the first two days; the third is not marked. */
	expect_numbers(row_of(j, fx.carl), 3, 2, 0, 0, 0, 0, 0, 2, 100, 100,
		       720, 12);
	/* 8 of 12 attended (66.7 %), 9 of 12 with notice. */
	expect_numbers(cJSON_GetObjectItem(j, "totals"), 13, 6, 1, 1, 1, 1, 2,
		       12, 67, 75, 2790, 46.5);
	assert_string_equal(harness_json_string(row_of(j, fx.anna), "name"),
			    ANNA);
	cJSON_Delete(j);
}

static void period_filter_narrows_and_is_validated(void **state)
{
	struct server *s = *state;
	struct response r = RESPONSE_INIT;
	char from[16], to[16], query[64], path[160];
	cJSON *j;

	make_data(s);
	fixture_day_from_now(s, -8, from);
	fixture_day_from_now(s, -3, to);
	snprintf(query, sizeof(query), "?from=%s&to=%s", from, to);
	j = numbers_as(s, HARNESS_LEADER, query);
	assert_string_equal(harness_json_string(j, "from"), from);
	/* Late (330), left early (300), announced. */
	expect_numbers(row_of(j, fx.anna), 3, 0, 1, 1, 1, 0, 0, 3, 67, 100, 630,
		       10.5);
	cJSON_Delete(j);

	cohort_path(path, sizeof(path), "/api/v1", "?from=2026-13-01");
	get_as(s, HARNESS_LEADER, path, &r);
	harness_expect_error(&r, 422, "from");
	response_free(&r);
	snprintf(query, sizeof(query), "?from=%s&to=%s", to, from);
	cohort_path(path, sizeof(path), "/api/v1", query);
	get_as(s, HARNESS_LEADER, path, &r);
	harness_expect_error(&r, 422, "to");
	response_free(&r);
	cohort_path(path, sizeof(path), "/api/v1",
		    "?from=2024-01-01&to=2025-06-01");
	get_as(s, HARNESS_LEADER, path, &r);
	harness_expect_error(&r, 422, "to");
	response_free(&r);
	/* The page says so in Danish and shows the whole course. */
	cohort_path(path, sizeof(path), "", "?from=2026-02-30");
	assert_int_equal(get_as(s, HARNESS_LEADER, path, &r), 422);
	assert_true(response_has(&r, "role=\"alert\""));
	assert_true(response_has(&r, "Hele forløbet"));
	response_free(&r);
}

static void page_shows_numbers_grid_and_exports(void **state)
{
	struct server *s = *state;
	struct response r = RESPONSE_INIT;
	char path[160], href[200];

	make_data(s);
	cohort_path(path, sizeof(path), "", "");
	assert_int_equal(get_as(s, HARNESS_LEADER, path, &r), 200);
	snprintf(href, sizeof(href), "/cohorts/%lld/attendance.svg",
		 (long long)fx.cohort);
	assert_true(response_has(&r, href));
	snprintf(href, sizeof(href), "/cohorts/%lld/attendance.xlsx",
		 (long long)fx.cohort);
	assert_true(response_has(&r, href));
	assert_true(response_has(&r, "Anna Fremmødesen"));
	assert_true(response_has(&r, "16,5"));
	assert_true(response_has(&r, "67 %"));
	assert_true(response_has(&r, "Fravær uden afbud"));
	response_free(&r);

	/* The cohort page links to it, for those who may see it. */
	snprintf(path, sizeof(path), "/cohorts/%lld", (long long)fx.cohort);
	assert_int_equal(get_as(s, HARNESS_LEADER, path, &r), 200);
	snprintf(href, sizeof(href), "/cohorts/%lld/attendance\"",
		 (long long)fx.cohort);
	assert_true(response_has(&r, href));
	assert_true(response_has(&r, "har 2 fravær uden afbud i træk"));
	assert_true(response_has(&r, "er under 75 %"));
	response_free(&r);
	assert_int_equal(get_as(s, HARNESS_MENTOR, path, &r), 200);
	assert_false(response_has(&r, href));
	response_free(&r);
}

static void grid_has_symbols_legend_and_titles(void **state)
{
	struct server *s = *state;
	struct response r = RESPONSE_INIT;
	static const char *const wanted[] = {
		"role=\"img\"",
		"<title id=\"ag-title\">Fremmøde på " COHORT,
		"<desc",
		"\u2713",
		"\u25d4",
		"\u25d1",
		">A<",
		">S<",
		"\u2717",
		"\u00b7",
		"Til stede",
		"For sent",
		"Gået tidligt",
		"Meldt fravær",
		"Syg",
		"Fravær uden afbud",
		"Ikke indskrevet",
		"Ikke registreret",
		"Anna Fremmødesen, ",
		": For sent (30 min.)",
		"=Carl Formelsen",
	};
	char path[160];
	size_t i;

	make_data(s);
	cohort_path(path, sizeof(path), "", ".svg");
	assert_int_equal(get_as(s, HARNESS_INSTRUCTOR, path, &r), 200);
	assert_non_null(response_header(&r, "Content-Type"));
	assert_non_null(
		strstr(response_header(&r, "Content-Type"), "image/svg+xml"));
	for (i = 0; i < sizeof(wanted) / sizeof(wanted[0]); i++)
		if (!response_has(&r, wanted[i]))
			fail_msg("the grid lacks %s", wanted[i]);
	/* Six columns: five days and the one ahead, not the cancelled. */
	assert_false(response_has(&r, "<script"));
	response_free(&r);
}

static void csv_has_bom_header_rows_and_guard(void **state)
{
	struct server *s = *state;
	struct response r = RESPONSE_INIT;
	char path[160];
	const char *header =
		"\xEF\xBB\xBF"
		"Deltager;Dage indskrevet;Til stede;For sent;Gået tidligt;"
		"Meldt fravær;Syg;Fravær uden afbud;Fremmøde %;"
		"Fremmøde inkl. meldt fravær %;Timer\r\n";

	make_data(s);
	cohort_path(path, sizeof(path), "", ".csv");
	assert_int_equal(get_as(s, HARNESS_LEADER, path, &r), 200);
	assert_non_null(
		strstr(response_header(&r, "Content-Type"), "text/csv"));
	assert_non_null(strstr(response_header(&r, "Content-Disposition"),
			       "attachment"));
	assert_true(r.body.len > strlen(header));
	assert_memory_equal(r.body.data, header, strlen(header));
	assert_true(response_has(&r, "\"Anna Fremmødesen\";5;1;1;1;1;1;0;60;"
				     "80;16,5\r\n"));
	assert_true(response_has(&r, "\"Bo Fraværsen\";5;3;0;0;0;0;2;60;60;"
				     "18,0\r\n"));
	/* A name that looks like a formula stays text. */
	assert_true(response_has(&r, "\"'=Carl Formelsen\";3;2;0;0;0;0;0;100;"
				     "100;12,0\r\n"));
	assert_true(
		response_has(&r, "\"I alt\";13;6;1;1;1;1;2;67;75;46,5\r\n"));
	response_free(&r);
}

/* Entries of the server's TMPDIR: XLSX files must not stay behind. */
static int tmp_entries(void)
{
	DIR *d = opendir(fx.tmpdir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

/* Reads an XLSX with Python's zipfile: one line per row, cells by '|'. */
static const char xlsx_reader[] =
	"import sys, zipfile, re\n"
	"import xml.etree.ElementTree as ET\n"
	"m = '{http://schemas.openxmlformats.org/spreadsheetml/2006/main}'\n"
	"z = zipfile.ZipFile(sys.argv[1])\n"
	"ss = []\n"
	"if 'xl/sharedStrings.xml' in z.namelist():\n"
	"    for si in ET.fromstring(z.read('xl/sharedStrings.xml'))"
	".iter(m + 'si'):\n"
	"        ss.append(''.join(t.text or '' for t in si.iter(m + 't')))\n"
	"sheet = ET.fromstring(z.read('xl/worksheets/sheet1.xml'))\n"
	"for row in sheet.iter(m + 'row'):\n"
	"    cells = {}\n"
	"    for c in row.iter(m + 'c'):\n"
	"        col = 0\n"
	"        for ch in re.match('[A-Z]+', c.get('r')).group(0):\n"
	"            col = col * 26 + ord(ch) - 64\n"
	"        v = c.find(m + 'v')\n"
	"        val = v.text if v is not None else ''\n"
	"        if c.get('t') == 's':\n"
	"            val = ss[int(val)]\n"
	"        elif val and float(val) == int(float(val)):\n"
	"            val = str(int(float(val)))\n"
	"        cells[col] = val\n"
	"    n = max(cells) if cells else 0\n"
	"    print('|'.join(cells.get(i, '') for i in range(1, n + 1)))\n";

static void xlsx_reads_back(void **state)
{
	struct server *s = *state;
	struct response r = RESPONSE_INIT;
	struct buf out = BUF_INIT(0);
	char path[160], file[400], script[400], cmd[1000], line[512];
	FILE *f, *p;
	int before = tmp_entries();

	make_data(s);
	cohort_path(path, sizeof(path), "", ".xlsx");
	assert_int_equal(get_as(s, HARNESS_CASEWORKER, path, &r), 200);
	assert_non_null(
		strstr(response_header(&r, "Content-Type"), "spreadsheetml"));
	assert_memory_equal(r.body.data, "PK", 2);
	assert_int_equal(tmp_entries(), before);

	snprintf(file, sizeof(file), "%s/export.xlsx", s->dir);
	snprintf(script, sizeof(script), "%s/read_xlsx.py", s->dir);
	f = fopen(file, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(r.body.data, 1, r.body.len, f), r.body.len);
	fclose(f);
	f = fopen(script, "w");
	assert_non_null(f);
	fputs(xlsx_reader, f);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "python3 '%s' '%s' 2>&1", script, file);
	p = popen(cmd, "r");
	assert_non_null(p);
	while (fgets(line, sizeof(line), p))
		buf_puts(&out, line);
	assert_int_equal(pclose(p), 0);
	/* The demo caseworker's own citizens only: Anna and Bo. */
	if (strstr(out.data, "Deltager|Dage indskrevet|Til stede|For sent|"
			     "Gået tidligt|Meldt fravær|Syg|Fravær uden "
			     "afbud|Fremmøde %|Fremmøde inkl. meldt fravær "
			     "%|Timer\n") == NULL ||
	    strstr(out.data, ANNA "|5|1|1|1|1|1|0|60|80|16.5\n") == NULL ||
	    strstr(out.data, BO "|5|3|0|0|0|0|2|60|60|18\n") == NULL ||
	    strstr(out.data, "I alt|10|4|1|1|1|1|2|60|70|34.5\n") == NULL ||
	    strstr(out.data, "Carl") != NULL)
		fail_msg("unexpected workbook:\n%s", out.data);
	buf_free(&out);
	response_free(&r);
}

static void exports_are_audited(void **state)
{
	struct server *s = *state;
	char path[160], id[24];
	int64_t anna, carl, cohort;

	make_data(s);
	anna = fixture_rows(s, FIXTURE_AUDITED("participant.export"), fx.anna);
	carl = fixture_rows(s, FIXTURE_AUDITED("participant.export"), fx.carl);
	cohort = harness_sql_int(s,
				 "SELECT count(*) FROM audit WHERE action = "
				 "'attendance.export' AND subject_type = "
				 "'cohort' AND subject_id = ?1",
				 fixture_num(fx.cohort, id), NULL);
	cohort_path(path, sizeof(path), "", ".csv");
	assert_int_equal(get_as(s, CASEWORKER2, path, NULL), 200);
	/* Carl is the only row of his caseworker's export. */
	assert_int_equal(
		fixture_rows(s, FIXTURE_AUDITED("participant.export"), fx.carl),
		carl + 1);
	assert_int_equal(
		fixture_rows(s, FIXTURE_AUDITED("participant.export"), fx.anna),
		anna);
	cohort_path(path, sizeof(path), "", ".xlsx");
	assert_int_equal(get_as(s, HARNESS_LEADER, path, NULL), 200);
	assert_int_equal(
		fixture_rows(s, FIXTURE_AUDITED("participant.export"), fx.anna),
		anna + 1);
	assert_int_equal(harness_sql_int(s,
					 "SELECT count(*) FROM audit WHERE "
					 "action = 'attendance.export' AND "
					 "subject_type = 'cohort' AND "
					 "subject_id = ?1",
					 id, NULL),
			 cohort + 2);
	assert_int_equal(harness_sql_int(s,
					 "SELECT count(*) FROM audit WHERE "
					 "action = 'attendance.export' AND "
					 "subject_id = ?1 AND detail LIKE "
					 "'attendance.xlsx%rows=3'",
					 id, NULL),
			 1);
	/* Looking at the numbers is a read of each participant shown. */
	anna = fixture_rows(s, FIXTURE_AUDITED("participant.list"), fx.anna);
	cohort_path(path, sizeof(path), "", "");
	assert_int_equal(get_as(s, HARNESS_INSTRUCTOR, path, NULL), 200);
	assert_int_equal(
		fixture_rows(s, FIXTURE_AUDITED("participant.list"), fx.anna),
		anna + 1);
}

static void each_role_sees_what_it_may(void **state)
{
	struct server *s = *state;
	static const char *const suffixes[] = {"", ".svg", ".csv", ".xlsx"};
	struct response r = RESPONSE_INIT;
	char path[160];
	size_t i;
	cJSON *j;

	make_data(s);
	harness_add_user(s, INSTRUCTOR2, "instructor");
	for (i = 0; i < 4; i++) {
		cohort_path(path, sizeof(path), "", suffixes[i]);
		assert_int_equal(get_as(s, HARNESS_LEADER, path, NULL), 200);
		assert_int_equal(get_as(s, HARNESS_INSTRUCTOR, path, NULL),
				 200);
		assert_int_equal(get_as(s, HARNESS_CASEWORKER, path, NULL),
				 200);
		assert_int_equal(get_as(s, HARNESS_MENTOR, path, NULL), 403);
		assert_int_equal(get_as(s, HARNESS_CONSULTANT, path, NULL),
				 403);
		assert_int_equal(get_as(s, HARNESS_ADMIN, path, NULL), 403);
		/* Not their cohort: not there at all. */
		assert_int_equal(get_as(s, LEADER_ODENSE, path, NULL), 404);
		assert_int_equal(get_as(s, INSTRUCTOR2, path, NULL), 404);
	}
	cohort_path(path, sizeof(path), "/api/v1", "");
	assert_int_equal(get_as(s, HARNESS_MENTOR, path, &r), 403);
	response_free(&r);

	/* A caseworker sees only their own citizens' rows and totals. */
	j = numbers_as(s, HARNESS_CASEWORKER, "");
	assert_int_equal(
		cJSON_GetArraySize(cJSON_GetObjectItem(j, "participants")), 2);
	assert_null(row_of(j, fx.carl));
	expect_numbers(cJSON_GetObjectItem(j, "totals"), 10, 4, 1, 1, 1, 1, 2,
		       10, 60, 70, 2070, 34.5);
	cJSON_Delete(j);
	j = numbers_as(s, CASEWORKER2, "");
	assert_int_equal(
		cJSON_GetArraySize(cJSON_GetObjectItem(j, "participants")), 1);
	assert_non_null(row_of(j, fx.carl));
	cJSON_Delete(j);
	j = numbers_as(s, HARNESS_INSTRUCTOR, "");
	assert_int_equal(
		cJSON_GetArraySize(cJSON_GetObjectItem(j, "participants")), 3);
	cJSON_Delete(j);

	/* On the participant page the numbers (which count sick days) are
	 * for who may see health information, not for the consultant. */
	snprintf(path, sizeof(path), "/participants/%lld", (long long)fx.anna);
	assert_int_equal(get_as(s, HARNESS_CASEWORKER, path, &r), 200);
	assert_true(response_has(&r, "id=\"fremmoede\""));
	response_free(&r);
	assert_int_equal(get_as(s, HARNESS_INSTRUCTOR, path, &r), 200);
	assert_true(response_has(&r, "id=\"fremmoede\""));
	response_free(&r);
	assert_int_equal(get_as(s, HARNESS_CONSULTANT, path, &r), 200);
	assert_false(response_has(&r, "id=\"fremmoede\""));
	response_free(&r);
}

static long patch_cohort(struct server *s, const char *json, struct response *r)
{
	char path[64];

	snprintf(path, sizeof(path), "/api/v1/cohorts/%lld",
		 (long long)fx.cohort);
	return client_api(fixture_as(s, HARNESS_LEADER), "PATCH", path, json,
			  r);
}

static void trigger_settings_are_validated(void **state)
{
	struct server *s = *state;
	static const char *const bad[][2] = {
		{"{\"absence_streak\": 0}", "absence_streak"},
		{"{\"absence_streak\": 21}", "absence_streak"},
		{"{\"absence_streak\": \"to\"}", "absence_streak"},
		{"{\"attendance_floor\": 0}", "attendance_floor"},
		{"{\"attendance_floor\": 101}", "attendance_floor"},
	};
	struct response r = RESPONSE_INIT;
	struct buf form = BUF_INIT(0);
	char path[64], id[24];
	size_t i;
	cJSON *j;

	make_data(s);
	fixture_num(fx.cohort, id);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		patch_cohort(s, bad[i][0], &r);
		harness_expect_error(&r, 422, bad[i][1]);
		response_free(&r);
	}
	assert_int_equal(harness_sql_int(s,
					 "SELECT absence_streak * 1000 + "
					 "attendance_floor FROM cohort WHERE "
					 "id = ?1",
					 id, NULL),
			 2075);
	/* The edit form shows them, and refuses a bad one in Danish. */
	snprintf(path, sizeof(path), "/cohorts/%lld/edit",
		 (long long)fx.cohort);
	assert_int_equal(get_as(s, HARNESS_LEADER, path, &r), 200);
	assert_true(response_has(&r, "name=\"absence_streak\""));
	assert_true(response_has(&r, "value=\"75\""));
	response_free(&r);
	snprintf(path, sizeof(path), "/cohorts/%lld", (long long)fx.cohort);
	assert_int_equal(
		client_post(fixture_as(s, HARNESS_LEADER), path,
			    harness_form(&form, "absence_streak", "25", NULL),
			    &r),
		422);
	assert_true(response_has(&r, "role=\"alert\""));
	assert_true(response_has(&r, "skal være et helt tal mellem 1 og 20"));
	response_free(&r);
	/* The API reads them back. */
	assert_int_equal(patch_cohort(s, "{\"attendance_floor\": 80}", &r),
			 200);
	j = response_json(&r);
	assert_int_equal(harness_json_int(j, "attendance_floor"), 80);
	assert_int_equal(harness_json_int(j, "absence_streak"), 2);
	cJSON_Delete(j);
	response_free(&r);
	assert_int_equal(patch_cohort(s, "{\"attendance_floor\": 75}", NULL),
			 200);
	buf_free(&form);
}

/* Does email's start page link participant pid? */
static bool start_shows(struct server *s, const char *email, int64_t pid,
			const char *reason)
{
	struct response r = RESPONSE_INIT;
	char link[64];
	bool found;

	assert_int_equal(get_as(s, email, "/start", &r), 200);
	snprintf(link, sizeof(link), "/participants/%lld\"", (long long)pid);
	found = response_has(&r, link) && (!reason || response_has(&r, reason));
	response_free(&r);
	return found;
}

static int64_t flags_of(struct server *s, int64_t pid, const char *reason)
{
	char id[24];

	return harness_sql_int(s,
			       "SELECT count(*) FROM attendance_flag WHERE "
			       "participant_id = ?1 AND reason = ?2",
			       fixture_num(pid, id), reason, NULL);
}

/* Runs last: it changes the marks the numbers above are computed from. */
static void
flags_reach_start_pages_and_go_when_attendance_recovers(void **state)
{
	struct server *s = *state;
	struct response r = RESPONSE_INIT;
	char d[24], p[24], path[64], json[256];
	int64_t today;

	make_data(s);
	/* Earlier changes of the triggers made flags already: start over. */
	sql(s, "DELETE FROM attendance_flag WHERE cohort_id = ?1",
	    fixture_num(fx.cohort, d), NULL);
	assert_false(start_shows(s, HARNESS_CASEWORKER, fx.bo, NULL));
	/* Changed triggers recompute the flags (as saving a day does): with
	 * three in a row needed, Bo's two absences are only a low rate. */
	assert_int_equal(patch_cohort(s, "{\"absence_streak\": 3}", NULL), 200);
	assert_int_equal(flags_of(s, fx.bo, "rate"), 1);
	assert_int_equal(flags_of(s, fx.anna, "rate"), 1);
	assert_int_equal(patch_cohort(s, "{\"absence_streak\": 2}", NULL), 200);
	assert_int_equal(flags_of(s, fx.bo, "streak"), 1);
	assert_int_equal(flags_of(s, fx.anna, "rate"), 1);
	assert_int_equal(flags_of(s, fx.carl, "rate") +
				 flags_of(s, fx.carl, "streak"),
			 0);

	assert_true(start_shows(s, HARNESS_CASEWORKER, fx.bo,
				"2 fravær uden afbud i træk"));
	assert_true(start_shows(s, HARNESS_CASEWORKER, fx.anna,
				"Fremmøde 60 % de sidste 2 uger"));
	assert_true(start_shows(s, HARNESS_LEADER, fx.bo,
				"2 fravær uden afbud i træk"));
	assert_true(start_shows(s, HARNESS_LEADER, fx.anna, NULL));
	/* Not another caseworker's, nor an instructor's or mentor's. */
	assert_false(start_shows(s, CASEWORKER2, fx.bo, NULL));
	assert_false(start_shows(s, HARNESS_INSTRUCTOR, fx.bo, NULL));
	assert_false(start_shows(s, HARNESS_MENTOR, fx.bo, NULL));
	assert_false(start_shows(s, LEADER_ODENSE, fx.bo, NULL));

	/* Corrections: Bo came on day 4, Anna on day 5. 4 of 5 is 80 %. */
	sql(s,
	    "UPDATE attendance SET status = 'present' WHERE day_id = ?1 AND "
	    "participant_id = ?2",
	    fixture_num(fx.day[3], d), fixture_num(fx.bo, p), NULL);
	sql(s,
	    "UPDATE attendance SET status = 'present' WHERE day_id = ?1 AND "
	    "participant_id = ?2",
	    fixture_num(fx.day[4], d), fixture_num(fx.anna, p), NULL);
	assert_int_equal(patch_cohort(s, "{\"attendance_floor\": 76}", NULL),
			 200);
	assert_int_equal(
		flags_of(s, fx.bo, "streak") + flags_of(s, fx.bo, "rate"), 0);
	assert_int_equal(flags_of(s, fx.anna, "rate"), 0);
	assert_false(start_shows(s, HARNESS_CASEWORKER, fx.bo, NULL));
	assert_false(start_shows(s, HARNESS_LEADER, fx.anna, NULL));

	/* Saving today's marks (attendance.c) refreshes them in the same
	 * transaction: Bo is away without notice again, two in a row. */
	today = add_day(s, 0, "planned");
	snprintf(path, sizeof(path), "/api/v1/days/%lld/attendance",
		 (long long)today);
	snprintf(json, sizeof(json),
		 "[{\"participant_id\": %lld, \"status\": \"absent\"}, "
		 "{\"participant_id\": %lld, \"status\": \"present\"}, "
		 "{\"participant_id\": %lld, \"status\": \"present\"}]",
		 (long long)fx.bo, (long long)fx.anna, (long long)fx.carl);
	assert_int_equal(client_api(fixture_as(s, HARNESS_INSTRUCTOR), "PUT",
				    path, json, &r),
			 200);
	response_free(&r);
	assert_int_equal(flags_of(s, fx.bo, "streak"), 1);
	assert_true(start_shows(s, HARNESS_CASEWORKER, fx.bo,
				"2 fravær uden afbud i træk"));
}

static bool start_has(struct server *s, const char *email, const char *text)
{
	struct response r = RESPONSE_INIT;
	bool found;

	assert_int_equal(get_as(s, email, "/start", &r), 200);
	found = response_has(&r, text);
	response_free(&r);
	return found;
}

static void days_without_marks_are_raised(void **state)
{
	struct server *s = *state;
	char link[64], cancelled[64], ahead[64], id[24];

	make_data(s);
	snprintf(link, sizeof(link), "/days/%lld/attendance\"",
		 (long long)fx.day[4]);
	snprintf(cancelled, sizeof(cancelled), "/days/%lld/attendance\"",
		 (long long)fx.cancelled);
	snprintf(ahead, sizeof(ahead), "/days/%lld/attendance\"",
		 (long long)fx.ahead);
	assert_true(
		start_has(s, HARNESS_INSTRUCTOR, "Fremmøde ikke registreret"));
	assert_true(start_has(s, HARNESS_INSTRUCTOR, link));
	assert_true(start_has(s, HARNESS_LEADER, link));
	assert_false(start_has(s, HARNESS_INSTRUCTOR, cancelled));
	assert_false(start_has(s, HARNESS_INSTRUCTOR, ahead));
	assert_false(
		start_has(s, HARNESS_CASEWORKER, "Fremmøde ikke registreret"));
	assert_false(start_has(s, HARNESS_MENTOR, link));
	/* Once taken, it goes. */
	sql(s,
	    "INSERT INTO attendance_taken (day_id, first_at, last_at) VALUES "
	    "(?1, 0, 0)",
	    fixture_num(fx.day[4], id), NULL);
	assert_false(start_has(s, HARNESS_INSTRUCTOR, link));
	assert_false(start_has(s, HARNESS_LEADER, link));
}

static int setup(void **state)
{
	snprintf(fx.tmpdir, sizeof(fx.tmpdir), "/tmp/mestring-stats-XXXXXX");
	if (mkdtemp(fx.tmpdir) == NULL)
		return -1;
	setenv("TMPDIR", fx.tmpdir, 1);
	return harness_setup(state);
}

static int teardown(void **state)
{
	int rc = fixture_teardown(state);

	rmdir(fx.tmpdir);
	return rc;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(numbers_match_hand_computed_values),
		cmocka_unit_test(period_filter_narrows_and_is_validated),
		cmocka_unit_test(page_shows_numbers_grid_and_exports),
		cmocka_unit_test(grid_has_symbols_legend_and_titles),
		cmocka_unit_test(csv_has_bom_header_rows_and_guard),
		cmocka_unit_test(xlsx_reads_back),
		cmocka_unit_test(exports_are_audited),
		cmocka_unit_test(each_role_sees_what_it_may),
		cmocka_unit_test(trigger_settings_are_validated),
		cmocka_unit_test(days_without_marks_are_raised),
		cmocka_unit_test(
			flags_reach_start_pages_and_go_when_attendance_recovers),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
