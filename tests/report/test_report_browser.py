"""The report in a real headless browser: it renders, shows its verdict, and logs no errors.

Set SESAM_UPDATE_SCREENSHOT=1 to refresh ``docs/report-screenshot.png`` from this test.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from sesam_accept.report import diff_records, render_document, write_atomic
from sesam_accept.results import RunRecord

CHROMIUM = Path("/usr/bin/chromium")
DOCS_SHOT = Path(__file__).parents[2] / "docs" / "report-screenshot.png"
CONSOLE = re.compile(r":CONSOLE[:(]")
PDFTOTEXT = shutil.which("pdftotext")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium"
    ),
]


def _chromium(page: Path, profile: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """Run headless chromium on a local file, with every background network feature off."""
    args = [
        str(CHROMIUM),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        "--enable-logging=stderr",
        "--v=0",
        *extra,
        page.as_uri(),
    ]
    return subprocess.run(args, capture_output=True, text=True, timeout=120, check=False)


def print_pages(html: str, folder: Path) -> list[str]:
    """``html`` printed to A4 PDF by Chromium; the text of each page (in drawing order)."""
    folder.mkdir(parents=True, exist_ok=True)
    page, pdf = folder / "report.html", folder / "report.pdf"
    write_atomic(page, html)
    out = _chromium(page, folder / "profile", f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
    assert pdf.is_file(), out.stderr[-2000:]
    assert PDFTOTEXT is not None, "needs Debian's poppler-utils (pdftotext)"
    text = subprocess.run(
        [PDFTOTEXT, "-raw", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return text.split("\f")[:-1]  # pdftotext ends every page with a form feed


def _console(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if CONSOLE.search(line)]


def test_console_errors_are_detected(tmp_path: Path) -> None:
    """Control: a page with a script error does show up in the log this test reads."""
    page = tmp_path / "bad.html"
    page.write_text("<p>x</p><script>undefinedFunction()</script>", encoding="utf-8")
    out = _chromium(page, tmp_path / "profile", "--dump-dom")
    assert any("undefinedFunction" in line for line in _console(out.stderr)), out.stderr


def test_report_renders_without_errors(tmp_path: Path, comm_run: RunRecord) -> None:
    baseline = comm_run  # a diff against itself still renders the section
    page = tmp_path / "report.html"
    write_atomic(
        page, render_document(comm_run, language="de", diff=diff_records(baseline, comm_run))
    )
    out = _chromium(page, tmp_path / "profile", "--dump-dom")
    assert out.returncode == 0, out.stderr[-2000:]
    dom = out.stdout
    assert _console(out.stderr) == []
    assert 'data-verdict="not_accepted"' in dom
    assert "NICHT ABGENOMMEN" in dom
    assert 'id="req-FB-TCP"' in dom
    assert 'id="req-DIAG-JP1"' in dom
    assert "ISENet-Bestand" in dom
    assert "ISE-Lager" in dom
    assert "&lt;script&gt;" in dom  # the unexpected device's serial, still text in the DOM
    assert "<script" not in dom


def test_screenshot(tmp_path: Path, comm_run: RunRecord) -> None:
    page = tmp_path / "report.html"
    write_atomic(page, render_document(comm_run, language="de"))
    shot = tmp_path / "report.png"
    out = _chromium(
        page,
        tmp_path / "profile",
        f"--screenshot={shot}",
        "--window-size=1100,1500",
        "--hide-scrollbars",
    )
    assert _console(out.stderr) == []
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 20_000  # a blank page is a few kB
    if os.environ.get("SESAM_UPDATE_SCREENSHOT") == "1":
        DOCS_SHOT.parent.mkdir(exist_ok=True)
        shutil.copyfile(shot, DOCS_SHOT)
