"""The plan: which checks a site needs, and which of them a given source host runs.

Every network requirement is a path from a host to a host; a run on one host checks the paths
that start there plus what is visible locally. :func:`site_checks` lists every check of the
site; :func:`plan_for` splits them for one source host.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .catalog import CATALOG, SIGNOFF, requirement
from .checks import Check, Method
from .errors import ConfigError
from .judge import SPECS
from .results import Inapplicable, SignoffItem
from .site import Host, ISENet, Site
from .texts import Said, say
from .version import FIRST_FLOWS, SoftwareVersion


@dataclass(frozen=True)
class Plan:
    """The checks one source host runs, the ones that must run elsewhere, and what is n/a."""

    site: Site
    source: Host
    checks: tuple[Check, ...]
    elsewhere: tuple[Check, ...]
    not_applicable: tuple[Inapplicable, ...]
    upgrade_to: SoftwareVersion | None = None  # a readiness run for this later version

    @property
    def all_checks(self) -> tuple[Check, ...]:
        """Checks run here followed by the ones to run elsewhere."""
        return self.checks + self.elsewhere


def plan_for(site: Site, source: str, local_networks: Iterable[str] = ()) -> Plan:
    """The plan of the host called ``source``.

    ``local_networks`` are the CIDR networks of the machine's own interfaces (when the run is on
    that host); together with the prefixes in the site file they tell which ISENets a broadcast
    search can reach.
    """
    host = site.host(source)
    comm = site.comm_host
    networks = comm.networks
    if comm.name == source:
        networks += tuple(_own_networks(comm, local_networks))
    here: list[Check] = []
    elsewhere: list[Check] = []
    skipped = list(not_applicable(site))
    for check in site_checks(site):
        if check.requirement == "FLOW-SEARCH" and _outside(site, check, networks):
            reason = _outside_reason(site, check)
            skipped.append(Inapplicable(check.requirement, reason, check.id, check.target))
        elif check.source == source or check.portable:
            here.append(check)
        else:
            elsewhere.append(check)
    return Plan(site, host, tuple(here), tuple(elsewhere), tuple(skipped))


def not_applicable(site: Site) -> Iterator[Inapplicable]:
    """Requirements that do not apply to this site, with the reason."""
    version = site.software_version
    if site.uses_ms_rpc:
        yield Inapplicable("RPC-TCP", say("na.rpc_tcp", version=str(version)))
        yield Inapplicable("RPC-INI", say("na.rpc_ini", version=str(version)))
    else:
        yield Inapplicable("RPC-MS", say("na.rpc_ms", version=str(version), port=site.ports.rpc))
    if version < FIRST_FLOWS:
        for req in (r.id for r in CATALOG.values() if r.section == "flows"):
            yield Inapplicable(req, say("na.flows", version=str(version), first=str(FIRST_FLOWS)))
    for rare in (r for r in CATALOG.values() if r.rare):
        if not getattr(site.rare, str(rare.port_key)):
            yield Inapplicable(rare.id, say("na.rare", key=str(rare.port_key)))


def site_checks(site: Site) -> list[Check]:
    """Every check of the whole site, in catalog order."""
    applicable = {na.requirement for na in not_applicable(site)}
    checks = [*_firebird(site), *_rpc(site), *_isenet(site), *_flows(site), *_manual(site)]
    return [c for c in checks if c.requirement not in applicable]


def signoff_items(site: Site) -> tuple[SignoffItem, ...]:
    """What the document asks of this site that no probe proves (``catalog.SIGNOFF``), with
    the hosts or ISENets each line is asked for: the report's sign-off checklist."""
    subjects = {
        "sw": tuple(h.name for h in site.sw_hosts),
        "isenet": tuple(i.name for i in site.isenets),
        "comm": (site.comm_host.name,),
        "site": (),
    }
    return tuple(
        SignoffItem(s.id, subjects[s.per])
        for s in SIGNOFF.values()
        if (site.uses_ms_rpc or not s.ms_rpc_only) and (s.per == "site" or subjects[s.per])
    )


def detect_source(site: Site, local_addresses: Iterable[str]) -> Host:
    """The host of the site whose address this machine has; a clear error otherwise."""
    mine = set(local_addresses)
    matches = [h for h in site.hosts if mine.intersection(h.addresses)]
    listing = ", ".join(f"{h.name} ({', '.join(h.addresses)})" for h in site.hosts)
    if not matches:
        raise ConfigError(
            "this machine has none of the site's host addresses; name the host with --as "
            f"NAME. Hosts: {listing}"
        )
    if len(matches) > 1:
        names = ", ".join(h.name for h in matches)
        raise ConfigError(f"this machine has addresses of several hosts ({names}); use --as NAME")
    return matches[0]


# -- check generators: the catalog says who talks to whom on which port, the registry how --


Node = Host | ISENet


def _role(site: Site, role: str) -> tuple[Node, ...]:
    """The hosts or ISENets of a catalog role (``Requirement.source_role`` / ``target_role``)."""
    nodes: dict[str, tuple[Node, ...]] = {
        "sw": site.sw_hosts,
        "db": (site.db_host,),
        "comm": (site.comm_host,),
        "isenet": site.isenets,
    }
    return nodes[role]


def _port(site: Site, req: str) -> int | None:
    """The site's port of a requirement (its catalog ``port_key``), None for one without."""
    key = requirement(req).port_key
    return None if key is None else int(getattr(site.ports, key))


def _paths(
    site: Site,
    req: str,
    methods: tuple[Method, ...],
    label: str = "{source}->{target}:{port}/{protocol}",
    port_of: str | None = None,
) -> Iterator[Check]:
    """A check of each method on every path of ``req``: from each host of its source role to
    each of its target role, on its port (or the port of requirement ``port_of``)."""
    r, port = requirement(req), _port(site, port_of or req)
    for source in _role(site, r.source_role):
        for target in _role(site, r.target_role):
            for method in methods:
                spec = SPECS[method]
                protocol = spec.protocol
                yield Check(
                    requirement=req,
                    source=source.name,
                    target=target.name,
                    label=label.format(
                        source=source.name, target=target.name, port=port, protocol=protocol
                    ),
                    method=method,
                    protocol=protocol,
                    address=target.address,
                    port=port,
                    portable=isinstance(source, Host) and spec.portable(source),
                )


def _listener(site: Site, req: str, method: Method) -> Check:
    """The target host of ``req`` listens on its port: seen in its own socket table."""
    host, port, spec = _role(site, requirement(req).target_role)[0], _port(site, req), SPECS[method]
    return Check(
        requirement=req,
        source=host.name,
        target=host.name,
        label=f"{host.name} listens {port}/{spec.transport}",
        method=method,
        protocol=spec.protocol,
        port=port,
        portable=isinstance(host, Host) and spec.portable(host),
    )


def _firebird(site: Site) -> Iterator[Check]:
    yield from _paths(site, "FB-TCP", (Method.FIREBIRD,))
    yield _listener(site, "FB-TCP", Method.LISTENER_TCP)
    yield from _paths(site, "FB-PWD", (Method.UDP_SERVICE,))
    yield _listener(site, "FB-PWD", Method.LISTENER_UDP)


def _rpc(site: Site) -> Iterator[Check]:
    if site.uses_ms_rpc:
        yield from _paths(site, "RPC-MS", (Method.RPC_EPM,))
    else:
        yield from _paths(site, "RPC-TCP", (Method.RPC_CONNECT,))
        yield _listener(site, "RPC-TCP", Method.RPC_LISTENER)
        yield from _commparam(site)
    method, port_of = (
        (Method.RPC_EPM, "RPC-MS") if site.uses_ms_rpc else (Method.RPC_CONNECT, "RPC-TCP")
    )
    yield from _paths(site, "DIAG-COMM", (method,), port_of=port_of)


def _commparam(site: Site) -> Iterator[Check]:
    """RPC-INI: each SW host's own CommParam.ini, then all of them against each other."""
    port, file, every = (
        _port(site, "RPC-INI"),
        SPECS[Method.COMMPARAM],
        SPECS[Method.COMMPARAM_CONSISTENCY],
    )
    for host in _role(site, requirement("RPC-INI").source_role):
        yield Check(
            requirement="RPC-INI",
            source=host.name,
            target=host.name,
            label=f"{host.name} CommParam.ini",
            method=file.method,
            protocol=file.protocol,
            port=port,
            portable=isinstance(host, Host) and file.portable(host),
        )
    comm = site.comm_host
    yield Check(
        requirement="RPC-INI",
        source=comm.name,
        target="all",
        label="all SW hosts",
        method=every.method,
        protocol=every.protocol,
        port=port,
        portable=every.portable(comm),
    )


def _isenet(site: Site) -> Iterator[Check]:
    yield from _paths(site, "ISE-CMD", (Method.ISENET_QUERY,))
    yield from _paths(site, "ISE-DATA", (Method.ISENET_DATA,))
    yield from _paths(site, "ISE-DEBUG", (Method.UDP_SERVICE,))
    yield from _paths(site, "ISE-TFTP", (Method.TFTP, Method.TCP_CONNECT))


def _flows(site: Site) -> Iterator[Check]:
    yield from _paths(
        site, "FLOW-SEARCH", (Method.ISENET_SEARCH,), "{source}->{target} by broadcast"
    )
    comm, extra = site.comm_host.name, SPECS[Method.ISENET_SEARCH_EXTRA]
    yield Check(
        requirement="FLOW-SEARCH",
        source=comm,
        target="unexpected",
        label=f"{comm}->broadcast: unexpected devices",
        method=extra.method,
        protocol=extra.protocol,
        port=_port(site, "FLOW-SEARCH"),
    )
    for req, method in (
        ("FLOW-ADD", Method.ISENET_ADD),
        ("FLOW-ADMIN", Method.FLOW_ADMIN),
        ("FLOW-PROCESS", Method.FLOW_PROCESS),
        ("DIAG-ISENET", Method.DIAG_ISENET),
    ):
        yield from _paths(site, req, (method,), "{source}->{target}")


def _manual(site: Site) -> Iterator[Check]:
    """DIAG-JP1: an engineer looks at each ISENet's jumper; the run that carries the
    confirmation is the COMM host's (the check itself can be judged anywhere)."""
    spec = SPECS[Method.MANUAL]
    for ise in _role(site, requirement("DIAG-JP1").target_role):
        yield Check(
            requirement="DIAG-JP1",
            source=site.comm_host.name,
            target=ise.name,
            label=ise.name,
            method=spec.method,
            protocol=spec.protocol,
            portable=spec.portable(site.comm_host),
        )


# -- subnets ---------------------------------------------------------------------------------


def _own_networks(host: Host, local_networks: Iterable[str]) -> Iterator[str]:
    for network in local_networks:
        net = ipaddress.ip_network(network, strict=False)
        if any(ipaddress.ip_address(a) in net for a in host.addresses):
            yield str(net)


def _outside(site: Site, check: Check, networks: tuple[str, ...]) -> bool:
    if not networks or check.address is None:
        return False
    ip = ipaddress.ip_address(check.address)
    return not any(ip in ipaddress.ip_network(n, strict=False) for n in networks)


def _outside_reason(site: Site, check: Check) -> Said:
    return say(
        "na.outside", target=check.target, address=check.address or "", comm=site.comm_host.name
    )
