"""The simulated site's ISENets, probed with the project's ISENet client, for each ISENet fault."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest

from sesam_accept.probes.isenet import ISENetClient, SearchResult
from sesam_accept.probes.tcp import tcp_connect
from sesam_accept.results import Outcome, ProbeResult
from sesam_accept.simulator import SiteSimulator
from sesam_accept.simulator.isenet_play import WRONG_MAC, WRONG_SERIAL
from sesam_accept.site import Site

SiteMaker = Callable[..., Site]


@pytest.fixture
def site(site_with: SiteMaker) -> Site:
    """DB, COMM, one workstation and three ISENets on 127.0.3.0/24."""
    return site_with(isenets=3)


def query(site: Site) -> dict[str, ProbeResult]:
    """Ask every ISENet of the site from the COMM address (F6 and F4)."""

    async def ask() -> dict[str, ProbeResult]:
        async with ISENetClient(site.comm_host.address, 0) as client:
            addresses = [i.address for i in site.isenets]
            return await client.query_all(addresses, timeout=0.4, retries=1)

    return asyncio.run(ask())


def search(site: Site) -> SearchResult:
    async def ask() -> SearchResult:
        async with ISENetClient(site.comm_host.address, 0) as client:
            return await client.search(window=0.5)

    return asyncio.run(ask())


def data_port(address: str) -> Outcome:
    result: ProbeResult = asyncio.run(tcp_connect(address, 41796, timeout=1.0))
    return result.outcome


def facts(results: dict[str, ProbeResult], site: Site, name: str) -> dict[str, Any]:
    return results[site.isenets[[i.name for i in site.isenets].index(name)].address].evidence.facts


def test_every_isenet_answers_as_the_site_says(site: Site) -> None:
    with SiteSimulator(site, firebird="standin"):
        results = query(site)
        found = search(site)
        data = [data_port(i.address) for i in site.isenets]
    for isenet in site.isenets:
        result = results[isenet.address]
        assert result.outcome is Outcome.OPEN
        assert result.evidence.facts["serial"] == isenet.serial
        assert result.evidence.facts["mac"] == isenet.mac
        assert result.evidence.facts["firmware"] == isenet.firmware
    assert found.addresses == {i.address for i in site.isenets}
    assert data == [Outcome.OPEN] * 3


def test_missing_isenet_is_silent_and_not_listening(site: Site) -> None:
    with SiteSimulator(site, firebird="standin", faults=["isenet-missing"]):
        results = query(site)
        found = search(site)
        data = data_port(site.isenets[-1].address)
    assert results[site.isenets[-1].address].outcome is Outcome.TIMEOUT  # the last one by default
    assert results[site.isenets[0].address].outcome is Outcome.OPEN
    assert site.isenets[-1].address not in found.addresses
    assert data is Outcome.REFUSED


def test_wrong_serial_and_mac(site: Site) -> None:
    faults = ["isenet-serial:ISE-01", "isenet-mac:ISE-02"]
    with SiteSimulator(site, firebird="standin", faults=faults):
        results = query(site)
    assert facts(results, site, "ISE-01")["serial"] == str(WRONG_SERIAL)
    assert facts(results, site, "ISE-01")["mac"] == site.isenets[0].mac
    assert facts(results, site, "ISE-02")["mac"] == WRONG_MAC
    assert facts(results, site, "ISE-02")["serial"] == site.isenets[1].serial


def test_duplicate_answers_twice_with_different_macs(site: Site) -> None:
    with SiteSimulator(site, firebird="standin", faults=["isenet-duplicate:ISE-02"]):
        results = query(site)
        found = search(site)
    assert facts(results, site, "ISE-02")["conflicting_answers"] is True
    assert facts(results, site, "ISE-01")["conflicting_answers"] is False
    assert [d.key for d in found.duplicates] == [site.isenets[1].address]


def test_data_closed_answers_but_refuses_41796(site: Site) -> None:
    with SiteSimulator(site, firebird="standin", faults=["isenet-data-closed:ISE-01"]):
        results = query(site)
        closed = data_port(site.isenets[0].address)
        other = data_port(site.isenets[1].address)
    assert results[site.isenets[0].address].outcome is Outcome.OPEN
    assert closed is Outcome.REFUSED
    assert other is Outcome.OPEN


def test_sescomm_links_hold_the_data_connections(site: Site) -> None:
    with SiteSimulator(site, firebird="standin", sescomm_links=True) as sim:
        links = sim.facts()["sescomm_links"]
        results = query(site)
    assert links == [f"{i.address}:41796" for i in site.isenets]
    assert all(r.outcome is Outcome.OPEN for r in results.values())


def test_only_one_isenet(site: Site) -> None:
    with SiteSimulator(site, only=["ISE-02"]) as sim:
        results = query(site)
    assert sim.firebird_kind == "none"
    assert results[site.isenets[1].address].outcome is Outcome.OPEN
    assert results[site.isenets[0].address].outcome is not Outcome.OPEN
