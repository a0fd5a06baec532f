"""The pytest-html integration, registered only when pytest-html is installed.

Our acceptance sections open the report (as its summary prefix); the results table gains the
requirement and verdict columns. The report is written under a partial name and renamed when
pytest-html has finished it, so a reader never sees a half-written file.
"""

from __future__ import annotations

import html
from collections.abc import Generator
from pathlib import Path
from typing import Any

import pytest

from .report import render_sections
from .run import RunState, partial_path, publish_partial


class HtmlReport:
    """pytest-html hooks for one run."""

    def __init__(self, state: RunState, config: pytest.Config) -> None:
        self.state = state
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
        """Put the acceptance sections before pytest-html's own table."""
        if self.state.record is not None:
            prefix.append(
                render_sections(
                    self.state.record, language=self.state.language, diff=self.state.diff
                )
            )

    def pytest_html_results_table_header(self, cells: list[str]) -> None:
        """Add the requirement and verdict columns; drop the links column (no test has links:
        on a site of a thousand ISENets every byte per row counts)."""
        cells.insert(1, "<th>Requirement</th>")
        cells.insert(2, "<th>Verdict</th>")
        cells[:] = [c for c in cells if c != "<th>Links</th>"]

    def pytest_html_results_table_row(self, report: pytest.TestReport, cells: list[str]) -> None:
        """Fill the requirement and verdict columns (escaped)."""
        props = dict(report.user_properties)
        cells.insert(1, f"<td>{html.escape(str(props.get('requirement', '')))}</td>")
        cells.insert(2, f"<td>{html.escape(str(props.get('verdict', '')))}</td>")
        cells[:] = [c for c in cells if 'class="col-links"' not in c]

    @pytest.hookimpl(hookwrapper=True)
    def pytest_sessionfinish(self, session: pytest.Session) -> Generator[None, None, None]:
        """Once pytest-html has written the report, publish it under its final name."""
        yield
        if not self.owned:
            return
        publish_partial(self.state, "html")
        partial = partial_path(self.state.paths["html"])
        for plugin in session.config.pluginmanager.get_plugins():
            # pytest-html names the file it wrote in its closing line: name the final one.
            current = getattr(plugin, "_report_path", None)
            if isinstance(current, Path) and current.absolute() == partial.absolute():
                plugin._report_path = self.state.paths["html"].absolute()
