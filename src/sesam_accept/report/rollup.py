"""From check verdicts to requirement verdicts and the one overall verdict of a record.

The rules (documented in ``docs/results-schema.md``):

* A requirement's verdict is the worst verdict of its checks (today's: upgrade readiness checks
  are reported in their own section, but count in the overall verdict), in the order
  ``fail > inconclusive > not_run > waived > pass``. A requirement without any check is
  ``not_applicable`` when the record lists it as such, else ``not_run``.
* The overall verdict is ``not_accepted`` when any check failed; otherwise ``open_points`` when
  the run is not whole (narrowed, stopped early, interrupted, or made on a machine without the
  host's addresses), any check is inconclusive or not run, or any requirement has no check
  (and is not listed as not applicable); otherwise ``accepted``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from ..catalog import CATALOG
from ..results import CheckResult, RunRecord, Verdict
from .merge import HOST_NOT_RUN

#: The requirement verdict of a requirement that does not apply to this site.
NOT_APPLICABLE = "not_applicable"

#: Check verdicts from worst to best: a requirement takes the first one any of its checks has.
SEVERITY: tuple[Verdict, ...] = (
    Verdict.FAIL,
    Verdict.INCONCLUSIVE,
    Verdict.NOT_RUN,
    Verdict.WAIVED,
    Verdict.PASS,
)

ACCEPTED = "accepted"
OPEN_POINTS = "open_points"
NOT_ACCEPTED = "not_accepted"
OVERALL_VERDICTS = (ACCEPTED, OPEN_POINTS, NOT_ACCEPTED)


@dataclass(frozen=True)
class RequirementVerdict:
    """One requirement's rolled-up verdict and the ids of the checks behind it."""

    id: str
    verdict: str  # a Verdict value or "not_applicable"
    checks: tuple[str, ...] = ()
    reason: str = ""  # why it does not apply (not_applicable only)


@dataclass(frozen=True)
class OpenPoint:
    """One reason why a record is not (yet) accepted.

    ``kind`` is ``fail`` (one check), ``inconclusive`` (one check), ``skipped`` (one check of
    this host that did not run), ``not_run`` (the checks that must run on host ``subject``),
    ``no_check`` (requirement ``subject`` has no check) or ``incomplete`` (the run was
    interrupted).
    """

    kind: str
    subject: str
    checks: tuple[str, ...] = ()
    detail: str = ""


@dataclass(frozen=True)
class Overall:
    """The overall verdict of a record with its counts and its reasons."""

    verdict: str  # accepted | open_points | not_accepted
    counts: dict[str, int]  # check verdict -> number of checks
    points: tuple[OpenPoint, ...]  # failures first, then open points

    @property
    def accepted(self) -> bool:
        """True only when nothing is failed or open."""
        return self.verdict == ACCEPTED


def worst(verdicts: Iterable[Verdict]) -> Verdict | None:
    """The worst of ``verdicts`` (see :data:`SEVERITY`), None for none."""
    found = set(verdicts)
    return next((v for v in SEVERITY if v in found), None)


def requirement_ids(record: RunRecord) -> list[str]:
    """The catalog's IDs in document order, then any other ID the record mentions."""
    ids = list(CATALOG)
    extra = [r.check.requirement for r in record.results] + list(_inapplicable(record))
    ids += [i for i in dict.fromkeys(extra) if i not in CATALOG]
    return ids


def _inapplicable(record: RunRecord) -> dict[str, str]:
    """Requirement ID -> why it does not apply, for the requirements left out as a whole (a
    left-out check, e.g. one ISENet's search, leaves the rest of its requirement)."""
    language = record.info.language
    return {na.requirement: na.text(language) for na in record.not_applicable if na.check is None}


def requirement_verdicts(record: RunRecord) -> list[RequirementVerdict]:
    """Every requirement's verdict, in catalog order."""
    by_req: dict[str, list[CheckResult]] = {}
    for result in today(record.results):
        by_req.setdefault(result.check.requirement, []).append(result)
    reasons = _inapplicable(record)
    rows = []
    for req_id in requirement_ids(record):
        results = by_req.get(req_id, [])
        ids = tuple(r.check.id for r in results)
        verdict = worst(r.verdict for r in results)
        if verdict is not None:
            rows.append(RequirementVerdict(req_id, verdict.value, ids))
        elif req_id in reasons:
            rows.append(RequirementVerdict(req_id, NOT_APPLICABLE, (), reasons[req_id]))
        else:
            rows.append(RequirementVerdict(req_id, Verdict.NOT_RUN.value))
    return rows


def today(results: Iterable[CheckResult]) -> list[CheckResult]:
    """The checks of today's requirements (without upgrade readiness checks)."""
    return [r for r in results if not r.check.upgrade_to]


def readiness(results: Iterable[CheckResult]) -> list[CheckResult]:
    """The upgrade readiness checks (paths a later version needs, see ``upgrade``)."""
    return [r for r in results if r.check.upgrade_to]


def check_counts(record: RunRecord) -> dict[str, int]:
    """How many checks have each verdict (every verdict present, zero or not)."""
    counts = Counter(r.verdict.value for r in record.results)
    return {v.value: counts.get(v.value, 0) for v in Verdict}


def open_points(record: RunRecord) -> tuple[OpenPoint, ...]:
    """Failures, inconclusive checks, skipped checks, checks to run elsewhere, requirements
    without a check, an interrupted run: the reasons the record is not accepted."""
    points = [
        OpenPoint(r.verdict.value, r.check.id, (r.check.id,), r.message)
        for wanted in (Verdict.FAIL, Verdict.INCONCLUSIVE)
        for r in record.results
        if r.verdict is wanted
    ]
    elsewhere: dict[str, list[str]] = {}
    why: dict[str, str] = {}  # host -> why its run did not happen (merge --missing)
    for r in record.results:
        if r.verdict is not Verdict.NOT_RUN:
            continue
        if r.check.source == record.info.host:
            points.append(OpenPoint("skipped", r.check.id, (r.check.id,), r.message))
        else:
            elsewhere.setdefault(r.check.source, []).append(r.check.id)
            if isinstance(r.facts.get(HOST_NOT_RUN), str):
                why[r.check.source] = r.facts[HOST_NOT_RUN]
    points += [
        OpenPoint("not_run", host, tuple(ids), why.get(host, "")) for host, ids in elsewhere.items()
    ]
    points += [
        OpenPoint("no_check", row.id)
        for row in requirement_verdicts(record)
        if not row.checks and row.verdict == Verdict.NOT_RUN.value
    ]
    if not record.info.complete:
        points.append(OpenPoint("incomplete", record.info.host, (), record.info.incomplete_reason))
    if not record.info.addresses_local:
        points.append(OpenPoint("not_this_machine", record.info.host))
    return tuple(points)


def whole(record: RunRecord) -> bool:
    """True when the record can be accepted at all: complete, and made on the host it names."""
    return record.info.complete and record.info.addresses_local


def overall_verdict(record: RunRecord) -> Overall:
    """The one overall verdict of ``record`` (the rules are in this module's docstring)."""
    points = open_points(record)
    if any(p.kind == Verdict.FAIL.value for p in points):
        verdict = NOT_ACCEPTED
    elif points:
        verdict = OPEN_POINTS
    else:
        verdict = ACCEPTED
    return Overall(verdict, check_counts(record), points)
