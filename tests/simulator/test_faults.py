"""The fault registry: names are validated, targets default sensibly."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable

import pytest

from sesam_accept.simulator.faults import FAULTS, Fault, parse_faults
from sesam_accept.site import Site

SiteMaker = Callable[..., Site]


def test_every_fault_has_a_description() -> None:
    assert all(text.strip() for text in FAULTS.values())
    assert {"firebird-down", "isenet-missing", "commparam-port", "sescomm-down"} <= set(FAULTS)


def test_unknown_fault_lists_the_known_ones(site_with: SiteMaker) -> None:
    with pytest.raises(ValueError, match="unknown fault 'firebird-lost'") as info:
        parse_faults(["firebird-lost"], site_with())
    assert all(name in str(info.value) for name in FAULTS)


def test_isenet_fault_defaults_to_the_last_isenet(site_with: SiteMaker) -> None:
    faults = parse_faults(["isenet-missing", "isenet-serial:ISE-01"], site_with(isenets=3))
    assert faults.faults == (Fault("isenet-missing", "ISE-03"), Fault("isenet-serial", "ISE-01"))
    assert faults.has("isenet-missing", "ISE-03")
    assert not faults.has("isenet-missing", "ISE-01")
    assert faults.targets("isenet-serial") == {"ISE-01"}


def test_isenet_fault_with_unknown_name_is_refused(site_with: SiteMaker) -> None:
    with pytest.raises(ValueError, match="no ISENet 'ISE-99'"):
        parse_faults(["isenet-mac:ISE-99"], site_with(isenets=2))


def test_commparam_fault_needs_a_host_with_a_copy(site_with: SiteMaker) -> None:
    site = site_with()
    assert parse_faults(["commparam-port"], site).faults == (Fault("commparam-port", "WS-01"),)
    with pytest.raises(ValueError, match=r"not a host with a CommParam\.ini copy"):
        parse_faults(["commparam-port:NOPE"], site)


def test_plain_fault_takes_no_target(site_with: SiteMaker) -> None:
    with pytest.raises(ValueError, match="takes no target"):
        parse_faults(["sescomm-down:SRV-COMM"], site_with())


def test_fault_list_shows_the_target_form_and_the_demo_targets() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "sesam_accept", "demo", "--fault", "list"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    lines = done.stdout.splitlines()
    assert lines[0] == "A fault is NAME or NAME:TARGET (repeat --fault for several):"
    forms = {line.split()[0] for line in lines[1 : len(FAULTS) + 1]}
    assert {"isenet-missing[:ISENET]", "commparam-port[:HOST]", "firebird-down"} <= forms
    assert len(forms) == len(FAULTS)
    assert "ISENET in this site: ISE-Tor1, ISE-Tor2, ISE-Halle1," in done.stdout
    assert "Example: --fault isenet-missing:ISE-Tor1" in done.stdout
