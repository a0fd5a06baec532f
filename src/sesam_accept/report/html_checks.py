"""The report's requirement table and path matrix (with each check's evidence)."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter, defaultdict
from collections.abc import Sequence

from ..catalog import CATALOG
from ..results import CheckResult, Evidence, RunRecord, Verdict, rests_on_confirmation
from .markup import Raw, anchor, badge, definitions, esc, link, section, table
from .rollup import NOT_APPLICABLE, RequirementVerdict, requirement_verdicts

#: A requirement row lists its checks inline up to this many, else folds them into <details>.
INLINE_LINKS = 6


def verdict_badge(verdict: str, t: dict[str, str]) -> Raw:
    """The badge of a check or requirement verdict."""
    return badge(verdict, t[f"v.{verdict}"])


def _requirement_text(req_id: str, language: str, advice: str) -> Raw:
    req = CATALOG.get(req_id)
    if req is None:
        return Raw(advice)
    title = f"<strong>{esc(req.title(language))}</strong>"
    german = f'<div class="req-de small">{esc(req.wording_de)}</div>'
    english = f'<div class="small">{esc(req.summary_en)}</div>'
    return Raw(title + german + english + advice)


_NEEDS_ADVICE = (Verdict.FAIL, Verdict.INCONCLUSIVE, Verdict.WAIVED)


def _advice_by_requirement(record: RunRecord, t: dict[str, str]) -> dict[str, str]:
    """Each requirement's distinct symptom / next step pairs of its checks that did not pass,
    once each: a thousand failed checks of one requirement share one piece of advice."""
    pairs: dict[str, dict[tuple[str, str], None]] = defaultdict(dict)
    for r in record.results:
        if r.verdict in _NEEDS_ADVICE and (r.symptom or r.next_step):
            pairs[r.check.requirement][(r.symptom, r.next_step)] = None
    return {
        req: "".join(
            definitions([(t["ev.symptom"], symptom), (t["ev.next"], step)])
            for symptom, step in found
        )
        for req, found in pairs.items()
    }


def _links(row: RequirementVerdict, t: dict[str, str], passed: set[str]) -> Raw:
    if row.verdict == NOT_APPLICABLE:
        return Raw(esc(t["na.reason"].format(reason=row.reason)))
    if len(row.checks) <= INLINE_LINKS:
        return Raw(" ".join(link(c).html for c in row.checks) or esc(t["none"]))
    # Many checks (a large site): link the first one (the path matrix lists them together)
    # and every check that did not pass; a link per passed check would weigh megabytes.
    others = [c for c in row.checks if c not in passed]
    links = " ".join(link(c).html for c in [row.checks[0], *others])
    summary = f"{len(row.checks)} {esc(t['c.checks'])} ({len(row.checks) - len(others)} ✓)"
    return Raw(f"<details><summary>{summary}</summary>{links}</details>")


def requirement_table(record: RunRecord, t: dict[str, str], language: str) -> str:
    """ID, the document's wording and the English summary, verdict, links to its checks."""
    rows = requirement_verdicts(record)
    passed = {r.check.id for r in record.results if r.verdict is Verdict.PASS}
    advice = _advice_by_requirement(record, t)
    body = [
        (
            Raw(f"<strong>{esc(r.id)}</strong>"),
            _requirement_text(r.id, language, advice.get(r.id, "")),
            verdict_badge(r.verdict, t),
            _links(r, t, passed),
        )
        for r in rows
    ]
    headers = (t["c.id"], t["c.requirement"], t["c.verdict"], t["c.checks"])
    attrs = [f'id="req-{esc(r.id)}"' for r in rows]
    return section("requirements", t["h.requirements"], table(headers, body, row_attrs=attrs))


def _when(started: float) -> str:
    try:
        return dt.datetime.fromtimestamp(started).astimezone().isoformat(timespec="milliseconds")
    except (OverflowError, OSError, ValueError):
        return str(started)


def evidence_html(ev: Evidence, t: dict[str, str]) -> str:
    """One piece of evidence as a definition list."""
    where = f"{ev.target}:{ev.port}/{ev.protocol}" if ev.port is not None else ev.target
    source = t["ev.source"].format(address=ev.source, port=ev.source_port) if ev.source else ""
    timing = t["ev.timing"].format(attempts=ev.attempts, ms=f"{ev.elapsed_ms:.1f}")
    known = {k: v for k, v in ev.facts.items() if v is not None}  # the JSON keeps the nulls
    facts = json.dumps(known, ensure_ascii=False, sort_keys=True) if known else ""
    return definitions(
        [
            (t["c.method"], Raw(f"<code>{esc(ev.method)}</code> → {esc(where)}")),
            (t["c.source"], source),
            (t["m.started"], f"{_when(ev.started)}; {timing}"),
            (
                t["ev.sent"],
                Raw(f'<span class="mono">{esc(ev.sent_hex)}</span>') if ev.sent_hex else "",
            ),
            (
                t["ev.answer"],
                Raw(f'<span class="mono">{esc(ev.answer_hex)}</span>') if ev.answer_hex else "",
            ),
            (t["ev.error"], ev.error_class),
            (t["c.message"], ev.detail),
            (t["ev.facts"], Raw(f'<span class="mono">{esc(facts)}</span>') if facts else ""),
            *((t["ev.notes"], note) for note in ev.notes),
        ]
    )


def _advice_link(result: CheckResult, t: dict[str, str]) -> str:
    """Where this check's symptom and next step stand: in its requirement's row."""
    if result.verdict not in _NEEDS_ADVICE or not (result.symptom or result.next_step):
        return ""
    req = esc(result.check.requirement)
    return f'<p class="small"><a href="#req-{req}">{esc(t["ev.advice"])} {req}</a></p>'


def _brief(ev: Evidence, t: dict[str, str]) -> str:
    """One line of evidence for a passed check (the JSON results keep all of it)."""
    source = f"{ev.source}:{ev.source_port}" if ev.source and ev.source_port else ev.source or ""
    parts = [ev.method, source, f"{ev.elapsed_ms:.1f} ms"]
    return " · ".join(esc(p) for p in parts if p)


EvidenceKey = tuple[str, str, int | None, str, float]


def _key(ev: Evidence) -> EvidenceKey:
    return (ev.method, ev.target, ev.port, ev.protocol, ev.started)


def _details(result: CheckResult, t: dict[str, str], shown: dict[EvidenceKey, str]) -> str:
    """A passed check's evidence in one line each; any other check's in full, except a piece
    already shown in full for an earlier check (flows share their steps' probes), which is one
    line and a link there. ``shown`` maps each piece shown in full to its check's id."""
    if result.verdict is Verdict.PASS and result.evidence:
        # A large site has thousands of passed checks: their full evidence would make the page
        # too heavy to open; one line each here, everything in the JSON results.
        lines = "<br>".join(_brief(ev, t) for ev in result.evidence)
        return f'<div class="brief mono">{lines}</div>'
    parts = []
    for ev in result.evidence:
        earlier = shown.get(_key(ev))
        if earlier is None:
            shown[_key(ev)] = result.check.id
            parts.append(evidence_html(ev, t))
        else:
            where = f'<a href="#{anchor(earlier)}">{esc(t["ev.same"])}</a>'
            parts.append(f'<p class="brief mono">{_brief(ev, t)} · {where}</p>')
    parts = parts or [f"<p>{esc(t['ev.none'])}</p>"]
    parts.append(_advice_link(result, t))
    return f"<details><summary>{esc(t['c.evidence'])}</summary>{''.join(parts)}</details>"


def _path(result: CheckResult) -> str:
    check = result.check
    where = check.address or check.target
    port = f":{check.port}" if check.port is not None else ""
    return f"{where}{port}/{check.protocol}"


_ROW_CLASS = {Verdict.FAIL: ' class="bad"', Verdict.INCONCLUSIVE: ' class="odd"'}


#: Above this many checks a site is large: the matrix lists in full only the checks that did
#: not pass, the passed ones become one line of names per requirement (a thousand-ISENet site
#: has thousands: their rows made the report too heavy to open; their evidence stays in the
#: JSON results), and pytest-html's table opens empty (plugin_html).
LARGE_SITE = 1000
#: Protocols of checks a person confirms (listed in the manual-checks section).
MANUAL_PROTOCOLS = ("manual",)


def is_manual(r: CheckResult) -> bool:
    """A manual check, or a pass that rests on a person's confirmation: both are listed in
    the manual-checks section (an engineer signs what a person saw, not the network)."""
    return r.check.protocol in MANUAL_PROTOCOLS or rests_on_confirmation(r)


def large_site(checks: int) -> bool:
    """True when a run of this many checks (this host's and the others') is reported
    compactly (see LARGE_SITE)."""
    return checks > LARGE_SITE


def path_matrix(record: RunRecord, t: dict[str, str]) -> str:
    """Source → target:port/proto → verdict, one row per check, this host's checks first."""
    results: Sequence[CheckResult] = sorted(
        record.results, key=lambda r: r.check.source != record.info.host
    )
    large = large_site(len(record.results))
    # A large site's passed checks become lines of names, its manual ones stand in the
    # manual-checks section: the matrix keeps what needs reading.
    rows = [r for r in results if not (large and _elsewhere(r))]
    shown: dict[EvidenceKey, str] = {}
    body = [
        (
            Raw(f"<code>{esc(r.check.id)}</code>"),
            r.check.source,
            r.check.target,
            Raw(f'<span class="mono">{esc(_path(r))}</span>'),
            verdict_badge(r.verdict.value, t),
            Raw(f"{esc(r.message)}{_details(r, t, shown)}"),
        )
        for r in rows
    ]
    attrs = [f'id="{anchor(r.check.id)}"{_ROW_CLASS.get(r.verdict, "")}' for r in rows]
    headers = (
        t["c.check"],
        t["c.source"],
        t["c.target"],
        t["c.path"],
        t["c.verdict"],
        t["c.message"],
    )
    passed = _passed_lines(results, record.info.host, t) if large else ""
    return section("matrix", t["h.matrix"], table(headers, body, row_attrs=attrs) + passed)


def _elsewhere(r: CheckResult) -> bool:
    return r.verdict is Verdict.PASS or is_manual(r)


def _short_name(r: CheckResult, host: str, targets: Counter[str]) -> str:
    """The target's name when it names the path unambiguously here, else the full label."""
    mine = r.check.source == host and targets[r.check.target] == 1
    return r.check.target if mine else r.check.label


def _passed_lines(results: Sequence[CheckResult], host: str, t: dict[str, str]) -> str:
    """The passed checks of a large site: per requirement, one line of the paths' names (each
    its check's anchor, so every link to a check still lands)."""
    groups: dict[str, list[CheckResult]] = {}
    for r in results:
        if r.verdict is Verdict.PASS and not is_manual(r):
            groups.setdefault(r.check.requirement, []).append(r)
    if not groups:
        return ""
    lines = []
    for req, found in groups.items():
        targets = Counter(r.check.target for r in found if r.check.source == host)
        names = ", ".join(
            f'<span id="{anchor(r.check.id)}">{esc(_short_name(r, host, targets))}</span>'
            for r in found
        )
        lines.append(
            f'<p id="passed-{esc(req)}" class="small"><strong>{esc(req)}</strong> '
            f"({len(found)} ✓): {names}</p>"
        )
    total = sum(len(found) for found in groups.values())
    note = f'<p class="small">{esc(t["passed.note"].format(n=total))}</p>'
    return f"<h3>{esc(t['h.passed'])}</h3>{note}{''.join(lines)}"
