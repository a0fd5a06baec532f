"""Merging the runs of several hosts into one site record."""

from __future__ import annotations

import dataclasses

import pytest
from report_factory import all_results, as_verdict, make_run

from sesam_accept.checks import Method
from sesam_accept.errors import ResultsError
from sesam_accept.report import merge_records, overall_verdict, render_document
from sesam_accept.report.merge import SITE_HOST
from sesam_accept.results import RunRecord, Verdict
from sesam_accept.texts import texts


def test_every_path_keeps_the_verdict_of_its_own_host(
    comm_run: RunRecord, ws_run: RunRecord
) -> None:
    for order in ((comm_run, ws_run), (ws_run, comm_run)):
        merged = merge_records(order)
        by_id = {r.check.id: r for r in merged.results}
        expected = {r.check.id: r for r in all_results()}
        assert set(by_id) == set(expected)
        for check_id, result in expected.items():
            if check_id == "RPC-INI[all:CommParam.ini]":
                continue
            assert by_id[check_id] == result, check_id


def test_merged_info(comm_run: RunRecord, ws_run: RunRecord) -> None:
    later = dataclasses.replace(
        ws_run,
        info=dataclasses.replace(
            ws_run.info,
            started="2026-11-21T08:00:00+01:00",
            finished="2026-11-21T08:00:09+01:00",
            complete=False,
        ),
    )
    info = merge_records([comm_run, later]).info
    assert info.host == SITE_HOST
    assert info.addresses == ("192.168.10.11", "192.168.10.21")
    assert info.started == comm_run.info.started
    assert info.finished == "2026-11-21T08:00:09+01:00"
    assert info.complete is False


def test_rpc_ini_consistency_is_recomputed(comm_run: RunRecord, ws_run: RunRecord) -> None:
    merged = merge_records([comm_run, ws_run])
    check = next(r for r in merged.results if r.check.target == "all")
    assert check.verdict is Verdict.PASS
    assert check.facts["ports"] == {"SRV-COMM": 41801, "WS-01": 41801}


def test_rpc_ini_difference_fails(comm_run: RunRecord, ws_run: RunRecord) -> None:
    results = tuple(
        dataclasses.replace(r, facts=r.facts | {"port": 41900})
        if r.check.method == Method.COMMPARAM and r.check.source == "WS-01"
        else r
        for r in ws_run.results
    )
    merged = merge_records([comm_run, dataclasses.replace(ws_run, results=results)])
    check = next(r for r in merged.results if r.check.target == "all")
    assert check.verdict is Verdict.FAIL
    assert "SRV-COMM=41801" in check.message
    assert "WS-01=41900" in check.message


def test_site_file_mismatch_is_refused(comm_run: RunRecord, ws_run: RunRecord) -> None:
    other = dataclasses.replace(ws_run, info=dataclasses.replace(ws_run.info, site_sha256="0" * 64))
    with pytest.raises(ResultsError, match="used another site file"):
        merge_records([comm_run, other])
    with pytest.raises(ResultsError, match="no results files"):
        merge_records([])


def test_checks_nobody_ran_stay_open(comm_run: RunRecord) -> None:
    merged = merge_records([comm_run])
    overall = overall_verdict(merged)
    assert ("not_run", "WS-01") in [(p.kind, p.subject) for p in overall.points]
    assert all(r.verdict is Verdict.NOT_RUN for r in merged.results if r.check.source == "WS-01")


def test_later_run_of_same_host_wins(ws_run: RunRecord) -> None:
    fixed = dataclasses.replace(
        ws_run,
        info=dataclasses.replace(ws_run.info, started="2026-11-21T08:00:00+01:00"),
        results=tuple(
            as_verdict(r, Verdict.PASS) if r.verdict is Verdict.INCONCLUSIVE else r
            for r in ws_run.results
        ),
    )
    merged = merge_records([ws_run, fixed])
    pwd = next(r for r in merged.results if r.check.id == "FB-PWD[WS-01->SRV-DB:41799/udp]")
    assert pwd.verdict is Verdict.PASS


def test_merged_record_round_trips_and_renders(comm_run: RunRecord, ws_run: RunRecord) -> None:
    from sesam_accept.report import record_from_json, record_to_json, render_document

    merged = merge_records([comm_run, ws_run])
    assert record_from_json(record_to_json(merged)) == merged
    # the merged run names its host (SITE_HOST) in the report's language
    assert texts("de")["m.site_host"] in render_document(merged, language="de")
    assert make_run("WS-01") == ws_run


def test_a_host_without_a_run_is_named_with_the_reason(comm_run: RunRecord) -> None:
    reason = "unreachable: ssh: connect to host 192.168.10.21 port 22: Connection refused"
    merged = merge_records([comm_run], missing={"WS-01": reason})
    ws = [r for r in merged.results if r.check.source == "WS-01"]
    assert ws and all(r.verdict is Verdict.NOT_RUN for r in ws)
    said = texts(merged.info.language)["merge.host_not_run"].format(host="WS-01", reason=reason)
    assert all(r.message == said for r in ws)
    points = [p for p in overall_verdict(merged).points if p.kind == "not_run"]
    assert [p.detail for p in points if p.subject == "WS-01"] == [reason]
    banner = render_document(merged, language="en").split("</section>")[0]
    assert f"checks must run on host WS-01: {reason}" in banner
    own = [r for r in merged.results if r.check.source == "SRV-COMM"]
    assert own == [r for r in comm_run.results if r.check.source == "SRV-COMM"]


def test_missing_must_be_a_host_without_a_run(comm_run: RunRecord, ws_run: RunRecord) -> None:
    with pytest.raises(ResultsError, match="a run of WS-01 is among the results"):
        merge_records([comm_run, ws_run], missing={"WS-01": "unreachable"})
    with pytest.raises(ResultsError, match="no check of these runs starts on WS-99"):
        merge_records([comm_run], missing={"WS-99": "unreachable"})
