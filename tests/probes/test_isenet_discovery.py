"""``sesam-accept init --discover`` for real: simulated ISENets answer the broadcast search.

Two throw-away network namespaces joined by a veth pair: the "SesComm host" (10.99.7.1/24 and
loopback) runs the real command; the "field" holds simulated boards on 10.99.7.40-42. No
broadcast can leave them. The boards' own records show that the search sent only the 4-byte
F6 and F4 queries, and only to broadcast addresses.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from sesam_accept.probes.isenet_wire import SERIAL_SOURCE

pytestmark = pytest.mark.lab

HOST_CIDR = "10.99.7.1/24"
#: The simulated boards: two plain ones, and two that share one address (a conflict).
BOARDS = [
    {"name": "N1", "address": "10.99.7.40", "mac": "00:20:4A:00:07:40", "serial": 40,
     "firmware": "6.5.0.7"},
    {"name": "N2", "address": "10.99.7.41", "mac": None, "serial": 65001, "firmware": "6.4.1.2"},
    {"name": "N3", "address": "10.99.7.42", "mac": "00:20:4A:00:07:42", "serial": 42},
    {"name": "N4", "address": "10.99.7.42", "mac": "00:20:4A:00:07:43", "serial": 43},
]  # fmt: skip

FIELD = r"""
import json, sys
from sesam_accept.simulator.isenet_device import ISENetResponder, SimulatedDevice

devs = [SimulatedDevice(**b) for b in json.loads(sys.argv[1])]
with ISENetResponder(devs, broadcasts=["10.99.7.255", "255.255.255.255"]) as responder:
    print("ready", flush=True)
    sys.stdin.read()  # until the test closes stdin
    frames = [[f.on, f.data.hex()] for f in responder.state.frames]
print(json.dumps(frames), flush=True)
"""


def _ip(*args: str) -> None:
    subprocess.run(["ip", *args], check=True, capture_output=True, timeout=10)


@pytest.fixture
def site_host() -> Iterator[tuple[str, str]]:
    """A "SesComm host" namespace and a "field" namespace joined by a veth pair."""
    if sys.platform != "linux" or os.geteuid() != 0 or not shutil.which("ip"):
        pytest.skip("needs Linux, root and iproute2 to create network namespaces")
    host, field = f"sa-init-{os.getpid()}-h", f"sa-init-{os.getpid()}-f"
    try:
        for ns in (host, field):
            _ip("netns", "add", ns)
            _ip("-n", ns, "link", "set", "lo", "up")
        _ip("-n", host, "link", "add", "h0", "type", "veth", "peer", "name", "f0", "netns", field)
        _ip("-n", host, "addr", "add", HOST_CIDR, "brd", "+", "dev", "h0")
        for address in sorted({str(b["address"]) for b in BOARDS}):
            _ip("-n", field, "addr", "add", f"{address}/24", "brd", "+", "dev", "f0")
        _ip("-n", host, "link", "set", "h0", "up")
        _ip("-n", field, "link", "set", "f0", "up")
        yield host, field
    finally:
        for ns in (host, field):
            subprocess.run(["ip", "netns", "del", ns], capture_output=True, timeout=10)


def _init(host: str, target: Path) -> subprocess.CompletedProcess[str]:
    argv = [sys.executable, "-m", "sesam_accept", "init", str(target), "--discover"]
    return subprocess.run(
        ["ip", "netns", "exec", host, *argv, "--timeout", "1"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.fixture
def field_boards(site_host: tuple[str, str]) -> Iterator[subprocess.Popen[str]]:
    """The simulated boards answering in the field namespace (their frames on stdout at the end)."""
    proc = subprocess.Popen(
        ["ip", "netns", "exec", site_host[1], sys.executable, "-c", FIELD, json.dumps(BOARDS)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
        yield proc
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)


def test_discover_writes_the_boards_as_they_report_themselves(
    site_host: tuple[str, str], field_boards: subprocess.Popen[str], tmp_path: Path
) -> None:
    target = tmp_path / "werk" / "site.yaml"
    done = _init(site_host[0], target)
    frames = json.loads(field_boards.communicate("", timeout=10)[0])
    assert done.returncode == 0, done.stderr
    text = target.read_text(encoding="utf-8")
    site = yaml.safe_load(text)
    # exactly what the simulated boards report, read by the checks' own parsers
    assert site["isenets"] == [
        {"name": "ISE-10-99-7-40", "address": "10.99.7.40", "mac": "00:20:4A:00:07:40",
         "serial": "40", "firmware": "6.5.0.7"},
        {"name": "ISE-10-99-7-41", "address": "10.99.7.41", "serial": "65001",
         "firmware": "6.4.1.2"},
    ]  # fmt: skip
    # two boards on one address: neither is taken, both are shown, commented
    assert "10.99.7.42 answered 2 times with different MACs" in text
    assert '# - {name: ISE-10-99-7-42, address: 10.99.7.42, mac: "00:20:4A:00:07:43"' in text
    assert SERIAL_SOURCE["en"] in " ".join(line.strip(" #") for line in text.splitlines())
    assert site["hosts"][1]["addresses"] == [HOST_CIDR]  # the machine it ran on
    # what it did and found, said; each board answered each of 2 broadcasts in 3 rounds
    assert "from 10.99.7.1 (h0) to 10.99.7.255, 255.255.255.255" in done.stdout
    assert "asked 3 times, listened 1 s" in done.stdout
    assert "10.99.7.40: X5K MAC 00:20:4A:00:07:40 serial 40 firmware 6.5.0.7 (6 identical" in (
        done.stdout
    )
    # what is left to fill in is all validate objects to: the version and two hosts' addresses
    check = subprocess.run([sys.executable, "-m", "sesam_accept", "validate", str(target)],
                           capture_output=True, text=True, timeout=60, check=False)  # fmt: skip
    assert check.returncode == 2
    problems = check.stderr.splitlines()
    assert len(problems) == 3 and all("'FILL-IN' is not" in p for p in problems), problems
    # only F6 and F4, 4 bytes each, and only to broadcast addresses: never a unicast frame
    assert {data for _on, data in frames} == {"000000f6", "000000f4"}
    assert {on for on, _data in frames} == {"broadcast"}
    assert len(frames) == 2 * 2 * 3  # 2 queries x 2 broadcast addresses x 3 rounds


def test_discover_with_no_board_says_so_and_writes_an_empty_list(
    site_host: tuple[str, str], tmp_path: Path
) -> None:
    target = tmp_path / "site.yaml"
    done = _init(site_host[0], target)
    assert done.returncode == 0, done.stderr
    assert "0 ISENet(s) found" in done.stdout
    text = target.read_text(encoding="utf-8")
    assert yaml.safe_load(text)["isenets"] == []
    assert "  # - {name: ISE-Tor1," in text  # the example's entries, commented
    assert (tmp_path / "site.schema.json").is_file()
