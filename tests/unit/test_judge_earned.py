"""Issue 13, the judge's side: every pass is earned.

Confirmations are precise and dated; listeners are what they claim; the document's exact port
pair; the flows from 2.1-2; TFTP's 69/tcp reset.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from markupsafe import escape

from sesam_accept.checks import Method, ProbeKind
from sesam_accept.errors import SiteFileError
from sesam_accept.judge import Judge, Observations
from sesam_accept.loader import check_site, load_site
from sesam_accept.plan import not_applicable, plan_for, site_checks
from sesam_accept.probes.isenet_results import FoundDevice, SearchResult
from sesam_accept.probes.isenet_wire import DeviceInfo
from sesam_accept.report.html_site import manual_section
from sesam_accept.results import (
    CheckResult,
    Evidence,
    Outcome,
    ProbeResult,
    RunInfo,
    RunRecord,
    Verdict,
    rests_on_confirmation,
)
from sesam_accept.site import Confirmation, Site
from sesam_accept.texts import texts
from sesam_accept.version import SoftwareVersion

from .test_loader import GOOD

TODAY = dt.date(2026, 12, 1)
PWD_WS01 = "FB-PWD[WS-01->SRV-DB:41799/udp]"
PWD_COMM = "FB-PWD[SRV-COMM->SRV-DB:41799/udp]"


def write(tmp_path: Path, extra: str = "", text: str = GOOD) -> Path:
    path = tmp_path / "site.yaml"
    path.write_text(text + extra, encoding="utf-8")
    return path


@pytest.fixture
def site(tmp_path: Path) -> Site:
    return load_site(write(tmp_path), today=TODAY)


def problems(path: Path) -> str:
    with pytest.raises(SiteFileError) as caught:
        load_site(path, today=TODAY)
    return str(caught.value)


def probe(outcome: Outcome, **facts: object) -> ProbeResult:
    return ProbeResult(outcome, Evidence("test", "udp", "10.9.0.1", detail="seen", facts=facts))


def verdict_of(
    site: Site, source: str, check_id: str, probes: dict | None = None, today=TODAY, **obs
) -> CheckResult:
    checks = {c.id: c for c in plan_for(site, source).checks}
    judge = Judge(site, site.host(source), "en", Observations(probes=probes or {}, **obs), True)
    judge.today = today
    return judge.judge(checks[check_id])


def confirmed(site: Site, *items: Confirmation, max_age: int = 365) -> Site:
    return dataclasses.replace(site, confirmations=items, confirmations_max_age_days=max_age)


def pwd(*hosts: str, date: dt.date = dt.date(2026, 11, 1)) -> Confirmation:
    return Confirmation("FB-PWD", "M. Muster", date, "no Error getting Password", hosts=hosts)


SILENT = {("udp", "10.9.0.1", 41799): probe(Outcome.TIMEOUT)}


# -- 2. confirmations: the site file -------------------------------------------------------------


def test_a_bare_requirement_id_is_a_site_file_error_that_says_how_to_write_it(tmp_path):
    extra = "confirmations:\n  - {check: FB-PWD, confirmed_by: M, date: 2026-11-01}\n"
    message = problems(write(tmp_path, extra))
    assert "confirmations[0].check" in message
    assert "alone would cover every path of FB-PWD" in message
    assert "{check: FB-PWD, hosts: [WS-01]}" in message


@pytest.mark.parametrize(
    ("entry", "field", "says"),
    [
        ("{check: FB-PWD, hosts: [WS-09]}", "hosts", "'WS-09' is not one of the site's hosts"),
        ("{check: DIAG-JP1, hosts: [WS-01]}", "check", "or the isenets it covers"),
        ("{check: 'DIAG-JP1[ISE-1]', isenets: [ISE-1]}", "isenets", "names one check already"),
        ("{check: 'DIAG-JP1[ISE-9]'}", "check", "is no check of this site"),
    ],
)
def test_a_confirmation_names_what_exists(tmp_path, entry, field, says):
    item = entry[:-1] + ", confirmed_by: M, date: 2026-11-01}"
    message = problems(write(tmp_path, f"confirmations:\n  - {item}\n"))
    assert f"confirmations[0].{field}" in message and says in message


def test_date_is_required_and_max_age_is_read_with_a_default(tmp_path):
    extra = "confirmations:\n  - {check: 'DIAG-JP1[ISE-1]', confirmed_by: M}\n"
    assert "confirmations[0].date: missing (required)" in problems(write(tmp_path, extra))
    assert load_site(write(tmp_path), today=TODAY).confirmations_max_age_days == 365
    aged = "confirmations_max_age_days: 30\n"
    assert load_site(write(tmp_path, aged), today=TODAY).confirmations_max_age_days == 30


def test_an_expired_confirmation_is_a_warning_at_load(tmp_path):
    extra = (
        "confirmations_max_age_days: 30\nconfirmations:\n"
        "  - {check: FB-PWD, hosts: [WS-01], confirmed_by: M, date: 2026-10-01}\n"
    )
    loaded = check_site(write(tmp_path, extra), today=TODAY)
    (warning,) = [str(w) for w in loaded.warnings if "confirmations" in str(w)]
    assert "older than confirmations_max_age_days (30): it does not count" in warning


def test_rpc_ini_without_any_sesam_host_is_a_site_file_error(tmp_path):
    text = GOOD.replace("roles: [db]", "roles: [db]\n    sesam_software: false")
    text = text.replace("roles: [comm]", "roles: [comm]\n    sesam_software: false")
    text = text.replace("roles: [workstation]", "roles: [workstation]\n    sesam_software: false")
    message = problems(write(tmp_path, text=text))
    assert "no host runs Sesam software" in message and "RPC-INI" in message


# -- 2. confirmations: the judge ---------------------------------------------------------------


def test_a_confirmation_covers_only_the_hosts_it_names(site):
    scoped = confirmed(site, pwd("WS-01"))
    passed = verdict_of(scoped, "WS-01", PWD_WS01, SILENT)
    assert passed.verdict is Verdict.PASS and "M. Muster" in passed.message
    assert rests_on_confirmation(passed)
    other = verdict_of(scoped, "SRV-COMM", PWD_COMM, SILENT)
    assert other.verdict is Verdict.INCONCLUSIVE and not rests_on_confirmation(other)
    assert "{check: FB-PWD, hosts: [SRV-COMM]}" in other.message  # how to confirm it


def test_an_expired_confirmation_does_not_count_and_says_so(site):
    old = confirmed(site, pwd("WS-01", date=dt.date(2026, 1, 1)), max_age=100)
    result = verdict_of(old, "WS-01", PWD_WS01, SILENT)
    assert result.verdict is Verdict.INCONCLUSIVE
    assert "does not count: older than 100 days (confirmations_max_age_days)" in result.message
    # The same confirmation counts up to and including its last day.
    assert verdict_of(old, "WS-01", PWD_WS01, SILENT, today=dt.date(2026, 4, 11)).verdict is (
        Verdict.PASS
    )


@pytest.mark.parametrize(
    ("outcome", "verdict"),
    [
        (Outcome.ERROR, Verdict.INCONCLUSIVE),
        (Outcome.PERMISSION, Verdict.INCONCLUSIVE),
        (Outcome.REFUSED, Verdict.FAIL),
        (Outcome.PROHIBITED, Verdict.FAIL),
        (Outcome.WRONG_ANSWER, Verdict.FAIL),
    ],
)
def test_a_confirmation_turns_only_silence_into_a_pass(site, outcome, verdict):
    result = verdict_of(
        confirmed(site, pwd("WS-01")),
        "WS-01",
        PWD_WS01,
        {("udp", "10.9.0.1", 41799): probe(outcome)},
    )
    assert result.verdict is verdict
    assert "a confirmation turns only silence into a pass" in result.message


def test_a_pass_resting_on_a_confirmation_is_listed_with_the_manual_checks(site):
    passed = verdict_of(confirmed(site, pwd("WS-01")), "WS-01", PWD_WS01, SILENT)
    info = RunInfo(
        *("Test Site", "", "2.3-1", "WS-01", ("10.9.0.3",), True, "en"),
        *("2026-12-01T10:00:00+00:00", "2026-12-01T10:01:00+00:00", "site.yaml", "0", "1"),
    )
    record = RunRecord(info, (passed,))
    html = manual_section(record, texts("en"))
    assert escape(PWD_WS01) in html and "M. Muster" in html


# -- 3. listeners --------------------------------------------------------------------------------


def listening(*addresses: str) -> ProbeResult:
    facts = {"addresses": list(addresses), "pid": 7, "process": "fbserver"}
    return ProbeResult(Outcome.OPEN, Evidence("local-listener-tcp", "local", "x", facts=facts))


@pytest.mark.parametrize(
    ("bound", "verdict"),
    [
        (("127.0.0.1",), Verdict.FAIL),
        (("::1", "127.0.0.1"), Verdict.FAIL),
        (("10.9.9.9",), Verdict.FAIL),  # none of SRV-DB's addresses
        (("0.0.0.0",), Verdict.PASS),
        (("127.0.0.1", "10.9.0.1"), Verdict.PASS),
    ],
)
def test_a_listener_passes_only_where_other_hosts_reach_it(site, bound, verdict):
    probes = {("listener", 41800, "tcp"): listening(*bound)}
    result = verdict_of(site, "SRV-DB", "FB-TCP[SRV-DB listens 41800/tcp]", probes)
    assert result.verdict is verdict, result.message
    if bound == ("127.0.0.1",):
        assert "bound only to loopback (127.0.0.1)" in result.message


@pytest.mark.parametrize(("process", "verdict"), [("SesComm.exe", Verdict.PASS), ("x.exe", None)])
def test_only_sescomms_own_connection_is_credited_to_sescomm(site, process, verdict):
    facts = {"pid": 42, "process": process}
    live = ProbeResult(
        Outcome.OPEN, Evidence("local-established", "local", "10.9.0.101", 41796, facts=facts)
    )
    probes = {("data", "10.9.0.101", 41796): live}
    result = verdict_of(site, "SRV-COMM", "ISE-DATA[SRV-COMM->ISE-1:41796/tcp]", probes)
    assert result.verdict is (verdict or Verdict.INCONCLUSIVE)
    if verdict is None:
        assert "x.exe is not SesComm" in result.message


# -- 4. the document's exact paths ---------------------------------------------------------------


def answer(source_port: int, reply_port: int, **facts: object) -> ProbeResult:
    ev = Evidence(
        Method.ISENET_QUERY,
        "udp",
        "10.9.0.101",
        41797,
        source_port=source_port,
        facts={"reply_port": reply_port, "serial": "4711", "mac": "00:20:40:12:34:56", **facts},
    )
    return ProbeResult(Outcome.OPEN, ev)


@pytest.mark.parametrize(
    ("source_port", "reply_port", "why"),
    [
        (50123, 41797, "asked from port 50123 (PC:41797 could not be bound)"),
        (41797, 50999, "answered from port 50999"),
    ],
)
def test_an_answer_off_the_documented_port_pair_is_not_a_pass(site, source_port, reply_port, why):
    probes = {("isenet", "10.9.0.101"): answer(source_port, reply_port)}
    for check_id in ("ISE-CMD[SRV-COMM->ISE-1:41797/udp]", "FLOW-ADD[SRV-COMM->ISE-1]"):
        result = verdict_of(site, "SRV-COMM", check_id, probes)
        assert result.verdict is Verdict.INCONCLUSIVE, check_id
        assert "the documented path PC:41797↔ISENet:41797 was not exercised" in result.message
        assert why in result.message
    on_path = {("isenet", "10.9.0.101"): answer(41797, 41797)}
    assert verdict_of(site, "SRV-COMM", "FLOW-ADD[SRV-COMM->ISE-1]", on_path).verdict is (
        Verdict.PASS
    )


def search_finding_ise1(source_port: int = 41797) -> SearchResult:
    sent = Evidence(Method.ISENET_SEARCH, "udp", "10.9.0.255", 41797, source_port=source_port)
    info = DeviceInfo("X5K", 4711, "4711", "12 67", "00:20:40:12:34:56", 30)
    device = FoundDevice("10.9.0.101", 41797, info, "00", 1.0)
    return SearchResult((device,), (), (), {"10.9.0.255": ProbeResult(Outcome.OPEN, sent)}, 2.0)


@pytest.mark.parametrize(
    ("firmware", "verdict", "says"),
    [
        ("6.5.0.7", Verdict.PASS, ""),
        ("6.1.0.0", Verdict.FAIL, "firmware 6.1.0.0 (site file: 6.5.0.7)"),
        (None, Verdict.INCONCLUSIVE, "firmware not determined"),
    ],
)
def test_flow_search_compares_the_firmware_the_site_file_gives(site, firmware, verdict, says):
    ise1 = dataclasses.replace(site.isenets[0], firmware="6.5.0.7")
    with_fw = dataclasses.replace(site, isenets=(ise1, *site.isenets[1:]))
    probes = {("isenet", "10.9.0.101"): answer(41797, 41797, firmware=firmware)}
    check = next(
        c for c in plan_for(with_fw, "SRV-COMM").checks if c.method == Method.ISENET_SEARCH
    )
    result = verdict_of(with_fw, "SRV-COMM", check.id, probes, search=search_finding_ise1())
    assert result.verdict is verdict, result.message
    assert says in result.message


def test_a_search_from_an_ephemeral_port_is_not_the_documented_flow(site):
    probes = {("isenet", "10.9.0.101"): answer(41797, 41797)}
    check = next(c for c in plan_for(site, "SRV-COMM").checks if c.method == Method.ISENET_SEARCH)
    result = verdict_of(site, "SRV-COMM", check.id, probes, search=search_finding_ise1(50123))
    assert result.verdict is Verdict.INCONCLUSIVE
    assert "PC:41797↔ISENet:41797 was not exercised" in result.message


def test_the_flows_apply_from_software_2_1_2(site):
    old = dataclasses.replace(site, software_version=SoftwareVersion(2, 1, 1))
    reasons = {na.id: na.text("en") for na in not_applicable(old)}
    for flow in ("FLOW-SEARCH", "FLOW-ADD", "FLOW-ADMIN", "FLOW-PROCESS"):
        assert "ab Software-Version 2.1-2" in reasons[flow]
        assert not any(c.requirement == flow for c in site_checks(old))
    first = dataclasses.replace(site, software_version=SoftwareVersion(2, 1, 2))
    assert "FLOW-ADD" not in {na.id for na in not_applicable(first)}
    assert any(c.requirement == "FLOW-ADD" for c in site_checks(first))


# -- 5. TFTP -------------------------------------------------------------------------------------


def tftp_site(site: Site) -> Site:
    return dataclasses.replace(site, rare=dataclasses.replace(site.rare, tftp=True))


TCP69 = "ISE-TFTP[SRV-COMM->ISE-1:69/tcp]"


@pytest.mark.parametrize(
    ("tcp", "udp", "verdict"),
    [
        (probe(Outcome.REFUSED, errno=111), probe(Outcome.OPEN), Verdict.PASS),
        (probe(Outcome.REFUSED, errno=111), probe(Outcome.TIMEOUT), Verdict.INCONCLUSIVE),
        (probe(Outcome.REFUSED, icmp_type=3, icmp_code=3), probe(Outcome.OPEN), Verdict.FAIL),
        (probe(Outcome.TIMEOUT), probe(Outcome.OPEN), Verdict.FAIL),
        (probe(Outcome.PROHIBITED, icmp_type=3, icmp_code=13), probe(Outcome.OPEN), Verdict.FAIL),
    ],
)
def test_a_tcp_reset_on_69_is_no_evidence_of_a_blocked_path(site, tcp, udp, verdict):
    probes = {("tcp", "10.9.0.101", 69): tcp, (ProbeKind.TFTP, "10.9.0.101", 69): udp}
    for language, says in (("en", "TFTP runs over UDP"), ("de", "TFTP läuft über UDP")):
        checks = {c.id: c for c in plan_for(tftp_site(site), "SRV-COMM").checks}
        judge = Judge(
            tftp_site(site), site.host("SRV-COMM"), language, Observations(probes=probes), True
        )
        result = judge.judge(checks[TCP69])
        assert result.verdict is verdict
        if "errno" in tcp.evidence.facts:
            assert says in result.message
