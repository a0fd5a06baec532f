"""The site model: what a site file describes, as frozen data classes.

``loader.load_site(path)`` builds a :class:`Site` from YAML after validating it; nothing in this
module reads files or talks to the network.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .version import LAST_MS_RPC, SoftwareVersion

if TYPE_CHECKING:
    from .checks import Check

ROLES = ("db", "comm", "workstation")
#: A host's operating system (``os:`` in the site file): how Ansible reaches it and runs the kit.
OPERATING_SYSTEMS = ("windows", "linux")
DEFAULT_OS = "windows"

#: The only frames ever sent to an ISENet's 41797/udp (Lantronix 77FEh, read-only).
QUERY_F6 = bytes.fromhex("000000F6")  # device info -> F7
QUERY_F4 = bytes.fromhex("000000F4")  # firmware version -> F5
READ_ONLY_QUERIES = (QUERY_F6, QUERY_F4)


@dataclass(frozen=True)
class CommParamLocation:
    """Where a host's CommParam.ini is and which section/key holds the RPC port."""

    path: str  # as written in the site file
    kind: str  # "local", "unc" or "copy"
    resolved: Path | None  # absolute path for "copy" (relative to the site file), else None
    section: str | None = None
    key: str | None = None

    @property
    def readable_anywhere(self) -> bool:
        """A collected copy can be read from any host; a local path only on its own host."""
        return self.kind == "copy"


@dataclass(frozen=True)
class Host:
    """A computer of the site (DB server, SesComm server, workstation)."""

    name: str
    addresses: tuple[str, ...]  # plain addresses, e.g. "192.168.10.10"
    networks: tuple[str, ...]  # CIDR networks where the site file gave a prefix, e.g. "/24"
    roles: frozenset[str]
    sesam_software: bool = True
    commparam: CommParamLocation | None = None
    os: str = DEFAULT_OS  # one of OPERATING_SYSTEMS

    @property
    def address(self) -> str:
        """The first (primary) address."""
        return self.addresses[0]

    def has_role(self, role: str) -> bool:
        """True if the host holds ``role`` (db, comm, workstation)."""
        return role in self.roles


@dataclass(frozen=True)
class ISENet:
    """An ISENet network board (Lantronix chip) in the field."""

    name: str
    address: str
    mac: str | None = None  # normalised "00:20:4A:12:34:56"
    serial: str | None = None
    firmware: str | None = None
    location: str | None = None


@dataclass(frozen=True)
class Ports:
    """The ports the site uses; the vendor document's defaults unless the site differs."""

    firebird: int = 41800
    firebird_password: int = 41799
    isenet_command: int = 41797
    isenet_data: int = 41796
    rpc: int = 41801
    rpc_endpoint_mapper: int = 135
    isenet_debug: int = 41798
    tftp: int = 69


@dataclass(frozen=True)
class RareChecks:
    """The rarely needed checks the site asks for."""

    isenet_debug: bool = False
    tftp: bool = False


@dataclass(frozen=True)
class Timing:
    """Timeouts, retries and fan-out of the probes."""

    timeout: float = 2.0  # seconds, per socket operation
    retries: int = 2  # extra attempts for UDP and ping (TCP is not retried)
    concurrency: int = 256  # global cap of probes in flight
    per_destination: int = 4  # cap of probes in flight to one address

    @property
    def search_rounds(self) -> int:
        """How often a broadcast search asks: once per try."""
        return self.retries + 1

    @property
    def search_window(self) -> float:
        """How long a broadcast search listens in all (seconds)."""
        return self.timeout * self.search_rounds


@dataclass(frozen=True)
class Waiver:
    """A failure the site accepts for now, with reason, approver and expiry."""

    check: str  # a requirement ID ("ISE-DEBUG") or a check id ("ISE-DATA[SRV-COMM->ISE-07]")
    reason: str
    approved_by: str
    expires: dt.date

    def is_active(self, today: dt.date) -> bool:
        """A waiver counts up to and including its expiry date."""
        return today <= self.expires


#: How old a confirmation may be, in days, unless the site file sets
#: ``confirmations_max_age_days``: a year, one maintenance cycle.
CONFIRMATION_MAX_AGE_DAYS = 365


@dataclass(frozen=True)
class Confirmation:
    """What a person confirmed (e.g. JP1 seen on pins 2-3), for one check or a named scope.

    ``check`` is either one check id (``DIAG-JP1[ISE-Tor1]``) or a requirement ID together with
    the ``hosts`` its paths start from or the ``isenets`` they lead to; a bare requirement ID
    covers nothing (the loader refuses it).
    """

    check: str  # a check id, or a requirement ID with hosts/isenets
    confirmed_by: str
    date: dt.date
    note: str = ""
    hosts: tuple[str, ...] = ()
    isenets: tuple[str, ...] = ()

    def covers(self, check: Check) -> bool:
        """True if this confirmation names ``check``: its id, or its requirement and scope."""
        if "[" in self.check:
            return self.check == check.id
        if self.check != check.requirement:
            return False
        return check.source in self.hosts or check.target in self.isenets

    def valid_until(self, max_age_days: int) -> dt.date:
        """The last day the confirmation counts."""
        return self.date + dt.timedelta(days=max_age_days)

    def counts(self, check: Check, today: dt.date, max_age_days: int) -> bool:
        """The one rule: a confirmation counts for ``check`` when it names it and is in date
        (not in the future, not older than ``max_age_days``)."""
        in_date = self.date <= today <= self.valid_until(max_age_days)
        return in_date and self.covers(check)

    @property
    def scope(self) -> str:
        """What it covers, as written: ``FB-PWD (hosts WS-01, WS-02)`` or the check id."""
        names = [f"{key} {', '.join(items)}" for key, items in self.scope_lists if items]
        return f"{self.check} ({'; '.join(names)})" if names else self.check

    @property
    def scope_lists(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """``(("hosts", ...), ("isenets", ...))`` as in the site file."""
        return (("hosts", self.hosts), ("isenets", self.isenets))


@dataclass(frozen=True)
class Discovery:
    """The 41797/udp queries; only the read-only Lantronix queries are allowed."""

    queries: tuple[bytes, ...] = READ_ONLY_QUERIES


@dataclass(frozen=True)
class Site:
    """A whole Sesam installation as described by one site file."""

    name: str
    customer: str
    software_version: SoftwareVersion
    language: str  # "de" or "en"
    hosts: tuple[Host, ...]
    isenets: tuple[ISENet, ...]
    ports: Ports = field(default_factory=Ports)
    rare: RareChecks = field(default_factory=RareChecks)
    timing: Timing = field(default_factory=Timing)
    discovery: Discovery = field(default_factory=Discovery)
    waivers: tuple[Waiver, ...] = ()
    confirmations: tuple[Confirmation, ...] = ()
    confirmations_max_age_days: int = CONFIRMATION_MAX_AGE_DAYS
    source_file: Path | None = None
    sha256: str = ""
    engineer: str = ""
    upgrade_to: SoftwareVersion | None = None  # the later version to check readiness for

    @property
    def uses_ms_rpc(self) -> bool:
        """Software up to 2.1-2 uses Microsoft RPC; from 2.1-3 on, TCP 41801."""
        return self.software_version <= LAST_MS_RPC

    def isenet(self, name: str) -> ISENet:
        """The ISENet called ``name`` (KeyError if there is none); a dict lookup, as the judge
        asks this for every check of a thousand-ISENet site."""
        return self._isenets_by_name[name]

    @functools.cached_property
    def _isenets_by_name(self) -> dict[str, ISENet]:
        return {i.name: i for i in self.isenets}

    def host(self, name: str) -> Host:
        """The host called ``name`` (KeyError if there is none)."""
        for host in self.hosts:
            if host.name == name:
                return host
        raise KeyError(name)

    def with_role(self, role: str) -> tuple[Host, ...]:
        """The hosts that hold ``role``."""
        return tuple(h for h in self.hosts if h.has_role(role))

    @property
    def db_host(self) -> Host:
        """The (first) host with the db role; the loader guarantees there is one."""
        return self.with_role("db")[0]

    @property
    def comm_host(self) -> Host:
        """The (first) host with the comm role; the loader guarantees there is one."""
        return self.with_role("comm")[0]

    @property
    def sw_hosts(self) -> tuple[Host, ...]:
        """Every host with Sesam software (workstations, COMM, usually DB)."""
        return tuple(h for h in self.hosts if h.sesam_software)
