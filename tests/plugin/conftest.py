"""A simulated site on loopback for the plugin tests, and a way to run the suites on it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from sesam_accept.loader import load_site
from sesam_accept.simulator.site_sim import SiteSimulator

ROOT = Path(__file__).parents[2]
SUITES = ROOT / "suites"

# Its own loopback range (127.0.30.x hosts, 127.0.31.x ISENets): no clash with the demo's.
SITE_YAML = """\
site: {name: Plugin Test, customer: Test, software_version: "2.3-1", language: en}
hosts:
  - {name: SRV-DB, addresses: [127.0.30.1/8], roles: [db],
     commparam: {path: files/SRV-DB/CommParam.ini}}
  - {name: SRV-COMM, addresses: [127.0.30.2/8], roles: [comm],
     commparam: {path: files/SRV-COMM/CommParam.ini}}
  - {name: WS-01, addresses: [127.0.30.3/8], roles: [workstation],
     commparam: {path: files/WS-01/CommParam.ini}}
isenets:
  - {name: ISE-A, address: 127.0.31.1, mac: "00:20:4A:E0:00:01", serial: "101"}
  - {name: ISE-B, address: 127.0.31.2, mac: "00:20:4A:E0:00:02", serial: "102"}
  - {name: ISE-C, address: 127.0.31.3, mac: "00:20:4A:E0:00:03", serial: "103"}
timing: {timeout: 0.5, retries: 1}
confirmations:
  - {check: "DIAG-JP1[ISE-A]", confirmed_by: Tester, date: 2026-01-01}
"""


def check_verdicts(doc: dict[str, Any]) -> dict[str, str]:
    """Check id -> verdict of a results document."""
    return {c["id"]: c["verdict"] for c in doc["checks"]}


@dataclass
class Run:
    """One run of the suites: pytest's outcome and the JSON results."""

    outcomes: dict[str, int]
    ret: int
    doc: dict[str, Any]
    stdout: str

    def verdicts(self) -> dict[str, str]:
        """Check id -> verdict."""
        return check_verdicts(self.doc)

    def failed_requirements(self) -> set[str]:
        """The requirement IDs with at least one failed check."""
        return {c["requirement"] for c in self.doc["checks"] if c["verdict"] == "fail"}

    def check(self, check_id: str) -> dict[str, Any]:
        """One check of the results."""
        return next(c for c in self.doc["checks"] if c["id"] == check_id)


def write_site(folder: Path) -> Path:
    """A fresh copy of the plugin test site in ``folder`` (the simulator writes its
    CommParam.ini files beside it)."""
    path = folder / "site" / "plugin-site.yaml"
    path.parent.mkdir()
    path.write_text(SITE_YAML, encoding="utf-8")
    return path


def suite_args(site_file: Path, host: str, reports: Path, *args: str) -> list[str]:
    """pytest's arguments for a run of the suites on ``site_file`` as ``host``."""
    return [
        str(SUITES),
        "--site",
        str(site_file),
        "--as",
        host,
        "--reports",
        str(reports),
        "--rootdir",
        str(ROOT),
        "-p",
        "no:cacheprovider",
        *args,
    ]


def results_doc(reports: Path, output: str) -> dict[str, Any]:
    """The one JSON results document a run wrote to ``reports`` (``output`` explains none)."""
    docs = sorted(reports.glob("*.json"))
    assert len(docs) == 1, output
    doc: dict[str, Any] = json.loads(docs[0].read_text(encoding="utf-8"))
    return doc


@pytest.fixture
def site_file(tmp_path: Path) -> Path:
    """A fresh copy of the plugin test site (the simulator writes its CommParam.ini files)."""
    return write_site(tmp_path)


@pytest.fixture
def simulate(site_file: Path) -> Iterator[Any]:
    """Start the simulator on the test site with the given faults (stopped at teardown)."""
    running: list[SiteSimulator] = []

    def start(*faults: str, **options: Any) -> SiteSimulator:
        sim = SiteSimulator(load_site(site_file), faults=faults, **options)
        sim.start()
        running.append(sim)
        return sim

    yield start
    for sim in running:
        sim.stop()


@pytest.fixture
def run_suite(pytester: pytest.Pytester, site_file: Path, tmp_path: Path) -> Any:
    """Run the acceptance suites in a pytest subprocess as a host; read its JSON results."""
    counter = iter(range(1000))

    def run(host: str, *args: str) -> Run:
        reports = tmp_path / f"reports-{next(counter)}"
        result = pytester.runpytest_subprocess(
            *suite_args(site_file, host, reports, *args), timeout=180
        )
        doc = results_doc(reports, result.stdout.str() + result.stderr.str())
        return Run(result.parseoutcomes(), int(result.ret), doc, result.stdout.str())

    return run
