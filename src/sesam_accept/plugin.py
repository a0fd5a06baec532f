"""The pytest plugin: options, parametrization from the site's plan, verdicts, report files.

Loaded by the root ``conftest.py`` (one way only). Inert unless ``--site`` is given. The
library does the work (``run``, ``engine``, ``report``); this module only wires it into pytest.

Verdicts map onto pytest outcomes in one documented way:

=================  ================================  =========================
verdict            pytest outcome                    shown as
=================  ================================  =========================
pass               passed                            PASSED
fail               failed (the run fails)            FAILED
inconclusive       skipped, with the reason          INCONCLUSIVE
not_run            skipped: "run on HOST"            NOT RUN HERE
waived             xfailed, with reason/approver     WAIVED
(not applicable)   skipped, with the reason          NOT APPLICABLE
=================  ================================  =========================

Checks deselected (-k, -m, --deselect) or cut off (-x, --maxfail, an interruption) are still in
the record, not run with why; such a run is incomplete and never accepted: pytest then exits 1
where it would exit 0 (``sesam-accept run`` exits 4, see ``cli``).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from .checks import Check, Method
from .errors import SesamAcceptError
from .report.rollup import whole
from .results import CheckResult, Verdict
from .run import RunState, finish_run, partial_path, prepare_run, publish_partial
from .texts import LANGUAGES, texts
from .upgrade import readiness_summary

STATE = pytest.StashKey[RunState]()
USAGE = pytest.StashKey[list[str]]()  # mistakes in the suites' markers, found while collecting
_CATEGORY = {
    "inconclusive": ("inconclusive", "I", "INCONCLUSIVE"),
    "not_run": ("not run here", "n", "NOT RUN HERE"),
    "waived": ("waived", "w", "WAIVED"),
    "not_applicable": ("not applicable", "a", "NOT APPLICABLE"),
}


@dataclass(frozen=True)
class NotApplicable:
    """The parameter of a requirement test whose requirement does not apply to this site."""

    requirement: str
    reason: str

    @property
    def id(self) -> str:
        """The test id."""
        return f"{self.requirement}[n/a]"


def pytest_addoption(parser: pytest.Parser) -> None:
    """The ``--site`` family of options."""
    group = parser.getgroup("sesam", "Sesam network acceptance")
    group.addoption("--site", metavar="FILE", help="site file (YAML) to check")
    group.addoption(
        "--as",
        dest="sesam_as",
        metavar="HOST",
        help="the site host this run is made as (default: detected by address)",
    )
    group.addoption(
        "--lang",
        dest="sesam_lang",
        choices=LANGUAGES,
        help="report language (default: the site file's)",
    )
    group.addoption(
        "--reports",
        dest="sesam_reports",
        metavar="DIR",
        default="reports",
        help="folder for the HTML, JSON and JUnit reports (default: reports)",
    )
    group.addoption(
        "--baseline",
        dest="sesam_baseline",
        metavar="OLD.json",
        help="an earlier run's JSON results to compare with",
    )
    group.addoption(
        "--engineer",
        dest="sesam_engineer",
        metavar="NAME",
        help="who runs the acceptance (default: the site file's engineer)",
    )
    group.addoption(
        "--upgrade-to",
        dest="sesam_upgrade_to",
        metavar="VERSION",
        help="also check the paths this later Sesam version will need (readiness checks, before "
        "the upgrade; default: the site file's site.upgrade_to)",
    )
    group.addoption(
        "--sequential",
        dest="sesam_sequential",
        action="store_true",
        help="probe one at a time (the benchmark's naive baseline)",
    )


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    """Load and validate the site before anything runs; point the reports at reports/."""
    config.addinivalue_line("markers", "requirement(id, methods=()): requirement checked")
    site_file = config.getoption("site")
    if not site_file:
        return
    try:
        state = prepare_run(
            site_file,
            as_host=config.getoption("sesam_as"),
            language=config.getoption("sesam_lang"),
            reports_dir=config.getoption("sesam_reports"),
            engineer=config.getoption("sesam_engineer"),
            baseline=config.getoption("sesam_baseline"),
            sequential=config.getoption("sesam_sequential"),
            upgrade_to=config.getoption("sesam_upgrade_to"),
        )
    except SesamAcceptError as exc:
        raise pytest.UsageError(str(exc)) from None
    config.stash[STATE] = state
    if state.options.sequential:  # the benchmark's one-probe-at-a-time baseline takes long
        config.option.timeout = 0
    if config.option.collectonly:  # nothing is probed, so no report is written
        return
    if not getattr(config.option, "xmlpath", None):
        config.option.xmlpath = str(partial_path(state.paths["xml"]))
    if config.pluginmanager.hasplugin("html"):
        from .plugin_html import HtmlReport

        config.pluginmanager.register(HtmlReport(state, config), "sesam-html")


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """After selection (-k, -m, ids): note the checks to probe, file each test's requirement
    (and check id) in its user properties, and let a failed verdict skip pytest's traceback
    filtering (its message is the whole report; the filtering cost ~2 ms a failure)."""
    mistakes = config.stash.get(USAGE, [])
    if mistakes:
        raise pytest.UsageError("\n".join(mistakes))
    state = config.stash.get(STATE, None)
    if state is None:
        return
    state.selected = []
    for item in items:
        check = _check_of(item)
        if check is None:
            continue
        item.user_properties.append(("requirement", check.requirement))
        if isinstance(check, NotApplicable):
            item.user_properties.append(("verdict", "not_applicable"))
        else:
            state.selected.append(check)
            item.user_properties.append(("check", check.id))
        item.repr_failure = _plain_failure(item.repr_failure)  # type: ignore[method-assign]


def pytest_deselected(items: list[pytest.Item]) -> None:
    """Note each deselected check (``-k``, ``-m``, ``--deselect``) with why it does not run."""
    if not items:
        return
    config = items[0].config
    state = config.stash.get(STATE, None)
    if state is None:
        return
    how = _selection(config)
    reason = texts(state.language)["nr.deselected"].format(how=how)
    for item in items:
        check = _check_of(item)
        if isinstance(check, Check):
            state.left_out.setdefault(check.id, reason)


def _selection(config: pytest.Config) -> str:
    """The selection options of this run, as typed (for the reasons of deselected checks)."""
    parts = []
    if config.option.keyword:
        parts.append(f"-k {config.option.keyword}")
    if config.option.markexpr:
        parts.append(f"-m {config.option.markexpr}")
    parts += [f"--deselect {d}" for d in config.getoption("deselect", None) or ()]
    return ", ".join(parts) or "a plugin"


def _check_of(item: pytest.Item) -> Check | NotApplicable | None:
    callspec = getattr(item, "callspec", None)
    check = callspec.params.get("result") if callspec is not None else None
    return check if isinstance(check, Check | NotApplicable) else None


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Note that this test's check was reached (what -x or an interruption cut off is not)."""
    state = item.config.stash.get(STATE, None)
    check = _check_of(item)
    if state is not None and isinstance(check, Check):
        state.reached.add(check.id)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_call(item: pytest.Item) -> None:
    """File the verdict (probed during set-up) in the test's user properties."""
    state = item.config.stash.get(STATE, None)
    check = _check_of(item)
    if state is not None and isinstance(check, Check) and check.id in state.results:
        item.user_properties.append(("verdict", state.results[check.id].verdict.value))


def _plain_failure(original: Callable[..., Any]) -> Callable[..., Any]:
    def repr_failure(excinfo: pytest.ExceptionInfo[BaseException], *args: Any) -> Any:
        if isinstance(excinfo.value, pytest.fail.Exception) and not excinfo.value.pytrace:
            return excinfo.getrepr(style="value", tbfilter=False, funcargs=False)
        return original(excinfo, *args)

    return repr_failure


def pytest_report_header(config: pytest.Config) -> list[str]:
    """The site, the software version, the source host and the addresses probes leave from."""
    state = config.stash.get(STATE, None)
    if state is None:
        return []
    source = state.plan.source
    lines = [
        f"sesam site: {state.site.name} ({state.site.source_file}), software "
        f"{state.site.software_version}, language {state.language}",
        f"sesam source host: {source.name}, probes leave from {', '.join(source.addresses)}"
        if state.context.addresses_local
        else f"sesam source host: {source.name} — NOT this machine's addresses; probes leave from "
        "this machine's own addresses",
        f"sesam plan: {len(state.plan.checks)} checks here, {len(state.plan.elsewhere)} on "
        f"other hosts, {len(state.plan.not_applicable)} not applicable",
    ]
    lines += _readiness_lines(state)
    return lines + [f"sesam warning: {w}" for w in state.warnings]


def _readiness_lines(state: RunState) -> list[str]:
    """The upgrade readiness line: what the later version adds, or that nothing changes."""
    target = state.plan.upgrade_to
    if target is None:
        return []
    count = sum(1 for c in state.plan.all_checks if c.upgrade_to)
    summary = readiness_summary(state.site.software_version, target, "en")
    return [f"sesam upgrade readiness to {target}: {count} readiness checks. {summary}"]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Parametrize ``result`` (indirectly) with the plan's checks of the test's requirement."""
    if "result" not in metafunc.fixturenames:
        return
    marker = metafunc.definition.get_closest_marker("requirement")
    if marker is None:
        raise pytest.UsageError(f"{metafunc.definition.nodeid}: no requirement marker")
    state = metafunc.config.stash.get(STATE, None)
    if state is None:
        raise pytest.UsageError("the acceptance suites need --site FILE (see the README)")
    req_id = marker.args[0]
    methods = tuple(marker.kwargs.get("methods", ()))
    known = {m.value for m in Method}
    unknown = [m for m in methods if m not in known]
    if unknown:  # raised after collection (here it would only be a collection error)
        metafunc.config.stash.setdefault(USAGE, []).append(
            f"{metafunc.definition.nodeid}: requirement({req_id!r}, methods=...): no check "
            f"method is called {', '.join(map(repr, unknown))}; known: {', '.join(sorted(known))}"
        )
    params: list[Any] = [
        c
        for c in state.plan.all_checks
        if c.requirement == req_id and (not methods or c.method in methods)
    ]
    if not params:
        reasons = [na.text(state.language) for na in state.plan.not_applicable if na.id == req_id]
        params = [NotApplicable(req_id, reasons[0] if reasons else "no such path on this site")]
    metafunc.parametrize("result", params, ids=[p.id for p in params], indirect=True)


def expect(result: CheckResult | NotApplicable) -> None:
    """Turn a verdict into the pytest outcome (see the table in this module's docstring)."""
    __tracebackhide__ = True
    if isinstance(result, NotApplicable):
        pytest.skip(f"NOT APPLICABLE: {result.reason}")
    text = _describe(result)
    if result.verdict is Verdict.PASS:  # CheckResult refuses a pass without evidence
        return
    if result.verdict is Verdict.FAIL:
        pytest.fail(text, pytrace=False)
    elif result.verdict is Verdict.WAIVED:
        pytest.xfail(f"WAIVED: {text}")
    elif result.verdict is Verdict.NOT_RUN:
        pytest.skip(f"NOT RUN HERE: {text}")
    else:
        pytest.skip(f"INCONCLUSIVE: {text}")


def _describe(result: CheckResult) -> str:
    lines = [result.message]
    if result.symptom:
        lines.append(f"Sesam shows: {result.symptom}")
    if result.next_step:
        lines.append(f"Next step: {result.next_step}")
    return "\n".join(lines)


def pytest_report_teststatus(report: pytest.TestReport, config: pytest.Config) -> Any:
    """Show inconclusive, not-run, waived and not-applicable as their own categories."""
    if report.when != "call":
        return None
    verdict = dict(report.user_properties).get("verdict")
    if verdict in _CATEGORY:
        category, letter, word = _CATEGORY[verdict]
        return category, letter, (word, {"yellow": True})
    return None


@pytest.hookimpl(tryfirst=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Write the JSON results (and the HTML when pytest-html is absent), atomically."""
    state = session.config.stash.get(STATE, None)
    if state is None or session.config.option.collectonly:
        return
    interrupted = exitstatus in (pytest.ExitCode.INTERRUPTED, pytest.ExitCode.INTERNAL_ERROR)
    stopped = _stop_reason(session, interrupted, state.language)
    for check in state.selected or ():
        if check.id not in state.reached:
            state.left_out.setdefault(check.id, stopped)
    reason = texts(state.language)["nr.interrupted"] if interrupted else ""
    record = finish_run(
        state,
        complete=not interrupted,
        reason=reason,
        standalone_html=not session.config.pluginmanager.hasplugin("sesam-html"),
    )
    if not whole(record) and session.exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED  # a part is never an acceptance


def _stop_reason(session: pytest.Session, interrupted: bool, language: str) -> str:
    """Why a selected check's test never started: interrupted, or stopped by -x/--maxfail."""
    text = texts(language)
    if interrupted:
        return text["nr.interrupted_before"]
    maxfail = session.config.option.maxfail
    if maxfail == 1:
        return text["nr.stopped_first"]
    if maxfail:
        return text["nr.stopped_after"].format(n=maxfail)
    return text["nr.stopped"]


def pytest_unconfigure(config: pytest.Config) -> None:
    """Move the JUnit XML from its partial name to its final one."""
    state = config.stash.get(STATE, None)
    if state is not None:
        publish_partial(state, "xml")


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    """The overall verdict and where the reports are."""
    state = config.stash.get(STATE, None)
    if state is None or state.overall is None:
        return
    record = state.record
    if record is not None and not record.info.addresses_local:
        terminalreporter.write_line(
            f"NOT THIS MACHINE: the run was made as {record.info.host} on a machine without its "
            "addresses; its paths were not proven and the run cannot be accepted",
            red=True,
        )
    if record is not None and not record.info.complete:
        terminalreporter.write_line(
            f"INCOMPLETE ({record.info.incomplete_reason}): the run cannot be accepted", red=True
        )
    terminalreporter.write_sep(
        "=",
        f"Sesam acceptance ({state.plan.source.name}): {state.overall.upper().replace('_', ' ')}",
    )
    for line in _readiness_lines(state):
        terminalreporter.write_line(line)
    for kind, path in state.paths.items():  # html, json, xml (and diff, with a baseline)
        terminalreporter.write_line(f"{kind:5} {os.fspath(path)}")


__all__ = ["NotApplicable", "expect"]
