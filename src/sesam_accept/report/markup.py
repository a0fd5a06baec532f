"""Small HTML helpers: escaping, tables, verdict badges and anchors.

Every value that reaches the page goes through :func:`esc`; the helpers take *text* and escape
it, except ``raw`` cells that other helpers built (and escaped) already.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

_NOT_ID = re.compile(r"[^A-Za-z0-9_-]+")


@dataclass(frozen=True)
class Raw:
    """HTML that was built (and escaped) by these helpers: inserted as it is."""

    html: str


Cell = str | int | float | None | Raw


def esc(value: Any) -> str:
    """``value`` as text safe inside HTML elements and quoted attributes."""
    return html.escape("" if value is None else str(value), quote=True)


def cell(value: Cell) -> str:
    """A cell's content: Raw as it is, anything else escaped."""
    return value.html if isinstance(value, Raw) else esc(value)


def anchor(check_id: str) -> str:
    """A valid, unique HTML id for a check row (readable part plus a short hash)."""
    digest = hashlib.sha1(check_id.encode("utf-8"), usedforsecurity=False).hexdigest()[:8]
    return f"chk-{_NOT_ID.sub('_', check_id)[:60]}-{digest}"


def badge(verdict: str, label: str) -> Raw:
    """A coloured verdict badge."""
    return Raw(f'<span class="v v-{esc(verdict)}">{esc(label)}</span>')


def link(check_id: str) -> Raw:
    """A link to a check's row in the path matrix."""
    return Raw(f'<a href="#{anchor(check_id)}"><code>{esc(check_id)}</code></a>')


def table(
    headers: Sequence[str],
    rows: Iterable[Sequence[Cell]],
    *,
    row_attrs: Iterable[str] | None = None,
    css: str = "",
) -> str:
    """A table (no header row when ``headers`` is empty).

    ``row_attrs`` gives each row's attribute text, which callers build from escaped values.
    """
    attrs = iter(row_attrs) if row_attrs is not None else None
    cols = "".join(f"<th>{esc(h)}</th>" for h in headers)
    head = f"<thead><tr>{cols}</tr></thead>" if cols else ""
    body = []
    for row in rows:
        extra = next(attrs) if attrs is not None else ""
        cells = "".join(f"<td>{cell(c)}</td>" for c in row)
        body.append(f"<tr{' ' + extra if extra else ''}>{cells}</tr>")
    klass = f' class="{esc(css)}"' if css else ""
    return f"<table{klass}>{head}<tbody>{''.join(body)}</tbody></table>"


def definitions(pairs: Iterable[tuple[str, Cell]]) -> str:
    """A <dl> of label → value pairs (values escaped unless Raw), skipping empty values."""
    items = [f"<dt>{esc(k)}</dt><dd>{cell(v)}</dd>" for k, v in pairs if v not in (None, "")]
    return f"<dl>{''.join(items)}</dl>" if items else ""


def section(css: str, title: str, body: str) -> str:
    """A <section> with an <h2>."""
    return f'<section class="{esc(css)}"><h2>{esc(title)}</h2>{body}</section>'


def stylesheet() -> str:
    """The report's CSS (package data ``report/report.css``)."""
    return resources.files("sesam_accept.report").joinpath("report.css").read_text(encoding="utf-8")
