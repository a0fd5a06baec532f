"""The report's "Upgrade readiness to VERSION" section (runs with ``--upgrade-to``)."""

from __future__ import annotations

from ..results import RunRecord
from ..upgrade import readiness_summary
from ..version import SoftwareVersion
from .html_checks import verdict_badge
from .markup import Raw, esc, link, section, table
from .rollup import readiness


def readiness_section(record: RunRecord, t: dict[str, str], language: str) -> str:
    """The readiness checks (linked to their evidence in the path matrix), or the sentence that
    nothing changes between the two versions; empty for a normal run."""
    target = record.info.upgrade_to
    if not target:
        return ""
    summary = _summary(record.info.software_version, target, language)
    results = readiness(record.results)
    lead = f"<p>{esc(t['r.lead'].format(version=target))}</p><p>{esc(summary)}</p>"
    if not results:
        return section("readiness", t["h.readiness"].format(version=target), lead)
    rows = [
        (
            link(r.check.id),
            r.check.source,
            r.check.target,
            verdict_badge(r.verdict.value, t),
            Raw(esc(r.message) + _next_step(r.next_step)),
        )
        for r in results
    ]
    heads = (t["c.check"], t["c.source"], t["c.target"], t["c.verdict"], t["c.message"])
    body = lead + table(heads, rows)
    return section("readiness", t["h.readiness"].format(version=target), body)


def _next_step(step: str) -> str:
    return f"<br><strong>→ {esc(step)}</strong>" if step else ""


def _summary(current: str, target: str, language: str) -> str:
    try:
        return readiness_summary(
            SoftwareVersion.parse(current), SoftwareVersion.parse(target), language
        )
    except ValueError:  # a results file from elsewhere: show the versions as they are
        return f"{current} → {target}"
