"""The endpoint-mapper probe against a minimal loopback DCE/RPC responder (no Windows here).

The responder answers the bind with hand-built ``bind_ack`` / ``bind_nak`` packets laid out as
documented in ``sesam_accept.probes.rpc``.
"""

from __future__ import annotations

import asyncio
import socket
import struct
from collections.abc import Callable

import pytest

from sesam_accept.probes.rpc import EPM_UUID, NDR_UUID, build_bind, epm_probe, parse_answer
from sesam_accept.probes.sockets import AnswerTooShort
from sesam_accept.results import Outcome

from .peers import closed_port, tcp_server

TARGET = "127.0.1.40"


def header(ptype: int, frag_length: int, call_id: int = 1) -> bytes:
    return struct.pack("<BBBB4sHHI", 5, 0, ptype, 3, b"\x10\0\0\0", frag_length, 0, call_id)


def bind_ack(result: int = 0, reason: int = 0, call_id: int = 1) -> bytes:
    body = struct.pack("<HHI", 4280, 4280, 0x1234) + struct.pack("<H", 4) + b"135\0"
    body += b"\0" * (-(16 + len(body)) % 4)
    body += struct.pack("<B3x", 1) + struct.pack("<HH", result, reason)
    body += NDR_UUID.bytes_le + struct.pack("<I", 2)
    return header(12, 16 + len(body), call_id) + body


def bind_nak(reason: int = 4) -> bytes:
    body = struct.pack("<HB", reason, 1) + bytes((5, 0)) + b"\0"
    return header(13, 16 + len(body)) + body


def test_bind_is_the_documented_72_bytes() -> None:
    packet = build_bind()
    assert len(packet) == 72
    assert packet[:4] == bytes((5, 0, 11, 3))
    assert struct.unpack_from("<H", packet, 8)[0] == 72
    assert packet[32:48] == EPM_UUID.bytes_le
    assert struct.unpack_from("<HH", packet, 48) == (3, 0)
    assert packet[52:68] == NDR_UUID.bytes_le
    assert struct.unpack_from("<I", packet, 68) == (2,)


def test_parse_bind_ack_accepted_and_rejected() -> None:
    accepted = parse_answer(bind_ack())
    assert (accepted.ptype_name, accepted.result, accepted.secondary_address) == (
        "bind_ack",
        "accepted",
        "135",
    )
    rejected = parse_answer(bind_ack(result=2, reason=2))
    assert rejected.is_dcerpc
    assert (rejected.result, rejected.reason) == ("provider_rejection", 2)


def test_parse_bind_nak_and_non_rpc() -> None:
    nak = parse_answer(bind_nak(reason=4))
    assert (nak.ptype_name, nak.is_dcerpc, nak.reason) == ("bind_nak", True, 4)
    assert not parse_answer(b"HTTP/1.1 400 Bad Request\r\n\r\n").is_dcerpc
    with pytest.raises(AnswerTooShort):
        parse_answer(b"\x05\x00")


def answering(packet: bytes, seen: list[bytes]) -> Callable[[socket.socket], None]:
    def handler(conn: socket.socket) -> None:
        seen.append(conn.recv(4096))
        conn.sendall(packet)

    return handler


@pytest.mark.parametrize(
    ("packet", "expected"),
    [
        (bind_ack(), "bind_ack (accepted)"),
        (bind_ack(result=2, reason=1), "bind_ack (provider_rejection)"),
        (bind_nak(), "bind_nak"),
    ],
)
def test_dce_rpc_answers_are_open(packet: bytes, expected: str) -> None:
    seen: list[bytes] = []
    with tcp_server(TARGET, answering(packet, seen)) as server:
        result = asyncio.run(epm_probe(TARGET, server.port, timeout=2, source="127.0.1.41"))
    assert result.outcome is Outcome.OPEN
    assert expected in result.text("en")
    assert seen == [build_bind()]
    assert result.evidence.answer_hex == packet.hex(" ")


def test_non_rpc_service_is_wrong_answer() -> None:
    with tcp_server(TARGET, answering(b"HTTP/1.1 400 Bad Request\r\n\r\n", [])) as server:
        result = asyncio.run(epm_probe(TARGET, server.port, timeout=2))
    assert result.outcome is Outcome.WRONG_ANSWER
    assert result.evidence.facts["dcerpc"] is False


def test_service_that_closes_is_wrong_answer() -> None:
    with tcp_server(TARGET, lambda conn: None) as server:
        result = asyncio.run(epm_probe(TARGET, server.port, timeout=2))
    assert result.outcome is Outcome.WRONG_ANSWER


def test_closed_port_is_refused() -> None:
    result = asyncio.run(epm_probe(TARGET, closed_port(TARGET), timeout=2))
    assert result.outcome is Outcome.REFUSED
