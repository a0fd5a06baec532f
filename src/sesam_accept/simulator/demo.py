"""``sesam-accept demo``: the built-in simulated site on loopback, and the suite run against it.

The demo copies ``site_configs/demo.yaml`` (and nothing else) into a fresh working directory
under the reports directory, starts :class:`SiteSimulator` on that copy (which writes the
CommParam.ini copies next to it), runs the suite as SRV-COMM and as WS-01 in subprocesses,
merges the two runs into one site report, and stops everything. No root, no traffic off loopback.
"""

from __future__ import annotations

import datetime as dt
import shutil
import socket
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from ..loader import load_site
from ..resources import site_config
from ..site import Site
from .faults import parse_faults
from .private_net import isolate
from .site_sim import SiteSimulator

#: Upper bound of one suite run (seconds); the demo site takes a few seconds.
RUN_TIMEOUT = 600.0


def demo_site_file() -> Path:
    """The demo site file shipped with the package (``site_configs/demo.yaml``)."""
    return site_config("demo.yaml")


def prepare_workdir(reports_dir: Path) -> Path:
    """A fresh working directory under ``reports_dir`` holding only a copy of demo.yaml."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    base = reports_dir / f"demo-{stamp}"
    workdir, n = base, 1
    while workdir.exists():
        n += 1
        workdir = base.with_name(f"{base.name}-{n}")
    workdir.mkdir(parents=True)
    shutil.copy2(demo_site_file(), workdir / "demo.yaml")
    return workdir


def suite_command(site_file: Path, host: str, reports: Path, language: str) -> list[str]:
    """The command that runs the suite as ``host`` (the project's own CLI)."""
    return [
        sys.executable,
        "-m",
        "sesam_accept",
        "run",
        str(site_file),
        "--as",
        host,
        "--reports",
        str(reports),
        "--lang",
        language,
    ]


def merge_command(runs: Sequence[Path], reports: Path) -> list[str]:
    """The command that merges the runs' JSON files into one site report."""
    return [
        sys.executable,
        "-m",
        "sesam_accept",
        "merge",
        *map(str, runs),
        "--reports",
        str(reports),
    ]


def run_demo(*, faults: Sequence[str] = (), language: str = "en", reports_dir: Path) -> int:
    """Run the demo; 0 if every step went through (the verdict is in the report), 2 on bad
    input (a bad fault, another simulated site running: nothing is created), else non-zero."""
    shipped = load_site(demo_site_file())
    refusal = refuse_to_start(shipped, faults)
    if refusal:
        print(f"demo: {refusal}", file=sys.stderr)
        return 2
    _take_off_loopback(shipped, faults)
    workdir = prepare_workdir(Path(reports_dir))
    site_file = workdir / "demo.yaml"
    site = load_site(site_file)
    print(f"demo: simulated site {site.name!r} on loopback; working directory {workdir}")
    with SiteSimulator(site, faults=faults) as simulator:
        print(f"demo: Firebird is the {simulator.firebird_kind} server; faults: {list(faults)}")
        runs, status = _run_hosts(site, site_file, workdir, language)
        if status == 0:
            status = _step("merge", merge_command(runs, workdir))
    _print_reports(workdir)
    return status


def refuse_to_start(site: Site, faults: Sequence[str]) -> str | None:
    """Why the demo must not start (checked before anything is created), or None."""
    try:
        parse_faults(faults, site)
    except ValueError as error:
        return str(error)
    busy = busy_addresses(site)
    if busy:
        return (
            f"another simulated site is already answering on {', '.join(busy)};"
            " stop it first (two demos at once would test each other)"
        )
    return None


def _take_off_loopback(site: Site, faults: Sequence[str]) -> None:
    """Make the ISENets of ``isenet-missing`` really absent: on loopback the kernel answers
    ping for every 127.x address, so the demo moves into a private network namespace where
    their addresses are unreachable (see ``private_net``), or says that they still answer."""
    missing = sorted(parse_faults(faults, site).targets("isenet-missing"))
    if not missing:
        return
    why = isolate([site.isenet(name).address for name in missing])
    if why:
        print(
            f"demo: note: {', '.join(missing)} still answer ping: on loopback the kernel answers "
            f"every 127.x address, and {why}",
            file=sys.stderr,
        )
    else:
        print(f"demo: {', '.join(missing)} taken off loopback (private network namespace)")


def busy_addresses(site: Site) -> list[str]:
    """The demo's TCP service addresses something already accepts on (another demo)."""
    ports = site.ports
    endpoints = [(site.db_host.address, ports.firebird), (site.comm_host.address, ports.rpc)]
    endpoints += [(i.address, ports.isenet_data) for i in site.isenets]
    busy = []
    for address, port in endpoints:
        try:
            socket.create_connection((address, port), 0.3).close()
        except OSError:
            continue
        busy.append(f"{address}:{port}")
    return busy


def _run_hosts(site: Site, site_file: Path, workdir: Path, language: str) -> tuple[list[Path], int]:
    """Run the suite as every host of the site (as an engineer would, one host after the
    other), so that the merged report leaves open only what cannot be proven."""
    runs: list[Path] = []
    for host in (h.name for h in site.hosts):
        before = set(workdir.glob("*.json"))
        status = _step(f"run as {host}", suite_command(site_file, host, workdir, language))
        if status != 0:
            return runs, status
        new = sorted(set(workdir.glob("*.json")) - before)
        if not new:
            print(f"demo: the run as {host} wrote no JSON results", file=sys.stderr)
            return runs, 1
        runs.append(new[-1])
    return runs, 0


def _step(what: str, argv: list[str]) -> int:
    """Run one suite step; exit codes 0, 1 and 3 mean "went through" (the verdict: accepted,
    not accepted, open points); anything else is a crash or bad input."""
    print(f"demo: {what}: {' '.join(argv[1:])}", flush=True)
    try:
        done = subprocess.run(argv, timeout=RUN_TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        print(f"demo: {what} did not finish within {RUN_TIMEOUT:.0f} s", file=sys.stderr)
        return 124
    if done.returncode in (0, 1, 3):
        return 0
    print(f"demo: {what} crashed (exit code {done.returncode})", file=sys.stderr)
    return done.returncode or 1


def _print_reports(workdir: Path) -> None:
    reports = sorted(workdir.glob("*.html"))
    print(f"demo: reports in {workdir}")
    for report in reports:
        print(f"  {report}")
