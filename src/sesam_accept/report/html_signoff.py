"""The sign-off block: what no network probe proves, as a checklist to tick, then signatures.

The lines come from the record (``RunRecord.signoff``, made from the site file by
``plan.signoff_items``) and their words from the catalog (``catalog.SIGNOFF``). One line per
host or ISENet up to :data:`SIGNOFF_LINES` of them; beyond that one line names the count and a
table (folded, in the block) lists them, each with its own box: a site of 1,000 ISENets gets
one line for its controller synchronisations, not a thousand.
"""

from __future__ import annotations

from ..catalog import SIGNOFF, SignoffCheck
from ..results import RunRecord, SignoffItem
from .markup import Raw, esc, section, table

#: More subjects than this (hosts or ISENets) for one item: one line with the count and a table.
SIGNOFF_LINES = 20
BOX = "☐"


def _line(text: str) -> str:
    return f'<li><span class="box">{BOX}</span> {esc(text)}</li>'


def _group(spec: SignoffCheck, item: SignoffItem, t: dict[str, str], language: str) -> str:
    word = t[f"s.group.{spec.per}"].format(n=len(item.subjects))
    line = _line(spec.text(language).format(subject=word, version=""))
    rows = [(Raw(f'<span class="box">{BOX}</span>'), name) for name in item.subjects]
    listing = table(("", t["c.name"]), rows, css="tick-list")
    return f"{line}<details><summary>{esc(word)}</summary>{listing}</details>"


def checklist_lines(record: RunRecord, language: str, t: dict[str, str]) -> list[str]:
    """The checklist's <li> lines (a grouped line carries its table after it)."""
    version = record.info.software_version
    out: list[str] = []
    for item in record.signoff:
        spec = SIGNOFF.get(item.item)
        if spec is None:  # a newer tool's item: shown by its id rather than dropped
            out.append(_line(f"{item.item}: {', '.join(item.subjects)}"))
        elif len(item.subjects) > SIGNOFF_LINES:
            out.append(_group(spec, item, t, language))
        else:
            subjects = item.subjects or ("",)
            out += [_line(spec.text(language).format(subject=s, version=version)) for s in subjects]
    return out


def signoff(record: RunRecord, t: dict[str, str], language: str) -> str:
    """The checklist of what the network cannot prove, then name, date and signature lines for
    engineer and customer, kept on one printed page."""
    lines = checklist_lines(record, language, t)
    checklist = (
        f'<p>{esc(t["s.checklist"])}</p><ul class="checklist">{"".join(lines)}</ul>'
        if lines
        else ""
    )
    heads = ("", t["s.engineer"], t["s.customer"])
    rows = [
        (Raw(f"<strong>{esc(t[k])}</strong>"), "", "") for k in ("s.name", "s.date", "s.signature")
    ]
    body = f"{checklist}<p>{esc(t['s.intro'])}</p>{table(heads, rows)}"
    return section("signoff", t["h.signoff"], body)
