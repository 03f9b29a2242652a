/*
 * demo_marks: most citizens are there, some late, some gone early, some
 * away with or without notice; one in nine struggles near the end of
 * their cohort's record, which is what the start pages' triggers are for.
 */
#include "demo_marks.h"

#include "date.h"
#include "db.h"

#include <stdint.h>

enum demo_marks_sql {
	DEMO_MARKS_SQL_DAYS,
	DEMO_MARKS_SQL_ROSTER,
	DEMO_MARKS_SQL_ADD,
	DEMO_MARKS_SQL_TAKEN,
	DEMO_MARKS_SQL__MAX
};

static const struct db_sql demo_marks_sql[DEMO_MARKS_SQL__MAX] = {
	/* Past, not cancelled days of cohorts from ?1 on, with the
	 * instructor who marks them and whether the day is the last one
	 * its cohort has had. */
	[DEMO_MARKS_SQL_DAYS] =
		{"SELECT d.id, d.cohort_id, d.date, d.end_min - d.start_min, "
		 "(SELECT min(user_id) FROM cohort_staff s WHERE s.cohort_id = "
		 "d.cohort_id AND s.role = 'instructor'), d.date = (SELECT "
		 "max(e.date) FROM course_day e WHERE e.cohort_id = "
		 "d.cohort_id AND e.status != 'cancelled' AND e.date < ?2) "
		 "FROM course_day d WHERE d.cohort_id >= ?1 AND d.status != "
		 "'cancelled' AND d.date < ?2 ORDER BY d.cohort_id, d.date",
		 "it"},
	[DEMO_MARKS_SQL_ROSTER] =
		{"SELECT id FROM participant WHERE cohort_id = ?1 AND "
		 "started_on <= ?2 AND (ended_on IS NULL OR ended_on >= ?2)",
		 "it"},
	[DEMO_MARKS_SQL_ADD] =
		{"INSERT INTO attendance (day_id, participant_id, status, "
		 "minutes, at, actor_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
		 "iitiiI"},
	[DEMO_MARKS_SQL_TAKEN] =
		{"INSERT INTO attendance_taken (day_id, first_at, last_at, "
		 "actor_id) VALUES (?1, ?2, ?2, ?3)",
		 "iiI"},
};

/* splitmix64 of a participant and day: the same marks every run. */
static uint32_t demo_marks_rand(int64_t participant, int64_t day)
{
	uint64_t z = (uint64_t)participant * 0x9e3779b97f4a7c15ULL ^
		     (uint64_t)day * 0xbf58476d1ce4e5b9ULL;

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return (uint32_t)((z ^ (z >> 31)) % 1000);
}

/* A mark as an instructor would make it; recent: in the cohort's last two
 * weeks on record. */
static const char *demo_marks_status(int64_t participant, int64_t day,
				     bool recent, int length, int *minutes)
{
	uint32_t x = demo_marks_rand(participant, day);

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

/* A course day of the days statement's row: what it says of the day. */
struct demo_marks_day {
	int64_t id, cohort, instructor; /* instructor 0: none */
	date_t date;
	int length;
};

/* Marks everyone enrolled on day d, at 16:00 that day, and records the
 * day as taken. */
static int demo_marks_day(struct db *w, const struct demo_marks_day *d,
			  date_t today, long *marks)
{
	char iso[DATE_ISO_LEN + 1];
	int64_t at = (int64_t)d->date * 86400 + 16 * 3600;
	bool recent = today - d->date <= 14;
	sqlite3_stmt *roster;
	int step, minutes;

	date_format_iso(d->date, iso);
	roster = DB_BIND(w, &demo_marks_sql[DEMO_MARKS_SQL_ROSTER],
			 DB_INT(d->cohort), DB_TEXT(iso));
	if (roster == NULL)
		return -1;
	while ((step = db_step(w, roster)) == SQLITE_ROW) {
		int64_t p = sqlite3_column_int64(roster, 0);
		const char *status = demo_marks_status(p, d->id, recent,
						       d->length, &minutes);

		if (DB_RUN(w, &demo_marks_sql[DEMO_MARKS_SQL_ADD],
			   DB_INT(d->id), DB_INT(p), DB_TEXT(status),
			   DB_INT(minutes), DB_INT(at),
			   DB_ID(d->instructor)) != DB_OK)
			break;
		(*marks)++;
	}
	sqlite3_reset(roster);
	if (step != SQLITE_DONE)
		return -1;
	return DB_RUN(w, &demo_marks_sql[DEMO_MARKS_SQL_TAKEN], DB_INT(d->id),
		      DB_INT(at), DB_ID(d->instructor)) == DB_OK
		       ? 0
		       : -1;
}

int demo_marks_add(struct db *w, int64_t first_cohort, bool leave_one,
		   long *marks)
{
	date_t today = date_today();
	char iso[DATE_ISO_LEN + 1];
	sqlite3_stmt *days;
	int rc = 0, step = SQLITE_DONE;

	date_format_iso(today, iso);
	days = DB_BIND(w, &demo_marks_sql[DEMO_MARKS_SQL_DAYS],
		       DB_INT(first_cohort), DB_TEXT(iso));
	if (days == NULL)
		return -1;
	while (rc == 0 && (step = db_step(w, days)) == SQLITE_ROW) {
		struct demo_marks_day d = {
			.id = sqlite3_column_int64(days, 0),
			.cohort = sqlite3_column_int64(days, 1),
			.date = db_date(days, 2),
			.length = sqlite3_column_int(days, 3),
			.instructor = sqlite3_column_int64(days, 4),
		};

		if (d.date == 0) {
			rc = -1;
		} else if (leave_one && sqlite3_column_int(days, 5) &&
			   today - d.date <= 4) {
			leave_one = false;
		} else {
			rc = demo_marks_day(w, &d, today, marks);
		}
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = -1;
	sqlite3_reset(days);
	return rc;
}
