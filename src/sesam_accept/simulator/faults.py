"""The faults a simulated site can be told to show, by name.

A fault is written ``NAME`` or ``NAME:TARGET`` (``isenet-missing:ISE-03``). Faults that take an
ISENet use the site's last ISENet when the target is left out; ``commparam-port`` uses the last
host whose CommParam.ini is a collected copy.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..site import Site

#: Every fault the simulator knows, with a one-line description.
FAULTS: dict[str, str] = {
    "firebird-down": "nothing listens on the DB host's Firebird port (41800/tcp refused)",
    "not-firebird": "something that is not Firebird answers on the DB host's Firebird port",
    "password-absent": "the password service port (41799/udp) is not bound: ICMP port unreachable",
    "password-answering": "the password service (41799/udp) replies to every datagram",
    "isenet-missing": "the ISENet is not on the network: no answer to ping, 41797/udp, 41796/tcp",
    "isenet-serial": "the ISENet answers with another serial number",
    "isenet-mac": "the ISENet answers with another MAC address",
    "isenet-duplicate": "a second device answers on the ISENet's address",
    "isenet-data-closed": "the ISENet answers on 41797/udp but does not listen on 41796/tcp",
    "commparam-port": "the host's CommParam.ini names another RPC port than the others",
    "sescomm-down": "the SesComm RPC listener on the COMM host is not running",
}

_ISENET_FAULTS = frozenset(n for n in FAULTS if n.startswith("isenet-"))
_HOST_FAULTS = frozenset({"commparam-port"})


@dataclass(frozen=True)
class Fault:
    """One fault to show: its name and, where it takes one, the ISENet or host it hits."""

    name: str
    target: str | None = None

    def __str__(self) -> str:
        return f"{self.name}:{self.target}" if self.target else self.name


@dataclass(frozen=True)
class FaultSet:
    """The validated faults of one simulator run."""

    faults: tuple[Fault, ...] = ()

    def has(self, name: str, target: str | None = None) -> bool:
        """True if fault ``name`` is on (for ``target``, when given)."""
        return any(f.name == name and (target is None or f.target == target) for f in self.faults)

    def targets(self, name: str) -> frozenset[str]:
        """The targets fault ``name`` hits."""
        return frozenset(f.target for f in self.faults if f.name == name and f.target)


def describe_faults(site: Site | None = None) -> str:
    """The known faults, one per line, in the form they are written (``NAME[:TARGET]``), with
    the targets ``site`` offers, for help texts and ``--fault list``."""
    lines = ["A fault is NAME or NAME:TARGET (repeat --fault for several):"]
    lines += [f"  {_form(name):<28} {text}" for name, text in FAULTS.items()]
    lines.append("Without a target: the last ISENet; commparam-port: the last host with a copy.")
    if site is not None:
        copies = [h.name for h in site.hosts if h.commparam and h.commparam.kind == "copy"]
        lines.append(f"ISENET in this site: {', '.join(i.name for i in site.isenets) or 'none'}")
        lines.append(
            f"HOST (a collected CommParam.ini) in this site: {', '.join(copies) or 'none'}"
        )
        if site.isenets:
            lines.append(f"Example: --fault isenet-missing:{site.isenets[0].name}")
    return "\n".join(lines)


def _form(name: str) -> str:
    if name in _ISENET_FAULTS:
        return f"{name}[:ISENET]"
    return f"{name}[:HOST]" if name in _HOST_FAULTS else name


def parse_faults(specs: Iterable[str], site: Site) -> FaultSet:
    """Validate fault specs against ``site``; ValueError names the bad spec and the known ones."""
    return FaultSet(tuple(_parse_one(spec.strip(), site) for spec in specs))


def _parse_one(spec: str, site: Site) -> Fault:
    name, _, target = spec.partition(":")
    if name not in FAULTS:
        known = ", ".join(FAULTS)
        raise ValueError(f"unknown fault {spec!r}; known: {known} (--fault list describes them)")
    if name in _ISENET_FAULTS:
        return Fault(name, _isenet_target(spec, target, site))
    if name in _HOST_FAULTS:
        return Fault(name, _host_target(spec, target, site))
    if target:
        raise ValueError(f"fault {name!r} takes no target (got {spec!r})")
    return Fault(name)


def _isenet_target(spec: str, target: str, site: Site) -> str:
    names = [i.name for i in site.isenets]
    if not names:
        raise ValueError(f"fault {spec!r}: the site has no ISENet")
    if not target:
        return names[-1]
    if target not in names:
        raise ValueError(f"fault {spec!r}: no ISENet {target!r}; the site has {', '.join(names)}")
    return target


def _host_target(spec: str, target: str, site: Site) -> str:
    copies = [h.name for h in site.hosts if h.commparam and h.commparam.kind == "copy"]
    if not target:
        if not copies:
            raise ValueError(f"fault {spec!r}: no host has a collected CommParam.ini copy")
        return copies[-1]
    if target not in copies:
        raise ValueError(
            f"fault {spec!r}: {target!r} is not a host with a CommParam.ini copy "
            f"(those are: {', '.join(copies) or 'none'})"
        )
    return target
