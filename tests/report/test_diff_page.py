"""``sesam-accept diff OLD NEW --html OUT``: the before/after page, and its bad input."""

from __future__ import annotations

from pathlib import Path

import pytest
from picture_factory import later_run, site_record

from sesam_accept.cli import main
from sesam_accept.report import dump_record, write_atomic
from sesam_accept.results import RunRecord


@pytest.fixture
def runs(tmp_path: Path) -> tuple[Path, Path]:
    """A baseline and a later run of 6 ISENets: one path regressed, one was fixed."""
    old = site_record(tmp_path, 6)
    new = later_run(old)
    return _write(tmp_path / "old.json", old), _write(tmp_path / "new.json", new)


def _write(path: Path, record: RunRecord) -> Path:
    write_atomic(path, dump_record(record))
    return path


def test_the_page_lists_regressions_first_with_the_picture(
    runs: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "change-4711.html"
    assert main(["diff", *map(str, runs), "--html", str(out), "--lang", "de"]) == 1
    printed = capsys.readouterr().out
    assert printed.splitlines()[1].startswith("VERSCHLECHTERUNG") and str(out) in printed
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert page.count('<svg class="pic diff"') == 1
    assert page.index('data-kind="regression"') < page.index('data-kind="fix"')
    assert "ch-regression" in page and "Vorher und nachher" in page
    assert "&lt;changed&gt;" in page and "<changed>" not in page
    assert not list(tmp_path.glob(".change-4711.html.*"))  # no temporary file left


def test_no_change_still_writes_the_page(runs: tuple[Path, Path], tmp_path: Path) -> None:
    out = tmp_path / "same.html"
    assert main(["diff", str(runs[0]), str(runs[0]), "--html", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert "No verdict changed." in page and " ch ch-" not in page


@pytest.mark.parametrize(
    ("which", "content", "message"),
    [
        ("missing", None, "cannot read the results file"),
        ("foreign", '{"a": 1}', "not a results file"),
        ("broken", "{", "not valid JSON"),
    ],
)
def test_bad_results_are_one_clear_error_and_no_page(
    runs: tuple[Path, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    which: str,
    content: str | None,
    message: str,
) -> None:
    bad = tmp_path / f"{which}.json"
    if content is not None:
        bad.write_text(content, encoding="utf-8")
    out = tmp_path / "out.html"
    assert main(["diff", str(runs[0]), str(bad), "--html", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err and str(bad) in err
    assert "Traceback" not in err
    assert not out.exists()


@pytest.mark.parametrize("where", ["no-such-folder/out.html", "a-file/out.html", "."])
def test_an_unwritable_page_is_one_clear_error(
    runs: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str], where: str
) -> None:
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    out = tmp_path / where
    assert main(["diff", *map(str, runs), "--html", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"sesam-accept: error: cannot write {out}") and err.count("\n") == 1
    assert "Traceback" not in err
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == ["a-file", "new.json", "old.json", "site.yaml"]  # nothing half-written


def test_the_page_never_overwrites_a_results_file(
    runs: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    before = runs[1].read_bytes()
    assert main(["diff", *map(str, runs), "--html", str(runs[1])]) == 2
    assert "results file being compared" in capsys.readouterr().err
    assert runs[1].read_bytes() == before
