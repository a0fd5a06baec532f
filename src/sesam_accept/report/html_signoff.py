"""The sign-off block: what no network probe proves, as a checklist to tick, then signatures.

The lines come from the record (``RunRecord.signoff``, made from the site file by
``plan.signoff_items``) and their words from the catalog (``catalog.SIGNOFF``). One line per
host or ISENet up to :data:`SIGNOFF_LINES` of them; beyond that one line names the count and a
table (folded, in the block) lists them, each with its own box: a site of 1,000 ISENets gets
one line for its controller synchronisations, not a thousand. The block closes the summary
page (``templates/signoff.html``).
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from ..catalog import SIGNOFF
from ..results import RunRecord
from .markup import render

#: More subjects than this (hosts or ISENets) for one item: one line with the count and a table.
SIGNOFF_LINES = 20


@dataclass(frozen=True)
class Line:
    """One line of the checklist; ``names`` (a grouped line) are listed in a table after it."""

    text: str
    group: str = ""  # the grouped line's summary word ("Each of the 1000 ISENets (list below)")
    names: tuple[str, ...] = ()


def checklist_lines(record: RunRecord, language: str, t: dict[str, str]) -> list[Line]:
    """The checklist's lines, in the record's order."""
    version = record.info.software_version
    out: list[Line] = []
    for item in record.signoff:
        spec = SIGNOFF.get(item.item)
        if spec is None:  # a newer tool's item: shown by its id rather than dropped
            out.append(Line(f"{item.item}: {', '.join(item.subjects)}"))
        elif len(item.subjects) > SIGNOFF_LINES:
            word = t[f"s.group.{spec.per}"].format(n=len(item.subjects))
            text = spec.text(language).format(subject=word, version="")
            out.append(Line(text, word, item.subjects))
        else:
            subjects = item.subjects or ("",)
            text = spec.text(language)
            out += [Line(text.format(subject=s, version=version)) for s in subjects]
    return out


def signoff(record: RunRecord, t: dict[str, str], language: str) -> Markup:
    """The checklist of what the network cannot prove, then name, date and signature lines for
    engineer and customer, kept together on the printed summary page."""
    return render("signoff.html", t=t, lines=checklist_lines(record, language, t))
