"""One probe while it runs: the one Evidence builder of every probe, and the one answer rule.

Every probe's evidence repeats the same fields (method, protocol, target, source, timing,
notes); :class:`Trial` holds them and builds the :class:`ProbeResult`, so the TCP, UDP, TFTP,
Firebird, RPC, ping and socket-table probes build evidence one way. A probe says what it saw as
a :class:`Said` (a key of the text table and its values), never as an English or German
sentence: the judge renders it in the run's language.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass, field
from typing import Any

from ..results import Evidence, Outcome, ProbeResult, hex_bytes
from ..texts import Said, say
from .sockets import (
    Stopwatch,
    classify_errno,
    classify_icmp,
    os_error_code,
    os_error_text,
    read_error_queue,
)

#: The note every errno-only classification carries.
ERRNO_ONLY_NOTE = say("p.note.errno_only")


@dataclass
class Trial:
    """What every piece of evidence of one probe repeats; :meth:`result` finishes it."""

    address: str
    port: int | None
    method: str
    protocol: str
    watch: Stopwatch = field(default_factory=Stopwatch)
    source: str | None = None
    source_port: int | None = None
    attempts: int = 1
    payload: bytes = b""  # what was sent (kept as hex in the evidence)
    notes: list[Said] = field(default_factory=list)

    @property
    def where(self) -> str:
        """``address:port/protocol`` as the texts name the target."""
        return f"{self.address}:{self.port}/{self.protocol}"

    def result(self, outcome: Outcome, said: Said, **values: Any) -> ProbeResult:
        """The finished result: this trial's evidence completed with ``values``
        (outcome-specific Evidence fields such as ``error_class`` or ``facts``)."""
        fixed: dict[str, Any] = {
            "method": self.method,
            "protocol": self.protocol,
            "target": self.address,
            "port": self.port,
            "source": self.source,
            "source_port": self.source_port,
            "started": self.watch.wall,
            "elapsed_ms": self.watch.ms(),
            "attempts": self.attempts,
            "sent_hex": hex_bytes(self.payload),
        }
        return ProbeResult(outcome, Evidence(**(fixed | values)), said, tuple(self.notes))

    def answered(self, proper: bool, said: Said, **values: Any) -> ProbeResult:
        """The one rule for an answer a probe has decoded: OPEN when it is the protocol's own
        (a Firebird op_accept, a DCE/RPC bind_ack, a TFTP ERROR or DATA), else WRONG_ANSWER
        ("something else answers on this port")."""
        if proper:
            return self.result(Outcome.OPEN, said, **values)
        return self.result(Outcome.WRONG_ANSWER, said, error_class="wrong answer", **values)


def bind_failed(source: str | None, exc: OSError | str) -> Said:
    """What a probe says when its source address cannot be bound."""
    reason = os_error_text(exc) if isinstance(exc, OSError) else exc
    return say("p.bind_failed", source=str(source), reason=reason)


def socket_failure(trial: Trial, sock: socket.socket, exc: OSError, recverr: bool) -> ProbeResult:
    """The result of a socket error: classified from the ICMP error on the socket's error queue
    where Linux keeps one (``recverr``), else from the error number (noted as such)."""
    icmp = read_error_queue(sock) if recverr else None
    if icmp is not None:
        outcome, error_class = classify_icmp(icmp)
        facts = {
            "icmp_type": icmp.icmp_type,
            "icmp_code": icmp.icmp_code,
            "icmp_from": icmp.offender,
        }
        said = say(f"p.{trial.protocol}.icmp", target=trial.where, icmp=icmp.describe())
        return trial.result(outcome, said, error_class=error_class, facts=facts)
    code = os_error_code(exc)
    outcome, error_class = classify_errno(code)
    if outcome is Outcome.REFUSED:
        said = say(f"p.{trial.protocol}.refused", target=trial.where)
    else:
        said = say(f"p.{trial.protocol}.error", target=trial.where, reason=os_error_text(exc))
        if not recverr and outcome is Outcome.UNREACHABLE:
            trial.notes.append(ERRNO_ONLY_NOTE)
    return trial.result(outcome, said, error_class=error_class, facts={"errno": code})
