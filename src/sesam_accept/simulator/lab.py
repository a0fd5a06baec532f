"""The network-namespace lab: a site's hosts and ISENets on a real (virtual) routed network.

Each host and each ISENet gets its own namespace, plugged into a bridge ("switch") that lives in
its own namespace; two subnets (hosts and the first ISENets in 10.77.1.0/24, the rest in
10.77.2.0/24) are joined by a router namespace (the only one with IP forwarding). Every host,
ISENet and the router has an nftables table for firewall faults (``lab_firewall``). Each node
runs ``python -m sesam_accept.simulator serve SITE --only NAME`` in its namespace.

:class:`Lab` always cleans up (``close()`` from ``__exit__`` and from ``atexit``), and removes
leftovers with its prefix from a crashed earlier run before it starts. Linux, root, ip, nft.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import re
import select
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from types import TracebackType

from ..errors import EnvironmentProblem
from ..loader import load_site
from ..site import Site
from . import lab_net as net
from .lab_firewall import FirewallRule, parse_rule, ruleset
from .lab_site import SUBNETS, Placement, place, write_lab_site

PREFIX = "sa-b-"
#: How long every node's simulator may take to print "ready" (a real Firebird takes seconds).
READY_TIMEOUT = 60.0


class Lab:
    """A site in network namespaces; use as a context manager."""

    def __init__(
        self,
        site: Site,
        workdir: Path,
        *,
        faults: Sequence[str] = (),
        firewall: Sequence[str] = (),
        prefix: str = PREFIX,
        split: int | None = None,
        serve_options: Sequence[str] = (),
        ready_timeout: float = READY_TIMEOUT,
    ) -> None:
        self.prefix, self.workdir = prefix, Path(workdir)
        self.placements = {p.name: p for p in place(site, split)}
        self.faults, self.serve_options = list(faults), list(serve_options)
        self.ready_timeout = ready_timeout
        self.rules = self._parse_rules(firewall)
        self.site_file = self.workdir / "lab-site.yaml"
        self.site: Site = site
        self.switch, self.router = f"{prefix}sw", f"{prefix}rt"
        self.processes: dict[str, subprocess.Popen[bytes]] = {}
        self._started = False
        self._old_sigterm: signal.Handlers | None = None

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self) -> None:
        """Build the network, load the firewall, start every node's simulator; clean up on error."""
        reason = net.lab_unavailable()
        if reason is not None:
            raise EnvironmentProblem(reason)
        net.remove_namespaces(self.prefix)
        self._started = True
        atexit.register(self.close)
        self._exit_on_sigterm()
        try:
            self.workdir.mkdir(parents=True, exist_ok=True)
            self.site = load_site(write_lab_site(self.site, list(self.placements.values()),
                                                 self.site_file))  # fmt: skip
            self._build_network()
            self._load_firewall()
            self._start_services()
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        """Stop every simulator process and remove every namespace of the lab."""
        for proc in self.processes.values():
            _stop_process(proc)
        self.processes.clear()
        if self._started:
            net.remove_namespaces(self.prefix)
            self._started = False
        atexit.unregister(self.close)
        if self._old_sigterm is not None:
            signal.signal(signal.SIGTERM, self._old_sigterm)
            self._old_sigterm = None

    def __enter__(self) -> Lab:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _exit_on_sigterm(self) -> None:
        """Turn SIGTERM into SystemExit (so ``__exit__`` cleans up) if nobody else handles it."""
        in_main = threading.current_thread() is threading.main_thread()
        if in_main and signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
            signal.signal(signal.SIGTERM, _raise_system_exit)
            self._old_sigterm = signal.SIG_DFL

    # -- using the lab -----------------------------------------------------------------------

    def namespace(self, name: str) -> str:
        """The namespace of host or ISENet ``name``."""
        placement = self.placements[name]
        slug = re.sub(r"[^a-z0-9-]", "-", name.lower())
        return f"{self.prefix}{placement.kind[0]}-{slug}"

    def address(self, name: str) -> str:
        """The lab address of host or ISENet ``name``."""
        return self.placements[name].address

    def run(
        self, host_name: str, argv: Sequence[str], timeout: float = 60.0
    ) -> subprocess.CompletedProcess[str]:
        """Run ``argv`` inside the namespace of ``host_name`` (text output captured)."""
        return subprocess.run(
            ["ip", "netns", "exec", self.namespace(host_name), *argv],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    def set_firewall(self, specs: Iterable[str]) -> None:
        """Replace every firewall fault (an empty list opens everything again)."""
        self.rules = self._parse_rules(specs)
        self._load_firewall()

    # -- building ----------------------------------------------------------------------------

    def _parse_rules(self, specs: Iterable[str]) -> list[FirewallRule]:
        return [parse_rule(spec, self.placements) for spec in specs]

    def _build_network(self) -> None:
        net.add_namespace(self.switch)
        net.add_namespace(self.router, forwarding=True)
        for n, subnet in enumerate(SUBNETS, start=1):
            net.add_bridge(self.switch, f"br{n}")
            net.plug(self.router, f"eth{n}", self.switch, f"rt{n}", f"br{n}", f"{subnet}.1/24")
        for n, placement in enumerate(self.placements.values()):
            ns = self.namespace(placement.name)
            net.add_namespace(ns)
            bridge = f"br{placement.subnet + 1}"
            net.plug(ns, "eth0", self.switch, f"p{n}", bridge, placement.cidr)
            net.default_route(ns, placement.gateway)

    def _load_firewall(self) -> None:
        addresses = {name: p.address for name, p in self.placements.items()}
        for name in self.placements:
            own = [r for r in self.rules if r.target == name and not r.in_router]
            net.load_ruleset(self.namespace(name), ruleset(own, addresses, router=False))
        routed = [r for r in self.rules if r.in_router]
        net.load_ruleset(self.router, ruleset(routed, addresses, router=True))

    def _start_services(self) -> None:
        for name in self.placements:
            self.processes[name] = self._spawn(name)
        deadline = time.monotonic() + self.ready_timeout
        for name, proc in self.processes.items():
            _wait_ready(name, proc, deadline, self.workdir / f"{name}.log")

    def _spawn(self, name: str) -> subprocess.Popen[bytes]:
        argv = [sys.executable, "-m", "sesam_accept.simulator", "serve", str(self.site_file)]
        argv += ["--only", name, *self.serve_options]
        for fault in self.faults:
            argv += ["--fault", fault]
        log = (self.workdir / f"{name}.log").open("w", encoding="utf-8")
        with log:
            return subprocess.Popen(
                ["ip", "netns", "exec", self.namespace(name), *argv],
                stdout=subprocess.PIPE,
                stderr=log,
                start_new_session=True,
            )


def _raise_system_exit(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)


def _wait_ready(name: str, proc: subprocess.Popen[bytes], deadline: float, log: Path) -> None:
    """Read ``proc``'s output until it prints "ready"; EnvironmentProblem on exit or timeout.

    Reads the pipe's file descriptor directly: a buffered reader could hold the "ready" line
    while ``select`` waits for more.
    """
    assert proc.stdout is not None
    fd, seen = proc.stdout.fileno(), b""
    while b"ready\n" not in seen.replace(b"\r\n", b"\n"):
        remaining = deadline - time.monotonic()
        readable, _, _ = select.select([fd], [], [], max(remaining, 0))
        if not readable:
            raise EnvironmentProblem(
                f"the lab's simulator for {name} was not ready in time ({log})"
            )
        chunk = os.read(fd, 4096)
        if not chunk:
            text = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise EnvironmentProblem(f"the lab's simulator for {name} exited: {text}")
        seen += chunk


def _stop_process(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM (the simulator stops cleanly), then SIGKILL after 5 s."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
    if proc.stdout is not None:
        with contextlib.suppress(OSError):
            proc.stdout.close()


__all__ = ["PREFIX", "Lab", "Placement"]
