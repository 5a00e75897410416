# shellcheck shell=bash
# scripts/lib/common.sh: functions shared by scripts/run, scripts/test and scripts/migrate.
# Sourced, never run. Callers set `set -euo pipefail` themselves.
#
#   yw_log / yw_warn / yw_die       messages on stderr, prefixed with the script's name
#   yw_install_deps                 apt-get install what `dpkg -s` says is missing
#   yw_build <dir> [configure args] autoreconf when needed, configure out of tree, make -j2
#   yw_alive <pid>                  the process exists and is not a zombie
#   yw_db_* / yw_sql*               the MariaDB client over the private socket, as root
#   yw_apply_sql_files              apply .sql files once each, recorded in schema_migrations
#   yw_render <in> <out> K=V...     @K@ substitution for the nginx templates

YW_ROOT=${YW_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
YW_DB_NAME=yiwang
YW_PROG=${YW_PROG:-$(basename "$0")}

# Debian 12 packages needed to build, run and test everything.
YW_DEPS=(build-essential autoconf automake libtool pkg-config libfcgi-dev libmariadb-dev
	libjansson-dev libcurl4-openssl-dev libssl-dev libargon2-dev check mariadb-server
	mariadb-client nginx-light curl wrk clang libclang-rt-14-dev)

yw_log() { printf '[%s] %s\n' "$YW_PROG" "$*" >&2; }
yw_warn() { printf '[%s] warning: %s\n' "$YW_PROG" "$*" >&2; }
yw_die() {
	printf '[%s] error: %s\n' "$YW_PROG" "$*" >&2
	exit 1
}

yw_is_root() { [ "$(id -u)" -eq 0 ]; }

# mariadbd, nginx and friends live in /usr/sbin, which a non-login shell may not have.
case ":$PATH:" in
*:/usr/sbin:*) ;;
*) PATH="$PATH:/usr/sbin:/sbin" ;;
esac

yw_pkg_installed() {
	[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" = "install ok installed" ]
}

# Installs only what is missing; `apt-get update` runs once, and only when something is.
# node and npm are skipped when both are already on PATH (they may come from elsewhere).
yw_install_deps() {
	local pkgs=("${YW_DEPS[@]}") missing=() p
	if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
		pkgs+=(nodejs npm)
	fi
	if ! command -v dpkg-query >/dev/null 2>&1; then
		yw_warn "dpkg-query not found: not a Debian system, dependencies not checked"
		return 0
	fi
	for p in "${pkgs[@]}"; do
		yw_pkg_installed "$p" || missing+=("$p")
	done
	[ "${#missing[@]}" -eq 0 ] && return 0
	if ! yw_is_root; then
		yw_die "missing Debian packages (install them as root): ${missing[*]}"
	fi
	yw_log "installing: ${missing[*]}"
	# The distribution's own mariadb and nginx services are not used: we start our own.
	DEBIAN_FRONTEND=noninteractive apt-get update -q
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
		-o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "${missing[@]}"
}

# yw_build <builddir> [configure args...]
# autoreconf -fi when ./configure is missing or configure.ac is newer; configures out of tree
# into builddir when its Makefile is missing or it was configured with other arguments
# (YW_RECONFIGURE=0: keep an existing configuration whatever its arguments); then make -j2.
# A relative builddir is relative to the repository.
yw_build() {
	local b=$1 have
	shift
	case "$b" in /*) ;; *) b="$YW_ROOT/$b" ;; esac
	if [ ! -x "$YW_ROOT/configure" ] || [ "$YW_ROOT/configure.ac" -nt "$YW_ROOT/configure" ] ||
		[ "$YW_ROOT/Makefile.am" -nt "$YW_ROOT/Makefile.in" ]; then
		yw_log "autoreconf -fi"
		mkdir -p "$YW_ROOT/m4"
		(cd "$YW_ROOT" && autoreconf -fi) >&2 || return 1
	fi
	mkdir -p "$b"
	if [ "${YW_RECONFIGURE:-1}" = 1 ] && [ -f "$b/Makefile" ] && [ -x "$b/config.status" ]; then
		have=$("$b/config.status" --config 2>/dev/null || true)
		if [ "$have" != "$*" ]; then
			yw_log "$b was configured with '$have', now '$*': reconfiguring"
			rm -f "$b/Makefile"
		fi
	fi
	if [ ! -f "$b/Makefile" ]; then
		yw_log "configuring $b ${*:-}"
		(cd "$b" && "$YW_ROOT/configure" "$@") >&2 || return 1
	fi
	yw_log "make -j2 in $b"
	make -C "$b" -j2 >&2
}

# The process exists and has not exited (a zombie counts as gone).
yw_alive() {
	local st
	[ -n "${1:-}" ] && [ -r "/proc/$1/stat" ] || return 1
	st=$(cut -d')' -f2 "/proc/$1/stat" 2>/dev/null | cut -d' ' -f2) || return 1
	[ -n "$st" ] && [ "$st" != Z ] && [ "$st" != X ]
}

# Random hex secret (no quoting problems in SQL or config files).
yw_random_hex() {
	od -An -N"${1:-24}" -tx1 /dev/urandom | tr -d ' \n'
}

# --- MariaDB ---------------------------------------------------------------------------------
# YW_DB_SOCKET: the server's unix socket. The administrative account is root (unix_socket
# authentication) when run as root, else the invoking user (see scripts/run).

yw_db_admin_user() {
	if yw_is_root; then echo root; else id -un; fi
}

yw_db_client() {
	mariadb --no-defaults --protocol=socket --socket="$YW_DB_SOCKET" \
		--user="$(yw_db_admin_user)" --default-character-set=utf8mb4 --batch \
		--skip-column-names "$@"
}

# yw_sql <statements> [database]: runs SQL, prints rows tab-separated.
yw_sql() {
	if [ -n "${2:-}" ]; then
		printf '%s\n' "$1" | yw_db_client --database="$2"
	else
		printf '%s\n' "$1" | yw_db_client
	fi
}

yw_db_ping() {
	mariadb-admin --no-defaults --protocol=socket --socket="$YW_DB_SOCKET" \
		--user="$(yw_db_admin_user)" --connect-timeout=2 ping >/dev/null 2>&1
}

# yw_db_wait <pid> <seconds>: until the server answers; fails if pid dies or time runs out.
yw_db_wait() {
	local pid=$1 end=$((SECONDS + $2))
	while ! yw_db_ping; do
		if ! yw_alive "$pid"; then
			yw_warn "mariadbd (pid $pid) exited during start-up"
			return 1
		fi
		if [ "$SECONDS" -ge "$end" ]; then
			yw_warn "mariadbd did not answer within $2 s"
			return 1
		fi
		sleep 0.2
	done
}

yw_db_ensure_database() {
	yw_sql "CREATE DATABASE IF NOT EXISTS \`$YW_DB_NAME\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE TABLE IF NOT EXISTS \`$YW_DB_NAME\`.schema_migrations (
  version    VARCHAR(255) NOT NULL PRIMARY KEY,
  applied_at DATETIME     NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;"
}

# yw_apply_sql_files <prefix> <file>...: applies each file not yet recorded as
# <prefix><basename> in schema_migrations, in the order given, each in one client run that
# also records it (so a failed file is not recorded and is retried next time). Loud on error.
yw_apply_sql_files() {
	local prefix=$1 f name version applied n=0
	shift
	applied=$(yw_sql "SELECT version FROM schema_migrations" "$YW_DB_NAME") ||
		yw_die "cannot read schema_migrations"
	for f in "$@"; do
		name=$(basename "$f")
		case "$name" in
		*[!A-Za-z0-9._-]*) yw_die "refusing SQL file with an unusual name: $f" ;;
		esac
		version="$prefix$name"
		if grep -qxF -- "$version" <<<"$applied"; then
			continue
		fi
		yw_log "applying $version"
		if ! {
			printf 'START TRANSACTION;\n'
			cat "$f"
			printf "\nINSERT INTO schema_migrations (version, applied_at) VALUES ('%s', NOW());\nCOMMIT;\n" "$version"
		} | yw_db_client --database="$YW_DB_NAME"; then
			yw_die "$f failed (see the error above); nothing after it was applied"
		fi
		n=$((n + 1))
	done
	yw_log "$n file(s) applied${prefix:+ ($prefix)}"
}

# --- templates ------------------------------------------------------------------------------

# Escapes a value for the replacement side of a sed s|||.
yw_sed_escape() {
	printf '%s' "$1" | sed -e 's/[\\|&]/\\&/g'
}

# yw_render <template> <output> KEY=VALUE...: replaces @KEY@; fails if a placeholder is left.
yw_render() {
	local in=$1 out=$2 kv key val script=()
	shift 2
	for kv in "$@"; do
		key=${kv%%=*}
		val=${kv#*=}
		script+=(-e "s|@${key}@|$(yw_sed_escape "$val")|g")
	done
	sed "${script[@]}" "$in" >"$out.tmp"
	if grep -n '@[A-Z_][A-Z0-9_]*@' "$out.tmp" >&2; then
		rm -f "$out.tmp"
		yw_die "unreplaced placeholder in $in (lines above)"
	fi
	mv -f "$out.tmp" "$out"
}

# A TCP port on 127.0.0.1 that something answers on.
yw_port_busy() {
	(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}
