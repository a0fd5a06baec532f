"""STAND-IN for the offline install kit (``scripts/kit`` of the packaging work, not merged yet).

The one place to swap at merge: :func:`build_kit` makes a kit folder with the agreed layout,
``wheels/`` (this project's wheel and every dependency as wheels) and ``install.sh TARGET``
(makes a venv at TARGET if missing, installs sesam-accept from ``wheels/`` with
``pip --no-index --find-links``; a second run with the same kit installs nothing, says it is
already installed and exits 0). Replace its body by a call of ``scripts/kit --platform
linux_x86_64 --out DIR``.

Stand-in only: until the package carries its suites, ``install.sh`` also copies ``suites/``,
``fixtures/`` and ``conftest.py`` where the installed ``sesam_accept.cli.suites_dir()`` looks
for them (``TARGET/lib/pythonX.Y/``).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

INSTALL_SH = r"""#!/bin/sh
# Stand-in kit installer (tests/lab/kit_standin.py): install.sh TARGET_DIR
set -eu
kit="$(cd "$(dirname "$0")" && pwd)"
target="$1"
wheel="$(ls "$kit"/wheels/sesam_accept-*.whl | head -n 1)"
version="$(basename "$wheel" | cut -d- -f2)"
[ -x "$target/bin/python" ] || python3 -m venv "$target"
if "$target/bin/python" -m pip show sesam-accept 2>/dev/null | grep -qx "Version: $version"; then
    echo "sesam-accept $version is already installed in $target"
    exit 0
fi
"$target/bin/python" -m pip install -q --no-index --find-links "$kit/wheels" \
    "sesam-accept==$version"
lib="$("$target/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')"
lib="$target/lib/$(basename "$lib")"
cp -R "$kit/extra/suites" "$kit/extra/fixtures" "$kit/extra/conftest.py" "$lib/"
echo "sesam-accept $version installed in $target"
"""


def build_kit(out: Path) -> Path:
    """A stand-in kit folder at ``out`` (wheels/, install.sh, extra/); returns ``out``."""
    wheels = out / "wheels"
    wheels.mkdir(parents=True)
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "-w", str(wheels), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    extra = out / "extra"
    extra.mkdir()
    for name in ("suites", "fixtures"):
        shutil.copytree(ROOT / name, extra / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(ROOT / "conftest.py", extra / "conftest.py")
    installer = out / "install.sh"
    installer.write_text(INSTALL_SH, encoding="utf-8")
    installer.chmod(0o755)
    return out
