"""Compare what a tool saw with the ground truth, port by port (41797/udp and 41796/tcp), and
our pings (an answering ISENet answers them; a silent one drops them; a rejecting one rejects).

Port states: ``open`` (positive answer), ``silent`` (no answer at all: a drop), ``rejected``
(a TCP reset or an ICMP unreachable/prohibited). A tool's state ``ambiguous`` (nmap's
``open|filtered``) is counted separately: it is neither right nor wrong, just not an answer.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

from topology import ANSWERING, SILENT, Device

PORTS = {"ISE-CMD": "41797/udp", "ISE-DATA": "41796/tcp"}
PING = "ping"  # ours only: nmap -Pn does not ping


def expected(device: Device) -> str:
    """The ground-truth state of both ports of ``device``."""
    if device.truth == ANSWERING:
        return "open"
    return "silent" if device.truth == SILENT else "rejected"


def ours(results_json: Path) -> dict[tuple[str, str], str]:
    """(ISENet name, port) -> state, from our JSON results' ISE-CMD / ISE-DATA checks, and
    (name, PING) from the ping step of its FLOW-PROCESS check."""
    doc = json.loads(results_json.read_text(encoding="utf-8"))
    found = {}
    for check in doc["checks"]:
        port = PORTS.get(check["requirement"])
        if check["requirement"] == "FLOW-PROCESS":
            for ev in check["evidence"]:
                if ev["method"] == "ping":
                    verdict = "pass" if ev["error_class"] is None else "fail"
                    found[(check["target"], PING)] = _our_state(verdict, ev["error_class"])
        if port is None or not check["evidence"]:
            continue
        error = check["evidence"][0]["error_class"]
        found[(check["target"], port)] = _our_state(check["verdict"], error)
    return found


def _our_state(verdict: str, error: str | None) -> str:
    if error is None:
        return "open" if verdict == "pass" else f"other({verdict})"
    if error == "timeout":
        return "silent"
    if any(word in error for word in ("refused", "prohibited", "unreachable")):
        return "rejected"
    return f"other({error})"


def nmap(xml_file: Path, devices: list[Device]) -> dict[tuple[str, str], str]:
    """(ISENet name, port) -> state, from nmap's ``-oX`` output."""
    by_address = {d.address: d.name for d in devices}
    found = {}
    root = ET.parse(xml_file).getroot()
    for host in root.iter("host"):
        address = host.find("address")
        name = by_address.get(address.get("addr", "") if address is not None else "")
        if name is None:
            continue
        for port in host.iter("port"):
            state = port.find("state")
            key = (name, f"{port.get('portid')}/{port.get('protocol')}")
            if state is not None:
                found[key] = _nmap_state(state.get("state", ""), state.get("reason", ""))
    return found


def _nmap_state(state: str, reason: str) -> str:
    """nmap's state (and its reason) as ours: closed and ICMP-filtered are both "rejected"."""
    if state == "filtered":
        return "silent" if reason == "no-response" else "rejected"
    return {"open": "open", "closed": "rejected", "open|filtered": "ambiguous"}.get(
        state, f"other({state})"
    )


def score(
    found: dict[tuple[str, str], str], devices: list[Device], ports: tuple[str, ...] = ()
) -> dict[str, int]:
    """Right / ambiguous / wrong / missing counts over every (device, port) (default: the two
    ISENet ports; pass ``(PING,)`` to score our pings)."""
    counts: Counter[str] = Counter()
    for dev in devices:
        for port in ports or tuple(PORTS.values()):
            got = found.get((dev.name, port))
            counts[_grade(got, expected(dev))] += 1
    return {k: counts[k] for k in ("right", "ambiguous", "wrong", "missing")}


def _grade(got: str | None, want: str) -> str:
    if got is None:
        return "missing"
    if got == "ambiguous":
        return "ambiguous"
    return "right" if got == want else "wrong"
