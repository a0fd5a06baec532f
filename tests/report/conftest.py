"""Fixtures of the report tests: hand-built records of a realistic three-host site."""

from __future__ import annotations

import pytest
from report_factory import make_run  # tests/report is on sys.path (rootdir-relative conftest)

from sesam_accept.results import RunRecord


@pytest.fixture
def comm_run() -> RunRecord:
    """The record of a run as SRV-COMM: failures, an inconclusive check, a waiver, not_run."""
    return make_run("SRV-COMM")


@pytest.fixture
def ws_run() -> RunRecord:
    """The record of a run as WS-01."""
    return make_run("WS-01")
