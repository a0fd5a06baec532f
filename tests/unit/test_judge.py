"""The verdict rules: pass only on positive evidence, silence never a pass, waivers, flows."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from sesam_accept.checks import Method
from sesam_accept.judge import Judge, Observations
from sesam_accept.loader import load_site
from sesam_accept.plan import plan_for
from sesam_accept.probes.isenet_results import FoundDevice, SearchResult
from sesam_accept.probes.isenet_wire import SERIAL_SOURCE, parse_f7
from sesam_accept.results import CheckResult, Evidence, Outcome, ProbeResult, Verdict
from sesam_accept.simulator.isenet_device import SimulatedDevice, build_f7
from sesam_accept.site import Confirmation, Waiver

from .test_loader import GOOD


@pytest.fixture
def site(tmp_path: Path):
    path = tmp_path / "site.yaml"
    path.write_text(GOOD, encoding="utf-8")
    return load_site(path)


TODAY = dt.date(2026, 12, 1)


def probe(outcome: Outcome, **facts) -> ProbeResult:
    return ProbeResult(outcome, Evidence("test", "udp", "10.9.0.1", detail="seen", facts=facts))


def query(**facts) -> ProbeResult:
    """An ISENet answer over the document's PC:41797 <-> ISENet:41797."""
    ev = Evidence(Method.ISENET_QUERY, "udp", "10.9.0.101", 41797, source_port=41797, detail="seen")
    return ProbeResult(Outcome.OPEN, dataclasses.replace(ev, facts={"reply_port": 41797, **facts}))


def judge(site, source: str, probes=None, language="en", **obs) -> tuple[Judge, dict]:
    checks = {c.id: c for c in plan_for(site, source).checks}
    observations = Observations(probes=probes or {}, **obs)
    return Judge(site, site.host(source), language, observations, True, TODAY), checks


def test_udp_silence_is_inconclusive_with_what_would_confirm_it(site):
    j, checks = judge(site, "WS-01", {("udp", "10.9.0.1", 41799): probe(Outcome.TIMEOUT)})
    result = j.judge(checks["FB-PWD[WS-01->SRV-DB:41799/udp]"])
    assert result.verdict is Verdict.INCONCLUSIVE
    assert "Error getting Password" in result.message and result.evidence


@pytest.mark.parametrize(
    ("outcome", "verdict"),
    [
        (Outcome.OPEN, Verdict.PASS),
        (Outcome.REFUSED, Verdict.FAIL),
        (Outcome.PROHIBITED, Verdict.FAIL),
        (Outcome.PERMISSION, Verdict.INCONCLUSIVE),
    ],
)
def test_udp_service_outcomes(site, outcome, verdict):
    j, checks = judge(site, "WS-01", {("udp", "10.9.0.1", 41799): probe(outcome)})
    assert j.judge(checks["FB-PWD[WS-01->SRV-DB:41799/udp]"]).verdict is verdict


def test_confirmation_turns_password_silence_into_a_pass(site):
    confirmed = dataclasses.replace(
        site,
        confirmations=(
            Confirmation(
                "FB-PWD",
                "M. Muster",
                dt.date(2026, 11, 1),
                "no Error getting Password",
                hosts=("WS-01",),
            ),
        ),
    )
    j, checks = judge(confirmed, "WS-01", {("udp", "10.9.0.1", 41799): probe(Outcome.TIMEOUT)})
    result = j.judge(checks["FB-PWD[WS-01->SRV-DB:41799/udp]"])
    assert result.verdict is Verdict.PASS and "M. Muster" in result.message


def test_silent_isenet_fails_with_the_documents_message_in_german(site):
    j, checks = judge(
        site, "SRV-COMM", {("isenet", "10.9.0.101"): probe(Outcome.TIMEOUT)}, language="de"
    )
    result = j.judge(checks["FLOW-ADD[SRV-COMM->ISE-1]"])
    assert result.verdict is Verdict.FAIL
    assert "Kann Seriennummer nicht ermitteln" in result.message
    assert result.next_step.startswith("SesConfigPro")


def test_other_serial_fails_flow_add_but_not_the_port(site):
    found = {"mac": "00:20:40:12:34:56", "serial": "999", "device_type": "X5K"}
    probes = {("isenet", "10.9.0.101"): query(**found)}
    j, checks = judge(site, "SRV-COMM", probes)
    assert j.judge(checks["ISE-CMD[SRV-COMM->ISE-1:41797/udp]"]).verdict is Verdict.PASS
    add = j.judge(checks["FLOW-ADD[SRV-COMM->ISE-1]"])
    assert add.verdict is Verdict.FAIL and "serial 999 (site file: 4711)" in add.message


def test_active_waiver_waives_a_failure_and_an_expired_one_does_not(site):
    probes = {("data", "10.9.0.102", 41796): probe(Outcome.REFUSED)}
    check_id = "ISE-DATA[SRV-COMM->ISE-2:41796/tcp]"
    waiver = Waiver(check_id, "rebuilt", "K. Weber", dt.date(2026, 12, 31))
    waived = dataclasses.replace(site, waivers=(waiver,))
    checks = {c.id: c for c in plan_for(waived, "SRV-COMM").checks}

    def on(day: dt.date) -> Verdict:
        j = Judge(
            waived, waived.host("SRV-COMM"), "en", Observations(probes=probes), True, today=day
        )
        return j.judge(checks[check_id]).verdict

    assert on(dt.date(2026, 12, 31)) is Verdict.WAIVED  # up to and including the expiry date
    assert on(dt.date(2027, 1, 1)) is Verdict.FAIL


def test_jp1_needs_a_person(site):
    j, checks = judge(site, "SRV-COMM")
    assert j.judge(checks["DIAG-JP1[ISE-1]"]).verdict is Verdict.INCONCLUSIVE
    confirmed = dataclasses.replace(
        site, confirmations=(Confirmation("DIAG-JP1[ISE-1]", "M. Muster", dt.date(2026, 11, 1)),)
    )
    j, checks = judge(confirmed, "SRV-COMM")
    result = j.judge(checks["DIAG-JP1[ISE-1]"])
    assert result.verdict is Verdict.PASS and result.evidence


def test_flow_names_the_failing_step(site):
    probes = {
        ("isenet", "10.9.0.101"): probe(Outcome.OPEN, serial="4711", mac="00:20:40:12:34:56"),
        ("ping", "10.9.0.101"): probe(Outcome.TIMEOUT),
        ("data", "10.9.0.101", 41796): probe(Outcome.OPEN),
    }
    j, checks = judge(site, "SRV-COMM", probes)
    admin = j.judge(checks["FLOW-ADMIN[SRV-COMM->ISE-1]"])
    assert admin.verdict is Verdict.FAIL and "step 2 (ping) fails" in admin.message
    diag = j.judge(checks["DIAG-ISENET[SRV-COMM->ISE-1]"])
    assert "layer ping fails" in diag.message


def test_commparam_mismatch_names_each_host(site):
    def read(port):
        return ProbeResult(
            Outcome.OPEN, Evidence(Method.COMMPARAM, "file", "x", facts={"port": port})
        )

    j, checks = judge(
        site,
        "SRV-COMM",
        commparam={"SRV-DB": read(41801), "SRV-COMM": read(41801), "WS-01": read(41802)},
    )
    result = j.judge(checks["RPC-INI[all SW hosts]"])
    assert result.verdict is Verdict.FAIL
    assert "WS-01=41802" in result.message and "differing: WS-01" in result.message


def test_other_hosts_paths_are_not_run(site):
    j, _ = judge(site, "SRV-COMM")
    other = next(c for c in plan_for(site, "SRV-COMM").elsewhere if c.source == "WS-01")
    result = j.not_run_here(other)
    assert result.verdict is Verdict.NOT_RUN and "run on WS-01" in result.message


def _search(**fields) -> SearchResult:
    sent = Evidence(Method.ISENET_SEARCH, "udp", "255.255.255.255", 41797, source_port=41797)
    bcast = ProbeResult(Outcome.OPEN, sent)
    return SearchResult((), (), (), {"255.255.255.255": bcast}, 2.0, **fields)


def test_a_search_answer_that_cannot_be_attributed_is_inconclusive_not_a_failure(site):
    j, checks = judge(site, "SRV-COMM", search=_search(unattributed=("10.9.0.101",)))
    check = next(c for c in checks.values() if c.id.startswith("FLOW-SEARCH[SRV-COMM->ISE-1 "))
    unsure = j.judge(check)
    assert unsure.verdict is Verdict.INCONCLUSIVE
    assert "cannot be told" in unsure.message
    j, _ = judge(site, "SRV-COMM", search=_search())
    assert j.judge(check).verdict is Verdict.FAIL  # nothing from it at all: not found


@pytest.mark.parametrize("language", ["en", "de"])
def test_where_a_serial_is_compared_the_evidence_names_the_source_of_its_offset(site, language):
    def add_and_search(serial: str) -> tuple[CheckResult, CheckResult]:
        found = {"mac": "00:20:40:12:34:56", "serial": serial, "device_type": "X5K"}
        probes = {("isenet", "10.9.0.101"): query(**found)}
        board = SimulatedDevice("ISE-1", "10.9.0.101", mac=found["mac"], serial=int(serial))
        device = FoundDevice("10.9.0.101", 41797, parse_f7(build_f7(board)), "", 1.0)
        searched = dataclasses.replace(_search(), devices=(device,))
        j, checks = judge(site, "SRV-COMM", probes, language, search=searched)
        search = next(c for c in checks.values() if c.id.startswith("FLOW-SEARCH[SRV-COMM->ISE-1 "))
        return j.judge(checks["FLOW-ADD[SRV-COMM->ISE-1]"]), j.judge(search)

    for serial, verdict in (("4711", Verdict.PASS), ("999", Verdict.FAIL)):
        for result in add_and_search(serial):
            assert result.verdict is verdict, result.message
            assert SERIAL_SOURCE[language] in result.message
    j, checks = judge(site, "SRV-COMM", {("isenet", "10.9.0.102"): probe(Outcome.OPEN, serial="1")})
    assert (
        "Lantronix" not in j.judge(checks["FLOW-ADD[SRV-COMM->ISE-2]"]).message
    )  # no serial given
