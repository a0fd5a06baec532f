"""The ISENet's 41797/udp replies (Lantronix 77FEh F7 and F5) and the errors of its socket.

Pure parsers and socket-error helpers for ``isenet``; nothing here sends anything (the send guard
lives in ``isenet`` beside the only ``sendto`` calls).
"""

from __future__ import annotations

import errno
import socket
from dataclasses import dataclass

from ..results import Outcome
from ..texts import Said, cause_key, say
from .sockets import (
    SO_EE_ORIGIN_ICMP,
    IcmpError,
    classify_errno,
    classify_icmp,
    read_error_queue_all,
)

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


class ISENetParseError(ValueError):
    """A 41797/udp reply is not a well-formed F7 or F5 answer (``said`` says what is wrong; the
    message is its English text, for the command line)."""

    def __init__(self, said: Said) -> None:
        super().__init__(said.render("en"))
        self.said = said


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
        raise ISENetParseError(say("p.f7.short", n=len(data), need=F7_MIN))
    if data[:4] != F7_HEADER:
        raise ISENetParseError(say("p.f7.header", start=data[:4].hex(" ")))
    kind = data[8:11]
    if not all(0x21 <= b <= 0x7E for b in kind):
        raise ISENetParseError(say("p.f7.type", raw=kind.hex(" ")))
    serial = int.from_bytes(data[22:24], "big")
    mac = format_mac(data[24:30]) if len(data) >= F7_WITH_MAC else None
    return DeviceInfo(kind.decode("ascii"), serial, str(serial), data[22:24].hex(), mac, len(data))


def parse_f5(data: bytes) -> str:
    """The firmware version of an F5 reply (NUL-terminated ASCII from byte 16)."""
    if data[:4] != F5_HEADER:
        raise ISENetParseError(say("p.f5.header", start=data[:4].hex(" ")))
    text = data[F5_TEXT_OFFSET:].split(b"\x00", 1)[0]
    if not text:
        raise ISENetParseError(say("p.f5.empty", n=len(data)))
    if not all(0x20 <= b <= 0x7E for b in text):
        raise ISENetParseError(say("p.f5.text", raw=text[:32].hex(" ")))
    return text.decode("ascii")


@dataclass(frozen=True)
class SocketError:
    """An ICMP error (or a local send error) for one destination."""

    address: str | None  # None when the platform cannot say which destination it was for
    port: int | None
    outcome: Outcome
    error_class: str
    detail: Said


def classify_socket_error(err: IcmpError) -> tuple[Outcome, str]:
    """Outcome and error class of a queued error: ICMP destination unreachable by its code,
    anything else (time exceeded, a local error) by its error number."""
    if err.origin == SO_EE_ORIGIN_ICMP and err.icmp_type == 3:
        return classify_icmp(err)
    return classify_errno(err.errno)


def socket_error(err: IcmpError, address: tuple[str, int] | None) -> SocketError:
    """The SocketError of one queued error for ``address`` (None: the platform did not say)."""
    outcome, error_class = classify_socket_error(err)
    if err.origin == SO_EE_ORIGIN_ICMP:
        detail = say(
            "p.isenet.icmp",
            type=err.icmp_type,
            code=err.icmp_code,
            sender=err.offender or "?",
            error_class=say(cause_key(error_class)),
        )
    else:
        name = errno.errorcode.get(err.errno, str(err.errno))
        detail = say("p.isenet.local_error", name=name, error_class=say(cause_key(error_class)))
    host, port = address if address else (None, None)
    return SocketError(host, port, outcome, error_class, detail)


def read_socket_errors(sock: socket.socket, limit: int = 64) -> list[SocketError]:
    """Every queued ICMP error of a non-blocking ``IP_RECVERR`` socket, with its destination."""
    return [socket_error(err, address) for err, address in read_error_queue_all(sock, limit)]
