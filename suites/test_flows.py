"""The connection flows to the ISENet (from software 2.1-2), step by step."""

import pytest

from sesam_accept.checks import Method
from sesam_accept.plugin import expect


@pytest.mark.requirement("FLOW-SEARCH", methods=(Method.ISENET_SEARCH,))
def test_search_finds(result):
    """A broadcast search from the COMM host finds each ISENet of its subnet, with the MAC,
    serial and firmware the site file gives."""
    expect(result)


@pytest.mark.requirement("FLOW-SEARCH", methods=(Method.ISENET_SEARCH_EXTRA,))
def test_search_no_strangers(result):
    """No device the site file does not list, and no two devices on one address."""
    expect(result)


@pytest.mark.requirement("FLOW-ADD")
def test_add_by_ip(result):
    """Adding an ISENet by IP works: the query is answered with its serial number."""
    expect(result)


@pytest.mark.requirement("FLOW-ADMIN")
def test_administrate(result):
    """Administrate: 41797/udp, ping, 41796/tcp in the document's order."""
    expect(result)


@pytest.mark.requirement("FLOW-PROCESS")
def test_process(result):
    """Process (Abarbeiten): ping, 41796/tcp."""
    expect(result)
