"""The registry of check methods (``judge.methods.SPECS``) is whole and agrees with the
catalog the plan reads (issue 14: one place for each concept)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from sesam_accept.catalog import CATALOG
from sesam_accept.checks import Method, ProbeKind, Protocol, probe_key
from sesam_accept.judge import SPECS, Observations, key_of, probe_keys, probe_port, spec
from sesam_accept.loader import load_site
from sesam_accept.plan import site_checks
from sesam_accept.results import Evidence, Outcome, ProbeResult
from sesam_accept.site import Ports, RareChecks

EXAMPLE = Path(__file__).parents[2] / "site_configs" / "example.yaml"


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
