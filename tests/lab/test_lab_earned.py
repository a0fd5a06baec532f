"""Issue 13 in the lab: a pass only where the network path the document names is proven.

A listener bound only to loopback on the DB host is seen by its local check but cannot be
reached from a workstation; a TFTP server on 69/udp with nothing on 69/tcp is a working firmware
update path, while a dropped or administratively rejected 69/tcp still fails.
"""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from sesam_accept.checks import Method, ProbeKind
from sesam_accept.judge import Judge, Observations
from sesam_accept.loader import load_site
from sesam_accept.plan import plan_for
from sesam_accept.report.jsondoc import _evidence_from_json
from sesam_accept.results import Outcome, ProbeResult, Verdict
from sesam_accept.simulator.lab import Lab
from sesam_accept.site import Site

pytestmark = pytest.mark.lab
Probe = Callable[..., Any]
#: A port nothing in the lab uses: the listener of these tests is the only one there.
PORT = 41850
LISTEN = (
    "import socket, sys; s = socket.socket(); "
    "s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); "
    "s.bind((sys.argv[1], int(sys.argv[2]))); s.listen(); print('ready', flush=True); "
    "sys.stdin.read()"
)


def as_probe(data: dict[str, Any]) -> ProbeResult:
    return ProbeResult(Outcome(data["outcome"]), _evidence_from_json(data["evidence"]))


@pytest.fixture
def lab_site(lab: Lab) -> Site:
    return load_site(lab.site_file)


@pytest.fixture
def listening(lab: Lab) -> Iterator[Callable[[str, str], None]]:
    """``listening(HOST, BIND_ADDRESS)``: a listener of another process on PORT in HOST."""
    started: list[subprocess.Popen[str]] = []

    def start(host: str, address: str) -> None:
        argv = ["ip", "netns", "exec", lab.namespace(host), sys.executable, "-c", LISTEN]
        proc = subprocess.Popen(
            [*argv, address, str(PORT)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        started.append(proc)
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"

    yield start
    for proc in started:
        proc.communicate(timeout=10)  # closing stdin ends it


def listener_verdict(site: Site, probe_result: ProbeResult) -> tuple[Verdict, str]:
    db = dataclasses.replace(site, ports=dataclasses.replace(site.ports, firebird=PORT))
    check = next(c for c in plan_for(db, "SRV-DB").checks if c.method == Method.LISTENER_TCP)
    obs = Observations(probes={("listener", PORT, "tcp"): probe_result})
    result = Judge(db, db.host("SRV-DB"), "en", obs, True).judge(check)
    return result.verdict, result.message


def test_a_loopback_only_listener_is_not_a_path_from_another_host(
    lab: Lab, lab_site: Site, probe: Probe, listening: Callable[[str, str], None]
) -> None:
    listening("SRV-DB", "127.0.0.1")
    seen = probe("SRV-DB", "full", "listener", str(PORT))
    assert seen["evidence"]["facts"]["addresses"] == ["127.0.0.1"]  # the address really bound
    # From the workstation, the listener is not there: the path does not exist.
    assert probe("WS-01", "tcp", lab.address("SRV-DB"), str(PORT))["outcome"] == "refused"
    verdict, message = listener_verdict(lab_site, as_probe(seen))
    assert verdict is Verdict.FAIL
    assert "bound only to loopback (127.0.0.1)" in message


def test_a_listener_on_every_address_passes(
    lab: Lab, lab_site: Site, probe: Probe, listening: Callable[[str, str], None]
) -> None:
    listening("SRV-DB", "0.0.0.0")
    seen = probe("SRV-DB", "full", "listener", str(PORT))
    assert probe("WS-01", "tcp", lab.address("SRV-DB"), str(PORT))["outcome"] == "open"
    assert listener_verdict(lab_site, as_probe(seen))[0] is Verdict.PASS


# -- TFTP --------------------------------------------------------------------------------------


@pytest.fixture
def tftpd(lab: Lab, tmp_path: Path) -> Iterator[str]:
    """A real tftpd-hpa on ISE-Tor1's 69/udp (nothing on 69/tcp); its address."""
    binary = shutil.which("in.tftpd") or "/usr/sbin/in.tftpd"
    if not Path(binary).exists():
        pytest.skip("in.tftpd missing (install Debian's tftpd-hpa)")
    address = lab.address("ISE-Tor1")
    tmp_path.chmod(0o755)
    argv = [binary, "-L", "-a", f"{address}:69", "-s", str(tmp_path)]
    proc = subprocess.Popen(["ip", "netns", "exec", lab.namespace("ISE-Tor1"), *argv])
    try:
        yield address
    finally:
        proc.terminate()
        proc.wait(5)


def tftp_verdicts(lab: Lab, site: Site, probe: Probe, address: str) -> dict[str, Any]:
    """Both ISE-TFTP checks of ISE-Tor1, probed from SRV-COMM's namespace."""
    udp = as_probe(probe("SRV-COMM", "full", ProbeKind.TFTP, address, "69"))
    tcp = as_probe(probe("SRV-COMM", "full", "tcp", address, "69"))
    rare = dataclasses.replace(site, rare=dataclasses.replace(site.rare, tftp=True))
    obs = Observations(probes={(ProbeKind.TFTP, address, 69): udp, ("tcp", address, 69): tcp})
    judge = Judge(rare, rare.host("SRV-COMM"), "en", obs, True)
    checks = [c for c in plan_for(rare, "SRV-COMM").checks if c.id.startswith("ISE-TFTP[")]
    return {c.protocol: judge.judge(c) for c in checks if c.target == "ISE-Tor1"} | {
        "udp_outcome": udp.outcome,
        "tcp_outcome": tcp.outcome,
    }


def test_tftp_on_udp_with_a_tcp_reset_passes_and_says_why(
    lab: Lab, lab_site: Site, probe: Probe, tftpd: str
) -> None:
    found = tftp_verdicts(lab, lab_site, probe, tftpd)
    assert found["udp_outcome"] is Outcome.OPEN, found["udp"].message
    assert found["tcp_outcome"] is Outcome.REFUSED  # nothing on 69/tcp: the device resets
    assert found["udp"].verdict is Verdict.PASS
    tcp = found["tcp"]
    assert tcp.verdict is Verdict.PASS, tcp.message
    assert "TFTP runs over UDP" in tcp.message and "no evidence of a blocked path" in tcp.message
    assert len(tcp.evidence) == 2  # the reset and the UDP answer


@pytest.mark.parametrize(
    ("rule", "outcome"),
    [
        ("drop:ISE-Tor1:69/tcp", Outcome.TIMEOUT),
        ("reject:ISE-Tor1:69/tcp:admin-prohibited", Outcome.PROHIBITED),
    ],
)
def test_a_dropped_or_prohibited_69_tcp_still_fails(
    lab: Lab, lab_site: Site, probe: Probe, tftpd: str, rule: str, outcome: Outcome
) -> None:
    lab.set_firewall([rule])
    found = tftp_verdicts(lab, lab_site, probe, tftpd)
    assert found["tcp_outcome"] is outcome
    assert found["tcp"].verdict is Verdict.FAIL
    assert found["udp"].verdict is Verdict.PASS
