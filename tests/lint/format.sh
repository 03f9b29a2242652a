#!/usr/bin/env bash
# Fails (listing the files) when a C file of the tree is not formatted as
# .clang-format says. Format one with: clang-format -i FILE
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
bad=()
while IFS= read -r -d '' f; do
	if ! clang-format --dry-run --Werror --style=file "$f" >/dev/null 2>&1; then
		bad+=("$f")
	fi
done < <(find app calendars tests -name '*.[ch]' -print0 | sort -z)
if [[ ${#bad[@]} -gt 0 ]]; then
	printf 'not formatted (clang-format -i FILE):\n'
	printf '  %s\n' "${bad[@]}"
	exit 1
fi
printf 'format: every C file follows .clang-format\n'
