"""The verdict rule of each check method (see ``judge`` for the shared rules)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from . import judge_isenet as ji
from .checks import Check
from .judge import Judge, rpc_port_of, t, udp_silence_undecided
from .judge_readiness import readiness_tcp
from .probes import local
from .results import CheckResult, ProbeResult, Verdict
from .upgrade import READINESS_TCP

Rule = Callable[[Judge, Check], CheckResult]


def dispatch(j: Judge, check: Check) -> CheckResult:
    """Judge ``check`` with the rule of its method."""
    rule = _RULES.get(check.method)
    if rule is None:
        raise ValueError(f"no verdict rule for method {check.method!r} ({check.id})")
    return rule(j, check)


def _probe(j: Judge, *key: Any) -> ProbeResult | None:
    return j.obs.probes.get(tuple(key))


# -- Firebird, RPC, UDP services, TCP --------------------------------------------------------


def firebird(j: Judge, c: Check) -> CheckResult:
    tried = t(
        j.lang,
        f"Firebird op_connect to {c.address}:{c.port}/tcp {j.from_text}",
        f"Firebird op_connect an {c.address}:{c.port}/TCP {j.from_text}",
    )
    return j.from_probe(c, _probe(j, "firebird", c.address, c.port), tried)


def listener(j: Judge, c: Check, port: int | None = None, proto: str | None = None) -> CheckResult:
    port = port or c.port
    proto = proto or c.method.rsplit("-", 1)[1]
    tried = t(
        j.lang,
        f"local listener on {port}/{proto} of {c.source}",
        f"lokaler Dienst auf {port}/{proto} von {c.source}",
    )
    if not j.addresses_local:
        return j.result(
            c,
            Verdict.INCONCLUSIVE,
            t(
                j.lang,
                f"{tried}: this machine is not {c.source}; its sockets cannot be seen",
                f"{tried}: dieser Rechner ist nicht {c.source}; dessen Sockets sind nicht sichtbar",
            ),
        )
    result = j.from_probe(c, _probe(j, "listener", port, proto), tried)
    if result.verdict is not Verdict.PASS:
        return result
    bound = [str(a) for a in result.evidence[0].facts.get("addresses", ())]
    if any(local.is_wildcard(a) or a in j.source.addresses for a in bound):
        return result
    where = ", ".join(bound) or "?"
    why = (
        t(
            j.lang,
            f"; bound only to loopback ({where}): no other host can reach it, and the "
            f"requirement is a path from other hosts to {', '.join(j.source.addresses)}",
            f"; nur an Loopback gebunden ({where}): kein anderer Rechner erreicht ihn, die "
            f"Anforderung ist aber ein Weg von anderen Rechnern zu {', '.join(j.source.addresses)}",
        )
        if all(local.is_loopback(a) for a in bound)
        else t(
            j.lang,
            f"; bound only to {where}, none of {c.source}'s site-file addresses "
            f"({', '.join(j.source.addresses)}): other hosts reach it there, not at those",
            f"; nur an {where} gebunden, keine der Adressen von {c.source} laut "
            f"Standortdatei ({', '.join(j.source.addresses)})",
        )
    )
    return j.result(c, Verdict.FAIL, result.message + why, result.evidence)


def rpc_listener(j: Judge, c: Check) -> CheckResult:
    return listener(j, c, rpc_port_of(j.site, j.obs, j.site.comm_host.name), "tcp")


def rpc_connect(j: Judge, c: Check) -> CheckResult:
    port = rpc_port_of(j.site, j.obs, j.source.name)
    origin = t(
        j.lang,
        f"port {port} from {j.source.name}'s CommParam.ini",
        f"Port {port} aus der CommParam.ini von {j.source.name}",
    )
    if j.source.name not in j.obs.commparam or not j.obs.commparam[j.source.name].is_open:
        origin = t(
            j.lang,
            f"expected port {port} (CommParam.ini not read)",
            f"erwarteter Port {port} (CommParam.ini nicht gelesen)",
        )
    what = "Teste Comm-Server: " if c.requirement == "DIAG-COMM" else ""
    tried = t(
        j.lang,
        f"{what}TCP connect to {c.address}:{port} ({origin}) {j.from_text}",
        f"{what}TCP-Verbindung zu {c.address}:{port} ({origin}) {j.from_text}",
    )
    result = j.from_probe(c, _probe(j, "tcp", c.address, port), tried)
    if result.verdict is Verdict.PASS:
        note = t(
            j.lang,
            "; the Sesam RPC protocol is undocumented: a TCP accept is the most that can be proven",
            "; das Sesam-RPC-Protokoll ist nicht dokumentiert: mehr als die "
            "TCP-Annahme lässt sich nicht nachweisen",
        )
        return j.result(c, result.verdict, result.message + note, result.evidence)
    return result


def rpc_epm(j: Judge, c: Check) -> CheckResult:
    what = "Teste Comm-Server: " if c.requirement == "DIAG-COMM" else ""
    tried = t(
        j.lang,
        f"{what}DCE/RPC bind to the endpoint mapper {c.address}:{c.port}/tcp {j.from_text}",
        f"{what}DCE/RPC-Bind an den Endpoint-Mapper {c.address}:{c.port}/TCP {j.from_text}",
    )
    result = j.from_probe(c, _probe(j, "epm", c.address, c.port), tried)
    note = t(
        j.lang,
        "; Microsoft RPC also needs the dynamic ports 49152-65535/tcp to the COMM "
        "host, which only the real RPC call can prove",
        "; Microsoft RPC braucht zusätzlich die dynamischen Ports 49152-65535/TCP zum COMM-Rechner",
    )
    return j.result(c, result.verdict, result.message + note, result.evidence)


def udp_service(j: Judge, c: Check) -> CheckResult:
    tried = t(
        j.lang,
        f"UDP datagram to {c.address}:{c.port} {j.from_text}",
        f"UDP-Datagramm an {c.address}:{c.port} {j.from_text}",
    )
    probe = _probe(j, "udp", c.address, c.port)
    result = j.from_probe(c, probe, tried, udp_silence_undecided)
    if probe is None or result.verdict is Verdict.PASS:
        return result
    confirmed = j.confirm(c, result, probe.is_silence)
    if confirmed is not None or c.requirement != "FB-PWD" or not probe.is_silence:
        return confirmed or result
    hint = t(
        j.lang,
        "; silence proves nothing (the password service protocol is undocumented). "
        "Confirm it by opening SesConfigPro on this host (no 'Error getting Password') and "
        f"recording that under confirmations: in the site file ({{check: FB-PWD, hosts: "
        f"[{c.source}]}}, with who and when)",
        "; Stille beweist nichts (das Protokoll des Passwort-Service ist nicht "
        "dokumentiert). Bestätigen: SesConfigPro auf diesem Rechner öffnen (kein „Error "
        "getting Password“) und unter confirmations: in der Standortdatei eintragen "
        f"({{check: FB-PWD, hosts: [{c.source}]}}, mit wer und wann)",
    )
    local = _probe(j, "listener", j.site.ports.firebird_password, "udp")
    if local is not None and local.is_open:
        hint += t(
            j.lang, f"; locally, {local.evidence.detail}", f"; lokal: {local.evidence.detail}"
        )
    return j.result(c, Verdict.INCONCLUSIVE, result.message + hint, result.evidence)


def tcp_connect(j: Judge, c: Check) -> CheckResult:
    tried = t(
        j.lang,
        f"TCP connect to {c.address}:{c.port} {j.from_text}",
        f"TCP-Verbindung zu {c.address}:{c.port} {j.from_text}",
    )
    probe = _probe(j, "tcp", c.address, c.port)
    result = j.from_probe(c, probe, tried)
    if c.requirement == "ISE-TFTP" and probe is not None and probe.is_host_reset:
        return _tftp_reset(j, c, result)
    return result


def _tftp_reset(j: Judge, c: Check, result: CheckResult) -> CheckResult:
    """69/tcp reset: TFTP runs over UDP, so a reset is no sign of a blocked path; the verdict
    is the UDP answer's (a dropped or administratively rejected 69/tcp still fails)."""
    udp = _probe(j, "tftp", c.address, c.port)
    rule = t(
        j.lang,
        f'; TFTP runs over UDP (the document names 69 "UDP und TCP"): a TCP reset answers '
        f"from {c.address}, so it is no evidence of a blocked path; only a dropped (timeout) or "
        "administratively rejected 69/tcp fails",
        f"; TFTP läuft über UDP (das Dokument nennt 69 „UDP und TCP“): ein TCP-Reset ist eine "
        f"Antwort von {c.address} und kein Zeichen eines gesperrten Wegs; nur ein verworfenes "
        "(Zeitüberschreitung) oder administrativ abgewiesenes 69/TCP schlägt fehl",
    )
    if udp is not None and udp.is_open:
        works = t(
            j.lang,
            f"; TFTP over UDP answered ({udp.evidence.detail.rstrip('.')}): the firmware "
            "update path works",
            f"; TFTP über UDP antwortet ({udp.evidence.detail.rstrip('.')}): der Weg für das "
            "Firmwareupdate funktioniert",
        )
        evidence = (*result.evidence, udp.evidence)
        return j.result(c, Verdict.PASS, result.message + rule + works, evidence)
    open_question = t(
        j.lang,
        "; TFTP over UDP did not answer either, so nothing proves the update path (see the "
        "69/udp check)",
        "; TFTP über UDP hat auch nicht geantwortet: der Weg für das Update ist nicht "
        "nachgewiesen (siehe die 69/UDP-Prüfung)",
    )
    return j.result(c, Verdict.INCONCLUSIVE, result.message + rule + open_question, result.evidence)


def tftp(j: Judge, c: Check) -> CheckResult:
    tried = t(
        j.lang,
        f"TFTP read request for a missing file to {c.address}:{c.port}/udp {j.from_text}",
        f"TFTP-Leseanfrage nach einer fehlenden Datei an {c.address}:{c.port}/UDP {j.from_text}",
    )
    probe = _probe(j, "tftp", c.address, c.port)
    result = j.from_probe(c, probe, tried, udp_silence_undecided)
    if probe is None or result.verdict is Verdict.PASS:
        return result
    return j.confirm(c, result, probe.is_silence) or result


# -- CommParam.ini ---------------------------------------------------------------------------


def commparam(j: Judge, c: Check) -> CheckResult:
    host = j.site.host(c.target)
    if host.commparam is None:
        return j.result(
            c,
            Verdict.INCONCLUSIVE,
            t(
                j.lang,
                f"the site file gives no CommParam.ini location for {host.name} (add "
                "hosts[].commparam.path)",
                f"die Standortdatei nennt keine CommParam.ini für "
                f"{host.name} (hosts[].commparam.path ergänzen)",
            ),
        )
    read = j.obs.commparam.get(host.name)
    if read is None:
        return j.result(c, Verdict.INCONCLUSIVE, j.not_probed(host.commparam.path))
    facts: dict[str, Any] = {"path": host.commparam.path, **read.evidence.facts}
    if not read.is_open:
        unc_elsewhere = "UNC" in read.evidence.detail
        verdict = Verdict.INCONCLUSIVE if unc_elsewhere else Verdict.FAIL
        return j.result(
            c,
            verdict,
            t(
                j.lang,
                f"{host.commparam.path}: {read.evidence.detail}",
                f"{host.commparam.path}: {read.evidence.detail}",
            ),
            [read.evidence],
            facts,
        )
    port, expected = int(read.evidence.facts["port"]), j.site.ports.rpc
    ok = port == expected
    msg = t(
        j.lang,
        f"{host.commparam.path}: {read.evidence.detail}; expected port {expected}",
        f"{host.commparam.path}: {read.evidence.detail}; erwarteter Port {expected}",
    )
    return j.result(c, Verdict.PASS if ok else Verdict.FAIL, msg, [read.evidence], facts)


def commparam_consistency(j: Judge, c: Check) -> CheckResult:
    expected = j.site.ports.rpc
    ports = {h: int(r.evidence.facts["port"]) for h, r in j.obs.commparam.items() if r.is_open}
    unread = [h.name for h in j.site.sw_hosts if h.name not in ports]
    evidence = [j.obs.commparam[h].evidence for h in ports]
    facts: dict[str, Any] = {"ports": ports, "unread": unread, "expected": expected}
    verdict, message = rpc_ports_verdict(ports, expected, unread, j.source.name, j.lang)
    return j.result(c, verdict, message, evidence, facts)


def rpc_ports_verdict(
    ports: Mapping[str, int], expected: int, unread: Sequence[str], where: str, lang: str
) -> tuple[Verdict, str]:
    """RPC-INI across hosts: the RPC port each host's CommParam.ini names (``ports``) against
    the site's; ``unread`` hosts leave it open. The one rule of a run (``where`` = its host)
    and of ``sesam-accept merge`` (the ports every run read)."""
    listing = ", ".join(f"{h}={p}" for h, p in sorted(ports.items()))
    differ = sorted(h for h, p in ports.items() if p != expected)
    if differ:
        return Verdict.FAIL, t(
            lang,
            f"the RPC port differs: {listing}; expected {expected} on every host "
            f"(differing: {', '.join(differ)})",
            f"der RPC-Port weicht ab: {listing}; erwartet "
            f"{expected} auf allen Rechnern (abweichend: {', '.join(differ)})",
        )
    if unread:
        return Verdict.INCONCLUSIVE, t(
            lang,
            f"read here: {listing or 'none'}; not readable from {where}: "
            f"{', '.join(unread)} (run on those hosts and merge, or collect copies)",
            f"hier gelesen: {listing or 'keine'}; von {where} nicht lesbar: "
            f"{', '.join(unread)} (auf diesen Rechnern ausführen und zusammenführen, oder "
            "Kopien einsammeln)",
        )
    return Verdict.PASS, t(
        lang,
        f"every host uses port {expected}: {listing}",
        f"alle Rechner nutzen Port {expected}: {listing}",
    )


# -- manual ----------------------------------------------------------------------------------


def manual(j: Judge, c: Check) -> CheckResult:
    """DIAG-JP1: nothing on the network can answer, so only a person's confirmation passes."""
    what = t(
        j.lang,
        f"JP1 on {c.target} must sit on pins 2-3; it cannot be probed over the network",
        f"JP1 auf {c.target} muss auf PIN 2 und 3 stecken; das lässt sich nicht über das Netz "
        "prüfen",
    )
    confirmed = j.confirm(c, j.result(c, Verdict.INCONCLUSIVE, what), silence=True)
    needed = t(j.lang, "needs manual confirmation: ", "manuelle Bestätigung nötig: ")
    return confirmed or j.result(c, Verdict.INCONCLUSIVE, needed + what)


def _isenet_rules() -> dict[str, Rule]:
    return {
        "isenet-query": ji.isenet_query,
        "isenet-add": ji.isenet_add,
        "isenet-data": ji.isenet_data,
        "isenet-search": ji.isenet_search,
        "isenet-search-extra": ji.isenet_search_extra,
        "flow-admin": ji.flow_admin,
        "flow-process": ji.flow_process,
        "diag-isenet": ji.diag_isenet,
    }


_RULES: dict[str, Rule] = {
    "firebird": firebird,
    "listener-tcp": listener,
    "listener-udp": listener,
    "rpc-listener": rpc_listener,
    "rpc-connect": rpc_connect,
    "rpc-epm": rpc_epm,
    "udp-service": udp_service,
    "tcp-connect": tcp_connect,
    "tftp": tftp,
    "commparam": commparam,
    "commparam-consistency": commparam_consistency,
    "manual": manual,
    **_isenet_rules(),
    READINESS_TCP: readiness_tcp,
}
