# Sourced by the benchmark scripts: the header every report starts with and its plot.
#   bench_load                           the load average now (uptime's three figures)
#   bench_report OUT.md LOAD_BEFORE COMMAND [PLOT_KIND PLOT_INPUT TITLE]
# inserts under the report's title: date (UTC), commit, cores, CPU, Java, the load average before and after
# the run, the command, and the plot (drawn by org.lifeline.bench.Plot from PLOT_INPUT: "md" reads the
# report's own table, "tsv" a chart/series/category/value file the script wrote).
bench_load() { uptime | sed 's/.*load average: //'; }

bench_report() {
  local out=$1 before=$2 command=$3 kind=${4:-md} input=${5:-$1} title=${6:-}
  local root; root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  local png="${out%.md}.png" after commit java cpu cores shared
  after=$(bench_load)
  commit=$(git -C "$root" rev-parse --short HEAD)
  java=$(java -version 2>&1 | head -1 | cut -d'"' -f2)
  cpu=$(grep -m1 "model name" /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')
  cores=$(nproc)
  shared=""
  if awk -v b="${before%%,*}" -v a="${after%%,*}" -v c="$cores" 'BEGIN { exit !(b > c || a > c) }'; then
    shared="The load average was above the $cores cores before this run (other work, or on 2 cores this benchmark's own stack and load generator): the figures may be pessimistic; compare with a run on a quieter machine."
  fi
  [ -n "$title" ] || title=$(head -1 "$out" | sed 's/^# //')
  if java -Djava.awt.headless=true -cp "$root/bench/target/classes:$root/bench/target/lib/*" org.lifeline.bench.Plot \
      "$kind" "$input" "$png" "$title" >/dev/null; then
    plot="![$title](${png##*/})"
  else
    plot="(no plot: the report has no figures to draw)"
  fi
  python3 - "$out" <<PY
import sys
path = sys.argv[1]
lines = open(path, encoding="utf-8").read().split("\n")
header = """- date (UTC): $(date -u +%Y-%m-%dT%H:%M:%SZ); commit \`$commit\`; $cores cores ($cpu); Java $java
- load average (uptime, 1/5/15 min) before the run: $before; after: $after
- command: \`$command\`
${shared:+- $shared
}
$plot
"""
out = [lines[0], ""] + header.rstrip("\n").split("\n") + lines[1:]
open(path, "w", encoding="utf-8").write("\n".join(out))
PY
}
