"""The report printed to A4 PDF by real headless Chromium: the summary is exactly page 1 (the
demo's merged site report in both languages, and a site of 1,000 ISENets), and no table row is
split across two pages. The pages are read back with poppler's pdftotext."""

from __future__ import annotations

import dataclasses
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import pytest
from report_factory import large_run

from sesam_accept.catalog import CATALOG
from sesam_accept.report import diff_records, load_record, render_document
from sesam_accept.report.html_checks import is_manual, large_site
from sesam_accept.results import RunRecord, Verdict
from sesam_accept.texts import texts
from tests.report.test_report_browser import CHROMIUM, PDFTOTEXT, print_pages

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium"),
    pytest.mark.skipif(PDFTOTEXT is None, reason="needs Debian's poppler-utils (pdftotext)"),
]


def _flat(text: str) -> str:
    """Text without any white space: a line break in the PDF is no difference."""
    return re.sub(r"\s+", "", text)


def split_rows(pages: list[str], rows: Iterable[str]) -> list[str]:
    """The rows (each given by the text of its tallest cell) that no single page holds whole:
    a text shown in n rows must stand whole n times, counted over all pages."""
    wanted = Counter(_flat(r) for r in rows if _flat(r))
    flat = [_flat(p) for p in pages]
    return [text for text, n in wanted.items() if sum(p.count(text) for p in flat) < n]


def row_texts(record: RunRecord, language: str) -> list[str]:
    """The tallest cell of each row the report prints: a requirement's wording, each check's
    result in the path matrix (a large site lists its passed and manual checks by name)."""
    large = large_site(len(record.results))
    rows = [
        f"{req.title(language)}{req.wording_de}{req.summary(language)}" for req in CATALOG.values()
    ]
    rows += [
        r.message
        for r in record.results
        if not (large and (r.verdict is Verdict.PASS or is_manual(r)))
    ]
    return rows


def assert_summary_is_page_one(pages: list[str], language: str, verdict: str) -> None:
    t = texts(language)
    first = _flat(pages[0])
    assert _flat(t[f"overall.{verdict}"]) in first
    assert _flat(t["h.signoff"]) in first and _flat(t["s.customer"]) in first  # its last row
    assert _flat(pages[1]).startswith(
        _flat(t["h.picture"])
    )  # the detail (its picture first) starts page 2


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> RunRecord:
    """The demo's merged site report (``sesam-accept demo``, as scripts/demo runs it)."""
    reports = tmp_path_factory.mktemp("demo")
    argv = [sys.executable, "-m", "sesam_accept", "demo", "--reports", str(reports)]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    (merged,) = reports.glob("demo-*/*_site_*.json")
    return load_record(merged)


@pytest.mark.parametrize("language", ["de", "en"])
def test_the_demo_site_report_prints_its_summary_on_page_one(
    demo_site: RunRecord, language: str, tmp_path: Path
) -> None:
    pages = print_pages(render_document(demo_site, language=language), tmp_path)
    assert_summary_is_page_one(pages, language, "open_points")
    assert split_rows(pages, row_texts(demo_site, language)) == []


def test_the_changes_against_a_baseline_print_on_the_summary_page(
    demo_site: RunRecord, tmp_path: Path
) -> None:
    """A baseline in which every check that has evidence passed: the regressions stand on
    page 1, the summary still one page."""
    passed = tuple(
        dataclasses.replace(r, verdict=Verdict.PASS) if r.evidence else r for r in demo_site.results
    )
    diff = diff_records(dataclasses.replace(demo_site, results=passed), demo_site)
    assert diff.regressions
    pages = print_pages(render_document(demo_site, language="de", diff=diff), tmp_path)
    assert_summary_is_page_one(pages, "de", "open_points")
    assert _flat(texts("de")["h.diff"]) in _flat(pages[0])
    assert _flat(diff.regressions[0].check_id) in _flat(pages[0])


def test_a_thousand_isenets_print_their_summary_on_page_one(tmp_path: Path) -> None:
    record = large_run(1000)
    pages = print_pages(render_document(record, language="de"), tmp_path)
    assert len(pages) > 20  # the detail runs long
    assert_summary_is_page_one(pages, "de", "not_accepted")
    assert split_rows(pages, row_texts(record, "de")) == []


def test_a_split_row_is_detected(tmp_path: Path) -> None:
    """Control: rows allowed to break across pages are found split by the same check."""
    cell = " ".join(f"word{n}" for n in range(60))
    rows = [f"row{i:03d} {cell} end{i:03d}" for i in range(60)]
    body = "".join(f"<tr><td>{i}</td><td>{r}</td></tr>" for i, r in enumerate(rows))
    html = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><style>td{width:50%}"
        "tr{break-inside:auto}</style></head><body><table>"
        f"{body}</table></body></html>"
    )
    pages = print_pages(html, tmp_path)
    assert len(pages) > 1
    assert split_rows(pages, rows) != []
