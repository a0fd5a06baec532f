"""The plan: which checks a site needs, and which of them a given source host runs.

Every network requirement is a path from a host to a host; a run on one host checks the paths
that start there plus what is visible locally. :func:`site_checks` lists every check of the
site; :func:`plan_for` splits them for one source host.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .catalog import CATALOG, SIGNOFF
from .checks import Check
from .errors import ConfigError
from .results import Inapplicable, SignoffItem
from .site import Host, Site
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
        yield Inapplicable(
            "RPC-TCP", f"software {version} uses Microsoft RPC (RPC-TCP applies from 2.1-3)"
        )
        yield Inapplicable(
            "RPC-INI", f"software {version}: the RPC port in CommParam.ini exists from 2.1-3"
        )
    else:
        yield Inapplicable(
            "RPC-MS", f"software {version} uses TCP {site.ports.rpc} (RPC-MS applies up to 2.1-2)"
        )
    if version < FIRST_FLOWS:
        for req in (r.id for r in CATALOG.values() if r.section == "flows"):
            yield Inapplicable(
                req,
                (
                    f"software {version}: the connection flows apply from {FIRST_FLOWS} "
                    f"(„ab Software-Version {FIRST_FLOWS}“)"
                ),
            )
    if not site.rare.isenet_debug:
        yield Inapplicable(
            "ISE-DEBUG", "rare check not requested (rare_checks.isenet_debug in the site file)"
        )
    if not site.rare.tftp:
        yield Inapplicable(
            "ISE-TFTP", "rare check not requested (rare_checks.tftp in the site file)"
        )


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


# -- check generators ------------------------------------------------------------------------


def _firebird(site: Site) -> Iterator[Check]:
    db, p = site.db_host, site.ports
    for sw in site.sw_hosts:
        yield Check(
            "FB-TCP",
            sw.name,
            db.name,
            f"{sw.name}->{db.name}:{p.firebird}/tcp",
            "firebird",
            "tcp",
            db.address,
            p.firebird,
        )
    yield Check(
        "FB-TCP",
        db.name,
        db.name,
        f"{db.name} listens {p.firebird}/tcp",
        "listener-tcp",
        "local",
        None,
        p.firebird,
    )
    for sw in site.sw_hosts:
        yield Check(
            "FB-PWD",
            sw.name,
            db.name,
            f"{sw.name}->{db.name}:{p.firebird_password}/udp",
            "udp-service",
            "udp",
            db.address,
            p.firebird_password,
        )
    yield Check(
        "FB-PWD",
        db.name,
        db.name,
        f"{db.name} listens {p.firebird_password}/udp",
        "listener-udp",
        "local",
        None,
        p.firebird_password,
    )


def _rpc(site: Site) -> Iterator[Check]:
    comm, p = site.comm_host, site.ports
    if site.uses_ms_rpc:
        for sw in site.sw_hosts:
            yield Check(
                "RPC-MS",
                sw.name,
                comm.name,
                f"{sw.name}->{comm.name}:{p.rpc_endpoint_mapper}/tcp",
                "rpc-epm",
                "tcp",
                comm.address,
                p.rpc_endpoint_mapper,
            )
    else:
        for sw in site.sw_hosts:
            yield Check(
                "RPC-TCP",
                sw.name,
                comm.name,
                f"{sw.name}->{comm.name}:{p.rpc}/tcp",
                "rpc-connect",
                "tcp",
                comm.address,
                p.rpc,
            )
        yield Check(
            "RPC-TCP",
            comm.name,
            comm.name,
            f"{comm.name} listens {p.rpc}/tcp",
            "rpc-listener",
            "local",
            None,
            p.rpc,
        )
        for sw in site.sw_hosts:
            portable = sw.commparam is not None and sw.commparam.readable_anywhere
            yield Check(
                "RPC-INI",
                sw.name,
                sw.name,
                f"{sw.name} CommParam.ini",
                "commparam",
                "file",
                None,
                p.rpc,
                portable=portable,
            )
        yield Check(
            "RPC-INI",
            comm.name,
            "all",
            "all SW hosts",
            "commparam-consistency",
            "file",
            None,
            p.rpc,
            portable=True,
        )
    method = "rpc-epm" if site.uses_ms_rpc else "rpc-connect"
    port = p.rpc_endpoint_mapper if site.uses_ms_rpc else p.rpc
    for sw in site.sw_hosts:
        yield Check(
            "DIAG-COMM",
            sw.name,
            comm.name,
            f"{sw.name}->{comm.name}:{port}/tcp",
            method,
            "tcp",
            comm.address,
            port,
        )


def _isenet(site: Site) -> Iterator[Check]:
    comm, p = site.comm_host.name, site.ports
    for ise in site.isenets:
        yield Check(
            "ISE-CMD",
            comm,
            ise.name,
            f"{comm}->{ise.name}:{p.isenet_command}/udp",
            "isenet-query",
            "udp",
            ise.address,
            p.isenet_command,
        )
    for ise in site.isenets:
        yield Check(
            "ISE-DATA",
            comm,
            ise.name,
            f"{comm}->{ise.name}:{p.isenet_data}/tcp",
            "isenet-data",
            "tcp",
            ise.address,
            p.isenet_data,
        )
    for ise in site.isenets:
        yield Check(
            "ISE-DEBUG",
            comm,
            ise.name,
            f"{comm}->{ise.name}:{p.isenet_debug}/udp",
            "udp-service",
            "udp",
            ise.address,
            p.isenet_debug,
        )
    for ise in site.isenets:
        yield Check(
            "ISE-TFTP",
            comm,
            ise.name,
            f"{comm}->{ise.name}:{p.tftp}/udp",
            "tftp",
            "udp",
            ise.address,
            p.tftp,
        )
        yield Check(
            "ISE-TFTP",
            comm,
            ise.name,
            f"{comm}->{ise.name}:{p.tftp}/tcp",
            "tcp-connect",
            "tcp",
            ise.address,
            p.tftp,
        )


def _flows(site: Site) -> Iterator[Check]:
    comm, p = site.comm_host.name, site.ports
    for ise in site.isenets:
        yield Check(
            "FLOW-SEARCH",
            comm,
            ise.name,
            f"{comm}->{ise.name} by broadcast",
            "isenet-search",
            "udp",
            ise.address,
            p.isenet_command,
        )
    yield Check(
        "FLOW-SEARCH",
        comm,
        "unexpected",
        f"{comm}->broadcast: unexpected devices",
        "isenet-search-extra",
        "udp",
        None,
        p.isenet_command,
    )
    for req, method in (
        ("FLOW-ADD", "isenet-add"),
        ("FLOW-ADMIN", "flow-admin"),
        ("FLOW-PROCESS", "flow-process"),
        ("DIAG-ISENET", "diag-isenet"),
    ):
        for ise in site.isenets:
            yield Check(
                req,
                comm,
                ise.name,
                f"{comm}->{ise.name}",
                method,
                "udp" if method == "isenet-add" else "flow",
                ise.address,
                p.isenet_command if method == "isenet-add" else None,
            )


def _manual(site: Site) -> Iterator[Check]:
    for ise in site.isenets:
        yield Check(
            "DIAG-JP1",
            site.comm_host.name,
            ise.name,
            ise.name,
            "manual",
            "manual",
            None,
            None,
            portable=True,
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


def _outside_reason(site: Site, check: Check) -> str:
    comm = site.comm_host.name
    return (
        f"{check.target} ({check.address}) is outside every subnet of {comm}: a search cannot "
        "find it (routers do not forward broadcasts); it can only be added by IP (FLOW-ADD)"
    )
