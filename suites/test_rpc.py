"""RPC between the Sesam software and the SesComm service (by software version)."""

import pytest

from sesam_accept.checks import Method
from sesam_accept.plugin import expect


@pytest.mark.requirement("RPC-TCP", methods=(Method.RPC_CONNECT, Method.READINESS_TCP))
def test_rpc_port_reachable(result):
    """From 2.1-3: every host with Sesam software reaches the COMM host on the port its own
    CommParam.ini names (before an upgrade to 2.1-3, with --upgrade-to: the path is ready)."""
    expect(result)


@pytest.mark.requirement("RPC-MS", methods=(Method.RPC_EPM,))
def test_endpoint_mapper_binds(result):
    """Up to 2.1-2: the endpoint mapper on the COMM host accepts a DCE/RPC bind."""
    expect(result)


@pytest.mark.requirement("RPC-INI", methods=(Method.COMMPARAM_CONSISTENCY,))
def test_rpc_port_same_everywhere(result):
    """The RPC port is the same in every host's CommParam.ini and is the expected port."""
    expect(result)


@pytest.mark.requirement("DIAG-COMM")
def test_teste_comm_server(result):
    """The RPC path as SesConfigPro's "Teste Comm-Server" uses it."""
    expect(result)
