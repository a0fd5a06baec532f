"""Build hook: the wheel carries the acceptance suites, the site files and the compiled report
templates.

``suites/``, ``fixtures/``, ``conftest.py`` and ``site_configs/`` are top-level folders and
files of the repository; a built wheel carries copies of them inside the package, where
``sesam_accept.resources`` (the one place that locates them) looks first. An editable install
copies nothing: ``resources`` finds them in the checkout. ``MANIFEST.in`` puts them into the
sdist, so a wheel built from the sdist carries them too. The report's templates are compiled
into ``sesam_accept/report/compiled/`` by ``report/jinja.py`` (run, not imported, like
``shipped.py``; Jinja2 is a build requirement in pyproject.toml), which the product loads while
they match its Jinja2 and templates.
"""

from __future__ import annotations

import runpy
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
#: Into sesam_accept/acceptance/ (keep in step with sesam_accept/resources.py).
ACCEPTANCE = ("conftest.py", "fixtures", "suites")
#: Into sesam_accept/site_configs/: named once, in sesam_accept/shipped.py (run, not imported:
#: the package's dependencies are not installed while it is built).
SITE_CONFIGS = runpy.run_path(str(ROOT / "src" / "sesam_accept" / "shipped.py"))["SITE_CONFIGS"]
#: The report's templates and the file that compiles them.
REPORT = ROOT / "src" / "sesam_accept" / "report"
#: Makes the packaged acceptance folder pytest's rootdir (and so its conftest.py is loaded)
#: when someone runs plain ``pytest <installed suites> --site FILE`` from any folder; no
#: cache folder is written into the installation.
PYTEST_INI = """\
# Written by sesam-accept's setup.py: this folder is pytest's rootdir for the installed suites.
[pytest]
addopts = -p no:cacheprovider
"""


class BuildPyWithSuites(build_py):
    """build_py, then copy the suites and the site files into the built package and compile
    the report's templates there."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        package = Path(self.build_lib) / "sesam_accept"
        acceptance = package / "acceptance"
        acceptance.mkdir(parents=True, exist_ok=True)
        for name in ACCEPTANCE:
            _copy(ROOT / name, acceptance / name)
        (acceptance / "pytest.ini").write_text(PYTEST_INI, encoding="utf-8")
        configs = package / "site_configs"
        configs.mkdir(parents=True, exist_ok=True)
        for name in SITE_CONFIGS:
            _copy(ROOT / "site_configs" / name, configs / name)
        compile_into = runpy.run_path(str(REPORT / "jinja.py"))["compile_into"]
        compile_into(package / "report" / "compiled", REPORT / "templates")


def _copy(source: Path, target: Path) -> None:
    if source.is_dir():
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    else:
        shutil.copy2(source, target)


setup(cmdclass={"build_py": BuildPyWithSuites})
