"""The benchmark's simulated site in network namespaces: one COMM host, one DB host, N ISENets.

Layout (all namespaces start with ``sa-bench-``; the root namespace is never touched):

- ``sa-bench-sw``: a bridge ``br0`` (the site's LAN, 10.78.0.0/24);
- ``sa-bench-comm``: SRV-COMM at 10.78.0.2 (the host the benchmark runs as), with a route to each
  field subnet via that field namespace;
- ``sa-bench-db``: SRV-DB at 10.78.0.3 (Firebird stand-in, silent password service);
- ``sa-bench-fK`` (K = 1..): a "field" namespace at 10.78.0.(10+K) holding up to 250 ISENets as
  addresses 10.78.K.1-250/24 (routed, so SRV-COMM needs one neighbour entry per field, not one
  per device), played by one ``python -m sesam_accept.simulator serve`` process.

Ground truth per ISENet (deterministic, by index): 20 % "silent" (an nftables set in the field
namespace drops everything to the address), 10 % "rejecting" (TCP answered with a reset, UDP and
ICMP with admin-prohibited, every other one port-unreachable), the rest "answering".
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from sesam_accept.simulator import lab_net as net
from sesam_accept.simulator.lab import _stop_process, _wait_ready

PREFIX = "sa-bench-"
PER_FIELD = 250
COMM, DB = "SRV-COMM", "SRV-DB"
COMM_ADDR, DB_ADDR = "10.78.0.2", "10.78.0.3"
SILENT, REJECTING, ANSWERING = "silent", "rejecting", "answering"


def ground_truth(index: int) -> str:
    """The state of ISENet number ``index`` (0-based): 2 of 10 silent, 1 of 10 rejecting."""
    slot = index % 10
    if slot in (3, 7):
        return SILENT
    if slot == 5:
        return REJECTING
    return ANSWERING


@dataclass(frozen=True)
class Device:
    """One simulated ISENet of the benchmark."""

    name: str
    address: str
    field: int  # 1-based field namespace number
    truth: str  # answering | silent | rejecting
    icmp_type: str  # what a UDP/ICMP reject answers (only for rejecting devices)


def devices(count: int) -> list[Device]:
    """The ``count`` ISENets of the benchmark site with their ground truth."""
    found = []
    for n in range(count):
        fld, host = divmod(n, PER_FIELD)
        icmp = "admin-prohibited" if (n // 10) % 2 == 0 else "port-unreachable"
        found.append(
            Device(
                f"ISE-{n + 1:04d}", f"10.78.{fld + 1}.{host + 1}", fld + 1, ground_truth(n), icmp
            )
        )
    return found


def site_document(devs: list[Device], timeout: float, retries: int) -> dict[str, object]:
    """The site file of the benchmark (YAML document)."""
    return {
        "site": {
            "name": f"Bench {len(devs)}",
            "customer": "Benchmark",
            "software_version": "2.3-1",
            "language": "en",
            "engineer": "Bench",
        },
        "hosts": [
            {
                "name": DB,
                "addresses": [f"{DB_ADDR}/24"],
                "roles": ["db"],
                "sesam_software": True,
                "commparam": {"path": f"collected/{DB}/CommParam.ini"},
            },
            {
                "name": COMM,
                "addresses": [f"{COMM_ADDR}/24"],
                "roles": ["comm"],
                "commparam": {"path": f"collected/{COMM}/CommParam.ini"},
            },
        ],
        "isenets": [
            {
                "name": d.name,
                "address": d.address,
                "mac": _mac(n),
                "serial": str(1000 + n),
                "firmware": "6.5.0.7",
            }
            for n, d in enumerate(devs)
        ],
        "timing": {"timeout": timeout, "retries": retries},
    }


def _mac(n: int) -> str:
    return "00:20:4A:" + ":".join(f"{(n >> shift) & 0xFF:02X}" for shift in (16, 8, 0))


def field_ruleset(devs: list[Device]) -> str:
    """The nftables table of one field namespace: drop the silent, reject the rejecting, and
    drop SRV-COMM's broadcasts (the field namespace plays the router in front of its subnet)."""
    sets = {
        "silent": [d.address for d in devs if d.truth == SILENT],
        "rej_admin": [d.address for d in devs if d.truth == REJECTING
                      and d.icmp_type == "admin-prohibited"],
        "rej_port": [d.address for d in devs if d.truth == REJECTING
                     and d.icmp_type == "port-unreachable"],
    }  # fmt: skip
    lines = ["table ip sa_bench", "delete table ip sa_bench", "table ip sa_bench {"]
    for name, members in sets.items():
        elements = f" elements = {{ {', '.join(members)} }};" if members else ""
        lines.append(f"  set {name} {{ type ipv4_addr;{elements} }}")
    lines += [
        "  chain input {",
        "    type filter hook input priority 0; policy accept;",
        # The field is a routed subnet: a router does not pass on SRV-COMM's broadcasts, so its
        # ISENets never hear the search (FLOW-SEARCH is 'not applicable' for them).
        "    ip daddr { 10.78.0.255, 255.255.255.255 } drop",
        "    ip daddr @silent drop",
        "    ip daddr @rej_admin meta l4proto tcp reject with tcp reset",
        "    ip daddr @rej_admin reject with icmp type admin-prohibited",
        "    ip daddr @rej_port meta l4proto tcp reject with tcp reset",
        "    ip daddr @rej_port reject with icmp type port-unreachable",
        "  }",
        "}",
        "",
    ]
    return "\n".join(lines)


@dataclass
class BenchSite:
    """The namespaces and simulator processes of one benchmark site; a context manager."""

    count: int
    workdir: Path
    timeout: float = 1.0
    retries: int = 1
    devs: list[Device] = field(default_factory=list)
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    site_file: Path = Path()

    @property
    def fields(self) -> int:
        """How many field namespaces the site needs."""
        return (self.count + PER_FIELD - 1) // PER_FIELD

    def __enter__(self) -> BenchSite:
        try:
            self.start()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def start(self) -> None:
        """Build the network, load the firewalls, start the simulators, wait until ready."""
        reason = net.lab_unavailable()
        if reason is not None:
            raise RuntimeError(reason)
        net.remove_namespaces(PREFIX)
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.devs = devices(self.count)
        self.site_file = self.workdir / "bench-site.yaml"
        doc = site_document(self.devs, self.timeout, self.retries)
        self.site_file.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
        self._build()
        self._start_simulators()

    def close(self) -> None:
        """Stop every simulator and delete every ``sa-bench-`` namespace."""
        for proc in self.processes.values():
            _stop_process(proc)
        self.processes.clear()
        net.remove_namespaces(PREFIX)

    def ns(self, name: str) -> str:
        """The namespace called ``sa-bench-<name>``."""
        return f"{PREFIX}{name}"

    def _build(self) -> None:
        sw = self.ns("sw")
        net.add_namespace(sw)
        net.add_bridge(sw, "br0")
        nodes = [("comm", f"{COMM_ADDR}/24"), ("db", f"{DB_ADDR}/24")]
        nodes += [(f"f{k}", f"10.78.0.{10 + k}/24") for k in range(1, self.fields + 1)]
        for n, (name, cidr) in enumerate(nodes):
            net.add_namespace(self.ns(name))
            net.plug(self.ns(name), "eth0", sw, f"p{n}", "br0", cidr)
        for k in range(1, self.fields + 1):
            net.command(["ip", "-n", self.ns("comm"), "route", "add", f"10.78.{k}.0/24",
                         "via", f"10.78.0.{10 + k}"])  # fmt: skip
            mine = [d for d in self.devs if d.field == k]
            batch = "".join(f"addr add {d.address}/24 brd + dev eth0\n" for d in mine)
            net.command(["ip", "-n", self.ns(f"f{k}"), "-batch", "-"], stdin=batch)
            net.load_ruleset(self.ns(f"f{k}"), field_ruleset(mine))

    def _start_simulators(self) -> None:
        groups = {"db": [DB], "comm": [COMM]}
        for k in range(1, self.fields + 1):
            groups[f"f{k}"] = [d.name for d in self.devs if d.field == k]
        for ns, names in groups.items():
            self.processes[ns] = self._spawn(ns, names)
        deadline = time.monotonic() + 60.0
        for ns, proc in self.processes.items():
            _wait_ready(ns, proc, deadline, self.workdir / f"sim-{ns}.log")

    def _spawn(self, ns: str, names: list[str]) -> subprocess.Popen[bytes]:
        argv = [sys.executable, "-m", "sesam_accept.simulator", "serve", str(self.site_file)]
        argv += ["--firebird", "standin"]
        for name in names:
            argv += ["--only", name]
        with (self.workdir / f"sim-{ns}.log").open("w", encoding="utf-8") as log:
            return subprocess.Popen(
                ["ip", "netns", "exec", self.ns(ns), *argv],
                stdout=subprocess.PIPE,
                stderr=log,
                start_new_session=True,
                env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
            )
