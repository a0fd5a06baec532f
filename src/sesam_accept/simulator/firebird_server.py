"""Start a REAL Firebird 3 server (Debian's ``firebird3.0-server``) for tests and the demo.

What works (tested on Debian 12, Firebird 3.0.11, as root, also inside a network namespace):

- ``/usr/sbin/firebird -p PORT`` listens on ``PORT`` and answers ``op_connect``; it needs no init
  system. Run as root, it is started as user ``firebird`` (``setpriv``), and the lock directory
  ``/run/firebird3.0`` must exist and belong to ``firebird`` (created here if missing).
- The system configuration is never touched. Debian's ``/etc/firebird/3.0/firebird.conf`` says
  ``RemoteBindAddress = localhost``, which only works for 127.0.0.1; so the server gets a *private
  root directory* through the ``FIREBIRD`` environment variable: a temporary directory with copies
  of the ``*.conf`` files (``RemoteBindAddress`` set to the requested address) and symbolic links to
  ``firebird.msg``, ``intl``, ``plugins``, ``lib`` and ``UDF`` of
  ``/usr/lib/<multiarch>/firebird/3.0``. The security database stays the system one
  (``databases.conf``: ``$(dir_secDb)/security3.fdb``); it is only read when a client authenticates,
  which the probes never do.
- Not root: the server runs as the current user with a private lock directory
  (``FIREBIRD_LOCK``) and temp directory (``FIREBIRD_TMP``). It still answers ``op_connect``.
"""

from __future__ import annotations

import contextlib
import glob
import logging
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import EnvironmentProblem

log = logging.getLogger(__name__)

SERVER = Path("/usr/sbin/firebird")
CONFIG_DIR = Path("/etc/firebird/3.0")
LOCK_DIR = Path("/run/firebird3.0")
_LINKED = ("firebird.msg", "intl", "plugins", "lib", "UDF")
_CONFIGS = ("firebird.conf", "databases.conf", "plugins.conf", "fbtrace.conf", "fbintl.conf")


@dataclass
class FirebirdProcess:
    """A running Firebird server and its private root directory."""

    address: str
    port: int
    process: subprocess.Popen[bytes]
    root: Path
    log_file: Path = field(init=False)

    def __post_init__(self) -> None:
        self.log_file = self.root / "server.log"

    def stop(self, timeout: float = 5.0) -> None:
        """Stop the server (SIGTERM, then SIGKILL) and remove its private directory."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout)
        shutil.rmtree(self.root, ignore_errors=True)

    def output(self) -> str:
        """What the server wrote to stdout/stderr so far."""
        try:
            return self.log_file.read_text(errors="replace")
        except OSError:
            return ""


def unavailable_reason() -> str | None:
    """Why a real Firebird server cannot be started here, or None if it can."""
    if not sys.platform.startswith("linux"):
        return "a real Firebird server is only started on Linux (Debian's firebird3.0-server)"
    if not SERVER.exists():
        return f"{SERVER} is missing (install Debian's firebird3.0-server)"
    if _library_dir() is None:
        return "the Firebird 3.0 library directory /usr/lib/*/firebird/3.0 is missing"
    if not (CONFIG_DIR / "firebird.conf").exists():
        return f"{CONFIG_DIR / 'firebird.conf'} is missing"
    return None


def start_firebird(address: str, port: int, *, timeout: float = 20) -> FirebirdProcess | None:
    """Start Firebird listening on ``address:port``; None (reason logged) if it is not installed.

    Raises :class:`EnvironmentProblem` when the server is installed but does not come up.
    """
    reason = unavailable_reason()
    if reason is not None:
        log.warning("cannot start Firebird: %s", reason)
        return None
    root = Path(tempfile.mkdtemp(prefix="sesam-fb-"))
    try:
        env = _prepare_root(root, address)
        server = _launch(root, env, address, port)
    except BaseException:
        shutil.rmtree(root, ignore_errors=True)
        raise
    _wait_until_listening(server, timeout)
    return server


def _library_dir() -> Path | None:
    """``/usr/lib/<multiarch>/firebird/3.0`` (or ``/usr/lib/firebird/3.0``)."""
    found = sorted(glob.glob("/usr/lib/*/firebird/3.0")) + sorted(
        glob.glob("/usr/lib/firebird/3.0")
    )
    return Path(found[0]) if found else None


def _prepare_root(root: Path, address: str) -> dict[str, str]:
    """Fill the private root directory; the environment the server needs."""
    library = _library_dir()
    assert library is not None
    for name in _LINKED:
        if (library / name).exists():
            (root / name).symlink_to(library / name)
    for name in _CONFIGS:
        if (CONFIG_DIR / name).exists():
            shutil.copyfile(CONFIG_DIR / name, root / name)
    _set_bind_address(root / "firebird.conf", address)
    root.chmod(0o755)
    env = dict(os.environ, FIREBIRD=str(root))
    if os.geteuid() == 0:
        _ensure_lock_dir()
    else:
        for var, sub in (("FIREBIRD_LOCK", "lock"), ("FIREBIRD_TMP", "tmp")):
            (root / sub).mkdir()
            env[var] = str(root / sub)
    return env


def _set_bind_address(conf: Path, address: str) -> None:
    """Comment out every ``RemoteBindAddress`` line and bind to ``address`` instead."""
    lines = [
        f"#{line}" if line.strip().startswith("RemoteBindAddress") else line
        for line in conf.read_text().splitlines()
    ]
    lines.append(f"RemoteBindAddress = {address}")
    conf.write_text("\n".join(lines) + "\n")


def _ensure_lock_dir() -> None:
    """``/run/firebird3.0`` must exist and belong to ``firebird`` (root only)."""
    import pwd

    user = pwd.getpwnam("firebird")
    LOCK_DIR.mkdir(mode=0o770, exist_ok=True)
    os.chown(LOCK_DIR, user.pw_uid, user.pw_gid)


def _launch(root: Path, env: dict[str, str], address: str, port: int) -> FirebirdProcess:
    """Start the server process (as ``firebird`` when root), output to ``server.log``."""
    command = [str(SERVER), "-p", str(port)]
    if os.geteuid() == 0:
        command = ["setpriv", "--reuid=firebird", "--regid=firebird", "--init-groups", *command]
    with open(root / "server.log", "wb") as out:
        process = subprocess.Popen(
            command,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            cwd=root,
            start_new_session=True,
        )
    return FirebirdProcess(address, port, process, root)


def _wait_until_listening(server: FirebirdProcess, timeout: float) -> None:
    """Poll until the port accepts; stop the server and raise if it never does."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            break
        with (
            contextlib.suppress(OSError),
            socket.create_connection((server.address, server.port), timeout=0.5),
        ):
            return
        time.sleep(0.1)
    output = server.output()
    server.stop()
    raise EnvironmentProblem(
        f"Firebird did not listen on {server.address}:{server.port} within {timeout:g} s"
        f" (exit code {server.process.poll()}): {output.strip()[-500:]}"
    )
