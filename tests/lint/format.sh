#!/usr/bin/env bash
# Fails (listing the files) when a C file of the tree is not formatted as
# .clang-format says. Format one with: clang-format -i FILE
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
mapfile -d '' files < <(find app calendars tests -name '*.[ch]' -print0 | sort -z)
# One run over every file; each unformatted one is named in its errors.
out=$(clang-format --dry-run --Werror --style=file "${files[@]}" 2>&1) || true
if [[ -n $out ]]; then
	printf 'not formatted (clang-format -i FILE):\n'
	printf '%s\n' "$out" | sed -n 's/^\([^:]*\.[ch]\):[0-9]*:[0-9]*: error:.*/  \1/p' | sort -u
	exit 1
fi
printf 'format: %d C files follow .clang-format\n' "${#files[@]}"
