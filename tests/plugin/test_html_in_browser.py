"""The per-host report a real run writes (pytest-html with our sections on top), in Chromium."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.report.test_report_browser import CHROMIUM, PDFTOTEXT, _chromium, _console, print_pages

from .conftest import ROOT

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium"),
]


def _run_as_comm(site_file: Path, reports: Path, large_site: int | None = None) -> Path:
    """``sesam-accept run`` as SRV-COMM in a subprocess (optionally with a lower threshold
    for a 'large' site); the HTML report it wrote."""
    patch = f"html_checks.LARGE_SITE = {large_site}; " if large_site is not None else ""
    code = (
        "import sys; from sesam_accept.report import html_checks; "
        f"from sesam_accept.cli import main; {patch}sys.exit(main(sys.argv[1:]))"
    )
    argv = ["run", str(site_file), "--as", "SRV-COMM", "--reports", str(reports)]
    done = subprocess.run(
        [sys.executable, "-c", code, *argv],
        capture_output=True,
        text=True,
        timeout=180,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 1, done.stdout[-2000:] + done.stderr[-2000:]
    (page,) = reports.glob("*.html")
    return Path(page)


def test_run_report_renders_with_its_verdict_and_no_script_errors(simulate, site_file, tmp_path):
    simulate("isenet-serial:ISE-B")
    page = _run_as_comm(site_file, tmp_path / "reports")
    out = _chromium(page, tmp_path / "profile", "--dump-dom")
    assert out.returncode == 0, out.stderr[-2000:]
    assert _console(out.stderr) == []  # pytest-html's own script runs cleanly with our part
    dom = out.stdout
    assert 'data-verdict="not_accepted"' in dom
    assert 'id="req-FLOW-ADD"' in dom
    assert "ISE-B" in dom and "serial" in dom
    assert "FLOW-ADD[SRV-COMM-&gt;ISE-B]" in dom  # pytest-html's results table, escaped
    # a failed check's log is its verdict line and a link to its evidence above; a passed
    # check has no log at all (pytest-html would say "No log output captured.")
    assert re.search(r'class="log">[^<]*fail: [^<]*<a href="#chk-FLOW-ADD_SRV-COMM-_ISE-B', dom)
    assert "evidence, symptom and next step" in dom
    assert "No log output captured" not in dom
    assert "results-table-row passed" in dom  # a small run's table shows every row
    assert _results_head(page) == ["Result", "Requirement", "Verdict", "Test", "Duration"]


def test_a_large_results_table_opens_empty_and_says_how_to_fill_it(simulate, site_file, tmp_path):
    simulate("isenet-serial:ISE-B")
    page = _run_as_comm(site_file, tmp_path / "reports", large_site=10)
    out = _chromium(page, tmp_path / "profile", "--dump-dom")
    assert out.returncode == 0, out.stderr[-2000:]
    assert _console(out.stderr) == []
    dom = out.stdout
    assert "it opens empty so that the report opens quickly" in dom
    built = re.findall(r'class="results-table-row (?:passed|failed|skipped|xfailed)"', dom)
    assert built == []  # no row built: that is what made it slow
    assert 'data-verdict="not_accepted"' in dom  # the verdict is above, as ever
    # a large table drops the columns that weigh on every row and say nothing here
    assert _results_head(page) == ["Result", "Verdict", "Test"]


def _results_head(page: Path) -> list[str]:
    """The column titles of pytest-html's results table, as written."""
    text = page.read_text(encoding="utf-8")
    head = text[text.index('id="results-table-head"') :]
    return re.findall(r"<th[^>]*>([^<]*)</th>", head[: head.index("</thead>")])


@pytest.mark.skipif(PDFTOTEXT is None, reason="needs Debian's poppler-utils (pdftotext)")
def test_pytest_htmls_environment_table_moves_below_everything(simulate, site_file, tmp_path):
    """Python and plugin versions are for developers: printed, pytest-html's Environment table
    comes after the verdict, our sections and the results table (its place in the file is
    pytest-html's; the page's CSS orders it last)."""
    simulate("isenet-serial:ISE-B")
    page = _run_as_comm(site_file, tmp_path / "reports")
    text = "\n".join(print_pages(page.read_text(encoding="utf-8"), tmp_path / "print"))
    environment = text.index("Environment")
    assert text.index("NOT ACCEPTED") < environment
    assert text.index("Technical details of the run") < environment
    assert text.rindex("FLOW-ADD[SRV-COMM->ISE-B]") < environment  # the results table's row
