"""The simulated ISENet, exercised with plain sockets on 127.0.2.x."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from sesam_accept.probes.isenet import parse_f5, parse_f7
from sesam_accept.simulator.isenet_device import (
    ISENetResponder,
    SimulatedDevice,
    build_f5,
    build_f7,
    default_broadcasts,
    devices_by_address,
)
from sesam_accept.site import QUERY_F4, QUERY_F6

PC = "127.0.2.2"


def free_port(kind: socket.SocketKind = socket.SOCK_DGRAM, address: str = PC) -> int:
    with socket.socket(socket.AF_INET, kind) as sock:
        sock.bind((address, 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def pc() -> Iterator[socket.socket]:
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
    sock.bind((PC, 0))
    sock.settimeout(0.3)
    yield sock
    sock.close()


def replies(sock: socket.socket, wait: float = 0.3) -> list[tuple[bytes, tuple[str, int]]]:
    got = []
    sock.settimeout(wait)
    while True:
        try:
            data, src = sock.recvfrom(2048)
        except (TimeoutError, OSError):
            return got
        got.append((data, src))
        sock.settimeout(0.05)


def test_frames_follow_the_documented_layout() -> None:
    dev = SimulatedDevice("A", "127.0.2.70", mac="00:20:4A:12:34:56", serial=4711)
    f7 = build_f7(dev)
    assert f7[:4] == bytes.fromhex("000000F7")
    assert f7[8:11] == b"X5K"
    assert f7[22:24] == (4711).to_bytes(2, "big")
    assert f7[24:30] == bytes.fromhex("00204A123456")
    f5 = build_f5(dev)
    assert f5[:4] == bytes.fromhex("000000F5")
    assert f5[16:24] == b"6.5.0.7\x00"
    with pytest.raises(ValueError, match="3 ASCII"):
        build_f7(SimulatedDevice("B", "127.0.2.70", device_type="XPORT"))
    with pytest.raises(ValueError, match="6 bytes"):
        build_f7(SimulatedDevice("B", "127.0.2.70", mac="00:20"))
    for serial in ("SN-1", 70000, -1):
        with pytest.raises(ValueError, match="0–65535"):
            ISENetResponder([SimulatedDevice("B", "127.0.2.70", serial=serial)])


def test_answers_f6_and_f4_to_the_query_source(pc: socket.socket) -> None:
    port = free_port(address="127.0.2.71")
    dev = SimulatedDevice("A", "127.0.2.71", serial=9, command_port=port, data_port_open=False)
    with ISENetResponder([dev], broadcasts=[]) as responder:
        pc.sendto(QUERY_F6, ("127.0.2.71", port))
        ((f7, src7),) = replies(pc)
        pc.sendto(QUERY_F4, ("127.0.2.71", port))
        ((f5, src5),) = replies(pc)
    assert src7 == src5 == ("127.0.2.71", port)
    assert parse_f7(f7).serial == 9
    assert parse_f5(f5) == "6.5.0.7"
    assert responder.counts()["answered"] == 2


@pytest.mark.parametrize(
    "frame",
    [
        bytes.fromhex("000000F8"),
        bytes.fromhex("00000003"),
        bytes.fromhex("000000FA"),
        QUERY_F6 + b"\x00",
        b"\x00\x00\xf6",
        b"",
        b"hello world",
    ],
)
def test_every_other_frame_is_ignored_and_counted(pc: socket.socket, frame: bytes) -> None:
    port = free_port(address="127.0.2.72")
    dev = SimulatedDevice("A", "127.0.2.72", command_port=port, data_port_open=False)
    with ISENetResponder([dev], broadcasts=[]) as responder:
        pc.sendto(frame, ("127.0.2.72", port))
        assert replies(pc, 0.15) == []
        assert responder.ignored_frames == 1
        assert responder.state.frames[0].data == frame


def test_silent_device_and_junk_device(pc: socket.socket) -> None:
    port = free_port(address="127.0.2.73")
    devs = [
        SimulatedDevice("M", "127.0.2.73", command_port=port, answer=False, data_port_open=False),
        SimulatedDevice("J", "127.0.2.74", command_port=port, junk=b"junk", data_port_open=False),
    ]
    with ISENetResponder(devs, broadcasts=[]) as responder:
        pc.sendto(QUERY_F6, ("127.0.2.73", port))
        assert replies(pc, 0.15) == []
        pc.sendto(QUERY_F6, ("127.0.2.74", port))
        assert replies(pc) == [(b"junk", ("127.0.2.74", port))]
    assert responder.ignored_frames == 0


def test_two_devices_on_one_address_answer_twice(pc: socket.socket) -> None:
    port = free_port(address="127.0.2.75")
    devs = [
        SimulatedDevice("A", "127.0.2.75", mac="00:20:4A:00:00:01", command_port=port),
        SimulatedDevice("B", "127.0.2.75", mac="00:20:4A:00:00:02", command_port=port),
    ]
    assert list(devices_by_address(devs)) == ["127.0.2.75"]
    with ISENetResponder(devs, broadcasts=[]):
        pc.sendto(QUERY_F6, ("127.0.2.75", port))
        got = replies(pc)
    assert sorted(parse_f7(d).mac or "" for d, _ in got) == [
        "00:20:4A:00:00:01",
        "00:20:4A:00:00:02",
    ]


def test_broadcast_is_answered_from_each_device_address(pc: socket.socket) -> None:
    port = free_port()
    devs = [
        SimulatedDevice(
            f"B{i}", f"127.0.2.{80 + i}", serial=i, command_port=port, data_port_open=False
        )
        for i in range(3)
    ]
    devs.append(SimulatedDevice("MUTE", "127.0.2.83", command_port=port, answer=False))
    assert default_broadcasts(devs) == ["127.255.255.255", "255.255.255.255"]
    with ISENetResponder(devs, broadcasts=["127.255.255.255"]) as responder:
        pc.sendto(QUERY_F6, ("127.255.255.255", port))
        got = replies(pc)
        pc.sendto(bytes.fromhex("000000F8"), ("127.255.255.255", port))
        assert replies(pc, 0.15) == []
    assert sorted(src for _, src in got) == [(f"127.0.2.{80 + i}", port) for i in range(3)]
    assert responder.ignored_frames == 1


def test_unbindable_broadcast_address_falls_back_to_the_wildcard(pc: socket.socket) -> None:
    port = free_port()
    dev = SimulatedDevice("W", "127.0.2.84", command_port=port, data_port_open=False)
    with ISENetResponder([dev], broadcasts=["203.0.113.255"]) as responder:
        assert [s.getsockname() for s in responder._bcast] == [("0.0.0.0", port)]
        pc.sendto(QUERY_F6, ("127.255.255.255", port))
        got = replies(pc)
    assert [src for _, src in got] == [("127.0.2.84", port)]


def test_data_port_takes_one_connection_at_a_time() -> None:
    port = free_port(socket.SOCK_STREAM, "127.0.2.76")
    dev = SimulatedDevice("D", "127.0.2.76", data_port=port)
    with ISENetResponder([dev], broadcasts=[]) as responder:
        first = socket.create_connection(("127.0.2.76", port), timeout=1)
        assert responder.wait_until(lambda: responder.state.data_connections == 1)
        second = socket.create_connection(("127.0.2.76", port), timeout=1)
        assert second.recv(16) == b""  # closed at once: the tunnel is busy
        second.close()
        first.close()
        assert responder.wait_until(lambda: responder.state.data_closed == 1)  # free again
        third = socket.create_connection(("127.0.2.76", port), timeout=1)
        assert responder.wait_until(lambda: responder.state.data_connections == 2)
        third.settimeout(0.1)
        with pytest.raises(TimeoutError):
            third.recv(16)  # held open, like a live tunnel
        third.close()
        counts = responder.counts()
    assert (counts["data_connections"], counts["data_rejected"]) == (2, 1)
    assert responder.data_bytes_received == 0


def test_data_bytes_are_counted() -> None:
    port = free_port(socket.SOCK_STREAM, "127.0.2.77")
    dev = SimulatedDevice("D", "127.0.2.77", data_port=port)
    with ISENetResponder([dev], broadcasts=[]) as responder:
        with socket.create_connection(("127.0.2.77", port), timeout=1) as conn:
            conn.sendall(b"12345")
            responder.wait_until(lambda: responder.data_bytes_received >= 5)
        assert responder.data_bytes_received == 5


def test_closed_data_port_refuses() -> None:
    port = free_port(socket.SOCK_STREAM, "127.0.2.78")
    dev = SimulatedDevice("D", "127.0.2.78", data_port=port, data_port_open=False)
    with ISENetResponder([dev], broadcasts=[]), pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.2.78", port), timeout=1)


@pytest.mark.timeout(10)  # stop() must not hang on an open connection
def test_stop_closes_everything_quickly() -> None:
    port = free_port(address="127.0.2.79")
    dport = free_port(socket.SOCK_STREAM, "127.0.2.79")
    dev = SimulatedDevice("S", "127.0.2.79", command_port=port, data_port=dport)
    responder = ISENetResponder([dev], broadcasts=["127.255.255.255"])
    responder.start()
    conn = socket.create_connection(("127.0.2.79", dport), timeout=1)
    assert responder.wait_until(lambda: responder.state.data_connections == 1)  # accepted
    responder.stop()
    conn.settimeout(1)
    assert conn.recv(16) == b""  # the accepted connection was closed too
    conn.close()
    for kind, p in ((socket.SOCK_DGRAM, port), (socket.SOCK_STREAM, dport)):
        with socket.socket(socket.AF_INET, kind) as again:
            # SO_REUSEADDR only passes TIME_WAIT; a socket still bound would fail the bind
            again.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            again.bind(("127.0.2.79", p))
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.2.79", dport), timeout=1)


def test_a_busy_address_fails_start_and_leaks_nothing() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as holder:
        holder.bind(("127.0.2.90", 0))
        port = holder.getsockname()[1]
        devs = [
            SimulatedDevice("OK", "127.0.2.91", command_port=port),
            SimulatedDevice("BUSY", "127.0.2.90", command_port=port),
        ]
        responder = ISENetResponder(devs, broadcasts=[])
        with pytest.raises(OSError):
            responder.start()
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as again:
        again.bind(("127.0.2.91", port))
