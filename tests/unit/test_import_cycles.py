"""No import cycle anywhere in the library: every import counts, also one inside a function
(a lazy import must not hide a cycle) or under ``TYPE_CHECKING``; importing ``a.b.c`` imports
its packages ``a.b`` and ``a`` first, so they count too."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

SRC = Path(__file__).parents[2] / "src"
PACKAGE = "sesam_accept"


def _module_name(path: Path, src: Path) -> str:
    parts = list(path.relative_to(src).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imported(node: ast.AST, module: str, is_package: bool) -> Iterator[tuple[str, str]]:
    """What an import statement names, as (module, else): ``from x import y`` names ``x.y``
    when that is a module, else ``x``."""
    if isinstance(node, ast.Import):
        yield from ((alias.name, alias.name) for alias in node.names)
    elif isinstance(node, ast.ImportFrom):
        base = module if is_package else module.rpartition(".")[0]
        for _ in range(node.level - 1):
            base = base.rpartition(".")[0]
        target = f"{base}.{node.module or ''}".strip(".") if node.level else str(node.module)
        yield from ((f"{target}.{alias.name}", target) for alias in node.names)


def _with_parents(name: str) -> Iterator[str]:
    parts = name.split(".")
    yield from (".".join(parts[:n]) for n in range(1, len(parts) + 1))


def import_graph(src: Path = SRC) -> dict[str, set[str]]:
    """Module -> the library modules it imports, with their parent packages (a module's own
    parent packages only when it imports a name of theirs, not a sibling module)."""
    files = {_module_name(p, src): p for p in (src / PACKAGE).rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for module, path in files.items():
        own = set(_with_parents(module))
        edges: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            for name, other in _imported(node, module, path.name == "__init__.py"):
                named = name if name in files else other
                edges.add(named)
                edges.update(n for n in _with_parents(named) if n not in own)
        graph[module] = {e for e in edges if e in files and e != module}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of ``graph`` as a path of modules, or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (found := visit(start)):
            return found
    return None


def test_the_library_has_no_import_cycle() -> None:
    cycle = find_cycle(import_graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle or ())


def test_the_cycle_finder_sees_a_cycle_and_a_package_parent() -> None:
    assert find_cycle({"a": {"b"}, "b": {"a"}}) == ["a", "b", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None
    graph = import_graph()
    assert "sesam_accept.judge" in graph["sesam_accept.engine"]  # a real edge is seen
    assert graph["sesam_accept.judge.methods"] >= {"sesam_accept.judge.rules"}


def test_the_old_lazy_import_cycle_would_be_found(tmp_path: Path) -> None:
    """judge -> judge_rules (imported inside a function) -> judge: the cycle issue 14 removed."""
    package = tmp_path / PACKAGE
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "judge.py").write_text("def judge():\n    from . import judge_rules\n")
    (package / "judge_rules.py").write_text("from .judge import judge\n")
    cycle = find_cycle(import_graph(tmp_path))
    assert cycle is not None and set(cycle) == {"sesam_accept.judge", "sesam_accept.judge_rules"}
