"""A narrowed run is never a whole one: every planned check is in the record (those that did
not run with why), the record is incomplete and cannot be accepted; an unknown ``methods=`` is a
usage error; a probing that crashes is judged once."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from sesam_accept.checks import Method
from sesam_accept.loader import load_site
from sesam_accept.plan import plan_for

from .conftest import ROOT, suite_args


def _planned(site_file: Path, host: str) -> set[str]:
    return {c.id for c in plan_for(load_site(site_file), host).all_checks}


def test_k_lists_every_planned_check_and_is_not_accepted(simulate, run_suite, site_file):
    simulate()
    run = run_suite("WS-01", "-k", "FB-TCP")
    assert set(run.verdicts()) == _planned(site_file, "WS-01")
    rpc = run.check("RPC-TCP[WS-01->SRV-COMM:41801/tcp]")
    assert rpc["verdict"] == "not_run"
    assert rpc["message"].startswith("deselected (-k FB-TCP)")
    assert run.check("FB-TCP[WS-01->SRV-DB:41800/tcp]")["verdict"] == "pass"
    assert run.doc["run"]["complete"] is False
    assert "did not run" in run.doc["run"]["incomplete_reason"]
    assert run.doc["overall"] == "open_points"
    assert "incomplete" in {p["kind"] for p in run.doc["summary"]["open_points"]}
    assert run.ret == 1  # pytest itself: a part is never an acceptance


def test_deselect_names_the_option(simulate, run_suite):
    simulate()
    node = "suites/test_rpc.py::test_rpc_port_reachable"
    run = run_suite("WS-01", "--deselect", node)
    rpc = run.check("RPC-TCP[WS-01->SRV-COMM:41801/tcp]")
    assert rpc["verdict"] == "not_run" and "--deselect" in rpc["message"], rpc["message"]
    assert run.doc["run"]["complete"] is False


def test_x_stops_and_says_which_checks_were_not_reached(simulate, run_suite, site_file):
    simulate("firebird-down")
    run = run_suite("WS-01", "-x")
    assert set(run.verdicts()) == _planned(site_file, "WS-01")
    failed = [c for c in run.doc["checks"] if c["verdict"] == "fail"]
    assert [c["id"] for c in failed] == ["FB-TCP[WS-01->SRV-DB:41800/tcp]"]
    cut = [c for c in run.doc["checks"] if "(-x)" in c["message"]]
    assert cut, "no check says the run stopped after the first failure"
    assert all(c["verdict"] == "not_run" for c in cut)
    assert run.doc["run"]["complete"] is False
    assert run.doc["overall"] == "not_accepted"


def test_cli_exit_status_of_a_narrowed_run_is_4(simulate, site_file, tmp_path):
    simulate()
    argv = [sys.executable, "-m", "sesam_accept", "run", str(site_file), "--as", "WS-01"]
    argv += ["--reports", str(tmp_path / "r"), "--", "-k", "FB-TCP"]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=180, check=False, cwd=ROOT)
    assert done.returncode == 4, done.stdout[-2000:] + done.stderr[-2000:]
    assert "INCOMPLETE" in done.stdout
    html = next((tmp_path / "r").glob("*.html")).read_text(encoding="utf-8")
    assert html.index('id="incomplete"') < html.index('id="overall"')


def test_unknown_method_in_a_suite_is_a_usage_error(pytester: pytest.Pytester, site_file):
    pytester.makeconftest(
        f"import sys\nsys.path.insert(0, {str(ROOT)!r})\n"
        "pytest_plugins = ('sesam_accept.plugin', 'fixtures.site', 'fixtures.results')\n"
    )
    pytester.makepyfile(
        test_typo="""
        import pytest
        from sesam_accept.plugin import expect

        @pytest.mark.requirement("FB-TCP", methods=("firebrid",))
        def test_fb(result):
            expect(result)
        """
    )
    result = pytester.runpytest_subprocess(
        "test_typo.py", "-p", "sesam_accept.plugin", "--site", str(site_file), "--as", "WS-01",
        "-p", "no:cacheprovider", timeout=120,
    )  # fmt: skip
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    err = result.stderr.str()
    assert "test_fb" in err and "'firebrid'" in err and Method.FIREBIRD in err
    assert "Traceback" not in err


CRASH = """
from pathlib import Path
from sesam_accept import engine, run

_real = run.run_plan


def counting(*args, **kwargs):
    with Path({count!r}).open("a") as f:
        f.write("x")
    return _real(*args, **kwargs)


async def crash(*args, **kwargs):
    raise RuntimeError("probe exploded")


run.run_plan = counting
engine.firebird.firebird_probe = crash
"""


def test_a_crashing_probe_is_judged_once(simulate, pytester, site_file, tmp_path):
    simulate()
    count = tmp_path / "count"
    pytester.makepyfile(crash_plugin=CRASH.format(count=str(count)))
    reports = tmp_path / "reports"
    result = pytester.runpytest_subprocess(
        *suite_args(site_file, "WS-01", reports, "-p", "crash_plugin"), timeout=180
    )
    assert count.read_text() == "x"  # one probing for the whole run
    doc = json.loads(next(reports.glob("*.json")).read_text(encoding="utf-8"))
    here = [c for c in doc["checks"] if c["source"] == "WS-01" and c["method"] != Method.COMMPARAM]
    assert here and all(c["verdict"] == "inconclusive" for c in here)
    assert all("probe exploded" in c["facts"]["probe_error"] for c in here)
    assert not [c for c in doc["checks"] if c["verdict"] == "pass"]
    assert doc["run"]["complete"] is False and "crashed" in doc["run"]["incomplete_reason"]
    assert result.parseoutcomes().get("errors", 0) >= len(here) - 1
    assert "probe exploded" in result.stdout.str()
