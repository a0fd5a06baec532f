"""``sesam-accept demo`` end to end on loopback (127.0.10.0/24, 127.0.20.0/24): the reports are
written and a fault fails exactly the requirements it breaks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

#: fault → the check ids that fail in the run as SRV-COMM and in the run as WS-01.
CASES = {
    "firebird-down": (
        {"FB-TCP[SRV-COMM->SRV-DB:41800/tcp]"},
        {"FB-TCP[WS-01->SRV-DB:41800/tcp]"},
    ),
    "sescomm-down": (
        {
            "DIAG-COMM[SRV-COMM->SRV-COMM:41801/tcp]",
            "RPC-TCP[SRV-COMM listens 41801/tcp]",
            "RPC-TCP[SRV-COMM->SRV-COMM:41801/tcp]",
        },
        {"DIAG-COMM[WS-01->SRV-COMM:41801/tcp]", "RPC-TCP[WS-01->SRV-COMM:41801/tcp]"},
    ),
    "isenet-serial:ISE-Tor2": (
        {"FLOW-ADD[SRV-COMM->ISE-Tor2]", "FLOW-SEARCH[SRV-COMM->ISE-Tor2 by broadcast]"},
        set(),
    ),
}


def run(reports: Path, *faults: str) -> subprocess.CompletedProcess[str]:
    argv = [sys.executable, "-m", "sesam_accept", "demo", "--reports", str(reports)]
    for fault in faults:
        argv += ["--fault", fault]
    return subprocess.run(argv, capture_output=True, text=True, timeout=300)


def demo(reports: Path, *faults: str) -> tuple[Path, subprocess.CompletedProcess[str]]:
    done = run(reports, *faults)
    (workdir,) = reports.glob("demo-*")
    return workdir, done


def failed(workdir: Path, host: str) -> set[str]:
    (path,) = workdir.glob(f"*_{host}_*.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    return {c["id"] for c in data["checks"] if c["verdict"] == "fail"}


def test_demo_writes_the_reports_and_the_merged_site_report(tmp_path: Path) -> None:
    workdir, done = demo(tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    assert len(list(workdir.glob("*.html"))) == 5  # one per host and the merged site report
    assert len(list(workdir.glob("*_site_*.json"))) == 1
    assert f"reports in {workdir}" in done.stdout
    assert failed(workdir, "SRV-COMM") == set()
    assert failed(workdir, "WS-01") == set()
    for host in ("SRV-DB", "SRV-COMM", "WS-01", "WS-02"):
        assert (workdir / "demo" / host / "CommParam.ini").exists()


@pytest.mark.parametrize("fault", sorted(CASES))
def test_demo_fault_fails_exactly_what_it_breaks(tmp_path: Path, fault: str) -> None:
    workdir, done = demo(tmp_path, fault)
    assert done.returncode == 0, done.stderr[-2000:]
    on_comm, on_ws = CASES[fault]
    assert failed(workdir, "SRV-COMM") == on_comm
    assert failed(workdir, "WS-01") == on_ws


def test_demo_refuses_to_run_beside_another_simulated_site(tmp_path: Path) -> None:
    from sesam_accept.loader import load_site
    from sesam_accept.simulator import SiteSimulator
    from sesam_accept.simulator.demo import demo_site_file

    copy = tmp_path / "other" / "demo.yaml"  # the other site's CommParam files go there
    copy.parent.mkdir()
    copy.write_bytes(demo_site_file().read_bytes())
    with SiteSimulator(load_site(copy), only=["SRV-COMM"]):
        done = run(tmp_path / "reports")
    assert done.returncode == 2
    assert "127.0.10.2:41801" in done.stderr
    assert not (tmp_path / "reports").exists()  # nothing made before the refusal


@pytest.mark.parametrize(
    ("fault", "says"),
    [
        ("bogus", "demo: unknown fault 'bogus'; known: firebird-down, "),
        ("isenet-missing:NO-SUCH", "demo: fault 'isenet-missing:NO-SUCH': no ISENet 'NO-SUCH'"),
        ("firebird-down:SRV-DB", "demo: fault 'firebird-down' takes no target"),
    ],
)
def test_a_bad_fault_is_one_line_exit_2_and_nothing_made(
    tmp_path: Path, fault: str, says: str
) -> None:
    done = run(tmp_path / "reports", "isenet-serial", fault)
    assert done.returncode == 2
    assert done.stderr.startswith(says)
    assert done.stderr.count("\n") == 1 and done.stdout == ""
    assert not (tmp_path / "reports").exists()


def test_a_missing_isenet_does_not_answer_ping_either(tmp_path: Path) -> None:
    workdir, done = demo(tmp_path, "isenet-missing:ISE-Tor2")
    assert done.returncode == 0, done.stderr[-2000:]
    assert "demo: ISE-Tor2 taken off loopback (private network namespace)" in done.stdout
    (path,) = workdir.glob("*_SRV-COMM_*.json")
    checks = json.loads(path.read_text(encoding="utf-8"))["checks"]
    evidence = [e for c in checks for e in c["evidence"] if e["method"] == "ping"]
    pings = [(e["target"], e["facts"].get("received")) for e in evidence]
    assert ("127.0.20.2", 0) in pings and ("127.0.20.1", 1) in pings
    assert {n for a, n in pings if a == "127.0.20.2"} == {0}  # every ping step: no reply
    assert all(n for a, n in pings if a != "127.0.20.2")
