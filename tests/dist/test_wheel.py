"""The built wheel, installed into a fresh venv, run from a folder outside the checkout:
demo, validate, plan, merge, diff, plain pytest over the installed suites, and run in the lab."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from sesam_accept.loader import load_site
from sesam_accept.report.jinja import TEMPLATES
from sesam_accept.simulator.demo import demo_site_file
from sesam_accept.simulator.lab import Lab
from sesam_accept.simulator.lab_net import lab_unavailable

from .conftest import ROOT, clean_env, demo_outside, run_clean

Sesam = Callable[..., subprocess.CompletedProcess[str]]


def installed_python(installed: Path, code: str, cwd: Path) -> str:
    """What ``code`` prints, run by the installed venv's Python in ``cwd``."""
    done = run_clean([str(installed / "bin" / "python"), "-c", code], cwd)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_the_installed_package_finds_its_files_inside_the_venv(
    installed: Path, outside: Path
) -> None:
    code = (
        "from sesam_accept import resources as r\n"
        "print(r.suites_dir())\n"
        "for n in r.SITE_CONFIGS: print(r.site_config(n))"
    )
    suites, *configs = installed_python(installed, code, outside).splitlines()
    for path in (suites, *configs):
        assert (
            Path(path).exists()
            and installed in Path(path).parents
            and ROOT not in Path(path).parents
        )
    assert (Path(suites).parent / "conftest.py").is_file()
    assert (Path(suites).parent / "fixtures" / "site.py").is_file()
    assert [Path(c).name for c in configs] == ["example.yaml", "demo.yaml", "site.schema.json"]
    # the fixtures live inside sesam_accept: no top-level "fixtures" package in site-packages
    purelib = installed_python(
        installed, "import sysconfig; print(sysconfig.get_path('purelib'))", outside
    )
    assert (Path(purelib) / "sesam_accept").is_dir()
    assert not (Path(purelib) / "fixtures").exists()


def test_the_installed_package_loads_its_compiled_templates(installed: Path, outside: Path) -> None:
    """The build compiled the report's templates into the wheel, and an installed run loads
    them (no compiling per run) from inside the venv."""
    code = (
        "from sesam_accept.report import jinja\n"
        "print(type(jinja.environment().loader).__name__)\n"
        "print(jinja.COMPILED)"
    )
    loader, folder = installed_python(installed, code, outside).splitlines()
    assert loader == "ModuleLoader"
    assert installed in Path(folder).parents
    assert len(list(Path(folder).glob("tmpl_*.py"))) == len(list(TEMPLATES.glob("*.html")))


def test_an_unknown_resource_is_a_clear_error(installed: Path, outside: Path) -> None:
    code = (
        "from sesam_accept.errors import SesamAcceptError\n"
        "from sesam_accept.resources import site_config\n"
        "try: site_config('werk-nord.yaml')\n"
        "except SesamAcceptError as e: print(e)"
    )
    assert "ships no site file 'werk-nord.yaml'" in installed_python(installed, code, outside)


@pytest.mark.parametrize("name", ["example.yaml", "demo.yaml"])
def test_validate_and_plan_the_installed_site_files(
    name: str, installed: Path, outside: Path, sesam: Sesam
) -> None:
    code = f"from sesam_accept.resources import site_config; print(site_config({name!r}))"
    site = installed_python(installed, code, outside)
    valid = sesam("validate", site)
    assert valid.returncode == 0, valid.stderr
    assert ": OK" in valid.stdout
    plan = sesam("plan", site, "--all", "--json")
    assert plan.returncode == 0, plan.stderr
    hosts = [p["host"] for p in json.loads(plan.stdout)]
    assert len(hosts) == len(load_site(site).hosts) and all(hosts)


@pytest.fixture(scope="session")
def demo_run(installed: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``sesam-accept demo`` of the installed wheel, run outside the checkout: its folder."""
    return demo_outside(installed, tmp_path_factory.mktemp("demo-outside"))


def test_demo_from_the_installed_wheel_writes_its_reports(demo_run: Path) -> None:
    assert len(list(demo_run.glob("*.html"))) == 5  # one per host and the merged site report
    (site,) = demo_run.glob("*_site_*.json")
    assert json.loads(site.read_text(encoding="utf-8"))["checks"]


def test_merge_and_diff_the_demo_runs(demo_run: Path, sesam: Sesam, outside: Path) -> None:
    runs = sorted(str(p) for p in demo_run.glob("*.json") if "_site_" not in p.name)
    merged = sesam("merge", *runs, "--reports", "merged")
    assert merged.returncode in (0, 3), merged.stderr  # accepted or open points, nothing failed
    (site,) = (outside / "merged").glob("*_site_*.json")
    assert (outside / "merged" / site.name.replace(".json", ".html")).is_file()
    (demo_site,) = demo_run.glob("*_site_*.json")
    diff = sesam("diff", str(demo_site), str(site))
    assert diff.returncode == 0, diff.stdout + diff.stderr  # the same runs: no regression
    assert diff.stdout.strip()
    # the before/after page: its template is package data of the wheel
    page = sesam("diff", str(demo_site), str(site), "--html", "change.html")
    assert page.returncode == 0, page.stdout + page.stderr
    assert '<svg class="pic diff"' in (outside / "change.html").read_text(encoding="utf-8")


@pytest.fixture
def demo_simulator(installed: Path, outside: Path) -> Iterator[Path]:
    """The installed simulator playing a copy of the installed demo site (stopped at teardown)."""
    code = "from sesam_accept.resources import site_config; print(site_config('demo.yaml'))"
    site = outside / "demo.yaml"
    site.write_bytes(Path(installed_python(installed, code, outside)).read_bytes())
    argv = [str(installed / "bin" / "python"), "-m", "sesam_accept.simulator", "serve", str(site)]
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, text=True, cwd=outside, env=clean_env())
    try:
        assert proc.stdout is not None
        for line in proc.stdout:  # ends when the simulator says "ready" (or exits)
            if line.strip() == "ready":
                break
        assert proc.poll() is None, "the simulator stopped before it was ready"
        yield site
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_plain_pytest_over_the_installed_suites(
    installed: Path, outside: Path, demo_simulator: Path
) -> None:
    suites = installed_python(
        installed, "from sesam_accept import resources as r; print(r.suites_dir())", outside
    )
    argv = [str(installed / "bin" / "pytest"), suites, "--site", str(demo_simulator)]
    done = run_clean([*argv, "--as", "SRV-COMM", "--reports", "reports", "-q"], outside)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    (results,) = (outside / "reports").glob("*_SRV-COMM_*.json")
    data = json.loads(results.read_text(encoding="utf-8"))
    verdicts = {c["verdict"] for c in data["checks"]}
    assert "pass" in verdicts and "fail" not in verdicts
    assert not (Path(suites).parent / ".pytest_cache").exists()  # nothing written into the venv


@pytest.mark.lab
def test_run_in_the_lab_from_the_installed_wheel(installed: Path, outside: Path) -> None:
    reason = lab_unavailable()
    if reason is not None:
        pytest.skip(reason)
    command = [str(installed / "bin" / "sesam-accept"), "run"]
    with Lab(load_site(demo_site_file()), outside / "lab", prefix="sa-d-") as lab:
        argv = ["env", "-C", str(outside), *command, str(lab.site_file), "--as", "SRV-COMM"]
        done = lab.run("SRV-COMM", [*argv, "--reports", "reports", "--lang", "de"], timeout=300)
    assert done.returncode == 3, done.stdout[-2000:] + done.stderr[-2000:]  # open points only
    (results,) = (outside / "reports").glob("*_SRV-COMM_*.json")
    data = json.loads(results.read_text(encoding="utf-8"))
    assert data["overall"] == "open_points"
    assert not [c["id"] for c in data["checks"] if c["verdict"] == "fail"]
    assert list((outside / "reports").glob("*_SRV-COMM_*.html"))
