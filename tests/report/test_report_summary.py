"""The summary that opens the report: open points grouped by cause, the requirements per host,
the changes against a baseline on the summary (regressions first), the sign-off on it, and the
developer's run facts at the very end."""

from __future__ import annotations

import dataclasses

from report_factory import make_run, with_verdicts

from sesam_accept.report import diff_records, merge_records, render_document, render_sections
from sesam_accept.report.rollup import overall_verdict
from sesam_accept.report.summary import POINT_LINES, glance, open_points
from sesam_accept.results import RunRecord, Verdict
from sesam_accept.texts import texts

HOSTS = ("SRV-DB", "SRV-COMM", "WS-01", "WS-02")


def _silent_pwd(record: RunRecord) -> RunRecord:
    """FB-PWD inconclusive from four hosts for one cause: no reply on 41799/udp."""
    base = next(r for r in record.results if r.check.requirement == "FB-PWD" and r.evidence)
    extra = []
    for host in HOSTS:
        check = dataclasses.replace(base.check, source=host, label=f"{host}->SRV-DB:41799/udp")
        silent = {"verdict": Verdict.INCONCLUSIVE, "message": f"{host}: silence"}
        extra.append(dataclasses.replace(base, check=check, **silent))
    kept = [r for r in record.results if r.check.requirement != "FB-PWD"]
    return dataclasses.replace(record, results=(*kept, *extra))


def _summary(html: str) -> str:
    return html[html.index('id="summary"') : html.index("</section>")]


def test_checks_of_one_cause_are_one_line_naming_their_hosts() -> None:
    record = _silent_pwd(with_verdicts(make_run("SRV-COMM"), Verdict.PASS))
    t = texts("en")
    lines = open_points(record, overall_verdict(record).points, t)
    assert [(p.requirement, p.kind) for p in lines.checks] == [("FB-PWD", "inconclusive")]
    (line,) = lines.checks
    assert "no reply on 41799/udp from 4 hosts (SRV-DB, SRV-COMM, WS-01, WS-02)" in line.text
    assert line.next_step == "Allow 41799/udp inbound on the DB host."
    german = open_points(record, overall_verdict(record).points, texts("de")).checks[0]
    assert "keine Antwort auf 41799/udp von 4 Rechnern (SRV-DB" in german.text
    page = _summary(render_document(record, language="en"))
    assert page.count("41799/udp from 4 hosts") == 1


def test_many_targets_are_counted_not_named_and_lines_are_capped() -> None:
    record = make_run("SRV-COMM")
    base = next(r for r in record.results if r.verdict is Verdict.FAIL and r.evidence)
    many = [
        dataclasses.replace(
            base,
            check=dataclasses.replace(
                base.check, requirement=f"X-{n % (POINT_LINES + 3)}", target=f"ISE-{n}"
            ),
        )
        for n in range(100)
    ]
    record = dataclasses.replace(record, results=(*record.results, *many))
    lines = open_points(record, overall_verdict(record).points, texts("en"))
    assert len(lines.checks) == POINT_LINES and lines.more > 0
    assert any(p.kind == "not_run" for p in lines.others)  # a host's point is never cut
    assert not any("ISE-99" in p.text for p in lines.checks)  # 100 targets: counted
    page = _summary(render_document(record, language="en"))
    assert f"and {lines.more} more open points" in page


def test_requirements_at_a_glance_have_a_column_per_host(ws_run: RunRecord) -> None:
    merged = merge_records([make_run("SRV-COMM"), ws_run])
    view = glance(merged, "en")
    assert view.hosts == ("SRV-COMM", "WS-01")
    fb_tcp = next(row for row in view.rows if row.id == "FB-TCP")
    assert fb_tcp.paths == 2 and [c and c[0] for c in fb_tcp.cells] == ["pass", "pass"]
    rpc_ms = next(row for row in view.rows if row.id == "RPC-MS")
    assert rpc_ms.verdict == "not_applicable" and rpc_ms.cells == (None, None)
    page = _summary(render_document(merged, language="de"))
    assert '<th class="host">WS-01</th>' in page and "Firebird-Server" in page


def test_changes_against_the_baseline_stand_on_the_summary_regressions_first() -> None:
    now = make_run("SRV-COMM")
    baseline = with_verdicts(now, Verdict.PASS)
    diff = diff_records(baseline, now)
    assert diff.regressions
    page = render_document(now, language="en", diff=diff)
    summary = _summary(page)
    changes = summary[summary.index('id="changes"') :]
    assert summary.index('id="changes"') < summary.index('id="signoff"')
    first = changes[changes.index("<tbody>") :]
    assert first.index("regression") < first.index("</tr>")
    assert page.index('id="diff"') > page.index('class="matrix"')  # every change: the detail


def test_developer_facts_close_the_report_and_not_the_summary(comm_run: RunRecord) -> None:
    page = render_sections(comm_run, language="en")
    assert comm_run.info.platform in page
    assert comm_run.info.platform not in _summary(page)
    assert page.rindex("</section>") > page.index('class="meta"') > page.index('class="manual"')
    assert "M. Muster" in _summary(page)  # the engineer: a site fact


def test_the_checklist_and_signatures_stand_on_the_summary(comm_run: RunRecord) -> None:
    summary = _summary(render_sections(comm_run, language="de"))
    assert 'class="signoff"' in summary and "Unterschrift" in summary


def test_no_check_group_repeats_a_cause(comm_run: RunRecord) -> None:
    lines = open_points(comm_run, overall_verdict(comm_run).points, texts("en")).checks
    keys = [(p.kind, p.requirement, p.text) for p in lines]
    assert len(keys) == len(set(keys))
