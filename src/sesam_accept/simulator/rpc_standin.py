"""A stand-in for the Microsoft RPC endpoint mapper of a SesComm host (software up to 2.1-2).

It reads a DCE/RPC v5 ``bind`` and answers a ``bind_ack`` accepting the NDR transfer syntax,
laid out as ``probes/rpc.py`` documents it, then closes: enough for the RPC-MS check, which
proves that a DCE/RPC server answers (the dynamic RPC ports behind it are not simulated).
"""

from __future__ import annotations

import socket
import struct

from ..probes.rpc import HEADER, NDR_UUID
from .services import TCPListener

PTYPE_BIND, PTYPE_BIND_ACK = 11, 12


def build_bind_ack(call_id: int, port: int) -> bytes:
    """A ``bind_ack`` accepting the first context (secondary address: the mapper's port)."""
    address = f"{port}\0".encode("ascii")
    body = struct.pack("<HHI", 4280, 4280, 0x5E5A) + struct.pack("<H", len(address)) + address
    body += b"\0" * (-(HEADER.size + len(body)) % 4)
    body += struct.pack("<B3x", 1) + struct.pack("<HH", 0, 0)
    body += NDR_UUID.bytes_le + struct.pack("<I", 2)
    length = HEADER.size + len(body)
    return HEADER.pack(5, 0, PTYPE_BIND_ACK, 3, b"\x10\0\0\0", length, 0, call_id) + body


def endpoint_mapper(address: str, port: int, read_timeout: float = 2.0) -> TCPListener:
    """A TCP listener on (address, port) that acknowledges one DCE/RPC bind per connection."""

    def handler(conn: socket.socket) -> None:
        conn.settimeout(read_timeout)
        try:
            data = conn.recv(1024)
        except OSError:
            return
        if len(data) >= HEADER.size and data[0] == 5 and data[2] == PTYPE_BIND:
            call_id = HEADER.unpack_from(data)[7]
            conn.sendall(build_bind_ack(call_id, port))

    return TCPListener(address, port, handler)
