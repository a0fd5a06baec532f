"""Run the real Firebird 3 server for the simulated DB host, where this machine allows it.

``firebird_server.start_firebird`` does the work (Debian's ``/usr/sbin/firebird`` with a private
configuration); the simulator uses it when the server is installed and we are root, and the
stand-in (``firebird_standin``) everywhere else.
"""

from __future__ import annotations

import logging
import os

from ..errors import EnvironmentProblem
from .firebird_server import FirebirdProcess, start_firebird, unavailable_reason

log = logging.getLogger(__name__)


def real_firebird_unavailable() -> str | None:
    """Why the simulator will not run the real server here, or None if it will."""
    if not (hasattr(os, "geteuid") and os.geteuid() == 0):
        return "not root: the simulated DB host uses the Firebird stand-in"
    return unavailable_reason()


class RealFirebird:
    """A started real Firebird server, stoppable like the simulator's other services."""

    def __init__(self, process: FirebirdProcess) -> None:
        self.process = process

    def start(self) -> None:
        """Already started by :func:`start_real`."""

    def stop(self) -> None:
        """Stop the server process and remove its private directory."""
        self.process.stop()

    def __str__(self) -> str:
        return f"real Firebird on {self.process.address}:{self.process.port}"


def start_real(address: str, port: int, *, required: bool = False) -> RealFirebird | None:
    """Start the real Firebird on (address, port); None if it cannot run here.

    Not required: a server that is installed but does not come up is logged and None is
    returned (the caller falls back to the stand-in). Required: both raise EnvironmentProblem.
    """
    reason = real_firebird_unavailable()
    if reason is not None:
        if required:
            raise EnvironmentProblem(f"the real Firebird server cannot run here: {reason}")
        return None
    try:
        process = start_firebird(address, port)
    except EnvironmentProblem as exc:
        if required:
            raise
        log.warning("real Firebird did not come up on %s:%s: %s", address, port, exc)
        return None
    if process is None:
        if required:
            raise EnvironmentProblem("the real Firebird server is not installed")
        return None
    return RealFirebird(process)
