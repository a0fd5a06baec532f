"""Verdict rules of the ISENet checks and the connection flows of the vendor document."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from .checks import Check
from .judge import Judge, required_answer, t
from .probes import local
from .probes.isenet_wire import SERIAL_SOURCE
from .results import CheckResult, Evidence, ProbeResult, Verdict
from .site import ISENet

_NO_SERIAL = "„Kann Seriennummer nicht ermitteln“"


def _isenet(j: Judge, c: Check) -> ISENet:
    return j.site.isenet(c.target)


def expected_facts(ise: ISENet) -> dict[str, Any]:
    """What the site file says about an ISENet."""
    return {"mac": ise.mac, "serial": ise.serial, "firmware": ise.firmware}


def differing_fields(expected: Mapping[str, Any], found: Mapping[str, Any]) -> list[str]:
    """The fields the site file gives (``expected``, see :func:`expected_facts`) that the
    device reports otherwise, or not at all (firmware: only when reported): the one comparison
    behind the ISENet verdicts and the report's inventory."""
    return [
        key for key, want in expected.items() if want is not None and _differs(key, want, found)
    ]


def _differs(key: str, want: Any, found: Mapping[str, Any]) -> bool:
    got = found.get(key)
    if got is None:
        return key != "firmware"  # firmware is read only where the device tells it
    return str(got).upper() != str(want).upper()


def mismatches(ise: ISENet, found: dict[str, Any]) -> list[str]:
    """Fields where the device differs from the site file (only fields the file gives)."""
    want = expected_facts(ise)
    return [
        f"{key} {found[key]} (site file: {want[key]})"
        if found.get(key) is not None
        else f"{key} not reported (site file: {want[key]})"
        for key in differing_fields(want, found)
    ]


def serial_source(j: Judge, ise: ISENet) -> str:
    """Where the serial's offset comes from: said wherever the site file's serial is compared."""
    return "" if ise.serial is None else "; " + t(j.lang, SERIAL_SOURCE["en"], SERIAL_SOURCE["de"])


def _query(j: Judge, c: Check) -> ProbeResult | None:
    return j.obs.probes.get(("isenet", c.address))


def _query_tried(j: Judge, c: Check) -> str:
    port = j.site.ports.isenet_command
    return t(
        j.lang,
        f"ISENet query F6/F4 to {c.target} {c.address}:{port}/udp {j.from_text}",
        f"ISENet-Abfrage F6/F4 an {c.target} {c.address}:{port}/UDP {j.from_text}",
    )


def off_path(j: Judge, source_port: int | None, reply_port: int | None) -> str | None:
    """Why an answer did not travel the document's PC:41797 <-> ISENet:41797, or None when it
    did (both ports seen and both the command port)."""
    port = j.site.ports.isenet_command
    why = []
    if source_port != port:
        why.append(
            t(
                j.lang,
                f"asked from port {source_port} (PC:{port} could not be bound)",
                f"gefragt von Port {source_port} (PC:{port} ließ sich nicht binden)",
            )
        )
    if reply_port != port:
        why.append(t(j.lang, f"answered from port {reply_port}", f"Antwort von Port {reply_port}"))
    if not why:
        return None
    return t(
        j.lang,
        f"the documented path PC:{port}↔ISENet:{port} was not exercised: {', '.join(why)}",
        f"der dokumentierte Weg PC:{port}↔ISENet:{port} wurde nicht geprüft: {', '.join(why)}",
    )


def _query_off_path(j: Judge, probe: ProbeResult) -> str | None:
    ev = probe.evidence
    return off_path(j, ev.source_port, ev.facts.get("reply_port"))


def isenet_query(j: Judge, c: Check) -> CheckResult:
    """ISE-CMD: the command port answers (any valid F7) over PC:41797 <-> ISENet:41797."""
    probe = _query(j, c)
    facts = {
        "expected": expected_facts(_isenet(j, c)),
        "found": dict(probe.evidence.facts) if probe and probe.is_open else None,
    }
    result = j.from_probe(c, probe, _query_tried(j, c), facts=facts)
    why = _query_off_path(j, probe) if probe is not None and probe.is_open else None
    if why:
        return j.result(c, Verdict.INCONCLUSIVE, f"{result.message}; {why}", result.evidence, facts)
    if result.verdict is Verdict.FAIL:
        msg = result.message + t(
            j.lang, f"; SesConfigPro shows {_NO_SERIAL}", f"; SesConfigPro meldet {_NO_SERIAL}"
        )
        return j.result(c, Verdict.FAIL, msg, result.evidence, facts)
    return result


def isenet_add(j: Judge, c: Check) -> CheckResult:
    """FLOW-ADD: the query answers with the serial number (and matches the site file)."""
    result = isenet_query(j, c)
    found = result.facts.get("found")
    if result.verdict is not Verdict.PASS or not found:
        return result
    if not found.get("serial"):
        return j.result(
            c,
            Verdict.FAIL,
            result.message
            + t(
                j.lang,
                f"; no serial number in the answer: {_NO_SERIAL}",
                f"; keine Seriennummer in der Antwort: {_NO_SERIAL}",
            ),
            result.evidence,
            result.facts,
        )
    if found.get("conflicting_answers"):
        return j.result(
            c,
            Verdict.FAIL,
            result.message
            + t(
                j.lang,
                "; two different devices answer at this address: the software may add either",
                "; an dieser Adresse antworten zwei verschiedene Geräte: die Software "
                "kann jedes von beiden hinzufügen",
            ),
            result.evidence,
            result.facts,
        )
    wrong = mismatches(_isenet(j, c), found)
    source = serial_source(j, _isenet(j, c))
    if wrong:
        return j.result(
            c,
            Verdict.FAIL,
            result.message
            + t(
                j.lang,
                f"; another device answers at this address: {', '.join(wrong)}",
                f"; an dieser Adresse antwortet ein anderes Gerät: {', '.join(wrong)}",
            )
            + source,
            result.evidence,
            result.facts,
        )
    return dataclasses.replace(result, message=result.message + source)


def isenet_data(j: Judge, c: Check) -> CheckResult:
    """ISE-DATA: 41796/tcp, by SesComm's live connection or connect-then-close."""
    tried = t(
        j.lang,
        f"41796/tcp to {c.target} {c.address}:{c.port} {j.from_text} (connect, "
        "then close; nothing is sent)",
        f"41796/TCP zu {c.target} {c.address}:{c.port} "
        f"{j.from_text} (verbinden, schließen; es wird nichts gesendet)",
    )
    probe = j.obs.probes.get(("data", c.address, j.site.ports.isenet_data))
    result = j.from_probe(c, probe, tried)
    if probe is not None and not _credited(probe):
        why = t(
            j.lang,
            f"; {probe.evidence.facts.get('process') or 'an unknown process'} is not SesComm: "
            "its connection is not credited to SesComm",
            f"; {probe.evidence.facts.get('process') or 'ein unbekannter Prozess'} ist nicht "
            "SesComm: seine Verbindung zählt nicht für SesComm",
        )
        return j.result(c, Verdict.INCONCLUSIVE, result.message + why, result.evidence)
    return result


def _credited(probe: ProbeResult) -> bool:
    """A live connection counts as SesComm's only when a SesComm process holds it."""
    ev = probe.evidence
    return ev.method != "local-established" or local.is_sescomm(ev.facts.get("process"))


_NOT_FOUND = {"found_by_search": False, "in_subnet": True}

# -- search ----------------------------------------------------------------------------------


def _search_evidence(j: Judge) -> list[Evidence]:
    search = j.obs.search
    return [] if search is None else [r.evidence for r in search.broadcasts.values()]


def isenet_search(j: Judge, c: Check) -> CheckResult:
    """FLOW-SEARCH for one ISENet: it answers the broadcast search from 41797 to 41797."""
    search, ise = j.obs.search, _isenet(j, c)
    tried = t(j.lang, f"broadcast search F6 {j.from_text}", f"Broadcast-Suche F6 {j.from_text}")
    if search is None:
        return j.result(c, Verdict.INCONCLUSIVE, j.not_probed(tried))
    sent = [r for r in search.broadcasts.values() if r.is_open]
    if not sent:
        return _nothing_sent(j, c, tried, dict(_NOT_FOUND))
    found = search.at(ise.address)
    if not found and ise.address in search.unattributed:
        why = t(
            j.lang,
            f"{ise.name} ({ise.address}) answered during the search while it was also asked "
            "by unicast; which of the two it answered cannot be told",
            f"{ise.name} ({ise.address}) antwortete während der Suche, während es auch per "
            "Unicast gefragt wurde; worauf es antwortete, ist nicht zu unterscheiden",
        )
        unsure = {"found_by_search": None, "in_subnet": True}
        return j.result(c, Verdict.INCONCLUSIVE, f"{tried}: {why}", _search_evidence(j), unsure)
    if not found:
        why = t(
            j.lang,
            f"{ise.name} ({ise.address}) did not answer within {search.window:g} s",
            f"{ise.name} ({ise.address}) hat innerhalb von {search.window:g} s nicht geantwortet",
        )
        return j.result(c, Verdict.FAIL, f"{tried}: {why}", _search_evidence(j), dict(_NOT_FOUND))
    dev = found[0]
    info = dev.info
    got = {
        "mac": info.mac,
        "serial": info.serial_text,
        "device_type": info.device_type,
        "firmware": _firmware_of(j, c, info.mac),
    }
    facts = {
        "found_by_search": True,
        "in_subnet": True,
        "found": got,
        "rtt_ms": dev.rtt_ms,
        "reply_port": dev.reply_port,
    }
    wrong = mismatches(ise, got)
    msg = f"{tried}: " + t(
        j.lang,
        f"{ise.name} answered: {info.device_type} MAC {info.mac} serial {info.serial_text}",
        f"{ise.name} antwortet: {info.device_type} MAC {info.mac} Seriennr. {info.serial_text}",
    )
    if wrong:
        return j.result(
            c,
            Verdict.FAIL,
            msg
            + t(j.lang, f"; differs: {', '.join(wrong)}", f"; abweichend: {', '.join(wrong)}")
            + serial_source(j, ise),
            _search_evidence(j),
            facts,
        )
    gaps = _search_unproven(j, ise, dev.reply_port, got)
    verdict = Verdict.INCONCLUSIVE if gaps else Verdict.PASS
    text = msg + "".join(f"; {g}" for g in gaps) + serial_source(j, ise)
    return j.result(c, verdict, text, _search_evidence(j), facts)


def _firmware_of(j: Judge, c: Check, mac: str | None) -> str | None:
    """The firmware of the device the search found: the search answer (F7) carries none, so it
    is the F5 of the unicast query to the same address, when the same MAC answered that."""
    query = _query(j, c)
    if query is None or not query.is_open or mac is None:
        return None
    facts = query.evidence.facts
    same = str(facts.get("mac") or "").upper() == mac.upper()
    return str(facts["firmware"]) if same and facts.get("firmware") else None


def _search_unproven(j: Judge, ise: ISENet, reply_port: int, got: dict[str, Any]) -> list[str]:
    """What keeps a search answer from proving FLOW-SEARCH: the ports, an unknown firmware."""
    sources = {r.evidence.source_port for r in j.obs.search.broadcasts.values() if r.is_open}
    source = next(iter(sources)) if len(sources) == 1 else None
    unsure = [why] if (why := off_path(j, source, reply_port)) else []
    if ise.firmware is not None and got.get("firmware") is None:
        unsure.append(
            t(
                j.lang,
                f"firmware not determined (the search answer carries none, the F4 query gave "
                f"none): the site file's {ise.firmware} could not be compared",
                f"Firmware nicht ermittelt (die Suchantwort enthält keine, die F4-Abfrage "
                f"lieferte keine): {ise.firmware} aus der Standortdatei nicht vergleichbar",
            )
        )
    return unsure


def isenet_search_extra(j: Judge, c: Check) -> CheckResult:
    """FLOW-SEARCH: devices the site file does not list, and two devices on one address."""
    search = j.obs.search
    tried = t(j.lang, f"broadcast search F6 {j.from_text}", f"Broadcast-Suche F6 {j.from_text}")
    if search is None:
        return j.result(c, Verdict.INCONCLUSIVE, j.not_probed(tried))
    if not any(r.is_open for r in search.broadcasts.values()):
        return _nothing_sent(j, c, tried)
    known = {i.address for i in j.site.isenets}
    extra = [d for d in search.devices if d.address not in known]
    facts = {
        "devices": [_device(d) for d in extra],
        "duplicates": [
            {
                "address": d.key,
                "addresses": list(d.addresses),
                "macs": list(d.macs),
                "detail": d.detail,
            }
            for d in search.duplicates
        ],
    }
    if search.duplicates:
        listing = "; ".join(d.detail for d in search.duplicates)
        return j.result(
            c,
            Verdict.FAIL,
            f"{tried}: "
            + t(
                j.lang,
                f"two devices answer on one address: {listing}",
                f"zwei Geräte antworten unter einer Adresse: {listing}",
            ),
            _search_evidence(j),
            facts,
        )
    if extra:
        listing = ", ".join(f"{d.address} ({d.info.mac if d.info else '?'})" for d in extra)
        return j.result(
            c,
            Verdict.INCONCLUSIVE,
            f"{tried}: "
            + t(
                j.lang,
                f"devices the site file does not list answered: {listing} — add them to the "
                "site file or explain them",
                f"Geräte, die nicht in der Standortdatei stehen, "
                f"antworten: {listing} — in die Standortdatei aufnehmen oder erklären",
            ),
            _search_evidence(j),
            facts,
        )
    if not search.devices:
        return j.result(
            c,
            Verdict.INCONCLUSIVE,
            f"{tried}: "
            + t(
                j.lang,
                "nothing answered the search, so nothing can be said about extra devices",
                "niemand hat auf die Suche geantwortet; über weitere Geräte ist nichts zu sagen",
            ),
            _search_evidence(j),
            facts,
        )
    return j.result(
        c,
        Verdict.PASS,
        f"{tried}: "
        + t(
            j.lang,
            f"{len(search.devices)} devices answered, all listed in the site file, no "
            "address answered twice",
            f"{len(search.devices)} Geräte antworten, alle in der "
            "Standortdatei, keine Adresse doppelt",
        ),
        _search_evidence(j),
        facts,
    )


def _nothing_sent(
    j: Judge, c: Check, tried: str, facts: dict[str, Any] | None = None
) -> CheckResult:
    """No broadcast left this machine: whatever answered, the search was not proven."""
    why = t(j.lang, "no broadcast could be sent", "kein Broadcast konnte gesendet werden")
    return j.result(c, Verdict.INCONCLUSIVE, f"{tried}: {why}", _search_evidence(j), facts)


def _device(d: Any) -> dict[str, Any]:
    info = d.info
    return {
        "address": d.address,
        "mac": info.mac if info else None,
        "serial": info.serial_text if info else None,
        "firmware": None,
        "device_type": info.device_type if info else None,
        "reply_port": d.reply_port,
    }


# -- flows -----------------------------------------------------------------------------------


def _steps(j: Judge, c: Check, names: tuple[str, ...]) -> list[tuple[str, ProbeResult | None]]:
    keys = {
        "41797/udp": ("isenet", c.address),
        "ping": ("ping", c.address),
        "41796/tcp": ("data", c.address, j.site.ports.isenet_data),
    }
    return [(name, j.obs.probes.get(keys[name])) for name in names]


def _flow(j: Judge, c: Check, names: tuple[str, ...], layered: bool = False) -> CheckResult:
    steps = _steps(j, c, names)
    parts, evidence, first_bad = [], [], None
    verdicts = []
    for number, (name, probe) in enumerate(steps, 1):
        verdict = _step_verdict(j, name, probe)
        verdicts.append(verdict)
        if verdict is Verdict.PASS:  # the evidence says how; the message stays short
            parts.append(f"{number}. {name}: {verdict.value}")
        else:
            text = j.outcome_text(probe) if probe else t(j.lang, "not run", "nicht gelaufen")
            parts.append(f"{number}. {name}: {verdict.value} ({text})")
        if probe:
            evidence.append(probe.evidence)
        if verdict is Verdict.FAIL and first_bad is None:
            first_bad = (number, name)
    if first_bad:
        lead = t(
            j.lang,
            f"layer {first_bad[1]} fails"
            if layered
            else f"step {first_bad[0]} ({first_bad[1]}) fails",
            f"Ebene {first_bad[1]} gestört"
            if layered
            else f"Schritt {first_bad[0]} ({first_bad[1]}) schlägt fehl",
        )
        verdict = Verdict.FAIL
    elif Verdict.INCONCLUSIVE in verdicts:
        lead, verdict = (
            t(j.lang, "not every step could be proven", "nicht jeder Schritt ließ sich nachweisen"),
            Verdict.INCONCLUSIVE,
        )
    else:
        lead, verdict = t(j.lang, "every step works", "alle Schritte funktionieren"), Verdict.PASS
    msg = f"{c.target} ({c.address}) {j.from_text}: {lead}: " + "; ".join(parts)
    return j.result(c, verdict, msg, evidence)


def _step_verdict(j: Judge, name: str, probe: ProbeResult | None) -> Verdict:
    """A flow step: an answer over the documented ports (41797) or by SesComm (41796)."""
    if probe is None:
        return Verdict.INCONCLUSIVE
    verdict = required_answer(probe.outcome)
    if verdict is Verdict.PASS and name == "41797/udp" and _query_off_path(j, probe):
        return Verdict.INCONCLUSIVE
    if verdict is Verdict.PASS and not _credited(probe):
        return Verdict.INCONCLUSIVE
    return verdict


def flow_admin(j: Judge, c: Check) -> CheckResult:
    """FLOW-ADMIN: 41797/udp query, ping, 41796/tcp — in the document's order."""
    return _flow(j, c, ("41797/udp", "ping", "41796/tcp"))


def flow_process(j: Judge, c: Check) -> CheckResult:
    """FLOW-PROCESS: ping, 41796/tcp."""
    return _flow(j, c, ("ping", "41796/tcp"))


def diag_isenet(j: Judge, c: Check) -> CheckResult:
    """DIAG-ISENET: the document's three layers; the first failing one is named."""
    return _flow(j, c, ("ping", "41797/udp", "41796/tcp"), layered=True)
