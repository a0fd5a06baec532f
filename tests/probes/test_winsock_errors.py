"""Windows socket errors (WSAE…): one text and one error class on every machine.

The exceptions below are what Python raises on Windows, recorded: ``errno`` and ``winerror`` are
both the Winsock number, and ``strerror`` is in the installation's language (here a German
Windows 10). On Linux ``os.strerror`` knows none of these numbers.
"""

from __future__ import annotations

import errno
import os

import pytest

from sesam_accept.probes import isenet_wire, sockets
from sesam_accept.probes.sockets import classify_errno, errno_text, os_error_text
from sesam_accept.probes.winsock import WINSOCK_ERRORS
from sesam_accept.results import Outcome

#: (number, name, error class, outcome) of every Winsock error a probe meets.
RECORDED = [
    (10054, "WSAECONNRESET", "refused", Outcome.REFUSED),
    (10061, "WSAECONNREFUSED", "refused", Outcome.REFUSED),
    (10060, "WSAETIMEDOUT", "timeout", Outcome.TIMEOUT),
    (10065, "WSAEHOSTUNREACH", "host unreachable", Outcome.UNREACHABLE),
    (10064, "WSAEHOSTDOWN", "host unreachable", Outcome.UNREACHABLE),
    (10051, "WSAENETUNREACH", "network unreachable", Outcome.UNREACHABLE),
    (10050, "WSAENETDOWN", "network unreachable", Outcome.UNREACHABLE),
    (10013, "WSAEACCES", "permission", Outcome.PERMISSION),
    (10048, "WSAEADDRINUSE", "address in use", Outcome.ERROR),
    (10049, "WSAEADDRNOTAVAIL", "address not available", Outcome.ERROR),
    (10040, "WSAEMSGSIZE", "message too long", Outcome.ERROR),
    (10022, "WSAEINVAL", "invalid argument", Outcome.ERROR),
]


@pytest.mark.parametrize(("code", "name", "error_class", "outcome"), RECORDED)
def test_each_winsock_number_has_its_class_and_text(
    code: int, name: str, error_class: str, outcome: Outcome
) -> None:
    assert classify_errno(code) == (outcome, error_class)
    text = errno_text(code)
    assert text.startswith(f"{name} ({code}): ")
    assert "Unknown error" not in text


@pytest.mark.skipif(os.name == "nt", reason="shows what os.strerror says off Windows")
def test_os_strerror_does_not_know_them_here() -> None:
    assert os.strerror(10061).startswith("Unknown error")


@pytest.mark.parametrize(("code", "name", "error_class", "outcome"), RECORDED)
def test_the_posix_twin_has_the_same_class(
    code: int, name: str, error_class: str, outcome: Outcome
) -> None:
    twin = getattr(errno, name.removeprefix("WSA"), None)
    if twin is None:  # EHOSTDOWN etc. exist on Linux; guard for other platforms
        pytest.skip(f"errno.{name[3:]} is not defined here")
    assert classify_errno(twin) == (outcome, error_class)


def test_a_recorded_german_windows_exception_gets_the_english_text() -> None:
    # ConnectionRefusedError as a German Windows raises it from sock_connect: errno 10061.
    exc = ConnectionRefusedError(
        10061,
        "Es konnte keine Verbindung hergestellt werden, "
        "da der Zielcomputer die Verbindung verweigerte",
    )
    assert sockets.os_error_code(exc) == 10061
    assert os_error_text(exc) == (
        "WSAECONNREFUSED (10061): "
        "No connection could be made because the target machine actively refused it."
    )


def test_an_unknown_number_keeps_the_exceptions_own_text() -> None:
    exc = OSError(12345, "something local")
    assert os_error_text(exc) == "something local"
    assert classify_errno(12345) == (Outcome.ERROR, "error")
    assert classify_errno(None) == (Outcome.ERROR, "error")


def test_linux_numbers_keep_their_text() -> None:
    assert errno_text(errno.ECONNREFUSED).endswith(os.strerror(errno.ECONNREFUSED))


def test_every_listed_winsock_number_is_classified() -> None:
    assert all(classify_errno(code)[1] != "error" for code in WINSOCK_ERRORS)


def test_isenet_wire_classifies_with_the_one_table() -> None:
    # The copy in isenet_wire lacked ETIMEDOUT; a local ETIMEDOUT on the error queue is a timeout.
    local = sockets.IcmpError(errno.ETIMEDOUT, 1, 0, 0, None)
    err = isenet_wire.socket_error(local, ("10.0.0.5", 41797))
    assert (err.outcome, err.error_class, err.address) == (Outcome.TIMEOUT, "timeout", "10.0.0.5")
    assert "ETIMEDOUT" in err.detail.render("en")
    icmp = sockets.IcmpError(errno.EHOSTUNREACH, 2, 3, 13, "10.0.0.1")
    assert isenet_wire.socket_error(icmp, None).outcome is Outcome.PROHIBITED
    assert isenet_wire.classify_errno is sockets.classify_errno  # imported, not a copy
