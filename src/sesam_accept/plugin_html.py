"""The pytest-html integration, registered only when pytest-html is installed.

Our acceptance sections open the report (as its summary prefix), and pytest-html's Environment
table (Python and plugin versions: for developers) moves below everything else; the results
table gains the requirement and verdict columns, and a check's log links to its evidence above.
Every cell's value is escaped with ``markupsafe.escape``, the added page parts from
``report/templates/pytest_html.html``. The report is
written under a partial name and renamed when pytest-html has finished it, so a reader never
sees a half-written file.
"""

from __future__ import annotations

import re
from collections.abc import Generator
from pathlib import Path
from typing import Any

import pytest
from markupsafe import escape

from .report import render_sections
from .report.files import write_pieces_atomic
from .report.html_checks import large_site
from .report.markup import anchor, render
from .run import RunState, partial_path, publish_partial
from .texts import texts

#: pytest-html's own words in its page template (resources/index.jinja2, version 4), each with
#: how to say it from the text table. The page is final once pytest-html's sessionfinish has
#: written it under its partial name, so they are replaced there, before it is published. All
#: are ASCII, so they are found in the page's bytes; all stand above its data blob.
_GENERATED = re.compile(rb"Report generated on (?P<date>[^<>]*?) at (?P<time>[^<>]*?) by")
_FIXED = {
    b"(Un)check the boxes to filter the results.": ("html.filter",),
    b"There are still tests running. <br />Reload this page to get the latest results!": (
        "html.running",
        "html.reload",
    ),
}
#: Where pytest-html's data blob (every row's log, 5 MB for a thousand ISENets) begins.
_DATA = b'<div id="data-container"'


def in_language(page: bytes, t: dict[str, str]) -> list[bytes | memoryview]:
    """pytest-html's ``page`` in pieces, its template's fixed words in the language of ``t``.

    The pieces are the replaced words and views of the page between them, so the page is never
    copied whole (at 8 MB it would be two or three copies as text); ``[page]`` when no word
    changes. Nothing below the data blob is touched: a test's log is not ours to translate.
    """
    end = page.find(_DATA)
    end = len(page) if end < 0 else end
    edits: list[tuple[int, int, bytes]] = []
    for english, keys in _FIXED.items():
        said = " <br />".join(str(escape(t[k])) for k in keys).encode("utf-8")
        at = page.find(english, 0, end)
        while at >= 0:
            edits.append((at, at + len(english), said))
            at = page.find(english, at + len(english), end)
    if generated := _GENERATED.search(page, 0, end):
        date, time = (generated[k].decode("utf-8") for k in ("date", "time"))
        said = str(escape(t["html.generated"].format(date=date, time=time))).encode("utf-8")
        edits.append((generated.start(), generated.end(), said))
    view, done = memoryview(page), 0
    pieces: list[bytes | memoryview] = []
    for start, stop, said in sorted(e for e in edits if page[e[0] : e[1]] != e[2]):
        pieces += [view[done:start], said]
        done = stop
    return [*pieces, view[done:]] if pieces else [page]


class HtmlReport:
    """pytest-html hooks for one run."""

    def __init__(self, state: RunState, config: pytest.Config) -> None:
        self.state = state
        # On a large site the table opens with no rows built: pytest-html's script builds each
        # shown row at load (~2 ms on a 2-core machine). Known from the plan, before any test.
        self.large = large_site(len(state.plan.checks) + len(state.plan.elsewhere))
        if not config.getoption("htmlpath"):
            config.option.htmlpath = str(partial_path(state.paths["html"]))
            config.option.self_contained_html = True
            self.owned = True
        else:
            self.owned = False

    def pytest_html_report_title(self, report: Any) -> None:
        """The report's title names the site and the host."""
        site, host = self.state.site.name, self.state.plan.source.name
        report.title = f"Sesam acceptance — {site} — {host}"

    def pytest_html_results_summary(
        self, prefix: list[str], summary: list[str], postfix: list[str], session: pytest.Session
    ) -> None:
        """Put the acceptance sections before pytest-html's own table; on a large site, the
        table opens with no rows shown (pytest-html's documented ``visible`` URL parameter)."""
        if self.state.record is None:
            return
        record = self.state.record
        prefix.append(render_sections(record, language=self.state.language, diff=self.state.diff))
        note = texts(self.state.language)["table.large"].format(n=len(record.results))
        prefix.append(render("pytest_html.html", large=self.large, note=note))

    def pytest_html_results_table_html(self, report: pytest.TestReport, data: list[str]) -> None:
        """A check's log is its verdict line and a link to its evidence in the acceptance
        sections (which also give the symptom and next step); a passed check needs none."""
        result = self.state.results.get(str(dict(report.user_properties).get("check", "")))
        if result is None or report.when != "call":
            return
        if report.passed:
            data[:] = []
            return
        words = texts(self.state.language)
        line = f"{words['v.' + result.verdict.value]}: {result.message}"
        link = f'<a href="#{anchor(result.check.id)}">{escape(words["table.evidence"])}</a>'
        data[:] = [f"{escape(line)}\n{link}"]

    def pytest_html_results_table_header(self, cells: list[str]) -> None:
        """Add the verdict column (and the requirement's, unless the table is large: the test
        id names it); drop the links column, and on a large table the duration's (every test
        takes ~0 ms: probing is done once for all). On a site of a thousand ISENets every byte
        per row counts."""
        added = ["<th>Verdict</th>"] if self.large else ["<th>Requirement</th>", "<th>Verdict</th>"]
        cells[1:1] = added
        cells[:] = [c for c in cells if not self._dropped(c)]

    def pytest_html_results_table_row(self, report: pytest.TestReport, cells: list[str]) -> None:
        """Fill the added columns (escaped), as the header has them. A passed set-up or
        tear-down with no output gets no row: pytest-html would build one, then drop it (it
        shows only the call and what went wrong), at a third of its time per test."""
        if report.when != "call" and report.passed and not report.sections:
            cells.clear()
            return
        props = dict(getattr(report, "user_properties", ()))  # a CollectReport has none
        # f-strings with escape(), not Markup.format: a thousand ISENets make 7,000 rows
        verdict, requirement = (
            f"<td>{escape(props.get(key, ''))}</td>" for key in ("verdict", "requirement")
        )
        cells[1:1] = [verdict] if self.large else [requirement, verdict]
        cells[:] = [c for c in cells if not self._dropped(c)]

    def _dropped(self, cell: str) -> bool:
        if "col-links" in cell or cell == "<th>Links</th>" or 'data-column-type="links"' in cell:
            return True
        return self.large and ("col-duration" in cell or 'data-column-type="duration"' in cell)

    @pytest.hookimpl(hookwrapper=True)
    def pytest_sessionfinish(self, session: pytest.Session) -> Generator[None, None, None]:
        """Once pytest-html has written the report, publish it under its final name."""
        yield
        if not self.owned:
            return
        partial = partial_path(self.state.paths["html"])
        if partial.exists():
            pieces = in_language(partial.read_bytes(), texts(self.state.language))
            if len(pieces) > 1:
                write_pieces_atomic(partial, pieces)
        publish_partial(self.state, "html")
        for plugin in session.config.pluginmanager.get_plugins():
            # pytest-html names the file it wrote in its closing line: name the final one.
            current = getattr(plugin, "_report_path", None)
            if isinstance(current, Path) and current.absolute() == partial.absolute():
                plugin._report_path = self.state.paths["html"].absolute()
