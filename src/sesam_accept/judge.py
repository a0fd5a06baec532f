"""From probe results to verdicts: the one place where the verdict rules live.

Rules (design.md): ``pass`` only on positive evidence; ``fail`` on evidence of the opposite
(refused, ICMP unreachable, a wrong answer, a timeout where an answer is required, a mismatch);
``inconclusive`` when there is no evidence either way (UDP silence, a check this machine cannot
run); ``not_run`` for paths that start on another host; ``waived`` for a failure an active
waiver of the site file covers.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from .catalog import requirement
from .checks import Check
from .results import (
    CONFIRMED,
    CheckResult,
    Evidence,
    Outcome,
    ProbeResult,
    Verdict,
    rests_on_confirmation,
)
from .site import Confirmation, Host, Site, Waiver

_NO_EVIDENCE = (Outcome.PERMISSION, Outcome.ERROR)


@dataclass
class Observations:
    """Everything the probes of one run saw, keyed by probe."""

    commparam: dict[str, ProbeResult] = field(default_factory=dict)  # host name -> file read
    probes: dict[tuple[Any, ...], ProbeResult] = field(default_factory=dict)
    search: Any = None  # probes.isenet.SearchResult, when a search ran
    live: dict[str, ProbeResult] = field(default_factory=dict)  # ISENet -> SesComm's 41796 link


def rpc_port_of(site: Site, obs: Observations, host: str) -> int:
    """The RPC port ``host`` uses: from its CommParam.ini when read, else the expected one."""
    result = obs.commparam.get(host)
    if result is not None and result.is_open:
        return int(result.evidence.facts["port"])
    return site.ports.rpc


def t(language: str, en: str, de: str) -> str:
    """Pick the English or German text."""
    return de if language == "de" else en


def required_answer(outcome: Outcome) -> Verdict:
    """Verdict when an answer is required (TCP, Firebird, ISENet query, ping)."""
    if outcome is Outcome.OPEN:
        return Verdict.PASS
    return Verdict.INCONCLUSIVE if outcome in _NO_EVIDENCE else Verdict.FAIL


def udp_silence_undecided(outcome: Outcome) -> Verdict:
    """Verdict for a UDP service without a documented answer: silence proves nothing."""
    if outcome is Outcome.TIMEOUT:
        return Verdict.INCONCLUSIVE
    return required_answer(outcome)


def matching(items: Sequence[Waiver], check: Check) -> Waiver | None:
    """The first waiver naming this check's id or its requirement."""
    for item in items:
        if item.check in (check.id, check.requirement):
            return item
    return None


def earned(
    result: CheckResult,
    probe_of: Callable[[Evidence], ProbeResult | None],
    counts: Callable[[Check], bool],
) -> bool:
    """The rule every pass obeys (issue 13), in one place for the judge and its tests.

    A pass rests on positive evidence: a probe that answered (:attr:`ProbeResult.is_open`)
    among the result's evidence, or, for an upgrade-readiness check (a port nothing listens on
    yet), the target host's own TCP reset (:attr:`ProbeResult.is_host_reset`); or on a
    confirmation that ``counts`` for the check, beside nothing but answers and silence (never
    an error, a refusal or a wrong answer).
    ``probe_of`` finds the probe result an evidence came from (None for a confirmation).
    """
    if result.verdict is not Verdict.PASS:
        return True
    probes = [p for p in map(probe_of, result.evidence) if p is not None]
    if rests_on_confirmation(result):
        return counts(result.check) and all(p.is_open or p.is_silence for p in probes)
    readiness = result.check.upgrade_to is not None
    return any(p.is_open or (readiness and p.is_host_reset) for p in probes)


def confirmation_evidence(confirmation: Confirmation, check: Check, max_age: int) -> Evidence:
    """The evidence a person's confirmation gives (protocol ``CONFIRMED``: the report lists
    every result carrying it with the manual checks)."""
    return Evidence(
        "confirmation",
        CONFIRMED,
        check.id,
        detail=confirmation.note,
        facts={
            "confirmed_by": confirmation.confirmed_by,
            "date": confirmation.date.isoformat(),
            "valid_until": confirmation.valid_until(max_age).isoformat(),
            "scope": confirmation.scope,
        },
    )


class Judge:
    """Judges the checks of one run from its observations."""

    def __init__(
        self,
        site: Site,
        source: Host,
        language: str,
        obs: Observations,
        addresses_local: bool,
        today: dt.date | None = None,
    ) -> None:
        self.site, self.source, self.lang, self.obs = site, source, language, obs
        self.addresses_local = addresses_local
        self.today = today or dt.date.today()
        self._by_evidence: dict[int, ProbeResult] | None = None

    # -- entry points ---------------------------------------------------------------------

    def judge(self, check: Check) -> CheckResult:
        """The verdict of one check run here, with waivers applied; a pass that is not
        :func:`earned` is never returned as one."""
        from . import judge_rules

        result = judge_rules.dispatch(self, check)
        if not earned(result, self.probe_of, self.confirmed):
            result = self.result(
                check,
                Verdict.INCONCLUSIVE,
                result.message
                + t(
                    self.lang,
                    " (not counted as a pass: no positive evidence behind it)",
                    " (nicht als bestanden gezählt: kein positiver Nachweis dahinter)",
                ),
                result.evidence,
                result.facts,
            )
        return self._apply_waiver(self.in_language(result))

    def probe_of(self, evidence: Evidence) -> ProbeResult | None:
        """The observed probe result ``evidence`` belongs to (None for a confirmation)."""
        if self._by_evidence is None:
            self._by_evidence = {id(p.evidence): p for p in self._observed()}
        return self._by_evidence.get(id(evidence))

    def in_language(self, result: CheckResult) -> CheckResult:
        """``result`` with each probe's own words (:class:`Said`) in the run's language."""
        rendered = []
        for ev in result.evidence:
            probe = self.probe_of(ev)
            rendered.append(probe.evidence_in(self.lang) if probe is not None else ev)
        return dataclasses.replace(result, evidence=tuple(rendered))

    def _observed(self) -> Iterator[ProbeResult]:
        yield from self.obs.probes.values()
        yield from self.obs.commparam.values()
        yield from self.obs.live.values()
        if self.obs.search is not None:
            yield from self.obs.search.broadcasts.values()

    def confirmed(self, check: Check) -> bool:
        """A confirmation of the site file counts for ``check`` today."""
        age = self.site.confirmations_max_age_days
        return any(c.counts(check, self.today, age) for c in self.site.confirmations)

    def not_run_here(self, check: Check) -> CheckResult:
        """A path that starts on another host: never a pass."""
        msg = t(
            self.lang,
            f"run on {check.source} to check this path",
            f"auf {check.source} ausführen, um diesen Weg zu prüfen",
        )
        return CheckResult(check, Verdict.NOT_RUN, msg)

    # -- confirmations --------------------------------------------------------------------

    def confirm(self, check: Check, result: CheckResult, silence: bool) -> CheckResult | None:
        """``result`` with what the site file's confirmations say about it, or None if none
        names the check. Only ``silence`` (no answer at all) becomes a pass, and only by a
        confirmation in date (see :meth:`Confirmation.counts`)."""
        named = [c for c in self.site.confirmations if c.covers(check)]
        if not named or result.verdict is Verdict.PASS:
            return None
        max_age = self.site.confirmations_max_age_days
        valid = [c for c in named if c.counts(check, self.today, max_age)]
        if silence and valid:
            conf = max(valid, key=lambda c: c.date)
            ev = confirmation_evidence(conf, check, max_age)
            note = conf.note or t(self.lang, "no note", "ohne Notiz")
            msg = t(
                self.lang,
                f"{result.message}; confirmed by {conf.confirmed_by} on {conf.date} ({note}); "
                f"counts until {conf.valid_until(max_age)}",
                f"{result.message}; bestätigt von {conf.confirmed_by} am {conf.date} ({note}); "
                f"gilt bis {conf.valid_until(max_age)}",
            )
            return self.result(check, Verdict.PASS, msg, (*result.evidence, ev), result.facts)
        if not silence:
            why = t(
                self.lang,
                "a confirmation turns only silence into a pass, not this outcome",
                "eine Bestätigung macht nur Stille zum Bestanden, nicht dieses Ergebnis",
            )
        else:
            old = max(named, key=lambda c: c.date)
            why = t(
                self.lang,
                f"the confirmation by {old.confirmed_by} on {old.date} does not count: "
                f"older than {max_age} days (confirmations_max_age_days); confirm again",
                f"die Bestätigung von {old.confirmed_by} am {old.date} zählt nicht: älter "
                f"als {max_age} Tage (confirmations_max_age_days); erneut bestätigen",
            )
        return self.result(
            check, result.verdict, f"{result.message}; {why}", result.evidence, result.facts
        )

    # -- building results -----------------------------------------------------------------

    def result(
        self,
        check: Check,
        verdict: Verdict,
        message: str,
        evidence: Sequence[Evidence] = (),
        facts: dict[str, Any] | None = None,
    ) -> CheckResult:
        """A CheckResult with the symptom and next step of the requirement when not passed."""
        req = requirement(check.requirement)
        bad = verdict in (Verdict.FAIL, Verdict.INCONCLUSIVE)
        return CheckResult(
            check,
            verdict,
            message,
            tuple(evidence),
            symptom=req.symptom(self.lang) if bad else "",
            next_step=req.next_step(self.lang) if bad else "",
            facts=facts or {},
        )

    def from_probe(
        self,
        check: Check,
        probe: ProbeResult | None,
        tried: str,
        verdict_of: Any = required_answer,
        facts: dict[str, Any] | None = None,
    ) -> CheckResult:
        """The usual case: one probe decides the check."""
        if probe is None:
            return self.result(check, Verdict.INCONCLUSIVE, self.not_probed(tried))
        verdict = verdict_of(probe.outcome)
        message = f"{tried}: {self.outcome_text(probe)}"
        return self.result(check, verdict, message, [probe.evidence], facts)

    def not_probed(self, tried: str) -> str:
        """Message for a probe that did not run (an internal inconsistency or no time)."""
        return t(
            self.lang,
            f"{tried}: no probe result (the check could not run)",
            f"{tried}: kein Ergebnis (die Prüfung konnte nicht laufen)",
        )

    def outcome_text(self, probe: ProbeResult) -> str:
        """A short, localised description of a probe outcome plus the probe's own detail."""
        text = _OUTCOME_TEXT[probe.outcome][1 if self.lang == "de" else 0]
        detail = probe.text(self.lang).rstrip(". ")
        if probe.outcome is Outcome.OPEN and detail:
            return detail  # "answered — answered X5K ..." says it twice
        return f"{text} — {detail}" if detail else text

    @property
    def from_text(self) -> str:
        """'from WS-01 (192.168.10.21)' for messages."""
        address = (
            self.source.address
            if self.addresses_local
            else t(self.lang, "an address chosen by this machine", "eine Adresse dieses Rechners")
        )
        return t(
            self.lang, f"from {self.source.name} ({address})", f"von {self.source.name} ({address})"
        )

    def _apply_waiver(self, result: CheckResult) -> CheckResult:
        if result.verdict is not Verdict.FAIL:
            return result
        waiver = matching(self.site.waivers, result.check)
        if waiver is None or not waiver.is_active(self.today):
            return result
        note = t(
            self.lang,
            f" [waived until {waiver.expires} by {waiver.approved_by}: {waiver.reason}]",
            f" [ausgenommen bis {waiver.expires} durch {waiver.approved_by}: {waiver.reason}]",
        )
        return CheckResult(
            result.check,
            Verdict.WAIVED,
            result.message + note,
            result.evidence,
            result.symptom,
            result.next_step,
            waiver,
            result.facts,
        )


_OUTCOME_TEXT: dict[Outcome, tuple[str, str]] = {
    Outcome.OPEN: ("answered", "antwortet"),
    Outcome.REFUSED: (
        "refused (nothing listens, or a firewall rejects)",
        "abgewiesen (kein Dienst, oder eine Firewall weist ab)",
    ),
    Outcome.TIMEOUT: ("no answer before the timeout", "keine Antwort innerhalb der Wartezeit"),
    Outcome.UNREACHABLE: ("host or network unreachable", "Rechner oder Netz nicht erreichbar"),
    Outcome.PROHIBITED: (
        "administratively prohibited (a firewall rejects it)",
        "administrativ verboten (eine Firewall weist ab)",
    ),
    Outcome.WRONG_ANSWER: ("a wrong answer", "eine falsche Antwort"),
    Outcome.PERMISSION: (
        "this machine did not allow the probe",
        "dieser Rechner hat die Prüfung nicht erlaubt",
    ),
    Outcome.ERROR: ("the probe could not run here", "die Prüfung konnte hier nicht laufen"),
}
