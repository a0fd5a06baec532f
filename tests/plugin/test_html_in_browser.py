"""The per-host report a real run writes (pytest-html with our sections on top), in Chromium."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.report.test_report_browser import CHROMIUM, _chromium, _console

from .conftest import ROOT

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium"),
]


def test_run_report_renders_with_its_verdict_and_no_script_errors(simulate, site_file, tmp_path):
    simulate("isenet-serial:ISE-B")
    reports = tmp_path / "reports"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "sesam_accept",
            "run",
            str(site_file),
            "--as",
            "SRV-COMM",
            "--reports",
            str(reports),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 1, done.stdout[-2000:]
    (page,) = reports.glob("*.html")
    out = _chromium(Path(page), tmp_path / "profile", "--dump-dom")
    assert out.returncode == 0, out.stderr[-2000:]
    assert _console(out.stderr) == []  # pytest-html's own script runs cleanly with our part
    dom = out.stdout
    assert 'data-verdict="not_accepted"' in dom
    assert 'id="req-FLOW-ADD"' in dom
    assert "ISE-B" in dom and "serial" in dom
    assert "FLOW-ADD[SRV-COMM-&gt;ISE-B]" in dom  # pytest-html's results table, escaped
