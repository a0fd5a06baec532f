"""The registry of check methods (``judge.methods.SPECS``) is whole and agrees with the
catalog the plan reads (issue 14: one place for each concept)."""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

import pytest

from sesam_accept.catalog import CATALOG
from sesam_accept.checks import Method, ProbeKind, Protocol, probe_key
from sesam_accept.judge import SPECS, Observations, key_of, probe_keys, probe_port, spec
from sesam_accept.loader import load_site
from sesam_accept.plan import site_checks
from sesam_accept.results import Evidence, Outcome, ProbeResult
from sesam_accept.site import Ports, RareChecks, Site
from sesam_accept.version import SoftwareVersion

ROOT = Path(__file__).parents[2]
EXAMPLE = ROOT / "site_configs" / "example.yaml"
PLAN = ROOT / "src" / "sesam_accept" / "plan.py"
USES = [(use, s.method) for s in SPECS.values() for use in s.uses]


def _everything(version: str) -> Site:
    """The example site at ``version`` with the rare checks on: every requirement of that
    version has its checks."""
    site = load_site(EXAMPLE)
    rare = RareChecks(**{f.name: True for f in dataclasses.fields(RareChecks)})
    return dataclasses.replace(site, software_version=SoftwareVersion.parse(version), rare=rare)


def test_every_method_has_one_spec_under_its_own_name() -> None:
    assert set(SPECS) == set(Method)
    assert all(key is s.method for key, s in SPECS.items())


def test_an_unknown_method_is_named() -> None:
    with pytest.raises(ValueError, match=r"'firebrid'.*firebird"):
        spec("firebrid")


def test_a_check_takes_protocol_and_where_it_runs_from_its_method() -> None:
    site = load_site(EXAMPLE)
    for check in site_checks(site):
        method = SPECS[check.method]
        assert check.protocol is method.protocol, check.id
        source = next((h for h in site.hosts if h.name == check.source), None)
        assert source is not None and check.portable is method.portable(source), check.id


def test_the_catalog_port_facts_are_the_plans() -> None:
    """A check's port is its requirement's ``port_key`` (DIAG-COMM: the RPC path it tests)."""
    site = load_site(EXAMPLE)
    fields = {f.name for f in dataclasses.fields(Ports)}
    for check in site_checks(site):
        key = CATALOG[check.requirement].port_key
        assert key is None or key in fields, check.requirement
        if check.requirement != "DIAG-COMM":
            assert check.port == (None if key is None else getattr(site.ports, key)), check.id


def test_a_rare_requirement_is_switched_by_its_port_key() -> None:
    rare = {r.port_key for r in CATALOG.values() if r.rare}
    assert rare == {f.name for f in dataclasses.fields(RareChecks)}


def test_engine_and_judge_share_one_key_and_the_rpc_port_from_commparam() -> None:
    site = load_site(EXAMPLE)
    check = next(c for c in site_checks(site) if c.method is Method.RPC_CONNECT)
    read = ProbeResult(Outcome.OPEN, Evidence(Method.COMMPARAM, "file", "x", facts={"port": 9}))
    obs = Observations(commparam={check.source: read})
    assert probe_port(check, site, obs, check.source) == 9
    assert probe_port(check, site, Observations(), check.source) == site.ports.rpc
    tcp = probe_key(ProbeKind.TCP, check.address, 9, Protocol.TCP)
    assert probe_keys(check, site, obs, check.source) == [tcp]
    assert key_of(check, ProbeKind.TCP, site, obs, check.source) == tcp


def test_every_requirement_is_checked_by_some_method_and_every_use_names_one() -> None:
    """The registry's ``uses`` are what the plan makes: each catalog requirement has at least
    one, and each names a requirement of the catalog (and a port's requirement with a port)."""
    missing = set(CATALOG) - {use.requirement for use, _ in USES}
    assert not missing, f"no method checks {sorted(missing)}"
    for use, method in USES:
        assert use.requirement in CATALOG, (method, use)
        if use.port_of is not None:
            assert use.port_of in CATALOG and CATALOG[use.port_of].port_key, (method, use)


def test_every_use_is_planned_where_its_requirement_applies() -> None:
    made = {
        (c.requirement, c.method) for v in ("2.1-2", "2.3-1") for c in site_checks(_everything(v))
    }
    assert {(use.requirement, method) for use, method in USES} <= made


def test_a_use_on_another_port_follows_that_requirement() -> None:
    """DIAG-COMM tests the RPC path of the version: RPC-MS's endpoint mapper up to 2.1-2,
    RPC-TCP's port from 2.1-3."""
    for version, method, key in (
        ("2.1-2", Method.RPC_EPM, "rpc_endpoint_mapper"),
        ("2.1-3", Method.RPC_CONNECT, "rpc"),
    ):
        site = _everything(version)
        diag = [c for c in site_checks(site) if c.requirement == "DIAG-COMM"]
        assert diag and {(c.method, c.port) for c in diag} == {(method, getattr(site.ports, key))}


def test_the_plan_lists_requirements_in_catalog_order_by_source_role() -> None:
    """The software hosts' requirements first, then the SesComm host's, then the engineer's."""
    order: list[str] = []
    for check in site_checks(_everything("2.3-1")):
        if check.requirement not in order:
            order.append(check.requirement)
    assert order == [
        *("FB-TCP", "FB-PWD", "RPC-TCP", "RPC-INI", "DIAG-COMM"),
        *("ISE-CMD", "ISE-DATA", "ISE-DEBUG", "ISE-TFTP"),
        *("FLOW-SEARCH", "FLOW-ADD", "FLOW-ADMIN", "FLOW-PROCESS", "DIAG-ISENET", "DIAG-JP1"),
    ]


def test_the_plan_names_no_method() -> None:
    """Adding a method touches the registry, its probe and its suite test, never plan.py."""
    tree = ast.parse(PLAN.read_text(encoding="utf-8"))
    names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    names |= {a.asname or a.name for a in ast.walk(tree) if isinstance(a, ast.alias)}
    assert not {"Method", "SPECS"} & names
