"""The upgrade readiness section: in the HTML (German and English) and in the JSON, apart from
today's requirement verdicts, and the sentence that nothing changes between two versions."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import jsonschema
import pytest
from report_factory import make_run

from sesam_accept.checks import Check, Method, Protocol
from sesam_accept.judge import Judge, Observations
from sesam_accept.report import diff_records, record_from_json, render_document
from sesam_accept.report.jsondoc import dump_record
from sesam_accept.report.rollup import overall_verdict, readiness, requirement_verdicts
from sesam_accept.results import (
    CheckResult,
    Evidence,
    Inapplicable,
    Outcome,
    ProbeResult,
    RunRecord,
    Verdict,
)
from sesam_accept.upgrade import readiness_checks
from sesam_accept.version import SoftwareVersion

SCHEMA = Path(__file__).parents[2] / "src/sesam_accept/report/results.schema.json"
COMM, WS01, WS02 = "192.168.10.11", "192.168.10.21", "192.168.10.22"


def _site():
    from sesam_accept.site import Host, ISENet, Site

    def host(name: str, address: str, role: str) -> Host:
        return Host(name, (address,), (), frozenset({role}))

    return Site(
        "Test",
        "",
        SoftwareVersion.parse("2.1-2"),
        "en",
        (
            host("SRV-DB", "192.168.10.10", "db"),
            host("SRV-COMM", COMM, "comm"),
            host("WS-01", WS01, "workstation"),
            host("WS-02", WS02, "workstation"),
        ),
        (ISENet("ISE-Tor1", "192.168.20.31"),),
    )


def _tcp(outcome: Outcome, source: str) -> ProbeResult:
    return ProbeResult(
        outcome, Evidence(Method.TCP_CONNECT, "tcp", COMM, 41801, source, detail="x")
    )


def _readiness(language: str, source: str, outcome: Outcome) -> list[CheckResult]:
    site = _site()
    checks, _ = readiness_checks(site, SoftwareVersion.parse("2.1-3"))
    mine = [c for c in checks if c.source == source and c.method == Method.READINESS_TCP]
    obs = Observations(probes={("tcp", COMM, 41801): _tcp(outcome, source)})
    judge = Judge(site, site.host(source), language, obs, True)
    return [judge.judge(c) for c in mine]


def _record(language: str) -> RunRecord:
    base = make_run("WS-01")
    results = _readiness(language, "WS-01", Outcome.TIMEOUT)
    results += _readiness(language, "WS-02", Outcome.REFUSED)
    info = dataclasses.replace(
        base.info, software_version="2.1-2", upgrade_to="2.1-3", language=language
    )
    # today (2.1-2) has no RPC-TCP/RPC-INI checks: they do not apply before 2.1-3
    today = tuple(r for r in base.results if r.check.requirement not in ("RPC-TCP", "RPC-INI"))
    not_applicable = (Inapplicable("RPC-TCP", "software 2.1-2 uses Microsoft RPC"),)
    return RunRecord(info, today + tuple(results), not_applicable)


@pytest.mark.parametrize(
    ("language", "heading", "blocked", "ready"),
    [
        ("en", "Upgrade readiness to 2.1-3", "Allow TCP 41801 inbound on SRV-COMM", "(ready)"),
        ("de", "Upgrade-Bereitschaft auf 2.1-3", "TCP 41801 eingehend auf SRV-COMM", "(bereit)"),
    ],
)
def test_html_shows_the_readiness_section(language, heading, blocked, ready) -> None:
    html = render_document(_record(language), language=language)
    section = html[html.index(heading) :]
    section = section[: section.index("</section>")]
    assert "RPC-TCP[WS-01-&gt;SRV-COMM:41801/tcp]" in section
    assert "RPC-TCP[WS-02-&gt;SRV-COMM:41801/tcp]" in section
    assert blocked in section and ready in section
    assert ("RPC-MS" in section) and ("RPC-INI" in section)  # what changes, from the catalog


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("en", "Nothing changes between 2.3-1 and 2.4-0"),
        ("de", "Zwischen 2.3-1 und 2.4-0 ändert sich nichts"),
    ],
)
def test_html_says_when_nothing_changes(language, sentence) -> None:
    base = make_run("WS-01")
    record = dataclasses.replace(base, info=dataclasses.replace(base.info, upgrade_to="2.4-0"))
    assert sentence in render_document(record, language=language)
    assert "readiness" not in render_document(base, language=language)


@pytest.mark.parametrize("language", ["en", "de"])
def test_json_marks_readiness_checks_and_round_trips(language) -> None:
    record = _record(language)
    doc = json.loads(dump_record(record))
    jsonschema.validate(doc, json.loads(SCHEMA.read_text(encoding="utf-8")))
    assert doc["run"]["upgrade_to"] == "2.1-3"
    marked = {c["id"]: c for c in doc["checks"] if c["upgrade_to"]}
    assert set(marked) == {
        "RPC-TCP[WS-01->SRV-COMM:41801/tcp]",
        "RPC-TCP[WS-02->SRV-COMM:41801/tcp]",
    }
    assert {c["verdict"] for c in marked.values()} == {"fail", "pass"}
    assert all(c["requirement"] == "RPC-TCP" for c in marked.values())
    assert record_from_json(doc) == record


def test_readiness_counts_overall_but_not_in_todays_requirements() -> None:
    record = _record("en")
    rows = {r.id: r for r in requirement_verdicts(record)}
    assert rows["RPC-TCP"].verdict == "not_applicable" and not rows["RPC-TCP"].checks
    assert overall_verdict(record).verdict == "not_accepted"


def test_results_of_older_tools_without_upgrade_to_still_load() -> None:
    doc = json.loads(dump_record(make_run("WS-01")))
    del doc["run"]["upgrade_to"]
    for check in doc["checks"]:
        del check["upgrade_to"]
    record = record_from_json(doc)
    assert record.info.upgrade_to == "" and all(r.check.upgrade_to is None for r in record.results)
    check = Check(
        requirement="X",
        source="a",
        target="b",
        label="l",
        method=Method.TCP_CONNECT,
        protocol=Protocol.TCP,
    )
    assert check.upgrade_to is None


def test_after_the_upgrade_a_ready_path_that_fails_is_a_regression() -> None:
    before = _record("en")
    after_results = tuple(
        dataclasses.replace(
            r,
            check=dataclasses.replace(r.check, method=Method.RPC_CONNECT, upgrade_to=None),
            verdict=Verdict.FAIL,
        )
        for r in readiness(before.results)
        if r.verdict is Verdict.PASS
    )
    info = dataclasses.replace(before.info, software_version="2.1-3", upgrade_to="")
    after = RunRecord(info, after_results, ())
    diff = diff_records(before, after, allow_mismatch=True)
    assert [c.check_id for c in diff.regressions] == ["RPC-TCP[WS-02->SRV-COMM:41801/tcp]"]
