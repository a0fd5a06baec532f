"""The lab as an Ansible fleet: an sshd in each host's namespace, a controller namespace, and
``ansible-playbook`` run there against ``sesam-accept inventory`` of the lab site.

Everything lives in the test's own folder (keys, sshd configs, pid files, Ansible's temp dirs,
each host's install dir) and the lab's namespaces; :class:`Fleet` stops what it started.
"""

from __future__ import annotations

import contextlib
import os
import re
import select
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import psutil
import yaml

from sesam_accept.simulator import lab_net as net
from sesam_accept.simulator.lab import Lab

ROOT = Path(__file__).resolve().parents[2]
PLAYBOOK = ROOT / "ansible" / "site-acceptance.yml"
CONTROLLER_ADDRESS = "10.77.1.250"
SSHD_READY_TIMEOUT = 20.0
PLAYBOOK_TIMEOUT = 420.0
SSHD = ("/usr/sbin/sshd", "-D", "-e", "-f")  # foreground, log to stderr, this config


def fleet_unavailable() -> str | None:
    """Why the Ansible lab cannot run here, or None."""
    if shutil.which("sshd", path="/usr/sbin:/usr/bin") is None:
        return "the Ansible lab needs sshd (Debian: openssh-server)"
    if shutil.which("ansible-playbook", path=str(Path(sys.executable).parent)) is None:
        return "the Ansible lab needs ansible-core (pip install -e '.[dev]')"
    return None


class Fleet:
    """sshd in the namespace of each lab host, a controller namespace, the playbook's files."""

    def __init__(self, lab: Lab, workdir: Path) -> None:
        self.lab, self.dir = lab, workdir
        self.controller = f"{lab.prefix}ctl"
        self.sshd: dict[str, subprocess.Popen[bytes]] = {}
        self.key = workdir / "id_ed25519"

    def start(self) -> None:
        """Keys, the controller namespace (on the hosts' switch), an sshd per host."""
        self.dir.mkdir(parents=True, exist_ok=True)
        _keygen(self.key)
        shutil.copy(self.key.with_suffix(".pub"), self.dir / "authorized_keys")
        _keygen(self.dir / "host_key")
        net.add_namespace(self.controller)
        address = f"{CONTROLLER_ADDRESS}/24"
        net.plug(self.controller, "eth0", self.lab.switch, "pctl", "br1", address)
        Path("/run/sshd").mkdir(exist_ok=True)  # sshd's privilege separation directory
        for host in self.hosts:
            self.start_sshd(host)

    @property
    def hosts(self) -> list[str]:
        """The lab site's hosts (computers, not ISENets)."""
        return [h.name for h in self.lab.site.hosts]

    def start_sshd(self, host: str) -> None:
        """An sshd on ``host``'s lab address taking only the test's key; wait until it listens."""
        config = self.dir / f"sshd-{host}.conf"
        config.write_text(
            f"ListenAddress {self.lab.address(host)}\nHostKey {self.dir / 'host_key'}\n"
            f"AuthorizedKeysFile {self.dir / 'authorized_keys'}\n"
            f"PidFile {self.dir / f'sshd-{host}.pid'}\n"
            "StrictModes no\nUsePAM no\nPasswordAuthentication no\n"
            "KbdInteractiveAuthentication no\nPermitRootLogin prohibit-password\n"
            "Subsystem sftp internal-sftp\n",
            encoding="utf-8",
        )
        proc = subprocess.Popen(
            ["ip", "netns", "exec", self.lab.namespace(host), *SSHD, str(config)],
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        self.sshd[host] = proc
        _wait_for(proc, b"Server listening", SSHD_READY_TIMEOUT, f"sshd of {host}")
        log = self.dir / f"sshd-{host}.log"  # keep reading: a full pipe would block sshd
        threading.Thread(target=_drain, args=(proc, log), daemon=True).start()

    def stop_sshd(self, host: str) -> None:
        """Stop ``host``'s sshd and its sessions: the host becomes unreachable for Ansible
        (also through a connection that Ansible's ssh keeps open between runs)."""
        proc = self.sshd.pop(host)
        sessions = psutil.Process(proc.pid).children(recursive=True)
        proc.terminate()
        proc.wait(10)
        for session in sessions:
            with contextlib.suppress(psutil.NoSuchProcess):
                session.kill()
        psutil.wait_procs(sessions, timeout=10)

    def close(self) -> None:
        """Stop every sshd; the lab removes the controller namespace with its own."""
        for host in list(self.sshd):
            self.stop_sshd(host)

    # -- Ansible ---------------------------------------------------------------------------

    def write_inventory(self, site_file: Path) -> Path:
        """``sesam-accept inventory`` of the site, with group_vars and host_vars beside it."""
        folder = self.dir / "inventory"
        (folder / "host_vars").mkdir(parents=True, exist_ok=True)
        (folder / "group_vars").mkdir(exist_ok=True)
        done = subprocess.run(
            [sys.executable, "-m", "sesam_accept", "inventory", str(site_file)],
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        (folder / "hosts.yml").write_text(done.stdout, encoding="utf-8")
        linux = {
            "ansible_user": "root",
            "ansible_ssh_private_key_file": str(self.key),
            "ansible_python_interpreter": "/usr/bin/python3",
        }
        (folder / "group_vars" / "linux.yml").write_text(yaml.safe_dump(linux), encoding="utf-8")
        for host in self.hosts:  # the namespaces share one file system: a folder each
            home = {"sesam_home": str(self.home(host))}
            (folder / "host_vars" / f"{host}.yml").write_text(yaml.safe_dump(home))
        return folder / "hosts.yml"

    def home(self, host: str) -> Path:
        """Where ``host`` keeps the kit, its venv, the site file and its reports."""
        return self.dir / "hosts" / host

    def playbook(
        self, inventory: Path, extra: dict[str, str], *options: str, cwd: Path
    ) -> PlaybookRun:
        """Run the playbook in the controller namespace from ``cwd`` (bounded in time)."""
        scratch = self.dir / "ansible"
        env = dict(os.environ) | {
            "ANSIBLE_NOCOLOR": "1",
            "ANSIBLE_PIPELINING": "True",
            "ANSIBLE_HOST_KEY_CHECKING": "False",
            "ANSIBLE_HOME": str(scratch),
            "ANSIBLE_LOCAL_TEMP": str(scratch / "local"),
            "ANSIBLE_REMOTE_TEMP": str(scratch / "remote"),
            "ANSIBLE_SSH_CONTROL_PATH_DIR": str(scratch / "cp"),
            "ANSIBLE_TIMEOUT": "10",
            "ANSIBLE_FORKS": "8",
        }
        bindir = Path(sys.executable).parent
        argv = [str(bindir / "ansible-playbook"), "-i", str(inventory), str(PLAYBOOK), *options]
        extra = extra | {"sesam_accept": str(bindir / "sesam-accept")}
        for name, value in extra.items():
            argv += ["-e", f"{name}={value}"]
        started = time.monotonic()
        done = subprocess.run(
            ["ip", "netns", "exec", self.controller, *argv],
            capture_output=True,
            text=True,
            timeout=PLAYBOOK_TIMEOUT,
            env=env,
            cwd=cwd,
            check=False,
        )
        print(f"ansible-playbook {' '.join(options)}: {time.monotonic() - started:.1f} s")
        return PlaybookRun(done.returncode, done.stdout + done.stderr)


@dataclass
class PlaybookRun:
    """What ``ansible-playbook`` (default output) said: exit status, per-task host status."""

    rc: int
    output: str

    def statuses(self, task: str) -> dict[str, str]:
        """Host → ``ok``/``changed``/``skipping``/``fatal``/... for the task named ``task``."""
        seen: dict[str, str] = {}
        current = None
        for line in self.output.splitlines():
            if line.startswith("TASK ["):
                current = line[len("TASK [") : line.rindex("]")]
            elif current == task and (match := _STATUS.match(line)):
                seen[match["host"]] = match["status"]
        return seen

    def recap(self) -> dict[str, dict[str, int]]:
        """The PLAY RECAP: host → counts (ok, changed, unreachable, failed, ...)."""
        text = self.output[self.output.rindex("PLAY RECAP") :]
        return {
            m["host"]: {k: int(v) for k, v in _COUNT.findall(m["counts"])}
            for m in _RECAP.finditer(text)
        }


_STATUS = re.compile(r"^(?P<status>ok|changed|skipping|fatal|failed): \[(?P<host>[^\]]+)\]")
_RECAP = re.compile(r"^(?P<host>\S+)\s+:\s+(?P<counts>.*)$", re.MULTILINE)
_COUNT = re.compile(r"(\w+)=(\d+)")


def linux_site(lab_site: Path, out: Path) -> Path:
    """The lab's site file with every host marked ``os: linux`` (next to it: collected/)."""
    data = yaml.safe_load(lab_site.read_text(encoding="utf-8"))
    for host in data["hosts"]:
        host["os"] = "linux"
    out.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return out


def _keygen(path: Path) -> None:
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(path)],
        check=True,
        capture_output=True,
        timeout=30,
    )


def _wait_for(proc: subprocess.Popen[bytes], marker: bytes, timeout: float, what: str) -> None:
    """Read ``proc``'s stderr until ``marker``; RuntimeError if it exits or times out."""
    assert proc.stderr is not None
    fd, seen, deadline = proc.stderr.fileno(), b"", time.monotonic() + timeout
    while marker not in seen:
        readable, _, _ = select.select([fd], [], [], max(deadline - time.monotonic(), 0))
        chunk = os.read(fd, 4096) if readable else b""
        if not chunk:
            raise RuntimeError(f"{what} did not start: {seen.decode(errors='replace')}")
        seen += chunk


def _drain(proc: subprocess.Popen[bytes], log: Path) -> None:
    assert proc.stderr is not None
    with log.open("ab") as out:
        shutil.copyfileobj(proc.stderr, out)
