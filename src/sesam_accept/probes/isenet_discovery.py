"""The ISENets that answer the broadcast search on this machine's interfaces (``init --discover``).

Read-only, like the checks: one :class:`~sesam_accept.probes.isenet.ISENetClient` per IPv4
interface of this machine (loopback excluded) broadcasts the 4-byte F6 and F4 queries to that
interface's own broadcast address and to 255.255.255.255 from that interface's address, and
nowhere else. The F7 answers go through the same :class:`SearchResult` (and so the same
:func:`~sesam_accept.probes.isenet_wire.parse_f7` and duplicate rules) as the FLOW-SEARCH
check; the F5 answers through :func:`~sesam_accept.probes.isenet_wire.parse_f5`.
"""

from __future__ import annotations

import asyncio
import ipaddress
import sys
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import psutil

from ..errors import EnvironmentProblem
from ..eventloop import loop_choice, run_on
from ..site import Timing
from . import local
from .isenet import LIMITED_BROADCAST, ISENetClient
from .isenet_results import FoundDevice, find_duplicates
from .isenet_wire import ISENetParseError, parse_f5

#: How long the search listens in all (seconds), and how often it asks within that time: the
#: FLOW-SEARCH check's with the site file's default timing.
DEFAULT_WINDOW = Timing().search_window
ROUNDS = Timing().search_rounds


@dataclass(frozen=True)
class Board:
    """One ISENet as it reported itself: F7 (type, MAC, serial) and F5 (firmware)."""

    address: str
    device_type: str
    mac: str | None  # None: a 24-byte F7 (older device, no MAC)
    serial: str
    serial_hex: str
    firmware: str | None  # None: no usable F5 answer
    answers: int  # identical F7 answers heard (one per broadcast address and round is normal)


@dataclass(frozen=True)
class Discovery:
    """What the search on every interface found, and what it could not trust."""

    interfaces: tuple[local.InterfaceAddress, ...]
    broadcasts: tuple[str, ...]  # every address a query went to
    window: float
    rounds: int
    boards: tuple[Board, ...]  # sorted by address; none of them in a conflict
    conflicts: tuple[tuple[str, tuple[Board, ...]], ...]  # (what is wrong, the boards involved)
    notes: tuple[str, ...]  # bind fallbacks, send errors, unusable answers


def search_interfaces() -> list[local.InterfaceAddress]:
    """This machine's IPv4 addresses on interfaces that are up and have a broadcast address
    (loopback left out)."""
    up = {name for name, stats in psutil.net_if_stats().items() if stats.isup}
    found = []
    for item in local.local_addresses():
        usable = item.broadcast and item.interface in up
        if usable and not ipaddress.ip_address(item.address).is_loopback:
            found.append(item)
    return found


def discover(window: float = DEFAULT_WINDOW, rounds: int = ROUNDS) -> Discovery:
    """Search on every interface of :func:`search_interfaces` at once; ``window`` in seconds."""
    # The engine's loop (a selector loop on every platform; see eventloop): one socket per
    # interface is far below Windows' select() limit.
    return run_on(loop_choice(sys.platform), _discover(search_interfaces(), window, rounds))


async def _discover(
    interfaces: Sequence[local.InterfaceAddress], window: float, rounds: int
) -> Discovery:
    runs = await asyncio.gather(*(_search_from(i, window, rounds) for i in interfaces))
    devices: dict[tuple[str, int, object], FoundDevice] = {}
    firmware: dict[str, set[str]] = defaultdict(set)
    notes: list[str] = []
    for found, f5, more_notes in runs:
        for dev in found:  # one board heard on two interfaces is one board
            key = (dev.address, dev.reply_port, dev.info)
            seen = devices.get(key)
            devices[key] = dev if seen is None else _more(seen, dev.count)
        notes += more_notes
        for address, data in f5:
            try:
                firmware[address].add(parse_f5(data))
            except ISENetParseError as exc:
                notes.append(f"{address}: unusable F4 answer: {exc}")
    boards, conflicts = _sort_out(list(devices.values()), firmware)
    broadcasts = [b for i in interfaces for b in _targets(i)]
    return Discovery(
        tuple(interfaces),
        tuple(dict.fromkeys(broadcasts)),
        window,
        rounds,
        boards,
        conflicts,
        tuple(dict.fromkeys(notes)),
    )


def _targets(iface: local.InterfaceAddress) -> list[str]:
    return list(dict.fromkeys([str(iface.broadcast), LIMITED_BROADCAST]))


def _more(dev: FoundDevice, count: int) -> FoundDevice:
    return FoundDevice(dev.address, dev.reply_port, dev.info, dev.raw_hex, dev.rtt_ms,
                       dev.count + count)  # fmt: skip


async def _search_from(
    iface: local.InterfaceAddress, window: float, rounds: int
) -> tuple[list[FoundDevice], list[tuple[str, bytes]], list[str]]:
    try:
        async with ISENetClient(iface.address) as client:
            found, f5 = await client.search_with_firmware(
                window=window, broadcast_targets=_targets(iface), rounds=rounds
            )
    except EnvironmentProblem as exc:  # this interface only: the others still count
        return [], [], [f"{iface.address} ({iface.interface}): not searched: {exc}"]
    notes = [f"{iface.address} ({iface.interface}): {n.render('en')}" for n in found.notes]
    notes += [f"{d.address}: unusable answer {d.raw_hex}" for d in found.garbage]
    return list(found.devices), f5, notes


def _board(dev: FoundDevice, firmware: set[str]) -> Board:
    info = dev.info
    assert info is not None  # a SearchResult's devices are valid F7s
    only = next(iter(firmware)) if len(firmware) == 1 else None
    return Board(dev.address, info.device_type, info.mac, info.serial_text, info.serial_hex,
                 only, dev.count)  # fmt: skip


def _sort_out(
    devices: list[FoundDevice], firmware: dict[str, set[str]]
) -> tuple[tuple[Board, ...], tuple[tuple[str, tuple[Board, ...]], ...]]:
    """The boards nobody doubts, and each duplicate (one address, two contents; one MAC on
    two addresses) with the boards it involves: the same rules as the FLOW-SEARCH check."""
    boards = {id(d): _board(d, firmware.get(d.address, set())) for d in devices}
    conflicts = []
    doubted: set[int] = set()
    for dup in find_duplicates(devices):
        involved = [d for d in devices if _in(d, dup.kind, dup.key)]
        doubted.update(id(d) for d in involved)
        conflicts.append((dup.detail.render("en"), tuple(boards[id(d)] for d in involved)))
    for dev in devices:
        if _unusable(dev.address) and id(dev) not in doubted:
            doubted.add(id(dev))
            why = f"{dev.address} is no address to reach a board at: give it one, then add it"
            conflicts.append((why, (boards[id(dev)],)))
    for address, versions in firmware.items():
        if len(versions) > 1:
            conflicts.append((f"{address} reported firmware {', '.join(sorted(versions))}", ()))
    clear = sorted(
        (boards[id(d)] for d in devices if id(d) not in doubted),
        key=lambda b: ipaddress.IPv4Address(b.address),
    )
    return tuple(clear), tuple(conflicts)


def _unusable(address: str) -> bool:
    """An answer from 0.0.0.0 (a board without an IP address), a broadcast or multicast one."""
    ip = ipaddress.IPv4Address(address)
    return ip.is_unspecified or ip.is_multicast or ip == ipaddress.IPv4Address(LIMITED_BROADCAST)


def _in(dev: FoundDevice, kind: str, key: str) -> bool:
    if kind == "address":
        return dev.address == key
    return dev.info is not None and dev.info.mac == key
