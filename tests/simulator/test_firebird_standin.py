"""The Firebird stand-in answers an op_connect exactly as Firebird 3 (WireCrypt=Required) does."""

from __future__ import annotations

import socket
import struct

import pytest

from sesam_accept.simulator.firebird_standin import (
    CONT_AUTH_ANSWER,
    NOT_FIREBIRD_BANNER,
    firebird_standin,
    not_firebird,
    op_connect_size,
)

#: protocols.md: any of these as the first word proves a Firebird server answers.
FIREBIRD_FIRST_WORDS = {3, 4, 9, 92, 94, 98}
ADDRESS = "127.0.3.40"


def counted(data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + data + b"\0" * (-len(data) % 4)


def op_connect() -> bytes:
    """The suite's op_connect: protocols 10-13, a user and a host name, no credentials."""
    user = bytes([1, 5]) + b"probe" + bytes([4, 4]) + b"host"
    versions = [10, 0xFFFF800B, 0xFFFF800C, 0xFFFF800D]
    body = struct.pack(">4I", 1, 19, 3, 1) + counted(b"") + struct.pack(">I", len(versions))
    body += counted(user)
    return body + b"".join(struct.pack(">5I", v, 1, 0, 5, i) for i, v in enumerate(versions))


def exchange(port: int, payload: bytes) -> bytes:
    with socket.create_connection((ADDRESS, port), 2) as sock:
        if payload:
            sock.sendall(payload)
        data = b""
        while chunk := sock.recv(4096):
            data += chunk
        return data


def first_word(data: bytes) -> int:
    words = [struct.unpack_from(">I", data, i)[0] for i in range(0, len(data) - 3, 4)]
    return next(w for w in words if w != 71)  # op_dummy keep-alives are skipped


def test_op_connect_size_reads_the_whole_packet() -> None:
    packet = op_connect()
    assert op_connect_size(packet) == len(packet)
    assert op_connect_size(packet[:22]) == 0  # more bytes needed
    assert op_connect_size(b"GET / HTTP/1.0\r\n") == -1


def test_standin_answer_is_recognised_as_firebird() -> None:
    listener = firebird_standin(ADDRESS, 0)
    listener.start()
    try:
        answer = exchange(listener.port, op_connect())
    finally:
        listener.stop()
    assert answer == CONT_AUTH_ANSWER
    assert first_word(answer) == 92
    assert first_word(answer) in FIREBIRD_FIRST_WORDS


def test_standin_answers_a_packet_sent_in_pieces() -> None:
    listener = firebird_standin(ADDRESS, 0)
    listener.start()
    try:
        with socket.create_connection((ADDRESS, listener.port), 2) as sock:
            packet = op_connect()
            for i in range(0, len(packet), 7):
                sock.sendall(packet[i : i + 7])
            assert sock.recv(64) == CONT_AUTH_ANSWER
    finally:
        listener.stop()


def test_standin_closes_silently_on_anything_else() -> None:
    listener = firebird_standin(ADDRESS, 0)
    listener.start()
    try:
        assert exchange(listener.port, b"GET / HTTP/1.0\r\n\r\n") == b""
    finally:
        listener.stop()


def test_not_firebird_answer_is_not_firebird() -> None:
    listener = not_firebird(ADDRESS, 0)
    listener.start()
    try:
        answer = exchange(listener.port, op_connect())
    finally:
        listener.stop()
    assert answer == NOT_FIREBIRD_BANNER
    assert first_word(answer) not in FIREBIRD_FIRST_WORDS


@pytest.mark.parametrize("chunk", [b"", b"\x00\x00\x00\x01"])
def test_standin_gives_up_on_a_silent_client(chunk: bytes) -> None:
    listener = firebird_standin(ADDRESS, 0, read_timeout=0.3)
    listener.start()
    try:
        with socket.create_connection((ADDRESS, listener.port), 2) as sock:
            sock.sendall(chunk)
            sock.settimeout(2)
            assert sock.recv(64) == b""  # closed by the stand-in after its read timeout
    finally:
        listener.stop()
