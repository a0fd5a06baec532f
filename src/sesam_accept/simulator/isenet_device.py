"""A simulated ISENet board (Lantronix XPort-like) for the simulator, the demo and the tests.

:class:`ISENetResponder` plays one or more :class:`SimulatedDevice` in a background thread:

- 41797/udp (the command port): one socket per device address answers ``00 00 00 F6`` with an F7
  and ``00 00 00 F4`` with an F5, to the query's source address and port. Every other frame is
  ignored and counted (:attr:`ISENetResponder.ignored_frames`), so tests can show that nothing
  unsafe was ever sent. Two devices on one address answer twice, with different content.
- broadcasts: a socket on each broadcast address (127.255.255.255 on Linux loopback, and
  255.255.255.255) answers a broadcast F6 on behalf of every device, each from the device's own
  socket, so a reply's source is the device address. Where a broadcast address cannot be bound
  (Windows), one ``0.0.0.0`` socket sharing the port (``sockopts.Reuse.SHARE``) stands in.
- 41796/tcp (the data port): like a Lantronix tunnel, one connection at a time; a second one is
  closed at once. Bytes received are counted (:attr:`ISENetResponder.data_bytes_received`): the
  suite must never send any.
"""

from __future__ import annotations

import contextlib
import ipaddress
import selectors
import socket
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from ..probes import local
from ..site import QUERY_F4, QUERY_F6
from .services import Running, bind
from .sockopts import Reuse, allow_address_reuse

#: Bytes 4–7 and 11–21 of the captured real F7 reply (protocols.md); 8–10 is the device type.
_F7_IMAGE_HEAD = bytes.fromhex("00205006")
_F7_IMAGE_TAIL = bytes.fromhex("0FFF13000062A7E896FF00")
_F5_LENGTH = 33
_RECV = 2048


@dataclass
class SimulatedDevice:
    """One simulated ISENet board and how it behaves."""

    name: str
    address: str
    mac: str | None = "00:20:4A:00:00:01"  # None: an older device's 24-byte F7 without MAC
    serial: str | int = 1  # 0–65535: bytes 22–23 of the F7 (inferred offset)
    firmware: str = "6.5.0.7"
    device_type: str = "X5K"
    command_port: int = 41797
    data_port: int = 41796
    answer: bool = True  # False: silent on 41797
    data_port_open: bool = True  # False: nothing listens on 41796
    junk: bytes | None = None  # answer every query with these bytes instead (a broken device)


def _mac_bytes(mac: str) -> bytes:
    raw = bytes.fromhex(mac.replace(":", "").replace("-", ""))
    if len(raw) != 6:
        raise ValueError(f"a MAC has 6 bytes: {mac!r}")
    return raw


def build_f7(device: SimulatedDevice) -> bytes:
    """The F7 reply of ``device``: 30 bytes (24 when it has no MAC), the layout of protocols.md."""
    kind = device.device_type.encode("ascii")
    if len(kind) != 3:
        raise ValueError(f"the device type has 3 ASCII characters: {device.device_type!r}")
    try:
        serial = int(device.serial).to_bytes(2, "big")
    except (ValueError, OverflowError) as exc:
        raise ValueError(f"the serial must be a number 0–65535: {device.serial!r}") from exc
    body = bytes.fromhex("000000F7") + _F7_IMAGE_HEAD + kind + _F7_IMAGE_TAIL + serial
    return body + (_mac_bytes(device.mac) if device.mac else b"")


def build_f5(device: SimulatedDevice) -> bytes:
    """The F5 reply of ``device``: the firmware string, NUL-terminated, from byte 16."""
    text = device.firmware.encode("ascii") + b"\x00"
    data = bytes.fromhex("000000F5") + bytes(12) + text
    return data.ljust(_F5_LENGTH, b"\x00")


def _answer(device: SimulatedDevice, frame: bytes) -> bytes | None:
    if not device.answer or frame not in (QUERY_F6, QUERY_F4):
        return None
    if device.junk is not None:
        return device.junk
    return build_f7(device) if frame == QUERY_F6 else build_f5(device)


def default_broadcasts(devices: Iterable[SimulatedDevice]) -> list[str]:
    """The subnet-directed broadcast of each device's interface, and 255.255.255.255."""
    found = []
    for dev in devices:
        iface = local.interface_of(dev.address)
        if iface and iface.broadcast:
            found.append(iface.broadcast)
        elif ipaddress.ip_address(dev.address).is_loopback:
            found.append("127.255.255.255")
    return list(dict.fromkeys([*found, "255.255.255.255"]))


@dataclass
class _DataPort:
    listener: socket.socket
    active: socket.socket | None = None


@dataclass
class ReceivedFrame:
    """One datagram the responder got on a command port."""

    on: str  # the device address, or "broadcast"
    source: tuple[str, int]
    data: bytes
    answered: bool


@dataclass
class _State:
    frames: list[ReceivedFrame] = field(default_factory=list)
    data_connections: int = 0
    data_rejected: int = 0
    data_closed: int = 0  # accepted connections the peer has closed (the port is free again)
    data_bytes_received: int = 0


class ISENetResponder(Running):
    """Plays ``devices`` on their addresses in a background thread (``start()``/``stop()``)."""

    def __init__(
        self, devices: Sequence[SimulatedDevice], *, broadcasts: Sequence[str] | None = None
    ) -> None:
        self.devices = list(devices)
        for dev in self.devices:  # a bad serial, MAC or type fails here, not in the thread
            build_f7(dev)
            build_f5(dev)
        self.broadcasts = list(
            broadcasts if broadcasts is not None else default_broadcasts(devices)
        )
        self.state = _State()
        self._selector: selectors.BaseSelector | None = None
        self._command: dict[tuple[str, int], socket.socket] = {}
        self._bcast: list[socket.socket] = []
        self._data: dict[int, _DataPort] = {}
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._handled = threading.Condition()  # notified after each socket event is handled

    @property
    def ignored_frames(self) -> int:
        """Datagrams that were not exactly F6 or F4 (never answered)."""
        return sum(1 for f in self.state.frames if f.data not in (QUERY_F6, QUERY_F4))

    @property
    def data_bytes_received(self) -> int:
        """Bytes received on any data port (the suite must never send any)."""
        return self.state.data_bytes_received

    def start(self) -> None:
        """Bind every socket and start answering; OSError if an address cannot be bound."""
        self._selector = selectors.DefaultSelector()
        try:
            wildcard = self._open_broadcast_sockets()
            self._open_command_sockets(reuse=wildcard)
            self._open_data_ports()
        except BaseException:
            self._close_all()
            raise
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="isenet-responder", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop the thread (within about 1 s) and close every socket."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=1.0)
            self._thread = None
        self._close_all()

    def _register(self, sock: socket.socket, role: str) -> None:
        assert self._selector is not None
        sock.setblocking(False)
        self._selector.register(sock, selectors.EVENT_READ, role)

    def _open_command_sockets(self, reuse: bool) -> None:
        """One socket per device address; beside a wildcard fallback both share the port."""
        for dev in self.devices:
            key = (dev.address, dev.command_port)
            if key not in self._command:
                sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                self._command[key] = sock
                if reuse:
                    allow_address_reuse(sock, Reuse.SHARE)
                bind(sock, *key)
                self._register(sock, "command")

    def _open_broadcast_sockets(self) -> bool:
        """Bind the broadcast addresses; True if the 0.0.0.0 fallback had to stand in."""
        wildcard = False
        for port in sorted({d.command_port for d in self.devices}):
            bound = [self._bind_broadcast(addr, port) for addr in self.broadcasts]
            if self.broadcasts and not any(bound):
                wildcard = self._bind_broadcast("0.0.0.0", port) or wildcard
        return wildcard

    def _bind_broadcast(self, address: str, port: int) -> bool:
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        allow_address_reuse(sock, Reuse.SHARE)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
        try:
            sock.bind((address, port))
        except OSError:
            sock.close()
            return False
        self._bcast.append(sock)
        self._register(sock, "broadcast")
        return True

    def _open_data_ports(self) -> None:
        for key in dict.fromkeys(
            (d.address, d.data_port) for d in self.devices if d.data_port_open
        ):
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            allow_address_reuse(sock, Reuse.REBIND)
            self._data[sock.fileno()] = _DataPort(sock)
            bind(sock, *key)
            sock.listen(1)
            self._register(sock, "listener")

    def _run(self) -> None:
        assert self._selector is not None
        while not self._stop.is_set():
            for key, _mask in self._selector.select(timeout=0.05):
                sock = key.fileobj
                assert isinstance(sock, socket.socket)
                with contextlib.suppress(OSError):
                    self._handle(sock, str(key.data))
                with self._handled:
                    self._handled.notify_all()

    def wait_until(self, condition: Callable[[], bool], timeout: float = 5.0) -> bool:
        """Wait (at most ``timeout`` s) until ``condition()`` holds, re-checked after each
        event the thread handles; its last value. For a caller that must know the responder
        has seen something (a connection, its end, data) instead of sleeping a while."""
        with self._handled:
            return self._handled.wait_for(condition, timeout)

    def _handle(self, sock: socket.socket, role: str) -> None:
        if role in ("command", "broadcast"):
            data, source = sock.recvfrom(_RECV)
            self._on_datagram(sock, role, data, source)
        elif role == "listener":
            self._on_accept(sock)
        else:
            self._on_data(sock, int(role.split(":", 1)[1]))

    def _on_datagram(self, sock: socket.socket, role: str, data: bytes, source: object) -> None:
        assert isinstance(source, tuple)
        where, port = sock.getsockname()[:2]
        if role == "broadcast":
            devices = [d for d in self.devices if d.command_port == port]
            where = "broadcast"
        else:
            devices = [d for d in self.devices if (d.address, d.command_port) == (where, port)]
        answered = False
        for dev in devices:
            reply = _answer(dev, data)
            if reply is not None:
                out = self._command[(dev.address, dev.command_port)]
                with contextlib.suppress(OSError):
                    out.sendto(reply, source)
                    answered = True
        self.state.frames.append(ReceivedFrame(where, (source[0], source[1]), data, answered))

    def _on_accept(self, listener: socket.socket) -> None:
        conn, _peer = listener.accept()
        port = self._data[listener.fileno()]
        if port.active is not None:
            self.state.data_rejected += 1
            conn.close()
            return
        self.state.data_connections += 1
        port.active = conn
        self._register(conn, f"data:{listener.fileno()}")

    def _on_data(self, conn: socket.socket, listener_fd: int) -> None:
        try:
            chunk = conn.recv(_RECV)
        except OSError:
            chunk = b""
        self.state.data_bytes_received += len(chunk)
        if not chunk:
            assert self._selector is not None
            self._selector.unregister(conn)
            conn.close()
            self._data[listener_fd].active = None
            self.state.data_closed += 1

    def _close_all(self) -> None:
        socks: list[socket.socket] = [*self._command.values(), *self._bcast]
        for port in self._data.values():
            socks += [port.listener, *([port.active] if port.active else [])]
        for sock in socks:
            sock.close()
        if self._selector is not None:
            self._selector.close()
        self._command, self._bcast, self._data, self._selector = {}, [], {}, None

    def counts(self) -> dict[str, int]:
        """Frames seen and answered, ignored frames, data-port connections and bytes."""
        frames = self.state.frames
        return {
            "frames": len(frames),
            "answered": sum(1 for f in frames if f.answered),
            "ignored": self.ignored_frames,
            "data_connections": self.state.data_connections,
            "data_rejected": self.state.data_rejected,
            "data_bytes_received": self.state.data_bytes_received,
        }


def devices_by_address(devices: Iterable[SimulatedDevice]) -> dict[str, list[SimulatedDevice]]:
    """The devices grouped by address (two on one address answer twice)."""
    grouped: dict[str, list[SimulatedDevice]] = defaultdict(list)
    for dev in devices:
        grouped[dev.address].append(dev)
    return dict(grouped)
