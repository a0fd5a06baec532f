"""Checks a run cannot vouch for: set aside as ``not_run``, with why, keeping what was seen.

Two cases, decided here and nowhere else (the report only shows them):

* **The wrong machine.** A run as host X on a machine that has none of X's addresses probes
  from this machine's addresses: it proves nothing about X's paths or X's local sockets. Every
  check that depends on the machine is ``not_run``; what was observed stays in its evidence as
  information. Checks that read a collected copy or a confirmation (``Check.portable``) keep
  their verdicts.
* **A narrowed run.** Checks deselected (``-k``, ``-m``, ``--deselect``), never reached (``-x``,
  ``--maxfail``) or cut off by an interruption are ``not_run`` with that reason.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from .checks import Check
from .results import CheckResult, Verdict
from .site import Host
from .texts import texts


def set_aside(
    check: Check, reason: str, language: str, observed: CheckResult | None = None
) -> CheckResult:
    """``check`` as ``not_run`` because of ``reason``; what was observed is kept as information
    (its message, evidence and facts), never as a verdict."""
    if observed is None or observed.verdict is Verdict.NOT_RUN:
        return CheckResult(check, Verdict.NOT_RUN, reason)
    text = texts(language)
    word, seen, note = text[f"v.{observed.verdict.value}"], text["nr.observed"], text["nr.note"]
    evidence = tuple(dataclasses.replace(e, notes=(*e.notes, note)) for e in observed.evidence)
    facts = {"observed": {"verdict": observed.verdict.value, "facts": dict(observed.facts)}}
    message = f"{reason}. {seen}: {word} — {observed.message}"
    return CheckResult(check, Verdict.NOT_RUN, message, evidence, facts=facts)


def machine_reason(host: Host, probed_from: Sequence[str], language: str) -> str:
    """Why a check of ``host`` run on another machine is not run here."""
    theirs = ", ".join(host.addresses)
    text = texts(language)
    ours = ", ".join(probed_from) or text["nr.other_addresses"]
    return text["nr.machine"].format(host=host.name, theirs=theirs, ours=ours)


def on_this_machine(
    results: Sequence[CheckResult], host: Host, machine: Sequence[str], language: str
) -> list[CheckResult]:
    """The results of a run as ``host`` on a machine with the addresses ``machine``: every
    check that depends on the machine set aside (see the module docstring)."""
    out = []
    for result in results:
        check = result.check
        if check.portable or check.source != host.name or result.verdict is Verdict.NOT_RUN:
            out.append(result)
            continue
        sources = sorted({e.source for e in result.evidence if e.source}) or list(machine)
        out.append(set_aside(check, machine_reason(host, sources, language), language, result))
    return out
