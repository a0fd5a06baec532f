"""A run as WS-01 made on another machine proves nothing about WS-01: in the lab the DB host
rejects 41799/udp from WS-01 only. Run in WS-01's own namespace, FB-PWD fails; run ``--as WS-01``
inside SRV-COMM's namespace, none of WS-01's network checks may pass (they are not run here,
with what was observed kept), the report says so first, and the run cannot be accepted."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

from sesam_accept.checks import Method
from sesam_accept.simulator.lab import Lab

pytestmark = pytest.mark.lab

RULE = "reject:SRV-DB:41799/udp:from=WS-01"
FB_PWD = "FB-PWD[WS-01->SRV-DB:41799/udp]"


def _run_as_ws01(lab: Lab, machine: str, reports: Path) -> tuple[int, dict[str, Any], str]:
    argv = [sys.executable, "-m", "sesam_accept", "run", str(lab.site_file), "--as", "WS-01"]
    done = lab.run(machine, [*argv, "--reports", str(reports), "--lang", "en"], timeout=300)
    (results,) = reports.glob("*.json")
    (html,) = reports.glob("*.html")
    doc = json.loads(results.read_text(encoding="utf-8"))
    return done.returncode, doc, html.read_text(encoding="utf-8")


def test_a_run_on_the_wrong_machine_passes_nothing_of_ws01(lab: Lab, tmp_path: Path) -> None:
    lab.set_firewall([RULE])
    try:
        code, right, _ = _run_as_ws01(lab, "WS-01", tmp_path / "right")
        wrong_code, wrong, html = _run_as_ws01(lab, "SRV-COMM", tmp_path / "wrong")
    finally:
        lab.set_firewall([])
    by_id = {c["id"]: c for c in right["checks"]}
    assert by_id[FB_PWD]["verdict"] == "fail", by_id[FB_PWD]["message"]  # the rule works
    assert code == 1 and right["run"]["addresses_local"] is True

    checks = {c["id"]: c for c in wrong["checks"]}
    comm = lab.address("SRV-COMM")
    for check in checks.values():
        if check["source"] != "WS-01":
            continue
        if check["method"] == Method.COMMPARAM:  # a collected copy: not tied to the machine
            assert check["verdict"] == "pass", check["message"]
            continue
        assert check["verdict"] == "not_run", (check["id"], check["message"])
        assert "prove nothing about WS-01" in check["message"]
        assert lab.address("WS-01") in check["message"]
    fb_tcp = checks[f"FB-TCP[WS-01->SRV-DB:{41800}/tcp]"]
    assert fb_tcp["facts"]["observed"]["verdict"] == "pass"  # seen from SRV-COMM: information
    assert fb_tcp["evidence"][0]["source"] == comm
    assert comm in fb_tcp["message"]
    assert wrong["run"]["addresses_local"] is False
    assert wrong["run"]["machine_addresses"] == [comm]
    assert wrong["overall"] == "open_points"
    assert "not_this_machine" in {p["kind"] for p in wrong["summary"]["open_points"]}
    assert wrong_code == 4  # cannot be accepted; nothing failed
    assert html.index('id="not-this-machine"') < html.index('id="overall"')
