"""Binding the simulator's sockets again and sharing a port: the right option per platform.

``SO_REUSEADDR`` means two different things. On Linux/macOS it lets a listener bind again at
once after a restart (past TIME_WAIT) and lets several UDP sockets share a port only when all of
them ask for it. On Windows it lets *any* later socket bind the same port and steal its traffic;
there a listener asks for ``SO_EXCLUSIVEADDRUSE`` instead (Windows rebinds past TIME_WAIT without
help). Every simulator socket that needs either goes through :func:`allow_address_reuse`.
"""

from __future__ import annotations

import socket
import sys
from enum import Enum

#: Windows' SO_EXCLUSIVEADDRUSE (``~SO_REUSEADDR`` in winsock2.h); absent from Python elsewhere.
SO_EXCLUSIVEADDRUSE: int = getattr(socket, "SO_EXCLUSIVEADDRUSE", ~4)


class Reuse(Enum):
    """Why a socket wants its address reused."""

    REBIND = "rebind"  # a listener that must bind again right after a restart, and own its port
    SHARE = "share"  # several sockets on one UDP port on purpose (a broadcast beside unicast)


def address_reuse_option(purpose: Reuse, platform: str = sys.platform) -> str:
    """The SOL_SOCKET option (by name) that gives ``purpose`` on ``platform`` ("win32", …)."""
    if platform == "win32" and purpose is Reuse.REBIND:
        return "SO_EXCLUSIVEADDRUSE"
    return "SO_REUSEADDR"


def allow_address_reuse(sock: socket.socket, purpose: Reuse) -> str:
    """Set the option :func:`address_reuse_option` names on ``sock``; returns its name."""
    name = address_reuse_option(purpose)
    value = SO_EXCLUSIVEADDRUSE if name == "SO_EXCLUSIVEADDRUSE" else socket.SO_REUSEADDR
    sock.setsockopt(socket.SOL_SOCKET, value, 1)
    return name
