"""What probes observe and what checks conclude.

A *probe* asks the network or the local host one question and returns a :class:`ProbeResult`:
an :class:`Outcome` with its :class:`Evidence`. A *check* (one row of a host's plan) turns one
or more probe results into a :class:`Verdict` with a message (see ``judge``).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, fields, replace
from enum import Enum
from typing import TYPE_CHECKING, Any

from .checks import Check, Protocol
from .texts import Said

if TYPE_CHECKING:
    from .site import Waiver

#: Evidence keeps at most this many bytes of an answer, as hex.
MAX_ANSWER_BYTES = 64


class Outcome(str, Enum):
    """What one probe observed."""

    OPEN = "open"  # positive evidence: TCP accept, a protocol answer, a UDP reply, an echo reply
    REFUSED = "refused"  # TCP reset or ICMP port unreachable
    TIMEOUT = "timeout"  # silence until the deadline (for UDP: no reply, undecidable)
    UNREACHABLE = "unreachable"  # ICMP host/network unreachable, no route
    PROHIBITED = "prohibited"  # ICMP administratively prohibited (a rejecting firewall)
    WRONG_ANSWER = "wrong_answer"  # something answered, but not what the requirement needs
    PERMISSION = "permission"  # this machine did not allow the operation
    ERROR = "error"  # the probe could not run here (missing tool, unreadable file, bind failed)


class Verdict(str, Enum):
    """The verdict of one check (see design.md)."""

    PASS = "pass"  # noqa: S105 - a verdict name, not a password
    FAIL = "fail"
    INCONCLUSIVE = "inconclusive"
    NOT_RUN = "not_run"
    WAIVED = "waived"


def hex_bytes(data: bytes, limit: int = MAX_ANSWER_BYTES) -> str:
    """Bytes as spaced hex, truncated to ``limit`` bytes with a marker."""
    text = data[:limit].hex(" ")
    return f"{text} …(+{len(data) - limit} bytes)" if len(data) > limit else text


@dataclass(frozen=True)
class Evidence:
    """Everything a reader needs to believe (or doubt) one probe's outcome."""

    method: str  # e.g. "tcp-connect", "firebird-op_connect", "udp", "isenet-F6", "ping"
    protocol: str  # "tcp", "udp", "icmp", "file", "local", "manual"
    target: str  # address (or path, for files)
    port: int | None = None
    source: str | None = None  # local address the probe left from
    source_port: int | None = None
    started: float = field(default_factory=time.time)
    elapsed_ms: float = 0.0
    attempts: int = 1
    sent_hex: str = ""
    answer_hex: str = ""
    error_class: str | None = None  # refused / timeout / host unreachable / admin prohibited / …
    detail: str = ""  # one human sentence: what happened
    facts: dict[str, Any] = field(default_factory=dict)  # parsed answer fields (JSON values)
    notes: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (to serialise, not to change: nested facts are shared; no deep
        copy, which cost half the JSON report's time on a large site)."""
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["facts"] = dict(self.facts)
        data["notes"] = list(self.notes)
        return data


@dataclass(frozen=True)
class ProbeResult:
    """One probe's outcome and the evidence for it."""

    outcome: Outcome
    evidence: Evidence
    said: Said | None = None  # what happened, rendered into ``evidence.detail`` by the judge
    said_notes: tuple[Said, ...] = ()  # notes, rendered after ``evidence.notes``

    def text(self, language: str) -> str:
        """What happened, in ``language`` (the evidence's own detail when the probe gave no
        :class:`Said`, e.g. a result loaded from an older record)."""
        return self.said.render(language) if self.said is not None else self.evidence.detail

    def evidence_in(self, language: str) -> Evidence:
        """The evidence with its detail and notes in ``language``: what a record keeps."""
        if self.said is None and not self.said_notes:
            return self.evidence
        notes = (*self.evidence.notes, *(n.render(language) for n in self.said_notes))
        return replace(self.evidence, detail=self.text(language), notes=notes)

    @property
    def is_open(self) -> bool:
        """True only on positive evidence: the one definition the judge and its tests use."""
        return self.outcome is Outcome.OPEN

    @property
    def is_host_reset(self) -> bool:
        """A TCP reset with no ICMP error behind it: the path reached the target host, where
        nothing listens. Positive evidence only for a path to a port nothing listens on yet
        (an upgrade-readiness check), never that a service answers."""
        return self.outcome is Outcome.REFUSED and "icmp_type" not in self.evidence.facts

    @property
    def is_silence(self) -> bool:
        """No answer at all: the only outcome a person's confirmation may turn into a pass
        (an error, a refusal or a wrong answer is evidence, or no probe, not silence)."""
        return self.outcome is Outcome.TIMEOUT


@dataclass(frozen=True)
class CheckResult:
    """The verdict of one check, with its message and every piece of evidence behind it."""

    check: Check
    verdict: Verdict
    message: str  # what was tried and what happened, in the run's language
    evidence: tuple[Evidence, ...] = ()
    symptom: str = ""  # what the Sesam software shows when this is broken
    next_step: str = ""  # the next troubleshooting step from the vendor document
    waiver: Waiver | None = None
    facts: dict[str, Any] = field(default_factory=dict)  # e.g. port read, devices found

    def __post_init__(self) -> None:
        # A pass is a claim an engineer signs: it must carry what proves it (design.md).
        if self.verdict is Verdict.PASS and not self.evidence:
            raise ValueError(f"{self.check.id}: a pass needs evidence; none was given")


#: The protocol of the evidence a person's confirmation gives (``Evidence.protocol``).
CONFIRMED = Protocol.MANUAL


def rests_on_confirmation(result: CheckResult) -> bool:
    """True when a person's confirmation is part of the result's evidence: the report lists
    such a result with the manual checks."""
    return any(ev.protocol == CONFIRMED for ev in result.evidence)


@dataclass(frozen=True)
class RunInfo:
    """Metadata of one run on one host."""

    site: str
    customer: str
    software_version: str
    host: str  # the source host the run was made as
    addresses: tuple[str, ...]  # the addresses the probes left from
    addresses_local: bool  # False when this machine does not have the host's addresses
    language: str
    started: str  # ISO 8601 with time zone
    finished: str
    site_file: str
    site_sha256: str
    tool_version: str
    engineer: str = ""
    complete: bool = True  # False when the run was narrowed, stopped early or interrupted
    platform: str = ""
    upgrade_to: str = ""  # the version a readiness run checked for ("" for a normal run)
    incomplete_reason: str = ""  # why the run is not whole (empty when complete)
    machine_addresses: tuple[str, ...] = ()  # this machine's own addresses, when not the host's


@dataclass(frozen=True)
class Inapplicable:
    """A requirement that does not apply to this site, or one check of it that does not (then
    ``check`` is its id and ``subject`` what it is about, e.g. the ISENet), and why."""

    requirement: str
    reason: str | Said  # the plan's words in no language yet; a results file's as written
    check: str | None = None
    subject: str | None = None

    def text(self, language: str) -> str:
        """Why, in ``language`` (a reason read from a results file as it stands there)."""
        return self.reason.render(language) if isinstance(self.reason, Said) else self.reason

    @property
    def id(self) -> str:
        """What is left out: the check id, or the requirement ID when all of it is."""
        return self.check or self.requirement


@dataclass(frozen=True)
class RunRecord:
    """All results of one run: the input of the report, merge and diff."""

    info: RunInfo
    results: tuple[CheckResult, ...]
    not_applicable: tuple[Inapplicable, ...] = ()
    signoff: tuple[SignoffItem, ...] = ()  # what no probe proves: ticked by the engineer


@dataclass(frozen=True)
class SignoffItem:
    """One line of the sign-off checklist: a catalog item (``catalog.SIGNOFF``) and the hosts
    or ISENets it is asked for (empty: once for the site)."""

    item: str
    subjects: tuple[str, ...] = ()
