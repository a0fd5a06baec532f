"""UDP probe: a connected socket, a datagram, a reply or an ICMP error — or honest silence.

Outcomes (protocols.md, "four honest outcomes"): a reply datagram is OPEN (or WRONG_ANSWER when an
``expect`` validator rejects it); ICMP port unreachable is REFUSED (Linux raises
``ConnectionRefusedError``, Windows ``ConnectionResetError``/WinError 10054); other ICMP errors are
PROHIBITED or UNREACHABLE (ICMP type/code from the Linux error queue, the errno elsewhere); silence
after every attempt is TIMEOUT — open or filtered, undecidable, never a pass.

Linux rate-limits ICMP errors (about one per second per destination), so attempts back off: attempt
``i`` (0-based) waits ``timeout * backoff**i`` for an answer before sending again.
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..results import Evidence, Outcome, ProbeResult, hex_bytes
from .sockets import (
    ERRNO_ONLY_NOTE,
    Stopwatch,
    classify_errno,
    classify_icmp,
    enable_recverr,
    local_name,
    new_socket,
    os_error_code,
    os_error_text,
    read_error_queue,
)

#: The largest datagram a probe reads.
MAX_DATAGRAM = 65535


@dataclass
class UdpExchange:
    """The state of one UDP probe while it runs (shared by the UDP and TFTP probes)."""

    address: str
    port: int
    payload: bytes
    method: str = "udp"
    watch: Stopwatch = field(default_factory=Stopwatch)
    source: str | None = None
    source_port: int | None = None
    attempts: int = 0
    notes: list[str] = field(default_factory=list)

    def result(self, outcome: Outcome, **values: Any) -> ProbeResult:
        """A finished result with this exchange's evidence."""
        evidence = Evidence(
            method=self.method,
            protocol="udp",
            target=self.address,
            port=self.port,
            source=self.source,
            source_port=self.source_port,
            started=self.watch.wall,
            elapsed_ms=self.watch.ms(),
            attempts=self.attempts,
            sent_hex=hex_bytes(self.payload),
            notes=tuple(self.notes),
            **values,
        )
        return ProbeResult(outcome, evidence)

    def icmp_failure(self, sock: socket.socket, exc: OSError, recverr: bool) -> ProbeResult:
        """Classify an ICMP error reported on the socket."""
        target = f"{self.address}:{self.port}/udp"
        icmp = read_error_queue(sock) if recverr else None
        if icmp is not None:
            outcome, error_class = classify_icmp(icmp)
            facts = {
                "icmp_type": icmp.icmp_type,
                "icmp_code": icmp.icmp_code,
                "icmp_from": icmp.offender,
            }
            return self.result(
                outcome,
                error_class=error_class,
                facts=facts,
                detail=f"{target}: {icmp.describe()}.",
            )
        outcome, error_class = classify_errno(os_error_code(exc))
        if outcome is Outcome.REFUSED:
            detail = f"{target}: ICMP port unreachable (nothing listens on the port)."
        else:
            detail = f"{target}: {os_error_text(exc)}."
            if not recverr:
                self.notes.append(ERRNO_ONLY_NOTE)
        return self.result(
            outcome, error_class=error_class, detail=detail, facts={"errno": os_error_code(exc)}
        )


async def udp_probe(
    address: str,
    port: int,
    *,
    payload: bytes = b"",
    timeout: float,
    retries: int,
    source: str | None = None,
    source_port: int = 0,
    backoff: float = 1.5,
    expect: Callable[[bytes], bool] | None = None,
) -> ProbeResult:
    """Send ``payload`` to ``address:port``/udp up to ``1 + retries`` times; classify the answer."""
    ex = UdpExchange(address, port, payload)
    sock = new_socket(address, socket.SOCK_DGRAM)
    try:
        setup = _connect(ex, sock, source, source_port)
        if setup is not None:
            return setup
        recverr = enable_recverr(sock)
        return await _attempts(ex, sock, timeout, retries, backoff, expect, recverr)
    finally:
        sock.close()


def _connect(
    ex: UdpExchange, sock: socket.socket, source: str | None, source_port: int
) -> ProbeResult | None:
    """Bind (if asked) and connect the socket; an ERROR result if binding fails."""
    try:
        if source is not None or source_port:
            sock.bind((source or "", source_port))
        sock.connect((ex.address, ex.port))
    except OSError as exc:
        ex.source, ex.source_port = source, source_port or None
        where = f"{source or '*'}:{source_port or 'any'}"
        detail = f"Could not bind/connect the source {where}: {os_error_text(exc)}."
        return ex.result(Outcome.ERROR, error_class="bind failed", detail=detail)
    ex.source, ex.source_port = local_name(sock)
    return None


def _queued_reply(sock: socket.socket) -> bytes | None:
    """A datagram already waiting on the (non-blocking) socket, else ``None``; an ICMP error
    waiting there is raised as the OSError it is."""
    try:
        return sock.recv(MAX_DATAGRAM)
    except (BlockingIOError, InterruptedError):
        return None


async def _attempts(
    ex: UdpExchange,
    sock: socket.socket,
    timeout: float,
    retries: int,
    backoff: float,
    expect: Callable[[bytes], bool] | None,
    recverr: bool,
) -> ProbeResult:
    """The send/wait loop; returns at the first reply or ICMP error."""
    loop = asyncio.get_running_loop()
    waited = 0.0
    for attempt in range(max(0, retries) + 1):
        ex.attempts = attempt + 1
        wait = timeout * backoff**attempt
        try:
            await asyncio.wait_for(loop.sock_sendall(sock, ex.payload), timeout)
            reply = await asyncio.wait_for(loop.sock_recv(sock, MAX_DATAGRAM), wait)
        except asyncio.TimeoutError:
            try:
                late = _queued_reply(sock)  # a busy loop may reach a reply after the timeout
            except OSError as exc:
                return ex.icmp_failure(sock, exc, recverr)
            if late is None:
                waited += wait
                continue
            reply = late
        except OSError as exc:
            return ex.icmp_failure(sock, exc, recverr)
        return _reply(ex, reply, expect)
    return ex.result(
        Outcome.TIMEOUT,
        error_class="timeout",
        detail=(
            f"No reply from {ex.address}:{ex.port}/udp after {ex.attempts} attempts "
            f"({waited:g} s): open or filtered, undecidable."
        ),
    )


def _reply(ex: UdpExchange, reply: bytes, expect: Callable[[bytes], bool] | None) -> ProbeResult:
    """OPEN for a reply (WRONG_ANSWER if the validator rejects it)."""
    target = f"{ex.address}:{ex.port}/udp"
    facts = {"reply_bytes": len(reply)}
    if expect is not None and not expect(reply):
        return ex.result(
            Outcome.WRONG_ANSWER,
            answer_hex=hex_bytes(reply),
            facts=facts,
            error_class="wrong answer",
            detail=f"{target} replied {len(reply)} bytes, not the answer expected.",
        )
    return ex.result(
        Outcome.OPEN,
        answer_hex=hex_bytes(reply),
        facts=facts,
        detail=f"{target} replied with {len(reply)} bytes.",
    )
