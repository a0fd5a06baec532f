"""What can be seen on the host itself: listening sockets and its CommParam.ini."""

import pytest

from sesam_accept.checks import Method
from sesam_accept.plugin import expect


@pytest.mark.requirement("FB-TCP", methods=(Method.LISTENER_TCP,))
def test_firebird_listens(result):
    """On the DB host, a process listens on 41800/tcp."""
    expect(result)


@pytest.mark.requirement("FB-PWD", methods=(Method.LISTENER_UDP,))
def test_password_service_listens(result):
    """On the DB host, a process listens on 41799/udp."""
    expect(result)


@pytest.mark.requirement("RPC-TCP", methods=(Method.RPC_LISTENER,))
def test_sescomm_listens(result):
    """On the COMM host, SesComm listens on the RPC port of its CommParam.ini."""
    expect(result)


@pytest.mark.requirement("RPC-INI", methods=(Method.COMMPARAM,))
def test_commparam_port(result):
    """Each host's CommParam.ini is found, parsed, and names the expected RPC port."""
    expect(result)
