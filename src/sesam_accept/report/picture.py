"""The site picture: an inline SVG of the site, drawn from a run's results alone.

A results file records no subnets and no roles, so the picture takes what the checks say: the
catalog gives the role of each check's source and target (a check of ``FB-TCP`` leads to the DB
host, one of ``ISE-CMD`` from the SesComm host to an ISENet), the checks give the address each
path led to, the evidence the address a probe left from. Addresses are grouped into bands by
/24 (IPv6: /64), which the picture says, since a site's real masks are not in the results.

Every checked network path (a TCP or UDP check from one machine to another) is one line in its
verdict's colour, a link to the check's row, whose evidence opens there (``report.css``,
``:target``): no script. Above :data:`GROUP_ABOVE` ISENets a band's ISENets are one node and a
line stands for one requirement's paths to all of them, in its worst verdict's colour, with the
counts per verdict, leading to a check of that worst verdict.

The layout (:func:`layout`) is pure: data in, positions out; :func:`render_picture` puts it
into the ``picture.html`` template.
"""

from __future__ import annotations

import ipaddress
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from markupsafe import Markup

from ..catalog import CATALOG
from ..results import CheckResult, RunRecord, Verdict
from ..texts import texts
from .diff import KINDS
from .markup import anchor, render
from .rollup import SEVERITY

#: The protocols of a network path (a file, a local listener or a flow is not one line).
NETWORK_PROTOCOLS = ("tcp", "udp")
#: Up to this many ISENets each is a node; above, one node per band stands for its ISENets.
GROUP_ABOVE = 24
#: The roles a host can hold, in the order a band lists hosts (catalog role names).
HOST_ROLES = ("db", "comm", "workstation")
ISENET = "isenet"
#: A band's prefix length when the results give no mask (IPv4, IPv6).
BAND_PREFIX = {4: 24, 6: 64}
#: The band of machines whose address the results do not give.
UNKNOWN_BAND = ""

# Geometry, in SVG user units (the SVG scales to the page's width).
WIDTH = 960
MARGIN = 10
LABEL_W = 150  # the band's label column
NODE_W, NODE_H = 132, 44
COL = NODE_W + 16
ROW_GAP = 50  # between two rows of nodes in a band: room for lines to pass
BAND_PAD = 16
ARCH_ROOM = 30  # more room above a band of hosts: the lines between them arch over their row
BAND_GAP = 12
FAN = 7  # between parallel lines of one pair of nodes
NAME_CHARS = 19  # a node's name is cut beyond this (its full name is its tooltip)


@dataclass(frozen=True)
class Machine:
    """A host or an ISENet as the results describe it."""

    name: str
    roles: tuple[str, ...]  # of HOST_ROLES, or (ISENET,)
    address: str  # "" when the results do not give it

    @property
    def is_isenet(self) -> bool:
        """True for an ISENet (the target of a requirement whose target role is ``isenet``)."""
        return ISENET in self.roles


@dataclass(frozen=True)
class Link:
    """One checked network path: a check from one machine to another on one port."""

    check_id: str
    requirement: str
    source: str
    target: str
    port: int
    protocol: str
    verdict: Verdict
    change: str = ""  # the diff's kind of change (diff.KINDS), "" when unchanged or no diff


@dataclass(frozen=True)
class Band:
    """A subnet: a horizontal band with its label."""

    label: str  # "10.78.1.0/24", or UNKNOWN_BAND
    y: float
    height: float


@dataclass(frozen=True)
class Node:
    """A drawn box: one machine, or (grouped) the ISENets of one band."""

    key: str
    name: str
    roles: tuple[str, ...]
    address: str
    x: float
    y: float
    count: int = 1  # ISENets it stands for (a group has more than one)
    counts: tuple[tuple[str, int], ...] = ()  # verdict -> paths, worst first (a group)

    @property
    def centre(self) -> tuple[float, float]:
        """Where its lines meet (under the box, which is drawn over them)."""
        return (self.x + NODE_W / 2, self.y + NODE_H / 2)


@dataclass(frozen=True)
class Line:
    """A drawn line: one path, or (grouped) one requirement's paths to a band's ISENets."""

    check_id: str  # the check it leads to ("" for none: no link)
    source: str
    target: str  # a Node key
    requirement: str
    port: int
    protocol: str
    verdict: str  # the worst verdict of its paths
    d: str  # SVG path data
    change: str = ""
    counts: tuple[tuple[str, int], ...] = ()  # verdict -> paths, worst first (a group)

    @property
    def paths(self) -> int:
        """How many network paths this line stands for."""
        return sum(n for _, n in self.counts) if self.counts else 1


@dataclass(frozen=True)
class Picture:
    """The laid-out picture: what the template draws."""

    width: float
    height: float
    bands: tuple[Band, ...]
    nodes: tuple[Node, ...]
    lines: tuple[Line, ...]
    grouped: bool
    isenets: int


# -- what the results say about the site ---------------------------------------------------


def is_network_path(result: CheckResult) -> bool:
    """A check of a path through the network between two machines: TCP or UDP, with the
    address and port it leads to (an ISENet's broadcast search too: it names the ISENet's
    address; not a listener, a file, a flow, a manual check or the search for unexpected
    devices, which leads to no one machine)."""
    check = result.check
    return (
        check.protocol in NETWORK_PROTOCOLS
        and check.address is not None
        and check.port is not None
        and check.source != check.target
        and check.requirement in CATALOG
    )


def links(results: Iterable[CheckResult], changes: Mapping[str, str] | None = None) -> list[Link]:
    """The network paths of ``results`` with their verdicts (and their change, in a diff)."""
    changes = changes or {}
    found = []
    for r in results:
        if not is_network_path(r):
            continue
        c = r.check
        assert c.port is not None
        found.append(
            Link(
                c.id,
                c.requirement,
                c.source,
                c.target,
                c.port,
                c.protocol,
                r.verdict,
                changes.get(c.id, ""),
            )
        )
    return found


def _roles(results: Iterable[CheckResult]) -> dict[str, set[str]]:
    """Each machine's roles, as the catalog gives them for the checks it is source or target
    of; a Sesam-software host that is neither DB nor SesComm host is a workstation."""
    roles: dict[str, set[str]] = defaultdict(set)
    for r in results:
        req = CATALOG[r.check.requirement]
        roles[r.check.source].add(req.source_role)
        roles[r.check.target].add(req.target_role)
    for held in roles.values():
        if ISENET not in held and not held & {"db", "comm"}:
            held.add("workstation")
    return roles


def _addresses(record: RunRecord, paths: Sequence[CheckResult]) -> dict[str, str]:
    """Each machine's address: the one its paths led to, else (the run's own host) the run's,
    else the one the evidence of its probes left from."""
    found: dict[str, str] = {}
    for r in paths:
        if r.check.address:
            found.setdefault(r.check.target, r.check.address)
    if record.info.addresses:
        found.setdefault(record.info.host, record.info.addresses[0])
    for r in paths:
        source = next((ev.source for ev in r.evidence if ev.source), None)
        if source and r.check.source not in found and record.info.addresses_local:
            found[r.check.source] = source
    return found


def machines(record: RunRecord, results: Sequence[CheckResult] | None = None) -> list[Machine]:
    """The hosts and ISENets the network paths of ``results`` (default: the record's) join."""
    paths = [r for r in (record.results if results is None else results) if is_network_path(r)]
    roles = _roles(paths)
    where = _addresses(record, paths)
    found = []
    for name, held in roles.items():
        kept = (ISENET,) if ISENET in held else tuple(r for r in HOST_ROLES if r in held)
        found.append(Machine(name, kept, where.get(name, "")))
    return found


def band_of(address: str) -> str:
    """The band an address is drawn in: its /24 (IPv6: /64) network, UNKNOWN_BAND if none."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return UNKNOWN_BAND
    return str(ipaddress.ip_network(f"{ip}/{BAND_PREFIX[ip.version]}", strict=False))


def _address_key(address: str) -> tuple[int, int]:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return (9, 0)
    return (ip.version, int(ip))


def _band_order(label: str, members: Sequence[Machine]) -> tuple[int, int, tuple[int, int]]:
    """Bands with hosts first, the unknown band right after them, then the ISENets' bands,
    each group in address order."""
    hosts = any(not m.is_isenet for m in members)
    if label == UNKNOWN_BAND:
        return (0 if hosts else 2, 1, (0, 0))
    return (0 if hosts else 1, 0, _address_key(label.split("/")[0]))


def _member_order(m: Machine) -> tuple[int, int, tuple[int, int], str]:
    first_role = min((HOST_ROLES.index(r) for r in m.roles if r in HOST_ROLES), default=9)
    return (int(m.is_isenet), first_role, _address_key(m.address), m.name)


def bands(found: Iterable[Machine]) -> list[tuple[str, list[Machine]]]:
    """The machines per band, bands and members in drawing order."""
    by_band: dict[str, list[Machine]] = defaultdict(list)
    for m in found:
        by_band[band_of(m.address)].append(m)
    ordered = sorted(by_band.items(), key=lambda item: _band_order(*item))
    return [(label, sorted(members, key=_member_order)) for label, members in ordered]


# -- layout ----------------------------------------------------------------------------------


def per_row(width: float = WIDTH) -> int:
    """How many nodes fit side by side in a band."""
    return max(1, int((width - 2 * MARGIN - LABEL_W + (COL - NODE_W)) // COL))


def _group_key(label: str) -> str:
    return f"isenets {label or '?'}"


def _counts(verdicts: Iterable[Verdict]) -> tuple[tuple[str, int], ...]:
    tally = Counter(verdicts)
    return tuple((v.value, tally[v]) for v in SEVERITY if tally[v])


def _place(
    grouped_bands: Sequence[tuple[str, list[Machine]]], group: bool, link_list: Sequence[Link]
) -> tuple[list[Band], list[Node], dict[str, str]]:
    """Bands and nodes with their positions; ``alias`` maps a machine to its node's key."""
    verdicts: dict[str, list[Verdict]] = defaultdict(list)
    for lk in link_list:
        verdicts[lk.target].append(lk.verdict)
    placed_bands, nodes, alias = [], [], {}
    y = float(MARGIN)
    cols = per_row()
    for label, members in grouped_bands:
        hosts = [m for m in members if not m.is_isenet]
        isenets = [m for m in members if m.is_isenet]
        boxes: list[tuple[str, str, tuple[str, ...], str, int, tuple[tuple[str, int], ...]]] = [
            (m.name, m.name, m.roles, m.address, 1, ()) for m in hosts
        ]
        if group and isenets:
            key = _group_key(label)
            alias.update({m.name: key for m in isenets})
            all_verdicts = [v for m in isenets for v in verdicts[m.name]]
            boxes.append((key, key, (ISENET,), label, len(isenets), _counts(all_verdicts)))
        else:
            boxes += [(m.name, m.name, m.roles, m.address, 1, ()) for m in isenets]
        rows = math.ceil(len(boxes) / cols)
        top = BAND_PAD + (ARCH_ROOM if hosts else 0)
        height = top + BAND_PAD + rows * NODE_H + (rows - 1) * ROW_GAP
        placed_bands.append(Band(label, y, height))
        for i, (key, name, roles, address, count, counts) in enumerate(boxes):
            row, col = divmod(i, cols)
            x = MARGIN + LABEL_W + col * COL
            node_y = y + top + row * (NODE_H + ROW_GAP)
            nodes.append(Node(key, name, roles, address, x, node_y, count, counts))
            alias.setdefault(name, key)
        y += height + BAND_GAP
    return placed_bands, nodes, alias


def curve(start: tuple[float, float], end: tuple[float, float], offset: float) -> str:
    """SVG path data of a gentle curve from ``start`` to ``end``, bent sideways by ``offset``
    (parallel lines of one pair of nodes stay apart); a curve between two nodes of one row
    also arches over the row, so it does not run under the nodes between them."""
    (x1, y1), (x2, y2) = start, end
    dx, dy = x2 - x1, y2 - y1
    length = math.hypot(dx, dy) or 1.0
    nx, ny = -dy / length, dx / length
    arch = -min(70.0, 0.3 * abs(dx)) if abs(dy) < 1 else 0.0
    cx = (x1 + x2) / 2 + nx * offset * 2
    cy = (y1 + y2) / 2 + ny * offset * 2 + arch
    return f"M{x1:.0f} {y1:.0f}Q{cx:.0f} {cy:.0f} {x2:.0f} {y2:.0f}"


def _worst_change(found: Iterable[str]) -> str:
    kinds = [k for k in found if k]
    return min(kinds, key=KINDS.index) if kinds else ""


def _bundle(group: Sequence[Link]) -> tuple[str, str, str, tuple[tuple[str, int], ...]]:
    """One line's check, verdict, change and counts for the paths it stands for: it leads to
    the worst change's first check in a diff, else to the worst verdict's first check."""
    counts = _counts(lk.verdict for lk in group)
    verdict = counts[0][0]
    change = _worst_change(lk.change for lk in group)
    lead = next(
        lk for lk in group if (lk.change == change if change else lk.verdict.value == verdict)
    )
    return lead.check_id, verdict, change, counts if len(group) > 1 else ()


def _drawing_order(line: Line) -> tuple[int, int]:
    """Lines that matter most are drawn last, on top: changes (regressions last), then the
    worse verdicts."""
    change = len(KINDS) - KINDS.index(line.change) if line.change else 0
    return (change, -SEVERITY.index(Verdict(line.verdict)))


def layout(found: Sequence[Machine], link_list: Sequence[Link], *, group: bool) -> Picture:
    """Positions of bands, nodes and lines. With ``group``, a band's ISENets are one node and
    the paths of one requirement (port, protocol) from one source to them are one line."""
    placed_bands, nodes, alias = _place(bands(found), group, link_list)
    centre = {n.key: n.centre for n in nodes}
    lines_of: dict[tuple[str, str, str, int, str], list[Link]] = defaultdict(list)
    for lk in link_list:
        key = (alias[lk.source], alias[lk.target], lk.requirement, lk.port, lk.protocol)
        if group or not lines_of[key]:
            lines_of[key].append(lk)
        else:  # two checks of one requirement on one path (not made by the plan): two lines
            lines_of[(key[0], key[1], lk.check_id, lk.port, lk.protocol)].append(lk)
    pairs: dict[tuple[str, str], list[tuple[str, str, str, int, str]]] = defaultdict(list)
    for key in sorted(lines_of):
        pairs[(key[0], key[1])].append(key)
    drawn = []
    for (source, target), keys in pairs.items():
        for i, key in enumerate(keys):
            check_id, verdict, change, counts = _bundle(lines_of[key])
            first = lines_of[key][0]
            offset = (i - (len(keys) - 1) / 2) * FAN
            d = curve(centre[source], centre[target], offset)
            line = Line(check_id, source, target, first.requirement, first.port, first.protocol,
                        verdict, d, change, counts)  # fmt: skip
            drawn.append(line)
    drawn.sort(key=_drawing_order)
    bottom = placed_bands[-1].y + placed_bands[-1].height if placed_bands else 0.0
    isenets = sum(1 for m in found if m.is_isenet)
    return Picture(
        WIDTH, bottom + MARGIN, tuple(placed_bands), tuple(nodes), tuple(drawn), group, isenets
    )


def site_picture(
    record: RunRecord,
    results: Sequence[CheckResult] | None = None,
    changes: Mapping[str, str] | None = None,
) -> Picture:
    """The laid-out picture of ``results`` (default: the record's), grouped above GROUP_ABOVE
    ISENets; ``changes`` (check id -> diff kind) marks the changed paths."""
    chosen = record.results if results is None else results
    found = machines(record, chosen)
    group = sum(1 for m in found if m.is_isenet) > GROUP_ABOVE
    return layout(found, links(chosen, changes), group=group)


# -- rendering -------------------------------------------------------------------------------


@dataclass(frozen=True)
class GroupRow:
    """A row of the table under a grouped picture: one line to a band's ISENets, counted."""

    line: Line
    group: Node
    counts: dict[str, int]  # verdict -> paths


def group_rows(picture: Picture) -> list[GroupRow]:
    """The lines to grouped ISENets with their counts per verdict, by source and band: what
    the picture shows as a colour and a tooltip, written out."""
    groups = {n.key: n for n in picture.nodes if ISENET in n.roles and picture.grouped}
    rows = [
        GroupRow(line, groups[line.target], dict(line.counts or ((line.verdict, 1),)))
        for line in picture.lines
        if line.target in groups
    ]
    return sorted(rows, key=lambda r: (r.line.source, r.group.y, r.line.requirement))


def short(name: str, limit: int = NAME_CHARS) -> str:
    """``name`` cut to ``limit`` characters with an ellipsis (the node's tooltip is whole)."""
    return name if len(name) <= limit else name[: limit - 1] + "…"


def render_picture(
    picture: Picture, language: str, *, linked: Iterable[str] | None = None, diff: bool = False
) -> Markup:
    """The picture as an HTML section with its inline SVG. A line links to its check's
    anchor; with ``linked``, only lines whose check is in it do (the others have no row on
    the page). ``diff``: a before/after picture, whose unchanged lines are pale."""
    t = texts(language)
    keep = None if linked is None else set(linked)
    return render(
        "picture.html",
        pic=picture,
        t=t,
        node_w=NODE_W,
        node_h=NODE_H,
        margin=MARGIN,
        short=short,
        href=lambda check_id: (
            f"#{anchor(check_id)}" if check_id and (keep is None or check_id in keep) else ""
        ),
        verdicts=[v.value for v in SEVERITY],
        diff=diff,
        rows=group_rows(picture),
    )


def report_picture(record: RunRecord, language: str) -> Markup:
    """The picture of a report: every network path of the record, each a link to its row."""
    return render_picture(site_picture(record), language)
