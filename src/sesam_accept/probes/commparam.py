"""Read the RPC port from a host's ``CommParam.ini`` — read-only, never a guess.

The format is not documented beyond "the port can be changed there", so the reader accepts what
Windows' own INI functions accept: optional ``[section]`` headers, ``key=value`` lines, ``;`` and
``#`` comments, any whitespace and line ending, and the encodings Windows editors write (UTF-8 with
or without BOM, UTF-16 with BOM, else the ANSI code page cp1252). Without an explicit section/key
it takes the one key whose name ends in ``port`` and holds a port number; zero or several such keys
are an error that lists them. The file is opened for reading only.
"""

from __future__ import annotations

import os
import re
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

from ..errors import CommParamError, CommParamTimeout
from ..results import Outcome, ProbeResult
from ..texts import Said, Value, say
from .trial import Trial

#: A CommParam.ini is a few hundred bytes; anything far larger is not one.
MAX_BYTES = 1 << 20
#: Seconds the engine lets one CommParam.ini read take. On a UNC path a share that does not
#: answer can block open()/read() for minutes (or for good); the run goes on without it.
READ_TIMEOUT = 10.0
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_SECTION = re.compile(r"^\[(.*)\]$")


@dataclass(frozen=True)
class CommParamValue:
    """The port read from one CommParam.ini, and exactly where it was found."""

    path: str
    port: int
    section: str | None  # None when the key stands before any section header
    key: str
    encoding: str  # "utf-8", "utf-8-sig", "utf-16-le", "utf-16-be" or "cp1252"
    line: int  # 1-based line of the key


@dataclass(frozen=True)
class _Entry:
    section: str | None
    key: str
    value: str
    line: int

    def where(self) -> Said:
        sec = f"[{self.section}] " if self.section is not None else ""
        return say("p.ini.entry", entry=f"{sec}{self.key}={self.value}", line=self.line)


def is_unc(path: str) -> bool:
    """True for a Windows UNC path such as ``\\\\server\\share\\CommParam.ini``."""
    return path.startswith(("\\\\", "//"))


def _read_bytes(path: str) -> bytes:
    if is_unc(path) and sys.platform != "win32":
        raise CommParamError(path, say("p.ini.unc"))
    target = Path(path)
    if os.path.isdir(target):  # never raises, unlike Path.is_dir() on EACCES
        raise CommParamError(path, say("p.ini.directory"))
    try:
        with open(target, "rb") as handle:  # read-only: the file is never written
            data = handle.read(MAX_BYTES + 1)
    except FileNotFoundError as exc:
        raise CommParamError(path, say("p.ini.missing")) from exc
    except PermissionError as exc:
        raise CommParamError(path, say("p.ini.denied")) from exc
    except OSError as exc:
        raise CommParamError(
            path, say("p.ini.unreadable", reason=str(exc.strerror or exc))
        ) from exc
    if len(data) > MAX_BYTES:
        raise CommParamError(path, say("p.ini.too_large", limit=MAX_BYTES))
    return data


def read_bytes_within(path: str, seconds: float) -> bytes:
    """:func:`_read_bytes` in a daemon thread, waiting at most ``seconds``: CommParamTimeout if
    it has not returned by then. The thread is left behind blocked (a hung share cannot be
    interrupted); being a daemon it cannot keep the interpreter from exiting."""
    outcome: list[bytes | BaseException] = []
    done = threading.Event()

    def read() -> None:
        try:
            outcome.append(_read_bytes(path))
        except BaseException as exc:  # handed to the waiting thread below
            outcome.append(exc)
        finally:
            done.set()

    threading.Thread(target=read, name=f"read {path}", daemon=True).start()
    if not done.wait(seconds):
        raise CommParamTimeout(path, seconds)
    if isinstance(outcome[0], BaseException):
        raise outcome[0]
    return outcome[0]


def decode(data: bytes, path: str = "<bytes>") -> tuple[str, str]:
    """The text of an INI file and the encoding used; CommParamError for binary content."""
    encoding = next((name for bom, name in _BOMS if data.startswith(bom)), None)
    candidates = [encoding] if encoding else ["utf-8", "cp1252"]
    for name in candidates:
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        return _checked_text(text, path), name
    raise CommParamError(path, say("p.ini.not_text", encodings=" / ".join(candidates)))


def _checked_text(text: str, path: str) -> str:
    if _CONTROL.search(text):
        raise CommParamError(path, say("p.ini.binary"))
    return text.lstrip("\ufeff")


def _strip_value(raw: str) -> str:
    value = re.split(r"\s[;#]", raw, maxsplit=1)[0].strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        value = value[1:-1].strip()
    return value


def parse_entries(text: str) -> list[_Entry]:
    """Every ``key=value`` of an INI text, with its section and 1-based line number."""
    entries, section = [], None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line[0] in ";#":
            continue
        header = _SECTION.match(line)
        if header:
            section = header.group(1).strip()
        elif "=" in line:
            key, _, value = line.partition("=")
            if key.strip():
                entries.append(_Entry(section, key.strip(), _strip_value(value), number))
    return entries


def _port_value(entry: _Entry) -> int | None:
    text = entry.value
    if not text.isascii() or not text.isdigit():
        return None
    port = int(text)
    return port if 1 <= port <= 65535 else None


def _same_section(a: str | None, b: str | None) -> bool:
    return (a or "").casefold() == (b or "").casefold() and (a is None) == (b is None)


def _unique(path: str, hits: list[_Entry]) -> _Entry:
    """One entry per (section, key); the same key twice with different values is an error."""
    first = hits[0]
    for other in hits[1:]:
        if _same_section(first.section, other.section) and other.value != first.value:
            said = say("p.ini.duplicate", first=first.where(), other=other.where())
            raise CommParamError(path, said)
    return first


def _select_named(entries: list[_Entry], section: str | None, key: str | None) -> list[_Entry]:
    hits = [
        e
        for e in entries
        if (section is None or _same_section(e.section, section))
        and (key is None or e.key.casefold() == key.casefold())
    ]
    if key is None:
        hits = [e for e in hits if e.key.casefold().endswith("port")]
    return hits


def _groups(hits: list[_Entry]) -> list[list[_Entry]]:
    groups: dict[tuple[str, str], list[_Entry]] = {}
    for entry in hits:
        ident = ((entry.section or "").casefold(), entry.key.casefold())
        groups.setdefault(ident, []).append(entry)
    return list(groups.values())


def _describe(section: str | None, key: str | None) -> Said:
    what = "p.ini.key" if key is not None else "p.ini.port_key"
    if section is None:
        return say(what, key=repr(key))
    return say(f"{what}_in", key=repr(key), section=section)


def _choose(path: str, entries: list[_Entry], section: str | None, key: str | None) -> _Entry:
    chosen = [_unique(path, g) for g in _groups(_select_named(entries, section, key))]
    if key is not None:
        if not chosen:
            raise CommParamError(path, say("p.ini.no_key", what=_describe(section, key)))
        if len(chosen) > 1:
            listed = tuple(e.where() for e in chosen)
            said = say("p.ini.several_sections", what=_describe(section, key), listed=listed)
            raise CommParamError(path, said)
        return chosen[0]
    valid = [e for e in chosen if _port_value(e) is not None]
    if len(valid) == 1:
        return valid[0]
    seen: Value = tuple(e.where() for e in chosen) or say("p.ini.none")
    if not valid:
        what = _describe(section, key)
        raise CommParamError(path, say("p.ini.no_valid", what=what, seen=seen))
    raise CommParamError(path, say("p.ini.several", seen=seen))


def read_commparam_text(
    text: str, path: str, encoding: str, section: str | None = None, key: str | None = None
) -> CommParamValue:
    """Find the port in an already decoded INI text (see :func:`read_commparam`)."""
    entry = _choose(path, parse_entries(text), section, key)
    port = _port_value(entry)
    if port is None:
        raise CommParamError(path, say("p.ini.not_port", entry=entry.where()))
    return CommParamValue(path, port, entry.section, entry.key, encoding, entry.line)


def read_commparam(
    path: str | os.PathLike[str],
    section: str | None = None,
    key: str | None = None,
    *,
    timeout: float | None = None,
) -> CommParamValue:
    """Read the RPC port from ``path``; CommParamError (with path and reason) if impossible.

    With ``section``/``key`` (case-insensitive) that key is read; otherwise the one key whose name
    ends in ``port`` with a value 1–65535. Zero or several candidates, duplicates with different
    values, a missing, unreadable, binary or UNC-on-non-Windows file are errors, never a guess.
    With ``timeout``, a read that has not returned after that many seconds is a CommParamTimeout
    (:func:`read_bytes_within`).
    """
    name = os.fspath(path)
    data = _read_bytes(name) if timeout is None else read_bytes_within(name, timeout)
    text, encoding = decode(data, name)
    return read_commparam_text(text, name, encoding, section, key)


def commparam_check(
    path: str | os.PathLike[str],
    section: str | None = None,
    key: str | None = None,
    *,
    timeout: float = READ_TIMEOUT,
) -> ProbeResult:
    """The engine's view of :func:`read_commparam`: OPEN with the port, or ERROR with why not
    (also when the read has not returned within ``timeout`` seconds)."""
    trial = Trial(os.fspath(path), None, "commparam", "file")
    try:
        value = read_commparam(trial.address, section, key, timeout=timeout)
    except CommParamError as exc:
        hung = isinstance(exc, CommParamTimeout)
        trial.notes = [HUNG_NOTE] if hung else []
        error_class = "timeout" if hung else "error"
        read_timeout = {"read_timeout_s": timeout} if hung else {}
        return trial.result(Outcome.ERROR, exc.said, error_class=error_class, facts=read_timeout)
    facts = {
        "port": value.port,
        "encoding": value.encoding,
        "section": value.section,
        "key": value.key,
        "line": value.line,
    }
    where = f"[{value.section}] " if value.section is not None else ""
    entry = f"{where}{value.key}={value.port}"
    said = say("p.ini.value", entry=entry, line=value.line, encoding=value.encoding)
    trial.port = value.port
    return trial.result(Outcome.OPEN, said, facts=facts)


#: The note of a read that did not return in time.
HUNG_NOTE = say("p.ini.hung")
