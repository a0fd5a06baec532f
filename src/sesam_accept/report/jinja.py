"""The report's Jinja2 environment: templates are package data, every value is escaped."""

from __future__ import annotations

import jinja2


def environment() -> jinja2.Environment:
    """The one environment every report template renders in: templates from the package's
    ``templates`` folder (so they work from a wheel, offline), autoescaping on (a value from
    the network, a file or the site file can never become markup), and an undefined name is an
    error rather than an empty string."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader("sesam_accept.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
