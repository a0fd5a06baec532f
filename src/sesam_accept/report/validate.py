"""Hand-checks of a loaded results document: a clear ResultsError naming the file and the field.

The published JSON Schema (``results.schema.json``) says the same; this module exists so that
reading results needs no jsonschema at run time.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..errors import ResultsError
from ..results import Verdict

SCHEMA_NAME = "sesam-accept/results"
SCHEMA_VERSION = 1

# A field's kind: what JSON value it must hold. A trailing "?" also allows null.
RUN_FIELDS = {
    "site": "str",
    "customer": "str",
    "software_version": "str",
    "host": "str",
    "addresses": "strlist",
    "addresses_local": "bool",
    "language": "str",
    "started": "str",
    "finished": "str",
    "site_file": "str",
    "site_sha256": "str",
    "tool_version": "str",
    "engineer": "str",
    "complete": "bool",
    "platform": "str",
    "incomplete_reason": "str",
    "machine_addresses": "strlist",
    "upgrade_to": "str",
}
#: Fields added after version 1 was published: optional when reading (older files).
RUN_OPTIONAL = ("incomplete_reason", "machine_addresses", "upgrade_to")
OPTIONAL_CHECK_FIELDS = ("upgrade_to",)
SIGNOFF_FIELDS = {"item": "str", "subjects": "strlist"}
CHECK_FIELDS = {
    "id": "str",
    "requirement": "str",
    "source": "str",
    "target": "str",
    "label": "str",
    "method": "str",
    "protocol": "str",
    "address": "str?",
    "port": "int?",
    "verdict": "verdict",
    "message": "str",
    "symptom": "str",
    "next_step": "str",
    "waiver": "dict?",
    "facts": "dict",
    "evidence": "list",
    "upgrade_to": "str?",
}
EVIDENCE_FIELDS = {
    "method": "str",
    "protocol": "str",
    "target": "str",
    "port": "int?",
    "source": "str?",
    "source_port": "int?",
    "started": "num",
    "elapsed_ms": "num",
    "attempts": "int",
    "sent_hex": "str",
    "answer_hex": "str",
    "error_class": "str?",
    "detail": "str",
    "facts": "dict",
    "notes": "strlist",
}
WAIVER_FIELDS = {"check": "str", "reason": "str", "approved_by": "str", "expires": "str"}
NOT_APPLICABLE_FIELDS = {"requirement": "str", "reason": "str"}
VERDICTS = tuple(v.value for v in Verdict)


def _fits(value: Any, kind: str) -> bool:
    if kind.endswith("?"):
        return value is None or _fits(value, kind[:-1])
    checks = {
        "str": lambda v: isinstance(v, str),
        "bool": lambda v: isinstance(v, bool),
        "int": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "num": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
        "dict": lambda v: isinstance(v, dict),
        "list": lambda v: isinstance(v, list),
        "strlist": lambda v: isinstance(v, list) and all(isinstance(i, str) for i in v),
        "verdict": lambda v: v in VERDICTS,
    }
    return bool(checks[kind](value))


_EXPECTED = {
    "str": "a string",
    "bool": "true or false",
    "int": "an integer",
    "num": "a number",
    "dict": "an object",
    "list": "a list",
    "strlist": "a list of strings",
    "verdict": "one of " + ", ".join(VERDICTS),
}


def _fail(source: str, where: str, problem: str) -> ResultsError:
    return ResultsError(f"{source}: {where}: {problem}")


def check_object(
    data: Any, fields: Mapping[str, str], source: str, where: str, *, optional: tuple[str, ...] = ()
) -> None:
    """Raise ResultsError unless ``data`` is an object whose ``fields`` have the right kinds."""
    if not isinstance(data, dict):
        raise _fail(source, where, "must be an object")
    for name, kind in fields.items():
        path = f"{where}.{name}" if where else name
        if name not in data:
            if name in optional:
                continue
            raise _fail(source, path, "is missing")
        if not _fits(data[name], kind):
            expected = _EXPECTED[kind.rstrip("?")] + (" or null" if kind.endswith("?") else "")
            raise _fail(source, path, f"must be {expected}, not {data[name]!r:.60}")


def _check_header(data: Any, source: str) -> None:
    if not isinstance(data, dict):
        raise _fail(source, "(top level)", "must be an object")
    if data.get("schema") != SCHEMA_NAME:
        raise _fail(source, "schema", f"must be {SCHEMA_NAME!r}: this is not a results file")
    version = data.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise _fail(source, "schema_version", "must be an integer")
    if version > SCHEMA_VERSION:
        raise _fail(
            source, "schema_version", f"{version} is newer than this tool reads ({SCHEMA_VERSION})"
        )


def _check_list(data: dict[str, Any], name: str, source: str) -> list[Any]:
    value = data.get(name)
    if not isinstance(value, list):
        raise _fail(source, name, "must be a list" if name in data else "is missing")
    return value


def validate_document(data: Any, source: str) -> None:
    """Raise ResultsError (naming ``source`` and the field) unless ``data`` is a results doc."""
    _check_header(data, source)
    check_object(data.get("run"), RUN_FIELDS, source, "run", optional=RUN_OPTIONAL)
    for i, check in enumerate(_check_list(data, "checks", source)):
        where = f"checks[{i}]"
        check_object(check, CHECK_FIELDS, source, where, optional=OPTIONAL_CHECK_FIELDS)
        if check["waiver"] is not None:
            check_object(check["waiver"], WAIVER_FIELDS, source, f"{where}.waiver")
        for j, evidence in enumerate(check["evidence"]):
            check_object(evidence, EVIDENCE_FIELDS, source, f"{where}.evidence[{j}]")
    for i, item in enumerate(_check_list(data, "not_applicable", source)):
        check_object(item, NOT_APPLICABLE_FIELDS, source, f"not_applicable[{i}]")
    for i, item in enumerate(data.get("signoff", [])):  # optional: added after version 1
        check_object(item, SIGNOFF_FIELDS, source, f"signoff[{i}]")
