"""Shared helpers of the simulator tests: small sites on this helper's loopback range."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sesam_accept.site import CommParamLocation, Host, ISENet, Site, Timing
from sesam_accept.version import SoftwareVersion

BASE = "127.0.3."


def make_site(tmp_path: Path, *, isenets: int = 0, prefix: str = BASE, first: int = 1) -> Site:
    """A site with DB, COMM and one workstation on ``prefix`` and ``isenets`` ISENets after them."""

    def host(name: str, n: int, role: str) -> Host:
        location = CommParamLocation(
            f"collected/{name}/CommParam.ini",
            "copy",
            tmp_path / "collected" / name / "CommParam.ini",
        )
        return Host(
            name, (f"{prefix}{first + n}",), ("127.0.0.0/8",), frozenset({role}), commparam=location
        )

    hosts = (host("SRV-DB", 0, "db"), host("SRV-COMM", 1, "comm"), host("WS-01", 2, "workstation"))
    devices = tuple(
        ISENet(
            f"ISE-{i + 1:02d}",
            f"{prefix}{first + 10 + i}",
            f"00:20:4A:00:00:{i + 1:02X}",
            str(4700 + i),
            "6.5.0.7",
        )
        for i in range(isenets)
    )
    return Site(
        "Test",
        "ACME",
        SoftwareVersion.parse("2.3-1"),
        "en",
        hosts,
        devices,
        timing=Timing(timeout=0.5, retries=1),
    )


@pytest.fixture
def site(tmp_path: Path) -> Site:
    """A site without ISENets on 127.0.3.1-3."""
    return make_site(tmp_path)


@pytest.fixture
def site_with(tmp_path: Path) -> Callable[..., Site]:
    """A factory of test sites: ``site_with(isenets=3)``."""
    return lambda **kwargs: make_site(tmp_path, **kwargs)


def run(coro_fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Run an async probe to completion."""
    return asyncio.run(coro_fn(*args, **kwargs))
