"""A private network namespace for the demo, in which an absent ISENet is really absent.

On the machine's own loopback every 127.x address is local: the kernel itself answers ICMP echo
for all of them, so an ISENet the ``isenet-missing`` fault takes off the network would still
answer ping. In a private network namespace (Linux ``unshare(CLONE_NEWNET)``, inside a user
namespace when not root) the demo puts a routing rule ahead of the local table that makes each
absent address unreachable: ping, the 41797/udp query and the 41796/tcp connection to it fail
as they do for a board that is not there. Nothing outside the namespace changes, and the
namespace ends with the demo's last process.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from ..errors import SesamAcceptError

CLONE_NEWNET = 0x40000000
CLONE_NEWUSER = 0x10000000
#: The rule priority of the unreachable addresses, ahead of the local table (moved from 0).
RULE_PREF, LOCAL_PREF = 10, 100


def isolation_unavailable() -> str | None:
    """Why this process cannot have a private network namespace (None: it can)."""
    if sys.platform != "linux":
        return "private network namespaces need Linux"
    if shutil.which("ip") is None:
        return "the ip command (iproute2) is not installed"
    return None


def isolate(absent: Sequence[str]) -> str | None:
    """Move this process (and the processes it starts later) into a private network namespace
    whose loopback has every 127.x address except ``absent``, which are unreachable.

    Returns why not when nothing was changed (not Linux, no ``ip``, unshare refused); raises
    SesamAcceptError when the namespace was made but could not be set up.
    """
    why = isolation_unavailable()
    if why:
        return why
    uid, gid = os.getuid(), os.getgid()
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.unshare(CLONE_NEWNET | (0 if uid == 0 else CLONE_NEWUSER)) != 0:
        return f"no private network namespace here (unshare: {os.strerror(ctypes.get_errno())})"
    if uid != 0:  # be root inside the user namespace, which owns the new network namespace
        Path("/proc/self/setgroups").write_text("deny", encoding="ascii")
        Path("/proc/self/uid_map").write_text(f"0 {uid} 1", encoding="ascii")
        Path("/proc/self/gid_map").write_text(f"0 {gid} 1", encoding="ascii")
    _ip(["link", "set", "lo", "up"])
    _ip(["rule", "add", "pref", str(LOCAL_PREF), "table", "local"])
    _ip(["rule", "del", "pref", "0", "table", "local"])
    for address in absent:
        _ip(["rule", "add", "pref", str(RULE_PREF), "to", f"{address}/32", "unreachable"])
    return None


def _ip(args: list[str]) -> None:
    done = subprocess.run(["ip", *args], capture_output=True, text=True, timeout=10, check=False)
    if done.returncode != 0:
        raise SesamAcceptError(f"ip {' '.join(args)}: {done.stderr.strip()}")
