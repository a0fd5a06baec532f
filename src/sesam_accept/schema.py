"""Typed field specs: the one way a file format is written down in this library.

A format (the site file in ``site_schema``, the results file in ``report.schema``) is one
:class:`Obj` of :class:`Value`, :class:`ListOf` and nested :class:`Obj` specs. The readers
check a file against it (``validate.Reader`` for YAML, ``report.validate`` for JSON) and
:func:`json_schema` / :func:`field_table` publish it (``scripts/schemas`` writes the files),
so the published schema cannot drift from what the readers accept.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeAlias


@dataclass(frozen=True)
class Value:
    """One JSON value: its type, its limits, and what it means.

    ``type`` is a JSON Schema type (``string``, ``integer``, ``number``, ``boolean``,
    ``object`` for free-form facts); ``options`` makes it an enumeration. ``pattern``,
    ``not_pattern``, ``min_length`` and ``max_length`` tell editors what the reader checks
    by code (a Windows file name, an IPv4 address)."""

    type: str
    doc: str = ""
    nullable: bool = False
    options: tuple[str, ...] = ()
    const: str | int | None = None
    lo: float | None = None
    hi: float | None = None
    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None
    not_pattern: str | None = None
    format: str | None = None
    default: int | None = None


@dataclass(frozen=True)
class ListOf:
    """A list of ``item``; ``nullable`` also allows an empty ``key:`` (YAML null)."""

    item: Spec
    doc: str = ""
    min_items: int = 0
    nullable: bool = False


@dataclass(frozen=True)
class Obj:
    """An object (a YAML mapping) with the keys ``fields`` in their order.

    ``closed`` refuses any other key. ``rules`` are JSON Schema keywords for what the reader
    decides by code across keys (e.g. a confirmation's check id against its scope)."""

    fields: Mapping[str, Spec]
    required: tuple[str, ...] = ()
    doc: str = ""
    nullable: bool = False
    closed: bool = True
    rules: Mapping[str, Any] = field(default_factory=dict)

    @property
    def keys(self) -> tuple[str, ...]:
        """The allowed keys, in the order a message lists them."""
        return tuple(self.fields)


Spec: TypeAlias = Value | ListOf | Obj


def json_schema(spec: Spec) -> dict[str, Any]:
    """The JSON Schema of ``spec`` (without the ``$schema`` header)."""
    if isinstance(spec, Obj):
        out = _object_schema(spec)
    elif isinstance(spec, ListOf):
        out = {"type": "array", "items": json_schema(spec.item)}
        if spec.min_items:
            out["minItems"] = spec.min_items
    else:
        out = _value_schema(spec)
    if spec.nullable:
        out = _nullable(out)
    if spec.doc:
        out = {"description": spec.doc, **out}
    return out


def _object_schema(spec: Obj) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "object"}
    if spec.closed:
        out["additionalProperties"] = False
    out["properties"] = {key: json_schema(value) for key, value in spec.fields.items()}
    if spec.required:
        out["required"] = list(spec.required)
    return {**out, **spec.rules}


_VALUE_KEYWORDS = (
    ("lo", "minimum"),
    ("hi", "maximum"),
    ("min_length", "minLength"),
    ("max_length", "maxLength"),
    ("pattern", "pattern"),
    ("format", "format"),
    ("default", "default"),
)


def _value_schema(spec: Value) -> dict[str, Any]:
    if spec.const is not None:
        return {"const": spec.const}
    out: dict[str, Any] = {"enum": list(spec.options)} if spec.options else {"type": spec.type}
    for attribute, keyword in _VALUE_KEYWORDS:
        value = getattr(spec, attribute)
        if value is not None:
            out[keyword] = value
    if spec.not_pattern is not None:
        out["not"] = {"pattern": spec.not_pattern}
    return out


def _nullable(out: dict[str, Any]) -> dict[str, Any]:
    if "enum" in out:
        return {**out, "enum": [*out["enum"], None]}
    if isinstance(out.get("type"), str) and out["type"] != "object":
        return {**out, "type": [out["type"], "null"]}
    return {"anyOf": [out, {"type": "null"}]}


def schema_document(spec: Obj, header: Mapping[str, str]) -> str:
    """The published schema file's text: ``header`` ($schema, $id, title) then ``spec``."""
    return json.dumps({**header, **json_schema(spec)}, indent=2, ensure_ascii=False) + "\n"


def type_name(spec: Spec) -> str:
    """The type as a person reads it: ``string``, ``integer/null``, ``list of strings``."""
    if isinstance(spec, Obj):
        name = "object"
    elif isinstance(spec, ListOf):
        item = spec.item
        name = "list of strings" if isinstance(item, Value) and item.type == "string" else "list"
    elif spec.const is not None:
        name = f"`{json.dumps(spec.const)}`"
    elif spec.options:
        name = " \\| ".join(f"`{option}`" for option in spec.options)
    elif spec.lo is not None and spec.hi is not None:
        name = f"{spec.type} {spec.lo:g}-{spec.hi:g}"
    else:
        name = spec.type
    return f"{name}/null" if spec.nullable else name


def field_table(spec: Obj) -> str:
    """A Markdown table of every field of ``spec``, nested ones as ``checks[].evidence[].port``."""
    rows = ["| Field | Type | Meaning |", "|---|---|---|"]
    for path, child, required in _walk(spec, ""):
        optional = "" if required else " (optional)"
        doc = child.doc.replace("|", "\\|")
        rows.append(f"| `{path}` | {type_name(child)}{optional} | {doc} |")
    return "\n".join(rows) + "\n"


def _walk(spec: Obj, prefix: str) -> Iterator[tuple[str, Spec, bool]]:
    for key, child in spec.fields.items():
        path = f"{prefix}{key}"
        yield path, child, key in spec.required
        if isinstance(child, Obj):
            yield from _walk(child, f"{path}.")
        elif isinstance(child, ListOf) and isinstance(child.item, Obj):
            yield from _walk(child.item, f"{path}[].")
