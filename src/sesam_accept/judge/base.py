"""What every verdict rule shares: the rules of evidence, confirmations and building results.

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
from typing import Any

from ..catalog import requirement
from ..checks import Check, ProbeKey, ProbeKind
from ..results import (
    CONFIRMED,
    CheckResult,
    Evidence,
    Outcome,
    ProbeResult,
    Verdict,
    rests_on_confirmation,
)
from ..site import Confirmation, Host, Site, Waiver
from ..texts import texts
from .observations import Observations

_NO_EVIDENCE = (Outcome.PERMISSION, Outcome.ERROR)


def t(language: str, en: str, de: str) -> str:
    """Pick the English or German text (for callers outside the judge not yet on the table)."""
    return de if language == "de" else en


def say(language: str, key: str, **params: object) -> str:
    """The judge's text ``key`` from the one de/en table (``texts.py``), filled with
    ``params``; any language but German is English."""
    return texts("de" if language == "de" else "en")[key].format(**params)


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


class JudgeBase:
    """Judges the checks of one run from its observations: what every rule uses. The rules
    (``paths``, ``commparam``, ``isenet``, ``readiness``) take one; :class:`.verdict.Judge`
    adds the dispatch to them through the registry (``methods.SPECS``)."""

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
        self._rendered: dict[int, Evidence] = {}  # id(evidence) -> it in the run's language

    def probe_port(self, check: Check) -> int | None:
        """The port the probes of ``check`` went to (the registry decides: ``methods``)."""
        raise NotImplementedError

    def probe_key(self, check: Check, kind: ProbeKind) -> ProbeKey:
        """The key the engine stored the probe of ``kind`` for ``check`` under (``methods``)."""
        raise NotImplementedError

    def probe(self, check: Check, kind: ProbeKind) -> ProbeResult | None:
        """The observed probe of ``kind`` for ``check``, None when it did not run."""
        return self.obs.probes.get(self.probe_key(check, kind))

    def probe_of(self, evidence: Evidence) -> ProbeResult | None:
        """The observed probe result ``evidence`` belongs to (None for a confirmation)."""
        if self._by_evidence is None:
            self._by_evidence = {id(p.evidence): p for p in self._observed()}
        return self._by_evidence.get(id(evidence))

    def in_language(self, result: CheckResult) -> CheckResult:
        """``result`` with each probe's own words (:class:`Said`) in the run's language.

        A probe's evidence is rendered once, however many checks cite it (an ISENet query
        backs four), and a result whose evidence needs no words is returned as it is."""
        rendered = tuple(self._evidence_in(ev) for ev in result.evidence)
        if all(new is old for new, old in zip(rendered, result.evidence, strict=True)):
            return result
        return dataclasses.replace(result, evidence=rendered)

    def _evidence_in(self, evidence: Evidence) -> Evidence:
        key = id(evidence)
        if key not in self._rendered:
            probe = self.probe_of(evidence)
            self._rendered[key] = probe.evidence_in(self.lang) if probe is not None else evidence
        return self._rendered[key]

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
        msg = say(self.lang, "judge.run_elsewhere", source=check.source)
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
            note = conf.note or say(self.lang, "judge.no_note")
            msg = say(
                self.lang,
                "judge.confirmed",
                message=result.message,
                confirmed_by=conf.confirmed_by,
                date=conf.date,
                note=note,
                until=conf.valid_until(max_age),
            )
            return self.result(check, Verdict.PASS, msg, (*result.evidence, ev), result.facts)
        if not silence:
            why = say(self.lang, "judge.confirm_only_silence")
        else:
            old = max(named, key=lambda c: c.date)
            why = say(
                self.lang,
                "judge.confirmation_too_old",
                confirmed_by=old.confirmed_by,
                date=old.date,
                max_age=max_age,
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
        return say(self.lang, "judge.not_probed", tried=tried)

    def outcome_text(self, probe: ProbeResult) -> str:
        """A short, localised description of a probe outcome plus the probe's own detail."""
        text = say(self.lang, f"judge.outcome.{probe.outcome.value}")
        detail = probe.text(self.lang).rstrip(". ")
        if probe.outcome is Outcome.OPEN and detail:
            return detail  # "answered — answered X5K ..." says it twice
        return f"{text} — {detail}" if detail else text

    @property
    def from_text(self) -> str:
        """'from WS-01 (192.168.10.21)' for messages."""
        address = (
            self.source.address if self.addresses_local else say(self.lang, "judge.some_address")
        )
        return say(self.lang, "judge.from", name=self.source.name, address=address)
