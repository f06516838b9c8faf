#!/usr/bin/env bash
# The supplies benchmark of issue 6: orders/s accepted through the gateway with stock contention, and an
# allocation run for 10,000 households. Starts its own servers, supplies and a gateway (ports 45432,
# 48180/49180, 49092/49093, supplies 18083, gateway 18080). Writes docs/benchmarks/supplies.md.
#
#   bench/supplies-orders.sh [CONCURRENCY] [BUILDINGS]   default 32 orders in flight, 100 buildings of 100 households
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CONCURRENCY=${1:-32}
BUILDINGS=${2:-100}
WORK="$ROOT/.devstack/bench-supplies"
OUT="$ROOT/docs/benchmarks/supplies.md"
PG_CONFIG=${PG_CONFIG:-shared_buffers=2GB,max_wal_size=8GB,checkpoint_timeout=15min}
cd "$ROOT"

if [ "${SKIP_BUILD:-}" != 1 ]; then
  echo "Building supplies, the gateway and the benchmark..."
  ./mvnw -B -q -pl services/supplies,gateway,bench -am install -DskipTests
fi

rm -rf "$WORK"
mkdir -p "$WORK"
# shellcheck source=bench/bench-stack.sh
source "$ROOT/bench/bench-stack.sh"
# shellcheck source=bench/report.sh
source "$ROOT/bench/report.sh"
BEFORE=$(bench_load)
bench_servers supplies
bench_service supplies 18083 1g
SUPPLIES_URL=http://localhost:18083 KEYCLOAK_URL=http://localhost:48180 QUARKUS_HTTP_PORT=18080 QUARKUS_MANAGEMENT_PORT=19080 \
GATEWAY_RATE_LIMITS_STANDARD_USERS_LIMIT=1000000000 QUARKUS_HTTP_ACCESS_LOG_ENABLED=false \
  java -Xmx512m -jar gateway/target/quarkus-app/quarkus-run.jar >"$WORK/gateway.log" 2>&1 &
BENCH_PIDS+=($!)
for _ in $(seq 1 120); do curl -fsS -o /dev/null http://localhost:19080/q/health/ready 2>/dev/null && break; sleep 1; done

java -Xmx1g -cp "bench/target/classes:bench/target/lib/*" org.lifeline.bench.SuppliesBenchmark \
  --url http://localhost:18080 --jdbc jdbc:postgresql://localhost:45432/supplies --concurrency "$CONCURRENCY" \
  --buildings "$BUILDINGS" --out "$OUT"
bench_report "$OUT" "$BEFORE" "bench/supplies-orders.sh $CONCURRENCY $BUILDINGS"
