"""The verdict rules of the paths to hosts, CommParam.ini and the manual check (shared rules:
``base``; ISENets and flows: ``isenet``; readiness: ``readiness``). The registry
(``methods.SPECS``) names the rule of each check method."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..checks import Check, ProbeKind, Protocol, probe_key
from ..probes import local
from ..results import CheckResult, Verdict
from .base import JudgeBase, say, udp_silence_undecided

# -- Firebird, RPC, UDP services, TCP --------------------------------------------------------


def firebird(j: JudgeBase, c: Check) -> CheckResult:
    tried = say(
        j.lang, "judge.firebird.tried", address=c.address, port=c.port, from_text=j.from_text
    )
    return j.from_probe(c, j.probe(c, ProbeKind.FIREBIRD), tried)


def listener(j: JudgeBase, c: Check) -> CheckResult:
    """A local listening socket of the source host (its port and transport: the probe key)."""
    _, port, proto = j.probe_key(c, ProbeKind.LISTENER)
    tried = say(j.lang, "judge.listener.tried", port=port, proto=proto, source=c.source)
    if not j.addresses_local:
        return j.result(
            c,
            Verdict.INCONCLUSIVE,
            say(j.lang, "judge.listener.not_this_host", tried=tried, source=c.source),
        )
    result = j.from_probe(c, j.probe(c, ProbeKind.LISTENER), tried)
    if result.verdict is not Verdict.PASS:
        return result
    bound = [str(a) for a in result.evidence[0].facts.get("addresses", ())]
    if any(local.is_wildcard(a) or a in j.source.addresses for a in bound):
        return result
    where = ", ".join(bound) or "?"
    why = (
        say(j.lang, "judge.listener.loopback", where=where, addresses=", ".join(j.source.addresses))
        if all(local.is_loopback(a) for a in bound)
        else say(
            j.lang,
            "judge.listener.other_address",
            where=where,
            source=c.source,
            addresses=", ".join(j.source.addresses),
        )
    )
    return j.result(c, Verdict.FAIL, result.message + why, result.evidence)


def rpc_connect(j: JudgeBase, c: Check) -> CheckResult:
    port = j.probe_port(c)
    origin = say(j.lang, "judge.rpc.port_from_ini", port=port, name=j.source.name)
    if j.source.name not in j.obs.commparam or not j.obs.commparam[j.source.name].is_open:
        origin = say(j.lang, "judge.rpc.port_expected", port=port)
    what = "Teste Comm-Server: " if c.requirement == "DIAG-COMM" else ""
    tried = say(
        j.lang,
        "judge.rpc.tried",
        what=what,
        address=c.address,
        port=port,
        origin=origin,
        from_text=j.from_text,
    )
    result = j.from_probe(c, j.probe(c, ProbeKind.TCP), tried)
    if result.verdict is Verdict.PASS:
        note = say(j.lang, "judge.rpc.undocumented")
        return j.result(c, result.verdict, result.message + note, result.evidence)
    return result


def rpc_epm(j: JudgeBase, c: Check) -> CheckResult:
    what = "Teste Comm-Server: " if c.requirement == "DIAG-COMM" else ""
    tried = say(
        j.lang, "judge.epm.tried", what=what, address=c.address, port=c.port, from_text=j.from_text
    )
    result = j.from_probe(c, j.probe(c, ProbeKind.EPM), tried)
    note = say(j.lang, "judge.epm.dynamic_ports")
    return j.result(c, result.verdict, result.message + note, result.evidence)


def _udp_verdict(j: JudgeBase, c: Check, kind: ProbeKind, tried: str) -> tuple[CheckResult, bool]:
    """The verdict of a UDP probe whose silence stays undecided, and whether it is settled: by
    a pass, by no probe at all, or by an engineer's confirmation of the silence or failure."""
    said = say(j.lang, tried, address=c.address, port=c.port, from_text=j.from_text)
    probe = j.probe(c, kind)
    result = j.from_probe(c, probe, said, udp_silence_undecided)
    if probe is None or result.verdict is Verdict.PASS:
        return result, True
    confirmed = j.confirm(c, result, probe.is_silence)
    return confirmed or result, confirmed is not None


def udp_service(j: JudgeBase, c: Check) -> CheckResult:
    result, settled = _udp_verdict(j, c, ProbeKind.UDP, "judge.udp.tried")
    probe = j.probe(c, ProbeKind.UDP)
    if settled or c.requirement != "FB-PWD" or probe is None or not probe.is_silence:
        return result
    hint = say(j.lang, "judge.udp.password_hint", source=c.source)
    local = j.obs.probes.get(
        probe_key(ProbeKind.LISTENER, port=j.site.ports.firebird_password, transport=Protocol.UDP)
    )
    if local is not None and local.is_open:
        hint += say(j.lang, "judge.udp.locally", detail=local.text(j.lang))
    return j.result(c, Verdict.INCONCLUSIVE, result.message + hint, result.evidence)


def tcp_connect(j: JudgeBase, c: Check) -> CheckResult:
    tried = say(j.lang, "judge.tcp.tried", address=c.address, port=c.port, from_text=j.from_text)
    probe = j.probe(c, ProbeKind.TCP)
    result = j.from_probe(c, probe, tried)
    if c.requirement == "ISE-TFTP" and probe is not None and probe.is_host_reset:
        return _tftp_reset(j, c, result)
    return result


def _tftp_reset(j: JudgeBase, c: Check, result: CheckResult) -> CheckResult:
    """69/tcp reset: TFTP runs over UDP, so a reset is no sign of a blocked path; the verdict
    is the UDP answer's (a dropped or administratively rejected 69/tcp still fails)."""
    udp = j.probe(c, ProbeKind.TFTP)
    rule = say(j.lang, "judge.tftp.reset_rule", address=c.address)
    if udp is not None and udp.is_open:
        works = say(j.lang, "judge.tftp.udp_answered", answer=udp.text(j.lang).rstrip("."))
        evidence = (*result.evidence, udp.evidence)
        return j.result(c, Verdict.PASS, result.message + rule + works, evidence)
    open_question = say(j.lang, "judge.tftp.udp_silent")
    return j.result(c, Verdict.INCONCLUSIVE, result.message + rule + open_question, result.evidence)


def tftp(j: JudgeBase, c: Check) -> CheckResult:
    return _udp_verdict(j, c, ProbeKind.TFTP, "judge.tftp.tried")[0]


# -- CommParam.ini ---------------------------------------------------------------------------


def commparam(j: JudgeBase, c: Check) -> CheckResult:
    host = j.site.host(c.target)
    if host.commparam is None:
        return j.result(
            c,
            Verdict.INCONCLUSIVE,
            say(j.lang, "judge.ini.no_location", name=host.name),
        )
    read = j.obs.commparam.get(host.name)
    if read is None:
        return j.result(c, Verdict.INCONCLUSIVE, j.not_probed(host.commparam.path))
    facts: dict[str, Any] = {"path": host.commparam.path, **read.evidence.facts}
    if not read.is_open:
        unc_elsewhere = "UNC" in read.text("en")
        verdict = Verdict.INCONCLUSIVE if unc_elsewhere else Verdict.FAIL
        return j.result(
            c,
            verdict,
            say(j.lang, "judge.ini.unread", path=host.commparam.path, detail=read.text(j.lang)),
            [read.evidence],
            facts,
        )
    port, expected = int(read.evidence.facts["port"]), j.site.ports.rpc
    ok = port == expected
    msg = say(
        j.lang,
        "judge.ini.read",
        path=host.commparam.path,
        detail=read.text(j.lang),
        expected=expected,
    )
    return j.result(c, Verdict.PASS if ok else Verdict.FAIL, msg, [read.evidence], facts)


@dataclass(frozen=True)
class RpcIniDecision:
    """The RPC-INI consistency verdict over the hosts' CommParam.ini ports."""

    verdict: Verdict
    differing: tuple[str, ...]  # hosts whose port is not the expected one
    unread: tuple[str, ...]  # SW hosts whose file was not read


def rpc_ini_decision(
    ports: Mapping[str, int], expected: int, sw_hosts: Sequence[str]
) -> RpcIniDecision:
    """The one RPC-INI rule: fail when a host's port differs from ``expected``, inconclusive
    while an SW host's file is unread, else pass (for the judge and for merged runs)."""
    differing = tuple(sorted(h for h, p in ports.items() if p != expected))
    unread = tuple(h for h in sw_hosts if h not in ports)
    if differing:
        return RpcIniDecision(Verdict.FAIL, differing, unread)
    return RpcIniDecision(Verdict.INCONCLUSIVE if unread else Verdict.PASS, differing, unread)


def commparam_consistency(j: JudgeBase, c: Check) -> CheckResult:
    """RPC-INI across hosts: every CommParam.ini read here names the expected port."""
    expected = j.site.ports.rpc
    ports = {h: int(r.evidence.facts["port"]) for h, r in j.obs.commparam.items() if r.is_open}
    sw_hosts = [h.name for h in j.site.sw_hosts]
    verdict, message = rpc_ini_verdict(ports, expected, sw_hosts, j.source.name, j.lang)
    unread = [h for h in sw_hosts if h not in ports]
    evidence = [j.obs.commparam[h].evidence for h in ports]
    facts: dict[str, Any] = {"ports": ports, "unread": unread, "expected": expected}
    return j.result(c, verdict, message, evidence, facts)


def rpc_ini_verdict(
    ports: Mapping[str, int], expected: int, sw_hosts: Sequence[str], where: str, lang: str
) -> tuple[Verdict, str]:
    """:func:`rpc_ini_decision` with its message: for a run (``where`` = its host) and for
    ``sesam-accept merge`` (the ports every run read)."""
    decision = rpc_ini_decision(ports, expected, sw_hosts)
    listing = ", ".join(f"{h}={p}" for h, p in sorted(ports.items()))
    if decision.verdict is Verdict.FAIL:
        differing = ", ".join(decision.differing)
        words = {"listing": listing, "expected": expected, "differing": differing}
        return Verdict.FAIL, say(lang, "judge.ini.ports_differ", **words)
    if decision.verdict is Verdict.INCONCLUSIVE:
        return Verdict.INCONCLUSIVE, say(
            lang,
            "judge.ini.not_all_read",
            listing=listing or say(lang, "judge.ini.none"),
            name=where,
            unread=", ".join(decision.unread),
        )
    return Verdict.PASS, say(lang, "judge.ini.same_port", expected=expected, listing=listing)


# -- manual ----------------------------------------------------------------------------------


def manual(j: JudgeBase, c: Check) -> CheckResult:
    """DIAG-JP1: nothing on the network can answer, so only a person's confirmation passes."""
    what = say(j.lang, "judge.jp1", target=c.target)
    confirmed = j.confirm(c, j.result(c, Verdict.INCONCLUSIVE, what), silence=True)
    needed = say(j.lang, "judge.jp1.needs_confirmation")
    return confirmed or j.result(c, Verdict.INCONCLUSIVE, needed + what)
