"""Upgrade readiness: the plan derives the new version's paths from the catalog's version
ranges, and a port nothing listens on yet is judged by the readiness rule (every outcome)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from sesam_accept.catalog import CATALOG, version_changes
from sesam_accept.checks import Method
from sesam_accept.errors import ConfigError, SiteFileError
from sesam_accept.judge import Judge, Observations, readiness_class, readiness_verdict
from sesam_accept.loader import load_site
from sesam_accept.plan import plan_for
from sesam_accept.results import Evidence, Outcome, ProbeResult, Verdict
from sesam_accept.upgrade import (
    readiness_checks,
    readiness_summary,
    upgrade_target,
    with_readiness,
)
from sesam_accept.version import SoftwareVersion

from .test_loader import GOOD

V = SoftwareVersion.parse
OLD = GOOD.replace('"2.3-1"', '"2.1-2"')


def _site(tmp_path: Path, text: str = OLD):
    path = tmp_path / "site.yaml"
    path.write_text(text, encoding="utf-8")
    return load_site(path)


# -- the catalog's data and the plan's derivation -------------------------------------------


def test_version_ranges_are_data_in_the_catalog() -> None:
    assert CATALOG["RPC-MS"].applies_until == V("2.1-2")
    assert CATALOG["RPC-TCP"].applies_from == V("2.1-3")
    assert version_changes(V("2.1-2"), V("2.1-3")) == (("RPC-TCP", "RPC-INI"), ("RPC-MS",))
    assert version_changes(V("2.1-3"), V("2.3-1")) == ((), ())


def test_readiness_checks_are_the_new_versions_paths_marked(tmp_path) -> None:
    site = _site(tmp_path)
    checks, left_out = readiness_checks(site, V("2.1-3"))
    ids = {c.id for c in checks}
    assert "RPC-TCP[WS-01->SRV-COMM:41801/tcp]" in ids
    assert "RPC-INI[all SW hosts]" in ids
    assert {c.requirement for c in checks} == {"RPC-TCP", "RPC-INI"}  # IDs unchanged
    assert all(c.upgrade_to == "2.1-3" for c in checks)
    tcp = [c for c in checks if c.requirement == "RPC-TCP"]
    assert tcp and all(c.method == Method.READINESS_TCP for c in tcp)
    # nothing listens before the upgrade: the listener check is left out, with the reason
    assert [na.id for na in left_out] == ["RPC-TCP[SRV-COMM listens 41801/tcp]"]


def test_plan_keeps_todays_checks_and_adds_readiness_by_source(tmp_path) -> None:
    site = _site(tmp_path)
    today = plan_for(site, "WS-01")
    plan = with_readiness(today, V("2.1-3"))
    assert plan.checks[: len(today.checks)] == today.checks  # today's checks unchanged
    assert "RPC-MS[WS-01->SRV-COMM:135/tcp]" in {c.id for c in plan.checks}
    added = [c for c in plan.checks if c.upgrade_to]
    assert all(c.source == "WS-01" or c.portable for c in added)
    assert {c.source for c in plan.elsewhere if c.upgrade_to} == {"SRV-DB", "SRV-COMM"}
    assert plan.upgrade_to == V("2.1-3")


def test_nothing_changes_gives_no_checks_and_says_so(tmp_path) -> None:
    site = _site(tmp_path, GOOD)
    plan = with_readiness(plan_for(site, "WS-01"), V("2.4-0"))
    assert not [c for c in plan.all_checks if c.upgrade_to]
    assert "Nothing changes between 2.3-1 and 2.4-0" in readiness_summary(
        site.software_version, V("2.4-0"), "en"
    )
    assert "Zwischen 2.3-1 und 2.4-0 ändert sich nichts" in readiness_summary(
        site.software_version, V("2.4-0"), "de"
    )


@pytest.mark.parametrize(
    ("option", "message"),
    [
        ("2.1", "is not a Sesam version like '2.1-3'"),
        ("2.1-2", "2.1-2 is the same version as the site's software_version 2.1-2"),
        ("2.0-9", "2.0-9 is older than the site's software_version 2.1-2"),
    ],
)
def test_upgrade_to_is_validated_like_the_software_version(tmp_path, option, message) -> None:
    with pytest.raises(ConfigError, match=f"--upgrade-to: .*{message}"):
        upgrade_target(_site(tmp_path), option)


def test_site_file_upgrade_to_and_the_option_over_it(tmp_path) -> None:
    site = _site(tmp_path, OLD.replace("  language: en", '  language: en\n  upgrade_to: "2.1-3"'))
    assert upgrade_target(site, None) == V("2.1-3")
    assert upgrade_target(site, "2.3-1") == V("2.3-1")
    bad = OLD.replace("  language: en", '  language: en\n  upgrade_to: "2.1-1"')
    with pytest.raises(SiteFileError) as info:
        _site(tmp_path, bad)
    (problem,) = info.value.problems
    assert (problem.line, problem.field) == (5, "site.upgrade_to")
    assert "older than the site's software_version 2.1-2" in problem.message


# -- the verdict rule ------------------------------------------------------------------------


def _probe(outcome: Outcome, **facts) -> ProbeResult:
    ev = Evidence(Method.TCP_CONNECT, "tcp", "10.9.0.2", 41801, detail="seen", facts=facts)
    return ProbeResult(outcome, ev)


ICMP_PORT_UNREACHABLE = {"icmp_type": 3, "icmp_code": 3, "icmp_from": "10.9.0.254"}
RULE = [
    (_probe(Outcome.OPEN), "open", Verdict.PASS),
    (_probe(Outcome.REFUSED, errno=111), "ready", Verdict.PASS),
    (_probe(Outcome.REFUSED, **ICMP_PORT_UNREACHABLE), "rejected", Verdict.FAIL),
    (_probe(Outcome.TIMEOUT), "blocked", Verdict.FAIL),
    (_probe(Outcome.PROHIBITED, icmp_type=3, icmp_code=13), "blocked", Verdict.FAIL),
    (_probe(Outcome.UNREACHABLE), "unreachable", Verdict.FAIL),
    (_probe(Outcome.WRONG_ANSWER), "unknown", Verdict.INCONCLUSIVE),
    (_probe(Outcome.PERMISSION), "unknown", Verdict.INCONCLUSIVE),
    (_probe(Outcome.ERROR), "unknown", Verdict.INCONCLUSIVE),
]


def test_the_rule_covers_every_outcome() -> None:
    assert {p.outcome for p, _, _ in RULE} == set(Outcome)


@pytest.mark.parametrize(
    ("probe", "kind", "verdict"), RULE, ids=[r[1] + "-" + r[0].outcome for r in RULE]
)
def test_readiness_rule(probe, kind, verdict) -> None:
    assert readiness_class(probe) == kind
    assert readiness_verdict(probe) is verdict


def _judge(site, probes, language="en", commparam=None):
    plan = with_readiness(plan_for(site, "WS-01"), V("2.1-3"))
    checks = {c.id: c for c in plan.checks}
    obs = Observations(probes=probes, commparam=commparam or {})
    return Judge(site, site.host("WS-01"), language, obs, True), checks


CHECK = "RPC-TCP[WS-01->SRV-COMM:41801/tcp]"


def test_reset_is_ready_and_says_what_it_cannot_rule_out(tmp_path) -> None:
    site = _site(tmp_path)
    j, checks = _judge(site, {("tcp", "10.9.0.2", 41801): _probe(Outcome.REFUSED, errno=111)})
    result = j.judge(checks[CHECK])
    assert result.verdict is Verdict.PASS and result.evidence
    assert "reaches SRV-COMM (ready)" in result.message
    assert "cannot rule out a firewall rule on the host scoped to the future program" in (
        result.message
    )
    assert result.facts == {"readiness": "ready", "upgrade_to": "2.1-3", "port": 41801}


@pytest.mark.parametrize(
    ("language", "step"),
    [
        ("en", "Allow TCP 41801 inbound on SRV-COMM (10.9.0.2) from WS-01"),
        ("de", "TCP 41801 eingehend auf SRV-COMM (10.9.0.2) von WS-01 freigeben"),
    ],
)
def test_silence_is_blocked_with_the_next_step(tmp_path, language, step) -> None:
    site = _site(tmp_path)
    j, checks = _judge(site, {("tcp", "10.9.0.2", 41801): _probe(Outcome.TIMEOUT)}, language)
    result = j.judge(checks[CHECK])
    assert result.verdict is Verdict.FAIL
    assert result.next_step.startswith(step)
    assert "2.1-3" in result.symptom


def test_no_probe_is_never_a_pass(tmp_path) -> None:
    j, checks = _judge(_site(tmp_path), {})
    assert j.judge(checks[CHECK]).verdict is Verdict.INCONCLUSIVE


def test_the_port_comes_from_the_hosts_commparam(tmp_path) -> None:
    site = _site(tmp_path)
    read = ProbeResult(Outcome.OPEN, Evidence(Method.COMMPARAM, "file", "x", facts={"port": 41900}))
    probes = {("tcp", "10.9.0.2", 41900): _probe(Outcome.REFUSED, errno=111)}
    j, checks = _judge(site, probes, commparam={"WS-01": read})
    result = j.judge(checks[CHECK])
    assert result.verdict is Verdict.PASS and result.facts["port"] == 41900


# -- every readiness check has an acceptance test ---------------------------------------------


def _suite_markers() -> list[tuple[str, tuple[str, ...]]]:
    """(requirement, methods) of every ``requirement`` marker in suites/ (empty: all methods)."""
    found = []
    for path in sorted((Path(__file__).parents[2] / "suites").glob("test_*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "requirement":
                methods = next((k.value for k in node.keywords if k.arg == "methods"), None)
                listed = _methods(methods) if methods is not None else ()
                found.append((ast.literal_eval(node.args[0]), listed))
    return found


def _methods(node: ast.expr) -> tuple[Method, ...]:
    """The ``Method.X`` members of a marker's ``methods=(...)``."""
    assert isinstance(node, ast.Tuple), ast.dump(node)
    return tuple(Method[ast.unparse(e).removeprefix("Method.")] for e in node.elts)


def _boundaries() -> list[SoftwareVersion]:
    bounds = {v for r in CATALOG.values() for v in (r.applies_from, r.applies_until) if v}
    extra = {SoftwareVersion(v.major, v.minor, v.build + 1) for v in bounds}
    extra |= {SoftwareVersion(v.major, v.minor, v.build - 1) for v in bounds if v.build}
    return sorted(bounds | extra)


def test_every_readiness_check_is_collected_by_a_suite(tmp_path) -> None:
    markers = _suite_markers()
    versions = _boundaries()
    seen = set()
    for i, current in enumerate(versions):
        site = _site(tmp_path, GOOD.replace('"2.3-1"', f'"{current}"'))
        for target in versions[i + 1 :]:
            for check in readiness_checks(site, target)[0]:
                seen.add((check.requirement, check.method))
                assert any(
                    req == check.requirement and (not methods or check.method in methods)
                    for req, methods in markers
                ), f"no acceptance test collects {check.id} ({check.method})"
    assert ("RPC-TCP", Method.READINESS_TCP) in seen


@pytest.mark.parametrize("version", ["2.0-9", "2.1-2", "2.1-3", "2.3-1"])
def test_todays_plan_agrees_with_the_catalogs_version_ranges(tmp_path, version) -> None:
    site = _site(tmp_path, GOOD.replace('"2.3-1"', f'"{version}"'))
    planned = {c.requirement for c in plan_for(site, "WS-01").all_checks}
    for req in ("RPC-MS", "RPC-TCP", "RPC-INI"):
        assert (req in planned) is CATALOG[req].applies_to(V(version)), req
