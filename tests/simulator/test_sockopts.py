"""The simulator's address-reuse options: which one each platform needs, and what it does here."""

from __future__ import annotations

import socket

import pytest

from sesam_accept.simulator.sockopts import Reuse, address_reuse_option, allow_address_reuse


@pytest.mark.parametrize(
    ("platform", "purpose", "option"),
    [
        ("win32", Reuse.REBIND, "SO_EXCLUSIVEADDRUSE"),  # never let another socket steal it
        ("win32", Reuse.SHARE, "SO_REUSEADDR"),  # the only way to share a UDP port there
        ("linux", Reuse.REBIND, "SO_REUSEADDR"),  # bind again past TIME_WAIT
        ("linux", Reuse.SHARE, "SO_REUSEADDR"),
        ("darwin", Reuse.REBIND, "SO_REUSEADDR"),
    ],
)
def test_the_option_per_platform(platform: str, purpose: Reuse, option: str) -> None:
    assert address_reuse_option(purpose, platform) == option


def test_a_windows_listener_never_gets_so_reuseaddr() -> None:
    assert address_reuse_option(Reuse.REBIND, "win32") != "SO_REUSEADDR"


def test_a_listener_here_sets_so_reuseaddr_and_still_owns_its_port() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as first:
        assert allow_address_reuse(first, Reuse.REBIND) == address_reuse_option(Reuse.REBIND)
        assert first.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR) == 1
        first.bind(("127.0.0.1", 0))
        first.listen(1)
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as second:
            allow_address_reuse(second, Reuse.REBIND)
            with pytest.raises(OSError):  # a listening port is not shared on Linux
                second.bind(first.getsockname())


def test_shared_udp_sockets_bind_the_same_port_here() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as one:
        allow_address_reuse(one, Reuse.SHARE)
        one.bind(("127.0.0.1", 0))
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as two:
            allow_address_reuse(two, Reuse.SHARE)
            two.bind(one.getsockname())
            assert two.getsockname() == one.getsockname()
