#!/usr/bin/env bash
# The testing benchmark of issue 5: coverage of a community of 10,000 persons inside a register of
# 1,000,000, and lab result ingestion of 100,000 tubes. Starts its own servers and testing instance
# (ports 35432, 38180/39180, 39092/39093, 18082). Writes docs/benchmarks/testing.md.
#
#   bench/testing-coverage.sh [COMMUNITIES] [BATCH]     default 100 communities, batches of 10,000 tubes
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
COMMUNITIES=${1:-100}
BATCH=${2:-10000}
WORK="$ROOT/.devstack/bench-testing"
OUT="$ROOT/docs/benchmarks/testing.md"
PG_CONFIG=${PG_CONFIG:-shared_buffers=2GB,max_wal_size=8GB,checkpoint_timeout=15min,maintenance_work_mem=512MB}
cd "$ROOT"

echo "Building testing and the benchmark..."
./mvnw -B -q -pl services/testing,bench -am install -DskipTests

rm -rf "$WORK"
mkdir -p "$WORK"
SERVERS_PID=""
TESTING_PID=""
cleanup() {
  [ -n "$TESTING_PID" ] && kill "$TESTING_PID" 2>/dev/null || true
  [ -n "$SERVERS_PID" ] && kill "$SERVERS_PID" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap cleanup EXIT

java -cp "platform/servers/target/classes:platform/servers/target/lib/*" org.lifeline.servers.DevStack \
  --dir "$WORK/servers" --fresh true --pg-port 35432 --keycloak-port 38180 --keycloak-management-port 39180 \
  --kafka-port 39092 --kafka-controller-port 39093 --databases testing --pg-config "$PG_CONFIG" \
  >"$WORK/servers.log" 2>&1 &
SERVERS_PID=$!
for _ in $(seq 1 180); do [ -f "$WORK/servers/servers.ready" ] && break; sleep 1; done
[ -f "$WORK/servers/servers.ready" ] || { echo "servers did not start; see $WORK/servers.log"; exit 1; }
# shellcheck disable=SC1091
source "$WORK/servers/servers.env"
export LIFELINE_PG_PORT LIFELINE_KEYCLOAK_URL LIFELINE_KAFKA_BOOTSTRAP

PG_PORT=35432 KEYCLOAK_URL=http://localhost:38180 KAFKA_BOOTSTRAP=localhost:39092 QUARKUS_HTTP_PORT=18082 \
QUARKUS_HTTP_ACCESS_LOG_ENABLED=false \
  java -Xmx1g -jar services/testing/target/quarkus-app/quarkus-run.jar >"$WORK/testing.log" 2>&1 &
TESTING_PID=$!
for _ in $(seq 1 120); do curl -fsS -o /dev/null http://localhost:18082/q/health/ready 2>/dev/null && break; sleep 1; done
curl -fsS -o /dev/null http://localhost:18082/q/health/ready || { echo "testing did not start; see $WORK/testing.log"; exit 1; }

java -Xmx3g -cp "bench/target/classes:bench/target/lib/*" org.lifeline.bench.TestingBenchmark \
  --url http://localhost:18082 --jdbc jdbc:postgresql://localhost:35432/testing --communities "$COMMUNITIES" \
  --batch "$BATCH" --out "$OUT" --pg-config "$PG_CONFIG"
