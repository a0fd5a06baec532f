"""Lab fixtures: the demo site in network namespaces (root, ip and nft needed)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sesam_accept.loader import load_site
from sesam_accept.simulator.demo import demo_site_file
from sesam_accept.simulator.lab import Lab
from sesam_accept.simulator.lab_net import lab_unavailable

PROBE = Path(__file__).with_name("probe_in_ns.py")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Skip the lab tests, with the reason, where the lab cannot run."""
    reason = lab_unavailable()
    if reason is None:
        return
    for item in items:
        if item.get_closest_marker("lab"):
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    """The demo site in namespaces: hosts + 3 ISENets in 10.77.1.0/24, 3 ISENets behind a router."""
    with Lab(load_site(demo_site_file()), tmp_path_factory.mktemp("lab")) as running:
        yield running


@pytest.fixture
def probe(lab: Lab) -> Iterator[Any]:
    """``probe(HOST, kind, *args)``: run a project probe inside HOST's namespace; firewall reset."""

    def run(host: str, kind: str, *args: str) -> Any:
        done = lab.run(host, [sys.executable, str(PROBE), kind, *args], timeout=30)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    yield run
    lab.set_firewall([])


@pytest.fixture
def site() -> Any:
    """The demo site (six ISENets), for labs of their own."""
    return load_site(demo_site_file())
