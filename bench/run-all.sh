#!/usr/bin/env bash
# Every benchmark of issue 10, one after the other, each writing docs/benchmarks/<scenario>.md (its table,
# with date, commit, cores, Java and the load average) and <scenario>.png; then the summary table at the
# top of docs/benchmarks.md. Installs what it needs (wrk and nginx from Debian, Gatling and jfreechart
# through Maven). Starts the local stack (./lifeline up) for the first three if it is not running, and
# stops it again afterwards; the other four start their own servers on ports 45432, 48180/49180,
# 49092/49093 and 18080-18083 (the bench gateway's health on 19080).
#
#   bench/run-all.sh            quick sizes, about 35 minutes on a loaded 2-core machine (less when idle)
#   bench/run-all.sh --full     the issues' sizes (1,000,000 persons, 100 communities, 10,000 orders, ...), about 35 minutes (idle 2-core machine, build included)
#
#   scenario      script                        quick           full
#   gateway       bench/gateway-overhead.sh     15 s per run    20 s
#   surge         bench/surge.sh                60 s phases     90 s
#   isolation     bench/isolation.sh            45 s phases     60 s
#   bulk-import   bench/residents-register.sh   100,000 persons 1,000,000
#   coverage      bench/testing-coverage.sh     10 communities  100 (of 10,000 persons each)
#   orders        bench/supplies-orders.sh      3,000 orders    10,000
#   propagation   bench/testing-propagation.sh  30 households   100
#   hotline       bench/hotline.sh              5,000 contacts, 100,000 tickets stored   50,000 contacts, 1,000,000 stored
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
FULL=0
[ "${1:-}" = --full ] && FULL=1
LOG="$ROOT/.devstack/bench-run-all"
mkdir -p "$LOG"
size() { if [ "$FULL" = 1 ]; then echo "$2"; else echo "$1"; fi; }

command -v wrk >/dev/null && command -v nginx >/dev/null || {
  echo "Installing wrk and nginx..."; (apt-get install -y wrk nginx >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y wrk nginx >/dev/null; }); }
if [ "${SKIP_BUILD:-}" != 1 ]; then # SKIP_BUILD=1: the jars are already built from this commit
  echo "Building everything (services, gateway, benchmarks)..."
  ./mvnw -B -q install -DskipTests || { echo "build failed"; exit 1; }
fi

STARTED=0
stop_stack() { if [ "$STARTED" = 1 ]; then ./lifeline down >/dev/null 2>&1 || true; STARTED=0; fi; }
trap stop_stack EXIT
if ! curl -fsS -o /dev/null http://localhost:9080/q/health/ready 2>/dev/null; then
  echo "Starting the local stack..."
  ./lifeline up >"$LOG/lifeline-up.log" 2>&1 || { tail -n 20 "$LOG/lifeline-up.log"; ./lifeline down >/dev/null 2>&1; exit 1; }
  STARTED=1
fi

RESULTS=()
FAILED=()
run() { # scenario, script, args...
  local name=$1; shift
  local t0=$SECONDS
  echo "== $name: $* ($(date -u +%H:%M:%S) UTC, load $(uptime | sed 's/.*load average: //'))"
  if SKIP_BUILD=1 "$@" >"$LOG/$name.log" 2>&1; then
    RESULTS+=("$name: done in $((SECONDS - t0)) s")
  else
    RESULTS+=("$name: FAILED after $((SECONDS - t0)) s, see ${LOG#"$ROOT"/}/$name.log")
    FAILED+=("$name")
    tail -n 15 "$LOG/$name.log"
  fi
}

run gateway bench/gateway-overhead.sh "$(size 15s 20s)"
run surge bench/surge.sh "$(size 60 90)"
run isolation bench/isolation.sh "$(size 45 60)"
stop_stack
run bulk-import bench/residents-register.sh "$(size 100000 1000000)"
run coverage bench/testing-coverage.sh "$(size 10 100)" 10000
run orders bench/supplies-orders.sh 32 "$(size 30 100)"
run propagation bench/testing-propagation.sh "$(size 30 100)"
PERSONS=$(size 30000 100000) SURVEY=$(size 2000 10000) ESCALATIONS=$(size 2000 10000) WINDOW=$(size 20 60) BASELINE=$(size 30 60) \
  run hotline bench/hotline.sh "$(size 5000 50000)" "$(size 100000 1000000)"

python3 bench/summary.py "${FAILED[@]}" >/dev/null
echo
printf '%s\n' "${RESULTS[@]}"
echo "Summary: docs/benchmarks.md; reports and plots: docs/benchmarks/"
[ ${#FAILED[@]} = 0 ]
