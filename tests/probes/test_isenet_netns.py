"""ISENet search with the limited broadcast, inside a throw-away network namespace.

255.255.255.255 is only ever sent inside a namespace this test creates (it holds nothing but
``lo``), so no broadcast can leave the machine: there the search reaches the simulated devices
through both broadcast addresses, and a wildcard-bound client (no default route) gets ENETUNREACH.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator

import pytest

pytestmark = pytest.mark.lab

SCRIPT = r"""
import asyncio, json
from sesam_accept.probes.isenet import ISENetClient
from sesam_accept.simulator.isenet_device import ISENetResponder, SimulatedDevice

devs = [SimulatedDevice("N1", "127.0.2.40", mac="00:20:4A:00:02:40", serial=40),
        SimulatedDevice("N2", "127.0.2.41", mac="00:20:4A:00:02:41", serial=41)]
targets = ["127.255.255.255", "255.255.255.255"]

async def main():
    out = {}
    async with ISENetClient("127.0.2.1") as client:
        res = await client.search(window=0.4)
        out["targets"] = list(res.broadcasts)
        out["devices"] = sorted({(d.address, d.count) for d in res.devices})
        out["duplicates"] = len(res.duplicates)
        out["outcomes"] = {a: r.outcome.value for a, r in res.broadcasts.items()}
    async with ISENetClient("0.0.0.0", port=0) as client:
        res = await client.search(window=0.1, broadcast_targets=["255.255.255.255"])
        r = res.broadcasts["255.255.255.255"]
        out["wildcard"] = [r.outcome.value, r.evidence.error_class, r.text("en")]
    return out

with ISENetResponder(devs, broadcasts=targets) as responder:
    out = asyncio.run(main())
    out["frames"] = sorted(f.on for f in responder.state.frames)
print(json.dumps(out))
"""


def _ip(*args: str) -> None:
    subprocess.run(["ip", *args], check=True, capture_output=True, timeout=10)


@pytest.fixture
def netns() -> Iterator[str]:
    if sys.platform != "linux" or os.geteuid() != 0 or not shutil.which("ip"):
        pytest.skip("needs Linux, root and iproute2 to create a network namespace")
    name = f"sa-a2-{uuid.uuid4().hex[:8]}"
    _ip("netns", "add", name)
    try:
        _ip("-n", name, "link", "set", "lo", "up")
        yield name
    finally:
        _ip("netns", "del", name)


def test_limited_and_loopback_broadcast_search_in_a_namespace(netns: str) -> None:
    done = subprocess.run(
        ["ip", "netns", "exec", netns, sys.executable, "-c", SCRIPT],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["targets"] == ["127.255.255.255", "255.255.255.255"]
    # every device answered each of the two broadcasts with identical content: no duplicate
    assert out["devices"] == [["127.0.2.40", 2], ["127.0.2.41", 2]]
    assert out["duplicates"] == 0
    assert out["outcomes"] == {"127.255.255.255": "open", "255.255.255.255": "open"}
    assert out["frames"] == ["broadcast", "broadcast"]
    outcome, error_class, detail = out["wildcard"]
    assert (outcome, error_class) == ("unreachable", "network unreachable")
    assert "send failed" in detail


REJECT_SCRIPT = r"""
import asyncio, json, sys
from sesam_accept.probes import isenet
from sesam_accept.simulator.isenet_device import ISENetResponder, SimulatedDevice

if sys.argv[1] == "no-drain":  # show what the send path's draining prevents
    isenet._PENDING_ICMP = ()
addresses = [f"127.0.9.{n}" for n in range(1, 121)]
rejected = set(addresses[::3])
devs = [SimulatedDevice(f"D{n}", a, serial=n) for n, a in enumerate(addresses) if a not in rejected]

async def main():
    async with ISENetClient("127.0.9.200") as client:
        return await client.query_all(addresses, timeout=0.5, retries=1)

ISENetClient = isenet.ISENetClient
with ISENetResponder(devs, broadcasts=[]):
    results = asyncio.run(main())
print(json.dumps({a: r.outcome.value for a, r in results.items()}))
"""


def _reject_run(netns: str, mode: str) -> dict[str, str]:
    targets = ", ".join(f"127.0.9.{n}" for n in range(1, 121, 3))
    rules = (
        "table inet t {\n chain in {\n  type filter hook input priority 0;\n"
        f"  ip daddr {{ {targets} }} udp dport 41797 reject with icmpx type admin-prohibited\n"
        " }\n}\n"
    )
    subprocess.run(
        ["ip", "netns", "exec", netns, "nft", "-f", "-"],
        input=rules,
        text=True,
        check=True,
        timeout=10,
    )
    subprocess.run(
        ["ip", "netns", "exec", netns, "sysctl", "-qw", "net.ipv4.icmp_ratelimit=0"],
        check=True,
        timeout=10,
    )
    done = subprocess.run(
        ["ip", "netns", "exec", netns, sys.executable, "-c", REJECT_SCRIPT, mode],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return dict(json.loads(done.stdout))


def test_icmp_errors_of_rejecting_devices_never_land_on_answering_ones(netns: str) -> None:
    if not shutil.which("nft"):
        pytest.skip("needs nftables")
    outcomes = _reject_run(netns, "drain")
    rejected = {f"127.0.9.{n}" for n in range(1, 121, 3)}
    assert {a for a, o in outcomes.items() if o == "prohibited"} == rejected
    assert {a for a, o in outcomes.items() if o == "open"} == set(outcomes) - rejected
