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
from dataclasses import dataclass

from ..results import Outcome, ProbeResult, hex_bytes
from ..texts import say
from .sockets import enable_recverr, local_name, new_socket
from .trial import Trial, bind_failed, socket_failure

#: The largest datagram a probe reads.
MAX_DATAGRAM = 65535


@dataclass
class UdpExchange(Trial):
    """The state of one UDP probe while it runs (shared by the UDP and TFTP probes)."""

    method: str = "udp"
    protocol: str = "udp"
    attempts: int = 0

    def icmp_failure(self, sock: socket.socket, exc: OSError, recverr: bool) -> ProbeResult:
        """Classify an ICMP error reported on the socket."""
        return socket_failure(self, sock, exc, recverr)


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
    ex = UdpExchange(address, port, payload=payload)
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
        where = f"{source or '*'}:{source_port or '*'}"
        return ex.result(Outcome.ERROR, bind_failed(where, exc), error_class="bind failed")
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
    said = say("p.udp.timeout", target=ex.where, attempts=ex.attempts, waited=waited)
    return ex.result(Outcome.TIMEOUT, said, error_class="timeout")


def _reply(ex: UdpExchange, reply: bytes, expect: Callable[[bytes], bool] | None) -> ProbeResult:
    """OPEN for a reply (WRONG_ANSWER if the validator rejects it)."""
    proper = expect is None or expect(reply)
    said = say("p.udp.reply" if proper else "p.udp.unexpected", target=ex.where, n=len(reply))
    return ex.answered(proper, said, answer_hex=hex_bytes(reply), facts={"reply_bytes": len(reply)})
