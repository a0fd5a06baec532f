"""The built wheel and the offline kits, built once per test session (needs the package index).

The Linux kit (every supported Python) is built by ``scripts/kit`` from the checkout, which
builds the sdist and the wheel from it; the Windows kit reuses that wheel. ``installed`` is a
fresh venv made by the Linux kit's ``install.sh`` (pip --no-index), outside the checkout.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from .kit_build import ROOT, build_kit

#: The interpreter a fresh venv is made from (not the checkout's .venv).
BASE_PYTHON = getattr(sys, "_base_executable", sys.executable)


@pytest.fixture(scope="session")
def linux_kit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Linux kit folder (built once per session)."""
    return build_kit(tmp_path_factory.mktemp("kit-linux"), "linux_x86_64")


@pytest.fixture(scope="session")
def wheel(linux_kit: Path) -> Path:
    """sesam-accept's wheel, built from the sdist of the checkout."""
    (path,) = (linux_kit / "wheels").glob("sesam_accept-*.whl")
    return path


@pytest.fixture(scope="session")
def windows_kit(tmp_path_factory: pytest.TempPathFactory, wheel: Path) -> Path:
    """The Windows kit folder, with the same wheel."""
    return build_kit(tmp_path_factory.mktemp("kit-win"), "win_amd64", "--wheel", str(wheel))


def clean_env(**extra: str) -> dict[str, str]:
    """A minimal environment: no PYTHONPATH, no PIP_* variables, no virtual environment."""
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "SESAM_NO_SKIP")
    env = {k: v for k, v in os.environ.items() if k in keep}
    return {**env, "PYTHON": BASE_PYTHON, **extra}


def run_clean(
    argv: Sequence[str], cwd: Path | None = None, **env: str
) -> subprocess.CompletedProcess[str]:
    """Run ``argv`` in ``cwd`` with :func:`clean_env` (plus ``env``), output captured as text."""
    return subprocess.run(
        list(argv),
        capture_output=True,
        text=True,
        timeout=300,
        cwd=cwd,
        env=clean_env(**env),
        check=False,
    )


def install(
    kit: Path, target: Path, prefix: Sequence[str] = (), python: str = BASE_PYTHON
) -> subprocess.CompletedProcess[str]:
    """Run the kit's ``install.sh TARGET`` (behind ``prefix``, e.g. ``ip netns exec NS``)."""
    return run_clean([*prefix, "sh", str(kit / "install.sh"), str(target)], PYTHON=python)


def demo_outside(venv: Path, work: Path, prefix: Sequence[str] = ()) -> Path:
    """``sesam-accept demo`` of ``venv`` run in ``work`` (behind ``prefix``): the demo folder."""
    done = run_clean([*prefix, str(venv / "bin" / "sesam-accept"), "demo", "--reports", "r"], work)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    (workdir,) = (work / "r").glob("demo-*")
    return workdir


@pytest.fixture(scope="session")
def installed(linux_kit: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the wheel installed by the Linux kit's install.sh."""
    target = tmp_path_factory.mktemp("installed") / "venv"
    done = install(linux_kit, target)
    assert done.returncode == 0, done.stdout + done.stderr
    return target


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A working folder outside the checkout."""
    folder = tmp_path / "work"
    folder.mkdir()
    assert ROOT not in folder.parents
    return folder


@pytest.fixture
def sesam(installed: Path, outside: Path) -> Callable[..., subprocess.CompletedProcess[str]]:
    """``sesam(*args)``: the installed ``sesam-accept`` run in a folder outside the checkout."""

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return run_clean([str(installed / "bin" / "sesam-accept"), *args], outside)

    return run
