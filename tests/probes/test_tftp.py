"""The TFTP probe against a real tftpd-hpa, a closed port, and a fake server that sends DATA."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import struct
import threading

import pytest

from sesam_accept.probes.sockets import AnswerTooShort
from sesam_accept.probes.tftp import build_rrq, parse_answer, probe_file_name, tftp_probe
from sesam_accept.results import Outcome

from .peers import Tftpd, closed_port

SOURCE = "127.0.1.31"


def test_rrq_layout_and_random_name() -> None:
    name = probe_file_name()
    assert name.startswith("sesam-accept-probe-")
    assert name != probe_file_name()
    assert build_rrq(name) == b"\x00\x01" + name.encode() + b"\x00octet\x00"


def test_parse_error_data_and_other() -> None:
    error = parse_answer(b"\x00\x05\x00\x01File not found\x00")
    assert (error.is_tftp, error.error_code, error.error_message) == (True, 1, "File not found")
    data = parse_answer(b"\x00\x03\x00\x01" + b"x" * 10)
    assert (data.op_name, data.block, data.data_length) == ("DATA", 1, 10)
    assert not parse_answer(b"\x00\x04\x00\x01").is_tftp
    with pytest.raises(AnswerTooShort):
        parse_answer(b"\x00\x05")


def test_real_tftpd_answers_error_for_missing_file(tftpd: Tftpd) -> None:
    result = asyncio.run(tftp_probe(tftpd.address, tftpd.port, timeout=2, retries=1, source=SOURCE))
    assert result.outcome is Outcome.OPEN, result.text("en")
    facts = result.evidence.facts
    assert (facts["opcode"], facts["error_code"]) == (5, 1)
    assert facts["reply_port"] != tftpd.port  # the server's new transfer ID
    assert result.evidence.source == SOURCE
    assert not any(tftpd.root.iterdir())  # nothing was written


def test_closed_port_is_refused() -> None:
    port = closed_port(SOURCE, socket.SOCK_DGRAM)
    result = asyncio.run(tftp_probe("127.0.1.30", port, timeout=1, retries=1))
    assert result.outcome is Outcome.REFUSED
    assert result.evidence.facts["icmp_code"] == 3


def test_data_answer_is_open_and_never_acknowledged() -> None:
    listener = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    listener.bind(("127.0.1.32", 0))
    transfer = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    transfer.bind(("127.0.1.32", 0))
    transfer.settimeout(1.0)
    after: list[bytes] = []

    def serve() -> None:
        _request, peer = listener.recvfrom(600)
        transfer.sendto(struct.pack(">HH", 3, 1) + b"hello", peer)
        with contextlib.suppress(OSError):
            after.append(transfer.recv(600))

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        result = asyncio.run(
            tftp_probe("127.0.1.32", listener.getsockname()[1], timeout=2, retries=0)
        )
        thread.join(3)
    finally:
        listener.close()
        transfer.close()
    assert result.outcome is Outcome.OPEN
    assert result.evidence.facts["op_name"] == "DATA"
    assert after == []  # no ACK came back


def test_answer_from_another_address_is_ignored() -> None:
    listener = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    listener.bind(("127.0.1.33", 0))
    stranger = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    stranger.bind(("127.0.1.34", 0))

    def serve() -> None:
        _request, peer = listener.recvfrom(600)
        stranger.sendto(b"\x00\x05\x00\x01File not found\x00", peer)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        result = asyncio.run(
            tftp_probe("127.0.1.33", listener.getsockname()[1], timeout=0.3, retries=0)
        )
        thread.join(2)
    finally:
        listener.close()
        stranger.close()
    assert result.outcome is Outcome.TIMEOUT
