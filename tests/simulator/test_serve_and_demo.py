"""``python -m sesam_accept.simulator serve`` and the demo's working directory."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from sesam_accept.loader import load_site
from sesam_accept.probes.commparam import read_commparam
from sesam_accept.simulator import SiteSimulator
from sesam_accept.simulator.demo import demo_site_file, prepare_workdir

DEMO_HOSTS = ["SRV-DB", "SRV-COMM", "WS-01", "WS-02"]


def site_file_on_my_range(tmp_path: Path) -> Path:
    """The demo site moved to 127.0.3.0/24 (this helper's range) with one ISENet."""
    data = yaml.safe_load(demo_site_file().read_text(encoding="utf-8"))
    for n, host in enumerate(data["hosts"]):
        host["addresses"] = [f"127.0.3.{101 + n}/8"]
    data["isenets"] = data["isenets"][:1]
    data["isenets"][0]["address"] = "127.0.3.120"
    data["confirmations"] = data["confirmations"][:1]
    path = tmp_path / "site.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def test_serve_prints_ready_and_stops_on_sigterm(tmp_path: Path) -> None:
    site_file = site_file_on_my_range(tmp_path)
    argv = [sys.executable, "-m", "sesam_accept.simulator", "serve", str(site_file)]
    argv += ["--firebird", "standin", "--only", "SRV-COMM", "--only", "ISE-Tor1"]
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        lines = [proc.stdout.readline().strip() for _ in range(2)]
        assert lines == ["firebird: none", "ready"]
        socket.create_connection(("127.0.3.102", 41801), 2).close()
        proc.terminate()  # SIGTERM: the simulator stops cleanly and exits 0
        assert proc.wait(10) == (0 if sys.platform != "win32" else proc.returncode)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(5)
    with pytest.raises(OSError):
        socket.create_connection(("127.0.3.102", 41801), 1).close()
    assert (tmp_path / "demo" / "SRV-COMM" / "CommParam.ini").exists()


def test_serve_rejects_an_unknown_fault(tmp_path: Path) -> None:
    site_file = site_file_on_my_range(tmp_path)
    argv = [sys.executable, "-m", "sesam_accept.simulator", "serve", str(site_file)]
    done = subprocess.run([*argv, "--fault", "nope"], capture_output=True, text=True, timeout=30)
    assert done.returncode == 2
    assert "unknown fault 'nope'" in done.stderr
    assert "isenet-missing" in done.stderr


def test_demo_workdir_holds_only_the_site_file(tmp_path: Path) -> None:
    workdir = prepare_workdir(tmp_path / "reports")
    assert [p.name for p in workdir.iterdir()] == ["demo.yaml"]
    assert prepare_workdir(tmp_path / "reports") != workdir  # never reuses a directory


def test_demo_site_copy_gets_its_commparam_files(tmp_path: Path) -> None:
    workdir = prepare_workdir(tmp_path)
    shutil.copy2(site_file_on_my_range(tmp_path), workdir / "demo.yaml")  # keep to my range
    site = load_site(workdir / "demo.yaml")
    with SiteSimulator(site, only=DEMO_HOSTS, firebird="standin") as sim:
        assert sorted(sim.commparam_files) == sorted(DEMO_HOSTS)
    for name in DEMO_HOSTS:
        path = workdir / "demo" / name / "CommParam.ini"
        assert read_commparam(path).port == 41801


def test_demo_site_file_is_valid_and_on_loopback() -> None:
    site = load_site(demo_site_file())
    assert str(site.software_version) == "2.3-1"
    assert [h.address for h in site.hosts] == [f"127.0.10.{n}" for n in range(1, 5)]
    assert [i.address for i in site.isenets] == [f"127.0.20.{n}" for n in range(1, 7)]
    assert all(h.commparam is not None and h.commparam.kind == "copy" for h in site.hosts)
    assert all(i.mac and i.serial and i.firmware for i in site.isenets)
    assert len(site.confirmations) == 2


def test_a_port_in_use_is_one_clear_error_naming_the_holder(tmp_path: Path) -> None:
    import socket

    from sesam_accept.errors import PortInUse
    from sesam_accept.simulator.services import bind

    holder = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    holder.bind(("127.0.3.250", 0))
    port = holder.getsockname()[1]
    second = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        with pytest.raises(PortInUse, match=rf"127\.0\.3\.250:{port}/udp is already in use by pid"):
            bind(second, "127.0.3.250", port)
    finally:
        second.close()
        holder.close()
