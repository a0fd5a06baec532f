"""Acceptance in the lab: the suite, run inside SRV-COMM's namespace, fails exactly the
requirements a firewall fault breaks (and nothing else)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

from sesam_accept.simulator.lab import Lab

pytestmark = pytest.mark.lab

#: DIAG-JP1 of unconfirmed ISENets and the silent password service are open points, not failures.
CASES: list[tuple[list[str], set[str], str]] = [
    ([], set(), "open_points"),
    (["drop:SRV-DB:41800/tcp"], {"FB-TCP[SRV-COMM->SRV-DB:41800/tcp]"}, "not_accepted"),
    (
        ["router:drop:ISE-Server:41796/tcp"],
        {
            "ISE-DATA[SRV-COMM->ISE-Server:41796/tcp]",
            "FLOW-ADMIN[SRV-COMM->ISE-Server]",
            "FLOW-PROCESS[SRV-COMM->ISE-Server]",
            "DIAG-ISENET[SRV-COMM->ISE-Server]",
        },
        "not_accepted",
    ),
    (
        ["router:reject:ISE-Server:41797/udp"],
        {
            "ISE-CMD[SRV-COMM->ISE-Server:41797/udp]",
            "FLOW-ADD[SRV-COMM->ISE-Server]",
            "FLOW-ADMIN[SRV-COMM->ISE-Server]",
            "DIAG-ISENET[SRV-COMM->ISE-Server]",
        },
        "not_accepted",
    ),
    (
        ["drop:ISE-Tor1:icmp"],
        {
            "FLOW-ADMIN[SRV-COMM->ISE-Tor1]",
            "FLOW-PROCESS[SRV-COMM->ISE-Tor1]",
            "DIAG-ISENET[SRV-COMM->ISE-Tor1]",
        },
        "not_accepted",
    ),
]


def run_suite(lab: Lab, host: str, reports: Path) -> dict[str, Any]:
    """Run ``sesam_accept run`` as ``host`` inside its namespace; the run's JSON results."""
    argv = [sys.executable, "-m", "sesam_accept", "run", str(lab.site_file), "--as", host]
    done = lab.run(host, [*argv, "--reports", str(reports), "--lang", "en"], timeout=300)
    assert done.returncode in (0, 1, 3), done.stdout[-2000:] + done.stderr[-2000:]
    (results,) = reports.glob("*.json")
    data: dict[str, Any] = json.loads(results.read_text(encoding="utf-8"))
    return data


@pytest.mark.parametrize(
    ("rules", "expected", "overall"), CASES, ids=[",".join(c[0]) or "no-fault" for c in CASES]
)
def test_suite_fails_exactly_what_the_firewall_breaks(
    lab: Lab, tmp_path: Path, rules: list[str], expected: set[str], overall: str
) -> None:
    lab.set_firewall(rules)
    try:
        data = run_suite(lab, "SRV-COMM", tmp_path)
    finally:
        lab.set_firewall([])
    failed = {c["id"] for c in data["checks"] if c["verdict"] == "fail"}
    assert failed == expected
    assert data["overall"] == overall
    inconclusive = {c["requirement"] for c in data["checks"] if c["verdict"] == "inconclusive"}
    assert inconclusive == {"FB-PWD", "DIAG-JP1"}  # silence and unconfirmed jumpers: open points
