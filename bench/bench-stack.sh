# Sourced by the benchmark scripts: their own PostgreSQL, Keycloak and Kafka on ports apart from
# ./lifeline up and the tests (45432, 48180/49180, 49092/49093), and one service jar; all stopped on exit.
# Needs WORK (a directory) and PG_CONFIG (PostgreSQL settings) set by the caller.
BENCH_PIDS=()
bench_cleanup() {
  for pid in "${BENCH_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap bench_cleanup EXIT

bench_wait_ports() { # the previous benchmark's servers may still be shutting down (up to 2 minutes)
  local port busy
  for _ in $(seq 1 120); do
    busy=0
    for port in 45432 48180 49180 49092 49093; do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && busy=1; done
    [ "$busy" = 0 ] && return
    sleep 1
  done
}

bench_servers() { # databases
  # DevStack gives Keycloak 3 minutes, which a shared machine can exceed: up to 3 attempts.
  local attempt pid
  for attempt in 1 2 3; do
    bench_wait_ports
    java -cp "platform/servers/target/classes:platform/servers/target/lib/*" org.lifeline.servers.DevStack \
      --dir "$WORK/servers" --fresh true --pg-port 45432 --keycloak-port 48180 --keycloak-management-port 49180 \
      --kafka-port 49092 --kafka-controller-port 49093 --databases "$1" --pg-config "$PG_CONFIG" \
      >"$WORK/servers.log" 2>&1 &
    pid=$!
    BENCH_PIDS+=("$pid")
    for _ in $(seq 1 "${BENCH_SERVERS_WAIT:-600}"); do
      [ -f "$WORK/servers/servers.ready" ] && break
      kill -0 "$pid" 2>/dev/null || break
      sleep 1
    done
    [ -f "$WORK/servers/servers.ready" ] && break
    cp "$WORK/servers.log" "$WORK/servers-attempt-$attempt.log"
    echo "servers did not start (attempt $attempt of 3; see $WORK/servers-attempt-$attempt.log)"
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  [ -f "$WORK/servers/servers.ready" ] || { echo "servers did not start; see $WORK/servers.log"; exit 1; }
  # shellcheck disable=SC1091
  source "$WORK/servers/servers.env"
  export LIFELINE_PG_PORT LIFELINE_KEYCLOAK_URL LIFELINE_KAFKA_BOOTSTRAP
}

bench_service() { # name port heap; sets SERVICE_PID; SERVICE_JAR runs another build of the service (e.g. an older commit's); SERVICE_OPTS more JVM options; ACCESS_LOG=true its access log
  PG_PORT=45432 KEYCLOAK_URL=http://localhost:48180 KAFKA_BOOTSTRAP=localhost:49092 QUARKUS_HTTP_PORT="$2" \
  QUARKUS_HTTP_ACCESS_LOG_ENABLED="${ACCESS_LOG:-false}" COGOVERNANCE_KEYCLOAK_CLIENT_SECRET=lifeline-cogovernance-demo-secret LIFELINE_LOCAL_STACK=true \
  HOTLINE_KEYCLOAK_CLIENT_SECRET=lifeline-hotline-demo-secret \
    java "-Xmx$3" ${SERVICE_OPTS:-} -jar "${SERVICE_JAR:-services/$1/target/quarkus-app/quarkus-run.jar}" >"$WORK/$1.log" 2>&1 &
  SERVICE_PID=$!
  BENCH_PIDS+=("$SERVICE_PID")
  for _ in $(seq 1 300); do curl -fsS -o /dev/null "http://localhost:$2/q/health/ready" 2>/dev/null && break; sleep 1; done
  curl -fsS -o /dev/null "http://localhost:$2/q/health/ready" || { echo "$1 did not start; see $WORK/$1.log"; exit 1; }
}
