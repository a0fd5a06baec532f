"""Many pings through one ICMP socket: each address gets its own, correct outcome."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time
from typing import Any

import icmplib
import pytest

from sesam_accept.probes.icmp import VIA_RAW, VIA_SYSTEM
from sesam_accept.probes.icmp_batch import ping_many
from sesam_accept.results import Outcome

from .peers import Lab


def test_mixed_outcomes_in_one_batch(lab: Lab) -> None:
    loopback = [f"127.0.1.{n}" for n in range(10, 60)]
    targets = [*loopback, lab.peer, lab.quiet, lab.fenced]
    results = asyncio.run(ping_many(targets, count=2, timeout=0.5))
    assert set(results) == set(targets)
    for address in [*loopback, lab.peer]:
        assert results[address].outcome is Outcome.OPEN, results[address].text("en")
        assert results[address].evidence.facts["via"] == VIA_RAW
        assert results[address].evidence.facts["sent"] == 1  # answered: no second request
    quiet = results[lab.quiet]
    assert quiet.outcome is Outcome.TIMEOUT
    assert quiet.evidence.facts["sent"] == 2  # silence is asked again, then reported
    fenced = results[lab.fenced]
    assert fenced.outcome is Outcome.PROHIBITED
    assert fenced.evidence.facts["icmp_code"] == 13


def test_each_address_keeps_its_own_timing() -> None:
    results = asyncio.run(ping_many(["127.0.1.1", "127.0.1.2"], count=1, timeout=1))
    for result in results.values():
        assert result.outcome is Outcome.OPEN
        assert result.evidence.elapsed_ms < 1000  # stopped at its reply, not at the batch's end


_CHILD = """
import asyncio, json
from sesam_accept.probes.icmp_batch import ping_many
results = asyncio.run(ping_many(["127.0.1.1", "127.0.1.3"], count=1, timeout=1))
print(json.dumps({a: r.evidence.facts["via"] for a, r in results.items()}))
"""


def test_without_icmp_sockets_each_address_uses_the_system_ping() -> None:
    command = [
        "setpriv",
        "--securebits=+noroot,+noroot_locked",
        "--inh-caps=-all",
        sys.executable,
        "-c",
        _CHILD,
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=True)
    assert json.loads(done.stdout) == {"127.0.1.1": VIA_SYSTEM, "127.0.1.3": VIA_SYSTEM}


def test_replies_a_busy_loop_reaches_late_still_count(monkeypatch: pytest.MonkeyPatch) -> None:
    """The loop stalls (as with a thousand other probes) right after the first reply, past the
    deadline: the replies queued on the socket meanwhile are read, not reported as silence."""
    original = icmplib.AsyncSocket.receive
    stalled: list[bool] = []

    async def receive_then_stall(self: icmplib.AsyncSocket, *args: Any, **kwargs: Any) -> Any:
        reply = await original(self, *args, **kwargs)
        if not stalled:
            stalled.append(True)
            time.sleep(0.4)  # blocks the event loop beyond the 0.2 s timeout
        return reply

    monkeypatch.setattr(icmplib.AsyncSocket, "receive", receive_then_stall)
    targets = [f"127.0.1.{n}" for n in range(70, 80)]
    results = asyncio.run(ping_many(targets, count=1, timeout=0.2))
    assert stalled
    assert {a: r.outcome for a, r in results.items()} == dict.fromkeys(targets, Outcome.OPEN)


def test_hundreds_of_echo_replies_while_the_loop_is_busy_are_all_heard() -> None:
    """800 replies arrive while the loop is busy elsewhere (as beside a thousand TCP probes):
    more than a default receive buffer holds. None may be lost and called silence."""
    targets = [f"127.0.{20 + n // 200}.{1 + n % 200}" for n in range(800)]

    async def busy_and_ping() -> dict[str, Any]:
        async def busy_engine() -> None:
            await asyncio.sleep(0.05)  # the pings are out; the replies are arriving
            time.sleep(0.5)

        stall = asyncio.create_task(busy_engine())
        results = await ping_many(targets, count=1, timeout=1.0)
        await stall
        return results

    results = asyncio.run(busy_and_ping())
    lost = [a for a, r in results.items() if r.outcome is not Outcome.OPEN]
    assert lost == []
