# tests/bench/lib.sh: what the benchmarks that start their own stack share. Sourced after the
# script has defined log() and die() and set $root (the repository).
# shellcheck shell=bash
# shellcheck disable=SC2154 # root, log and die are the sourcing script's

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# scripts/test builds in this repository's build directories: do not race it.
refuse_during_scripts_test() {
	local pid
	[[ ${BENCH_FORCE:-0} != 1 ]] || return 0
	for pid in $(pgrep -f 'scripts/test' || true); do
		if [[ $(readlink "/proc/$pid/cwd" 2>/dev/null) == "$root" ]]; then
			die "a scripts/test of this repository runs (pid $pid): wait for it, or set BENCH_FORCE=1"
		fi
	done
}

# bench_workdir NAME: BENCH_TMP, or a fresh directory under $TMPDIR; prints its real path.
# scripts/run's nginx workers (www-data when run as root) must traverse it to the sockets.
bench_workdir() {
	local tmp
	if [[ -n ${BENCH_TMP:-} ]]; then
		tmp=$BENCH_TMP
		mkdir -p "$tmp"
	else
		tmp=$(mktemp -d "${TMPDIR:-/tmp}/yiwang-$1.XXXXXX")
	fi
	tmp=$(cd "$tmp" && pwd -P)
	chmod o+x "$tmp"
	printf '%s\n' "$tmp"
}

stop_pid() { # pid name seconds
	local i
	[[ -n $1 ]] || return 0
	kill -TERM "$1" 2>/dev/null || return 0
	for ((i = 0; i < $3 * 10; i++)); do
		kill -0 "$1" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$1" 2>/dev/null; then
		log "$2 (pid $1) did not stop in $3 s: killing it"
		kill -KILL "$1" 2>/dev/null || true
	fi
	wait "$1" 2>/dev/null || true
}

# kill_leftovers DATA: what a killed scripts/run left behind: the pids it recorded, if they
# still run on DATA.
kill_leftovers() {
	local f pid cmd
	for f in "$1"/run/*.pid; do
		[[ -e $f ]] || continue
		pid=$(head -c 32 "$f" | tr -dc 0-9)
		[[ -n $pid ]] || continue
		cmd=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)
		if [[ $cmd == *"$1"* ]]; then
			log "$(basename "$f" .pid) (pid $pid) outlived scripts/run: killing it"
			kill -KILL "$pid" 2>/dev/null
		fi
	done
}
