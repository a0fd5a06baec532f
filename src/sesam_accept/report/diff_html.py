"""The before/after page: what changed between a baseline run and a new one, as one HTML file.

The page an IT team attaches to its firewall change: the site picture with the changed paths
drawn thick (regressions dashed) and the unchanged ones pale, then every change, regressions
first, each with its evidence before and after. Self-contained: inline CSS, no script.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from ..results import CheckResult, Evidence, RunRecord
from ..texts import texts
from .diff import KINDS, Change, Diff, diff_warnings
from .html_checks import evidence_view
from .markup import anchor, render, stylesheet
from .picture import render_picture, site_picture


@dataclass(frozen=True)
class ChangeRow:
    """One change with what the page shows of it."""

    change: Change
    anchor: str
    before: Markup  # the baseline's evidence ("" for a new check)
    after: Markup  # the new run's evidence ("" for a vanished check)


def _evidence(result: CheckResult | None, language: str) -> Markup:
    if result is None:
        return Markup("")
    t = texts(language)
    pieces: tuple[Evidence, ...] = result.evidence
    return render("evidence.html", t=t, views=[evidence_view(ev, t) for ev in pieces])


def change_rows(old: RunRecord, new: RunRecord, diff: Diff, language: str) -> list[ChangeRow]:
    """The page's rows, in the diff's order (regressions first)."""
    before = {r.check.id: r for r in old.results}
    after = {r.check.id: r for r in new.results}
    return [
        ChangeRow(
            c,
            anchor(c.check_id),
            _evidence(before.get(c.check_id), language),
            _evidence(after.get(c.check_id), language),
        )
        for c in diff.changes
    ]


def render_diff_page(old: RunRecord, new: RunRecord, diff: Diff, *, language: str) -> str:
    """The complete before/after page of ``diff`` (made by ``diff_records(old, new)``)."""
    t = texts(language)
    kinds = {c.check_id: c.kind for c in diff.changes}
    kept = {r.check.id for r in new.results}
    vanished = [r for r in old.results if r.check.id not in kept]
    picture = site_picture(new, [*new.results, *vanished], kinds)
    counts = [(kind, len(diff.of_kind(kind))) for kind in KINDS if diff.of_kind(kind)]
    page = render(
        "diff_page.html",
        t=t,
        language=language,
        diff=diff,
        css=stylesheet(),
        warnings=diff_warnings(diff, language),
        counts=counts,
        picture=render_picture(picture, language, linked=kinds, diff=True),
        rows=change_rows(old, new, diff, language),
    )
    return str(page)
