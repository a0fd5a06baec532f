"""Check methods are named in one place: the ``Method`` enum of ``checks.py`` (issue 14).

Everywhere else a method is ``Method.X``; a string literal spelling a method's value is a
second definition that drifts (a typo shows only as a silent skip or an inconclusive verdict).
The scan reads every Python file of the library, the suites, fixtures, tests, bench and
scripts (data files such as JSON fixtures do not count).

Some method values are also ordinary words of other concepts. Those keep their literal only
where listed in :data:`OTHER_MEANINGS`, each with what the word means there; the list must
stay exact (an entry no file needs any more fails too).
"""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

from sesam_accept.checks import Method
from sesam_accept.report.jinja import COMPILED

ROOT = Path(__file__).parents[2]
SCANNED = ("src", "suites", "fixtures", "tests", "bench", "scripts", "conftest.py")
REGISTRY = Path("src/sesam_accept/checks.py")  # where the names are defined
THIS = Path(__file__).relative_to(ROOT)  # spells the words of OTHER_MEANINGS

#: (file, word) -> what the word means there; not a check method.
OTHER_MEANINGS: dict[tuple[str, str], str] = {
    ("src/sesam_accept/loader.py", "commparam"): "the site file's hosts[].commparam field",
    ("src/sesam_accept/site_schema.py", "commparam"): "the site file's hosts[].commparam field",
    ("src/sesam_accept/simulator/lab_site.py", "commparam"): "the site file's commparam field",
    ("bench/topology.py", "commparam"): "the site file's commparam field",
    ("src/sesam_accept/catalog.py", "firebird"): "Requirement.port_key: a site.Ports field",
    ("src/sesam_accept/catalog.py", "tftp"): "Requirement.port_key: a site.Ports field",
    ("src/sesam_accept/probes/firebird.py", "firebird"): "an evidence fact: Firebird answered",
    ("tests/probes/test_firebird.py", "firebird"): "the evidence fact of probes.firebird",
    ("src/sesam_accept/probes/tftp.py", "tftp"): "an evidence fact: TFTP answered",
    ("src/sesam_accept/probes/tcp.py", "tcp-connect"): "Evidence.method of a TCP connect",
    ("src/sesam_accept/probes/commparam.py", "commparam"): "Evidence.method of a file read",
    ("src/sesam_accept/simulator/firebird_server.py", "firebird"): "the Unix user of Firebird",
    ("src/sesam_accept/simulator/site_sim.py", "firebird"): "the simulator's firebird option",
}


def _python_files() -> list[Path]:
    files: list[Path] = []
    for name in SCANNED:
        path = ROOT / name
        files += [path] if path.is_file() else sorted(path.rglob("*.py"))
    # not the templates Jinja2 compiled into the checkout (scripts/setup): generated, untracked
    return [f for f in files if ".venv" not in f.parts and COMPILED not in f.parents]


def method_literals() -> Counter[tuple[str, str]]:
    """(file, word) -> how often a string literal equal to a method value occurs there."""
    values = {m.value for m in Method}
    found: Counter[tuple[str, str]] = Counter()
    for path in _python_files():
        relative = path.relative_to(ROOT)
        if relative in (REGISTRY, THIS):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and node.value in values:
                found[(relative.as_posix(), node.value)] += 1
    return found


def test_no_method_name_is_spelled_outside_the_registry() -> None:
    found = method_literals()
    spelled = sorted(key for key in found if key not in OTHER_MEANINGS)
    assert not spelled, f"write Method.X instead of the string: {spelled}"


def test_every_other_meaning_is_still_needed() -> None:
    stale = sorted(set(OTHER_MEANINGS) - set(method_literals()))
    assert not stale, f"remove from OTHER_MEANINGS: {stale}"


def test_the_scan_sees_a_literal(tmp_path: Path) -> None:
    """The scan is not blind: the registry itself spells every value."""
    tree = ast.parse((ROOT / REGISTRY).read_text(encoding="utf-8"))
    spelled = {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)}
    assert {m.value for m in Method} <= spelled
