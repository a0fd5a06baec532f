"""The acceptance report as HTML: a fragment for pytest-html and a complete document.

Both are self-contained (inline CSS, no JavaScript: evidence folds open with ``<details>``) and
built from the Jinja2 templates in ``templates/``, which escape every value. The report opens
with a one-page summary (printed as page 1): the verdict, the open points grouped by cause,
the requirements per host, the changes against a baseline and the sign-off; the detail
follows, and the run's technical facts close it.
"""

from __future__ import annotations

from markupsafe import Markup

from ..results import RunRecord
from ..texts import texts
from . import summary
from .diff import Diff, diff_warnings
from .html_checks import path_matrix, requirement_table
from .html_readiness import readiness_section
from .html_signoff import signoff
from .html_site import commparam_section, diff_section, inventory_section, manual_section
from .markup import render, stylesheet
from .merge import host_label
from .picture import report_picture
from .rollup import overall_verdict


def summary_page(
    record: RunRecord, t: dict[str, str], language: str, diff: Diff | None = None
) -> Markup:
    """The summary page: banners, verdict and grouped open points, counts, site and run facts,
    the requirements per host, the changes against the baseline, and the sign-off block."""
    overall = overall_verdict(record)
    info = record.info
    facts = [
        ("m.site", info.site),
        ("m.customer", info.customer),
        ("m.software", info.software_version),
        ("m.host", host_label(info.host, t)),
        ("m.engineer", info.engineer),
        ("m.started", info.started),
        ("m.finished", info.finished),
    ]
    return render(
        "summary.html",
        t=t,
        info=info,
        overall=overall,
        points=summary.open_points(record, overall.points, t),
        counts=summary.verdict_counts(overall.counts),
        signs=summary.SIGNS,
        facts=facts,
        glance=summary.glance(record, language),
        diff=diff,
        changes=summary.changes(diff) if diff is not None else None,
        warnings=diff_warnings(diff, language) if diff is not None else [],
        signoff=signoff(record, t, language),
    )


def metadata(record: RunRecord, t: dict[str, str]) -> Markup:
    """What a developer needs to reproduce the run: addresses, site file and its hash, tool
    version, platform (Python, event loop)."""
    info = record.info
    rows = [
        ("m.addresses", ", ".join(info.addresses), ""),
        ("m.machine", ", ".join(info.machine_addresses), ""),
        ("m.site_file", info.site_file, "mono"),
        ("m.sha", info.site_sha256, "mono"),
        ("m.tool", info.tool_version, ""),
        ("m.platform", info.platform, ""),
    ]
    return render("meta.html", t=t, rows=rows)


def render_sections(record: RunRecord, *, language: str, diff: Diff | None = None) -> Markup:
    """The acceptance part as an HTML fragment with its own scoped <style> (for pytest-html)."""
    t = texts(language)
    parts = [
        summary_page(record, t, language, diff),
        report_picture(record, language),
        requirement_table(record, t, language),
        readiness_section(record, t, language),
        path_matrix(record, t),
        inventory_section(record, t),
        commparam_section(record, t),
        manual_section(record, t),
        diff_section(diff, t, language) if diff is not None else Markup(""),
        metadata(record, t),
    ]
    return render("sections.html", css=stylesheet(), lang=language, parts=parts)


def render_document(
    record: RunRecord, *, language: str, diff: Diff | None = None, title: str = ""
) -> str:
    """A complete, self-contained HTML document of the report."""
    t = texts(language)
    host = host_label(record.info.host, t)
    heading = title or f"{t['title']} — {record.info.site} — {host}"
    sections = render_sections(record, language=language, diff=diff)
    return str(render("document.html", lang=language, heading=heading, sections=sections)) + "\n"
