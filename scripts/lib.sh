# shellcheck shell=bash
# Shared helpers for the scripts in scripts/. Sourced, never run: each script
# sets its own shell options and sources this after finding the repo root.

# The repository root, found from this file's location so the scripts work
# from any working directory and from a fresh clone.
MESTRING_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export MESTRING_ROOT

# Two cores on the reference machine; let a bigger one use what it has.
MESTRING_JOBS=${MESTRING_JOBS:-$(nproc 2>/dev/null || echo 2)}

log() {
	printf '==> %s\n' "$*" >&2
}

warn() {
	printf 'warning: %s\n' "$*" >&2
}

die() {
	printf 'error: %s\n' "$*" >&2
	exit 1
}

# Nanoseconds since the epoch, for durations.
now_ns() {
	date +%s%N
}

# Seconds (one decimal) between a now_ns value and now.
elapsed_s() {
	local start=$1 end
	end=$(now_ns)
	awk -v d="$((end - start))" 'BEGIN { printf "%.1f", d / 1e9 }'
}

# Installs the packages of the given setup profiles (see scripts/setup).
ensure_setup() {
	"$MESTRING_ROOT/scripts/setup" "$@"
}

# Configures (once) and builds DIR with the given build type and extra cmake
# arguments. Re-running cmake on an existing tree is cheap and picks up new
# options, so it is always done; the compiler of an existing tree cannot be
# changed, which only matters for build-fuzz (always configured with clang).
cmake_build() {
	local dir=$1 type=$2
	shift 2
	cmake -S "$MESTRING_ROOT" -B "$MESTRING_ROOT/$dir" \
		--log-level=WARNING -DCMAKE_BUILD_TYPE="$type" "$@" ||
		return 1
	cmake --build "$MESTRING_ROOT/$dir" -j "$MESTRING_JOBS"
}

# The Release binary that scripts/run and scripts/bench use.
build_release() {
	log "building build/ (Release)"
	cmake_build build Release || die "the Release build failed"
}

# ---- libFuzzer (scripts/test, scripts/fuzz) ----
# These take paths relative to the repository root: call them from there.

# Short names of the fuzz targets: tests/fuzz/fuzz_NAME.c -> NAME.
fuzz_targets() {
	local f
	for f in tests/fuzz/fuzz_*.c; do
		[[ -e $f ]] || continue
		f=${f##*/fuzz_}
		printf '%s\n' "${f%.c}"
	done
}

# Builds the libFuzzer binaries in build-fuzz/ with clang. Coverage
# instrumentation for the whole tree (not only the target file, which
# is all tests/CMakeLists.txt adds -fsanitize=fuzzer to), so libFuzzer sees
# the branches of the code under test.
build_fuzz() {
	local -a targets
	mapfile -t targets < <(fuzz_targets)
	# An existing tree configured with another compiler cannot be switched.
	if [[ -f build-fuzz/CMakeCache.txt ]] &&
		! grep -q '^CMAKE_C_COMPILER:.*clang' build-fuzz/CMakeCache.txt; then
		rm -rf build-fuzz
	fi
	CC=clang cmake -S . -B build-fuzz --log-level=WARNING \
		-DCMAKE_BUILD_TYPE=Debug -DMESTRING_FUZZ=ON \
		-DCMAKE_C_FLAGS="-fsanitize=fuzzer-no-link,address,undefined" ||
		return 1
	cmake --build build-fuzz -j "$MESTRING_JOBS" \
		--target "${targets[@]/#/fuzz_}"
}

# Inputs the last run of fuzz_NAME executed (libFuzzer's final
# stat::number_of_executed_units), or "?" when its log does not say.
fuzz_executions() {
	local n
	n=$(sed -n 's/^stat::number_of_executed_units: *\([0-9]*\).*/\1/p' \
		"build-fuzz/logs/fuzz_$1.log" 2>/dev/null | tail -n 1)
	printf '%s\n' "${n:-?}"
}

# run_fuzzer NAME SECONDS SCRATCH: one bounded libFuzzer run over the seed
# corpus. New inputs go to SCRATCH (never into the repository); crash files go
# to a fresh build-fuzz/crashes/NAME-TIME/ (git-ignored, kept for a look) and
# their paths are printed.
run_fuzzer() {
	local name=$1 secs=$2 scratch=$3
	local bin=build-fuzz/tests/fuzz_$name seeds=tests/fuzz/corpus/$name
	local crashes log=build-fuzz/logs/fuzz_$name.log rc=0
	local -a args
	[[ -x $bin ]] || { warn "$bin was not built"; return 1; }
	crashes=build-fuzz/crashes/$name-$(date +%Y%m%d-%H%M%S)
	args=(-max_total_time="$secs" -timeout=10 -rss_limit_mb=2048
		-print_final_stats=1 -artifact_prefix="$crashes/")
	mkdir -p "$scratch/$name" "$crashes" "${log%/*}"
	if [[ -f tests/fuzz/$name.dict ]]; then
		args+=(-dict="tests/fuzz/$name.dict")
	fi
	# The first corpus folder receives new inputs; the seeds are only read.
	args+=("$scratch/$name")
	if [[ -d $seeds ]]; then
		args+=("$seeds")
	else
		warn "no seed corpus $seeds"
	fi
	"$bin" "${args[@]}" >"$log" 2>&1 || rc=$?
	grep -E '^(stat::number_of_executed_units|stat::new_units_added|Done )' "$log" |
		sed 's/^/    /' >&2 || true
	if [[ $rc -ne 0 ]]; then
		tail -n 60 "$log" >&2
		warn "fuzz_$name failed (full log: $log); crash files" \
			"(reproduce with: $bin FILE):"
		find "$crashes" -type f -printf '    %p\n' >&2
	fi
	rmdir "$crashes" 2>/dev/null || true
	return "$rc"
}
