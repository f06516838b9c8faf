#!/usr/bin/env bash
# The hotline benchmark of issue 20, through a gateway against the real stack: a hotline surge (contacts at a fixed
# rate, a share of them repeats of open tickets, the other routes measured against a baseline), a survey batch
# (SurveyVisitRecorded events on Kafka → tickets), escalation (open tickets whose deadlines pass over a window) and
# the operator's screen with many tickets stored. Starts its own servers (ports 45432, 48180/49180, 49092/49093),
# residents 18081, testing 18082, supplies 18083, medical 18084, co-governance 18085, hotline 18086 and a gateway
# 18080 (health on 19080); imports a synthetic city register (CityRegister) into residents, whose household events
# fill the hotline's read model. Driver: bench/src/main/java/org/lifeline/bench/HotlineBenchmark.java.
# Writes docs/benchmarks/hotline.md.
#
#   bench/hotline.sh [CONTACTS] [STORED_TICKETS]     default 50,000 contacts, 1,000,000 tickets stored
#
# Environment (defaults are the issue's sizes): RATE=100 contacts/s, REPEATS=0.4, PERSONS=100000 (the register;
# about 37,000 households), SURVEY=10000 visits, ESCALATIONS=10000 tickets, WINDOW=60 s (their deadlines pass over
# it), BASELINE=60 s (other routes alone), WARMUP=20 s (contacts at the rate, not counted), OTHER_RATE=1 request/s
# per route (medical 0.25), PHASES=register,survey,surge,escalation,screen, JFR=1 (profile the hotline), MEDICAL_JFR=1
# (profile medical, with its access log).
# Small validation run (about 8 minutes): PERSONS=10000 SURVEY=1000 ESCALATIONS=1000 WINDOW=10 BASELINE=20 WARMUP=5 bench/hotline.sh 2000 10000
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CONTACTS=${1:-50000}
STORED=${2:-1000000}
RATE=${RATE:-100}
REPEATS=${REPEATS:-0.4}
PERSONS=${PERSONS:-100000}
SURVEY=${SURVEY:-10000}
ESCALATIONS=${ESCALATIONS:-10000}
WINDOW=${WINDOW:-60}
BASELINE=${BASELINE:-60}
WARMUP=${WARMUP:-20}
OTHER_RATE=${OTHER_RATE:-1}
PHASES=${PHASES:-register,survey,surge,escalation,screen}
WORK="$ROOT/.devstack/bench-hotline"
OUT=${OUT:-"$ROOT/docs/benchmarks/hotline.md"}
PG_CONFIG=${PG_CONFIG:-shared_buffers=1GB,max_wal_size=8GB,checkpoint_timeout=15min,maintenance_work_mem=512MB}
cd "$ROOT"

if [ "${SKIP_BUILD:-}" != 1 ]; then
  echo "Building the services, the gateway and the benchmark..."
  ./mvnw -B -q -pl services/residents,services/testing,services/supplies,services/medical,services/cogovernance,services/hotline,gateway,bench -am install -DskipTests
fi

rm -rf "$WORK"
mkdir -p "$WORK"
# shellcheck source=bench/bench-stack.sh
source "$ROOT/bench/bench-stack.sh"
# shellcheck source=bench/report.sh
source "$ROOT/bench/report.sh"
BEFORE=$(bench_load)
bench_servers residents,testing,supplies,medical,cogovernance,hotline
bench_service residents 18081 1g
bench_service testing 18082 384m
bench_service supplies 18083 384m
# MEDICAL_JFR=1: a JFR profile of medical over the whole run ($WORK/medical.jfr) and its access log (medical.log)
ACCESS_LOG=${MEDICAL_JFR:+true} \
SERVICE_OPTS="${MEDICAL_JFR:+-XX:StartFlightRecording=filename=$WORK/medical.jfr,settings=profile,dumponexit=true}" \
  bench_service medical 18084 384m
bench_service cogovernance 18085 384m
# JFR=1: a Java Flight Recorder profile of the hotline over the whole run, in $WORK/hotline.jfr (jfr print / JMC)
RESIDENTS_URL=http://localhost:18081 HOTLINE_WEBHOOK_SECRET=bench-webhook-secret \
SERVICE_OPTS="${JFR:+-XX:StartFlightRecording=filename=$WORK/hotline.jfr,settings=profile,dumponexit=true}" \
  bench_service hotline 18086 1g
# The gateway of this build with its routes, bulkheads and breakers as configured. Rate limits: the hotline class's
# per-user limit is raised, since the surge's 100 contacts/s come from one benchmark operator (in a 12345 centre,
# from hundreds of operators, each far below the class's 300/min); the standard class's too, since the operator
# screen is timed as one operator sending 350 requests in a row. The urgent class (medical) keeps its limit; the
# other routes' load (1 request/s per user, medical 0.25/s) is below every class's limit.
RESIDENTS_URL=http://localhost:18081 TESTING_URL=http://localhost:18082 SUPPLIES_URL=http://localhost:18083 \
MEDICAL_URL=http://localhost:18084 COGOVERNANCE_URL=http://localhost:18085 HOTLINE_URL=http://localhost:18086 \
KEYCLOAK_URL=http://localhost:48180 QUARKUS_HTTP_PORT=18080 QUARKUS_MANAGEMENT_PORT=19080 QUARKUS_HTTP_ACCESS_LOG_ENABLED=false \
  java -Xmx512m -Dgateway.rate-limits.hotline.users.limit=1000000000 -Dgateway.rate-limits.standard.users.limit=1000000000 \
  -jar gateway/target/quarkus-app/quarkus-run.jar >"$WORK/gateway.log" 2>&1 &
BENCH_PIDS+=($!)
for _ in $(seq 1 120); do curl -fsS -o /dev/null http://localhost:19080/q/health/ready 2>/dev/null && break; sleep 1; done
curl -fsS -o /dev/null http://localhost:19080/q/health/ready || { echo "the gateway did not start; see $WORK/gateway.log"; exit 1; }

java -Xmx2g -cp "bench/target/classes:bench/target/lib/*" org.lifeline.bench.HotlineBenchmark \
  --gateway http://localhost:18080 --residents http://localhost:18081 --kafka localhost:49092 \
  --hotline-jdbc jdbc:postgresql://localhost:45432/hotline --residents-jdbc jdbc:postgresql://localhost:45432/residents \
  --persons "$PERSONS" --contacts "$CONTACTS" --rate "$RATE" --repeats "$REPEATS" --warmup "$WARMUP" --baseline "$BASELINE" \
  --other-rate "$OTHER_RATE" --survey "$SURVEY" --escalations "$ESCALATIONS" --window "$WINDOW" --stored "$STORED" \
  --phases "$PHASES" --work "$WORK" --out "$OUT"

cat >>"$OUT" <<MD

How: everything on this machine, started by the script: PostgreSQL 17 (\`$PG_CONFIG\`), Keycloak, Kafka, the six
services (hotline with \`-Xmx1g\`) and a gateway of this build on :18080 with its routes, bulkheads (hotline 48 + 48),
timeouts and breakers as configured. Rate limits: the hotline and standard classes' per-user limits are raised on
this gateway, because the load comes from one benchmark operator (\`operator1\`, area: the city) where a 12345
centre has hundreds, each far below the hotline class's 300 requests/min; the urgent class (medical) keeps its
limit. The register: a synthetic city of $PERSONS persons (\`CityRegister\`, 100 communities) imported into residents as
CSV; the hotline's read model of the households fills from residents' \`HouseholdChanged\` events on Kafka, and
the phases start once it holds them all. Each phase uses households of its own, so its tickets are its own.

- **Survey batch:** $SURVEY \`SurveyVisitRecorded\` events (each a visited household with symptoms found, so one
  medical ticket each) published to \`lifeline.residents.survey.v1\` as fast as the producer sends them; the rate is
  the tickets over the time from the first event sent to the last ticket's \`opened_at\` (PostgreSQL rows, this
  machine's clock).
- **Hotline surge:** 30 s of the other routes alone (not counted: their first requests after the services start are
  seconds slow), then $BASELINE s of baseline with the other routes alone (residents staff1 \`GET
  /api/residents/households?size=10\`, testing street1 \`GET /api/testing/campaigns\`, supplies resident1 \`GET
  /api/supplies/orders\`, co-governance volunteer1 \`GET /api/cogovernance/tasks?status=open\`, $OTHER_RATE request/s each,
  medical health1 \`GET /api/medical/requests?open=true\` at 0.25/s), then $WARMUP s of contacts at the surge rate (warm-up,
  other households, not counted), then $CONTACTS contacts at $RATE/s: \`POST /api/hotline/contacts\` as operator1
  (channel phone-12345, urgency general), $REPEATS of them repeats (evenly spread) of a (household, category) sent at
  least a second before, the others first contacts of pairs not sent before. Open model: a Java driver
  (\`HttpClient.sendAsync\`) sends each request at its planned time whatever the answers before it, and a
  request's latency counts from that planned time (a late send counts against the service). Every contact's text
  carries the run's marker, so the database checks (contact rows, tickets, \`contacts_count\`) count exactly this run.
  "Unchanged" p99: within 20 % or 5 ms of the baseline, as in the surge and isolation reports.
- **Escalation:** $ESCALATIONS open tickets (urgency general, at their community) written with SQL with their one
  platform deadline (kind \`hotline.ticket\`, subject \`<id>@community\`), as \`TicketChanges.schedule\` writes it; their
  first-response deadlines evenly over $WINDOW s, starting 15 s later. The running service's deadline worker escalates them;
  the delay is the \`escalated\` timeline step's time minus the deadline (the service's clock and PostgreSQL's, one machine).
- **Operator screen:** closed tickets written with SQL (\`INSERT ... SELECT\`, each with a contact and its timeline's
  opened and resolved steps, spread evenly over the households) until the hotline database holds $STORED, then
  \`VACUUM ANALYZE\`; then, one request after the other as operator1 through the gateway (50 warm-up, 300 timed):
  a random household's open tickets, its whole overview, the first page of the queue, and the household lookup.
MD
bench_report "$OUT" "$BEFORE" "bench/hotline.sh $CONTACTS $STORED (PERSONS=$PERSONS SURVEY=$SURVEY ESCALATIONS=$ESCALATIONS WINDOW=$WINDOW BASELINE=$BASELINE WARMUP=$WARMUP RATE=$RATE REPEATS=$REPEATS)"
echo "Wrote ${OUT#"$ROOT"/}"
cat "$OUT"
