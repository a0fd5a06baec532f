"""Facts about the host the suite runs on: its addresses, who listens where, live connections.

Everything here reads the local machine through psutil and sends nothing. Reading the socket
table may be denied on some platforms (macOS without root, hardened Linux): the functions then
degrade to "unknown" with a note, they never raise for that.
"""

from __future__ import annotations

import fnmatch
import ipaddress
import os
import socket
import sys
from collections.abc import Iterable
from dataclasses import dataclass

import psutil

from ..results import Outcome, ProbeResult
from ..texts import Said, say
from .sockets import Stopwatch
from .trial import Trial

_KINDS = {"tcp": "tcp", "udp": "udp"}  # IPv4 and IPv6: a dual-stack "::" socket serves IPv4 too
_WILDCARDS = ("0.0.0.0", "::", "")
#: Process names (case-insensitive patterns) that are SesComm, the Sesam communication server:
#: only a connection such a process holds is SesComm's own (ISE-DATA's live evidence).
SESCOMM_PROCESSES = ("SesComm*",)


def is_sescomm(process: str | None) -> bool:
    """True when ``process`` is named like SesComm (an unknown process never is)."""
    name = (process or "").lower()
    return bool(name) and any(fnmatch.fnmatch(name, p.lower()) for p in SESCOMM_PROCESSES)


def is_loopback(address: str) -> bool:
    """127.0.0.0/8 or ::1 (a wildcard is not loopback)."""
    try:
        return ipaddress.ip_address(address.split("%", 1)[0]).is_loopback
    except ValueError:
        return False


def is_wildcard(address: str) -> bool:
    """``0.0.0.0``, ``::`` or empty: bound on every address."""
    return address in _WILDCARDS


@dataclass(frozen=True)
class InterfaceAddress:
    """One IPv4 address of a local interface, with its netmask and broadcast address."""

    interface: str
    address: str
    netmask: str | None
    broadcast: str | None  # computed from the netmask when the OS does not report one


@dataclass(frozen=True)
class Listener:
    """A local socket that listens (TCP) or is bound (UDP) on a port."""

    address: str
    port: int
    protocol: str
    pid: int | None
    process: str | None


@dataclass(frozen=True)
class Connection:
    """An established local TCP connection."""

    local_address: str
    local_port: int
    remote_address: str
    remote_port: int
    pid: int | None
    process: str | None


@dataclass(frozen=True)
class SocketScan:
    """The result of reading the socket table: what was found and why it may be incomplete."""

    listeners: tuple[Listener, ...]
    connections: tuple[Connection, ...]
    complete: bool
    notes: tuple[Said, ...] = ()


def _broadcast_of(address: str, netmask: str | None) -> str | None:
    if not netmask:
        return None
    net = ipaddress.IPv4Network(f"{address}/{netmask}", strict=False)
    return None if net.prefixlen >= 31 else str(net.broadcast_address)


def local_addresses() -> list[InterfaceAddress]:
    """Every IPv4 address of every local interface (loopback included)."""
    found = []
    for name, addrs in psutil.net_if_addrs().items():
        for addr in addrs:
            if addr.family != socket.AF_INET:
                continue
            bcast = addr.broadcast or _broadcast_of(addr.address, addr.netmask)
            found.append(InterfaceAddress(name, addr.address, addr.netmask, bcast))
    return found


def interface_of(address: str) -> InterfaceAddress | None:
    """The interface address holding ``address`` (any 127/8 address maps to loopback)."""
    ip = ipaddress.ip_address(address)
    candidates = local_addresses()
    for item in candidates:
        if item.address == address:
            return item
    if ip.is_loopback:
        return next((i for i in candidates if ipaddress.ip_address(i.address).is_loopback), None)
    return None


def is_local_address(address: str) -> bool:
    """True if this machine can bind ``address``: one of its own, or 127/8 on loopback.

    The wildcard ``0.0.0.0`` is not a host address and counts as False. macOS configures only
    127.0.0.1 on its loopback, so other 127/8 addresses count only on Linux and Windows.
    """
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    if ip.is_unspecified:
        return False
    if any(item.address == address for item in local_addresses()):
        return True
    return ip.is_loopback and ip.version == 4 and sys.platform != "darwin"


def _process_name(pid: int | None) -> str | None:
    if pid is None:
        return None
    try:
        return psutil.Process(pid).name()
    except (psutil.Error, OSError):
        return None


def _raw_connections(protocol: str) -> tuple[list[object], list[Said]]:
    """psutil's socket table for ``protocol``, or an empty list and the reason it is missing."""
    try:
        return list(psutil.net_connections(kind=_KINDS[protocol])), []
    except psutil.AccessDenied:
        return [], [say("p.local.denied")]
    except (psutil.Error, OSError) as exc:
        return [], [say("p.local.unreadable", reason=f"{exc.__class__.__name__}: {exc}")]


def _address_matches(bound: str, wanted: str | None) -> bool:
    return wanted is None or bound == wanted or bound in _WILDCARDS


def scan_listeners(
    port: int, protocol: str, address: str | None = None, exclude_pid: int | None = None
) -> SocketScan:
    """Read the socket table for listeners on ``port``/``protocol`` (``address`` or wildcard),
    leaving out the sockets of process ``exclude_pid``."""
    raw, notes = _raw_connections(protocol)
    found = []
    for conn in raw:
        laddr = getattr(conn, "laddr", None)
        if not laddr or laddr.port != port or not _address_matches(laddr.ip, address):
            continue
        if exclude_pid is not None and getattr(conn, "pid", None) == exclude_pid:
            continue
        if protocol == "tcp" and getattr(conn, "status", "") != psutil.CONN_LISTEN:
            continue
        pid = getattr(conn, "pid", None)
        found.append(Listener(laddr.ip, laddr.port, protocol, pid, _process_name(pid)))
    return SocketScan(tuple(found), (), complete=not notes, notes=tuple(notes))


def listeners(port: int, protocol: str, address: str | None = None) -> list[Listener]:
    """Local sockets listening (TCP) or bound (UDP) on ``port`` at ``address`` or the wildcard."""
    return list(scan_listeners(port, protocol, address).listeners)


Table = tuple[list[object], list[Said]]  # psutil's TCP socket table and why it may be partial


def scan_established(
    remote_address: str, remote_port: int, table: Table | None = None
) -> SocketScan:
    """Read the socket table for established TCP connections to ``remote_address:remote_port``.

    ``table`` is a socket table read earlier (see :func:`established_checks`).
    """
    raw, notes = table if table is not None else _raw_connections("tcp")
    found = []
    for conn in raw:
        raddr = getattr(conn, "raddr", None)
        if not raddr or (raddr.ip, raddr.port) != (remote_address, remote_port):
            continue
        if getattr(conn, "status", "") != psutil.CONN_ESTABLISHED:
            continue
        laddr = conn.laddr  # type: ignore[attr-defined]
        pid = getattr(conn, "pid", None)
        found.append(
            Connection(laddr.ip, laddr.port, raddr.ip, raddr.port, pid, _process_name(pid))
        )
    return SocketScan((), tuple(found), complete=not notes, notes=tuple(notes))


def established(remote_address: str, remote_port: int) -> list[Connection]:
    """Established local TCP connections to ``remote_address:remote_port`` (e.g. ISENet:41796)."""
    return list(scan_established(remote_address, remote_port).connections)


def process_said(pid: int | None, process: str | None) -> Said:
    """``"pid 1234 (SesComm.exe)"``, or as much of it as is known, in no language yet."""
    if pid is None:
        return say("p.local.unknown_process")
    return say("p.local.process", pid=pid, name=process) if process else say("p.local.pid", pid=pid)


def describe_process(pid: int | None, process: str | None) -> str:
    """:func:`process_said` in English, for the messages of the command line and the
    simulator (a report renders :func:`process_said` in its own language)."""
    return process_said(pid, process).render("en")


def port_holders(address: str, port: int, protocol: str) -> tuple[Said, ...]:
    """Who holds ``address:port/protocol``, each as :func:`process_said` (an unknown process
    when the socket table does not say)."""
    scan = scan_listeners(port, protocol, address)
    exact = [item for item in scan.listeners if item.address == address] or list(scan.listeners)
    known = {describe_process(i.pid, i.process): i for i in exact if i.pid is not None}
    if known:
        return tuple(process_said(known[k].pid, known[k].process) for k in sorted(known))
    return (process_said(None, None),)


def port_holder(address: str, port: int, protocol: str) -> str:
    """Who holds ``address:port/protocol``: ``"pid 1234 (SesComm.exe)"`` or "an unknown process"
    (:func:`port_holders` in English, for the command line and the simulator)."""
    return ", ".join(holder.render("en") for holder in port_holders(address, port, protocol))


def _listener_facts(found: tuple[Listener, ...]) -> dict[str, object]:
    bound = sorted({i.address for i in found})
    return {
        "listeners": [
            {"address": i.address, "port": i.port, "pid": i.pid, "process": i.process}
            for i in found
        ],
        "addresses": bound,
        "loopback_only": all(is_loopback(a) for a in bound),
        "pid": found[0].pid,
        "process": found[0].process,
    }


def listener_check(port: int, protocol: str, address: str | None = None) -> ProbeResult:
    """OPEN when a local process listens on ``port``/``protocol``; REFUSED when nothing does.

    The suite's own sockets (this process: the ISENet client's 41797, probe sockets) are not
    counted. The evidence names each address actually bound (``facts["addresses"]``,
    ``facts["loopback_only"]``): a judge decides whether other hosts can reach it. When the
    socket table cannot be read, the outcome is PERMISSION (nothing can be said).
    """
    watch = Stopwatch()
    scan = scan_listeners(port, protocol, address, exclude_pid=os.getpid())
    target = address or "0.0.0.0"
    trial = Trial(target, port, f"local-listener-{protocol}", "local", watch, notes=[*scan.notes])
    where = f"{target}:{port}/{protocol}"
    if scan.listeners:
        trial.address = ", ".join(sorted({i.address for i in scan.listeners}))
        who = [
            say(
                "p.local.listener",
                process=process_said(i.pid, i.process),
                where=f"{i.address or '*'}:{port}/{protocol}",
            )
            for i in scan.listeners
        ]
        said = say("p.local.listening", who=tuple(who))
        return trial.result(Outcome.OPEN, said, facts=_listener_facts(scan.listeners))
    if not scan.complete:
        said = say("p.local.listeners_unknown", where=where)
        return trial.result(Outcome.PERMISSION, said, error_class="permission")
    said = say("p.local.nothing_listens", where=where)
    return trial.result(Outcome.REFUSED, said, error_class="nothing listens")


def established_checks(addresses: Iterable[str], port: int) -> dict[str, ProbeResult]:
    """:func:`established_check` for many addresses from one read of the socket table.

    Reading the table costs time proportional to the sockets on the machine; one read per
    ISENet made a thousand-ISENet run quadratic.
    """
    raw, notes = _raw_connections("tcp")
    # This process's own connections are the suite's probes, not the program under test.
    # The table is sorted by remote end once: SesComm alone holds one connection per ISENet,
    # and a scan of the whole table per ISENet made a thousand ISENets cost a million looks.
    by_remote: dict[tuple[str, int], list[object]] = {}
    for conn in raw:
        raddr = getattr(conn, "raddr", None)
        if raddr and getattr(conn, "pid", None) != os.getpid():
            by_remote.setdefault((raddr.ip, raddr.port), []).append(conn)
    return {
        address: established_check(address, port, (by_remote.get((address, port), []), notes))
        for address in addresses
    }


def established_check(address: str, port: int, table: Table | None = None) -> ProbeResult:
    """OPEN when SesComm (see :func:`is_sescomm`) holds an established TCP connection to
    ``address:port``; the evidence names the process.

    REFUSED (error class "no connection") when SesComm holds none right now, also when another
    program does (named in the detail: its connection is not SesComm's): that is no proof the
    network blocks the path, so a judge treats it as missing evidence. PERMISSION when the
    socket table cannot be read.
    """
    watch = Stopwatch()
    scan = scan_established(address, port, table)
    trial = Trial(address, port, "local-established", "local", watch)
    where = f"{address}:{port}/tcp"
    ours = [c for c in scan.connections if is_sescomm(c.process)]
    if ours:
        first = ours[0]
        facts = {
            "pid": first.pid,
            "process": first.process,
            "sescomm": True,
            "local_address": first.local_address,
            "local_port": first.local_port,
            "connections": len(ours),
        }
        trial.source, trial.source_port = first.local_address, first.local_port
        said = say("p.local.sescomm", process=process_said(first.pid, first.process), where=where)
        return trial.result(Outcome.OPEN, said, facts=facts)
    if not scan.complete:
        trial.notes = [*scan.notes]
        said = say("p.local.connections_unknown", where=where)
        return trial.result(Outcome.PERMISSION, said, error_class="permission")
    others = sorted({describe_process(c.pid, c.process) for c in scan.connections})
    if others:
        holders = {(c.pid, c.process) for c in scan.connections}
        said = say(
            "p.local.other_holder",
            where=where,
            others=tuple(process_said(*h) for h in sorted(holders, key=str)),
            names=", ".join(SESCOMM_PROCESSES),
        )
    else:
        said = say("p.local.no_sescomm", where=where)
    return trial.result(
        Outcome.REFUSED, said, error_class="no connection", facts={"other_processes": others}
    )
