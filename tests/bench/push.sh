#!/usr/bin/env bash
# tests/bench/push.sh: the push benchmark (issue 6). A benchmark, not a test: it prints figures
# and a verdict; it fails (exit 1) only when something cannot start, the generator fails, an
# accept answers anything but 200, or a correctness check breaks (an outbox row not 'sent', a
# delivery missing at the gateway, an application's deliveries out of order).
#
#   bash tests/bench/push.sh           (from the repo root, or from anywhere; about 1 min)
#
# One run starts a gateway that answers at once (tests/bench/push-gateway.js: 204 to anything,
# records webhook-id and arrival time) and its own stack (scripts/run with the demo catalogue
# and staff, YIWANG_NO_PUSHD=1, own data directory under the work directory, nginx's rate
# limits lifted), loads tests/bench/push-gen.sql, then:
#   1. backlog   BENCH_BACKLOG_APPS applications x BENCH_PER_APP status changes = pending
#                outbox rows on the 'app' channel, for citizens with a device; pushd starts
#                (the build's yiwang-pushd, YIWANG_PUSH_URL = the gateway) and the clock runs
#                until every row is 'sent': deliveries/s = rows / (last done_at - pushd's
#                start). Every webhook-id must have arrived (duplicates are counted), each
#                application's in the order of its changes.
#   2. wrk       the same gateway, the same request (method, headers, body: the first pushd
#                delivery it kept), wrk -t BENCH_THREADS -c BENCH_CONNECTIONS for
#                BENCH_DURATION after BENCH_WARMUP. Target (issue 6): deliveries/s at least
#                0.5 of wrk's requests/s.
#   2b. floor    tests/bench/push-floor.c (built here with cc), as many processes as pushd:
#                the least a durable outbox drainer does with this stack (claim a batch FOR
#                UPDATE SKIP LOCKED, send wrk's request for each through one libcurl multi
#                handle, mark the batch sent, commit), on a table of the backlog's size: what
#                no implementation can beat on this machine, as a ratio to wrk.
#   3. latency   pushd still running, clerk1 accepts submitted applications through the API
#                (POST /api/v1/staff/applications/{id}/accept, If-Match, through nginx) at
#                BENCH_RATE per second for BENCH_LATENCY_SECONDS (curl --rate); each makes one
#                outbox row ('app'); latency = the gateway's arrival time - the row's
#                created_at (the status change's time, in its transaction). Target: p99 < 1 s.
#
# Environment (all optional):
#   BENCH_BACKLOG_APPS (20000), BENCH_PER_APP (5)   the backlog: apps x changes (100,000 rows)
#   BENCH_CITIZENS (5000)        citizens (one device each) the applications belong to
#   BENCH_DURATION (10), BENCH_WARMUP (2)         wrk's seconds
#   BENCH_THREADS (1), BENCH_CONNECTIONS (64)     wrk's (64: pushd's default concurrency)
#   BENCH_RATE (50), BENCH_LATENCY_SECONDS (20)   accepts per second, and for how long
#   BENCH_GATEWAY_WORKERS (1)    processes of the gateway (node:cluster when > 1)
#   BENCH_PUSHD_PROCS (2)        pushd processes draining the outbox together (as scripts/run)
#   BENCH_PUSHD_BATCH, BENCH_PUSHD_CONCURRENCY, BENCH_PUSHD_POLL_MS   pushd's batch,
#                                concurrency and poll_ms (default: pushd's own, 100, 64, 200)
#   BENCH_BACKLOG_TIMEOUT (600)  seconds the backlog may take before the run fails
#   BENCH_STACK_PORT (18990)     the stack's nginx (YIWANG_PORT)
#   BENCH_GATEWAY_PORT (18991)   the gateway
#   BENCH_TMP                    work directory (default: a new one under $TMPDIR, removed at
#                                exit unless BENCH_KEEP=1 or the run failed)
#   BENCH_FORCE=1                start even while a scripts/test of this repository runs
#   YIWANG_BUILD_DIR (build)     passed on to scripts/run (an existing configuration is kept)
set -Eeuo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
bench=$root/tests/bench
backlog_apps=${BENCH_BACKLOG_APPS:-20000}
per_app=${BENCH_PER_APP:-5}
citizens=${BENCH_CITIZENS:-5000}
duration=${BENCH_DURATION:-10}
warmup=${BENCH_WARMUP:-2}
threads=${BENCH_THREADS:-1}
conns=${BENCH_CONNECTIONS:-64}
rate=${BENCH_RATE:-50}
lat_secs=${BENCH_LATENCY_SECONDS:-20}
gw_workers=${BENCH_GATEWAY_WORKERS:-1}
pushd_procs=${BENCH_PUSHD_PROCS:-2}
backlog_timeout=${BENCH_BACKLOG_TIMEOUT:-600}
stack_port=${BENCH_STACK_PORT:-18990}
gw_port=${BENCH_GATEWAY_PORT:-18991}
build_dir=${YIWANG_BUILD_DIR:-build}
start_timeout=${BENCH_START_TIMEOUT:-600}
target_ratio=0.5
target_p99_ms=1000

log() { printf '%s\n' "push-bench: $*" >&2; }
die() {
	log "FAILED: $*"
	exit 1
}
num() { [[ $2 =~ ^[0-9]+$ && $2 -ge $3 && $2 -le $4 ]] || die "$1 must be a whole number in $3..$4, not '$2'"; }
num BENCH_BACKLOG_APPS "$backlog_apps" 1 2000000
num BENCH_PER_APP "$per_app" 1 50
num BENCH_CITIZENS "$citizens" 1 1000000
num BENCH_DURATION "$duration" 1 3600
num BENCH_WARMUP "$warmup" 0 600
num BENCH_THREADS "$threads" 1 64
num BENCH_CONNECTIONS "$conns" "$threads" 10000
num BENCH_RATE "$rate" 1 1000
num BENCH_LATENCY_SECONDS "$lat_secs" 1 3600
num BENCH_GATEWAY_WORKERS "$gw_workers" 1 64
num BENCH_PUSHD_PROCS "$pushd_procs" 1 64
num BENCH_BACKLOG_TIMEOUT "$backlog_timeout" 10 86400
backlog=$((backlog_apps * per_app))
((backlog <= 10000000)) || die "BENCH_BACKLOG_APPS x BENCH_PER_APP must be at most 10,000,000"
live=$((rate * lat_secs))
pushd_env=()
for k in BATCH CONCURRENCY POLL_MS; do
	v=BENCH_PUSHD_$k
	if [[ -n ${!v:-} ]]; then
		num "$v" "${!v}" 1 100000
		pushd_env+=("YIWANG_PUSHD_$k=${!v}")
	fi
done
PATH=$PATH:/usr/sbin:/sbin
for tool in node wrk mariadb curl pgrep awk sort cc pkg-config; do
	command -v "$tool" >/dev/null || die "$tool is not installed"
done
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$root/tests/bench/lib.sh"
for p in "$stack_port" "$gw_port"; do
	port_busy "$p" && die "something already listens on 127.0.0.1:$p (set BENCH_STACK_PORT, BENCH_GATEWAY_PORT)"
done
refuse_during_scripts_test

tmp=$(bench_workdir pushbench)
data=$tmp/data
[[ ! -e $data ]] || die "$data exists: give BENCH_TMP a fresh directory"
mkdir -p "$tmp/log" "$tmp/gw"
case $build_dir in /*) build_abs=$build_dir ;; *) build_abs=$root/$build_dir ;; esac

# --- cleanup: what this script started, by pid ---------------------------------------------
stack_pid=
gw_pid=
pushd_pids=()
floor_pids=()
# shellcheck disable=SC2317 # called from the trap
cleanup() {
	local rc=$?
	trap - EXIT INT TERM ERR
	set +e
	for pid in "${pushd_pids[@]}"; do
		stop_pid "$pid" "pushd" 20
	done
	for pid in "${floor_pids[@]}"; do
		stop_pid "$pid" "push-floor" 5
	done
	stop_pid "$stack_pid" "scripts/run" 90
	# What a killed scripts/run left behind.
	kill_leftovers "$data"
	stop_pid "$gw_pid" "the gateway" 10
	if [[ -z ${BENCH_TMP:-} && ${BENCH_KEEP:-0} != 1 && $rc == 0 ]]; then
		rm -rf "$tmp"
	else
		log "work directory kept (logs in log/, gw/ and data/log/): $tmp"
	fi
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
trap 'log "FAILED: line $LINENO: $BASH_COMMAND"' ERR

clk_tck=$(getconf CLK_TCK)
cpu_us() { # pid: CPU time of the process and its children so far, in microseconds
	local total=0 p ticks
	for p in "$1" $(pgrep -P "$1" || true); do
		ticks=$(sed 's/.*) //' "/proc/$p/stat" 2>/dev/null | awk '{ print $12 + $13 }' || true)
		total=$((total + ${ticks:-0} * 1000000 / clk_tck))
	done
	echo "$total"
}
machine_us() { # busy CPU time of the whole machine so far (all cores), in microseconds
	awk -v h="$clk_tck" '$1 == "cpu" { printf "%.0f\n", ($2 + $3 + $4 + $7 + $8 + $9) * 1e6 / h; exit }' /proc/stat
}
now_us() { date +%s%6N; }

# --- 1. the gateway and the stack ----------------------------------------------------------------
log "starting the gateway (tests/bench/push-gateway.js, $gw_workers process(es), port $gw_port)"
node "$bench/push-gateway.js" --port "$gw_port" --workers "$gw_workers" --out "$tmp/gw" \
	</dev/null >"$tmp/log/gateway.log" 2>&1 &
gw_pid=$!
for _ in $(seq 1 100); do
	port_busy "$gw_port" && break
	kill -0 "$gw_pid" 2>/dev/null || break
	sleep 0.1
done
port_busy "$gw_port" || die "the gateway did not start: $(tail -n 5 "$tmp/log/gateway.log")"

admin_password=bench-$(head -c 9 /dev/urandom | od -An -tx1 | tr -d ' \n')
log "starting the stack (scripts/run, $build_dir, port $stack_port, without pushd), data in $data"
env -u YIWANG_CONFIGURE_FLAGS -u YIWANG_NO_DEMO -u YIWANG_CLOCK_FILE -u YIWANG_PUSH_URL \
	-u YIWANG_UPSTREAM_URL -u YIWANG_SMS_URL -u YIWANG_WECHAT_TEMPLATE \
	YIWANG_PORT="$stack_port" YIWANG_DATA_DIR="$data" YIWANG_BUILD_DIR="$build_dir" \
	YIWANG_ADMIN_PASSWORD="$admin_password" YIWANG_NO_PUSHD=1 \
	YIWANG_RATE_API=100000r/s YIWANG_RATE_API_BURST=100000 \
	YIWANG_RATE_AUTH=1000r/s YIWANG_RATE_AUTH_BURST=1000 \
	bash "$root/scripts/run" </dev/null >"$tmp/log/stack.log" 2>&1 &
stack_pid=$!
for ((t = 0; t < start_timeout * 5; t++)); do
	grep -qs "yiwang serving on" "$tmp/log/stack.log" && break
	kill -0 "$stack_pid" 2>/dev/null || {
		tail -n 30 "$tmp/log/stack.log" >&2
		die "the stack stopped while starting"
	}
	sleep 0.2
done
grep -q "yiwang serving on" "$tmp/log/stack.log" || die "the stack did not start in ${start_timeout}s"
base=http://127.0.0.1:$stack_port
pushd_bin=$build_abs/fcgi-apps/pushd/yiwang-pushd
[[ -x $pushd_bin ]] || die "$pushd_bin is not built"

db_user=root
[[ $(id -u) == 0 ]] || db_user=$(id -un)
db() { # mariadb client arguments: the administrative account, database yiwang, UTC
	mariadb --no-defaults --protocol=socket --socket="$data/run/mysqld.sock" --user="$db_user" \
		--default-character-set=utf8mb4 -N -B --database=yiwang --init-command="SET time_zone = '+00:00'" "$@"
}
db_pid=$(head -c 32 "$data/run/mariadb.pid" 2>/dev/null | tr -dc 0-9)
[[ -n $db_pid ]] || die "no mariadb pid in $data/run"
read -r db_version flush_commit < <(db -e "SELECT @@version, @@innodb_flush_log_at_trx_commit")
status_vars() { # Com_stmt_execute Com_commit Questions Innodb_data_fsyncs
	db -e "SHOW GLOBAL STATUS WHERE Variable_name IN ('Com_stmt_execute', 'Com_commit', 'Questions', 'Innodb_data_fsyncs')" |
		awk '{ v[$1] = $2 } END { print v["Com_stmt_execute"], v["Com_commit"], v["Questions"], v["Innodb_data_fsyncs"] }'
}

# --- 2. the data -----------------------------------------------------------------------------------
log "loading $backlog_apps applications x $per_app changes = $backlog outbox rows, and $live submitted applications (tests/bench/push-gen.sql)"
t0=$(now_us)
gen=$({
	echo "SET @gen_apps = $backlog_apps, @gen_per_app = $per_app, @gen_live = $live, @gen_citizens = $citizens;"
	cat "$bench/push-gen.sql"
} | db 2>"$tmp/log/gen.err") || die "the generator failed: $(tail -n 5 "$tmp/log/gen.err")"
gen=$(grep '^GEN ' <<<"$gen") || die "no summary from the generator"
gfield() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<" ${gen#GEN }"; }
[[ $(gfield backlog) == "$backlog" && $(gfield live) == "$live" ]] || die "the generator loaded something else: $gen"
first_live=$(gfield first_live)
last_live=$(gfield last_live)
read -r o_lo o_hi < <(db -e "SELECT MIN(id), MAX(id) FROM outbox")
log "loaded in $((($(now_us) - t0) / 1000)) ms: ${gen#GEN } (outbox ids $o_lo..$o_hi)"

# --- 3. the backlog ----------------------------------------------------------------------------------
secret=whsec_$(head -c 32 /dev/urandom | base64 -w0)
start_pushd() {
	local k
	for ((k = 0; k < pushd_procs; k++)); do
		env -u YIWANG_UPSTREAM_URL -u YIWANG_SMS_URL -u YIWANG_WECHAT_TEMPLATE \
			YIWANG_PUSH_URL="http://127.0.0.1:$gw_port/push" YIWANG_PUSH_SECRET="$secret" \
			"${pushd_env[@]}" "$pushd_bin" -c "$data/yiwang.conf" </dev/null >>"$tmp/log/pushd.log" 2>&1 &
		pushd_pids+=($!)
	done
}
pushd_cpu_us() {
	local pid total=0
	for pid in "${pushd_pids[@]}"; do total=$((total + $(cpu_us "$pid"))); done
	echo "$total"
}
read -r s0_exec s0_commit s0_q s0_fsync < <(status_vars)
c0_db=$(cpu_us "$db_pid")
c0_gw=$(cpu_us "$gw_pid")
m0=$(machine_us)
log "backlog: starting $pushd_procs pushd ($pushd_bin${pushd_env[*]:+, ${pushd_env[*]}})"
t_start=$(now_us)
start_pushd
deadline=$((SECONDS + backlog_timeout))
# Done when no row is pending or sending (a probe of one index entry, not a count: the poll
# must not cost the database much); the time is the last done_at, read afterwards.
while :; do
	sleep 0.25
	for pid in "${pushd_pids[@]}"; do
		kill -0 "$pid" 2>/dev/null || die "pushd exited: $(tail -n 5 "$tmp/log/pushd.log")"
	done
	[[ -z $(db -e "SELECT 1 FROM outbox WHERE state IN ('pending', 'sending') LIMIT 1") ]] && break
	((SECONDS < deadline)) || die "outbox rows still undelivered after ${backlog_timeout}s: $(db -e \
		"SELECT COUNT(*) FROM outbox WHERE state IN ('pending', 'sending')")"
done
t_seen=$(now_us)
c1_pushd=$(pushd_cpu_us)
c1_db=$(cpu_us "$db_pid")
c1_gw=$(cpu_us "$gw_pid")
m1=$(machine_us)
read -r s1_exec s1_commit s1_q s1_fsync < <(status_vars)
read -r sent other t_last < <(db -e "SELECT SUM(state = 'sent'), SUM(state <> 'sent'),
	ROUND(UNIX_TIMESTAMP(MAX(done_at)) * 1000000) FROM outbox WHERE id BETWEEN $o_lo AND $o_hi")
[[ $sent == "$backlog" ]] || die "$sent of $backlog outbox rows 'sent' ($other in another state)"
# Rounds: a pushd records each batch with one outbox_attempts time.
db -e "SELECT outbox_id, ROUND(UNIX_TIMESTAMP(at) * 1000000) FROM outbox_attempts
	WHERE outbox_id BETWEEN $o_lo AND $o_hi" >"$tmp/log/attempts-backlog.txt"
read -r rounds mean_batch < <(awk '{ n[$2]++ } END { for (k in n) { r++; s += n[k] }
	printf "%d %.1f\n", r, (r ? s / r : 0) }' "$tmp/log/attempts-backlog.txt")
backlog_us=$((t_last - t_start))
dps=$(awk -v n="$backlog" -v u="$backlog_us" 'BEGIN { printf "%.0f", n / (u / 1e6) }')
log "backlog: $backlog rows sent in $(awk -v u="$backlog_us" 'BEGIN { printf "%.2f", u / 1e6 }') s ($dps/s), $rounds rounds"
# The gateway writes its records every 100 ms.
sleep 0.5
cat "$tmp"/gw/arrivals-*.txt >"$tmp/log/arrivals-backlog.txt"
db -e "SELECT id, application_id FROM outbox WHERE id BETWEEN $o_lo AND $o_hi" >"$tmp/log/outbox-backlog.txt"
# Every row received at least once; duplicates; order per application (first arrival of each
# row after its application's previous change's first arrival); the gateway's first and last.
check_arrivals() { # outbox-file arrivals-file: prints "rows received dups missing disorder first_us last_us"
	awk 'FNR == NR { app[$1] = $2; n++; next }
		$1 ~ /^msg_yw/ { id = substr($1, 7); if (!(id in app)) next
			if (id in at) { dups++; next }
			at[id] = $2; got++
			if (first == "" || $2 < first) first = $2
			if ($2 > last) last = $2 }
		END {
			for (id in app) {
				if (!(id in at)) { missing++; continue }
				k = app[id]
				ids[k] = ids[k] " " id
			}
			for (k in ids) {
				m = split(substr(ids[k], 2), l, " ")
				for (i = 1; i <= m; i++) v[i] = l[i] + 0
				for (i = 2; i <= m; i++) { x = v[i]; j = i - 1
					while (j >= 1 && v[j] > x) { v[j + 1] = v[j]; j-- }
					v[j + 1] = x }
				for (i = 2; i <= m; i++) if (at[v[i]] < at[v[i - 1]]) disorder++
				delete v
			}
			printf "%d %d %d %d %d %s %s\n", n, got, dups, missing, disorder, first, last
		}' "$1" "$2"
}
read -r b_rows b_got b_dups b_missing b_disorder b_first b_last < <(check_arrivals "$tmp/log/outbox-backlog.txt" "$tmp/log/arrivals-backlog.txt")
# Where a round's time goes, seen from the gateway: its requests arrive within `spread`
# (first to last arrival of the round), then the gateway waits `gap` for the next round's
# first one (the database work and pushd's own between two rounds). One pushd only: the
# rounds of several interleave.
awk 'FNR == NR { batch["msg_yw" $1] = $2; next }
	($1 in batch) && !($1 in seen) { seen[$1] = 1; b = batch[$1]
		if (!(b in lo) || $2 < lo[b]) lo[b] = $2
		if ($2 > hi[b]) hi[b] = $2 }
	END { for (b in lo) print b, lo[b], hi[b] }' "$tmp/log/attempts-backlog.txt" "$tmp/log/arrivals-backlog.txt" |
	sort -n >"$tmp/log/rounds-backlog.txt"
read -r r_spread r_gap < <(awk '{ n++; sp += $3 - $2; if (n > 1) g += $2 - prev; prev = $3 }
	END { printf "%.2f %.2f\n", (n ? sp / n / 1000 : 0), (n > 1 ? g / (n - 1) / 1000 : 0) }' "$tmp/log/rounds-backlog.txt")
check_ok=1
if ((b_missing > 0 || b_disorder > 0 || b_got != backlog)); then
	log "CHECK FAILED: backlog: $b_got of $b_rows rows received, $b_missing missing, $b_disorder out of order"
	check_ok=0
fi
per() { awk -v a="$1" -v b="$2" -v f="${3:-%.1f}" 'BEGIN { printf f, (b > 0 ? a / b : 0) }'; }
b_exec=$(per $((s1_exec - s0_exec)) "$rounds" %.1f)
b_commit=$(per $((s1_commit - s0_commit)) "$rounds" %.1f)
b_q=$(per $((s1_q - s0_q)) "$rounds" %.1f)
b_fsync=$(per $((s1_fsync - s0_fsync)) "$rounds" %.1f)
b_pushd_us=$(per "$c1_pushd" "$backlog")
b_db_us=$(per $((c1_db - c0_db)) "$backlog")
b_gw_us=$(per $((c1_gw - c0_gw)) "$backlog")
b_wall_s=$(awk -v a="$t_start" -v b="$t_seen" 'BEGIN { printf "%.3f", (b - a) / 1e6 }')
b_busy=$(awk -v m=$((m1 - m0)) -v s="$b_wall_s" -v c="$(nproc)" 'BEGIN { printf "%.0f", 100 * m / 1e6 / s / c }')
b_others=$(awk -v m=$((m1 - m0)) -v p=$((c1_pushd + c1_db - c0_db + c1_gw - c0_gw)) -v s="$b_wall_s" -v c="$(nproc)" \
	'BEGIN { x = 100 * (m - p) / 1e6 / s / c; printf "%.0f", (x < 0 ? 0 : x) }')
pushd_settings=$(grep -o 'batch [0-9]*, [0-9]* at once' "$tmp/log/pushd.log" | head -n 1 || true)

# --- 4. wrk against the same gateway ------------------------------------------------------------------
[[ -s $tmp/gw/sample.json ]] || die "the gateway kept no pushd delivery (gw/sample.json)"
# shellcheck disable=SC2016 # JavaScript, not shell
node -e '
const s = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
require("fs").writeFileSync(process.argv[2], s.body);
const skip = new Set(["host", "content-length", "connection"]);
const lines = [];
for (const [k, v] of Object.entries(s.headers)) {
  if (skip.has(k)) continue;
  lines.push(k === "webhook-id" ? `${k}: msg_wrk${"0".repeat(Math.max(1, v.length - 7))}` : `${k}: ${v}`);
}
require("fs").writeFileSync(process.argv[3], lines.join("\n") + "\n");
console.log(s.method + " " + s.url);
' "$tmp/gw/sample.json" "$tmp/log/wrk-body.json" "$tmp/log/wrk-headers.txt" >"$tmp/log/wrk-request.txt"
read -r wrk_method wrk_path <"$tmp/log/wrk-request.txt"
body_bytes=$(wc -c <"$tmp/log/wrk-body.json")
mean_len=$(awk '$1 ~ /^msg_yw/ { s += $3; n++ } END { printf "%.0f", (n ? s / n : 0) }' "$tmp/log/arrivals-backlog.txt")
cat >"$tmp/log/wrk.lua" <<'EOF'
-- the request pushd sent first, as the gateway kept it: method, headers, body
local f = assert(io.open(os.getenv("PUSH_BODY"), "rb"))
wrk.body = f:read("*a")
f:close()
wrk.method = os.getenv("PUSH_METHOD")
wrk.path = os.getenv("PUSH_PATH")
for line in io.lines(os.getenv("PUSH_HEADERS")) do
   local k, v = line:match("^([^:]+): (.*)$")
   if k then wrk.headers[k] = v end
end
function done(summary, latency, reqs)
   local e = summary.errors
   io.write(string.format(
      "BENCH requests=%d duration_us=%d rps=%.1f p50_us=%d p99_us=%d errors=%d non2xx=%d\n",
      summary.requests, summary.duration, summary.requests / summary.duration * 1e6,
      latency:percentile(50), latency:percentile(99),
      e.connect + e.read + e.write + e.timeout, e.status))
end
EOF
wrk_run() { # seconds [--latency]
	PUSH_BODY=$tmp/log/wrk-body.json PUSH_HEADERS=$tmp/log/wrk-headers.txt PUSH_METHOD=$wrk_method \
		PUSH_PATH=$wrk_path wrk -t"$threads" -c"$conns" -d"$1s" -s "$tmp/log/wrk.lua" \
		"http://127.0.0.1:$gw_port" 2>&1
}
# wrk runs twice, half of BENCH_DURATION after the backlog and half after the latency phase
# (this machine may be shared: a busy spell then does not fall on one side only).
wrk_reqs=0
wrk_us=0
wrk_errs=0
wrk_gw_us=0
wrk_busy_us=0
wrk_rates=()
wrk_measure() { # seconds
	local c0 c1 m0 m1 out line
	log "wrk: -t$threads -c$conns, ${warmup}s warm-up, $1s measured; $wrk_method $wrk_path, $body_bytes-byte body"
	((warmup == 0)) || wrk_run "$warmup" >/dev/null || true
	c0=$(cpu_us "$gw_pid")
	m0=$(machine_us)
	out=$(wrk_run "$1") || die "wrk failed: $out"
	m1=$(machine_us)
	c1=$(cpu_us "$gw_pid")
	line=$(grep '^BENCH ' <<<"$out") || die "no result from wrk: $out"
	wfield() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<" ${line#BENCH }"; }
	wrk_reqs=$((wrk_reqs + $(wfield requests)))
	wrk_us=$((wrk_us + $(wfield duration_us)))
	wrk_errs=$((wrk_errs + $(wfield errors) + $(wfield non2xx)))
	wrk_gw_us=$((wrk_gw_us + c1 - c0))
	wrk_busy_us=$((wrk_busy_us + m1 - m0))
	wrk_rates+=("$(wfield rps)")
	log "wrk: ${line#BENCH }"
}
wrk_half1=$(((duration + 1) / 2))
wrk_measure "$wrk_half1"

# --- 4b. the floor: the least a durable outbox drainer does with this stack ----------------------------
# tests/bench/push-floor.c, as many processes as pushd: claim a batch (FOR UPDATE SKIP LOCKED),
# send wrk's request for each through one libcurl multi handle, mark the batch sent, commit;
# from a table of the backlog's size with the one index a claim needs.
floor_bin=$tmp/push-floor
# shellcheck disable=SC2046 # pkg-config's flags are words
cc -O2 -o "$floor_bin" "$bench/push-floor.c" $(pkg-config --cflags --libs libmariadb libcurl) \
	2>"$tmp/log/floor-cc.err" || die "push-floor.c does not build: $(tail -n 5 "$tmp/log/floor-cc.err")"
db -e "DROP DATABASE IF EXISTS push_floor; CREATE DATABASE push_floor;
	CREATE TABLE push_floor.floor_outbox (id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
		state TINYINT NOT NULL DEFAULT 0, KEY ix_due (state, id)) ENGINE=InnoDB;
	INSERT INTO push_floor.floor_outbox (state) SELECT 0 FROM seq_1_to_$backlog"
floor_batch=$(sed -n 's/.*batch \([0-9]*\),.*/\1/p' <<<"$pushd_settings")
floor_conc=$(sed -n 's/.* \([0-9]*\) at once.*/\1/p' <<<"$pushd_settings")
log "floor: $pushd_procs push-floor process(es), batch ${floor_batch:-500}, ${floor_conc:-64} at once, $backlog rows"
f_c0_db=$(cpu_us "$db_pid")
f_c0_gw=$(cpu_us "$gw_pid")
f_t0=$(now_us)
for ((k = 0; k < pushd_procs; k++)); do
	"$floor_bin" "$data/run/mysqld.sock" "$db_user" push_floor "http://127.0.0.1:$gw_port$wrk_path" \
		"$tmp/log/wrk-headers.txt" "$tmp/log/wrk-body.json" "${floor_batch:-500}" "${floor_conc:-64}" \
		>"$tmp/log/floor-$k.out" 2>&1 &
	floor_pids+=($!)
done
for pid in "${floor_pids[@]}"; do
	wait "$pid" || die "push-floor failed: $(tail -n 5 "$tmp/log/floor-"*.out)"
done
f_t1=$(now_us)
f_db_us=$(($(cpu_us "$db_pid") - f_c0_db))
f_gw_us=$(($(cpu_us "$gw_pid") - f_c0_gw))
read -r f_sent f_errs f_cpu < <(awk '/^FLOOR / { for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] += kv[2] } }
	END { print v["sent"] + 0, v["errors"] + 0, v["cpu_us"] + 0 }' "$tmp/log/floor-"*.out)
[[ $f_sent == "$backlog" && $f_errs == 0 ]] || die "push-floor sent $f_sent of $backlog ($f_errs errors)"
[[ $(db -e "SELECT COUNT(*) FROM push_floor.floor_outbox WHERE state = 0") == 0 ]] || die "push-floor left rows unsent"
db -e "DROP DATABASE push_floor"
floor_dps=$(awk -v n="$backlog" -v u=$((f_t1 - f_t0)) 'BEGIN { printf "%.0f", n / (u / 1e6) }')
f_client_us=$(per "$f_cpu" "$backlog")
f_db_us=$(per "$f_db_us" "$backlog")
f_gw_us=$(per "$f_gw_us" "$backlog")
log "floor: $backlog rows in $(awk -v u=$((f_t1 - f_t0)) 'BEGIN { printf "%.2f", u / 1e6 }') s ($floor_dps/s)"

# --- 5. latency at a steady rate ----------------------------------------------------------------------
login=$(curl -sS -X POST -H 'Content-Type: application/json' \
	--data '{"username":"clerk1","password":"demo-2026"}' "$base/api/v1/staff/auth/login") ||
	die "staff sign-in of clerk1: no answer"
token=$(sed -n 's/.*"access_token" *: *"\([^"]*\)".*/\1/p' <<<"$login")
[[ -n $token ]] || die "staff sign-in of clerk1 failed: $login"
cfg=$tmp/log/accept.curl
{
	printf 'header = "Authorization: Bearer %s"\n' "$token"
	printf 'header = "If-Match: \\"2\\""\nheader = "Content-Type: application/json"\n'
	printf 'data = "{}"\nwrite-out = "%%{http_code} %%{time_total}\\n"\n'
	for ((id = first_live; id <= last_live; id++)); do
		printf 'url = "%s/api/v1/staff/applications/%d/accept"\noutput = "/dev/null"\n' "$base" "$id"
	done
} >"$cfg"
read -r l_o0 < <(db -e "SELECT COALESCE(MAX(id), 0) FROM outbox")
poll_ms=${BENCH_PUSHD_POLL_MS:-200}
log "latency: clerk1 accepts $live applications at $rate/s (pushd's poll_ms $poll_ms)"
a0=$(now_us)
curl -sS --rate "$rate/s" -K "$cfg" >"$tmp/log/accept.out" 2>"$tmp/log/accept.err" || true
a1=$(now_us)
ok=$(grep -c '^200 ' "$tmp/log/accept.out" || true)
((ok == live)) || die "$ok of $live accepts answered 200 (log/accept.out: $(sort "$tmp/log/accept.out" | cut -d' ' -f1 | uniq -c | tr '\n' ' '))"
accept_rate=$(awk -v n="$live" -v u=$((a1 - a0)) 'BEGIN { printf "%.1f", n / (u / 1e6) }')
accept_p99=$(awk '{ print $2 * 1000 }' "$tmp/log/accept.out" | sort -n | awk '{ v[NR] = $1 } END { printf "%.1f", v[int(NR * 0.99 + 0.999)] }')
deadline=$((SECONDS + 60))
while :; do
	left=$(db -e "SELECT COUNT(*) FROM outbox WHERE id > $l_o0 AND state IN ('pending', 'sending')")
	[[ $left == 0 ]] && break
	((SECONDS < deadline)) || die "$left outbox rows of the accepts undelivered 60 s after the last accept"
	sleep 0.5
done
sleep 0.5
db -e "SELECT id, application_id, channel, state, ROUND(UNIX_TIMESTAMP(created_at) * 1000000)
	FROM outbox WHERE id > $l_o0" >"$tmp/log/outbox-live.txt"
cat "$tmp"/gw/arrivals-*.txt >"$tmp/log/arrivals-all.txt"
read -r l_rows l_app l_sent < <(awk '{ n++; a += ($3 == "app"); s += ($4 == "sent") } END { print n + 0, a + 0, s + 0 }' "$tmp/log/outbox-live.txt")
if ((l_rows != live || l_app != live || l_sent != live)); then
	log "CHECK FAILED: the accepts made $l_rows outbox rows ($l_app 'app', $l_sent sent), not $live 'app' rows sent"
	check_ok=0
fi
awk '{ print $1, $2 }' "$tmp/log/outbox-live.txt" >"$tmp/log/outbox-live-ids.txt"
read -r _ l_got l_dups l_missing _ _ _ < <(check_arrivals "$tmp/log/outbox-live-ids.txt" "$tmp/log/arrivals-all.txt")
if ((l_missing > 0 || l_got != live)); then
	log "CHECK FAILED: latency phase: $l_got of $live rows received, $l_missing missing"
	check_ok=0
fi
# latency: first arrival - created_at, in ms
awk 'FNR == NR { created["msg_yw" $1] = $5; next }
	($1 in created) && !($1 in seen) { seen[$1] = 1; printf "%.3f\n", ($2 - created[$1]) / 1000 }' \
	"$tmp/log/outbox-live.txt" "$tmp/log/arrivals-all.txt" | sort -n >"$tmp/log/latency-ms.txt"
pct() { awk -v p="$1" '{ v[NR] = $1 } END { i = int(NR * p / 100 + 0.999); if (i < 1) i = 1; printf "%.1f", v[i] }' "$tmp/log/latency-ms.txt"; }
lat_p50=$(pct 50)
lat_p90=$(pct 90)
lat_p99=$(pct 99)
lat_max=$(pct 100)
lat_min=$(head -n 1 "$tmp/log/latency-ms.txt")

((duration - wrk_half1 == 0)) || wrk_measure $((duration - wrk_half1))
wrk_rps=$(awk -v n="$wrk_reqs" -v u="$wrk_us" 'BEGIN { printf "%.0f", (u > 0 ? n / (u / 1e6) : 0) }')
((wrk_errs == 0)) || log "wrk: $wrk_errs errors or answers other than 2xx"
w_gw_us=$(per "$wrk_gw_us" "$wrk_reqs")
w_busy=$(awk -v m="$wrk_busy_us" -v u="$wrk_us" -v c="$(nproc)" 'BEGIN { printf "%.0f", 100 * m / u / c }')

# --- 6. the report ---------------------------------------------------------------------------------------
ratio=$(awk -v a="$dps" -v b="$wrk_rps" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
floor_ratio=$(awk -v a="$floor_dps" -v b="$wrk_rps" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
ratio_met=$(awk -v r="$ratio" -v t="$target_ratio" 'BEGIN { print (r >= t) ? "met" : "NOT met" }')
p99_met=$(awk -v p="$lat_p99" -v t="$target_p99_ms" 'BEGIN { print (p < t) ? "met" : "NOT met" }')
rev=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
[[ -z $(git -C "$root" status --porcelain --untracked-files=no 2>/dev/null) ]] || rev="$rev (modified)"
gw_window_s=$(awk -v a="$b_first" -v b="$b_last" 'BEGIN { printf "%.2f", (b - a) / 1e6 }')
printf '\nyiwang push benchmark: %s, commit %s, %s cores\n' "$(date -u +%Y-%m-%dT%H:%MZ)" "$rev" "$(nproc)"
printf 'MariaDB %s, innodb_flush_log_at_trx_commit=%s; pushd: %s process(es), %s, poll_ms %s\n' \
	"$db_version" "$flush_commit" "$pushd_procs" "${pushd_settings:-?}" "$poll_ms"
printf 'gateway: tests/bench/push-gateway.js, %s process(es), 204 at once; mean delivery %s bytes\n' \
	"$gw_workers" "$mean_len"
printf 'backlog: %s applications x %s changes = %s outbox rows (app channel, one device each)\n\n' \
	"$backlog_apps" "$per_app" "$backlog"
printf '%-44s %12s\n' "" "rate"
printf '%-44s %12s   %s rows in %s s (gateway saw first..last in %s s)\n' "pushd: backlog deliveries/s" "$dps" \
	"$backlog" "$(awk -v u="$backlog_us" 'BEGIN { printf "%.2f", u / 1e6 }')" "$gw_window_s"
printf '%-44s %12s   push-floor.c: claim, send wrk'"'"'s request, mark sent, commit; no order, render, sign, attempts\n' \
	"floor: the same rows, least work: deliveries/s" "$floor_dps"
printf '%-44s %12s   wrk -t%s -c%s %ss (runs: %s/s), same request (%s bytes), %s errors\n' \
	"wrk against the same gateway: requests/s" "$wrk_rps" "$threads" "$conns" "$duration" \
	"$(printf '%s, ' "${wrk_rates[@]}" | sed 's/, $//')" "$body_bytes" "$wrk_errs"
printf '\nbacklog, per round of pushd (%s rounds, %s rows each on average):\n' "$rounds" "$mean_batch"
printf '  %s statements executed, %s commits, %s queries in all, %s fsyncs\n' \
	"$b_exec" "$b_commit" "$b_q" "$b_fsync"
printf '  %s ms a round (wall time / rounds)' "$(awk -v u="$backlog_us" -v r="$rounds" 'BEGIN { printf "%.2f", (r ? u / r / 1000 : 0) }')"
if ((pushd_procs == 1)); then
	printf ': its requests reach the gateway within %s ms, then the gateway\n  waits %s ms for the next round (database and pushd between two rounds)\n' "$r_spread" "$r_gap"
else
	printf ' per process\n'
fi
printf 'CPU per delivery (us): pushd %s, mariadbd %s, gateway %s; machine busy %s %% (others %s %%)\n' \
	"$b_pushd_us" "$b_db_us" "$b_gw_us" "$b_busy" "$b_others"
printf 'CPU per wrk request (us): gateway %s; machine busy %s %%\n' "$w_gw_us" "$w_busy"
printf 'CPU per floor delivery (us): push-floor %s, mariadbd %s, gateway %s\n' "$f_client_us" "$f_db_us" "$f_gw_us"
printf '\nlatency, status change (outbox created_at) to the gateway, %s accepts by clerk1 through nginx\n' "$live"
printf 'at %s/s (asked %s/s; accept p99 %s ms):\n' "$accept_rate" "$rate" "$accept_p99"
printf '  min %s ms, p50 %s ms, p90 %s ms, p99 %s ms, max %s ms\n' "$lat_min" "$lat_p50" "$lat_p90" "$lat_p99" "$lat_max"
printf '\ncorrectness: backlog %s of %s received, %s missing, %s duplicates, %s out of order per application;\n' \
	"$b_got" "$backlog" "$b_missing" "$b_dups" "$b_disorder"
printf '             accepts: %s outbox rows, %s received, %s missing, %s duplicates\n' "$l_rows" "$l_got" "$l_missing" "$l_dups"
printf '\nratio deliveries/s / wrk requests/s: %s (target >= %s: %s)\n' "$ratio" "$target_ratio" "$ratio_met"
printf 'ratio floor deliveries/s / wrk requests/s: %s; pushd / floor: %s\n' "$floor_ratio" "$(awk -v a="$dps" -v b="$floor_dps" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')"
printf 'latency p99: %s ms (target < %s ms: %s)\n' "$lat_p99" "$target_p99_ms" "$p99_met"
if [[ $check_ok == 1 ]]; then
	printf 'verdict: %s deliveries/s against %s requests/s (ratio %s): target %s; p99 %s ms: target %s; nothing lost or out of order, %s duplicates\n' \
		"$dps" "$wrk_rps" "$ratio" "$ratio_met" "$lat_p99" "$p99_met" $((b_dups + l_dups))
else
	printf 'verdict: FAILED: a correctness check broke (see above)\n'
	exit 1
fi
