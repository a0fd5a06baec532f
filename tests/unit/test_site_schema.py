"""The JSON Schema for editors accepts the shipped site files and refuses an unknown key.

That it has exactly the loader's keys follows from both coming from ``site_schema.SITE``
(tests/unit/test_schemas.py keeps the published file equal to it)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import jsonschema
import pytest
import yaml

CONFIGS = Path(__file__).parents[2] / "site_configs"
SCHEMA = json.loads((CONFIGS / "site.schema.json").read_text(encoding="utf-8"))


def _as_json(value):
    if isinstance(value, dict):
        return {k: _as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_json(v) for v in value]
    return value.isoformat() if isinstance(value, dt.date) else value


@pytest.mark.parametrize("name", ["example.yaml", "demo.yaml"])
def test_shipped_sites_match_the_schema(name):
    data = _as_json(yaml.safe_load((CONFIGS / name).read_text(encoding="utf-8")))
    jsonschema.validate(data, SCHEMA)


def test_schema_rejects_an_unknown_key():
    data = _as_json(yaml.safe_load((CONFIGS / "demo.yaml").read_text(encoding="utf-8")))
    data["site"]["langauge"] = "en"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, SCHEMA)
