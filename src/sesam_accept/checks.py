"""One row of a host's plan (:class:`Check`) and the words every layer names checks with.

The check methods are the members of :class:`Method`; what each one probes, how its probe keys
are built, its verdict rule and where it can run are its spec in ``judge.methods.SPECS`` (the
registry). The values are the strings stored in results files, so old records still load.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any


class Word(str, Enum):
    """A fixed word stored as its string (in results files, probe keys, facts)."""

    def __str__(self) -> str:
        return str(self.value)

    def __format__(self, spec: str) -> str:
        return format(str(self.value), spec)


class Method(Word):
    """How a check is made; each has one spec in ``judge.methods.SPECS``."""

    FIREBIRD = "firebird"
    LISTENER_TCP = "listener-tcp"
    LISTENER_UDP = "listener-udp"
    UDP_SERVICE = "udp-service"
    RPC_EPM = "rpc-epm"
    RPC_CONNECT = "rpc-connect"
    RPC_LISTENER = "rpc-listener"
    COMMPARAM = "commparam"
    COMMPARAM_CONSISTENCY = "commparam-consistency"
    ISENET_QUERY = "isenet-query"
    ISENET_DATA = "isenet-data"
    ISENET_ADD = "isenet-add"
    ISENET_SEARCH = "isenet-search"
    ISENET_SEARCH_EXTRA = "isenet-search-extra"
    FLOW_ADMIN = "flow-admin"
    FLOW_PROCESS = "flow-process"
    DIAG_ISENET = "diag-isenet"
    TFTP = "tftp"
    TCP_CONNECT = "tcp-connect"
    MANUAL = "manual"
    READINESS_TCP = "readiness-tcp"  # upgrade readiness: a TCP path to a port nothing listens on


class Protocol(Word):
    """What a check (``Check.protocol``) or an evidence (``Evidence.protocol``) went over."""

    TCP = "tcp"
    UDP = "udp"
    ICMP = "icmp"
    FILE = "file"  # a CommParam.ini read
    LOCAL = "local"  # this machine's own socket table
    MANUAL = "manual"  # a person's confirmation
    FLOW = "flow"  # several probes in the vendor document's order


class ProbeKind(Word):
    """The kind of one probe; the first item of its :data:`ProbeKey`."""

    FIREBIRD = "firebird"  # Firebird op_connect
    LISTENER = "listener"  # a local listening socket
    TCP = "tcp"  # TCP connect, then close
    EPM = "epm"  # DCE/RPC bind to the endpoint mapper
    UDP = "udp"  # one datagram, any answer
    TFTP = "tftp"  # TFTP read request for a missing file
    DATA = "data"  # 41796/tcp: SesComm's live link, else connect+close
    ISENET = "isenet"  # ISENet F6/F4 query on 41797/udp (one shared socket)
    PING = "ping"  # ICMP echo (one shared socket)
    SEARCH = "search"  # the broadcast search (its result is ``Observations.search``)


#: The key of one probe in ``Observations.probes``: several checks may share one probe.
ProbeKey = tuple[Any, ...]


def probe_key(
    kind: ProbeKind,
    address: str | None = None,
    port: int | None = None,
    transport: Protocol | None = None,
) -> ProbeKey:
    """The key of a probe of ``kind``: the one spelling the engine stores and the judge reads."""
    if kind is ProbeKind.LISTENER:
        return (kind, port, transport)
    if kind in (ProbeKind.ISENET, ProbeKind.PING):
        return (kind, address)
    if kind is ProbeKind.SEARCH:
        return (kind,)
    return (kind, address, port)


@dataclass(frozen=True, kw_only=True)
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
    method: Method
    protocol: Protocol
    address: str | None = None
    port: int | None = None
    portable: bool = False  # can run from any host (a collected file, a manual confirmation)
    upgrade_to: str | None = None  # a readiness check: a path this later version will need

    @property
    def id(self) -> str:
        """The check id, e.g. ``FB-TCP[WS-01->SRV-DB:41800/tcp]``."""
        return f"{self.requirement}[{self.label}]"
