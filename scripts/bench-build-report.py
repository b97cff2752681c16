#!/usr/bin/env python3
"""Reads the raw results of scripts/bench-build.sh and writes its tables (standard library only).

  bench-build-report.py size RESULTS N ECOATLAS_OUT HUGO_OUT RUNS
      one size: hyperfine JSON and GNU time reports of RESULTS, file counts and bytes of the
      two output trees -> RESULTS/size-N.json, and a Markdown table on standard output;
  bench-build-report.py summary RESULTS BENCH_DIR N...
      every size -> BENCH_DIR/build-results.json and BENCH_DIR/build-results.md.
"""

import json
import os
import re
import sys

# (key, label, hyperfine file suffix, GNU time file suffix or None)
MEASURES = [
    ("ecoatlas_empty", "ecoatlas, into an empty folder", "ecoatlas-empty", "ecoatlas"),
    ("ecoatlas_previous", "ecoatlas, over its previous output", "ecoatlas-previous", None),
    ("hugo_empty", "hugo, into an empty folder", "hugo-empty", "hugo"),
    ("hugo_previous", "hugo, over its previous output", "hugo-previous", None),
    ("floor_ecoatlas", "floor: `tar -x` of ecoatlas's tree", "floor-ecoatlas", "floor-ecoatlas"),
    ("floor_hugo", "floor: `tar -x` of hugo's tree", "floor-hugo", "floor-hugo"),
]


def hyperfine(path):
    with open(path, encoding="utf-8") as f:
        r = json.load(f)["results"][0]
    keys = ("median", "mean", "stddev", "min", "max", "user", "system", "times")
    return {k: r[k] for k in keys}


def gnu_time(path):
    """Wall, user and system seconds and peak resident memory of one `/usr/bin/time -v` run."""
    fields = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            key, _, value = line.strip().rpartition(": ")
            fields[key] = value
    wall = 0.0
    for part in fields["Elapsed (wall clock) time (h:mm:ss or m:ss)"].split(":"):
        wall = wall * 60 + float(part)
    if fields.get("Exit status", "0") != "0":
        sys.exit(f"{path}: the command failed (exit status {fields['Exit status']})")
    return {
        "wall": wall,
        "user": float(fields["User time (seconds)"]),
        "system": float(fields["System time (seconds)"]),
        "max_rss_mib": int(fields["Maximum resident set size (kbytes)"]) / 1024,
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


def size_result(res, n, eco_out, hugo_out, runs):
    measures = {}
    for key, _, hf, tv in MEASURES:
        m = hyperfine(os.path.join(res, f"{n}-{hf}.json"))
        if tv:
            m["time_v"] = gnu_time(os.path.join(res, f"{n}-{tv}.time"))
        measures[key] = m
    med = {k: m["median"] for k, m in measures.items()}
    with open(os.path.join(res, f"{n}-load.txt"), encoding="utf-8") as f:
        load = [line.split() for line in f]
    return {
        "actors": n,
        "runs": runs,
        "warmup": 1,
        "load_average": {"before": load[0], "after": load[-1]},
        "measures": measures,
        "trees": {"ecoatlas": tree(eco_out), "hugo": tree(hugo_out)},
        "ratios": {
            "ecoatlas_hugo_empty": ratio(med["ecoatlas_empty"], med["hugo_empty"]),
            "ecoatlas_hugo_previous": ratio(med["ecoatlas_previous"], med["hugo_previous"]),
            "ecoatlas_floor": ratio(med["ecoatlas_empty"], med["floor_ecoatlas"]),
            "hugo_floor": ratio(med["hugo_empty"], med["floor_hugo"]),
        },
    }


def secs(x):
    return f"{x:.3f} s" if x < 10 else f"{x:.1f} s"


def table(r):
    n, runs = r["actors"], r["runs"]
    lines = [
        f"### {n:,} actors",
        "",
        f"Median wall time and mean user and system time of {runs} runs after one warm-up "
        "(hyperfine); CPU (user + system) and peak resident memory of one more run into an "
        "empty folder (`/usr/bin/time -v`).",
        "",
        "| measure | wall (median) | user (mean) | sys (mean) | CPU, one run | peak RSS | runs (s) |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for key, label, _, _ in MEASURES:
        m = r["measures"][key]
        tv = m.get("time_v")
        cpu = secs(tv["user"] + tv["system"]) if tv else "–"
        rss = f"{tv['max_rss_mib']:,.0f} MiB" if tv else "–"
        times = ", ".join(f"{t:.2f}" for t in m["times"])
        lines.append(
            f"| {label} | {secs(m['median'])} | {secs(m['user'])} | {secs(m['system'])} "
            f"| {cpu} | {rss} | {times} |"
        )
    t, q = r["trees"], r["ratios"]
    mib = lambda b: f"{b / 2**20:,.1f} MiB"
    lines += [
        "",
        f"Output trees: ecoatlas {t['ecoatlas']['files']:,} files, {mib(t['ecoatlas']['bytes'])}; "
        f"hugo {t['hugo']['files']:,} files, {mib(t['hugo']['bytes'])}.",
        "",
        f"Ratios of median wall times: **ecoatlas/Hugo {q['ecoatlas_hugo_empty']}** into an empty "
        f"folder, **{q['ecoatlas_hugo_previous']}** over the previous output; "
        f"**ecoatlas/floor {q['ecoatlas_floor']}** (Hugo/floor {q['hugo_floor']}).",
        "",
        f"Load average (1, 5, 15 min) before: {' '.join(r['load_average']['before'])}; "
        f"after: {' '.join(r['load_average']['after'])}.",
        "",
    ]
    return "\n".join(lines)


def main(argv):
    if len(argv) >= 7 and argv[1] == "size":
        res, n, eco_out, hugo_out, runs = argv[2], int(argv[3]), argv[4], argv[5], int(argv[6])
        r = size_result(res, n, eco_out, hugo_out, runs)
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
        md = ["# Full builds: ecoatlas, Hugo and the I/O floor", ""]
        md += [f"- {k}: {v}" for k, v in machine.items()]
        md += ["- the page cache is not dropped between runs: inputs are read from memory", ""]
        md += [table(r) for r in results]
        with open(os.path.join(bench, "build-results.md"), "w", encoding="utf-8") as f:
            f.write("\n".join(md))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
