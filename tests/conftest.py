"""Shared set-up of the suite's own tests.

With ``SESAM_NO_SKIP=1`` (set by ``.ci/run``) a skipped test is a failure: CI installs every
package and runs as root, so a test that needs root, Firebird, TFTP, nftables or a browser must
run there. Only tests marked ``other_os`` (they exercise another operating system's code path)
may still skip.
"""

from __future__ import annotations

import os
from collections.abc import Generator
from typing import Any

import pytest


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, Any, None]:
    """Turn skips into failures in CI (see the module docstring)."""
    outcome = yield
    report = outcome.get_result()
    if not os.environ.get("SESAM_NO_SKIP") or not report.skipped:
        return
    if item.get_closest_marker("other_os") or hasattr(report, "wasxfail"):
        return
    reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
    report.outcome = "failed"
    report.longrepr = f"skipped in CI (SESAM_NO_SKIP): {reason}"
