"""This checkout against another on one bench site: ``python bench/compare.py OTHER``.

Whether a change made a run slower is a question of a few per cent, and on a shared machine
the same code's run varies by about 10 % between minutes (RESULTS.md), so two separate
``run_bench.py`` results cannot answer it. Here both checkouts run on one ``BenchSite``, in
turns (this, other, other, this, ...: neither always goes first), each after its own unmeasured
warm-up run, and the medians of their runs are compared: wall time, CPU time and peak RSS.

OTHER is a checkout with its own ``.venv``, for example the commit before a change::

    git worktree add /tmp/before HEAD~3 && /tmp/before/scripts/setup
    sudo .venv/bin/python bench/compare.py /tmp/before --sizes 200,1000 --rounds 6

Needs root, ip and nft (as run_bench.py). It prints a table and writes nothing in either
checkout (sites, reports and logs go to ``--workdir``, default a fresh temporary directory).
"""

from __future__ import annotations

import argparse
import os
import resource
import signal
import statistics
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import machine
from measure import measure
from run_bench import RUN_CAP_S, ints, ours_argv
from topology import BenchSite

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Tree:
    """A checkout and the Python that runs its product."""

    label: str
    root: Path
    python: str


@dataclass(frozen=True)
class Run:
    """One measured run: wall and CPU seconds, peak RSS of the process tree in MB."""

    wall_s: float
    cpu_s: float
    rss_mb: float
    returncode: int | None


def main(argv: list[str] | None = None) -> int:
    """Compare; exit 2 when OTHER has no .venv, 0 otherwise (the table says the rest)."""
    args = _parser().parse_args(argv)
    signal.signal(signal.SIGTERM, lambda s, _f: sys.exit(128 + s))
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)  # as after a pip install (run_bench.py)
    other = args.other.resolve()
    python = other / ".venv" / "bin" / "python"
    if not python.is_file():
        print(f"compare: {python} is missing: run {other}/scripts/setup first", file=sys.stderr)
        return 2
    trees = (Tree("this", HERE.parent, sys.executable), Tree("other", other, str(python)))
    work = Path(args.workdir or tempfile.mkdtemp(prefix="sa-compare-"))
    print(f"this = {machine.commit()}, other = {machine.commit(other)}; work in {work}")
    for size in args.sizes:
        with BenchSite(size, work / f"n{size}", timeout=args.timeout, retries=args.retries) as site:
            runs = compare_size(site, trees, args.rounds, work / f"n{size}")
        print(table(size, runs), flush=True)
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="bench/compare.py")
    parser.add_argument("other", type=Path, help="the other checkout (with its own .venv)")
    parser.add_argument("--sizes", type=ints, default=[200, 1000])
    parser.add_argument("--rounds", type=int, default=6, help="measured runs of each checkout")
    parser.add_argument("--timeout", type=float, default=1.0, help="site timing.timeout")
    parser.add_argument("--retries", type=int, default=1, help="site timing.retries")
    parser.add_argument("--workdir", help="where sites, reports and logs go (default: a tmp dir)")
    return parser


def compare_size(
    site: BenchSite, trees: tuple[Tree, Tree], rounds: int, work: Path
) -> dict[str, list[Run]]:
    """Each tree's measured runs on ``site``, in alternating order after a warm-up each."""
    for tree in trees:
        run_once(site, tree, work / f"warm-{tree.label}")  # compiles the bytecode; not measured
    runs: dict[str, list[Run]] = {tree.label: [] for tree in trees}
    for i in range(rounds):
        for tree in trees if i % 2 == 0 else trees[::-1]:
            runs[tree.label].append(run_once(site, tree, work / f"{tree.label}-{i}"))
    return runs


def run_once(site: BenchSite, tree: Tree, reports: Path) -> Run:
    """``sesam-accept run`` of ``tree`` in SRV-COMM's namespace, as run_bench.py runs it."""
    reports.mkdir(parents=True, exist_ok=True)
    argv = ours_argv(site, reports, [], python=tree.python)
    before = _children_cpu_s()
    m = measure(argv, cap_s=RUN_CAP_S, log=reports / "run.log")
    run = Run(m.wall_s, _children_cpu_s() - before, m.peak_rss_mb, m.returncode)
    print(f"  {reports.name}: {run.wall_s:.2f} s, CPU {run.cpu_s:.2f} s, {run.rss_mb:.0f} MB")
    return run


def _children_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def table(size: int, runs: dict[str, list[Run]]) -> str:
    """The medians of each tree (with min-max) and this checkout's difference to the other."""
    lines = [
        f"\nN = {size}, {len(runs['this'])} runs each, in turns",
        "| | wall s median (min-max) | CPU s median | peak RSS MB median | exit codes |",
        "|---|---|---|---|---|",
    ]
    for label, found in runs.items():
        walls = [r.wall_s for r in found]
        codes = sorted({str(r.returncode) for r in found})
        lines.append(
            f"| {label} | {statistics.median(walls):.2f} ({min(walls):.2f}-{max(walls):.2f}) "
            f"| {_median(found, 'cpu_s'):.2f} | {_median(found, 'rss_mb'):.0f} "
            f"| {', '.join(codes)} |"
        )
    diffs = [
        f"{name} {_median(runs['this'], key) - _median(runs['other'], key):+.2f} "
        f"({_median(runs['this'], key) / _median(runs['other'], key) - 1:+.1%})"
        for name, key in (("wall s", "wall_s"), ("CPU s", "cpu_s"), ("RSS MB", "rss_mb"))
    ]
    return "\n".join([*lines, "this - other: " + ", ".join(diffs)])


def _median(runs: list[Run], key: str) -> float:
    return float(statistics.median(getattr(r, key) for r in runs))


if __name__ == "__main__":
    raise SystemExit(main())
