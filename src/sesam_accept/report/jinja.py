"""The one Jinja2 environment of the report's templates (package data ``report/templates/``).

Autoescaping is on for every template: a value from the network, a file or the site file is
text unless a template or helper marks it as built HTML (``markupsafe.Markup``). StrictUndefined
makes a misspelt name an error instead of an empty cell.
"""

from __future__ import annotations

from functools import cache

import jinja2


@cache
def environment() -> jinja2.Environment:
    """The environment (built once: its templates are compiled on first use and kept)."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader("sesam_accept.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
