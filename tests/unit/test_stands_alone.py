"""A checkout placed anywhere runs its tests, scripts and benchmark: nothing reads outside it."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).parents[2]
#: Where code that runs from a checkout lives (src/ is covered by the wheel's own tests).
CODE = ("tests", "scripts", "bench", ".ci", "suites", "fixtures", "conftest.py", "src")
#: Ways a path leaves the checkout: the team's folder beside it, or a parent of the root.
_ESCAPES = (
    re.compile(r"\.\./"),
    re.compile(r"/work/"),
    re.compile(r"""["']shared["']"""),
    re.compile(r"\bROOT\.parent\b"),
)
_PARENTS = re.compile(r"parents\[(\d+)\]")


def _code_files() -> list[Path]:
    files: list[Path] = []
    for name in CODE:
        top = ROOT / name
        candidates = [top] if top.is_file() else sorted(top.rglob("*"))
        files += [f for f in candidates if f.is_file() and _is_code(f)]
    files.remove(Path(__file__))  # its patterns name what they look for
    return files


def _is_code(path: Path) -> bool:
    return path.suffix == ".py" or (path.suffix == "" and path.read_bytes()[:2] == b"#!")


def escapes(path: Path, root: Path = ROOT) -> list[str]:
    """Each line of ``path`` that names a file outside ``root``, as "path:line: text"."""
    depth = len(path.relative_to(root).parts) - 1  # parents[depth] of the file is the root
    found = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        too_far = any(int(n) > depth for n in _PARENTS.findall(line))
        if too_far or any(p.search(line) for p in _ESCAPES):
            found.append(f"{path.relative_to(root)}:{number}: {line.strip()}")
    return found


def test_no_test_script_or_benchmark_reads_outside_the_checkout():
    files = _code_files()
    assert len(files) > 50, files  # the walk found the tree
    assert [e for f in files for e in escapes(f)] == []


def test_an_escape_is_found_and_the_root_is_not_one(tmp_path):
    escaping = ['REQ = ROOT.parent / "shared" / "requirements.md"', "UP = HERE.parents[3]"]
    staying = ["ROOT = Path(__file__).parents[2]", "SCHEMA = ROOT / 'site_configs'"]
    module = tmp_path / "tests" / "unit" / "test_x.py"
    module.parent.mkdir(parents=True)
    module.write_text("\n".join(escaping + staying) + "\n", encoding="utf-8")
    assert [e.split(": ", 1)[1] for e in escapes(module, tmp_path)] == escaping
