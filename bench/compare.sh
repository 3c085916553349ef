#!/usr/bin/env bash
# Side-by-side benchmark of ainews-tui against newsboat on the same synthetic feeds, served by
# nginx on 127.0.0.1. Runs are interleaved (ours, newsboat, ours, ...) and medians reported,
# so a shared, noisy machine hurts both programs alike. Run `bench/compare.sh --help`.
set -euo pipefail
export LC_ALL=C # decimal points in $EPOCHREALTIME and awk, byte-wise sort

usage() {
	cat <<'EOF'
Usage: bench/compare.sh [OPTIONS]

Benchmarks ainews-tui against newsboat on synthetic feeds served by a local nginx
(127.0.0.1 only): cold refresh, warm refresh (all 304), listing the cached
articles, time to the first UI frame, and peak memory of each. Prints the machine
and a Markdown table of medians.

Options:
  --feeds N      number of synthetic feeds (default 200)
  --items N      items per feed (default 50)
  --runs N       interleaved runs per measure; medians are reported (default 5)
  --write FILE   also replace the text between the lines <!-- compare:begin -->
                 and <!-- compare:end --> in FILE (e.g. docs/PERFORMANCE.md)
  --scale        then run again at 100,000 articles (1,000 feeds x 100 items),
                 both programs, into <!-- compare-scale:begin --> ... end
  --scale-runs N interleaved runs of the scale run (default 1: newsboat takes
                 minutes per measure there)
  --block NAME   the marker lines --write replaces are <!-- NAME:begin --> and
                 <!-- NAME:end --> (default: compare)
  --profile NAME build ainews-tui with this cargo profile: release (default; no
                 LTO) or dist (fat LTO, one codegen unit: the packaged binary)
  --no-build     do not run cargo; use the binaries already in target/
  --bin PATH     use this ainews-tui binary (the feed generator is still built
                 unless --no-build)
  -h, --help     print this help

Needs newsboat, nginx, GNU time, tmux and curl; as root on Debian the missing
ones are installed with apt-get. Temporary files go under one mktemp -d
directory (set TMPDIR to choose the disk), removed on exit.
EOF
}

# ----------------------------------------------------------------------------- settings

FEEDS=200
ITEMS=50
RUNS=5
WRITE=""
BUILD=1
APP_BIN=""
PROFILE=release
UI_COLS=120
UI_ROWS=40
UI_TIMEOUT_S=30 # raised with the workload (see parse_args): newsboat loads 100,000 in minutes
SCALE=0
SCALE_RUNS=1
BLOCK=compare
FETCH_PARALLEL=8 # ainews-tui concurrency/per_host, newsboat reload-threads, curl floor

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TARGET_DIR=${CARGO_TARGET_DIR:-$REPO/target}
GEN_BIN=$TARGET_DIR/release/examples/synth_feeds
GNU_TIME=/usr/bin/time
WORK=""
NGINX_PID=""
PORT=""

log() { printf '%s\n' "$*" >&2; }
die() {
	printf 'compare.sh: error: %s\n' "$*" >&2
	exit 1
}

# ----------------------------------------------------------------------------- arguments

positive_int() { [[ $2 =~ ^[1-9][0-9]*$ ]] || die "$1 needs a positive integer, got '$2'"; }

parse_args() {
	while (($#)); do
		case $1 in
		--feeds | --items | --runs | --write | --bin | --profile | --scale-runs | --block)
			(($# >= 2)) || die "$1 needs a value"
			case $1 in
			--feeds) positive_int "$1" "$2" && FEEDS=$2 ;;
			--items) positive_int "$1" "$2" && ITEMS=$2 ;;
			--runs) positive_int "$1" "$2" && RUNS=$2 ;;
			--write) WRITE=$2 ;;
			--bin) APP_BIN=$2 ;;
			--profile)
				[[ $2 =~ ^[a-z][a-z0-9_-]*$ ]] || die "--profile needs a cargo profile name, got '$2'"
				PROFILE=$2
				;;
			--scale-runs) positive_int "$1" "$2" && SCALE_RUNS=$2 ;;
			--block)
				[[ $2 =~ ^[a-z][a-z0-9-]*$ ]] || die "--block needs a name of a-z, 0-9 and -, got '$2'"
				BLOCK=$2
				;;
			esac
			shift 2
			;;
		--no-build) BUILD=0 && shift ;;
		--scale) SCALE=1 && shift ;;
		-h | --help) usage && exit 0 ;;
		*) die "unknown option '$1' (see --help)" ;;
		esac
	done
	TOTAL=$((FEEDS * ITEMS))
	((TOTAL / 500 > UI_TIMEOUT_S)) && UI_TIMEOUT_S=$((TOTAL / 500))
	MARK_BEGIN="<!-- $BLOCK:begin -->"
	MARK_END="<!-- $BLOCK:end -->"
}

# Checked before the long run, and again when writing.
check_write_target() {
	[[ -z $WRITE ]] && return 0
	[[ -f $WRITE && -w $WRITE ]] || die "--write $WRITE: no such writable file"
	local begin end
	begin=$(grep -nxF -- "$MARK_BEGIN" "$WRITE" | head -1 | cut -d: -f1 || true)
	end=$(grep -nxF -- "$MARK_END" "$WRITE" | head -1 | cut -d: -f1 || true)
	[[ -n $begin && -n $end && $begin -lt $end ]] ||
		die "--write $WRITE: needs a line '$MARK_BEGIN' followed later by a line '$MARK_END'"
}

# ----------------------------------------------------------------------------- tools

# Installs the Debian packages of missing tools when root, else names them and stops.
ensure_tools() {
	local -a missing=()
	local tool pkg
	for pair in newsboat:newsboat nginx:nginx tmux:tmux curl:curl "$GNU_TIME":time; do
		tool=${pair%:*} pkg=${pair#*:}
		find_tool "$tool" >/dev/null || missing+=("$pkg")
	done
	if ((${#missing[@]})); then
		if ((EUID == 0)) && command -v apt-get >/dev/null; then
			log "installing ${missing[*]} with apt-get"
			DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
			DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
				"${missing[@]}" >&2
		else
			die "missing Debian packages: ${missing[*]} (install them, or run as root to have them installed)"
		fi
	fi
	NEWSBOAT=$(find_tool newsboat) || die "newsboat not found after install"
	NGINX=$(find_tool nginx) || die "nginx not found after install"
	TMUX_BIN=$(find_tool tmux) || die "tmux not found after install"
	"$GNU_TIME" --version 2>&1 | grep -q GNU || die "$GNU_TIME is not GNU time (Debian package 'time')"
}

# nginx lives in /usr/sbin, which is not on every user's PATH.
find_tool() {
	if [[ $1 == /* ]]; then
		[[ -x $1 ]] && printf '%s\n' "$1"
	else
		command -v "$1" || { [[ -x /usr/sbin/$1 ]] && printf '%s\n' "/usr/sbin/$1"; }
	fi
}

build_binaries() {
	if ((BUILD)); then
		command -v cargo >/dev/null || die "cargo not found: install Rust, or pass --no-build"
		log "building: cargo build --release --example synth_feeds"
		(cd "$REPO" && cargo build --release --example synth_feeds >&2)
		if [[ -z $APP_BIN ]]; then
			log "building: cargo build --profile $PROFILE --bin ainews-tui"
			(cd "$REPO" && cargo build --profile "$PROFILE" --bin ainews-tui >&2)
		fi
	fi
	# What the report says of the binary; the scale run inherits it with the copy.
	if [[ -z ${COMPARE_BUILD_NOTE:-} ]]; then
		if [[ -n $APP_BIN ]]; then
			COMPARE_BUILD_NOTE="ainews-tui binary given with --bin"
		else
			case $PROFILE in
			release) COMPARE_BUILD_NOTE="ainews-tui from cargo's release profile (no LTO; packaged binaries use --profile dist, fat LTO)" ;;
			dist) COMPARE_BUILD_NOTE="ainews-tui from cargo's dist profile (fat LTO, one codegen unit), as packaged" ;;
			*) COMPARE_BUILD_NOTE="ainews-tui from cargo's $PROFILE profile" ;;
			esac
		fi
	fi
	export COMPARE_BUILD_NOTE
	APP_BIN=${APP_BIN:-$TARGET_DIR/$PROFILE/ainews-tui}
	[[ -x $APP_BIN ]] || die "no ainews-tui binary at $APP_BIN (build it, or pass --bin PATH)"
	[[ -x $GEN_BIN ]] || die "no feed generator at $GEN_BIN (run without --no-build)"
}

# Every run uses this copy, so a rebuild of target/ during the benchmark changes nothing.
snapshot_app() {
	mkdir -p "$WORK/bin"
	cp "$APP_BIN" "$WORK/bin/ainews-tui"
	APP_BIN=$WORK/bin/ainews-tui
}

# ----------------------------------------------------------------------------- sandbox

cleanup() {
	set +e
	[[ -n ${TMUX_SOCKET:-} && -S $TMUX_SOCKET ]] && tmux_ kill-server 2>/dev/null
	if [[ -n $NGINX_PID ]]; then
		kill "$NGINX_PID" 2>/dev/null
		wait "$NGINX_PID" 2>/dev/null
	fi
	[[ -n $WORK ]] && rm -rf "$WORK"
}

make_workdir() {
	WORK=$(mktemp -d "${TMPDIR:-/tmp}/ainews-compare.XXXXXX")
	trap cleanup EXIT
	trap 'exit 130' INT TERM
	# nginx started as root serves as 'nobody', which must be able to enter this directory.
	chmod 711 "$WORK"
	mkdir -p "$WORK"/{results,nginx,home,ours}
	RESULTS=$WORK/results
	OURS_DATA=$WORK/ours/data
	NB_CACHE=$WORK/newsboat-cache.db
}

# Both programs get an empty home so that no user config, history or cache leaks in.
isolate_home() {
	export HOME=$WORK/home
	unset XDG_CONFIG_HOME XDG_DATA_HOME XDG_CACHE_HOME XDG_STATE_HOME
	unset AINEWS_CONFIG AINEWS_DATA_DIR TMUX NO_COLOR
}

# A named pipe nobody writes to: `read -t` on it sleeps without forking a process.
setup_pause() {
	mkfifo "$WORK/pause.fifo"
	exec {PAUSE_FD}<>"$WORK/pause.fifo"
}
pause() { read -r -t "$1" -u "$PAUSE_FD" _ || true; }

# ----------------------------------------------------------------------------- feeds and server

generate_feeds() {
	GEN_SUMMARY=$("$GEN_BIN" "$WORK/feeds" "$FEEDS" "$ITEMS")
	chmod -R a+rX "$WORK/feeds"
	log "$GEN_SUMMARY"
}

write_nginx_conf() {
	local dir=$WORK/nginx
	cat >"$dir/nginx.conf" <<EOF
worker_processes 2;
daemon off;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 1024; }
http {
  # One status code per request, to check what each refresh really fetched.
  log_format status_only '\$status';
  access_log $dir/access.log status_only;
  types { application/rss+xml xml; application/atom+xml atom; }
  client_body_temp_path $dir/body; proxy_temp_path $dir/proxy; fastcgi_temp_path $dir/fastcgi;
  uwsgi_temp_path $dir/uwsgi; scgi_temp_path $dir/scgi;
  gzip on; gzip_types application/rss+xml application/atom+xml; gzip_min_length 256;
  etag on; keepalive_requests 10000;
  server { listen 127.0.0.1:$PORT; root $WORK/feeds; }
}
EOF
}

# Tries random high ports until nginx binds one: no race between choosing a port and binding it.
start_nginx() {
	local attempt i
	for attempt in {1..20}; do
		PORT=$((20000 + RANDOM % 40000))
		write_nginx_conf
		: >"$WORK/nginx/error.log"
		"$NGINX" -p "$WORK/nginx" -e "$WORK/nginx/error.log" -c "$WORK/nginx/nginx.conf" \
			>"$WORK/nginx/start.log" 2>&1 &
		NGINX_PID=$!
		for i in {1..100}; do
			if curl -sf -o /dev/null "http://127.0.0.1:$PORT/feed0000.xml"; then
				log "nginx serving $WORK/feeds on 127.0.0.1:$PORT"
				return 0
			fi
			kill -0 "$NGINX_PID" 2>/dev/null || break
			pause 0.05
		done
		kill "$NGINX_PID" 2>/dev/null || true
		wait "$NGINX_PID" 2>/dev/null || true
		NGINX_PID=""
		cat "$WORK/nginx/start.log" >>"$WORK/nginx/error.log"
		grep -q 'Address already in use' "$WORK/nginx/error.log" ||
			die "nginx did not start (attempt $attempt): $(tail -5 "$WORK/nginx/error.log")"
	done
	die "nginx found no free port in 20 attempts"
}

# The same feed list for every client, in the generator's order.
write_client_configs() {
	local url
	find "$WORK/feeds" -maxdepth 1 -type f -printf '%f\n' | sort |
		sed "s|^|http://127.0.0.1:$PORT/|" >"$WORK/urls"
	[[ $(wc -l <"$WORK/urls") -eq $FEEDS ]] || die "expected $FEEDS feed files in $WORK/feeds"
	{
		printf '[fetch]\nconcurrency = %d\nper_host = %d\n' "$FETCH_PARALLEL" "$FETCH_PARALLEL"
		while read -r url; do printf '\n[[feeds]]\nurl = "%s"\n' "$url"; done <"$WORK/urls"
	} >"$WORK/ours/config.toml"
	printf 'reload-threads %d\n' "$FETCH_PARALLEL" >"$WORK/newsboat.conf"
	while read -r url; do printf 'url = "%s"\noutput = "/dev/null"\n' "$url"; done \
		<"$WORK/urls" >"$WORK/curl.conf"
}

reset_access_log() { : >"$WORK/nginx/access.log"; }

# Fails unless the last refresh made exactly one request per feed, all answered with STATUS.
expect_statuses() {
	local status=$1 who=$2 total matching
	total=$(wc -l <"$WORK/nginx/access.log")
	matching=$(grep -cx "$status" "$WORK/nginx/access.log" || true)
	[[ $total -eq $FEEDS && $matching -eq $FEEDS ]] ||
		die "$who: expected $FEEDS requests answered $status, nginx logged $total requests, $matching of them $status: $(sort "$WORK/nginx/access.log" | uniq -c | tr '\n' ' ')"
}

# ----------------------------------------------------------------------------- measuring

# Runs a command under GNU time, stdout to $1; sets LAST_US (wall time, µs) and LAST_KIB
# (max RSS). Wall time comes from $EPOCHREALTIME: GNU time's %e only has 10 ms steps.
timed() {
	local out=$1 t0 t1
	shift
	t0=$EPOCHREALTIME
	if ! "$GNU_TIME" -f '%M' -o "$WORK/time.out" "$@" >"$out" 2>"$WORK/stderr.out"; then
		die "failed: $* :: $(tail -5 "$WORK/stderr.out")"
	fi
	t1=$EPOCHREALTIME
	LAST_US=$((${t1/./} - ${t0/./}))
	LAST_KIB=$(tail -1 "$WORK/time.out")
}

# record MEASURE WHO MICROSECONDS [KIB]
record() {
	echo "$3" >>"$RESULTS/$1.$2.us"
	[[ -n ${4:-} ]] && echo "$4" >>"$RESULTS/$1.$2.kib"
	return 0
}

median() {
	sort -n "$1" | awk '{ v[NR] = $1 } END {
		if (NR == 0) exit 1
		print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# The two programs with their files, as command prefixes (GNU time needs programs, not functions).
client_commands() {
	OURS=("$APP_BIN" --config "$WORK/ours/config.toml" --data-dir "$OURS_DATA")
	NB=("$NEWSBOAT" -u "$WORK/urls" -C "$WORK/newsboat.conf" -c "$NB_CACHE")
}

# Runs `ours refresh` and checks its summary line against the expected counts.
ours_refresh() {
	local measure=$1 expect=$2 summary
	reset_access_log
	timed "$WORK/out.txt" "${OURS[@]}" refresh
	summary=$(tail -1 "$WORK/out.txt")
	[[ $summary == "$expect" ]] ||
		die "ainews-tui $measure: expected summary '$expect', got '$summary'"
	record "$measure" ours "$LAST_US" "$LAST_KIB"
}

nb_reload() {
	local measure=$1
	reset_access_log
	timed "$WORK/out.txt" "${NB[@]}" -x reload
	record "$measure" newsboat "$LAST_US" "$LAST_KIB"
}

nb_expect_unread() {
	local got
	got=$("${NB[@]}" -x print-unread)
	[[ $got == "$TOTAL unread articles" ]] ||
		die "newsboat: expected '$TOTAL unread articles' in its cache, print-unread says '$got'"
}

cold_ours() {
	rm -rf "$OURS_DATA"
	ours_refresh cold "$FEEDS feeds: $FEEDS ok, 0 unchanged, 0 failed; $TOTAL new articles"
	expect_statuses 200 "ainews-tui cold refresh"
}

cold_newsboat() {
	rm -f "$NB_CACHE" "$NB_CACHE.lock"
	nb_reload cold
	expect_statuses 200 "newsboat cold reload"
	nb_expect_unread # untimed: proves the reload stored every article
}

warm_ours() {
	ours_refresh warm "$FEEDS feeds: 0 ok, $FEEDS unchanged, 0 failed; 0 new articles"
	expect_statuses 304 "ainews-tui warm refresh"
}

# newsboat 2.21 keeps no ETag/Last-Modified for a feed new to its cache, so the reload after a
# cold one downloads everything again (all 200); only from the next one on is it all 304.
# One untimed reload first, so that the warm runs compare like with like.
prime_newsboat() {
	reset_access_log
	timed "$WORK/out.txt" "${NB[@]}" -x reload
	PRIME_US=$LAST_US
	PRIME_200=$(grep -cx 200 "$WORK/nginx/access.log" || true)
	log "newsboat's first reload on its cold cache (untimed in the table): $PRIME_200 of $FEEDS answered 200, $(seconds "$PRIME_US") s"
}

warm_newsboat() {
	nb_reload warm
	expect_statuses 304 "newsboat warm reload"
}

expect_listing_count() {
	local lines
	lines=$("${OURS[@]}" headlines --json | wc -l)
	[[ $lines -eq $TOTAL ]] || die "ainews-tui headlines --json printed $lines articles, expected $TOTAL"
	nb_expect_unread
}

# MEASURE is `list`, or `list_first` for the first listing after the refreshes: ours then
# groups into stories the articles `refresh` stored ungrouped, once.
list_ours() {
	timed /dev/null "${OURS[@]}" headlines --json
	record "${1:-list}" ours "$LAST_US" "$LAST_KIB"
}

list_newsboat() {
	timed "$WORK/out.txt" "${NB[@]}" -x print-unread
	[[ $(<"$WORK/out.txt") == "$TOTAL unread articles" ]] ||
		die "newsboat print-unread said '$(<"$WORK/out.txt")', expected '$TOTAL unread articles'"
	record "${1:-list}" newsboat "$LAST_US" "$LAST_KIB"
}

# The floor: the same files fetched by one curl process over FETCH_PARALLEL connections.
floor_curl() {
	local t0 t1
	reset_access_log
	t0=$EPOCHREALTIME
	curl --parallel --parallel-max "$FETCH_PARALLEL" --compressed -s -K "$WORK/curl.conf" 2>/dev/null
	t1=$EPOCHREALTIME
	expect_statuses 200 "curl floor"
	record floor curl $((${t1/./} - ${t0/./}))
}

# ----------------------------------------------------------------------------- UI first frame

# A private tmux server (own socket, no user config), so nothing touches the user's sessions.
tmux_() { "$TMUX_BIN" -S "$TMUX_SOCKET" "$@"; }

start_tmux_server() {
	TMUX_SOCKET=$WORK/tmux.sock
	# A session that lives all along keeps the server up: otherwise the first measured
	# `new-session` would also pay for starting the server.
	tmux_ -f /dev/null new-session -d -s keeper "exec sleep infinity"
	# A program that dies keeps its last screen: the timeout then shows why.
	tmux_ set-option -g remain-on-exit on
}

# newsboat's UI loads its whole cache before it draws, as its listing does: on a slower
# machine the timeout set from the workload alone can be too short, so it is raised to
# three times the slowest listing measured.
raise_ui_timeout() {
	local slowest_s
	slowest_s=$(($(sort -n "$RESULTS/list.newsboat.us" | tail -1) * 3 / 1000000))
	((slowest_s > UI_TIMEOUT_S)) && UI_TIMEOUT_S=$slowest_s
	return 0
}

# Starts CMD in a detached pane and polls its screen until each regex in MARKERS has
# appeared, in order. Sets UI_US (µs from just before `new-session` to the first capture
# showing each marker) and UI_KIB (VmHWM of the program when the last marker appeared).
measure_ui() {
	local name=$1 cmd=$2 start now deadline screen pid k=0
	shift 2
	local -a markers=("$@")
	UI_US=()
	start=$EPOCHREALTIME
	tmux_ new-session -d -s "$name" -x "$UI_COLS" -y "$UI_ROWS" "exec $cmd"
	deadline=$((${start/./} + UI_TIMEOUT_S * 1000000))
	while ((k < ${#markers[@]})); do
		screen=$(tmux_ capture-pane -p -t "$name")
		now=$EPOCHREALTIME
		while ((k < ${#markers[@]})) && [[ $screen =~ ${markers[k]} ]]; do
			UI_US+=($((${now/./} - ${start/./})))
			k=$((k + 1))
		done
		((k < ${#markers[@]})) || break
		if ((${now/./} > deadline)); then
			log "last screen of $name:"
			log "$screen"
			die "$name: no /${markers[k]}/ on screen after ${UI_TIMEOUT_S}s"
		fi
		# A short nap leaves the CPU to the program being measured (2-core machines).
		pause 0.005
	done
	pid=$(tmux_ display -p -t "$name" '#{pane_pid}')
	UI_KIB=$(awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status")
	quit_ui "$name"
}

# Quits with q so that both programs close their caches (and newsboat drops its lock).
quit_ui() {
	local name=$1 i
	tmux_ send-keys -t "$name" q
	for i in {1..200}; do
		[[ $(tmux_ display -p -t "$name" '#{pane_dead}') == 1 ]] && break
		pause 0.05
	done
	[[ $(tmux_ display -p -t "$name" '#{pane_dead}') == 1 ]] ||
		log "warning: $name did not quit on q within 10 s; killing it"
	tmux_ kill-session -t "$name"
}

# What only appears once the cached articles are drawn (see the markers in the report notes):
# ours paints the newest 500 articles at once ("[All 500]" in the header) and loads the rest
# behind it ("[All 10000]"); newsboat shows "Loading articles from cache..." until its feed
# list, titled "Your feeds (200 unread, 200 total)", is drawn.
ui_ours() {
	measure_ui "ours$1" "$(printf '%q ' "${OURS[@]}")" \
		'\[All [1-9][0-9]*\]' "\\[All $TOTAL\\]"
	record ui_first ours "${UI_US[0]}"
	record ui_all ours "${UI_US[1]}" "$UI_KIB"
}

ui_newsboat() {
	measure_ui "newsboat$1" "$(printf '%q ' "${NB[@]}")" \
		"Your feeds \\($FEEDS unread, $FEEDS total\\)"
	record ui_first newsboat "${UI_US[0]}"
	record ui_all newsboat "${UI_US[0]}" "$UI_KIB"
}

# ----------------------------------------------------------------------------- the runs

seconds() { awk -v us="$1" 'BEGIN { printf "%.3f", us / 1e6 }'; }

run_all() {
	local i
	for ((i = 1; i <= RUNS; i++)); do
		cold_ours
		cold_newsboat
		log "cold refresh $i/$RUNS: ours $(seconds "$(tail -1 "$RESULTS/cold.ours.us")") s, newsboat $(seconds "$(tail -1 "$RESULTS/cold.newsboat.us")") s"
	done
	prime_newsboat
	for ((i = 1; i <= RUNS; i++)); do
		warm_ours
		warm_newsboat
		log "warm refresh $i/$RUNS: ours $(seconds "$(tail -1 "$RESULTS/warm.ours.us")") s, newsboat $(seconds "$(tail -1 "$RESULTS/warm.newsboat.us")") s"
	done
	list_ours list_first
	list_newsboat list_first
	log "first listing after the refreshes: ours $(seconds "$(tail -1 "$RESULTS/list_first.ours.us")") s, newsboat $(seconds "$(tail -1 "$RESULTS/list_first.newsboat.us")") s"
	expect_listing_count
	for ((i = 1; i <= RUNS; i++)); do
		list_ours
		list_newsboat
		log "listing $i/$RUNS: ours $(seconds "$(tail -1 "$RESULTS/list.ours.us")") s, newsboat $(seconds "$(tail -1 "$RESULTS/list.newsboat.us")") s"
	done
	raise_ui_timeout
	for ((i = 1; i <= RUNS; i++)); do
		ui_ours "$i"
		ui_newsboat "$i"
		log "UI $i/$RUNS: ours first frame $(seconds "$(tail -1 "$RESULTS/ui_first.ours.us")") s, all $TOTAL $(seconds "$(tail -1 "$RESULTS/ui_all.ours.us")") s; newsboat $(seconds "$(tail -1 "$RESULTS/ui_all.newsboat.us")") s"
	done
	for ((i = 1; i <= RUNS; i++)); do
		floor_curl
	done
	log "curl floor: median $(seconds "$(median "$RESULTS/floor.curl.us")") s"
}

# ----------------------------------------------------------------------------- report

load_average() { cut -d' ' -f1-3 /proc/loadavg; }

describe_machine() {
	local cpu mem_gib commit=""
	cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
	mem_gib=$(awk '/^MemTotal:/ { printf "%.1f", $2 / 1048576 }' /proc/meminfo)
	if [[ -d $REPO/.git ]] && command -v git >/dev/null; then
		commit=" (checkout at commit $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo '?'))"
	fi
	MACHINE=(
		"- Machine: ${cpu:-unknown CPU}, $(nproc) CPUs (nproc), $mem_gib GiB RAM, Linux $(uname -r); temporary files on $(stat -f -c %T "$WORK")"
		"- Build: $COMPARE_BUILD_NOTE"
		"- Software: $("$APP_BIN" --version)$commit; $("$NEWSBOAT" --version | head -1 | cut -d' ' -f1-2); $("$NGINX" -v 2>&1 | sed 's/^nginx version: //'); $(curl --version | head -1 | cut -d' ' -f1-2)"
		"- Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
	)
}

# fmt_time MEASURE WHO / fmt_rss MEASURE WHO: the median, formatted.
fmt_time() { seconds "$(median "$RESULTS/$1.$2.us")" | sed 's/$/ s/'; }
fmt_rss() { median "$RESULTS/$1.$2.kib" | awk '{ printf "%.1f MiB", $1 / 1024 }'; }
ratio() {
	local ext=$1 measure=$2
	awk -v a="$(median "$RESULTS/$measure.ours.$ext")" -v b="$(median "$RESULTS/$measure.newsboat.$ext")" \
		'BEGIN { printf "%.2f×", b / a }'
}

# How many times the floor ours took, medians of the same run.
floor_ratio() {
	awk -v a="$(median "$RESULTS/$1.ours.us")" -v b="$(median "$RESULTS/floor.curl.us")" \
		'BEGIN { printf "%.1f×", a / b }'
}

time_row() { printf '| %s | %s | %s | %s |\n' "$1" "$(fmt_time "$2" ours)" "$(fmt_time "$2" newsboat)" "$(ratio us "$2")"; }
rss_row() { printf '| %s | %s | %s | %s |\n' "$1" "$(fmt_rss "$2" ours)" "$(fmt_rss "$2" newsboat)" "$(ratio kib "$2")"; }

write_report() {
	printf '%s\n' "${MACHINE[@]}"
	cat <<EOF
- Workload: $FEEDS feeds × $ITEMS items = $TOTAL articles ($(echo "$GEN_SUMMARY" | grep -o '[0-9.]* MB') of RSS 2.0 and Atom, from \`synth_feeds\`), served by nginx on 127.0.0.1 with gzip, ETag and Last-Modified; $FETCH_PARALLEL parallel fetches for each program
- Runs: $RUNS of each measure, interleaved (ainews-tui, newsboat, ainews-tui, ...); medians below
- Load average (1, 5, 15 min): $LOAD_START at start, $LOAD_END at end. The machine is shared with other work, so absolute numbers are noisy; the ratios of interleaved runs are the robust part.
- newsboat's first reload after its cold one still fetched $PRIME_200 of $FEEDS feeds in full (answered 200, $(seconds "$PRIME_US") s): newsboat 2.21 stores no ETag/Last-Modified for feeds new to its cache. That reload is left out; the warm rows are all 304 for both programs.
- Floor: fetching the same $FEEDS files with one \`curl --parallel --parallel-max $FETCH_PARALLEL --compressed\` takes $(fmt_time floor curl) (median). Against it, ainews-tui's cold refresh takes $(floor_ratio cold) the floor and its warm refresh $(floor_ratio warm)

| measure | ainews-tui | newsboat | newsboat/ours |
| --- | ---: | ---: | ---: |
$(time_row "cold refresh, empty cache (time)" cold)
$(time_row "warm refresh, all 304 (time)" warm)
$(time_row "first list after the refreshes, grouping their stories (time, 1 run)" list_first)
$(time_row "list $TOTAL cached articles (time)" list)
$(time_row "UI: first frame with cached headlines (time)" ui_first)
$(time_row "UI: all $TOTAL articles loaded (time)" ui_all)
$(rss_row "cold refresh (peak RSS)" cold)
$(rss_row "warm refresh (peak RSS)" warm)
$(rss_row "first list after the refreshes (peak RSS, 1 run)" list_first)
$(rss_row "list $TOTAL articles (peak RSS)" list)
$(rss_row "UI with all $TOTAL articles loaded (peak RSS)" ui_all)

Commands: \`ainews-tui refresh\` vs \`newsboat -x reload\` (both caches deleted before each cold run); \`ainews-tui headlines --json >/dev/null\` vs \`newsboat -x print-unread\` (\`refresh\` stores articles without grouping them into stories, and the first \`headlines --json\` after it groups them all, once: that listing has its own row); the UIs in a ${UI_COLS}×${UI_ROWS} tmux pane, timed from just before \`tmux new-session\` to the first \`capture-pane\` showing the marker: ainews-tui's header \`[All N]\` with N > 0 (first frame: it paints the newest 500 cached articles at once) and \`[All $TOTAL]\` (the rest, loaded behind the first frame, while it also polls the feeds); newsboat's \`Your feeds ($FEEDS unread, $FEEDS total)\`, drawn only after its whole cache is loaded, so both newsboat rows are the same run. Times are wall-clock; peak RSS is GNU time's %M, or VmHWM from /proc when the UI marker appears. Produced by \`bench/compare.sh\`.
EOF
}

# Replaces the lines between the markers of FILE with the report.
splice_report() {
	check_write_target
	awk -v report="$WORK/report.md" -v begin="$MARK_BEGIN" -v end="$MARK_END" '
		$0 == begin && !done { print; while ((getline line < report) > 0) print line; skipping = 1; done = 1; next }
		$0 == end && skipping { skipping = 0 }
		!skipping { print }
	' "$WRITE" >"$WORK/spliced"
	cat "$WORK/spliced" >"$WRITE"
	log "wrote the report into $WRITE"
}

main() {
	parse_args "$@"
	check_write_target
	ensure_tools
	build_binaries
	make_workdir
	snapshot_app
	isolate_home
	setup_pause
	LOAD_START=$(load_average)
	generate_feeds
	start_nginx
	write_client_configs
	client_commands
	start_tmux_server
	describe_machine
	run_all
	LOAD_END=$(load_average)
	write_report >"$WORK/report.md"
	cat "$WORK/report.md"
	[[ -z $WRITE ]] || splice_report
	((SCALE)) || return 0
	log "the scale run: 1000 feeds x 100 items, $SCALE_RUNS run(s)"
	local -a again=(--feeds 1000 --items 100 --runs "$SCALE_RUNS" --no-build --bin "$APP_BIN" --block compare-scale)
	[[ -z $WRITE ]] || again+=(--write "$WRITE")
	# The copy of the binary lives in this run's directory, removed on exit: the scale run
	# takes its own copy before that.
	bash "${BASH_SOURCE[0]}" "${again[@]}"
}

main "$@"
