"""A credential-free "is this Firebird?" probe (protocols.md, Firebird 41800/tcp).

The probe connects, sends one ``op_connect`` offering protocols 10–13 with only a user and a host
name in the user-identification block (no password, no authentication plugin data), reads the
first answer word(s) and closes. Firebird 2.5 answers ``op_accept`` (3); Firebird 3+ with its
default ``WireCrypt = Required`` answers ``op_cont_auth`` (92). Any of 3, 4, 9, 92, 94, 98 as the
first word (after ``op_dummy`` keep-alives, 71) proves a Firebird server; anything else, or a close
without bytes, proves something else holds the port.

Wire format: big-endian 32-bit words (XDR); counted strings are a length word, the bytes, and zero
padding to a multiple of four.
"""

from __future__ import annotations

import asyncio
import socket
import struct
from dataclasses import dataclass

from ..results import ProbeResult, hex_bytes
from ..texts import say
from .sockets import AnswerTooShort, read_at_least
from .tcp import TcpAttempt, open_tcp

OP_CONNECT, OP_ATTACH, CONNECT_VERSION3, ARCH_GENERIC = 1, 19, 3, 1
OP_DUMMY = 71
PROTOCOL_FLAG = 0x8000
#: (version, weight) of the protocols offered; versions >= 11 carry ``PROTOCOL_FLAG``.
OFFERED_PROTOCOLS = ((10, 1), (11, 2), (12, 3), (13, 4))
PTYPE_MIN, PTYPE_MAX = 0, 5  # ptype_rpc .. ptype_lazy_send
CNCT_USER, CNCT_HOST = 1, 4

OP_NAMES = {
    1: "op_connect",
    2: "op_exit",
    3: "op_accept",
    4: "op_reject",
    5: "op_protocol",
    6: "op_disconnect",
    9: "op_response",
    71: "op_dummy",
    92: "op_cont_auth",
    94: "op_accept_data",
    96: "op_crypt",
    98: "op_cond_accept",
}
#: First words that prove a Firebird server answered.
FIREBIRD_OPS = frozenset({3, 4, 9, 92, 94, 98})
#: Answers that carry the accepted protocol version, architecture and type.
ACCEPT_OPS = frozenset({3, 94, 98})


@dataclass(frozen=True)
class FirebirdAnswer:
    """The first meaningful word of a server's answer to ``op_connect``."""

    op: int
    op_name: str
    is_firebird: bool
    protocol_version: int | None = None
    protocol_architecture: int | None = None
    protocol_type: int | None = None
    dummies_skipped: int = 0


def _counted(data: bytes) -> bytes:
    """An XDR counted string: length, bytes, zero padding to four."""
    return struct.pack(">I", len(data)) + data + b"\0" * (-len(data) % 4)


def _user_block(user: str, host: str) -> bytes:
    """The user-identification block: ``<tag><len><data>`` items for user and host only."""
    block = b""
    for tag, text in ((CNCT_USER, user), (CNCT_HOST, host)):
        raw = text.encode("utf-8", "replace")[:255]
        block += bytes((tag, len(raw))) + raw
    return block


def _wire_version(version: int) -> int:
    """The protocol version as sent: flagged versions are a sign-extended 16-bit value."""
    if version < 11:
        return version
    return (0xFFFF0000 | PROTOCOL_FLAG | version) & 0xFFFFFFFF


def build_op_connect(user: str, host: str) -> bytes:
    """The ``op_connect`` packet offering protocols 10–13 with only a user and a host name."""
    head = struct.pack(">4I", OP_CONNECT, OP_ATTACH, CONNECT_VERSION3, ARCH_GENERIC)
    body = _counted(b"") + struct.pack(">I", len(OFFERED_PROTOCOLS))
    body += _counted(_user_block(user, host))
    for version, weight in OFFERED_PROTOCOLS:
        words = (_wire_version(version), ARCH_GENERIC, PTYPE_MIN, PTYPE_MAX, weight)
        body += struct.pack(">5I", *words)
    return head + body


def parse_answer(data: bytes) -> FirebirdAnswer:
    """Decode the first answer word after any ``op_dummy``; :class:`AnswerTooShort` if none."""
    offset, dummies = 0, 0
    while len(data) >= offset + 4 and _word(data, offset) == OP_DUMMY:
        offset, dummies = offset + 4, dummies + 1
    if len(data) < offset + 4:
        raise AnswerTooShort("Firebird", len(data), offset + 4)
    op = _word(data, offset)
    answer = FirebirdAnswer(
        op, OP_NAMES.get(op, f"unknown({op})"), op in FIREBIRD_OPS, dummies_skipped=dummies
    )
    if op in ACCEPT_OPS and len(data) >= offset + 16:
        version, arch, ptype = (_word(data, offset + 4 * i) for i in (1, 2, 3))
        answer = FirebirdAnswer(
            op, answer.op_name, True, _version_number(version), arch, ptype & 0xFF, dummies
        )
    return answer


def _word(data: bytes, offset: int) -> int:
    """The unsigned big-endian 32-bit word at ``offset``."""
    value: int = struct.unpack_from(">I", data, offset)[0]
    return value


def _version_number(word: int) -> int:
    """The protocol number of an accepted version word (flag and sign extension removed)."""
    return word & 0x7FFF if word & PROTOCOL_FLAG else word


def _needed(data: bytes) -> int:
    """How many bytes to read before parsing: past dummies, the accept family's 16 bytes."""
    offset = 0
    while len(data) >= offset + 4 and _word(data, offset) == OP_DUMMY:
        offset += 4
    if len(data) >= offset + 4 and _word(data, offset) in ACCEPT_OPS:
        return offset + 16
    return offset + 4


async def firebird_probe(
    address: str, port: int, *, timeout: float, source: str | None = None
) -> ProbeResult:
    """Ask ``address:port`` whether it is a Firebird server (no credentials, closes at once)."""
    attempt = await open_tcp(
        address, port, timeout=timeout, source=source, method="firebird-op_connect"
    )
    if attempt.failure is not None:
        return attempt.failure
    assert attempt.sock is not None
    packet = attempt.payload = build_op_connect(
        "sesam-accept", socket.gethostname() or "sesam-accept"
    )
    try:
        return await _exchange(attempt, attempt.sock, packet, timeout)
    finally:
        attempt.close()


async def _exchange(
    attempt: TcpAttempt, sock: socket.socket, packet: bytes, timeout: float
) -> ProbeResult:
    """Send ``op_connect``, read enough of the answer and judge it."""
    loop = asyncio.get_running_loop()
    try:
        await asyncio.wait_for(loop.sock_sendall(sock, packet), timeout)
    except (asyncio.TimeoutError, OSError) as exc:
        said = say("p.tcp.send_failed", target=attempt.where, reason=repr(exc))
        return attempt.answered(False, said)
    data, ended = await read_at_least(sock, 4, timeout)
    while ended == "enough" and len(data) < _needed(data):
        more, ended = await read_at_least(sock, _needed(data) - len(data), timeout)
        data += more
    return _judge(attempt, data, ended, timeout)


def _judge(attempt: TcpAttempt, data: bytes, ended: str, timeout: float) -> ProbeResult:
    """OPEN for a Firebird answer, WRONG_ANSWER otherwise."""
    try:
        answer = parse_answer(data)
    except AnswerTooShort:
        return attempt.too_short(
            data,
            ended,
            timeout,
            after="p.req.op_connect",
            verdict="p.not_firebird",
            flag="firebird",
        )
    facts = {"op": answer.op, "op_name": answer.op_name, "firebird": answer.is_firebird}
    if answer.protocol_version is not None:
        facts.update(
            protocol_version=answer.protocol_version,
            protocol_architecture=answer.protocol_architecture,
            protocol_type=answer.protocol_type,
        )
    key = "p.firebird.answer" if answer.is_firebird else "p.firebird.other"
    said = say(key, target=attempt.where, op=answer.op_name)
    return attempt.answered(answer.is_firebird, said, facts=facts, answer_hex=hex_bytes(data))
