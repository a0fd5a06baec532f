"""What pytest itself costs per test, on this machine: ``python bench/pytest_floor.py``.

Writes a throw-away suite shaped like ours (7 test functions, each parametrized indirectly
through a ``result`` fixture that only looks a value up; a quarter fail, a seventh skip, as at
the benchmark's site) and runs it with the options ``sesam-accept run`` uses (the same plugins
left out, ``-q --tb=line``, HTML + JUnit reports). No probing, no judging, no report of ours:
what is left is pytest's collection and three phases per test, pytest-html and JUnit. Then
the same checks as pytest 9 subtests of 7 tests. Prints one JSON line: per shape, the median
whole-process time and test loop (first test done to last test done) in seconds, and the loop
per check in ms.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sesam_accept.cli import _UNUSED_PLUGINS

CONFTEST = """
import time
import pytest

COUNT = {count}
VALUES = {{i: ("fail" if i % 4 == 0 else "skip" if i % 7 == 0 else "pass") for i in range(COUNT)}}
LAPS = []


def pytest_generate_tests(metafunc):
    if "result" in metafunc.fixturenames:
        ids = [f"CHECK[{{i}}]" for i in range(COUNT)]
        metafunc.parametrize("result", list(range(COUNT)), ids=ids, indirect=True)


@pytest.fixture
def result(request):
    return VALUES[request.param]


def expect(value):
    __tracebackhide__ = True
    if value == "fail":
        pytest.fail("FAIL: no answer within 1.0 s", pytrace=False)
    if value == "skip":
        pytest.skip("INCONCLUSIVE: silence")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    LAPS.append(time.monotonic())
    yield
    LAPS.append(time.monotonic())


def pytest_unconfigure(config):
    print("FLOOR-LOOP", LAPS[-1] - LAPS[0] if LAPS else 0.0)
"""

TEST = """
from conftest import expect


def test_{n}(result):
    expect(result)
"""

# The other shape: one test per function, its checks as pytest 9 subtests (pytest-html and
# JUnit then list 7 tests, not one per check).
SUBTESTS = """
import pytest
from conftest import COUNT, VALUES, expect


def test_{n}(subtests):
    for i in range(COUNT):
        with subtests.test(msg=f"CHECK[{{i}}]"):
            expect(VALUES[i])
"""


def main(argv: list[str] | None = None) -> int:
    """Run the synthetic suite ``--runs`` times; print the medians as one JSON line."""
    parser = argparse.ArgumentParser(prog="bench/pytest_floor.py")
    parser.add_argument("--tests", type=int, default=7000, help="checks in all (7 functions)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    per_function = args.tests // 7
    reports = ["--html", "r.html", "--self-contained-html", "--junitxml", "r.xml"]
    with tempfile.TemporaryDirectory(prefix="sa-floor-") as tmp:
        root = Path(tmp)
        (root / "conftest.py").write_text(CONFTEST.format(count=per_function), encoding="utf-8")
        _write_tests(root, TEST)
        runs = _runs(root, [*_UNUSED_PLUGINS, "-p", "no:html"], args.runs)
        runs_reports = _runs(root, [*_UNUSED_PLUGINS, *reports], args.runs)
        _write_tests(root, SUBTESTS)
        pairs = zip(_UNUSED_PLUGINS[::2], _UNUSED_PLUGINS[1::2], strict=True)
        kept = [a for pair in pairs if pair[1] != "no:subtests" for a in pair]
        runs_subtests = _runs(root, [*kept, *reports], args.runs)
    tests = per_function * 7
    out = {"tests": tests}
    shapes = (("bare", runs), ("html_junit", runs_reports), ("subtests_html_junit", runs_subtests))
    for name, found in shapes:
        loop = statistics.median(r[1] for r in found)
        out[f"{name}_wall_s"] = round(statistics.median(r[0] for r in found), 2)
        out[f"{name}_loop_s"] = round(loop, 2)
        out[f"{name}_ms_per_test"] = round(1000 * loop / tests, 3)
    print(json.dumps(out))
    return 0


def _write_tests(root: Path, template: str) -> None:
    for n in range(7):
        (root / f"test_{n}.py").write_text(template.format(n=n), encoding="utf-8")


def _runs(root: Path, options: list[str], runs: int) -> list[tuple[float, float]]:
    """``runs`` measured runs after one that warms the bytecode cache."""
    argv = [sys.executable, "-m", "pytest", str(root), "--rootdir", str(root), *options]
    argv += ["-q", "-rfEs", "--tb=line"]
    return [_one(argv, root) for _ in range(runs + 1)][1:]


def _one(argv: list[str], root: Path) -> tuple[float, float]:
    started = time.monotonic()
    done = subprocess.run(argv, cwd=root, capture_output=True, text=True, check=False)
    wall = time.monotonic() - started
    lines = [line for line in done.stdout.splitlines() if line.startswith("FLOOR-LOOP")]
    if not lines:
        raise SystemExit(f"the synthetic suite did not run:\n{done.stdout[-2000:]}")
    return wall, float(lines[-1].split()[1])


if __name__ == "__main__":
    sys.exit(main())
