"""The JSON results document: exact round-trip, the published schema, clear load errors."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import jsonschema
import pytest
from report_factory import make_run

from sesam_accept.errors import ResultsError
from sesam_accept.report import SCHEMA_VERSION, load_record, record_from_json, record_to_json
from sesam_accept.report.jsondoc import dump_record
from sesam_accept.results import RunRecord

SCHEMA = Path(__file__).parents[2] / "src/sesam_accept/report/results.schema.json"


def _doc(record: RunRecord) -> dict:
    return json.loads(dump_record(record))


@pytest.mark.parametrize("host", ["SRV-COMM", "WS-01"])
def test_round_trip_is_exact(host: str) -> None:
    record = make_run(host)
    assert record_from_json(_doc(record)) == record


def test_core_fields_are_public(comm_run: RunRecord) -> None:
    doc = _doc(comm_run)
    assert doc["schema_version"] == SCHEMA_VERSION == 1
    check = next(
        c for c in doc["checks"] if c["requirement"] == "FB-TCP" and c["verdict"] == "pass"
    )
    assert check["id"] == "FB-TCP[SRV-COMM->SRV-DB:41800/tcp]"
    assert (check["source"], check["target"], check["address"], check["port"]) == (
        "SRV-COMM",
        "SRV-DB",
        "192.168.10.10",
        41800,
    )
    assert check["evidence"][0]["answer_hex"] == "00 00 00 5c"
    assert {"host", "addresses", "started", "finished", "site_sha256", "tool_version"} <= set(
        doc["run"]
    )
    reqs = {r["id"]: r["verdict"] for r in doc["requirements"]}
    assert reqs["RPC-MS"] == "not_applicable"
    assert reqs["ISE-CMD"] == "fail"
    assert reqs["DIAG-JP1"] == "pass"


@pytest.mark.parametrize("host", ["SRV-COMM", "WS-01"])
def test_document_matches_published_schema(host: str) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(_doc(make_run(host)), schema, format_checker=jsonschema.FormatChecker())


def test_schema_rejects_what_the_loader_rejects(comm_run: RunRecord) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    doc = _doc(comm_run)
    doc["checks"][2]["verdict"] = "passed"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc, schema)
    with pytest.raises(ResultsError, match=r"run1\.json: checks\[2\]\.verdict: must be one of"):
        record_from_json(doc, source="run1.json")


@pytest.mark.parametrize(
    ("mutate", "field"),
    [
        (lambda d: d["run"].pop("site_sha256"), r"run\.site_sha256: is missing"),
        (lambda d: d["checks"][0].update(port="41800"), r"checks\[0\]\.port: must be an integer"),
        (lambda d: d["checks"][0]["evidence"][0].update(notes="x"), r"evidence\[0\]\.notes"),
        (lambda d: d.update(schema_version=2), r"schema_version: 2 is newer"),
        (lambda d: d.update(schema="other"), r"schema: must be"),
        (lambda d: d.pop("checks"), r"checks: is missing"),
        (lambda d: d["checks"][0].update(id="FB-TCP[x]"), r"checks\[0\]\.id: .* does not match"),
    ],
)
def test_bad_document_names_the_field(comm_run: RunRecord, mutate, field: str) -> None:
    doc = copy.deepcopy(_doc(comm_run))
    mutate(doc)
    with pytest.raises(ResultsError, match=field):
        record_from_json(doc, source="r.json")


def test_load_record_names_the_file(tmp_path: Path, comm_run: RunRecord) -> None:
    good = tmp_path / "good.json"
    good.write_text(dump_record(comm_run), encoding="utf-8")
    assert load_record(good) == comm_run
    broken = tmp_path / "broken.json"
    broken.write_text('{"schema": ', encoding="utf-8")
    with pytest.raises(ResultsError, match=r"broken\.json: line 1: not valid JSON"):
        load_record(broken)
    with pytest.raises(ResultsError, match=r"missing\.json: cannot read"):
        load_record(tmp_path / "missing.json")
    deep = tmp_path / "deep.json"
    deep.write_text('{"a": ' * 100_000 + "1" + "}" * 100_000, encoding="utf-8")
    with pytest.raises(ResultsError, match=r"deep\.json: not a results file \(nested too deeply\)"):
        load_record(deep)


def test_derived_parts_are_recomputed_not_trusted(comm_run: RunRecord) -> None:
    doc = _doc(comm_run)
    doc["overall"] = "accepted"
    assert record_to_json(record_from_json(doc))["overall"] == "not_accepted"


def test_dump_is_json_with_one_line_per_check_and_keeps_empty_checks(comm_run) -> None:
    import dataclasses
    import json

    from sesam_accept.report.jsondoc import dump_record, record_to_json

    text = dump_record(comm_run)
    assert json.loads(text) == record_to_json(comm_run)
    assert text.count('\n{"id":') == len(comm_run.results)  # grep- and diff-friendly
    empty = dataclasses.replace(comm_run, results=())
    assert json.loads(dump_record(empty))["checks"] == []
