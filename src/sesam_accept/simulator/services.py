"""Small socket services the simulated site is built from, each in its own background thread.

Every service binds in ``start()`` (so a clash raises there, in the caller's thread) and closes
every socket it owns in ``stop()`` within about one poll interval.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TypeVar

from ..errors import PortInUse
from ..probes import local
from .sockopts import Reuse, allow_address_reuse

#: How often a service thread looks at its stop flag (seconds).
POLL = 0.1

Handler = Callable[[socket.socket], None]
Replier = Callable[[bytes], "bytes | None"]
_Started = TypeVar("_Started", bound="Running")


class Running(ABC):
    """A part that runs between ``start()`` and ``stop()``: ``with`` it, it stops however the
    block ends (the site simulator, the ISENet responder)."""

    @abstractmethod
    def start(self) -> None: ...

    @abstractmethod
    def stop(self) -> None: ...

    def __enter__(self: _Started) -> _Started:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def bind(sock: socket.socket, address: str, port: int) -> None:
    """Bind, turning "address in use" into a PortInUse that names the holder."""
    try:
        sock.bind((address, port))
    except OSError as exc:
        if exc.errno != errno.EADDRINUSE:
            raise
        proto = "tcp" if sock.type == socket.SOCK_STREAM else "udp"
        holder = local.port_holder(address, port, proto)
        raise PortInUse(address, port, proto, holder) from exc


def tcp_server_socket(address: str, port: int) -> socket.socket:
    """A listening TCP socket on (address, port); quick to rebind after a restart."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        allow_address_reuse(sock, Reuse.REBIND)
        bind(sock, address, port)
        sock.listen(16)
    except OSError:
        sock.close()
        raise
    sock.settimeout(POLL)
    return sock


class TCPListener:
    """Accepts connections on (address, port) and hands each to ``handler`` in its own thread.

    Without a handler a connection is held open (as a real service would) until the peer closes
    it or the listener stops.
    """

    def __init__(self, address: str, port: int, handler: Handler | None = None) -> None:
        self.address, self.port, self._handler = address, port, handler
        self._sock: socket.socket | None = None
        self._stop = threading.Event()
        self._conns: list[socket.socket] = []
        self._threads: list[threading.Thread] = []
        self._lock = threading.Lock()

    def start(self) -> None:
        """Bind, listen and start accepting."""
        self._sock = tcp_server_socket(self.address, self.port)
        self.port = self._sock.getsockname()[1]
        self._spawn(self._accept_loop)

    def stop(self) -> None:
        """Stop accepting and close the listener and every connection it accepted."""
        self._stop.set()
        with self._lock:
            for conn in self._conns:
                _close(conn)
        for thread in self._threads:
            thread.join(timeout=1.0)
        if self._sock is not None:
            _close(self._sock)

    def _spawn(self, target: Callable[..., None], *args: object) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True, name=f"sim-tcp-{self}")
        self._threads.append(thread)
        thread.start()

    def _accept_loop(self) -> None:
        assert self._sock is not None
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with self._lock:
                self._conns.append(conn)
            self._spawn(self._serve, conn)

    def _serve(self, conn: socket.socket) -> None:
        try:
            if self._handler is not None:
                self._handler(conn)
            else:
                _hold(conn, self._stop)
        except OSError:
            pass
        finally:
            _close(conn)

    def __str__(self) -> str:
        return f"{self.address}:{self.port}/tcp"


class UDPService:
    """A UDP socket bound on (address, port); ``replier`` answers each datagram (or not).

    With no replier the socket is only held: datagrams are read and dropped, so the sender sees
    silence rather than ICMP port unreachable.
    """

    def __init__(self, address: str, port: int, replier: Replier | None = None) -> None:
        self.address, self.port, self._replier = address, port, replier
        self._sock: socket.socket | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.received = 0

    def start(self) -> None:
        """Bind and start reading."""
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        try:
            bind(sock, self.address, self.port)
        except OSError:
            sock.close()
            raise
        sock.settimeout(POLL)
        self._sock = sock
        self.port = sock.getsockname()[1]
        self._thread = threading.Thread(target=self._loop, daemon=True, name=f"sim-udp-{self}")
        self._thread.start()

    def stop(self) -> None:
        """Stop reading and close the socket."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=1.0)
        if self._sock is not None:
            _close(self._sock)

    def _loop(self) -> None:
        assert self._sock is not None
        while not self._stop.is_set():
            try:
                data, peer = self._sock.recvfrom(2048)
            except (TimeoutError, ConnectionResetError):
                continue  # ConnectionResetError: Windows reports an earlier ICMP error here
            except OSError:
                return
            self.received += 1
            answer = self._replier(data) if self._replier else None
            if answer:
                with contextlib.suppress(OSError):
                    self._sock.sendto(answer, peer)

    def __str__(self) -> str:
        return f"{self.address}:{self.port}/udp"


#: The simulated SesComm: connects to each target given as ADDRESS:PORT, prints what it holds
#: (JSON), and keeps the connections until its stdin closes.
_SESCOMM = """
import json, socket, sys
source, timeout, held, done = sys.argv[1], float(sys.argv[2]), [], {"connected": [], "failed": {}}
for target in sys.argv[3:]:
    address, port = target.rsplit(":", 1)
    try:
        held.append(socket.create_connection((address, int(port)), timeout, (source, 0)))
        done["connected"].append([address, int(port)])
    except OSError as exc:
        done["failed"][target] = type(exc).__name__
print(json.dumps(done), flush=True)
sys.stdin.read()
"""


class OutboundLinks:
    """Established TCP connections from ``source`` to each target, as SesComm holds them: in a
    process of its own named ``SesComm.exe`` (a link to this Python), because the suite credits
    a connection to SesComm only when a process of that name holds it."""

    def __init__(self, source: str, targets: list[tuple[str, int]], timeout: float = 1.0) -> None:
        self.source, self.targets, self.timeout = source, targets, timeout
        self.connected: list[tuple[str, int]] = []
        self.failed: dict[str, str] = {}
        self._proc: subprocess.Popen[str] | None = None
        self._dir = Path(tempfile.mkdtemp(prefix="sesam-sescomm-"))

    def start(self) -> None:
        """Connect to every target once; a failure is recorded, not raised."""
        exe = self._dir / "SesComm.exe"
        try:
            exe.symlink_to(os.path.realpath(sys.executable))
        except OSError:  # no symlinks here (Windows without the right): an unnamed SesComm
            exe = Path(sys.executable)
        argv = [str(exe), "-c", _SESCOMM, self.source, str(self.timeout)]
        argv += [f"{address}:{port}" for address, port in self.targets]
        self._proc = subprocess.Popen(
            argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        assert self._proc.stdout is not None
        done = json.loads(self._proc.stdout.readline() or "{}")
        self.connected = [(str(a), int(p)) for a, p in done.get("connected", [])]
        self.failed = dict(done.get("failed", {}))

    def stop(self) -> None:
        """Close every connection (the process ends when its stdin closes)."""
        if self._proc is not None:
            with contextlib.suppress(OSError, subprocess.TimeoutExpired):
                self._proc.communicate(timeout=5)
            if self._proc.poll() is None:
                self._proc.kill()
                self._proc.wait(5)
            self._proc = None
        shutil.rmtree(self._dir, ignore_errors=True)


def _hold(conn: socket.socket, stop: threading.Event) -> None:
    conn.settimeout(POLL)
    while not stop.is_set():
        try:
            if not conn.recv(4096):
                return
        except TimeoutError:
            continue


def _close(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.close()
