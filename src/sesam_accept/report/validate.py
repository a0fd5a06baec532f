"""Checks of a loaded results document by its one schema (``results_schema``): a clear
ResultsError naming the file and the field, and no jsonschema needed at run time.

Only what a reader keeps is checked (``run``, ``checks``, ``not_applicable``, ``signoff``): the
derived parts are recomputed when a file is read.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..errors import ResultsError
from ..schema import ListOf, Obj, Spec, Value
from .results_schema import RESULTS, SCHEMA_NAME, SCHEMA_VERSION

_TYPES: dict[str, tuple[Callable[[Any], bool], str]] = {
    "string": (lambda v: isinstance(v, str), "a string"),
    "boolean": (lambda v: isinstance(v, bool), "true or false"),
    "integer": (lambda v: isinstance(v, int) and not isinstance(v, bool), "an integer"),
    "number": (lambda v: isinstance(v, (int, float)) and not isinstance(v, bool), "a number"),
    "object": (lambda v: isinstance(v, dict), "an object"),
}


def _list_of_strings(spec: ListOf) -> bool:
    return isinstance(spec.item, Value) and spec.item.type == "string"


def _fits(value: Any, spec: Spec) -> bool:
    if value is None and spec.nullable:
        return True
    if isinstance(spec, Obj):
        return isinstance(value, dict)
    if isinstance(spec, ListOf):
        if not isinstance(value, list):
            return False
        return not _list_of_strings(spec) or all(isinstance(i, str) for i in value)
    if spec.options:
        return value in spec.options
    return bool(_TYPES[spec.type][0](value))


def _expected(spec: Spec) -> str:
    if isinstance(spec, Obj):
        name = "an object"
    elif isinstance(spec, ListOf):
        name = "a list of strings" if _list_of_strings(spec) else "a list"
    elif spec.options:
        name = "one of " + ", ".join(spec.options)
    else:
        name = _TYPES[spec.type][1]
    return f"{name} or null" if spec.nullable else name


def _out_of_range(value: Any, spec: Spec) -> str | None:
    """What is wrong with a number outside the spec's range (a port of 70000), or None."""
    if not isinstance(spec, Value) or value is None:
        return None
    limits = []
    if spec.lo is not None and value < spec.lo:
        limits.append(f"at least {spec.lo:g}")
    if spec.hi is not None and value > spec.hi:
        limits.append(f"at most {spec.hi:g}")
    return f"must be {' and '.join(limits)}, not {value!r}" if limits else None


def _fail(source: str, where: str, problem: str) -> ResultsError:
    return ResultsError(f"{source}: {where}: {problem}")


def check_object(data: Any, spec: Obj, source: str, where: str) -> None:
    """Raise ResultsError unless ``data`` is an object whose fields fit ``spec``: first the
    fields themselves, then what they hold (a check's waiver, each of its evidence)."""
    if not isinstance(data, dict):
        raise _fail(source, where, "must be an object")
    for name, child in spec.fields.items():
        path = f"{where}.{name}" if where else name
        if name not in data:
            if name not in spec.required:
                continue
            raise _fail(source, path, "is missing")
        if not _fits(data[name], child):
            raise _fail(source, path, f"must be {_expected(child)}, not {data[name]!r:.60}")
        wrong = _out_of_range(data[name], child)
        if wrong:
            raise _fail(source, path, wrong)
    for name, child in spec.fields.items():
        path = f"{where}.{name}" if where else name
        if isinstance(child, Obj) and data.get(name) is not None:
            check_object(data[name], child, source, path)
        elif isinstance(child, ListOf) and isinstance(child.item, Obj):
            _check_items(data.get(name) or [], child.item, source, path)


def _check_items(items: list[Any], spec: Obj, source: str, where: str) -> None:
    for i, item in enumerate(items):
        check_object(item, spec, source, f"{where}[{i}]")


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


def _items_spec(name: str) -> Obj:
    spec = RESULTS.fields[name]
    assert isinstance(spec, ListOf), name
    assert isinstance(spec.item, Obj), name
    return spec.item


def _check_list(data: dict[str, Any], name: str, source: str) -> list[Any]:
    value = data.get(name)
    if not isinstance(value, list):
        raise _fail(source, name, "must be a list" if name in data else "is missing")
    return value


def validate_document(data: Any, source: str) -> None:
    """Raise ResultsError (naming ``source`` and the field) unless ``data`` is a results doc."""
    _check_header(data, source)
    run = RESULTS.fields["run"]
    assert isinstance(run, Obj)
    check_object(data.get("run"), run, source, "run")
    for name in ("checks", "not_applicable", "signoff"):
        if name in RESULTS.required or name in data:  # signoff came after version 1
            _check_items(_check_list(data, name, source), _items_spec(name), source, name)
