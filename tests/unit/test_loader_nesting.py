"""A deeply nested site file is one clear problem, never a RecursionError, on every command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from sesam_accept.errors import SiteFileError
from sesam_accept.loader import load_site
from sesam_accept.validate import MAX_NESTING

LEVELS = 5000
SAYS = f"nested more than {MAX_NESTING} levels deep"


def _block_mapping(levels: int) -> str:
    lines = ["site:"] + ["  " * n + "a:" for n in range(1, levels)] + ["  " * levels + "b"]
    return "\n".join(lines) + "\n"


DEEP = {
    "flow-sequence": "x: " + "[" * LEVELS + "]" * LEVELS + "\n",
    "flow-mapping": "site: " + "{a: " * LEVELS + "1" + "}" * LEVELS + "\n",
    "block-mapping": _block_mapping(LEVELS),
}


@pytest.fixture(params=["libyaml", "pyyaml"])
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Both paths: libyaml when PyYAML has it, and PyYAML's own parser (recursive composer)."""
    if request.param == "pyyaml":
        monkeypatch.delattr(yaml, "CSafeLoader", raising=False)
    elif not hasattr(yaml, "CSafeLoader"):
        pytest.skip("PyYAML without libyaml")
    return str(request.param)


@pytest.mark.parametrize("shape", sorted(DEEP))
def test_deep_document_is_one_problem(tmp_path: Path, parser: str, shape: str) -> None:
    path = tmp_path / "site.yaml"
    path.write_text(DEEP[shape], encoding="utf-8")
    with pytest.raises(SiteFileError) as info:
        load_site(path)
    (problem,) = info.value.problems
    assert problem.file == str(path) and SAYS in problem.message
    assert problem.line == (1 if shape.startswith("flow") else MAX_NESTING + 1)


def test_the_limit_itself_is_not_refused(tmp_path: Path, parser: str) -> None:
    path = tmp_path / "site.yaml"
    for levels, refused in ((MAX_NESTING - 1, False), (MAX_NESTING, True)):
        path.write_text("x: " + "[" * levels + "]" * levels + "\n", encoding="utf-8")
        with pytest.raises(SiteFileError) as info:  # refused anyway: no hosts, unknown key x
            load_site(path)
        assert any(SAYS in p.message for p in info.value.problems) is refused


@pytest.mark.parametrize("command", [["validate"], ["plan", "--all"], ["run", "--as", "WS-01"]])
def test_every_command_says_it_in_one_line(tmp_path: Path, command: list[str]) -> None:
    path = tmp_path / "site.yaml"
    path.write_text(DEEP["flow-sequence"], encoding="utf-8")
    argv = [sys.executable, "-m", "sesam_accept", command[0], str(path), *command[1:]]
    done = subprocess.run(
        [*argv, *(["--reports", str(tmp_path / "reports")] if command[0] == "run" else [])],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    (line,) = done.stderr.split("\n\n")[0].strip().splitlines()  # run: pytest's "ERROR: ..."
    assert line.endswith(
        f" {path}:1: lists or mappings {SAYS}: a site file needs four at most "
        "(see site_configs/example.yaml)"
    )
    assert not (tmp_path / "reports").exists()
