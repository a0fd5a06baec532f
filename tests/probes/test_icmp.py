"""ICMP echo: icmplib as root, the system-ping fallback without privileges, silence, rejects."""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
import sys

import pytest

from sesam_accept.probes.icmp import VIA_RAW, VIA_SYSTEM, parse_ping_output, ping
from sesam_accept.results import Outcome

from .peers import Lab

TARGET = "127.0.1.1"
_CHILD = """
import asyncio, json, sys
from sesam_accept.probes.icmp import ping
result = asyncio.run(ping(sys.argv[1], timeout=1))
print(json.dumps({"outcome": result.outcome.value, **result.evidence_in("en").to_json()}))
"""


def run_without_privileges(*setpriv_options: str) -> dict[str, object]:
    """Run one ping in a child that has no capabilities (root without root's powers).

    ``setpriv --reuid=nobody`` would be the obvious way, but this machine's interpreter lives
    under /root (mode 0700), out of nobody's reach; SECBIT_NOROOT gives the same effect on
    icmplib (no raw socket; ping_group_range excludes every group) while the system ``ping``
    keeps its own file capability.
    """
    if shutil.which("setpriv") is None or sys.platform != "linux":
        pytest.skip("needs util-linux setpriv on Linux")
    command = [
        "setpriv",
        "--securebits=+noroot,+noroot_locked",
        "--inh-caps=-all",
        *setpriv_options,
        sys.executable,
        "-c",
        _CHILD,
        TARGET,
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=30, check=True)
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def test_ping_loopback_as_root_uses_icmplib() -> None:
    result = asyncio.run(ping(TARGET, count=2, timeout=1, source="127.0.1.2"))
    assert result.outcome is Outcome.OPEN
    facts = result.evidence.facts
    assert facts["via"] == VIA_RAW
    # The first reply is the evidence: the second request is not sent.
    assert (facts["sent"], facts["received"], facts["loss"]) == (1, 1, 0.0)
    assert 0 <= facts["rtt_min_ms"] <= facts["rtt_avg_ms"] <= facts["rtt_max_ms"] < 1000
    assert result.evidence.source == "127.0.1.2"


def test_without_privileges_falls_back_to_system_ping() -> None:
    evidence = run_without_privileges()
    assert evidence["outcome"] == "open"
    assert evidence["facts"]["via"] == VIA_SYSTEM  # type: ignore[index]
    assert "system ping" in str(evidence["detail"])
    notes = " ".join(evidence["notes"])  # type: ignore[arg-type]
    assert "icmplib-privileged: no permission" in notes
    assert "icmplib-unprivileged: no permission" in notes


def test_when_nothing_can_run_the_outcome_is_error_not_fail() -> None:
    # Without CAP_NET_RAW in the bounding set, the system ping cannot get its capability either.
    evidence = run_without_privileges("--bounding-set=-net_raw")
    assert evidence["outcome"] == "error"
    assert evidence["error_class"] == "cannot run"
    assert "cannot run here" in str(evidence["detail"])


def test_dropped_echo_is_timeout(lab: Lab) -> None:
    result = asyncio.run(ping(lab.quiet, count=2, timeout=0.5, source=lab.host))
    assert result.outcome is Outcome.TIMEOUT
    assert result.evidence.facts["received"] == 0


def test_peer_in_namespace_answers(lab: Lab) -> None:
    result = asyncio.run(ping(lab.peer, count=1, timeout=1))
    assert result.outcome is Outcome.OPEN


def test_admin_prohibited_echo_is_prohibited(lab: Lab) -> None:
    result = asyncio.run(ping(lab.fenced, count=1, timeout=1))
    assert result.outcome is Outcome.PROHIBITED
    assert result.evidence.facts["icmp_code"] == 13


LINUX_OUTPUT = """PING 10.0.0.1 (10.0.0.1) 56(84) bytes of data.
64 bytes from 10.0.0.1: icmp_seq=1 ttl=64 time=0.045 ms
64 bytes from 10.0.0.1: icmp_seq=2 ttl=64 time=0.051 ms

--- 10.0.0.1 ping statistics ---
2 packets transmitted, 2 received, 0% packet loss, time 1001ms
rtt min/avg/max/mdev = 0.045/0.048/0.051/0.003 ms
"""
WINDOWS_GERMAN = """Ping wird ausgeführt für 10.0.0.1 mit 32 Bytes Daten:
Antwort von 10.0.0.1: Bytes=32 Zeit<1ms TTL=128
Antwort von 10.0.0.1: Bytes=32 Zeit=3ms TTL=128
"""
LINUX_FILTERED = """From 10.0.0.254 icmp_seq=1 Packet filtered
--- 10.0.0.1 ping statistics ---
1 packets transmitted, 0 received, +1 errors, 100% packet loss, time 0ms
"""
WINDOWS_UNREACHABLE = """Reply from 10.0.0.5: Destination host unreachable.
"""


def test_parse_system_ping_outputs() -> None:
    assert parse_ping_output(LINUX_OUTPUT, 2).rtts == [0.045, 0.051]
    assert parse_ping_output(WINDOWS_GERMAN, 2).rtts == [1.0, 3.0]
    filtered = parse_ping_output(LINUX_FILTERED, 1)
    assert filtered.rtts == []
    assert filtered.error is not None
    assert filtered.error.icmp_code == 13
    unreachable = parse_ping_output(WINDOWS_UNREACHABLE, 1)
    assert unreachable.rtts == []
    assert unreachable.error is not None
    assert unreachable.error.icmp_code == 1
