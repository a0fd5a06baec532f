"""Verdict rules of the ISENet checks and the connection flows of the vendor document."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from ..checks import Check, ProbeKind
from ..probes import local
from ..probes.isenet_wire import SERIAL_SOURCE
from ..results import CheckResult, Evidence, ProbeResult, Verdict
from ..site import ISENet
from .base import JudgeBase, required_answer, say, t

_NO_SERIAL = "„Kann Seriennummer nicht ermitteln“"


def _isenet(j: JudgeBase, c: Check) -> ISENet:
    return j.site.isenet(c.target)


def expected_facts(ise: ISENet) -> dict[str, Any]:
    """What the site file says about an ISENet."""
    return {"mac": ise.mac, "serial": ise.serial, "firmware": ise.firmware}


def mismatches(ise: ISENet, found: Mapping[str, Any]) -> list[str]:
    """Fields where the device differs from the site file (only fields the file gives)."""
    return differences(expected_facts(ise), found)


def differences(expected: Mapping[str, Any], found: Mapping[str, Any]) -> list[str]:
    """Fields where a device's ``found`` facts differ from the ``expected`` ones (the site
    file's: :func:`expected_facts`), in words; a field the site file leaves out is never one."""
    return [
        f"{key} {found[key]} (site file: {expected[key]})"
        if found.get(key) is not None
        else f"{key} not reported (site file: {expected[key]})"
        for key in differing_fields(expected, found)
    ]


def differing_fields(expected: Mapping[str, Any], found: Mapping[str, Any]) -> list[str]:
    """The names of :func:`differences`' fields: those the site file gives that the device
    reports otherwise, or not at all (firmware: only when reported). The one comparison behind
    the ISENet verdicts and the report's inventory."""
    return [
        key for key, want in expected.items() if want is not None and _differs(key, want, found)
    ]


def _differs(key: str, want: Any, found: Mapping[str, Any]) -> bool:
    got = found.get(key)
    if got is None:
        return key != "firmware"  # firmware is read only where the device tells it
    return str(got).upper() != str(want).upper()


def serial_source(j: JudgeBase, ise: ISENet) -> str:
    """Where the serial's offset comes from: said wherever the site file's serial is compared."""
    return "" if ise.serial is None else "; " + t(j.lang, SERIAL_SOURCE["en"], SERIAL_SOURCE["de"])


def _query(j: JudgeBase, c: Check) -> ProbeResult | None:
    return j.probe(c, ProbeKind.ISENET)


def _query_tried(j: JudgeBase, c: Check) -> str:
    port = j.site.ports.isenet_command
    return say(
        j.lang,
        "judge.isenet.tried",
        target=c.target,
        address=c.address,
        port=port,
        from_text=j.from_text,
    )


def off_path(j: JudgeBase, source_port: int | None, reply_port: int | None) -> str | None:
    """Why an answer did not travel the document's PC:41797 <-> ISENet:41797, or None when it
    did (both ports seen and both the command port)."""
    port = j.site.ports.isenet_command
    why = []
    if source_port != port:
        why.append(say(j.lang, "judge.isenet.asked_from", source_port=source_port, port=port))
    if reply_port != port:
        why.append(say(j.lang, "judge.isenet.answered_from", reply_port=reply_port))
    if not why:
        return None
    return say(j.lang, "judge.isenet.off_path", port=port, why=", ".join(why))


def _query_off_path(j: JudgeBase, probe: ProbeResult) -> str | None:
    ev = probe.evidence
    return off_path(j, ev.source_port, ev.facts.get("reply_port"))


def isenet_query(j: JudgeBase, c: Check) -> CheckResult:
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
        msg = result.message + say(j.lang, "judge.isenet.no_serial")
        return j.result(c, Verdict.FAIL, msg, result.evidence, facts)
    return result


def isenet_add(j: JudgeBase, c: Check) -> CheckResult:
    """FLOW-ADD: the query answers with the serial number (and matches the site file)."""
    result = isenet_query(j, c)
    found = result.facts.get("found")
    if result.verdict is not Verdict.PASS or not found:
        return result
    if not found.get("serial"):
        return j.result(
            c,
            Verdict.FAIL,
            result.message + say(j.lang, "judge.isenet.answer_without_serial"),
            result.evidence,
            result.facts,
        )
    if found.get("conflicting_answers"):
        return j.result(
            c,
            Verdict.FAIL,
            result.message + say(j.lang, "judge.isenet.two_devices"),
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
            + say(j.lang, "judge.isenet.other_device", wrong=", ".join(wrong))
            + source,
            result.evidence,
            result.facts,
        )
    return dataclasses.replace(result, message=result.message + source)


def isenet_data(j: JudgeBase, c: Check) -> CheckResult:
    """ISE-DATA: 41796/tcp, by SesComm's live connection or connect-then-close."""
    tried = say(
        j.lang,
        "judge.data.tried",
        target=c.target,
        address=c.address,
        port=c.port,
        from_text=j.from_text,
    )
    probe = j.probe(c, ProbeKind.DATA)
    result = j.from_probe(c, probe, tried)
    if probe is not None and not _credited(probe):
        why = say(
            j.lang,
            "judge.data.not_sescomm",
            process=probe.evidence.facts.get("process")
            or say(j.lang, "judge.data.unknown_process"),
        )
        return j.result(c, Verdict.INCONCLUSIVE, result.message + why, result.evidence)
    return result


def _credited(probe: ProbeResult) -> bool:
    """A live connection counts as SesComm's only when a SesComm process holds it."""
    ev = probe.evidence
    return ev.method != "local-established" or local.is_sescomm(ev.facts.get("process"))


_NOT_FOUND = {"found_by_search": False, "in_subnet": True}

#: The steps of the flows, in the vendor document's order (the registry runs these probes).
FLOW_ADMIN = (ProbeKind.ISENET, ProbeKind.PING, ProbeKind.DATA)
FLOW_PROCESS = (ProbeKind.PING, ProbeKind.DATA)
DIAG_ISENET = (ProbeKind.PING, ProbeKind.ISENET, ProbeKind.DATA)  # the document's three layers
_STEP_NAMES = {ProbeKind.ISENET: "41797/udp", ProbeKind.PING: "ping", ProbeKind.DATA: "41796/tcp"}

# -- search ----------------------------------------------------------------------------------


def _search_evidence(j: JudgeBase) -> list[Evidence]:
    search = j.obs.search
    return [] if search is None else [r.evidence for r in search.broadcasts.values()]


def isenet_search(j: JudgeBase, c: Check) -> CheckResult:
    """FLOW-SEARCH for one ISENet: it answers the broadcast search from 41797 to 41797."""
    search, ise = j.obs.search, _isenet(j, c)
    tried = say(j.lang, "judge.search.tried", from_text=j.from_text)
    if search is None:
        return j.result(c, Verdict.INCONCLUSIVE, j.not_probed(tried))
    sent = [r for r in search.broadcasts.values() if r.is_open]
    if not sent:
        return _nothing_sent(j, c, tried, dict(_NOT_FOUND))
    found = search.at(ise.address)
    if not found and ise.address in search.unattributed:
        why = say(j.lang, "judge.search.unattributed", name=ise.name, address=ise.address)
        unsure = {"found_by_search": None, "in_subnet": True}
        return j.result(c, Verdict.INCONCLUSIVE, f"{tried}: {why}", _search_evidence(j), unsure)
    if not found:
        why = say(
            j.lang,
            "judge.search.no_answer",
            name=ise.name,
            address=ise.address,
            window=search.window,
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
    msg = f"{tried}: " + say(
        j.lang,
        "judge.search.answered",
        name=ise.name,
        device_type=info.device_type,
        mac=info.mac,
        serial_text=info.serial_text,
    )
    if wrong:
        return j.result(
            c,
            Verdict.FAIL,
            msg
            + say(j.lang, "judge.search.differs", wrong=", ".join(wrong))
            + serial_source(j, ise),
            _search_evidence(j),
            facts,
        )
    gaps = _search_unproven(j, ise, dev.reply_port, got)
    verdict = Verdict.INCONCLUSIVE if gaps else Verdict.PASS
    text = msg + "".join(f"; {g}" for g in gaps) + serial_source(j, ise)
    return j.result(c, verdict, text, _search_evidence(j), facts)


def _firmware_of(j: JudgeBase, c: Check, mac: str | None) -> str | None:
    """The firmware of the device the search found: the search answer (F7) carries none, so it
    is the F5 of the unicast query to the same address, when the same MAC answered that."""
    query = _query(j, c)
    if query is None or not query.is_open or mac is None:
        return None
    facts = query.evidence.facts
    same = str(facts.get("mac") or "").upper() == mac.upper()
    return str(facts["firmware"]) if same and facts.get("firmware") else None


def _search_unproven(j: JudgeBase, ise: ISENet, reply_port: int, got: dict[str, Any]) -> list[str]:
    """What keeps a search answer from proving FLOW-SEARCH: the ports, an unknown firmware."""
    sources = {r.evidence.source_port for r in j.obs.search.broadcasts.values() if r.is_open}
    source = next(iter(sources)) if len(sources) == 1 else None
    unsure = [why] if (why := off_path(j, source, reply_port)) else []
    if ise.firmware is not None and got.get("firmware") is None:
        unsure.append(say(j.lang, "judge.search.no_firmware", firmware=ise.firmware))
    return unsure


def isenet_search_extra(j: JudgeBase, c: Check) -> CheckResult:
    """FLOW-SEARCH: devices the site file does not list, and two devices on one address."""
    search = j.obs.search
    tried = say(j.lang, "judge.search.tried", from_text=j.from_text)
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
                "detail": d.detail.render(j.lang),
            }
            for d in search.duplicates
        ],
    }
    if search.duplicates:
        listing = "; ".join(d.detail.render(j.lang) for d in search.duplicates)
        return j.result(
            c,
            Verdict.FAIL,
            f"{tried}: " + say(j.lang, "judge.search.duplicates", listing=listing),
            _search_evidence(j),
            facts,
        )
    if extra:
        listing = ", ".join(f"{d.address} ({d.info.mac if d.info else '?'})" for d in extra)
        return j.result(
            c,
            Verdict.INCONCLUSIVE,
            f"{tried}: " + say(j.lang, "judge.search.unlisted", listing=listing),
            _search_evidence(j),
            facts,
        )
    if not search.devices:
        return j.result(
            c,
            Verdict.INCONCLUSIVE,
            f"{tried}: " + say(j.lang, "judge.search.nothing_answered"),
            _search_evidence(j),
            facts,
        )
    return j.result(
        c,
        Verdict.PASS,
        f"{tried}: " + say(j.lang, "judge.search.all_listed", n=len(search.devices)),
        _search_evidence(j),
        facts,
    )


def _nothing_sent(
    j: JudgeBase, c: Check, tried: str, facts: dict[str, Any] | None = None
) -> CheckResult:
    """No broadcast left this machine: whatever answered, the search was not proven."""
    why = say(j.lang, "judge.search.nothing_sent")
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


def _steps(
    j: JudgeBase, c: Check, kinds: tuple[ProbeKind, ...]
) -> list[tuple[str, ProbeResult | None]]:
    return [(_STEP_NAMES[kind], j.probe(c, kind)) for kind in kinds]


def _flow(
    j: JudgeBase, c: Check, kinds: tuple[ProbeKind, ...], layered: bool = False
) -> CheckResult:
    steps = _steps(j, c, kinds)
    parts, evidence, first_bad = [], [], None
    verdicts = []
    for number, (name, probe) in enumerate(steps, 1):
        verdict = _step_verdict(j, name, probe)
        verdicts.append(verdict)
        if verdict is Verdict.PASS:  # the evidence says how; the message stays short
            parts.append(f"{number}. {name}: {verdict.value}")
        else:
            text = j.outcome_text(probe) if probe else say(j.lang, "judge.flow.not_run")
            parts.append(f"{number}. {name}: {verdict.value} ({text})")
        if probe:
            evidence.append(probe.evidence)
        if verdict is Verdict.FAIL and first_bad is None:
            first_bad = (number, name)
    if first_bad:
        number, step = first_bad
        key = "judge.flow.layer_fails" if layered else "judge.flow.step_fails"
        lead = say(j.lang, key, number=number, step=step)
        verdict = Verdict.FAIL
    elif Verdict.INCONCLUSIVE in verdicts:
        lead, verdict = (
            say(j.lang, "judge.flow.unproven"),
            Verdict.INCONCLUSIVE,
        )
    else:
        lead, verdict = say(j.lang, "judge.flow.works"), Verdict.PASS
    msg = f"{c.target} ({c.address}) {j.from_text}: {lead}: " + "; ".join(parts)
    return j.result(c, verdict, msg, evidence)


def _step_verdict(j: JudgeBase, name: str, probe: ProbeResult | None) -> Verdict:
    """A flow step: an answer over the documented ports (41797) or by SesComm (41796)."""
    if probe is None:
        return Verdict.INCONCLUSIVE
    verdict = required_answer(probe.outcome)
    if verdict is Verdict.PASS and name == "41797/udp" and _query_off_path(j, probe):
        return Verdict.INCONCLUSIVE
    if verdict is Verdict.PASS and not _credited(probe):
        return Verdict.INCONCLUSIVE
    return verdict


def flow_admin(j: JudgeBase, c: Check) -> CheckResult:
    """FLOW-ADMIN: 41797/udp query, ping, 41796/tcp — in the document's order."""
    return _flow(j, c, FLOW_ADMIN)


def flow_process(j: JudgeBase, c: Check) -> CheckResult:
    """FLOW-PROCESS: ping, 41796/tcp."""
    return _flow(j, c, FLOW_PROCESS)


def diag_isenet(j: JudgeBase, c: Check) -> CheckResult:
    """DIAG-ISENET: the document's three layers; the first failing one is named."""
    return _flow(j, c, DIAG_ISENET, layered=True)
