#!/usr/bin/env python3
"""Regenerates the summary table at the top of docs/benchmarks.md (between the summary markers) from the
reports in docs/benchmarks/: each figure as the latest run wrote it, against the issues' targets.
A figure the report does not hold is shown as "not measured", never guessed.

    bench/summary.py [FAILED_SCENARIO...]     scenarios whose last run failed (their report is older)
"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DOCS = os.path.join(ROOT, "docs")
failed = set(sys.argv[1:])


def read(name):
    path = os.path.join(DOCS, "benchmarks", name)
    return open(path, encoding="utf-8").read() if os.path.exists(path) else ""


def num(s):
    return float(s.replace(",", ""))


def when(text):
    m = re.search(r"date \(UTC\): (\S+?)Z?;", text)
    load = re.search(r"load average \(uptime, 1/5/15 min\) before the run: ([\d.]+)", text)
    if not m:
        return "before issue 10"
    return m.group(1).replace("T", " ")[:16] + (f", load {load.group(1)}" if load else "")


rows = []


def row(what, target, file, scenario, pattern, latest, met):
    """pattern: a regex on the report; latest(m) -> text; met(m) -> 'yes'/'no'/'-'."""
    text = read(file)
    m = re.search(pattern, text, re.S) if text else None
    if m:
        value, ok = latest(m), met(m)
    else:
        value, ok = "not measured (see the report)", "-"
    run = when(text) if text else "never"
    load = re.search(r"load average \(uptime, 1/5/15 min\) before the run: ([\d.]+)", text) if text else None
    cores = re.search(r"; (\d+) cores", text) if text else None
    if m and load and cores and float(load.group(1)) > int(cores.group(1)):
        ok += " (not conclusive: load above the cores)"
    if scenario in failed:
        run += "; **the latest run failed**, figure from an earlier one"
    rows.append(f"| {what} | {target} | {value} | {ok} | {run} | [{file}](benchmarks/{file}) |")


yn = lambda b: "yes" if b else "no"
link = "gateway.md"
row("gateway added latency at 1 connection, p50 / p99", "<= 0.3 ms / <= 2 ms", link, "gateway",
    r"added latency at 1 connection: p50 ([+-][\d.]+) ms, p99 ([+-][\d.]+) ms",
    lambda m: f"{m.group(1)} ms / {m.group(2)} ms", lambda m: yn(float(m.group(1)) <= 0.3 and float(m.group(2)) <= 2))
row("gateway throughput vs nginx (32 connections)", ">= 80 %", link, "gateway",
    r"(\d+) % of nginx's", lambda m: f"{m.group(1)} %", lambda m: yn(int(m.group(1)) >= 80))
row("gateway's own added latency at 1 connection, static upstream (no upstream CPU competing), p50 / p99",
    "<= 0.3 ms / <= 2 ms", link, "gateway",
    r"own added latency at 1 connection \(static upstream\): p50 ([+-][\d.]+) ms, p99 ([+-][\d.]+) ms",
    lambda m: f"{m.group(1)} ms / {m.group(2)} ms", lambda m: yn(float(m.group(1)) <= 0.3 and float(m.group(2)) <= 2))
row("gateway's own throughput vs nginx, static upstream (32 connections)", ">= 80 %", link, "gateway",
    r"own throughput at 32 connections \(static upstream\): (\d+) % of nginx's",
    lambda m: f"{m.group(1)} %", lambda m: yn(int(m.group(1)) >= 80))
row("residents via gateway while a stalled medical takes uncapped wrk load (64 connections)", ">= 90 % of baseline", link, "gateway",
    r"= (\d+) % of the baseline", lambda m: f"{m.group(1)} %", lambda m: yn(int(m.group(1)) >= 90))
row("surge: 10x on residents, refused with 429 + Retry-After", "429s, all with Retry-After", "surge.md", "surge",
    r"429 during the surge: (\d+) of (\d+) \((\d+) with `Retry-After`\)",
    lambda m: f"{m.group(1)} of {m.group(2)} requests, {m.group(3)} with Retry-After",
    lambda m: yn(int(m.group(1)) > 0 and m.group(1) == m.group(3)))
row("surge: other routes' p99 unchanged (within 20 % or 5 ms)", "all routes", "surge.md", "surge",
    r"Other routes' p99, baseline → surge: (.*?); unchanged \(within 20 % or 5 ms\): (\d+) of (\d+)",
    lambda m: f"{m.group(2)} of {m.group(3)} ({m.group(1)})", lambda m: yn(m.group(2) == m.group(3)))
row("surge: 5xx anywhere", "0", "surge.md", "surge", r"5xx anywhere: (\d+)",
    lambda m: m.group(1), lambda m: yn(m.group(1) == "0"))
row("isolation: medical and hotline stalled then killed, fixed-rate load: other routes' errors", "0", "isolation.md", "isolation",
    r"Errors \(5xx or no answer\) on the other routes over all phases: (\d+)",
    lambda m: m.group(1), lambda m: yn(m.group(1) == "0"))
row("isolation: other routes' p99 unchanged (within 20 % or 5 ms of baseline)", "all", "isolation.md", "isolation",
    r"p99 unchanged \(within 20 % or 5 ms of baseline\) in (\d+) of (\d+) route-phases",
    lambda m: f"{m.group(1)} of {m.group(2)} route-phases", lambda m: yn(m.group(1) == m.group(2)))
row("bulk import, CSV", ">= 200,000 rows/s", "residents.md", "bulk-import",
    r"\| persons in the register \| ([\d,]+) \|.*?\| CSV import: rows/s \| ([\d,]+) \|",
    lambda m: f"{m.group(2)} rows/s ({m.group(1)} persons)", lambda m: yn(num(m.group(2)) >= 200000))
row("bulk import, XLSX", ">= 50,000 rows/s", "residents.md", "bulk-import",
    r"\| XLSX import: rows/s \| ([\d,]+) \|", lambda m: f"{m.group(1)} rows/s", lambda m: yn(num(m.group(1)) >= 50000))
row("a community's household list (50 per page)", "p95 < 20 ms", "residents.md", "bulk-import",
    r"\| community household list, 50 per page, random page \(staff1[^|]*\| p50 ([\d.]+) ms, p95 ([\d.]+) ms",
    lambda m: f"p95 {m.group(2)} ms (p50 {m.group(1)})", lambda m: yn(float(m.group(2)) < 20))
row("the same list in the first seconds after a 1,000,000-row import (before autovacuum)", "-", "residents.md", "bulk-import",
    r"\| community household list, 50 per page, random page, right after the import[^|]*\| p50 ([\d.]+) ms, p95 ([\d.]+) ms",
    lambda m: f"p95 {m.group(2)} ms (p50 {m.group(1)})", lambda m: "-")
row("coverage query: a community of 10,000", "p95 < 50 ms", "testing.md", "coverage",
    r"\| read model written \(COPY\) \| ([\d,]+) persons.*?\| coverage of a community[^|]*\| p50 ([\d.]+) ms, p95 ([\d.]+) ms",
    lambda m: f"p95 {m.group(3)} ms (p50 {m.group(2)}; register of {m.group(1)})", lambda m: yn(float(m.group(3)) < 50))
row("lab result ingestion", ">= 20,000 tubes/s", "testing.md", "coverage",
    r"result ingestion: ([\d,]+) tubes[^|]*\| [\d.]+ s, ([\d,]+) tubes/s",
    lambda m: f"{m.group(2)} tubes/s ({m.group(1)} tubes)", lambda m: yn(num(m.group(2)) >= 20000))
row("concurrent orders through the gateway, one contended stock row", ">= 1,000 orders/s", "supplies.md", "orders",
    r"one stock row of ([\d,]+) for ([\d,]+) orders, (\d+) in flight \| ([\d,]+) orders/s",
    lambda m: f"{m.group(4)} orders/s ({m.group(2)} orders, {m.group(3)} in flight)", lambda m: yn(num(m.group(4)) >= 1000))
row("no overselling: orders allocated vs stock", "allocated <= stock", "supplies.md", "orders",
    r"one stock row of ([\d,]+) for [\d,]+ orders.*?: ([\d,]+) allocated, ([\d,]+) waiting, ([\d,]+) failed",
    lambda m: f"{m.group(2)} allocated of {m.group(1)} in stock, {m.group(3)} waiting, {m.group(4)} failed",
    lambda m: yn(num(m.group(2)) <= num(m.group(1))))
row("allocation run over the waiting households", "< 2 s (10,000)", "supplies.md", "orders",
    r"allocation run over ([\d,]+) waiting households[^|]*\| ([\d.]+) s",
    lambda m: f"{m.group(2)} s ({m.group(1)} households)", lambda m: yn(float(m.group(2)) < 2))
row("event propagation: positive result to household sealed", "p95 < 1 s", "testing-propagation.md", "propagation",
    r"\((\d+) households.*?\| p50 (\d+) ms, p95 (\d+) ms, max (\d+) ms",
    lambda m: f"p95 {m.group(3)} ms (p50 {m.group(2)}, max {m.group(4)}; {m.group(1)} households)", lambda m: yn(int(m.group(3)) < 1000))
# the surge alone (PHASES=register,surge: docs/benchmarks/hotline-surge.md) when it was run, else the whole run's
HOTLINE_SURGE = "hotline-surge.md" if os.path.exists(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "docs",
                                                                   "benchmarks", "hotline-surge.md")) else "hotline.md"
row("hotline surge: intake at a fixed 100/s through the gateway, p95 / p99", "<= 50 ms / <= 150 ms", HOTLINE_SURGE, "hotline",
    r"contacts sent through the gateway[^|]*\| [^|]* \| ([\d,]+) at ([\d.]+)/s.*?intake latency[^|]*\| [^|]* \| p50 ([\d.]+) ms, p95 ([\d.]+) ms, p99 ([\d.]+) ms",
    lambda m: f"p95 {m.group(4)} ms / p99 {m.group(5)} ms (p50 {m.group(3)}; {m.group(1)} contacts at {m.group(2)}/s)",
    lambda m: yn(float(m.group(4)) <= 50 and float(m.group(5)) <= 150))
row("hotline surge: repeats merged (database)", "100 %", HOTLINE_SURGE, "hotline",
    r"repeats merged \(database[^|]*\| [^|]* \| ([\d,]+) of ([\d,]+) \(([\d.]+) %\)",
    lambda m: f"{m.group(3)} % ({m.group(1)} of {m.group(2)})", lambda m: yn(m.group(1) == m.group(2)))
row("hotline surge: contacts lost", "0", HOTLINE_SURGE, "hotline",
    r"contacts lost \(accepted but no row\) \| [^|]* \| ([\d,]+) of ([\d,]+) accepted",
    lambda m: f"{m.group(1)} of {m.group(2)} accepted", lambda m: yn(m.group(1) == "0"))
row("hotline surge: other routes' p99 unchanged (within 20 % or 5 ms)", "all routes", HOTLINE_SURGE, "hotline",
    r"other routes' p99, baseline → surge \| [^|]* \| (.*?); unchanged \(within 20 % or 5 ms\): (\d+) of (\d+)",
    lambda m: f"{m.group(2)} of {m.group(3)} ({m.group(1)})", lambda m: yn(m.group(2) == m.group(3) and m.group(3) != "0"))
row("hotline survey batch: tickets opened per second", ">= 1,000/s", "hotline.md", "hotline",
    r"survey batch: tickets opened \| [^|]* \| ([\d,]+) of ([\d,]+).*?tickets opened per second[^|]*\| [^|]* \| ([\d,]+) tickets/s",
    lambda m: f"{m.group(3)} tickets/s ({m.group(1)} of {m.group(2)} tickets)",
    lambda m: yn(num(m.group(3)) >= 1000 and m.group(1) == m.group(2)))
row("hotline operator screen: household lookup", "p95 <= 200 ms", "hotline.md", "hotline",
    r"tickets stored \| [^|]* \| ([\d,]+) .*?household lookup([^|]*)\| p95 <= 200 ms \| p50 ([\d.]+) ms, p95 ([\d.]+) ms",
    lambda m: f"p95 {m.group(4)} ms (p50 {m.group(3)}; {m.group(1)} tickets stored; "
              + ("residents search, /lookup not built" if "residents search" in m.group(2) else "GET /api/hotline/lookup") + ")",
    lambda m: yn(float(m.group(4)) <= 200))
row("hotline escalation: deadline to escalation, no cap per run", "p99 <= 2 s", "hotline.md", "hotline",
    r"escalation: open tickets[^|]*\| [^|]* \| ([\d,]+) over (\d+) s.*?escalated \(community → street\) \| [^|]* \| ([\d,]+) of ([\d,]+).*?"
    r"deadline → escalation on the timeline \| [^|]* \| p50 (\d+) ms, p90 \d+ ms, p99 (\d+) ms",
    lambda m: f"p99 {m.group(6)} ms (p50 {m.group(5)}; {m.group(3)} of {m.group(4)} escalated, deadlines over {m.group(2)} s)",
    lambda m: yn(int(m.group(6)) <= 2000 and m.group(3) == m.group(4)))
row("medical: deadline to escalation (not in run-all: bench/medical-escalation.sh)", "p99 < 2 s", "medical.md", "medical",
    r"p50 (\d+) ms, p90 \d+ ms, p99 (\d+) ms", lambda m: f"p99 {m.group(2)} ms (p50 {m.group(1)})", lambda m: yn(int(m.group(2)) < 2000))

table = ("<!-- summary:start (generated by bench/summary.py from docs/benchmarks/*.md; edit below the end marker) -->\n"
         "| what | target | latest | met? | run (UTC, load average) | details |\n| --- | --- | --- | --- | --- | --- |\n"
         + "\n".join(rows) + "\n<!-- summary:end -->")
path = os.path.join(DOCS, "benchmarks.md")
doc = open(path, encoding="utf-8").read()
if "<!-- summary:start" in doc:
    doc = re.sub(r"<!-- summary:start.*?<!-- summary:end -->", lambda _: table, doc, flags=re.S)
else:
    raise SystemExit("docs/benchmarks.md has no summary markers")
open(path, "w", encoding="utf-8").write(doc)
print(table)
