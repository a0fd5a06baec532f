"""tcp_connect against real loopback listeners and a namespace with nftables rejects."""

from __future__ import annotations

import asyncio
import json
import select
import socket
import subprocess
import sys

import pytest

from sesam_accept.checks import Method
from sesam_accept.probes.tcp import settled_late, tcp_connect
from sesam_accept.results import Outcome

from .peers import ADMIN, CLOSED, DROP, HOST_UNREACH, LOCAL_BLOCK, Lab, closed_port, tcp_server

TARGET, SOURCE = "127.0.1.10", "127.0.1.11"


def test_open_port_is_open_and_nothing_is_sent() -> None:
    received: list[bytes] = []
    with tcp_server(TARGET, lambda conn: received.append(conn.recv(100))) as server:
        result = asyncio.run(tcp_connect(TARGET, server.port, timeout=2, source=SOURCE))
        assert result.outcome is Outcome.OPEN
        ev = result.evidence
        assert (ev.method, ev.protocol, ev.target, ev.port) == (
            Method.TCP_CONNECT,
            "tcp",
            TARGET,
            server.port,
        )
        assert ev.source == SOURCE
        assert ev.source_port
        assert ev.sent_hex == ""
    assert received == [b""]  # the peer saw a clean close with no data


def test_closed_port_is_refused() -> None:
    port = closed_port(TARGET)
    result = asyncio.run(tcp_connect(TARGET, port, timeout=2, source=SOURCE))
    assert result.outcome is Outcome.REFUSED
    assert result.evidence.error_class == "refused"
    assert result.evidence.source == SOURCE
    assert "refused" in result.text("en")


def test_unusable_source_address_is_an_error_not_a_failure() -> None:
    result = asyncio.run(tcp_connect(TARGET, 1, timeout=1, source="192.0.2.77"))
    assert result.outcome is Outcome.ERROR
    assert result.evidence.error_class == "bind failed"
    assert "192.0.2.77" in result.text("en")


def test_dropped_port_times_out(lab: Lab) -> None:
    result = asyncio.run(tcp_connect(lab.peer, DROP, timeout=0.5, source=lab.host))
    assert result.outcome is Outcome.TIMEOUT
    assert result.evidence.source == lab.host
    assert 450 <= result.evidence.elapsed_ms < 2000


def test_admin_prohibited_reject_is_told_apart(lab: Lab) -> None:
    result = asyncio.run(tcp_connect(lab.peer, ADMIN, timeout=2))
    assert result.outcome is Outcome.PROHIBITED
    assert result.evidence.error_class == "admin prohibited"
    assert result.evidence.facts["icmp_type"] == 3
    assert result.evidence.facts["icmp_code"] == 13
    assert result.evidence.facts["icmp_from"] == lab.peer


def test_host_unreachable_reject_is_unreachable(lab: Lab) -> None:
    result = asyncio.run(tcp_connect(lab.peer, HOST_UNREACH, timeout=2))
    assert result.outcome is Outcome.UNREACHABLE
    assert result.evidence.error_class == "host unreachable"
    assert (result.evidence.facts["icmp_type"], result.evidence.facts["icmp_code"]) == (3, 1)


def test_closed_port_in_namespace_is_refused(lab: Lab) -> None:
    result = asyncio.run(tcp_connect(lab.peer, CLOSED, timeout=2))
    assert result.outcome is Outcome.REFUSED


def test_address_nobody_has_is_unreachable(lab: Lab) -> None:
    # ARP for .3 gets no answer: the kernel reports host unreachable after about 3 s.
    result = asyncio.run(tcp_connect(lab.dark, 80, timeout=8))
    assert result.outcome is Outcome.UNREACHABLE
    assert result.evidence.error_class == "host unreachable"


@pytest.mark.timeout(30)  # one after another they would take 100 s (speed: see bench/)
def test_many_dropped_connects_cost_about_one_timeout(lab: Lab) -> None:
    async def many() -> list[Outcome]:
        probes = [tcp_connect(lab.peer, DROP, timeout=0.5, source=lab.host) for _ in range(200)]
        return [r.outcome for r in await asyncio.gather(*probes)]

    outcomes = asyncio.run(many())
    assert outcomes == [Outcome.TIMEOUT] * 200


_IN_NAMESPACE = """
import asyncio, json, sys
from sesam_accept.probes.tcp import tcp_connect
from sesam_accept.probes.udp import udp_probe
async def both():
    tcp = await tcp_connect(sys.argv[1], int(sys.argv[2]), timeout=2)
    udp = await udp_probe(sys.argv[1], int(sys.argv[2]), payload=b"x", timeout=0.5, retries=0)
    return [tcp.outcome.value, tcp.evidence.error_class, udp.outcome.value]
print(json.dumps(asyncio.run(both())))
"""


def test_local_firewall_drop_is_permission_for_udp(lab: Lab) -> None:
    # The peer namespace's OUTPUT chain drops this port: the kernel answers EPERM locally.
    command = [
        "ip",
        "netns",
        "exec",
        lab.namespace,
        sys.executable,
        "-c",
        _IN_NAMESPACE,
        lab.host,
        str(LOCAL_BLOCK),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=30, check=True)
    tcp_outcome, tcp_class, udp_outcome = json.loads(done.stdout)
    # UDP: sendto fails with EPERM at once. TCP: Linux retransmits the dropped SYN quietly and
    # reports EPERM only after its own retries, long after our timeout — so a local drop of
    # TCP shows as a timeout here (Windows reports WSAEACCES at once: see classify_errno).
    assert udp_outcome == "permission"
    assert (tcp_outcome, tcp_class) == ("timeout", "timeout")


def test_a_connect_the_loop_saw_only_after_its_timeout_is_judged_by_the_socket(lab: Lab) -> None:
    """After a timeout the socket itself says what happened meanwhile: connected, refused, or
    really still waiting (a busy event loop can see the handshake's end too late)."""

    def started_connect(address: str, port: int, wait: float) -> socket.socket:
        """A connect the kernel finishes (or not) while nobody looks: the socket turns writable
        when the handshake ends either way, so wait for that, at most ``wait`` s."""
        sock = socket.socket()
        sock.setblocking(False)
        sock.connect_ex((address, port))
        select.select([], [sock], [], wait)
        return sock

    with (
        tcp_server("127.0.0.1") as server,
        started_connect("127.0.0.1", server.port, 5.0) as sock,
    ):
        assert settled_late(sock) is None  # connected: an open port, not a timeout
    with started_connect("127.0.0.1", closed_port("127.0.0.1"), 5.0) as sock:
        refused = settled_late(sock)
        assert isinstance(refused, ConnectionRefusedError)
    with started_connect(lab.peer, DROP, 0.2) as sock:  # its SYN is dropped: it never ends
        assert isinstance(settled_late(sock), asyncio.TimeoutError)
