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
from .base import JudgeBase, t

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
    tried = t(
        j.lang,
        f"readiness for {c.upgrade_to}: TCP connect to {c.address}:{port} {j.from_text}",
        f"Bereitschaft für {c.upgrade_to}: TCP-Verbindung zu {c.address}:{port} {j.from_text}",
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
    symptom = t(j.lang, " after the upgrade to ", " nach dem Update auf ") + str(c.upgrade_to)
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
    host = c.target
    texts = {
        "open": (
            f"something already listens on {port}: the path is open",
            f"auf {port} lauscht bereits ein Dienst: der Weg ist offen",
        ),
        "ready": (
            f"the TCP reset came for {host}'s own address: the path reaches {host} (ready). A "
            "reset cannot rule out a firewall rule on the host scoped to the future program "
            "(it applies only once that program listens), nor a firewall that answers resets "
            "on behalf of the host",
            f"der TCP-Reset kam für die eigene Adresse von {host}: der Weg erreicht {host} "
            "(bereit). Ein Reset schließt nicht aus: eine Firewall-Regel auf dem Rechner, die "
            "nur für das künftige Programm gilt (sie greift erst, wenn es lauscht), oder eine "
            "Firewall, die an Stelle des Rechners mit Resets antwortet",
        ),
        "rejected": (
            "an ICMP port-unreachable instead of a TCP reset: a firewall rejects the path "
            "(blocked)",
            "ICMP Port-unreachable statt TCP-Reset: eine Firewall weist den Weg ab (blockiert)",
        ),
        "blocked": (
            "a firewall is in the way (blocked)",
            "eine Firewall ist im Weg (blockiert)",
        ),
        "unreachable": (
            f"{host} cannot be reached at all",
            f"{host} ist gar nicht erreichbar",
        ),
        "unknown": (
            "no evidence either way: not proven",
            "kein Nachweis in die eine oder andere Richtung: nicht bewiesen",
        ),
    }
    en, de = texts[kind]
    return de if lang == "de" else en


def _next_step(j: JudgeBase, c: Check, port: int, kind: str) -> str:
    if kind == "unreachable":
        return t(
            j.lang,
            f"Check the route and address between {c.source} and {c.target} ({c.address}).",
            f"Route und Adresse zwischen {c.source} und {c.target} ({c.address}) prüfen.",
        )
    if kind == "unknown":
        return requirement(c.requirement).next_step(j.lang)
    return t(
        j.lang,
        f"Allow TCP {port} inbound on {c.target} ({c.address}) from {c.source} before the "
        f"upgrade to {c.upgrade_to} (Windows firewall and any network firewall in between).",
        f"TCP {port} eingehend auf {c.target} ({c.address}) von {c.source} freigeben, vor dem "
        f"Update auf {c.upgrade_to} (Windows-Firewall und jede Netzwerk-Firewall dazwischen).",
    )
