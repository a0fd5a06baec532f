"""A stand-in for a Firebird 3 server, for machines where the real one cannot run.

It reads one ``op_connect`` and answers exactly what Debian's Firebird 3.0.11 with its default
``WireCrypt = Required`` answered when offered protocols 10-13 with only a user and a host name
(captured on loopback): ``op_cont_auth`` (92) followed by four empty counted strings (auth data,
plugin name, plugin list, keys) — 20 bytes. Then it closes the connection. Anything that is not
an ``op_connect`` is closed without an answer, as Firebird does.
"""

from __future__ import annotations

import socket
import struct
import time

from .services import TCPListener

OP_CONNECT = 1
OP_CONT_AUTH = 92
#: What Firebird 3 answered to the suite's op_connect (op_cont_auth + 4 empty counted strings).
CONT_AUTH_ANSWER = struct.pack(">5I", OP_CONT_AUTH, 0, 0, 0, 0)
#: What answers on the port under the ``not-firebird`` fault: an SSH banner, nothing Firebird.
NOT_FIREBIRD_BANNER = b"SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n"
#: The longest op_connect the stand-in reads (a real one is a few hundred bytes).
MAX_CONNECT = 4096


def firebird_standin(address: str, port: int, read_timeout: float = 2.0) -> TCPListener:
    """A (not yet started) listener that answers like Firebird 3 with WireCrypt=Required."""

    def handler(conn: socket.socket) -> None:
        answer_op_connect(conn, read_timeout)

    return TCPListener(address, port, handler)


def not_firebird(address: str, port: int) -> TCPListener:
    """A (not yet started) listener that greets with an SSH banner: a wrong service."""
    return TCPListener(address, port, _greet_and_drain)


def _greet_and_drain(conn: socket.socket) -> None:
    """Send the banner, then read what the client sends (closing on unread data would reset)."""
    conn.sendall(NOT_FIREBIRD_BANNER)
    conn.settimeout(1.0)
    try:
        while conn.recv(MAX_CONNECT):
            pass
    except TimeoutError:
        return


def answer_op_connect(conn: socket.socket, read_timeout: float = 2.0) -> bool:
    """Read one op_connect from ``conn`` and answer op_cont_auth; False if none came."""
    packet = read_op_connect(conn, read_timeout)
    if packet is None:
        return False
    conn.sendall(CONT_AUTH_ANSWER)
    return True


def read_op_connect(conn: socket.socket, read_timeout: float) -> bytes | None:
    """The bytes of one whole op_connect, or None (another opcode, garbage, EOF or timeout)."""
    deadline = time.monotonic() + read_timeout
    data = b""
    while len(data) < MAX_CONNECT:
        size = op_connect_size(data)
        if size == -1:
            return None
        if size and len(data) >= size:
            return data[:size]
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return None
        conn.settimeout(remaining)
        try:
            chunk = conn.recv(MAX_CONNECT)
        except TimeoutError:
            return None
        if not chunk:
            return None
        data += chunk
    return None


def op_connect_size(data: bytes) -> int:
    """Length of the op_connect at the start of ``data``: 0 if more bytes are needed, -1 if
    ``data`` is not an op_connect."""
    if len(data) >= 4 and struct.unpack_from(">I", data)[0] != OP_CONNECT:
        return -1
    offset = 16  # op_connect, op_attach, CONNECT_VERSION3, architecture
    offset = _skip_string(data, offset)  # database path
    if offset == 0 or len(data) < offset + 4:
        return 0
    count: int = struct.unpack_from(">I", data, offset)[0]
    if count > 32:
        return -1
    offset = _skip_string(data, offset + 4)  # user identification block
    if offset == 0:
        return 0
    return offset + 20 * count


def _skip_string(data: bytes, offset: int) -> int:
    """The offset after the counted string at ``offset``, or 0 if ``data`` is too short."""
    if len(data) < offset + 4:
        return 0
    length: int = struct.unpack_from(">I", data, offset)[0]
    return offset + 4 + length + (-length % 4)
