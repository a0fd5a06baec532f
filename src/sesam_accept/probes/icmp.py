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
import codecs
import ctypes
import ipaddress
import locale
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field

import icmplib

from ..results import Outcome, ProbeResult
from ..texts import Said, Value, say
from .sockets import IcmpError, Stopwatch, classify_icmp
from .trial import Trial
from .trial import bind_failed as source_failure

#: Seconds between echo requests (the system ``ping`` allows 0.2 s to unprivileged users).
INTERVAL = 0.2
VIA_RAW, VIA_DGRAM, VIA_SYSTEM = "icmplib-privileged", "icmplib-unprivileged", "system ping"
_RTT = re.compile(r"[=<]\s*([0-9]+(?:[.,][0-9]+)?)\s*ms", re.IGNORECASE)
#: The address a reply or an ICMP error came from: "Reply from X:", "Antwort von X:", "From X ".
_FROM = re.compile(r"\b(?:from|von)\s+([0-9A-Fa-f.:]*[0-9A-Fa-f])", re.IGNORECASE)
_FILTERED = re.compile(r"filtered|prohibited", re.IGNORECASE)
_NET_UNREACHABLE = re.compile(r"net(?:work)? unreachable|zielnetz nicht erreichbar", re.I)
_UNREACHABLE = re.compile(r"unreachable|nicht erreichbar", re.IGNORECASE)
#: ping.exe lines that say the request was never answered for a local reason (English, German).
_FAILURES = (
    (re.compile(r"general failure|allgemeiner fehler", re.IGNORECASE), "transmit failed"),
    (re.compile(r"could not find host|konnte host .* nicht finden", re.I), "name not resolved"),
)
#: The OEM code page assumed when Windows cannot be asked (Western European console).
FALLBACK_CODE_PAGE = "cp850"


class _CannotRun(Exception):
    """This method cannot run here (no permission, no binary); ``said`` says why."""

    def __init__(self, said: Said) -> None:
        super().__init__(said.key)
        self.said = said


@dataclass
class Echoes:
    """What one method observed: requests sent, RTTs of replies, ICMP errors seen."""

    via: str
    sent: int = 0
    rtts: list[float] = field(default_factory=list)
    error: IcmpError | None = None
    error_text: str = ""
    notes: list[Said] = field(default_factory=list)
    failure: tuple[str, str] | None = None  # (error class, line): the system ping could not ask


async def ping(
    address: str, *, count: int = 2, timeout: float, source: str | None = None
) -> ProbeResult:
    """Send ``count`` echo requests to ``address`` (each waits ``timeout`` s for its reply)."""
    watch = Stopwatch()
    tried: list[Said] = []
    for method in (_icmplib_raw, _icmplib_dgram, _system_ping):
        try:
            echoes = await method(address, count, timeout, source)
        except _CannotRun as exc:
            tried.append(exc.said)
            continue
        except icmplib.SocketAddressError as exc:
            return bind_failed(address, source, watch, str(exc))
        echoes.notes[:0] = tried
        return result_of(address, source, watch, echoes)
    return _not_run(Trial(address, None, "ping", "icmp", watch, source), "cannot run", tried)


async def _icmplib_raw(address: str, count: int, timeout: float, source: str | None) -> Echoes:
    """icmplib with a raw socket."""
    return await _icmplib(address, count, timeout, source, privileged=True)


async def _icmplib_dgram(address: str, count: int, timeout: float, source: str | None) -> Echoes:
    """icmplib with an unprivileged ICMP datagram socket (Linux, macOS)."""
    if sys.platform == "win32":
        raise _CannotRun(say("p.ping.not_on_windows", via=VIA_DGRAM))
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
        raise _CannotRun(no_permission(via, exc)) from exc
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


def system_ping_command(
    address: str, count: int, timeout: float, source: str | None, platform: str = sys.platform
) -> list[str]:
    """The system ``ping`` command line for ``platform``: Windows' ping.exe counts with ``-n``
    and waits ``-w`` milliseconds; Linux's iputils ping counts with ``-c`` and waits ``-W``
    whole seconds (macOS: milliseconds)."""
    if platform == "win32":
        command = ["ping", "-n", str(count), "-w", str(max(1, round(timeout * 1000)))]
        return [*command, *(["-S", source] if source else []), address]
    linux = platform.startswith("linux")
    wait = str(max(1, round(timeout))) if linux else str(max(1, round(timeout * 1000)))
    command = ["ping", "-n", "-c", str(count), "-i", str(INTERVAL), "-W", wait]
    flag = "-I" if linux else "-S"
    return [*command, *([flag, source] if source else []), address]


def windows_console_code_page() -> int | None:
    """The code page ping.exe writes in: the console's output code page, else (no console, e.g.
    a service) the system's OEM code page; None where Windows cannot be asked."""
    kernel32 = getattr(getattr(ctypes, "windll", None), "kernel32", None)
    if kernel32 is None:
        return None
    try:
        page = int(kernel32.GetConsoleOutputCP()) or int(kernel32.GetOEMCP())
    except (AttributeError, OSError, ValueError):
        return None
    return page or None


def ping_output_encoding(platform: str = sys.platform, code_page: int | None = None) -> str:
    """The encoding of the system ping's output: on Windows the console's OEM code page (cp850
    on a German, cp437 on an English system; ``code_page`` if given, else asked of Windows,
    else FALLBACK_CODE_PAGE); elsewhere the locale's."""
    if platform != "win32":
        return locale.getpreferredencoding(False)
    page = code_page if code_page is not None else windows_console_code_page()
    name = f"cp{page}" if page else FALLBACK_CODE_PAGE
    try:
        codecs.lookup(name)
    except LookupError:
        return FALLBACK_CODE_PAGE
    return name


def decode_ping_output(raw: bytes, encoding: str) -> str:
    """The system ping's output as text (undecodable bytes replaced, never an exception)."""
    try:
        return raw.decode(encoding, errors="replace")
    except LookupError:
        return raw.decode(FALLBACK_CODE_PAGE, errors="replace")


async def _system_ping(address: str, count: int, timeout: float, source: str | None) -> Echoes:
    """Run the system ``ping`` in a thread and parse replies and RTTs from its output."""
    if shutil.which("ping") is None:
        raise _CannotRun(say("p.ping.no_command", via=VIA_SYSTEM))
    command = system_ping_command(address, count, timeout, source)
    limit = count * (timeout + INTERVAL) + 5
    try:
        done = await asyncio.to_thread(
            subprocess.run, command, capture_output=True, timeout=limit, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise _CannotRun(say("p.ping.failed", via=VIA_SYSTEM, reason=str(exc))) from exc
    encoding = ping_output_encoding()
    output = decode_ping_output(done.stdout + done.stderr, encoding)
    echoes = parse_ping_output(output, count, address)
    if done.returncode not in (0, 1) and not echoes.rtts and echoes.failure is None:
        reason = f"exit code {done.returncode}: {output.strip()[:200]}"
        raise _CannotRun(say("p.ping.failed", via=VIA_SYSTEM, reason=reason))
    echoes.notes.append(
        say(
            "p.ping.command",
            command=" ".join(command),
            code=done.returncode,
            encoding=encoding,
        )
    )
    return echoes


def parse_ping_output(text: str, sent: int, target: str | None = None) -> Echoes:
    """Replies, ICMP errors and local failures from ``ping`` output (Linux iputils, macOS, and
    Windows ping.exe in English or German).

    A reply is a line with a time in ms and a TTL, from ``target`` when the line names who
    answered. ping.exe prints "Destination host unreachable" / "Zielhost nicht erreichbar" as a
    "Reply from <gateway or own address>" and counts it as received (exit code 0): it is an
    ICMP error, never a reply. "Request timed out" / "Zeitüberschreitung der Anforderung" is
    silence; "General failure" / "Allgemeiner Fehler" and an unknown host mean nothing was asked.
    """
    echoes = Echoes(VIA_SYSTEM, sent=sent)
    for line in (raw.strip() for raw in text.splitlines()):
        sender = _sender(line)
        rtt = _RTT.search(line)
        if _UNREACHABLE.search(line) or _FILTERED.search(line):
            _take_error(echoes, line, sender)
        elif rtt and "ttl=" in line.lower():
            if target is None or sender is None or _same_address(sender, target):
                echoes.rtts.append(float(rtt.group(1).replace(",", ".")))
            else:
                echoes.notes.append(
                    say("p.ping.other_sender", sender=sender, target=target, line=line)
                )
        else:
            failure = next((cls for rx, cls in _FAILURES if rx.search(line)), None)
            if failure and echoes.failure is None:
                echoes.failure = (failure, line)
    return echoes


def _sender(line: str) -> str | None:
    match = _FROM.search(line)
    return match.group(1) if match else None


def _same_address(a: str, b: str) -> bool:
    try:
        return ipaddress.ip_address(a) == ipaddress.ip_address(b)
    except ValueError:
        return a == b


def _take_error(echoes: Echoes, line: str, sender: str | None) -> None:
    """Keep the first ICMP error line (a filtered/prohibited one wins over others)."""
    prohibited = bool(_FILTERED.search(line))
    if echoes.error is not None and not (prohibited and echoes.error.icmp_code != 13):
        return
    code = 13 if prohibited else 0 if _NET_UNREACHABLE.search(line) else 1
    echoes.error = IcmpError(0, 2, 3, code, sender)
    echoes.error_text = line


def no_permission(via: str, exc: Exception) -> Said:
    """Why an icmplib socket could not be opened (a note of the ping's evidence)."""
    return say("p.ping.no_permission", via=via, reason=str(exc))


def result_of(address: str, source: str | None, watch: Stopwatch, echoes: Echoes) -> ProbeResult:
    """The probe result for what a method observed."""
    facts: dict[str, object] = {
        "via": echoes.via,
        "sent": echoes.sent,
        "received": len(echoes.rtts),
    }
    if echoes.sent:
        facts["loss"] = round(1 - len(echoes.rtts) / echoes.sent, 3)
    trial = Trial(address, None, "ping", "icmp", watch, source, attempts=echoes.sent)
    trial.notes = echoes.notes
    via = echoes.via
    if echoes.rtts:
        facts.update(
            rtt_min_ms=round(min(echoes.rtts), 3),
            rtt_max_ms=round(max(echoes.rtts), 3),
            rtt_avg_ms=round(sum(echoes.rtts) / len(echoes.rtts), 3),
        )
        n, avg = len(echoes.rtts), str(facts["rtt_avg_ms"])
        said = say("p.ping.open", target=address, n=n, sent=echoes.sent, avg=avg, via=via)
        return trial.result(Outcome.OPEN, said, facts=facts)
    if echoes.error is not None:
        outcome, error_class = classify_icmp(echoes.error)
        facts.update(
            icmp_type=echoes.error.icmp_type,
            icmp_code=echoes.error.icmp_code,
            icmp_from=echoes.error.offender,
        )
        text: Value = echoes.error_text or echoes.error.describe()
        said = say("p.ping.icmp", target=address, error=text, via=via)
        return trial.result(outcome, said, error_class=error_class, facts=facts)
    if echoes.failure is not None:
        error_class, line = echoes.failure
        said = say("p.ping.not_sent", target=address, line=repr(line), via=via)
        return trial.result(Outcome.ERROR, said, error_class=error_class, facts=facts)
    extra = f" ({echoes.error_text})" if echoes.error_text else ""
    said = say("p.ping.timeout", target=address, sent=echoes.sent, extra=extra, via=via)
    return trial.result(Outcome.TIMEOUT, said, error_class="timeout", facts=facts)


def bind_failed(address: str, source: str | None, watch: Stopwatch, reason: str) -> ProbeResult:
    """ERROR: the source address cannot be used for ICMP."""
    trial = Trial(address, None, "ping", "icmp", watch, source)
    return _not_run(trial, "bind failed", [], source_failure(source, reason))


def _not_run(
    trial: Trial, error_class: str, notes: list[Said], said: Said | None = None
) -> ProbeResult:
    """ERROR with no request sent: the ping could not run here (never a pass or a fail)."""
    trial.attempts, trial.notes = 0, notes
    said = said or say("p.ping.cannot_run")
    return trial.result(Outcome.ERROR, said, error_class=error_class)
