"""The site file: each bad shape gives one clear line (file, line, field), exit 2, no traceback."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from sesam_accept.cli import main
from sesam_accept.loader import load_site

GOOD = """\
site:
  name: Test Site
  software_version: "2.3-1"
  language: en
hosts:
  - name: SRV-DB
    addresses: [10.9.0.1/24]
    roles: [db]
  - name: SRV-COMM
    addresses: [10.9.0.2/24]
    roles: [comm]
  - name: WS-01
    addresses: [10.9.0.3/24]
    roles: [workstation]
isenets:
  - {name: ISE-1, address: 10.9.0.101, mac: "00:20:40:12:34:56", serial: "4711"}
  - {name: ISE-2, address: 10.9.0.102}
"""

# (case id, text to replace, replacement, expected line, expected field, expected message part)
CASES = [
    (
        "unknown-key",
        "  language: en",
        "  langauge: en",
        4,
        "site.langauge",
        "did you mean 'language'",
    ),
    (
        "wrong-type",
        "    roles: [workstation]",
        "    roles: {a: 1}",
        14,
        "hosts[2].roles",
        "expected a list",
    ),
    (
        "invalid-address",
        "[10.9.0.3/24]",
        "[10.9.0.300]",
        13,
        "hosts[2].addresses[0]",
        "is not an IPv4 address",
    ),
    (
        "port-out-of-range",
        "isenets:",
        "ports: {rpc: 70000}\nisenets:",
        15,
        "ports.rpc",
        "out of range (1-65535)",
    ),
    (
        "duplicate-name",
        "  - name: WS-01",
        "  - name: SRV-COMM",
        12,
        "hosts[2].name",
        "duplicate name 'SRV-COMM'",
    ),
    (
        "duplicate-address",
        "[10.9.0.3/24]",
        "[10.9.0.2/24]",
        13,
        "hosts[2].addresses",
        "duplicate address 10.9.0.2",
    ),
    (
        "isenet-twice",
        "{name: ISE-2, address: 10.9.0.102}",
        "{name: ISE-2, address: 10.9.0.101}",
        17,
        "isenets[1].address",
        "duplicate address 10.9.0.101",
    ),
    (
        "no-db",
        "    roles: [db]",
        "    roles: [workstation]",
        6,
        "hosts",
        "no host has the role 'db'",
    ),
    (
        "no-comm",
        "    roles: [comm]",
        "    roles: [workstation]",
        6,
        "hosts",
        "no host has the role 'comm'",
    ),
    (
        "bad-version",
        '"2.3-1"',
        '"2.3"',
        3,
        "site.software_version",
        "is not a Sesam version like '2.1-3'",
    ),
    (
        "waiver-without-expiry",
        "isenets:",
        "waivers:\n  - {check: ISE-DEBUG, reason: r, approved_by: a}\nisenets:",
        16,
        "waivers[0].expires",
        "missing (required)",
    ),
    (
        "waiver-expired",
        "isenets:",
        "waivers:\n  - {check: ISE-DEBUG, reason: r, approved_by: a, "
        "expires: 2020-01-31}\nisenets:",
        16,
        "waivers[0].expires",
        "the waiver expired on 2020-01-31",
    ),
    (
        "unsafe-discovery",
        "isenets:",
        'discovery: {queries: ["00000003"]}\nisenets:',
        15,
        "discovery.queries",
        "'00000003' is refused: only the read-only ISENet queries",
    ),
    ("yaml-syntax", "  language: en", "  language: [en", 5, "", "YAML syntax error"),
    (
        "bad-mac",
        'mac: "00:20:40:12:34:56"',
        'mac: "00:20:40:12:34"',
        16,
        "isenets[0].mac",
        "is not a MAC address",
    ),
    (
        "unknown-check-ref",
        "isenets:",
        "confirmations:\n  - {check: JP1, confirmed_by: x, date: 2026-01-01}\nisenets:",
        16,
        "confirmations[0].check",
        "'JP1' is not a requirement ID",
    ),
]


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "site.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_good_site_loads(tmp_path):
    site = load_site(_write(tmp_path, GOOD))
    assert [h.name for h in site.hosts] == ["SRV-DB", "SRV-COMM", "WS-01"]
    assert site.isenets[0].mac == "00:20:40:12:34:56"  # not a YAML 1.1 base-60 integer
    assert site.hosts[0].networks == ("10.9.0.0/24",)


@pytest.mark.parametrize(
    ("old", "new", "line", "field", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_bad_site_one_clear_line(tmp_path, capsys, old, new, line, field, message):
    assert old in GOOD
    path = _write(tmp_path, GOOD.replace(old, new, 1))
    code = main(["validate", str(path)])
    err = capsys.readouterr().err
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    prefix = f"{path}:{line}: {field}:" if field else f"{path}:{line}:"
    assert lines[0].startswith(f"sesam-accept: {prefix}"), lines[0]
    assert message in lines[0]
    assert "Traceback" not in err


def test_every_problem_reported_at_once(tmp_path, capsys):
    text = GOOD.replace("  language: en", "  langauge: en").replace("[10.9.0.3/24]", "[x]")
    assert main(["validate", str(_write(tmp_path, text))]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 2


def test_missing_commparam_is_a_warning(tmp_path, capsys):
    text = GOOD.replace(
        "    roles: [workstation]",
        "    roles: [workstation]\n    commparam: {path: nowhere/CommParam.ini}",
    )
    assert main(["validate", str(_write(tmp_path, text))]) == 0
    out = capsys.readouterr()
    assert "warning:" in out.err and "CommParam.ini does not exist" in out.err
    assert "OK" in out.out


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"site: \xff\xfe\x00bad", "not UTF-8 or UTF-16 text"),
        (b"- just\n- a list\n", "expected a mapping"),
    ],
)
def test_not_a_site_file(tmp_path, capsys, content, message):
    path = tmp_path / "site.yaml"
    path.write_bytes(content)
    assert main(["validate", str(path)]) == 2
    assert message in capsys.readouterr().err


def test_unreadable_file(tmp_path, capsys):
    assert main(["validate", str(tmp_path / "missing.yaml")]) == 2
    assert "cannot read the site file" in capsys.readouterr().err


def test_real_command_prints_no_traceback(tmp_path):
    path = _write(tmp_path, GOOD.replace('"2.3-1"', '"two"'))
    done = subprocess.run(
        [sys.executable, "-m", "sesam_accept", "validate", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert textwrap.dedent(done.stderr).count("\n") == 1
    assert "site.software_version" in done.stderr


def test_example_site_validates():
    site = load_site(Path(__file__).parents[2] / "site_configs" / "example.yaml")
    assert len(site.isenets) == 12 and len(site.with_role("workstation")) == 3


def test_validate_json_lists_problems_as_data(tmp_path, capsys):
    import json

    path = _write(tmp_path, GOOD.replace("  language: en", "  langauge: en"))
    assert main(["validate", "--json", str(path)]) == 2
    doc = json.loads(capsys.readouterr().out)
    assert doc["ok"] is False
    assert doc["problems"][0]["line"] == 4 and doc["problems"][0]["field"] == "site.langauge"
    assert main(["validate", "--json", str(_write(tmp_path, GOOD))]) == 0
    assert json.loads(capsys.readouterr().out)["site"]["hosts"] == ["SRV-DB", "SRV-COMM", "WS-01"]
