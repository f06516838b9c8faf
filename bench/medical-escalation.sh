#!/usr/bin/env bash
# The medical benchmark of issue 7: 10,000 open requests with deadlines spread over an hour compressed into
# WINDOW seconds, escalated by REPLICAS medical instances against one database; the delay between each
# deadline and its escalation. Starts its own servers and medical instances on ports apart from the other
# benchmarks and the tests (PostgreSQL 56432, Keycloak 56180/56190, Kafka 56092/56093, medical 56084...).
# Writes docs/benchmarks/medical.md.
#
#   bench/medical-escalation.sh [REQUESTS] [WINDOW] [REPLICAS]     default 10000 requests, 300 s, 2 replicas
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
REQUESTS=${1:-10000}
WINDOW=${2:-300}
REPLICAS=${3:-2}
WORK="$ROOT/.devstack/bench-medical"
OUT="$ROOT/docs/benchmarks/medical.md"
cd "$ROOT"

if [ "${SKIP_BUILD:-}" != 1 ]; then
  echo "Building medical and the benchmark..."
  ./mvnw -B -q -pl services/medical,bench -am install -DskipTests
fi

rm -rf "$WORK"
mkdir -p "$WORK"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

java -cp "platform/servers/target/classes:platform/servers/target/lib/*" org.lifeline.servers.DevStack \
  --dir "$WORK/servers" --fresh true --pg-port 56432 --keycloak-port 56180 --keycloak-management-port 56190 \
  --kafka-port 56092 --kafka-controller-port 56093 --databases medical >"$WORK/servers.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 180); do [ -f "$WORK/servers/servers.ready" ] && break; sleep 1; done
[ -f "$WORK/servers/servers.ready" ] || { echo "servers did not start; see $WORK/servers.log"; exit 1; }

for r in $(seq 1 "$REPLICAS"); do
  port=$((56083 + r))
  PG_PORT=56432 KEYCLOAK_URL=http://localhost:56180 KAFKA_BOOTSTRAP=localhost:56092 QUARKUS_HTTP_PORT=$port \
  QUARKUS_HTTP_ACCESS_LOG_ENABLED=false \
    java -Xmx384m -jar services/medical/target/quarkus-app/quarkus-run.jar >"$WORK/medical-$r.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 120); do curl -fsS -o /dev/null "http://localhost:$port/q/health/ready" 2>/dev/null && break; sleep 1; done
  curl -fsS -o /dev/null "http://localhost:$port/q/health/ready" || { echo "medical $r did not start; see $WORK/medical-$r.log"; exit 1; }
  echo "medical replica $r on $port"
done

java -cp "bench/target/classes:bench/target/lib/*" org.lifeline.bench.MedicalBenchmark \
  --jdbc jdbc:postgresql://localhost:56432/medical --requests "$REQUESTS" --window "$WINDOW" --replicas "$REPLICAS" \
  --out "$OUT"
