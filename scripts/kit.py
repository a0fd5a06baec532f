"""Builds the offline install kit of sesam-accept for one platform (``scripts/kit --help``).

The kit is one folder and a zip of it, ``sesam-accept-kit-VERSION-PLATFORM[.zip]``::

    wheels/                  sesam-accept's wheel and every dependency as a wheel for PLATFORM
                             and each Python version the kit supports
    install.sh | install.cmd install.sh TARGET_DIR: a venv at TARGET_DIR (made if missing),
                             sesam-accept installed into it from wheels/ with no index; run a
                             second time it installs nothing and exits 0
    README.txt, LIESMICH.txt how to install (English, German)

``pip download --platform`` evaluates the environment markers of the dependencies for the
machine running pip, not for the target (so a kit built on Linux would lack pytest's colorama
for Windows, and Python 3.11 would drop the 3.10 backports). So the closure is resolved here:
each wheel is downloaded without its dependencies, its METADATA's Requires-Dist are evaluated
with ``packaging.markers`` for the TARGET environment, and that repeats until nothing is
missing.
"""

from __future__ import annotations

import argparse
import email.parser
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import NormalizedName, canonicalize_name, parse_wheel_filename

ROOT = Path(__file__).resolve().parents[1]
FILES = Path(__file__).resolve().with_name("kit_files")
#: The Python versions a kit supports unless --python names others (requires-python >= 3.10).
PYTHONS = ("3.10", "3.11", "3.12", "3.13")
#: Rounds of "download what is missing" before giving up (the closure needs 2 or 3).
MAX_ROUNDS = 10


@dataclass(frozen=True)
class Platform:
    """A target platform: the wheel tags pip may pick and the environment markers there."""

    name: str
    pip_platforms: tuple[str, ...]
    markers: tuple[tuple[str, str], ...]
    installer: str
    newline: str
    install_example: str
    run_example: str

    def environment(self, python: str) -> dict[str, str]:
        """The marker environment of CPython ``python`` (e.g. "3.10") on this platform."""
        full = f"{python}.0"
        return {
            **dict(self.markers),
            "implementation_name": "cpython",
            "platform_python_implementation": "CPython",
            "python_version": python,
            "python_full_version": full,
            "implementation_version": full,
            "platform_release": "",
            "platform_version": "",
            "extra": "",
        }


PLATFORMS = {
    p.name: p
    for p in (
        Platform(
            name="linux_x86_64",
            # manylinux2014 (glibc 2.17, 2014) and newer-tagged wheels that still run there;
            # pip also accepts the older manylinux tags below it.
            pip_platforms=("manylinux_2_17_x86_64", "manylinux2014_x86_64"),
            markers=(
                ("os_name", "posix"),
                ("sys_platform", "linux"),
                ("platform_system", "Linux"),
                ("platform_machine", "x86_64"),
            ),
            installer="install.sh",
            newline="\n",
            install_example="sh install.sh /opt/sesam-accept",
            run_example="/opt/sesam-accept/bin/sesam-accept",
        ),
        Platform(
            name="win_amd64",
            pip_platforms=("win_amd64",),
            markers=(
                ("os_name", "nt"),
                ("sys_platform", "win32"),
                ("platform_system", "Windows"),
                ("platform_machine", "AMD64"),
            ),
            installer="install.cmd",
            newline="\r\n",
            install_example=r"install.cmd C:\sesam-accept",
            run_example=r"C:\sesam-accept\Scripts\sesam-accept.exe",
        ),
    )
}


class KitError(Exception):
    """The kit cannot be built (one clear line for the user)."""


# -- the dependency closure for the target -----------------------------------------------------


def requires_dist(wheel: Path) -> list[Requirement]:
    """The Requires-Dist lines of a wheel's METADATA."""
    with zipfile.ZipFile(wheel) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        metadata = email.parser.BytesParser().parsebytes(archive.read(name), headersonly=True)
    return [Requirement(line) for line in metadata.get_all("Requires-Dist") or []]


def applies(requirement: Requirement, environment: dict[str, str], extras: Iterable[str]) -> bool:
    """Whether ``requirement`` holds in the target ``environment`` (for these extras too)."""
    if requirement.marker is None:
        return True
    return any(
        requirement.marker.evaluate({**environment, "extra": extra}) for extra in ("", *extras)
    )


@dataclass
class Wanted:
    """What the closure asks of one distribution so far."""

    specifier: SpecifierSet
    extras: frozenset[str]

    def text(self, name: str) -> str:
        """As a pip requirement."""
        extras = f"[{','.join(sorted(self.extras))}]" if self.extras else ""
        return f"{name}{extras}{self.specifier}"


def wanted(
    roots: Sequence[Requirement], chosen: dict[NormalizedName, Path], environment: dict[str, str]
) -> dict[NormalizedName, Wanted]:
    """Every distribution the roots and the chosen wheels require in the target environment."""
    metadata = {name: requires_dist(wheel) for name, wheel in chosen.items()}
    extras: dict[NormalizedName, frozenset[str]] = {}
    for r in [*roots, *(r for rs in metadata.values() for r in rs)]:
        if r.extras and applies(r, environment, ()):
            name = canonicalize_name(r.name)
            extras[name] = extras.get(name, frozenset()) | r.extras
    pairs = [(r, frozenset[str]()) for r in roots]
    pairs += [(r, extras.get(name, frozenset())) for name, rs in metadata.items() for r in rs]
    asked: dict[NormalizedName, Wanted] = {}
    for requirement, its_extras in pairs:
        if not applies(requirement, environment, its_extras):
            continue
        name = canonicalize_name(requirement.name)
        old = asked.get(name, Wanted(SpecifierSet(), frozenset()))
        asked[name] = Wanted(old.specifier & requirement.specifier, old.extras | requirement.extras)
    return asked


def missing(
    asked: dict[NormalizedName, Wanted], chosen: dict[NormalizedName, Path]
) -> dict[NormalizedName, Wanted]:
    """What is asked for and not yet chosen in a version that satisfies it."""
    return {
        name: want
        for name, want in asked.items()
        if name not in chosen
        or not want.specifier.contains(parse_wheel_filename(chosen[name].name)[1], prereleases=True)
    }


def download(
    todo: dict[NormalizedName, Wanted], platform: Platform, python: str, wheels: Path
) -> dict[NormalizedName, Path]:
    """Download the wheels of ``todo`` (without dependencies) for the target into ``wheels``."""
    with tempfile.TemporaryDirectory(prefix="sesam-kit-") as scratch:
        argv = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps"]
        argv += ["--only-binary=:all:", "--implementation", "cp", "--python-version", python]
        for tag in platform.pip_platforms:
            argv += ["--platform", tag]
        argv += ["--dest", scratch, *(want.text(name) for name, want in todo.items())]
        done = subprocess.run(argv, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise KitError(
                f"pip could not download wheels for {platform.name}, Python {python}: "
                + (done.stderr.strip().splitlines() or ["(no message)"])[-1]
            )
        got: dict[NormalizedName, Path] = {}
        for path in Path(scratch).glob("*.whl"):
            target = wheels / path.name
            if not target.exists():
                shutil.move(str(path), target)
            got[parse_wheel_filename(path.name)[0]] = target
    return got


def closure(project: Path, platform: Platform, python: str, wheels: Path) -> list[Path]:
    """Download every wheel the project needs on ``platform`` under CPython ``python``."""
    environment = platform.environment(python)
    roots = requires_dist(project)
    chosen: dict[NormalizedName, Path] = {}
    for _ in range(MAX_ROUNDS):
        todo = missing(wanted(roots, chosen, environment), chosen)
        if not todo:
            return sorted(chosen.values())
        chosen.update(download(todo, platform, python, wheels))
    raise KitError(f"the dependencies for {platform.name}, Python {python} did not settle")


# -- the kit -----------------------------------------------------------------------------------


def build_wheel(out: Path) -> Path:
    """Build sesam-accept's sdist, and its wheel from the sdist (so MANIFEST.in is proven)."""
    argv = [sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)]
    done = subprocess.run(argv, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise KitError(f"building the wheel failed:\n{done.stdout[-3000:]}{done.stderr[-3000:]}")
    (wheel,) = out.glob("sesam_accept-*.whl")
    return wheel


def write_text(template: str, target: Path, platform: Platform, values: dict[str, str]) -> None:
    """A file of kit_files/ with its @NAME@ placeholders filled, in the platform's newlines."""
    text = (FILES / template).read_text(encoding="utf-8")
    for key, value in values.items():
        text = text.replace(f"@{key}@", value)
    target.write_bytes(text.replace("\n", platform.newline).encode("utf-8"))


def build_kit(
    platform: Platform, pythons: Sequence[str], out: Path, wheel: Path | None = None
) -> Path:
    """Build the kit folder and its zip in ``out``; the folder. Nothing half-made is left:
    the kit is put together in a scratch folder and moved into ``out`` when complete."""
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".sesam-kit-", dir=out) as scratch:
        if wheel is None:
            wheel = build_wheel(Path(scratch) / "build")
        version = str(parse_wheel_filename(wheel.name)[1])
        kit = Path(scratch) / f"sesam-accept-kit-{version}-{platform.name}"
        assemble(kit, wheel, platform, pythons)
        archive = Path(shutil.make_archive(str(kit), "zip", scratch, kit.name))
        for old in (out / kit.name, out / archive.name):
            if old.is_dir():
                shutil.rmtree(old)
            old.unlink(missing_ok=True)
        shutil.move(archive, out / archive.name)
        shutil.move(kit, out / kit.name)
    return out / kit.name


def assemble(kit: Path, wheel: Path, platform: Platform, pythons: Sequence[str]) -> None:
    """The kit's wheels/, install script and read-mes in the folder ``kit``."""
    wheels = kit / "wheels"
    wheels.mkdir(parents=True)
    shutil.copy2(wheel, wheels / wheel.name)
    for python in pythons:
        closure(wheels / wheel.name, platform, python, wheels)
    values = {
        "VERSION": str(parse_wheel_filename(wheel.name)[1]),
        "PLATFORM": platform.name,
        "PYTHONS": " ".join(pythons),
        "INSTALL": platform.install_example,
        "RUN": platform.run_example,
    }
    for template in (platform.installer, "README.txt", "LIESMICH.txt"):
        write_text(template, kit / template, platform, values)
    (kit / platform.installer).chmod(0o755)


def parser() -> argparse.ArgumentParser:
    """The command line of scripts/kit."""
    cli = argparse.ArgumentParser(
        prog="scripts/kit",
        description=(
            "Build the offline install kit of sesam-accept for one platform: a folder and a "
            "zip, sesam-accept-kit-VERSION-PLATFORM, holding wheels/ (sesam-accept and every "
            "dependency as a wheel for PLATFORM and each Python version), install.sh (Linux) "
            "or install.cmd (Windows) and README.txt/LIESMICH.txt. Needs the package index."
        ),
        epilog=(
            "On the site host: sh install.sh TARGET_DIR (Linux, Python from $PYTHON, default "
            "python3) or install.cmd TARGET_DIR (Windows, %%PYTHON%%, else py -3, else python)."
        ),
    )
    cli.add_argument("--platform", required=True, choices=sorted(PLATFORMS))
    cli.add_argument(
        "--python",
        nargs="+",
        default=list(PYTHONS),
        metavar="X.Y",
        help=f"the Python versions to carry wheels for (default: {' '.join(PYTHONS)})",
    )
    cli.add_argument("--out", default=str(ROOT / "dist"), help="output folder (default: dist/)")
    cli.add_argument(
        "--wheel", help="use this sesam-accept wheel instead of building one from the checkout"
    )
    return cli


def main(argv: Sequence[str] | None = None) -> int:
    """``scripts/kit``: 0 when the kit was built, 2 on bad input or a failed download/build."""
    args = parser().parse_args(argv)
    bad = [v for v in args.python if v not in PYTHONS]
    if bad:
        supported = " ".join(PYTHONS)
        print(f"kit: unsupported Python {' '.join(bad)} (supported: {supported})", file=sys.stderr)
        return 2
    wheel = Path(args.wheel).resolve() if args.wheel else None
    if wheel is not None and not wheel.is_file():
        print(f"kit: no wheel at {wheel}", file=sys.stderr)
        return 2
    try:
        kit = build_kit(PLATFORMS[args.platform], args.python, Path(args.out).resolve(), wheel)
    except (KitError, OSError) as exc:
        print(f"kit: {exc}", file=sys.stderr)
        return 2
    print(f"kit: {kit}\nkit: {kit}.zip")
    return 0


if __name__ == "__main__":
    sys.exit(main())
