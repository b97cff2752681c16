#!/usr/bin/env python3
"""Reads the raw results of scripts/bench-build.sh and writes its tables (standard library only).

  bench-build-report.py size RESULTS N RUNS FLOOR TOOL=OUTPUT...
      one size: the GNU time reports of RESULTS (RESULTS/N-<measure>-run<k>.time for k in
      1..RUNS), the load averages, file counts and bytes of each tool's output tree
      -> RESULTS/size-N.json, and a Markdown table on standard output; FLOOR is 1 when the
      I/O floor was measured;
  bench-build-report.py summary RESULTS BENCH_DIR N...
      every size -> BENCH_DIR/build-results.json and BENCH_DIR/build-results.md.
"""

import json
import os
import re
import statistics
import sys

NAMES = {"ecoatlas": "ecoatlas", "hugo": "Hugo", "zola": "Zola"}


def measures(tools, floor):
    """(key, label, file part) of every measure, in table order."""
    out = []
    for tool in tools:
        out.append((f"{tool}_empty", f"{tool}, into an empty folder", f"{tool}-empty"))
        out.append((f"{tool}_previous", f"{tool}, over its previous output", f"{tool}-previous"))
    if floor:
        for tool in tools:
            out.append((f"floor_{tool}", f"floor: `tar -x` of {tool}'s tree", f"floor-{tool}"))
    return out


def gnu_time(path):
    """Wall, user and system seconds and peak resident memory of one `/usr/bin/time -v` run;
    the wall time from the clock around it when bench-build.sh recorded it."""
    fields = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            key, _, value = line.strip().rpartition(": ")
            fields[key] = value
    if fields.get("Exit status", "0") != "0":
        sys.exit(f"{path}: the command failed (exit status {fields['Exit status']})")
    if "Wall clock (ns)" in fields:
        wall = int(fields["Wall clock (ns)"]) / 1e9
    else:
        wall = 0.0
        for part in fields["Elapsed (wall clock) time (h:mm:ss or m:ss)"].split(":"):
            wall = wall * 60 + float(part)
    return {
        "wall": wall,
        "user": float(fields["User time (seconds)"]),
        "system": float(fields["System time (seconds)"]),
        "max_rss_mib": int(fields["Maximum resident set size (kbytes)"]) / 1024,
    }


def measure(res, n, part, runs):
    rs = [gnu_time(os.path.join(res, f"{n}-{part}-run{k}.time")) for k in range(1, runs + 1)]
    walls = [r["wall"] for r in rs]
    return {
        "median": statistics.median(walls),
        "mean": statistics.fmean(walls),
        "min": min(walls),
        "max": max(walls),
        "user": statistics.fmean(r["user"] for r in rs),
        "system": statistics.fmean(r["system"] for r in rs),
        "max_rss_mib": max(r["max_rss_mib"] for r in rs),
        "times": walls,
    }


def tree(path):
    files = size = 0
    for parent, _, names in os.walk(path):
        for name in names:
            files += 1
            size += os.lstat(os.path.join(parent, name)).st_size
    return {"files": files, "bytes": size}


def ratio(a, b):
    return round(a / b, 2) if b else None


def size_result(res, n, runs, floor, outputs):
    with open(os.path.join(res, f"{n}-load.txt"), encoding="utf-8") as f:
        rounds = [line.split() for line in f if line.strip()]
    warmup = int(any(r[0] == "warmup" for r in rounds))
    tools = list(outputs)
    ms = {key: measure(res, n, part, runs) for key, _, part in measures(tools, floor)}
    med = {k: m["median"] for k, m in ms.items()}
    ratios = {}
    for peer in tools:
        if peer == "ecoatlas" or "ecoatlas" not in tools:
            continue
        for way in ("empty", "previous"):
            ratios[f"ecoatlas_{peer}_{way}"] = ratio(med[f"ecoatlas_{way}"], med[f"{peer}_{way}"])
    if floor:
        for tool in tools:
            ratios[f"{tool}_floor"] = ratio(med[f"{tool}_empty"], med[f"floor_{tool}"])
    return {
        "actors": n,
        "runs": runs,
        "warmup": warmup,
        "tools": tools,
        "floor": floor,
        # [round, load 1 min, 5 min, 15 min], at the start and the end of every round
        "load_average": rounds,
        "measures": ms,
        "trees": {tool: tree(path) for tool, path in outputs.items()},
        "ratios": ratios,
    }


def secs(x):
    return f"{x:.3f} s" if x < 10 else f"{x:.1f} s"


def table(r):
    n, runs, tools = r["actors"], r["runs"], r["tools"]
    lines = [
        f"### {n:,} actors",
        "",
        f"Median wall time, mean user and system time and the highest peak resident memory of "
        f"{runs} run{'s' if runs != 1 else ''}{' after one warm-up' if r['warmup'] else ''}, the generators taking turns "
        "(GNU time `-v`).",
        "",
        "| measure | wall (median) | user (mean) | sys (mean) | peak RSS | runs (s) |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for key, label, _ in measures(tools, r["floor"]):
        m = r["measures"][key]
        times = ", ".join(f"{t:.2f}" for t in m["times"])
        lines.append(
            f"| {label} | {secs(m['median'])} | {secs(m['user'])} | {secs(m['system'])} "
            f"| {m['max_rss_mib']:,.0f} MiB | {times} |"
        )
    t, q = r["trees"], r["ratios"]
    mib = lambda b: f"{b / 2**20:,.1f} MiB"
    trees = "; ".join(f"{tool} {t[tool]['files']:,} files, {mib(t[tool]['bytes'])}" for tool in tools)
    lines += ["", f"Output trees: {trees}.", ""]
    parts = []
    for peer in tools:
        if f"ecoatlas_{peer}_empty" in q:
            parts.append(
                f"**ecoatlas/{NAMES[peer]} {q[f'ecoatlas_{peer}_empty']}** into an empty folder, "
                f"**{q[f'ecoatlas_{peer}_previous']}** over the previous output"
            )
    floors = ", ".join(f"{NAMES[tool]}/floor {q[f'{tool}_floor']}" for tool in tools if f"{tool}_floor" in q)
    if parts or floors:
        text = "Ratios of median wall times: " + "; ".join(parts)
        if floors:
            text += ("; " if parts else "") + floors
        lines += [text + ".", ""]
    loads = r["load_average"]
    ones = [float(l[1]) for l in loads]
    lines += [
        f"Load average (1, 5, 15 min) before: {' '.join(loads[0][1:])}; after: "
        f"{' '.join(loads[-1][1:])}; 1-minute load at the rounds' starts and ends "
        f"{min(ones):.2f}–{max(ones):.2f}.",
        "",
    ]
    return "\n".join(lines)


def main(argv):
    if len(argv) >= 7 and argv[1] == "size":
        res, n, runs, floor = argv[2], int(argv[3]), int(argv[4]), argv[5] == "1"
        outputs = dict(a.split("=", 1) for a in argv[6:])
        r = size_result(res, n, runs, floor, outputs)
        with open(os.path.join(res, f"size-{n}.json"), "w", encoding="utf-8") as f:
            json.dump(r, f, indent=2)
            f.write("\n")
        print(table(r))
    elif len(argv) >= 4 and argv[1] == "summary":
        res, bench, sizes = argv[2], argv[3], [int(n) for n in argv[4:]]
        with open(os.path.join(res, "machine.txt"), encoding="utf-8") as f:
            machine = dict(
                line.rstrip("\n").split(": ", 1) for line in f if re.match(r"^[a-z]+: ", line)
            )
        results = []
        for n in sizes:
            with open(os.path.join(res, f"size-{n}.json"), encoding="utf-8") as f:
                results.append(json.load(f))
        with open(os.path.join(bench, "build-results.json"), "w", encoding="utf-8") as f:
            json.dump({"machine": machine, "sizes": results}, f, indent=2)
            f.write("\n")
        md = ["# Full builds: ecoatlas, its peers and the I/O floor", ""]
        md += [f"- {k}: {v}" for k, v in machine.items()]
        md += ["- the page cache is not dropped between runs: inputs are read from memory", ""]
        md += [table(r) for r in results]
        with open(os.path.join(bench, "build-results.md"), "w", encoding="utf-8") as f:
            f.write("\n".join(md))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
