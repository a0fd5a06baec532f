"""TCP connect probe: connect, then close; nothing is ever sent.

:func:`open_tcp` is the shared first step of every TCP-based probe (Firebird, the RPC endpoint
mapper): it binds the requested source address, connects under a timeout and, on failure,
classifies the error — on Linux from the ICMP type/code on the socket's error queue (see
``sockets``), elsewhere from the error number.
"""

from __future__ import annotations

import asyncio
import socket
from dataclasses import dataclass, field
from typing import Any

from ..results import Evidence, Outcome, ProbeResult
from .sockets import (
    ERRNO_ONLY_NOTE,
    Stopwatch,
    classify_errno,
    classify_icmp,
    enable_recverr,
    errno_text,
    local_name,
    new_socket,
    os_error_code,
    os_error_text,
    read_error_queue,
)


@dataclass
class TcpAttempt:
    """A TCP connection attempt: the open socket, or the failure as a finished result."""

    address: str
    port: int
    method: str
    watch: Stopwatch
    sock: socket.socket | None = None
    failure: ProbeResult | None = None
    source: str | None = None
    source_port: int | None = None
    notes: list[str] = field(default_factory=list)

    def evidence(self, **values: Any) -> Evidence:
        """Evidence of this attempt, completed with ``values`` (outcome-specific fields)."""
        return Evidence(
            method=self.method,
            protocol="tcp",
            target=self.address,
            port=self.port,
            source=self.source,
            source_port=self.source_port,
            started=self.watch.wall,
            elapsed_ms=self.watch.ms(),
            notes=tuple(self.notes),
            **values,
        )

    def result(self, outcome: Outcome, **values: Any) -> ProbeResult:
        """A finished :class:`ProbeResult` for this attempt."""
        return ProbeResult(outcome, self.evidence(**values))

    def too_short(
        self, ended: str, timeout: float, after: str, verdict: str, **values: Any
    ) -> ProbeResult:
        """WRONG_ANSWER for a peer that accepted, then said too little after our request.

        ``ended`` is how reading stopped ("timeout", "eof", "reset"), ``after`` names the request
        ("op_connect"), ``verdict`` what this proves ("not Firebird").
        """
        how = {
            "timeout": f"sent nothing within {timeout:g} s",
            "eof": "closed the connection",
            "reset": "reset the connection",
        }.get(ended, "answered too little")
        target = f"{self.address}:{self.port}/tcp"
        return self.result(
            Outcome.WRONG_ANSWER,
            error_class="wrong answer",
            detail=f"{target} accepted but {how} after {after}: {verdict}.",
            **values,
        )

    def close(self) -> None:
        """Close the socket if it is open (idempotent)."""
        if self.sock is not None:
            self.sock.close()
            self.sock = None


async def open_tcp(
    address: str, port: int, *, timeout: float, source: str | None, method: str
) -> TcpAttempt:
    """Connect to ``address:port`` from ``source``; the attempt holds the socket or the failure."""
    attempt = TcpAttempt(address, port, method, Stopwatch())
    sock = new_socket(address, socket.SOCK_STREAM)
    if source is not None and not _bind(attempt, sock, source):
        return attempt
    recverr = enable_recverr(sock)
    try:
        await asyncio.wait_for(
            asyncio.get_running_loop().sock_connect(sock, (address, port)), timeout
        )
    except (asyncio.TimeoutError, OSError) as exc:
        settled = settled_late(sock) if isinstance(exc, asyncio.TimeoutError) else exc
        if settled is not None:
            attempt.source, attempt.source_port = local_name(sock)
            attempt.failure = _connect_failure(attempt, sock, settled, recverr, timeout)
            sock.close()
            return attempt
    attempt.source, attempt.source_port = local_name(sock)
    attempt.sock = sock
    return attempt


def settled_late(sock: socket.socket) -> BaseException | None:
    """After a connect timeout: ``None`` when the handshake did complete (a busy event loop
    saw it late), the connect's own error when it failed meanwhile, else the timeout."""
    try:
        code = sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
    except OSError as exc:
        return exc
    if code:
        return OSError(code, errno_text(code))
    try:
        sock.getpeername()
    except OSError:
        return asyncio.TimeoutError()  # still in progress: really no answer yet
    return None


def _bind(attempt: TcpAttempt, sock: socket.socket, source: str) -> bool:
    """Bind ``sock`` to ``source``; on failure record an ERROR result and close the socket."""
    try:
        sock.bind((source, 0))
    except OSError as exc:
        sock.close()
        attempt.source = source
        attempt.failure = attempt.result(
            Outcome.ERROR,
            error_class="bind failed",
            detail=f"Could not bind the source address {source}: {os_error_text(exc)}.",
        )
        return False
    return True


def _connect_failure(
    attempt: TcpAttempt, sock: socket.socket, exc: BaseException, recverr: bool, timeout: float
) -> ProbeResult:
    """Classify a failed connect (timeout, RST, ICMP error, local permission)."""
    target = f"{attempt.address}:{attempt.port}/tcp"
    if isinstance(exc, asyncio.TimeoutError):
        return attempt.result(
            Outcome.TIMEOUT,
            error_class="timeout",
            detail=f"No answer from {target} within {timeout:g} s (dropped or host down).",
        )
    assert isinstance(exc, OSError)
    icmp = read_error_queue(sock) if recverr else None
    if icmp is not None:
        outcome, error_class = classify_icmp(icmp)
        facts = {
            "icmp_type": icmp.icmp_type,
            "icmp_code": icmp.icmp_code,
            "icmp_from": icmp.offender,
        }
        detail = f"Connect to {target} failed: {icmp.describe()}."
        return attempt.result(outcome, error_class=error_class, detail=detail, facts=facts)
    outcome, error_class = classify_errno(os_error_code(exc))
    if not recverr and outcome is Outcome.UNREACHABLE:
        attempt.notes.append(ERRNO_ONLY_NOTE)
    return attempt.result(
        outcome,
        error_class=error_class,
        detail=_errno_detail(target, exc),
        facts={"errno": os_error_code(exc)},
    )


def _errno_detail(target: str, exc: OSError) -> str:
    """One sentence for an errno-classified failure."""
    code = os_error_code(exc)
    if classify_errno(code)[0] is Outcome.REFUSED:
        return f"{target} refused the connection (TCP reset: nothing listens, or a firewall)."
    return f"Connect to {target} failed: {os_error_text(exc)}."


async def tcp_connect(
    address: str, port: int, *, timeout: float, source: str | None = None
) -> ProbeResult:
    """Connect to ``address:port`` and close at once (nothing sent): OPEN on accept."""
    attempt = await open_tcp(address, port, timeout=timeout, source=source, method="tcp-connect")
    if attempt.failure is not None:
        return attempt.failure
    attempt.close()
    return attempt.result(
        Outcome.OPEN,
        detail=f"{address}:{port}/tcp accepted the connection (closed again, nothing sent).",
    )
