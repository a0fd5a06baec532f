"""Every ACCEPTED is earned, in the record and the report: no pass without evidence, a run on
the wrong machine or a narrowed run is never accepted and says so first, and the sign-off block
lists what no network probe proves (de and en)."""

from __future__ import annotations

import copy
import dataclasses
import json
import re
from pathlib import Path

import pytest
from report_factory import make_run, with_verdicts

from sesam_accept.checks import Check, Method, Protocol
from sesam_accept.cli import exit_status
from sesam_accept.errors import ResultsError
from sesam_accept.loader import load_site
from sesam_accept.notrun import on_this_machine
from sesam_accept.plan import signoff_items
from sesam_accept.report import overall_verdict, record_from_json, render_document
from sesam_accept.report.html_signoff import SIGNOFF_LINES
from sesam_accept.report.jsondoc import dump_record
from sesam_accept.results import CheckResult, Evidence, RunRecord, Verdict
from sesam_accept.site import Host

EXAMPLE = Path(__file__).parents[2] / "site_configs" / "example.yaml"
FB_PATH = Check(
    requirement="FB-TCP",
    source="WS-01",
    target="SRV-DB",
    label="WS-01->SRV-DB:41800/tcp",
    method=Method.FIREBIRD,
    protocol=Protocol.TCP,
)


def test_a_pass_without_evidence_cannot_be_built() -> None:
    check = FB_PATH
    with pytest.raises(ValueError, match=r"FB-TCP\[WS-01->SRV-DB:41800/tcp\]: a pass needs"):
        CheckResult(check, Verdict.PASS, "trust me")
    assert CheckResult(check, Verdict.INCONCLUSIVE, "silence").evidence == ()


def test_a_results_file_with_a_bare_pass_is_refused(comm_run: RunRecord) -> None:
    doc = json.loads(dump_record(comm_run))
    bad = copy.deepcopy(doc)
    index = next(i for i, c in enumerate(bad["checks"]) if c["verdict"] == "pass")
    bad["checks"][index]["evidence"] = []
    with pytest.raises(ResultsError, match=rf"r\.json: checks\[{index}\]\.evidence: a pass"):
        record_from_json(bad, source="r.json")


def _ev(source: str) -> Evidence:
    return Evidence(Method.TCP_CONNECT, "tcp", "10.0.0.1", 41800, source=source, detail="accepted")


def test_the_wrong_machine_sets_aside_every_path_but_keeps_what_was_seen() -> None:
    host = Host("WS-01", ("10.0.0.21",), (), frozenset({"workstation"}))
    path = FB_PATH
    copy_ = Check(
        requirement="RPC-INI",
        source="WS-01",
        target="WS-01",
        label="WS-01 CommParam.ini",
        method=Method.COMMPARAM,
        protocol=Protocol.FILE,
        portable=True,
    )
    passed = CheckResult(path, Verdict.PASS, "op_connect answered", (_ev("10.0.0.11"),))
    ini = CheckResult(copy_, Verdict.PASS, "RpcPort=41801", (_ev("10.0.0.11"),))
    for language, words in (("en", "prove nothing about WS-01"), ("de", "beweisen nichts")):
        moved, kept = on_this_machine([passed, ini], host, ("10.0.0.11",), language)
        assert moved.verdict is Verdict.NOT_RUN and words in moved.message
        assert "10.0.0.21" in moved.message and "10.0.0.11" in moved.message
        assert moved.facts["observed"]["verdict"] == "pass"
        assert moved.evidence[0].source == "10.0.0.11" and moved.evidence[0].notes
        assert kept is ini  # a collected copy does not depend on the machine


def test_a_record_not_made_on_its_host_is_never_accepted(comm_run: RunRecord) -> None:
    passed = with_verdicts(comm_run, Verdict.PASS)
    assert overall_verdict(passed).accepted and exit_status(passed) == 0
    elsewhere = dataclasses.replace(
        passed, info=dataclasses.replace(passed.info, addresses_local=False)
    )
    overall = overall_verdict(elsewhere)
    assert overall.verdict == "open_points"
    assert [p.kind for p in overall.points] == ["not_this_machine"]
    assert exit_status(elsewhere) == 4
    html = render_document(elsewhere, language="en")
    assert html.index('id="not-this-machine"') < html.index('id="overall"')
    assert "NOT THIS MACHINE" in html
    assert "NICHT DIESER RECHNER" in render_document(elsewhere, language="de")
    failed = with_verdicts(elsewhere, Verdict.FAIL)
    assert exit_status(failed) == 1  # a failure stays a failure


def test_a_narrowed_record_says_why_first_and_exits_4(comm_run: RunRecord) -> None:
    passed = with_verdicts(comm_run, Verdict.PASS)
    info = dataclasses.replace(
        passed.info, complete=False, incomplete_reason="12 of 40 planned checks did not run"
    )
    narrowed = dataclasses.replace(passed, info=info)
    assert overall_verdict(narrowed).verdict == "open_points"
    assert exit_status(narrowed) == 4
    html = render_document(narrowed, language="en")
    assert html.index('id="incomplete"') < html.index('id="overall"')
    assert "12 of 40 planned checks did not run" in html


def _boxes(html: str) -> list[str]:
    """The checklist's lines (text after the box)."""
    block = html[html.index('class="checklist"') :]
    return [re.sub(r"<[^>]+>", "", li).strip() for li in re.findall(r"☐</span> ([^<]*)", block)]


def _with_signoff(site_version: str | None = None) -> tuple[RunRecord, list[str], list[str]]:
    site = load_site(EXAMPLE)
    if site_version:
        from sesam_accept.version import SoftwareVersion

        site = dataclasses.replace(site, software_version=SoftwareVersion.parse(site_version))
    record = dataclasses.replace(make_run("SRV-COMM"), signoff=signoff_items(site))
    record = dataclasses.replace(
        record, info=dataclasses.replace(record.info, software_version=str(site.software_version))
    )
    return record, [h.name for h in site.sw_hosts], [i.name for i in site.isenets]


@pytest.mark.parametrize("language", ["en", "de"])
def test_signoff_lists_what_no_probe_proves(language: str) -> None:
    record, sw, isenets = _with_signoff()
    lines = _boxes(render_document(record, language=language))
    comm = "Teste Comm-Server"
    password = "Error getting Password"
    sync = "Steuerungsabgleich"
    for host in sw:
        assert sum(host in line and comm in line for line in lines) == 1, host
        assert sum(host in line and password in line for line in lines) == 1, host
    for name in isenets:
        assert sum(line.startswith(f"{name}:") and sync in line for line in lines) == 1, name
    version = [line for line in lines if "2.3-1" in line]
    assert len(version) == 1
    assert not [line for line in lines if "49152" in line]  # RPC over TCP 41801 from 2.1-3
    assert len(lines) == 2 * len(sw) + len(isenets) + 1
    intro = "What no network probe can prove" if language == "en" else "Was keine Netzwerkprüfung"
    assert intro in render_document(record, language=language)


def test_signoff_asks_for_the_ms_rpc_dynamic_ports_up_to_2_1_2() -> None:
    record, _, _ = _with_signoff("2.1-2")
    for language in ("en", "de"):
        lines = _boxes(render_document(record, language=language))
        rpc = [line for line in lines if "49152–65535" in line]
        assert len(rpc) == 1 and "SRV-COMM" in rpc[0]
    assert json.loads(dump_record(record))["signoff"][0]["item"] == "teste-comm-server"
    assert record_from_json(json.loads(dump_record(record))) == record


def test_a_thousand_isenets_are_one_line_with_a_table() -> None:
    record, sw, _ = _with_signoff()
    names = tuple(f"ISE-{n:04d}" for n in range(1000))
    signoff = tuple(
        dataclasses.replace(s, subjects=names) if s.item == "steuerungsabgleich" else s
        for s in record.signoff
    )
    html = render_document(dataclasses.replace(record, signoff=signoff), language="en")
    lines = _boxes(html)
    sync = [line for line in lines if "Steuerungsabgleich" in line]
    assert len(sync) == 1 and "1000 ISENets" in sync[0]
    assert len(lines) == 2 * len(sw) + 1 + 1  # the per-host lines stay (fewer than the limit)
    assert all(f"<td>{n}</td>" in html for n in names[:: SIGNOFF_LINES * 10])
