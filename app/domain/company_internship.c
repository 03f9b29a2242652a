/*
 * company_internship: the internship table read from the company's side,
 * through the participant's visibility (PARTICIPANT_ACCESS_SQL), so a list
 * holds only the citizens its viewer may see.
 */
#include "company_internship.h"

#include "actor.h"
#include "cohort.h"
#include "company.h"
#include "db.h"
#include "participant.h"

#include <stdio.h>
#include <string.h>

enum company_internship_sql {
	COMPANY_INTERNSHIP_SQL_LIST,
	COMPANY_INTERNSHIP_SQL_SEEN,
	COMPANY_INTERNSHIP_SQL__MAX
};

#define COMPANY_INTERNSHIP_FROM                                                \
	"FROM internship i JOIN participant p ON p.id = i.participant_id "     \
	"JOIN cohort c ON c.id = p.cohort_id "

static const struct db_sql company_internship_sql[COMPANY_INTERNSHIP_SQL__MAX] =
	{
		/* ?1..?3 the viewer (COHORT_VIEWER), ?4 the company. */
		[COMPANY_INTERNSHIP_SQL_LIST] =
			{"SELECT i.id, p.id, p.name, i.status, i.start_on, "
			 "i.end_on, coalesce(k.name, "
			 "''), " PARTICIPANT_ACCESS_SQL
			 "AS access " COMPANY_INTERNSHIP_FROM
			 "LEFT JOIN company_contact k ON k.id = i.contact_id "
			 "WHERE i.company_id = ?4 AND access > 0 ORDER BY "
			 "i.start_on DESC, i.id DESC LIMIT 500",
			 "iiti"},
		[COMPANY_INTERNSHIP_SQL_SEEN] =
			{"SELECT EXISTS (SELECT 1 " COMPANY_INTERNSHIP_FROM
			 "WHERE i.company_id = ?4 AND " PARTICIPANT_ACCESS_SQL
			 ">= 2)",
			 "iiti"},
};

int company_internship_each(struct db *db, const struct actor *a,
			    int64_t company_id, company_internship_fn fn,
			    void *ctx)
{
	sqlite3_stmt *st = DB_BIND(
		db, &company_internship_sql[COMPANY_INTERNSHIP_SQL_LIST],
		COHORT_VIEWER(a), DB_INT(company_id));
	struct company_internship i;
	int rc;

	if (st == NULL)
		return -1;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		memset(&i, 0, sizeof(i));
		i.id = sqlite3_column_int64(st, 0);
		i.participant_id = sqlite3_column_int64(st, 1);
		snprintf(i.participant, sizeof(i.participant), "%s",
			 db_text(st, 2));
		snprintf(i.status, sizeof(i.status), "%s", db_text(st, 3));
		i.start_on = db_date(st, 4);
		i.end_on = db_date(st, 5);
		snprintf(i.contact, sizeof(i.contact), "%s", db_text(st, 6));
		i.access = (enum participant_access)sqlite3_column_int(st, 7);
		if (fn(ctx, &i) < 0) {
			rc = SQLITE_DONE; /* stopped: not an error */
			break;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int company_get_seen(struct db *db, const struct actor *a, int64_t id,
		     struct company *c)
{
	int64_t seen;
	int rc = company_read(db, id, c);

	if (rc != 0 || company_may_see(a, c))
		return rc;
	if (db_scalar(db,
		      DB_BIND(db,
			      &company_internship_sql
				      [COMPANY_INTERNSHIP_SQL_SEEN],
			      COHORT_VIEWER(a), DB_INT(id)),
		      &seen) < 0)
		return -1;
	return seen ? 0 : 1;
}
