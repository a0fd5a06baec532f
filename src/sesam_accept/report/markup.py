"""Rendering the report's templates, the check anchors they link to, and the stylesheet.

Escaping is the templates' (autoescape, see :mod:`.jinja`): the code here builds no HTML.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from importlib import resources
from typing import Any

from markupsafe import Markup

from .jinja import environment

_NOT_ID = re.compile(r"[^A-Za-z0-9_-]+")


@lru_cache(maxsize=1 << 16)  # every section links to the same checks: one hash per check
def anchor(check_id: str) -> str:
    """A valid, unique HTML id for a check row (readable part plus a short hash)."""
    digest = hashlib.sha1(check_id.encode("utf-8"), usedforsecurity=False).hexdigest()[:8]
    return f"chk-{_NOT_ID.sub('_', check_id)[:60]}-{digest}"


def render(name: str, **context: Any) -> Markup:
    """Template ``name`` rendered with ``context`` (and :func:`anchor`), as built HTML: the
    template escaped every value (autoescape), so the result is safe to insert as it is."""
    html = environment().get_template(name).render(anchor=anchor, **context)
    return Markup(html)  # noqa: S704 -- escaped by the template


def stylesheet() -> Markup:
    """The report's CSS (package data ``report/report.css``, ours: inserted as it is)."""
    css = resources.files("sesam_accept.report").joinpath("report.css").read_text(encoding="utf-8")
    return Markup(css)  # noqa: S704 -- our own file, not outside input
