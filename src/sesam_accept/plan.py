"""The plan: which checks a site needs, and which of them a given source host runs.

Every network requirement is a path from a host to a host; a run on one host checks the paths
that start there plus what is visible locally. :func:`site_checks` lists every check of the
site; :func:`plan_for` splits them for one source host. Which methods check a requirement, and
in which shape, is the method registry's (``judge.methods.SPECS``, each spec's ``uses``); who
talks to whom on which port is the catalog's: this module names no method.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import NamedTuple

from .catalog import CATALOG, SIGNOFF, Requirement, requirement
from .checks import Check
from .errors import ConfigError
from .judge import MethodSpec, Shape, Use, uses_of
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
    """Every check of the whole site: each requirement that applies by the uses the method
    registry lists for it (a use on another requirement's port only where that one applies
    too), in catalog order within each of the ``SOURCE_ROLES``."""
    skipped = {na.requirement for na in not_applicable(site)}
    checks: list[Check] = []
    for req in sorted(CATALOG.values(), key=lambda r: SOURCE_ROLES.index(r.source_role)):
        if req.id in skipped:
            continue
        uses = [(u, s) for u, s in uses_of(req.id) if u.port_of not in skipped]
        checks += _requirement_checks(site, req, uses)
    return checks


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


class End(NamedTuple):
    """Where one check of a shape runs and what it is about."""

    source: Node  # the host whose run carries it
    target: str  # a host or ISENet name, or what the check looks at ("all", "unexpected")
    address: str | None = None  # the address probed, for a path


#: The software hosts' checks first, then the SesComm host's, then what an engineer confirms:
#: the plan lists requirements in catalog order within each of these source roles.
SOURCE_ROLES = ("sw", "comm", "engineer")


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


def _paths(site: Site, req: Requirement) -> Iterator[End]:
    """Every path of ``req``: from each node of its source role to each of its target role."""
    for source in _role(site, req.source_role):
        for target in _role(site, req.target_role):
            yield End(source, target.name, target.address)


def _listener(site: Site, req: Requirement) -> Iterator[End]:
    """The target host of ``req``, which looks in its own socket table."""
    host = _role(site, req.target_role)[0]
    yield End(host, host.name)


def _own_file(site: Site, req: Requirement) -> Iterator[End]:
    """Each host of the source role, about its own file."""
    for host in _role(site, req.source_role):
        yield End(host, host.name)


def _all(site: Site, req: Requirement) -> Iterator[End]:
    """One check of all hosts of the source role; the COMM host's run carries it."""
    yield End(site.comm_host, "all")


def _unexpected(site: Site, req: Requirement) -> Iterator[End]:
    """What answers the COMM host though the site file does not list it."""
    yield End(site.comm_host, "unexpected")


def _confirmed(site: Site, req: Requirement) -> Iterator[End]:
    """Each node of the target role, as a person confirms it; the COMM host's run carries the
    confirmation (the check itself can be judged anywhere)."""
    for node in _role(site, req.target_role):
        yield End(site.comm_host, node.name)


#: Where the checks of each shape run and what they are about.
ENDS: Mapping[Shape, Callable[[Site, Requirement], Iterator[End]]] = {
    Shape.PATHS: _paths,
    Shape.LISTENER: _listener,
    Shape.OWN_FILE: _own_file,
    Shape.ALL: _all,
    Shape.UNEXPECTED: _unexpected,
    Shape.CONFIRMED: _confirmed,
}


def _requirement_checks(
    site: Site, req: Requirement, uses: list[tuple[Use, MethodSpec]]
) -> Iterator[Check]:
    """The checks of ``req`` by its ``uses``: shape by shape, each end by every use of it."""
    for shape in Shape:
        of_shape = [(use, spec) for use, spec in uses if use.shape is shape]
        if not of_shape:  # a shape may not fit a requirement (a listener among ISENets)
            continue
        for end in ENDS[shape](site, req):
            for use, spec in of_shape:
                yield _check(site, req, use, spec, end)


def _check(site: Site, req: Requirement, use: Use, spec: MethodSpec, end: End) -> Check:
    """One check of ``req`` by ``spec``'s method at ``end``, on the port of the use."""
    port, source = _port(site, use.port_of or req.id), end.source
    label = use.pattern.format(
        source=source.name,
        target=end.target,
        port=port,
        protocol=spec.protocol,
        transport=spec.transport,
    )
    return Check(
        requirement=req.id,
        source=source.name,
        target=end.target,
        label=label,
        method=spec.method,
        protocol=spec.protocol,
        address=end.address,
        port=port,
        portable=isinstance(source, Host) and spec.portable(source),
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
