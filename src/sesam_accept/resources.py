"""Where the files that ship beside the code are: the acceptance suites and the site files.

The one place that locates them (nothing else computes these paths):

- an installed wheel carries them inside the package (``setup.py`` copies them at build time)::

      sesam_accept/acceptance/pytest.ini     makes this folder pytest's rootdir
      sesam_accept/acceptance/conftest.py    wires the plugin and the fixtures
      sesam_accept/acceptance/fixtures/      imported by conftest.py as ``fixtures.*``
      sesam_accept/acceptance/suites/        the acceptance tests
      sesam_accept/site_configs/             the site files ``shipped.SITE_CONFIGS`` names

- a checkout (editable install, or running from the repository) has them at the top level of
  the repository: ``conftest.py``, ``fixtures/``, ``suites/``, ``site_configs/``.

The packaged copy is looked up first. ``python -m sesam_accept.resources`` prints the suites
folder, for running plain pytest over the installed suites (see the README).
"""

from __future__ import annotations

from pathlib import Path

from .errors import EnvironmentProblem
from .shipped import SITE_CONFIGS

_PACKAGE = Path(__file__).resolve().parent
#: The repository root when the package runs from a checkout (``src/sesam_accept/..``).
_CHECKOUT = _PACKAGE.parents[1]


def suites_dir() -> Path:
    """The ``suites`` folder of the acceptance tests.

    Its parent folder holds the ``conftest.py`` that loads the plugin and the fixtures; it is
    the rootdir to give pytest (``sesam-accept run`` does)."""
    candidates = (_PACKAGE / "acceptance", _CHECKOUT)
    for root in candidates:
        if (root / "conftest.py").is_file() and (root / "suites").is_dir():
            return root / "suites"
    raise EnvironmentProblem(
        "the acceptance suites are missing from this installation (looked for conftest.py and "
        f"suites/ in {' and '.join(map(str, candidates))}): reinstall sesam-accept from its wheel"
    )


def site_config(name: str) -> Path:
    """A site file that ships with the package: ``example.yaml``, ``demo.yaml`` or
    ``site.schema.json``."""
    if name not in SITE_CONFIGS:
        raise EnvironmentProblem(
            f"sesam-accept ships no site file {name!r} (it ships {', '.join(SITE_CONFIGS)})"
        )
    candidates = (_PACKAGE / "site_configs", _CHECKOUT / "site_configs")
    for folder in candidates:
        if (folder / name).is_file():
            return folder / name
    raise EnvironmentProblem(
        f"{name} is missing from this installation (looked in "
        f"{' and '.join(map(str, candidates))}): reinstall sesam-accept from its wheel"
    )


if __name__ == "__main__":  # pragma: no cover
    print(suites_dir())
