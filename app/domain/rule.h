/*
 * rule: the numbers of Danish rules as dated data (sql/0009-internship.sql):
 * each key holds a value from its valid_from day until the next row of
 * the same key, so a change of law is a new row, never code.
 */
#ifndef MESTRING_RULE_H
#define MESTRING_RULE_H

#include "date.h"

struct db;

/*
 * The value of rule key on day on (the row with the greatest valid_from
 * on or before it) into *out: 0 found, 1 when no row of key holds on that
 * day (*out untouched), -1 on error (logged).
 */
int rule_value(struct db *db, const char *key, date_t on, double *out);

#endif
