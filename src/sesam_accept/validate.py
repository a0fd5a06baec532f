"""Reading a YAML tree field by field, collecting one :class:`Problem` per mistake.

The loader asks a :class:`Reader` for typed values ("the text at hosts[2].name", "the integer
at ports.rpc"); each mapping is read by its spec in ``site_schema`` (allowed and required keys,
an integer's range, a choice's options), so what is checked here is what the published schema
says. The reader records a problem with file, line and field path instead of raising, so that
one run reports every mistake of a file at once.
"""

from __future__ import annotations

import codecs
import datetime as dt
import difflib
from collections.abc import Iterator, Sequence

import yaml

from .errors import Problem
from .schema import ListOf, Obj, Value

_TRUE = ("true", "yes", "on")
_FALSE = ("false", "no", "off")


class Fields(dict[str, yaml.Node]):
    """The value nodes of one YAML mapping by key, remembering the mapping node and its spec."""

    def __init__(self, node: yaml.MappingNode, spec: Obj) -> None:
        super().__init__()
        self.node = node
        self.spec = spec

    def value_spec(self, key: str) -> Value:
        """The spec of the scalar at ``key`` (a programming error if it is no scalar)."""
        spec = self.spec.fields[key]
        assert isinstance(spec, Value), key
        return spec


def _line(node: object) -> int | None:
    mark = getattr(node, "start_mark", None)
    return None if mark is None else int(mark.line) + 1


def _decode(raw: bytes) -> str:
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16")
    return raw.decode("utf-8-sig")


#: How deeply a site file may nest lists and mappings (it needs four levels). PyYAML's composer
#: recurses once per level and would die of RecursionError on a deep document: refused before.
MAX_NESTING = 50


class TooDeep(Exception):
    """The document nests deeper than :data:`MAX_NESTING`; ``line`` is where it goes too deep."""

    def __init__(self, line: int) -> None:
        super().__init__(f"nested more than {MAX_NESTING} levels deep at line {line}")
        self.line = line


def _compose(text: str) -> yaml.Node | None:
    """The YAML nodes, by libyaml when PyYAML has it (8x faster on a site of a thousand
    ISENets). Its messages are terser ("found character that cannot start any token", not
    which one), so a text it refuses is composed again by PyYAML's own parser for the error."""
    fast = getattr(yaml, "CSafeLoader", None)
    if fast is not None:
        try:
            return _compose_shallow(text, fast)
        except yaml.YAMLError:
            pass
    return _compose_shallow(text, yaml.SafeLoader)


def _compose_shallow(text: str, loader: type[yaml.SafeLoader]) -> yaml.Node | None:
    """Compose ``text`` after a pass over its events (the parser does not recurse) that
    raises :class:`TooDeep` before the composer could."""
    depth = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_NESTING:
                raise TooDeep(_line(event) or 1)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return yaml.compose(text, Loader=loader)


class Reader:
    """Typed access to a composed YAML document that collects problems."""

    def __init__(self, file: str, root: yaml.Node | None) -> None:
        self.file = file
        self.root = root
        self.problems: list[Problem] = []

    @classmethod
    def from_bytes(cls, file: str, raw: bytes) -> Reader:
        """Compose the YAML text; a syntax error becomes a problem with its line."""
        reader = cls(file, None)
        try:
            reader.root = _compose(_decode(raw))
        except UnicodeDecodeError as exc:
            reader.add(
                None, "", f"not UTF-8 or UTF-16 text (byte {exc.start}): save the file as UTF-8"
            )
        except TooDeep as exc:
            reader.add(
                exc.line,
                "",
                f"lists or mappings nested more than {MAX_NESTING} levels deep: a site file "
                "needs four at most (see site_configs/example.yaml)",
            )
        except yaml.MarkedYAMLError as exc:
            line = None if exc.problem_mark is None else exc.problem_mark.line + 1
            reader.add(line, "", f"YAML syntax error: {exc.problem or exc.context}")
        except yaml.YAMLError as exc:
            reader.add(None, "", f"YAML error: {exc}")
        return reader

    # -- recording problems -----------------------------------------------------------------

    def add(self, line: int | None, field: str, message: str, severity: str = "error") -> None:
        """Record one problem."""
        self.problems.append(Problem(self.file, line, field, message, severity))

    def problem(
        self,
        f: Fields | None,
        key: str,
        where: str,
        message: str,
        *,
        severity: str = "error",
        field_path: str | None = None,
    ) -> None:
        """Record a problem at ``where.key`` (the line of the key's value if it exists)."""
        node = f.get(key) if f is not None else None
        line = _line(node) or (_line(f.node) if f is not None else None)
        self.add(line, _join(where, field_path or key), message, severity)

    def problem_at(self, node: object, where: str, message: str) -> None:
        """Record a problem at a node."""
        self.add(_line(node), where, message)

    # -- structure --------------------------------------------------------------------------

    def root_mapping(self, spec: Obj) -> Fields | None:
        """The top-level mapping."""
        if self.root is None:
            if not self.problems:
                self.add(None, "", "the file is empty; see site_configs/example.yaml")
            return None
        return self.mapping(self.root, "", spec)

    def mapping(self, node: object, where: str, spec: Obj) -> Fields | None:
        """The keys of a mapping node, checking unknown, duplicate and missing keys."""
        if node is None:
            return None
        if not isinstance(node, yaml.MappingNode):
            self.problem_at(node, where or "(top)", "expected a mapping (key: value lines)")
            return None
        allowed, required = spec.keys, spec.required
        fields = Fields(node, spec)
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in fields:
                self.add(_line(key_node), _join(where, key), "duplicate key")
            elif key not in allowed:
                self.add(_line(key_node), _join(where, key), _unknown(key, allowed))
            else:
                fields[key] = value_node
        for key in required:
            if key not in fields:
                self.add(_line(node), _join(where, key), "missing (required)")
        return fields

    def records(self, f: Fields, key: str, where: str = "") -> Iterator[tuple[str, Fields]]:
        """Each mapping of the list at ``key`` read by the list's item spec, with its field path
        (``hosts[2]``); an item that is no mapping is a problem and skipped. An empty ``key:``
        (YAML null) is an empty list where the spec allows it."""
        spec = f.spec.fields[key]
        assert isinstance(spec, ListOf), key
        assert isinstance(spec.item, Obj), key
        path = _join(where, key)
        node = f.get(key)
        if node is None or (_is_null(node) and spec.nullable):
            return
        if not isinstance(node, yaml.SequenceNode):
            self.problem_at(node, path, "expected a list (lines starting with '- ')")
            return
        for i, item in enumerate(node.value):
            item_where = f"{path}[{i}]"
            fields = self.mapping(item, item_where, spec.item)
            if fields is not None:
                yield item_where, fields

    # -- scalars ----------------------------------------------------------------------------

    def text(self, f: Fields | None, key: str, where: str) -> str | None:
        """The scalar at ``key`` exactly as written, or None when absent."""
        node = f.get(key) if f is not None else None
        if node is None:
            return None
        if not isinstance(node, yaml.ScalarNode):
            self.problem(f, key, where, "expected a single value, not a list or mapping")
            return None
        if _is_null(node):
            return None
        return str(node.value).strip()

    def text_list(self, f: Fields | None, key: str, where: str) -> list[str] | None:
        """A list of scalars (a single scalar counts as a list of one)."""
        node = f.get(key) if f is not None else None
        if node is None:
            return None
        if isinstance(node, yaml.ScalarNode):
            value = self.text(f, key, where)
            return [] if value is None else [value]
        if not isinstance(node, yaml.SequenceNode):
            self.problem_at(node, _join(where, key), "expected a list (lines starting with '- ')")
            return None
        items = []
        for item in node.value:
            if isinstance(item, yaml.ScalarNode):
                items.append(str(item.value).strip())
            else:
                self.problem_at(item, _join(where, key), "expected a single value per item")
        return items

    def choice(self, f: Fields | None, key: str, where: str) -> str | None:
        """A text value out of the spec's ``options``."""
        value = self.text(f, key, where)
        if f is None or value is None:
            return value
        options = f.value_spec(key).options
        if value not in options:
            self.problem(f, key, where, f"{value!r} is not one of {', '.join(options)}")
            return None
        return value

    def boolean(self, f: Fields | None, key: str, where: str) -> bool | None:
        """true/false."""
        value = self.text(f, key, where)
        if value is None:
            return None
        if value.lower() in _TRUE:
            return True
        if value.lower() in _FALSE:
            return False
        self.problem(f, key, where, f"{value!r} is not true or false")
        return None

    def integer(self, f: Fields | None, key: str, where: str) -> int | None:
        """A whole number in the spec's range."""
        value = self.text(f, key, where)
        if f is None or value is None:
            return None
        lo, hi = _limits(f.value_spec(key))
        try:
            number = int(value, 10)
        except ValueError:
            self.problem(f, key, where, f"{value!r} is not a whole number")
            return None
        if not lo <= number <= hi:
            self.problem(f, key, where, f"{number} is out of range ({lo:.0f}-{hi:.0f})")
            return None
        return number

    def number(self, f: Fields | None, key: str, where: str) -> float | None:
        """A number (seconds) in the spec's range."""
        value = self.text(f, key, where)
        if f is None or value is None:
            return None
        lo, hi = _limits(f.value_spec(key))
        try:
            number = float(value)
        except ValueError:
            self.problem(f, key, where, f"{value!r} is not a number")
            return None
        if not lo <= number <= hi:
            self.problem(f, key, where, f"{number:g} is out of range ({lo:g}-{hi:g})")
            return None
        return number

    def date(self, f: Fields | None, key: str, where: str) -> dt.date | None:
        """A calendar date written as YYYY-MM-DD."""
        value = self.text(f, key, where)
        if value is None:
            return None
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            self.problem(f, key, where, f"{value!r} is not a date like 2027-03-31")
            return None


def _is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null")


def _limits(spec: Value) -> tuple[float, float]:
    assert spec.lo is not None, spec
    assert spec.hi is not None, spec
    return spec.lo, spec.hi


def _join(where: str, key: str) -> str:
    if not where:
        return key
    return f"{where}{key}" if key.startswith("[") else f"{where}.{key}"


def _unknown(key: str, allowed: Sequence[str]) -> str:
    close = difflib.get_close_matches(key, allowed, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else f"; expected one of {', '.join(allowed)}"
    return f"unknown key {key!r}{hint}"
