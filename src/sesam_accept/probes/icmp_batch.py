"""Ping many addresses through one ICMP socket.

A raw ICMP socket receives a copy of every ICMP packet that reaches the machine, so N concurrent
pings with one socket each parse N x N packets (at N = 1000 that was most of a run's CPU time).
One socket for the whole batch parses each packet once: requests carry one identifier and a
sequence number per address and attempt, and every reply or ICMP error is matched back by its
sequence number. When no ICMP socket may be opened, each address falls back to
:func:`icmp.ping` (the system ``ping`` command), a bounded number at a time.
"""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import Sequence

import icmplib

from ..results import ProbeResult
from ..texts import Said
from . import icmp
from .sockets import IcmpError, Stopwatch, enlarge_receive_buffer

#: Sends between two yields to the event loop (keeps the socket buffer from overflowing).
SEND_BURST = 64
LATE_READ_S = 0.05  # how long queued replies are still read once the deadline has passed
ECHO_REPLY, ERROR_TYPES = 0, (3, 11)


class _Stopped(Stopwatch):
    """A stopwatch stopped when the address's answer came (or the batch ended)."""

    def __init__(self) -> None:
        super().__init__()
        self.stopped: float | None = None

    def stop(self) -> None:
        """Freeze the elapsed time (first call wins)."""
        if self.stopped is None:
            self.stopped = super().ms()

    def ms(self) -> float:
        """Elapsed milliseconds, frozen once stopped."""
        return self.stopped if self.stopped is not None else super().ms()


class _Batch:
    """One socket asking every address; replies matched by sequence number."""

    def __init__(
        self, sock: icmplib.AsyncSocket, via: str, addresses: Sequence[str], privileged: bool
    ) -> None:
        self.sock, self.privileged = sock, privileged
        self.ident = icmplib.utils.unique_identifier()
        self.addresses = list(dict.fromkeys(addresses))
        self.echoes = {a: icmp.Echoes(via) for a in self.addresses}
        self.watches = {a: _Stopped() for a in self.addresses}
        self.by_seq: dict[int, tuple[str, float]] = {}
        self.next_seq = 0

    def done(self, address: str) -> bool:
        echoes = self.echoes[address]
        return bool(echoes.rtts) or echoes.error is not None

    async def run(self, count: int, timeout: float) -> None:
        for _attempt in range(count):
            waiting = [a for a in self.addresses if not self.done(a)]
            if not waiting:
                break
            await self._send_all(waiting)
            await self._collect(time.monotonic() + timeout)
        for watch in self.watches.values():
            watch.stop()

    async def _send_all(self, addresses: list[str]) -> None:
        for n, address in enumerate(addresses, 1):
            seq = self.next_seq
            self.next_seq = (self.next_seq + 1) % 65536
            request = icmplib.ICMPRequest(destination=address, id=self.ident, sequence=seq)
            try:
                self.sock.send(request)
            except icmplib.ICMPLibError as exc:
                self.echoes[address].error_text = str(exc)
                continue
            self.echoes[address].sent += 1
            self.by_seq[seq] = (address, request.time)
            if n % SEND_BURST == 0:
                await asyncio.sleep(0)

    async def _collect(self, until: float) -> None:
        late_until: float | None = None
        while not all(self.done(a) for a in self.addresses):
            now = time.monotonic()
            if now >= until and late_until is None:
                # A busy loop may reach replies late: what is queued on the socket is still
                # read, for a short bounded time, before an address counts as unanswered.
                late_until = now + LATE_READ_S
            end = until if late_until is None else late_until
            if now >= end:
                return
            try:
                reply = await self.sock.receive(None, end - now)
            except icmplib.TimeoutExceeded:
                return
            except icmplib.ICMPLibError:
                await asyncio.sleep(0.001)  # a socket error: keep listening until the deadline
                continue
            self._take(reply)

    def _take(self, reply: icmplib.ICMPReply) -> None:
        if reply.type != ECHO_REPLY and reply.type not in ERROR_TYPES:
            return  # e.g. our own echo requests seen on loopback by a raw socket
        if self.privileged and reply.id != self.ident:
            return  # another program's ping (datagram sockets only see their own)
        found = self.by_seq.get(reply.sequence)
        if found is None:
            return
        address, sent_at = found
        echoes = self.echoes[address]
        if reply.type == ECHO_REPLY:
            echoes.rtts.append((reply.time - sent_at) * 1000)
        elif echoes.error is None:
            echoes.error = IcmpError(0, 2, reply.type, reply.code, reply.source)
        self.watches[address].stop()


async def ping_many(
    addresses: Sequence[str],
    *,
    count: int = 2,
    timeout: float,
    source: str | None = None,
    fallback_concurrency: int = 32,
) -> dict[str, ProbeResult]:
    """Ping every address (up to ``count`` requests each, stopping at the first reply)."""
    tried: list[Said] = []
    for privileged, via in ((True, icmp.VIA_RAW), (False, icmp.VIA_DGRAM)):
        if not privileged and sys.platform == "win32":
            continue
        try:
            plain = icmplib.ICMPv4Socket(source, privileged)
            if plain.sock is not None:  # a thousand echo replies arrive at once
                enlarge_receive_buffer(plain.sock)
            sock = icmplib.AsyncSocket(plain)
        except icmplib.SocketPermissionError as exc:
            tried.append(icmp.no_permission(via, exc))
            continue
        except icmplib.SocketAddressError as exc:
            watch = Stopwatch()
            return {a: icmp.bind_failed(a, source, watch, str(exc)) for a in addresses}
        with sock:
            batch = _Batch(sock, via, addresses, privileged)
            await batch.run(count, timeout)
        return {
            a: icmp.result_of(a, source, batch.watches[a], _noted(batch.echoes[a], tried))
            for a in batch.addresses
        }
    return await _one_by_one(addresses, count, timeout, source, fallback_concurrency)


def _noted(echoes: icmp.Echoes, tried: list[Said]) -> icmp.Echoes:
    echoes.notes[:0] = tried
    return echoes


async def _one_by_one(
    addresses: Sequence[str], count: int, timeout: float, source: str | None, limit: int
) -> dict[str, ProbeResult]:
    """No ICMP socket allowed: the per-address probe (system ping), ``limit`` at a time."""
    gate = asyncio.Semaphore(limit)

    async def one(address: str) -> ProbeResult:
        async with gate:
            return await icmp.ping(address, count=count, timeout=timeout, source=source)

    unique = list(dict.fromkeys(addresses))
    results = await asyncio.gather(*(one(a) for a in unique))
    return dict(zip(unique, results, strict=True))
