"""Windows' "connection reset" with no address, while several ISENets are waiting.

On Windows an unconnected UDP socket raises ``ConnectionResetError`` (WSAECONNRESET 10054) on the
next ``recvfrom`` after an ICMP port unreachable came back for *any* earlier send, and says not
for which destination. Linux cannot produce it (an unconnected socket without IP_RECVERR hears
no ICMP error at all), so the recorded exception is raised at the one seam where a receive's
error enters the client (:meth:`ISENetClient._receive`), right after a send to an address where
nothing listens — everything else is real: sockets on 127.0.2.x and the simulated ISENets.
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Iterator

import pytest

from sesam_accept.probes.isenet import (
    ALONE_NOTE,
    UNATTRIBUTED_NOTE,
    ISENetClient,
    blame_unaddressed,
    unaddressed_error,
)
from sesam_accept.probes.isenet_results import Target
from sesam_accept.probes.sockets import IP_RECVERR, SOL_IP
from sesam_accept.results import Outcome, ProbeResult
from sesam_accept.simulator.isenet_device import ISENetResponder, SimulatedDevice
from sesam_accept.site import QUERY_F4, QUERY_F6

PC = "127.0.2.1"
ANSWERING = ["127.0.2.20", "127.0.2.21"]
CLOSED = "127.0.2.22"  # nothing listens on 41797: Windows answers the send with a later 10054
MUTE = "127.0.2.23"  # a board that hears and never answers

#: As a German Windows 10 raises it (errno and winerror both 10054).
RECORDED_RESET = (10054, "Eine vorhandene Verbindung wurde vom Remotehost geschlossen")


class WindowsLikeClient(ISENetClient):
    """The real client whose socket behaves as on Windows: no IP_RECVERR, and the receive after
    a send to ``CLOSED`` raises the recorded 10054."""

    reset_pending = False

    def open(self) -> None:
        super().open()
        assert self._sock is not None
        if self.recverr:  # Windows has no IP_RECVERR: switch it off again
            self._sock.setsockopt(SOL_IP, IP_RECVERR, 0)
        self.recverr = False

    async def _send(self, frame: bytes, address: str) -> object:
        failure = await super()._send(frame, address)
        self.reset_pending = self.reset_pending or address == CLOSED
        return failure

    def _receive(self, sock: socket.socket) -> tuple[bytes, tuple[str, int]]:
        if self.reset_pending:
            self.reset_pending = False
            raise ConnectionResetError(*RECORDED_RESET)
        return super()._receive(sock)


@pytest.fixture
def boards() -> Iterator[ISENetResponder]:
    devs = [
        SimulatedDevice("ISE-A", ANSWERING[0], mac="00:20:4A:00:02:20", serial=20),
        SimulatedDevice("ISE-B", ANSWERING[1], mac="00:20:4A:00:02:21", serial=21),
        SimulatedDevice("ISE-MUTE", MUTE, answer=False),
    ]
    with ISENetResponder(devs, broadcasts=[]) as responder:
        yield responder


def _query_all(addresses: list[str]) -> dict[str, ProbeResult]:
    async def go() -> dict[str, ProbeResult]:
        async with WindowsLikeClient(PC) as client:
            return await client.query_all(addresses, timeout=0.3, retries=1)

    return asyncio.run(go())


def test_the_reset_is_kept_and_blamed_only_on_the_address_asked_alone(
    boards: ISENetResponder,
) -> None:
    results = _query_all([*ANSWERING, CLOSED, MUTE])
    assert all(results[a].outcome is Outcome.OPEN for a in ANSWERING)
    closed, mute = results[CLOSED], results[MUTE]
    assert closed.outcome is Outcome.REFUSED  # before: a timeout, the reset lost
    assert closed.evidence.error_class == "refused"
    assert "WSAECONNRESET (10054)" in (closed.text("en") or "")
    assert f"{CLOSED} was the only address still waiting" in (closed.text("en") or "")
    assert UNATTRIBUTED_NOTE in closed.said_notes and ALONE_NOTE in closed.said_notes
    assert mute.outcome is Outcome.TIMEOUT  # never blamed for the other's reset
    assert UNATTRIBUTED_NOTE in mute.said_notes and ALONE_NOTE in mute.said_notes


def test_a_single_address_gets_the_reset_at_once(boards: ISENetResponder) -> None:
    result = _query_all([CLOSED])[CLOSED]
    assert result.outcome is Outcome.REFUSED
    assert UNATTRIBUTED_NOTE not in result.said_notes


def _targets(*addresses: str) -> dict[str, Target]:
    return {a: Target(a, [QUERY_F6, QUERY_F4]) for a in addresses}


def test_blame_unaddressed_with_several_waiting_blames_none() -> None:
    targets = _targets("10.0.0.5", "10.0.0.6")
    error = unaddressed_error(ConnectionResetError(*RECORDED_RESET))
    assert (error.address, error.outcome) == (None, Outcome.REFUSED)
    waiting = blame_unaddressed(error, targets)
    assert {t.address for t in waiting} == {"10.0.0.5", "10.0.0.6"}
    assert not any(t.finished for t in targets.values())
    blame_unaddressed(error, targets)  # a second reset: counted, noted once
    assert all(t.unattributed_resets == 2 for t in targets.values())
    assert all(t.notes == [UNATTRIBUTED_NOTE] for t in targets.values())


def test_blame_unaddressed_with_one_waiting_blames_it() -> None:
    targets = _targets("10.0.0.5", "10.0.0.6")
    targets["10.0.0.6"].add_reply(bytes(30), 41797, 0.0, 41797)  # garbage: finished
    error = unaddressed_error(ConnectionResetError(*RECORDED_RESET))
    assert blame_unaddressed(error, targets) == []
    assert targets["10.0.0.5"].errors[0].address == "10.0.0.5"
