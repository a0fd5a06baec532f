"""The verdict of a readiness path: a TCP port the next Sesam version needs, before it listens.

Before the upgrade nothing listens on the port, so an accept cannot be expected. The rule
(:func:`readiness_class`), one class per outcome:

- ``open``: something already listens and accepted: pass;
- ``ready``: a TCP reset came back for the target's own address (a connected socket takes a reset
  only for its own 4-tuple): the path reaches the host: pass, with what a reset cannot rule out;
- ``rejected``: an ICMP port-unreachable instead of a reset: a firewall rejects (a host answers a
  TCP connect with a reset): fail;
- ``blocked``: silence until the timeout, or ICMP administratively prohibited: a firewall is in the
  way: fail, next step "allow TCP PORT inbound on HOST";
- ``unreachable``: host or network unreachable: fail;
- ``unknown``: no evidence either way (the probe could not run, an unexpected answer):
  inconclusive. A readiness check never turns an unproven path into a pass.
"""

from __future__ import annotations

from ..catalog import requirement
from ..checks import Check, ProbeKind
from ..results import CheckResult, Outcome, ProbeResult, Verdict
from .base import JudgeBase, say

_VERDICT = {
    "open": Verdict.PASS,
    "ready": Verdict.PASS,
    "rejected": Verdict.FAIL,
    "blocked": Verdict.FAIL,
    "unreachable": Verdict.FAIL,
    "unknown": Verdict.INCONCLUSIVE,
}


def readiness_class(probe: ProbeResult) -> str:
    """The readiness class of one TCP connect before the upgrade (see the module docstring)."""
    outcome = probe.outcome
    if outcome is Outcome.OPEN:
        return "open"
    if outcome is Outcome.REFUSED:
        return "ready" if probe.is_host_reset else "rejected"
    if outcome in (Outcome.TIMEOUT, Outcome.PROHIBITED):
        return "blocked"
    if outcome is Outcome.UNREACHABLE:
        return "unreachable"
    return "unknown"


def readiness_verdict(probe: ProbeResult) -> Verdict:
    """The verdict of a readiness path: pass only on an accept or the host's own reset."""
    return _VERDICT[readiness_class(probe)]


def readiness_tcp(j: JudgeBase, c: Check) -> CheckResult:
    """Judge a readiness TCP path (the port from the source's CommParam.ini when read)."""
    port = j.probe_port(c) or 0
    tried = say(
        j.lang,
        "judge.readiness.tried",
        upgrade_to=c.upgrade_to,
        address=c.address,
        port=port,
        from_text=j.from_text,
    )
    probe = j.probe(c, ProbeKind.TCP)
    if probe is None:
        return j.result(c, Verdict.INCONCLUSIVE, j.not_probed(tried))
    kind = readiness_class(probe)
    verdict = _VERDICT[kind]
    message = f"{tried}: {j.outcome_text(probe)}; {_meaning(j.lang, kind, c, port)}"
    facts = {"readiness": kind, "upgrade_to": c.upgrade_to, "port": port}
    bad = verdict is not Verdict.PASS
    req = requirement(c.requirement)
    symptom = say(j.lang, "judge.readiness.after_upgrade") + str(c.upgrade_to)
    return CheckResult(
        c,
        verdict,
        message,
        (probe.evidence,),
        symptom=req.symptom(j.lang) + symptom if bad else "",
        next_step=_next_step(j, c, port, kind) if bad else "",
        facts=facts,
    )


def _meaning(lang: str, kind: str, c: Check, port: int) -> str:
    """What readiness class ``kind`` means for the path (see the module docstring)."""
    return say(lang, f"judge.readiness.{kind}", port=port, host=c.target)


def _next_step(j: JudgeBase, c: Check, port: int, kind: str) -> str:
    if kind == "unreachable":
        return say(
            j.lang,
            "judge.readiness.check_route",
            source=c.source,
            target=c.target,
            address=c.address,
        )
    if kind == "unknown":
        return requirement(c.requirement).next_step(j.lang)
    return say(
        j.lang,
        "judge.readiness.allow_port",
        port=port,
        target=c.target,
        address=c.address,
        source=c.source,
        upgrade_to=c.upgrade_to,
    )
