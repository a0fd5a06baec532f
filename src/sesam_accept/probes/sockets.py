"""Low-level socket helpers shared by the probes.

Everything here is synchronous and non-blocking; the probes drive the sockets through the running
event loop (``sock_connect``, ``sock_recv``, …), which works on a SelectorEventLoop on every
platform.

ICMP errors: on Linux a socket with ``IP_RECVERR`` keeps every ICMP error it receives on its
*error queue* (``recvmsg(MSG_ERRQUEUE)``) as a ``struct sock_extended_err``::

    u32 ee_errno; u8 ee_origin; u8 ee_type; u8 ee_code; u8 ee_pad; u32 ee_info; u32 ee_data;
    struct sockaddr_in offender;   /* the router (or host) that sent the ICMP error */

That is the only way to tell "administratively prohibited" (a rejecting firewall; Linux reports it
as ``EHOSTUNREACH`` like a real "host unreachable") from "host unreachable". Elsewhere (Windows,
macOS) the probes classify from the errno alone and say so in the evidence notes.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import ipaddress
import os
import socket
import struct
import sys
import time
from dataclasses import dataclass

from ..results import Outcome
from ..texts import Said, say
from . import winsock as ws

#: Linux's ``IP_RECVERR``; older Pythons lack the constant.
IP_RECVERR: int = getattr(socket, "IP_RECVERR", 11)
#: Linux's ``MSG_ERRQUEUE`` (0x2000) and ``MSG_DONTWAIT`` (0x40).
MSG_ERRQUEUE: int = getattr(socket, "MSG_ERRQUEUE", 0x2000)
MSG_DONTWAIT: int = getattr(socket, "MSG_DONTWAIT", 0x40)
SOL_IP: int = getattr(socket, "SOL_IP", 0)
#: ``ee_origin`` of an error that came from an ICMP (v4) message.
SO_EE_ORIGIN_ICMP = 2

_EXTENDED_ERR = struct.Struct("=IBBBBII")
_ADMIN_PROHIBITED_CODES = frozenset({9, 10, 13})
#: The ICMP "destination unreachable" codes the text table names (``p.icmp.3.<code>``).
_UNREACH_CODES = frozenset({0, 1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 13})


@dataclass(frozen=True)
class IcmpError:
    """One ICMP error read from a socket's error queue."""

    errno: int
    origin: int
    icmp_type: int
    icmp_code: int
    offender: str | None

    def describe(self) -> Said:
        """What it says, like "ICMP 3/13 communication administratively prohibited from
        10.0.0.1" (rendered in the run's language)."""
        key = "p.icmp.from" if self.offender else "p.icmp"
        if self.icmp_type == 3:
            name = f"p.icmp.3.{self.icmp_code}" if self.icmp_code in _UNREACH_CODES else "p.icmp.3"
        elif self.icmp_type == 11:
            name = "p.icmp.11"
        else:  # no name: "ICMP 5/1 from 10.0.0.1"
            return say(
                f"{key}.bare", type=self.icmp_type, code=self.icmp_code, sender=self.offender or ""
            )
        return say(
            key,
            type=self.icmp_type,
            code=self.icmp_code,
            name=say(name),
            sender=self.offender or "",
        )


#: Receive buffer asked for by the sockets that hear a whole site at once (the ISENet query and
#: search, the ping batch): hundreds of answers arrive in the same millisecond, and the default
#: buffer (about 200 KiB on Linux, 64 KiB on Windows) drops them beyond ~250 while the event
#: loop is busy with the run's other probes.
RECEIVE_BUFFER = 8 << 20
_SO_RCVBUFFORCE = getattr(socket, "SO_RCVBUFFORCE", 33)


def enlarge_receive_buffer(sock: socket.socket) -> None:
    """Ask for RECEIVE_BUFFER bytes (past the system cap where permitted, e.g. root on Linux)."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.SOL_SOCKET, _SO_RCVBUFFORCE, RECEIVE_BUFFER)
            return
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, RECEIVE_BUFFER)


def parse_extended_err(data: bytes) -> IcmpError | None:
    """Decode a ``sock_extended_err`` (+ offender ``sockaddr_in``); None if it is too short."""
    if len(data) < _EXTENDED_ERR.size:
        return None
    ee_errno, origin, icmp_type, icmp_code, _pad, _info, _data = _EXTENDED_ERR.unpack_from(data)
    offender = None
    rest = data[_EXTENDED_ERR.size :]
    if len(rest) >= 8 and int.from_bytes(rest[:2], sys.byteorder) == socket.AF_INET:
        offender = socket.inet_ntoa(rest[4:8])
    return IcmpError(ee_errno, origin, icmp_type, icmp_code, offender)


def enable_recverr(sock: socket.socket) -> bool:
    """Ask Linux to queue ICMP errors on ``sock``; False where that is not available."""
    if not sys.platform.startswith("linux") or sock.family != socket.AF_INET:
        return False
    try:
        sock.setsockopt(SOL_IP, IP_RECVERR, 1)
    except OSError:
        return False
    return True


def read_error_queue_all(
    sock: socket.socket, limit: int = 64
) -> list[tuple[IcmpError, tuple[str, int] | None]]:
    """Every error queued on ``sock`` (Linux ``IP_RECVERR``), each with the destination it was
    for (None where the kernel gives none); never blocks."""
    found: list[tuple[IcmpError, tuple[str, int] | None]] = []
    for _ in range(limit):
        try:
            _data, ancdata, _flags, addr = sock.recvmsg(512, 512, MSG_ERRQUEUE | MSG_DONTWAIT)
        except (OSError, AttributeError, ValueError):
            break
        for level, kind, cdata in ancdata:
            if level == SOL_IP and kind == IP_RECVERR:
                err = parse_extended_err(cdata)
                if err is not None:
                    found.append((err, addr if isinstance(addr, tuple) else None))
    return found


def read_error_queue(sock: socket.socket, limit: int = 8) -> IcmpError | None:
    """The last ICMP error queued on ``sock`` (Linux ``IP_RECVERR``), or None; never blocks."""
    icmp = [err for err, _ in read_error_queue_all(sock, limit) if err.origin == SO_EE_ORIGIN_ICMP]
    return icmp[-1] if icmp else None


def classify_icmp(err: IcmpError) -> tuple[Outcome, str]:
    """Outcome and error class for an ICMP error (type 3 destination unreachable, 11, …)."""
    if err.icmp_type == 3 and err.icmp_code == 3:
        return Outcome.REFUSED, "refused"
    if err.icmp_type == 3 and err.icmp_code in _ADMIN_PROHIBITED_CODES:
        return Outcome.PROHIBITED, "admin prohibited"
    if err.icmp_type == 3 and err.icmp_code in (0, 6, 11):
        return Outcome.UNREACHABLE, "network unreachable"
    return Outcome.UNREACHABLE, "host unreachable"


#: (outcome, error class, the POSIX errno names and the Windows numbers that mean it). The one
#: table every probe classifies socket errors with; a number not in it is an ERROR "error".
_ERRNO_CLASSES: tuple[tuple[Outcome, str, tuple[str, ...], tuple[int, ...]], ...] = (
    (
        Outcome.REFUSED,
        "refused",
        ("ECONNREFUSED", "ECONNRESET"),
        (ws.WSAECONNREFUSED, ws.WSAECONNRESET),
    ),
    (
        Outcome.UNREACHABLE,
        "host unreachable",
        ("EHOSTUNREACH", "EHOSTDOWN"),
        (ws.WSAEHOSTUNREACH, ws.WSAEHOSTDOWN),
    ),
    (
        Outcome.UNREACHABLE,
        "network unreachable",
        ("ENETUNREACH", "ENETDOWN", "ENETRESET"),
        (ws.WSAENETUNREACH, ws.WSAENETDOWN, ws.WSAENETRESET),
    ),
    (Outcome.PERMISSION, "permission", ("EACCES", "EPERM"), (ws.WSAEACCES,)),
    (Outcome.TIMEOUT, "timeout", ("ETIMEDOUT",), (ws.WSAETIMEDOUT,)),
    (Outcome.ERROR, "address in use", ("EADDRINUSE",), (ws.WSAEADDRINUSE,)),
    (Outcome.ERROR, "address not available", ("EADDRNOTAVAIL",), (ws.WSAEADDRNOTAVAIL,)),
    (Outcome.ERROR, "message too long", ("EMSGSIZE",), (ws.WSAEMSGSIZE,)),
    (Outcome.ERROR, "no buffer space", ("ENOBUFS",), (ws.WSAENOBUFS,)),
    (Outcome.ERROR, "connection aborted", ("ECONNABORTED",), (ws.WSAECONNABORTED,)),
    (Outcome.ERROR, "invalid argument", ("EINVAL",), (ws.WSAEINVAL,)),
)
_BY_CODE: dict[int, tuple[Outcome, str]] = {
    code: (outcome, error_class)
    for outcome, error_class, names, windows in _ERRNO_CLASSES
    for code in (*(getattr(errno, n) for n in names if hasattr(errno, n)), *windows)
}


def classify_errno(code: int | None) -> tuple[Outcome, str]:
    """Outcome and error class from an errno (Linux, macOS, or Windows WSA numbers)."""
    if code is None:
        return Outcome.ERROR, "error"
    return _BY_CODE.get(code, (Outcome.ERROR, "error"))


def os_error_code(exc: OSError) -> int | None:
    """The errno of ``exc``, preferring Windows' ``winerror`` where present."""
    winerror: int | None = getattr(exc, "winerror", None)
    return winerror if winerror is not None else exc.errno


def errno_text(code: int | None, fallback: str = "") -> str:
    """A text for an error number that is the same on every machine: Windows' WSA numbers by
    name and English text (``os.strerror`` says "Unknown error" for them), others as
    ``os.strerror`` has them."""
    if code is None:
        return fallback or "unknown error"
    text = ws.winsock_text(code)
    if text is not None:
        return text
    name = errno.errorcode.get(code)
    plain = os.strerror(code)
    if plain.startswith("Unknown error") and fallback:
        plain = fallback
    return f"{name} ({code}): {plain}" if name else plain


def os_error_text(exc: OSError) -> str:
    """:func:`errno_text` of an exception (its own text where the number is unknown)."""
    return errno_text(os_error_code(exc), exc.strerror or str(exc))


def family_of(address: str) -> socket.AddressFamily:
    """AF_INET or AF_INET6 for a literal address (names are resolved by the caller)."""
    try:
        return socket.AF_INET6 if ipaddress.ip_address(address).version == 6 else socket.AF_INET
    except ValueError:
        return socket.AF_INET


def new_socket(address: str, kind: socket.SocketKind) -> socket.socket:
    """A non-blocking socket of the right family for ``address``."""
    sock = socket.socket(family_of(address), kind)
    sock.setblocking(False)
    return sock


def local_name(sock: socket.socket) -> tuple[str | None, int | None]:
    """The socket's local (address, port), or (None, None) if the platform cannot tell."""
    try:
        name = sock.getsockname()
    except OSError:
        return None, None
    host, port = str(name[0]), int(name[1])
    return (None if host in ("0.0.0.0", "::") else host), (port or None)


class Stopwatch:
    """Milliseconds since creation (monotonic clock)."""

    def __init__(self) -> None:
        self.wall = time.time()
        self._start = time.monotonic()

    def ms(self) -> float:
        """Elapsed milliseconds, rounded to 0.01 ms."""
        return round((time.monotonic() - self._start) * 1000, 2)


class AnswerTooShort(ValueError):
    """An answer too short to hold even its header; the only error the parsers raise."""

    def __init__(self, protocol: str, got: int, need: int) -> None:
        self.protocol, self.got, self.need = protocol, got, need
        super().__init__(f"{protocol} answer too short: {got} bytes, need at least {need}")


async def read_at_least(
    sock: socket.socket, want: int, timeout: float, limit: int = 4096
) -> tuple[bytes, str]:
    """Read from a connected stream until ``want`` bytes, EOF or timeout.

    Returns the bytes read and how reading ended: ``"enough"``, ``"eof"``, ``"timeout"`` or
    ``"reset"`` (the peer reset the connection).
    """
    loop = asyncio.get_running_loop()
    data = b""
    while len(data) < want:
        try:
            chunk = await asyncio.wait_for(loop.sock_recv(sock, limit - len(data)), timeout)
        except asyncio.TimeoutError:
            return data, "timeout"
        except OSError:
            return data, "reset"
        if not chunk:
            return data, "eof"
        data += chunk
    return data, "enough"
