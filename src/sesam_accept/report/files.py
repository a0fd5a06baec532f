"""Report files: safe names that never overwrite an earlier run, atomic writes, writable checks."""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path

from ..errors import PermissionProblem
from ..names import RESERVED_CHARACTERS, is_device_name

_UNSAFE = re.compile("[" + re.escape(RESERVED_CHARACTERS) + r"\x00-\x1f\x7f\s]+")
MAX_PART = 60  # characters per name part: keeps whole paths well under Windows' MAX_PATH
MAX_SUFFIX = 999


def safe_part(text: str) -> str:
    """``text`` as a file-name part that is valid on Windows and Linux (never empty)."""
    text = unicodedata.normalize("NFC", text)
    part = _UNSAFE.sub("-", text).strip(" .-")[:MAX_PART].rstrip(" .-")
    if not part:
        return "unnamed"
    return f"_{part}" if is_device_name(part) else part


def parse_time(text: str) -> dt.datetime:
    """An ISO 8601 time; also accepts a trailing ``Z``, which Python 3.10 does not."""
    return dt.datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith("Z") else text)


def _stamp(started: str | dt.datetime) -> str:
    try:
        when = parse_time(started) if isinstance(started, str) else started
    except ValueError:
        return safe_part(started)[:20] if isinstance(started, str) else "unknown-time"
    return when.strftime("%Y%m%d-%H%M%S")


def report_paths(
    reports_dir: str | Path,
    site: str,
    host: str,
    started: str | dt.datetime,
    exts: Sequence[str],
) -> tuple[Path, ...]:
    """``<site>_<host>_<YYYYmmdd-HHMMSS>.<ext>`` for each ext, sharing one stem none of them has.

    When a file of that name exists for any ext, ``-2``, ``-3`` … is appended to the stem, so
    an earlier run's report is never overwritten and a run's HTML and JSON keep one name.
    """
    folder = Path(reports_dir)
    base = f"{safe_part(site)}_{safe_part(host)}_{_stamp(started)}"
    for number in range(1, MAX_SUFFIX + 1):
        stem = base if number == 1 else f"{base}-{number}"
        paths = tuple(folder / f"{stem}.{ext.lstrip('.')}" for ext in exts)
        if not any(p.exists() for p in paths):
            return paths
    raise PermissionProblem("create another report file", str(folder), "too many reports")


def report_path(
    reports_dir: str | Path, site: str, host: str, started: str | dt.datetime, ext: str
) -> Path:
    """One report file's path (see :func:`report_paths`)."""
    return report_paths(reports_dir, site, host, started, (ext,))[0]


def _sync_dir(folder: Path) -> None:
    """Make a rename durable on POSIX; Windows has no directory handles to sync."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _plain_file_mode() -> int:
    """The mode an ordinary new file gets here (0666 less the process umask)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


_PLAIN_FILE_MODE = _plain_file_mode()


def write_atomic(path: str | Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` so that readers see the old file or the whole new one."""
    write_pieces_atomic(path, [text.encode("utf-8")])


def write_pieces_atomic(path: str | Path, pieces: Iterable[bytes | memoryview]) -> None:
    """Write ``pieces`` one after another to ``path``, readers seeing the old file or the new.

    The pieces go to a temporary file in the same directory, are flushed to disk, then renamed
    over ``path``; on any error the temporary file is removed and the error re-raised. Views
    into one large buffer are written without joining them into a second copy.
    """
    target = Path(path)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.writelines(pieces)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, _PLAIN_FILE_MODE)  # mkstemp makes 0600; a report is shared
        os.replace(tmp_name, target)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    _sync_dir(target.parent)


def check_writable(folder: str | Path) -> Path:
    """Create ``folder`` if needed and prove a file can be written there; return it.

    Raise :class:`PermissionProblem` with one clear sentence when it cannot.
    """
    path = Path(folder)
    try:
        path.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=path, prefix=".sesam-accept-probe-"):
            pass
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise PermissionProblem(
            "write reports",
            str(path),
            f"{reason}; choose a writable reports directory or fix its permissions",
        ) from None
    return path
