"""One acceptance run on one host, without pytest: prepare, probe, record, write.

The pytest plugin and the CLI both use this module; pytest only turns the results into tests.
"""

from __future__ import annotations

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
from .loader import check_site
from .plan import Plan, detect_source, plan_for
from .probes import local
from .report import check_writable, overall_verdict, render_document, report_paths, write_atomic
from .report.diff import Diff, diff_records
from .report.jsondoc import dump_record, load_record
from .results import CheckResult, RunInfo, RunRecord
from .site import Host, Site


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
) -> RunState:
    """Validate the site file and the environment; nothing is sent yet."""
    loaded = check_site(site_file)
    site = loaded.site
    source = source_host(site, as_host)
    addresses_local = all(local.is_local_address(a) for a in source.addresses)
    networks = (
        [_network(i) for i in local.local_addresses() if i.netmask] if addresses_local else []
    )
    plan = plan_for(site, source.name, [n for n in networks if n])
    lang = language or site.language
    folder = check_writable(reports_dir)
    started = dt.datetime.now().astimezone()
    html, js, xml = report_paths(folder, site.name, source.name, started, ("html", "json", "xml"))
    if baseline is not None:
        load_record(baseline)  # fail early, before probing, on an unreadable baseline
    state = RunState(
        site=site,
        plan=plan,
        context=Context(plan, addresses_local, lang),
        options=EngineOptions.from_site(site, sequential=sequential),
        language=lang,
        started=started,
        paths={"html": html, "json": js, "xml": xml},
        engineer=engineer or site.engineer,
        baseline=Path(baseline) if baseline else None,
        warnings=[str(w) for w in loaded.warnings],
    )
    capped = loop_choice(sys.platform).warning(site.timing.concurrency)
    state.warnings += [capped] if capped else []
    if not addresses_local:
        state.warnings.append(
            f"THIS MACHINE DOES NOT HAVE {source.name}'s ADDRESSES "
            f"({', '.join(source.addresses)}): "
            "probes leave from this machine's own addresses and local checks cannot see "
            f"{source.name}; the evidence is marked accordingly"
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
        ctx = Context(plan, state.context.addresses_local, state.language)
        results = run_plan(ctx, state.options)
        state.results = {r.check.id: r for r in results}
        state.probed = True
    return state.results


def build_record(state: RunState, *, complete: bool) -> RunRecord:
    """The run's results as a record (the input of the report, merge and diff)."""
    source = state.plan.source
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
        complete=complete,
        platform=platform_line(state.site.timing.concurrency),
    )
    order = {c.id: i for i, c in enumerate(state.plan.all_checks)}
    results = sorted(state.results.values(), key=lambda r: order.get(r.check.id, 0))
    return RunRecord(info, tuple(results), state.plan.not_applicable)


def platform_line(concurrency: int, platform_name: str = sys.platform) -> str:
    """The run's platform for its metadata: OS, Python, the event loop and the concurrency it
    allowed (e.g. "concurrency capped at 480: on Windows select() handles at most 512 sockets")."""
    loop = loop_choice(platform_name).describe(concurrency)
    return f"{platform.system()} {platform.release()} / Python {sys.version.split()[0]} / {loop}"


def baseline_diff(state: RunState, record: RunRecord) -> Diff | None:
    """The comparison with the baseline run, when one was given."""
    if state.baseline is None:
        return None
    return diff_records(load_record(state.baseline), record, allow_mismatch=True)


def partial_path(path: Path) -> Path:
    """Where a report is written while it is not finished (renamed when it is)."""
    return path.with_name(f".{path.name}.partial")


def publish_partial(state: RunState, kind: str) -> None:
    """Move a finished report from its partial name to its final name (atomic rename)."""
    partial = partial_path(state.paths[kind])
    if partial.exists():
        os.replace(partial, state.paths[kind])


def finish_run(state: RunState, *, complete: bool, standalone_html: bool) -> RunRecord:
    """Build the record, write the JSON (and the standalone HTML), remember the verdict."""
    record = build_record(state, complete=complete)
    state.record = record
    state.diff = baseline_diff(state, record)
    state.overall = overall_verdict(record).verdict
    write_atomic(state.paths["json"], dump_record(record))
    if standalone_html:
        html = render_document(record, language=state.language, diff=state.diff)
        write_atomic(state.paths["html"], html)
    return record
