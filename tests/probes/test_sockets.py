"""Low-level helpers: the error-queue record decoder, errno classification, 3.10 fallbacks."""

from __future__ import annotations

import asyncio
import errno
import socket
import struct
import sys

import pytest

from sesam_accept.probes import tftp
from sesam_accept.probes.sockets import (
    IcmpError,
    classify_errno,
    classify_icmp,
    parse_extended_err,
)
from sesam_accept.results import Outcome

from .peers import Tftpd


def extended_err(icmp_type: int, code: int, offender: str | None) -> bytes:
    record = struct.pack("=IBBBBII", errno.EHOSTUNREACH, 2, icmp_type, code, 0, 0, 0)
    if offender is None:
        return record
    family = socket.AF_INET.to_bytes(2, sys.byteorder)
    return record + family + b"\0\0" + socket.inet_aton(offender) + b"\0" * 8


def test_extended_err_with_offender() -> None:
    err = parse_extended_err(extended_err(3, 13, "10.0.0.254"))
    assert err == IcmpError(errno.EHOSTUNREACH, 2, 3, 13, "10.0.0.254")
    assert "administratively prohibited from 10.0.0.254" in err.describe().render("en")


def test_extended_err_without_offender_and_too_short() -> None:
    err = parse_extended_err(extended_err(3, 1, None))
    assert err is not None
    assert err.offender is None
    assert parse_extended_err(b"\0" * 15) is None


@pytest.mark.parametrize(
    ("icmp_type", "code", "outcome"),
    [
        (3, 3, Outcome.REFUSED),
        (3, 9, Outcome.PROHIBITED),
        (3, 10, Outcome.PROHIBITED),
        (3, 13, Outcome.PROHIBITED),
        (3, 1, Outcome.UNREACHABLE),
        (3, 0, Outcome.UNREACHABLE),
        (11, 0, Outcome.UNREACHABLE),
    ],
)
def test_classify_icmp(icmp_type: int, code: int, outcome: Outcome) -> None:
    assert classify_icmp(IcmpError(0, 2, icmp_type, code, None))[0] is outcome


@pytest.mark.parametrize(
    ("code", "outcome"),
    [
        (errno.ECONNREFUSED, Outcome.REFUSED),
        (10054, Outcome.REFUSED),
        (10061, Outcome.REFUSED),
        (errno.EHOSTUNREACH, Outcome.UNREACHABLE),
        (10065, Outcome.UNREACHABLE),
        (errno.ENETUNREACH, Outcome.UNREACHABLE),
        (errno.EACCES, Outcome.PERMISSION),
        (errno.EPERM, Outcome.PERMISSION),
        (10013, Outcome.PERMISSION),
        (errno.ETIMEDOUT, Outcome.TIMEOUT),
        (errno.EINVAL, Outcome.ERROR),
        (None, Outcome.ERROR),
    ],
)
def test_classify_errno(code: int | None, outcome: Outcome) -> None:
    assert classify_errno(code)[0] is outcome


def test_tftp_works_without_sock_recvfrom_like_python_310(
    tftpd: Tftpd, monkeypatch: pytest.MonkeyPatch
) -> None:
    for cls in (asyncio.selector_events.BaseSelectorEventLoop, asyncio.AbstractEventLoop):
        for name in ("sock_recvfrom", "sock_sendto"):
            if name in cls.__dict__:
                monkeypatch.delattr(cls, name)
    result = asyncio.run(tftp.tftp_probe(tftpd.address, tftpd.port, timeout=2, retries=0))
    assert result.outcome is Outcome.OPEN
    assert result.evidence.facts["error_code"] == 1
