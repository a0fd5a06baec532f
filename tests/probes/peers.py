"""Real loopback peers for the probe tests (servers on 127.0.1.x) and the lab's constants."""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

PROBE_NET = "127.0.1."
#: Lab ports in the peer namespace, one nft rule each (TCP and UDP alike).
DROP, ADMIN, HOST_UNREACH, CLOSED = 7001, 7002, 7003, 7004
#: Outgoing TCP/UDP to this port is dropped by the peer namespace's OUTPUT chain (EPERM).
LOCAL_BLOCK = 7005


def free_port(address: str, kind: socket.SocketKind = socket.SOCK_STREAM) -> int:
    """A port free right now on ``address`` (for servers that must be given a port)."""
    with socket.socket(socket.AF_INET, kind) as sock:
        sock.bind((address, 0))
        return int(sock.getsockname()[1])


def closed_port(address: str, kind: socket.SocketKind = socket.SOCK_STREAM) -> int:
    """A port nothing listens on (bound once and released)."""
    return free_port(address, kind)


@dataclass
class TcpServer:
    """A loopback TCP server running ``handler`` for each connection in a thread."""

    address: str
    port: int
    accepted: int = 0


@contextlib.contextmanager
def tcp_server(
    address: str, handler: Callable[[socket.socket], None] | None = None
) -> Iterator[TcpServer]:
    """Listen on ``address`` (free port); each accepted connection goes to ``handler``."""
    listener = socket.socket()
    listener.bind((address, 0))
    listener.listen(16)
    listener.settimeout(0.1)
    server = TcpServer(address, listener.getsockname()[1])
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                continue
            server.accepted += 1
            with conn:
                conn.settimeout(2)
                with contextlib.suppress(OSError):
                    if handler is not None:
                        handler(conn)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        stop.set()
        thread.join(2)
        listener.close()


@contextlib.contextmanager
def udp_peer(
    address: str, handle: Callable[[bytes, tuple[str, int], socket.socket], None], port: int = 0
) -> Iterator[socket.socket]:
    """A UDP socket on ``address:port`` whose ``handle(data, sender, sock)`` answers each
    datagram as (and when) it likes."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind((address, port))
    sock.settimeout(0.1)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                data, peer = sock.recvfrom(65535)
            except OSError:
                continue
            handle(data, peer, sock)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield sock
    finally:
        stop.set()
        thread.join(2)
        sock.close()


@contextlib.contextmanager
def udp_responder(address: str, reply: Callable[[bytes], bytes | None]) -> Iterator[int]:
    """A UDP server on ``address`` answering each datagram with ``reply(data)`` (None: silence)."""

    def handle(data: bytes, peer: tuple[str, int], sock: socket.socket) -> None:
        answer = reply(data)
        if answer is not None:
            sock.sendto(answer, peer)

    with udp_peer(address, handle) as sock:
        yield int(sock.getsockname()[1])


@dataclass(frozen=True)
class Lab:
    """A peer namespace behind a veth pair; the host side is in this process's namespace."""

    namespace: str
    host: str  # our address on the host side of the veth
    peer: str  # the peer namespace's address (nft rules apply)
    quiet: str  # a second peer address that drops ICMP echo requests
    dark: str  # an address in the subnet nobody has (ARP fails: host unreachable)
    fenced: str  # a third peer address whose echo requests are rejected admin-prohibited


@dataclass(frozen=True)
class Tftpd:
    """A running tftpd-hpa."""

    address: str
    port: int
    root: Path
