"""The whole site at once, for real: ansible-playbook in a controller namespace reaches an sshd
in each lab host's namespace, installs the kit, runs the suite as each host and merges the
runs into one site report (issue 15)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sesam_accept.loader import load_site
from sesam_accept.simulator.demo import demo_site_file
from sesam_accept.simulator.lab import Lab
from tests.dist.kit_build import build_kit

from .fleet_lab import Fleet, fleet_unavailable, linux_site

pytestmark = pytest.mark.lab

INSTALL_TASKS = ("Copy the install kit", "Install sesam-accept from the kit")


@pytest.fixture(scope="module")
def fleet(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Fleet]:
    """The demo site in namespaces (own prefix), an sshd per host, a controller namespace."""
    reason = fleet_unavailable()
    if reason is not None:
        pytest.skip(reason)
    work = tmp_path_factory.mktemp("fleet")
    with Lab(load_site(demo_site_file()), work / "lab", prefix="sa-f-") as lab:
        running = Fleet(lab, work / "fleet")
        try:
            running.start()
            yield running
        finally:
            running.close()


def merged_site_report(reports: Path) -> dict[str, Any]:
    """The one merged site report (JSON) in ``reports``."""
    (found,) = reports.glob("*_site_*.json")
    data: dict[str, Any] = json.loads(found.read_text(encoding="utf-8"))
    return data


@pytest.mark.timeout(900)  # three playbook runs; installing four venvs takes minutes on 2 cores
def test_playbook_runs_the_suite_on_every_host_and_merges(fleet: Fleet, tmp_path: Path) -> None:
    site_file = linux_site(fleet.lab.site_file, fleet.lab.site_file.with_name("fleet-site.yaml"))
    inventory = fleet.write_inventory(site_file)
    python = f"{sys.version_info.major}.{sys.version_info.minor}"  # this Python only: faster
    kit = build_kit(tmp_path / "kit", "linux_x86_64", "--python", python)
    hosts = fleet.hosts
    extra = {"site_file": str(site_file), "kit": str(kit.relative_to(tmp_path))}  # cwd-relative

    # --check: nothing is installed, run or fetched anywhere.
    checked = tmp_path / "check"
    dry = fleet.playbook(inventory, extra | {"reports_dir": "check"}, "--check", cwd=tmp_path)
    assert dry.rc == 0, dry.output[-3000:]
    assert not any(fleet.home(h).exists() for h in hosts)
    assert not checked.exists()

    # First run: every host installs the kit, runs the suite, and the runs are merged.
    first = tmp_path / "first"
    one = fleet.playbook(inventory, extra | {"reports_dir": "first"}, cwd=tmp_path)
    assert one.rc == 0, one.output[-3000:]
    for task in INSTALL_TASKS:
        assert one.statuses(task) == dict.fromkeys(hosts, "changed")
    report = merged_site_report(first)
    sources = {c["source"] for c in report["checks"] if c["verdict"] != "not_run"}
    assert sources == set(hosts)  # each host's own checks ran there
    for host in hosts:
        assert list((first / host).glob("*.json")) and list((first / host).glob("*.html"))

    # Second run, WS-02's sshd stopped and WS-01's run failing (bad input, exit 2): nothing
    # installed again; both named as not run, with the reason; the others' results kept.
    fleet.stop_sshd("WS-02")
    _break_run(fleet.home("WS-01"))
    second = tmp_path / "second"
    baseline = str(_json_of(first).relative_to(tmp_path))
    two = fleet.playbook(
        inventory, extra | {"reports_dir": "second", "baseline": baseline}, cwd=tmp_path
    )
    assert two.rc == 0, two.output[-3000:]  # a site report was written: the play succeeds
    reached = [h for h in hosts if h != "WS-02"]
    for task in INSTALL_TASKS:
        assert two.statuses(task) == dict.fromkeys(reached, "ok"), two.output[-3000:]
    recap = two.recap()
    assert recap["WS-01"]["rescued"] == 1 and recap["localhost"]["failed"] == 0, recap
    report = merged_site_report(second)
    by_source: dict[str, set[str]] = {}
    for check in report["checks"]:
        if not check["portable"]:  # a collected CommParam.ini is checked from any host
            by_source.setdefault(check["source"], set()).add(check["verdict"])
    assert by_source["WS-02"] == by_source["WS-01"] == {"not_run"}
    reasons = {
        "WS-02": "did not run on WS-02: unreachable: ",
        "WS-01": f"did not run on WS-01: Run the suite as this host: sesam-accept: {BROKEN}",
    }
    for host, reason in reasons.items():
        mine = [c for c in report["checks"] if c["source"] == host and not c["portable"]]
        assert all(reason in c["message"] for c in mine), mine[0]["message"]
    for host in ("SRV-DB", "SRV-COMM"):  # the others' results are kept
        assert by_source[host] - {"not_run"}
    assert report["overall"] != "accepted"
    assert list(second.glob("*_site_*.diff.txt"))  # the diff against the baseline


BROKEN = "stand-in for a run that fails"


def _break_run(home: Path) -> None:
    """Make the installed ``sesam-accept`` of a host fail as on bad input (exit 2)."""
    command = home / "venv" / "bin" / "sesam-accept"
    command.write_text(f"#!/bin/sh\necho 'sesam-accept: {BROKEN}' >&2\nexit 2\n")


def _json_of(folder: Path) -> Path:
    (found,) = folder.glob("*_site_*.json")
    return found
