"""The plan: which checks each host runs, by software version, subnet and file location."""

from __future__ import annotations

from pathlib import Path

import pytest

from sesam_accept.checks import Method
from sesam_accept.errors import ConfigError
from sesam_accept.loader import load_site
from sesam_accept.plan import detect_source, plan_for, site_checks

from .test_loader import GOOD

EXAMPLE = Path(__file__).parents[2] / "site_configs" / "example.yaml"


def _site(tmp_path: Path, text: str = GOOD):
    path = tmp_path / "site.yaml"
    path.write_text(text, encoding="utf-8")
    return load_site(path)


def test_every_check_runs_on_exactly_one_host_or_anywhere(tmp_path):
    site = _site(tmp_path)
    all_ids = {c.id for c in site_checks(site)}
    for host in site.hosts:
        plan = plan_for(site, host.name)
        assert {c.id for c in plan.all_checks} == all_ids
        assert all(c.source == host.name or c.portable for c in plan.checks)
        assert all(c.source != host.name for c in plan.elsewhere)


@pytest.mark.parametrize(
    ("version", "present", "absent"),
    [
        ("2.1-2", "RPC-MS", "RPC-TCP"),
        ("2.1-3", "RPC-TCP", "RPC-MS"),
        ("2.3-1", "RPC-TCP", "RPC-MS"),
    ],
)
def test_rpc_requirement_follows_the_software_version(tmp_path, version, present, absent):
    site = _site(tmp_path, GOOD.replace('"2.3-1"', f'"{version}"'))
    requirements = {c.requirement for c in site_checks(site)}
    assert present in requirements and absent not in requirements
    reasons = {na.id: na.text("en") for na in plan_for(site, "WS-01").not_applicable}
    assert version in reasons[absent]


def test_isenet_checks_run_on_the_comm_host(tmp_path):
    site = _site(tmp_path)
    comm = plan_for(site, "SRV-COMM")
    assert {c.requirement for c in comm.checks} >= {
        "ISE-CMD",
        "ISE-DATA",
        "FLOW-SEARCH",
        "FLOW-ADD",
        "FLOW-ADMIN",
        "FLOW-PROCESS",
        "DIAG-ISENET",
    }
    ws = plan_for(site, "WS-01")
    assert not any(c.requirement == "ISE-CMD" for c in ws.checks)


def test_search_is_not_applicable_outside_the_comm_subnet(tmp_path):
    site = _site(tmp_path, GOOD.replace("address: 10.9.0.102", "address: 10.9.7.102"))
    plan = plan_for(site, "SRV-COMM")
    reasons = {na.id: na.text("en") for na in plan.not_applicable}
    assert "only be added by IP" in reasons["FLOW-SEARCH[SRV-COMM->ISE-2 by broadcast]"]
    assert "FLOW-ADD[SRV-COMM->ISE-2]" in {c.id for c in plan.checks}


def test_rare_checks_only_when_asked(tmp_path):
    site = _site(tmp_path)
    assert not any(c.requirement in ("ISE-DEBUG", "ISE-TFTP") for c in site_checks(site))
    rare = _site(tmp_path, GOOD + "rare_checks: {isenet_debug: true, tftp: true}\n")
    methods = {(c.requirement, c.method) for c in site_checks(rare)}
    assert {
        ("ISE-DEBUG", Method.UDP_SERVICE),
        ("ISE-TFTP", Method.TFTP),
        ("ISE-TFTP", Method.TCP_CONNECT),
    } <= methods


def test_source_detected_by_address_or_a_clear_error(tmp_path):
    site = _site(tmp_path)
    assert detect_source(site, ["127.0.0.1", "10.9.0.3"]).name == "WS-01"
    with pytest.raises(ConfigError, match=r"SRV-DB \(10\.9\.0\.1\), SRV-COMM"):
        detect_source(site, ["127.0.0.1"])
    with pytest.raises(ConfigError, match="several hosts"):
        detect_source(site, ["10.9.0.1", "10.9.0.2"])


def test_methods_known_to_the_plan_are_the_ones_it_makes_and_the_judge_rules(tmp_path):
    """``checks.Method`` (what a suite's ``methods=`` may name) is neither more nor less than
    the methods the plan makes (on an old and a new site) and the registry has a spec for."""
    from sesam_accept.checks import Method
    from sesam_accept.judge import SPECS
    from sesam_accept.upgrade import readiness_checks
    from sesam_accept.version import SoftwareVersion

    made = {c.method for c in site_checks(load_site(EXAMPLE))}
    old = _site(tmp_path, EXAMPLE.read_text(encoding="utf-8").replace('"2.3-1"', '"2.1-2"'))
    made |= {c.method for c in site_checks(old)}
    made |= {c.method for c in readiness_checks(old, SoftwareVersion.parse("2.1-3"))[0]}
    methods = set(Method)
    assert made <= methods == set(SPECS)
    rare = {Method.UDP_SERVICE, Method.TFTP, Method.TCP_CONNECT}
    assert methods - made <= rare  # rare checks, off there
