"""One acceptance run on one host, without pytest: prepare, probe, record, write.

The pytest plugin and the CLI both use this module; pytest only turns the results into tests.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import platform
import sys
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .checks import Check
from .engine import Context, EngineOptions, run_plan
from .errors import ConfigError
from .eventloop import loop_choice
from .judge import Judge, Observations
from .loader import check_site
from .notrun import set_aside
from .plan import Plan, detect_source, plan_for, signoff_items
from .probes import local
from .report import check_writable, overall_verdict, render_document, report_paths, write_atomic
from .report.diff import Diff, diff_records
from .report.diff_html import render_diff_page
from .report.jsondoc import dump_record, load_record
from .results import CheckResult, RunInfo, RunRecord, Verdict
from .site import Host, Site
from .upgrade import upgrade_target, with_readiness


@dataclass
class RunState:
    """Everything one run needs and produces."""

    site: Site
    plan: Plan
    context: Context
    options: EngineOptions
    language: str
    started: dt.datetime
    paths: dict[str, Path]  # "html", "json", "xml" -> final report paths
    engineer: str = ""
    baseline: Path | None = None
    warnings: list[str] = field(default_factory=list)
    results: dict[str, CheckResult] = field(default_factory=dict)  # by check id
    selected: list[Check] | None = None  # the checks the collected tests ask for (None: all)
    probed: bool = False
    probe_error: str | None = None  # the probing crashed (a defect): why, once
    left_out: dict[str, str] = field(default_factory=dict)  # check id -> why it did not run
    reached: set[str] = field(default_factory=set)  # check ids whose test started
    incomplete_reason: str = ""  # why the run is not whole (set when it finishes)
    record: RunRecord | None = None
    diff: Diff | None = None
    overall: str | None = None  # accepted | open_points | not_accepted, once finished


def prepare_run(
    site_file: str | Path,
    *,
    as_host: str | None = None,
    language: str | None = None,
    reports_dir: str | Path = "reports",
    engineer: str | None = None,
    baseline: str | Path | None = None,
    sequential: bool = False,
    upgrade_to: str | None = None,
) -> RunState:
    """Validate the site file and the environment; nothing is sent yet."""
    loaded = check_site(site_file)
    site = loaded.site
    source = source_host(site, as_host)
    addresses_local = all(local.is_local_address(a) for a in source.addresses)
    machine = tuple(
        i.address
        for i in local.local_addresses()
        if not addresses_local and not i.address.startswith("127.")
    )
    networks = (
        [_network(i) for i in local.local_addresses() if i.netmask] if addresses_local else []
    )
    plan = plan_for(site, source.name, [n for n in networks if n])
    target = upgrade_target(site, upgrade_to)
    if target is not None:
        plan = with_readiness(plan, target)
    lang = language or site.language
    folder = check_writable(reports_dir)
    started = dt.datetime.now().astimezone()
    # With a baseline, the before/after page (report/diff_html.py) is written beside the report.
    exts = {"html": "html", "json": "json", "xml": "xml"}
    exts |= {"diff": "diff.html"} if baseline is not None else {}
    found = report_paths(folder, site.name, source.name, started, tuple(exts.values()))
    paths = dict(zip(exts, found, strict=True))
    if baseline is not None:
        load_record(baseline)  # fail early, before probing, on an unreadable baseline
    state = RunState(
        site=site,
        plan=plan,
        context=Context(plan, addresses_local, lang, machine),
        options=EngineOptions.from_site(site, sequential=sequential),
        language=lang,
        started=started,
        paths=paths,
        engineer=engineer or site.engineer,
        baseline=Path(baseline) if baseline else None,
        warnings=[str(w) for w in loaded.warnings],
    )
    capped = loop_choice(sys.platform).warning(site.timing.concurrency)
    state.warnings += [capped] if capped else []
    if not addresses_local:
        state.warnings.append(
            f"THIS MACHINE DOES NOT HAVE {source.name}'s ADDRESSES "
            f"({', '.join(source.addresses)}): probes leave from this machine's own addresses "
            f"({', '.join(machine) or '?'}) and prove nothing about {source.name}: its checks "
            "are recorded as not run here and the run cannot be accepted"
        )
    return state


def source_host(site: Site, as_host: str | None) -> Host:
    if as_host is None:
        return detect_source(site, (i.address for i in local.local_addresses()))
    try:
        return site.host(as_host)
    except KeyError:
        names = ", ".join(h.name for h in site.hosts)
        raise ConfigError(
            f"--as {as_host}: no such host in the site file; hosts: {names}"
        ) from None


def _network(iface: local.InterfaceAddress) -> str | None:
    import ipaddress

    try:
        return str(ipaddress.IPv4Interface(f"{iface.address}/{iface.netmask}").network)
    except ValueError:
        return None


def probe(state: RunState) -> dict[str, CheckResult]:
    """Run (once) the selected checks of the plan (``state.selected``; all when None) and keep
    their results."""
    if not state.probed:
        wanted = {c.id for c in state.selected} if state.selected is not None else None
        plan = state.plan
        if wanted is not None:
            plan = Plan(
                plan.site,
                plan.source,
                tuple(c for c in plan.checks if c.id in wanted),
                tuple(c for c in plan.elsewhere if c.id in wanted),
                plan.not_applicable,
            )
        ctx = dataclasses.replace(state.context, plan=plan)
        state.probed = True  # once, also when it crashes: no test probes again
        try:
            results = run_plan(ctx, state.options)
        except Exception as exc:
            state.probe_error = f"{type(exc).__name__}: {exc}"
            results = crashed(ctx, state.probe_error)
        state.results = {r.check.id: r for r in results}
    return state.results


def crashed(ctx: Context, error: str) -> list[CheckResult]:
    """The results of a probing that raised: every check it served is inconclusive with the
    error (never a pass); the paths of other hosts are still theirs to run."""
    lang = ctx.language
    message = (
        f"die Prüfung ist abgestürzt ({error}): kein Ergebnis; ein Fehler des Werkzeugs, bitte "
        "melden"
        if lang == "de"
        else f"the probing crashed ({error}): no verdict; a defect of the tool, please report it"
    )
    judge = Judge(ctx.site, ctx.source, lang, Observations(), ctx.addresses_local)
    results = [
        CheckResult(c, Verdict.INCONCLUSIVE, message, facts={"probe_error": error})
        for c in ctx.plan.checks
    ]
    return results + [judge.not_run_here(c) for c in ctx.plan.elsewhere]


def build_record(state: RunState, *, complete: bool, reason: str = "") -> RunRecord:
    """The run's results as a record (the input of the report, merge and diff): every planned
    check, and ``complete`` only when each one had its verdict (``reason`` says why not)."""
    source = state.plan.source
    incomplete = incomplete_reason(state, "" if complete else reason or "interrupted")
    info = RunInfo(
        site=state.site.name,
        customer=state.site.customer,
        software_version=str(state.site.software_version),
        host=source.name,
        addresses=source.addresses,
        addresses_local=state.context.addresses_local,
        language=state.language,
        started=state.started.isoformat(timespec="seconds"),
        finished=dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        site_file=str(state.site.source_file or ""),
        site_sha256=state.site.sha256,
        tool_version=__version__,
        engineer=state.engineer,
        complete=complete and not incomplete,
        platform=platform_line(state.site.timing.concurrency),
        incomplete_reason=incomplete,
        machine_addresses=state.context.machine_addresses,
        upgrade_to=str(state.plan.upgrade_to or ""),
    )
    return RunRecord(
        info, tuple(planned_results(state)), state.plan.not_applicable, signoff_items(state.site)
    )


def planned_results(state: RunState) -> list[CheckResult]:
    """One result for every planned check, in plan order: a check left out of the run (see
    ``state.left_out``) or without a result is ``not_run`` with why, never missing."""
    nothing = (
        "nicht ausgewählt: kein Test dieses Laufs hat danach gefragt"
        if state.language == "de"
        else "not selected: no test of this run asked for it"
    )
    out = []
    for check in state.plan.all_checks:
        result = state.results.get(check.id)
        reason = state.left_out.get(check.id)
        if reason is None and result is not None:
            out.append(result)
        else:
            out.append(set_aside(check, reason or nothing, state.language, result))
    return out


def incomplete_reason(state: RunState, given: str) -> str:
    """Why the run is not whole: the reason given, a crash of the probing, checks left out."""
    de = state.language == "de"
    reasons = [given] if given else []
    if state.probe_error:
        crash = "die Prüfung ist abgestürzt" if de else "the probing crashed"
        reasons.append(f"{crash} ({state.probe_error})")
    missing = [c for c in state.plan.all_checks if c.id not in state.results]
    if (state.left_out or missing) and not given:
        count, total = (
            len(set(state.left_out) | {c.id for c in missing}),
            len(state.plan.all_checks),
        )
        reasons.append(
            f"{count} von {total} geplanten Prüfungen liefen nicht"
            if de
            else f"{count} of {total} planned checks did not run"
        )
    return "; ".join(reasons)


def platform_line(concurrency: int, platform_name: str = sys.platform) -> str:
    """The run's platform for its metadata: OS, Python, the event loop and the concurrency it
    allowed (e.g. "concurrency capped at 480: on Windows select() handles at most 512 sockets")."""
    loop = loop_choice(platform_name).describe(concurrency)
    return f"{platform.system()} {platform.release()} / Python {sys.version.split()[0]} / {loop}"


def baseline_diff(state: RunState, record: RunRecord) -> tuple[RunRecord, Diff] | None:
    """The baseline run and the comparison with it, when one was given."""
    if state.baseline is None:
        return None
    baseline = load_record(state.baseline)
    return baseline, diff_records(baseline, record, allow_mismatch=True)


def partial_path(path: Path) -> Path:
    """Where a report is written while it is not finished (renamed when it is)."""
    return path.with_name(f".{path.name}.partial")


def publish_partial(state: RunState, kind: str) -> None:
    """Move a finished report from its partial name to its final name (atomic rename)."""
    partial = partial_path(state.paths[kind])
    if partial.exists():
        os.replace(partial, state.paths[kind])


def finish_run(
    state: RunState, *, complete: bool, standalone_html: bool, reason: str = ""
) -> RunRecord:
    """Build the record, write the JSON (and the standalone HTML), remember the verdict."""
    record = build_record(state, complete=complete, reason=reason)
    state.record = record
    state.incomplete_reason = record.info.incomplete_reason
    compared = baseline_diff(state, record)
    state.diff = compared[1] if compared is not None else None
    state.overall = overall_verdict(record).verdict
    write_atomic(state.paths["json"], dump_record(record))
    if compared is not None:
        baseline, diff = compared
        page = render_diff_page(baseline, record, diff, language=state.language)
        write_atomic(state.paths["diff"], page)
    if standalone_html:
        html = render_document(record, language=state.language, diff=state.diff)
        write_atomic(state.paths["html"], html)
    return record
