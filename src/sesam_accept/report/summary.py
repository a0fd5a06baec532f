"""What the summary page says: the open points grouped by cause, the requirements at a glance
(one column per host) and the changes against a baseline, worst first.

Pure data in the report's language; ``templates/summary.html`` lays it out. A site of a
thousand ISENets still fits one printed page: at most :data:`POINT_LINES` lines of open
points, names only up to :data:`NAMES` per line, :data:`CHANGE_LINES` changes; the rest is in the
detail that follows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..catalog import CATALOG
from ..checks import Protocol
from ..results import CheckResult, RunRecord, Verdict
from ..texts import cause_text
from .diff import KINDS, Change, Diff
from .rollup import OpenPoint, RequirementVerdict, requirement_verdicts, today, worst

#: Open-point lines on the summary page; more are counted in one last line.
POINT_LINES = 6
#: A line of an open point names its hosts, targets or paths up to this many, else counts them.
NAMES = 6
#: Changes against the baseline listed on the summary page (the rest in the diff section).
CHANGE_LINES = 5
#: Verdicts of single checks that group by cause (the others are about hosts or requirements).
CHECK_KINDS = ("fail", "inconclusive", "skipped")
#: One sign per verdict for the per-host columns (the counts line is their legend).
SIGNS = {
    "pass": "✓",
    "fail": "✗",
    "inconclusive": "?",
    "not_run": "–",
    "waived": "≈",
    "not_applicable": "/",
}
#: Error classes of the evidence that name a cause (texts ``cause.<class>``).
CAUSES = (
    "timeout",
    "refused",
    "host unreachable",
    "network unreachable",
    "admin prohibited",
    "wrong answer",
    "nothing listens",
    "no connection",
    "bind failed",
    "permission",
)


@dataclass(frozen=True)
class Point:
    """One line of open points: a requirement's checks that did not pass for one cause (or a
    point about a host or the run), in words of the report's language."""

    kind: str  # fail | inconclusive | skipped | not_run | no_check | incomplete | not_this_machine
    requirement: str  # "" for a point about a host or the run
    text: str
    next_step: str = ""


@dataclass(frozen=True)
class GlanceRow:
    """A requirement's verdict, how many paths were checked, and its worst verdict per host."""

    id: str
    title: str
    verdict: str
    paths: int
    cells: tuple[tuple[str, int] | None, ...]  # per host: (worst verdict, checks), or none


@dataclass(frozen=True)
class Glance:
    """The requirements at a glance: one row per requirement, one column per host."""

    hosts: tuple[str, ...]
    rows: tuple[GlanceRow, ...]


@dataclass(frozen=True)
class ChangeSummary:
    """The changes against the baseline: how many of each kind, and the worst few."""

    counts: tuple[tuple[str, int], ...]  # (kind, number) in report order, kinds present only
    first: tuple[Change, ...]
    more: int


def cause_of(result: CheckResult) -> str:
    """The error class that explains a check's verdict (its first evidence with one we name),
    ``manual`` for a check a person confirms, "" when the evidence names none."""
    if result.check.protocol is Protocol.MANUAL:
        return Protocol.MANUAL.value
    for ev in result.evidence:
        if ev.error_class in CAUSES:
            return ev.error_class
    return ""


def _where(result: CheckResult) -> str:
    check = result.check
    return f"{check.port}/{check.protocol}" if check.port is not None else ""


GroupKey = tuple[str, str, str, str, str]


def _group(results: Iterable[CheckResult], kind: str) -> dict[GroupKey, list[CheckResult]]:
    groups: dict[GroupKey, list[CheckResult]] = {}
    for r in results:
        key = (kind, r.check.requirement, cause_of(r), _where(r), r.next_step)
        groups.setdefault(key, []).append(r)
    return groups


def _subjects(results: Sequence[CheckResult], cause: str, t: dict[str, str]) -> str:
    """Who the group is about: the hosts it starts from, the targets it goes to, or (when both
    vary) its paths."""
    sources = list(dict.fromkeys(r.check.source for r in results))
    targets = list(dict.fromkeys(r.check.target for r in results))
    if cause == Protocol.MANUAL.value:
        side, names = "sum.for", targets
    elif len(sources) > 1 and len(targets) == 1:
        side, names = "sum.from", sources
    elif len(sources) == 1:
        side, names = "sum.to", targets
    else:
        side, names = "sum.paths", [r.check.label for r in results]
    if len(names) == 1:
        return t[side + ".1"].format(names=names[0])
    text = t[side].format(n=len(names))
    return f"{text} ({', '.join(names)})" if len(names) <= NAMES else text


def _cause_line(key: GroupKey, results: list[CheckResult], t: dict[str, str]) -> Point:
    kind, requirement, cause, where, next_step = key
    words = [t[f"point.{kind}"] + ":"]
    if cause:
        words.append(cause_text(t, cause))
    if where:
        words.append(t["sum.on"].format(where=where))
    words.append(_subjects(results, cause, t))
    if not cause:  # the evidence names no cause we know: the (first) check's own words say it
        words.append(f"— {results[0].message}")
    return Point(kind, requirement, " ".join(words), next_step)


def _other_line(point: OpenPoint, t: dict[str, str]) -> Point:
    template = t[f"point.{point.kind}"]
    text = template.format(subject=point.subject, n=len(point.checks), detail=point.detail)
    if point.detail and "{detail}" not in template:
        text = f"{text}: {point.detail}"
    return Point(point.kind, "", text)


@dataclass(frozen=True)
class OpenLines:
    """The open points of the summary: at most :data:`POINT_LINES` lines of checks grouped by
    cause (``more`` counts the others), then every point about a host or the run (a few: one
    per host or requirement at most)."""

    checks: tuple[Point, ...]
    more: int
    others: tuple[Point, ...]


def open_points(record: RunRecord, points: Sequence[OpenPoint], t: dict[str, str]) -> OpenLines:
    """The record's open points (from ``rollup``), those of single checks grouped by
    requirement, cause, port and next step, in rollup's order (failures first)."""
    by_id = {r.check.id: r for r in record.results}
    lines: list[Point] = []
    for kind in CHECK_KINDS:
        found = [by_id[p.subject] for p in points if p.kind == kind and p.subject in by_id]
        lines += [_cause_line(k, rs, t) for k, rs in _group(found, kind).items()]
    others = tuple(_other_line(p, t) for p in points if p.kind not in CHECK_KINDS)
    return OpenLines(tuple(lines[:POINT_LINES]), max(0, len(lines) - POINT_LINES), others)


def _hosts(results: Sequence[CheckResult]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(r.check.source for r in results))


def _row(
    row: RequirementVerdict, results: Sequence[CheckResult], hosts: Sequence[str], lang: str
) -> GlanceRow:
    cells: list[tuple[str, int] | None] = []
    for host in hosts:
        mine = [r.verdict for r in results if r.check.source == host]
        verdict = worst(mine)
        cells.append(None if verdict is None else (verdict.value, len(mine)))
    req = CATALOG.get(row.id)
    return GlanceRow(
        row.id, req.title(lang) if req else "", row.verdict, len(results), tuple(cells)
    )


def glance(record: RunRecord, language: str) -> Glance:
    """Every requirement's verdict and paths, and per host the worst verdict of its checks."""
    current = today(record.results)
    hosts = _hosts(current)
    by_req: dict[str, list[CheckResult]] = {}
    for r in current:
        by_req.setdefault(r.check.requirement, []).append(r)
    rows = tuple(
        _row(row, by_req.get(row.id, []), hosts, language) for row in requirement_verdicts(record)
    )
    return Glance(hosts, rows)


def changes(diff: Diff) -> ChangeSummary:
    """How many changes of each kind, and the first :data:`CHANGE_LINES` (worst first)."""
    counts = tuple((k, n) for k in KINDS if (n := len(diff.of_kind(k))))
    first = diff.changes[:CHANGE_LINES]
    return ChangeSummary(counts, first, len(diff.changes) - len(first))


def verdict_counts(counts: dict[str, int]) -> list[tuple[str, int]]:
    """The check counts to show: every verdict that occurs, in the order of ``Verdict``."""
    return [(v.value, counts[v.value]) for v in Verdict if counts.get(v.value)]
