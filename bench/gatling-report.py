#!/usr/bin/env python3
"""Turns a Gatling simulation's TSV (LoadRecorder) into the surge or isolation report and its plot data.

    gatling-report.py surge|isolation TSV OUT.md PLOT.tsv PHASE_SECONDS
"""
import sys

kind, tsv, out, plot, phase_seconds = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], float(sys.argv[5])
cols = ["phase", "route", "requests", "ok", "r429", "r429ra", "c4xx", "s5xx", "failed", "p50", "p95", "p99", "max", "s503", "s504"]
rows = []
for line in open(tsv, encoding="utf-8"):
    if line.startswith("#") or not line.strip():
        continue
    r = dict(zip(cols, line.rstrip("\n").split("\t")))
    for k in cols[2:9]:
        r[k] = int(r[k])
    for k in cols[9:13]:
        r[k] = None if r[k] == "-" else float(r[k])
    for k in cols[13:]:
        r[k] = int(r.get(k) or 0)
    rows.append(r)
rows = [r for r in rows if r["phase"] != "warmup"]
phases = list(dict.fromkeys(r["phase"] for r in rows))
routes = list(dict.fromkeys(r["route"] for r in rows))
cell = {(r["phase"], r["route"]): r for r in rows}


def ms(v):
    return "-" if v is None else f"{v:.0f}"


def unchanged(base, now):
    """'p99 unchanged': within 20 % or 5 ms of the baseline, whichever is larger."""
    return base is not None and now is not None and now <= base + max(0.2 * base, 5)


md = []
if kind == "surge":
    md.append("# Surge: ten times the normal rate on one route")
else:
    md.append("# Isolation: two upstreams (medical, hotline) stalled, then killed, while load runs on the others")
md.append("")
md.append("| phase | route | requests | req/s | 2xx | 429 (with Retry-After) | other 4xx | 5xx (503 / 504) | no answer | p50 ms | p95 ms | p99 ms | max ms |")
md.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
for p in phases:
    for rt in routes:
        r = cell.get((p, rt))
        if r:
            md.append(f"| {p} | {rt} | {r['requests']} | {r['requests'] / phase_seconds:.1f} | {r['ok']} | {r['r429']} ({r['r429ra']}) | "
                      f"{r['c4xx']} | {r['s5xx']} ({r['s503']} / {r['s504']}) | {r['failed']} | {ms(r['p50'])} | {ms(r['p95'])} | {ms(r['p99'])} | {ms(r['max'])} |")
md.append("")
summary = []
if kind == "surge":
    surged = "residents"
    s = cell.get(("surge", surged), {})
    b = cell.get(("baseline", surged), {})
    others = [rt for rt in routes if rt != surged]
    total5xx = sum(r["s5xx"] for r in rows)
    failed = sum(r["failed"] for r in rows)
    held = [rt for rt in others if unchanged(cell[("baseline", rt)]["p99"], cell[("surge", rt)]["p99"])]
    summary.append(f"- Surged route ({surged}): {b.get('requests', 0) / phase_seconds:.1f} → {s.get('requests', 0) / phase_seconds:.1f} req/s; "
                   f"429 during the surge: {s.get('r429', 0)} of {s.get('requests', 0)} ({s.get('r429ra', 0)} with `Retry-After`); "
                   f"429 on the other routes in the surge: {sum(cell[('surge', rt)]['r429'] for rt in others)}.")
    summary.append("- Other routes' p99, baseline → surge: " + ", ".join(
        f"{rt} {ms(cell[('baseline', rt)]['p99'])} → {ms(cell[('surge', rt)]['p99'])} ms" for rt in others)
        + f"; unchanged (within 20 % or 5 ms): {len(held)} of {len(others)}"
        + (f" (not: {', '.join(rt for rt in others if rt not in held)})" if len(held) < len(others) else "") + ".")
    summary.append(f"- 5xx anywhere: {total5xx}; requests without an answer: {failed}.")
    verdict = dict(surge429=s.get("r429", 0), surge429ra=s.get("r429ra", 0), held=len(held), others=len(others), s5xx=total5xx)
else:
    faulty = ["medical", "hotline"]
    others = [rt for rt in routes if rt not in faulty]
    for p in phases[1:]:
        parts = []
        for rt in others:
            base, now = cell[("baseline", rt)], cell.get((p, rt))
            if now:
                parts.append(f"{rt} p99 {ms(base['p99'])} → {ms(now['p99'])} ms, errors {now['s5xx'] + now['failed']}")
        itself = []
        for rt in faulty:
            m = cell.get((p, rt))
            if m:
                itself.append(f"{rt} itself: {m['ok']} 2xx, {m['s5xx']} 5xx (503/504 from the gateway), {m['failed']} without "
                              f"answer, p99 {ms(m['p99'])} ms")
        summary.append(f"- {p}, vs baseline: " + "; ".join(parts) + (f". {'. '.join(itself)}." if itself else "."))
    errs = sum(cell[(p, rt)]["s5xx"] + cell[(p, rt)]["failed"] for p in phases for rt in others if (p, rt) in cell)
    held = sum(1 for p in phases[1:] for rt in others
               if (p, rt) in cell and unchanged(cell[("baseline", rt)]["p99"], cell[(p, rt)]["p99"]))
    summary.append(f"- Errors (5xx or no answer) on the other routes over all phases: {errs}; their p99 unchanged "
                   f"(within 20 % or 5 ms of baseline) in {held} of {len(others) * (len(phases) - 1)} route-phases.")
md += summary
open(out, "w", encoding="utf-8").write("\n".join(md) + "\n")

with open(plot, "w", encoding="utf-8") as f:
    for p in phases:
        for rt in routes:
            r = cell.get((p, rt))
            if r and r["p99"] is not None:
                f.write(f"p99 latency, ms\t{p}\t{rt}\t{r['p99']}\n")
    for p in phases:
        for rt in routes:
            r = cell.get((p, rt))
            if r and r["p50"] is not None:
                f.write(f"p50 latency, ms\t{p}\t{rt}\t{r['p50']}\n")
    for p in phases:
        for rt in routes:
            r = cell.get((p, rt))
            if r:
                if kind == "surge":
                    f.write(f"answers per phase\t{p}: 429\t{rt}\t{r['r429']}\n")
                f.write(f"answers per phase\t{p}: 5xx or no answer\t{rt}\t{r['s5xx'] + r['failed']}\n")
