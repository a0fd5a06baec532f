"""Where the files the package ships beside its code are: the site configurations.

MINIMAL VERSION (branch ``init``): it only finds the checkout's ``site_configs/<name>`` by
walking up from this file. The packaging work brings the full version (the copy packaged in the
wheel first, this checkout fallback second); at the merge that version replaces this one.
"""

from __future__ import annotations

from pathlib import Path

from .errors import SesamAcceptError

SITE_CONFIGS = ("example.yaml", "demo.yaml", "site.schema.json")


def site_config(name: str) -> Path:
    """The path of ``site_configs/<name>`` (one of :data:`SITE_CONFIGS`)."""
    if name not in SITE_CONFIGS:
        raise ValueError(f"unknown site configuration {name!r}; expected one of {SITE_CONFIGS}")
    for folder in Path(__file__).resolve().parents:
        candidate = folder / "site_configs" / name
        if candidate.is_file():
            return candidate
    raise SesamAcceptError(f"site_configs/{name} not found above {Path(__file__).parent}")
