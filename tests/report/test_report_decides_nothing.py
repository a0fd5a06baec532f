"""The report shows verdicts, it never decides one: no module under ``report/`` writes a check
verdict of its own into a result. Merging takes each check's verdict from a run, or from the
judge's own rule (``RPC-INI`` across hosts); rolling up to requirement and overall verdicts
(``rollup``) is the report's part and makes no check verdict.

The guard reads the source: a ``CheckResult(...)`` or ``replace(...)`` whose verdict is a
``Verdict`` member written in the report (directly, or through a name the same function set
from one) is a verdict the report chose. The detector is shown to catch the form merge used
before it asked the judge."""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

from report_factory import make_run

import sesam_accept.report
from sesam_accept.checks import Method
from sesam_accept.judge import rpc_ini_verdict
from sesam_accept.report import merge_records
from sesam_accept.results import RunRecord, Verdict

REPORT = Path(sesam_accept.report.__file__).parent

#: How merge.py re-decided RPC-INI before it called the judge's rule (issue 14).
RESTATED_RULE = """
def _consistency(kept, ports):
    if len(set(ports.values())) > 1:
        verdict, message = Verdict.FAIL, f"CommParam.ini RPC ports differ: {ports}"
    else:
        return kept
    return dataclasses.replace(kept, verdict=verdict, message=message)
"""


def _is_member(node: ast.AST) -> bool:
    """``Verdict.X`` written out."""
    return (
        isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == "Verdict"
    )


def _mentions_member(node: ast.AST) -> bool:
    return any(_is_member(n) for n in ast.walk(node))


def _pairs(target: ast.AST, value: ast.AST) -> list[tuple[ast.AST, ast.AST]]:
    """Each assigned name with the part of the value it gets (all of it when not a tuple)."""
    if (
        isinstance(target, ast.Tuple)
        and isinstance(value, ast.Tuple)
        and len(target.elts) == len(value.elts)
    ):
        return [p for t, v in zip(target.elts, value.elts, strict=True) for p in _pairs(t, v)]
    if isinstance(target, ast.Tuple):
        return [(t, value) for t in target.elts]
    return [(target, value)]


def _chosen_names(scope: ast.AST) -> set[str]:
    """Names a scope sets from an expression that writes a ``Verdict`` member."""
    names = set()
    for node in ast.walk(scope):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                for name, value in _pairs(target, node.value):
                    if isinstance(name, ast.Name) and _mentions_member(value):
                        names.add(name.id)
    return names


def _verdict_arguments(call: ast.Call) -> list[ast.AST]:
    """What a result-building call sets the verdict to (CheckResult's second argument)."""
    func = call.func
    name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
    if name not in ("CheckResult", "replace"):
        return []
    given = [k.value for k in call.keywords if k.arg == "verdict"]
    return given + (call.args[1:2] if name == "CheckResult" else [])


def chosen_verdicts(source: str, where: str) -> list[str]:
    """Every place in ``source`` where a result gets a verdict the code itself chose."""
    tree = ast.parse(source)
    found = []
    for scope in [tree, *(n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef))]:
        chosen = _chosen_names(scope)
        for call in (n for n in ast.walk(scope) if isinstance(n, ast.Call)):
            for arg in _verdict_arguments(call):
                if _mentions_member(arg) or (isinstance(arg, ast.Name) and arg.id in chosen):
                    found.append(f"{where}:{call.lineno}")
    return sorted(set(found))


def test_the_guard_catches_a_restated_rule() -> None:
    assert chosen_verdicts(RESTATED_RULE, "old merge.py") == ["old merge.py:7"]
    direct = "def f(check):\n    return CheckResult(check, Verdict.PASS, 'fine')\n"
    assert chosen_verdicts(direct, "x.py") == ["x.py:2"]
    carried = "def f(kept, old):\n    return replace(kept, verdict=old.verdict)\n"
    assert chosen_verdicts(carried, "x.py") == []


def test_no_report_module_chooses_a_check_verdict() -> None:
    modules = sorted(REPORT.glob("*.py"))
    assert {"merge.py", "inventory.py", "rollup.py"} <= {m.name for m in modules}
    found = [
        place
        for module in modules
        for place in chosen_verdicts(module.read_text(encoding="utf-8"), module.name)
    ]
    assert found == []


def test_merged_rpc_ini_is_the_judges_rule_in_the_records_language() -> None:
    comm, ws = make_run("SRV-COMM"), make_run("WS-01")
    results = tuple(
        dataclasses.replace(r, facts=r.facts | {"port": 41900})
        if r.check.method == Method.COMMPARAM and r.check.source == "WS-01"
        else r
        for r in ws.results
    )
    merged: RunRecord = merge_records([comm, dataclasses.replace(ws, results=results)])
    check = next(r for r in merged.results if r.check.target == "all")
    ports = {"SRV-COMM": 41801, "WS-01": 41900}
    assert merged.info.language == "de"
    judged = rpc_ini_verdict(ports, 41801, list(ports), "(site)", "de")
    assert (check.verdict, check.message) == judged
    assert check.verdict is Verdict.FAIL and "abweichend: WS-01" in check.message
    assert check.evidence  # the reads it rests on
