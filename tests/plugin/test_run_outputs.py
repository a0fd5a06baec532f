"""What a run leaves behind: merge and diff of real runs, an interrupted run, bad report dirs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

from sesam_accept.cli import main
from sesam_accept.report import load_record

from .conftest import ROOT, suite_args


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sesam_accept", *args],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
        cwd=ROOT,
    )


def test_merge_of_two_hosts_and_diff_after_a_fault(simulate, site_file, tmp_path):
    sim = simulate()
    reports = tmp_path / "reports"
    for host in ("SRV-COMM", "WS-01"):
        done = _cli("run", str(site_file), "--as", host, "--reports", str(reports))
        assert done.returncode == 3, done.stdout + done.stderr  # open points, nothing failed
    runs = sorted(reports.glob("*.json"))
    junit = ElementTree.parse(next(reports.glob("*_WS-01_*.xml")))
    case = next(c for c in junit.iter("testcase") if "FB-TCP[WS-01->SRV-DB" in c.get("name", ""))
    props = {p.get("name"): p.get("value") for p in case.iter("property")}
    assert props["requirement"] == "FB-TCP" and props["verdict"] == "pass"
    merged = _cli("merge", *map(str, runs), "--reports", str(tmp_path / "site"))
    assert merged.returncode == 3 and "open_points" in merged.stdout
    site_json = next((tmp_path / "site").glob("*_site_*.json"))
    record = load_record(site_json)
    by_id = {r.check.id: r for r in record.results}
    assert by_id["FB-TCP[WS-01->SRV-DB:41800/tcp]"].verdict.value == "pass"  # from WS-01's run
    assert by_id["ISE-DATA[SRV-COMM->ISE-A:41796/tcp]"].verdict.value == "pass"  # from COMM's
    assert by_id["FB-TCP[SRV-DB->SRV-DB:41800/tcp]"].verdict.value == "not_run"  # nobody ran DB
    assert next((tmp_path / "site").glob("*_site_*.html")).stat().st_size > 1000

    sim.stop()
    simulate("isenet-missing:ISE-C")
    before = next(p for p in runs if "_SRV-COMM_" in p.name)
    done = _cli(
        "run",
        str(site_file),
        "--as",
        "SRV-COMM",
        "--reports",
        str(reports),
        "--baseline",
        str(before),
    )
    assert done.returncode == 1
    after = max(reports.glob("*_SRV-COMM_*.json"), key=lambda p: p.stat().st_mtime)
    diff = _cli("diff", str(before), str(after))
    assert diff.returncode == 1
    lines = [line for line in diff.stdout.splitlines() if "ISE-" in line]
    assert lines and "ISE-C" in lines[0]  # regressions come first
    html = after.with_suffix(".html").read_text(encoding="utf-8")
    assert "ISE-CMD[SRV-COMM-&gt;ISE-C:41797/udp]" in html  # the diff section, escaped
    # the before/after page beside the report, regressions first, the picture highlighting them
    page = after.with_name(after.stem + ".diff.html").read_text(encoding="utf-8")
    assert page.index('data-kind="regression"') < page.index("</table>")
    first = page[page.index('data-kind="') :]
    assert first.startswith('data-kind="regression"') and "ISE-C" in first[: first.index("</tr>")]
    assert 'class="p v-fail ch ch-regression"' in page
    assert f"diff  {after.with_name(after.stem + '.diff.html')}" in done.stdout
    out = tmp_path / "change.html"
    assert _cli("diff", str(before), str(after), "--html", str(out)).returncode == 1
    assert out.read_text(encoding="utf-8").count('data-kind="regression"') >= 1


def test_interrupted_run_says_so(simulate, site_file, tmp_path, pytester):
    simulate()
    pytester.makepyfile(
        interrupt_plugin="""
        calls = []
        def pytest_runtest_call(item):
            calls.append(item)
            if len(calls) == 3:
                raise KeyboardInterrupt
    """
    )
    reports = tmp_path / "reports"
    result = pytester.runpytest_subprocess(
        *suite_args(site_file, "SRV-COMM", reports, "-p", "interrupt_plugin"), timeout=180
    )
    assert result.ret == 2  # pytest's "interrupted"
    doc = json.loads(next(reports.glob("*.json")).read_text(encoding="utf-8"))
    assert doc["run"]["complete"] is False
    assert doc["overall"] != "accepted"
    html = next(reports.glob("*.html")).read_text(encoding="utf-8")
    assert "INCOMPLETE" in html.upper()
    assert not list(reports.glob(".*.partial"))  # nothing half-written is left under a final name


def test_unwritable_report_folder_is_one_clear_error_before_probing(site_file, tmp_path, capsys):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    code = main(["run", str(site_file), "--as", "WS-01", "--reports", str(blocker / "reports")])
    err = capsys.readouterr().err
    assert code == 2
    assert "reports" in err and "Traceback" not in err


def test_unknown_host_lists_the_hosts(site_file, capsys):
    assert main(["plan", str(site_file), "--as", "WS-99"]) == 2
    assert "SRV-DB, SRV-COMM, WS-01" in capsys.readouterr().err


def test_plan_of_every_host_of_the_example(capsys):
    assert main(["plan", str(ROOT / "site_configs" / "example.yaml"), "--all"]) == 0
    out = capsys.readouterr().out
    for host in ("SRV-DB", "SRV-COMM", "WS-01", "WS-02", "WS-03"):
        assert f"Plan of {host} " in out
    assert (
        main(["plan", str(ROOT / "site_configs" / "example.yaml"), "--as", "WS-01", "--json"]) == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert data[0]["host"] == "WS-01" and data[0]["checks"][0]["requirement"] == "FB-TCP"


def test_german_report(simulate, site_file, tmp_path):
    simulate()
    reports = tmp_path / "r"
    _cli("run", str(site_file), "--as", "WS-01", "--reports", str(reports), "--lang", "de")
    doc = json.loads(next(Path(reports).glob("*.json")).read_text(encoding="utf-8"))
    fb = next(c for c in doc["checks"] if c["id"] == "FB-TCP[WS-01->SRV-DB:41800/tcp]")
    assert fb["message"].startswith("Firebird op_connect an")
    # pytest-html's own words, put in German in the page's bytes (plugin_html.in_language)
    page = next(Path(reports).glob("*.html")).read_text(encoding="utf-8")
    assert "Bericht erstellt am " in page and "Report generated on" not in page
    assert not list(Path(reports).glob(".*")), "no partial or temporary file is left"


def test_run_as_a_host_this_machine_is_not_says_so_loudly(tmp_path, pytester):
    # TEST-NET-3 addresses (RFC 5737) are on no interface here; --collect-only sends nothing.
    site = tmp_path / "remote.yaml"
    site.write_text(
        "site: {name: Remote, software_version: '2.3-1'}\n"
        "hosts:\n"
        "  - {name: SRV-DB, addresses: [203.0.113.1], roles: [db]}\n"
        "  - {name: SRV-COMM, addresses: [203.0.113.2], roles: [comm]}\n"
        "isenets: []\n",
        encoding="utf-8",
    )
    result = pytester.runpytest_subprocess(
        *suite_args(site, "SRV-COMM", tmp_path / "r", "--collect-only"), timeout=120
    )
    out = result.stdout.str()
    assert not (tmp_path / "r").exists() or not list((tmp_path / "r").iterdir())
    assert "NOT this machine's addresses" in out
    assert "THIS MACHINE DOES NOT HAVE SRV-COMM's ADDRESSES" in out
