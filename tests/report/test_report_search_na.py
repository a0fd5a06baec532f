"""An ISENet outside the SesComm host's subnet: its search check is not applicable, which the
report shows in the inventory ("by IP only") without inventing a requirement row for it."""

from __future__ import annotations

import dataclasses

from sesam_accept.report import build_inventory, render_document, requirement_verdicts
from sesam_accept.results import RunRecord


def _with_search_na(record: RunRecord, name: str) -> RunRecord:
    key = f"FLOW-SEARCH[SRV-COMM->{name} by broadcast]"
    results = tuple(r for r in record.results if r.check.id != key)
    reason = f"{name} is outside every subnet of SRV-COMM: it can only be added by IP"
    return dataclasses.replace(
        record, results=results, not_applicable=(*record.not_applicable, (key, reason))
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
