"""Which requirement IDs the acceptance tests in a suites folder name (read from the source)."""

from __future__ import annotations

import ast
from pathlib import Path

from sesam_accept.catalog import CATALOG


def marked_ids(suites: Path) -> dict[str, list[str]]:
    """Requirement ID -> the tests (file::function) whose ``requirement`` marker names it."""
    found: dict[str, list[str]] = {}
    for path in sorted(suites.glob("test_*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test_"):
                for req in _requirements(node):
                    found.setdefault(req, []).append(f"{path.name}::{node.name}")
    return found


def _requirements(func: ast.FunctionDef) -> list[str]:
    ids = []
    for deco in func.decorator_list:
        if (
            isinstance(deco, ast.Call)
            and isinstance(deco.func, ast.Attribute)
            and deco.func.attr == "requirement"
            and deco.args
            and isinstance(deco.args[0], ast.Constant)
        ):
            ids.append(str(deco.args[0].value))
    return ids


def coverage_problems(suites: Path) -> list[str]:
    """Catalog IDs without a test, and tests naming an ID the catalog lacks."""
    marked = marked_ids(suites)
    problems = [f"{req}: no acceptance test in {suites}" for req in CATALOG if req not in marked]
    problems += [
        f"{', '.join(tests)}: unknown requirement {req!r}"
        for req, tests in marked.items()
        if req not in CATALOG
    ]
    return problems
