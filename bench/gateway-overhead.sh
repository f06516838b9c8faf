#!/usr/bin/env bash
# Gateway overhead and isolation, measured with wrk on loopback (issue 3). Needs the local stack
# (./lifeline up); installs wrk and nginx from Debian if missing. Writes docs/benchmarks/gateway.md.
#
#   bench/gateway-overhead.sh [DURATION]     DURATION per run, default 20s
#
# Runs, one after the other on the same machine:
#   direct   GET residents on :8081 (JWT checked by residents)
#   gateway  the same GET through a gateway instance on :18080 (JWT checked twice, rate limit, breaker)
#   nginx    the same GET through nginx on :18090 (reference reverse proxy, keep-alive upstream)
# each at 1 connection (latency) and 32 connections (throughput); then the proxy's own cost: the same
# three against a static upstream (nginx answering a fixed JSON on :18081, no work behind it), so
# that the upstream's CPU (residents checking the JWT and reading PostgreSQL) does not compete with
# the proxy's on the 2 cores; then the isolation run: residents through the gateway while medical
# (:18084, accepts and never answers) takes its own load.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DURATION=${1:-20s}
OUT="$ROOT/docs/benchmarks/gateway.md"
WORK="$ROOT/.devstack/bench"
mkdir -p "$WORK" "$(dirname "$OUT")"

command -v wrk >/dev/null && command -v nginx >/dev/null || {
  echo "Installing wrk and nginx..."; (apt-get install -y wrk nginx >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y wrk nginx >/dev/null; }); }
curl -fsS -o /dev/null http://localhost:8081/q/health/ready || { echo "Start the stack first: ./lifeline up"; exit 1; }

token() {
  curl -s -d grant_type=password -d client_id=lifeline-cli -d username="$1" -d password=lifeline \
    http://localhost:8180/realms/lifeline/protocol/openid-connect/token | sed 's/.*"access_token":"\([^"]*\)".*/\1/'
}
T=$(token street1)
URLPATH="/api/residents/places/610113001001"

cleanup() {
  [ -f "$WORK/gateway.pid" ] && kill "$(cat "$WORK/gateway.pid")" 2>/dev/null || true
  [ -f "$WORK/gateway-static.pid" ] && kill "$(cat "$WORK/gateway-static.pid")" 2>/dev/null || true
  [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
  [ -f "$WORK/stalled.pid" ] && kill "$(cat "$WORK/stalled.pid")" 2>/dev/null || true
  rm -f "$WORK"/*.pid
}
trap cleanup EXIT

# A stalled "medical": accepts connections, reads, never answers.
python3 - <<'PY' &
import socket, threading
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 18084)); s.listen(1024)
held = []
while True:
    c, _ = s.accept(); held.append(c)
PY
echo $! > "$WORK/stalled.pid"

# A gateway instance for the benchmark: same build, limits raised so the load is not rate-limited.
RESIDENTS_URL=http://localhost:8081 MEDICAL_URL=http://localhost:18084 KEYCLOAK_URL=http://localhost:8180 \
QUARKUS_HTTP_PORT=18080 QUARKUS_MANAGEMENT_PORT=19080 GATEWAY_RATE_LIMITS_STANDARD_USERS_LIMIT=1000000000 \
GATEWAY_RATE_LIMITS_URGENT_USERS_LIMIT=1000000000 QUARKUS_HTTP_ACCESS_LOG_ENABLED=false \
  nohup java -Xmx512m -jar "$ROOT/gateway/target/quarkus-app/quarkus-run.jar" >"$WORK/gateway.log" 2>&1 &
echo $! > "$WORK/gateway.pid"
# A second one whose residents route goes to the static upstream: the proxy's own cost.
RESIDENTS_URL=http://localhost:18081 KEYCLOAK_URL=http://localhost:8180 \
QUARKUS_HTTP_PORT=18070 QUARKUS_MANAGEMENT_PORT=19070 GATEWAY_RATE_LIMITS_STANDARD_USERS_LIMIT=1000000000 \
QUARKUS_HTTP_ACCESS_LOG_ENABLED=false \
  nohup java -Xmx512m -jar "$ROOT/gateway/target/quarkus-app/quarkus-run.jar" >"$WORK/gateway-static.log" 2>&1 &
echo $! > "$WORK/gateway-static.pid"

cat >"$WORK/nginx.conf" <<NGINX
worker_processes 1;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  upstream residents { server 127.0.0.1:8081; keepalive 64; }
  upstream static { server 127.0.0.1:18081; keepalive 64; }
  # the static upstream: a fixed answer of the size of residents' (no work behind it)
  server {
    listen 127.0.0.1:18081;
    location / {
      default_type application/json;
      return 200 '{"code":"610113001001","name":"static answer","level":"COMMUNITY","path":"61.6101.610113.610113001.610113001001"}';
    }
  }
  server {
    listen 127.0.0.1:18091;
    location / {
      proxy_pass http://static;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
  server {
    listen 127.0.0.1:18090;
    location / {
      proxy_pass http://residents;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$host;
    }
  }
}
NGINX
nginx -c "$WORK/nginx.conf"
for _ in $(seq 1 60); do curl -fsS -o /dev/null http://localhost:19080/q/health/ready && break; sleep 1; done
for _ in $(seq 1 60); do curl -fsS -o /dev/null http://localhost:19070/q/health/ready && break; sleep 1; done

run() { # name url connections
  T=$(token street1) # a fresh token for every run: the whole script outlasts a token's 5 minutes
  wrk -t"$([ "$3" = 1 ] && echo 1 || echo 2)" -c"$3" -d"$DURATION" --latency -H "Authorization: Bearer $T" "$2" >"$WORK/$1-$3.txt"
  python3 - "$WORK/$1-$3.txt" <<'PY'
import re, sys
t = open(sys.argv[1]).read()
def ms(v):
    n, u = re.match(r"([\d.]+)(\w+)", v).groups(); n = float(n)
    return n / 1000 if u == "us" else n * 1000 if u == "s" else n
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", t).group(1))
# anchored: "72.50%" in the Req/Sec line is no percentile
p50 = ms(re.search(r"^\s+50%\s+(\S+)", t, re.M).group(1)); p99 = ms(re.search(r"^\s+99%\s+(\S+)", t, re.M).group(1))
non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", t)
print(f"{rps:.0f} {p50:.3f} {p99:.3f} {non2xx.group(1) if non2xx else 0}")
PY
}

# shellcheck source=bench/report.sh
source "$ROOT/bench/report.sh"
BEFORE=$(bench_load)
echo "Warming up..."
for url in "http://localhost:8081$URLPATH" "http://localhost:18080$URLPATH" "http://localhost:18090$URLPATH" \
    "http://localhost:18070$URLPATH"; do
  wrk -t2 -c16 -d10s -H "Authorization: Bearer $T" "$url" >/dev/null
done

declare -A R
for c in 1 32; do
  for target in direct:8081 gateway:18080 nginx:18090 sdirect:18081 sgateway:18070 snginx:18091; do
    name=${target%%:*}; port=${target#*:}
    echo "  $name, $c connection(s)..."
    R[$name-$c]=$(run "$name" "http://localhost:$port$URLPATH" "$c")
  done
done

echo "  isolation: residents through the gateway while medical is stalled and loaded..."
T2=$(token health1)
wrk -t1 -c64 -d"$DURATION" -H "Authorization: Bearer $T2" "http://localhost:18080/api/medical/requests" >"$WORK/medical-stalled.txt" &
WRK_MEDICAL=$!
sleep 2
R[isolated-32]=$(run isolated "http://localhost:18080$URLPATH" 32)
wait $WRK_MEDICAL || true
MEDICAL=$(grep -E "Requests/sec|Non-2xx" "$WORK/medical-stalled.txt" | tr -s ' ' | tr '\n' ' ')

COMMIT=$(git -C "$ROOT" rev-parse --short HEAD)
CPU=$(grep -m1 "model name" /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')
read -r d1r d1p50 d1p99 _ <<<"${R[direct-1]}"; read -r g1r g1p50 g1p99 _ <<<"${R[gateway-1]}"; read -r n1r n1p50 n1p99 _ <<<"${R[nginx-1]}"
read -r d32r d32p50 d32p99 d32e <<<"${R[direct-32]}"; read -r g32r g32p50 g32p99 g32e <<<"${R[gateway-32]}"
read -r n32r n32p50 n32p99 n32e <<<"${R[nginx-32]}"; read -r i32r i32p50 i32p99 i32e <<<"${R[isolated-32]}"
read -r sd1r sd1p50 sd1p99 _ <<<"${R[sdirect-1]}"; read -r sg1r sg1p50 sg1p99 _ <<<"${R[sgateway-1]}"
read -r sn1r sn1p50 sn1p99 _ <<<"${R[snginx-1]}"; read -r sd32r sd32p50 sd32p99 sd32e <<<"${R[sdirect-32]}"
read -r sg32r sg32p50 sg32p99 sg32e <<<"${R[sgateway-32]}"; read -r sn32r sn32p50 sn32p99 sn32e <<<"${R[snginx-32]}"
python3 - "$OUT" <<PY
import sys
d1p50,g1p50,n1p50=$d1p50,$g1p50,$n1p50; d1p99,g1p99,n1p99=$d1p99,$g1p99,$n1p99
g32r,n32r,d32r,i32r=$g32r,$n32r,$d32r,$i32r
rows = [("direct (residents :8081)", "$d1r", d1p50, d1p99, "$d32r", $d32p50, $d32p99, "$d32e"),
        ("gateway (:18080)", "$g1r", g1p50, g1p99, "$g32r", $g32p50, $g32p99, "$g32e"),
        ("nginx (:18090)", "$n1r", n1p50, n1p99, "$n32r", $n32p50, $n32p99, "$n32e")]
static = [("static upstream direct (nginx :18081)", "$sd1r", $sd1p50, $sd1p99, "$sd32r", $sd32p50, $sd32p99, "$sd32e"),
          ("gateway -> static (:18070)", "$sg1r", $sg1p50, $sg1p99, "$sg32r", $sg32p50, $sg32p99, "$sg32e"),
          ("nginx -> static (:18091)", "$sn1r", $sn1p50, $sn1p99, "$sn32r", $sn32p50, $sn32p99, "$sn32e")]
with open(sys.argv[1], "w") as f:
    f.write("# Gateway benchmark\n\n")
    f.write("Generated by \`bench/gateway-overhead.sh $DURATION\` on $(date -u +%Y-%m-%d), commit $COMMIT, "
            "$CPU, $(nproc) cores, Java $(java -version 2>&1 | head -1 | cut -d'"' -f2). wrk, nginx, the gateway, "
            "residents, PostgreSQL and Keycloak all share the same 2 cores, so absolute numbers are low and noisy; "
            "compare the rows of one run.\n\n")
    f.write("Request: \`GET $URLPATH\` with a street officer's JWT (residents checks the token and the area and reads "
            "PostgreSQL). The gateway validates the JWT too, checks role and rate limit, and proxies through the "
            "route's bulkhead, timeout and circuit breaker; nginx just proxies.\n\n")
    f.write("| path | 1 conn: req/s | p50 ms | p99 ms | 32 conns: req/s | p50 ms | p99 ms | non-2xx |\n")
    f.write("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n")
    for r in rows:
        f.write(f"| {r[0]} | {r[1]} | {r[2]:.2f} | {r[3]:.2f} | {r[4]} | {r[5]:.2f} | {r[6]:.2f} | {r[7]} |\n")
    f.write("\n")
    f.write(f"- Gateway's added latency at 1 connection: p50 {g1p50-d1p50:+.2f} ms, p99 {g1p99-d1p99:+.2f} ms "
            f"(targets: p50 <= 0.3 ms, p99 <= 2 ms); nginx adds p50 {n1p50-d1p50:+.2f} ms, p99 {n1p99-d1p99:+.2f} ms.\n")
    f.write(f"- Gateway throughput at 32 connections: {g32r/n32r*100:.0f} % of nginx's (target >= 80 %), "
            f"{g32r/d32r*100:.0f} % of direct.\n")
    f.write("\nThe proxy's own cost: the same request to a static upstream (nginx answering a fixed JSON, no work "
            "behind it), so the upstream takes almost no CPU from the proxies. The gateway still validates the JWT "
            "(cached after the first time), checks role and rate limit, and goes through the route's guards.\n\n")
    f.write("| path | 1 conn: req/s | p50 ms | p99 ms | 32 conns: req/s | p50 ms | p99 ms | non-2xx |\n")
    f.write("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n")
    for r in static:
        f.write(f"| {r[0]} | {r[1]} | {r[2]:.2f} | {r[3]:.2f} | {r[4]} | {r[5]:.2f} | {r[6]:.2f} | {r[7]} |\n")
    f.write("\n")
    f.write(f"- Gateway's own added latency at 1 connection (static upstream): p50 {$sg1p50-$sd1p50:+.2f} ms, "
            f"p99 {$sg1p99-$sd1p99:+.2f} ms; nginx's: p50 {$sn1p50-$sd1p50:+.2f} ms, p99 {$sn1p99-$sd1p99:+.2f} ms.\n")
    f.write(f"- Gateway's own throughput at 32 connections (static upstream): {$sg32r/$sn32r*100:.0f} % of nginx's.\n")
    f.write(f"- Isolation: residents through the gateway at 32 connections while medical (stalled: accepts, never "
            f"answers) takes 64 connections of load: {i32r:.0f} req/s = {i32r/g32r*100:.0f} % of the baseline "
            f"{g32r:.0f} req/s (target >= 90 %), p99 $i32p99 ms, non-2xx $i32e. Medical meanwhile: $MEDICAL\n")
PY
{
  for c in 1 32; do
    for name in direct gateway nginx sdirect sgateway snginx; do
      read -r rps p50 p99 _ <<<"${R[$name-$c]}"
      label=${name/#s/static upstream: }; [ "$label" = "static upstream: direct" ] && label="static upstream"
      [ "${name:0:1}" = s ] || label=$name
      printf 'requests/s\t%s connection(s)\t%s\t%s\n' "$c" "$label" "$rps"
      printf 'p99 latency, ms\t%s connection(s)\t%s\t%s\n' "$c" "$label" "$p99"
    done
  done
  printf 'requests/s\t32 connection(s)\tgateway, medical stalled\t%s\n' "$i32r"
  printf 'p99 latency, ms\t32 connection(s)\tgateway, medical stalled\t%s\n' "$i32p99"
} >"$WORK/gateway-plot.tsv"
bench_report "$OUT" "$BEFORE" "bench/gateway-overhead.sh $DURATION" tsv "$WORK/gateway-plot.tsv" "Gateway overhead"
echo "Wrote ${OUT#"$ROOT"/}"
cat "$OUT"
