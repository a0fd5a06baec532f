"""Report files: safe never-overwriting names, atomic writes, a clear unwritable-dir error."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from sesam_accept.errors import PermissionProblem
from sesam_accept.report import check_writable, report_path, report_paths, write_atomic
from sesam_accept.report.files import safe_part

STARTED = "2026-11-20T09:15:02+01:00"


def test_name_pattern(tmp_path: Path) -> None:
    path = report_path(tmp_path, "Werk Nord", "WS-01", STARTED, "html")
    assert path == tmp_path / "Werk-Nord_WS-01_20261120-091502.html"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('a<b>:c"d/e\\f|g?h*i', "a-b-c-d-e-f-g-h-i"),
        ("CON", "_CON"),
        ("lpt1", "_lpt1"),
        ("Con.Sesam", "_Con.Sesam"),  # Windows: a device name before a dot is the device
        ("nul.tar.gz", "_nul.tar.gz"),
        ("CONSOLE", "CONSOLE"),
        ("...", "unnamed"),
        ("Werk Süd. ", "Werk-Süd"),
        ("x" * 200, "x" * 60),
        ("tab\tnew\nline\x00", "tab-new-line"),
    ],
)
def test_safe_part(text: str, expected: str) -> None:
    assert safe_part(text) == expected


def test_never_overwrites(tmp_path: Path) -> None:
    first = report_path(tmp_path, "S", "H", STARTED, "html")
    write_atomic(first, "one")
    second = report_path(tmp_path, "S", "H", STARTED, "html")
    write_atomic(second, "two")
    third = report_path(tmp_path, "S", "H", STARTED, "html")
    assert (first.name, second.name, third.name) == (
        "S_H_20261120-091502.html",
        "S_H_20261120-091502-2.html",
        "S_H_20261120-091502-3.html",
    )
    assert first.read_text(encoding="utf-8") == "one"


def test_html_and_json_share_a_stem(tmp_path: Path) -> None:
    (tmp_path / "S_H_20261120-091502.json").write_text("{}", encoding="utf-8")
    html, js = report_paths(tmp_path, "S", "H", STARTED, ("html", "json"))
    assert html.stem == js.stem == "S_H_20261120-091502-2"


def test_write_atomic_replaces_whole_and_leaves_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "r.html"
    write_atomic(target, "alt")
    write_atomic(target, "neu – ü")
    assert target.read_bytes() == "neu – ü".encode()
    assert [p.name for p in tmp_path.iterdir()] == ["r.html"]


def test_write_atomic_failure_keeps_old_file_and_removes_temp(tmp_path: Path) -> None:
    target = tmp_path / "r.html"
    write_atomic(target, "old")
    with pytest.raises(UnicodeEncodeError):
        write_atomic(target, "bad \udcff surrogate")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["r.html"]


def test_check_writable_creates_the_directory(tmp_path: Path) -> None:
    folder = tmp_path / "reports" / "sub"
    assert check_writable(folder) == folder
    assert folder.is_dir()
    assert list(folder.iterdir()) == []


def test_path_under_a_file_is_one_permission_problem(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(PermissionProblem, match="no permission to write reports"):
        check_writable(blocker / "reports")


_CHILD = """
import os, sys
from sesam_accept.errors import PermissionProblem
from sesam_accept.report import check_writable
if os.geteuid() == 0:  # root may write anywhere: drop to "nobody" after the imports
    os.setgid(65534)
    os.setuid(65534)
try:
    check_writable(sys.argv[1])
except PermissionProblem as exc:
    print("PermissionProblem:", exc)
"""


@pytest.fixture
def locked_dir() -> Iterator[Path]:
    """A directory nobody may write to, inside one everybody may enter."""
    base = Path(tempfile.mkdtemp(prefix="sesam-report-"))
    try:
        base.chmod(0o755)
        folder = base / "locked"
        folder.mkdir(mode=0o555)
        folder.chmod(0o555)
        yield folder
    finally:
        shutil.rmtree(base, ignore_errors=True)


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions are needed")
def test_unwritable_directory_is_one_permission_problem(locked_dir: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, str(locked_dir)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines() == [
        f"PermissionProblem: no permission to write reports ({locked_dir}): Permission denied; "
        "choose a writable reports directory or fix its permissions"
    ]


def test_utc_z_and_unparsable_times(tmp_path: Path) -> None:
    assert report_path(tmp_path, "S", "H", "2026-11-20T08:15:02Z", "json").name == (
        "S_H_20261120-081502.json"
    )
    assert report_path(tmp_path, "S", "H", "gestern 10:00", "json").name == "S_H_gestern-10-00.json"
