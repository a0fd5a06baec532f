"""The ISENet reply parsers and the send guard: pure functions, no sockets."""

from __future__ import annotations

import ast
import inspect

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sesam_accept.probes import isenet
from sesam_accept.probes.isenet import (
    DeviceInfo,
    ISENetParseError,
    _checked_query,
    parse_f5,
    parse_f7,
)
from sesam_accept.simulator.isenet_device import SimulatedDevice, build_f5, build_f7
from sesam_accept.site import QUERY_F4, QUERY_F6

#: The captured real reply of protocols.md, completed with a Lantronix MAC.
CAPTURED = bytes.fromhex("000000F7 00205006 58354B0F FF130000 62A7E896 FF000000".replace(" ", ""))
MAC = bytes.fromhex("00204A123456")


def test_captured_reply_parses_to_x5k_and_its_mac() -> None:
    info = parse_f7(CAPTURED + MAC)
    assert info.device_type == "X5K"
    assert info.mac == "00:20:4A:12:34:56"
    assert (info.serial, info.serial_text, info.serial_hex) == (0, "0", "0000")
    assert info.length == 30


def test_24_byte_reply_of_an_older_device_has_no_mac() -> None:
    info = parse_f7(CAPTURED)
    assert info.device_type == "X5K"
    assert info.mac is None


def test_serial_is_bytes_22_23_big_endian_as_int_and_text() -> None:
    data = bytearray(CAPTURED + MAC)
    data[22:24] = (4711).to_bytes(2, "big")
    info = parse_f7(bytes(data))
    assert (info.serial, info.serial_text, info.serial_hex) == (4711, "4711", "1267")


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "too short"),
        (CAPTURED[:23], "too short"),
        (bytes.fromhex("000000F5") + CAPTURED[4:], "not an F7"),
        (CAPTURED[:8] + b"X\x00K" + CAPTURED[11:], "device type"),
        (CAPTURED[:8] + b"X K" + CAPTURED[11:], "device type"),
    ],
)
def test_malformed_f7_is_a_parse_error(data: bytes, reason: str) -> None:
    with pytest.raises(ISENetParseError, match=reason):
        parse_f7(data)


def test_parse_error_is_a_value_error() -> None:
    assert issubclass(ISENetParseError, ValueError)


def test_f5_firmware_is_nul_terminated_ascii_from_byte_16() -> None:
    data = bytes.fromhex("000000F5") + bytes(12) + b"6.5.0.7\x00" + b"\xff" * 10
    assert parse_f5(data) == "6.5.0.7"
    assert parse_f5(bytes.fromhex("000000F5") + bytes(12) + b"6.1") == "6.1"


@pytest.mark.parametrize(
    "data",
    [
        b"",
        bytes.fromhex("000000F7") + bytes(12) + b"6.5\x00",
        bytes.fromhex("000000F5") + bytes(12),
        bytes.fromhex("000000F5") + bytes(12) + b"\x00abc",
        bytes.fromhex("000000F5") + bytes(12) + "6.5ä".encode(),
    ],
)
def test_malformed_f5_is_a_parse_error(data: bytes) -> None:
    with pytest.raises(ISENetParseError):
        parse_f5(data)


def test_simulator_frames_round_trip_through_the_parsers() -> None:
    dev = SimulatedDevice(
        "T",
        "127.0.2.1",
        mac="00:20:4A:AB:CD:EF",
        serial="65535",
        firmware="6.8.0.1",
        device_type="X5D",
    )
    info = parse_f7(build_f7(dev))
    assert (info.device_type, info.mac, info.serial_text) == ("X5D", "00:20:4A:AB:CD:EF", "65535")
    assert parse_f5(build_f5(dev)) == "6.8.0.1"
    assert len(build_f7(dev)) == 30
    assert len(build_f5(dev)) == 33
    old = SimulatedDevice("O", "127.0.2.1", mac=None)
    assert parse_f7(build_f7(old)).mac is None


@given(st.binary(max_size=80))
def test_parse_f7_on_any_bytes_gives_info_or_the_documented_error(data: bytes) -> None:
    try:
        info = parse_f7(data)
    except ISENetParseError:
        return
    assert isinstance(info, DeviceInfo)
    assert len(data) >= 24
    assert data[:4] == bytes.fromhex("000000F7")
    assert (info.mac is None) == (len(data) < 30)


@given(st.binary(max_size=80))
def test_parse_f5_on_any_bytes_gives_text_or_the_documented_error(data: bytes) -> None:
    try:
        text = parse_f5(data)
    except ISENetParseError:
        return
    assert text
    assert text.isascii()
    assert text.isprintable()


@given(
    st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", min_size=3, max_size=3),
    st.integers(0, 65535),
    st.binary(min_size=6, max_size=6),
    st.from_regex(r"[0-9]{1,3}(\.[0-9]{1,3}){0,3}", fullmatch=True),
)
def test_any_simulated_device_round_trips(kind: str, serial: int, mac: bytes, fw: str) -> None:
    mac_text = ":".join(f"{b:02X}" for b in mac)
    dev = SimulatedDevice(
        "H", "127.0.2.1", mac=mac_text, serial=serial, firmware=fw, device_type=kind
    )
    info = parse_f7(build_f7(dev))
    assert (info.device_type, info.serial, info.mac) == (kind, serial, mac_text)
    assert parse_f5(build_f5(dev)) == fw


# --- the send guard -------------------------------------------------------------------------


def test_guard_passes_exactly_the_two_read_only_queries() -> None:
    assert _checked_query(QUERY_F6) == QUERY_F6
    assert _checked_query(QUERY_F4) == QUERY_F4


@pytest.mark.parametrize("op", [op for op in range(256) if op not in (0xF6, 0xF4)])
def test_guard_refuses_every_other_opcode(op: int) -> None:
    with pytest.raises(ValueError, match="refusing to send"):
        _checked_query(bytes([0, 0, 0, op]))


@pytest.mark.parametrize(
    "frame",
    [b"", QUERY_F6 + b"\x00", b"\x00" + QUERY_F6, QUERY_F6[:3], QUERY_F6 * 2, b"\x01\x00\x00\xf6"],
)
def test_guard_refuses_frames_of_other_shapes(frame: bytes) -> None:
    with pytest.raises(ValueError, match="refusing to send"):
        _checked_query(frame)


@given(st.binary(max_size=16))
def test_guard_on_any_bytes(frame: bytes) -> None:
    if frame in (QUERY_F6, QUERY_F4):
        assert _checked_query(frame) == frame
    else:
        with pytest.raises(ValueError):
            _checked_query(frame)


def _calls(tree: ast.AST, name: str) -> list[ast.Call]:
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute | ast.Name)
        and getattr(node.func, "attr", getattr(node.func, "id", "")) == name
    ]


def test_every_sendto_of_the_isenet_module_sits_behind_the_guard() -> None:
    """The module has one sendto, in ``_send``, whose frame went through the guard first."""
    tree = ast.parse(inspect.getsource(isenet))
    sends = _calls(tree, "sendto")
    assert len(sends) == 1
    functions = [f for f in ast.walk(tree) if isinstance(f, ast.AsyncFunctionDef | ast.FunctionDef)]
    holders = [f for f in functions if _calls(f, "sendto")]
    assert [f.name for f in holders] == ["_send"]
    guard_lines = [c.lineno for c in _calls(holders[0], "_checked_query")]
    assert guard_lines
    assert min(guard_lines) < sends[0].lineno
    destination = ast.unparse(sends[0].args[1])
    assert destination == "(address, self.command_port)"
