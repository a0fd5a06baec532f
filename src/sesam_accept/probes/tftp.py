"""TFTP probe (69/udp, RFC 1350): a read request for a file that does not exist.

A TFTP server answers a read request (RRQ, opcode 1) for a missing file with ``ERROR`` (opcode 5);
if the file unexpectedly exists it sends the first ``DATA`` block (opcode 3). Either proves a TFTP
server (OPEN); nothing more is sent (no ``ACK``), so no transfer takes place.

Socket choice: the server answers from a *new* port (its transfer ID), so the probe uses one
*unconnected* socket and accepts a datagram from the target address on any port. Refusal is still
visible: on Linux the socket has ``IP_RECVERR``, with which an unconnected UDP socket reports ICMP
errors too (``recvfrom`` raises, the error queue gives the ICMP type/code); Windows reports ICMP
port unreachable on unconnected sockets anyway (WinError 10054). So one socket gives both the
answer from the new port and the refusal — no separate connected socket is needed.
"""

from __future__ import annotations

import asyncio
import secrets
import socket
import struct
from dataclasses import dataclass

from ..results import Outcome, ProbeResult, hex_bytes
from ..texts import say
from .sockets import AnswerTooShort, enable_recverr, local_name, new_socket
from .trial import bind_failed
from .udp import UdpExchange

OP_RRQ, OP_DATA, OP_ACK, OP_ERROR, OP_OACK = 1, 3, 4, 5, 6
OP_NAMES = {1: "RRQ", 2: "WRQ", 3: "DATA", 4: "ACK", 5: "ERROR", 6: "OACK"}
#: How often a Python without ``sock_recvfrom`` (3.10) polls the socket.
_POLL = 0.01


@dataclass(frozen=True)
class TftpAnswer:
    """A decoded TFTP packet."""

    opcode: int
    op_name: str
    is_tftp: bool  # ERROR or DATA: a TFTP server answered a read request
    error_code: int | None = None
    error_message: str | None = None
    block: int | None = None
    data_length: int | None = None


def probe_file_name() -> str:
    """A random name no server holds: ``sesam-accept-probe-<16 hex digits>``."""
    return f"sesam-accept-probe-{secrets.token_hex(8)}"


def build_rrq(filename: str) -> bytes:
    """A read request for ``filename`` in octet mode."""
    return struct.pack(">H", OP_RRQ) + filename.encode("ascii") + b"\0octet\0"


def parse_answer(data: bytes) -> TftpAnswer:
    """Decode a TFTP packet; :class:`AnswerTooShort` below 4 bytes, never another exception."""
    if len(data) < 4:
        raise AnswerTooShort("TFTP", len(data), 4)
    opcode, number = struct.unpack_from(">HH", data)
    name = OP_NAMES.get(opcode, f"unknown({opcode})")
    if opcode == OP_ERROR:
        message = data[4:].split(b"\0", 1)[0].decode("utf-8", "replace")
        return TftpAnswer(opcode, name, True, error_code=number, error_message=message)
    if opcode == OP_DATA:
        return TftpAnswer(opcode, name, True, block=number, data_length=len(data) - 4)
    return TftpAnswer(opcode, name, False)


async def tftp_probe(
    address: str, port: int = 69, *, timeout: float, retries: int, source: str | None = None
) -> ProbeResult:
    """Send an RRQ for a missing file up to ``1 + retries`` times: OPEN on ERROR or DATA."""
    ex = UdpExchange(address, port, "tftp-rrq", payload=build_rrq(probe_file_name()))
    sock = new_socket(address, socket.SOCK_DGRAM)
    try:
        sock.bind((source or "", 0))
    except OSError as exc:
        sock.close()
        ex.source = source
        return ex.result(Outcome.ERROR, bind_failed(source, exc), error_class="bind failed")
    try:
        recverr = enable_recverr(sock)
        ex.source, ex.source_port = local_name(sock)
        return await _attempts(ex, sock, timeout, retries, recverr)
    finally:
        sock.close()


async def _attempts(
    ex: UdpExchange, sock: socket.socket, timeout: float, retries: int, recverr: bool
) -> ProbeResult:
    """Send the request and wait for an answer from the target, ``1 + retries`` times."""
    loop = asyncio.get_running_loop()
    for attempt in range(max(0, retries) + 1):
        ex.attempts = attempt + 1
        try:
            await asyncio.wait_for(
                loop.sock_sendto(sock, ex.payload, (ex.address, ex.port))
                if hasattr(loop, "sock_sendto")
                else _sendto(sock, ex),
                timeout,
            )
            data, peer = await asyncio.wait_for(_from_target(sock, ex.address), timeout)
        except asyncio.TimeoutError:
            continue
        except OSError as exc:
            return ex.icmp_failure(sock, exc, recverr)
        return _judge(ex, data, peer)
    said = say("p.tftp.timeout", target=ex.where, attempts=ex.attempts)
    return ex.result(Outcome.TIMEOUT, said, error_class="timeout")


async def _sendto(sock: socket.socket, ex: UdpExchange) -> None:
    """``sendto`` for Pythons without ``loop.sock_sendto`` (a datagram send does not block)."""
    sock.sendto(ex.payload, (ex.address, ex.port))


async def _from_target(sock: socket.socket, address: str) -> tuple[bytes, tuple[str, int]]:
    """The next datagram from ``address`` (any port); others are ignored."""
    while True:
        data, peer = await _recvfrom(sock)
        if peer[0] == address:
            return data, peer


async def _recvfrom(sock: socket.socket) -> tuple[bytes, tuple[str, int]]:
    """``recvfrom`` through the loop (3.11+) or by polling (3.10, no ``sock_recvfrom``)."""
    loop = asyncio.get_running_loop()
    if hasattr(loop, "sock_recvfrom"):
        data, peer = await loop.sock_recvfrom(sock, 65535)
        return data, (str(peer[0]), int(peer[1]))
    while True:
        try:
            data, peer = sock.recvfrom(65535)
        except BlockingIOError:
            await asyncio.sleep(_POLL)
            continue
        return data, (str(peer[0]), int(peer[1]))


def _judge(ex: UdpExchange, data: bytes, peer: tuple[str, int]) -> ProbeResult:
    """OPEN for ERROR or DATA, WRONG_ANSWER for anything else."""
    common = {"answer_hex": hex_bytes(data)}
    try:
        answer = parse_answer(data)
    except AnswerTooShort:
        said = say("p.tftp.short", target=ex.where, n=len(data))
        return ex.answered(False, said, facts={"tftp": False, "reply_port": peer[1]}, **common)
    facts = {
        "tftp": answer.is_tftp,
        "opcode": answer.opcode,
        "op_name": answer.op_name,
        "error_code": answer.error_code,
        "error_message": answer.error_message,
        "block": answer.block,
        "reply_port": peer[1],
    }
    if not answer.is_tftp:
        said = say("p.tftp.other", target=ex.where, op=answer.op_name)
    elif answer.opcode == OP_ERROR:
        said = say(
            "p.tftp.error",
            target=ex.where,
            code=str(answer.error_code),
            message=answer.error_message or "",
            port=peer[1],
        )
    else:
        said = say("p.tftp.data", target=ex.where, block=str(answer.block), port=peer[1])
    return ex.answered(answer.is_tftp, said, facts=facts, **common)
