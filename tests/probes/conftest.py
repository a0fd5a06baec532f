"""Real peers for the probe tests: loopback servers on 127.0.1.x, a network-namespace lab with
nftables rejects, a real Firebird 3 server and a real tftpd-hpa.

Everything here sends only to 127.0.1.0/24 or to the namespaces created here (prefix ``sa-a1-``),
and removes what it created, even when a test fails.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from sesam_accept.simulator.firebird_server import (
    FirebirdProcess,
    start_firebird,
    unavailable_reason,
)

from .peers import ADMIN, DROP, HOST_UNREACH, LOCAL_BLOCK, PROBE_NET, Lab, Tftpd, free_port


def _run(*command: str) -> None:
    subprocess.run(command, check=True, capture_output=True, timeout=20)


def lab_skip_reason() -> str | None:
    """Why the namespace lab cannot run here, or None."""
    if not sys.platform.startswith("linux"):
        return "network namespaces need Linux"
    if os.geteuid() != 0:
        return "the namespace lab needs root (ip netns, nft)"
    missing = [tool for tool in ("ip", "nft") if shutil.which(tool) is None]
    return f"missing tools: {', '.join(missing)}" if missing else None


def _nft_rules(lab: Lab) -> str:
    rules = [f"{proto} dport {DROP} drop" for proto in ("tcp", "udp")]
    for proto in ("tcp", "udp"):
        rules.append(f"{proto} dport {ADMIN} reject with icmp type admin-prohibited")
        rules.append(f"{proto} dport {HOST_UNREACH} reject with icmp type host-unreachable")
    rules.append(f"ip daddr {lab.quiet} icmp type echo-request drop")
    rules.append(
        f"ip daddr {lab.fenced} icmp type echo-request reject with icmp type admin-prohibited"
    )
    body = "\n".join(f"    {rule}" for rule in rules)
    return (
        "table inet sa_a1_lab {\n  chain input {\n"
        "    type filter hook input priority 0; policy accept;\n" + body + "\n  }\n"
        "  chain output {\n    type filter hook output priority 0; policy accept;\n"
        f"    meta l4proto {{ tcp, udp }} th dport {LOCAL_BLOCK} drop\n  }}\n}}\n"
    )


def _build_lab(lab: Lab, host_if: str, peer_if: str) -> None:
    ns = lab.namespace
    _run("ip", "netns", "add", ns)
    _run("ip", "link", "add", host_if, "type", "veth", "peer", "name", peer_if)
    _run("ip", "link", "set", peer_if, "netns", ns)
    _run("ip", "addr", "add", f"{lab.host}/24", "dev", host_if)
    _run("ip", "link", "set", host_if, "up")
    for address in (lab.peer, lab.quiet, lab.fenced):
        _run("ip", "-n", ns, "addr", "add", f"{address}/24", "dev", peer_if)
    _run("ip", "-n", ns, "link", "set", peer_if, "up")
    _run("ip", "-n", ns, "link", "set", "lo", "up")
    _run("ip", "netns", "exec", ns, "sysctl", "-qw", "net.ipv4.icmp_ratelimit=0")
    subprocess.run(
        ["ip", "netns", "exec", ns, "nft", "-f", "-"],
        input=_nft_rules(lab).encode(),
        check=True,
        capture_output=True,
        timeout=20,
    )


@pytest.fixture(scope="session")
def lab() -> Iterator[Lab]:
    """A namespace ``sa-a1-*`` at 10.201.N.2 with nft drop/reject rules (removed afterwards)."""
    reason = lab_skip_reason()
    if reason:
        pytest.skip(reason)
    tag = secrets.token_hex(2)
    net = f"10.201.{int(tag, 16) % 250 + 1}"
    the_lab = Lab(f"sa-a1-{tag}", f"{net}.1", f"{net}.2", f"{net}.4", f"{net}.3", f"{net}.5")
    try:
        _build_lab(the_lab, f"sa-a1-h{tag}", f"sa-a1-p{tag}")
        yield the_lab
    finally:
        subprocess.run(["ip", "netns", "del", the_lab.namespace], capture_output=True, timeout=20)
        subprocess.run(["ip", "link", "del", f"sa-a1-h{tag}"], capture_output=True, timeout=20)


# --- real servers ----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def firebird() -> Iterator[FirebirdProcess]:
    """A real Firebird 3 server on 127.0.1.20 (a free port), stopped after the session."""
    reason = unavailable_reason()
    if reason:
        pytest.skip(reason)
    address = f"{PROBE_NET}20"
    server = start_firebird(address, free_port(address))
    assert server is not None
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def tftpd() -> Iterator[Tftpd]:
    """A real ``in.tftpd`` (tftpd-hpa, foreground) on 127.0.1.30, serving an empty directory."""
    binary = shutil.which("in.tftpd") or "/usr/sbin/in.tftpd"
    if not Path(binary).exists():
        pytest.skip("in.tftpd missing (install Debian's tftpd-hpa)")
    address = f"{PROBE_NET}30"
    port = free_port(address, socket.SOCK_DGRAM)
    root = Path(tempfile.mkdtemp(prefix="sa-a1-tftp-"))
    root.chmod(0o755)
    process = subprocess.Popen(
        [binary, "-L", "-a", f"{address}:{port}", "-s", str(root)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        _wait_bound(address, port, process)
        yield Tftpd(address, port, root)
    finally:
        process.terminate()
        process.wait(5)
        shutil.rmtree(root, ignore_errors=True)


def _wait_bound(address: str, port: int, process: subprocess.Popen[bytes]) -> None:
    """Wait until ``address:port``/udp is taken (by the server), failing if it exits."""
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and process.poll() is None:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            try:
                probe.bind((address, port))
            except OSError:
                return
        time.sleep(0.05)
    stderr = process.stderr.read().decode() if process.stderr and process.poll() is not None else ""
    pytest.fail(f"in.tftpd did not bind {address}:{port}: {stderr}")
