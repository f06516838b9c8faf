#!/usr/bin/env bash
# The register benchmark of issue 4: a synthetic city register of PERSONS persons (default 1,000,000),
# imported as CSV and as XLSX through the residents API, and a community's list and name searches
# timed against it. Starts its own servers and residents instance (ports 45432, 48180/49180,
# 49092/49093, 18081), so it does not touch ./lifeline up or the tests. Writes docs/benchmarks/residents.md.
#
#   bench/residents-register.sh [PERSONS]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PERSONS=${1:-1000000}
WORK="$ROOT/.devstack/bench-register"
OUT=${OUT:-"$ROOT/docs/benchmarks/residents.md"}
# PHASES=csv stops after the CSV import and the queries (no XLSX); see RegisterBenchmark
# PostgreSQL as it would be set up for a city register on a 24 GiB machine (the embedded server's own
# defaults are 128 MB of shared buffers and 1 GB of WAL between checkpoints); written into the report.
PG_CONFIG=${PG_CONFIG:-shared_buffers=2GB,max_wal_size=8GB,checkpoint_timeout=15min,maintenance_work_mem=512MB}
cd "$ROOT"

if [ "${SKIP_BUILD:-}" != 1 ]; then
  echo "Building residents and the benchmark..."
  ./mvnw -B -q -pl services/residents,bench -am install -DskipTests
fi

rm -rf "$WORK/servers" "$WORK"/*.csv "$WORK"/*.xlsx
mkdir -p "$WORK"
# shellcheck source=bench/bench-stack.sh
source "$ROOT/bench/bench-stack.sh"
# shellcheck source=bench/report.sh
source "$ROOT/bench/report.sh"
BEFORE=$(bench_load)
bench_servers residents
bench_service residents 18081 2g
RESIDENTS_PID=$SERVICE_PID

java -Xmx3g -cp "bench/target/classes:bench/target/lib/*" org.lifeline.bench.RegisterBenchmark \
  --persons "$PERSONS" --url http://localhost:18081 --jdbc jdbc:postgresql://localhost:45432/residents \
  --server-pid "$RESIDENTS_PID" --work "$WORK" --out "$OUT" --pg-config "$PG_CONFIG" --phases "${PHASES:-all}"
# the job's own phase timings (the residents log line of each import), in the order run: CSV, XLSX, CSV again
{
  echo
  echo "Import phases, as the residents service logs them (CSV, XLSX, CSV again):"
  echo
  grep -h "import .* done in" "$WORK/residents.log" | sed 's/.*\] import /- import /'
} >>"$OUT"
bench_report "$OUT" "$BEFORE" "bench/residents-register.sh $PERSONS"
