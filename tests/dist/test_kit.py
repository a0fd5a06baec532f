"""The offline install kits: complete for their platform and every supported Python, and the
Linux kit installs and runs the demo in a network namespace that has only loopback."""

from __future__ import annotations

import email.parser
import os
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.tags import Tag, compatible_tags, cpython_tags
from packaging.utils import canonicalize_name, parse_wheel_filename

from sesam_accept.simulator.lab_net import lab_unavailable

from .conftest import ROOT, demo_outside, install

PYTHONS = ((3, 10), (3, 11), (3, 12), (3, 13))
#: The target environments, written out here on their own (not taken from scripts/kit.py).
TARGETS = {
    "win_amd64": (
        ["win_amd64"],
        {
            "os_name": "nt",
            "sys_platform": "win32",
            "platform_system": "Windows",
            "platform_machine": "AMD64",
        },
    ),
    "linux_x86_64": (
        [
            "manylinux_2_17_x86_64",
            "manylinux2014_x86_64",
            "manylinux_2_12_x86_64",
            "manylinux2010_x86_64",
            "manylinux_2_5_x86_64",
            "manylinux1_x86_64",
        ],
        {
            "os_name": "posix",
            "sys_platform": "linux",
            "platform_system": "Linux",
            "platform_machine": "x86_64",
        },
    ),
}


def metadata_requires(wheel: Path) -> list[Requirement]:
    with zipfile.ZipFile(wheel) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        meta = email.parser.BytesParser().parsebytes(archive.read(name), headersonly=True)
    return [Requirement(r) for r in meta.get_all("Requires-Dist") or []]


def closure(kit: Path, platform: str, python: tuple[int, int]) -> dict[str, Path]:
    """Every distribution sesam-accept needs on the target, resolved from the kit's wheels
    alone: name -> the newest kit wheel that installs there and satisfies every requirement."""
    platforms, markers = TARGETS[platform]
    version = f"{python[0]}.{python[1]}"
    env = {
        **markers,
        "python_version": version,
        "python_full_version": f"{version}.0",
        "implementation_name": "cpython",
        "platform_python_implementation": "CPython",
        "extra": "",
    }
    tags: set[Tag] = set(cpython_tags(python, platforms=platforms))
    tags |= set(compatible_tags(python, f"cp{python[0]}{python[1]}", platforms=platforms))
    wheels = list((kit / "wheels").glob("*.whl"))
    (project,) = (w for w in wheels if w.name.startswith("sesam_accept-"))
    found: dict[str, Path] = {"sesam-accept": project}
    queue = metadata_requires(project)
    while queue:
        req = queue.pop()
        if req.marker is not None and not req.marker.evaluate(env):
            continue
        name = canonicalize_name(req.name)
        fits = sorted(
            (parse_wheel_filename(w.name)[1], w)
            for w in wheels
            if parse_wheel_filename(w.name)[0] == name
            and req.specifier.contains(parse_wheel_filename(w.name)[1], prereleases=True)
            and parse_wheel_filename(w.name)[3] & tags
        )
        assert fits, f"{platform} Python {version}: no wheel in the kit for {req}"
        if name not in found:
            found[name] = fits[-1][1]
            queue += metadata_requires(fits[-1][1])
    return found


@pytest.mark.parametrize("platform", sorted(TARGETS))
def test_kit_holds_every_dependency_for_each_python(
    platform: str, request: pytest.FixtureRequest
) -> None:
    kit: Path = request.getfixturevalue("windows_kit" if platform == "win_amd64" else "linux_kit")
    needed = {python: closure(kit, platform, python) for python in PYTHONS}
    for found in needed.values():
        assert {"pytest", "pytest-html", "psutil", "pyyaml", "jinja2"} <= found.keys()
    # The backports that only Python 3.10 needs, and colorama only on Windows: the markers were
    # evaluated for the target, not for the machine that built the kit.
    assert {"tomli", "exceptiongroup"} <= needed[(3, 10)].keys()
    assert "tomli" not in needed[(3, 11)]
    assert ("colorama" in needed[(3, 12)]) == (platform == "win_amd64")
    for wheel in (kit / "wheels").glob("*.whl"):
        wheel_platforms = {t.platform for t in parse_wheel_filename(wheel.name)[3]}
        assert wheel_platforms & {"any", *TARGETS[platform][0]}, wheel.name


def test_windows_kit_has_its_installer_and_both_readmes(windows_kit: Path) -> None:
    script = (windows_kit / "install.cmd").read_bytes()
    assert b"\r\n" in script and b"\n" not in script.replace(b"\r\n", b"")  # cmd needs CRLF
    assert b"--no-index" in script and b"py -3" in script
    assert not (windows_kit / "install.sh").exists()
    version = windows_kit.name.split("-")[3]
    for readme in ("README.txt", "LIESMICH.txt"):
        text = (windows_kit / readme).read_text(encoding="utf-8")
        assert "install.cmd C:\\sesam-accept" in text and version in text and "@" not in text
    with zipfile.ZipFile(windows_kit.with_name(windows_kit.name + ".zip")) as archive:
        names = set(archive.namelist())
    expected = {f"{windows_kit.name}/{p.relative_to(windows_kit)}" for p in windows_kit.rglob("*")}
    assert {n.rstrip("/") for n in names} == {windows_kit.name, *expected}


def test_kit_refuses_an_unsupported_python_in_one_line(tmp_path: Path) -> None:
    argv = [str(ROOT / "scripts" / "kit"), "--platform", "win_amd64", "--python", "3.9"]
    done = subprocess.run([*argv, "--out", str(tmp_path / "out")], capture_output=True, text=True)
    assert done.returncode == 2
    assert (
        done.stderr.splitlines()[-1]
        == "kit: unsupported Python 3.9 (supported: 3.10 3.11 3.12 3.13)"
    )
    assert not (tmp_path / "out").exists()


def test_install_sh_without_a_fitting_python_says_so_and_creates_nothing(
    linux_kit: Path, tmp_path: Path
) -> None:
    target = tmp_path / "sesam-accept"
    done = install(linux_kit, target, python=str(tmp_path / "no-python"))
    assert done.returncode == 1
    assert "this kit needs Python 3.10 3.11 3.12 3.13" in done.stderr
    assert not target.exists()


def test_install_sh_a_second_time_installs_nothing(linux_kit: Path, installed: Path) -> None:
    site_packages = next(installed.glob("lib/python3*/site-packages"))
    before = sorted(p.name for p in site_packages.iterdir())
    done = install(linux_kit, installed)
    assert done.returncode == 0, done.stderr
    assert "is already installed" in done.stdout
    assert sorted(p.name for p in site_packages.iterdir()) == before


@pytest.fixture
def isolated_ns() -> Iterator[str]:
    """A fresh network namespace with only ``lo`` (up): no route to anything."""
    reason = lab_unavailable()
    if reason is not None:
        pytest.skip(f"installing with no network: {reason}")
    ns = f"sa-kit-{os.getpid()}"
    subprocess.run(["ip", "netns", "add", ns], check=True, timeout=15)
    try:
        subprocess.run(["ip", "-n", ns, "link", "set", "lo", "up"], check=True, timeout=15)
        yield ns
    finally:
        subprocess.run(["ip", "netns", "del", ns], check=False, timeout=15)


def test_linux_kit_installs_with_no_network_and_runs_the_demo(
    linux_kit: Path, isolated_ns: str, tmp_path: Path
) -> None:
    def in_ns(*argv: str) -> list[str]:
        return ["ip", "netns", "exec", isolated_ns, *argv]

    links = subprocess.run(in_ns("ip", "-o", "link"), capture_output=True, text=True, check=True)
    assert [line.split(":")[1].strip() for line in links.stdout.splitlines()] == ["lo"]
    routes = subprocess.run(in_ns("ip", "route"), capture_output=True, text=True, check=True)
    assert routes.stdout.strip() == ""
    target = tmp_path / "sesam-accept"
    done = install(linux_kit, target, in_ns())
    assert done.returncode == 0, done.stdout + done.stderr
    assert "sesam-accept 0" in done.stdout  # the installed command printed its version
    again = install(linux_kit, target, in_ns())
    assert again.returncode == 0 and "is already installed" in again.stdout
    work = tmp_path / "work"
    work.mkdir()
    workdir = demo_outside(target, work, in_ns())
    assert len(list(workdir.glob("*_site_*.html"))) == 1
    assert len(list(workdir.glob("*_site_*.json"))) == 1
