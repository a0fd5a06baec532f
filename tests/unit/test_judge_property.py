"""Over every verdict rule and every probe outcome: PASS comes only from positive evidence or a
valid, in-date, matching confirmation (issue 13, "Done when").

The probe results are generated for exactly the probes the rules ask for (found by asking once
with nothing observed), of every outcome, error class and answer; the confirmations of every
scope and age. Each rule's own verdict (before the judge's guard) must satisfy
:func:`sesam_accept.judge.earned`, the rule the judge itself applies.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from sesam_accept.checks import Check, Method
from sesam_accept.judge import Judge, Observations, dispatch, earned
from sesam_accept.loader import load_site
from sesam_accept.plan import site_checks
from sesam_accept.probes.isenet_results import Duplicate, FoundDevice, SearchResult
from sesam_accept.probes.isenet_wire import DeviceInfo
from sesam_accept.results import Evidence, Outcome, ProbeResult, Verdict
from sesam_accept.site import Confirmation, RareChecks, Site
from sesam_accept.version import SoftwareVersion

from .test_loader import GOOD

TODAY = dt.date(2026, 12, 1)
MAC, SERIAL = "00:20:40:12:34:56", "4711"


def _sites() -> list[Site]:
    path = Path(__file__).with_name("_property_site.yaml")
    try:
        path.write_text(GOOD, encoding="utf-8")
        base = load_site(path, today=TODAY)
    finally:
        path.unlink()
    ise1 = dataclasses.replace(base.isenets[0], firmware="6.5.0.7")
    full = dataclasses.replace(
        base, isenets=(ise1, *base.isenets[1:]), rare=RareChecks(isenet_debug=True, tftp=True)
    )
    return [full, dataclasses.replace(full, software_version=SoftwareVersion(2, 1, 2))]


SITES = _sites()

PORTS = st.sampled_from([None, 41797, 41801, 41802, 69, 50123])
ADDRESSES = st.sampled_from(
    ["0.0.0.0", "::", "127.0.0.1", "::1", "10.9.0.1", "10.9.0.2", "10.9.9.9"]
)
FACTS = st.fixed_dictionaries(
    {"port": st.sampled_from([41801, 41802])},
    optional={
        "reply_port": PORTS,
        "serial": st.sampled_from([None, SERIAL, "999"]),
        "mac": st.sampled_from([None, MAC, "00:20:4A:00:00:01"]),
        "firmware": st.sampled_from([None, "6.5.0.7", "6.1.0.0"]),
        "conflicting_answers": st.booleans(),
        "addresses": st.lists(ADDRESSES, max_size=3),
        "process": st.sampled_from([None, "SesComm.exe", "python3"]),
        "icmp_type": st.sampled_from([3]),
        "errno": st.sampled_from([111, 113]),
    },
)
EVIDENCE = st.builds(
    Evidence,
    method=st.sampled_from(
        ["test", "local-established", "local-listener-tcp", Method.ISENET_QUERY]
    ),
    protocol=st.sampled_from(["tcp", "udp", "icmp", "file", "local"]),
    target=st.just("10.9.0.101"),
    source_port=PORTS,
    error_class=st.sampled_from([None, "refused", "timeout", "admin prohibited", "bind failed"]),
    detail=st.sampled_from(["", "seen", "UNC path not reachable"]),
    facts=FACTS,
)
PROBES = st.builds(ProbeResult, st.sampled_from(Outcome), EVIDENCE)


def _device(address: str, mac: str | None, serial: str, reply_port: int) -> FoundDevice:
    info = DeviceInfo("X5K", int(serial), serial, "00", mac, 30)
    return FoundDevice(address, reply_port, info, "00", 1.0)


DEVICES = st.builds(
    _device,
    st.sampled_from(["10.9.0.101", "10.9.0.102", "10.9.0.200"]),
    st.sampled_from([MAC, None, "00:20:4A:00:00:01"]),
    st.sampled_from([SERIAL, "999"]),
    st.sampled_from([41797, 50999]),
)
DUPLICATE = Duplicate("address", "10.9.0.101", ("10.9.0.101",), (MAC, None), "two devices")
SEARCHES = st.one_of(
    st.none(),
    st.builds(
        SearchResult,
        st.lists(DEVICES, max_size=3).map(tuple),
        st.sampled_from([(), (DUPLICATE,)]),
        st.just(()),
        st.dictionaries(st.sampled_from(["10.9.0.255", "255.255.255.255"]), PROBES, max_size=2),
        st.just(2.0),
        unattributed=st.sampled_from([(), ("10.9.0.101",)]),
    ),
)


def _scopes(site: Site) -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    """Every way the site file can name checks: each check id, each requirement with one
    host or ISENet."""
    ids = [(c.id, (), ()) for c in site_checks(site)]
    hosts = [(r, (h.name,), ()) for r in ("FB-PWD", "FB-TCP", "RPC-TCP") for h in site.hosts]
    isenets = [(r, (), (i.name,)) for r in ("ISE-DEBUG", "ISE-TFTP") for i in site.isenets]
    return ids + hosts + isenets


def confirmations(site: Site) -> st.SearchStrategy[tuple[Confirmation, ...]]:
    one = st.builds(
        lambda scope, days: Confirmation(
            scope[0], "M. Muster", TODAY - dt.timedelta(days=days), hosts=scope[1], isenets=scope[2]
        ),
        st.sampled_from(_scopes(site)),
        st.integers(-3, 800),  # from the future (refused by the loader) to long expired
    )
    return st.lists(one, max_size=4).map(tuple)


class Asked(dict[tuple[Any, ...], ProbeResult]):
    """Records which probes the rules ask for."""

    def __init__(self) -> None:
        super().__init__()
        self.keys_asked: set[tuple[Any, ...]] = set()

    def get(self, key: tuple[Any, ...], default: Any = None) -> Any:  # type: ignore[override]
        self.keys_asked.add(key)
        return default


def _asked(site: Site) -> list[tuple[Any, ...]]:
    asked = Asked()
    obs = Observations(probes=asked)
    for check in site_checks(site):
        dispatch(Judge(site, site.host(check.source), "en", obs, True, TODAY), check)
    return sorted(asked.keys_asked, key=repr)


ASKED = [_asked(site) for site in SITES]


def test_the_rules_ask_for_probes_at_all() -> None:
    assert all(len(keys) > 10 for keys in ASKED)  # else the property below tests nothing


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_pass_only_from_positive_evidence_or_a_confirmation_that_counts(data: st.DataObject):
    number = data.draw(st.sampled_from(range(len(SITES))))
    site = dataclasses.replace(
        SITES[number],
        confirmations=data.draw(confirmations(SITES[number])),
        confirmations_max_age_days=data.draw(st.sampled_from([1, 30, 365])),
    )
    keys = ASKED[number]
    drawn = data.draw(st.lists(PROBES, min_size=len(keys), max_size=len(keys)))
    probes = dict(zip(keys, drawn, strict=True))
    hosts = [h.name for h in site.sw_hosts]
    commparam = data.draw(st.dictionaries(st.sampled_from(hosts), PROBES, max_size=len(hosts)))
    obs = Observations(commparam=commparam, probes=probes, search=data.draw(SEARCHES))
    local = data.draw(st.booleans())
    passes = 0
    for check in site_checks(site):
        judge = Judge(site, site.host(check.source), "en", obs, local, TODAY)
        result = dispatch(judge, check)
        assert earned(result, judge.probe_of, judge.confirmed), _explain(result, judge)
        passes += result.verdict is Verdict.PASS
    event(f"passes: {min(passes, 5)}+" if passes >= 5 else f"passes: {passes}")


def _explain(result: Any, judge: Judge) -> str:
    outcomes = [(ev.method, getattr(judge.probe_of(ev), "outcome", None)) for ev in result.evidence]
    return f"{result.check.id}: {result.message} — evidence {outcomes}"


@pytest.mark.parametrize(
    "check", [c for c in site_checks(SITES[0]) if c.method == Method.MANUAL][:1]
)
def test_the_guard_turns_an_unearned_pass_into_inconclusive(check: Check) -> None:
    """The judge applies the same rule: a pass with only a failed probe behind it is none."""
    refused = ProbeResult(Outcome.REFUSED, Evidence("test", "tcp", "x"))
    judge = Judge(SITES[0], SITES[0].host(check.source), "en", Observations(), True, TODAY)
    forged = judge.result(check, Verdict.PASS, "forged", [refused.evidence])
    assert not earned(forged, judge.probe_of, judge.confirmed)
