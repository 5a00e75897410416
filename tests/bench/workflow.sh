#!/usr/bin/env bash
# tests/bench/workflow.sh: the staff queue and the supervision overview with a small and a
# large database (issue: 1,000 and 1,000,000 applications; p99 of the large at most 2 times
# the small). A benchmark, not a test: it prints figures and a verdict; it fails (exit 1)
# only when something cannot start, the generator fails, or an endpoint answers anything but
# 200 (or a queue page is not full: the two sizes would not measure the same work).
#
#   bash tests/bench/workflow.sh       (from the repo root, or from anywhere; about 5 min)
#
# One stack per dataset (scripts/run with the demo catalogue and staff, a data directory of
# its own under the work directory, its own port, nginx's rate limits lifted), all running
# at once. tests/bench/workflow-gen.sql loads each with its number of applications (see the
# top of that file and README.md for the distribution), then ANALYZE TABLE. Then, for
# BENCH_ROUNDS rounds, for each endpoint, each dataset in turn (ascending in odd rounds,
# descending in even ones, so that a slow spell of a shared machine does not fall on one
# size only): wrk (tests/bench/bench.lua, a bearer token with -H) for BENCH_DURATION after
# BENCH_WARMUP, through the stack's nginx:
#   queue review       GET /api/v1/staff/tasks?queue=review&limit=N      reviewer1 (dept 1)
#   queue pre_review   GET /api/v1/staff/tasks?queue=pre_review&limit=N  clerk1 (dept 1)
#   overview           GET /api/v1/supervision/overview                  supervisor
# Before the rounds, BENCH_SEQUENTIAL sequential requests per endpoint and dataset count the
# rows the database reads (Handler_read_*) and the statements it executes
# (Com_stmt_execute) per request. The report: per endpoint and dataset the means over the
# rounds, and the p99 of the largest dataset / the p99 of the smallest for each endpoint,
# against the target (<= 2).
#
# Environment (all optional):
#   BENCH_SIZES ("1000 1000000")  applications per dataset, ascending; the ratio is last / first
#   BENCH_ROUNDS (2)              measurements per endpoint and dataset
#   BENCH_DURATION (10)           seconds per measurement, after BENCH_WARMUP (2) s
#   BENCH_CONNECTIONS (16), BENCH_THREADS (2)   wrk's
#   BENCH_LIMIT (20)              the queue's page size
#   BENCH_SEQUENTIAL (200)        sequential requests for the rows-read counts
#   BENCH_WORKERS                 YIWANG_WORKERS of the stacks (default: scripts/run's, 2)
#   BENCH_STACK_PORT (18970)      the first stack's nginx (YIWANG_PORT); the next ones +1, +2..
#   BENCH_TMP                     work directory (default: a new one under $TMPDIR, removed at
#                                 exit unless BENCH_KEEP=1 or the run failed); must not hold
#                                 a previous run's databases
#   BENCH_FORCE=1                 start even while a scripts/test of this repository runs
#   YIWANG_BUILD_DIR (build)      passed on to scripts/run (an existing configuration is kept)
set -Eeuo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
bench=$root/tests/bench
read -ra sizes <<<"${BENCH_SIZES:-1000 1000000}"
rounds=${BENCH_ROUNDS:-2}
duration=${BENCH_DURATION:-10}
warmup=${BENCH_WARMUP:-2}
conns=${BENCH_CONNECTIONS:-16}
threads=${BENCH_THREADS:-2}
limit=${BENCH_LIMIT:-20}
sequential=${BENCH_SEQUENTIAL:-200}
stack_port=${BENCH_STACK_PORT:-18970}
build_dir=${YIWANG_BUILD_DIR:-build}
start_timeout=${BENCH_START_TIMEOUT:-600}
target=2

log() { printf '%s\n' "workflow-bench: $*" >&2; }
die() {
	log "FAILED: $*"
	exit 1
}

((${#sizes[@]} >= 1)) || die "BENCH_SIZES is empty"
prev=0
for n in "${sizes[@]}"; do
	[[ $n =~ ^[0-9]+$ && $n -ge 1 && $n -le 100000000 ]] || die "BENCH_SIZES: '$n' is not a number of applications (1..100000000)"
	((n > prev)) || die "BENCH_SIZES must be ascending, without repeats"
	prev=$n
done
[[ $rounds =~ ^[0-9]+$ && $rounds -ge 1 ]] || die "BENCH_ROUNDS must be a positive number"
[[ $duration =~ ^[0-9]+$ && $duration -ge 1 ]] || die "BENCH_DURATION must be a whole number of seconds >= 1"
[[ $warmup =~ ^[0-9]+$ ]] || die "BENCH_WARMUP must be a whole number of seconds"
[[ $conns =~ ^[0-9]+$ && $threads =~ ^[0-9]+$ && $threads -ge 1 && $conns -ge $threads ]] ||
	die "BENCH_CONNECTIONS and BENCH_THREADS must be numbers, connections >= threads >= 1"
[[ $limit =~ ^[0-9]+$ && $limit -ge 1 && $limit -le 100 ]] || die "BENCH_LIMIT must be 1..100"
[[ $sequential =~ ^[0-9]+$ && $sequential -ge 1 ]] || die "BENCH_SEQUENTIAL must be a positive number"
PATH=$PATH:/usr/sbin:/sbin
for tool in wrk mariadb curl pgrep; do
	command -v "$tool" >/dev/null || die "$tool is not installed"
done
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$root/tests/bench/lib.sh"
for s in "${!sizes[@]}"; do
	port_busy $((stack_port + s)) && die "something already listens on 127.0.0.1:$((stack_port + s)) (set BENCH_STACK_PORT)"
done
refuse_during_scripts_test

tmp=$(bench_workdir wfbench)
mkdir -p "$tmp/log"
for n in "${sizes[@]}"; do
	[[ ! -e $tmp/data-$n ]] || die "$tmp/data-$n exists: give BENCH_TMP a fresh directory"
done

# --- cleanup: what this script started, by pid ---------------------------------------------
stack_pids=()
# shellcheck disable=SC2317 # called from the trap
cleanup() {
	local rc=$? s data
	trap - EXIT INT TERM ERR
	set +e
	for s in "${!stack_pids[@]}"; do
		stop_pid "${stack_pids[s]}" "scripts/run of ${sizes[s]} applications" 90
	done
	# What a killed scripts/run left behind.
	for s in "${!sizes[@]}"; do
		data=$tmp/data-${sizes[s]}
		kill_leftovers "$data"
	done
	if [[ -z ${BENCH_TMP:-} && ${BENCH_KEEP:-0} != 1 && $rc == 0 ]]; then
		rm -rf "$tmp"
	else
		log "work directory kept (logs in log/ and data-*/log/): $tmp"
	fi
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
trap 'log "FAILED: line $LINENO: $BASH_COMMAND"' ERR

# --- 1. the stacks, one per dataset (one after the other: the first one builds) -------------------
admin_password=bench-$(head -c 9 /dev/urandom | od -An -tx1 | tr -d ' \n')
db_user=root
[[ $(id -u) == 0 ]] || db_user=$(id -un)
db() { # size, then mariadb client arguments: the administrative account, database yiwang
	local n=$1
	shift
	mariadb --no-defaults --protocol=socket --socket="$tmp/data-$n/run/mysqld.sock" \
		--user="$db_user" --default-character-set=utf8mb4 -N -B --database=yiwang "$@"
}
pid_of() { head -c 32 "$tmp/data-$1/run/$2.pid" 2>/dev/null | tr -dc 0-9; } # size name
declare -A base staff_pid supervise_pid db_pid
for s in "${!sizes[@]}"; do
	n=${sizes[s]}
	port=$((stack_port + s))
	log "starting the stack for $n applications (scripts/run, $build_dir, port $port), data in $tmp/data-$n"
	stack_env=(YIWANG_PORT="$port" YIWANG_DATA_DIR="$tmp/data-$n" YIWANG_BUILD_DIR="$build_dir"
		YIWANG_ADMIN_PASSWORD="$admin_password" YIWANG_RATE_API=100000r/s YIWANG_RATE_API_BURST=100000
		YIWANG_RATE_AUTH=1000r/s YIWANG_RATE_AUTH_BURST=1000)
	[[ -z ${BENCH_WORKERS:-} ]] || stack_env+=(YIWANG_WORKERS="$BENCH_WORKERS")
	env -u YIWANG_CONFIGURE_FLAGS -u YIWANG_NO_DEMO -u YIWANG_CLOCK_FILE "${stack_env[@]}" \
		bash "$root/scripts/run" </dev/null >"$tmp/log/stack-$n.log" 2>&1 &
	stack_pids[s]=$!
	for ((t = 0; t < start_timeout * 5; t++)); do
		grep -qs "yiwang serving on" "$tmp/log/stack-$n.log" && break
		kill -0 "${stack_pids[s]}" 2>/dev/null || {
			tail -n 30 "$tmp/log/stack-$n.log" >&2
			die "the stack for $n applications stopped while starting"
		}
		sleep 0.2
	done
	grep -q "yiwang serving on" "$tmp/log/stack-$n.log" || die "the stack for $n applications did not start in ${start_timeout}s"
	base[$n]=http://127.0.0.1:$port
	staff_pid[$n]=$(pid_of "$n" staff)
	supervise_pid[$n]=$(pid_of "$n" supervise)
	db_pid[$n]=$(pid_of "$n" mariadb)
	[[ -n ${staff_pid[$n]} && -n ${supervise_pid[$n]} && -n ${db_pid[$n]} ]] ||
		die "no staff, supervise or mariadb pid in $tmp/data-$n/run (does this tree's scripts/run start them?)"
done
read -r db_version buffer_pool flush_commit < <(db "${sizes[0]}" -e \
	"SELECT @@version, @@innodb_buffer_pool_size DIV 1048576, @@innodb_flush_log_at_trx_commit")
app_workers=$(pgrep -c -P "${staff_pid[${sizes[0]}]}" || true)

# --- 2. the datasets -------------------------------------------------------------------------------
gen_lines=()
for n in "${sizes[@]}"; do
	log "loading $n applications (tests/bench/workflow-gen.sql)"
	t0=$(date +%s.%N)
	gen=$({ echo "SET @gen_n = $n;"; cat "$bench/workflow-gen.sql"; } | db "$n" 2>"$tmp/log/gen-$n.err") ||
		die "the generator failed for $n: $(tail -n 5 "$tmp/log/gen-$n.err")"
	db "$n" -e "ANALYZE TABLE applications, application_opinions, citizens, supervision_open,
		supervision_clock, supervision_daily" >/dev/null || die "ANALYZE TABLE failed"
	t1=$(date +%s.%N)
	gen=$(grep '^GEN ' <<<"$gen") || die "no summary from the generator for $n"
	load_s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
	gen_lines+=("$n: ${gen#GEN } (loaded in $load_s s)")
	log "loaded in $load_s s: ${gen#GEN }"
done

# --- 3. sign-in, one answer each, database work per request ---------------------------------------
names=("queue review" "queue pre_review" "overview")
paths=("/api/v1/staff/tasks?queue=review&limit=$limit" "/api/v1/staff/tasks?queue=pre_review&limit=$limit"
	"/api/v1/supervision/overview")
users=(reviewer1 clerk1 supervisor)
declare -A res token # res: "<endpoint>,<size>,<key>" and "<endpoint>,<size>,<round>,<key>"
login() { # base-url username: prints an access token
	local out
	out=$(curl -sS -X POST -H 'Content-Type: application/json' \
		--data "{\"username\":\"$2\",\"password\":\"demo-2026\"}" "$1/api/v1/staff/auth/login") ||
		die "staff sign-in of $2: no answer"
	sed -n 's/.*"access_token" *: *"\([^"]*\)".*/\1/p' <<<"$out" | grep . ||
		die "staff sign-in of $2 failed: $out"
}
status_sum() { # size: rows read by the storage engines (Handler_read_*), Com_stmt_execute: "a b"
	db "$1" -e "SHOW GLOBAL STATUS WHERE Variable_name LIKE 'Handler\\_read\\_%' OR Variable_name = 'Com_stmt_execute'" |
		awk '$1 == "Com_stmt_execute" { e = $2; next } { r += $2 } END { printf "%d %d\n", r, e }'
}
cpu_us() { # pid: CPU time of the process and its children so far, in microseconds
	local total=0 p ticks hz
	hz=$(getconf CLK_TCK)
	for p in "$1" $(pgrep -P "$1" || true); do
		ticks=$(sed 's/.*) //' "/proc/$p/stat" 2>/dev/null | awk '{ print $12 + $13 }' || true)
		total=$((total + ${ticks:-0} * 1000000 / hz))
	done
	echo "$total"
}
for n in "${sizes[@]}"; do
	for i in "${!names[@]}"; do
		tok=$(login "${base[$n]}" "${users[i]}")
		token[$i,$n]=$tok
		url=${base[$n]}${paths[i]}
		body=$tmp/log/body-$i-$n.json
		# 200, and for a queue a full page (else the sizes would measure different work).
		code=$(curl -sS -o "$body" -w '%{http_code}' -H "Authorization: Bearer $tok" "$url") ||
			die "${names[i]}: no answer"
		[[ $code == 200 ]] || die "${names[i]} with $n applications answered $code: $(head -c 300 "$body")"
		if [[ ${paths[i]} == *tasks* ]]; then
			rows=$(grep -o '"number"' "$body" | wc -l)
			[[ $rows == "$limit" ]] || die "${names[i]} with $n applications lists $rows applications, not a full page of $limit"
		fi
		res[$i,$n,bytes]=$(wc -c <"$body")
		cfg=$tmp/log/seq-$i-$n.curl
		printf 'header = "Authorization: Bearer %s"\n' "$tok" >"$cfg"
		for ((k = 0; k < sequential; k++)); do
			printf 'url = "%s"\noutput = "/dev/null"\n' "$url" >>"$cfg"
		done
		read -r r0 e0 < <(status_sum "$n")
		ok=$(curl -s -w '%{http_code}\n' -K "$cfg" | grep -c '^200$' || true)
		read -r r1 e1 < <(status_sum "$n")
		[[ $ok == "$sequential" ]] || die "${names[i]}: $ok of $sequential sequential requests answered 200"
		res[$i,$n,rows_read]=$(awk -v a="$r0" -v b="$r1" -v n="$sequential" 'BEGIN { printf "%.0f", (b - a) / n }')
		res[$i,$n,stmts]=$(awk -v a="$e0" -v b="$e1" -v n="$sequential" 'BEGIN { printf "%.1f", (b - a) / n }')
		log "$n applications, ${names[i]}: ${res[$i,$n,bytes]} bytes, ${res[$i,$n,rows_read]} rows read and ${res[$i,$n,stmts]} statements per request"
	done
done

# --- 4. wrk, interleaved -----------------------------------------------------------------------------
measure() { # endpoint size round
	local i=$1 n=$2 r=$3 app out line c0 c1 d0 d1 key reqs errs
	BENCH_CODES='' BENCH_PATH=${paths[i]} wrk -t"$threads" -c"$conns" -d"${warmup}s" \
		-H "Authorization: Bearer ${token[$i,$n]}" -s "$bench/bench.lua" "${base[$n]}" >/dev/null 2>&1 || true
	app=${staff_pid[$n]}
	[[ ${paths[i]} == *tasks* ]] || app=${supervise_pid[$n]}
	c0=$(cpu_us "$app")
	d0=$(cpu_us "${db_pid[$n]}")
	out=$(BENCH_CODES='' BENCH_PATH=${paths[i]} wrk -t"$threads" -c"$conns" -d"${duration}s" \
		--latency -H "Authorization: Bearer ${token[$i,$n]}" -s "$bench/bench.lua" "${base[$n]}" 2>&1) ||
		die "wrk failed for ${names[i]}: $out"
	c1=$(cpu_us "$app")
	d1=$(cpu_us "${db_pid[$n]}")
	line=$(grep '^BENCH ' <<<"$out") || die "no result from wrk for ${names[i]}: $out"
	for key in requests rps p50_us p99_us errors non2xx; do
		res[$i,$n,$r,$key]=$(sed -n "s/.* $key=\([^ ]*\).*/\1/p" <<<" ${line#BENCH }")
	done
	reqs=${res[$i,$n,$r,requests]}
	((reqs > 0)) || reqs=1
	res[$i,$n,$r,app_us]=$(((c1 - c0) / reqs))
	res[$i,$n,$r,db_us]=$(((d1 - d0) / reqs))
	errs=$((${res[$i,$n,$r,errors]:-0} + ${res[$i,$n,$r,non2xx]:-0}))
	res[$i,$n,$r,errs]=$errs
	log "round $r, $n applications, ${names[i]}: ${line#BENCH }"
	((errs == 0)) || die "${names[i]} with $n applications: $errs errors or answers other than 200 under load"
}
log "measuring: $rounds round(s), ${duration}s each after ${warmup}s of warm-up, $threads threads, $conns connections"
for ((r = 1; r <= rounds; r++)); do
	for i in "${!names[@]}"; do
		order=("${sizes[@]}")
		((r % 2 == 1)) || mapfile -t order < <(printf '%s\n' "${sizes[@]}" | sort -rn)
		for n in "${order[@]}"; do
			measure "$i" "$n" "$r"
		done
	done
done

# --- 5. the report -------------------------------------------------------------------------------
mean() { # endpoint size key: the mean over the rounds
	local r vals=()
	for ((r = 1; r <= rounds; r++)); do vals+=("${res[$1,$2,$r,$3]}"); done
	printf '%s\n' "${vals[@]}" | awk '{ s += $1 } END { printf "%.1f", s / NR }'
}
ms() { awk -v v="$1" 'BEGIN { printf "%.2f", v / 1000 }'; }
rev=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
[[ -z $(git -C "$root" status --porcelain --untracked-files=no 2>/dev/null) ]] || rev="$rev (modified)"
printf '\nyiwang workflow benchmark: %s, commit %s, %s cores\n' "$(date -u +%Y-%m-%dT%H:%MZ)" "$rev" "$(nproc)"
printf 'MariaDB %s, buffer pool %s MiB, innodb_flush_log_at_trx_commit=%s; staff app: %s child processes\n' \
	"$db_version" "$buffer_pool" "$flush_commit" "${app_workers:-?}"
printf 'wrk -t%s -c%s -d%ss (after %ss warm-up) through nginx, keep-alive; %s round(s), sizes interleaved;\n' \
	"$threads" "$conns" "$duration" "$warmup" "$rounds"
printf 'queue page limit=%s; one stack per dataset\n' "$limit"
printf 'datasets:\n'
printf '  %s\n' "${gen_lines[@]}"
printf '\n%-17s %10s %8s %8s %8s %-17s %8s %6s %7s %7s %6s\n' endpoint applications "req/s" "p50 ms" \
	"p99 ms" "p99 ms by round" "rows/req" stmts "app us" "db us" errors
for i in "${!names[@]}"; do
	for n in "${sizes[@]}"; do
		by_round=
		errs=0
		for ((r = 1; r <= rounds; r++)); do
			by_round+="${by_round:+ }$(ms "${res[$i,$n,$r,p99_us]}")"
			errs=$((errs + res[$i,$n,$r,errs]))
		done
		res[$i,$n,p99]=$(mean "$i" "$n" p99_us)
		printf '%-17s %10s %8.0f %8s %8s %-17s %8s %6s %7.0f %7.0f %6s\n' "${names[i]}" "$n" \
			"$(mean "$i" "$n" rps)" "$(ms "$(mean "$i" "$n" p50_us)")" "$(ms "${res[$i,$n,p99]}")" \
			"$by_round" "${res[$i,$n,rows_read]}" "${res[$i,$n,stmts]}" "$(mean "$i" "$n" app_us)" \
			"$(mean "$i" "$n" db_us)" "$errs"
	done
done
printf 'req/s, p50, p99, app us, db us: means over the rounds. rows/req: rows read by the database per\n'
printf 'request (sum of Handler_read_*, sign-in check included), stmts: statements executed per request\n'
printf '(Com_stmt_execute), both over %s sequential requests; app us, db us: CPU time per request of\n' "$sequential"
printf 'the app (master + workers) and of mariadbd under load, in microseconds\n'
small=${sizes[0]}
large=${sizes[-1]}
printf '\np99 with %s applications / p99 with %s (target <= %s)\n' "$large" "$small" "$target"
verdict=met
for i in "${!names[@]}"; do
	ratio=$(awk -v a="${res[$i,$large,p99]}" -v b="${res[$i,$small,p99]}" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
	m=$(awk -v r="$ratio" -v t="$target" 'BEGIN { print (r <= t) ? "met" : "NOT met" }')
	[[ $m == met ]] || verdict="NOT met"
	printf '  %-17s %6s   (%s ms / %s ms): %s\n' "${names[i]}" "$ratio" "$(ms "${res[$i,$large,p99]}")" \
		"$(ms "${res[$i,$small,p99]}")" "$m"
done
printf 'verdict: target %s for %s; no errors\n' "$verdict" \
	"$([[ $verdict == met ]] && echo "every endpoint" || echo "at least one endpoint")"
