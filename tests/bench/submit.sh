#!/usr/bin/env bash
# tests/bench/submit.sh: the submission benchmark (issue 4). A benchmark, not a test: it prints
# figures and a verdict; it fails (exit 1) only when something cannot start, a submission
# answered anything but 201, or the database does not hold exactly one application per 201.
#
#   bash tests/bench/submit.sh         (from the repo root, or from anywhere; about 1-2 min)
#
# One run starts the fakes (tests/fakes/server.js) and its own stack (scripts/run, normal
# build, own data directory under $TMPDIR, own ports, nginx's rate limits lifted), then:
#   submissions      BENCH_CONCURRENCY Node clients (keep-alive), each a loop of
#                    POST /api/v1/applications, fresh Idempotency-Key, submit: true, form with
#                    one field and one required PDF material (a small multipart upload made
#                    once per citizen, attached again each time): create + submit in one
#                    durable transaction. tests/bench/submit.js.
#   INSERT+COMMIT    the same mariadbd, the same durability (its settings are printed), the
#                    same number of connections: mariadb-slap, each transaction one single-row
#                    INSERT and a COMMIT (--commit=1), into a scratch database. Run for half of
#                    BENCH_DURATION before the submissions and half after; the rate is the sum.
# The ratio submissions/s : INSERT+COMMIT/s has a target of at least 0.5 (issue 4). Then the
# database is checked: applications of the bench's item = 201s answered, every one submitted,
# with its number, its material, two timeline entries and its idempotency key. Last, the floor:
# as many bare single-row INSERTs in one transaction as the rows a submission wrote (counted in
# the database), by mariadb-slap: what no implementation storing those rows could beat here.
#
# Environment (all optional):
#   BENCH_DURATION (15)      seconds of submissions measured (after BENCH_WARMUP, 2 s)
#   BENCH_CONCURRENCY (16)   clients, and mariadb-slap's connections
#   BENCH_WORKERS            the apply app's workers (YIWANG_APPLY_WORKERS; default
#                            BENCH_CONCURRENCY, so that as many transactions can be in flight
#                            as in the reference)
#   BENCH_CITIZENS (32)      citizens signed in, verified and with an upload
#   BENCH_PDF_BYTES (600)    size of the material
#   BENCH_STACK_PORT (18960) the stack's nginx (YIWANG_PORT)
#   BENCH_FAKES_PORT (19960) the fakes listen on BENCH_FAKES_PORT .. +2
#   BENCH_TMP                work directory (default: a new one under $TMPDIR, removed at exit
#                            unless BENCH_KEEP=1 or the run failed)
#   BENCH_FORCE=1            start even while a scripts/test of this repository runs
#   YIWANG_BUILD_DIR (build) passed on to scripts/run (an existing configuration is kept)
set -Eeuo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
bench=$root/tests/bench
duration=${BENCH_DURATION:-15}
warmup=${BENCH_WARMUP:-2}
conc=${BENCH_CONCURRENCY:-16}
workers=${BENCH_WORKERS:-$conc}
citizens=${BENCH_CITIZENS:-32}
pdf_bytes=${BENCH_PDF_BYTES:-600}
stack_port=${BENCH_STACK_PORT:-18960}
fakes_port=${BENCH_FAKES_PORT:-19960}
build_dir=${YIWANG_BUILD_DIR:-build}
start_timeout=${BENCH_START_TIMEOUT:-600}
target=0.5

log() { printf '%s\n' "submit-bench: $*" >&2; }
die() {
	log "FAILED: $*"
	exit 1
}

[[ $duration =~ ^[0-9]+$ && $duration -ge 2 ]] || die "BENCH_DURATION must be a whole number of seconds >= 2"
[[ $warmup =~ ^[0-9]+$ ]] || die "BENCH_WARMUP must be a whole number of seconds"
[[ $conc =~ ^[0-9]+$ && $conc -ge 1 && $conc -le 256 ]] || die "BENCH_CONCURRENCY must be 1..256"
[[ $workers =~ ^[0-9]+$ && $workers -ge 1 && $workers -le 256 ]] || die "BENCH_WORKERS must be 1..256"
[[ $citizens =~ ^[0-9]+$ && $citizens -ge 1 ]] || die "BENCH_CITIZENS must be a positive number"
PATH=$PATH:/usr/sbin:/sbin
for tool in node mariadb mariadb-slap curl pgrep; do
	command -v "$tool" >/dev/null || die "$tool is not installed"
done
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$root/tests/bench/lib.sh"
for p in "$stack_port" "$fakes_port" $((fakes_port + 1)) $((fakes_port + 2)); do
	port_busy "$p" && die "something already listens on 127.0.0.1:$p (set BENCH_STACK_PORT, BENCH_FAKES_PORT)"
done
refuse_during_scripts_test

tmp=$(bench_workdir subbench)
mkdir -p "$tmp/log"
data=$tmp/data

# --- cleanup: what this script started, by pid ---------------------------------------------
stack_pid=
fakes_pid=
# shellcheck disable=SC2317 # called from the trap
cleanup() {
	local rc=$?
	trap - EXIT INT TERM ERR
	set +e
	stop_pid "$stack_pid" "scripts/run" 90
	# What a killed scripts/run left behind.
	kill_leftovers "$data"
	stop_pid "$fakes_pid" "the fakes" 10
	if [[ -z ${BENCH_TMP:-} && ${BENCH_KEEP:-0} != 1 && $rc == 0 ]]; then
		rm -rf "$tmp"
	else
		log "work directory kept (logs in log/ and data/log/): $tmp"
	fi
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
trap 'log "FAILED: line $LINENO: $BASH_COMMAND"' ERR

# --- 1. the fakes and the stack ------------------------------------------------------------
secret=$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
admin_password=bench-$(head -c 9 /dev/urandom | od -An -tx1 | tr -d ' \n')
node "$root/tests/fakes/server.js" --wechat-port "$fakes_port" --sms-port $((fakes_port + 1)) \
	--idp-port $((fakes_port + 2)) --appid wxtest --secret "$secret" \
	</dev/null >"$tmp/log/fakes.log" 2>&1 &
fakes_pid=$!
for _ in $(seq 1 100); do
	port_busy "$fakes_port" && port_busy $((fakes_port + 1)) && port_busy $((fakes_port + 2)) && break
	kill -0 "$fakes_pid" 2>/dev/null || break
	sleep 0.1
done
port_busy $((fakes_port + 2)) || die "the fakes did not start: $(tail -n 5 "$tmp/log/fakes.log")"

log "starting the stack (scripts/run, $build_dir, apply workers $workers), data in $data"
env -u YIWANG_CONFIGURE_FLAGS \
	YIWANG_PORT="$stack_port" YIWANG_DATA_DIR="$data" YIWANG_BUILD_DIR="$build_dir" \
	YIWANG_ADMIN_PASSWORD="$admin_password" YIWANG_NO_DEMO=1 YIWANG_APPLY_WORKERS="$workers" \
	YIWANG_RATE_API=100000r/s YIWANG_RATE_API_BURST=100000 \
	YIWANG_RATE_AUTH=1000r/s YIWANG_RATE_AUTH_BURST=1000 \
	YIWANG_WECHAT_API_BASE="http://127.0.0.1:$fakes_port" YIWANG_WECHAT_APPID=wxtest \
	YIWANG_WECHAT_SECRET="$secret" YIWANG_SMS_URL="http://127.0.0.1:$((fakes_port + 1))/send" \
	YIWANG_IDP_URL="http://127.0.0.1:$((fakes_port + 2))/verify" \
	YIWANG_UPSTREAM_TIMEOUT_MS=2000 YIWANG_UPSTREAM_CONNECT_TIMEOUT_MS=1000 \
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

db_socket=$data/run/mysqld.sock
db_user=root
[[ $(id -u) == 0 ]] || db_user=$(id -un)
sql() { # statements [database]
	mariadb --no-defaults --protocol=socket --socket="$db_socket" --user="$db_user" \
		--default-character-set=utf8mb4 -N -B ${2:+--database="$2"} -e "$1"
}
pid_of() { head -c 32 "$data/run/$1.pid" 2>/dev/null | tr -dc 0-9; }
apply_pid=$(pid_of apply)
nginx_pid=$(pid_of nginx)
db_pid=$(pid_of mariadb)
[[ -n $apply_pid && -n $nginx_pid && -n $db_pid ]] || die "no pid files of apply, nginx and mariadb in $data/run"
read -r db_version flush_commit sync_binlog log_bin flush_method doublewrite < <(sql \
	"SELECT @@version, @@innodb_flush_log_at_trx_commit, @@sync_binlog, @@log_bin,
	        @@innodb_flush_method, @@innodb_doublewrite")

# --- 2. the reference: single-row INSERT + COMMIT --------------------------------------------
sql "DROP DATABASE IF EXISTS ywbench_ref; CREATE DATABASE ywbench_ref;
CREATE TABLE ywbench_ref.t (
  id         BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  citizen_id BIGINT UNSIGNED NOT NULL,
  payload    VARCHAR(255)    NOT NULL,
  created_at DATETIME(6)     NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci"
slap() { # queries: prints the seconds mariadb-slap measured
	local out
	out=$(mariadb-slap --no-defaults --protocol=socket --socket="$db_socket" --user="$db_user" \
		--create-schema=ywbench_ref --no-drop --concurrency="$conc" --iterations=1 \
		--number-of-queries="$1" --commit=1 \
		--query="INSERT INTO t (citizen_id, payload, created_at) VALUES (1, 'bench', NOW(6))" 2>&1) ||
		die "mariadb-slap failed: $out"
	sed -n 's/.*Average number of seconds to run all queries: \([0-9.]*\) seconds.*/\1/p' <<<"$out"
}
db_counter() { sql "SHOW GLOBAL STATUS LIKE '$1'" | cut -f2; }
clk_tck=$(getconf CLK_TCK)
db_ticks() { sed 's/.*) //' "/proc/$db_pid/stat" | awk '{ print $12 + $13 }'; }
ref_ticks=0
ref_rows=0
ref_secs=0
ref_fsyncs=0
ref_rates=()
reference() { # seconds: runs mariadb-slap for about that long
	local secs n rows0 rows1 s f0 f1 c0 c1
	# calibration: a short run sizes the measured one
	secs=$(slap $((conc * 100)))
	n=$(awk -v q=$((conc * 100)) -v s="$secs" -v d="$1" -v c="$conc" \
		'BEGIN { r = s > 0 ? q / s : 1000; n = int(r * d / c) * c; if (n < c * 100) n = c * 100; print n }')
	rows0=$(sql "SELECT COUNT(*) FROM ywbench_ref.t")
	f0=$(db_counter Innodb_data_fsyncs)
	c0=$(db_ticks)
	s=$(slap "$n")
	c1=$(db_ticks)
	f1=$(db_counter Innodb_data_fsyncs)
	rows1=$(sql "SELECT COUNT(*) FROM ywbench_ref.t")
	[[ -n $s ]] || die "no time from mariadb-slap"
	((rows1 - rows0 == n)) || die "mariadb-slap inserted $((rows1 - rows0)) rows, not $n"
	ref_rows=$((ref_rows + n))
	ref_fsyncs=$((ref_fsyncs + f1 - f0))
	ref_ticks=$((ref_ticks + c1 - c0))
	ref_secs=$(awk -v a="$ref_secs" -v b="$s" 'BEGIN { print a + b }')
	ref_rates+=("$(awk -v n="$n" -v s="$s" 'BEGIN { printf "%.0f", n / s }')")
	log "INSERT+COMMIT: $n transactions in $s s (${ref_rates[-1]}/s)"
}
half=$(((duration + 1) / 2))
reference "$half"

# --- 3. the submissions ------------------------------------------------------------------------
log "submissions: $conc clients, ${warmup}s warm-up, ${duration}s measured"
result=$(BENCH_URL="http://127.0.0.1:$stack_port" BENCH_FAKE_SMS="http://127.0.0.1:$((fakes_port + 1))" \
	BENCH_ADMIN_PASSWORD="$admin_password" BENCH_CONCURRENCY="$conc" BENCH_CITIZENS="$citizens" \
	BENCH_DURATION="$duration" BENCH_WARMUP="$warmup" BENCH_PDF_BYTES="$pdf_bytes" \
	BENCH_CPU_PIDS="apply=$apply_pid nginx=$nginx_pid db=$db_pid" \
	BENCH_DB_SOCKET="$db_socket" BENCH_DB_USER="$db_user" \
	node "$bench/submit.js" 2> >(tee "$tmp/log/submit.log" >&2)) || die "submit.js failed"
line=$(grep '^SUBMIT ' <<<"$result") || die "no result from submit.js: $result"
printf '%s\n' "$line" >"$tmp/log/result.txt"
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<" ${line#SUBMIT }"; }
ref_rows_before=$ref_rows
reference $((duration - half))

# --- 4. the database holds exactly what was answered ----------------------------------------
item=$(field item)
run=$(field run)
total=$(field total_201)
uniq_ids=$(field unique_ids)
[[ $item =~ ^BENCH-SUBMIT-[0-9A-F]+$ && $run =~ ^[0-9a-f]+$ ]] || die "unexpected result line: $line"
read -r apps numbers submitted nonumber < <(sql "SELECT COUNT(*), COUNT(DISTINCT number),
	COALESCE(SUM(status = 'submitted' AND submitted_at IS NOT NULL), 0), COALESCE(SUM(number IS NULL), 0)
	FROM applications WHERE item_code = '$item'" yiwang)
materials=$(sql "SELECT COUNT(*) FROM application_materials m JOIN applications a
	ON a.id = m.application_id WHERE a.item_code = '$item' AND m.material_id = 'm1'" yiwang)
timeline=$(sql "SELECT COUNT(*) FROM application_timeline t JOIN applications a
	ON a.id = t.application_id WHERE a.item_code = '$item'" yiwang)
keys=$(sql "SELECT COUNT(*) FROM idempotency_keys WHERE idem_key LIKE 'b-$run-%' AND status = 201" yiwang)
check_ok=1
expect_eq() { # what got expected
	if [[ $2 != "$3" ]]; then
		log "CHECK FAILED: $1: $2 in the database, $3 expected"
		check_ok=0
	fi
}
expect_eq "applications of $item" "$apps" "$total"
expect_eq "distinct application ids answered" "$uniq_ids" "$total"
expect_eq "distinct numbers" "$numbers" "$total"
expect_eq "submitted applications" "${submitted:-0}" "$total"
expect_eq "applications without a number" "${nonumber:-0}" 0
expect_eq "attached materials" "$materials" "$total"
expect_eq "timeline entries (draft + submitted)" "$timeline" $((total * 2))
expect_eq "idempotency keys stored" "$keys" "$total"

# --- 5. the floor: the rows a submission writes, as bare INSERTs in one transaction -----------
# Every row the submissions left (application, material, timeline, key, inbox entry, outbox
# rows), per submission, plus the supervision counter each one adds to; written as that many
# single-row INSERTs into tables of the reference's shape (no secondary index, no constraint),
# in one transaction, by mariadb-slap with the same connections. No read, no HTTP, no nginx,
# no app: the most that any implementation keeping those rows in one durable transaction
# could reach on this machine.
read -r inbox outbox < <(sql "SELECT (SELECT COUNT(*) FROM notifications n JOIN applications a
	ON a.id = n.application_id WHERE a.item_code = '$item'), (SELECT COUNT(*) FROM outbox o
	JOIN applications a ON a.id = o.application_id WHERE a.item_code = '$item')" yiwang)
floor_rows=$(awk -v a="$apps" -v r="$((apps + materials + timeline + keys + inbox + outbox))" \
	'BEGIN { printf "%d", (a > 0 ? r / a + 0.5 : 0) + 1 }')
floor_rps=0
if ((floor_rows > 1)); then
	floor_q=
	for ((k = 1; k <= floor_rows; k++)); do
		sql "CREATE TABLE ywbench_ref.t$k LIKE ywbench_ref.t"
		floor_q+="INSERT INTO t$k (citizen_id, payload, created_at) VALUES (1, 'bench', NOW(6));"
	done
	floor_tx=$((conc * 300))
	out=$(mariadb-slap --no-defaults --protocol=socket --socket="$db_socket" --user="$db_user" \
		--create-schema=ywbench_ref --no-drop --concurrency="$conc" --iterations=1 \
		--number-of-queries=$((floor_tx * floor_rows)) --commit="$floor_rows" --delimiter=";" \
		--query="$floor_q" 2>&1) || die "mariadb-slap failed: $out"
	floor_s=$(sed -n 's/.*Average number of seconds to run all queries: \([0-9.]*\) seconds.*/\1/p' <<<"$out")
	floor_n=$(sql "SELECT COUNT(*) FROM ywbench_ref.t$floor_rows")
	((floor_n == floor_tx)) || die "the floor run inserted $floor_n rows into t$floor_rows, not $floor_tx"
	floor_rps=$(awk -v n="$floor_tx" -v s="$floor_s" 'BEGIN { printf "%.1f", (s > 0 ? n / s : 0) }')
	log "floor: $floor_tx transactions of $floor_rows INSERTs in $floor_s s (${floor_rps}/s)"
fi
sql "DROP DATABASE ywbench_ref"

# --- 6. the report -----------------------------------------------------------------------------
rps=$(field rps)
ref_rps=$(awk -v n="$ref_rows" -v s="$ref_secs" 'BEGIN { printf "%.1f", (s > 0 ? n / s : 0) }')
ratio=$(awk -v a="$rps" -v b="$ref_rps" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
met=$(awk -v r="$ratio" -v t="$target" 'BEGIN { print (r >= t) ? "met" : "NOT met" }')
ms() { awk -v v="$1" 'BEGIN { printf "%.2f", v / 1000 }'; }
per() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
ref_fsyncs=$(per "$ref_fsyncs" "$ref_rows")
app_fsyncs=$(field db_Innodb_data_fsyncs)
ref_db_us=$(awk -v t="$ref_ticks" -v h="$clk_tck" -v n="$ref_rows" 'BEGIN { printf "%.1f", (n > 0 ? t * 1e6 / h / n : 0) }')
errors=$(field errors)
rev=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
[[ -z $(git -C "$root" status --porcelain --untracked-files=no 2>/dev/null) ]] || rev="$rev (modified)"

printf '\nyiwang submission benchmark: %s, commit %s, %s cores\n' "$(date -u +%Y-%m-%dT%H:%MZ)" "$rev" "$(nproc)"
printf 'MariaDB %s: innodb_flush_log_at_trx_commit=%s, sync_binlog=%s, log_bin=%s, flush_method=%s, doublewrite=%s\n' \
	"$db_version" "$flush_commit" "$sync_binlog" "$log_bin" "$flush_method" "$doublewrite"
printf '%s clients / connections, apply workers %s, %s citizens, a %s-byte PDF; %ss measured after %ss warm-up\n\n' \
	"$conc" "$workers" "$citizens" "$pdf_bytes" "$(field seconds)" "$warmup"
row() { printf '%-30s %9s %7s %7s %7s %9s %10s %6s\n' "$@"; }
row name "tx/s" "p50 ms" "p90 ms" "p99 ms" "fsyncs/tx" "db us/tx" errors
row "submissions (create + submit)" "$rps" "$(ms "$(field p50_us)")" "$(ms "$(field p90_us)")" \
	"$(ms "$(field p99_us)")" "$app_fsyncs" "$(field db_cpu_us)" "$errors"
row "INSERT+COMMIT (mariadb-slap)" "$ref_rps" - - - "$ref_fsyncs" "$ref_db_us" 0
row "floor: $floor_rows INSERTs, 1 COMMIT" "$floor_rps" - - - - - 0
printf '  (INSERT+COMMIT before the submissions %s/s, after %s/s; %s + %s transactions)\n' \
	"${ref_rates[0]}" "${ref_rates[1]}" "$ref_rows_before" $((ref_rows - ref_rows_before))
printf 'db us/tx: CPU time of mariadbd per transaction, in microseconds\n'
printf '\nper submission: %s prepared statements, %s commits, %s queries; CPU us: apply %s, nginx %s, mariadbd %s, client %s\n' \
	"$(field db_Com_stmt_execute)" "$(field db_Com_commit)" "$(field db_Questions)" \
	"$(field apply_cpu_us)" "$(field nginx_cpu_us)" "$(field db_cpu_us)" "$(field client_cpu_us)"
[[ $errors == 0 ]] || printf 'errors by status (0: connection error; -1, -2, -3: a 201 with no submitted application, with one answered before, replayed): %s\n' "$(field error_statuses)"
if [[ $check_ok == 1 ]]; then
	printf 'database: %s applications = %s answered 201 (whole run), each submitted once with its number, material, timeline and key\n' "$apps" "$total"
else
	printf 'database: CHECK FAILED (see above): %s applications for %s answered 201\n' "$apps" "$total"
fi
floor_ratio=$(awk -v a="$floor_rps" -v b="$ref_rps" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
printf 'floor: the %s rows a submission writes (application, material, timeline, key, inbox, outbox, counter) as bare single-row INSERTs in one transaction: %s tx/s, ratio %s\n' \
	"$floor_rows" "$floor_rps" "$floor_ratio"
printf '\nratio submissions / INSERT+COMMIT: %s (target >= %s: %s; the floor above: %s)\n' "$ratio" "$target" "$met" "$floor_ratio"
if [[ $check_ok == 1 && $errors == 0 ]]; then
	printf 'verdict: %s submissions/s against %s INSERT+COMMIT/s, ratio %s: target %s; no errors, none lost or duplicated\n' \
		"$rps" "$ref_rps" "$ratio" "$met"
else
	printf 'verdict: FAILED: %s errors, database check %s\n' "$errors" "$([[ $check_ok == 1 ]] && echo ok || echo failed)"
	exit 1
fi
