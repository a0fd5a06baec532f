"""The one Jinja2 environment of the report's templates (package data ``report/templates/``).

Autoescaping is on for every template: a value from the network, a file or the site file is
text unless a template or helper marks it as built HTML (``markupsafe.Markup``). StrictUndefined
makes a misspelt name an error instead of an empty cell.

Compiling the templates costs a tenth of a second per run, so the build compiles them once
(``setup.py`` runs :func:`compile_into` on this file: it imports only Jinja2 and the standard
library) into ``report/compiled/``, with a manifest naming the Jinja2 version and the templates'
digest. A run loads those modules only while both still match: after a Jinja2 upgrade, or in a
checkout whose templates were edited, it compiles from the templates as before (never a stale
page).
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path

import jinja2

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
COMPILED = HERE / "compiled"
MANIFEST = "manifest.json"


@cache
def environment() -> jinja2.Environment:
    """The environment (built once): the build's compiled templates when they are current,
    else the templates, compiled on first use and kept."""
    return _configured(compiled_loader(COMPILED) or jinja2.FileSystemLoader(TEMPLATES))


def _configured(loader: jinja2.BaseLoader) -> jinja2.Environment:
    return jinja2.Environment(
        loader=loader,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def digest(templates: Path = TEMPLATES) -> str:
    """The templates' digest: their names and bytes."""
    sha = hashlib.sha256()
    for path in sorted(templates.glob("*.html")):
        sha.update(path.name.encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return sha.hexdigest()


def _manifest(templates: Path) -> dict[str, str]:
    return {"jinja2": jinja2.__version__, "templates": digest(templates)}


def compiled_loader(folder: Path, templates: Path = TEMPLATES) -> jinja2.ModuleLoader | None:
    """A loader of the modules compiled into ``folder``, or None when there are none or they
    were compiled by another Jinja2 or from other templates."""
    try:
        found = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return jinja2.ModuleLoader(folder) if found == _manifest(templates) else None


def compile_into(folder: Path, templates: Path = TEMPLATES) -> None:
    """Compile every template into Python modules in ``folder``, and write its manifest last
    (a build stopped half-way leaves none: the run then compiles from the templates)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / MANIFEST).unlink(missing_ok=True)
    _configured(jinja2.FileSystemLoader(templates)).compile_templates(
        folder, zip=None, ignore_errors=False
    )
    (folder / MANIFEST).write_text(json.dumps(_manifest(templates)), encoding="utf-8")
