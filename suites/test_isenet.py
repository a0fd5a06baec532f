"""The ISENet boards, checked from the SesComm host."""

import pytest

from sesam_accept.plugin import expect


@pytest.mark.requirement("ISE-CMD")
def test_command_port_answers(result):
    """Each ISENet answers the read-only F6/F4 query on 41797/udp (to PC:41797)."""
    expect(result)


@pytest.mark.requirement("ISE-DATA")
def test_data_port_open(result):
    """Each ISENet accepts TCP on 41796 (or SesComm already holds that connection)."""
    expect(result)


@pytest.mark.requirement("DIAG-ISENET")
def test_three_layers(result):
    """The document's troubleshooting: ping, 41797/udp, 41796/tcp; names the failing layer."""
    expect(result)


@pytest.mark.requirement("DIAG-JP1")
def test_jumper_jp1_confirmed(result):
    """JP1 on pins 2-3: passes only with a manual confirmation in the site file."""
    expect(result)
