"""The one overall verdict and the requirement roll-up."""

from __future__ import annotations

import dataclasses

from report_factory import as_verdict, make_run, with_verdicts

from sesam_accept.report import overall_verdict, requirement_verdicts
from sesam_accept.report.rollup import worst
from sesam_accept.results import RunRecord, Verdict


def _only(record: RunRecord, verdict: Verdict) -> RunRecord:
    """Every check of the record's own host set to ``verdict``, others dropped."""
    mine = tuple(
        as_verdict(r, verdict) for r in record.results if r.check.source == record.info.host
    )
    return dataclasses.replace(record, results=mine)


def test_worst_order() -> None:
    assert worst([Verdict.PASS, Verdict.WAIVED]) is Verdict.WAIVED
    assert worst([Verdict.PASS, Verdict.NOT_RUN, Verdict.WAIVED]) is Verdict.NOT_RUN
    assert worst([Verdict.NOT_RUN, Verdict.INCONCLUSIVE]) is Verdict.INCONCLUSIVE
    assert worst([Verdict.INCONCLUSIVE, Verdict.FAIL, Verdict.PASS]) is Verdict.FAIL
    assert worst([]) is None


def test_any_failure_is_not_accepted(comm_run: RunRecord) -> None:
    overall = overall_verdict(comm_run)
    assert overall.verdict == "not_accepted"
    assert overall.points[0].kind == "fail"
    assert overall.counts["fail"] == sum(r.verdict is Verdict.FAIL for r in comm_run.results)


def test_all_passing_everywhere_is_accepted(comm_run: RunRecord) -> None:
    record = with_verdicts(comm_run, Verdict.PASS)
    overall = overall_verdict(record)
    assert overall.verdict == "accepted", overall.points
    assert overall.accepted
    rows = {r.id: r.verdict for r in requirement_verdicts(record)}
    assert rows["RPC-MS"] == rows["ISE-TFTP"] == "not_applicable"


def test_waived_counts_as_met(comm_run: RunRecord) -> None:
    record = with_verdicts(comm_run, Verdict.WAIVED)
    assert overall_verdict(record).verdict == "accepted"


def test_inconclusive_is_an_open_point_never_a_pass(comm_run: RunRecord) -> None:
    record = with_verdicts(comm_run, Verdict.PASS)
    first = dataclasses.replace(record.results[0], verdict=Verdict.INCONCLUSIVE)
    record = dataclasses.replace(record, results=(first, *record.results[1:]))
    overall = overall_verdict(record)
    assert overall.verdict == "open_points"
    assert [p.kind for p in overall.points] == ["inconclusive"]


def test_checks_of_other_hosts_leave_points_open(ws_run: RunRecord) -> None:
    record = dataclasses.replace(
        ws_run,
        results=tuple(
            r if r.verdict is Verdict.NOT_RUN else as_verdict(r, Verdict.PASS)
            for r in ws_run.results
        ),
    )
    overall = overall_verdict(record)
    assert overall.verdict == "open_points"
    hosts = {p.subject for p in overall.points if p.kind == "not_run"}
    assert hosts == {"SRV-COMM"}
    assert {r.id: r.verdict for r in requirement_verdicts(record)}["FB-TCP"] == "not_run"


def test_requirement_without_check_is_open() -> None:
    record = _only(make_run("SRV-COMM"), Verdict.PASS)
    record = dataclasses.replace(
        record, results=tuple(r for r in record.results if r.check.requirement != "DIAG-JP1")
    )
    overall = overall_verdict(record)
    assert overall.verdict == "open_points"
    assert ("no_check", "DIAG-JP1") in [(p.kind, p.subject) for p in overall.points]


def test_interrupted_run_is_never_accepted(comm_run: RunRecord) -> None:
    record = with_verdicts(comm_run, Verdict.PASS)
    record = dataclasses.replace(record, info=dataclasses.replace(record.info, complete=False))
    overall = overall_verdict(record)
    assert overall.verdict == "open_points"
    assert overall.points[-1].kind == "incomplete"
