"""The report's templates compiled ahead (by the build and scripts/setup, ``report/jinja.py``):
loaded only while they match the templates and Jinja2, and rendering the same page."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import jinja2
import pytest

from sesam_accept.report import jinja, render_document
from sesam_accept.report.jinja import MANIFEST, TEMPLATES, compile_into, compiled_loader
from sesam_accept.results import RunRecord


@pytest.fixture
def templates(tmp_path: Path) -> Path:
    """A copy of the report's templates, to edit."""
    return Path(shutil.copytree(TEMPLATES, tmp_path / "templates"))


@pytest.fixture
def fresh_environment() -> Iterator[None]:
    """environment() built anew for the test, and again after it (it is cached)."""
    jinja.environment.cache_clear()
    yield
    jinja.environment.cache_clear()


def _document(record: RunRecord, compiled: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setattr(jinja, "COMPILED", compiled)
    jinja.environment.cache_clear()
    return render_document(record, language="de")


@pytest.mark.usefixtures("fresh_environment")
def test_compiled_templates_render_the_page_the_templates_render(
    comm_run: RunRecord, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    compile_into(tmp_path / "compiled")
    from_modules = _document(comm_run, tmp_path / "compiled", monkeypatch)
    assert isinstance(jinja.environment().loader, jinja2.ModuleLoader)
    from_templates = _document(comm_run, tmp_path / "none", monkeypatch)
    assert isinstance(jinja.environment().loader, jinja2.FileSystemLoader)
    assert from_modules == from_templates
    assert "SRV-COMM" in from_modules


def test_edited_templates_are_compiled_again_not_loaded_stale(
    templates: Path, tmp_path: Path
) -> None:
    compile_into(tmp_path / "compiled", templates)
    assert compiled_loader(tmp_path / "compiled", templates) is not None
    meta = templates / "meta.html"
    meta.write_text(meta.read_text(encoding="utf-8") + "<p>edited</p>\n", encoding="utf-8")
    assert compiled_loader(tmp_path / "compiled", templates) is None


def test_modules_of_another_jinja2_are_not_loaded(tmp_path: Path) -> None:
    compile_into(tmp_path)
    manifest = json.loads((tmp_path / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["jinja2"] == jinja2.__version__
    (tmp_path / MANIFEST).write_text(json.dumps({**manifest, "jinja2": "3.0.0"}), encoding="utf-8")
    assert compiled_loader(tmp_path) is None


@pytest.mark.parametrize("manifest", [None, "", "{not json", "[]"])
def test_no_or_a_broken_manifest_means_compiling_from_the_templates(
    tmp_path: Path, manifest: str | None
) -> None:
    compile_into(tmp_path)
    (tmp_path / MANIFEST).unlink()
    if manifest is not None:
        (tmp_path / MANIFEST).write_text(manifest, encoding="utf-8")
    assert compiled_loader(tmp_path) is None


def test_a_template_that_does_not_compile_leaves_no_manifest(
    templates: Path, tmp_path: Path
) -> None:
    compile_into(tmp_path / "compiled", templates)  # a build before, then a broken template
    (templates / "meta.html").write_text("{% if %}\n", encoding="utf-8")
    with pytest.raises(jinja2.TemplateSyntaxError):
        compile_into(tmp_path / "compiled", templates)
    assert not (tmp_path / "compiled" / MANIFEST).exists()
    assert compiled_loader(tmp_path / "compiled", templates) is None
