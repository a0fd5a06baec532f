"""Load and validate a site file (YAML) into a :class:`~sesam_accept.site.Site`.

Validation happens before anything is sent: every problem becomes one
:class:`~sesam_accept.errors.Problem` naming the file, the line and the field path, and all
problems are raised together as one :class:`~sesam_accept.errors.SiteFileError`. Scalars are
read from the YAML text as written (so ``00:20:40:12:34:56`` stays a MAC address and never
becomes a YAML 1.1 base-60 integer).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import hashlib
import ipaddress
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PureWindowsPath

from . import names
from . import site as model
from . import site_schema as spec
from .errors import Problem, SiteFileError
from .validate import Fields, Reader
from .version import SoftwareVersion, upgrade_problem


@dataclass(frozen=True)
class _Placed:
    """Where the site file gives one address (for problems found once all networks are known)."""

    address: ipaddress.IPv4Address
    f: Fields
    key: str
    where: str
    field_path: str | None = None


@dataclass
class LoadedSite:
    """A validated site and the warnings its validation produced."""

    site: model.Site
    warnings: list[Problem] = field(default_factory=list)


def load_site(path: str | Path, *, today: dt.date | None = None) -> model.Site:
    """Load and validate the site file at ``path``; raise ``SiteFileError`` on any problem."""
    return check_site(path, today=today).site


def check_site(path: str | Path, *, today: dt.date | None = None) -> LoadedSite:
    """Like :func:`load_site`, but also return the warnings (e.g. a missing CommParam.ini)."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        problem = Problem(str(path), None, "", f"cannot read the site file: {reason}")
        raise SiteFileError([problem]) from exc
    reader = Reader.from_bytes(str(path), raw)
    builder = _Builder(reader, path, today or dt.date.today())
    site = builder.build(hashlib.sha256(raw).hexdigest())
    errors = [p for p in reader.problems if p.severity == "error"]
    if errors or site is None:
        raise SiteFileError(errors or reader.problems)
    return LoadedSite(site, [p for p in reader.problems if p.severity == "warning"])


class _Builder:
    """Turns the validated YAML tree into site dataclasses."""

    def __init__(self, reader: Reader, path: Path, today: dt.date) -> None:
        self.r = reader
        self.path = path
        self.today = today
        self.names: dict[str, str] = {}  # name -> field path that first used it
        self.addresses: dict[str, str] = {}  # address -> field path that first used it
        self.placed: list[_Placed] = []  # every host and ISENet address, checked at the end
        self.confirmation_fields: list[tuple[Fields, str]] = []  # per confirmation read

    def build(self, sha256: str) -> model.Site | None:
        top = self.r.root_mapping(spec.SITE)
        if top is None:
            return None
        info = self.r.mapping(top.get("site"), "site", spec.SITE_INFO)
        hosts = self._hosts(top)
        isenets = self._isenets(top)
        site = model.Site(
            name=self._name(info, "site", _site_name_problem),
            customer=self.r.text(info, "customer", "site") or "",
            software_version=self._version(info),
            language=self.r.choice(info, "language", "site") or "de",
            engineer=self.r.text(info, "engineer", "site") or "",
            hosts=hosts,
            isenets=isenets,
            ports=self._ports(top.get("ports")),
            rare=self._rare(top.get("rare_checks")),
            timing=self._timing(top.get("timing")),
            discovery=self._discovery(top.get("discovery")),
            waivers=self._waivers(top),
            confirmations=self._confirmations(top, hosts, isenets),
            confirmations_max_age_days=self._max_age(top),
            source_file=self.path.resolve(),
            sha256=sha256,
        )
        site = self._upgrade_to(site, info)
        self._check_roles(hosts, top.get("hosts"))
        self._check_address_kinds(hosts)
        self._check_software(site, top.get("hosts"))
        self._confirmed_checks_exist(site)
        return site

    # -- site ------------------------------------------------------------------------------

    def _version(self, info: Fields | None) -> SoftwareVersion:
        text = self.r.text(info, "software_version", "site")
        if text is not None:
            try:
                return SoftwareVersion.parse(text)
            except ValueError as exc:
                self.r.problem(info, "software_version", "site", str(exc))
        return SoftwareVersion(0, 0, 0)

    def _upgrade_to(self, site: model.Site, info: Fields | None) -> model.Site:
        """``site.upgrade_to``: parsed like software_version; a later version only."""
        text = self.r.text(info, "upgrade_to", "site")
        if text is None:
            return site
        try:
            target = SoftwareVersion.parse(text)
        except ValueError as exc:
            self.r.problem(info, "upgrade_to", "site", str(exc))
            return site
        problem = upgrade_problem(site.software_version, target)
        if problem is not None and site.software_version != SoftwareVersion(0, 0, 0):
            self.r.problem(info, "upgrade_to", "site", problem)
        return dataclasses.replace(site, upgrade_to=target)

    # -- hosts -----------------------------------------------------------------------------

    def _hosts(self, top: Fields) -> tuple[model.Host, ...]:
        hosts = []
        for where, f in self.r.records(top, "hosts"):
            name = self._unique_name(f, where, names.host_name_problem)
            addresses, networks = self._host_addresses(f, where)
            roles = self._roles(f, where)
            software = self.r.boolean(f, "sesam_software", where)
            system = self.r.choice(f, "os", where)
            hosts.append(
                model.Host(
                    name=name,
                    addresses=addresses,
                    networks=networks,
                    roles=frozenset(roles),
                    sesam_software=True if software is None else software,
                    commparam=self._commparam(f.get("commparam"), f"{where}.commparam"),
                    os=system or model.DEFAULT_OS,
                )
            )
        return tuple(hosts)

    def _name(self, f: Fields | None, where: str, problem: Callable[[str], str | None]) -> str:
        """The ``name`` at ``where``, with a problem if it cannot be what it is used as."""
        name = self.r.text(f, "name", where)
        wrong = None if name is None else problem(name)  # None: missing, reported as such
        if wrong:
            self.r.problem(f, "name", where, f"{_quoted(name or '')} {wrong}")
        return name or ""

    def _unique_name(self, f: Fields, where: str, problem: Callable[[str], str | None]) -> str:
        name = self._name(f, where, problem)
        if name and name in self.names:
            self.r.problem(
                f, "name", where, f"duplicate name {name!r} (first used at {self.names[name]})"
            )
        elif name:
            self.names[name] = f"{where}.name"
        return name

    def _claim_address(self, f: Fields, key: str, where: str, address: str) -> None:
        if address in self.addresses:
            self.r.problem(
                f,
                key,
                where,
                f"duplicate address {address} (already used at {self.addresses[address]})",
            )
        else:
            self.addresses[address] = f"{where}.{key}"

    def _host_addresses(self, f: Fields, where: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        addresses: list[str] = []
        networks: list[str] = []
        items = self.r.text_list(f, "addresses", where)
        if items is not None and not items:
            self.r.problem(f, "addresses", where, "at least one IPv4 address is needed")
        for i, text in enumerate(items or []):
            key = f"addresses[{i}]"
            try:
                iface = ipaddress.IPv4Interface(text)
            except ValueError:
                self.r.problem(
                    f,
                    "addresses",
                    where,
                    f"{text!r} is not an IPv4 address (like 192.168.10.11 or 192.168.10.11/24)",
                    field_path=key,
                )
                continue
            address = str(iface.ip)
            self.placed.append(_Placed(iface.ip, f, "addresses", where, key))
            self._claim_address(f, "addresses", where, address)
            addresses.append(address)
            if "/" in text:
                networks.append(str(iface.network))
        return tuple(addresses), tuple(networks)

    def _roles(self, f: Fields, where: str) -> list[str]:
        listed = self.r.text_list(f, "roles", where)
        roles = listed or []
        for role in roles:
            if role not in model.ROLES:
                self.r.problem(
                    f,
                    "roles",
                    where,
                    f"unknown role {role!r}; expected one of {', '.join(model.ROLES)}",
                )
        if listed is not None and not listed:
            self.r.problem(f, "roles", where, "at least one role (db, comm, workstation)")
        return [r for r in roles if r in model.ROLES]

    def _commparam(self, node: object, where: str) -> model.CommParamLocation | None:
        if node is None:
            return None
        f = self.r.mapping(node, where, spec.COMMPARAM)
        text = self.r.text(f, "path", where)
        if f is None or not text:
            return None
        kind, resolved = _classify_path(text, self.path.parent)
        location = model.CommParamLocation(
            path=text,
            kind=kind,
            resolved=resolved,
            section=self.r.text(f, "section", where),
            key=self.r.text(f, "key", where),
        )
        local = resolved if resolved is not None else _local_path(text)
        if local is not None and not local.is_file():
            self.r.problem(
                f,
                "path",
                where,
                f"{local} does not exist (the RPC-INI check of this host will fail at run time)",
                severity="warning",
            )
        return location

    def _check_roles(self, hosts: tuple[model.Host, ...], node: object) -> None:
        for role in ("db", "comm"):
            count = sum(1 for h in hosts if h.has_role(role))
            if count == 0 and hosts:
                self.r.problem_at(
                    node,
                    "hosts",
                    f"no host has the role {role!r}: the site needs "
                    f"exactly one {role.upper()} host",
                )
            elif count > 1:
                self.r.problem_at(
                    node,
                    "hosts",
                    f"{count} hosts have the role {role!r}: the "
                    f"site needs exactly one {role.upper()} host",
                )

    def _check_software(self, site: model.Site, node: object) -> None:
        """Without a host running Sesam software, RPC-INI (and every SW path) would pass or
        stay empty with no evidence at all: a site-file error, not a silent pass."""
        if site.hosts and not site.sw_hosts:
            self.r.problem_at(
                node,
                "hosts",
                "no host runs Sesam software (sesam_software: false on every host): RPC-INI, "
                "FB-TCP, FB-PWD and DIAG-COMM would have nothing to check. The COMM host runs "
                "SesComm: set sesam_software: true on it (and on every workstation with "
                "SesConfigPro)",
            )

    # -- ISENets ---------------------------------------------------------------------------

    def _isenets(self, top: Fields) -> tuple[model.ISENet, ...]:
        isenets = []
        for where, f in self.r.records(top, "isenets"):
            name = self._unique_name(f, where, _isenet_name_problem)
            address = self._isenet_address(f, where)
            isenets.append(
                model.ISENet(
                    name=name,
                    address=address,
                    mac=self._mac(f, where),
                    serial=self.r.text(f, "serial", where),
                    firmware=self.r.text(f, "firmware", where),
                    location=self.r.text(f, "location", where),
                )
            )
        return tuple(isenets)

    def _isenet_address(self, f: Fields, where: str) -> str:
        text = self.r.text(f, "address", where) or ""
        try:
            address = str(ipaddress.IPv4Address(text))
        except ValueError:
            if text:
                self.r.problem(
                    f,
                    "address",
                    where,
                    f"{text!r} is not an IPv4 address (ISENets speak IPv4 only)",
                )
            return text
        self.placed.append(_Placed(ipaddress.IPv4Address(address), f, "address", where))
        self._claim_address(f, "address", where, address)
        return address

    def _check_address_kinds(self, hosts: tuple[model.Host, ...]) -> None:
        """Refuse addresses that are no single device's: unspecified, multicast, the limited
        broadcast, and the network and broadcast address of any network the hosts name."""
        networks: dict[ipaddress.IPv4Network, str] = {}
        for host in hosts:
            for network in host.networks:
                networks.setdefault(ipaddress.IPv4Network(network), f"{host.name}'s network")
        for placed in self.placed:
            wrong = _not_a_device(placed.address, networks)
            if wrong:
                self.r.problem(
                    placed.f,
                    placed.key,
                    placed.where,
                    f"{placed.address} is {wrong}, not one device's address: give the address "
                    "of the device itself",
                    field_path=placed.field_path,
                )

    def _mac(self, f: Fields, where: str) -> str | None:
        text = self.r.text(f, "mac", where)
        if text is None:
            return None
        digits = text.replace(":", "").replace("-", "").replace(".", "")
        if len(digits) != 12 or any(c not in "0123456789abcdefABCDEF" for c in digits):
            self.r.problem(f, "mac", where, f"{text!r} is not a MAC address like 00:20:4A:12:34:56")
            return None
        return ":".join(digits[i : i + 2] for i in range(0, 12, 2)).upper()

    # -- ports, checks, timing -------------------------------------------------------------

    def _ports(self, node: object) -> model.Ports:
        f = self.r.mapping(node, "ports", spec.PORTS)
        values = {k: self.r.integer(f, k, "ports") for k in spec.PORTS.keys}
        return model.Ports(**{k: v for k, v in values.items() if v is not None})

    def _rare(self, node: object) -> model.RareChecks:
        f = self.r.mapping(node, "rare_checks", spec.RARE_CHECKS)
        values = {k: self.r.boolean(f, k, "rare_checks") for k in spec.RARE_CHECKS.keys}
        return model.RareChecks(**{k: v for k, v in values.items() if v is not None})

    def _timing(self, node: object) -> model.Timing:
        f = self.r.mapping(node, "timing", spec.TIMING)
        if node is None or f is None:
            return model.Timing()
        default = model.Timing()
        timeout = self.r.number(f, "timeout", "timing")
        retries = self.r.integer(f, "retries", "timing")
        concurrency = self.r.integer(f, "concurrency", "timing")
        per_dest = self.r.integer(f, "per_destination", "timing")
        return model.Timing(
            timeout=default.timeout if timeout is None else timeout,
            retries=default.retries if retries is None else retries,
            concurrency=concurrency or default.concurrency,
            per_destination=per_dest or default.per_destination,
        )

    def _discovery(self, node: object) -> model.Discovery:
        if node is None:
            return model.Discovery()
        f = self.r.mapping(node, "discovery", spec.DISCOVERY)
        frames = []
        for text in self.r.text_list(f, "queries", "discovery") or []:
            frame = _hex_frame(text)
            if frame not in model.READ_ONLY_QUERIES:
                self.r.problem(
                    f,
                    "queries",
                    "discovery",
                    f"{text!r} is refused: only the "
                    "read-only ISENet queries 000000F6 and 000000F4 may be sent "
                    "(other frames reset or reconfigure the Lantronix chip)",
                )
            else:
                frames.append(frame)
        if f is not None and "queries" in f and not frames and not self.r.problems:
            self.r.problem(f, "queries", "discovery", "at least the query 000000F6 is needed")
        if frames and model.QUERY_F6 not in frames:
            self.r.problem(
                f,
                "queries",
                "discovery",
                "000000F6 (device info with the serial number) must be one of the queries",
            )
        return model.Discovery(tuple(frames) or model.READ_ONLY_QUERIES)

    def _waivers(self, top: Fields) -> tuple[model.Waiver, ...]:
        waivers = []
        for where, f in self.r.records(top, "waivers"):
            check = self._check_ref(f, where)
            expires = self.r.date(f, "expires", where)
            if expires is not None and expires < self.today:
                self.r.problem(
                    f,
                    "expires",
                    where,
                    f"the waiver expired on {expires}; renew it (new approval) or remove it",
                )
            waivers.append(
                model.Waiver(
                    check,
                    self.r.text(f, "reason", where) or "",
                    self.r.text(f, "approved_by", where) or "",
                    expires or self.today,
                )
            )
        return tuple(waivers)

    def _confirmations(
        self, top: Fields, hosts: tuple[model.Host, ...], isenets: tuple[model.ISENet, ...]
    ) -> tuple[model.Confirmation, ...]:
        names = {"hosts": {h.name for h in hosts}, "isenets": {i.name for i in isenets}}
        confirmations = []
        for where, f in self.r.records(top, "confirmations"):
            self.confirmation_fields.append((f, where))
            check = self._check_ref(f, where)
            scope = {key: self._scope(f, key, where, known) for key, known in names.items()}
            self._check_scope(f, where, check, scope)
            date = self.r.date(f, "date", where)
            if date is not None and date > self.today:
                self.r.problem(f, "date", where, f"{date} lies in the future")
            confirmations.append(
                model.Confirmation(
                    check,
                    self.r.text(f, "confirmed_by", where) or "",
                    date or self.today,
                    self.r.text(f, "note", where) or "",
                    hosts=scope["hosts"],
                    isenets=scope["isenets"],
                )
            )
        return tuple(confirmations)

    def _scope(self, f: Fields, key: str, where: str, known: set[str]) -> tuple[str, ...]:
        """The host or ISENet names of a confirmation's ``hosts:``/``isenets:``."""
        items = self.r.text_list(f, key, where) or []
        for name in items:
            if name not in known:
                listing = ", ".join(sorted(known)) or "none"
                self.r.problem(
                    f, key, where, f"{name!r} is not one of the site's {key} ({listing})"
                )
        return tuple(items)

    def _check_scope(
        self, f: Fields, where: str, check: str, scope: dict[str, tuple[str, ...]]
    ) -> None:
        """A check id stands alone; a requirement ID needs the hosts or ISENets it covers."""
        from .catalog import CATALOG

        req = CATALOG.get(check.split("[", 1)[0])
        if req is None:
            return  # _check_ref said why
        key = "isenets" if req.target_role == "isenet" else "hosts"
        given = [k for k, items in scope.items() if items]
        if "[" in check and given:
            self.r.problem(
                f,
                given[0],
                where,
                f"{check!r} names one check already: remove {given[0]}:, or write the "
                f"requirement ID {req.id!r} with {given[0]}:",
            )
        elif "[" not in check and given != [key]:
            self.r.problem(
                f,
                "check",
                where,
                f"{check!r} alone would cover every path of {req.id}: name one check (like "
                f"DIAG-JP1[ISE-Tor1]) or the {key} it covers, e.g. "
                f"{{check: {req.id}, {key}: [{'ISE-Tor1' if key == 'isenets' else 'WS-01'}]}}",
            )

    def _max_age(self, top: Fields) -> int:
        age = self.r.integer(top, "confirmations_max_age_days", "")
        return model.CONFIRMATION_MAX_AGE_DAYS if age is None else age

    def _confirmed_checks_exist(self, site: model.Site) -> None:
        """A check id names a check of this site; an old confirmation is said at load time."""
        if any(p.severity == "error" for p in self.r.problems):
            return  # the plan of a broken site is not worth computing
        from .plan import site_checks

        ids = {c.id for c in site_checks(site)}
        for (f, where), conf in zip(self.confirmation_fields, site.confirmations, strict=True):
            if "[" in conf.check and conf.check not in ids:
                close = difflib.get_close_matches(conf.check, sorted(ids), n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                self.r.problem(f, "check", where, f"{conf.check!r} is no check of this site{hint}")
            until = conf.valid_until(site.confirmations_max_age_days)
            if until < self.today:
                self.r.problem(
                    f,
                    "date",
                    where,
                    f"confirmed on {conf.date}, older than confirmations_max_age_days "
                    f"({site.confirmations_max_age_days}): it does not count; confirm again",
                    severity="warning",
                )

    def _check_ref(self, f: Fields, where: str) -> str:
        from .catalog import CATALOG

        text = self.r.text(f, "check", where) or ""
        req = text.split("[", 1)[0]
        if text and req not in CATALOG:
            self.r.problem(
                f,
                "check",
                where,
                f"{req!r} is not a requirement ID; expected one of "
                f"{', '.join(CATALOG)} (optionally with a check label, like "
                "DIAG-JP1[ISE-Tor1])",
            )
        elif "[" in text and not text.endswith("]"):
            self.r.problem(f, "check", where, f"{text!r}: a check id ends with ']'")
        return text


def _hex_frame(text: str) -> bytes:
    try:
        return bytes.fromhex(text.replace(" ", ""))
    except ValueError:
        return b""


def _classify_path(text: str, base: Path) -> tuple[str, Path | None]:
    """Return the kind of a CommParam.ini path ("unc", "local", "copy") and, for copies, the
    absolute path (relative to the site file's folder)."""
    if text.startswith(("\\\\", "//")):
        return "unc", None
    if PureWindowsPath(text).drive or Path(text).is_absolute():
        return "local", None
    return "copy", (base / text).resolve()


def _local_path(text: str) -> Path | None:
    """A local path that can be checked on this OS, else None."""
    path = Path(text)
    return path if path.is_absolute() else None


def _site_name_problem(name: str) -> str | None:
    return names.label_problem(name, names.MAX_SITE_NAME)


def _isenet_name_problem(name: str) -> str | None:
    return names.label_problem(name, names.MAX_NAME)


def _quoted(name: str) -> str:
    """``name`` for a message: quoted with escapes, a long one cut."""
    return repr(name) if len(name) <= 40 else repr(name[:40]) + "…"


def _not_a_device(
    address: ipaddress.IPv4Address, networks: dict[ipaddress.IPv4Network, str]
) -> str | None:
    """What ``address`` is instead of one device's address (None if it is one)."""
    if address.is_unspecified:
        return "the unspecified address"
    if address == ipaddress.IPv4Address("255.255.255.255"):
        return "the limited broadcast address (every device on the segment)"
    if address.is_multicast:
        return "a multicast address"
    for network, whose in networks.items():
        if network.prefixlen >= 31:  # /31 and /32 have no network or broadcast address
            continue
        if address == network.broadcast_address:
            return f"the broadcast address of {network} ({whose})"
        if address == network.network_address:
            return f"the network address of {network} ({whose})"
    return None
