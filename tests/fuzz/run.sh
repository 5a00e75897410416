#!/usr/bin/env bash
# tests/fuzz/run.sh: builds each libFuzzer harness of tests/fuzz/ (fuzz_<target>.c) with
# clang -fsanitize=fuzzer,address,undefined and runs it for a while from its seeds
# (tests/fuzz/seeds/<target>/) with its dictionary (tests/fuzz/<target>.dict).
#
#   tests/fuzz/run.sh [seconds per target (20)] [work directory (a new /tmp/yiwang-fuzz.*)]
#
# The seeds in the repository are never modified: each run fuzzes a copy, and new inputs
# it finds stay in the work directory. A crash, a sanitizer report, a timeout or an
# out-of-memory is a failure; its input is kept as <work>/<target>/crash-* (replay it with
# `<work>/fuzz_<target> <file>`). Prints one line per target, `fuzz <target>: passed|FAILED
# ...`, then `fuzz: N passed, N failed`; the exit status is 1 when anything failed.
# Environment: CC (clang), YIWANG_FUZZ_TARGETS (space-separated; all by default).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
SECS=${1:-20}
WORK=${2:-}
CC=${CC:-clang}

if ! [[ $SECS =~ ^[0-9]+$ ]] || [ "$SECS" -lt 1 ]; then
	echo "seconds must be a positive number, not '$SECS'" >&2
	exit 2
fi
if [ -z "$WORK" ]; then WORK=$(mktemp -d /tmp/yiwang-fuzz.XXXXXX); fi
mkdir -p "$WORK"

# What each harness links: the parser, and what the parser uses.
declare -A SOURCES=(
	[multipart]="fcgi-apps/lib/multipart.c fcgi-apps/lib/arena.c fcgi-apps/domain/utf8.c"
	[tus]="fcgi-apps/lib/tus.c fcgi-apps/lib/arena.c fcgi-apps/lib/crypto.c"
)
declare -A LIBS=([multipart]="" [tus]="-lcrypto")

if [ -n "${YIWANG_FUZZ_TARGETS:-}" ]; then
	read -r -a TARGETS <<<"$YIWANG_FUZZ_TARGETS"
else
	TARGETS=()
	for f in "$HERE"/fuzz_*.c; do
		t=$(basename "$f" .c)
		TARGETS+=("${t#fuzz_}")
	done
fi

passed=0
failed=0
for t in "${TARGETS[@]}"; do
	bin=$WORK/fuzz_$t
	dir=$WORK/$t
	log=$WORK/$t.log
	srcs=()
	if [ -z "${SOURCES[$t]+set}" ]; then
		echo "fuzz $t: FAILED (no sources declared in tests/fuzz/run.sh)"
		failed=$((failed + 1))
		continue
	fi
	for s in ${SOURCES[$t]}; do srcs+=("$ROOT/$s"); done
	# shellcheck disable=SC2086
	if ! "$CC" -std=c11 -g -O1 -D_GNU_SOURCE -fno-omit-frame-pointer \
		-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
		"$HERE/fuzz_$t.c" "${srcs[@]}" ${LIBS[$t]} -o "$bin" >"$log" 2>&1; then
		cat "$log"
		echo "fuzz $t: FAILED (does not build)"
		failed=$((failed + 1))
		continue
	fi
	mkdir -p "$dir/corpus"
	if [ -d "$HERE/seeds/$t" ]; then cp -f "$HERE/seeds/$t"/* "$dir/corpus/" 2>/dev/null || true; fi
	dict=()
	if [ -f "$HERE/$t.dict" ]; then dict=(-dict="$HERE/$t.dict"); fi
	rc=0
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 \
		"$bin" "${dict[@]}" -max_total_time="$SECS" -timeout=10 -rss_limit_mb=1024 \
		-max_len=65536 -print_final_stats=1 -artifact_prefix="$dir/" "$dir/corpus" \
		>>"$log" 2>&1 || rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *\([0-9]*\).*/\1/p' "$log" | tail -n 1)
	crashes=$(find "$dir" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'leak-*' \
		-o -name 'timeout-*' -o -name 'oom-*' \) | sort)
	if [ "$rc" -ne 0 ] || [ -n "$crashes" ]; then
		grep -E -A 30 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error:' "$log" |
			head -n 60 || tail -n 40 "$log"
		echo "fuzz $t: FAILED (status $rc; ${crashes:-no artifact}; log $log)"
		failed=$((failed + 1))
	else
		echo "fuzz $t: passed (${runs:-?} runs in $SECS s, corpus $(find "$dir/corpus" -type f | wc -l) inputs)"
		passed=$((passed + 1))
	fi
done

echo "fuzz: $passed passed, $failed failed (work directory $WORK)"
[ "$failed" -eq 0 ]
