"""CommParam.ini: every encoding Windows editors write, and every broken shape of the file."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sesam_accept.errors import CommParamError
from sesam_accept.probes.commparam import (
    commparam_check,
    decode,
    read_commparam,
    read_commparam_text,
)
from sesam_accept.results import Outcome

TYPICAL = "; Sesam communication\r\n[Comm]\r\nServer=SRV-COMM\r\nRpcPort=41801\r\n"


def write(tmp_path: Path, content: bytes, name: str = "CommParam.ini") -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


@pytest.mark.parametrize(
    ("encoded", "encoding"),
    [
        (TYPICAL.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + TYPICAL.encode("utf-8"), "utf-8-sig"),
        (b"\xff\xfe" + TYPICAL.encode("utf-16-le"), "utf-16-le"),
        (b"\xfe\xff" + TYPICAL.encode("utf-16-be"), "utf-16-be"),
        ((TYPICAL + "Ort=Außenstelle Süd\r\n").encode("cp1252"), "cp1252"),
    ],
)
def test_each_encoding(tmp_path: Path, encoded: bytes, encoding: str) -> None:
    value = read_commparam(write(tmp_path, encoded))
    assert (value.port, value.section, value.key, value.line) == (41801, "Comm", "RpcPort", 4)
    assert value.encoding == encoding


def test_explicit_section_and_key_are_case_insensitive(tmp_path: Path) -> None:
    path = write(tmp_path, b"[comm]\nrpcport = 41900\n[Other]\nRpcPort=1\n")
    value = read_commparam(path, section="COMM", key="RPCPORT")
    assert (value.port, value.section, value.key) == (41900, "comm", "rpcport")
    assert read_commparam(path, section="other", key="rpcport").port == 1


def test_no_section_header_comments_whitespace(tmp_path: Path) -> None:
    text = b"# written by hand\n\n   ; another comment\n\t Port  =  41802   ; was 41801\n"
    value = read_commparam(write(tmp_path, text))
    assert (value.port, value.section, value.key, value.line) == (41802, None, "Port", 4)


def test_same_key_twice_with_the_same_value_is_fine(tmp_path: Path) -> None:
    value = read_commparam(write(tmp_path, b"[Comm]\nRpcPort=41801\nRpcPort=41801\n"))
    assert (value.port, value.line) == (41801, 2)


def test_same_key_twice_with_different_values_names_both_lines(tmp_path: Path) -> None:
    path = write(tmp_path, b"[Comm]\nRpcPort=41801\nX=1\nRpcPort=41802\n")
    for section, key in ((None, None), ("Comm", "RpcPort")):
        with pytest.raises(CommParamError, match=r"line 2\).*line 4\)"):
            read_commparam(path, section, key)


def test_several_candidates_are_listed_never_guessed(tmp_path: Path) -> None:
    path = write(tmp_path, b"[Comm]\nRpcPort=41801\n[Debug]\nDebugPort=41798\n")
    with pytest.raises(CommParamError, match="several candidates") as info:
        read_commparam(path)
    assert "RpcPort=41801 (line 2)" in info.value.reason
    assert "DebugPort=41798 (line 4)" in info.value.reason
    assert read_commparam(path, section="Debug").port == 41798


def test_no_candidate_lists_what_was_seen(tmp_path: Path) -> None:
    with pytest.raises(CommParamError, match="no key ending in 'port' with a port") as info:
        read_commparam(write(tmp_path, b"[Comm]\nServer=SRV\nRpcPort=70000\n"))
    assert "RpcPort=70000 (line 3)" in info.value.reason
    with pytest.raises(CommParamError, match="seen: none"):
        read_commparam(write(tmp_path, b""))


@pytest.mark.parametrize("value", ["0", "65536", "abc", "", "-1", "41801x", "４１８０１"])
def test_a_named_key_without_a_port_number(tmp_path: Path, value: str) -> None:
    path = write(tmp_path, f"[Comm]\nRpcPort={value}\n".encode())
    with pytest.raises(CommParamError, match="not a port number 1–65535"):
        read_commparam(path, "Comm", "RpcPort")


def test_a_missing_key_or_section(tmp_path: Path) -> None:
    path = write(tmp_path, TYPICAL.encode())
    with pytest.raises(CommParamError, match="no key 'TcpPort'"):
        read_commparam(path, "Comm", "TcpPort")
    with pytest.raises(CommParamError, match=r"in section \[Nope\]"):
        read_commparam(path, "Nope", "RpcPort")


def test_missing_file_directory_and_unreadable(tmp_path: Path) -> None:
    with pytest.raises(CommParamError, match="file not found") as info:
        read_commparam(tmp_path / "absent.ini")
    assert info.value.path == str(tmp_path / "absent.ini")
    with pytest.raises(CommParamError, match="is a directory"):
        read_commparam(tmp_path)


def _read_as_nobody(path: Path) -> str:
    """Run read_commparam in a forked child that dropped root; return what it raised."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: drop root, try, report, leave without running pytest's teardown
        os.close(read_end)
        try:
            os.setgid(65534)
            os.setuid(65534)
            read_commparam(path)
            message = "read it"
        except BaseException as exc:
            message = f"{exc.__class__.__name__}: {exc}"
        os.write(write_end, message.encode())
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        message = pipe.read().decode()
    os.waitpid(pid, 0)
    return message


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_unreadable_file(tmp_path: Path) -> None:
    path = write(tmp_path, TYPICAL.encode())
    path.chmod(0)
    try:
        if os.geteuid() == 0:
            assert _read_as_nobody(path).startswith("CommParamError: ")
            assert "not readable (permission denied)" in _read_as_nobody(path)
        else:
            with pytest.raises(CommParamError, match="permission denied"):
                read_commparam(path)
    finally:
        path.chmod(0o644)


@pytest.mark.parametrize(
    "content",
    [
        bytes(range(256)),
        b"\x7fELF\x02\x01\x01" + bytes(50),
        TYPICAL.encode("utf-16-le"),
        b"\xff\xfe\x00",
    ],
)
def test_binary_garbage_is_an_error(tmp_path: Path, content: bytes) -> None:
    with pytest.raises(CommParamError):
        read_commparam(write(tmp_path, content))


def test_huge_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CommParamError, match="larger than"):
        read_commparam(write(tmp_path, b";" * (1 << 20) + b"\nPort=1\n"))


@pytest.mark.skipif(sys.platform == "win32", reason="UNC paths are read as-is on Windows")
def test_unc_path_off_windows_asks_for_a_copy() -> None:
    with pytest.raises(CommParamError, match="UNC paths can only be read on Windows; collect a"):
        read_commparam(r"\\SRV-COMM\Sesam$\CommParam.ini")


def test_reading_never_changes_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, TYPICAL.encode())
    os.utime(path, (1_000_000_000, 1_000_000_000))
    before = path.stat()
    read_commparam(path)
    commparam_check(path)
    after = path.stat()
    assert path.read_bytes() == TYPICAL.encode()
    assert (after.st_mtime_ns, after.st_size) == (before.st_mtime_ns, before.st_size)


def test_check_open_with_facts(tmp_path: Path) -> None:
    result = commparam_check(write(tmp_path, TYPICAL.encode()), "Comm", "RpcPort")
    assert result.outcome is Outcome.OPEN
    assert result.evidence.protocol == "file"
    assert result.evidence.port == 41801
    assert result.evidence.facts == {
        "port": 41801,
        "encoding": "utf-8",
        "section": "Comm",
        "key": "RpcPort",
        "line": 4,
    }


def test_check_error_with_the_reason(tmp_path: Path) -> None:
    result = commparam_check(tmp_path / "absent.ini")
    assert result.outcome is Outcome.ERROR
    assert result.text("en") == "file not found"
    assert result.evidence.target == str(tmp_path / "absent.ini")


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=300))
def test_any_bytes_give_a_value_or_commparam_error(tmp_path: Path, data: bytes) -> None:
    path = write(tmp_path, data)
    try:
        value = read_commparam(path)
    except CommParamError:
        return
    assert 1 <= value.port <= 65535
    assert value.key.casefold().endswith("port")


@settings(max_examples=300)
@given(
    text=st.lists(
        st.one_of(
            st.sampled_from(
                [
                    "[Comm]",
                    "[x]",
                    "; c",
                    "# c",
                    "",
                    "RpcPort=41801",
                    "Port=7",
                    "rpcport = 41802",
                    "Name=A",
                    "Port=99999",
                    "=1",
                    "[",
                    "Port",
                ]
            ),
            st.text(max_size=20),
        ),
        max_size=12,
    ).map("\r\n".join),
    section=st.sampled_from([None, "Comm", "x"]),
    key=st.sampled_from([None, "RpcPort", "Port"]),
)
def test_any_text_gives_a_value_or_commparam_error(
    text: str, section: str | None, key: str | None
) -> None:
    try:
        value = read_commparam_text(text, "fuzz.ini", "utf-8", section, key)
    except CommParamError:
        return
    assert 1 <= value.port <= 65535
    assert text.splitlines()[value.line - 1].strip().startswith(value.key)


@given(st.binary(max_size=200))
def test_decode_any_bytes(data: bytes) -> None:
    try:
        text, encoding = decode(data)
    except CommParamError:
        return
    assert encoding in ("utf-8", "utf-8-sig", "utf-16-le", "utf-16-be", "cp1252")
    assert isinstance(text, str)
