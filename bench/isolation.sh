#!/usr/bin/env bash
# Isolation (issues 10 and 20): fixed-rate load on every route through a gateway while the medical and hotline
# services are first stalled (SIGSTOP: their ports accept, nothing answers) and then killed (SIGKILL: refused).
# Gatling (Java DSL, open model) drives it; bench/gatling/src/test/java/.../IsolationSimulation.java. Needs
# ./lifeline up; stalls and kills the stack's medical and hotline services, then starts them again as ./lifeline up
# does. Uses a gateway of the same build on :18080 with the per-user limits raised (the load is a few users' worth),
# upstreams the stack's services. Writes docs/benchmarks/isolation.md and isolation.png.
#
#   bench/isolation.sh [PHASE_SECONDS] [RATE] [MEDICAL_RATE] [HOTLINE_RATE]
#     default 45 s per phase, 3 req/s per route, 1 on medical, 1 on the hotline
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PHASE=${1:-45}
RATE=${2:-3}
MEDICAL_RATE=${3:-1}
HOTLINE_RATE=${4:-1}
WORK="$ROOT/.devstack/bench-isolation"
OUT="$ROOT/docs/benchmarks/isolation.md"
RUN_DIR="$ROOT/.devstack/run"
cd "$ROOT"
# shellcheck source=bench/report.sh
source "$ROOT/bench/report.sh"
mkdir -p "$WORK"
for port in 8081 8082 8083 8084 8085 8086; do
  curl -fsS -o /dev/null "http://localhost:$port/q/health/ready" || { echo "Start the stack first: ./lifeline up (:$port is not ready)"; exit 1; }
done
MEDICAL_PID=$(cat "$RUN_DIR/medical.pid")
HOTLINE_PID=$(cat "$RUN_DIR/hotline.pid")
if [ "${SKIP_BUILD:-}" != 1 ]; then
  echo "Building the benchmark module..."
  ./mvnw -B -q -pl bench -am install -DskipTests
fi

GATEWAY_PID=""
restart() { # name, pid, port: as ./lifeline up starts it, so ./lifeline down stops it
  local name=$1 pid=$2 port=$3
  if kill -0 "$pid" 2>/dev/null; then
    kill -CONT "$pid" 2>/dev/null || true
    return
  fi
  echo "Starting $name again..."
  PG_HOST=localhost PG_PORT=15432 KEYCLOAK_URL=http://localhost:8180 KAFKA_BOOTSTRAP=localhost:19092 \
  RESIDENTS_URL=http://localhost:8081 LIFELINE_LOCAL_STACK=true HOTLINE_KEYCLOAK_CLIENT_SECRET=lifeline-hotline-demo-secret \
    nohup java -Xmx512m -jar "$ROOT/services/$name/target/quarkus-app/quarkus-run.jar" >>"$RUN_DIR/logs/$name.log" 2>&1 &
  echo $! >"$RUN_DIR/$name.pid"
  for _ in $(seq 1 120); do curl -fsS -o /dev/null "http://localhost:$port/q/health/ready" 2>/dev/null && break; sleep 1; done
}
cleanup() {
  [ -n "$GATEWAY_PID" ] && kill "$GATEWAY_PID" 2>/dev/null || true
  restart medical "$MEDICAL_PID" 8084
  restart hotline "$HOTLINE_PID" 8086
}
trap cleanup EXIT

RESIDENTS_URL=http://localhost:8081 TESTING_URL=http://localhost:8082 SUPPLIES_URL=http://localhost:8083 \
MEDICAL_URL=http://localhost:8084 COGOVERNANCE_URL=http://localhost:8085 HOTLINE_URL=http://localhost:8086 \
KEYCLOAK_URL=http://localhost:8180 QUARKUS_HTTP_PORT=18080 QUARKUS_MANAGEMENT_PORT=19080 \
GATEWAY_RATE_LIMITS_STANDARD_USERS_LIMIT=1000000000 GATEWAY_RATE_LIMITS_URGENT_USERS_LIMIT=1000000000 \
GATEWAY_RATE_LIMITS_HOTLINE_USERS_LIMIT=1000000000 QUARKUS_HTTP_ACCESS_LOG_ENABLED=false \
  java -Xmx512m -jar "$ROOT/gateway/target/quarkus-app/quarkus-run.jar" >"$WORK/gateway.log" 2>&1 &
GATEWAY_PID=$!
for _ in $(seq 1 120); do curl -fsS -o /dev/null http://localhost:19080/q/health/ready 2>/dev/null && break; sleep 1; done
curl -fsS -o /dev/null http://localhost:19080/q/health/ready || { echo "the bench gateway did not start; see $WORK/gateway.log"; exit 1; }

BEFORE=$(bench_load)
echo "Isolation: 20 s warm-up, $PHASE s baseline, $PHASE s medical and hotline stalled, $PHASE s both killed (Gatling log: $WORK/gatling.log)..."
rm -f "$WORK/isolation.tsv"
./mvnw -B -f bench/gatling/pom.xml test-compile gatling:test -Dgatling.simulationClass=org.lifeline.bench.IsolationSimulation \
  -Disolation.phase="$PHASE" -Disolation.rate="$RATE" -Disolation.medical-rate="$MEDICAL_RATE" \
  -Disolation.hotline-rate="$HOTLINE_RATE" -Disolation.medical-pid="$MEDICAL_PID" -Disolation.hotline-pid="$HOTLINE_PID" \
  -Disolation.out="$WORK/isolation.tsv" >"$WORK/gatling.log" 2>&1 \
  || { tail -n 40 "$WORK/gatling.log"; exit 1; }
[ -s "$WORK/isolation.tsv" ] || { echo "the simulation wrote no results; see $WORK/gatling.log"; exit 1; }
python3 bench/gatling-report.py isolation "$WORK/isolation.tsv" "$OUT" "$WORK/isolation-plot.tsv" "$PHASE"
cat >>"$OUT" <<MD

How: Gatling 3.15.1 (Java DSL, open model: fixed arrival rates whatever the answers' latency) through a gateway
of this build on :18080 (routes, bulkheads, timeouts and breakers as configured; per-user limits raised, since
the load comes from one user per route) to the local stack's services. Residents (staff1, \`GET
/api/residents/households?size=10\`), testing (street1, \`GET /api/testing/campaigns\`), supplies (resident1,
\`GET /api/supplies/orders\`) and co-governance (volunteer1, \`GET /api/cogovernance/tasks?status=open\`) at $RATE
requests/s each, medical (health1, \`GET /api/medical/requests?open=true\`) at $MEDICAL_RATE/s and the hotline
(operator1, \`GET /api/hotline/tickets?status=open\`) at $HOTLINE_RATE/s, for the whole run. After 20 s of warm-up
(left out) and the baseline phase, the medical and hotline processes get SIGSTOP (stalled: the kernel still
accepts their connections, nothing answers), one phase later SIGKILL (connections refused); the script starts
them again afterwards. Latencies are Gatling's response times (whole milliseconds), from the load
generator on the same cores. The earlier isolation figure (wrk, 64 connections hammering a stalled fake
medical with no rate cap) is in [gateway.md](gateway.md).
MD
bench_report "$OUT" "$BEFORE" "bench/isolation.sh $PHASE $RATE $MEDICAL_RATE $HOTLINE_RATE" tsv "$WORK/isolation-plot.tsv" "Isolation"
echo "Wrote ${OUT#"$ROOT"/}"
cat "$OUT"
