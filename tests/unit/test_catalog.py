"""The requirement catalog matches the README's ID list, and every ID has an acceptance test."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from sesam_accept.catalog import CATALOG, SECTIONS

from .catalog_coverage import coverage_problems, marked_ids

ROOT = Path(__file__).parents[2]
SUITES = ROOT / "suites"
README = ROOT / "README.md"


def test_every_catalog_id_has_a_test_and_no_test_names_an_unknown_id():
    assert coverage_problems(SUITES) == []


def test_self_test_fails_when_an_id_loses_its_test(tmp_path):
    copy = tmp_path / "suites"
    shutil.copytree(SUITES, copy)
    for module in copy.glob("test_*.py"):  # every test of FB-PWD now names a wrong ID
        module.write_text(module.read_text().replace('"FB-PWD"', '"FB-PWX"'))
    problems = coverage_problems(copy)
    assert f"FB-PWD: no acceptance test in {copy}" in problems
    assert any("unknown requirement 'FB-PWX'" in p for p in problems)


def test_catalog_ids_are_the_ids_the_readme_lists():
    """The README names every ID of the vendor document, in its order (the repo stands alone)."""
    readme = README.read_text(encoding="utf-8")
    id_list = readme.split("has a requirement ID (", 1)[1].split(")", 1)[0]
    listed = re.findall(r"`([A-Z]+-[A-Z0-9]+)`", id_list)
    assert listed == list(CATALOG)


def test_each_requirement_names_its_section_of_the_document_in_order():
    sections = [req.section for req in CATALOG.values()]
    assert set(sections) == set(SECTIONS)
    assert sections == sorted(sections, key=list(SECTIONS).index)


def test_every_entry_has_german_wording_and_advice():
    for req in CATALOG.values():
        assert req.wording_de and req.summary_en and req.title_de and req.title_en, req.id
        assert req.next_step_en and req.next_step_de, req.id


def test_tests_are_spread_over_the_areas():
    areas = {t.split("::")[0] for tests in marked_ids(SUITES).values() for t in tests}
    assert {
        "test_firebird.py",
        "test_isenet.py",
        "test_rpc.py",
        "test_flows.py",
        "test_rare_ports.py",
        "test_local_host.py",
    } <= areas


def test_every_text_of_a_requirement_is_there_in_both_languages():
    # A German report shows the German summary, symptom and next step; an English one the
    # English: neither may fall back to the other language.
    for req in CATALOG.values():
        for language in ("de", "en"):
            assert req.title(language) and req.summary(language), (req.id, language)
        assert bool(req.symptom("de")) == bool(req.symptom("en")), req.id
        assert bool(req.next_step("de")) == bool(req.next_step("en")), req.id
        assert req.summary("de") != req.summary("en"), req.id
