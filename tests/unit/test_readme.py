"""The README's paths exist, and its site examples run as written on a copy of the example."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sesam_accept.cli import DEMO_EXIT_STATUS, main
from sesam_accept.simulator.demo import RUN_TIMEOUT

ROOT = Path(__file__).parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
#: Paths into the repository's own folders (reports/ is what runs write; globs are patterns).
REPO_PATH = re.compile(
    r"\b((?:site_configs|docs|scripts|src|suites|tests|bench|fixtures)/[\w./-]*\w)"
)
#: The site file the examples use: the user makes it from site_configs/example.yaml.
PLACEHOLDER = "my-site.yaml"


def shell_lines(text: str) -> list[str]:
    """The command lines of the README's ```sh blocks, comments cut."""
    blocks = re.findall(r"^```sh\n(.*?)^```", text, flags=re.MULTILINE | re.DOTALL)
    lines = (line.split("#", 1)[0].strip() for block in blocks for line in block.splitlines())
    return [line for line in lines if line]


def test_every_repository_path_the_readme_names_exists():
    named = sorted(set(REPO_PATH.findall(README)))
    assert "site_configs/example.yaml" in named
    assert [p for p in named if not (ROOT / p).exists()] == []


def test_site_examples_use_an_existing_file_or_the_placeholder_it_explains():
    site_files = {
        w.rpartition("=")[2]
        for line in shell_lines(README)
        for w in line.split()
        if w.endswith(".yaml")
    }
    assert PLACEHOLDER in site_files
    assert [f for f in site_files - {PLACEHOLDER} if not (ROOT / f).is_file()] == []
    explained = [line for line in README.splitlines() if PLACEHOLDER in line and "#" in line]
    assert any("site_configs/example.yaml" in line for line in explained)


def test_validate_and_plan_examples_run_as_written(tmp_path: Path):
    shutil.copy(ROOT / "site_configs" / "example.yaml", tmp_path / PLACEHOLDER)
    shutil.copy(ROOT / "site_configs" / "site.schema.json", tmp_path)
    commands = [
        shlex.split(line)
        for line in shell_lines(README)
        if line.startswith(("sesam-accept validate", "sesam-accept plan"))
    ]
    assert len(commands) >= 2
    for argv in commands:
        done = subprocess.run(
            [sys.executable, "-m", "sesam_accept", *argv[1:]],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 0, (argv, done.stderr)


def test_demo_exit_status_is_in_its_help_and_the_readme(capsys):
    with pytest.raises(SystemExit):
        main(["demo", "--help"])
    words = " ".join(capsys.readouterr().out.split())
    assert DEMO_EXIT_STATUS in words
    assert DEMO_EXIT_STATUS in " ".join(README.split())
    assert f"within {RUN_TIMEOUT:.0f} s" in DEMO_EXIT_STATUS
