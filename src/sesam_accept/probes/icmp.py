"""ICMP echo probe: icmplib first, then the system ``ping`` command.

Order of methods (protocols.md, "ICMP echo"): icmplib with a raw socket (``privileged=True``:
root or CAP_NET_RAW on Linux, an elevated process on Windows); icmplib with an unprivileged ICMP
datagram socket (Linux, when the process's group is in ``net.ipv4.ping_group_range``); the system
``ping`` command (no privilege needed: it is set-capability on Linux). The evidence says which
method ran (``facts["via"]``). If none can run, the outcome is ERROR "cannot run here" — never a
pass or a fail.

Outcomes: OPEN with RTT facts when any echo reply came back; PROHIBITED / UNREACHABLE when only
ICMP errors came back; TIMEOUT when nothing did.
"""

from __future__ import annotations

import asyncio
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field

import icmplib

from ..results import Evidence, Outcome, ProbeResult
from .sockets import IcmpError, Stopwatch, classify_icmp

#: Seconds between echo requests (the system ``ping`` allows 0.2 s to unprivileged users).
INTERVAL = 0.2
VIA_RAW, VIA_DGRAM, VIA_SYSTEM = "icmplib-privileged", "icmplib-unprivileged", "system ping"
_RTT = re.compile(r"[=<]\s*([0-9]+(?:[.,][0-9]+)?)\s*ms", re.IGNORECASE)


class _CannotRun(Exception):
    """This method cannot run here (no permission, no binary)."""


@dataclass
class Echoes:
    """What one method observed: requests sent, RTTs of replies, ICMP errors seen."""

    via: str
    sent: int = 0
    rtts: list[float] = field(default_factory=list)
    error: IcmpError | None = None
    error_text: str = ""
    notes: list[str] = field(default_factory=list)


async def ping(
    address: str, *, count: int = 2, timeout: float, source: str | None = None
) -> ProbeResult:
    """Send ``count`` echo requests to ``address`` (each waits ``timeout`` s for its reply)."""
    watch = Stopwatch()
    tried: list[str] = []
    for method in (_icmplib_raw, _icmplib_dgram, _system_ping):
        try:
            echoes = await method(address, count, timeout, source)
        except _CannotRun as exc:
            tried.append(str(exc))
            continue
        except icmplib.SocketAddressError as exc:
            return bind_failed(address, source, watch, str(exc))
        echoes.notes[:0] = tried
        return result_of(address, source, watch, echoes)
    detail = (
        "ICMP echo cannot run here: no permission for ICMP sockets, "
        "and the system ping command is missing or failed (see notes)."
    )
    return _not_run(address, source, watch, "cannot run", detail, tuple(tried))


async def _icmplib_raw(address: str, count: int, timeout: float, source: str | None) -> Echoes:
    """icmplib with a raw socket."""
    return await _icmplib(address, count, timeout, source, privileged=True)


async def _icmplib_dgram(address: str, count: int, timeout: float, source: str | None) -> Echoes:
    """icmplib with an unprivileged ICMP datagram socket (Linux, macOS)."""
    if sys.platform == "win32":
        raise _CannotRun("icmplib unprivileged: not available on Windows")
    return await _icmplib(address, count, timeout, source, privileged=False)


async def _icmplib(
    address: str, count: int, timeout: float, source: str | None, *, privileged: bool
) -> Echoes:
    """Echo requests through icmplib's AsyncSocket, keeping ICMP errors icmplib would drop."""
    via = VIA_RAW if privileged else VIA_DGRAM
    try:
        raw = icmplib.ICMPv6Socket if ":" in address else icmplib.ICMPv4Socket
        sock = icmplib.AsyncSocket(raw(source, privileged))
    except icmplib.SocketPermissionError as exc:
        raise _CannotRun(f"{via}: no permission ({exc})") from exc
    echoes = Echoes(via)
    ident = icmplib.utils.unique_identifier()
    with sock:
        for sequence in range(count):
            if sequence:
                await asyncio.sleep(INTERVAL)
            await _one_echo(sock, echoes, address, ident, sequence, timeout)
            if echoes.rtts or echoes.error is not None:
                break  # one answer is the evidence; more requests would only cost time
    return echoes


async def _one_echo(
    sock: icmplib.AsyncSocket, echoes: Echoes, address: str, ident: int, seq: int, timeout: float
) -> None:
    """One request and its reply, ICMP error or timeout."""
    request = icmplib.ICMPRequest(destination=address, id=ident, sequence=seq)
    try:
        sock.send(request)
        echoes.sent += 1
        reply = await sock.receive(request, timeout)
        reply.raise_for_status()
        echoes.rtts.append((reply.time - request.time) * 1000)
    except icmplib.ICMPError as exc:
        echoes.error = IcmpError(0, 2, exc.reply.type, exc.reply.code, exc.reply.source)
    except icmplib.ICMPLibError as exc:
        if not isinstance(exc, icmplib.TimeoutExceeded):
            echoes.error_text = str(exc)


def system_ping_command(address: str, count: int, timeout: float, source: str | None) -> list[str]:
    """The system ``ping`` command line for this platform."""
    if sys.platform == "win32":
        command = ["ping", "-n", str(count), "-w", str(max(1, round(timeout * 1000)))]
        return [*command, *(["-S", source] if source else []), address]
    wait = (
        str(max(1, round(timeout)))
        if sys.platform.startswith("linux")
        else str(max(1, round(timeout * 1000)))
    )
    command = ["ping", "-n", "-c", str(count), "-i", str(INTERVAL), "-W", wait]
    flag = "-I" if sys.platform.startswith("linux") else "-S"
    return [*command, *([flag, source] if source else []), address]


async def _system_ping(address: str, count: int, timeout: float, source: str | None) -> Echoes:
    """Run the system ``ping`` in a thread and parse replies and RTTs from its output."""
    if shutil.which("ping") is None:
        raise _CannotRun("system ping: no ping command on PATH")
    command = system_ping_command(address, count, timeout, source)
    limit = count * (timeout + INTERVAL) + 5
    try:
        done = await asyncio.to_thread(
            subprocess.run,
            command,
            capture_output=True,
            text=True,
            errors="replace",
            timeout=limit,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise _CannotRun(f"system ping: {exc}") from exc
    echoes = parse_ping_output(done.stdout + done.stderr, count)
    if done.returncode not in (0, 1) and not echoes.rtts:
        raise _CannotRun(f"system ping: exit code {done.returncode}: {done.stderr.strip()[:200]}")
    echoes.notes.append("command: " + " ".join(command))
    return echoes


def parse_ping_output(text: str, sent: int) -> Echoes:
    """Replies (lines with a TTL and a time in ms) and ICMP errors from ``ping`` output."""
    echoes = Echoes(VIA_SYSTEM, sent=sent)
    for line in text.splitlines():
        match = _RTT.search(line)
        if match and "ttl=" in line.lower():
            echoes.rtts.append(float(match.group(1).replace(",", ".")))
        elif re.search(r"filtered|prohibited", line, re.IGNORECASE):
            echoes.error = IcmpError(0, 2, 3, 13, None)
            echoes.error_text = line.strip()
        elif "unreachable" in line.lower() and echoes.error is None:
            echoes.error = IcmpError(0, 2, 3, 1, None)
            echoes.error_text = line.strip()
    return echoes


def result_of(address: str, source: str | None, watch: Stopwatch, echoes: Echoes) -> ProbeResult:
    """The probe result for what a method observed."""
    facts: dict[str, object] = {
        "via": echoes.via,
        "sent": echoes.sent,
        "received": len(echoes.rtts),
    }
    if echoes.sent:
        facts["loss"] = round(1 - len(echoes.rtts) / echoes.sent, 3)

    def evidence(detail: str, error_class: str | None = None) -> Evidence:
        return Evidence(
            method="ping",
            protocol="icmp",
            target=address,
            source=source,
            started=watch.wall,
            elapsed_ms=watch.ms(),
            attempts=echoes.sent,
            facts=facts,
            notes=tuple(echoes.notes),
            detail=detail,
            error_class=error_class,
        )

    if echoes.rtts:
        facts.update(
            rtt_min_ms=round(min(echoes.rtts), 3),
            rtt_max_ms=round(max(echoes.rtts), 3),
            rtt_avg_ms=round(sum(echoes.rtts) / len(echoes.rtts), 3),
        )
        return ProbeResult(
            Outcome.OPEN,
            evidence(
                detail=(
                    f"{address} answered {len(echoes.rtts)} of {echoes.sent} echo requests "
                    f"(avg {facts['rtt_avg_ms']} ms, via {echoes.via})."
                )
            ),
        )
    if echoes.error is not None:
        outcome, error_class = classify_icmp(echoes.error)
        facts.update(
            icmp_type=echoes.error.icmp_type,
            icmp_code=echoes.error.icmp_code,
            icmp_from=echoes.error.offender,
        )
        text = echoes.error_text or echoes.error.describe()
        return ProbeResult(
            outcome,
            evidence(
                error_class=error_class,
                detail=(f"No echo reply from {address}: {text} (via {echoes.via})."),
            ),
        )
    extra = f" ({echoes.error_text})" if echoes.error_text else ""
    return ProbeResult(
        Outcome.TIMEOUT,
        evidence(
            error_class="timeout",
            detail=(
                f"No echo reply from {address} to {echoes.sent} requests{extra} (via {echoes.via})."
            ),
        ),
    )


def bind_failed(address: str, source: str | None, watch: Stopwatch, reason: str) -> ProbeResult:
    """ERROR: the source address cannot be used for ICMP."""
    detail = f"Could not bind the source address {source}: {reason}."
    return _not_run(address, source, watch, "bind failed", detail)


def _not_run(
    address: str,
    source: str | None,
    watch: Stopwatch,
    error_class: str,
    detail: str,
    notes: tuple[str, ...] = (),
) -> ProbeResult:
    """ERROR with no request sent: the ping could not run here (never a pass or a fail)."""
    evidence = Evidence(
        method="ping",
        protocol="icmp",
        target=address,
        source=source,
        started=watch.wall,
        elapsed_ms=watch.ms(),
        attempts=0,
        error_class=error_class,
        detail=detail,
        notes=notes,
    )
    return ProbeResult(Outcome.ERROR, evidence)
