"""Comparing a run with its baseline: regressions first, refusals, warnings."""

from __future__ import annotations

import dataclasses

import pytest
from report_factory import with_verdicts

from sesam_accept.errors import ResultsError
from sesam_accept.report import diff_records, format_diff_text
from sesam_accept.report.diff import classify
from sesam_accept.results import RunRecord, Verdict


@pytest.mark.parametrize(
    ("old", "new", "kind"),
    [
        (Verdict.PASS, Verdict.FAIL, "regression"),
        (Verdict.WAIVED, Verdict.INCONCLUSIVE, "regression"),
        (Verdict.INCONCLUSIVE, Verdict.FAIL, "regression"),
        (Verdict.FAIL, Verdict.PASS, "fix"),
        (Verdict.INCONCLUSIVE, Verdict.PASS, "fix"),
        (Verdict.FAIL, Verdict.WAIVED, "change"),
        (Verdict.PASS, Verdict.NOT_RUN, "change"),
        (Verdict.FAIL, Verdict.INCONCLUSIVE, "change"),
        (Verdict.PASS, Verdict.PASS, None),
    ],
)
def test_classify(old: Verdict, new: Verdict, kind: str | None) -> None:
    assert classify(old, new) == kind


def test_regressions_come_first(comm_run: RunRecord) -> None:
    baseline = with_verdicts(comm_run, Verdict.PASS)
    new = dataclasses.replace(comm_run, results=comm_run.results[:-1])
    extra = dataclasses.replace(
        comm_run.results[0], check=dataclasses.replace(comm_run.results[0].check, label="new")
    )
    new = dataclasses.replace(new, results=(*new.results, extra))
    diff = diff_records(baseline, new)
    kinds = [c.kind for c in diff.changes]
    assert kinds == sorted(kinds, key=["regression", "new", "vanished", "change", "fix"].index)
    assert kinds[0] == "regression"
    assert diff.changes[0].new is Verdict.FAIL  # fail before inconclusive within regressions
    assert {"new", "vanished", "change"} <= set(kinds)
    assert not diff.fixes
    back = diff_records(comm_run, baseline)
    assert back.fixes
    assert not back.regressions
    text = format_diff_text(diff, "en")
    assert text.splitlines()[1].startswith("REGRESSION")


def test_identical_runs_have_no_changes(comm_run: RunRecord) -> None:
    diff = diff_records(comm_run, comm_run)
    assert diff.changes == ()
    assert "No verdict changed." in format_diff_text(diff, "en")


def test_different_host_or_site_is_refused(comm_run: RunRecord, ws_run: RunRecord) -> None:
    with pytest.raises(ResultsError, match="made as different hosts"):
        diff_records(comm_run, ws_run)
    other = dataclasses.replace(comm_run, info=dataclasses.replace(comm_run.info, site="Süd"))
    with pytest.raises(ResultsError, match="different sites"):
        diff_records(comm_run, other)
    assert "different sites or hosts" in format_diff_text(
        diff_records(comm_run, ws_run, allow_mismatch=True), "en"
    )


def test_changed_site_file_is_only_a_warning(comm_run: RunRecord) -> None:
    info = dataclasses.replace(comm_run.info, site_sha256="ab" * 32)
    diff = diff_records(comm_run, dataclasses.replace(comm_run, info=info))
    assert diff.site_file_changed
    assert "Standortdatei weicht" in format_diff_text(diff, "de")
