"""The published schema files are exactly what the one model of each format gives.

``site_configs/site.schema.json``, ``report/results.schema.json`` and the field table of
``docs/results-schema.md`` are written by ``scripts/schemas``; a hand edit, or a model change
without regenerating them, fails here.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import jsonschema

from sesam_accept import site
from sesam_accept.report.results_schema import RESULTS, TABLE_BEGIN, TABLE_END
from sesam_accept.schema import field_table, json_schema
from sesam_accept.site_schema import PORTS, RARE_CHECKS, TIMING

ROOT = Path(__file__).parents[2]


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("schemas_script", ROOT / "scripts/schemas.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_published_files_are_what_the_model_gives() -> None:
    published = _script().published(ROOT)
    assert {p.relative_to(ROOT).as_posix() for p in published} == {
        "site_configs/site.schema.json",
        "src/sesam_accept/report/results.schema.json",
        "docs/results-schema.md",
    }
    for path, text in published.items():
        assert path.read_text(encoding="utf-8") == text, f"{path}: run scripts/schemas"


def test_stale_names_every_file_that_differs_and_writes_nothing(tmp_path: Path) -> None:
    for name in ("site_configs", "src/sesam_accept/report", "docs"):
        (tmp_path / name).mkdir(parents=True)
    page = f"# page\n\n{TABLE_BEGIN}\n{TABLE_END}\n"
    (tmp_path / "docs/results-schema.md").write_text(page, encoding="utf-8")
    assert len(_script().stale(tmp_path)) == 3
    assert not (tmp_path / "site_configs/site.schema.json").exists()


def test_check_passes_on_the_checkout() -> None:
    check = subprocess.run(
        [sys.executable, str(ROOT / "scripts/schemas.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (check.returncode, check.stdout) == (0, "")


def test_site_schema_is_a_valid_draft_7_schema() -> None:
    schema = (ROOT / "site_configs/site.schema.json").read_text(encoding="utf-8")
    jsonschema.Draft7Validator.check_schema(json.loads(schema))


def test_the_site_models_sections_are_the_site_dataclasses() -> None:
    for spec, cls in ((PORTS, site.Ports), (RARE_CHECKS, site.RareChecks), (TIMING, site.Timing)):
        assert spec.keys == tuple(f.name for f in dataclasses.fields(cls))


def test_the_field_table_lists_every_field_of_the_json_schema() -> None:
    table = field_table(RESULTS)
    for key in json_schema(RESULTS)["properties"]:
        assert f"| `{key}` |" in table
    assert "| `checks[].evidence[].answer_hex` | string |" in table
    assert "| `run.upgrade_to` | string (optional) |" in table
