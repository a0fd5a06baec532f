"""Firewall faults of the network-namespace lab, as nftables rulesets.

A rule is written ``[router:]ACTION:TARGET:PORT/PROTO[:ICMP-TYPE][:from=SOURCE]`` or
``ACTION:TARGET:icmp[:from=SOURCE]``:

- ``drop:SRV-DB:41800/tcp`` — the target's own input chain drops TCP 41800 (the sender sees a
  timeout);
- ``reject:SRV-DB:41800/tcp`` — answers ``tcp reset`` (refused), or the ICMP type given last
  (``reject:ISE-Tor1:69/tcp:admin-prohibited``); for UDP ``reject:SRV-DB:41799/udp`` answers
  ICMP ``admin-prohibited``, or the type given last (``...:41799/udp:port-unreachable``);
- ``router:drop:ISE-05:41796/tcp`` — the same in the router's forward chain, towards the target;
- ``drop:ISE-02:icmp`` — echo requests to the target are dropped (ping fails);
- ``reject:SRV-DB:41799/udp:from=WS-01`` — only what comes from WS-01's address is rejected.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

TABLE = "sa_lab"
ACTIONS = ("drop", "reject")
PROTOCOLS = ("tcp", "udp", "icmp")
ICMP_TYPES = (
    "admin-prohibited",
    "port-unreachable",
    "host-unreachable",
    "net-unreachable",
    "host-prohibited",
    "net-prohibited",
)


@dataclass(frozen=True)
class FirewallRule:
    """One firewall fault: what is dropped or rejected, towards which target, and where."""

    action: str  # drop | reject
    target: str  # a host or ISENet name of the site
    protocol: str  # tcp | udp | icmp
    port: int | None = None  # None for icmp
    in_router: bool = False  # False: the target's input chain; True: the router's forward chain
    icmp_type: str = ""  # what a reject answers: "" is a TCP reset, for UDP admin-prohibited
    source: str | None = None  # only packets from this host or ISENet (None: from anywhere)

    def __str__(self) -> str:
        where = "router:" if self.in_router else ""
        what = "icmp" if self.port is None else f"{self.port}/{self.protocol}"
        only = f":from={self.source}" if self.source else ""
        return f"{where}{self.action}:{self.target}:{what}{only}"

    def statement(self, address: str, source_address: str | None = None) -> str:
        """The nft rule (for the input chain, or for the forward chain towards ``address``),
        limited to packets from ``source_address`` when the rule names a source."""
        match = f"ip daddr {address} " if self.in_router else ""
        match += f"ip saddr {source_address} " if source_address else ""
        if self.protocol == "icmp":
            match += "icmp type echo-request"
        else:
            match += f"{self.protocol} dport {self.port}"
        return f"{match} {self._verdict()}"

    def _verdict(self) -> str:
        if self.action == "drop":
            return "drop"
        if self.protocol == "tcp" and not self.icmp_type:
            return "reject with tcp reset"
        return f"reject with icmp type {self.icmp_type or 'admin-prohibited'}"


def parse_rule(spec: str, names: Iterable[str]) -> FirewallRule:
    """Parse one rule spec; ValueError names what is wrong."""
    parts = spec.split(":")
    in_router = parts[0] == "router"
    if in_router:
        parts = parts[1:]
    known = set(names)
    source = None
    if len(parts) > 3 and parts[-1].startswith("from="):
        source, parts = parts[-1].removeprefix("from="), parts[:-1]
        if source not in known:
            raise ValueError(f"firewall rule {spec!r}: no host or ISENet called {source!r}")
    if len(parts) not in (3, 4) or parts[0] not in ACTIONS:
        raise ValueError(
            f"firewall rule {spec!r}: expected "
            "[router:]drop|reject:TARGET:PORT/PROTO[:ICMP-TYPE][:from=SOURCE]"
        )
    action, target, what = parts[:3]
    if target not in known:
        raise ValueError(f"firewall rule {spec!r}: no host or ISENet called {target!r}")
    protocol, port = _port_and_protocol(spec, what)
    icmp_type = parts[3] if len(parts) == 4 else ""
    if icmp_type and icmp_type not in ICMP_TYPES:
        raise ValueError(
            f"firewall rule {spec!r}: ICMP type must be one of {', '.join(ICMP_TYPES)}"
        )
    return FirewallRule(action, target, protocol, port, in_router, icmp_type, source)


def _port_and_protocol(spec: str, what: str) -> tuple[str, int | None]:
    if what == "icmp":
        return "icmp", None
    port_text, _, protocol = what.partition("/")
    if protocol not in ("tcp", "udp") or not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise ValueError(f"firewall rule {spec!r}: expected PORT/tcp, PORT/udp or icmp")
    return protocol, int(port_text)


def ruleset(rules: Iterable[FirewallRule], addresses: dict[str, str], *, router: bool) -> str:
    """The whole nft ruleset of one namespace (``nft -f -``), replacing the previous one.

    ``addresses`` maps target names to their lab address (used in the router's rules).
    """
    chain = "forward" if router else "input"
    lines = [f"table ip {TABLE}", f"delete table ip {TABLE}", f"table ip {TABLE} {{"]
    lines.append(f"  chain {chain} {{")
    lines.append(f"    type filter hook {chain} priority 0; policy accept;")
    lines += [
        f"    {rule.statement(addresses[rule.target], addresses.get(rule.source or ''))}"
        for rule in rules
    ]
    lines += ["  }", "}", ""]
    return "\n".join(lines)
