"""TCP connect probe: connect, then close; nothing is ever sent.

:func:`open_tcp` is the shared first step of every TCP-based probe (Firebird, the RPC endpoint
mapper): it binds the requested source address, connects under a timeout and, on failure,
classifies the error — on Linux from the ICMP type/code on the socket's error queue (see
``sockets``), elsewhere from the error number.
"""

from __future__ import annotations

import asyncio
import socket
from dataclasses import dataclass

from ..results import Outcome, ProbeResult, hex_bytes
from ..texts import say
from .sockets import enable_recverr, errno_text, local_name, new_socket
from .trial import Trial, bind_failed, socket_failure


@dataclass
class TcpAttempt(Trial):
    """A TCP connection attempt: the open socket, or the failure as a finished result."""

    protocol: str = "tcp"
    sock: socket.socket | None = None
    failure: ProbeResult | None = None

    def too_short(
        self, data: bytes, ended: str, timeout: float, *, after: str, verdict: str, flag: str
    ) -> ProbeResult:
        """WRONG_ANSWER for a peer that accepted, then said too little (``data``) after our request.

        ``ended`` is how reading stopped ("timeout", "eof", "reset"), ``after`` the text key
        naming the request ("p.req.op_connect"), ``verdict`` the text key of what this proves
        ("p.not_firebird"), ``flag`` the fact that says whether the protocol answered
        ("firebird"): false here.
        """
        how = say(f"p.short.{ended}" if ended in _ENDINGS else "p.short.other", timeout=timeout)
        said = say(
            "p.tcp.short", target=self.where, how=how, after=say(after), verdict=say(verdict)
        )
        facts = {flag: False, "answer_bytes": len(data)}
        return self.answered(False, said, facts=facts, answer_hex=hex_bytes(data))

    def close(self) -> None:
        """Close the socket if it is open (idempotent)."""
        if self.sock is not None:
            self.sock.close()
            self.sock = None


#: How reading an answer can stop early (``sockets.read_at_least``), each with its text.
_ENDINGS = ("timeout", "eof", "reset")


async def open_tcp(
    address: str, port: int, *, timeout: float, source: str | None, method: str
) -> TcpAttempt:
    """Connect to ``address:port`` from ``source``; the attempt holds the socket or the failure."""
    attempt = TcpAttempt(address, port, method)
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
            Outcome.ERROR, bind_failed(source, exc), error_class="bind failed"
        )
        return False
    return True


def _connect_failure(
    attempt: TcpAttempt, sock: socket.socket, exc: BaseException, recverr: bool, timeout: float
) -> ProbeResult:
    """Classify a failed connect (timeout, RST, ICMP error, local permission)."""
    if isinstance(exc, asyncio.TimeoutError):
        said = say("p.tcp.timeout", target=attempt.where, timeout=timeout)
        return attempt.result(Outcome.TIMEOUT, said, error_class="timeout")
    assert isinstance(exc, OSError)
    return socket_failure(attempt, sock, exc, recverr)


async def tcp_connect(
    address: str, port: int, *, timeout: float, source: str | None = None
) -> ProbeResult:
    """Connect to ``address:port`` and close at once (nothing sent): OPEN on accept."""
    attempt = await open_tcp(address, port, timeout=timeout, source=source, method="tcp-connect")
    if attempt.failure is not None:
        return attempt.failure
    attempt.close()
    return attempt.result(Outcome.OPEN, say("p.tcp.open", target=attempt.where))
