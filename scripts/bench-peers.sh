#!/usr/bin/env bash
# bench-peers.sh: authmock against its peers under the same load, in one run (make bench-peers).
#
# One server at a time, on 127.0.0.1: authmock, authmock --strict, Prism's mock (one per spec, each
# request on its own spec's server), a bare echo server answering authmock's own bytes (the ceiling),
# and, when `authmock proxy` exists, authmock proxy and Prism proxy in front of authmock. Each gets the
# same two requests from wrk: GET /auth/user-profile with a valid token and POST /api/auth/signin with
# a valid body. Prints req/s, p50, p99, peak RSS (VmHWM), start-up time to the first answer, and the
# ratios to Prism and to the ceiling, then the targets of docs/benchmarks.md.
#
# It stops only the processes it started, and everything is bounded in time: each load run lasts
# DURATION (plus WARMUP), each start-up at most 60 s.
#
# Environment: DURATION (10s), WARMUP (2s), THREADS (2), CONNECTIONS (32), PORT_BASE (4710),
# PRISM_VERSION (5.16.0), BENCH_CACHE (${XDG_CACHE_HOME:-$HOME/.cache}/authmock-bench).
set -euo pipefail

DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-2s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32}
PORT_BASE=${PORT_BASE:-4710}
# The latest 5.x on npm when this was written. It declares node >= 24.18 but runs on node 20.
PRISM_VERSION=${PRISM_VERSION:-5.16.0}
BENCH_CACHE=${BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/authmock-bench}
SIGNIN_BODY='{"email":"john.doe@mydomain.com","password":"iLovePria123"}'

cd "$(dirname "$0")/.."
ROOT=$PWD
TMP=$(mktemp -d "${TMPDIR:-/tmp}/authmock-bench.XXXXXX")

# PIDS are the processes this script started and has not stopped yet.
PIDS=()
cleanup() {
	local pid
	for pid in "${PIDS[@]}"; do
		kill "$pid" 2>/dev/null || true
	done
	for pid in "${PIDS[@]}"; do
		wait "$pid" 2>/dev/null || true
	done
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say() { printf '%s\n' "$*" >&2; }
die() { say "bench-peers: $*"; exit 1; }

# --- tools -------------------------------------------------------------------------------------

command -v go >/dev/null || die "go is required"
command -v npm >/dev/null || die "npm is required (for Prism)"
command -v node >/dev/null || die "node is required (for Prism)"

if ! command -v wrk >/dev/null; then
	say "installing wrk with apt-get"
	SUDO=()
	[ "$(id -u)" = 0 ] || SUDO=(sudo)
	timeout 600 "${SUDO[@]}" apt-get install -y wrk >/dev/null ||
		{ timeout 600 "${SUDO[@]}" apt-get update >/dev/null && timeout 600 "${SUDO[@]}" apt-get install -y wrk >/dev/null; } ||
		die "could not install wrk: install it (apt-get install wrk) and run again"
fi

PRISM_DIR=$BENCH_CACHE/prism-$PRISM_VERSION
PRISM_JS=$PRISM_DIR/node_modules/@stoplight/prism-cli/dist/index.js
if [ ! -f "$PRISM_JS" ]; then
	say "installing @stoplight/prism-cli@$PRISM_VERSION into $PRISM_DIR"
	mkdir -p "$PRISM_DIR"
	timeout 600 npm install --prefix "$PRISM_DIR" --no-audit --no-fund --loglevel=error "@stoplight/prism-cli@$PRISM_VERSION" >&2 ||
		die "npm could not install @stoplight/prism-cli@$PRISM_VERSION"
fi

say "building bin/authmock and the helpers"
go build -o bin/authmock ./cmd/authmock
go build -o "$TMP/echo-ceiling" ./scripts/echo-ceiling
go build -o "$TMP/wait-ready" ./scripts/wait-ready

AUTHMOCK=$ROOT/bin/authmock
TOKEN=$("$AUTHMOCK" token --api authiqa)
HAVE_PROXY=false
if "$AUTHMOCK" proxy -h >"$TMP/proxy-help" 2>&1 && grep -q -- '-target' "$TMP/proxy-help"; then
	HAVE_PROXY=true
fi

cat >"$TMP/signin.lua" <<EOF
wrk.method = "POST"
wrk.body = '$SIGNIN_BODY'
wrk.headers["Content-Type"] = "application/json"
EOF

# --- servers -----------------------------------------------------------------------------------

SERVER_PID=
STARTUP_MS=

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# start NAME PORT READY-URL [READY-ARGS...] -- COMMAND...: starts COMMAND in the background, times
# its start-up to the first 2xx on READY-URL, and leaves its PID in SERVER_PID.
start() {
	local name=$1 port=$2 url=$3
	shift 3
	local ready=()
	while [ "$1" != "--" ]; do
		ready+=("$1")
		shift
	done
	shift
	port_busy "$port" && die "port $port is in use: set PORT_BASE to a free range"
	local t0
	t0=$(date +%s%N)
	"$@" >"$TMP/$name.log" 2>&1 &
	SERVER_PID=$!
	PIDS+=("$SERVER_PID")
	if ! STARTUP_MS=$("$TMP/wait-ready" -since "$t0" -timeout 60s -url "$url" "${ready[@]}"); then
		say "--- $name log:"
		tail -20 "$TMP/$name.log" >&2
		die "$name did not answer $url"
	fi
}

# stop PID: stops one process this script started.
stop() {
	local pid=$1 kept=() p
	kill "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	for p in "${PIDS[@]}"; do
		[ "$p" = "$pid" ] || kept+=("$p")
	done
	PIDS=("${kept[@]}")
}

peak_rss_mb() { awk '/^VmHWM:/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }

# --- load --------------------------------------------------------------------------------------

# ms VALUE: wrk's latency (e.g. 541.00us, 3.02ms, 1.28s) in milliseconds.
ms() {
	awk -v v="$1" 'BEGIN {
		n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
		if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000
		printf "%.2f", n
	}'
}

# load REQUEST URL: warms up, then runs wrk and prints "req/s p50 p99 non2xx errors".
load() {
	local request=$1 url=$2 args=()
	case $request in
	user-profile) args=(-H "Authorization: Bearer $TOKEN") ;;
	signin) args=(-s "$TMP/signin.lua") ;;
	esac
	wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" "${args[@]}" "$url" >/dev/null
	local out
	out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "${args[@]}" "$url")
	local rps p50 p99 non2xx errors
	rps=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' <<<"$out")
	p50=$(ms "$(awk '$1 == "50%" { print $2 }' <<<"$out")")
	p99=$(ms "$(awk '$1 == "99%" { print $2 }' <<<"$out")")
	non2xx=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' <<<"$out")
	errors=$(awk '/Socket errors:/ { gsub(/,/, ""); print $4 + $6 + $8 + $10 }' <<<"$out")
	echo "$rps $p50 $p99 ${non2xx:-0} ${errors:-0}"
}

path_of() {
	case $1 in
	user-profile) echo /auth/user-profile ;;
	signin) echo /api/auth/signin ;;
	esac
}

ROWS=()
# measure SERVER PORT PID STARTUP REQUEST...: loads each request and records one row per request.
measure() {
	local server=$1 port=$2 pid=$3 startup=$4 request
	shift 4
	for request in "$@"; do
		say "  $server: $request"
		local r
		r=$(load "$request" "http://127.0.0.1:$port$(path_of "$request")")
		ROWS+=("$server $request $r $(peak_rss_mb "$pid") $startup")
	done
}

# smoke NAME PORT REQUEST [OUT]: fails unless REQUEST answers 2xx; OUT keeps the body.
smoke() {
	local name=$1 port=$2 request=$3 out=${4:-/dev/null}
	case $request in
	user-profile) "$TMP/wait-ready" -timeout 5s -o "$out" -url "http://127.0.0.1:$port/auth/user-profile" -H "Authorization: Bearer $TOKEN" >/dev/null ;;
	signin) "$TMP/wait-ready" -timeout 5s -o "$out" -url "http://127.0.0.1:$port/api/auth/signin" -method POST -H "Content-Type: application/json" -body "$SIGNIN_BODY" >/dev/null ;;
	esac || die "$name: $request does not answer 2xx"
}

P_AUTHMOCK=$((PORT_BASE + 1))
P_STRICT=$((PORT_BASE + 2))
P_PRISM_AUTHIQA=$((PORT_BASE + 3))
P_PRISM_PRIA=$((PORT_BASE + 4))
P_CEILING=$((PORT_BASE + 5))
P_UPSTREAM=$((PORT_BASE + 6))
P_PROXY=$((PORT_BASE + 7))
P_PRISM_PROXY_AUTHIQA=$((PORT_BASE + 8))
P_PRISM_PROXY_PRIA=$((PORT_BASE + 9))

say "load: wrk -t$THREADS -c$CONNECTIONS -d$DURATION (after a $WARMUP warm-up), one server at a time"

say "authmock"
start authmock "$P_AUTHMOCK" "http://127.0.0.1:$P_AUTHMOCK/__mock/health" -- "$AUTHMOCK" serve --quiet --addr "127.0.0.1:$P_AUTHMOCK"
smoke authmock "$P_AUTHMOCK" user-profile "$TMP/user-profile.json"
smoke authmock "$P_AUTHMOCK" signin "$TMP/signin.json"
measure authmock "$P_AUTHMOCK" "$SERVER_PID" "$STARTUP_MS" user-profile signin
stop "$SERVER_PID"

say "authmock --strict"
start strict "$P_STRICT" "http://127.0.0.1:$P_STRICT/__mock/health" -- "$AUTHMOCK" serve --quiet --strict --addr "127.0.0.1:$P_STRICT"
smoke strict "$P_STRICT" user-profile
smoke strict "$P_STRICT" signin
measure authmock-strict "$P_STRICT" "$SERVER_PID" "$STARTUP_MS" user-profile signin
stop "$SERVER_PID"

PRISM=(node "$PRISM_JS")
say "prism mock $PRISM_VERSION (node $(node --version))"
start prism-authiqa "$P_PRISM_AUTHIQA" "http://127.0.0.1:$P_PRISM_AUTHIQA/auth/user-profile" -H "Authorization: Bearer $TOKEN" -- \
	"${PRISM[@]}" mock -h 127.0.0.1 -p "$P_PRISM_AUTHIQA" -v error openapi/authiqa.yaml
measure prism "$P_PRISM_AUTHIQA" "$SERVER_PID" "$STARTUP_MS" user-profile
stop "$SERVER_PID"
start prism-pria "$P_PRISM_PRIA" "http://127.0.0.1:$P_PRISM_PRIA/api/auth/signin" -method POST -H "Content-Type: application/json" -body "$SIGNIN_BODY" -- \
	"${PRISM[@]}" mock -h 127.0.0.1 -p "$P_PRISM_PRIA" -v error openapi/pria.yaml
measure prism "$P_PRISM_PRIA" "$SERVER_PID" "$STARTUP_MS" signin
stop "$SERVER_PID"

say "echo ceiling (authmock's own answers as fixed bytes)"
start ceiling "$P_CEILING" "http://127.0.0.1:$P_CEILING/auth/user-profile" -- \
	"$TMP/echo-ceiling" -addr "127.0.0.1:$P_CEILING" -signin "$TMP/signin.json" -profile "$TMP/user-profile.json"
measure ceiling "$P_CEILING" "$SERVER_PID" "$STARTUP_MS" user-profile signin
stop "$SERVER_PID"

if $HAVE_PROXY; then
	start upstream "$P_UPSTREAM" "http://127.0.0.1:$P_UPSTREAM/__mock/health" -- "$AUTHMOCK" serve --quiet --addr "127.0.0.1:$P_UPSTREAM"
	UPSTREAM_PID=$SERVER_PID

	say "authmock proxy -> authmock"
	start proxy "$P_PROXY" "http://127.0.0.1:$P_PROXY/__mock/health" -- \
		"$AUTHMOCK" proxy --target "http://127.0.0.1:$P_UPSTREAM" --addr "127.0.0.1:$P_PROXY"
	smoke proxy "$P_PROXY" user-profile
	smoke proxy "$P_PROXY" signin
	measure authmock-proxy "$P_PROXY" "$SERVER_PID" "$STARTUP_MS" user-profile signin
	stop "$SERVER_PID"

	say "prism proxy -> authmock"
	start prism-proxy-authiqa "$P_PRISM_PROXY_AUTHIQA" "http://127.0.0.1:$P_PRISM_PROXY_AUTHIQA/auth/user-profile" -H "Authorization: Bearer $TOKEN" -- \
		"${PRISM[@]}" proxy -h 127.0.0.1 -p "$P_PRISM_PROXY_AUTHIQA" -v error openapi/authiqa.yaml "http://127.0.0.1:$P_UPSTREAM"
	measure prism-proxy "$P_PRISM_PROXY_AUTHIQA" "$SERVER_PID" "$STARTUP_MS" user-profile
	stop "$SERVER_PID"
	start prism-proxy-pria "$P_PRISM_PROXY_PRIA" "http://127.0.0.1:$P_PRISM_PROXY_PRIA/api/auth/signin" -method POST -H "Content-Type: application/json" -body "$SIGNIN_BODY" -- \
		"${PRISM[@]}" proxy -h 127.0.0.1 -p "$P_PRISM_PROXY_PRIA" -v error openapi/pria.yaml "http://127.0.0.1:$P_UPSTREAM"
	measure prism-proxy "$P_PRISM_PROXY_PRIA" "$SERVER_PID" "$STARTUP_MS" signin
	stop "$SERVER_PID"

	stop "$UPSTREAM_PID"
else
	say "authmock proxy: no 'proxy' command in bin/authmock; the proxy rows are skipped"
fi

# --- report ------------------------------------------------------------------------------------

printf '%s\n' "${ROWS[@]}" >"$TMP/rows"
echo
echo "authmock $(git describe --always --dirty 2>/dev/null || echo '?'), $(go version | cut -d' ' -f3), prism $(node "$PRISM_JS" --version) on node $(node --version), $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2)"
echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency (after a $WARMUP warm-up); $(nproc) CPUs shared by wrk and the server"
echo
awk '
	{ rows[NR] = $0; server[NR] = $1; req[NR] = $2; rps[NR] = $3
	  if ($1 == "prism") prism[$2] = $3; if ($1 == "ceiling") ceiling[$2] = $3 }
	END {
		printf "| %-15s | %-12s | %8s | %8s | %8s | %7s | %13s | %12s | %8s | %10s |\n", "server", "request", "req/s", "p50 ms", "p99 ms", "non-2xx", "peak RSS MB", "start-up ms", "x Prism", "x ceiling"
		printf "|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|\n", "-----------------", "--------------", "---------:", "---------:", "---------:", "--------:", "--------------:", "-------------:", "---------:", "-----------:"
		for (i = 1; i <= NR; i++) {
			split(rows[i], f, " ")
			xp = (req[i] in prism && prism[req[i]] > 0) ? sprintf("%.2f", f[3] / prism[req[i]]) : "-"
			xc = (req[i] in ceiling && ceiling[req[i]] > 0) ? sprintf("%.0f%%", 100 * f[3] / ceiling[req[i]]) : "-"
			printf "| %-15s | %-12s | %8s | %8s | %8s | %7s | %13s | %12s | %8s | %10s |\n", f[1], f[2], f[3], f[4], f[5], f[6] + f[7], f[8], f[9], xp, xc
		}
	}' "$TMP/rows"

echo
echo "Targets:"
awk '
	function check(name, ok, detail) { printf "  %-7s %s (%s)\n", ok ? "met" : "MISSED", name, detail }
	{ rps[$1, $2] = $3; p99[$1, $2] = $5; rss[$1] = $8; start[$1] = $9; bad[$1, $2] = $6 + $7 }
	END {
		n = split("user-profile signin", reqs, " ")
		for (i = 1; i <= n; i++) {
			r = reqs[i]
			x = rps["prism", r] ? rps["authmock", r] / rps["prism", r] : 0
			check("authmock >= 20x Prism on " r, x >= 20, sprintf("%.2fx", x))
			x = rps["ceiling", r] ? rps["authmock", r] / rps["ceiling", r] : 0
			check("authmock >= 60% of the echo ceiling on " r, x >= 0.6, sprintf("%.0f%%", 100 * x))
			check("authmock p99 < 10 ms on " r, p99["authmock", r] < 10, p99["authmock", r] " ms")
			x = rps["prism", r] ? rps["authmock-strict", r] / rps["prism", r] : 0
			check("authmock --strict >= 10x Prism on " r, x >= 10, sprintf("%.2fx", x))
			if (rps["authmock-proxy", r] && rps["prism-proxy", r]) {
				x = rps["authmock-proxy", r] / rps["prism-proxy", r]
				check("authmock proxy >= 10x Prism proxy on " r, x >= 10, sprintf("%.2fx", x))
			}
			if (bad["authmock", r] + bad["authmock-strict", r] > 0) check("authmock answers only 2xx on " r, 0, bad["authmock", r] + bad["authmock-strict", r] " non-2xx or errors")
		}
		check("authmock peak RSS < 40 MB", rss["authmock"] < 40, rss["authmock"] " MB")
		check("authmock start-up < 100 ms", start["authmock"] < 100, start["authmock"] " ms")
	}' "$TMP/rows"
