"""The ISENet inventory of a record: expected devices against what answered.

Built from the facts the engine records (see the report task's facts conventions):
``ISE-CMD`` checks carry ``expected`` and ``found`` device fields, ``FLOW-SEARCH`` checks per
ISENet carry ``found_by_search``, and the ``FLOW-SEARCH`` check with target ``unexpected`` lists
unexpected devices and duplicate addresses.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..judge import differing_fields
from ..results import RunRecord, Verdict


@dataclass(frozen=True)
class InventoryRow:
    """One expected ISENet: what the site file says and what answered."""

    name: str
    address: str
    check_id: str
    verdict: Verdict
    expected: dict[str, Any]
    found: dict[str, Any] | None
    found_by_search: bool | None = None
    search_applies: bool = True  # False: outside the SesComm host's subnet, added by IP only
    status: str = "ok"  # ok | missing | mismatch | not_checked
    mismatches: tuple[str, ...] = ()


@dataclass(frozen=True)
class Inventory:
    """Expected devices, unexpected devices and addresses answered by several devices."""

    rows: tuple[InventoryRow, ...]
    unexpected: tuple[dict[str, Any], ...]
    duplicates: tuple[dict[str, Any], ...]

    @property
    def empty(self) -> bool:
        """True when the record holds no ISENet inventory facts at all."""
        return not (self.rows or self.unexpected or self.duplicates)


def _status(verdict: Verdict, found: dict[str, Any] | None, diffs: tuple[str, ...]) -> str:
    if verdict is Verdict.NOT_RUN:
        return "not_checked"
    if not found:
        return "missing"
    return "mismatch" if diffs else "ok"


def _dicts(value: Any) -> tuple[dict[str, Any], ...]:
    return tuple(v for v in value if isinstance(v, dict)) if isinstance(value, list) else ()


def build_inventory(record: RunRecord) -> Inventory:
    """The inventory of ``record`` (empty when it holds no ISENet checks)."""
    searched = {
        r.check.target: bool(r.facts.get("found_by_search"))
        for r in record.results
        if r.check.requirement == "FLOW-SEARCH" and "found_by_search" in r.facts
    }
    by_ip_only = {
        na.subject
        for na in record.not_applicable
        if na.requirement == "FLOW-SEARCH" and na.check is not None
    }
    rows = []
    for r in record.results:
        if r.check.requirement != "ISE-CMD":
            continue
        expected = r.facts.get("expected") if isinstance(r.facts.get("expected"), dict) else {}
        found = r.facts.get("found") if isinstance(r.facts.get("found"), dict) else None
        diffs = tuple(differing_fields(expected or {}, found)) if found else ()
        rows.append(
            InventoryRow(
                name=r.check.target,
                address=r.check.address or "",
                check_id=r.check.id,
                verdict=r.verdict,
                expected=expected or {},
                found=found,
                found_by_search=searched.get(r.check.target),
                search_applies=r.check.target not in by_ip_only,
                status=_status(r.verdict, found, diffs),
                mismatches=diffs,
            )
        )
    extra = [
        r.facts
        for r in record.results
        if r.check.requirement == "FLOW-SEARCH" and r.check.target == "unexpected"
    ]
    unexpected = tuple(d for facts in extra for d in _dicts(facts.get("devices")))
    duplicates = tuple(d for facts in extra for d in _dicts(facts.get("duplicates")))
    return Inventory(tuple(rows), unexpected, duplicates)
