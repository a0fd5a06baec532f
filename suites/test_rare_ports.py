"""The rarely needed ports, checked only when the site file asks for them."""

import pytest

from sesam_accept.checks import Method
from sesam_accept.plugin import expect


@pytest.mark.requirement("ISE-DEBUG")
def test_debug_port(result):
    """41798/udp to each ISENet for DebugSesLan.exe (silence is inconclusive)."""
    expect(result)


@pytest.mark.requirement("ISE-TFTP", methods=(Method.TFTP,))
def test_tftp_udp(result):
    """TFTP 69/udp: a read request for a missing file is answered with a TFTP error."""
    expect(result)


@pytest.mark.requirement("ISE-TFTP", methods=(Method.TCP_CONNECT,))
def test_tftp_tcp(result):
    """69/tcp, as the document lists it (connect, then close)."""
    expect(result)
