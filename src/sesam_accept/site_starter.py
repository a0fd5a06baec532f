"""The starting site file of ``sesam-accept init``: its text, and writing it with the schema.

The explanations are not written twice: every comment of the starting file comes from
``site_configs/example.yaml`` (the annotated example), section by section. The sections whose
values are the vendor's defaults (ports, rare checks, timing, discovery) are copied as they are;
the site-specific ones (site, hosts, ISENets, waivers, confirmations) get placeholders or what
``--discover`` found, with the example's entries below them as comments.

The file fails validation on purpose until an engineer has replaced every :data:`PLACEHOLDER`
(the software version and the host addresses): no check can ever go to an address nobody wrote
down, and ``sesam-accept validate`` names each placeholder left, with its line.
"""

from __future__ import annotations

import ipaddress
import json
import re
import socket
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from . import __version__
from .errors import ConfigError, SesamAcceptError
from .probes.isenet_discovery import Board, Discovery
from .probes.isenet_wire import SERIAL_SOURCE
from .report import write_atomic
from .shipped import SITE_SCHEMA
from .site_schema import site_schema_text

PLACEHOLDER = "FILL-IN"
SCHEMA_NAME = SITE_SCHEMA
#: The example's sections copied with their values: the vendor document's defaults.
_AS_IS = ("ports", "rare_checks", "timing", "discovery", "confirmations_max_age_days")
_KEY_LINE = re.compile(r"^(?P<head>\s+)(?P<key>\w+):\s*(?P<value>[^#]*?)(?P<tail>\s+#.*)?$")


@dataclass(frozen=True)
class Section:
    """One top-level key of the example: the comment above it and the lines below it."""

    comment: tuple[str, ...]
    body: tuple[str, ...]
    line: str  # the key's own line, as the example writes it (a scalar's value stands on it)


def example_sections(text: str) -> dict[str, Section]:
    """The example's sections by key, in order (its own header, about the example, is left)."""
    lines = text.splitlines()
    starts = [i for i, line in enumerate(lines) if re.match(r"^[a-z_]+:", line)]
    sections: dict[str, Section] = {}
    for n, start in enumerate(starts):
        end = _comment_start(lines, starts[n + 1]) if n + 1 < len(starts) else len(lines)
        body = lines[start + 1 : end]
        while body and not body[-1].strip():
            body.pop()
        key = lines[start].split(":", 1)[0]
        comment = lines[_comment_start(lines, start) : start]
        sections[key] = Section(tuple(comment), tuple(body), lines[start])
    return sections


def _comment_start(lines: Sequence[str], key_line: int) -> int:
    """The first line of the comment block directly above ``key_line``."""
    first = key_line
    while first > 0 and lines[first - 1].startswith("#"):
        first -= 1
    return first


def _scalar(value: str) -> str:
    """A YAML double-quoted scalar (JSON's string form is valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def _commented(lines: Sequence[str]) -> list[str]:
    """Lines turned into comments at the block's indentation (deleting ``# `` restores them),
    keeping the example's comment columns."""
    indent = min((len(x) - len(x.lstrip()) for x in lines if x.strip()), default=0)
    return [f"{x[:indent]}# {x[indent:]}" if x.strip() else x for x in lines]


def _fill(body: Sequence[str], values: dict[str, str]) -> list[str]:
    """The example's ``key: value  # comment`` lines with our values; keys without one are
    commented out. Each explanation keeps its column (or moves right of a longer value)."""
    out = []
    for line in body:
        match = _KEY_LINE.match(line)
        if match is None:
            out.append(line)
            continue
        head, key, tail = match["head"], match["key"], (match["tail"] or "").lstrip()
        text = (
            f"{head}{key}: {values[key]}" if key in values else f"{head}# {key}: {match['value']}"
        )
        column = len(line) - len(tail)
        out.append(f"{text.ljust(column - 1)} {tail}" if tail else text)
    return out


# -- the sections of the starting file ------------------------------------------------------


def _header(file_name: str) -> list[str]:
    return [
        f"# Sesam site file, started by `sesam-accept init` (sesam-accept {__version__}).",
        "#",
        f"# Replace every {PLACEHOLDER}, then check the file (that sends nothing):",
        f"#   sesam-accept validate {file_name}",
        f"# Until then `validate` names each {PLACEHOLDER} left, with its line: the file is",
        "# meant to fail, so that no check ever goes to an address nobody wrote down.",
        "# The comments are those of site_configs/example.yaml, the annotated example of",
        "# sesam-accept, whose entries stand below each section as examples.",
        f"# Editors complete and check this file with the JSON Schema beside it, {SCHEMA_NAME}",
        "# (e.g. VS Code + the YAML extension: see the next line).",
        f"# yaml-language-server: $schema={SCHEMA_NAME}",
    ]


def _site(section: Section, site_name: str) -> list[str]:
    values = {
        "name": _scalar(site_name),
        "software_version": _scalar(PLACEHOLDER),
        "language": "de",
    }
    return [*section.comment, "site:", *_fill(section.body, values)]


def _host(name: str, addresses: Sequence[str], role: str, note: str) -> list[str]:
    listed = ", ".join(addresses)
    return [
        f"  - name: {_scalar(name)}",
        f"    addresses: [{listed}]".ljust(36) + f"  # {note}",
        f"    roles: [{role}]",
    ]


def _comm_addresses(discovery: Discovery | None) -> list[str]:
    if discovery is None or not discovery.interfaces:
        return [PLACEHOLDER]
    found = []
    for iface in discovery.interfaces:
        net = ipaddress.IPv4Interface(f"{iface.address}/{iface.netmask or 32}")
        found.append(str(net))
    return found


def _hosts(section: Section, discovery: Discovery | None) -> list[str]:
    ask = f"{PLACEHOLDER}: its IPv4 address(es), with /prefix"
    comm_name, comm_note = "SRV-COMM", ask
    if discovery is not None and discovery.interfaces:
        comm_name, comm_note = socket.gethostname(), "this machine, where --discover ran"
    return [
        *section.comment,
        "hosts:",
        *_host("SRV-DB", [PLACEHOLDER], "db", ask),
        *_host(comm_name, _comm_addresses(discovery), "comm", comm_note),
        *_host("WS-01", [PLACEHOLDER], "workstation", ask),
        "  # The hosts of site_configs/example.yaml (every key explained):",
        *_commented(section.body),
    ]


def _board_line(board: Board) -> str:
    name = "ISE-" + board.address.replace(".", "-")
    fields = [f"name: {name}", f"address: {board.address}"]
    fields += [f"mac: {_scalar(board.mac)}"] if board.mac else []
    fields += [f"serial: {_scalar(board.serial)}"]
    fields += [f"firmware: {_scalar(board.firmware)}"] if board.firmware else []
    return "  - {" + ", ".join(fields) + "}"


def board_text(board: Board) -> str:
    """One found board in a line, with how often it answered the same."""
    return (
        f"{board.address}: {board.device_type} MAC {board.mac or '(none in the answer)'} "
        f"serial {board.serial} firmware {board.firmware or '(no F4 answer)'} "
        f"({board.answers} identical answer(s))"
    )


def search_summary(discovery: Discovery) -> list[str]:
    """What the search did and found, in lines (the file's comment and the command's output)."""
    sources = ", ".join(f"{i.address} ({i.interface})" for i in discovery.interfaces)
    if not discovery.interfaces:
        return ["no network interface besides loopback has a broadcast address: nothing searched"]
    left_out = {b.address for _, boards in discovery.conflicts for b in boards}
    lines = [
        f"broadcast search F6/F4 from {sources} to {', '.join(discovery.broadcasts)}: "
        f"asked {discovery.rounds} times, listened {discovery.window:g} s",
        f"{len(discovery.boards)} ISENet(s) found"
        + (f"; {len(left_out)} address(es) left out for a conflict" if left_out else ""),
    ]
    lines += [f"conflict: {what}" for what, _ in discovery.conflicts]
    return lines + [f"note: {n}" for n in discovery.notes]


def _isenets(section: Section, discovery: Discovery | None) -> list[str]:
    example = ["  # The ISENets of site_configs/example.yaml:", *_commented(section.body)]
    if discovery is None:
        head = [f"isenets: []   # {PLACEHOLDER}: one line per ISENet, like the examples below;"]
        head += ["              # or run `sesam-accept init --discover` on the SesComm host"]
        return [*section.comment, *head, *example]
    lines = [*section.comment, "isenets:" if discovery.boards else "isenets: []"]
    lines += ["  # Found by `sesam-accept init --discover`:"]
    for line in search_summary(discovery):
        lines += _wrapped(line, "  #   ")
    lines += _wrapped(
        "MAC, serial and firmware are as the boards reported them; "
        + SERIAL_SOURCE["en"]
        + " (compare one board's label with it). Name each board after its place. ISENets "
        "behind a router do not hear a broadcast: add them by hand.",
        "  # ",
    )
    lines += [_board_line(b) for b in discovery.boards]
    for what, boards in discovery.conflicts:
        if boards:
            lines += _wrapped(f"Left out, {what}: find out which is right, then add it.", "  # ")
            lines += ["  # " + _board_line(b).lstrip() for b in boards]
    return [*lines, *example]


def _wrapped(text: str, prefix: str) -> list[str]:
    """``text`` as comment lines of at most 96 characters."""
    rest = prefix.rstrip() + "   " if prefix.rstrip().endswith("#") else prefix
    return textwrap.wrap(text, 96, initial_indent=prefix, subsequent_indent=rest)


def _as_examples(key: str, section: Section) -> list[str]:
    return [*section.comment, f"{key}: []", *_commented(section.body)]


def starter_text(
    site_name: str, file_name: str, example_text: str, discovery: Discovery | None = None
) -> str:
    """The whole starting site file."""
    sections = example_sections(example_text)
    parts = [
        _header(file_name),
        _site(sections["site"], site_name),
        _hosts(sections["hosts"], discovery),
        _isenets(sections["isenets"], discovery),
        *([*sections[k].comment, sections[k].line, *sections[k].body] for k in _AS_IS),
        _as_examples("waivers", sections["waivers"]),
        _as_examples("confirmations", sections["confirmations"]),
    ]
    return "\n\n".join("\n".join(p) for p in parts) + "\n"


# -- writing -------------------------------------------------------------------------------


def refuse_existing(target: Path, schema_text: str) -> None:
    """ConfigError when ``target`` exists, or a different schema is already beside it."""
    schema = target.parent / SCHEMA_NAME
    try:
        taken, schema_there = target.exists() or target.is_symlink(), schema.exists()
    except OSError as exc:  # e.g. a name longer than the file system allows
        raise SesamAcceptError(f"cannot write {target}: {exc.strerror or exc}") from None
    if taken:
        raise ConfigError(f"{target} already exists: nothing written (init never overwrites)")
    if schema_there and _read(schema) != schema_text:
        raise ConfigError(
            f"{schema} already exists and is not this version's schema: nothing written "
            "(init never overwrites; move it away or write the site file to another folder)"
        )


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def write_starter(target: Path, text: str, schema_text: str) -> list[Path]:
    """Write the site file (and the schema beside it, unless the same one is there already),
    each atomically; the files written. A failure leaves nothing of this call behind."""
    refuse_existing(target, schema_text)
    made = _make_folders(target.parent)
    schema = target.parent / SCHEMA_NAME
    written: list[Path] = []
    try:
        if not schema.exists():
            write_atomic(schema, schema_text)
            written.append(schema)
        refuse_existing(target, schema_text)  # again, just before: never replace a new file
        write_atomic(target, text)
        written.append(target)
    except BaseException as exc:
        for path in [*reversed(written), *reversed(made)]:  # files, then folders, deepest first
            path.unlink() if path.is_file() else path.rmdir()
        if isinstance(exc, OSError):
            raise SesamAcceptError(f"cannot write {target}: {exc.strerror or exc}") from None
        raise
    return written


def _make_folders(folder: Path) -> list[Path]:
    """Create ``folder`` and its missing parents; the ones created, deepest last."""
    missing = [p for p in [folder, *folder.parents] if not p.exists()]
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SesamAcceptError(f"cannot create {folder}: {exc.strerror or exc}") from None
    return list(reversed(missing))


# -- the command ---------------------------------------------------------------------------


def init_site_file(target: Path, *, discover: bool, window: float) -> int:
    """``sesam-accept init [FILE] [--discover]``: write the starting file; exit status 0."""
    from .resources import site_config

    schema_text = site_schema_text()
    example_text = site_config("example.yaml").read_text(encoding="utf-8")
    refuse_existing(target, schema_text)  # before the search: say it at once
    discovery = None
    if discover:
        from .probes.isenet_discovery import discover as search

        discovery = search(window)
        for line in search_summary(discovery):
            print(line)
        for board in discovery.boards:
            print(f"  {board_text(board)}")
    text = starter_text(target.stem, str(target), example_text, discovery)
    for path in write_starter(target, text, schema_text):
        print(f"wrote {path}")
    print(f"next: replace every {PLACEHOLDER} in {target}, then: sesam-accept validate {target}")
    return 0
