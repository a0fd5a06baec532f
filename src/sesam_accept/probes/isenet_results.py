"""Turning what the ISENet client observed into results: per-address state and search reports.

``isenet`` owns the socket; this module owns the bookkeeping — which queries an address still
owes, what it answered, and the :class:`~sesam_accept.results.ProbeResult` that follows — and
the :class:`SearchResult` of a broadcast search with its duplicates.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..results import Evidence, Outcome, ProbeResult, hex_bytes
from ..site import QUERY_F4, QUERY_F6
from ..texts import Said, say
from .isenet_wire import (
    F5_HEADER,
    F7_HEADER,
    DeviceInfo,
    ISENetParseError,
    SocketError,
    parse_f5,
    parse_f7,
)

#: What a silent ISENet is: no answer (SesComm shows 'Kann Seriennummer nicht ermitteln').
SILENT_DETAIL = say("p.isenet.silent")
_ANSWER_OF = {QUERY_F6: F7_HEADER, QUERY_F4: F5_HEADER}


def _ms(seconds: float) -> float:
    return round(seconds * 1000.0, 3)


@dataclass
class Target:
    """What one address has been asked and has answered so far."""

    address: str
    frames: list[bytes]
    attempts: int = 0
    started: float = 0.0  # wall clock of the first send
    first_sent: float = 0.0  # monotonic
    sent_at: dict[bytes, float] = field(default_factory=dict)  # last send of each query
    conflict: bool = False  # a second, different F7 came from this address
    done_at: float = 0.0
    info: DeviceInfo | None = None
    f7: bytes = b""
    firmware: str | None = None
    f5: bytes = b""
    rtt_ms: float | None = None
    garbage: list[bytes] = field(default_factory=list)
    errors: list[SocketError] = field(default_factory=list)
    reply_ports: set[int] = field(default_factory=set)
    notes: list[Said] = field(default_factory=list)
    #: resets with no address (Windows) that came while this address was waiting
    unattributed_resets: int = 0

    def pending_frames(self) -> list[bytes]:
        """The queries not answered yet."""
        got = {F7_HEADER: self.info is not None, F5_HEADER: self.firmware is not None}
        return [f for f in self.frames if not got[_ANSWER_OF[f]]]

    @property
    def finished(self) -> bool:
        """Answered everything, answered garbage, or failed: no reason to ask again."""
        return bool(self.errors or self.garbage or not self.pending_frames())

    def mark_sent(self, frame: bytes, now: float, failure: SocketError | None) -> None:
        """Record one send of ``frame`` (and its local failure, if any)."""
        if not self.first_sent:
            self.first_sent, self.started = now, time.time()
        self.sent_at[frame] = now
        if failure is not None:
            self.add_error(failure)

    def add_error(self, error: SocketError) -> None:
        """An ICMP error or a send error for this address."""
        self.errors.append(error)
        self.done_at = self.done_at or time.monotonic()

    @property
    def silent(self) -> bool:
        """Nothing came that is known to be this address's: no answer, no error."""
        return self.info is None and self.firmware is None and not self.garbage and not self.errors

    def add_reply(self, data: bytes, port: int, at: float, command_port: int) -> None:
        """A datagram from this address: an F7, an F5, or garbage."""
        if port != command_port and port not in self.reply_ports:
            self.notes.append(say("p.isenet.other_port", port=port, command_port=command_port))
        self.reply_ports.add(port)
        try:
            self._take(data, at)
        except ISENetParseError as exc:
            self.garbage.append(data)
            self.notes.append(say("p.isenet.unusable", reason=exc.said))
        if self.finished:
            self.done_at = self.done_at or at

    def _take(self, data: bytes, at: float) -> None:
        if data[:4] == F7_HEADER:
            info = parse_f7(data)
            if self.info is not None and data != self.f7:
                self.notes.append(say("p.isenet.second_f7", raw=hex_bytes(data)))
                self.conflict = True
                return
            self.info, self.f7 = info, data
            self.rtt_ms = _ms(at - self.sent_at.get(QUERY_F6, self.first_sent))
        elif data[:4] == F5_HEADER:
            self.firmware, self.f5 = parse_f5(data), data
        else:
            raise ISENetParseError(say("p.isenet.neither", start=data[:4].hex(" ")))


def _facts(t: Target) -> dict[str, Any]:
    info = t.info
    return {
        "device_type": info.device_type if info else None,
        "mac": info.mac if info else None,
        "serial": info.serial_text if info else None,
        "serial_hex": info.serial_hex if info else None,
        "firmware": t.firmware,
        "rtt_ms": t.rtt_ms,
        "reply_port": min(t.reply_ports) if t.reply_ports else None,
        "conflicting_answers": t.conflict,
    }


def _verdict(t: Target) -> tuple[Outcome, str | None, Said]:
    if t.info is not None or t.firmware is not None:
        parts = [
            say(
                "p.isenet.answered",
                device=t.info.device_type,
                mac=str(t.info.mac),
                serial=t.info.serial_text,
            )
            if t.info
            else say("p.isenet.answered_f5"),
        ]
        parts += [] if t.info else [say("p.isenet.no_f7")]
        parts += [] if t.firmware or QUERY_F4 not in t.frames else [say("p.isenet.no_f5")]
        return Outcome.OPEN, None, say("p.isenet.parts", parts=tuple(parts))
    if t.garbage:
        return Outcome.WRONG_ANSWER, "wrong answer", say("p.isenet.garbage")
    if t.errors:
        err = t.errors[0]
        return err.outcome, err.error_class, err.detail
    return Outcome.TIMEOUT, "timeout", SILENT_DETAIL


def target_result(t: Target, context: Mapping[str, Any]) -> ProbeResult:
    """The ProbeResult of one queried address."""
    outcome, error_class, detail = _verdict(t)
    end = t.done_at or time.monotonic()
    answer = t.f7 or t.f5 or (t.garbage[0] if t.garbage else b"")
    names = "+".join("F6" if f == QUERY_F6 else "F4" for f in t.frames)
    notes = (*context["notes"], *t.notes)
    ev = Evidence(
        method=f"isenet-{names}",
        protocol="udp",
        target=t.address,
        port=context["port"],
        source=context["source"],
        source_port=context["source_port"],
        started=t.started or time.time(),
        elapsed_ms=_ms(end - t.first_sent) if t.first_sent else 0,
        attempts=t.attempts,
        sent_hex=" | ".join(f.hex(" ") for f in t.frames),
        answer_hex=hex_bytes(answer),
        error_class=error_class,
        facts=_facts(t),
    )
    return ProbeResult(outcome, ev, detail, notes)


@dataclass(frozen=True)
class FoundDevice:
    """One distinct reply to a search: who answered, from which port, and what."""

    address: str
    reply_port: int
    info: DeviceInfo | None  # None for a reply that is not a valid F7
    raw_hex: str
    rtt_ms: float
    count: int = 1  # identical replies (e.g. one per broadcast address)


@dataclass(frozen=True)
class Duplicate:
    """Two answers that cannot both be right: one address, two contents; or one MAC, two IPs."""

    kind: str  # "address" or "mac"
    key: str
    addresses: tuple[str, ...]
    macs: tuple[str | None, ...]
    detail: Said


@dataclass(frozen=True)
class SearchResult:
    """Everything a broadcast search saw, with one ProbeResult per broadcast address sent to."""

    devices: tuple[FoundDevice, ...]
    duplicates: tuple[Duplicate, ...]
    garbage: tuple[FoundDevice, ...]
    broadcasts: dict[str, ProbeResult]
    window: float
    notes: tuple[Said, ...] = ()
    #: Addresses that sent F7s during the search while also being asked by unicast, more of
    #: them than could be told apart: whether they answered the broadcast is not known.
    unattributed: tuple[str, ...] = ()

    @property
    def addresses(self) -> set[str]:
        """The addresses that answered with a valid F7."""
        return {d.address for d in self.devices}

    def at(self, address: str) -> list[FoundDevice]:
        """The valid devices that answered from ``address``."""
        return [d for d in self.devices if d.address == address]


Observed = tuple[str, int, bytes, float]  # address, port, data, seconds after the first send


def _distinct(replies: Sequence[Observed]) -> tuple[list[FoundDevice], list[FoundDevice]]:
    counts: dict[tuple[str, int, bytes], list[float]] = defaultdict(list)
    for address, port, data, after in replies:
        counts[(address, port, data)].append(after)
    devices: list[FoundDevice] = []
    garbage: list[FoundDevice] = []
    for (address, port, data), times in counts.items():
        try:
            info: DeviceInfo | None = parse_f7(data)
        except ISENetParseError:
            info = None
        found = FoundDevice(address, port, info, hex_bytes(data), _ms(min(times)), len(times))
        (devices if info else garbage).append(found)
    return devices, garbage


def find_duplicates(devices: Sequence[FoundDevice]) -> list[Duplicate]:
    """One address answering with different contents, or one MAC answering from two addresses."""
    by_address: dict[str, list[FoundDevice]] = defaultdict(list)
    by_mac: dict[str, set[str]] = defaultdict(set)
    for dev in devices:
        by_address[dev.address].append(dev)
        if dev.info and dev.info.mac:
            by_mac[dev.info.mac].add(dev.address)
    found = []
    for address, devs in by_address.items():
        if len(devs) > 1:
            macs = tuple(d.info.mac if d.info else None for d in devs)
            what = "p.dup.macs" if len(set(macs)) > 1 else "p.dup.content"
            said = say(what, address=address, n=len(devs))
            found.append(Duplicate("address", address, (address,), macs, said))
    for mac, addrs in by_mac.items():
        if len(addrs) > 1:
            found.append(
                Duplicate(
                    "mac",
                    mac,
                    tuple(sorted(addrs)),
                    (mac,),
                    say("p.dup.mac", mac=mac, addresses=", ".join(sorted(addrs))),
                )
            )
    return found


def _broadcast_result(
    address: str,
    failure: SocketError | None,
    replies: int,
    devices: int,
    started: float,
    window: float,
    context: Mapping[str, Any],
) -> ProbeResult:
    if failure is not None:
        outcome, error_class, detail = failure.outcome, failure.error_class, failure.detail
    elif replies:
        outcome, error_class = Outcome.OPEN, None
        detail = say("p.search.answered", devices=devices, replies=replies)
    else:
        outcome, error_class = Outcome.TIMEOUT, "timeout"
        detail = say("p.search.silent", window=window)
    ev = Evidence(
        method="isenet-search-F6",
        protocol="udp",
        target=address,
        port=context["port"],
        source=context["source"],
        source_port=context["source_port"],
        started=started,
        elapsed_ms=_ms(window),
        sent_hex=QUERY_F6.hex(" "),
        error_class=error_class,
        facts={"replies": replies, "devices": devices, "sent": failure is None},
    )
    return ProbeResult(outcome, ev, detail, (*context["notes"], say("p.search.apart")))


def build_search_result(
    targets: Sequence[str],
    sent: Mapping[str, SocketError | None],
    replies: Sequence[Observed],
    errors: Sequence[SocketError],
    *,
    started: float,
    window: float,
    context: Mapping[str, Any],
) -> SearchResult:
    """Assemble a :class:`SearchResult` from what one search sent and received."""
    devices, garbage = _distinct(replies)
    count = len({d.address for d in devices})
    broadcasts = {
        a: _broadcast_result(a, sent[a], len(replies), count, started, window, context)
        for a in targets
    }
    notes = tuple(say("p.search.error", address=e.address or "?", error=e.detail) for e in errors)
    return SearchResult(
        tuple(devices),
        tuple(find_duplicates(devices)),
        tuple(garbage),
        broadcasts,
        window,
        (*context["notes"], *notes),
    )
