"""The event loop of a run and the concurrency cap it needs on Windows (select(): 512 sockets)."""

from __future__ import annotations

import asyncio
import dataclasses
import selectors
import socket
from pathlib import Path
from typing import Any

from sesam_accept.engine import EngineOptions, _Limiter
from sesam_accept.eventloop import (
    WINDOWS_CAP,
    WINDOWS_SELECT_LIMIT,
    LoopChoice,
    loop_choice,
    run_on,
)
from sesam_accept.loader import load_site
from sesam_accept.probes import udp
from sesam_accept.results import Outcome
from sesam_accept.run import platform_line

EXAMPLE = Path(__file__).parents[2] / "site_configs" / "example.yaml"


def test_windows_caps_the_concurrency_below_what_select_can_wait_on() -> None:
    choice = loop_choice("win32")
    assert choice.concurrency(4096) == WINDOWS_CAP < WINDOWS_SELECT_LIMIT == 512
    assert choice.concurrency(100) == 100  # a smaller wish is kept


def test_linux_and_macos_keep_the_site_files_concurrency() -> None:
    for platform in ("linux", "darwin"):
        assert loop_choice(platform).cap is None
        assert loop_choice(platform).concurrency(4096) == 4096


def test_the_metadata_names_the_loop_and_the_cap() -> None:
    line = platform_line(4096, "win32")
    assert "SelectorEventLoop (select())" in line
    assert f"concurrency capped at {WINDOWS_CAP} (the site file asks for 4096)" in line
    assert "on Windows select() handles at most 512 sockets" in line
    assert "concurrency 4096" in platform_line(4096, "linux")


def test_the_user_is_warned_only_when_the_cap_lowers_the_concurrency() -> None:
    warning = loop_choice("win32").warning(4096)
    assert warning is not None and f"capped at {WINDOWS_CAP}" in warning
    assert loop_choice("win32").warning(256) is None
    assert loop_choice("linux").warning(4096) is None


def test_engine_options_from_a_site_asking_4096_on_windows() -> None:
    site = load_site(EXAMPLE)
    site = dataclasses.replace(site, timing=dataclasses.replace(site.timing, concurrency=4096))
    assert EngineOptions.from_site(site, platform="win32").concurrency == WINDOWS_CAP
    assert EngineOptions.from_site(site, platform="linux").concurrency == 4096


class _CountingSelect(selectors.SelectSelector):
    """The selector Windows' SelectorEventLoop uses, counting the most sockets one select()
    call waited on for reading."""

    peak = 0

    def select(self, timeout: float | None = None) -> Any:
        _CountingSelect.peak = max(_CountingSelect.peak, len(self._readers))  # type: ignore[attr-defined]
        return super().select(timeout)


class _CountingChoice(LoopChoice):
    def new_loop(self) -> asyncio.AbstractEventLoop:
        return asyncio.SelectorEventLoop(_CountingSelect())


def test_a_windows_sized_run_never_waits_on_more_than_512_sockets() -> None:
    """600 UDP probes to a loopback port that never answers, each waiting on its own socket,
    through the engine's limiter with the Windows cap, on a select() loop: at no time do more
    than 512 sockets wait in one select() call."""
    silent = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    silent.bind(("127.0.0.1", 0))
    port = silent.getsockname()[1]
    options = EngineOptions(0.3, 0, loop_choice("win32").concurrency(4096), 1000)
    _CountingSelect.peak = 0

    async def run_all() -> list[Outcome]:
        limiter = _Limiter(options)

        async def one() -> Any:
            return await udp.udp_probe("127.0.0.1", port, timeout=0.3, retries=0)

        done = await asyncio.gather(*(limiter.run(("udp", str(n)), one) for n in range(600)))
        return [r.outcome for r in done]

    try:
        outcomes = run_on(_CountingChoice("win32", "select()", WINDOWS_CAP), run_all())
    finally:
        silent.close()
    assert outcomes == [Outcome.TIMEOUT] * 600  # every probe ran, none was lost to the cap
    assert WINDOWS_CAP // 2 < _CountingSelect.peak <= WINDOWS_SELECT_LIMIT
