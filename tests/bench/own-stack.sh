#!/usr/bin/env bash
# own-stack.sh: a minimal stand-in for scripts/run, used by tests/bench/run.sh only when
# scripts/run is absent (or BENCH_OWN_STACK=1). It starts what the benchmark needs and no
# more: a private MariaDB with the migrations and demo data (or tests/bench/seed.sql), the
# SELECT-only user yw_catalog, and the catalog app. Same interface as scripts/run:
# YIWANG_DATA_DIR, YIWANG_BUILD_DIR; writes $YIWANG_DATA_DIR/yiwang.conf and
# $YIWANG_DATA_DIR/run/<name>.pid; prints "yiwang serving on ..." when ready (there is no
# nginx here: the benchmark brings its own); stops everything on SIGTERM/SIGINT.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
data=${YIWANG_DATA_DIR:?YIWANG_DATA_DIR is required}
build=${YIWANG_BUILD_DIR:-$root/build}
catalog_bin=$build/fcgi-apps/catalog/yiwang-catalog
run=$data/run
sock=$run/mysqld.sock
me=$(id -un)

mkdir -p "$run/sock" "$data/log"
chmod 0700 "$data"

if [[ ! -x $catalog_bin ]]; then
	echo "own-stack: building into $build" >&2
	mkdir -p "$build"
	(cd "$build" && { [[ -f Makefile ]] || "$root/configure" -q; } && make -j2 >"$data/log/build.log" 2>&1)
fi

mariadb_pid='' catalog_pid=''
# shellcheck disable=SC2317 # called from the traps
stop() {
	trap - TERM INT EXIT
	if [[ -n $catalog_pid ]]; then
		kill -TERM "$catalog_pid" 2>/dev/null || true
		wait "$catalog_pid" 2>/dev/null || true
	fi
	if [[ -n $mariadb_pid ]]; then
		kill -TERM "$mariadb_pid" 2>/dev/null || true
		wait "$mariadb_pid" 2>/dev/null || true
	fi
	rm -f "$run/catalog.pid" "$run/mariadb.pid"
}
trap 'stop; exit 0' TERM INT
trap stop EXIT

if [[ ! -d $data/mariadb/mysql ]]; then
	mariadb-install-db --no-defaults --datadir="$data/mariadb" --user="$me" \
		--auth-root-authentication-method=socket >"$data/log/mariadb-install.log" 2>&1
fi
mariadbd --no-defaults --user="$me" --datadir="$data/mariadb" --socket="$sock" \
	--skip-networking --pid-file="$run/mysqld.pid" --character-set-server=utf8mb4 \
	--collation-server=utf8mb4_unicode_ci --log-error="$data/log/mariadb.log" &
mariadb_pid=$!
echo "$mariadb_pid" >"$run/mariadb.pid"
for _ in $(seq 1 100); do
	mariadb-admin --no-defaults --socket="$sock" -uroot ping >/dev/null 2>&1 && break
	sleep 0.2
done
sql() { mariadb --no-defaults --socket="$sock" -uroot "$@"; }

if ! sql -N -e "SELECT 1 FROM information_schema.tables WHERE table_schema='yiwang' AND table_name='items'" | grep -q 1; then
	sql -e "CREATE DATABASE IF NOT EXISTS yiwang CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
	for f in "$root"/sql/migrations/*.sql; do sql yiwang <"$f"; done
	for f in "$root"/sql/demo/*.sql; do [[ -e $f ]] && sql yiwang <"$f"; done
fi

password=$(head -c 18 /dev/urandom | base64 | tr '+/' 'xy')
sql -e "CREATE USER IF NOT EXISTS 'yw_catalog'@'localhost';
	ALTER USER 'yw_catalog'@'localhost' IDENTIFIED BY '$password';
	GRANT SELECT ON yiwang.* TO 'yw_catalog'@'localhost'"

umask 077
cat >"$data/yiwang.conf" <<EOF
# written by tests/bench/own-stack.sh
db_socket = $sock
db_name = yiwang
catalog.db_user = yw_catalog
catalog.db_password = $password
catalog.socket = $run/sock/catalog.sock
metrics_dir = $run/metrics
workers = 2
EOF

"$catalog_bin" -c "$data/yiwang.conf" 2>>"$data/log/catalog.log" &
catalog_pid=$!
echo "$catalog_pid" >"$run/catalog.pid"
for _ in $(seq 1 50); do
	[[ -S $run/sock/catalog.sock ]] && break
	sleep 0.1
done
echo "yiwang serving on http://127.0.0.1:${YIWANG_PORT:-8080} (bench stand-in: catalog and MariaDB only)"
while kill -0 "$catalog_pid" 2>/dev/null && kill -0 "$mariadb_pid" 2>/dev/null; do
	sleep 1 &
	wait $! || true
done
echo "own-stack: a process stopped unexpectedly" >&2
exit 1
