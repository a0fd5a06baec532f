"""The Firebird probe: packet layout, answer parsing, a REAL Firebird 3 server, and impostors."""

from __future__ import annotations

import asyncio
import os
import socket
import struct
import subprocess
import sys

import pytest

from sesam_accept.probes.firebird import build_op_connect, firebird_probe, parse_answer
from sesam_accept.probes.sockets import AnswerTooShort
from sesam_accept.results import Outcome
from sesam_accept.simulator.firebird_server import FirebirdProcess, unavailable_reason

from .peers import Lab, closed_port, tcp_server

TARGET = "127.0.1.21"


def words(data: bytes) -> list[int]:
    return list(struct.unpack(f">{len(data) // 4}I", data))


def test_op_connect_layout_offers_protocols_10_to_13_with_user_and_host_only() -> None:
    packet = build_op_connect("sesam-accept", "ws1")
    assert len(packet) % 4 == 0
    assert words(packet[:20]) == [1, 19, 3, 1, 0]  # op_connect, op_attach, v3, generic, ""
    assert words(packet[20:24]) == [4]  # four protocols offered
    block_len = words(packet[24:28])[0]
    block = packet[28 : 28 + block_len]
    assert block == b"\x01\x0csesam-accept" + b"\x04\x03ws1"
    tail = words(packet[28 + block_len + (-block_len % 4) :])
    assert len(tail) == 20
    assert [tail[i] for i in range(0, 20, 5)] == [10, 0xFFFF800B, 0xFFFF800C, 0xFFFF800D]
    assert tail[1:4] == [1, 0, 5]


def test_no_password_or_plugin_data_is_ever_sent() -> None:
    packet = build_op_connect("sesam-accept", "ws1")
    assert b"masterkey" not in packet
    assert b"Srp" not in packet
    assert b"\x09" not in packet[28:50]  # no CNCT_login item


@pytest.mark.parametrize(
    ("op", "name"),
    [
        (3, "op_accept"),
        (4, "op_reject"),
        (9, "op_response"),
        (92, "op_cont_auth"),
        (94, "op_accept_data"),
        (98, "op_cond_accept"),
    ],
)
def test_firebird_first_words_are_recognised(op: int, name: str) -> None:
    answer = parse_answer(struct.pack(">I", op) + b"\0" * 12)
    assert answer.is_firebird
    assert answer.op_name == name


def test_accept_gives_protocol_version_and_dummies_are_skipped() -> None:
    data = struct.pack(">6I", 71, 71, 3, 0xFFFF800D, 1, 0x105)
    answer = parse_answer(data)
    assert (answer.op, answer.dummies_skipped) == (3, 2)
    assert (answer.protocol_version, answer.protocol_architecture, answer.protocol_type) == (
        13,
        1,
        5,
    )


def test_unknown_op_is_not_firebird_and_short_data_is_the_documented_error() -> None:
    assert not parse_answer(b"SSH-2.0-OpenSSH").is_firebird
    with pytest.raises(AnswerTooShort):
        parse_answer(struct.pack(">I", 71) + b"\0\0")


def test_real_firebird_answers_op_cont_auth(firebird: FirebirdProcess) -> None:
    result = asyncio.run(firebird_probe(firebird.address, firebird.port, timeout=3, source=TARGET))
    assert result.outcome is Outcome.OPEN, result.text("en")
    assert result.evidence.facts["op"] == 92
    assert result.evidence.facts["op_name"] == "op_cont_auth"
    assert result.evidence.facts["firebird"] is True
    assert result.evidence.answer_hex.startswith("00 00 00 5c")
    assert result.evidence.source == TARGET


def test_ssh_banner_is_wrong_answer() -> None:
    with tcp_server(TARGET, lambda conn: conn.sendall(b"SSH-2.0-OpenSSH_9.2p1\r\n")) as server:
        result = asyncio.run(firebird_probe(TARGET, server.port, timeout=2))
    assert result.outcome is Outcome.WRONG_ANSWER
    assert result.evidence.facts["firebird"] is False
    assert "not Firebird" in result.text("en")


def test_close_without_bytes_is_wrong_answer() -> None:
    def read_then_close(conn: socket.socket) -> None:
        conn.recv(4096)

    with tcp_server(TARGET, read_then_close) as server:
        result = asyncio.run(firebird_probe(TARGET, server.port, timeout=2))
    assert result.outcome is Outcome.WRONG_ANSWER
    assert "closed the connection" in result.text("en")


def test_silent_service_is_wrong_answer_after_the_timeout() -> None:
    with tcp_server(TARGET, lambda conn: conn.recv(4096) and conn.recv(1)) as server:
        result = asyncio.run(firebird_probe(TARGET, server.port, timeout=0.3))
    assert result.outcome is Outcome.WRONG_ANSWER
    assert "sent nothing" in result.text("en")


def test_closed_port_is_refused_like_tcp_connect() -> None:
    result = asyncio.run(firebird_probe(TARGET, closed_port(TARGET), timeout=2))
    assert result.outcome is Outcome.REFUSED


_IN_NAMESPACE = """
import sys
from sesam_accept.simulator.firebird_server import start_firebird
server = start_firebird(sys.argv[1], int(sys.argv[2]))
print("ready" if server else "missing", flush=True)
sys.stdin.readline()
if server:
    server.stop()
"""


def test_real_firebird_on_a_non_localhost_address_in_a_namespace(lab: Lab) -> None:
    if unavailable_reason():
        pytest.skip(unavailable_reason() or "")
    command = [
        "ip",
        "netns",
        "exec",
        lab.namespace,
        sys.executable,
        "-c",
        _IN_NAMESPACE,
        lab.peer,
        "41800",
    ]
    with subprocess.Popen(
        command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=dict(os.environ)
    ) as helper:
        try:
            assert helper.stdout is not None
            assert helper.stdout.readline().strip() == "ready"
            result = asyncio.run(firebird_probe(lab.peer, 41800, timeout=3, source=lab.host))
        finally:
            assert helper.stdin is not None
            helper.stdin.write("\n")
            helper.stdin.close()
            helper.wait(15)
    assert result.outcome is Outcome.OPEN, result.text("en")
    assert result.evidence.facts["op"] == 92
