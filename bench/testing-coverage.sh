#!/usr/bin/env bash
# The testing benchmark of issue 5: coverage of a community of 10,000 persons inside a register of
# 1,000,000, and lab result ingestion of 100,000 tubes. Starts its own servers and testing instance
# (ports 45432, 48180/49180, 49092/49093, 18082). Writes docs/benchmarks/testing.md.
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

if [ "${SKIP_BUILD:-}" != 1 ]; then
  echo "Building testing and the benchmark..."
  ./mvnw -B -q -pl services/testing,bench -am install -DskipTests
fi

rm -rf "$WORK"
mkdir -p "$WORK"
# shellcheck source=bench/bench-stack.sh
source "$ROOT/bench/bench-stack.sh"
# shellcheck source=bench/report.sh
source "$ROOT/bench/report.sh"
BEFORE=$(bench_load)
bench_servers testing
bench_service testing 18082 1g

java -Xmx3g -cp "bench/target/classes:bench/target/lib/*" org.lifeline.bench.TestingBenchmark \
  --url http://localhost:18082 --jdbc jdbc:postgresql://localhost:45432/testing --communities "$COMMUNITIES" \
  --batch "$BATCH" --out "$OUT" --pg-config "$PG_CONFIG"
bench_report "$OUT" "$BEFORE" "bench/testing-coverage.sh $COMMUNITIES $BATCH"
