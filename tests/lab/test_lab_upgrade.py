"""Upgrade readiness in the lab: a 2.1-2 site whose SesComm host does not listen on 41801 yet.

SRV-COMM's nftables drop 41801/tcp from WS-01 only; from WS-02 the path is open (the host answers
with a reset, nothing listens). A run with ``--upgrade-to 2.1-3`` finds WS-01's path blocked (fail)
and WS-02's ready (pass), while today's Microsoft RPC checks stay as a normal run has them.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sesam_accept.loader import load_site
from sesam_accept.simulator.demo import demo_site_file
from sesam_accept.simulator.lab import Lab
from sesam_accept.site import Site
from sesam_accept.version import SoftwareVersion

pytestmark = pytest.mark.lab

RPC_PORT = 41801


@pytest.fixture(scope="module")
def old_lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    """The demo site as software 2.1-2 (Microsoft RPC: nothing listens on 41801) in namespaces,
    with 41801/tcp from WS-01 dropped by SRV-COMM's own nftables."""
    demo = load_site(demo_site_file())
    old: Site = dataclasses.replace(demo, software_version=SoftwareVersion(2, 1, 2))
    with Lab(old, tmp_path_factory.mktemp("lab-upgrade"), prefix="sa-u-") as running:
        _drop_from(running, "WS-01", "SRV-COMM", RPC_PORT, tmp_path_factory.mktemp("nft"))
        yield running


def _drop_from(lab: Lab, source: str, target: str, port: int, folder: Path) -> None:
    """A firewall rule on ``target`` scoped to one remote address, as a Windows firewall has."""
    rules = folder / "upgrade.nft"
    rules.write_text(
        "table ip sa_upgrade {\n  chain input {\n"
        "    type filter hook input priority 0; policy accept;\n"
        f"    ip saddr {lab.address(source)} tcp dport {port} drop\n  }}\n}}\n",
        encoding="utf-8",
    )
    done = lab.run(target, ["nft", "-f", str(rules)])
    assert done.returncode == 0, done.stderr


def _run(lab: Lab, host: str, reports: Path, *args: str) -> tuple[dict[str, Any], str, str]:
    """``sesam_accept run`` as ``host`` in its namespace: the JSON, the HTML and the output."""
    argv = [sys.executable, "-m", "sesam_accept", "run", str(lab.site_file), "--as", host]
    done = lab.run(host, [*argv, "--reports", str(reports), *args], timeout=300)
    assert done.returncode in (1, 3), done.stdout[-3000:] + done.stderr[-2000:]
    (results,) = reports.glob("*.json")
    (html,) = reports.glob("*.html")
    doc = json.loads(results.read_text(encoding="utf-8"))
    return doc, html.read_text(encoding="utf-8"), done.stdout


def _by_id(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {c["id"]: c for c in doc["checks"]}


def test_dropped_path_is_blocked_and_reset_path_is_ready(old_lab: Lab, tmp_path: Path) -> None:
    blocked, html_de, out = _run(
        old_lab, "WS-01", tmp_path / "ws01", "--upgrade-to", "2.1-3", "--lang", "de"
    )
    ready, html_en, _ = _run(
        old_lab, "WS-02", tmp_path / "ws02", "--upgrade-to", "2.1-3", "--lang", "en"
    )
    mine = _by_id(blocked)[f"RPC-TCP[WS-01->SRV-COMM:{RPC_PORT}/tcp]"]
    assert (mine["verdict"], mine["upgrade_to"]) == ("fail", "2.1-3")
    assert mine["facts"]["readiness"] == "blocked"
    assert mine["next_step"].startswith(f"TCP {RPC_PORT} eingehend auf SRV-COMM")
    other = _by_id(ready)[f"RPC-TCP[WS-02->SRV-COMM:{RPC_PORT}/tcp]"]
    assert (other["verdict"], other["facts"]["readiness"]) == ("pass", "ready")
    assert "cannot rule out" in other["message"]
    assert other["evidence"][0]["error_class"] == "refused"
    assert "Upgrade-Bereitschaft auf 2.1-3" in html_de and "Upgrade readiness to 2.1-3" in html_en
    assert "upgrade readiness to 2.1-3" in out
    failed = {c["id"] for c in blocked["checks"] if c["verdict"] == "fail"}
    assert failed == {mine["id"]}  # today's checks do not fail; only the readiness path


def test_todays_ms_rpc_checks_are_unchanged(old_lab: Lab, tmp_path: Path) -> None:
    normal, _, _ = _run(old_lab, "WS-01", tmp_path / "normal", "--lang", "en")
    upgrade, _, _ = _run(old_lab, "WS-01", tmp_path / "upgrade", "--upgrade-to", "2.1-3")
    today = {i: c["verdict"] for i, c in _by_id(upgrade).items() if not c["upgrade_to"]}
    assert today == {i: c["verdict"] for i, c in _by_id(normal).items()}
    assert today["RPC-MS[WS-01->SRV-COMM:135/tcp]"] == "pass"
    assert today["DIAG-COMM[WS-01->SRV-COMM:135/tcp]"] == "pass"
    assert not [c for c in normal["checks"] if c["requirement"] == "RPC-TCP"]
