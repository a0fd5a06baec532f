"""Firebird: the database server (FB-TCP) and its password service (FB-PWD)."""

import pytest

from sesam_accept.checks import Method
from sesam_accept.plugin import expect


@pytest.mark.requirement("FB-TCP", methods=(Method.FIREBIRD,))
def test_firebird_answers(result):
    """Every host with Sesam software reaches Firebird on the DB host at 41800/tcp, and what
    answers there is Firebird (a credential-free op_connect is answered)."""
    expect(result)


@pytest.mark.requirement("FB-PWD", methods=(Method.UDP_SERVICE,))
def test_password_service_reachable(result):
    """Every host with Sesam software reaches the password service at 41799/udp; silence is
    inconclusive, never a pass."""
    expect(result)
