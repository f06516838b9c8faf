#!/usr/bin/env bash
# The register benchmark of issue 4: a synthetic city register of PERSONS persons (default 1,000,000),
# imported as CSV and as XLSX through the residents API, and a community's list and name searches
# timed against it. Starts its own servers and residents instance (ports 35432, 38180/39180,
# 39092/39093, 18081), so it does not touch ./lifeline up or the tests. Writes docs/benchmarks/residents.md.
#
#   bench/residents-register.sh [PERSONS]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PERSONS=${1:-1000000}
WORK="$ROOT/.devstack/bench-register"
OUT="$ROOT/docs/benchmarks/residents.md"
# PostgreSQL as it would be set up for a city register on a 24 GiB machine (the embedded server's own
# defaults are 128 MB of shared buffers and 1 GB of WAL between checkpoints); written into the report.
PG_CONFIG=${PG_CONFIG:-shared_buffers=2GB,max_wal_size=8GB,checkpoint_timeout=15min,maintenance_work_mem=512MB}
cd "$ROOT"

echo "Building residents and the benchmark..."
./mvnw -B -q -pl services/residents,bench -am install -DskipTests

rm -rf "$WORK/servers" "$WORK"/*.csv "$WORK"/*.xlsx
mkdir -p "$WORK"
SERVERS_PID=""
RESIDENTS_PID=""
cleanup() {
  [ -n "$RESIDENTS_PID" ] && kill "$RESIDENTS_PID" 2>/dev/null || true
  [ -n "$SERVERS_PID" ] && kill "$SERVERS_PID" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap cleanup EXIT

java -cp "platform/servers/target/classes:platform/servers/target/lib/*" org.lifeline.servers.DevStack \
  --dir "$WORK/servers" --fresh true --pg-port 35432 --keycloak-port 38180 --keycloak-management-port 39180 \
  --kafka-port 39092 --kafka-controller-port 39093 --databases residents \
  --pg-config "$PG_CONFIG" >"$WORK/servers.log" 2>&1 &
SERVERS_PID=$!
for _ in $(seq 1 180); do [ -f "$WORK/servers/servers.ready" ] && break; sleep 1; done
[ -f "$WORK/servers/servers.ready" ] || { echo "servers did not start; see $WORK/servers.log"; exit 1; }
# shellcheck disable=SC1091
source "$WORK/servers/servers.env"
export LIFELINE_PG_PORT LIFELINE_KEYCLOAK_URL LIFELINE_KAFKA_BOOTSTRAP

PG_PORT=35432 KEYCLOAK_URL=http://localhost:38180 KAFKA_BOOTSTRAP=localhost:39092 QUARKUS_HTTP_PORT=18081 \
QUARKUS_HTTP_ACCESS_LOG_ENABLED=false \
  java -Xmx2g -jar services/residents/target/quarkus-app/quarkus-run.jar >"$WORK/residents.log" 2>&1 &
RESIDENTS_PID=$!
for _ in $(seq 1 120); do curl -fsS -o /dev/null http://localhost:18081/q/health/ready && break; sleep 1; done
curl -fsS -o /dev/null http://localhost:18081/q/health/ready || { echo "residents did not start; see $WORK/residents.log"; exit 1; }

java -Xmx3g -cp "bench/target/classes:bench/target/lib/*" org.lifeline.bench.RegisterBenchmark \
  --persons "$PERSONS" --url http://localhost:18081 --jdbc jdbc:postgresql://localhost:35432/residents \
  --server-pid "$RESIDENTS_PID" --work "$WORK" --out "$OUT" --pg-config "$PG_CONFIG"
# the job's own phase timings (the residents log line of each import), in the order run: CSV, XLSX, CSV again
{
  echo
  echo "Import phases, as the residents service logs them (CSV, XLSX, CSV again):"
  echo
  grep -h "import .* done in" "$WORK/residents.log" | sed 's/.*\] import /- import /'
} >>"$OUT"
