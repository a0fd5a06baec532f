"""Which asyncio event loop a run uses, and the concurrency cap that loop imposes.

The probes need a *selector* loop on every platform: the ISENet client reads its socket with
``loop.add_reader`` (the Windows proactor loop has no ``add_reader``; the client would fall back
to polling every 2 ms), the TCP/UDP probes read ICMP errors off plain non-blocking sockets, and
asyncio's proactor datagram transport had stall bugs on exactly the "connection reset" a UDP
port unreachable raises on Windows (protocols.md). On Windows the selector loop is built on
``select()``, which CPython compiles with ``FD_SETSIZE = 512``: more than 512 sockets waiting
in one call raise ``ValueError: too many file descriptors in select()`` and stop the run. The
site file allows a concurrency up to 4096, so on Windows the engine caps the probes in flight
at :data:`WINDOWS_CAP` — each probe waits on at most one socket at a time, and the rest of the
512 is left for the sockets outside the cap (the loop's own wake-up socket, the ISENet socket,
the ICMP batch socket) — and says so in the run's metadata. Linux and macOS use the default
selector (epoll/kqueue), which has no such limit.
"""

from __future__ import annotations

import asyncio
import selectors
from collections.abc import Coroutine
from dataclasses import dataclass
from typing import Any, TypeVar

T = TypeVar("T")

#: Sockets one ``select()`` call can wait on in CPython on Windows (its FD_SETSIZE).
WINDOWS_SELECT_LIMIT = 512
#: Sockets of a run that wait outside the concurrency cap, with room to spare.
RESERVED_SOCKETS = 32
#: The most probes in flight on Windows.
WINDOWS_CAP = WINDOWS_SELECT_LIMIT - RESERVED_SOCKETS


@dataclass(frozen=True)
class LoopChoice:
    """The event loop for a platform and the cap it puts on concurrency (None: no cap)."""

    platform: str
    name: str
    cap: int | None
    reason: str = ""

    def concurrency(self, wanted: int) -> int:
        """The concurrency a run may use when the site file asks for ``wanted``."""
        return wanted if self.cap is None else min(wanted, self.cap)

    def describe(self, wanted: int) -> str:
        """One line for the run's metadata: the loop and the effective concurrency."""
        used = self.concurrency(wanted)
        if self.cap is None:
            return f"{self.name}, concurrency {used}"
        capped = f" (the site file asks for {wanted})" if used < wanted else ""
        return f"{self.name}, concurrency capped at {self.cap}{capped}: {self.reason}"

    def warning(self, wanted: int) -> str | None:
        """What the user is told when the cap lowers the site file's concurrency."""
        if self.concurrency(wanted) >= wanted:
            return None
        return f"timing.concurrency {wanted} capped at {self.cap} on this platform: {self.reason}"

    def new_loop(self) -> asyncio.AbstractEventLoop:
        """A new loop of this kind (a selector loop on every platform)."""
        return asyncio.SelectorEventLoop()


def loop_choice(platform: str) -> LoopChoice:
    """The loop and cap for ``platform`` (a ``sys.platform`` value such as "win32")."""
    if platform == "win32":
        return LoopChoice(
            platform,
            "SelectorEventLoop (select())",
            WINDOWS_CAP,
            f"on Windows select() handles at most {WINDOWS_SELECT_LIMIT} sockets",
        )
    selector = selectors.DefaultSelector.__name__  # EpollSelector, KqueueSelector, ...
    return LoopChoice(platform, f"SelectorEventLoop ({selector})", None)


def run_on(choice: LoopChoice, coro: Coroutine[Any, Any, T]) -> T:
    """Run ``coro`` to completion on a new loop of ``choice``'s kind, then close the loop (what
    ``asyncio.run`` does, with the loop chosen here; Python 3.10 has no ``asyncio.Runner``)."""
    loop = choice.new_loop()
    try:
        return loop.run_until_complete(coro)
    finally:
        try:
            _cancel_left_over(loop)
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.run_until_complete(loop.shutdown_default_executor())
        finally:
            loop.close()


def _cancel_left_over(loop: asyncio.AbstractEventLoop) -> None:
    tasks = [t for t in asyncio.all_tasks(loop) if not t.done()]
    for task in tasks:
        task.cancel()
    if tasks:
        loop.run_until_complete(asyncio.gather(*tasks, return_exceptions=True))
