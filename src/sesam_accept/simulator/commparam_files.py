"""CommParam.ini files as a Sesam installation would have them, for the simulated hosts.

The format is not documented beyond "the RPC port can be changed there"; these files are written
the way Windows programs of that era write INI files: cp1252, CRLF, ``[Section]`` and ``Key=value``.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ..site import Host

DEFAULT_SECTION = "Comm"
DEFAULT_KEY = "RpcPort"


def commparam_text(host: Host, comm_address: str, port: int) -> str:
    """The content of ``host``'s CommParam.ini naming ``port`` as the RPC port."""
    location = host.commparam
    section = (location.section if location else None) or DEFAULT_SECTION
    key = (location.key if location else None) or DEFAULT_KEY
    lines = [
        "; Sesam CommParam.ini - Kommunikationsparameter",
        "; Änderungen des RPC-Ports auf allen Rechnern mit Sesam-Software vornehmen!",
        f"[{section}]",
        f"CommServer={comm_address}",
        f"{key}={port}",
        "Protocol=ncacn_ip_tcp",
        "Timeout=30",
        "",
        "[Log]",
        "Level=1",
        r"Path=C:\ProgramData\Sesam\Log",
        "",
    ]
    return "\r\n".join(lines)


def write_commparam(host: Host, comm_address: str, port: int) -> Path | None:
    """Write ``host``'s collected CommParam.ini copy (kind "copy"); None for other kinds."""
    location = host.commparam
    if location is None or location.kind != "copy" or location.resolved is None:
        return None
    path = location.resolved
    path.parent.mkdir(parents=True, exist_ok=True)
    _write_atomically(path, commparam_text(host, comm_address, port).encode("cp1252"))
    return path


def _write_atomically(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".commparam-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; a collected copy is an ordinary file
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
