#!/usr/bin/env bash
# Issue 5's propagation benchmark: a lab's positive result → the household sealed in residents, over
# the real outbox, Kafka and inbox. Starts its own servers, residents (with demo data) and testing
# (ports 45432, 48180/49180, 49092/49093, 18081, 18082). Writes docs/benchmarks/testing-propagation.md.
#
#   bench/testing-propagation.sh [HOUSEHOLDS]     default 100
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
HOUSEHOLDS=${1:-100}
WORK="$ROOT/.devstack/bench-propagation"
PG_CONFIG=${PG_CONFIG:-shared_buffers=512MB}
cd "$ROOT"

if [ "${SKIP_BUILD:-}" != 1 ]; then
  echo "Building residents, testing and the benchmark..."
  ./mvnw -B -q -pl services/residents,services/testing,bench -am install -DskipTests
fi

rm -rf "$WORK"
mkdir -p "$WORK"
# shellcheck source=bench/bench-stack.sh
source "$ROOT/bench/bench-stack.sh"
# shellcheck source=bench/report.sh
source "$ROOT/bench/report.sh"
BEFORE=$(bench_load)
bench_servers residents,testing
RESIDENTS_DEMO_ENABLED=true bench_service residents 18081 1g
bench_service testing 18082 1g

java -cp "bench/target/classes:bench/target/lib/*" org.lifeline.bench.PropagationBenchmark \
  --residents http://localhost:18081 --testing http://localhost:18082 --households "$HOUSEHOLDS" \
  --out "$ROOT/docs/benchmarks/testing-propagation.md"
bench_report "$ROOT/docs/benchmarks/testing-propagation.md" "$BEFORE" "bench/testing-propagation.sh $HOUSEHOLDS"
