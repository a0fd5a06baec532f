"""The one de/en text table: every text in both languages, with the same placeholders, and a
probe's words (``Said``) rendered in either."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

import sesam_accept
from sesam_accept.probes import icmp, sockets
from sesam_accept.texts import LANGUAGES, TEXTS, cause_key, cause_text, say, texts


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


def _error_classes_in(tree: ast.AST) -> set[str]:
    """The error classes a module's code writes: ``error_class=`` arguments and assignments,
    and the class in an ``(Outcome.X, "class", …)`` tuple (classifiers' results and tables)."""

    def strings(node: ast.expr) -> set[str]:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return {node.value}
        if isinstance(node, ast.IfExp):
            return strings(node.body) | strings(node.orelse)
        return set()

    found: set[str] = set()
    for node in ast.walk(tree):
        named = isinstance(node, ast.keyword) and node.arg == "error_class"
        assigned = isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "error_class" for t in node.targets
        )
        if named or assigned:
            found |= strings(node.value)  # type: ignore[union-attr]
        elif isinstance(node, ast.Tuple) and len(node.elts) >= 2:
            first = node.elts[0]
            if isinstance(first, ast.Attribute) and ast.unparse(first).startswith("Outcome."):
                found |= strings(node.elts[1])
    return found


def test_every_error_class_the_probes_write_has_a_text_in_both_languages() -> None:
    # The evidence shows its error class, and the open points group by it, in the report's
    # language: a class with no text would show as the code's English words.
    probes = Path(sockets.__file__).parent
    classes = set().union(
        *(_error_classes_in(ast.parse(p.read_text())) for p in probes.glob("*.py"))
    )
    classes |= {error_class for _, error_class in icmp._FAILURES}
    assert {"refused", "nothing listens", "admin prohibited", "transmit failed"} <= classes
    for language in LANGUAGES:
        missing = [c for c in sorted(classes) if cause_key(c) not in texts(language)]
        assert missing == [], language
    assert cause_text(texts("de"), "nothing listens") == "niemand lauscht"
    assert cause_text(texts("de"), "from an older file") == "from an older file"
