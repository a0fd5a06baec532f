"""An address taken off loopback in a private network namespace does not answer the product's
ping probe (on the machine's loopback the kernel answers for every 127.x address)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from sesam_accept.simulator.private_net import isolation_unavailable

#: Run in a child process: isolate() moves the calling process into the new namespace.
CHILD = """
import asyncio, sys
from sesam_accept.probes.icmp import ping
from sesam_accept.simulator.private_net import isolate

why = isolate(["127.0.31.2"])
if why:
    sys.exit("unavailable: " + why)
for address in ("127.0.31.1", "127.0.31.2"):
    result = asyncio.run(ping(address, count=1, timeout=1.0))
    facts = result.evidence.facts
    print(address, result.outcome.name, facts.get("received"), result.text("en"))
"""


def _run_child() -> list[list[str]]:
    done = subprocess.run(
        [sys.executable, "-c", CHILD], capture_output=True, text=True, timeout=60, check=False
    )
    if done.returncode != 0 and done.stderr.startswith("unavailable: "):
        pytest.skip(done.stderr.strip())
    assert done.returncode == 0, done.stderr
    return [line.split(" ", 3) for line in done.stdout.splitlines()]


@pytest.mark.skipif(bool(isolation_unavailable()), reason=str(isolation_unavailable()))
def test_the_absent_address_does_not_answer_ping_and_the_others_do() -> None:
    (present, absent) = _run_child()
    assert present[:3] == ["127.0.31.1", "OPEN", "1"]
    assert absent[0] == "127.0.31.2" and absent[1] != "OPEN" and absent[2] == "0"
    assert "unreachable" in absent[3].lower()  # the evidence says why
    outside = subprocess.run(["ip", "rule"], capture_output=True, text=True, check=True)
    assert "127.0.31.2" not in outside.stdout  # the machine's own rules are untouched
