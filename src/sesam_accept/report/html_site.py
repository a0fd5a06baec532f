"""The report's site tables: ISENet inventory, CommParam.ini, manual checks and waivers, diff."""

from __future__ import annotations

from typing import Any

from ..results import RunRecord
from .diff import Diff, diff_warnings
from .html_checks import is_manual, large_site, verdict_badge
from .inventory import Inventory, InventoryRow, build_inventory
from .markup import Cell, Raw, anchor, esc, link, section, table


def _pair(row: InventoryRow, field: str, t: dict[str, str]) -> Raw:
    """Found value; when it differs, flagged with the expected one."""
    found = (row.found or {}).get(field)
    expected = row.expected.get(field)
    if field in row.mismatches:
        return Raw(
            f'<span class="bad">{esc(found)}</span>'
            f'<div class="small">{esc(t["inv.expected"])}: {esc(expected)}</div>'
        )
    if row.found is None and expected:  # nothing answered: show the site file's value as such
        return Raw(f'<span class="small">{esc(t["inv.expected"])}: {esc(expected)}</span>')
    return Raw(esc(found if found not in (None, "") else expected or ""))


def _status(row: InventoryRow, t: dict[str, str]) -> Raw:
    if row.status == "mismatch":
        text = t["inv.mismatch"].format(fields=", ".join(row.mismatches))
    else:
        text = t[f"inv.{row.status}"]
    css = "" if row.status in ("ok", "not_checked") else ' class="bad"'
    return Raw(f"<span{css}>{esc(text)}</span>")


def _searched(value: bool | None, t: dict[str, str], applies: bool = True) -> Raw:
    if not applies:
        return Raw(esc(t["search_na"]))
    if value is None:
        return Raw("")
    return Raw(esc(t["yes"]) if value else f'<span class="bad">{esc(t["no"])}</span>')


def _inventory_rows(inv: Inventory, t: dict[str, str]) -> str:
    body = [
        (
            Raw(f"{esc(r.name)}<div>{link(r.check_id).html}</div>"),
            r.address,
            _pair(r, "mac", t),
            _pair(r, "serial", t),
            _pair(r, "firmware", t),
            (r.found or {}).get("device_type"),
            (r.found or {}).get("rtt_ms"),
            _searched(r.found_by_search, t, r.search_applies),
            _status(r, t),
        )
        for r in inv.rows
    ]
    attrs = ['class="bad"' if r.status in ("missing", "mismatch") else "" for r in inv.rows]
    headers = (
        "c.name",
        "c.address",
        "c.mac",
        "c.serial",
        "c.firmware",
        "c.device",
        "c.rtt",
        "c.search",
        "c.status",
    )
    return table([t[h] for h in headers], body, row_attrs=attrs)


def _devices(devices: tuple[dict[str, Any], ...], t: dict[str, str]) -> str:
    keys = ("address", "mac", "serial", "firmware", "device_type")
    headers = [t[h] for h in ("c.address", "c.mac", "c.serial", "c.firmware", "c.device")]
    rows: list[list[Cell]] = [[str(d.get(k, "")) for k in keys] for d in devices]
    return table(headers, rows, row_attrs=['class="bad"'] * len(rows))


def _duplicates(duplicates: tuple[dict[str, Any], ...], t: dict[str, str]) -> str:
    rows: list[list[Cell]] = [
        [str(d.get("address", "")), ", ".join(str(m) for m in d.get("macs") or [])]
        for d in duplicates
    ]
    return table([t["c.address"], t["c.macs"]], rows, row_attrs=['class="bad"'] * len(rows))


def inventory_section(record: RunRecord, t: dict[str, str]) -> str:
    """Expected vs found ISENets; missing, unexpected, duplicate and differing ones flagged."""
    inv = build_inventory(record)
    if inv.empty:
        return section("inventory", t["h.inventory"], f"<p>{esc(t['inventory.none'])}</p>")
    parts = [_inventory_rows(inv, t)]
    if inv.unexpected:
        parts.append(f"<h3>{esc(t['h.unexpected'])}</h3>{_devices(inv.unexpected, t)}")
    if inv.duplicates:
        parts.append(f"<h3>{esc(t['h.duplicates'])}</h3>{_duplicates(inv.duplicates, t)}")
    return section("inventory", t["h.inventory"], "".join(parts))


def commparam_section(record: RunRecord, t: dict[str, str]) -> str:
    """Host → CommParam.ini → RPC port and encoding, plus the site-wide consistency verdict."""
    results = [r for r in record.results if r.check.requirement == "RPC-INI"]
    if not results:
        return section("commparam", t["h.commparam"], f"<p>{esc(t['commparam.none'])}</p>")
    rows: list[list[Cell]] = []
    for r in results:
        f = r.facts
        key = "/".join(str(f[k]) for k in ("section", "key") if f.get(k))
        if r.check.target == "all":
            ports = f.get("ports") if isinstance(f.get("ports"), dict) else {}
            listing = ", ".join(f"{h}={p}" for h, p in (ports or {}).items())
            rows.append(
                [
                    Raw("<em>∑</em>"),
                    r.message,
                    listing,
                    "",
                    "",
                    link(r.check.id),
                    verdict_badge(r.verdict.value, t),
                ]
            )
            continue
        rows.append(
            [
                r.check.target,
                Raw(f"<code>{esc(f.get('path', ''))}</code>"),
                f.get("port"),
                f.get("encoding"),
                key,
                link(r.check.id),
                verdict_badge(r.verdict.value, t),
            ]
        )
    headers = [
        t[h] for h in ("c.host", "c.file", "c.port", "c.encoding", "c.key", "c.check", "c.verdict")
    ]
    return section("commparam", t["h.commparam"], table(headers, rows))


def manual_section(record: RunRecord, t: dict[str, str]) -> str:
    """Manual confirmations (who, when) and every waiver (reason, approver, expiry)."""
    manual = [r for r in record.results if is_manual(r)]
    waived = [r for r in record.results if r.waiver is not None]
    parts = []
    if manual:
        # On a large site the path matrix leaves manual checks to this table: their rows here
        # carry the checks' anchors.
        here = large_site(len(record.results))
        rows: list[list[Cell]] = [
            [
                Raw(f"<code>{esc(r.check.id)}</code>") if here else link(r.check.id),
                verdict_badge(r.verdict.value, t),
                r.message,
            ]
            for r in manual
        ]
        attrs = [f'id="{anchor(r.check.id)}"' for r in manual] if here else None
        parts.append(table([t["c.check"], t["c.verdict"], t["c.message"]], rows, row_attrs=attrs))
    if waived:
        wrows: list[list[Cell]] = [
            [
                link(r.check.id),
                verdict_badge(r.verdict.value, t),
                w.reason,
                w.approved_by,
                w.expires.isoformat(),
                r.message,
            ]
            for r in waived
            if (w := r.waiver) is not None
        ]
        headers = [
            t[h]
            for h in ("c.check", "c.verdict", "c.reason", "c.approved", "c.expires", "c.message")
        ]
        parts.append(table(headers, wrows))
    body = "".join(parts) or f"<p>{esc(t['manual.none'])}</p>"
    return section("manual", t["h.manual"], body)


def diff_section(diff: Diff, t: dict[str, str], language: str) -> str:
    """The baseline comparison: warnings, then every change, worst first."""
    head = f"<p>{esc(t['diff.baseline'].format(host=diff.old.host, started=diff.old.started))}</p>"
    warnings = "".join(f'<p class="warn">{esc(w)}</p>' for w in diff_warnings(diff, language))
    if not diff.changes:
        return section("diff", t["h.diff"], head + warnings + f"<p>{esc(t['diff.none'])}</p>")
    rows: list[list[Cell]] = [
        [
            Raw(
                f'<span class="{"bad" if c.kind == "regression" else ""}">'
                f"{esc(t['diff.' + c.kind])}</span>"
            ),
            Raw(f"<code>{esc(c.check_id)}</code>"),
            verdict_badge(c.old.value, t) if c.old else "—",
            verdict_badge(c.new.value, t) if c.new else "—",
            c.message,
        ]
        for c in diff.changes
    ]
    attrs = ['class="bad"' if c.kind == "regression" else "" for c in diff.changes]
    headers = [t[h] for h in ("c.change", "c.check", "c.old", "c.new", "c.message")]
    return section("diff", t["h.diff"], head + warnings + table(headers, rows, row_attrs=attrs))
