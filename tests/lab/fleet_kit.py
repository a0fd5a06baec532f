"""The offline kit the site playbook installs: ``scripts/kit`` for Linux and this Python."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[2]


def build_kit(out: Path) -> Path:
    """The Linux kit folder for the running Python, built by ``scripts/kit`` under ``out``."""
    python = f"{sys.version_info.major}.{sys.version_info.minor}"
    argv = [str(ROOT / "scripts" / "kit"), "--platform", "linux_x86_64", "--python", python]
    done = subprocess.run(
        [*argv, "--out", str(out)], capture_output=True, text=True, timeout=600, check=False
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    (kit,) = (p for p in out.iterdir() if p.is_dir() and p.name.endswith("linux_x86_64"))
    return kit
