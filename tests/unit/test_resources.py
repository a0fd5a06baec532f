"""resources: in a checkout (editable install) the suites and site files are the repository's."""

from __future__ import annotations

from pathlib import Path

import pytest

from sesam_accept.errors import EnvironmentProblem, SesamAcceptError
from sesam_accept.resources import SITE_CONFIGS, site_config, suites_dir

ROOT = Path(__file__).parents[2]


def test_suites_dir_is_the_checkouts_suites_beside_conftest() -> None:
    assert suites_dir() == ROOT / "suites"
    assert (suites_dir().parent / "conftest.py").is_file()


@pytest.mark.parametrize("name", SITE_CONFIGS)
def test_site_config_is_the_checkouts_file(name: str) -> None:
    assert site_config(name) == ROOT / "site_configs" / name


def test_a_site_file_that_does_not_ship_is_a_clear_error() -> None:
    with pytest.raises(EnvironmentProblem, match=r"ships no site file 'werk-nord\.yaml'") as caught:
        site_config("werk-nord.yaml")
    assert isinstance(caught.value, SesamAcceptError)
