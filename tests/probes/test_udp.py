"""udp_probe against a real responder, closed ports, and nftables drops/rejects in a namespace."""

from __future__ import annotations

import asyncio
import select
import socket

import pytest

from sesam_accept.probes.udp import _queued_reply, udp_probe
from sesam_accept.results import Outcome

from .peers import ADMIN, DROP, HOST_UNREACH, Lab, closed_port, free_port, udp_responder

TARGET, SOURCE = "127.0.1.12", "127.0.1.13"


def test_reply_is_open_with_answer_and_source() -> None:
    with udp_responder(TARGET, lambda data: b"pong:" + data) as port:
        result = asyncio.run(
            udp_probe(TARGET, port, payload=b"ping", timeout=1, retries=1, source=SOURCE)
        )
    assert result.outcome is Outcome.OPEN
    ev = result.evidence
    assert ev.sent_hex == "70 69 6e 67"
    assert ev.answer_hex == b"pong:ping".hex(" ")
    assert ev.source == SOURCE
    assert ev.attempts == 1


def test_fixed_source_port_is_used() -> None:
    seen: list[int] = []
    source_port = free_port(SOURCE, socket.SOCK_DGRAM)
    with udp_responder(TARGET, lambda data: b"ok") as port:
        result = asyncio.run(
            udp_probe(TARGET, port, timeout=1, retries=0, source=SOURCE, source_port=source_port)
        )
    seen.append(result.evidence.source_port or 0)
    assert result.outcome is Outcome.OPEN
    assert seen == [source_port]


def test_reply_failing_the_validator_is_a_wrong_answer() -> None:
    with udp_responder(TARGET, lambda data: b"nope") as port:
        result = asyncio.run(
            udp_probe(
                TARGET,
                port,
                payload=b"q",
                timeout=1,
                retries=0,
                expect=lambda reply: reply.startswith(b"ok"),
            )
        )
    assert result.outcome is Outcome.WRONG_ANSWER
    assert result.evidence.answer_hex == b"nope".hex(" ")


def test_silence_is_timeout_never_open_and_retries_back_off() -> None:
    calls: list[bytes] = []

    def silent(data: bytes) -> None:
        calls.append(data)

    with udp_responder(TARGET, silent) as port:
        result = asyncio.run(udp_probe(TARGET, port, payload=b"x", timeout=0.2, retries=2))
    assert result.outcome is Outcome.TIMEOUT
    assert result.evidence.attempts == 3
    assert len(calls) == 3
    # 0.2 + 0.3 + 0.45 s of waiting
    assert 900 <= result.evidence.elapsed_ms < 3000
    assert "undecidable" in result.text("en")


def test_second_attempt_can_succeed() -> None:
    calls: list[bytes] = []

    def answers_second(data: bytes) -> bytes | None:
        calls.append(data)
        return b"late" if len(calls) == 2 else None

    with udp_responder(TARGET, answers_second) as port:
        result = asyncio.run(udp_probe(TARGET, port, payload=b"x", timeout=0.3, retries=2))
    assert result.outcome is Outcome.OPEN
    assert result.evidence.attempts == 2


def test_closed_port_is_refused_from_icmp_port_unreachable() -> None:
    port = closed_port(TARGET, socket.SOCK_DGRAM)
    result = asyncio.run(udp_probe(TARGET, port, payload=b"x", timeout=1, retries=1))
    assert result.outcome is Outcome.REFUSED
    assert result.evidence.facts["icmp_type"] == 3
    assert result.evidence.facts["icmp_code"] == 3


def test_unusable_source_is_an_error() -> None:
    result = asyncio.run(udp_probe(TARGET, 9, timeout=0.2, retries=0, source="192.0.2.5"))
    assert result.outcome is Outcome.ERROR
    assert result.evidence.error_class == "bind failed"


def test_dropped_port_in_namespace_times_out(lab: Lab) -> None:
    result = asyncio.run(
        udp_probe(lab.peer, DROP, payload=b"x", timeout=0.2, retries=1, source=lab.host)
    )
    assert result.outcome is Outcome.TIMEOUT
    assert result.evidence.attempts == 2


def test_admin_prohibited_reject_is_prohibited(lab: Lab) -> None:
    result = asyncio.run(udp_probe(lab.peer, ADMIN, payload=b"x", timeout=1, retries=1))
    assert result.outcome is Outcome.PROHIBITED
    assert result.evidence.facts["icmp_code"] == 13
    assert result.evidence.facts["icmp_from"] == lab.peer


def test_host_unreachable_reject_is_unreachable(lab: Lab) -> None:
    result = asyncio.run(udp_probe(lab.peer, HOST_UNREACH, payload=b"x", timeout=1, retries=1))
    assert result.outcome is Outcome.UNREACHABLE
    assert result.evidence.error_class == "host unreachable"


def test_many_probes_to_one_rejecting_port_are_all_classified(lab: Lab) -> None:
    # icmp_ratelimit=0 in the namespace: every probe gets its own ICMP error.
    async def many() -> list[Outcome]:
        probes = [udp_probe(lab.peer, ADMIN, payload=b"x", timeout=1, retries=1) for _ in range(20)]
        return [r.outcome for r in await asyncio.gather(*probes)]

    assert asyncio.run(many()) == [Outcome.PROHIBITED] * 20


def test_a_reply_waiting_on_the_socket_after_the_timeout_is_read_not_lost() -> None:
    with (
        socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as peer,
        socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock,
    ):
        peer.bind(("127.0.0.1", 0))
        sock.bind(("127.0.0.1", 0))
        sock.setblocking(False)
        assert _queued_reply(sock) is None  # nothing there: the timeout stands
        peer.sendto(b"late", sock.getsockname())
        peer.settimeout(1.0)
        sock.connect(peer.getsockname())
        assert _queued_reply_eventually(sock) == b"late"
        peer.close()  # an ICMP port unreachable now waits on the socket: raised, not lost
        sock.send(b"x")
        with pytest.raises(ConnectionRefusedError):
            _queued_reply_eventually(sock)


def _queued_reply_eventually(sock: socket.socket) -> bytes | None:
    """What waits on the socket once it is readable (a datagram or an ICMP error), at most 1 s
    (loopback delivers at once)."""
    select.select([sock], [], [], 1.0)
    return _queued_reply(sock)
