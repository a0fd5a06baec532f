"""The lab tests can fail: drop and reject are told apart in the evidence, and a suite whose probe
counted silence as an answer (a mutant) is caught by the same assertion the lab tests make."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

from sesam_accept.simulator.lab import Lab

pytestmark = pytest.mark.lab

# A pytest plugin loaded into the suite run: the Firebird probe reports silence as "open".
MUTANT = """
import dataclasses

from sesam_accept import engine
from sesam_accept.results import Outcome

_real = engine.firebird.firebird_probe


async def _silence_is_open(*args, **kwargs):
    result = await _real(*args, **kwargs)
    if result.outcome is Outcome.TIMEOUT:
        return dataclasses.replace(result, outcome=Outcome.OPEN)
    return result


engine.firebird.firebird_probe = _silence_is_open
"""


def _run(lab: Lab, reports: Path, *pytest_args: str, env: tuple[str, ...] = ()) -> dict[str, Any]:
    argv = [
        *(("env", *env) if env else ()),
        sys.executable,
        "-m",
        "sesam_accept",
        "run",
        str(lab.site_file),
        "--as",
        "SRV-COMM",
        "--reports",
        str(reports),
        "--lang",
        "en",
        "--",
        *pytest_args,
    ]
    done = lab.run("SRV-COMM", argv, timeout=300)
    assert done.returncode in (0, 1, 3), done.stdout[-2000:] + done.stderr[-2000:]
    (results,) = reports.glob("*.json")
    return dict(json.loads(results.read_text(encoding="utf-8")))


def _failed(data: dict[str, Any]) -> set[str]:
    return {c["id"] for c in data["checks"] if c["verdict"] == "fail"}


def _error_class(data: dict[str, Any], check_id: str) -> str:
    check = next(c for c in data["checks"] if c["id"] == check_id)
    return str(check["evidence"][0]["error_class"])


def test_drop_and_reject_are_told_apart(lab: Lab, tmp_path: Path) -> None:
    lab.set_firewall(
        ["drop:SRV-DB:41800/tcp", "reject:ISE-Server:41796/tcp", "reject:ISE-Tor2:41797/udp"]
    )
    try:
        data = _run(lab, tmp_path)
    finally:
        lab.set_firewall([])
    assert _error_class(data, "FB-TCP[SRV-COMM->SRV-DB:41800/tcp]") == "timeout"
    assert _error_class(data, "ISE-DATA[SRV-COMM->ISE-Server:41796/tcp]") == "refused"
    assert "prohibited" in _error_class(data, "ISE-CMD[SRV-COMM->ISE-Tor2:41797/udp]")


def test_a_suite_that_counts_silence_as_open_is_caught(lab: Lab, tmp_path: Path) -> None:
    (tmp_path / "mutant_silence.py").write_text(MUTANT, encoding="utf-8")
    expected = {"FB-TCP[SRV-COMM->SRV-DB:41800/tcp]"}  # what the lab test asserts for this drop
    lab.set_firewall(["drop:SRV-DB:41800/tcp"])
    try:
        honest = _run(lab, tmp_path / "honest")
        mutant = _run(
            lab, tmp_path / "mutant", "-p", "mutant_silence", env=(f"PYTHONPATH={tmp_path}",)
        )
    finally:
        lab.set_firewall([])
    assert _failed(honest) == expected
    assert _failed(mutant) != expected  # the lab's assertion would fail on the mutant
    fb = next(c for c in mutant["checks"] if c["id"] in expected)
    assert fb["verdict"] == "pass"  # the mutant really did count the dropped port as open
