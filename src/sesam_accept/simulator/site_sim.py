"""A whole Sesam site played on the addresses of a :class:`Site`, in background threads.

``SiteSimulator(site).start()`` brings up the DB host (Firebird and the password service), the
COMM host (the SesComm RPC listener, optionally its hold on 41797/udp and its links to the
ISENets), every ISENet, and writes the collected CommParam.ini copies; ``stop()`` closes every
socket. Faults (see ``faults.FAULTS``) make one part misbehave on purpose.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Protocol

from ..site import Host, Site
from . import firebird_process
from .commparam_files import write_commparam
from .faults import FaultSet, parse_faults
from .firebird_standin import firebird_standin, not_firebird
from .isenet_play import isenet_service
from .rpc_standin import endpoint_mapper
from .services import OutboundLinks, Running, TCPListener, UDPService

log = logging.getLogger(__name__)

PASSWORD_MODES = ("answering", "silent", "absent")
FIREBIRD_MODES = ("auto", "real", "standin")
#: What the simulated password service answers under ``password=answering``.
PASSWORD_ANSWER = bytes.fromhex("0000000100000000")


class Service(Protocol):
    """Anything the simulator starts and stops."""

    def start(self) -> None: ...
    def stop(self) -> None: ...


class SiteSimulator(Running):
    """Plays ``site`` (or only the hosts/ISENets named in ``only``) on its own addresses."""

    def __init__(
        self,
        site: Site,
        *,
        only: Iterable[str] | None = None,
        faults: Iterable[str] = (),
        password_service: str = "silent",  # noqa: S107 - a behaviour name, not a secret
        firebird: str = "auto",
        sescomm_holds_41797: bool = False,
        sescomm_links: bool = False,
    ) -> None:
        _check_choice("password_service", password_service, PASSWORD_MODES)
        _check_choice("firebird", firebird, FIREBIRD_MODES)
        self.site = site
        self.only = _check_only(site, only)
        self.faults: FaultSet = parse_faults(faults, site)
        self.password_service = _password_mode(password_service, self.faults)
        self.firebird_mode = firebird
        self.sescomm_holds_41797 = sescomm_holds_41797
        self.sescomm_links = sescomm_links
        self.firebird_kind = "none"  # real / standin / not-firebird / down / none (not played)
        self.rpc_port: int | None = None
        self.commparam_files: dict[str, Path] = {}
        self.links: OutboundLinks | None = None
        self._services: list[Service] = []

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self) -> None:
        """Start every service this simulator plays; on a failure, stop what started, re-raise."""
        try:
            self._write_commparams()
            if self._plays(self.site.db_host):
                self._start_db()
            if self._plays(self.site.comm_host):
                self._start_comm()
            self._start_isenets()
            if self.sescomm_links and self._plays(self.site.comm_host):
                self._start_links()
        except BaseException:
            self.stop()
            raise

    def stop(self) -> None:
        """Stop every service (in reverse order) and close every socket."""
        while self._services:
            service = self._services.pop()
            try:
                service.stop()
            except Exception:  # one failing service must not keep the others running
                log.exception("stopping %s failed", service)

    def facts(self) -> dict[str, Any]:
        """What runs, for logs and evidence (JSON values)."""
        return {
            "firebird_kind": self.firebird_kind,
            "password_service": self.password_service,
            "rpc_port": self.rpc_port,
            "faults": [str(f) for f in self.faults.faults],
            "commparam_files": {k: str(v) for k, v in self.commparam_files.items()},
            "only": sorted(self.only) if self.only is not None else None,
            "sescomm_links": [f"{a}:{p}" for a, p in self.links.connected] if self.links else [],
        }

    # -- parts -------------------------------------------------------------------------------

    def _plays(self, host: Host) -> bool:
        return self.only is None or host.name in self.only

    def _add(self, service: Service) -> None:
        service.start()
        self._services.append(service)

    def commparam_port(self, host: Host) -> int:
        """The RPC port ``host``'s CommParam.ini names (another one under ``commparam-port``)."""
        port = self.site.ports.rpc
        if self.faults.has("commparam-port", host.name):
            return port + 1 if port < 65535 else port - 1
        return port

    def _write_commparams(self) -> None:
        comm_address = self.site.comm_host.address
        for host in self.site.hosts:
            if self._plays(host):
                path = write_commparam(host, comm_address, self.commparam_port(host))
                if path is not None:
                    self.commparam_files[host.name] = path

    def _start_db(self) -> None:
        address, ports = self.site.db_host.address, self.site.ports
        self._start_firebird(address, ports.firebird)
        mode = self.password_service
        if mode in ("answering", "silent"):
            replier = _password_answer if mode == "answering" else None
            self._add(UDPService(address, ports.firebird_password, replier))

    def _start_firebird(self, address: str, port: int) -> None:
        if self.faults.has("firebird-down"):
            self.firebird_kind = "down"
            return
        if self.faults.has("not-firebird"):
            self._add(not_firebird(address, port))
            self.firebird_kind = "not-firebird"
            return
        if self.firebird_mode != "standin":
            real = firebird_process.start_real(address, port, required=self.firebird_mode == "real")
            if real is not None:
                self._services.append(real)
                self.firebird_kind = "real"
                return
        self._add(firebird_standin(address, port))
        self.firebird_kind = "standin"

    def _start_comm(self) -> None:
        comm = self.site.comm_host
        self.rpc_port = self.commparam_port(comm)
        if self.site.uses_ms_rpc:
            # Windows' endpoint mapper answers whether SesComm runs or not (it is the RPCSS
            # service): the RPC-MS check cannot see sescomm-down, and the simulator says so.
            self._add(endpoint_mapper(comm.address, self.site.ports.rpc_endpoint_mapper))
        elif not self.faults.has("sescomm-down"):
            self._add(TCPListener(comm.address, self.rpc_port))
        if self.sescomm_holds_41797:
            self._add(UDPService(comm.address, self.site.ports.isenet_command))

    def _start_isenets(self) -> None:
        played = [i for i in self.site.isenets if self.only is None or i.name in self.only]
        if played:
            self._add(isenet_service(self.site, played, self.faults))

    def _start_links(self) -> None:
        port = self.site.ports.isenet_data
        targets = [(i.address, port) for i in self.site.isenets]
        self.links = OutboundLinks(self.site.comm_host.address, targets)
        self._add(self.links)


def _check_choice(name: str, value: str, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise ValueError(f"{name} must be one of {', '.join(choices)} (got {value!r})")


def _check_only(site: Site, only: Iterable[str] | None) -> frozenset[str] | None:
    if only is None:
        return None
    names = frozenset(only)
    known = {h.name for h in site.hosts} | {i.name for i in site.isenets}
    unknown = sorted(names - known)
    if unknown:
        raise ValueError(f"--only names no host or ISENet of the site: {', '.join(unknown)}")
    return names


def _password_answer(_data: bytes) -> bytes:
    return PASSWORD_ANSWER


def _password_mode(mode: str, faults: FaultSet) -> str:
    if faults.has("password-absent"):
        return "absent"
    if faults.has("password-answering"):
        return "answering"
    return mode
