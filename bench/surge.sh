#!/usr/bin/env bash
# Surge (issue 10): every route through the local stack's gateway (:8080, its real per-user rate limits) at
# a normal fixed rate, then ten times that rate on residents while the others keep theirs. Gatling (Java
# DSL, open model: constantUsersPerSec) drives it; bench/gatling/src/test/java/.../SurgeSimulation.java. Needs
# ./lifeline up. Writes docs/benchmarks/surge.md and surge.png (Gatling's HTML report: bench/gatling/target/gatling/).
#
#   bench/surge.sh [PHASE_SECONDS] [RATE_PER_USER]     default 60 s per phase (after 20 s of warm-up), 1 req/s
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PHASE=${1:-60}
RATE=${2:-1.0}
WORK="$ROOT/.devstack/bench-surge"
OUT="$ROOT/docs/benchmarks/surge.md"
cd "$ROOT"
# shellcheck source=bench/report.sh
source "$ROOT/bench/report.sh"
mkdir -p "$WORK"
curl -fsS -o /dev/null http://localhost:9080/q/health/ready || { echo "Start the stack first: ./lifeline up"; exit 1; }
if [ "${SKIP_BUILD:-}" != 1 ]; then
  echo "Building the benchmark module..."
  ./mvnw -B -q -pl bench -am install -DskipTests
fi
BEFORE=$(bench_load)
echo "Surge: 20 s warm-up, $PHASE s baseline, $PHASE s with residents at 10x (Gatling log: $WORK/gatling.log)..."
rm -f "$WORK/surge.tsv"
./mvnw -B -f bench/gatling/pom.xml test-compile gatling:test -Dgatling.simulationClass=org.lifeline.bench.SurgeSimulation \
  -Dsurge.phase="$PHASE" -Dsurge.rate="$RATE" -Dsurge.out="$WORK/surge.tsv" >"$WORK/gatling.log" 2>&1 \
  || { tail -n 40 "$WORK/gatling.log"; exit 1; }
[ -s "$WORK/surge.tsv" ] || { echo "the simulation wrote no results; see $WORK/gatling.log"; exit 1; }
python3 bench/gatling-report.py surge "$WORK/surge.tsv" "$OUT" "$WORK/surge-plot.tsv" "$PHASE"
cat >>"$OUT" <<MD

How: Gatling 3.15.1 (Java DSL, open model: each route's requests arrive at a fixed rate
whatever the answers' latency) against the local stack's gateway with its configured limits (standard class
120 requests/min per user, urgent 30/min). Residents: staff1, staff2, grid1, grid2 in turn, \`GET
/api/residents/households?size=10\`, $RATE request/s each (normal), then 10x; testing (street1, district1:
\`GET /api/testing/campaigns\`), supplies (resident1, resident2: \`GET /api/supplies/orders\`), co-governance
(volunteer1, admin1: \`GET /api/cogovernance/tasks?status=open\`) at $RATE request/s per user throughout;
medical (health1: \`GET /api/medical/requests?open=true\`) at 0.25/s. Each route has its own users, since a
user's bucket is shared by the routes of a rate class. The first 20 s (warm-up) are left out. A bucket holds
120 requests, so the surging users are refused only once theirs is empty (after about 15 s at 10x).
Latencies are Gatling's response times (whole milliseconds), from the load generator on the same cores.
MD
bench_report "$OUT" "$BEFORE" "bench/surge.sh $PHASE $RATE" tsv "$WORK/surge-plot.tsv" "Surge"
echo "Wrote ${OUT#"$ROOT"/}"
cat "$OUT"
