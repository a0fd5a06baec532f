"""What the probes of one run saw, keyed by probe (see ``checks.probe_key``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..checks import ProbeKey
from ..results import ProbeResult
from ..site import Site


@dataclass
class Observations:
    """Everything the probes of one run saw, keyed by probe."""

    commparam: dict[str, ProbeResult] = field(default_factory=dict)  # host name -> file read
    probes: dict[ProbeKey, ProbeResult] = field(default_factory=dict)
    search: Any = None  # probes.isenet.SearchResult, when a search ran
    live: dict[str, ProbeResult] = field(default_factory=dict)  # ISENet -> SesComm's 41796 link


def rpc_port_of(site: Site, obs: Observations, host: str) -> int:
    """The RPC port ``host`` uses: from its CommParam.ini when read, else the expected one."""
    result = obs.commparam.get(host)
    if result is not None and result.is_open:
        return int(result.evidence.facts["port"])
    return site.ports.rpc
