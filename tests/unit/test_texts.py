"""The one de/en text table: every text in both languages, with the same placeholders, and a
probe's words (``Said``) rendered in either."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

import sesam_accept
from sesam_accept.probes import sockets
from sesam_accept.texts import LANGUAGES, TEXTS, say, texts


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_both_languages_have_the_same_keys_and_placeholders() -> None:
    assert TEXTS["de"].keys() == TEXTS["en"].keys()
    differ = [
        k for k in TEXTS["en"] if placeholders(TEXTS["en"][k]) != placeholders(TEXTS["de"][k])
    ]
    assert differ == []


def test_a_said_renders_in_each_language_with_nested_texts_and_lists() -> None:
    process = say("p.local.process", pid=7, name="SesComm.exe")
    listing = say(
        "p.local.listening", who=(say("p.local.listener", process=process, where="*:1/tcp"),)
    )
    assert listing.render("en") == "listening: pid 7 (SesComm.exe) on *:1/tcp"
    assert listing.render("de") == "lauscht: PID 7 (SesComm.exe) auf *:1/tcp"
    timeout = say("p.tcp.timeout", target="10.0.0.1:41800/tcp", timeout=2.0)
    assert timeout.render("de") == (
        "Keine Antwort von 10.0.0.1:41800/tcp innerhalb von 2 s (verworfen oder Rechner aus)."
    )


def test_an_unknown_language_is_named() -> None:
    with pytest.raises(ValueError, match="use one of de, en"):
        texts("fr")
    assert set(LANGUAGES) == set(TEXTS)


def test_every_key_a_probe_names_is_in_the_table() -> None:
    # A probe's key is only looked up when a report is written: a typo must fail here, not there.
    root = Path(sesam_accept.__file__).parent
    named = {m for p in root.rglob("*.py") for m in re.findall(r'say\(\s*"([^"]+)"', p.read_text())}
    built = {
        f"p.{proto}.{what}" for proto in ("tcp", "udp") for what in ("icmp", "refused", "error")
    }
    built |= {f"p.short.{ended}" for ended in ("timeout", "eof", "reset")}
    built |= {f"p.icmp.3.{code}" for code in sockets._UNREACH_CODES}
    built |= {"p.icmp.bare", "p.icmp.from.bare", "p.ini.key_in", "p.ini.port_key_in"}
    assert named and (named | built) - TEXTS["en"].keys() == set()
