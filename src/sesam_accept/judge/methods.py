"""The registry of check methods: one typed spec per :class:`~sesam_accept.checks.Method`.

Every layer takes a method's facts from here: the plan (the requirements it checks and in which
shape: its ``uses``; its protocol, where it can run), the engine (which probes it needs, under
which keys), the judge (its rule, the same keys), upgrade readiness and the suites (``Method``
names). See docs/architecture.md "How to add a check method".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import Enum

from ..catalog import requirement
from ..checks import Check, Method, ProbeKey, ProbeKind, Protocol, probe_key
from ..results import CheckResult
from ..site import Host, Site
from . import isenet, readiness, rules
from .base import JudgeBase
from .observations import Observations, rpc_port_of

Rule = Callable[[JudgeBase, Check], CheckResult]


class Port(Enum):
    """Where the port a method probes comes from."""

    CHECK = "check"  # the check's own port (from the site file's ports)
    RPC = "rpc"  # the RPC port in the source host's CommParam.ini when read, else the site's
    READINESS = "readiness"  # RPC for a requirement on the RPC port, else the check's


class Runs(Enum):
    """Where a method's check can run (``Check.portable``)."""

    SOURCE = "source"  # only on its source host: it probes that host's paths or sockets
    ANYWHERE = "anywhere"  # from any host or OS: it reads no network (a confirmation, the files)
    WITH_COPY = "with-copy"  # anywhere when the source's CommParam.ini is readable anywhere


class Shape(Enum):
    """How the plan lays out the checks of one :class:`Use`. Within a requirement the plan makes
    them shape by shape in this order; the uses of one shape go together, per source and target
    in the order of ``SPECS`` (ISE-TFTP: TFTP, then TCP connect, on each path)."""

    PATHS = "paths"  # from each node of the source role to each of the target role
    LISTENER = "listener"  # the (first) target-role host's own socket table: it listens there
    OWN_FILE = "own-file"  # each source-role host's own file (its CommParam.ini)
    ALL = "all"  # one check of all source-role hosts together, carried by the COMM host's run
    UNEXPECTED = "unexpected"  # what answers without being in the site file, from the COMM host
    CONFIRMED = "confirmed"  # a person's word per target-role node, carried by the COMM host's run


#: The label pattern of a shape's checks, unless the :class:`Use` names its own. Fields:
#: ``{source}``, ``{target}``, ``{port}``, ``{protocol}`` and ``{transport}`` (the method's).
LABELS: Mapping[Shape, str] = {
    Shape.PATHS: "{source}->{target}:{port}/{protocol}",
    Shape.LISTENER: "{source} listens {port}/{transport}",
    Shape.OWN_FILE: "{source} CommParam.ini",
    Shape.ALL: "all SW hosts",
    Shape.UNEXPECTED: "{source}->broadcast: unexpected devices",
    Shape.CONFIRMED: "{target}",
}
#: The label of a flow's paths: a flow goes over several ports.
FLOW_LABEL = "{source}->{target}"


@dataclass(frozen=True)
class Use:
    """One requirement a method checks, and how the plan makes those checks (its shape).

    The hosts come from the requirement's catalog roles, the port from its ``port_key``, or
    from requirement ``port_of``'s: such a use applies only where ``port_of`` applies too (the
    RPC path DIAG-COMM tests is RPC-MS's or RPC-TCP's, by the software version)."""

    requirement: str  # a catalog ID
    shape: Shape = Shape.PATHS
    label: str | None = None  # the label pattern; None: the shape's (``LABELS``)
    port_of: str | None = None  # a catalog ID whose port this use checks

    @property
    def pattern(self) -> str:
        """The pattern of its checks' labels (fields as in ``LABELS``)."""
        return LABELS[self.shape] if self.label is None else self.label


@dataclass(frozen=True, kw_only=True)
class MethodSpec:
    """What one check method is: the one definition plan, engine and judge take from."""

    method: Method
    what: str  # what it probes, for the reader of this table
    protocol: Protocol  # ``Check.protocol`` of its checks
    probes: tuple[ProbeKind, ...]  # the probes the engine runs for it (its keys: key_of)
    rule: Rule  # its verdict rule
    runs: Runs = Runs.SOURCE
    port: Port = Port.CHECK
    transport: Protocol = Protocol.TCP  # the transport of a listener probe
    uses: tuple[Use, ...] = ()  # the requirements the plan checks with it (none: upgrade only)

    def portable(self, source: Host) -> bool:
        """Whether its check from ``source`` can run on any host (``Check.portable``)."""
        if self.runs is Runs.WITH_COPY:
            return source.commparam is not None and source.commparam.readable_anywhere
        return self.runs is Runs.ANYWHERE


#: Every check method, each with its one spec.
SPECS: Mapping[Method, MethodSpec] = {
    spec.method: spec
    for spec in (
        MethodSpec(
            method=Method.FIREBIRD,
            what="Firebird op_connect to the DB host",
            protocol=Protocol.TCP,
            probes=(ProbeKind.FIREBIRD,),
            rule=rules.firebird,
            uses=(Use("FB-TCP"),),
        ),
        MethodSpec(
            method=Method.LISTENER_TCP,
            what="a local TCP listener of the source host",
            protocol=Protocol.LOCAL,
            probes=(ProbeKind.LISTENER,),
            rule=rules.listener,
            uses=(Use("FB-TCP", Shape.LISTENER),),
        ),
        MethodSpec(
            method=Method.LISTENER_UDP,
            what="a local UDP socket of the source host",
            protocol=Protocol.LOCAL,
            probes=(ProbeKind.LISTENER,),
            rule=rules.listener,
            transport=Protocol.UDP,
            uses=(Use("FB-PWD", Shape.LISTENER),),
        ),
        MethodSpec(
            method=Method.UDP_SERVICE,
            what="one UDP datagram to a service without a documented answer",
            protocol=Protocol.UDP,
            probes=(ProbeKind.UDP,),
            rule=rules.udp_service,
            uses=(Use("FB-PWD"), Use("ISE-DEBUG")),
        ),
        MethodSpec(
            method=Method.RPC_EPM,
            what="DCE/RPC bind to the endpoint mapper of the COMM host",
            protocol=Protocol.TCP,
            probes=(ProbeKind.EPM,),
            rule=rules.rpc_epm,
            uses=(Use("RPC-MS"), Use("DIAG-COMM", port_of="RPC-MS")),
        ),
        MethodSpec(
            method=Method.RPC_CONNECT,
            what="TCP connect to the RPC port the source's CommParam.ini names",
            protocol=Protocol.TCP,
            probes=(ProbeKind.TCP,),
            rule=rules.rpc_connect,
            port=Port.RPC,
            uses=(Use("RPC-TCP"), Use("DIAG-COMM", port_of="RPC-TCP")),
        ),
        MethodSpec(
            method=Method.RPC_LISTENER,
            what="the COMM host listens on the RPC port its CommParam.ini names",
            protocol=Protocol.LOCAL,
            probes=(ProbeKind.LISTENER,),
            rule=rules.listener,
            port=Port.RPC,
            uses=(Use("RPC-TCP", Shape.LISTENER),),
        ),
        MethodSpec(
            method=Method.COMMPARAM,
            what="the RPC port in one SW host's CommParam.ini",
            protocol=Protocol.FILE,
            probes=(),  # the engine reads every readable CommParam.ini once
            rule=rules.commparam,
            runs=Runs.WITH_COPY,
            uses=(Use("RPC-INI", Shape.OWN_FILE),),
        ),
        MethodSpec(
            method=Method.COMMPARAM_CONSISTENCY,
            what="the same RPC port in every SW host's CommParam.ini",
            protocol=Protocol.FILE,
            probes=(),
            rule=rules.commparam_consistency,
            runs=Runs.ANYWHERE,
            uses=(Use("RPC-INI", Shape.ALL),),
        ),
        MethodSpec(
            method=Method.ISENET_QUERY,
            what="ISENet F6/F4 query on the command port",
            protocol=Protocol.UDP,
            probes=(ProbeKind.ISENET,),
            rule=isenet.isenet_query,
            uses=(Use("ISE-CMD"),),
        ),
        MethodSpec(
            method=Method.ISENET_DATA,
            what="the ISENet data port: SesComm's live link, else connect and close",
            protocol=Protocol.TCP,
            probes=(ProbeKind.DATA,),
            rule=isenet.isenet_data,
            uses=(Use("ISE-DATA"),),
        ),
        MethodSpec(
            method=Method.ISENET_ADD,
            what="the ISENet query answers with the serial of the site file",
            protocol=Protocol.UDP,
            probes=(ProbeKind.ISENET,),
            rule=isenet.isenet_add,
            uses=(Use("FLOW-ADD", label=FLOW_LABEL),),
        ),
        MethodSpec(
            method=Method.ISENET_SEARCH,
            what="one ISENet answers the broadcast search",
            protocol=Protocol.UDP,
            probes=(ProbeKind.SEARCH,),
            rule=isenet.isenet_search,
            uses=(Use("FLOW-SEARCH", label="{source}->{target} by broadcast"),),
        ),
        MethodSpec(
            method=Method.ISENET_SEARCH_EXTRA,
            what="devices the site file does not list answer the broadcast search",
            protocol=Protocol.UDP,
            probes=(ProbeKind.SEARCH,),
            rule=isenet.isenet_search_extra,
            uses=(Use("FLOW-SEARCH", Shape.UNEXPECTED),),
        ),
        MethodSpec(
            method=Method.FLOW_ADMIN,
            what="the document's admin flow: query, ping, data port",
            protocol=Protocol.FLOW,
            probes=isenet.FLOW_ADMIN,
            rule=isenet.flow_admin,
            uses=(Use("FLOW-ADMIN", label=FLOW_LABEL),),
        ),
        MethodSpec(
            method=Method.FLOW_PROCESS,
            what="the document's process flow: ping, data port",
            protocol=Protocol.FLOW,
            probes=isenet.FLOW_PROCESS,
            rule=isenet.flow_process,
            uses=(Use("FLOW-PROCESS", label=FLOW_LABEL),),
        ),
        MethodSpec(
            method=Method.DIAG_ISENET,
            what="the document's three layers: ping, query, data port",
            protocol=Protocol.FLOW,
            probes=isenet.DIAG_ISENET,
            rule=isenet.diag_isenet,
            uses=(Use("DIAG-ISENET", label=FLOW_LABEL),),
        ),
        MethodSpec(
            method=Method.TFTP,
            what="TFTP read request for a missing file",
            protocol=Protocol.UDP,
            probes=(ProbeKind.TFTP,),
            rule=rules.tftp,
            uses=(Use("ISE-TFTP"),),
        ),
        MethodSpec(
            method=Method.TCP_CONNECT,
            what="TCP connect, then close",
            protocol=Protocol.TCP,
            probes=(ProbeKind.TCP,),
            rule=rules.tcp_connect,
            uses=(Use("ISE-TFTP"),),
        ),
        MethodSpec(
            method=Method.MANUAL,
            what="nothing: a person confirms it in the site file",
            protocol=Protocol.MANUAL,
            probes=(),
            rule=rules.manual,
            runs=Runs.ANYWHERE,
            uses=(Use("DIAG-JP1", Shape.CONFIRMED),),
        ),
        MethodSpec(
            method=Method.READINESS_TCP,
            what="upgrade readiness: TCP connect to a port nothing listens on yet",
            protocol=Protocol.TCP,
            probes=(ProbeKind.TCP,),
            rule=readiness.readiness_tcp,
            port=Port.READINESS,
        ),
    )
}


def spec(method: Method | str) -> MethodSpec:
    """The spec of ``method`` (a ``Method`` or its value: a str Enum member equals its value);
    ValueError names an unknown one and the known ones."""
    try:
        return SPECS[method]  # type: ignore[index]
    except KeyError:
        known = ", ".join(sorted(m.value for m in Method))
        raise ValueError(f"no check method {method!r}; known: {known}") from None


def uses_of(req: str) -> list[tuple[Use, MethodSpec]]:
    """The uses of requirement ``req``, each with its method's spec, in ``SPECS`` order."""
    return [(use, s) for s in SPECS.values() for use in s.uses if use.requirement == req]


def probe_port(check: Check, site: Site, obs: Observations, source: str) -> int | None:
    """The port the probes of ``check`` go to, run as ``source`` (the one place that decides
    it: the engine probes it, the judge reads and names it)."""
    how = spec(check.method).port
    rpc = how is Port.RPC or (
        how is Port.READINESS and requirement(check.requirement).port_key == "rpc"
    )
    return rpc_port_of(site, obs, source) if rpc else check.port


def key_of(check: Check, kind: ProbeKind, site: Site, obs: Observations, source: str) -> ProbeKey:
    """The key of the probe of ``kind`` for ``check``: the engine stores it under this key and
    the judge reads it from there."""
    port = (
        site.ports.isenet_data if kind is ProbeKind.DATA else probe_port(check, site, obs, source)
    )
    return probe_key(kind, check.address, port, spec(check.method).transport)


def probe_keys(check: Check, site: Site, obs: Observations, source: str) -> list[ProbeKey]:
    """The keys of every probe ``check`` needs (its spec's ``probes``)."""
    return [key_of(check, kind, site, obs, source) for kind in spec(check.method).probes]


def dispatch(j: JudgeBase, check: Check) -> CheckResult:
    """The verdict of ``check`` by its method's rule, before the shared rules of ``Judge``."""
    return spec(check.method).rule(j, check)
