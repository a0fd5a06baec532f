"""The report's requirement table and path matrix (with each check's evidence).

The functions here choose and order what is shown; ``templates/requirements.html`` and
``templates/matrix.html`` lay it out (escaped by the templates).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

from ..catalog import CATALOG, Requirement
from ..results import CONFIRMED, CheckResult, Evidence, RunRecord, Verdict, rests_on_confirmation
from ..texts import cause_text
from .markup import anchor, render
from .rollup import NOT_APPLICABLE, RequirementVerdict, requirement_verdicts

#: A requirement row lists its checks inline up to this many, else folds them into <details>.
INLINE_LINKS = 6


@dataclass(frozen=True)
class RequirementRow:
    """One row of the requirement table."""

    row: RequirementVerdict
    requirement: Requirement | None  # None: an ID the catalog does not know
    advice: tuple[tuple[str, str], ...]  # distinct (symptom, next step) of its open checks
    links: tuple[str, ...]  # the check ids linked from the row
    passed: int  # how many of its checks passed (shown when the links are folded)


_NEEDS_ADVICE = (Verdict.FAIL, Verdict.INCONCLUSIVE, Verdict.WAIVED)


def _advice_by_requirement(record: RunRecord) -> dict[str, tuple[tuple[str, str], ...]]:
    """Each requirement's distinct symptom / next step pairs of its checks that did not pass,
    once each: a thousand failed checks of one requirement share one piece of advice."""
    pairs: dict[str, dict[tuple[str, str], None]] = defaultdict(dict)
    for r in record.results:
        if r.verdict in _NEEDS_ADVICE and (r.symptom or r.next_step):
            pairs[r.check.requirement][(r.symptom, r.next_step)] = None
    return {req: tuple(found) for req, found in pairs.items()}


def _links(row: RequirementVerdict, passed: set[str]) -> tuple[tuple[str, ...], int]:
    """The checks a row links to, and how many of them passed. Many checks (a large site):
    the first one (the path matrix lists them together) and every check that did not pass;
    a link per passed check would weigh megabytes."""
    if len(row.checks) <= INLINE_LINKS:
        return row.checks, 0
    others = tuple(c for c in row.checks if c not in passed)
    return (row.checks[0], *others), len(row.checks) - len(others)


def requirement_table(record: RunRecord, t: dict[str, str], language: str) -> Markup:
    """ID, the document's wording and its summary in the report's language, verdict, links to its
    checks."""
    passed = {r.check.id for r in record.results if r.verdict is Verdict.PASS}
    advice = _advice_by_requirement(record)
    rows = [
        RequirementRow(r, CATALOG.get(r.id), advice.get(r.id, ()), *_links(r, passed))
        for r in requirement_verdicts(record)
    ]
    return render(
        "requirements.html",
        t=t,
        lang=language,
        rows=rows,
        inline=INLINE_LINKS,
        not_applicable=NOT_APPLICABLE,
    )


def _when(started: float) -> str:
    try:
        return dt.datetime.fromtimestamp(started).astimezone().isoformat(timespec="milliseconds")
    except (OverflowError, OSError, ValueError):
        return str(started)


@dataclass(frozen=True)
class EvidenceView:
    """One piece of evidence as the report shows it in full."""

    method: str
    where: str
    source: str
    when: str
    sent_hex: str
    answer_hex: str
    error_class: str
    detail: str
    facts: str
    notes: tuple[str, ...]


def evidence_view(ev: Evidence, t: dict[str, str]) -> EvidenceView:
    """The values of one piece of evidence, formatted for the page."""
    where = f"{ev.target}:{ev.port}/{ev.protocol}" if ev.port is not None else ev.target
    source = t["ev.source"].format(address=ev.source, port=ev.source_port) if ev.source else ""
    timing = t["ev.timing"].format(attempts=ev.attempts, ms=f"{ev.elapsed_ms:.1f}")
    known = {k: v for k, v in ev.facts.items() if v is not None}  # the JSON keeps the nulls
    facts = json.dumps(known, ensure_ascii=False, sort_keys=True) if known else ""
    return EvidenceView(
        ev.method,
        where,
        source,
        f"{_when(ev.started)}; {timing}",
        ev.sent_hex,
        ev.answer_hex,
        cause_text(t, ev.error_class) if ev.error_class else "",
        ev.detail,
        facts,
        ev.notes,
    )


def _brief(ev: Evidence) -> str:
    """One line of evidence for a passed check (the JSON results keep all of it)."""
    source = f"{ev.source}:{ev.source_port}" if ev.source and ev.source_port else ev.source or ""
    parts = [ev.method, source, f"{ev.elapsed_ms:.1f} ms"]
    return " · ".join(p for p in parts if p)


EvidenceKey = tuple[str, str, int | None, str, float]


def _key(ev: Evidence) -> EvidenceKey:
    return (ev.method, ev.target, ev.port, ev.protocol, ev.started)


@dataclass(frozen=True)
class Shown:
    """A piece of evidence in a matrix row: in full (``full``), or one line that links to
    the check whose row shows it in full (``earlier``), or one line of a passed check."""

    brief: str
    full: EvidenceView | None = None
    earlier: str = ""


@dataclass(frozen=True)
class MatrixRow:
    """One check's row of the path matrix."""

    result: CheckResult
    path: str
    css: str
    evidence: tuple[Shown, ...]
    folded: bool  # False: a passed check's one-line evidence, no <details>
    advice: bool  # links to its requirement's row for the symptom and next step


def _details(
    result: CheckResult, t: dict[str, str], shown: dict[EvidenceKey, str]
) -> tuple[tuple[Shown, ...], bool]:
    """A passed check's evidence in one line each; any other check's in full, except a piece
    already shown in full for an earlier check (flows share their steps' probes), which is one
    line and a link there. ``shown`` maps each piece shown in full to its check's id."""
    if result.verdict is Verdict.PASS and result.evidence:
        # A large site has thousands of passed checks: their full evidence would make the page
        # too heavy to open; one line each here, everything in the JSON results.
        return tuple(Shown(_brief(ev)) for ev in result.evidence), False
    parts = []
    for ev in result.evidence:
        earlier = shown.get(_key(ev))
        if earlier is None:
            shown[_key(ev)] = result.check.id
            parts.append(Shown("", evidence_view(ev, t)))
        else:
            parts.append(Shown(_brief(ev), earlier=earlier))
    return tuple(parts), True


def _path(result: CheckResult) -> str:
    check = result.check
    where = check.address or check.target
    port = f":{check.port}" if check.port is not None else ""
    return f"{where}{port}/{check.protocol}"


_ROW_CLASS = {Verdict.FAIL: "bad", Verdict.INCONCLUSIVE: "odd"}


#: Above this many checks a site is large: the matrix lists in full only the checks that did
#: not pass, the passed ones become one line of names per requirement (a thousand-ISENet site
#: has thousands: their rows made the report too heavy to open; their evidence stays in the
#: JSON results), and pytest-html's table opens empty (plugin_html).
LARGE_SITE = 1000
#: Protocols of checks a person confirms (listed in the manual-checks section).
MANUAL_PROTOCOLS = (CONFIRMED,)


def is_manual(r: CheckResult) -> bool:
    """A manual check, or a pass that rests on a person's confirmation: both are listed in
    the manual-checks section (an engineer signs what a person saw, not the network)."""
    return r.check.protocol in MANUAL_PROTOCOLS or rests_on_confirmation(r)


def large_site(checks: int) -> bool:
    """True when a run of this many checks (this host's and the others') is reported
    compactly (see LARGE_SITE)."""
    return checks > LARGE_SITE


def _row(r: CheckResult, t: dict[str, str], shown: dict[EvidenceKey, str]) -> MatrixRow:
    evidence, folded = _details(r, t, shown)
    advice = r.verdict in _NEEDS_ADVICE and bool(r.symptom or r.next_step)
    return MatrixRow(r, _path(r), _ROW_CLASS.get(r.verdict, ""), evidence, folded, advice)


def path_matrix(record: RunRecord, t: dict[str, str]) -> Markup:
    """Source → target:port/proto → verdict, one row per check, this host's checks first."""
    results: Sequence[CheckResult] = sorted(
        record.results, key=lambda r: r.check.source != record.info.host
    )
    large = large_site(len(record.results))
    # A large site's passed checks become lines of names, its manual ones stand in the
    # manual-checks section: the matrix keeps what needs reading.
    shown: dict[EvidenceKey, str] = {}
    rows = [_row(r, t, shown) for r in results if not (large and _elsewhere(r))]
    passed = _passed_lines(results, record.info.host) if large else []
    return render(
        "matrix.html",
        t=t,
        rows=rows,
        passed=passed,
        passed_total=sum(len(names) for _, names in passed),
    )


def _elsewhere(r: CheckResult) -> bool:
    return r.verdict is Verdict.PASS or is_manual(r)


def _short_name(r: CheckResult, host: str, targets: Counter[str]) -> str:
    """The target's name when it names the path unambiguously here, else the full label."""
    mine = r.check.source == host and targets[r.check.target] == 1
    return r.check.target if mine else r.check.label


def _passed_lines(
    results: Sequence[CheckResult], host: str
) -> list[tuple[str, list[tuple[str, str]]]]:
    """The passed checks of a large site: per requirement, the paths' names, each with its
    check's anchor (so every link to a check still lands)."""
    groups: dict[str, list[CheckResult]] = {}
    for r in results:
        if r.verdict is Verdict.PASS and not is_manual(r):
            groups.setdefault(r.check.requirement, []).append(r)
    lines = []
    for req, found in groups.items():
        targets = Counter(r.check.target for r in found if r.check.source == host)
        lines.append((req, [(anchor(r.check.id), _short_name(r, host, targets)) for r in found]))
    return lines
