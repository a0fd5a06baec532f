"""``--upgrade-to`` through the CLI and plain pytest: one clear refusal of a non-upgrade, and a
clear "nothing changes" in the output, the JSON and the report when the catalog knows no change."""

from __future__ import annotations

import json

import pytest

from sesam_accept.cli import main


@pytest.mark.parametrize(
    ("version", "message"),
    [
        ("2.3-1", "--upgrade-to: 2.3-1 is the same version as the site's software_version 2.3-1"),
        ("2.1-3", "--upgrade-to: 2.1-3 is older than the site's software_version 2.3-1"),
        ("2.4", "--upgrade-to: '2.4' is not a Sesam version like '2.1-3'"),
    ],
)
def test_a_non_upgrade_is_refused_with_one_message(site_file, tmp_path, capsys, version, message):
    reports = tmp_path / "reports"
    code = main(["run", str(site_file), "--as", "WS-01", "--reports", str(reports),
                 "--upgrade-to", version])  # fmt: skip
    captured = capsys.readouterr()
    assert code == 2
    assert message in captured.out + captured.err
    assert "Traceback" not in captured.out + captured.err
    assert not list(reports.glob("*"))  # nothing probed, nothing written


def test_nothing_changes_is_said_in_the_output_json_and_report(simulate, run_suite):
    simulate()
    run = run_suite("WS-01", "--upgrade-to", "2.4-0")
    sentence = "Nothing changes between 2.3-1 and 2.4-0"
    assert sentence in run.stdout
    assert run.doc["run"]["upgrade_to"] == "2.4-0"
    assert not [c for c in run.doc["checks"] if c["upgrade_to"]]
    assert run.doc["overall"] != "not_accepted"


def test_plan_shows_the_readiness_checks(site_file, capsys):
    old = site_file.with_name("old.yaml")
    old.write_text(site_file.read_text().replace('"2.3-1"', '"2.1-2"'), encoding="utf-8")
    assert main(["plan", str(old), "--as", "WS-01", "--upgrade-to", "2.1-3"]) == 0
    captured = capsys.readouterr()
    assert "readiness-tcp (readiness for 2.1-3)" in captured.out
    assert "2.1-3 needs in addition: RPC-TCP" in captured.err
    assert main(["plan", str(old), "--as", "WS-01", "--upgrade-to", "2.1-3", "--json"]) == 0
    checks = json.loads(capsys.readouterr().out)[0]["checks"]
    assert {c["upgrade_to"] for c in checks if c["requirement"] == "RPC-TCP"} == {"2.1-3"}
