"""The acceptance report as HTML: a fragment for pytest-html and a complete document.

Both are self-contained (inline CSS, no JavaScript: evidence folds open with ``<details>``) and
every value that came from the network, a file or the site file is escaped.
"""

from __future__ import annotations

from ..results import RunRecord
from ..texts import texts
from .diff import Diff
from .html_checks import path_matrix, requirement_table
from .html_readiness import readiness_section
from .html_signoff import signoff
from .html_site import commparam_section, diff_section, inventory_section, manual_section
from .markup import Raw, esc, section, stylesheet, table
from .picture import report_picture
from .rollup import OpenPoint, Overall, overall_verdict

#: Open points listed in the banner before the rest is summarised as "… and N more".
BANNER_POINTS = 12


def _point(point: OpenPoint, t: dict[str, str]) -> str:
    if point.kind in ("fail", "inconclusive", "skipped"):
        label = t[f"point.{point.kind}"]
        return f"<code>{esc(point.subject)}</code> — {esc(label)}: {esc(point.detail)}"
    template = t[f"point.{point.kind}"]
    text = template.format(subject=point.subject, n=len(point.checks), detail=point.detail)
    if point.detail and "{detail}" not in template:
        text = f"{text}: {point.detail}"
    return esc(text)


def _counts(overall: Overall, t: dict[str, str]) -> str:
    items = [
        f"<span>{esc(t['v.' + verdict])}: <strong>{n}</strong></span>"
        for verdict, n in overall.counts.items()
        if n
    ]
    return f'<div class="counts">{esc(t["counts"])}: {"".join(items)}</div>'


def banner(record: RunRecord, t: dict[str, str]) -> str:
    """The overall verdict, the counts, and the reasons (failures first)."""
    overall = overall_verdict(record)
    points = [f"<li>{_point(p, t)}</li>" for p in overall.points[:BANNER_POINTS]]
    if len(overall.points) > BANNER_POINTS:
        points.append(f"<li>… +{len(overall.points) - BANNER_POINTS}</li>")
    reasons = f"<ul>{''.join(points)}</ul>" if points else ""
    return (
        f'<div class="banner b-{overall.verdict}" id="overall" '
        f'data-verdict="{overall.verdict}">'
        f'<div class="word">{esc(t["overall." + overall.verdict])}</div>'
        f"<div>{esc(t['overall.lead.' + overall.verdict])}</div>{reasons}"
        f"{_counts(overall, t)}</div>"
    )


def incomplete_banner(record: RunRecord, t: dict[str, str]) -> str:
    """A loud banner when the run is not whole (narrowed, stopped, interrupted), else nothing."""
    info = record.info
    if info.complete:
        return ""
    text = t["incomplete"].format(reason=info.incomplete_reason or t["incomplete.unknown"])
    return f'<div class="b-incomplete" id="incomplete">{esc(text)}</div>'


def machine_banner(record: RunRecord, t: dict[str, str]) -> str:
    """A loud banner when the run was made as a host on a machine without its addresses."""
    info = record.info
    if info.addresses_local:
        return ""
    text = t["not_this_machine"].format(
        host=info.host,
        addresses=", ".join(info.addresses),
        machine=", ".join(info.machine_addresses) or "?",
    )
    return f'<div class="b-incomplete" id="not-this-machine">{esc(text)}</div>'


def metadata(record: RunRecord, t: dict[str, str]) -> str:
    """Site, customer, version, source host and addresses, tool, site-file hash, times."""
    info = record.info
    warning = "" if info.addresses_local else f'<p class="warn">{esc(t["m.not_local"])}</p>'
    pairs: list[tuple[str, str | Raw]] = [
        (t["m.site"], info.site),
        (t["m.customer"], info.customer),
        (t["m.software"], info.software_version),
        (t["m.host"], info.host),
        (t["m.addresses"], ", ".join(info.addresses)),
        *([(t["m.machine"], ", ".join(info.machine_addresses))] if info.machine_addresses else []),
        (t["m.engineer"], info.engineer),
        (t["m.started"], info.started),
        (t["m.finished"], info.finished),
        (t["m.site_file"], Raw(f"<code>{esc(info.site_file)}</code>")),
        (t["m.sha"], Raw(f'<span class="mono">{esc(info.site_sha256)}</span>')),
        (t["m.tool"], info.tool_version),
        (t["m.platform"], info.platform),
    ]
    rows = [(Raw(f"<strong>{esc(k)}</strong>"), v) for k, v in pairs]
    return section("meta", t["h.meta"], warning + table((), rows))


def render_sections(record: RunRecord, *, language: str, diff: Diff | None = None) -> str:
    """The acceptance part as an HTML fragment with its own scoped <style> (for pytest-html)."""
    t = texts(language)
    parts = [
        machine_banner(record, t),
        incomplete_banner(record, t),
        banner(record, t),
        # The site picture (picture.py): the lead re-wires it into the templated report.
        str(report_picture(record, language)),
        requirement_table(record, t, language),
        readiness_section(record, t, language),
        path_matrix(record, t),
        inventory_section(record, t),
        commparam_section(record, t),
        manual_section(record, t),
        diff_section(diff, t, language) if diff is not None else "",
        metadata(record, t),
        signoff(record, t, language),
    ]
    return (
        f"<style>{stylesheet()}</style>"
        f'<div class="sesam-report" lang="{esc(language)}">{"".join(parts)}</div>'
    )


def render_document(
    record: RunRecord, *, language: str, diff: Diff | None = None, title: str = ""
) -> str:
    """A complete, self-contained HTML document of the report."""
    t = texts(language)
    heading = title or f"{t['title']} — {record.info.site} — {record.info.host}"
    return (
        f'<!DOCTYPE html>\n<html lang="{esc(language)}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(heading)}</title></head><body>"
        f'<div class="sesam-report"><h1>{esc(heading)}</h1></div>'
        f"{render_sections(record, language=language, diff=diff)}</body></html>\n"
    )
