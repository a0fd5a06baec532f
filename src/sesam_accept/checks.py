"""One row of a host's plan: a requirement checked on one path."""

from __future__ import annotations

from dataclasses import dataclass

#: Every check method the plan makes (``plan.site_checks``); the judge has a rule for each.
METHODS = frozenset(
    {
        "firebird",
        "listener-tcp",
        "listener-udp",
        "udp-service",
        "rpc-epm",
        "rpc-connect",
        "rpc-listener",
        "commparam",
        "commparam-consistency",
        "isenet-query",
        "isenet-data",
        "isenet-add",
        "isenet-search",
        "isenet-search-extra",
        "flow-admin",
        "flow-process",
        "diag-isenet",
        "tftp",
        "tcp-connect",
        "manual",
        "readiness-tcp",  # upgrade readiness: a TCP path to a port nothing listens on yet
    }
)


@dataclass(frozen=True)
class Check:
    """A requirement checked from one source host towards one target.

    ``label`` is the readable part of the id, e.g. ``WS-01->SRV-DB:41800/tcp``; the full id is
    ``FB-TCP[WS-01->SRV-DB:41800/tcp]`` and is what waivers, confirmations, the report and
    ``pytest -k`` use.
    """

    requirement: str  # an ID of the catalog, e.g. "FB-TCP"
    source: str  # the host the check runs on
    target: str  # a host or ISENet name, "broadcast", or a file
    label: str
    method: str  # one of METHODS
    protocol: str  # tcp, udp, icmp, file, local, manual, flow
    address: str | None = None
    port: int | None = None
    portable: bool = False  # can run from any host (a collected file, a manual confirmation)
    upgrade_to: str | None = None  # a readiness check: a path this later version will need

    @property
    def id(self) -> str:
        """The check id, e.g. ``FB-TCP[WS-01->SRV-DB:41800/tcp]``."""
        return f"{self.requirement}[{self.label}]"
