"""The benchmark of issue 7: ``python bench/run_bench.py [--sizes 50,200,1000] [--runs 3]``.

For each size N it builds the simulated site (``topology.BenchSite``: N ISENets in network
namespaces, 20 % dropped, 10 % rejected by nftables), then measures, run by run:

1. ``sesam-accept run SITE --as SRV-COMM`` in SRV-COMM's namespace (probes, pytest, HTML, JSON,
   JUnit XML): wall time and peak RSS of the process tree;
2. the same with ``--sequential`` (only for ``--sequential-sizes``; larger N extrapolated);
3. nmap ``-sS -sU -p T:41796,U:41797`` on the same addresses, default timing and ``-T4``;

scores every tool against the ground truth (``classify``), times the report's rendering and
Chromium's loading of it, and writes ``bench/RESULTS.md`` and ``bench/results.json``.
Needs root, ip, nft, nmap, chromium. Every namespace is removed at the end, also on Ctrl-C.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import classify
import machine
import results_md
from measure import measure
from topology import COMM, BenchSite

HERE = Path(__file__).resolve().parent
RUN_CAP_S = 600.0  # no single measured command may take longer than this


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; exit 0 when it finished (targets met or not: see RESULTS.md)."""
    args = _parser().parse_args(argv)
    signal.signal(signal.SIGTERM, lambda s, _f: sys.exit(128 + s))
    # Measure the product as it runs after a pip install: with its bytecode cached. (This
    # sandbox sets PYTHONDONTWRITEBYTECODE, which made every run compile every module and
    # pytest re-rewrite every plugin: ~1 s of each run.) One unmeasured run per size warms it.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    work = Path(args.workdir or tempfile.mkdtemp(prefix="sa-bench-"))
    data: dict[str, Any] = {"machine": machine.describe(), "settings": vars(args), "sizes": {}}
    if args.update or args.render_only:
        data = json.loads((HERE / "results.json").read_text(encoding="utf-8"))
    if args.render_only:
        for out in data["sizes"].values():
            last = out["ours"][-1]
            out["render"] = render_times(Path(last["html"]), Path(last["json"]))
        _save(data, args)
        return 0
    data["machine"]["load_before"] = machine.loadavg()
    for size in args.sizes:
        print(f"== N = {size}", flush=True)
        fresh = bench_size(size, args, work / f"n{size}")
        merged = {**data["sizes"].get(str(size), {}), **fresh} if args.update else fresh
        merged["summary"] = _summary(merged)
        data["sizes"][str(size)] = merged
        _save(data, args)
    data["machine"]["load_after"] = machine.loadavg()
    _save(data, args)
    print(f"wrote {args.out}", flush=True)
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="bench/run_bench.py")
    parser.add_argument("--sizes", type=ints, default=[50, 200, 1000])
    parser.add_argument("--runs", type=int, default=3, help="measured runs per tool and size")
    parser.add_argument("--sequential-sizes", type=ints, default=[50])
    parser.add_argument("--nmap-runs", type=int, default=3)
    parser.add_argument("--phase-runs", type=int, default=3, help="runs of phases.py")
    parser.add_argument("--profile-sizes", type=ints, default=[1000])
    parser.add_argument("--timeout", type=float, default=1.0, help="site timing.timeout")
    parser.add_argument("--retries", type=int, default=1, help="site timing.retries")
    parser.add_argument("--workdir", help="where sites, reports and logs go (default: a tmp dir)")
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    parser.add_argument(
        "--render-only", action="store_true", help="re-time the reports named in results.json"
    )
    parser.add_argument(
        "--update", action="store_true", help="merge into results.json (replace only what ran)"
    )
    return parser


def ints(text: str) -> list[int]:
    return [int(x) for x in text.split(",") if x.strip()]


def _save(data: dict[str, Any], args: argparse.Namespace) -> None:
    (HERE / "results.json").write_text(json.dumps(data, indent=1, default=str) + "\n")
    args.out.write_text(results_md.render(data), encoding="utf-8")


def bench_size(size: int, args: argparse.Namespace, work: Path) -> dict[str, Any]:
    """Every measurement of one site size."""
    out: dict[str, Any] = {"commit": machine.commit()}
    with BenchSite(size, work, timeout=args.timeout, retries=args.retries) as site:
        targets = work / "targets.txt"
        targets.write_text("".join(f"{d.address}\n" for d in site.devs))
        if args.runs:
            _ours(site, work / "warm-up", [])  # compiles the bytecode; not measured
            out["ours"] = [_ours(site, work / f"ours-{i}", []) for i in range(args.runs)]
        if size in args.sequential_sizes:
            out["sequential"] = [_ours(site, work / "seq-0", ["--sequential"])]
        for label, extra in (("nmap", []), ("nmap_T4", ["-T4"])) if args.nmap_runs else ():
            out[label] = [_nmap(site, work / f"{label}-{i}.xml", targets, extra)
                          for i in range(args.nmap_runs)]  # fmt: skip
        if args.phase_runs:
            out["phases"] = [_phases(site, work / f"ph-{i}") for i in range(args.phase_runs)]
        if size in args.profile_sizes:
            out["profile"] = _profile(site, work / "profile")
    if args.runs:
        last = out["ours"][-1]
        out["render"] = render_times(Path(last["html"]), Path(last["json"]))
    return out


def _in_comm(site: BenchSite, argv: list[str]) -> list[str]:
    return ["ip", "netns", "exec", site.ns("comm"), *argv]


def ours_argv(
    site: BenchSite, reports: Path, extra: list[str], python: str = sys.executable
) -> list[str]:
    """The measured command: ``sesam-accept run`` as SRV-COMM, in SRV-COMM's namespace."""
    argv = [python, "-m", "sesam_accept", "run", str(site.site_file), "--as", COMM]
    return _in_comm(site, [*argv, "--reports", str(reports), *extra])


def _ours(site: BenchSite, reports: Path, extra: list[str]) -> dict[str, Any]:
    reports.mkdir(parents=True, exist_ok=True)
    speed_before = machine.speed_check()
    m = measure(ours_argv(site, reports, extra), cap_s=RUN_CAP_S, log=reports / "run.log")
    row: dict[str, Any] = {"wall_s": m.wall_s, "peak_rss_mb": m.peak_rss_mb,
                           "returncode": m.returncode, "capped": m.capped,
                           "speed_ms": (speed_before + machine.speed_check()) / 2}  # fmt: skip
    for kind in ("html", "json"):
        found = sorted(reports.glob(f"*.{kind}"))
        row[kind] = str(found[-1]) if found else ""
    if row["json"]:
        states = classify.ours(Path(row["json"]))
        row["score"] = classify.score(states, site.devs)
        row["ping_score"] = classify.score(states, site.devs, (classify.PING,))
        row["html_mb"] = Path(row["html"]).stat().st_size / 1e6 if row["html"] else None
    print(
        f"  ours{extra}: {m.wall_s:.2f} s (speed check {row['speed_ms']:.0f} ms), "
        f"{m.peak_rss_mb:.0f} MB, {row.get('score')}, "
        f"pings {row.get('ping_score')}"
    )
    return row


def _nmap(site: BenchSite, xml: Path, targets: Path, extra: list[str]) -> dict[str, Any]:
    argv = ["nmap", "-n", "-Pn", "-sS", "-sU", "-p", "T:41796,U:41797", *extra]
    argv += ["-oX", str(xml), "-iL", str(targets)]
    m = measure(_in_comm(site, argv), cap_s=RUN_CAP_S, log=xml.with_suffix(".log"))
    row: dict[str, Any] = {"wall_s": m.wall_s, "peak_rss_mb": m.peak_rss_mb,
                           "returncode": m.returncode, "capped": m.capped}  # fmt: skip
    if xml.exists() and not m.capped:
        row["score"] = classify.score(classify.nmap(xml, site.devs), site.devs)
    print(f"  nmap{extra}: {m.wall_s:.2f} s, {m.peak_rss_mb:.0f} MB, {row.get('score')}")
    return row


def _phases(site: BenchSite, reports: Path) -> dict[str, float]:
    """The library's phases of one run, without pytest (``phases.py``)."""
    reports.mkdir(parents=True, exist_ok=True)
    argv = [sys.executable, str(HERE / "phases.py"), str(site.site_file), COMM, str(reports)]
    done = subprocess.run(_in_comm(site, argv), capture_output=True, text=True,
                          timeout=RUN_CAP_S, check=False)  # fmt: skip
    if done.returncode != 0:
        print(f"  phases failed: {done.stderr[-1500:]}", flush=True)
        return {"failed": 1.0}
    phases: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"  phases: { {k: round(v, 2) for k, v in phases.items()} }", flush=True)
    return phases


def _profile(site: BenchSite, reports: Path) -> dict[str, Any]:
    """One extra run under cProfile; the top functions by cumulative time go to a text file."""
    import pstats

    reports.mkdir(parents=True, exist_ok=True)
    prof = reports / "run.prof"
    argv = [sys.executable, "-m", "cProfile", "-o", str(prof), "-m", "sesam_accept", "run",
            str(site.site_file), "--as", COMM, "--reports", str(reports)]  # fmt: skip
    m = measure(_in_comm(site, argv), cap_s=RUN_CAP_S, log=reports / "run.log")
    text = HERE / f"profile-n{len(site.devs)}.txt"
    with text.open("w", encoding="utf-8") as out:
        out.write(f"# cProfile of one run, N = {len(site.devs)}: {m.wall_s:.2f} s wall\n")
        stats = pstats.Stats(str(prof), stream=out).strip_dirs()
        stats.sort_stats("cumulative").print_stats(45)
        stats.sort_stats("tottime").print_stats(25)
    return {"wall_s": m.wall_s, "file": text.name}


def render_times(html: Path, results_json: Path) -> dict[str, Any]:
    """render_document time (median of 3, from the JSON) and Chromium's load of the HTML."""
    from sesam_accept.report import render_document
    from sesam_accept.report.jsondoc import load_record

    record = load_record(results_json)
    renders, document = [], ""
    for _ in range(3):
        started = time.perf_counter()
        document = render_document(record, language="en")
        renders.append(time.perf_counter() - started)
    alone = html.with_name("standalone.html")  # our report without pytest-html's table
    alone.write_text(document, encoding="utf-8")
    blank = html.with_name("blank.html")
    blank.write_text("<!DOCTYPE html><title>x</title><p>x</p>", encoding="utf-8")
    return {
        "html_mb": html.stat().st_size / 1e6,
        "json_mb": results_json.stat().st_size / 1e6,
        "render_document_s": statistics.median(renders),
        "chromium_s": statistics.median(_chromium(html) for _ in range(3)),
        "chromium_blank_s": statistics.median(_chromium(blank) for _ in range(3)),
        "standalone_mb": alone.stat().st_size / 1e6,
        "standalone_chromium_s": statistics.median(_chromium(alone) for _ in range(3)),
    }


def _chromium(html: Path) -> float:
    """Seconds for headless Chromium to load ``html`` and dump its DOM (startup included)."""
    with tempfile.TemporaryDirectory(prefix="sa-bench-chromium-") as profile:
        argv = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", f"--user-data-dir={profile}",
                "--dump-dom", html.as_uri()]  # fmt: skip
        started = time.perf_counter()
        subprocess.run(argv, capture_output=True, timeout=120, check=True)
        return time.perf_counter() - started


def _summary(out: dict[str, Any]) -> dict[str, Any]:
    summary = {}
    for tool in ("ours", "sequential", "nmap", "nmap_T4"):
        rows = [r for r in out.get(tool, []) if not r["capped"]]
        if rows:
            walls = [r["wall_s"] for r in rows]
            summary[tool] = {
                "wall_median": statistics.median(walls),
                "wall_min": min(walls),
                "wall_max": max(walls),
                "rss_median": statistics.median(r["peak_rss_mb"] for r in rows),
                "score": rows[-1].get("score"),
                "ping_score": rows[-1].get("ping_score"),
                "exit": sorted({r["returncode"] for r in rows}),
                "runs": len(rows),
            }
            speeds = [r["speed_ms"] for r in rows if "speed_ms" in r]
            if speeds:
                summary[tool]["speed_ms"] = [statistics.median(speeds), min(speeds), max(speeds)]
    return summary


if __name__ == "__main__":
    sys.exit(main())
