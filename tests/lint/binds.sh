#!/usr/bin/env bash
# Fails when a statement is bound, or prepared unchecked, anywhere but the
# checked binder (app/core/db.c) and the field encryption's own binder
# (app/core/secret.c): every module's SQL is a struct db_sql table whose
# parameter kinds db_bind checks (docs/architecture.md). Also refuses raw
# number parsing of form values (strtol and friends) in the domain and
# pages layers: forms declare their fields, per-item ones included.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
fail=0
if grep -rn --include='*.c' -E 'sqlite3_bind_|db_stmt\(' app calendars |
	grep -v -E '^app/core/(db|secret)\.c:'; then
	echo "binds: bind through DB_BIND/DB_RUN (app/core/db.h), not directly"
	fail=1
fi
if grep -rn --include='*.c' -E '\b(strtol|strtoll|atoi|atol|atoll)\(' \
	app/domain app/pages calendars; then
	echo "binds: parse form values with form.h (FIELD_INT, form_validate_items)"
	fail=1
fi
[[ $fail -eq 0 ]] && echo "binds: every statement through the checked binder"
exit "$fail"
