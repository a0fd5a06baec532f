"""Local-host facts against real sockets of this very process on 127.0.2.x."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import psutil
import pytest

from sesam_accept.probes import local
from sesam_accept.results import Outcome

ME = f"pid {os.getpid()} ({psutil.Process(os.getpid()).name()})"


CHILD = """
import socket, sys
kind, address = sys.argv[1], sys.argv[2]
if kind == "listen-udp":
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind((address, 0))
else:
    sock = socket.create_connection((address, int(sys.argv[3])), timeout=5)
print(sock.getsockname()[1], flush=True)
sys.stdin.read()
"""


@dataclass
class Child:
    pid: int
    port: int


OtherProcess = Callable[..., Child]


@pytest.fixture
def other_process(tmp_path: Path) -> Iterator[OtherProcess]:
    """``other_process(NAME, kind, *args)``: a socket held by another process called NAME (a
    symlink to this Python, so the OS reports that name), alive until the test ends."""
    started: list[subprocess.Popen[str]] = []

    def start(name: str, *args: str) -> Child:
        exe = tmp_path / name
        exe.symlink_to(os.path.realpath(sys.executable))
        proc = subprocess.Popen(
            [str(exe), "-c", CHILD, *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        started.append(proc)
        assert proc.stdout is not None
        return Child(proc.pid, int(proc.stdout.readline()))

    yield start
    for proc in started:
        proc.communicate(timeout=10)


@pytest.fixture
def tcp_server() -> Iterator[socket.socket]:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.2.60", 0))
    sock.listen(1)
    yield sock
    sock.close()


@pytest.fixture
def udp_socket() -> Iterator[socket.socket]:
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.2.61", 0))
    yield sock
    sock.close()


def test_local_addresses_include_loopback_with_its_broadcast() -> None:
    found = {a.address: a for a in local.local_addresses()}
    assert "127.0.0.1" in found
    if sys.platform == "linux":
        assert found["127.0.0.1"].broadcast == "127.255.255.255"


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("127.0.0.1", True),
        ("127.0.2.9", sys.platform != "darwin"),
        ("203.0.113.7", False),
        ("0.0.0.0", False),
        ("not-an-address", False),
    ],
)
def test_is_local_address(address: str, expected: bool) -> None:
    assert local.is_local_address(address) is expected


def test_interface_of_a_loopback_address_is_loopback() -> None:
    iface = local.interface_of("127.0.2.9")
    assert iface is not None
    assert iface.address.startswith("127.")
    assert local.interface_of("203.0.113.7") is None


def test_tcp_listener_found_with_this_process(tcp_server: socket.socket) -> None:
    address, port = tcp_server.getsockname()
    found = local.listeners(port, "tcp")
    assert [(i.address, i.port, i.pid) for i in found] == [(address, port, os.getpid())]
    assert found[0].process == psutil.Process().name()
    assert local.listeners(port, "tcp", "127.0.2.60") == found
    assert local.listeners(port, "tcp", "127.0.2.99") == []
    assert local.port_holder(address, port, "tcp") == ME


def test_udp_socket_of_this_process_is_held_but_not_counted_as_a_listener(
    udp_socket: socket.socket,
) -> None:
    address, port = udp_socket.getsockname()
    assert local.port_holder(address, port, "udp") == ME
    result = local.listener_check(port, "udp", address)
    assert result.outcome is Outcome.REFUSED  # the suite's own socket is no program under test
    assert "this suite's own sockets not counted" in result.text("en")


def test_another_process_listener_names_the_address_it_really_bound(
    other_process: OtherProcess,
) -> None:
    child = other_process("python3", "listen-udp", "127.0.2.63")
    result = local.listener_check(child.port, "udp")
    assert result.outcome is Outcome.OPEN
    facts = result.evidence.facts
    assert (facts["pid"], facts["addresses"], facts["loopback_only"]) == (
        child.pid,
        ["127.0.2.63"],
        True,
    )
    assert f"on 127.0.2.63:{child.port}/udp" in result.text("en")
    assert result.evidence.protocol == "local"


def test_wildcard_listener_counts_for_every_address() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("0.0.0.0", 0))
        port = sock.getsockname()[1]
        assert [i.address for i in local.listeners(port, "udp", "127.0.2.62")] == ["0.0.0.0"]


def test_nothing_listening_is_refused(tcp_server: socket.socket) -> None:
    port = tcp_server.getsockname()[1]
    tcp_server.close()
    result = local.listener_check(port, "tcp", "127.0.2.60")
    assert result.outcome is Outcome.REFUSED
    assert result.evidence.error_class == "nothing listens"
    assert local.port_holder("127.0.2.60", port, "tcp") == "an unknown process"


def test_established_connection_of_another_program_is_not_sescomms(
    tcp_server: socket.socket,
) -> None:
    address, port = tcp_server.getsockname()
    with socket.create_connection((address, port), timeout=2) as client:
        peer, _ = tcp_server.accept()
        try:
            found = local.established(address, port)
            assert [(c.local_port, c.pid) for c in found] == [
                (client.getsockname()[1], os.getpid())
            ]
            result = local.established_check(address, port)
            assert result.outcome is Outcome.REFUSED
            assert f"{ME} holds one, but is not SesComm" in result.text("en")
        finally:
            peer.close()


def test_sescomms_connection_is_the_evidence_and_names_the_process(
    tcp_server: socket.socket, other_process: OtherProcess
) -> None:
    address, port = tcp_server.getsockname()
    child = other_process("SesComm.exe", "connect", address, str(port))
    peer, _ = tcp_server.accept()
    try:
        result = local.established_check(address, port)
        assert result.outcome is Outcome.OPEN
        assert result.evidence.facts["process"] == "SesComm.exe"
        assert result.evidence.facts["pid"] == child.pid
        assert result.text("en").startswith(f"SesComm (pid {child.pid} (SesComm.exe))")
    finally:
        peer.close()


def test_sescomm_is_recognised_by_name_only() -> None:
    assert local.is_sescomm("SesComm.exe") and local.is_sescomm("sescommserver.exe")
    assert not local.is_sescomm("python3") and not local.is_sescomm(None)


def test_no_established_connection(tcp_server: socket.socket) -> None:
    address, port = tcp_server.getsockname()
    assert local.established(address, port) == []
    result = local.established_check(address, port)
    assert result.outcome is Outcome.REFUSED
    assert result.evidence.error_class == "no connection"


def test_describe_process() -> None:
    assert local.describe_process(None, None) == "an unknown process"
    assert local.describe_process(7, None) == "pid 7"
    assert local.describe_process(7, "SesComm.exe") == "pid 7 (SesComm.exe)"


# macOS without root raises AccessDenied for the whole socket table, and Linux hides the pid of
# other users' sockets; neither can be produced for real by a root test on Linux, so psutil's
# answer is replaced here — only the platform's answer, the code under test runs as it is.


def test_unreadable_socket_table_degrades_to_permission(monkeypatch: pytest.MonkeyPatch) -> None:
    def denied(kind: str = "inet") -> list[object]:
        raise psutil.AccessDenied(pid=None)

    monkeypatch.setattr(psutil, "net_connections", denied)
    assert local.listeners(41797, "udp") == []
    assert local.port_holder("127.0.2.1", 41797, "udp") == "an unknown process"
    result = local.listener_check(41797, "udp", "127.0.2.1")
    assert result.outcome is Outcome.PERMISSION
    assert "access denied" in result.evidence_in("en").notes[0]
    assert local.established_check("127.0.2.10", 41796).outcome is Outcome.PERMISSION


def test_socket_of_another_user_has_no_pid(
    monkeypatch: pytest.MonkeyPatch, udp_socket: socket.socket
) -> None:
    real = psutil.net_connections

    def without_pids(kind: str = "inet") -> list[object]:
        return [c._replace(pid=None) for c in real(kind)]

    monkeypatch.setattr(psutil, "net_connections", without_pids)
    address, port = udp_socket.getsockname()
    assert [i.pid for i in local.listeners(port, "udp")] == [None]
    assert local.port_holder(address, port, "udp") == "an unknown process"
    assert local.listener_check(port, "udp").outcome is Outcome.OPEN


def test_established_checks_read_the_table_once_and_skip_our_own_connections() -> None:
    import socket as _socket

    from sesam_accept.probes.local import established_checks

    server = _socket.socket()
    server.bind(("127.0.2.201", 0))
    server.listen()
    port = server.getsockname()[1]
    client = _socket.create_connection(("127.0.2.201", port))
    try:
        results = established_checks(["127.0.2.201", "127.0.2.202"], port)
        # The only connection to 127.0.2.201 is this test's own: not a program under test.
        assert results["127.0.2.201"].outcome is not Outcome.OPEN
        assert results["127.0.2.202"].outcome is not Outcome.OPEN
    finally:
        client.close()
        server.close()
