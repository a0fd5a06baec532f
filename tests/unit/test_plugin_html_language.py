"""pytest-html's own template words, said in the run's language (issue 16)."""

from __future__ import annotations

from pathlib import Path

import pytest_html

from sesam_accept.plugin_html import _FIXED, _GENERATED, in_language
from sesam_accept.texts import texts

TEMPLATE = Path(pytest_html.__file__).parent / "resources" / "index.jinja2"


def test_the_installed_template_still_has_the_words_replaced() -> None:
    # a pytest-html that words its page differently would leave them English: fail here
    page = TEMPLATE.read_text(encoding="utf-8")
    assert all(english in page for english in _FIXED)
    assert _GENERATED.search(
        page.replace("{{ date }}", "02-Dec-2026").replace("{{ time }}", "18:43")
    )


def test_a_german_page_says_them_in_german() -> None:
    english = TEMPLATE.read_text(encoding="utf-8")
    english = english.replace("{{ date }}", "02-Dec-2026").replace("{{ time }}", "18:43:09")
    german = in_language(english, texts("de"))
    assert "Bericht erstellt am 02-Dec-2026 um 18:43:09 mit" in german
    assert "Es laufen noch Tests. <br />Seite neu laden" in german
    assert texts("de")["html.filter"] in german
    assert not any(e in german for e in _FIXED) and not _GENERATED.search(german)
    assert in_language(english, texts("en")) == english
