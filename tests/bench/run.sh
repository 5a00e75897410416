#!/usr/bin/env bash
# tests/bench/run.sh: the catalog benchmark (issue 2). A benchmark, not a test: it prints
# figures and fails only when something cannot start or the reference disagrees.
#
#   bash tests/bench/run.sh            (from the repo root, or from anywhere)
#
# One run, one nginx of its own on 127.0.0.1 (no fastcgi_keep_conn), wrk -t2 -c32:
#   item (cached)     GET /api/v1/items/{code}, cycling over every item: the stack's catalog
#   item (uncached)   the same against a second catalog with YIWANG_CATALOG_CACHE=0
#   item (reference)  the same against reference/reference.c: plain libfcgi + Connector/C
#   search (cached / uncached / reference)   GET /api/v1/items?q=<BENCH_QUERY>
#   floor             reference/floor.c: a fixed body of the average item detail's size
#   ceiling           nginx `return 200` of that same body
# plus MariaDB statements per request (Com_stmt_execute, Com_select) over sequential requests.
#
# Environment (all optional):
#   BENCH_DURATION (10)  seconds per measurement, after a 2 s warm-up (BENCH_WARMUP)
#   BENCH_CONNECTIONS (32), BENCH_THREADS (2), BENCH_QUERY (登记), BENCH_SEQUENTIAL (1000)
#   BENCH_PORT (18900)   the bench's nginx listens on BENCH_PORT .. BENCH_PORT+4
#   BENCH_STACK_PORT (18950)  YIWANG_PORT of the stack that scripts/run starts
#   BENCH_TMP            work directory (default: a new one under $TMPDIR, removed at exit
#                        unless BENCH_KEEP=1 or the run failed)
#   BENCH_STACK_DATA_DIR use an already running stack (its YIWANG_DATA_DIR) instead of
#                        starting one
#   BENCH_OWN_STACK=1    use tests/bench/own-stack.sh even when scripts/run exists
#   YIWANG_BUILD_DIR     passed on to scripts/run
set -Eeuo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
bench=$root/tests/bench
duration=${BENCH_DURATION:-10}
warmup=${BENCH_WARMUP:-2}
conns=${BENCH_CONNECTIONS:-32}
threads=${BENCH_THREADS:-2}
query=${BENCH_QUERY:-登记}
sequential=${BENCH_SEQUENTIAL:-1000}
port=${BENCH_PORT:-18900}
stack_port=${BENCH_STACK_PORT:-18950}
start_timeout=${BENCH_START_TIMEOUT:-600}

if [[ -n ${BENCH_TMP:-} ]]; then
	tmp=$BENCH_TMP
	mkdir -p "$tmp"
else
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/yiwang-bench.XXXXXX")
fi
tmp=$(cd "$tmp" && pwd)
# scripts/run's nginx workers (www-data when run as root) must traverse it to the sockets.
chmod o+x "$tmp"
mkdir -p "$tmp/build" "$tmp/log" "$tmp/sock" "$tmp/verify" "$tmp/nginx/tmp"

log() { printf '%s\n' "bench: $*" >&2; }
die() {
	log "FAILED: $*"
	exit 1
}

for tool in wrk nginx curl gcc pkg-config mariadb pgrep; do
	command -v "$tool" >/dev/null || die "$tool is not installed"
done
for ((p = port; p <= port + 4; p++)); do
	if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
		die "something already listens on 127.0.0.1:$p (set BENCH_PORT)"
	fi
done

# --- cleanup: every process this script started, by pid --------------------------------
started=() # "pid:name", in start order; stopped in reverse
# shellcheck disable=SC2317 # called from the trap
cleanup() {
	local rc=$? i pid
	trap - EXIT INT TERM
	for ((i = ${#started[@]} - 1; i >= 0; i--)); do
		pid=${started[i]%%:*}
		kill -TERM "$pid" 2>/dev/null || true
	done
	for ((i = ${#started[@]} - 1; i >= 0; i--)); do
		pid=${started[i]%%:*}
		for _ in $(seq 1 150); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
		if kill -0 "$pid" 2>/dev/null; then
			log "${started[i]#*:} (pid $pid) did not stop; killing it"
			kill -KILL "$pid" 2>/dev/null || true
		fi
	done
	if [[ -z ${BENCH_TMP:-} && ${BENCH_KEEP:-0} != 1 && $rc == 0 ]]; then
		rm -rf "$tmp"
	else
		log "work directory kept (logs in log/): $tmp"
	fi
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
trap 'log "FAILED: line $LINENO: $BASH_COMMAND"' ERR

wait_socket() { # path seconds
	local i
	for ((i = 0; i < $2 * 10; i++)); do
		[[ -S $1 ]] && return 0
		sleep 0.1
	done
	return 1
}

# --- 1. build the reference programs ---------------------------------------------------
log "building the reference programs into $tmp/build"
cflags=(-O2 -std=c11 -Wall -Wextra -fstack-protector-strong -D_FORTIFY_SOURCE=2)
read -ra pc_cflags <<<"$(pkg-config --cflags libmariadb jansson)"
read -ra pc_libs <<<"$(pkg-config --libs libmariadb jansson)"
for prog in reference floor; do
	gcc "${cflags[@]}" "${pc_cflags[@]}" -o "$tmp/build/$prog" "$bench/reference/$prog.c" \
		"${pc_libs[@]}" -lfcgi || die "cannot build $prog"
done

# --- 2. the yiwang stack ---------------------------------------------------------------
if [[ -n ${BENCH_STACK_DATA_DIR:-} ]]; then
	data=$BENCH_STACK_DATA_DIR
	log "using the running stack in $data"
else
	data=$tmp/data
	if [[ -x $root/scripts/run && ${BENCH_OWN_STACK:-0} != 1 ]]; then
		stack_cmd=("$root/scripts/run")
	else
		log "using tests/bench/own-stack.sh in place of scripts/run"
		stack_cmd=(bash "$bench/own-stack.sh")
	fi
	log "starting the stack (${stack_cmd[*]}), data in $data"
	YIWANG_PORT=$stack_port YIWANG_DATA_DIR=$data \
		YIWANG_ADMIN_PASSWORD=${YIWANG_ADMIN_PASSWORD:-bench-$(head -c 9 /dev/urandom | od -An -tx1 | tr -d ' \n')} \
		"${stack_cmd[@]}" >"$tmp/log/stack.log" 2>&1 &
	started+=("$!:stack")
	stack_pid=$!
	for ((t = 0; t < start_timeout * 5; t++)); do
		grep -qs "yiwang serving on" "$tmp/log/stack.log" && break
		kill -0 "$stack_pid" 2>/dev/null || { tail -n 30 "$tmp/log/stack.log" >&2; die "the stack stopped while starting"; }
		sleep 0.2
	done
	grep -q "yiwang serving on" "$tmp/log/stack.log" || die "the stack did not start in ${start_timeout}s"
fi

catalog_pid=$(cat "$data/run/catalog.pid" 2>/dev/null) || die "no $data/run/catalog.pid"
kill -0 "$catalog_pid" 2>/dev/null || die "the catalog (pid $catalog_pid) is not running"

# How the stack runs its catalog: binary, config file, YIWANG_* environment.
# (The running binary itself, even when a rebuild has replaced the file since it started.)
catalog_bin=$(readlink "/proc/$catalog_pid/exe" 2>/dev/null || true)
[[ -x $catalog_bin ]] || catalog_bin=/proc/$catalog_pid/exe
mapfile -t catalog_argv < <(tr '\0' '\n' <"/proc/$catalog_pid/cmdline")
conf=$data/yiwang.conf
for ((i = 0; i + 1 < ${#catalog_argv[@]}; i++)); do
	[[ ${catalog_argv[i]} == -c ]] && conf=${catalog_argv[i + 1]}
done
[[ -r $conf ]] || die "cannot read $conf"
mapfile -t catalog_env < <(tr '\0' '\n' <"/proc/$catalog_pid/environ" | grep '^YIWANG_' || true)

conf_get() { # key: the last "key = value" of the config file
	sed -n "s/^[[:space:]]*$1[[:space:]]*=[[:space:]]*//p" "$conf" | tail -n 1
}
catalog_sock=
for kv in "${catalog_env[@]}"; do
	[[ $kv == YIWANG_CATALOG_SOCKET=* ]] && catalog_sock=${kv#*=}
done
[[ -n $catalog_sock ]] || catalog_sock=$(conf_get 'catalog\.socket')
[[ -n $catalog_sock ]] || catalog_sock=$(conf_get socket)
[[ -n $catalog_sock ]] || catalog_sock=$data/run/sock/catalog.sock
[[ -S $catalog_sock ]] || die "no catalog socket at $catalog_sock"
# The catalog's database account, for MariaDB's counters (and its pid, for its CPU time).
mycnf=$tmp/my.cnf
(
	umask 077
	db_user=$(conf_get 'catalog\.db_user')
	db_password=$(conf_get 'catalog\.db_password')
	printf '[client]\nsocket=%s\nuser=%s\npassword=%s\n' "$(conf_get db_socket)" \
		"${db_user:-$(conf_get db_user)}" "${db_password:-$(conf_get db_password)}" >"$mycnf"
)
db_pid=$(cat "$data/run/mariadb.pid" 2>/dev/null || true)
if ! kill -0 "${db_pid:-0}" 2>/dev/null; then
	db_pid=$(cat "$(mariadb --defaults-file="$mycnf" -N -B -e 'SELECT @@pid_file' 2>/dev/null)" 2>/dev/null || true)
fi
kill -0 "${db_pid:-0}" 2>/dev/null || db_pid=
workers=$(pgrep -c -P "$catalog_pid" || true)
[[ $workers -ge 1 ]] || workers=2
log "catalog: $catalog_bin -c $conf, $workers workers, socket $catalog_sock"

# --- 3. the uncached catalog, the reference ----------------------------------------------
nocache_sock=$tmp/sock/nocache.sock
ref_sock=$tmp/sock/reference.sock
floor_sock=$tmp/sock/floor.sock
(
	for kv in "${catalog_env[@]}"; do export "${kv?}"; done
	export YIWANG_CATALOG_CACHE=0 YIWANG_CATALOG_SOCKET=$nocache_sock \
		YIWANG_CATALOG_METRICS_DIR=$tmp/metrics-nocache YIWANG_CATALOG_WORKERS=$workers
	exec "$catalog_bin" -c "$conf"
) 2>"$tmp/log/catalog-nocache.log" &
started+=("$!:uncached catalog")
nocache_pid=$!
"$tmp/build/reference" -c "$conf" -s "$ref_sock" -w "$workers" 2>"$tmp/log/reference.log" &
started+=("$!:reference")
ref_pid=$!
wait_socket "$nocache_sock" 10 || die "the uncached catalog did not start (see $tmp/log/catalog-nocache.log)"
wait_socket "$ref_sock" 10 || die "the reference did not start"

# --- 4. nginx: one server per target, same settings ------------------------------------
ngx=$tmp/nginx
user_line=
[[ $(id -u) == 0 ]] && user_line="user $(id -un) $(id -gn);"
write_ceiling() { # body
	printf "default_type \"application/json; charset=utf-8\";\nadd_header ETag '\"1\"';\nadd_header Cache-Control \"public, max-age=60\";\nreturn 200 '%s';\n" "$1" >"$ngx/ceiling.conf"
}
write_ceiling '{}'
fcgi_server() { # port socket
	cat <<EOF
  server {
    listen 127.0.0.1:$1;
    location / {
      include /etc/nginx/fastcgi_params;
      fastcgi_pass unix:$2;
    }
  }
EOF
}
cat >"$ngx/nginx.conf" <<EOF
# written by tests/bench/run.sh
$user_line
worker_processes ${BENCH_NGINX_WORKERS:-auto};
error_log $ngx/error.log warn;
pid $ngx/nginx.pid;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $ngx/tmp/body; fastcgi_temp_path $ngx/tmp/fastcgi;
  proxy_temp_path $ngx/tmp/proxy; uwsgi_temp_path $ngx/tmp/uwsgi; scgi_temp_path $ngx/tmp/scgi;
  keepalive_requests 100000;
$(fcgi_server "$port" "$catalog_sock")
$(fcgi_server $((port + 1)) "$nocache_sock")
$(fcgi_server $((port + 2)) "$ref_sock")
$(fcgi_server $((port + 3)) "$floor_sock")
  server {
    listen 127.0.0.1:$((port + 4));
    location / {
      include $ngx/ceiling.conf;
    }
  }
}
EOF
nginx -t -q -p "$ngx" -e "$ngx/error.log" -c "$ngx/nginx.conf" || die "nginx configuration"
nginx -p "$ngx" -e "$ngx/error.log" -c "$ngx/nginx.conf" -g 'daemon off;' &
started+=("$!:nginx")
nginx_pid=$!
for _ in $(seq 1 50); do
	curl -sf -o /dev/null "http://127.0.0.1:$port/healthz" && break
	kill -0 "$nginx_pid" 2>/dev/null || break
	sleep 0.1
done
curl -sf -o /dev/null "http://127.0.0.1:$port/healthz" ||
	die "no answer from the bench's nginx on port $port: $(tail -n 3 "$ngx/error.log" 2>/dev/null)"
url_cached=http://127.0.0.1:$port
url_nocache=http://127.0.0.1:$((port + 1))
url_ref=http://127.0.0.1:$((port + 2))
url_floor=http://127.0.0.1:$((port + 3))
url_ceiling=http://127.0.0.1:$((port + 4))

# --- 5. every item code, then the same bytes from all three -----------------------------
codes=$tmp/codes.txt
list_codes() {
	local cursor='' page
	: >"$codes"
	for _ in $(seq 1 1000); do
		page=$(curl -sf "$url_cached/api/v1/items?limit=100${cursor:+&cursor=$cursor}") || die "GET /api/v1/items failed"
		{ grep -o '"code":"[A-Za-z0-9_-]*"' <<<"$page" || true; } | cut -d'"' -f4 >>"$codes"
		cursor=$(grep -o '"next_cursor":"[^"]*"' <<<"$page" | cut -d'"' -f4 || true)
		[[ -n $cursor ]] || break
	done
	ncodes=$(wc -l <"$codes")
}
list_codes
if ((ncodes < 10)) && [[ -z ${BENCH_STACK_DATA_DIR:-} ]]; then
	# No demo data (yet): the bench's own 40 items, written as MariaDB's root over the socket.
	log "only $ncodes items: adding tests/bench/seed.sql"
	mariadb --no-defaults --socket="$(conf_get db_socket)" -uroot "$(conf_get db_name)" \
		<"$bench/seed.sql" || die "cannot load tests/bench/seed.sql"
	sleep 0.7 # the catalog's cache notices the new generation within 500 ms
	list_codes
fi
((ncodes > 0)) || die "the catalog lists no items"
q_enc=$(printf '%s' "$query" | od -An -tx1 | tr -d ' \n' | sed 's/../%&/g' | tr 'a-f' 'A-F')
search_path="/api/v1/items?q=$q_enc"
log "$ncodes items; search path $search_path"

fetch_all() { # base-url dir: every item and the search into dir/
	local cfg=$tmp/verify/$2.curl code
	mkdir -p "$tmp/verify/$2"
	: >"$cfg"
	while read -r code; do
		printf 'url = "%s/api/v1/items/%s"\noutput = "%s/%s.json"\n' "$1" "$code" "$tmp/verify/$2" "$code" >>"$cfg"
	done <"$codes"
	printf 'url = "%s%s"\noutput = "%s/search.json"\n' "$1" "$search_path" "$tmp/verify/$2" >>"$cfg"
	curl -sf -K "$cfg" || die "fetching the items from $1 failed"
	curl -sf -D "$tmp/verify/$2.headers" -o /dev/null "$1/api/v1/items/$(head -n 1 "$codes")"
}
fetch_all "$url_cached" cached
fetch_all "$url_nocache" uncached
fetch_all "$url_ref" reference
mismatch=0
while read -r code; do
	for other in uncached reference; do
		if ! cmp -s "$tmp/verify/cached/$code.json" "$tmp/verify/$other/$code.json"; then
			log "WARNING: /api/v1/items/$code: the $other body differs from the catalog's"
			mismatch=1
		fi
	done
done < <(cat "$codes" - <<<"search")
header_names() { tr -d '\r' <"$1" | sed -n 's/^\([A-Za-z-]*\):.*/\1/p' | grep -vix -e date -e server -e connection | sort | tr '\n' ' '; }
header_value() { tr -d '\r' <"$1" | sed -n "s/^$2: //Ip"; }
if [[ $(header_names "$tmp/verify/cached.headers") != "$(header_names "$tmp/verify/reference.headers")" ]]; then
	log "WARNING: header names differ: catalog: $(header_names "$tmp/verify/cached.headers")/ reference: $(header_names "$tmp/verify/reference.headers")"
	mismatch=1
fi
if [[ $(header_value "$tmp/verify/cached.headers" etag) != "$(header_value "$tmp/verify/reference.headers" etag)" ]]; then
	log "WARNING: the ETag differs"
	mismatch=1
fi
[[ $mismatch == 0 ]] || die "the reference does not answer the same bytes as the catalog (the bodies are in $tmp/verify)"
search_hits=$(grep -o '"code":"' "$tmp/verify/cached/search.json" | wc -l)
[[ $search_hits -gt 0 ]] || log "WARNING: the search for $query finds nothing"
total_bytes=0
while read -r code; do
	total_bytes=$((total_bytes + $(wc -c <"$tmp/verify/cached/$code.json")))
done <"$codes"
avg_bytes=$((total_bytes / ncodes))
log "bodies identical (catalog cached, uncached, reference: $ncodes items + search with $search_hits hits); average item detail $avg_bytes bytes"

# --- 6. the floor and the ceiling, with a body of that size ----------------------------
"$tmp/build/floor" -s "$floor_sock" -b "$avg_bytes" -w "$workers" 2>"$tmp/log/floor.log" &
started+=("$!:floor")
floor_pid=$!
wait_socket "$floor_sock" 10 || die "the floor did not start"
body=$(curl -sf "$url_floor/")
[[ ${#body} == "$avg_bytes" ]] || die "the floor's body is ${#body} bytes, not $avg_bytes"
write_ceiling "$body"
kill -HUP "$nginx_pid"
for _ in $(seq 1 50); do
	[[ $(curl -s "$url_ceiling/" | wc -c) == "$avg_bytes" ]] && break
	sleep 0.1
done
[[ $(curl -s "$url_ceiling/" | wc -c) == "$avg_bytes" ]] || die "the nginx ceiling did not reload"

# --- 7. measurements -----------------------------------------------------------------
rss_kb() { # pid: VmRSS of the process and its children, in kB
	local total=0 p kb
	for p in "$1" $(pgrep -P "$1" || true); do
		kb=$(sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\).*/\1/p' "/proc/$p/status" 2>/dev/null || true)
		total=$((total + ${kb:-0}))
	done
	echo "$total"
}
clk_tck=$(getconf CLK_TCK)
cpu_ns() { # pid: CPU time (all threads) of the process and its children so far, in ns
	local total=0 p ticks
	for p in "$1" $(pgrep -P "$1" || true); do
		ticks=$(sed 's/.*) //' "/proc/$p/stat" 2>/dev/null | awk '{ print $12 + $13 }' || true)
		total=$((total + ${ticks:-0} * 1000000000 / clk_tck))
	done
	echo "$total"
}
results=()
measure() { # name url pid mode(items|search)
	local name=$1 url=$2 pid=$3 line out cpu0 cpu1 ngx0 ngx1 db0 db1 n
	local -a env=(BENCH_CODES="$codes" BENCH_PATH=)
	[[ $4 == search ]] && env=(BENCH_CODES= BENCH_PATH="$search_path")
	env "${env[@]}" wrk -t"$threads" -c"$conns" -d"${warmup}s" -s "$bench/bench.lua" "$url" >/dev/null 2>&1 || true
	cpu0=$(cpu_ns "$pid")
	ngx0=$(cpu_ns "$nginx_pid")
	db0=$([[ -n $db_pid ]] && cpu_ns "$db_pid" || echo 0)
	out=$(env "${env[@]}" wrk -t"$threads" -c"$conns" -d"${duration}s" --latency -s "$bench/bench.lua" "$url" 2>&1) || die "wrk failed for $name: $out"
	cpu1=$(cpu_ns "$pid")
	ngx1=$(cpu_ns "$nginx_pid")
	db1=$([[ -n $db_pid ]] && cpu_ns "$db_pid" || echo 0)
	line=$(grep '^BENCH ' <<<"$out") || die "no result from wrk for $name: $out"
	n=$(sed -n 's/.*requests=\([0-9]*\).*/\1/p' <<<"$line")
	((n > 0)) || n=1
	# the ceiling's "app" is nginx itself
	[[ $pid == "$nginx_pid" ]] && ngx1=$ngx0
	results+=("name=$name ${line#BENCH } rss_kb=$(rss_kb "$pid") app_ns=$(((cpu1 - cpu0) / n)) nginx_ns=$(((ngx1 - ngx0) / n)) db_ns=$(((db1 - db0) / n))")
	log "$name: ${line#BENCH }"
}
log "measuring: ${duration}s each after ${warmup}s of warm-up, $threads threads, $conns connections"
measure "item cached" "$url_cached" "$catalog_pid" items
measure "item uncached" "$url_nocache" "$nocache_pid" items
measure "item reference" "$url_ref" "$ref_pid" items
measure "search cached" "$url_cached" "$catalog_pid" search
measure "search uncached" "$url_nocache" "$nocache_pid" search
measure "search reference" "$url_ref" "$ref_pid" search
measure "floor" "$url_floor" "$floor_pid" items
measure "ceiling (nginx)" "$url_ceiling" "$nginx_pid" items

# --- 8. database statements per request ----------------------------------------------
db_status() { # "Com_stmt_execute Com_select"
	mariadb --defaults-file="$mycnf" -N -B -e \
		"SHOW GLOBAL STATUS WHERE Variable_name IN ('Com_stmt_execute','Com_select')" |
		sort | awk '{printf "%s ", $2}'
}
queries=()
count_queries() { # name url path-kind
	local cfg=$tmp/sequential-${#queries[@]}.curl n=0 code before after ok
	: >"$cfg"
	while ((n < sequential)); do
		while read -r code && ((n < sequential)); do
			if [[ $3 == search ]]; then
				printf 'url = "%s%s"\noutput = "/dev/null"\n' "$2" "$search_path" >>"$cfg"
			else
				printf 'url = "%s/api/v1/items/%s"\noutput = "/dev/null"\n' "$2" "$code" >>"$cfg"
			fi
			n=$((n + 1))
		done <"$codes"
	done
	before=$(db_status)
	ok=$(curl -s -w '%{http_code}\n' -K "$cfg" | grep -c '^200$' || true)
	after=$(db_status)
	queries+=("$(awk -v b="$before" -v a="$after" -v n="$sequential" -v name="$1" -v ok="$ok" 'BEGIN {
		split(b, x, " "); split(a, y, " ");
		# sorted: Com_select, Com_stmt_execute
		printf "%-18s %7.2f %7.2f   (%d sequential requests, %d answered 200)", name,
			(y[2] - x[2]) / n, (y[1] - x[1]) / n, n, ok }')")
}
if db_status >/dev/null 2>&1; then
	count_queries "item uncached" "$url_nocache" items
	count_queries "item reference" "$url_ref" items
	count_queries "item cached" "$url_cached" items
	count_queries "search uncached" "$url_nocache" search
else
	log "WARNING: cannot read MariaDB's status counters; no statement counts"
fi

# --- 9. the report -----------------------------------------------------------------------
field() { # record key
	sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<<" $1"
}
declare -A rps p50 p99
rev=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
[[ -z $(git -C "$root" status --porcelain --untracked-files=no 2>/dev/null) ]] || rev="$rev (modified)"
printf '\nyiwang catalog benchmark: %s, commit %s, %s cores\n' "$(date -u +%Y-%m-%dT%H:%MZ)" "$rev" "$(nproc)"
printf 'wrk -t%s -c%s -d%ss (after %ss warm-up), nginx %s worker(s), no fastcgi_keep_conn, app workers %s\n' \
	"$threads" "$conns" "$duration" "$warmup" "$(pgrep -c -P "$nginx_pid" || true)" "$workers"
printf '%s items, average item detail %s bytes; search q=%s (%s hits)\n\n' "$ncodes" "$avg_bytes" "$query" "$search_hits"
printf '%-18s %10s %8s %8s %8s %8s %8s %8s %7s\n' name requests/s "p50 ms" "p99 ms" "RSS MiB" "app us" "ngx us" "db us" errors
for r in "${results[@]}"; do
	n=$(sed -n 's/^name=\(.*\) requests=.*/\1/p' <<<"$r")
	rps[$n]=$(field "$r" rps)
	p50[$n]=$(field "$r" p50_us)
	p99[$n]=$(field "$r" p99_us)
	errs=$(($(field "$r" errors) + $(field "$r" non2xx)))
	awk -v n="$n" -v r="${rps[$n]}" -v a="${p50[$n]}" -v b="${p99[$n]}" -v m="$(field "$r" rss_kb)" -v e="$errs" \
		-v c="$(field "$r" app_ns)" -v g="$(field "$r" nginx_ns)" -v d="$(field "$r" db_ns)" \
		'BEGIN { printf "%-18s %10.0f %8.2f %8.2f %8.1f %8.1f %8.1f %8.1f %7d\n", n, r, a / 1000, b / 1000, m / 1024, c / 1000, g / 1000, d / 1000, e }'
	[[ $errs == 0 ]] || log "WARNING: $n had $errs errors or non-2xx answers"
done
printf 'RSS: the app'"'"'s master + workers after the run (nginx for the ceiling). app us, ngx us, db us: CPU time\n'
printf 'per request of the app (master + workers), of nginx and of mariadbd, in microseconds\n'
ratio() { # label a b target
	awk -v l="$1" -v a="$2" -v b="$3" -v t="$4" 'BEGIN {
		r = b > 0 ? a / b : 0
		printf "%-44s %6.2f", l, r
		if (t != "") printf "   (target >= %s: %s)", t, r >= t ? "met" : "NOT met"
		printf "\n" }'
}
printf '\nratios (requests/s)\n'
ratio "item uncached / item reference" "${rps[item uncached]}" "${rps[item reference]}" 0.9
ratio "item cached / floor" "${rps[item cached]}" "${rps[floor]}" 0.8
ratio "floor / ceiling" "${rps[floor]}" "${rps[ceiling (nginx)]}" ""
ratio "search uncached / search reference" "${rps[search uncached]}" "${rps[search reference]}" ""
ratio "search cached / floor" "${rps[search cached]}" "${rps[floor]}" ""
ratio "item cached / item uncached" "${rps[item cached]}" "${rps[item uncached]}" ""
p99_cached=${p99[item cached]}
if ((p99_cached < 10000)); then yes=yes; else yes=no; fi
printf '%-44s %s (p99 %.2f ms)\n' "item cached: p99 under 10 ms at $conns conns" "$yes" "$(awk -v v="$p99_cached" 'BEGIN { print v / 1000 }')"
if ((${#queries[@]} > 0)); then
	printf '\nMariaDB statements per request (target for item uncached: <= 2); execute = Com_stmt_execute,\n'
	printf 'select = Com_select (global counters; a prepared SELECT counts in both)\n'
	printf '%-18s %7s %7s\n' name execute select
	printf '%s\n' "${queries[@]}"
fi
