"""pytest-html's own template words, said in the run's language (issue 16)."""

from __future__ import annotations

from pathlib import Path

import pytest_html

from sesam_accept.plugin_html import _DATA, _FIXED, _GENERATED, in_language
from sesam_accept.texts import texts

TEMPLATE = Path(pytest_html.__file__).parent / "resources" / "index.jinja2"


def test_the_installed_template_still_has_the_words_replaced() -> None:
    # a pytest-html that words its page differently would leave them English: fail here
    page = TEMPLATE.read_bytes()
    assert all(english in page for english in _FIXED)
    assert _GENERATED.search(
        page.replace(b"{{ date }}", b"02-Dec-2026").replace(b"{{ time }}", b"18:43")
    )
    # every word stands above the data blob, the only part in_language reads
    assert all(page.index(e) < page.index(_DATA) for e in [*_FIXED, b"Report generated"])


def _english_page() -> bytes:
    page = TEMPLATE.read_bytes().replace(b"{{ date }}", b"02-Dec-2026")
    return page.replace(b"{{ time }}", b"18:43:09")


def test_a_german_page_says_them_in_german() -> None:
    german = b"".join(in_language(_english_page(), texts("de"))).decode("utf-8")
    assert "Bericht erstellt am 02-Dec-2026 um 18:43:09 mit" in german
    assert "Es laufen noch Tests. <br />Seite neu laden" in german
    assert texts("de")["html.filter"] in german
    assert not any(e.decode() in german for e in _FIXED)
    assert not _GENERATED.search(german.encode("utf-8"))


def test_an_english_page_is_left_as_it_is() -> None:
    english = _english_page()
    assert in_language(english, texts("en")) == [english]


def test_a_log_in_the_data_blob_keeps_its_words() -> None:
    # a test's log that happens to hold one of the words is the test's, not the template's
    english = _english_page()
    logged = b"(Un)check the boxes to filter the results."
    page = english.replace(_DATA, _DATA + b' data-log="' + logged + b'"', 1)
    german = b"".join(in_language(page, texts("de")))
    assert german.count(logged) == 1 and german.index(logged) > german.index(_DATA)
