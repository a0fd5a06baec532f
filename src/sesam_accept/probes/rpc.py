"""Microsoft RPC endpoint mapper probe: a DCE/RPC v5 ``bind`` to 135/tcp (software <= 2.1-2).

The ``bind`` packet (72 bytes, little-endian data representation)::

    offset size  field
    0      1     rpc_vers = 5            1  1  rpc_vers_minor = 0
    2      1     ptype = 11 (bind)       3  1  pfc_flags = 0x03 (first + last fragment)
    4      4     drep = 10 00 00 00      8  2  frag_length = 72   10 2  auth_length = 0
    12     4     call_id
    16     2     max_xmit_frag = 4280    18 2  max_recv_frag = 4280
    20     4     assoc_group_id = 0
    24     1     n_context_elem = 1      25 3  reserved
    28     2     p_cont_id = 0           30 1  n_transfer_syn = 1   31 1 reserved
    32     20    abstract syntax: EPM e1af8308-5d1f-11c9-91a4-08002b14a0fa, version 3.0
    52     20    transfer syntax: NDR 8a885d04-1ceb-11c9-9fe8-08002b104860, version 2

The answer starts with the same 16-byte header. ``bind_ack`` (12) then holds max_xmit/max_recv
(2+2), assoc_group (4), the secondary address (length u16 + text, padded to 4), the result count
(u8 + 3 reserved) and per result: result u16 (0 accepted, 1 user rejection, 2 provider rejection),
reason u16, transfer syntax (20 bytes). ``bind_nak`` (13) holds the reject reason (u16).
Either proves a DCE/RPC server answers.
"""

from __future__ import annotations

import asyncio
import struct
import uuid
from dataclasses import dataclass, replace

from ..results import ProbeResult, hex_bytes
from ..texts import say
from .sockets import AnswerTooShort, read_at_least
from .tcp import TcpAttempt, open_tcp

EPM_UUID = uuid.UUID("e1af8308-5d1f-11c9-91a4-08002b14a0fa")
NDR_UUID = uuid.UUID("8a885d04-1ceb-11c9-9fe8-08002b104860")
HEADER = struct.Struct("<BBBB4sHHI")  # vers, minor, ptype, flags, drep, frag_len, auth_len, call
PTYPE_NAMES = {
    0: "request",
    2: "response",
    3: "fault",
    11: "bind",
    12: "bind_ack",
    13: "bind_nak",
    14: "alter_context",
    15: "alter_context_resp",
    16: "auth3",
    17: "shutdown",
    18: "co_cancel",
    19: "orphaned",
}
#: Packet types a server sends on a connection: any proves a DCE/RPC server.
SERVER_PTYPES = frozenset({2, 3, 12, 13, 15, 17})
RESULT_NAMES = {0: "accepted", 1: "user_rejection", 2: "provider_rejection"}


@dataclass(frozen=True)
class RpcAnswer:
    """What a DCE/RPC connection-oriented answer says."""

    ptype: int
    ptype_name: str
    is_dcerpc: bool
    call_id: int | None = None
    frag_length: int | None = None
    result: str | None = None  # bind_ack: accepted / user_rejection / provider_rejection
    reason: int | None = None  # bind_ack result reason or bind_nak reject reason
    secondary_address: str | None = None


def build_bind(call_id: int = 1) -> bytes:
    """The 72-byte ``bind`` to the endpoint mapper interface (v3.0) with NDR transfer syntax."""
    body = struct.pack("<HHI", 4280, 4280, 0) + struct.pack("<B3x", 1)
    body += struct.pack("<HB1x", 0, 1)
    body += EPM_UUID.bytes_le + struct.pack("<HH", 3, 0)
    body += NDR_UUID.bytes_le + struct.pack("<I", 2)
    header = HEADER.pack(5, 0, 11, 0x03, b"\x10\0\0\0", HEADER.size + len(body), 0, call_id)
    return header + body


def parse_answer(data: bytes) -> RpcAnswer:
    """Decode an answer; :class:`AnswerTooShort` below 3 bytes, never another exception."""
    if len(data) < 3:
        raise AnswerTooShort("DCE/RPC", len(data), 3)
    ptype = data[2]
    name = PTYPE_NAMES.get(ptype, f"unknown({ptype})")
    if data[0] != 5 or data[1] not in (0, 1) or len(data) < HEADER.size:
        return RpcAnswer(ptype, name, False)
    fields = HEADER.unpack_from(data)
    answer = RpcAnswer(ptype, name, ptype in SERVER_PTYPES, fields[7], fields[5])
    if ptype == 12:
        return _bind_ack(answer, data)
    if ptype == 13 and len(data) >= HEADER.size + 2:
        reason = struct.unpack_from("<H", data, HEADER.size)[0]
        return replace(answer, reason=reason)
    return answer


def _bind_ack(answer: RpcAnswer, data: bytes) -> RpcAnswer:
    """Fill in the secondary address and the first context result of a ``bind_ack``
    (``answer`` is already a DCE/RPC one: ``bind_ack`` is a server packet type)."""
    offset = HEADER.size + 8
    if len(data) < offset + 2:
        return answer
    length = struct.unpack_from("<H", data, offset)[0]
    text = data[offset + 2 : offset + 2 + length].rstrip(b"\0").decode("ascii", "replace")
    offset += 2 + length
    offset += -offset % 4  # align to 4
    if len(data) < offset + 8:
        return replace(answer, secondary_address=text)
    result, reason = struct.unpack_from("<HH", data, offset + 4)
    named = RESULT_NAMES.get(result, f"unknown({result})")
    return replace(answer, result=named, reason=reason, secondary_address=text)


async def epm_probe(
    address: str, port: int = 135, *, timeout: float, source: str | None = None
) -> ProbeResult:
    """Bind to the RPC endpoint mapper at ``address:port``: OPEN for a DCE/RPC answer."""
    attempt = await open_tcp(address, port, timeout=timeout, source=source, method="rpc-epm-bind")
    if attempt.failure is not None:
        return attempt.failure
    assert attempt.sock is not None
    packet = attempt.payload = build_bind()
    loop = asyncio.get_running_loop()
    try:
        await asyncio.wait_for(loop.sock_sendall(attempt.sock, packet), timeout)
        data, ended = await read_at_least(attempt.sock, HEADER.size, timeout)
        if ended == "enough":
            frag = struct.unpack_from("<H", data, 8)[0] if data[0] == 5 else len(data)
            more, ended = await read_at_least(attempt.sock, min(frag, 1024) - len(data), timeout)
            data += more
    except (asyncio.TimeoutError, OSError):
        data, ended = b"", "reset"
    finally:
        attempt.close()
    return _judge(attempt, data, ended, timeout)


def _judge(attempt: TcpAttempt, data: bytes, ended: str, timeout: float) -> ProbeResult:
    """OPEN for a DCE/RPC answer, WRONG_ANSWER otherwise."""
    try:
        answer = parse_answer(data)
    except AnswerTooShort:
        return attempt.too_short(
            data, ended, timeout, after="p.req.bind", verdict="p.not_rpc", flag="dcerpc"
        )
    facts = {
        "dcerpc": answer.is_dcerpc,
        "ptype": answer.ptype,
        "ptype_name": answer.ptype_name,
        "result": answer.result,
        "reason": answer.reason,
        "secondary_address": answer.secondary_address,
    }
    if answer.is_dcerpc:
        result = f" ({answer.result})" if answer.result else ""
        said = say("p.rpc.answer", target=attempt.where, ptype=f"{answer.ptype_name}{result}")
    else:
        said = say("p.rpc.other", target=attempt.where)
    return attempt.answered(answer.is_dcerpc, said, facts=facts, answer_hex=hex_bytes(data))
