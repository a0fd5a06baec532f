"""The system-ping fallback on Windows: ping.exe's arguments, its OEM code page, and its English
and German output, from recorded samples (``data/``, see its README for where each comes from)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sesam_accept.probes.icmp import (
    FALLBACK_CODE_PAGE,
    decode_ping_output,
    parse_ping_output,
    ping_output_encoding,
    result_of,
    system_ping_command,
    windows_console_code_page,
)
from sesam_accept.probes.sockets import Stopwatch
from sesam_accept.results import Outcome, ProbeResult

DATA = Path(__file__).parent / "data"

#: file, target, echo requests asked, ping.exe's exit code as recorded, outcome, ICMP error from
SAMPLES = [
    ("ping-en-reply.cp437.txt", "10.25.4.1", 1, 0, Outcome.OPEN, None),
    ("ping-en-timeout.cp437.txt", "10.26.4.1", 1, 1, Outcome.TIMEOUT, None),
    ("ping-en-unreachable.cp437.txt", "10.25.4.2", 1, 0, Outcome.UNREACHABLE, "10.25.14.2"),
    ("ping-en-unreachable-own-address.cp437.txt", "192.168.192.1", 3, 0, Outcome.UNREACHABLE,
     "192.168.192.142"),
    ("ping-en-general-failure.cp437.txt", "192.168.192.1", 3, 1, Outcome.ERROR, None),
    ("ping-en-no-host.cp437.txt", "www.lego.com", 1, 1, Outcome.ERROR, None),
    ("ping-de-reply.cp850.txt", "192.168.0.13", 4, 0, Outcome.OPEN, None),
    ("ping-de-reply-20ms.cp850.txt", "172.217.16.68", 1, 0, Outcome.OPEN, None),
    ("ping-de-timeout.cp850.txt", "100.69.179.87", 2, 1, Outcome.TIMEOUT, None),
    ("ping-de-unreachable.cp850.txt", "10.1.0.22", 2, 0, Outcome.UNREACHABLE, "10.1.0.210"),
    ("ping-de-general-failure.cp850.txt", "169.254.0.1", 2, 1, Outcome.ERROR, None),
    ("ping-de-no-host.cp850.txt", "server.local", 1, 1, Outcome.ERROR, None),
]  # fmt: skip


def recorded(name: str) -> str:
    """A sample decoded as the probe decodes ping.exe's output on a console of that code page."""
    code_page = int(name.rsplit(".", 2)[1].removeprefix("cp"))
    return decode_ping_output((DATA / name).read_bytes(), ping_output_encoding("win32", code_page))


def judged(name: str, target: str, sent: int) -> ProbeResult:
    return result_of(target, None, Stopwatch(), parse_ping_output(recorded(name), sent, target))


@pytest.mark.parametrize(("name", "target", "sent", "exit_code", "outcome", "offender"), SAMPLES)
def test_each_recorded_output_gets_its_outcome(
    name: str, target: str, sent: int, exit_code: int, outcome: Outcome, offender: str | None
) -> None:
    result = judged(name, target, sent)
    assert result.outcome is outcome, result.text("en")
    if offender is not None:
        assert result.evidence.facts["icmp_from"] == offender
    if exit_code == 0 and outcome is not Outcome.OPEN:
        # ping.exe said "success" (0) and counted the lines as received: we do not.
        assert result.evidence.facts["received"] == 0


def test_destination_host_unreachable_is_never_alive() -> None:
    for name in ("ping-en-unreachable.cp437.txt", "ping-de-unreachable.cp850.txt"):
        echoes = parse_ping_output(recorded(name), 2)
        assert echoes.rtts == [] and echoes.error is not None
        assert echoes.error.icmp_code == 1  # host unreachable
    text = recorded("ping-de-unreachable.cp850.txt")
    assert "Antwort von 10.1.0.210: Zielhost nicht erreichbar." in text
    assert "Empfangen = 2, Verloren = 0" in text  # what ping.exe itself counted


def test_replies_and_their_times() -> None:
    assert parse_ping_output(recorded("ping-en-reply.cp437.txt"), 1, "10.25.4.1").rtts == [3.0]
    assert parse_ping_output(recorded("ping-de-reply-20ms.cp850.txt"), 1).rtts == [20.0]
    assert parse_ping_output(recorded("ping-de-reply.cp850.txt"), 4).rtts == [1.0] * 4  # "<1ms"


def test_a_reply_from_another_address_is_not_the_targets() -> None:
    echoes = parse_ping_output(recorded("ping-de-reply-20ms.cp850.txt"), 1, "172.217.16.69")
    assert echoes.rtts == []
    assert "a reply from 172.217.16.68, not from 172.217.16.69" in echoes.notes[0].render("en")


def test_local_failures_say_what_went_wrong() -> None:
    failure = judged("ping-de-general-failure.cp850.txt", "169.254.0.1", 2).evidence_in("en")
    assert failure.error_class == "transmit failed"
    assert "PING: Fehler bei der Übertragung. Allgemeiner Fehler." in (failure.detail or "")
    no_host = judged("ping-en-no-host.cp437.txt", "www.lego.com", 1).evidence
    assert no_host.error_class == "name not resolved"


def test_the_oem_code_page_is_what_makes_the_german_text_readable() -> None:
    raw = (DATA / "ping-de-timeout.cp850.txt").read_bytes()
    assert raw.count(b"\r\n") == 8 and b"Zeit\x81berschreitung" in raw  # as ping.exe wrote it
    assert "Zeitüberschreitung der Anforderung." in decode_ping_output(raw, "cp850")
    assert "Zeitüberschreitung" not in decode_ping_output(raw, "cp1252")  # the ANSI page is wrong


def test_the_encoding_on_windows_and_elsewhere() -> None:
    assert ping_output_encoding("win32", 850) == "cp850"
    assert ping_output_encoding("win32", 437) == "cp437"
    assert ping_output_encoding("win32", 99999) == FALLBACK_CODE_PAGE  # no such codec
    assert windows_console_code_page() is None  # not Windows: nothing to ask
    assert ping_output_encoding("win32") == FALLBACK_CODE_PAGE
    assert ping_output_encoding("linux") != ""


def test_ping_exe_and_linux_ping_arguments() -> None:
    assert system_ping_command("10.0.0.5", 2, 1.5, "10.0.0.2", "win32") == (
        ["ping", "-n", "2", "-w", "1500", "-S", "10.0.0.2", "10.0.0.5"]
    )  # -n count, -w milliseconds
    assert system_ping_command("10.0.0.5", 2, 1.5, None, "linux") == (
        ["ping", "-n", "-c", "2", "-i", "0.2", "-W", "2", "10.0.0.5"]
    )  # -c count, -W whole seconds
    assert system_ping_command("10.0.0.5", 1, 0.2, "10.0.0.2", "linux")[-3:] == (
        ["-I", "10.0.0.2", "10.0.0.5"]
    )
