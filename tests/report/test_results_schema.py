"""The results reader and the published schema come from one model: they refuse the same."""

from __future__ import annotations

import json

import jsonschema
import pytest
from report_factory import make_run

from sesam_accept.errors import ResultsError
from sesam_accept.report import record_from_json
from sesam_accept.report.jsondoc import dump_record
from sesam_accept.report.results_schema import results_schema_text

SCHEMA = json.loads(results_schema_text())


def _doc() -> dict:
    return json.loads(dump_record(make_run("SRV-COMM")))


@pytest.mark.parametrize(
    ("mutate", "says"),
    [
        (lambda d: d["checks"][0].update(port=70000), r"checks\[0\]\.port: must be at most 65535"),
        (lambda d: d["checks"][0].update(port=-1), r"checks\[0\]\.port: must be at least 0"),
        (lambda d: d.update(signoff=None), r"signoff: must be a list"),
        (lambda d: d.update(signoff=[{"item": "x"}]), r"signoff\[0\]\.subjects: is missing"),
        (lambda d: d["run"].update(addresses=[1]), r"run\.addresses: must be a list of strings"),
    ],
)
def test_refused_by_the_reader_and_the_schema(mutate, says: str) -> None:
    doc = _doc()
    mutate(doc)
    with pytest.raises(ResultsError, match=rf"^run1\.json: {says}"):
        record_from_json(doc, source="run1.json")
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc, SCHEMA)


def test_optional_fields_may_be_absent_for_both() -> None:
    doc = _doc()
    for key in ("incomplete_reason", "machine_addresses", "upgrade_to"):
        doc["run"].pop(key, None)
    doc.pop("signoff", None)
    record_from_json(doc, source="old.json")
    jsonschema.validate(doc, SCHEMA)
