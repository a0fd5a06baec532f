"""The plan, printed for a person (a table) or for a machine (JSON)."""

from __future__ import annotations

from typing import Any

from .checks import Check
from .plan import Plan


def plan_json(plan: Plan) -> dict[str, Any]:
    """The plan of one host as JSON-ready data."""
    return {
        "host": plan.source.name,
        "addresses": list(plan.source.addresses),
        "checks": [_check(c) for c in plan.checks],
        "elsewhere": [_check(c) for c in plan.elsewhere],
        "not_applicable": [{"id": na.id, "reason": na.text("en")} for na in plan.not_applicable],
    }


def _check(check: Check) -> dict[str, Any]:
    return {
        "id": check.id,
        "requirement": check.requirement,
        "source": check.source,
        "target": check.target,
        "address": check.address,
        "port": check.port,
        "protocol": check.protocol,
        "method": check.method,
        "upgrade_to": check.upgrade_to,
    }


def plan_table(plan: Plan) -> str:
    """The plan of one host as an aligned text table."""
    rows = [("REQUIREMENT", "FROM", "TO", "ADDRESS", "PORT/PROTO", "METHOD")]
    rows += [
        (
            c.requirement,
            c.source,
            c.target,
            c.address or "-",
            f"{c.port}/{c.protocol}" if c.port else c.protocol,
            c.method + (f" (readiness for {c.upgrade_to})" if c.upgrade_to else ""),
        )
        for c in plan.checks
    ]
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    anywhere = sum(1 for c in plan.checks if c.portable)
    lines = [
        f"Plan of {plan.source.name} ({', '.join(plan.source.addresses)}): "
        f"{len(plan.checks)} checks here: {len(plan.checks) - anywhere} only this host can run + "
        f"{anywhere} any host can run (CommParam.ini copies, manual confirmations)"
    ]
    lines += [
        "  " + "  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip() for r in rows
    ]
    elsewhere: dict[str, int] = {}
    for check in plan.elsewhere:
        elsewhere[check.source] = elsewhere.get(check.source, 0) + 1
    if elsewhere:
        lines.append(
            "Only the other hosts can run: "
            + ", ".join(f"{host} ({n} checks)" for host, n in sorted(elsewhere.items()))
        )
    for na in plan.not_applicable:
        lines.append(f"Not applicable: {na.id}: {na.text('en')}")
    return "\n".join(lines)
