"""The simulated site answers as it should for each host service and each host fault.

Probed with the project's own probes over real loopback sockets (127.0.3.0/24).
"""

from __future__ import annotations

import socket
from collections.abc import Callable
from typing import Any

import psutil
import pytest

from sesam_accept.probes.commparam import read_commparam
from sesam_accept.probes.tcp import tcp_connect
from sesam_accept.probes.udp import udp_probe
from sesam_accept.results import Outcome
from sesam_accept.simulator import SiteSimulator
from sesam_accept.simulator.site_sim import PASSWORD_ANSWER
from sesam_accept.site import Site

from .test_firebird_standin import FIREBIRD_FIRST_WORDS, first_word, op_connect

SiteMaker = Callable[..., Site]


def tcp(address: str, port: int) -> Outcome:
    return run(tcp_connect, address, port, timeout=1.0).outcome  # type: ignore[no-any-return]


def udp(address: str, port: int, payload: bytes = b"\x00\x00\x00\x01") -> Any:
    return run(udp_probe, address, port, payload=payload, timeout=0.3, retries=1)


def run(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    import asyncio

    return asyncio.run(fn(*args, **kwargs))


def firebird_answer(address: str, port: int) -> bytes:
    with socket.create_connection((address, port), 2) as sock:
        sock.sendall(op_connect())
        sock.settimeout(3)
        return sock.recv(64)


def listening_on(addresses: set[str]) -> list[Any]:
    """Sockets of this process bound to one of ``addresses``."""
    own = psutil.Process().net_connections(kind="inet")
    return [c for c in own if c.laddr and c.laddr.ip in addresses]


def test_default_site_answers_on_every_host_port(site: Site) -> None:
    db, comm = site.db_host.address, site.comm_host.address
    with SiteSimulator(site, firebird="standin") as sim:
        assert sim.firebird_kind == "standin"
        assert first_word(firebird_answer(db, 41800)) == 92
        assert tcp(comm, 41801) is Outcome.OPEN
        assert udp(db, 41799).outcome is Outcome.TIMEOUT  # silent: bound, never answers
        assert tcp(db, 41801) is Outcome.REFUSED  # nothing else listens


def test_stop_leaves_no_socket(site: Site) -> None:
    addresses = {h.address for h in site.hosts}
    sim = SiteSimulator(site, firebird="standin", sescomm_holds_41797=True)
    sim.start()
    firebird_answer(site.db_host.address, 41800)
    assert len(listening_on(addresses)) >= 4
    sim.stop()
    assert listening_on(addresses) == []
    assert tcp(site.db_host.address, 41800) is Outcome.REFUSED


@pytest.mark.parametrize(
    ("mode", "fault", "expected"),
    [
        ("answering", None, Outcome.OPEN),
        ("silent", None, Outcome.TIMEOUT),
        ("absent", None, Outcome.REFUSED),
        ("silent", "password-absent", Outcome.REFUSED),
        ("silent", "password-answering", Outcome.OPEN),
    ],
)
def test_password_service_modes(
    site: Site, mode: str, fault: str | None, expected: Outcome
) -> None:
    faults = [fault] if fault else []
    with SiteSimulator(site, firebird="standin", password_service=mode, faults=faults):
        result = udp(site.db_host.address, 41799)
    assert result.outcome is expected
    if expected is Outcome.OPEN:
        assert bytes.fromhex(result.evidence.answer_hex.replace(" ", "")) == PASSWORD_ANSWER


def test_firebird_down_is_refused(site: Site) -> None:
    with SiteSimulator(site, faults=["firebird-down"]) as sim:
        assert sim.firebird_kind == "down"
        assert tcp(site.db_host.address, 41800) is Outcome.REFUSED
        assert tcp(site.comm_host.address, 41801) is Outcome.OPEN


def test_not_firebird_answers_something_else(site: Site) -> None:
    with SiteSimulator(site, faults=["not-firebird"]) as sim:
        assert sim.firebird_kind == "not-firebird"
        assert first_word(firebird_answer(site.db_host.address, 41800)) not in FIREBIRD_FIRST_WORDS


def test_sescomm_down_refuses_rpc(site: Site) -> None:
    with SiteSimulator(site, firebird="standin", faults=["sescomm-down"]):
        assert tcp(site.comm_host.address, 41801) is Outcome.REFUSED


def test_sescomm_holds_41797(site: Site) -> None:
    with SiteSimulator(site, firebird="standin", sescomm_holds_41797=True):
        probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        with probe, pytest.raises(OSError, match="in use"):
            probe.bind((site.comm_host.address, 41797))


def test_commparam_copies_name_the_rpc_port(site: Site) -> None:
    with SiteSimulator(site, firebird="standin") as sim:
        assert set(sim.commparam_files) == {"SRV-DB", "SRV-COMM", "WS-01"}
        for host in site.hosts:
            assert host.commparam is not None
            assert host.commparam.resolved is not None
            raw = host.commparam.resolved.read_bytes()
            assert b"\r\n" in raw
            assert b"\n" not in raw.replace(b"\r\n", b"")
            raw.decode("cp1252")
            assert read_commparam(host.commparam.resolved).port == 41801


def test_commparam_port_fault_on_comm_moves_the_listener(site: Site) -> None:
    comm = site.comm_host
    with SiteSimulator(site, firebird="standin", faults=["commparam-port:SRV-COMM"]) as sim:
        assert comm.commparam is not None
        assert comm.commparam.resolved is not None
        assert read_commparam(comm.commparam.resolved).port == sim.rpc_port == 41802
        assert tcp(comm.address, 41802) is Outcome.OPEN
        assert tcp(comm.address, 41801) is Outcome.REFUSED
        ws = site.host("WS-01").commparam
        assert ws is not None
        assert ws.resolved is not None
        assert read_commparam(ws.resolved).port == 41801


def test_only_plays_the_named_hosts(site: Site) -> None:
    with SiteSimulator(site, only=["SRV-COMM"]) as sim:
        assert sim.firebird_kind == "none"
        assert set(sim.commparam_files) == {"SRV-COMM"}
        assert tcp(site.comm_host.address, 41801) is Outcome.OPEN
        assert tcp(site.db_host.address, 41800) is Outcome.REFUSED


def test_only_with_unknown_name_is_refused(site: Site) -> None:
    with pytest.raises(ValueError, match="NOPE"):
        SiteSimulator(site, only=["NOPE"])


def test_a_clash_on_start_stops_what_started(site: Site) -> None:
    blocker = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    blocker.bind((site.comm_host.address, 41801))
    blocker.listen()
    try:
        sim = SiteSimulator(site, firebird="standin")
        with pytest.raises(OSError):
            sim.start()
        assert tcp(site.db_host.address, 41800) is Outcome.REFUSED
    finally:
        blocker.close()


@pytest.mark.firebird
def test_real_firebird_when_root(site: Site) -> None:
    from sesam_accept.simulator.firebird_process import real_firebird_unavailable

    reason = real_firebird_unavailable()
    if reason is not None:
        pytest.skip(reason)
    with SiteSimulator(site, firebird="auto") as sim:
        assert sim.firebird_kind == "real"
        answer = firebird_answer(site.db_host.address, 41800)
    assert first_word(answer) == 92  # the same first word the stand-in sends
    assert tcp(site.db_host.address, 41800) is Outcome.REFUSED
