"""Network-namespace plumbing of the lab: namespaces, a bridged "switch", veth links, sysctls.

Everything happens inside namespaces whose names start with the lab's prefix; the host's root
namespace networking is never touched (veth pairs are created directly in the namespaces).
Every command has a timeout. Linux only (``ip``, ``nft``, root).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from collections.abc import Sequence

#: Upper bound of one ``ip``/``nft``/``sysctl`` command (seconds).
COMMAND_TIMEOUT = 15.0


def lab_unavailable() -> str | None:
    """Why the lab cannot run here, or None."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return "the network-namespace lab needs root on Linux"
    missing = [tool for tool in ("ip", "nft", "sysctl") if shutil.which(tool) is None]
    if missing:
        return f"the lab needs {', '.join(missing)} (Debian: iproute2, nftables, procps)"
    return None


def command(
    argv: Sequence[str], *, stdin: str | None = None, timeout: float = COMMAND_TIMEOUT
) -> str:
    """Run a system command; RuntimeError with its stderr if it fails."""
    done = subprocess.run(
        list(argv), input=stdin, capture_output=True, text=True, timeout=timeout, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed ({done.returncode}): {done.stderr.strip()}")
    return done.stdout


def in_ns(ns: str, argv: Sequence[str], *, stdin: str | None = None) -> str:
    """Run ``argv`` inside namespace ``ns``."""
    return command(["ip", "netns", "exec", ns, *argv], stdin=stdin)


def namespaces(prefix: str) -> list[str]:
    """The existing namespaces whose names start with ``prefix``."""
    out = command(["ip", "netns", "list"])
    names = [line.split()[0] for line in out.splitlines() if line.strip()]
    return [n for n in names if n.startswith(prefix)]


def remove_namespace(ns: str) -> None:
    """Kill what still runs in ``ns`` (only lab processes live there) and delete it."""
    try:
        pids = command(["ip", "netns", "pids", ns]).split()
    except RuntimeError:
        pids = []
    for pid in pids:
        try:
            os.kill(int(pid), signal.SIGKILL)
        except (ProcessLookupError, ValueError):
            continue
    subprocess.run(
        ["ip", "netns", "del", ns], capture_output=True, timeout=COMMAND_TIMEOUT, check=False
    )


def remove_namespaces(prefix: str) -> list[str]:
    """Remove every namespace starting with ``prefix`` (leftovers of a crashed run)."""
    names = namespaces(prefix)
    for ns in names:
        remove_namespace(ns)
    return names


def add_namespace(ns: str, *, forwarding: bool = False) -> None:
    """A namespace with loopback up, no ICMP rate limit and (only if asked) IP forwarding."""
    command(["ip", "netns", "add", ns])
    command(["ip", "-n", ns, "link", "set", "lo", "up"])
    settings = {"net.ipv4.icmp_ratelimit": "0", "net.ipv4.ip_forward": "1" if forwarding else "0"}
    in_ns(ns, ["sysctl", "-qw", *(f"{k}={v}" for k, v in settings.items())])


def add_bridge(switch: str, bridge: str) -> None:
    """A bridge (one broadcast domain) inside the switch namespace."""
    command(["ip", "-n", switch, "link", "add", bridge, "type", "bridge"])
    command(["ip", "-n", switch, "link", "set", bridge, "up"])


def plug(ns: str, ifname: str, switch: str, port: str, bridge: str, cidr: str) -> None:
    """A veth from ``ns`` (``ifname`` with ``cidr``) to ``port`` of ``bridge`` in the switch."""
    command(["ip", "-n", ns, "link", "add", ifname, "type", "veth", "peer", "name", port,
             "netns", switch])  # fmt: skip
    command(["ip", "-n", switch, "link", "set", port, "master", bridge, "up"])
    command(["ip", "-n", ns, "addr", "add", cidr, "brd", "+", "dev", ifname])  # with broadcast
    command(["ip", "-n", ns, "link", "set", ifname, "up"])


def default_route(ns: str, gateway: str) -> None:
    """Route everything from ``ns`` via ``gateway``."""
    command(["ip", "-n", ns, "route", "add", "default", "via", gateway])


def load_ruleset(ns: str, text: str) -> None:
    """Replace the lab's nftables table in ``ns`` with ``text`` (``nft -f -``)."""
    in_ns(ns, ["nft", "-f", "-"], stdin=text)
