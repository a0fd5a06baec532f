"""One site record from the runs made on several hosts of the site.

For each check the result from the run made *on* the check's source host wins; a ``not_run``
never wins over a real verdict. The site-wide CommParam.ini consistency check (``RPC-INI``
with target ``all``) is judged again, by the judge's own rule, on the ports every run read.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ..checks import Method
from ..errors import ResultsError
from ..judge import rpc_ini_verdict
from ..results import CheckResult, Evidence, RunInfo, RunRecord, Verdict
from ..texts import texts
from .files import parse_time

SITE_HOST = "(site)"


def host_label(host: str, t: Mapping[str, str]) -> str:
    """The run's host as a report in the language of ``t`` names it: a merged run's
    :data:`SITE_HOST` (a marker the results file keeps) in that language."""
    return t["m.site_host"] if host == SITE_HOST else host


#: Fact of a not-run check whose source host had no run at all: why (unreachable, failed).
HOST_NOT_RUN = "host_not_run"


def _instant(text: str) -> tuple[float, str]:
    """Sort key of an ISO time: the instant when it parses, the text otherwise."""
    try:
        when = parse_time(text)
    except ValueError:
        return (float("-inf"), text)
    return (
        when.timestamp() if when.tzinfo else when.replace(tzinfo=dt.timezone.utc).timestamp(),
        text,
    )


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v))


def _refuse_mixed(records: Sequence[RunRecord]) -> None:
    first = records[0].info
    for record in records[1:]:
        info = record.info
        if info.site_sha256 != first.site_sha256:
            raise ResultsError(
                f"cannot merge: the run on {info.host} ({info.started}) used another site file "
                f"than the run on {first.host} ({first.started}) (SHA-256 "
                f"{info.site_sha256[:12]}… vs {first.site_sha256[:12]}…); "
                "run every host with the same site file"
            )


def merge_info(infos: Sequence[RunInfo]) -> RunInfo:
    """The merged run's metadata: host ``(site)``, every address, the whole time span."""
    first = infos[0]
    return dataclasses.replace(
        first,
        host=SITE_HOST,
        addresses=_unique(a for i in infos for a in i.addresses),
        addresses_local=all(i.addresses_local for i in infos),
        started=min((i.started for i in infos), key=_instant),
        finished=max((i.finished for i in infos), key=_instant),
        tool_version=", ".join(_unique(i.tool_version for i in infos)),
        engineer=", ".join(_unique(i.engineer for i in infos)),
        complete=all(i.complete for i in infos),
        incomplete_reason="; ".join(
            _unique(i.incomplete_reason for i in infos if i.incomplete_reason)
        ),
        machine_addresses=_unique(a for i in infos for a in i.machine_addresses),
        platform=", ".join(_unique(i.platform for i in infos)),
        upgrade_to=next((i.upgrade_to for i in infos if i.upgrade_to), ""),
    )


Rank = tuple[bool, bool, tuple[float, str]]


def _preference(result: CheckResult, info: RunInfo) -> Rank:
    """Higher is better: a real verdict, then a run on the source host, then the later run."""
    is_real = result.verdict is not Verdict.NOT_RUN
    return (is_real, info.host == result.check.source, _instant(info.started))


def pick_results(records: Sequence[RunRecord]) -> list[CheckResult]:
    """Every check id of all runs once, each with its best result (see :func:`_preference`)."""
    best: dict[str, tuple[Rank, CheckResult]] = {}
    for record in records:
        for result in record.results:
            rank = _preference(result, record.info)
            kept = best.get(result.check.id)
            if kept is None or rank > kept[0]:
                best[result.check.id] = (rank, result)
    return [result for _, result in best.values()]


def _ini_ports(results: Sequence[CheckResult]) -> dict[str, int]:
    """Host → RPC port from per-host RPC-INI facts and every consistency check's facts."""
    ports: dict[str, int] = {}
    for r in results:
        if r.check.requirement != "RPC-INI":
            continue
        if r.check.target == "all" and isinstance(r.facts.get("ports"), dict):
            ports.update({h: p for h, p in r.facts["ports"].items() if isinstance(p, int)})
        elif r.check.method == Method.COMMPARAM and isinstance(r.facts.get("port"), int):
            ports[r.check.target] = r.facts["port"]
    return ports


def _consistency(
    kept: CheckResult, results: Sequence[CheckResult], every: Sequence[CheckResult], language: str
) -> CheckResult:
    """The site-wide RPC-INI check judged again, by the judge's rule, on the ports all runs read.

    A pass needs every host's port, the reads as its evidence, and no run that saw the check
    fail; when the rule leaves it open (or the record lacks the site's port) the kept run's
    verdict stands, with the ports of every run."""
    ports = _ini_ports(every)
    hosts = _unique(r.check.target for r in results if r.check.method == Method.COMMPARAM)
    unread = [h for h in hosts if h not in ports]
    facts: dict[str, Any] = dict(kept.facts) | {"ports": dict(sorted(ports.items()))}
    if "unread" in facts:
        facts["unread"] = unread
    expected = kept.facts.get("expected")
    if not isinstance(expected, int):
        return dataclasses.replace(kept, facts=facts)
    verdict, message = rpc_ini_verdict(ports, expected, hosts, SITE_HOST, language)
    proof = _reads(every)
    decided = verdict is Verdict.FAIL or (
        verdict is Verdict.PASS and bool(proof) and not _failed_anywhere(kept, every)
    )
    if not decided:
        return dataclasses.replace(kept, facts=facts)
    evidence = proof or kept.evidence
    return dataclasses.replace(
        kept, verdict=verdict, message=message, facts=facts, evidence=evidence
    )


def _reads(every: Sequence[CheckResult]) -> tuple[Evidence, ...]:
    """The evidence of every CommParam.ini read the runs made (what a merged pass rests on)."""
    seen: dict[str, Evidence] = {}
    for r in every:
        if r.check.method in (Method.COMMPARAM, Method.COMMPARAM_CONSISTENCY):
            seen.update({f"{e.target}|{e.started}": e for e in r.evidence})
    return tuple(seen.values())


def _failed_anywhere(kept: CheckResult, every: Sequence[CheckResult]) -> bool:
    """A run saw this check fail (e.g. COMM listens on another port): merging keeps that."""
    return any(r.verdict is Verdict.FAIL for r in every if r.check.id == kept.check.id)


def _check_missing(records: Sequence[RunRecord], missing: Mapping[str, str]) -> None:
    """A host named as not run must be a source host of the site and have no run here."""
    ran = {record.info.host for record in records}
    sources = {r.check.source for record in records for r in record.results}
    for host in missing:
        if host in ran:
            raise ResultsError(f"--missing {host}: a run of {host} is among the results files")
        if host not in sources:
            known = ", ".join(sorted(sources - ran)) or "none"
            raise ResultsError(
                f"--missing {host}: no check of these runs starts on {host} "
                f"(hosts without a run: {known})"
            )


def _host_not_run(result: CheckResult, missing: Mapping[str, str], language: str) -> CheckResult:
    """A not-run check of a host whose run did not happen: the message says why."""
    reason = missing.get(result.check.source)
    if reason is None or result.verdict is not Verdict.NOT_RUN:
        return result
    message = texts(language)["merge.host_not_run"].format(host=result.check.source, reason=reason)
    facts = dict(result.facts) | {HOST_NOT_RUN: reason}
    return dataclasses.replace(result, message=message, facts=facts)


def merge_records(
    records: Sequence[RunRecord], missing: Mapping[str, str] | None = None
) -> RunRecord:
    """The site record of the runs on several hosts; ResultsError for none or mixed site files.

    ``missing`` names the hosts whose run did not happen (host → reason, e.g. unreachable):
    their checks stay not run, each saying why."""
    if not records:
        raise ResultsError("cannot merge: no results files given")
    _refuse_mixed(records)
    _check_missing(records, missing or {})
    language = records[0].info.language  # the same site file
    results = [_host_not_run(r, missing or {}, language) for r in pick_results(records)]
    every = [r for record in records for r in record.results]
    merged = [
        _consistency(r, results, every, language)
        if r.check.requirement == "RPC-INI" and r.check.target == "all"
        else r
        for r in results
    ]
    not_applicable = {na.id: na for record in records for na in record.not_applicable}
    signoff = next((r.signoff for r in records if r.signoff), ())  # the same site file
    return RunRecord(
        merge_info([r.info for r in records]),
        tuple(merged),
        tuple(not_applicable.values()),
        signoff,
    )
