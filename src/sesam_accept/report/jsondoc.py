"""The machine-readable results document (``reports/*.json``), schema in docs/results-schema.md.

``record_to_json`` and ``record_from_json`` round-trip a :class:`RunRecord` exactly; the derived
parts (``overall``, ``summary``, ``requirements``) are written for readers and recomputed, never
trusted, on reading.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, fields
from pathlib import Path
from typing import Any

from ..checks import Check, Method, Protocol
from ..errors import ResultsError
from ..results import (
    CheckResult,
    Evidence,
    Inapplicable,
    RunInfo,
    RunRecord,
    SignoffItem,
    Verdict,
)
from ..site import Waiver
from .results_schema import SCHEMA_NAME, SCHEMA_VERSION
from .rollup import overall_verdict, requirement_verdicts
from .validate import validate_document

__all__ = [
    "SCHEMA_VERSION",
    "dump_record",
    "load_record",
    "record_from_json",
    "record_to_json",
]

_CHECK_KEYS = tuple(f.name for f in fields(Check))
_EVIDENCE_KEYS = tuple(f.name for f in fields(Evidence))
_RUN_KEYS = tuple(f.name for f in fields(RunInfo))
#: One check's line (json.dumps with these options would build an encoder per check).
_LINE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def _waiver_to_json(waiver: Waiver | None) -> dict[str, Any] | None:
    if waiver is None:
        return None
    data = asdict(waiver)
    data["expires"] = waiver.expires.isoformat()
    return data


def _check_to_json(result: CheckResult) -> dict[str, Any]:
    check = result.check
    data: dict[str, Any] = {"id": check.id}
    data.update({key: getattr(check, key) for key in _CHECK_KEYS})
    data.update(
        verdict=result.verdict.value,
        message=result.message,
        symptom=result.symptom,
        next_step=result.next_step,
        waiver=_waiver_to_json(result.waiver),
        facts=result.facts,
        evidence=[e.to_json() for e in result.evidence],
    )
    return data


def record_to_json(record: RunRecord) -> dict[str, Any]:
    """The record as a JSON-ready dict (schema ``sesam-accept/results``, version 1)."""
    overall = overall_verdict(record)
    run = asdict(record.info)
    run["addresses"] = list(record.info.addresses)
    run["machine_addresses"] = list(record.info.machine_addresses)
    return {
        "schema": SCHEMA_NAME,
        "schema_version": SCHEMA_VERSION,
        "overall": overall.verdict,
        "summary": {
            "counts": overall.counts,
            "open_points": [asdict(p) | {"checks": list(p.checks)} for p in overall.points],
        },
        "run": run,
        "requirements": [
            asdict(r) | {"checks": list(r.checks)} for r in requirement_verdicts(record)
        ],
        "checks": [_check_to_json(r) for r in record.results],
        "not_applicable": [
            _inapplicable_to_json(na, record.info.language) for na in record.not_applicable
        ],
        "signoff": [{"item": s.item, "subjects": list(s.subjects)} for s in record.signoff],
    }


def _inapplicable_to_json(na: Inapplicable, language: str) -> dict[str, Any]:
    """``{requirement, reason}``, plus ``check`` and ``subject`` for a single check left out."""
    data = {"requirement": na.requirement, "reason": na.text(language)}
    if na.check is not None:
        data["check"] = na.check
    if na.subject is not None:
        data["subject"] = na.subject
    return data


def _inapplicable_from_json(data: dict[str, Any]) -> Inapplicable:
    key, reason = data["requirement"], data["reason"]
    if "check" in data or "[" not in key:
        return Inapplicable(key, reason, data.get("check"), data.get("subject"))
    # Written before entries were typed: the check id stood in ``requirement``. The subject
    # only ever mattered for one ISENet's search ("FLOW-SEARCH[SRV-COMM->ISE-9 by broadcast]").
    target = key.split("->", 1)[1].removesuffix(" by broadcast]") if "->" in key else None
    return Inapplicable(key.split("[", 1)[0], reason, key, target)


def _waiver_from_json(data: dict[str, Any] | None, source: str, where: str) -> Waiver | None:
    if data is None:
        return None
    try:
        expires = dt.date.fromisoformat(data["expires"])
    except ValueError:
        raise ResultsError(f"{source}: {where}.expires: must be a date like 2027-03-31") from None
    return Waiver(data["check"], data["reason"], data["approved_by"], expires)


def _evidence_from_json(data: dict[str, Any]) -> Evidence:
    values = {key: data[key] for key in _EVIDENCE_KEYS}
    values["notes"] = tuple(values["notes"])
    return Evidence(**values)


def _check_from_json(data: dict[str, Any], source: str, where: str) -> CheckResult:
    values = {key: data[key] for key in _CHECK_KEYS if key in data}
    try:
        values["method"], values["protocol"] = (
            Method(values["method"]),
            Protocol(values["protocol"]),
        )
    except ValueError as exc:
        raise ResultsError(f"{source}: {where}: {exc}") from None
    check = Check(**values)
    if data["id"] != check.id:
        raise ResultsError(f"{source}: {where}.id: {data['id']!r} does not match {check.id!r}")
    if data["verdict"] == Verdict.PASS.value and not data["evidence"]:
        raise ResultsError(f"{source}: {where}.evidence: a pass without evidence is not a result")
    return CheckResult(
        check=check,
        verdict=Verdict(data["verdict"]),
        message=data["message"],
        evidence=tuple(_evidence_from_json(e) for e in data["evidence"]),
        symptom=data["symptom"],
        next_step=data["next_step"],
        waiver=_waiver_from_json(data["waiver"], source, f"{where}.waiver"),
        facts=data["facts"],
    )


def record_from_json(data: Any, *, source: str = "results") -> RunRecord:
    """The RunRecord in a results document; ResultsError names ``source`` and the bad field."""
    validate_document(data, source)
    run = {key: data["run"][key] for key in _RUN_KEYS if key in data["run"]}
    run["addresses"] = tuple(run["addresses"])
    run["machine_addresses"] = tuple(run.get("machine_addresses", ()))
    results = tuple(
        _check_from_json(c, source, f"checks[{i}]") for i, c in enumerate(data["checks"])
    )
    not_applicable = tuple(_inapplicable_from_json(n) for n in data["not_applicable"])
    signoff = tuple(SignoffItem(s["item"], tuple(s["subjects"])) for s in data.get("signoff", []))
    return RunRecord(RunInfo(**run), results, not_applicable, signoff)


def dump_record(record: RunRecord) -> str:
    """The results document as JSON text (UTF-8 safe, indented, stable key order)."""
    # One line per check: readable with grep and diff, a third smaller and faster to write than
    # an indented document (which a large site's 7,000 checks make 16 MB long).
    data = record_to_json(record)
    checks = data.pop("checks")
    head = json.dumps(data, indent=1, ensure_ascii=False)
    lines = ",\n".join(_LINE.encode(c) for c in checks)
    if not checks:
        return json.dumps({**data, "checks": []}, indent=1, ensure_ascii=False) + "\n"
    return f'{head[:-2]},\n "checks": [\n{lines}\n ]\n}}\n'


def load_record(path: str | Path) -> RunRecord:
    """Read a results file; ResultsError names the file and what is wrong with it."""
    name = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ResultsError(f"{name}: cannot read the results file ({exc.strerror})") from exc
    except UnicodeDecodeError:
        raise ResultsError(f"{name}: not a results file (not UTF-8 text)") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ResultsError(f"{name}: line {exc.lineno}: not valid JSON ({exc.msg})") from None
    except RecursionError:  # the C decoder recurses once per level
        raise ResultsError(f"{name}: not a results file (nested too deeply)") from None
    return record_from_json(data, source=name)
