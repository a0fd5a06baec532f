"""The verdict rule of each check method (see ``judge`` for the shared rules)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import judge_isenet as ji
from .checks import Check
from .judge import Judge, matching, rpc_port_of, t, udp_silence_undecided
from .judge_readiness import readiness_tcp
from .results import CheckResult, Evidence, ProbeResult, Verdict
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
    return j.from_probe(c, _probe(j, "listener", port, proto), tried)


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
    if result.verdict is not Verdict.INCONCLUSIVE or probe is None:
        return result
    if c.requirement != "FB-PWD":
        return result
    confirmation = matching(j.site.confirmations, c)
    if confirmation is not None:
        msg = t(
            j.lang,
            f"{result.message}; confirmed by {confirmation.confirmed_by} on "
            f"{confirmation.date}: {confirmation.note or 'no Error getting Password'}",
            f"{result.message}; bestätigt von {confirmation.confirmed_by} am "
            f"{confirmation.date}: {confirmation.note or 'kein Error getting Password'}",
        )
        return j.result(c, Verdict.PASS, msg, result.evidence)
    hint = t(
        j.lang,
        "; silence proves nothing (the password service protocol is undocumented). "
        "Confirm it by opening SesConfigPro on this host (no 'Error getting Password') and "
        "recording that under confirmations: in the site file",
        "; Stille beweist nichts (das Protokoll des Passwort-Service ist nicht "
        "dokumentiert). Bestätigen: SesConfigPro auf diesem Rechner öffnen (kein „Error "
        "getting Password“) und unter confirmations: in der Standortdatei eintragen",
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
    return j.from_probe(c, _probe(j, "tcp", c.address, c.port), tried)


def tftp(j: Judge, c: Check) -> CheckResult:
    tried = t(
        j.lang,
        f"TFTP read request for a missing file to {c.address}:{c.port}/udp {j.from_text}",
        f"TFTP-Leseanfrage nach einer fehlenden Datei an {c.address}:{c.port}/UDP {j.from_text}",
    )
    return j.from_probe(c, _probe(j, "tftp", c.address, c.port), tried, udp_silence_undecided)


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
    listing = ", ".join(f"{h}={p}" for h, p in sorted(ports.items()))
    differ = sorted(h for h, p in ports.items() if p != expected)
    if differ:
        return j.result(
            c,
            Verdict.FAIL,
            t(
                j.lang,
                f"the RPC port differs: {listing}; expected {expected} on every host "
                f"(differing: {', '.join(differ)})",
                f"der RPC-Port weicht ab: {listing}; erwartet "
                f"{expected} auf allen Rechnern (abweichend: {', '.join(differ)})",
            ),
            evidence,
            facts,
        )
    if unread:
        return j.result(
            c,
            Verdict.INCONCLUSIVE,
            t(
                j.lang,
                f"read here: {listing or 'none'}; not readable from {j.source.name}: "
                f"{', '.join(unread)} (run on those hosts and merge, or collect copies)",
                f"hier gelesen: {listing or 'keine'}; von {j.source.name} nicht lesbar: "
                f"{', '.join(unread)} (auf diesen Rechnern ausführen und zusammenführen, oder "
                "Kopien einsammeln)",
            ),
            evidence,
            facts,
        )
    return j.result(
        c,
        Verdict.PASS,
        t(
            j.lang,
            f"every host uses port {expected}: {listing}",
            f"alle Rechner nutzen Port {expected}: {listing}",
        ),
        evidence,
        facts,
    )


# -- manual ----------------------------------------------------------------------------------


def manual(j: Judge, c: Check) -> CheckResult:
    confirmation = matching(j.site.confirmations, c)
    if confirmation is None:
        return j.result(
            c,
            Verdict.INCONCLUSIVE,
            t(
                j.lang,
                f"needs manual confirmation: JP1 on {c.target} must sit on pins 2-3; it "
                "cannot be probed over the network",
                f"manuelle Bestätigung nötig: JP1 auf "
                f"{c.target} muss auf PIN 2 und 3 stecken; das lässt sich nicht über das Netz "
                "prüfen",
            ),
        )
    ev = Evidence(
        "manual",
        "manual",
        c.target,
        detail=confirmation.note,
        facts={"confirmed_by": confirmation.confirmed_by, "date": confirmation.date.isoformat()},
    )
    return j.result(
        c,
        Verdict.PASS,
        t(
            j.lang,
            f"confirmed by {confirmation.confirmed_by} on {confirmation.date}"
            f"{': ' + confirmation.note if confirmation.note else ''}",
            f"bestätigt von {confirmation.confirmed_by} am {confirmation.date}"
            f"{': ' + confirmation.note if confirmation.note else ''}",
        ),
        [ev],
    )


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
