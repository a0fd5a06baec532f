"""The report's "Upgrade readiness to VERSION" section (runs with ``--upgrade-to``)."""

from __future__ import annotations

from markupsafe import Markup

from ..results import RunRecord
from ..upgrade import readiness_summary
from ..version import SoftwareVersion
from .markup import render
from .rollup import readiness


def readiness_section(record: RunRecord, t: dict[str, str], language: str) -> Markup:
    """The readiness checks (linked to their evidence in the path matrix), or the sentence that
    nothing changes between the two versions; empty for a normal run."""
    target = record.info.upgrade_to
    if not target:
        return Markup("")
    return render(
        "readiness.html",
        t=t,
        target=target,
        summary=_summary(record.info.software_version, target, language),
        results=readiness(record.results),
    )


def _summary(current: str, target: str, language: str) -> str:
    try:
        return readiness_summary(
            SoftwareVersion.parse(current), SoftwareVersion.parse(target), language
        )
    except ValueError:  # a results file from elsewhere: show the versions as they are
        return f"{current} → {target}"
