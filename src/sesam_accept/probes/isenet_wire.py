"""The ISENet's 41797/udp replies (Lantronix 77FEh F7 and F5) and reading ICMP errors.

Pure parsers and socket-error helpers for ``isenet``; nothing here sends anything (the send guard
lives in ``isenet`` beside the only ``sendto`` calls).
"""

from __future__ import annotations

import errno
import socket
import struct
import sys
from dataclasses import dataclass

from ..results import Outcome

F7_HEADER = bytes.fromhex("000000F7")
F5_HEADER = bytes.fromhex("000000F5")
#: An F7 reply is 30 bytes on XPort-class devices; older devices send 24 (no MAC).
F7_MIN, F7_WITH_MAC = 24, 30
#: The firmware string of an F5 reply starts at byte 16.
F5_TEXT_OFFSET = 16
#: Where the serial number's place in the F7 reply comes from, said wherever a serial is read
#: or compared (check evidence, ``sesam-accept init --discover``, README).
SERIAL_SOURCE = {
    "en": "the serial number is bytes 22-23 of the F7 answer, read big-endian: an offset "
    "inferred from the Lantronix manuals, not taken from a Sesam source",
    "de": "die Seriennummer sind die Bytes 22-23 der F7-Antwort, big-endian gelesen: eine aus "
    "den Lantronix-Handbüchern abgeleitete Stelle, keiner Sesam-Quelle entnommen",
}

IP_RECVERR: int = getattr(socket, "IP_RECVERR", 11)
MSG_ERRQUEUE: int = getattr(socket, "MSG_ERRQUEUE", 0x2000)
SOL_IP: int = getattr(socket, "SOL_IP", 0)
_EXTENDED_ERR = struct.Struct("=IBBBBII")
_ORIGIN_ICMP = 2
_PROHIBITED_CODES = frozenset({9, 10, 13})


class ISENetParseError(ValueError):
    """A 41797/udp reply is not a well-formed F7 or F5 answer (the text says what is wrong)."""


@dataclass(frozen=True)
class DeviceInfo:
    """What an F7 reply tells about a device.

    ``serial`` is bytes 22–23 read big-endian — an inferred offset (protocols.md), so the raw
    bytes are kept in ``serial_hex`` too; ``serial_text`` is its decimal string form, the form a
    site file's ``serial`` is compared with.
    """

    device_type: str  # e.g. "X5K"
    serial: int
    serial_text: str
    serial_hex: str
    mac: str | None  # "00:20:4A:12:34:56", None for a 24-byte reply
    length: int


def format_mac(data: bytes) -> str:
    """Six bytes as ``00:20:4A:12:34:56``."""
    return ":".join(f"{b:02X}" for b in data)


def parse_f7(data: bytes) -> DeviceInfo:
    """Parse an F7 reply (≥ 24 bytes; MAC only if ≥ 30); ISENetParseError otherwise."""
    if len(data) < F7_MIN:
        raise ISENetParseError(f"F7 reply too short: {len(data)} bytes, need at least {F7_MIN}")
    if data[:4] != F7_HEADER:
        raise ISENetParseError(f"not an F7 reply: starts with {data[:4].hex(' ')}")
    kind = data[8:11]
    if not all(0x21 <= b <= 0x7E for b in kind):
        raise ISENetParseError(f"device type is not 3 ASCII characters: {kind.hex(' ')}")
    serial = int.from_bytes(data[22:24], "big")
    mac = format_mac(data[24:30]) if len(data) >= F7_WITH_MAC else None
    return DeviceInfo(kind.decode("ascii"), serial, str(serial), data[22:24].hex(), mac, len(data))


def parse_f5(data: bytes) -> str:
    """The firmware version of an F5 reply (NUL-terminated ASCII from byte 16)."""
    if data[:4] != F5_HEADER:
        raise ISENetParseError(f"not an F5 reply: starts with {data[:4].hex(' ')}")
    text = data[F5_TEXT_OFFSET:].split(b"\x00", 1)[0]
    if not text:
        raise ISENetParseError(f"F5 reply holds no firmware version ({len(data)} bytes)")
    if not all(0x20 <= b <= 0x7E for b in text):
        raise ISENetParseError(f"firmware version is not printable ASCII: {text[:32].hex(' ')}")
    return text.decode("ascii")


@dataclass(frozen=True)
class SocketError:
    """An ICMP error (or a local send error) for one destination."""

    address: str | None  # None when the platform cannot say which destination it was for
    port: int | None
    outcome: Outcome
    error_class: str
    detail: str


def enable_recverr(sock: socket.socket) -> bool:
    """Queue ICMP errors on ``sock`` with their destination (Linux); False elsewhere."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        sock.setsockopt(SOL_IP, IP_RECVERR, 1)
    except OSError:
        return False
    return True


def classify_errno(code: int | None) -> tuple[Outcome, str]:
    """Outcome and error class of a socket error number (POSIX or Windows)."""
    if code in (errno.ECONNREFUSED, errno.ECONNRESET, 10054, 10061):
        return Outcome.REFUSED, "refused"
    if code in (errno.EHOSTUNREACH, errno.EHOSTDOWN, 10065, 10064):
        return Outcome.UNREACHABLE, "host unreachable"
    if code in (errno.ENETUNREACH, errno.ENETDOWN, 10051, 10050):
        return Outcome.UNREACHABLE, "network unreachable"
    if code in (errno.EACCES, errno.EPERM, 10013):
        return Outcome.PERMISSION, "permission"
    return Outcome.ERROR, "error"


def _classify_icmp(ee_errno: int, origin: int, icmp_type: int, code: int) -> tuple[Outcome, str]:
    if origin != _ORIGIN_ICMP or icmp_type != 3:
        return classify_errno(ee_errno)
    if code == 3:
        return Outcome.REFUSED, "refused"
    if code in _PROHIBITED_CODES:
        return Outcome.PROHIBITED, "admin prohibited"
    return Outcome.UNREACHABLE, "network unreachable" if code in (0, 6, 11) else "host unreachable"


def _decode_error(cdata: bytes, address: tuple[str, int] | None) -> SocketError | None:
    if len(cdata) < _EXTENDED_ERR.size:
        return None
    ee_errno, origin, icmp_type, code, _pad, _info, _data = _EXTENDED_ERR.unpack_from(cdata)
    outcome, error_class = _classify_icmp(ee_errno, origin, icmp_type, code)
    rest = cdata[_EXTENDED_ERR.size :]
    sender = socket.inet_ntoa(rest[4:8]) if len(rest) >= 8 else "?"
    detail = f"ICMP type {icmp_type} code {code} from {sender} ({error_class})"
    if origin != _ORIGIN_ICMP:
        detail = f"local error {errno.errorcode.get(ee_errno, ee_errno)} ({error_class})"
    host, port = address if address else (None, None)
    return SocketError(host, port, outcome, error_class, detail)


def read_error_queue(sock: socket.socket, limit: int = 64) -> list[SocketError]:
    """Every queued ICMP error of a non-blocking ``IP_RECVERR`` socket, with its destination."""
    found: list[SocketError] = []
    for _ in range(limit):
        try:
            _data, ancdata, _flags, address = sock.recvmsg(64, 512, MSG_ERRQUEUE)
        except (BlockingIOError, InterruptedError):
            break
        except OSError:
            break
        for level, kind, cdata in ancdata:
            if level == SOL_IP and kind == IP_RECVERR:
                err = _decode_error(cdata, address if isinstance(address, tuple) else None)
                found.extend([err] if err else [])
    return found
