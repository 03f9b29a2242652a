/*
 * rule: reading the dated numbers of the rules. Nothing here writes: a
 * new row comes with a migration (or, later, an administrator's page).
 */
#include "rule.h"

#include "db.h"

enum rule_sql { RULE_SQL_VALUE, RULE_SQL__MAX };

static const struct db_sql rule_sql[RULE_SQL__MAX] = {
	/* The primary key (key, valid_from) finds the row at once. */
	[RULE_SQL_VALUE] = {"SELECT value FROM rule WHERE key = ?1 AND "
			    "valid_from <= ?2 ORDER BY valid_from DESC "
			    "LIMIT 1",
			    "tt"},
};

int rule_value(struct db *db, const char *key, date_t on, double *out)
{
	char iso[DATE_ISO_LEN + 1];
	sqlite3_stmt *st;
	int rc;

	if (date_format_iso(on, iso) < 0)
		return -1;
	st = DB_BIND(db, &rule_sql[RULE_SQL_VALUE], DB_TEXT(key), DB_TEXT(iso));
	if (st == NULL)
		return -1;
	rc = db_step(db, st);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_double(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}
