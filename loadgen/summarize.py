#!/usr/bin/env python3
"""Turns the suite's results.jsonl (one hotseat-loadgen JSON line per run) into the
markdown tables of BENCHMARKS.md, with the knee of each latency curve marked.

    python3 loadgen/summarize.py target/bench-results/<run>/results.jsonl
"""
import json
import sys


def load(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.startswith("{")]


def ms(us):
    return f"{us / 1000:.2f}"


def knee(rows):
    """The first row (after the lightest load) where the curve bends: fan-out p99 above
    twice the lightest load's (and above 2 ms), throughput under 95% of what was offered
    (only judged on runs with enough commands for that to mean something), or the server
    core over 90% busy."""
    if len(rows) < 2:
        return None
    base = max(rows[0]["latency_us"]["fanout"]["p99"], 1000)
    for r in rows[1:]:
        offered = r["rooms_ready"] * r["rate_per_room"]
        enough = offered * r["window_s"] >= 2000
        cpu = (r.get("server") or {}).get("cpu_cores", 0)
        if (
            r["latency_us"]["fanout"]["p99"] > max(2 * base, 2000)
            or (enough and r["commands_per_s"] < 0.95 * offered)
            or cpu > 0.9
        ):
            return r["label"]
    return None


def latency_table(rows, title, curve=True):
    """`curve`: the rows are one load curve, in rising order, so its knee is marked."""
    k = knee(rows) if curve else None
    print(f"\n### {title}\n")
    print("| run | rooms | commands/s | deliveries/s | recipient p50 / p99 / p99.9 / max (ms) "
          "| fan-out p50 / p99 / p99.9 / max (ms) | server µs/command | server core | "
          "generator | errors, lost, drops | valid | load average |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        d, f = r["latency_us"]["delivery"], r["latency_us"]["fanout"]
        s = r.get("server") or {}
        c = r["counters"]
        per_cmd = s.get("cpu_us_per_command")
        errs = sum(c["refused"].values()) + sum(c["unsolicited_errors"].values())
        lost = c["lost_updates"] + c["deliveries_timed_out"] + c["commands_timed_out"]
        unplanned = sum(c["unplanned_disconnects"].values())
        mark = " **knee**" if r["label"] == k else ""
        cells = [
            f"{r['label']}{mark}",
            str(r["rooms_ready"]),
            f"{r['commands_per_s']:.0f}",
            f"{r['deliveries_per_s']:.0f}",
            f"{ms(d['p50'])} / {ms(d['p99'])} / {ms(d['p999'])} / {ms(d['max'])}",
            f"{ms(f['p50'])} / {ms(f['p99'])} / {ms(f['p999'])} / {ms(f['max'])}",
            f"{per_cmd:.0f}" if per_cmd else "n/a",
            f"{s.get('cpu_cores', 0) * 100:.0f}%",
            f"{r['generator']['utilization'] * 100:.0f}%",
            f"{errs} / {lost} / {unplanned}",
            "yes" if r["valid"] else "INVALID",
            r["loadavg_start"].split(" ")[0],
        ]
        print("| " + " | ".join(cells) + " |")


def connection_table(rows):
    print("\n### Connections held, memory\n")
    print("| run | connections | failed | connect rate (/s) | connect p99 (ms) | server RSS idle (MiB) "
          "| RSS per connection (KiB, rooms included) | kernel TCP buffers per connection (KiB, both ends) "
          "| kernel slab per connection (KiB, both ends, machine-wide) | valid | load average |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        s = r.get("server") or {}
        per = s.get("rss_per_connection_bytes")
        kern = s.get("kernel_tcp_per_connection_bytes")
        slab = s.get("kernel_slab_per_connection_bytes")
        cells = [
            r["label"],
            str(r["connections_at_ready"]),
            str(r["counters"]["connects_failed"]),
            f"{r['connects_per_s']:.0f}",
            ms(r["latency_us"]["connect"]["p99"]),
            f"{s.get('rss_idle_bytes', 0) / 1048576:.1f}",
            f"{per / 1024:.1f}" if per is not None else "n/a",
            f"{kern / 1024:.1f}" if kern is not None else "n/a",
            f"{slab / 1024:.1f}" if slab is not None else "n/a",
            "yes" if r["valid"] else "INVALID",
            r["loadavg_start"].split(" ")[0],
        ]
        print("| " + " | ".join(cells) + " |")
    with_rss = [r for r in rows if (r.get("server") or {}).get("rss_idle_bytes")]
    if len(with_rss) >= 2:
        a, b = with_rss[0], with_rss[-1]
        dc = b["connections_at_ready"] - a["connections_at_ready"]
        if dc > 0:
            slope = (b["server"]["rss_idle_bytes"] - a["server"]["rss_idle_bytes"]) / dc
            print(f"\nMarginal server RSS per idle connection between {a['label']} and "
                  f"{b['label']}: {slope / 1024:.1f} KiB (rooms included: a room is 7 connections).")


def main():
    rows = load(sys.argv[1])
    groups = {"connections": [], "rooms": [], "rate": [], "target": [], "relay": []}
    for r in rows:
        prefix = (r.get("label") or "").split("-")[0]
        groups.setdefault(prefix, []).append(r)
    if groups["connections"]:
        connection_table(groups["connections"])
    if groups["rooms"]:
        latency_table(groups["rooms"], "Latency as rooms rise (1 command/room/s)")
    if groups["rate"]:
        latency_table(groups["rate"], "Latency as the rate rises")
    if groups["target"]:
        latency_table(groups["target"], "Target points", curve=False)
    if groups["relay"]:
        latency_table(groups["relay"], "Hotseat and the bare relay in the same hour", curve=False)
    per_core = [
        (r["label"], r["server"]["commands_per_core_second"])
        for r in rows
        if r.get("server") and r["server"].get("commands_per_core_second")
    ]
    if per_core:
        print("\n### Commands per second per server core (1e6 / server µs per command)\n")
        for label, v in per_core:
            print(f"- {label}: {v:.0f}")


if __name__ == "__main__":
    main()
