"""``scripts/kit`` run from the checkout: the one way the dist and lab tests build a kit."""

from __future__ import annotations

import subprocess
from pathlib import Path

ROOT = Path(__file__).parents[2]


def build_kit(out: Path, platform: str, *options: str) -> Path:
    """Run ``scripts/kit`` for ``platform`` (plus ``options``) into ``out``; the kit folder."""
    argv = [str(ROOT / "scripts" / "kit"), "--platform", platform, "--out", str(out), *options]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    (kit,) = (p for p in out.iterdir() if p.is_dir() and p.name.endswith(platform))
    return kit
