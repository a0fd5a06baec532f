"""An ISENet outside the SesComm host's subnet: its search check is not applicable, which the
report shows in the inventory ("by IP only") without inventing a requirement row for it."""

from __future__ import annotations

import dataclasses

import pytest

from sesam_accept.errors import ResultsError
from sesam_accept.report import (
    build_inventory,
    record_from_json,
    record_to_json,
    render_document,
    requirement_verdicts,
)
from sesam_accept.results import Inapplicable, RunRecord


def _with_search_na(record: RunRecord, name: str) -> RunRecord:
    key = f"FLOW-SEARCH[SRV-COMM->{name} by broadcast]"
    results = tuple(r for r in record.results if r.check.id != key)
    reason = f"{name} is outside every subnet of SRV-COMM: it can only be added by IP"
    left_out = Inapplicable("FLOW-SEARCH", reason, key, name)
    return dataclasses.replace(
        record, results=results, not_applicable=(*record.not_applicable, left_out)
    )


def test_search_na_shows_in_the_inventory_not_as_a_requirement(comm_run: RunRecord) -> None:
    name = next(r.check.target for r in comm_run.results if r.check.requirement == "ISE-CMD")
    record = _with_search_na(comm_run, name)
    ids = [row.id for row in requirement_verdicts(record)]
    assert not any("[" in i for i in ids)
    row = next(r for r in build_inventory(record).rows if r.name == name)
    assert row.search_applies is False
    assert "by IP only (other subnet)" in render_document(record, language="en")
    assert "nur per IP (anderes Subnetz)" in render_document(record, language="de")


def test_the_left_out_check_round_trips_typed_and_old_files_still_load(
    comm_run: RunRecord,
) -> None:
    name = next(r.check.target for r in comm_run.results if r.check.requirement == "ISE-CMD")
    record = _with_search_na(comm_run, name)
    doc = record_to_json(record)
    (entry,) = (n for n in doc["not_applicable"] if "check" in n)
    assert (entry["requirement"], entry["subject"]) == ("FLOW-SEARCH", name)
    assert record_from_json(doc) == record
    # A file written before the entries were typed: the check id stood in "requirement".
    old = {"requirement": entry["check"], "reason": entry["reason"]}
    doc["not_applicable"] = [n for n in doc["not_applicable"] if "check" not in n] + [old]
    assert record_from_json(doc, source="old.json") == record
    assert not any("[" in row.id for row in requirement_verdicts(record_from_json(doc)))


def test_a_left_out_check_that_is_no_string_is_named(comm_run: RunRecord) -> None:
    name = next(r.check.target for r in comm_run.results if r.check.requirement == "ISE-CMD")
    doc = record_to_json(_with_search_na(comm_run, name))
    index = next(i for i, n in enumerate(doc["not_applicable"]) if "check" in n)
    doc["not_applicable"][index]["check"] = 7
    with pytest.raises(ResultsError, match=rf"bad.json: not_applicable\[{index}\]\.check"):
        record_from_json(doc, source="bad.json")
